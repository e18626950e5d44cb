// An .xz input file on disk decoded whole by the system's xz into a temporary file, the next inputs' decoded ahead
// while this one is read. Piped into this process, every byte of a sos .tar.xz went through the untarring
// thread's streams (the pipe, the meter, tar-stream, the member's stream, the copy of its journal: ~1 s of that
// thread's CPU and its collector's for three 100 MB nodes), and xz decoded only as fast as that thread read. Written
// by xz itself, the bytes cost this process nothing until it reads them: the tar is then read by position
// (tar-file.ts), its journal handed to the worker as a byte range of the decoded file, never copied.
//
// Used only when it cannot change what is read: the xz program is there, the file's index gives its decoded size
// (`xz --robot --list`: a truncated or corrupt file has none, and is read from the stream as before, which says how
// it broke), that size is no bomb's and fits the run's cap and the temporary disk; a decode that fails in any way (a
// full disk, a killed program, a corrupt block, output past the size the index gave) leaves the file to the stream
// as well, and nothing of it was read before the decode ended.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { xzFileAllowed } from '../ingest/tuning.js';
import { dropScratch, scratchPath } from './scratch.js';
import { xzProgram, xzProgramFor } from './xz-process.js';

/** Inputs decoded at once: the one being read and the next (on two CPUs, the second decodes while this one is read). */
export const XZ_AHEAD = 2;
/**
 * Decoded sizes past this many times the compressed one are not written to disk: text logs compress 5–20× (a sos
 * .tar.xz ~10×), zeros ~6500×; a bomb is read from the stream, where the caps cut it as it comes.
 */
const BOMB_RATIO = 64;
/** Temporary disk left free beside a decoded file. */
const DISK_MARGIN = 256 * 1024 * 1024;


/** A decoded file: where it is, how big, and a count of its readers (it is removed when the last lets go). */
export class DecodedFile {
  private holders = 1;
  constructor(
    readonly abs: string,
    readonly size: number,
  ) {}

  /** One more reader (a member's byte range handed on): release() it when done. */
  hold(): () => void {
    this.holders++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.release();
    };
  }

  release(): void {
    if (--this.holders === 0) dropScratch(this.abs);
  }
}

/**
 * The decoded sizes the files' indexes give (`xz --robot --list`, one program for all: each start of a program from
 * this process cost its thread ~25–35 ms with a heap of a sos report's events), by path; a file missing from the
 * answer (truncated or corrupt: no index) has none.
 */
function listedSizes(xz: string, files: string[]): Promise<Map<string, number>> {
  return new Promise((resolve) => {
    execFile(xz, ['--robot', '--list', '--', ...files], { timeout: 30_000, maxBuffer: 16 * 1024 * 1024 }, (_err, stdout) => {
      const sizes = new Map<string, number>();
      // "name\t<path>" then "file\t<streams>\t<blocks>\t<compressed>\t<uncompressed>\t…" for each file it could read.
      let name: string | null = null;
      for (const line of String(stdout ?? '').split('\n')) {
        const f = line.split('\t');
        if (f[0] === 'name') name = line.slice(5);
        else if (f[0] === 'file' && name !== null) {
          const size = Number(f[4]);
          if (Number.isSafeInteger(size) && size >= 0) sizes.set(name, size);
          name = null;
        }
      }
      resolve(sizes);
    });
  });
}

/** Free bytes on the temporary folder's disk, or 0 when unknown. */
function freeDisk(): number {
  try {
    const s = statfsSync(tmpdir());
    return s.bavail * s.bsize;
  } catch {
    return 0;
  }
}

/** The decodes running now (killed at exit). */
const decoding = new Set<ChildProcess>();
let exitHooked = false;

/** Decode `abs` into a new temporary file; null when xz failed or wrote more than `size` bytes (the file is gone then). */
function decodeTo(xz: string, abs: string, size: number): Promise<DecodedFile | null> {
  let out: string;
  let fd: number;
  try {
    out = scratchPath('xz-out');
  } catch {
    return Promise.resolve(null);
  }
  try {
    fd = openSync(out, 'wx', 0o600);
  } catch {
    dropScratch(out);
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    let watch: NodeJS.Timeout | undefined;
    const failed = (): void => {
      clearInterval(watch);
      dropScratch(out);
      resolve(null);
    };
    let child;
    try {
      child = spawn(xz, ['-dc', '-q', '--memlimit-decompress=1024MiB', abs], { stdio: ['ignore', fd, 'ignore'] });
    } catch {
      child = null;
    }
    closeSync(fd);
    // A spawn that failed has no pid (ENOENT, EAGAIN: its 'error' event comes next).
    if (child === null || child.pid === undefined) {
      child?.on('error', () => {});
      return failed();
    }
    const running = child;
    decoding.add(running);
    if (decoding.size === 1 && !exitHooked) {
      exitHooked = true;
      // A run that ends early (an error, a cap) leaves no decode behind writing to a removed folder.
      process.once('exit', () => {
        for (const c of decoding) c.kill('SIGKILL');
      });
    }
    // An index that lies about the size (a bomb): stopped once the output passes it.
    watch = setInterval(() => {
      try {
        if (statSync(out).size > size) running.kill('SIGKILL');
      } catch {
        // gone: the close handler says so
      }
    }, 50);
    watch.unref();
    child.on('error', () => {});
    child.on('close', (code) => {
      decoding.delete(running);
      clearInterval(watch);
      let written = -1;
      try {
        written = statSync(out).size;
      } catch {
        // counted as failed below
      }
      if (code !== 0 || written !== size) return failed();
      resolve(new DecodedFile(out, size));
    });
  });
}

