// Two or more archives on disk are read by the input pool (ingest/parallel/inputs.ts): each whole, by this thread or
// the worker, absorbed in input order. The report is the one a single discovery on one thread gives, byte for byte,
// also under the run's event cap and with a truncated archive among them; IngestStats says who read which input.
// The worker is built JavaScript: these tests run dist (npm run build).

import { availableParallelism } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoverOptions } from '../../src/bundle/discover.js';
import { POOL_MIN_CPUS } from '../../src/ingest/tuning.js';
import type { analyze as Analyze } from '../../src/report.js';
import { CLEAN_SAMPLE, nodeBundle, pack, scratch, STALE_SAMPLE, truncated } from '../bundle/_bundles.js';
import { runWith as runWithEnv } from './_run-with.js';

const s = scratch('input-pool');
afterAll(() => s.cleanup());
let analyze: typeof Analyze;
let archives: string[];

beforeAll(async () => {
  // @ts-expect-error the built module (the worker runs dist/ingest/parallel/input-worker.js)
  analyze = ((await import('../../dist/report.js')) as { analyze: typeof Analyze }).analyze;
  const a = nodeBundle(STALE_SAMPLE, path.join(s.dir, 'sosreport-node-a'), 'node-a');
  const b = nodeBundle(STALE_SAMPLE, path.join(s.dir, 'sosreport-node-b'), 'node-b', true);
  const c = nodeBundle(CLEAN_SAMPLE, path.join(s.dir, 'sosreport-node-c'), 'node-c');
  archives = [pack(a, 'tar.xz', s.dir), pack(b, 'tar.gz', s.dir), pack(c, 'tar.zst', s.dir)];
});

const runWith = (env: Record<string, string>, inputs: string[], bundle?: DiscoverOptions) => runWithEnv(analyze, env, inputs, bundle);

const ONE = { PODMORTEM_THREADS: '1' };
// This thread takes one input, the worker the rest: on test-sized archives this thread would otherwise read them
// all before the worker has loaded. The pool runs on 4 CPUs or more unless asked for (PODMORTEM_POOL).
const TWO = { PODMORTEM_THREADS: '2', PODMORTEM_MAIN_PARTS: '1', PODMORTEM_POOL: '1' };

describe('the input pool', () => {
  it('reads each archive whole on either thread and gives the report of one discovery on one thread', async () => {
    const one = await runWith(ONE, archives);
    const two = await runWith(TWO, archives);
    // The .tar.xz is a few KB: decoded in process, not by the xz program (XZ_PROCESS_MIN).
    expect(one.stats).toMatchObject({ inputsRead: { main: 0, worker: 0 }, workers: 0, decoded: { main: 3, worker: 0, process: 0 } });
    // Each input decoded on the thread that reads it.
    expect(two.stats).toMatchObject({ inputsRead: { main: 1, worker: 2 }, workers: 1, decoded: { main: 3, worker: 0, process: 0 } });
    expect(two.text).toBe(one.text);
    for (const host of ['node-a', 'node-b', 'node-c']) expect(one.text).toContain(`"host": "${host}"`);
  }, 60_000);

  it('runs on machines of POOL_MIN_CPUS or more unless asked for: fewer read the archives on one thread, the same report', async () => {
    const one = await runWith(ONE, archives);
    const auto = await runWith({ PODMORTEM_THREADS: '2' }, archives);
    expect(auto.stats.workers > 0).toBe(availableParallelism() >= POOL_MIN_CPUS);
    expect(auto.text).toBe(one.text);
  }, 60_000);

  it('keeps the events the run keeps under its cap, and notes where each file was cut, as one thread does', async () => {
    const bundle: DiscoverOptions = { limits: { memberBytes: 4 * 1024 ** 3, runBytes: 64 * 1024 ** 3, members: 200_000, events: 30 } };
    const one = await runWith(ONE, archives, bundle);
    // The worker's events in batches of 3 (a real run sends thousands at once), the cap applied as they arrive.
    const two = await runWith({ ...TWO, PODMORTEM_EVENT_BATCH: '3' }, archives, bundle);
    expect(two.stats.inputsRead.worker).toBe(2);
    expect(two.text).toBe(one.text);
    expect(one.text).toContain("the run's cap of 30 events was reached (--max-events)");
  }, 60_000);

  it('reads a truncated archive among them as one thread does', async () => {
    const cut = truncated(archives[0]!, 0.6, 'cut.tar.xz');
    const inputs = [archives[1]!, cut, archives[2]!];
    const one = await runWith(ONE, inputs);
    const two = await runWith(TWO, inputs);
    expect(two.stats.inputsRead).toEqual({ main: 1, worker: 2 });
    expect(two.text).toBe(one.text);
    expect(one.text).toContain('xz data ends early');
  }, 60_000);
});
