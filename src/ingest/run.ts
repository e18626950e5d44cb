// One run of ingest over some inputs: its ledger (RunBook), the inputs' stats, and the journals put off until every
// other file is read. A run over all inputs is the report's; a run over one input, in a worker or here, is handed
// over as plain data (InputPart) and absorbed into the report's in input order (see parallel/inputs.ts).

import { isMainThread } from 'node:worker_threads';
import { MAX_EVENTS } from '../bundle/budget.js';
import { fileChunks } from '../bundle/file-chunks.js';
import { discover, type DiscoverOptions, type Skipped, type SourceFile } from '../bundle/discover.js';
import { newStat, type InputStat } from '../diagnostics/counters.js';
import type { PmEvent } from '../events/types.js';
import type { Format } from '../formats/types.js';
import { headFromBytes, sniff } from '../sniff/sniff.js';
import { ClockBook, type ClockOverrides, type ClockSnapshot } from '../time/clock.js';
import type { CoverageTracker, SosCut } from '../timeline/coverage.js';
import { IDENTS_PER_FILE } from '../timeline/coverage.js';
import { UnrecognizedBook, type Unrecognized } from '../unrecognized/book.js';
import { ValuePool } from './event-sink.js';
import { hostsOf } from './finish.js';
import { cutAt } from './parallel/cut.js';
import { PartSchedule, readInParts, type InParts } from './parallel/schedule.js';
import { partWorkerAvailable } from './parallel/spawn.js';
import { linkPlaceholder, open, type Opened } from './peek.js';
import { planRead, type SplitFile } from './plan.js';
import { lastLineEnd, spill, tailText } from './spill.js';
import { readFile } from './read-file.js';
import { roomForEvent, trackerOf, voteHost, type RunBook } from './run-book.js';
import { addStats, newIngestStats } from './stats.js';
import { apartMin, cutMin, MAX_LINE, SPLIT_AT, twoThreads } from './tuning.js';
import { wrappingOf } from '../bundle/_magic.js';
import { reasonKey, UnreadMembers } from './unread.js';
import { mark } from './trace.js';

export interface RunOptions extends ClockOverrides {
  host: string | null;
  /** Caps, progress and stdin for the bundle layer. */
  bundle?: DiscoverOptions;
  /** Tally the followed daemons' lines no component read, by template (inspect --unrecognized). */
  unrecognized?: boolean;
}

/** What a run over some inputs read, as plain data: what the report's run absorbs. */
export interface InputPart {
  /** The events in ingest order (unpacked: see parallel/inputs.ts for the trip from a worker). */
  events: PmEvent[];
  stats: InputStat[];
  clock: ClockSnapshot;
  trackers: [string, { root: string; idents: string[]; first: CoverageTracker['first']; last: CoverageTracker['last'] }][];
  hostVotes: [string, [string, number][]][];
  hostnames: [string, string][];
  cuts: SosCut[];
  unrecognized: Unrecognized | null;
  ingest: ReturnType<typeof newIngestStats>;
}

/** The input of a format that reads the file on disk itself (journal files). */
async function* noBytes(): AsyncGenerator<Buffer> {}

/** One run of ingest: its ledger, the inputs' stats, and the journals put off until every other file is read. */
export class Run {
  readonly stats: InputStat[] = [];
  readonly skipped: Skipped[] = [];
  readonly ingest = newIngestStats();
  readonly book: RunBook;
  readonly hostOfRoot: (root: string) => string;
  /** Journals put off until every other file is read (see plan.ts), on two threads taken by the worker as they come. */
  private readonly apart: PartSchedule;
  private readonly unreadMembers = new UnreadMembers();
  private readonly progress: ((n: number) => void) | undefined;
  /** Journals put off are read on two threads. */
  private readonly two: boolean;
  /** Big files the folder walk's look-ahead met, not yet looked at (see foresee). */
  private readonly seenAhead: SourceFile[] = [];

