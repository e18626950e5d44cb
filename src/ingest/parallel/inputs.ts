// The input pool: when the inputs are two or more archives on disk (a sos report per node, as .tar.xz), each is a
// job read whole (decoded, untarred, sniffed and parsed) by whichever thread comes free: this one, or a worker.
// Each job is a run of its own (run.ts); the runs are absorbed into the report's in input order, so the report
// does not depend on who read what. Known gap: each job has a budget of its own, so --max-total-size and the member
// cap hold per archive here, not for the run (a shared budget would make where a cap cuts depend on timing).

import { closeSync, existsSync, lstatSync, openSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { wrappingOf } from '../../bundle/_magic.js';
import type { PmEvent } from '../../events/types.js';
import { pack, unpack, type PackedEvents } from '../../events/pack.js';
import type { ValuePool } from '../event-sink.js';
import { workerKeepingYoungSmall } from '../../young-gen.js';
import { Run, type InputPart, type RunOptions } from '../run.js';
import { mainParts, poolInputs, WORKER_YOUNG_MB } from '../tuning.js';

/** The worker's module: built JavaScript beside this one (run from TypeScript sources, as tests do, there is none). */
const THREAD = new URL('./input-worker.js', import.meta.url);

/** An input's events as they travel from the worker: packed per file (an event's file and root do not travel). */
export type PackedInput = Omit<InputPart, 'events'> & { events: { path: string; root: string; packed: PackedEvents }[] };

export type ToInputWorker = { inputs: string[]; next: SharedArrayBuffer; opts: RunOptions };
export type FromInputWorker = { index: number; batch: PackedInput['events'] } | { index: number; part: PackedInput } | { done: true };

/** The first bytes of a regular file on disk, or null when the path is not one. */
function head(input: string): Buffer | null {
  try {
    if (input === '-' || !lstatSync(input).isFile()) return null;
    const fd = openSync(input, 'r');
    try {
      const buf = Buffer.alloc(512);
      return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}

/** Whether the inputs are read by the pool: two or more archives or compressed files on disk, and CPUs for it (POOL_MIN_CPUS). */
export function pooled(inputs: string[]): boolean {
  if (inputs.length < 2 || !poolInputs() || !existsSync(fileURLToPath(THREAD))) return false;
  return inputs.every((i) => {
    const h = head(i);
    return h !== null && wrappingOf(h) !== null && wrappingOf(h) !== 'bzip2';
  });
}

/**
 * Read one input whole as a run of its own, decoded on the thread that reads it: a decoding worker (a V8 heap) per
 * pool thread cost ~80 MB of peak RSS on three 100 MB nodes for no gain in CPU.
 */
export async function readInput(input: string, opts: RunOptions, values?: ValuePool, send?: (events: PmEvent[]) => void): Promise<InputPart> {
  const run = new Run(opts, values);
  // In the worker: events leave in batches as they come (the run's cap is then applied where they are absorbed).
  run.book.send = send;
  await run.readAll([input], { limits: opts.bundle?.limits, decodeInWorker: false, decoded: run.ingest.decoded });
  return run.part();
}

/** Events packed for the trip: a run of events per file, in order. */
export function packEvents(events: PmEvent[]): PackedInput['events'] {
  const groups: PackedInput['events'] = [];
  for (let i = 0; i < events.length; ) {
    const { clockKey, host } = events[i]!;
    let j = i + 1;
    while (j < events.length && events[j]!.clockKey === clockKey && events[j]!.host === host) j++;
    groups.push({ path: clockKey, root: host!, packed: pack(events.slice(i, j)) });
    i = j;
  }
  return groups;
}

/**
 * An input's events as they come from the worker in batches (its run sends them as it reads, so that its heap holds
 * one batch, not the input's events). Past the run's cap only each file's first event is kept: what absorbing
 * needs to note where the file was cut (see Run.absorb).
 */
class Arriving {
  readonly events: PmEvent[] = [];
  private readonly past = new Set<string>();
  constructor(private readonly cap: number) {}

  add(groups: PackedInput['events'], values: ValuePool): void {
    for (const g of groups)
      for (const e of unpack(g.packed, g.path, g.root, values)) {
        if (this.events.length < this.cap) this.events.push(e);
        else if (!this.past.has(e.clockKey)) {
          this.past.add(e.clockKey);
          this.events.push(e);
        }
      }
  }
}

/** The options a job needs, without what cannot travel to a worker (progress, stdin). */
function jobOptions(opts: RunOptions): RunOptions {
  return { host: opts.host, tz: opts.tz, year: opts.year, unrecognized: opts.unrecognized, bundle: { limits: opts.bundle?.limits } };
}

/** The worker's share: the inputs it read by index, once it has taken the last one (or failed: missing ones). */
function inputsInWorker(inputs: string[], next: Int32Array, opts: RunOptions, values: ValuePool, cap: number): { parts: Promise<Map<number, InputPart>>; close: () => Promise<number> } {
  // A young generation as small as the part worker's: what it allocates dies young, its events leave with each input.
  const worker = workerKeepingYoungSmall(THREAD, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
  const done = new Map<number, InputPart>();
  const arriving = new Map<number, Arriving>();
  const parts = new Promise<Map<number, InputPart>>((resolve) => {
    worker.on('message', (m: FromInputWorker) => {
      if ('done' in m) return resolve(done);
      let a = arriving.get(m.index);
      if (!a) arriving.set(m.index, (a = new Arriving(cap)));
      if ('batch' in m) return a.add(m.batch, values);
      a.add(m.part.events, values);
      arriving.delete(m.index);
      done.set(m.index, { ...m.part, events: a.events });
    });
    worker.once('error', () => resolve(done));
    worker.once('exit', () => resolve(done));
  });
  worker.postMessage({ inputs, next: next.buffer as SharedArrayBuffer, opts } satisfies ToInputWorker);
  return { parts, close: () => worker.terminate() };
}

/** Read the inputs in the pool and absorb each into `run`, in input order. */
export async function readPooled(inputs: string[], run: Run, opts: RunOptions): Promise<void> {
  const progress = opts.bundle?.progress;
  const sizes = inputs.map((i) => lstatSync(i).size);
  progress?.total(sizes.reduce((a, b) => a + b, 0));
  const job = jobOptions(opts);
  const values = run.book.values;
  const next = new Int32Array(new SharedArrayBuffer(4));
  // This thread takes the first input before the worker hears of any (it loads meanwhile).
  let i = Atomics.add(next, 0, 1);
  const worker = inputsInWorker(inputs, next, job, values, run.book.maxEvents ?? Infinity);
  const parts: (InputPart | null)[] = inputs.map(() => null);
  const mine = mainParts();
  for (let taken = 1; i < inputs.length; i = Atomics.add(next, 0, 1), taken++) {
    parts[i] = await readInput(inputs[i]!, job, values);
    run.ingest.inputsRead.main++;
    // Let the worker's messages in between inputs.
    await new Promise((resolve) => setImmediate(resolve));
    if (taken >= mine) break;
  }
  const theirs = await worker.parts.finally(() => worker.close());
  run.ingest.workers++;
  for (const [k, part] of theirs) {
    parts[k] = part;
    run.ingest.inputsRead.worker++;
  }
  for (let k = 0; k < inputs.length; k++) {
    // An input the worker took and could not finish is read here.
    run.absorb(parts[k] ?? (await readInput(inputs[k]!, job, values)));
    parts[k] = null;
    progress?.bytes(sizes[k]!);
  }
}
