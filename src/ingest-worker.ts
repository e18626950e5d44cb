// Worker thread of ingest: reads one part of a big file (see readSplit) and sends it back as plain data.

import { parentPort, workerData } from 'node:worker_threads';
import { readPart, type PartJob } from './ingest.js';

const part = await readPart(workerData as PartJob);
parentPort!.postMessage(part);
