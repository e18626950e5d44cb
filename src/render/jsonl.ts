// The timeline as JSON Lines in Timesketch's import columns: one object per timed event, in timeline order.

import type { PmEvent } from '../events/types.js';
import { eachTimesketchRow } from './_timesketch.js';

/** Render timeline events as Timesketch JSONL (events without a time are left out; see `timeless()`). */
export function renderJsonl(events: readonly PmEvent[]): string {
  return [...jsonlPieces(events)].join('');
}

/**
 * Rows joined at a time in the pieces: a piece a row would be ~170,000 pieces for ten sos nodes, and a piece over
 * 128 KB (V8's largest young object; a row is ~750 bytes) is a large object, kept to the next full collection.
 */
export const ROWS_PER_PIECE = 128;

/**
 * The same text as renderJsonl, ROWS_PER_PIECE lines at a time: ten sos nodes' timeline is ~100 MB of JSONL, and
 * its rows, their lines and the joined text held at once were several times that (analyze -o writes the pieces).
 */
export function* jsonlPieces(events: readonly PmEvent[]): Generator<string> {
  let lines: string[] = [];
  for (const r of eachTimesketchRow(events)) {
    lines.push(JSON.stringify(r) + '\n');
    if (lines.length === ROWS_PER_PIECE) {
      yield lines.join('');
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join('');
}
