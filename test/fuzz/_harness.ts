// Property-test plumbing: run counts, a format runner that keeps every counter's line, and the accounting invariant.
//
// Accounting (what "no line lost" means for every format): each line 1..N of the input is claimed by exactly
// one counter call — a record (its source.line), skipped(line) or unparsed(line) — or, when no counter claims
// it, by at least one event or meta fact the format drew from that line (a DNAT jump, a hostname, a lease).
// So `lines === records + skipped + unparsed + (lines that only produced events or meta)`, no counter names a
// line twice or a line outside 1..N, and every event and record cites a line of the input.

import fc from 'fast-check';
import { expect } from 'vitest';
import type { LogRecord } from '../../src/events/types.js';
import { EVENT_KINDS } from '../../src/events/vocabulary.js';
import { ingest } from '../../src/ingest.js';
import { feedLines } from '../helpers/cut-lines.js';
import type { EventDraft, Format, FormatContext, MetaFact } from '../../src/formats/types.js';

/** Runs per property: `npm run fuzz` sets FUZZ_RUNS=10000; `npm test` keeps the default, a few hundred. */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** fast-check parameters for one property; a seed from FUZZ_SEED replays a failure. */
export function params(runs = RUNS): fc.Parameters<unknown> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  return { numRuns: runs, ...(seed !== undefined ? { seed } : {}), endOnFailure: true };
}

/** Test timeout that grows with the run count (10,000 runs of a file property take a while). */
export const TIMEOUT = Math.max(60_000, RUNS * 60);

export interface Run {
  records: LogRecord[];
  events: EventDraft[];
  meta: { fact: MetaFact; line: number }[];
  notes: string[];
  skipped: { line: number; reason: string }[];
  unparsed: { line: number; reason: string; text: string }[];
  lines: number;
}

function context(format: Format, path: string, run: Run): FormatContext {
  return {
    path,
    record: (r) => run.records.push(r),
    event: (e) => run.events.push(e),
    meta: (fact, line) => run.meta.push({ fact, line }),
    unparsed: (line, reason, text) => run.unparsed.push({ line, reason, text }),
    skipped: (line, reason) => run.skipped.push({ line, reason }),
    note: (n) => run.notes.push(n),
  };
}

function empty(): Run {
  return { records: [], events: [], meta: [], notes: [], skipped: [], unparsed: [], lines: 0 };
}

/** Feed `text` as ingest does without a fast path: cut by ingest's line cutter (no empty last line after a final newline). */
export function runLines(format: Format, text: string, path = 'bundle/input'): Run {
  const run = empty();
  const parser = format.open(context(format, path, run));
  run.lines = feedLines(parser, text);
  parser.end();
  return run;
}

/** Feed raw bytes in the given chunks to a format's byte parser; lines counted as ingest counts them. */
export function runBytes(format: Format, chunks: Buffer[], path = 'bundle/input'): Run {
  const run = empty();
  const parser = format.openBytes!(context(format, path, run));
  let last = 0x0a;
  for (const c of chunks) {
    for (let i = c.indexOf(0x0a); i !== -1; i = c.indexOf(0x0a, i + 1)) run.lines++;
    if (c.length > 0) last = c[c.length - 1]!;
    parser.write(c);
  }
  if (last !== 0x0a) run.lines++;
  parser.end();
  // As ingest does: a parser that counts its own units (journal file entries) gives the line count.
  if (parser.units) run.lines = parser.units();
  return run;
}

/** Cut a buffer into chunks at the given fractions (0..1), so values straddle chunk ends. */
export function chunked(buf: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => Math.floor(c * buf.length)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const a of at) {
    out.push(buf.subarray(from, a));
    from = a;
  }
  out.push(buf.subarray(from));
  return out;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Why the run breaks the accounting invariant, or null when it holds (message kept short for shrinking). */
export function accountingError(run: Run): string | null {
  // No line at all (ingest never opens an empty file): a file-level fact or "empty file" may cite line 1.
  if (run.lines === 0) {
    const lines = [...run.records.map((r) => r.source.line), ...run.skipped.map((s) => s.line), ...run.unparsed.map((u) => u.line), ...run.events.map((e) => e.source.line), ...run.meta.map((m) => m.line)];
    return lines.some((l) => l !== 1) || run.records.length + run.skipped.length + run.unparsed.length > 1 ? `no line, yet ${lines.length} counts or citations` : null;
  }
  const claims = new Map<number, string[]>();
  const claim = (line: number, what: string): void => {
    const l = claims.get(line) ?? [];
    l.push(what);
    claims.set(line, l);
  };
  for (const r of run.records) claim(r.source.line, 'record');
  for (const s of run.skipped) claim(s.line, `skipped(${s.reason})`);
  for (const u of run.unparsed) claim(u.line, `unparsed(${u.reason})`);
  const cited = new Set<number>([...run.events.map((e) => e.source.line), ...run.meta.map((m) => m.line)]);
  for (const [line, what] of claims) {
    if (!Number.isInteger(line) || line < 1 || line > run.lines) return `line ${line} of ${run.lines} claimed by ${what.join(', ')}`;
    if (what.length > 1) return `line ${line} claimed ${what.length} times: ${what.join(', ')}`;
  }
  for (const line of cited) if (!Number.isInteger(line) || line < 1 || line > run.lines) return `an event or meta fact cites line ${line} of ${run.lines}`;
  for (let n = 1; n <= run.lines; n++) if (!claims.has(n) && !cited.has(n)) return `line ${n} of ${run.lines} is lost: no record, skip, unparsed, event or meta`;
  for (const r of run.records) if (r.endLine !== undefined && (r.endLine < r.source.line || r.endLine > run.lines)) return `record at ${r.source.line} ends at ${r.endLine}`;
  return null;
}

