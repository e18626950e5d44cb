// .xz inputs decoded whole by the xz program into a temporary file and read from there (bundle/xz-file.ts, the tar
// by position: bundle/tar-file.ts, its big journals put off as byte ranges of that file) give the report the stream
// gives (PODMORTEM_XZ_FILE=0), byte for byte, on one thread or two; IngestStats says which path ran; what cannot be
// decoded whole (a truncated file, no program, over the run's cap) is read from the stream as before; no temporary
// file is left. The worker is built JavaScript: these tests run dist (npm run build).

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoverOptions } from '../../src/bundle/discover.js';
import { xzProgram } from '../../src/bundle/xz-process.js';
import type { analyze as Analyze } from '../../src/report.js';
import { runWith as runWithEnv } from '../ingest/_run-with.js';
import { compressFile, nodeBundle, pack, scratch, STALE_SAMPLE, truncated } from './_bundles.js';

const s = scratch('xz-file');
afterAll(() => s.cleanup());
let analyze: typeof Analyze;
let scratchLeft: () => string[];
let archives: string[];
let sample: string;

beforeAll(async () => {
  // @ts-expect-error the built modules (the worker runs dist/ingest/parallel/worker.js)
  analyze = ((await import('../../dist/report.js')) as { analyze: typeof Analyze }).analyze;
  // @ts-expect-error the built module: the temporary files of the runs above
  scratchLeft = ((await import('../../dist/bundle/scratch.js')) as { scratchLeft: () => string[] }).scratchLeft;
  // @ts-expect-error plain ESM module without types
  const { writeNode } = (await import('../../bench/gen.mjs')) as { writeNode: (o: object) => { root: string } };
  const roots = ['node-p', 'node-q', 'node-r'].map((host, i) => writeNode({ dir: path.join(s.dir, 'gen'), host, seed: 31 + i, bytes: (1 + i) * 1024 * 1024, rendering: 'short' }).root);
  archives = roots.map((r) => pack(r, 'tar.xz', s.dir));
  sample = pack(nodeBundle(STALE_SAMPLE, path.join(s.dir, 'sosreport-node-a'), 'node-a'), 'tar.xz', s.dir);
}, 120_000);

// Test archives are small: every one goes to the program (XZ_PROCESS_MIN), journals of 600 KB are put off.
const SMALL = { PODMORTEM_XZ_MIN: '0', PODMORTEM_APART_MIN: '600000', PODMORTEM_POOL: '0' };
const STREAM = { ...SMALL, PODMORTEM_XZ_FILE: '0' };

/** Journal lines that compress as logs do (an ID each), not as a bomb (see BOMB_RATIO). */
const lines = (n: number, host: string): string =>
  Array.from({ length: n }, (_, i) => `Sep 10 08:00:00 ${host} kubelet[1]: I0910 08:00:00.000000       1 kubelet.go:1 "hello" id="${createHash('sha256').update(String(i)).digest('hex')}"\n`).join('');

const runWith = (env: Record<string, string>, inputs: string[], bundle?: DiscoverOptions) => runWithEnv(analyze, env, inputs, bundle);

