// Worker thread of ingest: its share of the parts of journals (schedule.ts), taken in order as they are handed over
// (while discovery goes on, or all at once), sending their events in batches as they come (packed: see
// events/pack.ts) and then the rest of each part as plain data.

import { parentPort } from 'node:worker_threads';
import { pack } from '../../events/pack.js';
import { SharedReach } from '../../bundle/file-chunks.js';
import { claimNext } from './claim.js';
import { readPart, type PartJob } from './part.js';
import { cutEnd, STEAL_SHARE } from './steal.js';
import type { FromWorker, ToWorker } from './worker-client.js';
import { mark } from '../trace.js';

const post = (m: FromWorker): void => parentPort!.postMessage(m);

/** Every job handed over so far, in the schedule's order. */
const jobs: PartJob[] = [];
let next: Int32Array | null = null;
/** No job will come after those handed over. */
let ended = false;
/** Wakes the reader waiting for jobs. */
let wake: (() => void) | null = null;

parentPort!.on('message', (m: ToWorker) => {
  const first = next === null;
  if (m.next !== undefined) next = new Int32Array(m.next);
  jobs.push(...m.jobs);
  if (m.end === true) ended = true;
  wake?.();
  wake = null;
  if (first) void readParts();
});

/** The next part nobody took, until none is left and none will come; then the end of the main thread's part, if worth taking. */
async function readParts(): Promise<void> {
  for (;;) {
    const i = claimNext(next!, jobs.length);
    if (i !== null) {
      mark(`reads part ${i} of ${jobs[i]!.path}`);
      await send(i, jobs[i]!);
      mark(`read part ${i}`);
    } else if (ended) break;
    else {
      mark('waits for a part');
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }
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
