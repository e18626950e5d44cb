// Random access to a journal file's bytes: positioned reads of a file on disk, or the chunks of a streamed
// archive member kept in memory. A journal file is a graph of objects linked by offsets, so it cannot be
// read front to back the way a text log is.

import { closeSync, openSync, readSync } from 'node:fs';

export interface JournalBytes {
  /** Bytes available (a streamed member: what was kept of it). */
  readonly size: number;
  /** Bytes [pos, pos + len), valid until the next call; null when they are not all there. */
  view(pos: number, len: number): Buffer | null;
  close(): void;
}

/** Bytes read into one window around the last position asked for: an entry and its data objects are written close together. */
const WINDOW = 1024 * 1024;

/** A file on disk, read by position (readSync: from the page cache a read is cheaper than a promise). */
export class DiskBytes implements JournalBytes {
  private fd: number | null;
  private win: Buffer = Buffer.allocUnsafe(WINDOW);
  private winStart = 0;
  private winLen = 0;

  constructor(
    abs: string,
    readonly size: number,
  ) {
    this.fd = openSync(abs, 'r');
  }

  view(pos: number, len: number): Buffer | null {
    if (pos < 0 || len < 0 || pos + len > this.size || this.fd === null) return null;
    if (pos >= this.winStart && pos + len <= this.winStart + this.winLen) return this.win.subarray(pos - this.winStart, pos - this.winStart + len);
    if (len > this.win.length) this.win = Buffer.allocUnsafe(len);
    // The window starts a little before pos: an entry's data objects precede it.
    const start = len >= this.win.length / 2 ? pos : Math.max(0, pos - 4096);
    const want = Math.min(this.win.length, this.size - start);
    let got = 0;
    while (got < want) {
      const n = readSync(this.fd, this.win, got, want - got, start + got);
      if (n === 0) break;
      got += n;
    }
    this.winStart = start;
    this.winLen = got;
    if (pos + len > start + got) return null;
    return this.win.subarray(pos - start, pos - start + len);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** A streamed file kept as the chunks it came in (no second copy of the whole), up to `cap` bytes. */
export class ChunkBytes implements JournalBytes {
  private readonly chunks: Buffer[] = [];
  private readonly starts: number[] = [];
  private scratch: Buffer = Buffer.alloc(0);
  size = 0;
  /** Bytes offered past the cap: not kept. */
  dropped = 0;

  constructor(private readonly cap: number) {}

  /** Keep a chunk (the caller must not reuse its memory). */
  add(chunk: Buffer): void {
    const room = this.cap - this.size;
    if (chunk.length > room) {
      this.dropped += chunk.length - Math.max(room, 0);
      if (room <= 0) return;
      chunk = chunk.subarray(0, room);
    }
    if (chunk.length === 0) return;
    this.starts.push(this.size);
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  private chunkAt(pos: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  view(pos: number, len: number): Buffer | null {
    if (pos < 0 || len < 0 || pos + len > this.size) return null;
    let k = this.chunkAt(pos);
    const off = pos - this.starts[k]!;
    const first = this.chunks[k]!;
    if (off + len <= first.length) return first.subarray(off, off + len);
    // Spans chunks: copied into a scratch buffer.
    if (this.scratch.length < len) this.scratch = Buffer.allocUnsafe(Math.max(len, 64 * 1024));
    let got = first.copy(this.scratch, 0, off);
    while (got < len) {
      const c = this.chunks[++k]!;
      got += c.copy(this.scratch, got, 0, Math.min(c.length, len - got));
    }
    return this.scratch.subarray(0, len);
  }

  close(): void {
    this.chunks.length = 0;
    this.starts.length = 0;
  }
}
