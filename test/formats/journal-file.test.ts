// journal-file: binary journals written by the real systemd 252 (samples/formats/journal-file/SOURCE.md) read
// natively give, entry by entry and field by field, what `journalctl --file X -o export` printed for them,
// and the same records journal-export builds from that rendering.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { decompress } from 'fzstd';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/events/types.js';
import { ChunkBytes } from '../../src/formats/_journal-bytes.js';
import { lz4Block, lz4Payload, xzPayload, zstdPayload } from '../../src/formats/_journal-compress.js';
import { JournalLayout, readHeader } from '../../src/formats/_journal-layout.js';
import { journalExport } from '../../src/formats/journal-export.js';
import { cursorOf, journalFile, readEntries } from '../../src/formats/journal-file.js';
import type { Format, FormatContext } from '../../src/formats/types.js';
import { headFromBytes, sniff } from '../../src/sniff/sniff.js';

const CASES = path.resolve(__dirname, '../../samples/formats/journal-file');
const cases = readdirSync(CASES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const journalOf = (c: string): Buffer => Buffer.from(decompress(readFileSync(path.join(CASES, c, 'input.journal.zst'))));
const exportOf = (c: string): Buffer => readFileSync(path.join(CASES, c, 'journalctl-o-export'));
const tmp = mkdtempSync(path.join(tmpdir(), 'pm-journal-file-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** An export stream as entries of [name, value bytes] (binary fields decoded by their length). */
function exportEntries(b: Buffer): [string, Buffer][][] {
  const out: [string, Buffer][][] = [];
  let cur: [string, Buffer][] = [];
  let i = 0;
  while (i < b.length) {
    const nl = b.indexOf(0x0a, i);
    const line = b.subarray(i, nl);
    if (line.length === 0) {
      out.push(cur);
      cur = [];
      i = nl + 1;
      continue;
    }
    const eq = line.indexOf(0x3d);
    if (eq < 0) {
      const n = Number(b.readBigUInt64LE(nl + 1));
      cur.push([line.toString(), b.subarray(nl + 9, nl + 9 + n)]);
      i = nl + 9 + n + 1;
    } else {
      cur.push([line.subarray(0, eq).toString(), line.subarray(eq + 1)]);
      i = nl + 1;
    }
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** The same, read from the journal file by this reader. */
function nativeEntries(journal: Buffer): [string, Buffer][][] {
  const bytes = new ChunkBytes(journal.length);
  bytes.add(journal);
  const layout = new JournalLayout(bytes, readHeader(bytes));
  const out: [string, Buffer][][] = [];
  const { stop } = readEntries(layout, {
    entry: (_o, h, fields) =>
      out.push([
        ['__CURSOR', Buffer.from(cursorOf(layout.header.seqnumId, h))],
        ['__REALTIME_TIMESTAMP', Buffer.from(String(h.realtime))],
        ['__MONOTONIC_TIMESTAMP', Buffer.from(String(h.monotonic))],
        ['_BOOT_ID', Buffer.from(h.bootId)],
        // journalctl prints _BOOT_ID from the entry header, and skips the DATA object of that name.
        ...fields.filter((f) => f.name !== '_BOOT_ID').map((f): [string, Buffer] => [f.name, f.value]),
      ]),
    bad: (o, r) => expect.fail(`entry ${o}: ${r}`),
    badField: (o, r) => expect.fail(`entry ${o}: ${r}`),
  });
  expect(stop).toBeNull();
  return out;
}

interface Run {
  records: LogRecord[];
  notes: string[];
  unparsed: { line: number; reason: string }[];
  skipped: number;
  lines: number;
}

/** Run a byte format as ingest does: chunks to write(), or the file on disk when `disk` is given. */
function runBytes(format: Format, bytes: Buffer, disk?: string): Run {
  const run: Run = { records: [], notes: [], unparsed: [], skipped: 0, lines: 0 };
  const ctx: FormatContext = {
    path: 'node/var/log/journal/system.journal',
    record: (r) => run.records.push(r),
    event: () => {},
    meta: () => {},
    unparsed: (line, reason) => run.unparsed.push({ line, reason }),
    skipped: () => run.skipped++,
    note: (n) => run.notes.push(n),
    disk: disk ? { abs: disk, size: bytes.length } : undefined,
  };
  const p = format.openBytes!(ctx);
  if (!disk) for (let i = 0; i < bytes.length; i += 65536) p.write(Buffer.from(bytes.subarray(i, i + 65536)));
  p.end();
  run.lines = p.units?.() ?? 0;
  return run;
}

const comparable = (r: LogRecord) => ({ ...r, source: undefined, endLine: undefined });

describe('journal-file: real systemd 252 journal files against journalctl -o export', () => {
  it('has the committed cases', () => {
    expect(cases).toEqual(['lz4-compact', 'xz-regular', 'zstd-compact-keyed-hash', 'zstd-compact-unkeyed-hash', 'zstd-regular-keyed-hash']);
  });

  for (const c of cases) {
    describe(c, () => {
      const journal = journalOf(c);
      const rendering = exportOf(c);

      it('is sniffed as journal-file from its first bytes', () => {
        const head = journal.subarray(0, 16 * 1024);
        expect(sniff(headFromBytes(head, 'x/system.journal', true), head).format?.id).toBe('journal-file');
      });

      it('every entry and field equals the export rendering, in order, byte for byte', () => {
        const want = exportEntries(rendering);
        const got = nativeEntries(journal);
        expect(got.length).toBe(want.length);
        for (let k = 0; k < want.length; k++) expect(got[k]!.map(([n, v]) => `${n}=${v.toString('hex')}`), `entry ${k + 1}`).toEqual(want[k]!.map(([n, v]) => `${n}=${v.toString('hex')}`));
      });

      it('gives the records journal-export builds from the rendering, streamed and read on disk alike', () => {
        const fromExport = runBytes(journalExport, rendering);
        const streamed = runBytes(journalFile, journal);
        const file = path.join(tmp, `${c}.journal`);
        writeFileSync(file, journal);
        const onDisk = runBytes(journalFile, journal, file);
        expect(fromExport.records).toHaveLength(21);
        expect(streamed.records.map(comparable)).toEqual(fromExport.records.map(comparable));
        expect(onDisk.records).toEqual(streamed.records);
        expect(streamed.unparsed).toEqual([]);
        expect(streamed.records.map((r) => r.source.line)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
        expect(streamed.lines).toBe(21);
        expect(streamed.notes[0]).toMatch(/^journal file of machine 3c1f0e6a8b2d4f7e9a5c1b3d5e7f9a2b \((offline|archived)(, compact)?\): 21 entries read, 1 boot \(7d4b2e91c0a34f6f8e2d1a5b9c3e7f10\)$/);
      });
    });
  }
});

describe('journal-file: damage', () => {
  const journal = journalOf('zstd-compact-keyed-hash');
  const whole = runBytes(journalFile, journal);

  it('a copy cut mid-file is read up to the cut; the lost entries are counted unparsed and said', () => {
    // Entry 12's DATA objects and everything after lie past 3.73 MB in this file.
    const cut = journal.subarray(0, 3_740_000);
    const r = runBytes(journalFile, cut);
    expect(r.records.length).toBeGreaterThan(0);
    expect(r.records.length).toBeLessThan(21);
    expect(r.records.map(comparable)).toEqual(whole.records.slice(0, r.records.length).map(comparable));
    expect(r.records.length + r.unparsed.length).toBe(21);
    expect(r.notes.join(' | ')).toMatch(/ends \d+ bytes before its arena does \(truncated copy/);
    expect(r.notes.join(' | ')).toMatch(new RegExp(`${21 - r.records.length} of the 21 entries the header counts could not be read`));
  });

  it('a file left online (journald crashed, or copied while it ran) is read whole and said so', () => {
    const b = Buffer.from(journal);
    b[16] = 1;
    const r = runBytes(journalFile, b);
    expect(r.records).toHaveLength(21);
    expect(r.notes[0]).toMatch(/\(online, compact\): 21 entries read/);
    expect(r.notes).toContain('the file was not closed (state online: journald crashed or the copy was taken while it ran): entries after its last sync may be missing');
  });

  it('a file cut inside its header is refused with a reason', () => {
    const r = runBytes(journalFile, journal.subarray(0, 100));
    expect(r.records).toEqual([]);
    expect(r.unparsed.map((u) => u.reason)).toEqual(['journal header: file of 100 bytes is shorter than a journal header (224)']);
  });

  it('unknown incompatible flags are refused, naming them', () => {
    const b = Buffer.from(journal);
    b.writeUInt32LE(b.readUInt32LE(12) | 0x40, 12);
    const r = runBytes(journalFile, b);
    expect(r.records).toEqual([]);
    expect(r.unparsed[0]!.reason).toMatch(/unknown ones \(0x40\).*refused/);
  });

  it('an entry array linking back to itself stops the walk (no loop), the rest counted', () => {
    const b = Buffer.from(journal);
    const first = Number(b.readBigUInt64LE(176));
    b.writeBigUInt64LE(BigInt(first), first + 16);
    const r = runBytes(journalFile, b);
    expect(r.records.length).toBeLessThan(21);
    expect(r.records.length + r.unparsed.length).toBe(21);
    expect(r.notes.join(' | ')).toMatch(/does not lie past the one before it .*a loop, not followed/);
  });

  it('an entry claiming millions of fields is refused, not listed', () => {
    // Entry 21, the last object of the file: its size may grow into the zeros behind it.
    const b = Buffer.from(journal);
    const first = Number(b.readBigUInt64LE(176));
    let last = first;
    for (let a = first, n = 0; a !== 0 && n < 21; a = Number(b.readBigUInt64LE(a + 16))) for (let k = 0; k < (Number(b.readBigUInt64LE(a + 8)) - 24) / 4 && n < 21; k++, n++) last = b.readUInt32LE(a + 24 + k * 4);
    b.writeBigUInt64LE(BigInt(64 + 4 * 200_000), last + 8);
    const r = runBytes(journalFile, b);
    expect(r.records).toHaveLength(20);
    expect(r.unparsed.map((u) => [u.line, u.reason.replace(/\d{4,}/g, 'N')])).toEqual([[21, 'entry: entry at N holds N fields: over the N limit, refused']]);
  });

  it('an entry array repeating an entry gives it once, the repeats counted', () => {
    const b = Buffer.from(journal);
    const first = Number(b.readBigUInt64LE(176));
    b.writeUInt32LE(b.readUInt32LE(first + 24), first + 28);
    const r = runBytes(journalFile, b);
    expect(r.records).toHaveLength(20);
    expect(r.unparsed.map((u) => [u.line, u.reason.replace(/\d{4,}/g, 'N')])).toEqual([[2, 'entry: entry offset N does not lie past the one before it (N): not read again']]);
  });

  it('an object size of 2^63 and an offset past the end are refused without allocating', () => {
    const b = Buffer.from(journal);
    const first = Number(b.readBigUInt64LE(176));
    const entry1 = b.readUInt32LE(first + 24);
    b.writeBigUInt64LE(2n ** 63n, entry1 + 8);
    b.writeUInt32LE(0xfffffff8, first + 28);
    const r = runBytes(journalFile, b);
    expect(r.records).toHaveLength(19);
    expect(r.unparsed.map((u) => [u.line, u.reason.replace(/\d{4,}/g, 'N')])).toEqual([
      [1, 'entry: object at N declares over 2^53 bytes: over the 64 MiB limit, refused'],
      [2, 'entry: offset N is past the end of the file'],
    ]);
  });
});

describe('journal-file: corrupted anywhere', () => {
  const journal = journalOf('zstd-regular-keyed-hash');
  // Objects end at 3.77 MB in this file; past that are zeros the header's arena still covers.
  const used = 3_780_000;
  it('bytes overwritten at random and the file cut anywhere: never a throw, every entry a record or counted once', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: used - 8 }), fc.uint8Array({ minLength: 1, maxLength: 8 })), { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: used }), (writes, cut) => {
        const b = Buffer.from(journal.subarray(0, Math.max(cut, 1)));
        for (const [at, bytes] of writes) if (at < b.length) Buffer.from(bytes).copy(b, at);
        const r = runBytes(journalFile, b);
        const lines = [...r.records.map((x) => x.source.line), ...r.unparsed.map((u) => u.line)];
        expect(new Set(lines).size).toBe(lines.length);
        for (const l of lines) expect(l >= 1 && l <= Math.max(r.lines, 1)).toBe(true);
        for (const x of r.records) expect(Number.isSafeInteger(x.absUs)).toBe(true);
      }),
      { numRuns: 60, seed: 23 },
    );
  });
});

