// The worker the CLI starts while it loads (ingest/parallel/spawn.ts: startEarly, when the inputs hold two journals
// or one big one) is handed the first journal put off as soon as discovery finds it, not once a second one is
// found: it would otherwise wait, loaded, while this thread reads the small files between the two. The report is
// the one thread's. The worker is built JavaScript: these tests run dist (npm run build).

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestStats } from '../../src/ingest/stats.js';
import type { analyze as Analyze } from '../../src/report.js';
import { RENDERERS } from '../../src/render/index.js';
import { scratch } from '../bundle/_bundles.js';

const s = scratch('early-worker');
afterAll(() => s.cleanup());
let analyze: typeof Analyze;
let startEarly: (paths: string[]) => void;
let roots: string[];

const ENV = { PODMORTEM_THREADS: '2', PODMORTEM_APART_MIN: '600000' };

beforeAll(async () => {
  // @ts-expect-error the built modules (the worker runs dist/ingest/parallel/worker.js)
  analyze = ((await import('../../dist/report.js')) as { analyze: typeof Analyze }).analyze;
  // @ts-expect-error the built module, the one dist/report.js uses
  startEarly = ((await import('../../dist/ingest/parallel/spawn.js')) as { startEarly: (p: string[]) => void }).startEarly;
  // @ts-expect-error plain ESM module without types
  const { writeNode } = (await import('../../bench/gen.mjs')) as { writeNode: (o: object) => { root: string } };
  roots = ['node-e', 'node-f'].map((host, i) => writeNode({ dir: path.join(s.dir, 'gen'), host, seed: 41 + i, bytes: 1024 * 1024, rendering: 'short' }).root);
}, 120_000);

async function runWith(env: Record<string, string>, inputs: string[], early?: string[]): Promise<{ text: string; stats: IngestStats }> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  try {
    if (early) startEarly(early);
    const a = await analyze(inputs, { tz: null, year: null, host: null }, 'test');
    return { text: RENDERERS.json.render(a, { maxEvidence: 20, color: false, width: 160 }), stats: a.ingest! };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('a worker started early', () => {
  it('is handed the first journal at once: a lone one goes to it too', async () => {
    // Started for both nodes (two journals); the run reads one: its journal alone is handed to the waiting worker.
    const early = await runWith(ENV, [roots[0]!], [path.dirname(roots[0]!)]);
    expect(early.stats).toMatchObject({ workers: 1, handedEarly: 1, rereadWhole: 0 });
    // No worker waiting: a lone journal under CUT_MIN stays on this thread (see CUT_MIN).
    const none = await runWith(ENV, [roots[0]!]);
    expect(none.stats).toMatchObject({ workers: 0, handedEarly: 0, partsRead: { main: 1, worker: 0 } });
    expect(early.text).toBe(none.text);
    expect(early.text).toBe((await runWith({ ...ENV, PODMORTEM_THREADS: '1' }, [roots[0]!])).text);
  }, 60_000);

  it('is started for compressed inputs counted at several times their size (a sos .tar.xz), not for plain ones', async () => {
    // startEarly itself runs once a process (the worker it starts is the run's): its count of a file is checked.
    // @ts-expect-error the built module
    const { guessedSize } = (await import('../../dist/ingest/parallel/spawn.js')) as { guessedSize(at: string, size: number, min: number): number };
    const plain = path.join(s.dir, 'plain.log');
    const packed = path.join(s.dir, 'node.tar.xz');
    writeFileSync(plain, Buffer.alloc(100_000, 0x41));
    writeFileSync(packed, Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), Buffer.alloc(100_000 - 6)]));
    // Under 600 KB as they are, over it at 8 times.
    expect(guessedSize(plain, 100_000, 600_000)).toBe(100_000);
    expect(guessedSize(packed, 100_000, 600_000)).toBe(800_000);
    // Too small even at 8 times, or big enough as it is: as it is.
    expect(guessedSize(packed, 10_000, 600_000)).toBe(10_000);
    expect(guessedSize(packed, 700_000, 600_000)).toBe(700_000);
  });
});