  constructor(opts: RunOptions, values = new ValuePool()) {
    const names = { rootHostname: new Map<string, string>(), rootJournalHosts: new Map<string, Map<string, number>>() };
    this.hostOfRoot = hostsOf(names, opts.host);
    const limits = opts.bundle?.limits;
    this.book = { clock: new ClockBook(opts, this.hostOfRoot), trackers: new Map(), ...names, events: [], seq: 0, maxEvents: limits?.events ?? MAX_EVENTS, maxLine: limits?.lineBytes ?? MAX_LINE, values, unrecognized: opts.unrecognized ? new UnrecognizedBook() : undefined, cuts: [] };
    const progress = opts.bundle?.progress;
    this.progress = progress ? (n) => progress.bytes(n) : undefined;
    // A run in a worker (the input pool's) reads its files alone: the part worker is the main thread's.
    this.two = isMainThread && twoThreads() && partWorkerAvailable();
    this.apart = new PartSchedule(this.book, this.two, this.ingest, this.two);
  }

  /** One file from discovery: sniffed, then read now, in parts, or put off; or said why not. */
  async take(file: SourceFile): Promise<void> {
    while (this.seenAhead.length > 0) await this.foresee(this.seenAhead.shift()!);
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
    if (plan === 'spill') return this.spilled(file, format, stat, opened);
    drop();
    const whole = { file: file as SplitFile, stat, format, cuts: [] as number[] };
    // A big one while the worker reads journals put off: put off too (one worker at a time).
    if (plan === 'apart' || this.apart.started) return this.putOff(whole);
    whole.cuts = cutsAt(await cutAt(whole.file.abs, whole.file.size, format, SPLIT_AT));
    await readInParts([whole], this.book, this.progress, true, this.ingest);
  }

  /**
   * A big journal in an archive: copied to disk as the archive streams by (unless the archive is on disk already,
   * decoded: see SourceFile.region), then put off as a journal on disk is (its copy removed once read). Without a temporary file it is read from the stream; a copy that failed half way
   * (a full disk) is read in one go on this thread, from what was copied and then the stream, and said on the file.
   */
  private async spilled(file: SourceFile, format: Format, stat: InputStat, opened: Opened): Promise<void> {
    const region = file.region;
    if (region !== undefined) {
      // In an archive decoded to disk: put off as its byte range there, not copied.
      opened.stream?.destroy();
      this.ingest.regionsPutOff++;
      const release = region.hold();
      // Cut by the run's cap: read up to its last whole line, the cut one said apart (as a copy of the stream is).
      const why = file.capped?.() ?? null;
      const end = region.start + region.size;
      const whole = why === null ? end : lastLineEnd(region.abs, region.start, end);
      const tail = why === null ? null : tailText(region.abs, whole, end);
      await this.putOff({ file: { ...file, abs: region.abs, size: whole - region.start }, base: region.start, stat, format, cuts: [], spilled: { stopped: why, release, tail } });
      return;
    }
    // Cut by the run's cap within its head: read whole already.
    if (opened.stream === null) return this.readNow(file, format, stat, opened);
    const copy = await spill(opened.stream, file.capped);
    if ('begun' in copy) return this.readNow(file, format, stat, opened);
    if ('bytes' in copy) {
      this.ingest.spillsFailed++;
      stat.notes.push(`its copy to a temporary file failed (${copy.error}): read in one go from the archive instead`);
      await readFile(file, copy.bytes, format, stat, this.book, file.capped);
      return;
    }
    this.ingest.membersSpilled++;
    await this.putOff({ file: { ...file, abs: copy.abs, size: copy.size }, stat, format, cuts: [], spilled: { stopped: copy.stopped, tail: copy.tail } });
  }

  /** A journal read after every other file; on two threads cut in two from cutMin(), and handed to the worker (see PartSchedule). */
  private async putOff(whole: InParts): Promise<void> {
    const { file, format } = whole;
    if (this.two && file.size >= cutMin()) whole.cuts = cutsAt(await cutAt(file.abs, file.size, format, 0.5, whole.base));
    this.apart.add(whole);
  }

