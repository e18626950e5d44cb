// Worker thread of ingest: reads the second part of a big file (see readSplit and readPartInWorker), sending its events
// in batches as they come and then the rest of the part as plain data.

import { parentPort } from 'node:worker_threads';
import { readPart, type PartJob } from './ingest.js';

parentPort!.on('message', (job: PartJob) => {
  void readPart(job, (events) => parentPort!.postMessage({ events })).then((part) => parentPort!.postMessage({ part }));
});
