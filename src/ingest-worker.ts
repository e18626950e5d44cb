// Worker thread of ingest: its share of the parts of big journals (see readInParts in ingest.ts), sending their
// events in batches as they come (packed: see events/pack.ts) and then the rest of each part as plain data.

import { parentPort } from 'node:worker_threads';
import { pack } from './events/pack.js';
import { readPart, type PartJob } from './ingest.js';

parentPort!.on('message', (m: { jobs: PartJob[]; next: SharedArrayBuffer }) => void readParts(m.jobs, new Int32Array(m.next)));

/** The next part nobody took, until none is left. */
async function readParts(jobs: PartJob[], next: Int32Array): Promise<void> {
  for (let i = Atomics.add(next, 0, 1); i < jobs.length; i = Atomics.add(next, 0, 1)) {
    const index = i;
    const part = await readPart(jobs[index]!, (events) => parentPort!.postMessage({ index, events: pack(events) }));
    const events = pack(part.events);
    part.events = [];
    parentPort!.postMessage({ index, part, events });
  }
  parentPort!.postMessage({ done: true });
}
