// The young generation kept at its first size (1 MB semi-spaces) instead of growing to 16 MB ones: what a run
// allocates either dies within a line or two (decoded text, records) or lives to the end (events), so a bigger
// young generation only copies the survivors later, and its 32 MB stayed mapped to the end of the run. A lone
// 100 MB journal peaked at 88 MB RSS instead of 113 MB for the same CPU (BENCHMARKS.md: "The young generation").
// bin/podmortem.js sets the flag at start; PODMORTEM_YOUNG=grow leaves V8's default (experiments).

import v8 from 'node:v8';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { youngGrows } from './ingest/tuning.js';

export const KEEP_YOUNG_SMALL = '--semi-space-growth-factor=1';

/**
 * A worker whose first act is to set the flag again: V8 raises a growth factor under 2 back to 2 when it sets up a
 * heap (Heap::ConfigureHeap), and the flag is the process's, so this thread's young generation grew to 32 MB again
 * after a worker started (three sos folders: 166 MB RSS, 131 MB on one thread). Set by the worker's module, it came
 * after its imports were loaded, and this thread's had grown meanwhile; set from the main thread once the worker is
 * online, it came when this thread's loop got to the message.
 */
export function workerKeepingYoungSmall(module: URL, options: WorkerOptions): Worker {
  if (youngGrows()) return new Worker(module, options);
  const boot = `require('node:v8').setFlagsFromString(${JSON.stringify(KEEP_YOUNG_SMALL)}); import(${JSON.stringify(module.href)}).catch((e) => process.nextTick(() => { throw e; }));`;
  return new Worker(boot, { ...options, eval: true });
}
