// The main thread's side of the worker that reads parts: what it sends and receives, and the parts it read.

import type { PmEvent } from '../../events/types.js';
import { unpack, type PackedEvents } from '../../events/pack.js';
import type { ValuePool } from '../event-sink.js';
import type { IngestStats } from '../stats.js';
import type { Part, PartJob } from './part.js';
import { partWorker } from './spawn.js';
import { addPiece } from './steal.js';
import { mark } from '../trace.js';

/**
 * To the worker: jobs after those handed over before, in order; with the first message the counter of the next
 * job not taken (shared by both threads); `end` once no more will come.
 */
export interface ToWorker {
  jobs: PartJob[];
  next?: SharedArrayBuffer;
  end?: boolean;
}

/** The worker's share of a schedule, seen from this thread. */
export interface WorkerShare {
  /** Hand over the jobs added since the last call (all of `jobs` the first time). */
  hand(): void;
  /** No more jobs will come: the worker finishes what it can take, then takes the end of a part of this thread's. */
  end(): void;
  /** The parts it read by index, once it is done (or failed: the parts it took and did not finish are missing). */
  parts: Promise<Map<number, Part>>;
  /** Whether `parts` has come. */
  finished(): boolean;
  close(): Promise<number>;
}

/** From the worker: a batch of a part's events (with the rest of the part when it is done), a piece it cut, or the end. */
export type FromWorker = { index: number; events: PackedEvents; part?: Part } | { done: true } | { piece: number; from: number; job: PartJob };

/**
 * Start the worker's share of a schedule: it takes jobs from `jobs` (this thread's list, which grows) as they are
 * handed over, through the counter `next`.
 */
export function partsInWorker(jobs: PartJob[], next: Int32Array, values: ValuePool, ofFile: number[][], stats: IngestStats): WorkerShare {
  const worker = partWorker();
  stats.workers++;
  const done = new Map<number, Part>();
  const batches = new Map<number, PmEvent[][]>();
  /** The jobs the worker cut from this thread's parts, by the worker's own (negative) numbers. */
  const pieces = new Map<number, number>();
  let finished = false;
  const parts = new Promise<Map<number, Part>>((resolve) => {
    worker.on('message', (m: FromWorker) => {
      if ('done' in m) return resolve(done);
      if ('piece' in m) {
        stats.steals++;
        return void pieces.set(m.piece, addPiece(jobs, ofFile, m.from, m.job));
      }
      const index = m.index < 0 ? pieces.get(m.index)! : m.index;
      const job = jobs[index]!;
      let mine = batches.get(index);
      if (!mine) batches.set(index, (mine = []));
      mine.push(unpack(m.events, job.path, job.root, values));
      if (m.part !== undefined) {
        m.part.events = mine.flat();
        batches.delete(index);
        done.set(index, m.part);
        mark(`has the worker's part ${index}`);
        stats.partsRead.worker++;
      }
    });
    worker.once('error', () => resolve(done));
    worker.once('exit', () => resolve(done));
  });
  void parts.then(() => (finished = true));
  /** Jobs handed over so far: the first `posted` of `jobs` (pieces cut later are added past them, after the end). */
  let posted = 0;
  const hand = (): void => {
    const message: ToWorker = { jobs: jobs.slice(posted), next: posted === 0 ? (next.buffer as SharedArrayBuffer) : undefined };
    posted = jobs.length;
    worker.postMessage(message);
  };
  return { hand, end: () => worker.postMessage({ jobs: [], end: true } satisfies ToWorker), parts, finished: () => finished, close: () => worker.terminate() };
}