/** The accounting invariant plus the shape every output must have; throws (fails the property) when broken. */
export function checkRun(run: Run): void {
  const err = accountingError(run);
  if (err) throw new Error(err);
  for (const e of run.events) {
    if (!(e.kind in EVENT_KINDS)) throw new Error(`unknown event kind ${e.kind}`);
    for (const id of e.ids) if (!HEX64.test(id)) throw new Error(`event ${e.kind} with id ${JSON.stringify(id)}`);
    if (typeof e.text !== 'string') throw new Error(`event ${e.kind} without text`);
    for (const [k, v] of Object.entries(e.attrs)) {
      const ok = v === null || ['string', 'number', 'boolean'].includes(typeof v) || (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'));
      if (!ok) throw new Error(`event ${e.kind} attr ${k} is ${typeof v}`);
      if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`event ${e.kind} attr ${k} is ${v}`);
    }
  }
  for (const r of run.records) {
    if (typeof r.message !== 'string' || typeof r.raw !== 'string') throw new Error('record without message or raw');
    if (r.pid !== null && !Number.isSafeInteger(r.pid)) throw new Error(`record pid ${r.pid}`);
    if (r.absUs !== null && !Number.isSafeInteger(r.absUs)) throw new Error(`record absUs ${r.absUs}`);
  }
  // The report is JSON: whatever a format read must serialise.
  JSON.stringify({ r: run.records, e: run.events });
}

/** Expect the property to hold; a failure prints fast-check's counterexample and seed. */
export function holds<Ts extends [unknown, ...unknown[]]>(arbs: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> }, check: (...args: Ts) => void, runs = RUNS): void {
  fc.assert(fc.property(...arbs, check), params(runs));
  expect(true).toBe(true);
}

// ---- arbitraries shared by the properties -------------------------------------------------------------

/** Any string of printable and control characters, surrogates and the characters parsers split on. */
export const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom('\t', ' ', '"', '\\', '\r', '\u0000', '\u001e', '{', '}', '[', ']', ':', '=', '|', '`', '<', '>', '░', '月', '\u2028', '-', '_'), maxLength: 30 }),
);

/** A line of text without \n (what a line parser is ever given). */
export const anyLine = anyText.map((s) => s.replace(/\n/g, ''));

/** A mutation of `line`: characters inserted, deleted, replaced, or the line cut or doubled. */
export function mutated(line: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(line, fc.nat(), fc.nat({ max: 8 }), anyLine, fc.constantFrom('splice', 'cut', 'double', 'prefix', 'crlf', 'none'))
    .map(([l, at, del, ins, how]) => {
      const i = l.length === 0 ? 0 : at % (l.length + 1);
      switch (how) {
        case 'splice':
          return l.slice(0, i) + ins + l.slice(i + del);
        case 'cut':
          return l.slice(0, i);
        case 'double':
          return l + l;
        case 'prefix':
          return ins.slice(0, 3) + l;
        case 'crlf':
          return l + '\r';
        default:
          return l;
      }
    });
}

/** A file of lines drawn from `line`, joined with \n, with or without a final newline. */
export function fileOf(line: fc.Arbitrary<string>, maxLines = 30): fc.Arbitrary<string> {
  return fc.tuple(fc.array(line, { maxLength: maxLines, size: 'medium' }), fc.boolean()).map(([ls, nl]) => ls.join('\n') + (nl && ls.length > 0 ? '\n' : ''));
}

/** Lines of a format's samples, as they are or mutated, mixed with other formats' samples and noise. */
export function linesLike(samples: string[], others: string[] = []): fc.Arbitrary<string> {
  const own = fc.constantFrom(...samples.flatMap((s) => s.split('\n')));
  const arbs: fc.Arbitrary<string>[] = [own, mutated(own), anyLine, fc.constant(''), own.map((l) => '    ' + l)];
  if (others.length > 0) arbs.push(fc.constantFrom(...others.flatMap((s) => s.split('\n'))));
  return fc.oneof(...arbs).map((s) => s.replace(/\n/g, ''));
}

export const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
export const hexN = (n: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
/** Host names and identifiers as systems make them. */
export const word = (max = 20): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.'), minLength: 1, maxLength: max });
export const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * What ingest makes of `dir` with the journal fast paths on ('1', the default) or every record built ('0', as
 * test/journal/fast-path.test.ts does), as comparable JSON: the differential properties compare the two.
 */
export async function ingestedWith(dir: string, quiet: '0' | '1'): Promise<string> {
  const saved = process.env.PODMORTEM_QUIET;
  process.env.PODMORTEM_QUIET = quiet;
  try {
    const r = await ingest([dir], { host: null, tz: null, year: null });
    return JSON.stringify({ events: r.events, inputs: r.inputs, assumptions: r.assumptions, hosts: [...r.hosts], coverage: r.coverage }, (_, v: unknown) => (v instanceof Set || v instanceof Map ? [...v] : v), 1);
  } finally {
    if (saved === undefined) delete process.env.PODMORTEM_QUIET;
    else process.env.PODMORTEM_QUIET = saved;
  }
}
