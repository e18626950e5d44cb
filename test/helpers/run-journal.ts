// Runs one journal file the way ingest does up to the records: sniff its head, cut it with the chosen format
// (bytes when the format reads bytes, lines otherwise), and resolve every record's instant with a ClockBook.

import { readFileSync } from 'node:fs';
import { parseLogrus } from '../../src/components/logrus.js';
import type { LogRecord } from '../../src/events/types.js';
import type { EventDraft, Format, FormatContext, MetaFact } from '../../src/formats/types.js';
import { HEAD_BYTES, headFromBytes, sniff } from '../../src/sniff/sniff.js';
import { ClockBook, type Assumption, type ClockOverrides } from '../../src/time/clock.js';
import { KlogStitcher } from '../../src/timeline/stitch.js';
import { feedLines } from './cut-lines.js';

export interface TimedRecord extends LogRecord {
  /** Resolved UTC instant in µs, or null (timeless). */
  time: number | null;
}

export interface JournalRun {
  format: Format | null;
  why: string;
  records: TimedRecord[];
  events: EventDraft[];
  meta: MetaFact[];
  notes: string[];
  unparsed: { line: number; reason: string; text: string }[];
  counters: { lines: number; records: number; skipped: number; unparsed: number };
  assumptions: Assumption[];
}

export interface RunJournalOptions extends Partial<ClockOverrides> {
  /** Display path (the file name is a hint for some formats); defaults to `bundle/<base name>`. */
  path?: string;
  /** Stitch klog `=<` … ` >` blocks as the pipeline does before components see records. */
  stitch?: boolean;
  /** mtime of the file in µs (the weakest year source); null by default. */
  mtimeUs?: number | null;
}

/** Feed `bytes` to a format the way ingest does: byte parser when it has one, else lines cut by ingest's line cutter. */
export function feed(format: Format, ctx: FormatContext, bytes: Buffer, chunkSize = 64 * 1024): number {
  let lines = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) lines++;
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) lines++;
  if (format.openBytes) {
    const p = format.openBytes(ctx);
    for (let off = 0; off < bytes.length; off += chunkSize) p.write(bytes.subarray(off, off + chunkSize));
    p.end();
    return lines;
  }
  const p = format.open(ctx);
  feedLines(p, bytes, { chunk: chunkSize });
  p.end();
  return lines;
}

/** Sniff + format + clock for one file (or its bytes), like ingest for a bundle holding only this file. */
export function runJournal(file: string | Buffer, opts: RunJournalOptions = {}): JournalRun {
  const bytes = typeof file === 'string' ? readFileSync(file) : file;
  const display = opts.path ?? (typeof file === 'string' ? `bundle/${file.split('/').pop()}` : 'bundle/input');
  const root = display.includes('/') ? display.slice(0, display.indexOf('/')) : display;
  const run: JournalRun = { format: null, why: '', records: [], events: [], meta: [], notes: [], unparsed: [], counters: { lines: 0, records: 0, skipped: 0, unparsed: 0 }, assumptions: [] };
  const head = headFromBytes(bytes.subarray(0, HEAD_BYTES), display, bytes.length > HEAD_BYTES);
  const picked = sniff(head, bytes.subarray(0, HEAD_BYTES));
  run.why = picked.why;
  if (!picked.format) return run;
  run.format = picked.format;

  const clock = new ClockBook({ tz: opts.tz ?? null, year: opts.year ?? null }, () => root);
  clock.file(display, root, opts.mtimeUs ?? null);
  const cut: LogRecord[] = [];
  const ctx: FormatContext = {
    path: display,
    record: (r) => {
      run.counters.records++;
      cut.push(r);
    },
    event: (e) => run.events.push(e),
    meta: (m) => run.meta.push(m),
    unparsed: (line, reason, text) => {
      run.counters.unparsed++;
      run.unparsed.push({ line, reason, text });
    },
    skipped: () => {
      run.counters.skipped++;
    },
    note: (n) => {
      if (!run.notes.includes(n)) run.notes.push(n);
    },
  };
  run.counters.lines = feed(picked.format, ctx, bytes);

  let records = cut;
  if (opts.stitch) {
    records = [];
    const stitcher = new KlogStitcher((r) => records.push(r));
    for (const r of cut) stitcher.push({ ...r });
    stitcher.end();
  }
  // The clock evidence ingest collects from records: their stamps, and logrus time= next to the journal's wall clock.
  for (const r of records) {
    if (r.stamp) clock.stamp(display, r.stamp);
    if (r.message.includes('time="')) {
      const l = parseLogrus(r.message);
      if (l?.time && l.time.offsetMin !== null) {
        clock.daemonOffset(root, l.time.offsetMin, `${r.source.path}:${r.source.line} time="${l.timeText}"`);
        if (r.stamp) clock.hint(display, r.stamp, l.time, `${r.source.path}:${r.source.line}`);
      }
    }
  }
  clock.resolve();
  run.assumptions = clock.assumptions;
  run.records = records.map((r) => ({ ...r, time: clock.instant(r.stamp, r.absUs, r.domain, display) }));
  return run;
}
