// A compressed file on disk decoded in a worker thread (decode-thread.ts): liblzma and fzstd decode on the thread
// that calls them, and on the main thread decoding and parsing took turns. The bytes that come back are clipped at
// what the run's cap leaves and reported broken exactly as decompress() does here.

import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { workerKeepingYoungSmall } from '../young-gen.js';
import type { Budget } from './budget.js';
import { clipAt, type Compression, type DecodedStream } from './decompress.js';

/** Decoded bytes sent at once. */
export const DECODE_BATCH = 1024 * 1024;
/** Batches the worker may send before the main thread has taken the first: how far decoding runs ahead. */
export const DECODE_WINDOW = 4;

/** The worker's module: built JavaScript beside this one (run from TypeScript sources, as tests do, there is none). */
const THREAD = new URL('./decode-thread.js', import.meta.url);
let available: boolean | null = null;

/** Whether a worker can be started: the program runs from its build. */
export function decodeWorkerAvailable(): boolean {
  return (available ??= existsSync(fileURLToPath(THREAD)));
}

export type ToDecoder = { abs: string; kind: Compression } | { ack: true };
export type FromDecoder = { bytes: Uint8Array; sizes: number[]; read: number } | { broken: string } | { end: true };

/**
 * The decoded bytes of the file at `abs`, clipped at what `budget` leaves (see clipAt); `read(n)` is told of the file's bytes as the
 * worker reads them (progress). A decoder error goes to `broken` and the stream ends after the last good byte.
 */
export function decompressInWorker(kind: Compression, abs: string, budget: Budget, broken: (message: string) => void, read?: (n: number) => void): DecodedStream {
  const worker = workerKeepingYoungSmall(THREAD, {});
  /** Decoded chunks not yet taken; the last of each batch acknowledges it. */
  const queue: { chunk: Buffer; last: boolean }[] = [];
  let ended = false;
  let wanting = false;
  let done = false;
  let readSoFar = 0;
  const decoded = new Readable({
    read() {
      wanting = true;
      drain();
    },
  });
  const drain = (): void => {
    while (wanting && queue.length > 0) {
      const { chunk, last } = queue.shift()!;
      if (last) worker.postMessage({ ack: true } satisfies ToDecoder);
      wanting = decoded.push(chunk);
    }
    if (ended && queue.length === 0 && !done) {
      done = true;
      decoded.push(null);
    }
  };
  const stop = (message: string): void => {
    if (ended) return;
    broken(message);
    ended = true;
    drain();
  };
  worker.on('message', (m: FromDecoder) => {
    if ('bytes' in m) {
      read?.(m.read - readSoFar);
      readSoFar = m.read;
      const bytes = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
      for (let i = 0, at = 0; i < m.sizes.length; at += m.sizes[i]!, i++) queue.push({ chunk: bytes.subarray(at, at + m.sizes[i]!), last: i === m.sizes.length - 1 });
    } else if ('broken' in m) broken(m.broken);
    else ended = true;
    drain();
  });
  worker.on('error', (e) => stop(`reading stopped: ${e.message}`));
  worker.on('exit', () => stop('reading stopped: the decoding thread ended early'));
  const start: ToDecoder = { abs, kind };
  worker.postMessage(start);
  const stopped = (): void => {
    ended = true;
    void worker.terminate();
    decoded.destroy();
  };
  const meter = clipAt(budget.limits.runBytes - budget.runBytes, stopped);
  decoded.pipe(meter);
  meter.on('close', stopped);
  return Object.assign(meter, { clipped: () => meter.over });
}
