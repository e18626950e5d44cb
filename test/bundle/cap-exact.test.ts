// The run's cap (--max-total-size) cuts decoded data at one byte, whatever the chunks the data came in: the same
// report for any chunking (fed through stdin in chunks of random sizes, so zlib, fzstd and liblzma give chunks of
// different sizes; the xz program's pipe gives what it gives), for the archive read from the stream, decoded to a
// temporary file, by liblzma, on one thread or two. The file the cap falls in is read exactly up to it: its whole
// lines, then its partial line counted unparsed as cut. Before, the meter refused a whole chunk and tar-stream
// dropped what its entry held when the archive's stream ended, so the cut moved with the chunking.

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoverOptions } from '../../src/bundle/discover.js';
import { scratchLeft } from '../../src/bundle/scratch.js';
import { xzProgram } from '../../src/bundle/xz-process.js';
import { runWith } from '../ingest/_run-with.js';
import { analyze } from '../../src/report.js';
import { nodeBundle, pack, scratch, STALE_SAMPLE } from './_bundles.js';

const s = scratch('cap-exact');
afterAll(() => s.cleanup());

/** The journal of the sample, its real lines repeated so that the member is read as a stream (over 16 KiB). */
const JOURNAL = 'sos_commands/logs/journalctl_--no-pager';
/** The reason the partial line of the cut file is counted unparsed with. */
const CUT_LINE = "cut by the run's cap (--max-total-size): the rest of the line was not read";
const archives: Record<'tar.gz' | 'tar.zst' | 'tar.xz', Buffer> = { 'tar.gz': Buffer.alloc(0), 'tar.zst': Buffer.alloc(0), 'tar.xz': Buffer.alloc(0) };
let tar: Buffer;
const onDisk: Record<string, string> = {};
/** Where the journal's data starts in the decoded tar, and its bytes. */
let journalAt = 0;
let journal: Buffer;

beforeAll(() => {
  const dir = nodeBundle(STALE_SAMPLE, path.join(s.dir, 'sosreport-node-a'), 'node-a');
  const j = path.join(dir, JOURNAL);
  writeFileSync(j, readFileSync(j, 'utf8').repeat(8));
  for (const w of ['tar.gz', 'tar.zst', 'tar.xz'] as const) {
    onDisk[w] = pack(dir, w, s.dir);
    archives[w] = readFileSync(onDisk[w]);
  }
  tar = execFileSync('gzip', ['-dc', onDisk['tar.gz']!], { maxBuffer: 64 * 1024 * 1024 });
  // The member's header names it; its data follows that 512-byte block.
  const header = tar.indexOf(Buffer.from(`sosreport-node-a/${JOURNAL}\0`));
  journalAt = header + 512;
  journal = readFileSync(j);
}, 60_000);

/** The JSON report of the archive read from stdin in chunks of these sizes (cycled), under the cap. */
async function report(bytes: Buffer, sizes: number[], cap: number, env: Record<string, string> = {}): Promise<string> {
  const chunks: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = sizes[i % sizes.length]!;
    chunks.push(bytes.subarray(at, at + n));
    at += n;
  }
  const bundle: DiscoverOptions = { limits: { memberBytes: 4 * 1024 ** 3, runBytes: cap, members: 100_000 }, stdin: Readable.from(chunks, { objectMode: false }) };
  return (await runWith(analyze, env, ['-'], bundle)).text;
}

/** Caps inside the decoded tar: before the journal's header, in it, at its data's start, mid-line, just after a newline, its last byte. */
function caps(): number[] {
  const nl = journal.indexOf(10, 5000);
  return [300, journalAt - 100, journalAt, journalAt + 5000, journalAt + nl + 1, journalAt + journal.length - 1];
}

const chunkings = fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 12 });

