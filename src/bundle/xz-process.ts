// xz decoded by the system's `xz` program in a process of its own, when there is one on the PATH: liblzma as
// lzma-native bundles it (5.2.3) took 1.24–1.35 s of CPU for a 10 MB .tar.xz that `xz -dc` (5.4) decodes in
// 0.57 s, on the thread that also untars and parses. In a process of its own the decoding runs on another CPU,
// at its own speed. The bytes go through the same meter (run's cap) and a decoder error is reported in liblzma's
// words, so the report is the one lzma-native would give (BENCHMARKS.md: "xz in a process of its own").

import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { xzProgramMin, xzProgramNamed, xzProgramOff } from '../ingest/tuning.js';

/** The largest dictionary an xz stream may ask for (as in decompress.ts: xz -9e needs 64 MiB). */
const XZ_MEMLIMIT_MIB = 1024;

let program: string | null | undefined;

/**
 * The path of the `xz` program on the PATH, or null (none, or PODMORTEM_XZ=0: tests compare both decoders).
 * PODMORTEM_XZ_PROGRAM names another program (tests: one that cannot start, one that dies half way).
 */
export function xzProgram(): string | null {
  if (xzProgramOff()) return null;
  const named = xzProgramNamed();
  if (named !== undefined) return named;
  if (program !== undefined) return program;
  program = null;
  if (process.platform === 'win32') return program;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const p = path.join(dir, 'xz');
    try {
      accessSync(p, constants.X_OK);
      return (program = p);
    } catch {
      // not here
    }
  }
  return program;
}

/**
 * Compressed xz data smaller than this is decoded in process: starting the program cost ~10 ms of this thread's CPU
 * (and ~50 ms before its first byte) with a big heap, what liblzma takes for ~100 KB (100 tiny .xz: 1 s of CPU).
 */
export const XZ_PROCESS_MIN = 512 * 1024;

/** The xz program for compressed data of `size` bytes (null: unknown, a stream), or null to decode in process. */
export function xzProgramFor(size: number | null): string | null {
  const min = xzProgramMin() ?? XZ_PROCESS_MIN;
  return size !== null && size < min ? null : xzProgram();
}

/** xz's message for a broken stream, in liblzma's words (what lzma-native reports: see explain() in decompress.ts). */
export function liblzmaWords(stderr: string): string {
  // "xz: (stdin): Unexpected end of input": the last line names the problem after the file's name.
  const line = stderr.trim().split('\n').pop() ?? '';
  const said = line.replace(/^xz: \(stdin\): /, '');
  if (/unexpected end of input/i.test(said)) return 'No progress is possible';
  if (/compressed data is corrupt/i.test(said)) return 'Data is corrupt';
  if (/file format not recognized/i.test(said)) return 'File format not recognized';
  if (/memory is required/i.test(said)) return 'Memory usage limit reached';
  if (/unsupported options/i.test(said)) return 'Invalid or unsupported options';
  return said === '' ? 'xz failed' : said;
}

/**
 * How xz ended: decoded (null), a broken stream in liblzma's words (`data`), or the program itself failed (killed,
 * could not run: `program`), which says nothing of the data: the caller decodes it again in process.
 */
export type XzEnd = null | { data: string } | { program: string };

/**
 * Pipe `source` through `xz -dc` into `sink` (not ended: `done` is called once xz has exited and every byte it
 * wrote is in `sink`, with how it ended). Returns a function that stops it, or null when the program could not be
 * started (ENOENT, EACCES, EAGAIN: known at once, before anything was read from `source`).
 */
export function xzThrough(xz: string, source: Readable, sink: Writable, done: (end: XzEnd) => void): (() => void) | null {
  let child;
  try {
    child = spawn(xz, ['-dc', '-q', `--memlimit-decompress=${XZ_MEMLIMIT_MIB}MiB`], { stdio: ['pipe', 'pipe', 'pipe'] });
  } catch {
    return null;
  }
  // A spawn that failed has no pid (its 'error' event comes on the next tick): nothing was read yet.
  if (child.pid === undefined) {
    child.on('error', () => {});
    return null;
  }
  let stderr = '';
  let finished = false;
  const finish = (error: XzEnd): void => {
    if (finished) return;
    finished = true;
    done(error);
  };
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    if (stderr.length < 4096) stderr += s;
  });
  // xz stops reading at a broken stream: what is left of the input is not wanted.
  child.stdin.on('error', () => source.destroy());
  source.on('error', () => child.stdin.destroy());
  source.pipe(child.stdin);
  child.stdout.pipe(sink, { end: false });
  child.on('error', (e) => finish({ program: `xz could not run: ${e.message}` }));
  // 'close': the process has exited and its stdout has ended, so every byte it wrote has gone to the sink.
  child.on('close', (code, signal) => {
    // Exit status 2 is a warning (-q keeps it from stderr): the data decoded.
    if (code === 0 || (code === 2 && stderr.trim() === '')) finish(null);
    else if (signal !== null) finish({ program: `xz stopped by ${signal}` });
    else finish({ data: liblzmaWords(stderr) });
  });
  return () => {
    finished = true;
    child.stdout.unpipe(sink);
    child.kill();
    source.destroy();
  };
}
