// The CLI keeps this thread's young generation at its first size (src/young-gen.ts), also once a worker has started
// (V8 sets the growth flag back when it sets up the worker's heap): a run that reads two journals on two threads
// ends with a new space of a few MB, where V8's default grows it to 32 MB (PODMORTEM_YOUNG=grow shows the test can
// tell; without the worker setting the flag again it reached 16 MB). Needs the build (npm run build).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pm-young-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let dir: string;

beforeAll(async () => {
  // @ts-expect-error plain ESM module without types
  const { writeNode } = (await import('../../bench/gen.mjs')) as { writeNode: (o: object) => { root: string } };
  dir = path.join(tmp, 'nodes');
  for (const [i, host] of ['node-y', 'node-z'].entries()) writeNode({ dir, host, seed: 31 + i, bytes: 3 * 1024 * 1024, rendering: 'short' });
}, 120_000);

/** The largest new space of the CLI's main thread over a run, and the run's stats line. */
function newSpace(env: Record<string, string>): number {
  const r = spawnSync(process.execPath, ['-r', path.join(__dirname, 'young-gen.cjs'), path.join(ROOT, 'bin/podmortem.js'), 'analyze', dir, '--format', 'json', '-o', path.join(tmp, 'out.json')], {
    encoding: 'utf8',
    // Both journals put off and read on two threads: the worker starts.
    env: { ...process.env, PODMORTEM_THREADS: '2', PODMORTEM_APART_MIN: '1000000', ...env },
  });
  expect(r.status).toBe(0);
  const m = /podmortem-test-new-space-bytes=(\d+)/.exec(r.stderr);
  return Number(m![1]);
}

describe("the main thread's young generation", () => {
  it('stays at its first size with a worker running; grows to V8 default without', () => {
    const kept = newSpace({});
    const grown = newSpace({ PODMORTEM_YOUNG: 'grow' });
    // 2 MB when the worker's heap is set up while this thread allocates little; one or two doublings before the
    // worker sets the flag again under load (8 MB); 16 MB and more when it is not set again.
    expect(kept).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(grown).toBeGreaterThanOrEqual(2 * kept);
  }, 60_000);
});
