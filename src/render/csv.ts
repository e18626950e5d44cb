// The timeline as CSV (RFC 4180) with the same rows and columns as the JSONL export, for Timesketch or OpenSearch.

import type { PmEvent } from '../events/types.js';
import { COLUMNS, timesketchRows, type Row } from './_timesketch.js';

/** One field: null empty, lists and objects as JSON; quoted when it holds a comma, quote, CR or LF, quotes doubled (RFC 4180 §2.6-2.7). */
export function csvField(v: Row[keyof Row] | undefined): string {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Render timeline events as CSV: a header line, then one record per timed event, CRLF line ends. */
export function renderCsv(events: readonly PmEvent[]): string {
  return [COLUMNS.join(','), ...timesketchRows(events).map((r) => COLUMNS.map((c) => csvField(r[c])).join(','))].map((l) => l + '\r\n').join('');
}
