// xz data decoded by the system's xz program in a process of its own (bundle/xz-process.ts) gives the report that
// liblzma on this thread gives (PODMORTEM_XZ=0), byte for byte: whole, truncated and capped archives, and a single
// compressed file; IngestStats says which decoder ran.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoverOptions } from '../../src/bundle/discover.js';
import { liblzmaWords, XZ_PROCESS_MIN, xzProgram, xzProgramFor } from '../../src/bundle/xz-process.js';
import { analyze } from '../../src/report.js';
import { RENDERERS } from '../../src/render/index.js';
import { compressFile, nodeBundle, pack, scratch, STALE_SAMPLE, truncated } from './_bundles.js';

const s = scratch('xz-process');
afterAll(() => s.cleanup());
let txz: string;

beforeAll(() => {
  txz = pack(nodeBundle(STALE_SAMPLE, path.join(s.dir, 'sosreport-node-a'), 'node-a'), 'tar.xz', s.dir);
}, 60_000);

/** The JSON report and the decode counts, with the xz program allowed or not. */
async function runWith(program: boolean, inputs: string[], bundle?: DiscoverOptions): Promise<{ text: string; decoded: { worker: number; main: number; process: number } }> {
  const saved = { xz: process.env.PODMORTEM_XZ, min: process.env.PODMORTEM_XZ_MIN };
  if (program) delete process.env.PODMORTEM_XZ;
  else process.env.PODMORTEM_XZ = '0';
  // The archives here are a few KB, under XZ_PROCESS_MIN.
  process.env.PODMORTEM_XZ_MIN = '0';
  try {
    const a = await analyze(inputs, { tz: null, year: null, host: null, bundle }, 'test');
    return { text: RENDERERS.json.render(a, { maxEvidence: 20, color: false, width: 160 }), decoded: a.ingest!.decoded };
  } finally {
    if (saved.xz === undefined) delete process.env.PODMORTEM_XZ;
    else process.env.PODMORTEM_XZ = saved.xz;
    if (saved.min === undefined) delete process.env.PODMORTEM_XZ_MIN;
    else process.env.PODMORTEM_XZ_MIN = saved.min;
  }
}

describe.skipIf(xzProgram() === null)('xz decoded by the xz program', () => {
  it('gives the report liblzma gives, and says the process decoded', async () => {
    const lib = await runWith(false, [txz]);
    const proc = await runWith(true, [txz]);
    expect(lib.decoded).toMatchObject({ main: 1, process: 0 });
    expect(proc.decoded).toMatchObject({ main: 0, process: 1 });
    expect(proc.text).toBe(lib.text);
    expect(proc.text).toContain('hostport');
  }, 60_000);

  it('reports a truncated archive in the same words, the bytes before the cut read', async () => {
    const cut = truncated(txz, 0.6, 'cut.tar.xz');
    const lib = await runWith(false, [cut]);
    const proc = await runWith(true, [cut]);
    expect(proc.decoded.process).toBe(1);
    expect(proc.text).toBe(lib.text);
    expect(proc.text).toContain('xz data ends early (truncated file?): No progress is possible');
  }, 60_000);

  it("stops at the run's cap, said as liblzma's run says it", async () => {
    const bundle: DiscoverOptions = { limits: { memberBytes: 4 * 1024 ** 3, runBytes: 16 * 1024, members: 1000 } };
    const lib = await runWith(false, [txz], bundle);
    const proc = await runWith(true, [txz], bundle);
    expect(proc.decoded.process).toBe(1);
    for (const r of [lib, proc]) expect(r.text).toContain("the run's cap of 16 KiB of decompressed data was reached (--max-total-size)");
  }, 60_000);

  it('reads a single .xz file and names data that is not xz after its magic', async () => {
    const log = path.join(s.dir, 'messages');
    writeFileSync(log, 'Sep 10 08:00:00 node-a kubelet[1]: I0910 08:00:00.000000       1 kubelet.go:1 "hello"\n');
    const single = compressFile(log, 'xz');
    const bad = path.join(s.dir, 'bad.xz');
    writeFileSync(bad, Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), Buffer.alloc(64, 0x41)]));
    const lib = await runWith(false, [single, bad]);
    const proc = await runWith(true, [single, bad]);
    expect(proc.decoded.process).toBe(2);
    expect(proc.text).toBe(lib.text);
    expect(proc.text).toContain('"format": "journal-short"');
  }, 60_000);
});

describe('where xz decodes', () => {
  it('small data in process (starting the program costs more than it saves), big or of unknown size in the program', () => {
    expect(xzProgramFor(XZ_PROCESS_MIN - 1)).toBeNull();
    expect(xzProgramFor(XZ_PROCESS_MIN)).toBe(xzProgram());
    expect(xzProgramFor(null)).toBe(xzProgram());
  });
});

describe("xz's words for a broken stream", () => {
  it("are liblzma's, the file's name dropped", () => {
    expect(liblzmaWords('xz: (stdin): Unexpected end of input\n')).toBe('No progress is possible');
    expect(liblzmaWords('xz: (stdin): Compressed data is corrupt\n')).toBe('Data is corrupt');
    expect(liblzmaWords('xz: (stdin): File format not recognized\n')).toBe('File format not recognized');
    expect(liblzmaWords('xz: (stdin): 1,025 MiB of memory is required. The limit is 1,024 MiB.\n')).toBe('Memory usage limit reached');
    expect(liblzmaWords('')).toBe('xz failed');
  });
});