  /**
   * A big file the folder walk's look-ahead met, before discovery hands it on: when it is a journal that take()
   * will put off, its parts go to the worker now (PartSchedule.foresee). Sniffed as take() will sniff it; take()
   * puts it off in its turn, where its parts are joined, so the report does not change.
   */
  private async foresee(file: SourceFile): Promise<void> {
    let opened: Opened;
    try {
      opened = await open(file);
    } catch {
      return;
    }
    // Compressed data or an archive: discovery opens it, it is no file of its own.
    if (wrappingOf(opened.bytes.subarray(0, 512)) !== null) return;
    const format = this.sniffed(file, newStat(file.path, file.root), opened);
    if (format === null || planRead(file, format) !== 'apart') return;
    const whole: InParts = { file: file as SplitFile, stat: newStat(file.path, file.root), format, cuts: [] };
    if (file.size! >= cutMin()) whole.cuts = cutsAt(await cutAt(whole.file.abs, whole.file.size, format, 0.5));
    this.apart.foresee(whole);
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
      await readFile(file, [format.openBytes ? Buffer.from(file.bytes) : file.bytes], format, stat, this.book, file.capped);
      return;
    }
    if (stream !== null) {
      await readFile(file, stream, format, stat, this.book, file.capped);
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

  /** Every file is in: the journals put off, read in parts (on two threads: see PartSchedule). */
  async readPutOff(): Promise<void> {
    await this.apart.read(this.progress);
    for (const s of this.skipped) {
      const note = this.unreadMembers.note(s.path);
      if (note !== null) s.notes?.push(note);
    }
    for (const s of this.skipped) this.stats.push({ ...newStat(s.path, s.root ?? s.path), why: s.reason, notes: s.notes ?? [] });
  }

  /** Read every file of the inputs (discovery, then the journals put off). */
  async readAll(inputs: string[], bundle: DiscoverOptions | undefined): Promise<void> {
    mark('discovery starts');
    // On two threads, journals in folders go to the worker as soon as the walk's look-ahead meets them (see foresee).
    const bigAhead = this.two ? { min: apartMin(), seen: (f: SourceFile) => void this.seenAhead.push(f) } : undefined;
    for await (const file of discover(inputs, this.skipped, { ...bundle, bigAhead })) await this.take(file);
    this.seenAhead.length = 0;
    mark(`discovery done: ${this.stats.length} files`);
    await this.readPutOff();
    mark('put-off journals read and joined');
  }

  /** What this run read, as plain data (its events handed over, not copied). */
  part(): InputPart {
    const b = this.book;
    return {
      events: b.events,
      stats: this.stats,
      clock: b.clock.snapshot(),
      trackers: [...b.trackers].map(([path, { root, tracker: t }]) => [path, { root, idents: [...t.idents], first: t.first, last: t.last }]),
      hostVotes: [...b.rootJournalHosts].map(([root, votes]) => [root, [...votes]]),
      hostnames: [...b.rootHostname],
      cuts: b.cuts ?? [],
      unrecognized: b.unrecognized?.result() ?? null,
      ingest: this.ingest,
    };
  }

  /** Take in what a run over later inputs read, as if those inputs had been read here after the ones before. */
  absorb(p: InputPart): void {
    const b = this.book;
    const statOf = new Map(p.stats.map((s) => [s.path, s]));
    this.keepEvents(p.events, statOf);
    this.stats.push(...p.stats);
    b.clock.absorb(p.clock);
    for (const [path, { root, idents, first, last }] of p.trackers) {
      const t = trackerOf(b, path, root);
      for (const i of idents) if (t.idents.size < IDENTS_PER_FILE) t.idents.add(i);
      t.first ??= first;
      if (last) t.last = last;
    }
    for (const [root, votes] of p.hostVotes) for (const [host, n] of votes) voteHost(b, root, host, n);
    for (const [root, name] of p.hostnames) b.rootHostname.set(root, name);
    b.cuts?.push(...p.cuts);
    if (p.unrecognized !== null) b.unrecognized?.merge(p.unrecognized);
    addStats(this.ingest, p.ingest);
  }

  /**
   * The events of later inputs, under the run's cap: past it, each file's first event not kept is noted on the file
   * at its line (replacing the note of the other run's own cap, which it reached at that line or after).
   */
  private keepEvents(events: PmEvent[], statOf: Map<string, InputStat>): void {
    const b = this.book;
    const room = b.maxEvents === undefined ? events.length : Math.max(0, Math.min(events.length, b.maxEvents - b.events.length));
    for (let i = 0; i < room; i++) b.events.push(events[i]!);
    b.seq += room;
    const noted = new Set<string>();
    for (let i = room; i < events.length; i++) {
      const e = events[i]!;
      const stat = statOf.get(e.clockKey);
      if (stat === undefined || noted.has(e.clockKey)) continue;
      noted.add(e.clockKey);
      stat.notes = stat.notes.filter((n) => !n.startsWith(`the run's cap of ${b.maxEvents} events was reached`));
      roomForEvent(b, stat, e.source.line);
    }
  }

}

/** A cut found or not, as the cuts of InParts. */
const cutsAt = (cut: number | null): number[] => (cut === null ? [] : [cut]);

