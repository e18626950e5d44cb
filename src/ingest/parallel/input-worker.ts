// Worker thread of the input pool (inputs.ts): the next input nobody took, read whole as a run of its own and sent
// back with its events packed, until none is left.

import { parentPort } from 'node:worker_threads';
import { packInput, readInput, type FromInputWorker, type ToInputWorker } from './inputs.js';

parentPort!.on('message', (m: ToInputWorker) => void readInputs(m));

async function readInputs({ inputs, next: shared, opts }: ToInputWorker): Promise<void> {
  const next = new Int32Array(shared);
  for (let i = Atomics.add(next, 0, 1); i < inputs.length; i = Atomics.add(next, 0, 1)) {
    const part = packInput(await readInput(inputs[i]!, opts));
    parentPort!.postMessage({ index: i, part } satisfies FromInputWorker);
  }
  parentPort!.postMessage({ done: true } satisfies FromInputWorker);
}
