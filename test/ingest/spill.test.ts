// Big journals inside archives are copied to a temporary file as the archive streams by (ingest/spill.ts) and read
// as journals on disk are: put off, in parts, on two threads. The report is the one read from the stream gives
// (PODMORTEM_SPILL=0), byte for byte, on one thread or two, under the event cap and with the archive cut inside the
// journal; IngestStats says the copy was made and who read it; no copy is left once the run is done.
// The worker is built JavaScript: these tests run dist (npm run build).

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/bundle/budget.js';
import type { DiscoverOptions } from '../../src/bundle/discover.js';
import type { analyze as Analyze } from '../../src/report.js';
import { pack, scratch, truncated } from '../bundle/_bundles.js';
import { runWith as runWithEnv } from './_run-with.js';

const s = scratch('spill');
afterAll(() => s.cleanup());
let analyze: typeof Analyze;
let spillsLeft: () => string[];
let archives: string[];

beforeAll(async () => {
  // @ts-expect-error the built modules (the worker runs dist/ingest/parallel/worker.js)
  analyze = ((await import('../../dist/report.js')) as { analyze: typeof Analyze }).analyze;
  // @ts-expect-error the built module: the copies of the run above
  spillsLeft = ((await import('../../dist/ingest/spill.js')) as { spillsLeft: () => string[] }).spillsLeft;
  // @ts-expect-error plain ESM module without types
  const { writeNode } = (await import('../../bench/gen.mjs')) as { writeNode: (o: object) => { root: string } };
  const roots = ['node-p', 'node-q'].map((host, i) => writeNode({ dir: path.join(s.dir, 'gen'), host, seed: 21 + i, bytes: (1 + i) * 1024 * 1024, rendering: 'short' }).root);
  archives = roots.map((r) => pack(r, 'tar.xz', s.dir));
}, 120_000);

const runWith = (env: Record<string, string>, inputs: string[], bundle?: DiscoverOptions) => runWithEnv(analyze, env, inputs, bundle);

// 600 KB: both journals (1 and 2 MB) are big enough to be copied; the pool stays off (one discovery).
const BIG = { PODMORTEM_APART_MIN: '600000', PODMORTEM_POOL: '0' };

describe('a big journal in an archive', () => {
  it('is copied and read as one on disk: the report read from the stream gives, on one thread or two', async () => {
    const stream = await runWith({ ...BIG, PODMORTEM_SPILL: '0', PODMORTEM_THREADS: '1' }, archives);
    expect(stream.stats.membersSpilled).toBe(0);
    const one = await runWith({ ...BIG, PODMORTEM_THREADS: '1' }, archives);
    expect(one.stats).toMatchObject({ membersSpilled: 2, workers: 0, partsRead: { main: 2, worker: 0 } });
    expect(one.text).toBe(stream.text);
    // This thread takes one part at most: on test-sized archives it would otherwise read both before the worker loads.
    const two = await runWith({ ...BIG, PODMORTEM_THREADS: '2', PODMORTEM_MAIN_PARTS: '1' }, archives);
    expect(two.stats).toMatchObject({ membersSpilled: 2, workers: 1, handedEarly: 2, rereadWhole: 0 });
    expect(two.stats.partsRead.worker).toBeGreaterThanOrEqual(1);
    expect(two.text).toBe(stream.text);
    expect(JSON.parse(stream.text).findings.length).toBeGreaterThan(0);
    expect(spillsLeft()).toEqual([]);
  }, 120_000);

  it('is read from the stream when no temporary file can be made', async () => {
    const stream = await runWith({ ...BIG, PODMORTEM_SPILL: '0', PODMORTEM_THREADS: '1' }, archives);
    const nowhere = await runWith({ ...BIG, PODMORTEM_THREADS: '2', TMPDIR: path.join(s.dir, 'no-such-folder') }, archives);
    expect(nowhere.stats.membersSpilled).toBe(0);
    expect(nowhere.text).toBe(stream.text);
  }, 120_000);

  it('keeps the events one thread keeps under the cap', async () => {
    const bundle: DiscoverOptions = { limits: { ...DEFAULT_LIMITS, events: 3000 } };
    const one = await runWith({ ...BIG, PODMORTEM_THREADS: '1' }, archives, bundle);
    const two = await runWith({ ...BIG, PODMORTEM_THREADS: '2' }, archives, bundle);
    expect(one.text).toContain('--max-events');
    expect(two.text).toBe(one.text);
  }, 120_000);

  it('cut inside the journal: what was read before the cut is read, on one thread as on two', async () => {
    const cut = truncated(archives[1]!, 0.5, 'cut.tar.xz');
    const stream = await runWith({ ...BIG, PODMORTEM_SPILL: '0', PODMORTEM_THREADS: '1' }, [cut]);
    const one = await runWith({ ...BIG, PODMORTEM_THREADS: '1' }, [cut]);
    expect(one.text).toBe(stream.text);
    const two = await runWith({ ...BIG, PODMORTEM_THREADS: '2' }, [cut]);
    expect(one.stats.membersSpilled).toBe(1);
    expect(two.text).toBe(one.text);
    expect(one.text).toContain('xz data ends early (truncated file?)');
    const journal = JSON.parse(one.text).inputs.find((i: { format: string | null }) => i.format === 'journal-short');
    expect(journal.records).toBeGreaterThan(0);
    expect(journal.notes.join(' ')).toMatch(/^reading stopped at line \d+: /);
    expect(spillsLeft()).toEqual([]);
  }, 120_000);

  it('whose copy fails half way (a full disk) is read in one go from the copy and the stream, and said on the file', async () => {
    const stream = await runWith({ ...BIG, PODMORTEM_SPILL: '0', PODMORTEM_THREADS: '1' }, archives);
    const cut = truncated(archives[1]!, 0.5, 'cut-full.tar.xz');
    const streamCut = await runWith({ ...BIG, PODMORTEM_SPILL: '0', PODMORTEM_THREADS: '1' }, [cut]);
    for (const [inputs, expected] of [[archives, stream], [[cut], streamCut]] as const) {
      const full = await runWith({ ...BIG, PODMORTEM_THREADS: '2', PODMORTEM_SPILL_FULL_AT: '300000' }, [...inputs]);
      expect(full.stats).toMatchObject({ membersSpilled: 0, spillsFailed: inputs.length });
      const report = JSON.parse(full.text);
      const journals = report.inputs.filter((i: { format: string | null }) => i.format === 'journal-short');
      expect(journals).toHaveLength(inputs.length);
      for (const j of journals) {
        expect(j.notes).toContain('its copy to a temporary file failed (ENOSPC: no space left on device, write): read in one go from the archive instead');
        j.notes = j.notes.filter((n: string) => !n.startsWith('its copy'));
      }
      // Apart from that note, what reading from the stream gives.
      expect(JSON.stringify(report, null, 2)).toBe(JSON.stringify(JSON.parse(expected.text), null, 2));
      expect(spillsLeft()).toEqual([]);
    }
  }, 120_000);
});
