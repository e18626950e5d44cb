// Worker thread of ingest: its share of the parts of big journals (schedule.ts), sending their events in batches
// as they come (packed: see events/pack.ts) and then the rest of each part as plain data.

import { parentPort } from 'node:worker_threads';
import { pack } from '../../events/pack.js';
import { SharedReach } from '../../bundle/file-chunks.js';
import { readPart, type PartJob } from './part.js';
import { cutEnd, STEAL_SHARE } from './steal.js';
import type { FromWorker, ToWorker } from './worker-client.js';

const post = (m: FromWorker): void => parentPort!.postMessage(m);

parentPort!.on('message', (m: ToWorker) => void readParts(m.jobs, new Int32Array(m.next)));

/** The next part nobody took, until none is left; then the end of the main thread's part, if worth taking. */
async function readParts(jobs: PartJob[], next: Int32Array): Promise<void> {
  for (let i = Atomics.add(next, 0, 1); i < jobs.length; i = Atomics.add(next, 0, 1)) await send(i, jobs[i]!);
  const taken = await cutEnd(
    jobs,
    jobs.map((j) => (j.reach ? new SharedReach(j.reach) : null)),
    STEAL_SHARE.worker,
  );
  if (taken !== null) {
    // Numbered -1 here: the main thread gives it its place among the jobs when this message comes.
    post({ piece: -1, from: taken.from, job: taken.job });
    await send(-1, taken.job);
  }
  post({ done: true });
}

/** Read a part, sending its events in batches as they come and then the rest of it. */
async function send(index: number, job: PartJob): Promise<void> {
  const part = await readPart(job, (events) => post({ index, events: pack(events) }));
  const events = pack(part.events);
  part.events = [];
  post({ index, part, events });
}