describe('journal-file: a streamed file kept in memory', () => {
  it('keeps chunks up to its cap, counts the rest, and reads across chunk borders', () => {
    const b = new ChunkBytes(10);
    b.add(Buffer.from('LPKS'));
    b.add(Buffer.from('HHRH'));
    b.add(Buffer.from('abcdef'));
    expect([b.size, b.dropped]).toEqual([10, 4]);
    expect(b.view(2, 8)!.toString()).toBe('KSHHRHab');
    expect(b.view(4, 4)!.toString()).toBe('HHRH');
    expect(b.view(8, 3)).toBeNull();
  });
});

describe('journal-file: payload bombs', () => {
  const zeros = Buffer.alloc(8 * 1024 * 1024);
  it('zstd and xz payloads that expand past the cap are refused, not decoded to the end', () => {
    const z = execFileSync('zstd', ['-3', '-c', '-q'], { input: zeros, maxBuffer: 1 << 26 });
    const x = execFileSync('xz', ['-6', '-c', '--check=none'], { input: zeros, maxBuffer: 1 << 26 });
    expect(zstdPayload(z, 64 * 1024 * 1024).equals(zeros)).toBe(true);
    expect(xzPayload(x, 64 * 1024 * 1024).equals(zeros)).toBe(true);
    expect(() => zstdPayload(z, 1024 * 1024)).toThrow(/zstd payload gives over 1048576 bytes: refused/);
    expect(() => xzPayload(x, 1024 * 1024)).toThrow(/xz payload gives over 1048576 bytes: refused/);
    // xz -9's 64 MiB dictionary: over liblzma's memory limit here.
    const x9 = execFileSync('xz', ['-9', '-c', '--check=none'], { input: Buffer.alloc(1000) });
    expect(() => xzPayload(x9, 1024 * 1024)).toThrow(/needs more than 64 MiB of memory to decode: refused/);
  });

  it('an LZ4 payload declaring 2^63 bytes is refused before anything is allocated', () => {
    const p = Buffer.alloc(16);
    p.writeBigUInt64LE(2n ** 63n, 0);
    expect(() => lz4Payload(p, 1024)).toThrow(/declares over 2\^53 bytes/);
  });
});

