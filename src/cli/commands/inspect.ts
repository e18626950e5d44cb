// `podmortem inspect <inputs…>`: every file seen (archive members too), its host, the format chosen and why, or why it was not read.

import type CliTable from 'cli-table3';
import { lazy } from '../../lazy.js';

const Table = lazy<typeof CliTable>('cli-table3');
import type { Command } from 'commander';
import { ingest, type Ingested } from '../../ingest.js';
import { addBundleOptions, bundleRun, type BundleCliOptions } from '../bundle-options.js';
import { addClockOptions, clockOptions, resolveInputs, type CommonOptions } from '../common.js';
import { EXIT_OK, UserError } from '../exit-codes.js';
import type { Io } from '../io.js';
import type { Unrecognized } from '../../unrecognized/book.js';
import { renderUnrecognizedText } from '../../render/_unrecognized.js';

export interface InspectOptions extends CommonOptions, BundleCliOptions {
  format: string;
  /** List the followed daemons' lines no component read, by template. */
  unrecognized?: boolean;
}

export interface InspectFile {
  path: string;
  /** Host of the file's bundle root; null for entries outside any root that holds a read file (an archive itself, a refused input). */
  host: string | null;
  /** Format chosen, or null when the file was not read. */
  format: string | null;
  /** Why that format (the sniffer's reason), or why the file was not read. */
  why: string;
  lines: number;
  records: number;
  events: number;
  unparsed: number;
  notes: string[];
}

export interface InspectReport {
  schema: 'podmortem.inspect/v1';
  hosts: { root: string; host: string }[];
  files: InspectFile[];
  totals: { files: number; read: number; notRead: number; lines: number; records: number; unparsed: number };
  /** With --unrecognized only. */
  unrecognized?: Unrecognized;
}

const FORMATS = ['table', 'json'];
/** Templates the table lists; json lists every one kept. */
const TABLE_TEMPLATES = 50;

/** What the ingest saw, one entry per path, in path order. */
export function inspectReport(ing: Ingested): InspectReport {
  const readRoots = new Set(ing.inputs.filter((s) => s.format).map((s) => s.root));
  const files: InspectFile[] = ing.inputs.map((s) => ({
    path: s.path,
    host: readRoots.has(s.root) ? (ing.hosts.get(s.root) ?? null) : null,
    format: s.format,
    why: s.why,
    lines: s.lines,
    records: s.records,
    events: s.events,
    unparsed: s.unparsed,
    notes: [...s.notes],
  }));
  const hosts = [...readRoots].sort().map((root) => ({ root, host: ing.hosts.get(root) ?? root }));
  const read = files.filter((f) => f.format);
  return {
    ...(ing.unrecognized !== null ? { unrecognized: ing.unrecognized } : {}),
    schema: 'podmortem.inspect/v1',
    hosts,
    files,
    totals: {
      files: files.length,
      read: read.length,
      notRead: files.length - read.length,
      lines: read.reduce((n, f) => n + f.lines, 0),
      records: read.reduce((n, f) => n + f.records, 0),
      unparsed: read.reduce((n, f) => n + f.unparsed, 0),
    },
  };
}

/** Table rendering: one row per file; reasons and notes in the last column. */
export function renderInspectTable(r: InspectReport, width: number): string {
  const w = Math.max(100, width);
  const fixed = [14, 16, 8, 9, 10];
  const rest = w - fixed.reduce((a, b) => a + b, 0) - 8;
  const pathW = Math.max(30, Math.floor(rest * 0.45));
  const whyW = Math.max(30, rest - pathW);
  const t = new (Table())({
    head: ['Path', 'Host', 'Format', 'Lines', 'Records', 'Unparsed', 'Why / notes'],
    colWidths: [pathW, fixed[0]!, fixed[1]!, fixed[2]!, fixed[3]!, fixed[4]!, whyW],
    wordWrap: true,
    wrapOnWordBoundary: false,
    style: { head: [], border: [] },
  });
  for (const f of r.files) {
    const why = [f.why, ...f.notes.map((n) => `note: ${n}`)].join('\n');
    t.push([f.path, f.host ?? '-', f.format ?? '-', f.format ? String(f.lines) : '-', f.format ? String(f.records) : '-', f.format ? String(f.unparsed) : '-', why]);
  }
  const out = [t.toString()];
  out.push(`${r.totals.files} entries: ${r.totals.read} read (${r.totals.lines} lines, ${r.totals.records} records, ${r.totals.unparsed} unparsed), ${r.totals.notRead} not read.`);
  if (r.hosts.length > 0) out.push(`Hosts: ${r.hosts.map((h) => `${h.host} (${h.root})`).join(', ')}.`);
  if (r.unrecognized) out.push('', renderUnrecognizedText(r.unrecognized, TABLE_TEMPLATES));
  return out.join('\n') + '\n';
}

/** Read the inputs as analyze would and list what was seen; returns the exit code. */
export async function runInspect(inputs: string[], opts: InspectOptions, io: Io): Promise<number> {
  if (!FORMATS.includes(opts.format)) throw new UserError(`--format "${opts.format}" is not one of ${FORMATS.join(', ')}.`);
  const list = resolveInputs(inputs);
  const run = bundleRun(opts, io);
  let ing: Ingested;
  try {
    ing = await ingest(list, { ...clockOptions(opts), bundle: run.discover, unrecognized: opts.unrecognized === true });
  } finally {
    run.done();
  }
  const report = inspectReport(ing);
  io.stdout.write(opts.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderInspectTable(report, io.stdout.isTTY ? (io.stdout.columns ?? 100) : 160));
  return EXIT_OK;
}

/** Register the command on the program. */
export function register(program: Command, io: Io, done: (code: number) => void): void {
  const cmd = program
    .command('inspect')
    .description('list every file seen (archive members too): host, format chosen and why, counts, or why it was not read')
    .argument('[inputs...]', 'bundle folders, archives, compressed files, or - for stdin')
    .option('-f, --format <format>', 'table | json', 'table')
    .option('--unrecognized', "list the lines of dockerd, containerd, cri-dockerd, kubelet (k3s, microk8s…) that no component read, by template")
    .action(async (inputs: string[], opts: InspectOptions) => done(await runInspect(inputs, opts, io)));
  addClockOptions(cmd);
  addBundleOptions(cmd);
}
