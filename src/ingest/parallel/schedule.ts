// Journals read in parts on two threads: the main thread and a worker each take the next part not taken (a
// counter both share, claim.ts) as they come free, the worker from the moment the first journal is found, the
// thread done first takes the end of the other's part (steal.ts), and the parts are joined in file order whichever
// thread read them (join.ts), so the report does not depend on who read what.

import { SharedReach } from '../../bundle/file-chunks.js';
import type { SourceFile } from '../../bundle/discover.js';
import { countUnparsed, type InputStat } from '../../diagnostics/counters.js';
import type { Format } from '../../formats/types.js';
import type { RunBook } from '../run-book.js';
import type { IngestStats } from '../stats.js';
import { unspill } from '../spill.js';
import { CUT_LINE } from '../read-lines.js';
import { mainParts } from '../tuning.js';
import { joinable, joinPart, shiftPart } from './join.js';
import { readPart, type Part, type PartJob } from './part.js';
import { claimNext } from './claim.js';
import { stealEnd } from './steal.js';
import { waitingEarly } from './spawn.js';
import { partsInWorker, type WorkerShare } from './worker-client.js';
import { mark } from '../trace.js';

/** A journal read in parts: where it is cut (none: whole). */
export interface InParts {
  file: SourceFile & { abs: string; size: number };
  stat: InputStat;
  format: Format;
  /** Where the file starts in `abs` (a member of a tar decoded to disk: bundle/tar-file.ts); 0 when left out. Cuts count from 0 of `abs`. */
  base?: number;
  cuts: number[];
  /**
   * A temporary copy of an archive member (ingest/spill.ts) or a byte range of an archive decoded to disk: removed
   * (`release`d) once read; its bytes were counted as the archive's; `stopped`: the error that ended the member
   * early, said as reading it from the stream says it; `tail`: the start of the line the run's cap cut (not in the
   * range), counted unparsed as cut as reading the stream counts it (CUT_LINE).
   */
  spilled?: { stopped: string | null; release?: () => void; tail?: string | null };
}

/** Let the worker's messages in: its events are taken in as they come. */
const yieldToMessages = (): Promise<unknown> => new Promise((resolve) => setImmediate(resolve));

/**
 * Journals read in parts, as a schedule: files are added as discovery finds them, and read by `read()` once every
 * other file is read. On two threads with `early` (the main thread of a run over files on disk), the worker is
 * started once there are two parts and takes parts in order while this thread reads the other files; else the
 * worker (if any) starts when reading does. Either way the parts are joined in the order the files were added, so the
 * report does not depend on who read what, nor when.
 */
export class PartSchedule {
  private readonly files: InParts[] = [];
  private readonly jobs: PartJob[] = [];
  /** Each file's jobs (its parts in order), by index in `jobs`. */
  private readonly ofFile: number[][] = [];
  /** Each job's reach, shared with the other thread, which may take the end of it (cutEnd); null on one thread. */
  private readonly reaches: (SharedReach | null)[] = [];
  private readonly next = new Int32Array(new SharedArrayBuffer(4));
  private worker: WorkerShare | null = null;
  /** Jobs handed to the worker so far. */
  private handed = 0;
  /** Journals foreseen (see foresee), by path on disk: their jobs, until discovery reaches them. */
  private readonly ahead = new Map<string, { f: InParts; jobs: number[] }>();
  /** Jobs of journals foreseen that discovery never put off as foreseen: nobody needs them read. */
  private readonly orphans = new Set<number>();

  constructor(
    private readonly run: RunBook,
    private readonly two: boolean,
    private readonly stats: IngestStats,
    private readonly early = false,
  ) {}

  /** Whether the worker has been started (files added later go to it too). */
  get started(): boolean {
    return this.worker !== null;
  }

  get size(): number {
    return this.files.length;
  }