describe('journal-file: LZ4 blocks', () => {
  /** The block of a one-block LZ4 frame as the lz4 CLI writes it (no content size, no checksums). */
  function lz4Cli(data: Buffer): Buffer {
    const frame = execFileSync('lz4', ['-B4', '--no-frame-crc', '-c', '-q'], { input: data });
    const bsz = frame.readUInt32LE(7);
    expect(bsz & 0x80000000).toBe(0);
    return frame.subarray(11, 11 + bsz);
  }

  it('decodes what the lz4 CLI encodes (repetitive, random, short and overlapping matches)', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const inputs = [
      Buffer.from('time="2024-09-14T11:39:42" level=info msg="shim disconnected" '.repeat(200)),
      Buffer.alloc(5000, 0x61),
      Buffer.from(Array.from({ length: 3000 }, () => rand() % 4 + 0x41)),
      Buffer.from(Array.from({ length: 20000 }, (_, i) => (i % 7 === 0 ? rand() & 0xff : 0x20 + (i % 13)))),
    ];
    for (const input of inputs) expect(lz4Block(lz4Cli(input), input.length).equals(input)).toBe(true);
  });

  it('refuses a block that lies about its size or points before its start', () => {
    const block = lz4Cli(Buffer.alloc(1000, 0x62));
    expect(() => lz4Block(block, 999)).toThrow(/declared size|gives/);
    expect(() => lz4Block(Buffer.from([0x0f, 0x05, 0x00]), 100)).toThrow(/before the start|literals/);
  });
});
