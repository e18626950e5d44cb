// The worker thread that reads parts of big journals (schedule.ts), and its early start: the CLI starts it while
// the program loads when an input holds that much journal, so that it has loaded its modules (on the other CPU)
// by the time the file is reached.

import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { wrappingOf } from '../../bundle/_magic.js';
import { workerKeepingYoungSmall } from '../../young-gen.js';
import { apartMin, cutMin, LOOK_AT, splitMin, twoThreads, WORKER_OLD_MB, WORKER_YOUNG_MB } from '../tuning.js';

let early: Worker | null = null;
/** partWorker() was called: no worker is started early after that. */
let taken = false;

/** Named as scripts/bundle.mjs names the worker's bundle: dist/ingest/parallel/worker.js, or dist/packed/worker.js. */
const THREAD = new URL('./worker.js', import.meta.url);

function spawn(): Worker {
  return workerKeepingYoungSmall(THREAD, { resourceLimits: { maxOldGenerationSizeMb: WORKER_OLD_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
}

let available: boolean | null = null;
/** Whether the worker can be started: the program runs from its build (run from TypeScript sources, as tests do, there is none). */
export function partWorkerAvailable(): boolean {
  return (available ??= existsSync(fileURLToPath(THREAD)));
}

/** Whether a worker started early is waiting for its first part (the inputs hold two journals or one big one). */
export function waitingEarly(): boolean {
  return early !== null;
}

/** A worker for a part: the one started early when there is one, else a new one. */
export function partWorker(): Worker {
  taken = true;
  const w = early ?? spawn();
  early = null;
  w.ref();
  return w;
}

/**
 * Text logs compress 5–20×: a compressed file (an .xz, .gz or .zst sos report) counts as this many times its size,
 * so that the worker loads while its journal is decoded (a sos .tar.xz of 10 MB holds a 100 MB journal).
 */
const COMPRESSED_GUESS = 8;

/** The size a file is counted at by startEarly: its own, or COMPRESSED_GUESS times that when compressed (by its magic). */
export function guessedSize(at: string, size: number, min: number): number {
  if (size >= min || size * COMPRESSED_GUESS < min) return size;
  try {
    const fd = openSync(at, 'r');
    try {
      const head = Buffer.alloc(6);
      const w = wrappingOf(head.subarray(0, readSync(fd, head, 0, 6, 0)));
      return w === 'xz' || w === 'gzip' || w === 'zstd' ? size * COMPRESSED_GUESS : size;
    } finally {
      closeSync(fd);
    }
  } catch {
    return size;
  }
}

/**
 * Add to `sizes` those of the regular files at `p` or under it that are `min` or more (compressed ones by
 * guessedSize), among its first LOOK_AT entries, until `enough`. Folders are told by their listing, only files are
 * stat'ed: this runs before the program loads, on the thread every run waits for.
 */
function bigFiles(p: string, min: number, sizes: number[], enough: () => boolean): void {
  let seen = 0;
  const file = (at: string): void => {
    const st = statSync(at);
    const size = st.isFile() ? guessedSize(at, st.size, min) : 0;
    if (size >= min) sizes.push(size);
  };
  const queue: string[] = [];
  try {
    if (statSync(p).isDirectory()) queue.push(p);
    else return file(p);
  } catch {
    return;
  }
  while (queue.length > 0 && seen < LOOK_AT && !enough()) {
    const dir = queue.shift()!;
    try {
      for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        if (++seen > LOOK_AT || enough()) break;
        const at = path.join(dir, e.name);
        if (e.isDirectory()) queue.push(at);
        else if (e.isFile()) file(at);
      }
    } catch {
      // unreadable: the run says so
    }
  }
}

/**
 * Start the worker now when the paths (the CLI's arguments: inputs, and whatever else is a path) hold files as big
 * as journals ingest reads on two threads; it waits, unreferenced, for partWorker(). The look is
 * synchronous and bounded (a sos report's tree of a few thousand entries: a few ms), and never fails.
 */
export function startEarly(paths: string[]): void {
  if (early !== null || taken || !twoThreads()) return;
  // What ingest reads on two threads: two journals of APART_MIN or more, or one of cutMin() (see PartSchedule).
  const sizes: number[] = [];
  const enough = (): boolean => sizes.length >= 2 || sizes.some((s) => s >= Math.min(cutMin(), splitMin()));
  for (const p of paths) if (!enough()) bigFiles(p, Math.min(apartMin(), splitMin()), sizes, enough);
  if (!enough()) return;
  early = spawn();
  // Not a reason to stay alive: a run that never splits exits with it still waiting.
  early.unref();
  early.on('error', () => {
    early = null;
  });
}
