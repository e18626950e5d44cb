// One full collection of the heap between reading the inputs and building the report, when the heap is big.

import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Below this much heap in use the collection is not worth its pause: a small run's peak is its code and Node.
 * PODMORTEM_COLLECT=0 leaves it to V8 (experiments).
 */
const BIG_HEAP = 64 * 1024 * 1024;

let gc: (() => void) | null = null;

/**
 * Collect now if the heap is big. At the end of ingest the heap holds every event and what reading left behind
 * (stamps the clock no longer needs, read buffers, the worker's batches: 45-60 MB of ten sos nodes' ~190 MB),
 * and V8's next full collection came only after the timeline had grown the heap further: the run's peak RSS.
 * Collected here, the timeline and the report grow from the live ~130 MB. The pause is ~0.1 s of a 15 s run.
 */
export function collectIfBig(): void {
  if (process.env.PODMORTEM_COLLECT === '0' || v8.getHeapStatistics().used_heap_size < BIG_HEAP) return;
  if (gc === null) {
    // V8 gives gc() only to contexts made after the flag is set: one small context, made once, hands it over.
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}
