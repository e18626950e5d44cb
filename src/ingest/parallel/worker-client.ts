// The main thread's side of the worker that reads parts: what it sends and receives, and the parts it read.

import type { PmEvent } from '../../events/types.js';
import { unpack, type PackedEvents } from '../../events/pack.js';
import type { ValuePool } from '../event-sink.js';
import type { IngestStats } from '../stats.js';
import type { Part, PartJob } from './part.js';
import { partWorker } from './spawn.js';
import { addPiece } from './steal.js';

/** To the worker: every job, and the counter of the next one not taken (shared by both threads). */
export interface ToWorker {
  jobs: PartJob[];
  next: SharedArrayBuffer;
}

/** From the worker: a batch of a part's events (with the rest of the part when it is done), a piece it cut, or the end. */
export type FromWorker = { index: number; events: PackedEvents; part?: Part } | { done: true } | { piece: number; from: number; job: PartJob };

/**
 * The worker's share of readInParts: the parts it read by index, once it has taken the last one (or failed: the
 * parts it took and did not finish are missing from the map); `finished` says whether that has come.
 */
export function partsInWorker(jobs: PartJob[], next: Int32Array, values: ValuePool, ofFile: number[][], stats: IngestStats): { parts: Promise<Map<number, Part>>; finished: () => boolean; close: () => Promise<number> } {
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
        stats.partsRead.worker++;
      }
    });
    worker.once('error', () => resolve(done));
    worker.once('exit', () => resolve(done));
  });
  void parts.then(() => (finished = true));
  const message: ToWorker = { jobs, next: next.buffer as SharedArrayBuffer };
  worker.postMessage(message);
  return { parts, finished: () => finished, close: () => worker.terminate() };
}
