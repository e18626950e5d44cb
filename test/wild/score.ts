// Scores podmortem's reading of samples/wild/: each excerpt goes through the real pipeline (ingest of the file as a
// bundle input), and its events are compared with the lifecycle lines a careful reader marked in <slug>.json.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EVENT_KINDS } from '../../src/events/vocabulary.js';
import { ingest } from '../../src/ingest.js';
import type { PmEvent } from '../../src/events/types.js';
import { runJournal } from '../helpers/run-journal.js';

/** The corpus; WILD_DIR in the environment points the same scorer at another folder (a held-out set kept outside the repo). */
export const WILD_DIR = process.env['WILD_DIR'] ? path.resolve(process.env['WILD_DIR']) : path.resolve(__dirname, '../../samples/wild');

/** One line a careful reader marks: its 1-based line in the excerpt, the event kind, the full 64-hex ID or null. */
export interface Expected {
  line: number;
  kind: string;
  id: string | null;
  note?: string;
}

export interface WildMeta {
  source: string;
  title: string;
  posted: string;
  notes: string;
  expected: Expected[];
}

/** Why an expected line was not recognised, from the first stage that failed. */
export type MissCategory = 'envelope not read' | 'message not recognised' | 'wrong kind' | 'wrong id';

export interface Miss {
  file: string;
  line: number;
  kind: string;
  category: MissCategory;
  /** What the pipeline made of the line instead (kinds/ids of events there, or the unparsed reason). */
  got: string;
  text: string;
}

export interface FileScore {
  file: string;
  format: string | null;
  expected: number;
  recognised: number;
  /** Marks whose kind the vocabulary has (the rest are proposed kinds), and how many of those were read right. */
  vocabExpected: number;
  vocabRecognised: number;
  /** Events on lines nobody marked. */
  extra: PmEvent[];
  misses: Miss[];
}

/** Slugs of the corpus: every <slug>.log with its <slug>.json, sorted. */
export function wildSlugs(dir = WILD_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => f.slice(0, -4))
    .sort();
}

export function readMeta(slug: string, dir = WILD_DIR): WildMeta {
  return JSON.parse(readFileSync(path.join(dir, `${slug}.json`), 'utf8')) as WildMeta;
}

/** Lines of the records the chosen format cut (first..last line each), to tell an unread envelope from an unread message. */
function recordSpans(file: string): { format: string | null; why: string; starts: Set<number>; unparsed: Map<number, string> } {
  const run = runJournal(file);
  const starts = new Set(run.records.map((r) => r.source.line));
  const unparsed = new Map(run.unparsed.map((u) => [u.line, u.reason]));
  return { format: run.format?.id ?? null, why: run.why, starts, unparsed };
}

function classify(exp: Expected, at: PmEvent[], spans: ReturnType<typeof recordSpans>): { category: MissCategory; got: string } {
  if (at.length > 0) {
    const same = at.filter((e) => e.kind === exp.kind);
    if (same.length > 0) return { category: 'wrong id', got: same.map((e) => `${e.kind}[${e.ids.join(',') || '-'}]`).join(' ') };
    return { category: 'wrong kind', got: at.map((e) => `${e.kind}[${e.ids.join(',') || '-'}]`).join(' ') };
  }
  if (!spans.format) return { category: 'envelope not read', got: `no format for the file: ${spans.why}` };
  if (!spans.starts.has(exp.line)) return { category: 'envelope not read', got: spans.unparsed.get(exp.line) ?? 'no record starts here' };
  return { category: 'message not recognised', got: 'record, no event' };
}

/**
 * An event reads a marked line right: same kind, and the marked ID among its IDs. A line marked without an ID may
 * give an event without one or with IDs printed whole in its text; an ID the text does not hold was guessed (a
 * wrapped or cut ID completed), which is never right.
 */
export function readsRight(e: Pick<PmEvent, 'kind' | 'ids' | 'text'>, exp: Expected): boolean {
  if (e.kind !== exp.kind) return false;
  if (exp.id !== null) return e.ids.includes(exp.id);
  return e.ids.every((id) => e.text.includes(id));
}

