// The worker thread that reads parts of big journals (see readInParts in ingest.ts), and its early
// start: the CLI starts it while the program loads when an input holds a file that big, so that it has loaded
// its modules (~0.2 s, on the other CPU) by the time the file is reached.

import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Journals are read on two threads when there is this much of them on disk (PODMORTEM_SPLIT_MIN, bytes: tests):
 * one this big is read in two parts when it is reached, smaller ones from APART_MIN up after every other file.
 * Below it one thread is as fast, or faster, and needs less memory: the second thread's start and its own warm-up
 * (each thread parses at a third of its speed for its first ~50 MB while both compile) cost what it reads.
 * Alternating runs, one thread against two: 100 MB journal 1.22-1.32 against 1.18-1.26 s; 400 MB journal
 * 1.92-2.02 against 1.90-1.94 s; three nodes of 133 MB 2.70-2.87 against 2.87-3.01 s, 35 MB less at the peak;
 * 1.6 GB journal ~7 against ~4.3 s.
 */
export const SPLIT_MIN = 768 * 1024 * 1024;
/**
 * Journals on disk of this size or more (and under SPLIT_MIN) are read after every other file, in parts on two
 * threads at once when they add up to SPLIT_MIN (see readInParts in ingest.ts): a sos collection of several
 * nodes holds one journal per node. PODMORTEM_APART_MIN (bytes): tests.
 */
export const APART_MIN = 32 * 1024 * 1024;
/**
 * The worker's old generation: what it keeps is its part's events (tens of MB); the cap makes its collector run
 * before garbage piles up. A part that needs more fails and the file is read whole.
 */
const WORKER_OLD_MB = 96;
/**
 * The worker's young generation: what it allocates is decoded text and records that die young, and its events
 * leave in batches. Node's default for a worker let it grow to 3 times this: measured on the bench's 1.6 GB
 * journal, 16 MB took the peak RSS from 240–246 MB to 213–220 MB and the wall time from 5.06–5.32 s to 4.92–5.05 s.
 */
const WORKER_YOUNG_MB = 16;
/** Entries looked at per input when deciding whether to start the worker early: a bundle's tree, not a disk. */
const LOOK_AT = 4096;

/** Whether this run may read a file in two threads (PODMORTEM_THREADS=1 reads every file in one go). */
export function twoThreads(): boolean {
  return process.env.PODMORTEM_THREADS !== '1' && availableParallelism() >= 2;
}

export function splitMin(): number {
  return Number(process.env.PODMORTEM_SPLIT_MIN) || SPLIT_MIN;
}

export function apartMin(): number {
  return Number(process.env.PODMORTEM_APART_MIN) || APART_MIN;
}


let early: Worker | null = null;
/** partWorker() was called: no worker is started early after that. */
let taken = false;

function spawn(): Worker {
  return new Worker(new URL('./ingest-worker.js', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: WORKER_OLD_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
}

/** A worker for a part: the one started early when there is one, else a new one. */
export function partWorker(): Worker {
  taken = true;
  const w = early ?? spawn();
  early = null;
  w.ref();
  return w;
}

/** The sizes of the regular files at `p` or under it that are APART_MIN or more, among its first LOOK_AT entries. */
function bigFiles(p: string, min: number): number[] {
  let seen = 0;
  const sizes: number[] = [];
  const queue = [p];
  while (queue.length > 0 && seen < LOOK_AT) {
    const at = queue.shift()!;
    try {
      const st = statSync(at);
      seen++;
      if (st.isFile() && st.size >= min) sizes.push(st.size);
      if (st.isDirectory()) for (const name of readdirSync(at).sort()) queue.push(path.join(at, name));
    } catch {
      // unreadable: the run says so
    }
  }
  return sizes;
}

/**
 * Start the worker now when the paths (the CLI's arguments: inputs, and whatever else is a path) hold journals a
 * run reads on two threads (see SPLIT_MIN); it waits, unreferenced, for
 * partWorker(). The look is synchronous and bounded (a sos report's tree of a few thousand entries: a few ms),
 * and never fails.
 */
export function startEarly(paths: string[]): void {
  if (early !== null || taken || !twoThreads()) return;
  const min = Math.min(apartMin(), splitMin());
  // What ingest reads on two threads: one journal of SPLIT_MIN, or journals from APART_MIN up adding up to it.
  const sizes = paths.flatMap((p) => bigFiles(p, min));
  if (sizes.reduce((a, b) => a + b, 0) < splitMin()) return;
  early = spawn();
  // Not a reason to stay alive: a run that never splits exits with it still waiting.
  early.unref();
  early.on('error', () => {
    early = null;
  });
}
