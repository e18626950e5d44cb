// Journals read in parts on two threads: the main thread and a worker each take the next part not taken (a
// counter both share) as they come free, the thread done first takes the end of the other's part (steal.ts), and
// the parts are joined in file order whichever thread read them (join.ts), so the report does not depend on who
// read what.

import { SharedReach } from '../../bundle/file-chunks.js';
import type { SourceFile } from '../../bundle/discover.js';
import type { InputStat } from '../../diagnostics/counters.js';
import type { Format } from '../../formats/types.js';
import type { RunBook } from '../run-book.js';
import type { IngestStats } from '../stats.js';
import { mainParts } from '../tuning.js';
import { joinable, joinPart, shiftPart } from './join.js';
import { readPart, type Part, type PartJob } from './part.js';
import { stealEnd } from './steal.js';
import { partsInWorker } from './worker-client.js';

/** A journal read in parts: where it is cut (none: whole). */
export interface InParts {
  file: SourceFile & { abs: string; size: number };
  stat: InputStat;
  format: Format;
  cuts: number[];
}

/** Let the worker's messages in: its events are taken in as they come. */
const yieldToMessages = (): Promise<unknown> => new Promise((resolve) => setImmediate(resolve));

/** Each file's jobs (its parts in order), by index in the list of every job. */
function jobsOf(files: readonly InParts[], run: RunBook): { jobs: PartJob[]; ofFile: number[][] } {
  const jobs: PartJob[] = [];
  const ofFile: number[][] = [];
  for (const { file, format, cuts } of files) {
    const whole: PartJob = { abs: file.abs, start: 0, end: file.size, path: file.path, root: file.root, mtimeUs: file.mtimeUs, format: format.id, maxLine: run.maxLine, unrecognized: run.unrecognized !== undefined };
    const bounds = [0, ...cuts, file.size];
    ofFile.push(cuts.length === 0 ? [jobs.push(whole) - 1] : bounds.slice(1).map((end, k) => jobs.push({ ...whole, start: bounds[k]!, end }) - 1));
  }
  return { jobs, ofFile };
}

/**
 * Read the files in parts, on two threads when `two` (else this thread reads every part itself, in the same
 * order), and join each file's parts in file order; a file whose parts do not join (see joinable) or that the
 * worker could not finish is read again here, whole.
 */
export async function readInParts(files: InParts[], run: RunBook, progress: ((n: number) => void) | undefined, two: boolean, stats: IngestStats): Promise<void> {
  if (files.length === 0) return;
  const { jobs, ofFile } = jobsOf(files, run);
  const parts = await readAll(jobs, ofFile, run, two, stats);
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
      joinPart(file, await readPart({ ...jobs[ofFile[f]![0]!]!, start: 0, end: file.size, reach: undefined }, undefined, run.values), stat, run);
    }
    progress?.(file.size);
  }
}

/** Every job read, by this thread and (when `two`) the worker: the parts by job index (null: not read). */
async function readAll(jobs: PartJob[], ofFile: number[][], run: RunBook, two: boolean, stats: IngestStats): Promise<(Part | null)[]> {
  const next = new Int32Array(new SharedArrayBuffer(4));
  // This thread takes the first part before the worker hears of any.
  let i = Atomics.add(next, 0, 1);
  const withWorker = two && jobs.length >= 2;
  // Each part's reach, shared with the other thread, which may take the end of it (cutEnd).
  const reaches = jobs.map((job) => (withWorker ? SharedReach.make(job.start, job.end) : null));
  jobs.forEach((job, k) => (job.reach = reaches[k]?.buffer));
  const fromWorker = withWorker ? partsInWorker(jobs, next, run.values, ofFile, stats) : null;
  const parts: (Part | null)[] = jobs.map(() => null);
  // The jobs to share out: pieces the worker cuts from this thread's parts join `jobs` as its messages come in.
  const count = jobs.length;
  const mine = withWorker ? mainParts() : Infinity;
  for (let taken = 1; i < count; i = Atomics.add(next, 0, 1), taken++) {
    parts[i] = await readPart(jobs[i]!, undefined, run.values);
    stats.partsRead.main++;
    await yieldToMessages();
    if (taken >= mine) break;
  }
  if (fromWorker === null) return parts;
  const piece = await stealEnd(jobs, reaches, ofFile);
  if (piece !== null) {
    stats.steals++;
    parts[piece] = await readPart(jobs[piece]!, undefined, run.values);
    stats.partsRead.main++;
    await yieldToMessages();
  }
  await warmWhileWaiting(parts, fromWorker.finished, stats);
  // The worker's heap goes before the parts are joined: the peak is both threads at once, not one after.
  const theirs = await fromWorker.parts.finally(() => fromWorker.close());
  for (const [i, part] of theirs) parts[i] = part;
  return parts;
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
