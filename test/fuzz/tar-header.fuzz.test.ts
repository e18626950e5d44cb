// The tar header reader of archives read by position (bundle/tar-header.ts) against tar-stream's headers.js, which
// it stands in for: for headers headers.js wrote (every type, names with a ustar prefix, sizes and times in octal
// and in base-256) and the same with bytes overwritten (fields of spaces, NULs, signs, digits 8 and 9, a broken
// checksum, another format's magic), both give the same name, size, time, type and link target, or the same error.

import fc from 'fast-check';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHeader, type TarHeader } from '../../src/bundle/tar-header.js';
import { params, TIMEOUT } from './_harness.js';

const require = createRequire(import.meta.url);
const headers = require(path.join(path.dirname(require.resolve('tar-stream')), 'headers.js')) as {
  decode(buf: Buffer, enc: string, unknown: boolean): TarHeader | null;
  encode(opts: object): Buffer | null;
};

/** What each reader gives for a block: the fields tar-file.ts uses, or the error's message. */
function read(decode: () => TarHeader | null): unknown {
  try {
    const h = decode();
    return h === null ? null : { name: h.name, size: h.size, mtime: h.mtime?.getTime(), type: h.type, linkname: h.linkname };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function same(block: Buffer): void {
  const slow = (b: Buffer): TarHeader | null => headers.decode(b, 'utf-8', false);
  expect(read(() => decodeHeader(block, slow))).toEqual(read(() => slow(block)));
}

const TYPES = ['file', 'link', 'symlink', 'character-device', 'block-device', 'directory', 'fifo', 'contiguous-file', 'pax-header'];
const segment = fc.stringMatching(/^[a-zA-Z0-9._-]{1,40}$/);
const header = fc.record({
  name: fc.array(segment, { minLength: 1, maxLength: 8 }).map((p) => p.join('/')),
  size: fc.oneof(fc.nat({ max: 1 << 20 }), fc.nat({ max: 8 ** 11 - 1 }), fc.constant(8 ** 11 + 5)),
  mtime: fc.integer({ min: 0, max: 2 ** 33 - 1 }).map((s) => new Date(s * 1000)),
  type: fc.constantFrom(...TYPES),
  linkname: fc.option(segment, { nil: undefined }),
  mode: fc.nat({ max: 0o7777 }),
  uid: fc.nat({ max: 65535 }),
  gid: fc.nat({ max: 65535 }),
});
/** Bytes written over a header: a field's worth of one of the bytes that decide how a field is read. */
const damage = fc.record({
  at: fc.nat({ max: 511 }),
  bytes: fc.array(fc.constantFrom(0x00, 0x20, 0x09, 0x2b, 0x2d, 0x30, 0x37, 0x38, 0x39, 0x41, 0x80, 0xff, 0x2f), { minLength: 1, maxLength: 12 }),
});

describe('tar headers read by position', () => {
  it('read as headers.js reads them', () => {
    fc.assert(
      fc.property(header, (h) => {
        const block = headers.encode(h);
        if (block === null) return;
        same(block);
        // A file, folder or link in octal fields is read here, without headers.js (the point of the reader);
        // headers.js writes a time past 2038 as a negative number (`| 0`), which is left to it.
        if (['file', 'directory', 'symlink', 'link'].includes(h.type) && h.size < 8 ** 11 && h.mtime.getTime() / 1000 < 2 ** 31)
          expect(decodeHeader(block, () => {
            throw new Error('left to headers.js');
          })).not.toBeNull();
      }),
      params(),
    );
  }, TIMEOUT);

  it('read as headers.js reads them when damaged, errors included', () => {
    fc.assert(
      fc.property(header, fc.array(damage, { minLength: 1, maxLength: 3 }), fc.boolean(), (h, hits, fixSum) => {
        const block = headers.encode(h);
        if (block === null) return;
        for (const { at, bytes } of hits) for (let k = 0; k < bytes.length && at + k < 512; k++) block[at + k] = bytes[k]!;
        // Half the time the checksum is made right again, so that the damage reaches the fields past it.
        if (fixSum) {
          block.fill(0x20, 148, 156);
          let sum = 0;
          for (const b of block) sum += b;
          block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
        }
        same(block);
      }),
      params(),
    );
  }, TIMEOUT);

  it('a block of zeros is no header; GNU magic is read as ustar without its prefix', () => {
    same(Buffer.alloc(512));
    const block = headers.encode({ name: 'a/b', size: 3, mtime: new Date(0), type: 'file', mode: 0o644, uid: 0, gid: 0 })!;
    block.write('ustar  \0', 257, 'latin1');
    block.write('prefix', 345, 'latin1');
    block.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of block) sum += b;
    block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    same(block);
    expect(decodeHeader(block, () => null)?.name).toBe('a/b');
  });
});
