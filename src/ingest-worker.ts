// Worker thread of ingest: reads the second part of a big file (see readSplit and readPartInWorker), or its share of the
// journals read apart (readApart), sending events in batches as they come and then the rest of each part as plain data.

import { parentPort } from 'node:worker_threads';
import { lighten, readPart, type PartJob } from './ingest.js';

parentPort!.on('message', (m: PartJob | { jobs: PartJob[]; next: SharedArrayBuffer }) => {
  if ('jobs' in m) void readApart(m.jobs, new Int32Array(m.next));
  else
    void readPart(m, (events) => parentPort!.postMessage({ events: lighten(events) })).then((part) => {
      lighten(part.events);
      parentPort!.postMessage({ part });
    });
});

/** The worker's share of the journals read apart (see readApart in ingest.ts): the next one nobody took, until none is left. */
async function readApart(jobs: PartJob[], next: Int32Array): Promise<void> {
  for (let i = Atomics.add(next, 0, 1); i < jobs.length; i = Atomics.add(next, 0, 1)) {
    const index = i;
    const part = await readPart(jobs[index]!, (events) => parentPort!.postMessage({ index, events: lighten(events) }));
    lighten(part.events);
    parentPort!.postMessage({ index, part });
  }
  parentPort!.postMessage({ done: true });
}
