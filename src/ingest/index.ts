// Streams every input file through its format and the components, keeping only events. The stages, each in a
// file of its own: discovery (bundle/), peek and sniff, plan (now, in two parts, or put off), read-file (the one
// reading path: line or byte loop, count-only path, daemon clock, components), parallel/ (journals read in parts
// on two threads and joined), finish (clock resolved, events stamped).

import { MAX_EVENTS } from '../bundle/budget.js';
import { fileChunks } from '../bundle/file-chunks.js';
import { discover, type DiscoverOptions, type Skipped, type SourceFile } from '../bundle/discover.js';
import { newStat, type InputStat } from '../diagnostics/counters.js';
import type { PmEvent } from '../events/types.js';
import type { Format } from '../formats/types.js';
import { headFromBytes, sniff } from '../sniff/sniff.js';
import { ClockBook, type ClockOverrides } from '../time/clock.js';
import { markCuts, type Coverage } from '../timeline/coverage.js';
import { UnrecognizedBook, type Unrecognized } from '../unrecognized/book.js';
import { ValuePool } from './event-sink.js';
import { coverageOf, hostsOf, settleInputs, stampEvents } from './finish.js';
import { cutAt } from './parallel/cut.js';
import { readInParts, type InParts } from './parallel/schedule.js';
import { linkPlaceholder, open, type Opened } from './peek.js';
import { planRead, type SplitFile } from './plan.js';
import { readFile } from './read-file.js';
import type { RunBook } from './run-book.js';
import { newIngestStats, type IngestStats } from './stats.js';
import { apartMin, MAX_LINE, SPLIT_AT, splitMin, twoThreads } from './tuning.js';
import { reasonKey, UnreadMembers } from './unread.js';

export type { ReadEnd } from './read-file.js';
export type { RunBook } from './run-book.js';
export { cutAt } from './parallel/cut.js';
export { readPart, type Part, type PartJob } from './parallel/part.js';
export { cutEnd, stealEnd, STEAL_SHARE } from './parallel/steal.js';

export interface IngestOptions extends ClockOverrides {
  host: string | null;
  /** Caps, progress and stdin for the bundle layer. */
  bundle?: DiscoverOptions;
  /** Tally the followed daemons' lines no component read, by template (inspect --unrecognized). */
  unrecognized?: boolean;
}

export interface Ingested {
  events: PmEvent[];
  inputs: InputStat[];
  assumptions: ClockBook['assumptions'];
  hosts: Map<string, string>;
  /** Per journal file: identifiers and time span, for rules that claim an absence. */
  coverage: Coverage[];
  /** Which reading paths ran (not part of the report). */
  stats: IngestStats;
  /** With IngestOptions.unrecognized: the followed daemons' lines no component read; else null. */
  unrecognized: Unrecognized | null;
}

/** The input of a format that reads the file on disk itself (journal files). */
async function* noBytes(): AsyncGenerator<Buffer> {}

/** One run of ingest: its ledger, the inputs' stats, and the journals put off until every other file is read. */
class Run {
  readonly stats: InputStat[] = [];
  readonly skipped: Skipped[] = [];
  readonly ingest = newIngestStats();
  readonly book: RunBook;
  readonly hostOfRoot: (root: string) => string;
  /** Journals put off until every other file is read (see plan.ts). */
  private readonly apart: InParts[] = [];
  private readonly unreadMembers = new UnreadMembers();
  private readonly progress: ((n: number) => void) | undefined;

  constructor(opts: IngestOptions) {
    const names = { rootHostname: new Map<string, string>(), rootJournalHosts: new Map<string, Map<string, number>>() };
    this.hostOfRoot = hostsOf(names, opts.host);
    const limits = opts.bundle?.limits;
    this.book = { clock: new ClockBook(opts, this.hostOfRoot), trackers: new Map(), ...names, events: [], seq: 0, maxEvents: limits?.events ?? MAX_EVENTS, maxLine: limits?.lineBytes ?? MAX_LINE, values: new ValuePool(), unrecognized: opts.unrecognized ? new UnrecognizedBook() : undefined, cuts: [] };
    const progress = opts.bundle?.progress;
    this.progress = progress ? (n) => progress.bytes(n) : undefined;
  }

