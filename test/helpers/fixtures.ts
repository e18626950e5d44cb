// Reads the real captures under samples/formats/<format-id>/<case>/input and turns journal ones into component inputs.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { klogOf } from '../../src/components/klog.js';
import { parseLogrus } from '../../src/components/logrus.js';
import type { ComponentInput } from '../../src/components/types.js';
import type { LogRecord } from '../../src/events/types.js';
import { journalShort } from '../../src/formats/journal-short.js';
import { KlogStitcher } from '../../src/timeline/stitch.js';
import { runFormat } from './run-format.js';

/** Absolute path of samples/formats/. */
export const FORMAT_SAMPLES = fileURLToPath(new URL('../../samples/formats/', import.meta.url));

/** The text of one captured case, byte for byte (UTF-8). */
export function fixture(formatId: string, caseName: string): string {
  return readFileSync(path.join(FORMAT_SAMPLES, formatId, caseName, 'input'), 'utf8');
}

/** Case folder names of one format, sorted. */
export function fixtureCases(formatId: string): string[] {
  return readdirSync(path.join(FORMAT_SAMPLES, formatId), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** The records journal-short cuts from a journal case; fails loudly if the capture no longer parses cleanly. */
export function journalRecords(caseName: string): LogRecord[] {
  const run = runFormat(journalShort, fixture('journal-short', caseName), `journal/${caseName}`);
  if (run.counters.unparsed !== 0) throw new Error(`journal case ${caseName}: ${run.counters.unparsed} unparsed lines`);
  return run.records;
}

/** Records after klog multi-line values (`key=<` … ` >`) are stitched back together, as the pipeline does. */
export function stitched(records: LogRecord[]): LogRecord[] {
  const out: LogRecord[] = [];
  const stitcher = new KlogStitcher((r) => out.push(r));
  for (const r of records) stitcher.push({ ...r });
  stitcher.end();
  return out;
}

/** The record that starts at a 1-based line of its capture. */
export function recordAt(records: LogRecord[], line: number): LogRecord {
  const rec = records.find((r) => r.source.line === line);
  if (!rec) throw new Error(`no record starts at line ${line}`);
  return rec;
}

/** What the pipeline hands a component for one record. */
export function inputOf(rec: LogRecord): ComponentInput {
  return { rec, logrus: parseLogrus(rec.message), klog: klogOf(rec.message) };
}

/** A copy of a real record with another message body (for wording variants quoted in the catalogue). */
export function withMessage(rec: LogRecord, message: string): LogRecord {
  const prefix = rec.raw.slice(0, rec.raw.length - rec.message.length);
  return { ...rec, message, raw: prefix + message };
}
