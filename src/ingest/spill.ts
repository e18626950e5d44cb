// A big journal inside an archive, copied to a temporary file as the archive streams by, so that it is read like
// a journal on disk: put off, in parts, on two threads (parallel/schedule.ts). Read from the stream, it held the
// thread that untars (and reads the thousands of small members after it) for its whole parse; copied, it costs
// that thread a write into the page cache and the worker reads it meanwhile. Each copy is removed once read, the
// folder with the last one (and at exit, whatever happened: bundle/scratch.ts).

import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { fileChunks } from '../bundle/file-chunks.js';
import { readAt } from '../bundle/xz-file.js';
import { dropScratch, scratchLeft, scratchPath } from '../bundle/scratch.js';
import { spillFullAt } from './tuning.js';


/**
 * A copy: its path and size, and the error that ended the stream early (the copy ends at its last whole line); when
 * the run's cap cut it, `tail` is the start of the line it cut (null: it cut between lines), not in the copy.
 */
export type Spilled = { abs: string; size: number; stopped: string | null; tail?: string | null };

/** Bytes of a cut line read for its sample: at least the 80 characters an excerpt shows, in any encoding. */
const TAIL_BYTES = 400;

/** The start of the line at [from, end) of a file, as text (the line cutter's decoding of those bytes), for its sample. */
export function tailText(abs: string, from: number, end: number): string | null {
  return end > from ? readAt(abs, from, Math.min(TAIL_BYTES, end - from)).toString('utf8') : null;
}

/** Where the last whole line of bytes [start, end) of a file ends (start when there is none), read from the end back. */
export function lastLineEnd(abs: string, start: number, end: number): number {
  for (let to = end; to > start; ) {
    const from = Math.max(start, to - 64 * 1024);
    const nl = readAt(abs, from, to - from).lastIndexOf(10);
    if (nl !== -1) return from + nl + 1;
    to = from;
  }
  return start;
}

/**
 * A copy that could not be finished (a full disk): the member's bytes all the same, those copied read back from the
 * copy, then the rest of the stream (`bytes`; the copy is removed once they have been read or dropped).
 */
export type Unfinished = { error: string; bytes: AsyncGenerator<Buffer> };


/** Write all of `chunk` at the end of the copy (`size` bytes so far), or throw the write's error. */
function writeAll(fd: number, chunk: Buffer, size: number): void {
  const room = spillFullAt() - size;
  const fits = Math.max(0, Math.min(chunk.length, room));
  for (let off = 0; off < fits; ) off += writeSync(fd, chunk, off, fits - off);
  if (fits < chunk.length) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
}

/**
 * Copy the stream to a new temporary file. A stream that fails (an archive cut inside the member) leaves the copy
 * ending at its last whole line, as reading the stream would have read it (read-lines.ts drops the partial line),
 * with the error in `stopped`. No copy made (no temporary folder or file): its error, `begun` false, the stream
 * untouched. A copy that fails half way (a full disk): Unfinished, whose bytes are the member's all the same.
 */
export async function spill(stream: Readable, capped?: () => string | null): Promise<Spilled | Unfinished | { error: string; begun: false }> {
  let abs: string | null = null;
  let fd: number;
  try {
    abs = scratchPath('member');
    fd = openSync(abs, 'wx', 0o600);
  } catch (e) {
    if (abs !== null) dropScratch(abs);
    return { error: (e as Error).message, begun: false };
  }
  let size = 0;
  /** Bytes up to and including the last newline. */
  let whole = 0;
  // By hand, not for-await: leaving that loop would destroy the stream, which a copy that fails reads on.
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  try {
    for (;;) {
      let r: IteratorResult<Buffer>;
      try {
        r = await it.next();
      } catch (e) {
        ftruncateSync(fd, whole);
        return { abs, size: whole, stopped: (e as Error).message };
      }
      if (r.done) {
        // Cut by the run's cap (SourceFile.capped): the copy ends at its last whole line, the cut one said apart.
        const why = capped?.() ?? null;
        if (why === null) return { abs, size, stopped: null };
        const tail = tailText(abs, whole, size);
        ftruncateSync(fd, whole);
        return { abs, size: whole, stopped: why, tail };
      }
      const chunk = r.value;
      try {
        writeAll(fd, chunk, size);
      } catch (e) {
        return { error: (e as Error).message, bytes: readBack(abs, size, chunk, it) };
      }
      const nl = chunk.lastIndexOf(10);
      if (nl !== -1) whole = size + nl + 1;
      size += chunk.length;
    }
  } finally {
    closeSync(fd);
  }
}

/** The `size` bytes copied to `abs`, then `chunk` (the one that did not fit), then the rest of `it`; the copy removed at the end. */
async function* readBack(abs: string, size: number, chunk: Buffer, it: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* fileChunks(abs, 0, size);
    yield chunk;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    await it.return?.();
    unspill(abs);
  }
}

/** The copies not removed yet (tests: none is left once a run is done). */
export const spillsLeft = scratchLeft;

/** Remove a copy made by spill(). */
export const unspill = dropScratch;
