// A tar stream's members in archive order, each one's bytes readable once, the rest drained by the archive.

import { createRequire } from 'node:module';
import path from 'node:path';
import { Readable } from 'node:stream';
import { HEAD_BYTES } from '../sniff/sniff.js';
import { CapError } from './budget.js';
import type { Member, MemberKind } from './member.js';
import type { TarHeader } from './tar-header.js';

/** The kind of a member from tar-stream's word for its type. */
export function kindOf(type: string | null | undefined): MemberKind {
  switch (type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'directory';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    case 'character-device':
    case 'block-device':
      return 'device';
    case 'fifo':
      return 'fifo';
    default:
      return 'other';
  }
}

/**
 * A readable view of an iterator that never closes it: a reader may stop early (and be destroyed)
 * while the archive still drains the member through the same iterator to reach the next header.
 */
export function borrow(it: AsyncIterator<Buffer>): Readable {
  return Readable.from({ [Symbol.asyncIterator]: () => ({ next: () => it.next() }) }, { objectMode: false });
}

/**
 * Files up to this size are read whole by the archive and handed on as bytes (Member.bytes): as much as sniffing
 * looks at, so discovery would have read them whole anyway. A report of a big /proc holds hundreds of thousands of
 * such members, and a stream each (borrowed, peeked at, replayed, drained) cost more than their bytes.
 */
export const SMALL_MEMBER = HEAD_BYTES;

/** How a tar read from a stream counts its bytes against the run's cap, and learns that its data was cut by it. */
export interface TarCap {
  /** Count `n` decoded bytes (see Budget.take): how many fit. Absent: the bytes were counted already (a member, a file on disk). */
  take?: (n: number) => number;
  /** The data ended early, cut by the run's cap (known once it has ended). */
  cut(): boolean;
  /** The run's cap reached, in words (CapError's message). */
  message(): string;
}

const NO_CAP: TarCap = { cut: () => false, message: () => '' };

interface Headers {
  decode(buf: Buffer, filenameEncoding: string, allowUnknownFormat: boolean): TarHeader | null;
  decodePax(buf: Buffer): Record<string, string>;
  decodeLongPath(buf: Buffer, encoding: string): string;
}

let headers: Headers | null = null;
/** tar-stream's headers.js, which its package does not export: found beside its main file. */
export function tarHeaders(): Headers {
  if (headers !== null) return headers;
  const require = createRequire(import.meta.url);
  return (headers = require(path.join(path.dirname(require.resolve('tar-stream')), 'headers.js')) as Headers);
}

/**
 * Long names and pax records, applied as tar-stream's extract applies them: the headers that carry them (carries),
 * their data taken in (take), then the member they name given its name, link and size (apply).
 */
export class TarNames {
  private pax: Record<string, string> | null = null;
  private paxGlobal: Record<string, string> | null = null;
  private longPath: string | null = null;
  private longLink: string | null = null;

  constructor(private readonly h: Headers) {}

  static carries(type: string | null): boolean {
    return type === 'gnu-long-path' || type === 'gnu-long-link-path' || type === 'pax-global-header' || type === 'pax-header';
  }

  take(type: string | null, data: Buffer): void {
    const h = this.h;
    if (type === 'gnu-long-path') this.longPath = h.decodeLongPath(data, 'utf-8');
    else if (type === 'gnu-long-link-path') this.longLink = h.decodeLongPath(data, 'utf-8');
    else if (type === 'pax-global-header') this.paxGlobal = h.decodePax(data);
    else this.pax = this.paxGlobal === null ? h.decodePax(data) : { ...this.paxGlobal, ...h.decodePax(data) };
  }

  apply(hd: TarHeader): void {
    if (this.longPath !== null) hd.name = this.longPath;
    if (this.longLink !== null) hd.linkname = this.longLink;
    this.longPath = this.longLink = null;
    const pax = this.pax;
    if (pax !== null) {
      if (pax.path) hd.name = pax.path;
      if (pax.linkpath) hd.linkname = pax.linkpath;
      if (pax.size) hd.size = parseInt(pax.size, 10);
      this.pax = null;
    }
  }
}

export const BLOCK = 512;
/** As tar-stream's extract: a long name or pax record bigger than this is refused. */
export const MAX_HEADER_SIZE = 4 * 1024 * 1024;
/** Padding after `size` bytes of data, to the next block. */
export const padding = (size: number): number => (BLOCK - (size % BLOCK)) % BLOCK;

/** The bytes of a stream taken as asked: exactly n, or the next piece of at most n (no copy when it is in one chunk). */
class Bytes {
  private readonly chunks: Buffer[] = [];
  /** Where the first chunk's unread bytes start. */
  private at = 0;
  buffered = 0;
  ended = false;
  constructor(private readonly it: AsyncIterator<Buffer>) {}

  /** Until `n` bytes are buffered or the stream has ended: whether they are. */
  async fill(n: number): Promise<boolean> {
    while (this.buffered < n && !this.ended) await this.pull();
    return this.buffered >= n;
  }

  private async pull(): Promise<void> {
    const r = await this.it.next();
    if (r.done) this.ended = true;
    else if (r.value.length > 0) {
      this.chunks.push(r.value);
      this.buffered += r.value.length;
    }
  }

  /** Exactly `n` buffered bytes (fill first): a view when they are in one chunk, else a copy. */
  take(n: number): Buffer {
    const first = this.chunks[0];
    if (first !== undefined && first.length - this.at >= n) return this.piece(n);
    const out = Buffer.allocUnsafe(n);
    for (let got = 0; got < n; ) got += this.piece(n - got).copy(out, got);
    return out;
  }

