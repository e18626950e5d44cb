// gzip, xz and zstd decompression as streams: chosen by magic bytes, counted against the run's cap, errors in plain words.

import { Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type * as Fzstd from 'fzstd';
import type * as LzmaNative from 'lzma-native';
import { lazy } from '../lazy.js';
import type { Budget } from './budget.js';
import { xzProgramFor, xzThrough } from './xz-process.js';

const fzstd = lazy<typeof Fzstd>('fzstd');
const lzma = lazy<typeof LzmaNative.default>('lzma-native');

export type Compression = 'gzip' | 'xz' | 'zstd';

/** xz streams whose dictionary needs more than this are refused (xz -9e needs 64 MiB; a hostile header can ask for 4 GiB). */
const XZ_MEMLIMIT = 1024 * 1024 * 1024;
/**
 * fzstd decodes synchronously whatever it is given: feeding it small slices bounds what one step can
 * produce (a 4-byte RLE block expands to 128 KiB, so 1 KiB in gives at most 32 MiB out).
 */
const ZSTD_SLICE = 1024;
/**
 * liblzma (lzma-native) decodes each write whole, off the main thread, and queues all it produced: a 64 KiB
 * read of an xz bomb (zeros: ~10 KiB per 64 MiB) queued ~420 MiB at once (RSS 530 MB on a 5 GiB .tar.xz
 * bomb). Fed 1 KiB slices with a 1 KiB write buffer (its _writev joins whatever is buffered), one step makes
 * at most ~7 MiB: RSS ~180 MB on the same bomb, and no measurable cost on real archives.
 */
const XZ_SLICE = 1024;
/**
 * Once the stream is known to expand like text (≤ 64×), slices of this size: a call into liblzma per KiB cost
 * more than the decoding (a 1 GB .tar.xz took 36 s, xz -dc 6.5 s). A stream that turns into a bomb later makes
 * at most ~50 MiB in one step before the slices shrink back.
 */
const XZ_SLICE_TEXT = 8 * 1024;
/*
 * liblzma runs on this thread (lzma-native's `synchronous`). On its own native thread each 8 KiB slice goes there and
 * back through this thread's event loop (a thousand round trips for a 10 MB archive), and on a quiet 2-CPU machine
 * that lost: three 100 MB nodes as .tar.xz, 9.9–10.1 s wall against 7.3–7.7 s here, for about the same CPU
 * (2026-12-07, A/B interleaved; under load from other work the native thread looked faster, which it is not).
 * The second CPU reads the nodes' journals instead (ingest/parallel: parts handed to the worker as found).
 */
/** Expansion above which a stream is treated as a bomb (text logs compress 5–20×; zeros ~6500×). */
const XZ_BOMB_RATIO = 64;
/** zlib's output chunk: the default 16 KiB made draining a 5 GiB .tar.gz bomb take 12 s; 256 KiB takes 2 s. */
const GZIP_CHUNK = 256 * 1024;

/**
 * Cut every chunk into slices, so a decoder downstream takes one slice at a time: small ones while the stream
 * is young or expands like a bomb (`produced.bytes` is what the decoder gave so far), larger ones for text.
 */
function sliced(produced: { bytes: number }): Transform {
  let fed = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      const size = fed < 64 * 1024 || produced.bytes > XZ_BOMB_RATIO * fed ? XZ_SLICE : XZ_SLICE_TEXT;
      fed += chunk.length;
      for (let i = 0; i < chunk.length; i += size) this.push(chunk.subarray(i, i + size));
      cb();
    },
  });
}

/** One sentence for a decoder error: truncation is named as such. */
export function explain(kind: Compression, e: Error): string {
  const m = e.message;
  if (/unexpected end|no progress is possible|unexpected eof/i.test(m)) return `${kind} data ends early (truncated file?): ${m}`;
  if (/memory usage limit/i.test(m)) return `${kind} data needs more than ${XZ_MEMLIMIT / 1024 / 1024} MiB to decode: refused (${m})`;
  return `${kind} data is corrupt: ${m}`;
}

/** zstd frames (one or more) decoded by fzstd, pulled slice by slice so the consumer's pace bounds memory. */
function zstdStream(source: Readable, fail: (e: Error) => void): Readable {
  async function* run(): AsyncGenerator<Buffer> {
    const out: Uint8Array[] = [];
    const d = new (fzstd().Decompress)((chunk) => {
      if (chunk.length > 0) out.push(chunk);
    });
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        for (let i = 0; i < chunk.length; i += ZSTD_SLICE) {
          d.push(chunk.subarray(i, i + ZSTD_SLICE));
          while (out.length > 0) {
            const c = out.shift()!;
            yield Buffer.from(c.buffer, c.byteOffset, c.byteLength);
          }
        }
      }
      d.push(new Uint8Array(0), true);
    } catch (e) {
      fail(e as Error);
    }
    for (const c of out) yield Buffer.from(c.buffer, c.byteOffset, c.byteLength);
  }
  return Readable.from(run(), { objectMode: false });
}

/** A stream that drops the first `n` bytes of what goes through it (a decode started again from the start). */
function skipping(n: number): Transform {
  let left = n;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (left >= chunk.length) {
        left -= chunk.length;
        return cb();
      }
      const rest = left > 0 ? chunk.subarray(left) : chunk;
      left = 0;
      cb(null, rest);
    },
  });
}

