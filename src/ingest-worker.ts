// Worker thread of ingest: reads parts of big files (see readSplit and PartWorker) and sends each back as plain data.

import { parentPort } from 'node:worker_threads';
import { readPart, type PartJob } from './ingest.js';

parentPort!.on('message', (job: PartJob) => {
  void readPart(job).then((part) => parentPort!.postMessage(part));
});
