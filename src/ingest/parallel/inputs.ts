// The input pool: when the inputs are two or more archives on disk (a sos report per node, as .tar.xz), each is a
// job read whole (decoded, untarred, sniffed and parsed) by whichever thread comes free: this one, or a worker.
// Each job is a run of its own (run.ts); the runs are absorbed into the report's in input order, so the report
// does not depend on who read what.

import { closeSync, existsSync, lstatSync, openSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { wrappingOf } from '../../bundle/_magic.js';
import type { PmEvent } from '../../events/types.js';
import { pack, unpack, type PackedEvents } from '../../events/pack.js';
import type { ValuePool } from '../event-sink.js';
import { Run, type InputPart, type RunOptions } from '../run.js';
import { mainParts, twoThreads } from '../tuning.js';

/** The worker's module: built JavaScript beside this one (run from TypeScript sources, as tests do, there is none). */
const THREAD = new URL('./input-worker.js', import.meta.url);

/** An input's events as they travel from the worker: packed per file (an event's file and root do not travel). */
export type PackedInput = Omit<InputPart, 'events'> & { events: { path: string; root: string; packed: PackedEvents }[] };

export type ToInputWorker = { inputs: string[]; next: SharedArrayBuffer; opts: RunOptions };
export type FromInputWorker = { index: number; part: PackedInput } | { done: true };

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

/** Whether the inputs are read by the pool: two or more archives or compressed files on disk, and a second thread. */
export function pooled(inputs: string[]): boolean {
  if (inputs.length < 2 || !twoThreads() || !existsSync(fileURLToPath(THREAD))) return false;
  return inputs.every((i) => {
    const h = head(i);
    return h !== null && wrappingOf(h) !== null && wrappingOf(h) !== 'bzip2';
  });
}

/** Read one input whole as a run of its own (decoded on its own thread: the pool keeps both CPUs busy). */
export async function readInput(input: string, opts: RunOptions, values?: ValuePool): Promise<InputPart> {
  const run = new Run(opts, values);
  await run.readAll([input], { limits: opts.bundle?.limits, decodeInWorker: false, decoded: run.ingest.decoded });
  return run.part();
}

/** An input's events packed for the trip: a run of events per file, in order. */
export function packInput(part: InputPart): PackedInput {
  const groups: { path: string; root: string; packed: PackedEvents }[] = [];
  const events = part.events;
  for (let i = 0; i < events.length; ) {
    const { clockKey, host } = events[i]!;
    let j = i + 1;
    while (j < events.length && events[j]!.clockKey === clockKey && events[j]!.host === host) j++;
    groups.push({ path: clockKey, root: host!, packed: pack(events.slice(i, j)) });
    i = j;
  }
  return { ...part, events: groups };
}

function unpackInput(p: PackedInput, values: ValuePool): InputPart {
  const events: PmEvent[] = [];
  for (const g of p.events) for (const e of unpack(g.packed, g.path, g.root, values)) events.push(e);
  return { ...p, events };
}

/** The options a job needs, without what cannot travel to a worker (progress, stdin). */
function jobOptions(opts: RunOptions): RunOptions {
  return { host: opts.host, tz: opts.tz, year: opts.year, unrecognized: opts.unrecognized, bundle: { limits: opts.bundle?.limits } };
}

/** The worker's share: the inputs it read by index, once it has taken the last one (or failed: missing ones). */
function inputsInWorker(inputs: string[], next: Int32Array, opts: RunOptions, values: ValuePool): { parts: Promise<Map<number, InputPart>>; close: () => Promise<number> } {
  const worker = new Worker(THREAD);
  const done = new Map<number, InputPart>();
  const parts = new Promise<Map<number, InputPart>>((resolve) => {
    worker.on('message', (m: FromInputWorker) => {
      if ('done' in m) return resolve(done);
      done.set(m.index, unpackInput(m.part, values));
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
  const worker = inputsInWorker(inputs, next, job, values);
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
