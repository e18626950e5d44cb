// Reads a byte range of a file on disk into one reused buffer.

import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Read size. A fresh Buffer per chunk (what createReadStream does) costs a page fault per 4 KiB of input:
 * on a 1.6 GB journal that was more system time than all the parsing. One buffer, filled again and again,
 * stays in memory the whole read.
 */
export const FILE_CHUNK = 1024 * 1024;

/**
 * The bytes [start, end) of a file, in chunks that all share one buffer: a chunk is valid until the loop
 * asks for the next one, so a consumer that keeps bytes must copy them.
 */
export async function* fileChunks(abs: string, start = 0, end = Infinity, onBytes?: (n: number) => void, reach?: SharedReach): AsyncGenerator<Buffer> {
  // Synchronous reads: from the page cache a 1 MiB read takes a fraction of a millisecond, less than a round
  // trip through the thread pool and a promise per chunk.
  const fd = openSync(abs, 'r');
  try {
    const buf = Buffer.allocUnsafe(FILE_CHUNK);
    let pos = start;
    while (pos < end) {
      const want = reach === undefined ? Math.min(FILE_CHUNK, end - pos) : reach.claim(pos, Math.min(FILE_CHUNK, end - pos));
      if (want === 0) return;
      const bytesRead = readSync(fd, buf, 0, want, pos);
      if (bytesRead === 0) return;
      pos += bytesRead;
      onBytes?.(bytesRead);
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * How far a reader of a byte range has claimed (`reach`) and where it must stop (`limit`), shared between the
 * thread that reads the range and one that takes its end (see ingest/parallel/steal.ts). The reader claims each
 * chunk before reading it; the limit only moves down to a point at or past the reach, so nothing claimed is
 * taken away. A lock word guards both: the sections it guards are a few loads and stores.
 */
export class SharedReach {
  private readonly lock: Int32Array;
  private readonly at: Float64Array;

  constructor(
    readonly buffer: SharedArrayBuffer,
    init?: { start: number; end: number },
  ) {
    this.lock = new Int32Array(buffer, 0, 2);
    this.at = new Float64Array(buffer, 8, 2);
    if (init) {
      this.at[0] = init.start;
      this.at[1] = init.end;
    }
  }

  static make(start: number, end: number): SharedReach {
    return new SharedReach(new SharedArrayBuffer(24), { start, end });
  }

  private acquire(): void {
    while (Atomics.compareExchange(this.lock, 0, 0, 1) !== 0);
  }

  private release(): void {
    Atomics.store(this.lock, 0, 0);
  }

  /** Bytes the reader at `pos` may read, at most `want` (0: the range ends here); what it gets is claimed. */
  claim(pos: number, want: number): number {
    this.acquire();
    const n = Math.max(0, Math.min(want, this.at[1]! - pos));
    if (n > 0) this.at[0] = pos + n;
    this.release();
    return n;
  }

  /** What the reader has claimed so far and where it stops. */
  get(): { reach: number; limit: number } {
    this.acquire();
    const r = { reach: this.at[0]!, limit: this.at[1]! };
    this.release();
    return r;
  }

  /** Stop the reader at `cut` when it has not claimed past it: true when the bytes [cut, old limit) are the caller's. */
  cutAt(cut: number): boolean {
    this.acquire();
    const ok = this.at[0]! <= cut && cut < this.at[1]!;
    if (ok) this.at[1] = cut;
    this.release();
    return ok;
  }
}
