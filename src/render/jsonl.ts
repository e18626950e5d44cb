// The timeline as JSON Lines in Timesketch's import columns: one object per timed event, in timeline order.

import type { PmEvent } from '../events/types.js';
import { timesketchRows } from './_timesketch.js';

/** Render timeline events as Timesketch JSONL (events without a time are left out; see `timeless()`). */
export function renderJsonl(events: readonly PmEvent[]): string {
  return timesketchRows(events)
    .map((r) => JSON.stringify(r) + '\n')
    .join('');
}