describe('the run cap cuts at one byte', () => {
  it.each(['tar.gz', 'tar.zst', 'tar.xz'] as const)('%s: the same report whatever the chunks, the cut file read exactly up to the cap', async (wrapping) => {
    for (const cap of caps()) {
      const whole = await report(archives[wrapping], [archives[wrapping].length], cap);
      await fc.assert(
        fc.asyncProperty(chunkings, async (sizes) => {
          expect(await report(archives[wrapping], sizes, cap)).toBe(whole);
        }),
        { numRuns: 4, seed: 20261208 },
      );
      // The journal: its whole lines up to the cap, then the line the cap fell in counted as cut.
      const file = JSON.parse(whole).inputs.find((i: { path: string }) => i.path.endsWith(JOURNAL));
      if (cap <= journalAt) continue;
      const read = journal.subarray(0, cap - journalAt);
      const lines = read.filter((b) => b === 10).length;
      const partial = read[read.length - 1] !== 10;
      expect(file).toMatchObject({ lines: lines + (partial ? 1 : 0), notes: [expect.stringMatching(new RegExp(`^reading stopped at line ${lines + 1}: the run's cap of `))] });
      expect(file.unparsedReasons[CUT_LINE] ?? 0).toBe(partial ? 1 : 0);
    }
  }, 120_000);

  it.skipIf(xzProgram() === null)('a .tar.xz on disk: the same report from the stream, the temporary file, liblzma, on one thread or two', async () => {
    const bundleAt = (cap: number): DiscoverOptions => ({ limits: { memberBytes: 4 * 1024 ** 3, runBytes: cap, members: 100_000 } });
    for (const cap of caps()) {
      // PODMORTEM_XZ_MIN=0: the xz program for an archive this small; APART_MIN: the journal put off (copied, or a
      // byte range of the decoded file), as a sos report's big journal is.
      const base = { PODMORTEM_XZ_MIN: '0' };
      const texts = [];
      for (const env of [{}, { PODMORTEM_XZ_FILE: '0' }, { PODMORTEM_XZ: '0' }, { PODMORTEM_THREADS: '1' }, { PODMORTEM_APART_MIN: '16384' }, { PODMORTEM_APART_MIN: '16384', PODMORTEM_XZ_FILE: '0' }, { PODMORTEM_APART_MIN: '16384', PODMORTEM_SPILL: '0' }]) {
        texts.push((await runWith(analyze, { ...base, ...env }, [onDisk['tar.xz']!], bundleAt(cap))).text);
      }
      for (const t of texts) expect(t).toBe(texts[0]);
    }
  }, 120_000);

  it.skipIf(xzProgram() === null)('an .xz input decoded ahead and then not read, the cap reached before it: its temporary file removed', async () => {
    // The first .xz is taken, the next one decoded ahead meanwhile; the .tar.gz between them reaches the cap.
    const tiny = path.join(s.dir, 'tiny', 'node-t');
    mkdirSync(tiny, { recursive: true });
    copyFileSync(path.join(STALE_SAMPLE, 'hostname'), path.join(tiny, 'hostname'));
    const first = pack(tiny, 'tar.xz', s.dir, 'first');
    const later = pack(tiny, 'tar.xz', s.dir, 'later');
    const firstSize = execFileSync('xz', ['-dc', first]).length;
    const cap = firstSize + journalAt + 5000;
    const bundle: DiscoverOptions = { limits: { memberBytes: 4 * 1024 ** 3, runBytes: cap, members: 100_000 } };
    const r = await runWith(analyze, { PODMORTEM_XZ_MIN: '0' }, [first, onDisk['tar.gz']!, later], bundle);
    expect(r.stats.decoded.toFile).toBe(1);
    const input = JSON.parse(r.text).inputs.find((i: { path: string }) => i.path === 'later.tar.xz');
    expect(input.why).toMatch(/^xz data: not read: the run's cap of /);
    // Its decode may still be running: the file goes once it has ended.
    for (let i = 0; i < 100 && scratchLeft().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(scratchLeft()).toEqual([]);
  }, 60_000);
});
