// Builders for hostile inputs made at test time: tar headers and zip records written byte by byte (so they can
// lie), and decompression bombs made of one compressed block repeated (the bomb file stays small, nothing big
// is ever written to disk).

import { execFileSync } from 'node:child_process';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

export interface TarEntry {
  name: string;
  /** '0' file, '1' hard link, '2' symlink, '3' char device, '4' block device, '5' directory, '6' FIFO, 'x' pax, 'L' GNU long name… */
  type?: string;
  body?: Buffer | string;
  /** The size written in the header; defaults to the body's length (a lie when it differs). */
  size?: number;
  linkname?: string;
  mode?: number;
}

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

/** One 512-byte ustar header; names over 100 bytes are cut (use a pax entry before it for long names). */
export function tarHeader(e: TarEntry): Buffer {
  const h = Buffer.alloc(512);
  const body = typeof e.body === 'string' ? Buffer.from(e.body) : (e.body ?? Buffer.alloc(0));
  const size = e.size ?? body.length;
  Buffer.from(e.name).copy(h, 0, 0, 100);
  h.write(octal(e.mode ?? 0o644, 8), 100, 'latin1');
  h.write(octal(0, 8), 108, 'latin1');
  h.write(octal(0, 8), 116, 'latin1');
  // Sizes past 8 GiB do not fit 11 octal digits: GNU base-256 (high bit set), as GNU tar writes them.
  if (size >= 8 * GiB) {
    h[124] = 0x80;
    h.writeBigUInt64BE(BigInt(size), 128);
  } else h.write(octal(size, 12), 124, 'latin1');
  h.write(octal(1726290000, 12), 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write(e.type ?? '0', 156, 'latin1');
  if (e.linkname) Buffer.from(e.linkname).copy(h, 157, 0, 100);
  h.write('ustar\x0000', 257, 'latin1');
  h.write('root', 265, 'latin1');
  h.write('root', 297, 'latin1');
  if (e.type === '3' || e.type === '4') {
    h.write(octal(1, 8), 329, 'latin1');
    h.write(octal(3, 8), 337, 'latin1');
  }
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 'latin1');
  return h;
}

const pad = (n: number): Buffer => Buffer.alloc((512 - (n % 512)) % 512);

/** A whole tar: each entry's header, body and padding, then the two zero blocks (unless `end` is false). */
export function tar(entries: TarEntry[], end = true): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const body = typeof e.body === 'string' ? Buffer.from(e.body) : (e.body ?? Buffer.alloc(0));
    parts.push(tarHeader(e), body, pad(body.length));
  }
  if (end) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** A pax extended header setting `path` for the entry after it (names longer than 100 bytes, any bytes). */
export function paxPath(path: string): TarEntry {
  const rec = (len: number): string => `${len} path=${path}\n`;
  let len = Buffer.byteLength(rec(0));
  while (Buffer.byteLength(rec(len)) !== len) len = Buffer.byteLength(rec(len));
  return { name: 'PaxHeader', type: 'x', body: rec(len) };
}

export interface ZipEntry {
  name: string;
  body: Buffer | string;
  /** Unix mode for the external attributes (symlinks: 0o120777). */
  mode?: number;
  /** Lies the central directory tells about this entry. */
  cdName?: string;
  cdSize?: number;
  cdCompressedSize?: number;
  cdOffset?: number;
  /** Deflate the body (method 8) instead of storing it. */
  deflate?: boolean;
  /** Raw compressed bytes and uncompressed size, for bombs built from repeated deflate blocks. */
  raw?: { data: Buffer; size: number; crc: number };
}

/** A zip written record by record; `eocd` can lie about the entry count and the directory's offset and size. */
export function zip(entries: ZipEntry[], eocd: { count?: number; offset?: number; size?: number; cut?: number } = {}): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = typeof e.body === 'string' ? Buffer.from(e.body) : e.body;
    const data = e.raw ? e.raw.data : e.deflate ? deflateRawSync(body) : body;
    const size = e.raw ? e.raw.size : body.length;
    const crc = e.raw ? e.raw.crc : crc32(body);
    const method = e.raw || e.deflate ? 8 : 0;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0, 6);
    lh.writeUInt16LE(method, 8);
    lh.writeUInt32LE(crc >>> 0, 14);
    lh.writeUInt32LE(Math.min(data.length, 0xffffffff), 18);
    lh.writeUInt32LE(Math.min(size, 0xffffffff), 22);
    lh.writeUInt16LE(name.length, 26);
    locals.push(lh, name, data);
    const cdName = Buffer.from(e.cdName ?? e.name);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE((3 << 8) | 20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(method, 10);
    ch.writeUInt32LE(crc >>> 0, 16);
    ch.writeUInt32LE(Math.min(e.cdCompressedSize ?? data.length, 0xffffffff), 20);
    ch.writeUInt32LE(Math.min(e.cdSize ?? size, 0xffffffff), 24);
    ch.writeUInt16LE(cdName.length, 28);
    ch.writeUInt32LE(((e.mode ?? 0o100644) << 16) >>> 0, 38);
    ch.writeUInt32LE(e.cdOffset ?? offset, 42);
    central.push(ch, cdName);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(eocd.count ?? entries.length, 8);
  end.writeUInt16LE(eocd.count ?? entries.length, 10);
  end.writeUInt32LE(eocd.size ?? cd.length, 12);
  end.writeUInt32LE(eocd.offset ?? offset, 16);
  const all = Buffer.concat([...locals, cd, end]);
  return eocd.cut !== undefined ? all.subarray(0, eocd.cut) : all;
}

/** `n` copies of one compressed block of `block` zero bytes: gzip members and xz streams concatenate, zstd frames too. */
export function zeroBomb(kind: 'gzip' | 'xz' | 'zstd', total: number, block = 64 * MiB): { head: (b: Buffer) => Buffer; body: Buffer[] } {
  const compress = (b: Buffer): Buffer =>
    kind === 'gzip' ? gzipSync(b, { level: 9 }) : execFileSync(kind, kind === 'xz' ? ['-1', '-c', '-T1'] : ['-19', '-c', '-q'], { input: b, maxBuffer: 256 * MiB });
  const one = compress(Buffer.alloc(block));
  return { head: compress, body: Array.from({ length: Math.ceil(total / block) }, () => one) };
}

/** A raw deflate stream of `total` zero bytes from one repeated full-flushed block (CRC left 0: a bomb's CRC is a lie too). */
export function deflateZeros(total: number, block = 64 * MiB): { data: Buffer; size: number; crc: number } {
  const piece = deflateRawSync(Buffer.alloc(block), { level: 9, finishFlush: 3 /* Z_FULL_FLUSH: not final, window reset */ });
  const n = Math.ceil(total / block);
  return { data: Buffer.concat([...Array.from({ length: n }, () => piece), Buffer.from([0x03, 0x00])]), size: n * block, crc: 0 };
}
