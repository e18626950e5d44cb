// One full collection of the heap between reading the inputs and building the report, when the run keeps many events.

import v8 from 'node:v8';
import vm from 'node:vm';
import { COLLECT_MIN_EVENTS, collectAfterIngest } from './ingest/tuning.js';

let gc: (() => void) | null = null;

/**
 * Collect now if the run keeps many events (COLLECT_MIN_EVENTS: below it the pause is not worth it, and a heap
 * big for another reason, a test runner's, would pay one per analysis). At the end of ingest the heap holds every
 * event and what reading left behind (stamps the clock no longer needs, read buffers, the worker's batches: 45-60 MB
 * of ten sos nodes' ~190 MB), and V8's next full collection came only after the timeline had grown the heap
 * further: the run's peak RSS. Collected here, the timeline and the report grow from the live ~130 MB. The pause is
 * ~0.1 s of a 15 s run.
 */
export function collectIfMany(events: number): void {
  if (events < COLLECT_MIN_EVENTS || !collectAfterIngest()) return;
  if (gc === null) {
    // V8 gives gc() only to contexts made after the flag is set: one small context, made once, hands it over.
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}
