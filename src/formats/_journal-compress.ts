// The three compressions a journal DATA object's payload may carry (systemd src/basic/compress.c):
// xz (an .xz stream), LZ4 (le64 decompressed size, then one raw LZ4 block), zstd (a zstd frame).
// Each decoder stops at `cap` bytes of output, so a lying size or a bomb is refused, not allocated.

import type * as Fzstd from 'fzstd';
import type * as LzmaNative from 'lzma-native';
import { lazy } from '../lazy.js';

const fzstd = lazy<typeof Fzstd>('fzstd');
const lzma = lazy<typeof LzmaNative.default & { Stream: new () => XzStream }>('lzma-native');

/** lzma-native's native coder, driven synchronously (its stream wrapper defers every chunk to setImmediate). */
interface XzStream {
  streamDecoder(opts: { memlimit: number; flags: number }): void;
  bufferHandler: (buf: Buffer | null, processed: unknown, err: Error | null) => void;
  code(chunk: Buffer | null, async: boolean): void;
  resetUnderlying(): void;
}

const XZ_SLICE = 4 * 1024;
/** systemd writes xz at the default preset (8 MiB dictionary); 64 MiB is what decompress.ts allows a whole .xz file. */
const XZ_MEMLIMIT = 64 * 1024 * 1024;
const ZSTD_SLICE = 1024;

/** What a decoder says when it refuses. */
export class DecodeError extends Error {}

/**
 * One raw LZ4 block (https://github.com/lz4/lz4/blob/dev/doc/lz4_Block_format.md) that must decode to exactly
 * `size` bytes, as LZ4_decompress_safe checks for systemd.
 */
export function lz4Block(src: Buffer, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let i = 0;
  let o = 0;
  const n = src.length;
  for (;;) {
    if (i >= n) throw new DecodeError('LZ4 block ends before its last literals');
    const token = src[i++]!;
    let lit = token >>> 4;
    if (lit === 15) {
      let b;
      do {
        if (i >= n) throw new DecodeError('LZ4 literal length runs past the block');
        b = src[i++]!;
        lit += b;
      } while (b === 255);
    }
    if (i + lit > n || o + lit > size) throw new DecodeError('LZ4 literals run past the block or the declared size');
    src.copy(out, o, i, i + lit);
    i += lit;
    o += lit;
    if (i === n) break;
    if (i + 2 > n) throw new DecodeError('LZ4 match offset cut off');
    const off = src[i]! | (src[i + 1]! << 8);
    i += 2;
    if (off === 0 || off > o) throw new DecodeError('LZ4 match offset points before the start');
    let len = token & 15;
    if (len === 15) {
      let b;
      do {
        if (i >= n) throw new DecodeError('LZ4 match length runs past the block');
        b = src[i++]!;
        len += b;
      } while (b === 255);
    }
    len += 4;
    if (o + len > size) throw new DecodeError('LZ4 match runs past the declared size');
    if (off >= len) out.copyWithin(o, o - off, o - off + len);
    else for (let k = 0; k < len; k++) out[o + k] = out[o - off + k]!;
    o += len;
  }
  if (o !== size) throw new DecodeError(`LZ4 block gives ${o} bytes, ${size} declared`);
  return out;
}

/** systemd's LZ4 payload: le64 size, then the block. */
export function lz4Payload(src: Buffer, cap: number): Buffer {
  if (src.length < 8) throw new DecodeError('LZ4 payload shorter than its 8-byte size');
  const hi = src.readUInt32LE(4);
  const size = hi * 2 ** 32 + src.readUInt32LE(0);
  if (hi >= 2 ** 21 || size > cap) throw new DecodeError(`LZ4 payload declares ${hi >= 2 ** 21 ? 'over 2^53' : size} bytes: over the ${cap}-byte limit, refused`);
  return lz4Block(src.subarray(8), size);
}

function capped(parts: Uint8Array[], total: number): Buffer {
  return Buffer.concat(parts, total);
}

export function zstdPayload(src: Buffer, cap: number): Buffer {
  const parts: Uint8Array[] = [];
  let total = 0;
  const d = new (fzstd().Decompress)((chunk) => {
    total += chunk.length;
    if (total > cap) throw new DecodeError(`zstd payload gives over ${cap} bytes: refused`);
    parts.push(chunk);
  });
  try {
    // Slices: fzstd decodes all it is given before returning, so one slice bounds what one step makes (a 1 KiB
    // slice of RLE blocks at most a few hundred 128 KiB blocks).
    for (let i = 0; i < src.length; i += ZSTD_SLICE) d.push(src.subarray(i, i + ZSTD_SLICE), i + ZSTD_SLICE >= src.length);
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    throw new DecodeError(`zstd payload is corrupt: ${(e as Error).message}`);
  }
  return capped(parts, total);
}

export function xzPayload(src: Buffer, cap: number): Buffer {
  const s = new (lzma().Stream)();
  s.streamDecoder({ memlimit: XZ_MEMLIMIT, flags: 0 });
  const parts: Buffer[] = [];
  let total = 0;
  let failed: Error | null = null;
  s.bufferHandler = (buf, _processed, err) => {
    if (err) failed ??= err;
    if (!buf || failed) return;
    total += buf.length;
    if (total > cap) failed = new DecodeError(`xz payload gives over ${cap} bytes: refused`);
    else parts.push(buf);
  };
  try {
    // Slices, checked between: liblzma decodes all it is given, and 4 KiB of xz can expand to tens of MiB, not more.
    for (let i = 0; i < src.length && !failed; i += XZ_SLICE) s.code(src.subarray(i, i + XZ_SLICE), false);
    if (!failed) s.code(null, false);
  } finally {
    s.resetUnderlying();
  }
  // Set by the handler, which TypeScript does not see run.
  const err = failed as Error | null;
  if (err instanceof DecodeError) throw err;
  if (err && /memory usage limit/i.test(err.message)) throw new DecodeError(`xz payload needs more than ${XZ_MEMLIMIT / 1024 / 1024} MiB of memory to decode: refused`);
  if (err) throw new DecodeError(`xz payload is corrupt: ${err.message}`);
  return capped(parts, total);
}
