// xz data decoded by the system's xz program in a process of its own (bundle/xz-process.ts) gives the report that
// liblzma on this thread gives (PODMORTEM_XZ=0), byte for byte: whole, truncated and capped archives, and a single
// compressed file; IngestStats says which decoder ran.

import { createHash } from 'node:crypto';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
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

/** The JSON report and the decode counts, with the xz program allowed or not (`xz`: another program in its place). */
async function runWith(program: boolean, inputs: string[], bundle?: DiscoverOptions, xz?: string): Promise<{ text: string; decoded: { worker: number; main: number; process: number; xzFailed: number } }> {
  const saved = { xz: process.env.PODMORTEM_XZ, min: process.env.PODMORTEM_XZ_MIN, program: process.env.PODMORTEM_XZ_PROGRAM };
  if (program) delete process.env.PODMORTEM_XZ;
  else process.env.PODMORTEM_XZ = '0';
  if (xz !== undefined) process.env.PODMORTEM_XZ_PROGRAM = xz;
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
    if (saved.program === undefined) delete process.env.PODMORTEM_XZ_PROGRAM;
    else process.env.PODMORTEM_XZ_PROGRAM = saved.program;
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

describe.skipIf(xzProgram() === null)('an xz program that fails', () => {
  it('cannot start (ENOENT): liblzma reads the archive, the report is the one it gives', async () => {
    const lib = await runWith(false, [txz]);
    const none = await runWith(true, [txz], undefined, path.join(s.dir, 'no-such-xz'));
    expect(none.decoded).toMatchObject({ main: 1, process: 0, xzFailed: 1 });
    expect(none.text).toBe(lib.text);
    expect(none.text).toContain('hostport');
  }, 60_000);

  it('is killed half way: liblzma decodes the file again from its start, past what xz gave', async () => {
    // The real xz, its output cut after 4 KiB (the tar's first members), then the program killed by a signal.
    const dying = path.join(s.dir, 'dying-xz');
    writeFileSync(dying, `#!/bin/sh\n${xzProgram()} "$@" | head -c 4096\nkill -KILL $$\n`, { mode: 0o755 });
    const lib = await runWith(false, [txz]);
    const killed = await runWith(true, [txz], undefined, dying);
    expect(killed.decoded).toMatchObject({ main: 1, process: 1, xzFailed: 1 });
    expect(killed.text).toBe(lib.text);
  }, 60_000);

  it('is killed reading a stream (no file to read again): said on the file, the run goes on', async () => {
    const dying = path.join(s.dir, 'dying-xz-2');
    writeFileSync(dying, `#!/bin/sh\n${xzProgram()} "$@" | head -c 4096\nkill -KILL $$\n`, { mode: 0o755 });
    const folder = path.join(s.dir, 'stream-case', 'node-b');
    mkdirSync(folder, { recursive: true });
    const log = path.join(folder, 'messages');
    // Random IDs: the .xz is over 16 KiB (SMALL_MEMBER), a stream of the tar, not bytes read whole.
    const id = (i: number): string => createHash('sha256').update(String(i)).digest('hex');
    writeFileSync(log, Array.from({ length: 2000 }, (_, i) => `Sep 10 08:00:00 node-b kubelet[1]: I0910 08:00:00.000000       1 kubelet.go:1 "hello" id="${id(i)}"\n`).join(''));
    // The .xz inside a tar: a member's stream, which cannot be read again.
    expect(statSync(compressFile(log, 'xz')).size).toBeGreaterThan(16 * 1024);
    const tar = pack(folder, 'tar', path.join(s.dir, 'stream-case'));
    const killed = await runWith(true, [tar], undefined, dying);
    expect(killed.decoded.xzFailed).toBe(0);
    expect(killed.text).toContain('xz data is corrupt: xz stopped by SIGKILL');
    expect(JSON.parse(killed.text).inputs.find((i: { path: string }) => i.path.endsWith('messages.xz')).records).toBeGreaterThan(0);
  }, 60_000);

  it('is killed decoding a small member read whole: liblzma decodes its bytes again', async () => {
    const folder = path.join(s.dir, 'small-case', 'node-c');
    mkdirSync(folder, { recursive: true });
    const log = path.join(folder, 'messages');
    writeFileSync(log, 'Sep 10 08:00:00 node-c kubelet[1]: I0910 08:00:00.000000       1 kubelet.go:1 "hello"\n'.repeat(2000));
    compressFile(log, 'xz');
    const tar = pack(folder, 'tar', path.join(s.dir, 'small-case'));
    const lib = await runWith(false, [tar]);
    const killed = await runWith(true, [tar], undefined, path.join(s.dir, 'dying-xz'));
    expect(killed.decoded).toMatchObject({ main: 1, process: 1, xzFailed: 1 });
    expect(killed.text).toBe(lib.text);
    // 2000 lines: the member was read whole, not stopped at what xz gave, nor decoded again and again (it was, up to
    // the nesting limit, while its compressed bytes stayed on the decoded blob).
    expect(JSON.parse(lib.text).inputs.find((i: { path: string }) => i.path.endsWith('messages.xz')).records).toBe(2000);
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