  /**
   * Add a file, cut at `cuts` (none: whole); with `early`, the worker may start on its parts now. A file foreseen
   * as it is now takes the jobs made then (the worker may have read them already); one that changed since, new ones.
   */
  add(f: InParts): void {
    this.files.push(f);
    const seen = this.ahead.get(f.file.abs);
    if (seen !== undefined) {
      this.ahead.delete(f.file.abs);
      if (sameRead(seen.f, f)) {
        this.ofFile.push(seen.jobs);
        this.stats.foreseen++;
        mark(`put off ${f.file.path}, foreseen`);
        return;
      }
      for (const i of seen.jobs) this.orphans.add(i);
    }
    const mine = this.jobsOf(f);
    this.ofFile.push(mine);
    mark(`put off ${f.file.path} (${mine.length} part${mine.length === 1 ? '' : 's'})`);
    // Once there are two parts to share: a lone journal under cutMin() is read on this thread (see CUT_MIN). The
    // first one goes at once when the worker started early (the inputs hold another journal: see startEarly) or is a
    // copy of an archive's member (this thread has the rest of the archive to read): this thread takes the end of
    // the part if the worker is still at it when this thread is done (steal.ts).
    this.handEarly(f.spilled !== undefined);
  }

  /**
   * A journal on disk that discovery will put off when it reaches it (the folder walk's look-ahead met it: see
   * bundle/tree.ts), read before: its jobs are made now and handed to the worker as add() would, so that the worker
   * reads a sos collection's journals while this thread reads the thousands of small files before them. The parts
   * are joined where discovery puts the file off (add), so the report is the same; jobs of a file that discovery
   * then finds changed, or never puts off, are left unjoined (orphans).
   */
  foresee(f: InParts): void {
    if (this.ahead.has(f.file.abs)) return;
    this.ahead.set(f.file.abs, { f, jobs: this.jobsOf(f) });
    mark(`foresees ${f.file.path}`);
    this.handEarly(false);
  }

  /** The jobs of a file, made and numbered: one a part. */
  private jobsOf(f: InParts): number[] {
    const { file, format, cuts } = f;
    const base = f.base ?? 0;
    const whole: PartJob = { abs: file.abs, start: base, end: base + file.size, path: file.path, root: file.root, mtimeUs: file.mtimeUs, format: format.id, maxLine: this.run.maxLine, unrecognized: this.run.unrecognized !== undefined };
    const bounds = [base, ...cuts, base + file.size];
    const mine: number[] = [];
    for (let k = 0; k < bounds.length - 1; k++) {
      const reach = this.two ? SharedReach.make(bounds[k]!, bounds[k + 1]!) : null;
      mine.push(this.jobs.push({ ...whole, start: bounds[k]!, end: bounds[k + 1]!, reach: reach?.buffer }) - 1);
      this.reaches.push(reach);
    }
    return mine;
  }

  /** Start the worker on the jobs so far, with `early`, once there are two (or it waits already, or `now`). */
  private handEarly(now: boolean): void {
    if (this.two && this.early && (this.jobs.length >= 2 || now || waitingEarly())) {
      this.stats.handedEarly += this.jobs.length - this.handed;
      this.startWorker();
    }
  }

  private startWorker(): void {
    this.worker ??= partsInWorker(this.jobs, this.next, this.run.values, this.ofFile, this.stats);
    this.worker.hand();
    this.handed = this.jobs.length;
  }

  /**
   * Read every part not taken yet, on two threads when `two` (else this thread reads every part itself, in order),
   * and join each file's parts in file order; a file whose parts do not join (see joinable) or that the worker
   * could not finish is read again here, whole.
   */
  async read(progress: ((n: number) => void) | undefined): Promise<void> {
    for (const { jobs } of this.ahead.values()) for (const i of jobs) this.orphans.add(i);
    this.ahead.clear();
    this.stats.foreseenUnused = this.orphans.size;
    if (this.files.length === 0 && this.worker === null) return;
    const parts = await this.readAll();
    const { files, jobs, ofFile, run, stats } = this;
    for (let f = 0; f < files.length; f++) {
      const { file, stat, format } = files[f]!;
      const got = ofFile[f]!.map((i) => parts[i] ?? null);
      for (const i of ofFile[f]!) parts[i] = null;
      if (got.every((p, k) => p !== null && (k === 0 || joinable(format, got[k - 1]!, p)))) {
        for (let k = 1, lines = got[0]!.stat.lines; k < got.length; lines += got[k]!.stat.lines, k++) shiftPart(got[k]!, lines, file.path);
        for (const part of got) joinPart(file, part!, stat, run);
        if (got.length > 1) stats.partsJoined += got.length;
      } else {
        stats.rereadWhole++;
        const base = files[f]!.base ?? 0;
        joinPart(file, await readPart({ ...jobs[ofFile[f]![0]!]!, start: base, end: base + file.size, reach: undefined }, undefined, run.values), stat, run);
      }
      const spilled = files[f]!.spilled;
      if (spilled === undefined) progress?.(file.size);
      else {
        if (spilled.release !== undefined) spilled.release();
        else unspill(file.abs);
        if (spilled.stopped !== null) {
          const line = stat.lines + 1;
          if (spilled.tail != null) {
            stat.lines++;
            countUnparsed(stat, line, CUT_LINE, spilled.tail);
          }
          stat.notes.push(`reading stopped at line ${line}: ${spilled.stopped}`);
        }
      }
    }
  }

