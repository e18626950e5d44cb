// Worker thread of the input pool (inputs.ts): the next input nobody took, read whole as a run of its own and sent
// back with its events packed (in batches as they come, then the rest with the run), until none is left.

import { parentPort } from 'node:worker_threads';
import { packEvents, readInput, type FromInputWorker, type ToInputWorker } from './inputs.js';

parentPort!.on('message', (m: ToInputWorker) => void readInputs(m));

async function readInputs({ inputs, next: shared, opts }: ToInputWorker): Promise<void> {
  const next = new Int32Array(shared);
  for (let i = Atomics.add(next, 0, 1); i < inputs.length; i = Atomics.add(next, 0, 1)) {
    const index = i;
    const part = await readInput(inputs[i]!, opts, undefined, (events) => parentPort!.postMessage({ index, batch: packEvents(events) } satisfies FromInputWorker));
    parentPort!.postMessage({ index, part: { ...part, events: packEvents(part.events) } } satisfies FromInputWorker);
  }
  parentPort!.postMessage({ done: true } satisfies FromInputWorker);
}
