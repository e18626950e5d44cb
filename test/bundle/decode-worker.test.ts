// zstd files on disk are decoded in a worker thread (xz ones by liblzma on its own thread) (bundle/decode-worker.ts) while this thread untars and
// parses: the report is the one decoding here gives, byte for byte, for whole, truncated and capped archives, and
// IngestStats says which thread decoded. The worker is built JavaScript: these tests run dist (npm run build).

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoverOptions } from '../../src/bundle/discover.js';
import type { analyze as Analyze } from '../../src/report.js';
import { RENDERERS } from '../../src/render/index.js';
import { nodeBundle, pack, scratch, STALE_SAMPLE, truncated } from './_bundles.js';

const s = scratch('decode-worker');
afterAll(() => s.cleanup());
let analyze: typeof Analyze;
let txz: string;
let tzst: string;

beforeAll(async () => {
  // @ts-expect-error the built module (the worker runs dist/bundle/decode-thread.js)
  analyze = ((await import('../../dist/report.js')) as { analyze: typeof Analyze }).analyze;
  const root = nodeBundle(STALE_SAMPLE, path.join(s.dir, 'sosreport-node-a'), 'node-a');
  txz = pack(root, 'tar.xz', s.dir);
  tzst = pack(root, 'tar.zst', s.dir);
});

/** The JSON report and the decode counts, with PODMORTEM_THREADS set for the run. */
async function runWith(threads: '1' | '2', inputs: string[], bundle?: DiscoverOptions): Promise<{ text: string; decoded: { worker: number; main: number; process: number } }> {
  const saved = process.env.PODMORTEM_THREADS;
  process.env.PODMORTEM_THREADS = threads;
  try {
    const a = await analyze(inputs, { tz: null, year: null, host: null, bundle }, 'test');
    return { text: RENDERERS.json.render(a, { maxEvidence: 20, color: false, width: 160 }), decoded: a.ingest!.decoded };
  } finally {
    if (saved === undefined) delete process.env.PODMORTEM_THREADS;
    else process.env.PODMORTEM_THREADS = saved;
  }
}

describe('compressed files decoded in a worker', () => {
  // One input at a time: two or more archives go to the input pool, whose threads decode what they read.
  it('give the report decoding on this thread gives (.tar.zst), and say which thread decoded', async () => {
    const one = await runWith('1', [tzst]);
    const two = await runWith('2', [tzst]);
    expect(one.decoded).toEqual({ worker: 0, main: 1, process: 0, xzFailed: 0, toFile: 0 });
    expect(two.decoded).toEqual({ worker: 1, main: 0, process: 0, xzFailed: 0, toFile: 0 });
    expect(two.text).toBe(one.text);
    expect(one.text).toContain('hostport');
  }, 60_000);

  it('leave .tar.xz to liblzma on this thread (a few KB: under XZ_PROCESS_MIN) or the xz program: no worker, the same report', async () => {
    const one = await runWith('1', [txz]);
    const two = await runWith('2', [txz]);
    expect(two.decoded).toEqual({ worker: 0, main: 1, process: 0, xzFailed: 0, toFile: 0 });
    expect(two.text).toBe(one.text);
    expect(one.text).toContain('hostport');
  }, 60_000);

  it('report a truncated archive as decoding here does: the bytes before the cut read, the cut named', async () => {
    const cut = truncated(tzst, 0.6, 'cut.tar.zst');
    const one = await runWith('1', [cut]);
    const two = await runWith('2', [cut]);
    expect(two.decoded.worker).toBe(1);
    expect(two.text).toBe(one.text);
    expect(one.text).toMatch(/zstd data ends early|truncated/);
  }, 60_000);

  // The cap cuts at one byte whatever the decoder's chunks and the pace of the reads on either thread (the bytes are
  // counted as they are read, not as they come back): the report decoding here gives.
  it("clip the bytes that come back at the run's cap, cut where decoding here cuts", async () => {
    const bundle: DiscoverOptions = { limits: { memberBytes: 4 * 1024 * 1024 * 1024, runBytes: 16 * 1024, members: 1000 } };
    const one = await runWith('1', [tzst], bundle);
    const two = await runWith('2', [tzst], bundle);
    expect(two.decoded.worker).toBe(1);
    expect(two.text).toBe(one.text);
    expect(two.text).toContain("stopped after 5 members: the run's cap of 16 KiB of decompressed data was reached (--max-total-size)");
  }, 60_000);
});