/**
 * Where a stream was decoded: in process (on this thread, or zlib's pool), by the xz program, or in process instead
 * of the xz program (it could not start, or died half way: said once more after 'process').
 */
export type DecodedBy = 'main' | 'process' | 'instead';

/**
 * The decoder's output let through up to `room` bytes and ended there, `stop` then called (the decoder and its
 * source stopped: a bomb is not decoded to its end for nothing). `room` is what the run's cap leaves when the
 * decoding starts: the bytes are counted by whoever reads them, by position (see Budget), and no reader of this
 * stream can count more than that, so the cut by position falls at or before the clip; `over` says there was
 * more, for a reader that counted up to the cap exactly where the stream ended.
 */
export function clipAt(room: number, stop: () => void, seen?: (n: number) => void): Transform & { over: boolean } {
  let passed = 0;
  const clip = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen?.(chunk.length);
      if (clip.over) return cb();
      if (chunk.length <= room - passed) {
        passed += chunk.length;
        return cb(null, chunk);
      }
      clip.over = true;
      if (room > passed) this.push(chunk.subarray(0, room - passed));
      // The readable side ends here; what is still written to the other side is dropped (pushing null twice is harmless).
      this.push(null);
      cb();
      stop();
    },
  }) as Transform & { over: boolean };
  clip.over = false;
  return clip;
}

/** Decoded bytes as discovery gets them: `clipped()`, whether there was more than the run's cap left (see clipAt). */
export type DecodedStream = Readable & { clipped(): boolean };

/**
 * The decompressed bytes of `source` (`xzSize`: the compressed size when known, which picks where xz decodes: see
 * xzProgramFor), up to what the run's cap leaves (see clipAt: not counted here); destroying the result destroys
 * the source. A decoder error
 * (truncated or corrupt data) goes to `broken` and the stream ends after the last good byte: an error
 * event would make Node drop the bytes still buffered, and those are what could be read.
 * The xz program that cannot start is not used (liblzma decodes, `by` says so); one that dies half way (killed: a
 * signal) is replaced by liblzma on the bytes of `reopen()` (the data from its start again, when it can be read
 * again: a file on disk), what xz gave already skipped; without `reopen` that is said as a broken stream.
 */
export function decompress(kind: Compression, source: Readable, budget: Budget, broken: (message: string) => void, xzSize: number | null = null, reopen?: () => Readable, by?: (where: DecodedBy) => void): DecodedStream {
  const produced = { bytes: 0 };
  let decoder: { destroy(): unknown } | null = null;
  const meter = clipAt(
    budget.limits.runBytes - budget.runBytes,
    () => {
      decoder?.destroy();
      source.destroy();
    },
    (n) => (produced.bytes += n),
  );
  let failed = false;
  /** Stops the xz process (when xz decodes in one): nothing it writes may reach the meter once it has ended. */
  let stopXz: (() => void) | undefined;
  const fail = (e: Error): void => {
    if (failed || meter.destroyed || meter.over) return;
    failed = true;
    broken(explain(kind, e));
    if (!meter.writableEnded) meter.end();
  };
  const watch = (src: Readable): void => {
    src.on('error', (e) => {
      if (failed || meter.destroyed || meter.over) return;
      failed = true;
      broken(`reading stopped: ${e.message}`);
      stopXz?.();
      if (!meter.writableEnded) meter.end();
    });
  };
  watch(source);
  /** liblzma, zlib or fzstd on `src`, into the meter past `skip` bytes (a decode started again). */
  const inProcess = (src: Readable, skip: number): { destroy(): unknown } => {
    const into = skip > 0 ? skipping(skip) : meter;
    if (skip > 0) into.pipe(meter);
    if (kind === 'zstd') {
      const z = zstdStream(src, fail);
      z.pipe(into);
      return z;
    }
    const d = kind === 'gzip' ? createGunzip({ chunkSize: GZIP_CHUNK }) : lzma().createDecompressor({ memlimit: XZ_MEMLIMIT, writableHighWaterMark: XZ_SLICE, synchronous: true });
    d.on('error', fail);
    (kind === 'xz' ? src.pipe(sliced(produced)) : src).pipe(d).pipe(into);
    return d;
  };
  const xz = kind === 'xz' ? xzProgramFor(xzSize) : null;
  if (xz !== null) {
    stopXz =
      xzThrough(xz, source, meter, (end) => {
        if (end === null) {
          if (!meter.writableEnded && !meter.destroyed) meter.end();
        } else if ('data' in end || reopen === undefined || meter.destroyed || meter.over) fail(new Error('data' in end ? end.data : end.program));
        else {
          // The program failed, not the data: liblzma takes over from the start, past what xz gave.
          stopXz = undefined;
          const again = reopen();
          watch(again);
          decoder = inProcess(again, produced.bytes);
          by?.('instead');
        }
      }) ?? undefined;
    if (stopXz !== undefined) {
      decoder = { destroy: () => stopXz?.() };
      by?.('process');
    }
  }
  if (decoder === null) {
    decoder = inProcess(source, 0);
    by?.(xz !== null ? 'instead' : 'main');
  }
  meter.on('close', () => {
    decoder?.destroy();
    source.destroy();
  });
  return Object.assign(meter, { clipped: () => meter.over });
}
