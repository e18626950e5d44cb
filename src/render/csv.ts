// The timeline as CSV (RFC 4180) with the same rows and columns as the JSONL export, for Timesketch or OpenSearch.

import type { PmEvent } from '../events/types.js';
import { COLUMNS, eachTimesketchRow, type Row } from './_timesketch.js';
import { ROWS_PER_PIECE } from './jsonl.js';

/** One field: null empty, lists and objects as JSON; quoted when it holds a comma, quote, CR or LF, quotes doubled (RFC 4180 §2.6-2.7). */
export function csvField(v: Row[keyof Row] | undefined): string {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Render timeline events as CSV: a header line, then one record per timed event, CRLF line ends. */
export function renderCsv(events: readonly PmEvent[]): string {
  return [...csvPieces(events)].join('');
}

/** The same text as renderCsv, the header then ROWS_PER_PIECE records at a time (see jsonlPieces). */
export function* csvPieces(events: readonly PmEvent[]): Generator<string> {
  yield COLUMNS.join(',') + '\r\n';
  let lines: string[] = [];
  for (const r of eachTimesketchRow(events)) {
    lines.push(COLUMNS.map((c) => csvField(r[c])).join(',') + '\r\n');
    if (lines.length === ROWS_PER_PIECE) {
      yield lines.join('');
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join('');
}
