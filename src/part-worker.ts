// The worker thread that reads the second part of a big journal (see readSplit in ingest.ts), and its early
// start: the CLI starts it while the program loads when an input holds a file that big, so that it has loaded
// its modules (~0.2 s, on the other CPU) by the time the file is reached.

import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** A journal this big on disk is read in two parts at once (PODMORTEM_SPLIT_MIN, bytes: tests). */
export const SPLIT_MIN = 768 * 1024 * 1024;
/**
 * The worker's old generation: what it keeps is its part's events (tens of MB); the cap makes its collector run
 * before garbage piles up. A part that needs more fails and the file is read whole.
 */
const WORKER_OLD_MB = 96;
/** Entries looked at per input when deciding whether to start the worker early: a bundle's tree, not a disk. */
const LOOK_AT = 4096;

/** Whether this run may read a file in two threads (PODMORTEM_THREADS=1 reads every file in one go). */
export function twoThreads(): boolean {
  return process.env.PODMORTEM_THREADS !== '1' && availableParallelism() >= 2;
}

export function splitMin(): number {
  return Number(process.env.PODMORTEM_SPLIT_MIN) || SPLIT_MIN;
}

let early: Worker | null = null;
/** partWorker() was called: no worker is started early after that. */
let taken = false;

function spawn(): Worker {
  return new Worker(new URL('./ingest-worker.js', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: WORKER_OLD_MB } });
}

/** A worker for a part: the one started early when there is one, else a new one. */
export function partWorker(): Worker {
  taken = true;
  const w = early ?? spawn();
  early = null;
  w.ref();
  return w;
}

/** Whether `p` is, or holds within its first LOOK_AT entries, a regular file of `min` bytes or more. */
function holdsBig(p: string, min: number): boolean {
  let seen = 0;
  const queue = [p];
  while (queue.length > 0 && seen < LOOK_AT) {
    const at = queue.shift()!;
    try {
      const st = statSync(at);
      seen++;
      if (st.isFile() && st.size >= min) return true;
      if (st.isDirectory()) for (const name of readdirSync(at).sort()) queue.push(path.join(at, name));
    } catch {
      // unreadable: the run says so
    }
  }
  return false;
}

/**
 * Start the worker now when one of the paths (the CLI's arguments: inputs, and whatever else is a path) is or
 * holds a regular file of SPLIT_MIN bytes or more; it waits, unreferenced, for partWorker(). The look is
 * synchronous and bounded (a sos report's tree of a few thousand entries: a few ms), and never fails.
 */
export function startEarly(paths: string[]): void {
  if (early !== null || taken || !twoThreads()) return;
  const min = splitMin();
  if (!paths.some((p) => holdsBig(p, min))) return;
  early = spawn();
  // Not a reason to stay alive: a run that never splits exits with it still waiting.
  early.unref();
  early.on('error', () => {
    early = null;
  });
}
