// `podmortem analyze <inputs…>`: findings with evidence and cleanup commands.

import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import { analyze } from '../../report.js';
import { isRendererId, RENDERER_IDS, RENDERERS, type Renderer } from '../../render/index.js';
import { timeless } from '../../render/_timesketch.js';
import { SEVERITIES, severityRank, type Severity } from '../../findings/types.js';
import { addClockOptions, clockOptions, resolveInputs, version, type CommonOptions } from '../common.js';
import { rulesWith } from './rules.js';
import { EXIT_FINDINGS, EXIT_OK, UserError } from '../exit-codes.js';
import type { Io } from '../io.js';
import { addBundleOptions, bundleRun, type BundleCliOptions } from '../bundle-options.js';
import { mark } from '../../ingest/trace.js';

export interface AnalyzeOptions extends CommonOptions, BundleCliOptions {
  format: string;
  output?: string;
  failOn?: string;
  maxEvidence?: string;
  rules?: string[];
  only?: string;
  skip?: string;
  unrecognized?: boolean;
}

/** Run the analysis and write the chosen rendering; returns the exit code. */
export async function runAnalyze(inputs: string[], opts: AnalyzeOptions, io: Io): Promise<number> {
  if (!isRendererId(opts.format)) throw new UserError(`--format "${opts.format}" is not one of ${RENDERER_IDS.join(', ')}.`);
  const renderer: Renderer = RENDERERS[opts.format];
  if (opts.format === 'html' && !opts.output && io.stdout.isTTY) throw new UserError('--format html writes a whole page: give -o report.html (or redirect stdout to a file).');
  if (opts.failOn && !SEVERITIES.includes(opts.failOn as Severity)) throw new UserError(`--fail-on "${opts.failOn}" is not one of ${SEVERITIES.join(', ')}.`);
  const maxEvidence = opts.maxEvidence ? Number(opts.maxEvidence) : 20;
  if (!Number.isInteger(maxEvidence) || maxEvidence < 1) throw new UserError(`--max-evidence "${opts.maxEvidence}" is not a positive whole number.`);
  const rules = rulesWith(opts.rules);
  const ids = new Set(rules.map((r) => r.meta.id));
  const list = (text: string | undefined, flag: string): string[] | undefined => {
    if (!text) return undefined;
    const items = text.split(',').map((x) => x.trim()).filter(Boolean);
    for (const i of items) if (!ids.has(i)) throw new UserError(`${flag} names "${i}", which is no rule: \`podmortem rules list\` shows the ids.`);
    return items;
  };
  const selection = { rules, only: list(opts.only, '--only'), skip: list(opts.skip, '--skip') };
  const run = bundleRun(opts, io);
  const analysis = await analyze(resolveInputs(inputs), { ...clockOptions(opts), bundle: run.discover, unrecognized: opts.unrecognized === true }, version(), selection).finally(() => run.done());
  const color = !opts.output && Boolean(io.stdout.isTTY) && io.env.NO_COLOR === undefined;
  const { report } = analysis;
  const ro = { maxEvidence, color, width: io.stdout.isTTY ? (io.stdout.columns ?? 80) : 160 };
  // A rendering with pieces is never held whole, to a file or to stdout (a redirect or a pipe: writes to both are
  // synchronous on Linux, so a batch is out before the next is made).
  const pieces = renderer.pieces?.(analysis, ro) ?? null;
  const dropped = renderer.subject === 'timeline' ? timeless(analysis.timeline.events) : 0;
  if (dropped > 0) io.stderr.write(`podmortem: ${dropped} event${dropped === 1 ? '' : 's'} without a time left out of the ${opts.format} export (Timesketch needs a datetime); \`podmortem timeline\` lists them.\n`);
  if (pieces && opts.output) writePieces(opts.output, pieces);
  else if (pieces) await writeBatches(io.stdout, pieces);
  else if (opts.output) writeFileSync(opts.output, renderer.render(analysis, ro));
  else io.stdout.write(renderer.render(analysis, ro));
  mark('report written');
  if (report.inputs.every((i) => !i.format)) throw new UserError('Nothing in the inputs could be read: see the skipped files above (`--format json` lists each with its reason).');
  if (opts.failOn) {
    const limit = severityRank(opts.failOn as Severity);
    if (report.findings.some((f) => severityRank(f.severity as Severity) >= limit)) return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

/**
 * Write a rendering to a file in ~1 MB writes, never holding it whole (a big report's JSON is hundreds of MB).
 * The pieces are encoded into one reused buffer: a 1 MB string joined from them and its own Buffer for each write
 * were large objects, garbage the collector kept until its next full collection (ten sos nodes: the write phase
 * raised the heap by ~24 MB, the run's peak).
 */
export function writePieces(file: string, pieces: Iterable<string>): void {
  const fd = openSync(file, 'w');
  try {
    const buf = Buffer.allocUnsafe(WRITE_SIZE);
    let used = 0;
    for (const p of pieces) {
      const size = Buffer.byteLength(p, 'utf8');
      if (used + size > buf.length) {
        writeAll(fd, buf, used);
        used = 0;
      }
      if (size > buf.length) writeAll(fd, Buffer.from(p, 'utf8'), size);
      else used += buf.write(p, used, 'utf8');
    }
    if (used > 0) writeAll(fd, buf, used);
  } finally {
    closeSync(fd);
  }
}

const WRITE_SIZE = 1 << 20;
const BATCH_SIZE = 64 * 1024;

/**
 * Hand pieces to `write` joined in batches of about BATCH_SIZE characters: one write a piece is slow on a pipe, and a
 * batch small enough dies young (1 MB batches, each copied again by the stream into a Buffer, raised the peak of ten
 * sos nodes' page by ~40 MB).
 */
export async function writeBatches(out: Io['stdout'], pieces: Iterable<string>): Promise<void> {
  // A pipe to a slower reader queues what it cannot take at once: wait for it to drain, or the queue is the page.
  const write = async (text: string): Promise<void> => {
    if (out.write(text) === false && out.once) await new Promise<void>((resolve) => out.once!('drain', resolve));
  };
  let batch: string[] = [];
  let size = 0;
  for (const p of pieces) {
    batch.push(p);
    size += p.length;
    if (size >= BATCH_SIZE) {
      await write(batch.join(''));
      batch = [];
      size = 0;
    }
  }
  if (size > 0) await write(batch.join(''));
}

function writeAll(fd: number, buf: Buffer, length: number): void {
  for (let at = 0; at < length; ) at += writeSync(fd, buf, at, length - at);
}

/** Register the command on the program. */
export function register(program: Command, io: Io, done: (code: number) => void): void {
  const cmd = program
    .command('analyze')
    .description('find broken sandbox setups/teardowns and the stale state they left (default input: the bundled sample)')
    .argument('[inputs...]', 'bundle folders or files')
    .option('-f, --format <format>', `${RENDERER_IDS.join(' | ')} (jsonl, csv: the timeline in Timesketch columns)`, 'table')
    .option('-o, --output <file>', 'write the report to a file')
    .option('--fail-on <severity>', 'exit 1 when a finding of this severity or higher exists')
    .option('--max-evidence <n>', 'evidence lines per finding in md output', '20')
    .option('--rules <dir...>', 'also run the YAML rules in these folders')
    .option('--only <ids>', 'run only these rules (comma-separated ids)')
    .option('--skip <ids>', 'do not run these rules (comma-separated ids)')
    .option('--unrecognized', 'add the lines of the followed daemons no component read, by template (md and json)')
    .action(async (inputs: string[], opts: AnalyzeOptions) => done(await runAnalyze(inputs, opts, io)));
  addClockOptions(cmd);
  addBundleOptions(cmd);
}