/** Reads `n` bytes at `pos` of a file, or fewer at its end. */
export function readAt(abs: string, pos: number, n: number): Buffer {
  const fd = openSync(abs, 'r');
  try {
    const buf = Buffer.allocUnsafe(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, pos));
  } finally {
    closeSync(fd);
  }
}

interface Ahead {
  abs: string;
  size: number;
  decoded: Promise<DecodedFile | null> | null;
  /** The decode has ended (its file written, or failed). */
  ended: boolean;
}

/**
 * The run's .xz inputs on disk (files given on the command line, and a folder's .xz files when the walk opens it)
 * in the order they are offered. Asking for one starts its decode if it has not started; XZ_AHEAD decodes run at once, the next starting as one ends, while no
 * more than XZ_AHEAD decoded files wait to be read (each takes its decoded size of temporary disk until read).
 */
export class XzAhead {
  private readonly queue: Ahead[] = [];
  /** Decoded bytes promised to files not read yet (checked against the disk and the run's cap). */
  private pending = 0;
  /**
   * The decoded sizes of the files offered (listedSizes): one call lists every file offered and not listed yet, so
   * the inputs given by name are listed together, and each folder's archives when the walk opens it.
   */
  private readonly sizes = new Map<string, Promise<Map<string, number>>>();

  constructor(private readonly room: () => number) {}

  /** An input file that may be decoded ahead: xz data (by its magic) big enough for the program (XZ_PROCESS_MIN). */
  offer(abs: string, size: number): void {
    if (!xzFileAllowed() || xzProgramFor(size) === null || this.queue.some((a) => a.abs === abs)) return;
    let head: Buffer;
    try {
      head = readAt(abs, 0, 6);
    } catch {
      return;
    }
    if (head.equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) this.queue.push({ abs, size, decoded: null, ended: false });
  }

  /** The decoded file of an input offered, or null (not offered, or read from the stream: see the header). */
  async take(abs: string): Promise<DecodedFile | null> {
    const at = this.queue.findIndex((a) => a.abs === abs);
    if (at === -1) return null;
    const mine = this.queue[at]!;
    this.start(mine);
    this.pump();
    const got = await mine.decoded!;
    this.queue.splice(this.queue.indexOf(mine), 1);
    this.pump();
    if (got !== null) this.pending -= got.size;
    return got;
  }

  /**
   * An input offered that will not be read (the run's cap was reached before it): out of the queue, and its decoded
   * file, if a decode had started, removed once it has ended (not left to the end of the run).
   */
  drop(abs: string): void {
    const at = this.queue.findIndex((a) => a.abs === abs);
    if (at === -1) return;
    const [gone] = this.queue.splice(at, 1);
    void gone!.decoded?.then((d) => {
      if (d === null) return;
      this.pending -= d.size;
      d.release();
    });
  }

  /** Start the next decodes in input order while fewer than XZ_AHEAD run and fewer than XZ_AHEAD wait to be read. */
  private pump(): void {
    let running = 0;
    let started = 0;
    for (const a of this.queue) {
      if (a.decoded === null) continue;
      started++;
      if (!a.ended) running++;
    }
    for (const a of this.queue) {
      if (running >= XZ_AHEAD || started > XZ_AHEAD) return;
      if (a.decoded !== null) continue;
      this.start(a);
      running++;
      started++;
    }
  }

  private start(a: Ahead): void {
    if (a.decoded !== null) return;
    const xz = xzProgram();
    if (xz === null) {
      a.ended = true;
      a.decoded = Promise.resolve(null);
      return;
    }
    if (!this.sizes.has(a.abs)) {
      const unlisted = this.queue.filter((q) => !this.sizes.has(q.abs)).map((q) => q.abs);
      const listing = listedSizes(xz, unlisted);
      for (const at of unlisted) this.sizes.set(at, listing);
    }
    a.decoded = this.sizes
      .get(a.abs)!
      .then((sizes) => {
        const size = sizes.get(a.abs);
        if (size === undefined || size > BOMB_RATIO * a.size || size + this.pending > this.room() || size + this.pending + DISK_MARGIN > freeDisk()) return null;
        this.pending += size;
        return decodeTo(xz, a.abs, size).then((d) => {
          if (d === null) this.pending -= size;
          return d;
        });
      })
      .then((d) => {
        a.ended = true;
        this.pump();
        return d;
      });
  }
}