  /** Every job read, by this thread and the worker (if any): the parts by job index (null: not read). */
  private async readAll(): Promise<(Part | null)[]> {
    const { jobs, next, run, stats } = this;
    // This thread takes the first part not taken before a worker that starts now hears of any.
    let i = claimNext(next, jobs.length);
    if (this.two && (this.worker !== null || jobs.length - this.orphans.size >= 2)) this.startWorker();
    const fromWorker = this.worker;
    fromWorker?.end();
    const parts: (Part | null)[] = jobs.map(() => null);
    // Pieces the worker cuts from this thread's parts join `jobs` as its messages come in: not taken from here.
    const count = jobs.length;
    const mine = fromWorker ? mainParts() : Infinity;
    for (let taken = 1; i !== null; i = taken < mine ? claimNext(next, count) : null, taken++) {
      // Foreseen and then not put off: nothing joins it.
      if (this.orphans.has(i)) continue;
      mark(`reads part ${i} of ${jobs[i]!.path}`);
      parts[i] = await readPart(jobs[i]!, undefined, run.values);
      mark(`read part ${i}`);
      stats.partsRead.main++;
      await yieldToMessages();
    }
    if (fromWorker === null) return parts;
    const piece = await stealEnd(jobs, this.orphans.size === 0 ? this.reaches : this.reaches.map((r, k) => (this.orphans.has(k) ? null : r)), this.ofFile);
    if (piece !== null) {
      stats.steals++;
      parts[piece] = await readPart(jobs[piece]!, undefined, run.values);
      stats.partsRead.main++;
      await yieldToMessages();
    }
    mark('waits for the worker');
    await warmWhileWaiting(parts, fromWorker.finished, stats);
    // The worker's heap goes before the parts are joined: the peak is both threads at once, not one after.
    const theirs = await fromWorker.parts.finally(() => fromWorker.close());
    for (const [k, part] of theirs) parts[k] = part;
    return parts;
  }
}

/** Read the files in parts now, on two threads when `two` (see PartSchedule). */
export async function readInParts(files: InParts[], run: RunBook, progress: ((n: number) => void) | undefined, two: boolean, stats: IngestStats): Promise<void> {
  const schedule = new PartSchedule(run, two, stats);
  for (const f of files) schedule.add(f);
  await schedule.read(progress);
}

/**
 * Look at each event this thread read while the worker is still reading, until it is done. Joining, clock and
 * timeline look at every event; the first look at one read seconds before is slow (its memory long out of the
 * caches), on the one thread every run waits for. Made here, that look costs nothing when this thread would only
 * have waited, and no more than it would later when not.
 */
async function warmWhileWaiting(parts: readonly (Part | null)[], finished: () => boolean, stats: IngestStats): Promise<void> {
  let sum = 0;
  let looked = 0;
  for (const part of parts) {
    const events = part?.events ?? [];
    for (let i = 0; i < events.length && !finished(); ) {
      for (const end = Math.min(events.length, i + 2048); i < end; i++) {
        const e = events[i]!;
        sum += e.source.line + e.ids.length + e.prefixes.length + e.text.length + (e.stamp?.second ?? 0);
        looked++;
      }
      // Let the worker's messages in: its last one ends this.
      await yieldToMessages();
    }
  }
  stats.eventsWarmed += looked;
  stats.warmSum += sum;
}

/** Whether two schedulings of a file read the same bytes as the same file (a foreseen one, as discovery found it). */
function sameRead(a: InParts, b: InParts): boolean {
  const x = a.file;
  const y = b.file;
  return x.abs === y.abs && x.path === y.path && x.root === y.root && x.size === y.size && x.mtimeUs === y.mtimeUs && a.format === b.format && (a.base ?? 0) === (b.base ?? 0) && a.spilled === undefined && b.spilled === undefined && a.cuts.length === b.cuts.length && a.cuts.every((c, k) => c === b.cuts[k]);
}