  /** One file from discovery: sniffed, then read now, in parts, or put off; or said why not. */
  async take(file: SourceFile): Promise<void> {
    const stat = newStat(file.path, file.root);
    this.stats.push(stat);
    this.book.clock.file(file.path, file.root, file.mtimeUs);
    // The same array: caps reached and truncation found while the file is read land in the report too.
    stat.notes = file.notes;
    let opened: Opened;
    try {
      opened = await open(file);
    } catch (e) {
      stat.why = `not readable: ${(e as Error).message}`;
      return;
    }
    const drop = (): void => {
      if (opened.stream && !file.drain) opened.stream.destroy();
    };
    const format = this.sniffed(file, stat, opened);
    if (format === null) {
      drop();
      return this.unread(file, stat);
    }
    stat.format = format.id;
    const plan = planRead(file, format);
    if (plan === 'now') return this.readNow(file, format, stat, opened);
    drop();
    const whole = { file: file as SplitFile, stat, format, cuts: [] as number[] };
    if (plan === 'apart') return void this.apart.push(whole);
    whole.cuts = cutsAt(await cutAt(whole.file.abs, whole.file.size, format, SPLIT_AT));
    await readInParts([whole], this.book, this.progress, true, this.ingest);
  }

  /** The format that reads the file, or null with the reason on its stat (a sos link placeholder, nothing fits). */
  private sniffed(file: SourceFile, stat: InputStat, { bytes, more }: Opened): Format | null {
    const head = headFromBytes(bytes, file.path, more);
    const link = linkPlaceholder(head.lines, file);
    if (link) {
      stat.why = `placeholder for the sos link to ${link}`;
      return null;
    }
    const picked = sniff(head, bytes);
    stat.why = picked.why;
    return picked.format ?? null;
  }

  /** Read the file now, in one go: from the bytes discovery read already, from disk, or from its stream. */
  private async readNow(file: SourceFile, format: Format, stat: InputStat, { stream }: Opened): Promise<void> {
    const progress = this.progress;
    if (file.bytes !== undefined) {
      // Read already, whole: the buffer is the next small file's too, so a binary format (which may keep its chunks) gets a copy.
      if (file.abs && file.size !== null) {
        this.ingest.smallFilesBatched++;
        progress?.(file.bytes.length);
      } else this.ingest.smallMembers++;
      await readFile(file, [format.openBytes ? Buffer.from(file.bytes) : file.bytes], format, stat, this.book);
      return;
    }
    if (stream !== null) {
      await readFile(file, stream, format, stat, this.book);
      return;
    }
    // On disk. Binary formats may keep the chunks they are given: those get a stream of fresh buffers.
    const input = format.seeks ? noBytes() : format.openBytes ? file.open() : fileChunks(file.abs!, 0, Infinity, progress);
    await readFile(file, input, format, stat, this.book);
    // A file read by position passed no bytes through a stream: its progress is its size.
    if (format.seeks) progress?.(file.size!);
  }

  /** A file nothing reads: no clock entry; an archive member past UNREAD_LISTED is counted on its archive, not listed. */
  private unread(file: SourceFile, stat: InputStat): void {
    this.book.clock.forget(file.path);
    if (file.archive === undefined) return;
    const key = reasonKey(stat.why);
    this.ingest.membersSkipped[key] = (this.ingest.membersSkipped[key] ?? 0) + 1;
    // Its entry is the last one in: this file's.
    if (!this.unreadMembers.list(file.archive, stat.why)) this.stats.pop();
  }

  /** Every file is in: the journals put off, read in parts (on two threads when there is enough of them). */
  async readPutOff(): Promise<void> {
    const apart = this.apart;
    const two = twoThreads() && apart.reduce((n, a) => n + a.file.size, 0) >= splitMin();
    // Each cut in two from twice APART_MIN: the threads take the next part as they come free.
    if (two) for (const a of apart) if (a.file.size >= 2 * apartMin()) a.cuts = cutsAt(await cutAt(a.file.abs, a.file.size, a.format, 0.5));
    await readInParts(apart, this.book, this.progress, two, this.ingest);
    for (const s of this.skipped) {
      const note = this.unreadMembers.note(s.path);
      if (note !== null) s.notes?.push(note);
    }
    for (const s of this.skipped) this.stats.push({ ...newStat(s.path, s.root ?? s.path), why: s.reason, notes: s.notes ?? [] });
  }
}

/** A cut found or not, as the cuts of InParts. */
const cutsAt = (cut: number | null): number[] => (cut === null ? [] : [cut]);

/** Read all inputs into one list of events with resolved times and hosts. */
export async function ingest(inputs: string[], opts: IngestOptions): Promise<Ingested> {
  const run = new Run(opts);
  const bundle = { ...opts.bundle, decodeInWorker: twoThreads(), decoded: run.ingest.decoded };
  for await (const file of discover(inputs, run.skipped, bundle)) await run.take(file);
  await run.readPutOff();
  const { book, hostOfRoot } = run;
  book.clock.resolve();
  stampEvents(book.events, book.clock, hostOfRoot);
  const hosts = settleInputs(run.stats, hostOfRoot);
  const coverage = coverageOf(book, hostOfRoot);
  const assumptions = [...book.clock.assumptions, ...markCuts(coverage, book.cuts!)];
  return { events: book.events, inputs: run.stats, assumptions, hosts, coverage, unrecognized: book.unrecognized?.result() ?? null, stats: run.ingest };
}