/** Run one excerpt through ingest and compare with its marks. */
export async function scoreFile(slug: string, dir = WILD_DIR): Promise<FileScore> {
  const file = path.join(dir, `${slug}.log`);
  const meta = readMeta(slug, dir);
  const lines = readFileSync(file, 'utf8').split('\n');
  const ing = await ingest([file], { tz: null, year: null, host: null });
  const byLine = new Map<number, PmEvent[]>();
  for (const e of ing.events) {
    const list = byLine.get(e.source.line) ?? [];
    list.push(e);
    byLine.set(e.source.line, list);
  }
  const marked = new Set(meta.expected.map((x) => x.line));
  const extra = ing.events.filter((e) => !marked.has(e.source.line));
  const misses: Miss[] = [];
  let recognised = 0;
  let vocabRecognised = 0;
  let spans: ReturnType<typeof recordSpans> | null = null;
  for (const exp of meta.expected) {
    const at = byLine.get(exp.line) ?? [];
    if (at.some((e) => readsRight(e, exp))) {
      recognised++;
      if (exp.kind in EVENT_KINDS) vocabRecognised++;
      continue;
    }
    spans ??= recordSpans(file);
    const { category, got } = classify(exp, at, spans);
    misses.push({ file: `${slug}.log`, line: exp.line, kind: exp.kind, category, got, text: lines[exp.line - 1] ?? '' });
  }
  const vocabExpected = meta.expected.filter((x) => x.kind in EVENT_KINDS).length;
  return { file: `${slug}.log`, format: ing.inputs[0]?.format ?? null, expected: meta.expected.length, recognised, vocabExpected, vocabRecognised, extra, misses };
}

export interface WildTotals {
  files: number;
  expected: number;
  recognised: number;
  extra: number;
  recall: number;
  /** Recall over the marks whose kind the vocabulary already has. */
  vocabRecall: number;
  vocabExpected: number;
  vocabRecognised: number;
}

export function totals(scores: FileScore[]): WildTotals {
  const expected = scores.reduce((n, s) => n + s.expected, 0);
  const recognised = scores.reduce((n, s) => n + s.recognised, 0);
  const vocabExpected = scores.reduce((n, s) => n + s.vocabExpected, 0);
  const vocabRecognised = scores.reduce((n, s) => n + s.vocabRecognised, 0);
  return {
    files: scores.length,
    expected,
    recognised,
    extra: scores.reduce((n, s) => n + s.extra.length, 0),
    recall: expected === 0 ? 1 : recognised / expected,
    vocabRecall: vocabExpected === 0 ? 1 : vocabRecognised / vocabExpected,
    vocabExpected,
    vocabRecognised,
  };
}

/** The per-file table, then the totals line. */
export function table(scores: FileScore[]): string {
  const w = Math.max(...scores.map((s) => s.file.length), 4);
  const out = [`${'file'.padEnd(w)}  format              recognised/expected  extra`];
  for (const s of scores) out.push(`${s.file.padEnd(w)}  ${(s.format ?? '-').padEnd(18)}  ${`${s.recognised}/${s.expected}`.padStart(19)}  ${String(s.extra.length).padStart(5)}`);
  const t = totals(scores);
  out.push(`${'TOTAL'.padEnd(w)}  ${`${t.files} files`.padEnd(18)}  ${`${t.recognised}/${t.expected}`.padStart(19)}  ${String(t.extra).padStart(5)}   recall ${(t.recall * 100).toFixed(1)}%`);
  out.push(`${'(vocabulary kinds only)'.padEnd(w)}  ${''.padEnd(18)}  ${`${t.vocabRecognised}/${t.vocabExpected}`.padStart(19)}  ${''.padStart(5)}   recall ${(t.vocabRecall * 100).toFixed(1)}%`);
  return out.join('\n');
}

const CATEGORIES: MissCategory[] = ['envelope not read', 'message not recognised', 'wrong kind', 'wrong id'];

/** Misses grouped by category, then by expected kind, each with file:line, what was read instead and the line. */
export function missReport(scores: FileScore[]): string {
  const all = scores.flatMap((s) => s.misses);
  const out: string[] = [];
  for (const cat of CATEGORIES) {
    const of = all.filter((m) => m.category === cat);
    if (of.length === 0) continue;
    out.push(`\n## ${cat}: ${of.length}`);
    const kinds = [...new Set(of.map((m) => m.kind))].sort();
    for (const k of kinds) {
      const ms = of.filter((m) => m.kind === k);
      out.push(`  ${k}: ${ms.length}`);
      for (const m of ms) out.push(`    ${m.file}:${m.line}  (${m.got})  ${m.text.length > 150 ? m.text.slice(0, 149) + '…' : m.text}`);
    }
  }
  const extra = scores.flatMap((s) => s.extra.map((e) => `    ${s.file}:${e.source.line}  ${e.kind}[${e.ids.join(',') || '-'}]`));
  if (extra.length > 0) out.push(`\n## extra events (on unmarked lines): ${extra.length}`, ...extra);
  return out.join('\n');
}