describe.skipIf(xzProgram() === null)('an .xz input decoded to a temporary file', () => {
  it('gives the report the stream gives, its journals read in place on one thread or two', async () => {
    const stream = await runWith({ ...STREAM, PODMORTEM_THREADS: '1' }, archives);
    expect(stream.stats.decoded.toFile).toBe(0);
    expect(stream.stats.membersSpilled).toBe(3);
    const one = await runWith({ ...SMALL, PODMORTEM_THREADS: '1' }, archives);
    expect(one.stats).toMatchObject({ decoded: { process: 3, toFile: 3 }, regionsPutOff: 3, membersSpilled: 0, workers: 0 });
    expect(one.text).toBe(stream.text);
    const two = await runWith({ ...SMALL, PODMORTEM_THREADS: '2', PODMORTEM_MAIN_PARTS: '1' }, archives);
    expect(two.stats).toMatchObject({ decoded: { toFile: 3 }, regionsPutOff: 3, workers: 1, rereadWhole: 0 });
    expect(two.stats.partsRead.worker).toBeGreaterThanOrEqual(1);
    expect(two.text).toBe(stream.text);
    expect(JSON.parse(stream.text).findings.length).toBeGreaterThan(0);
    expect(scratchLeft()).toEqual([]);
  }, 120_000);

  it('decodes the archives of a folder ahead too, as it does those given by name', async () => {
    // A folder of sos .tar.xz reports, the usual way to hand over several nodes: each archive was decoded only when
    // the walk reached it, none while the one before was read.
    const folder = path.join(s.dir, 'reports');
    mkdirSync(folder, { recursive: true });
    for (const a of archives) copyFileSync(a, path.join(folder, path.basename(a)));
    const stream = await runWith({ ...STREAM, PODMORTEM_THREADS: '1' }, [folder]);
    expect(stream.stats.decoded.toFile).toBe(0);
    const ahead = await runWith({ ...SMALL, PODMORTEM_THREADS: '1' }, [folder]);
    expect(ahead.stats).toMatchObject({ decoded: { process: 3, toFile: 3 }, regionsPutOff: 3, membersSpilled: 0 });
    expect(ahead.text).toBe(stream.text);
    expect(scratchLeft()).toEqual([]);
  }, 60_000);

  it('reads a sample bundle as the stream does (members read whole, links refused, findings)', async () => {
    const stream = await runWith(STREAM, [sample]);
    const file = await runWith(SMALL, [sample]);
    expect(file.stats.decoded.toFile).toBe(1);
    expect(file.text).toBe(stream.text);
    expect(file.text).toContain('hostport');
  }, 60_000);

  it('reads long names (GNU and pax) and a compressed member as the stream does', async () => {
    const deep = path.join(s.dir, 'long', 'sosreport-node-l', 'sos_commands', 'a'.repeat(90), 'b'.repeat(90));
    mkdirSync(deep, { recursive: true });
    writeFileSync(path.join(s.dir, 'long', 'sosreport-node-l', 'hostname'), 'node-l\n');
    const log = path.join(deep, `journalctl_${'c'.repeat(60)}`);
    writeFileSync(log, lines(3000, 'node-l'));
    const gz = path.join(deep, 'messages');
    writeFileSync(gz, 'Sep 10 08:00:01 node-l dockerd[2]: time="2024-09-10T08:00:01Z" level=info msg="hello"\n'.repeat(500));
    compressFile(gz, 'gzip');
    const inputs = ['gnu', 'pax'].map((format) => {
      const out = path.join(s.dir, `long-${format}.tar.xz`);
      execFileSync('tar', ['-cJf', out, `--format=${format}`, '--sort=name', '--owner=0', '--group=0', '--numeric-owner', '-C', path.join(s.dir, 'long'), 'sosreport-node-l']);
      return out;
    });
    for (const input of inputs) {
      const stream = await runWith(STREAM, [input]);
      const file = await runWith(SMALL, [input]);
      expect(file.stats.decoded.toFile).toBe(1);
      expect(file.text).toBe(stream.text);
      const report = JSON.parse(file.text);
      expect(report.inputs.find((i: { path: string }) => i.path.endsWith('c'.repeat(60))).records).toBe(3000);
      expect(report.inputs.find((i: { path: string }) => i.path.endsWith('messages.gz')).records).toBe(500);
    }
  }, 60_000);

  it('leaves to the stream what it cannot decode whole: a truncated file, no program, a full disk, a bomb, over the cap; and a single compressed log', async () => {
    const cut = truncated(archives[2]!, 0.5, 'cut.tar.xz');
    const log = path.join(s.dir, 'single', 'messages');
    mkdirSync(path.dirname(log), { recursive: true });
    writeFileSync(log, lines(2000, 'node-a'));
    const single = compressFile(log, 'xz');
    // An xz that fails writing the temporary file (a full disk) after 4 KiB; through a pipe, it is the real one.
    const full = path.join(s.dir, 'full-disk-xz');
    writeFileSync(full, `#!/bin/sh\ncase "$1" in --robot) exec ${xzProgram()} "$@";; esac\n[ -p /dev/stdout ] && exec ${xzProgram()} "$@"\n${xzProgram()} "$@" | head -c 4096\necho 'xz: (stdout): Write error: No space left on device' >&2\nexit 1\n`, { mode: 0o755 });
    // A bomb (zeros: ~6500 times its size) is not written to disk.
    const bombDir = path.join(s.dir, 'bomb', 'node-z');
    mkdirSync(bombDir, { recursive: true });
    writeFileSync(path.join(bombDir, 'zeros.log'), Buffer.alloc(20 * 1024 * 1024));
    const bomb = pack(bombDir, 'tar.xz', path.join(s.dir, 'bomb'));
    const capped: DiscoverOptions = { limits: { memberBytes: 4 * 1024 ** 3, runBytes: 1024 * 1024, members: 100_000 } };
    const cases: [string[], Record<string, string>, number][] = [
      [[cut], {}, 0],
      // One program lists every input: the one it could not read is read from the stream, the others decoded whole.
      [[archives[0]!, cut], {}, 1],
      [[archives[0]!], { PODMORTEM_XZ_PROGRAM: path.join(s.dir, 'no-such-xz') }, 0],
      [[archives[0]!], { PODMORTEM_XZ_PROGRAM: full }, 0],
      [[bomb], {}, 0],
      // Decoded whole, then handed on from the temporary file as the stream would have been.
      [[single], {}, 1],
    ];
    for (const [inputs, env, toFile] of cases) {
      const stream = await runWith({ ...STREAM, ...env }, inputs);
      const file = await runWith({ ...SMALL, ...env }, inputs);
      expect(file.stats.decoded.toFile).toBe(toFile);
      expect(file.text).toBe(stream.text);
    }
    expect(JSON.parse((await runWith(SMALL, [cut])).text).inputs[0].notes.join(' ')).toContain('xz data ends early (truncated file?)');
    // Over the run's cap: from the stream, which stops at the cap, at the byte liblzma's decoding stops at too
    // (whatever the sizes of the chunks the pipe gives: test/bundle/cap-exact.test.ts).
    const over = await runWith(SMALL, [archives[0]!], capped);
    expect(over.stats.decoded).toMatchObject({ toFile: 0, process: 1 });
    expect(over.text).toContain("the run's cap of 1 MiB of decompressed data was reached (--max-total-size)");
    expect(over.text).toBe((await runWith({ ...SMALL, PODMORTEM_XZ: '0' }, [archives[0]!], capped)).text);
    expect(scratchLeft()).toEqual([]);
  }, 120_000);
});
