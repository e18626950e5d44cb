// Runs one format over text (pure: no files) and returns records, events and every counter.

import type { LogRecord } from '../../src/events/types.js';
import type { EventDraft, Format, FormatContext, MetaFact, QuietRecords } from '../../src/formats/types.js';
import { feedLines } from './cut-lines.js';

export interface FormatRun {
  records: LogRecord[];
  events: EventDraft[];
  meta: MetaFact[];
  notes: string[];
  unparsed: { line: number; reason: string; text: string }[];
  counters: { lines: number; records: number; events: number; skipped: number; unparsed: number };
}

/** Feed `text` line by line through `format` at display path `path`, cut by ingest's own line cutter. */
export function runFormat(format: Format, text: string, path = 'bundle/input', quiet?: QuietRecords): FormatRun {
  const run: FormatRun = { records: [], events: [], meta: [], notes: [], unparsed: [], counters: { lines: 0, records: 0, events: 0, skipped: 0, unparsed: 0 } };
  const ctx: FormatContext = {
    path,
    record: (r) => {
      run.records.push(r);
      run.counters.records++;
    },
    event: (e) => {
      run.events.push(e);
      run.counters.events++;
    },
    meta: (m) => run.meta.push(m),
    unparsed: (line, reason, t) => {
      run.unparsed.push({ line, reason, text: t });
      run.counters.unparsed++;
    },
    skipped: () => {
      run.counters.skipped++;
    },
    note: (n) => run.notes.push(n),
    quiet,
  };
  const parser = format.open(ctx);
  run.counters.lines = feedLines(parser, text);
  parser.end();
  return run;
}

/**
 * runFormat with the journal fast path on and nothing downstream reading any record: every record the fast path
 * takes is counted (records) without being built; those it hands back are built as usual.
 */
export function runFormatQuiet(format: Format, text: string, path = 'bundle/input'): FormatRun {
  let taken = 0;
  const quiet: QuietRecords = { need: () => 0, needJson: () => 0, takeJson: () => void taken++, take: () => void taken++, timeAt: -1, timeOnce: false };
  const run = runFormat(format, text, path, quiet);
  run.counters.records += taken;
  return run;
}

/** Feed `bytes` in 64 KiB chunks through a format's byte parser (openBytes) at display path `path`. */
export function runBytesFormat(format: Format, bytes: Buffer, path = 'bundle/input'): FormatRun {
  const run: FormatRun = { records: [], events: [], meta: [], notes: [], unparsed: [], counters: { lines: 0, records: 0, events: 0, skipped: 0, unparsed: 0 } };
  const ctx: FormatContext = {
    path,
    record: (r) => (run.records.push(r), run.counters.records++),
    event: (e) => (run.events.push(e), run.counters.events++),
    meta: (m) => run.meta.push(m),
    unparsed: (line, reason, t) => (run.unparsed.push({ line, reason, text: t }), run.counters.unparsed++),
    skipped: () => run.counters.skipped++,
    note: (n) => run.notes.push(n),
  };
  const parser = format.openBytes!(ctx);
  for (let i = 0; i < bytes.length; i += 65536) parser.write(Buffer.from(bytes.subarray(i, i + 65536)));
  parser.end();
  run.counters.lines = parser.units?.() ?? 0;
  return run;
}

/** The Head a detector sees for a text at a path. */
export function headOf(text: string, path = 'bundle/input'): { path: string; text: string; lines: string[] } {
  const lines = text.split('\n').slice(0, 64);
  if (lines[lines.length - 1] === '') lines.pop();
  return { path, text: lines.join('\n'), lines };
}