  /** Drop `n` buffered bytes (fill first). */
  skip(n: number): void {
    while (n > 0) n -= this.piece(n).length;
  }

  /** Up to `n` bytes of what is buffered, from one chunk (something must be buffered). */
  private piece(n: number): Buffer {
    const first = this.chunks[0]!;
    const end = Math.min(first.length, this.at + n);
    const out = this.at === 0 && end === first.length ? first : first.subarray(this.at, end);
    this.buffered -= end - this.at;
    if (end === first.length) {
      this.chunks.shift();
      this.at = 0;
    } else this.at = end;
    return out;
  }

  /** The next piece of at most `n` bytes, or null when the stream has ended. */
  async next(n: number): Promise<Buffer | null> {
    if (this.buffered === 0 && !(await this.fill(1))) return null;
    return this.piece(n);
  }
}

/**
 * Members of the tar stream `source`, in order; a truncated or corrupt archive throws after the last good member,
 * with tar-stream's words (its headers.js decodes each header, long names and pax records applied as its extract
 * applies them). `cap`: when the bytes are decoded data (see TarCap), each header is counted as it is read and each
 * member's data whole before it is handed on; a member the cap falls in is handed on up to the cap exactly
 * (Member.cut), and the archive then stops with a CapError. Read here, not by tar-stream's extract: its entries
 * dropped the bytes they held when the archive's stream ended early, and how many depended on timing.
 */
export async function* tarMembers(source: Readable, cap: TarCap = NO_CAP): AsyncGenerator<Member> {
  const h = tarHeaders();
  const bytes = new Bytes(source[Symbol.asyncIterator]() as AsyncIterator<Buffer>);
  const take = cap.take;
  /** The stream ended before `what` was whole: cut by the cap, or truncated. */
  const ended = (): Error => (cap.cut() ? new CapError('run', cap.message()) : new Error('Unexpected end of data'));
  /** Count `n` bytes read; the cap reached stops the archive. */
  const count = (n: number): void => {
    if (take !== undefined && take(n) < n) throw new CapError('run', cap.message());
  };
  const names = new TarNames(h);
  try {
    for (;;) {
      if (!(await bytes.fill(BLOCK))) {
        if (bytes.buffered === 0 && !cap.cut()) return;
        throw ended();
      }
      const block = bytes.take(BLOCK);
      count(BLOCK);
      const hd = h.decode(block, 'utf-8', false);
      if (hd === null) continue;
      if (TarNames.carries(hd.type)) {
        if (hd.size > MAX_HEADER_SIZE) throw new Error('Header exceeds max size');
        const whole = hd.size + padding(hd.size);
        if (!(await bytes.fill(whole))) throw ended();
        const data = bytes.take(whole).subarray(0, hd.size);
        count(whole);
        names.take(hd.type, data);
        continue;
      }
      names.apply(hd);
      if (!(hd.size >= 0)) throw new Error('Invalid header');
      const kind = kindOf(hd.type);
      // A directory's size says nothing of data that follows (tar-stream reads none).
      const size = hd.type === 'directory' ? 0 : hd.size;
      // Counted whole before it is read (see Budget): what fits is what is handed on.
      const fit = take === undefined ? size : take(size);
      const cut = fit < size;
      // Written out field by field, bytes or not: a literal spread from another is built the slow way.
      const name = hd.name;
      const type = String(hd.type);
      const linkTarget = hd.linkname ?? null;
      const mtimeUs = hd.mtime ? hd.mtime.getTime() * 1000 : null;
      let it: AsyncGenerator<Buffer>;
      if (kind === 'file' && size <= SMALL_MEMBER) {
        if (await bytes.fill(fit)) {
          const whole = bytes.take(fit);
          // A view of the stream's chunk: a reader may keep it (the chunk is not reused).
          const member: Member = { name, kind, type, linkTarget, size: hd.size, mtimeUs, sequential: true, bytes: whole, open: async () => Readable.from(whole.length > 0 ? [whole] : [], { objectMode: false }) };
          if (cut) member.cut = () => true;
          yield member;
          if (cut) throw new CapError('run', cap.message());
          if (!(await bytes.fill(padding(size)))) throw ended();
          bytes.skip(padding(size));
          count(padding(size));
          continue;
        }
        // Cut short: handed on as a stream would have been, its bytes then the end (the file and the archive say so).
      }
      let over = null as Error | null;
      let short = false;
      it = (async function* () {
        for (let left = fit; left > 0; ) {
          const piece = await bytes.next(left);
          if (piece === null) {
            over = ended();
            if (over instanceof CapError) {
              short = true;
              return;
            }
            throw over;
          }
          left -= piece.length;
          yield piece;
        }
        short = cut;
      })();
      const member: Member = { name, kind, type, linkTarget, size: hd.size, mtimeUs, sequential: true, open: async () => borrow(it) };
      member.cut = () => short;
      yield member;
      // Whatever the reader left must be read for the next header to come.
      while (!(await it.next()).done) {
        // discard
      }
      // Truncated (said to the reader too, if it read that far) or cut by the cap.
      if (over !== null) throw over;
      if (short) throw new CapError('run', cap.message());
      if (!(await bytes.fill(padding(size)))) throw ended();
      bytes.skip(padding(size));
      count(padding(size));
    }
  } finally {
    source.destroy();
  }
}
