// A tar file on disk (an archive xz decoded to a temporary file: xz-file.ts) read by position: headers and small
// members in synchronous reads, a bigger member a byte range of the file (Member.region) that a reader takes in
// place, the bytes between never read here. The headers are read as tar-stream's own headers.js reads them (as
// tar.ts gets them through its extract; tar-header.ts, which leaves any header off the common path to headers.js),
// long names and pax records applied as its extract applies them, so the members and the errors are the ones tar.ts
// gives.

import { closeSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { wrappingOf } from './_magic.js';
import { CapError } from './budget.js';
import type { Member, MemberKind } from './member.js';
import { BLOCK, kindOf, MAX_HEADER_SIZE, padding, SMALL_MEMBER, tarHeaders, TarNames } from './tar.js';
import type { DecodedFile } from './xz-file.js';
import { decodeHeader, type TarHeader } from './tar-header.js';

/** Bytes read at once for headers and small members (see Window). */
const WINDOW = 1024 * 1024;
/** Read size of a member's stream (a fresh buffer each: a reader may keep them). */
const STREAM_CHUNK = 1024 * 1024;

const padded = (size: number): number => size + padding(size);

/** Bytes [start, start + size) of a decoded file, in fresh buffers (the file held until the stream ends or is destroyed). */
export function regionStream(file: DecodedFile, start: number, size: number): Readable {
  const release = file.hold();
  return Readable.from(
    (function* () {
      const fd = openSync(file.abs, 'r');
      try {
        for (let pos = start, end = start + size; pos < end; ) {
          const buf = Buffer.allocUnsafe(Math.min(STREAM_CHUNK, end - pos));
          const n = readSync(fd, buf, 0, buf.length, pos);
          if (n === 0) return;
          pos += n;
          yield n === buf.length ? buf : buf.subarray(0, n);
        }
      } finally {
        closeSync(fd);
        release();
      }
    })(),
    { objectMode: false },
  ).on('close', release);
}

/**
 * Reads of a file through one window of WINDOW bytes: a sos report's thousands of headers and small members sit
 * side by side, and a read each (two a member) cost more than the bytes.
 */
class Window {
  private readonly buf = Buffer.allocUnsafe(WINDOW);
  private from = 0;
  private to = 0;
  constructor(
    private readonly fd: number,
    private readonly size: number,
  ) {}

  /** Bytes [pos, pos + n) of the file: valid until the next call (a view of the window when they fit in it). */
  at(pos: number, n: number): Buffer {
    if (pos + n > this.size) throw new Error('Unexpected end of data');
    if (pos >= this.from && pos + n <= this.to) return this.buf.subarray(pos - this.from, pos - this.from + n);
    if (n > WINDOW) {
      const big = Buffer.allocUnsafe(n);
      if (readSync(this.fd, big, 0, n, pos) !== n) throw new Error('Unexpected end of data');
      return big;
    }
    this.from = pos;
    this.to = pos + readSync(this.fd, this.buf, 0, Math.min(WINDOW, this.size - pos), pos);
    if (this.to < pos + n) throw new Error('Unexpected end of data');
    return this.buf.subarray(0, n);
  }
}

/**
 * Members of the tar in `file`, in order, counted against the run's cap as a tar read from the stream counts them
 * (`take`, see TarCap: each header as it is read, each member's data whole before it is handed on, so the cap falls
 * on the same byte and a member it falls in is handed on up to it, Member.cut; then a CapError with `capMessage`); a
 * corrupt or cut tar throws after the last good member. A small member's bytes are valid until the next member is
 * asked for (as SourceFile.bytes).
 */
export async function* tarFileMembers(file: DecodedFile, take: (n: number) => number, capMessage: () => string): AsyncGenerator<Member> {
  const h = tarHeaders();
  const slow = (block: Buffer): TarHeader | null => h.decode(block, 'utf-8', false);
  const fd = openSync(file.abs, 'r');
  const window = new Window(fd, file.size);
  const count = (n: number): void => {
    if (take(n) < n) throw new CapError('run', capMessage());
  };
  let pos = 0;
  const names = new TarNames(h);
  try {
    while (pos < file.size) {
      const block = window.at(pos, BLOCK);
      pos += BLOCK;
      count(BLOCK);
      const hd = decodeHeader(block, slow);
      if (hd === null) continue;
      if (TarNames.carries(hd.type)) {
        if (hd.size > MAX_HEADER_SIZE) throw new Error('Header exceeds max size');
        const data = window.at(pos, hd.size);
        pos += padded(hd.size);
        count(padded(hd.size));
        names.take(hd.type, data);
        continue;
      }
      names.apply(hd);
      if (!(hd.size >= 0)) throw new Error('Invalid header');
      const kind: MemberKind = kindOf(hd.type);
      // A directory's size says nothing of data that follows (tar-stream reads none).
      const size = hd.type === 'directory' ? 0 : hd.size;
      const start = pos;
      // Counted whole before it is read; what fits is what is handed on.
      const fit = take(size);
      const cut = fit < size;
      if (start + fit > file.size) throw new Error('Unexpected end of data');
      pos += padded(size);
      const name = hd.name;
      const type = String(hd.type);
      const linkTarget = hd.linkname ?? null;
      const mtimeUs = hd.mtime ? hd.mtime.getTime() * 1000 : null;
      let member: Member;
      if (kind === 'file' && size <= SMALL_MEMBER) {
        // A compressed or archived member gets bytes of its own: its decoder may still hold them (zlib's thread
        // pool, the xz program's pipe) when a reader that stopped early lets the next member refill the window.
        const view = window.at(start, fit);
        const bytes = wrappingOf(view.subarray(0, 512)) === null ? view : Buffer.from(view);
        member = { name, kind, type, linkTarget, size: hd.size, mtimeUs, sequential: false, bytes, open: async () => Readable.from(bytes.length > 0 ? [bytes] : [], { objectMode: false }) };
      } else member = { name, kind, type, linkTarget, size: hd.size, mtimeUs, sequential: false, region: { file, start, size: fit }, open: async () => regionStream(file, start, fit) };
      if (cut) {
        member.cut = () => true;
        yield member;
        throw new CapError('run', capMessage());
      }
      yield member;
      if (start + size > file.size) throw new Error('Unexpected end of data');
      count(padding(size));
    }
  } finally {
    closeSync(fd);
  }
}
