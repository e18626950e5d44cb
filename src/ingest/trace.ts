// PODMORTEM_TRACE=1: a line on stderr at each stage of a run (files found, parts taken and read, events in, ingest
// and report done), with the time since launch and the thread's own CPU, to see where a thread waits (BENCHMARKS.md,
// "Where the threads wait"). Off, a mark costs one test of a constant.

import { readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { traceOn } from './tuning.js';

const on = traceOn();
const who = isMainThread ? 'main' : 'worker';

/** This thread's CPU time in ms (on-CPU nanoseconds from the scheduler), or -1 where there is no /proc. */
function cpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6;
  } catch {
    return -1;
  }
}

/** Say `what` happened now (PODMORTEM_TRACE=1 only). */
export function mark(what: string): void {
  if (!on) return;
  process.stderr.write(`[trace] ${performance.timeOrigin + performance.now() - startedAt() | 0}ms ${who} cpu=${cpuMs() | 0}ms ${what}\n`);
}

/** The process's launch, as a time origin (a worker's own origin is its start). */
function startedAt(): number {
  // /proc/self/stat's start time is in clock ticks since boot; uptime gives boot's wall time.
  return (launch ??= (() => {
    try {
      const ticks = Number(readFileSync('/proc/self/stat', 'latin1').split(') ')[1]!.split(' ')[19]);
      const uptime = Number(readFileSync('/proc/uptime', 'latin1').split(' ')[0]);
      return Date.now() - uptime * 1000 + (ticks / 100) * 1000;
    } catch {
      return performance.timeOrigin;
    }
  })());
}
let launch: number | undefined;
