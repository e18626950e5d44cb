// Walks folders, archives and compressed files lazily and attributes every file to a bundle root (one root = one host).

import { createReadStream, existsSync, promises as fs, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { wrappingOf } from './_magic.js';
import { Budget, CapError, DEFAULT_LIMITS, MAX_NESTING, type Limits, type ProgressSink } from './budget.js';
import { decompress, type Compression, type DecodedStream } from './decompress.js';
import { xzProgramFor } from './xz-process.js';
import { readAt, XzAhead, type DecodedFile } from './xz-file.js';
import { regionStream, tarFileMembers } from './tar-file.js';
import { decodeWorkerAvailable, decompressInWorker } from './decode-worker.js';
import type { Member } from './member.js';
import { tarMembers } from './tar.js';
import { zipMembers } from './zip.js';
import { readSmall, SMALL_FILE } from './small-file.js';
import { HEAD_BYTES } from '../sniff/sniff.js';
import { SOS_MARKERS, TreeWalk, type FileEntry, type Place } from './tree.js';

export interface SourceFile {
  /** Display path: the input's base name, then the path inside it, '/'-separated. */
  path: string;
  /** Display path of the bundle root this file belongs to. */
  root: string;
  size: number | null;
  mtimeUs: number | null;
  /** Absolute path when the file is on disk as it is (its bytes can be read at any offset); null otherwise. */
  abs?: string | null;
  /** The file's bytes; for archive members it can be read once only. */
  open(): Readable;
  /** Whether a path relative to the file's folder or its root exists (sos link placeholders). */
  exists(rel: string): boolean;
  /**
   * Notes about the file from its container ("decompressed from gzip"); discovery keeps adding to
   * this array while the file is read (a cap reached), so a consumer should keep the array, not copy it.
   */
  notes: string[];
  /**
   * The whole file when it is a small file on disk (see SMALL_FILE) or a stream that ended within its head
   * (HEAD_BYTES: most archive members), read already: valid until the next file is asked for (one buffer serves
   * the small files on disk), so a consumer that keeps bytes must copy them.
   */
  bytes?: Buffer;
  /** Display path of the archive the file is a member of (the innermost one). */
  archive?: string;
  /**
   * A member of an archive decoded to a temporary file (xz-file.ts): its bytes are [start, start + size) of the
   * file at `abs`, which a reader may take in place instead of the stream; `hold()` keeps that file until the
   * function it returns is called.
   */
  region?: { abs: string; start: number; size: number; hold(): () => void };
  /**
   * Why the file's bytes end before the file does, once they have been read: the run's cap (--max-total-size) fell
   * in it, and its message; null when it did not. What was handed on ends exactly at the cap, so a reader counts its
   * last partial line as cut, not as a line.
   */
  capped?: () => string | null;
  /**
   * Whether the consumer must read the file to its end. Always false from discover(): archive members
   * are drained by the archive itself, so a reader may stop and destroy the stream at any point.
   */
  drain: boolean;
}

/** A path that was not handed on as a file: a refused member, an unsupported wrapping, or an archive itself. */
export interface Skipped {
  path: string;
  reason: string;
  /** Bundle root of the entry, when known. */
  root?: string;
  /** Archives: what happened while reading them (truncation, caps); filled while the run goes on. */
  notes?: string[];
}

export interface DiscoverOptions {
  limits?: Limits;
  progress?: ProgressSink;
  /** What `-` reads; process.stdin by default. */
  stdin?: Readable;
  /** Decode xz and zstd files on disk in a worker thread (see decode-worker.ts); off by default. */
  decodeInWorker?: boolean;
  /** Compressed streams decoded, by thread: counted here when given (ingest's IngestStats). */
  decoded?: Decoded;
  /**
   * Told of each file in a folder of `min` bytes or more when the walk's look-ahead meets it (tree.ts), as the walk
   * will hand it on should it hold no compressed data nor an archive: before the files ahead of it are handed on.
   */
  bigAhead?: { min: number; seen(file: SourceFile): void };
}

/**
 * Compressed streams decoded in a decoding worker, in process (this thread, zlib's pool), or by the xz program; and
 * how many times that program could not start or died half way (liblzma decoded instead: `main` counts those).
 */
export interface Decoded {
  worker: number;
  main: number;
  process: number;
  xzFailed: number;
  /** Of `process`: inputs decoded whole to a temporary file and read from there (xz-file.ts). */
  toFile: number;
}

/** Name of the input `-` in display paths. */
export const STDIN_NAME = 'stdin';

/** A folder sos made for one node: `sosreport-<host>-…` (an extracted sos archive). */
const SOS_FOLDER = /^sosreport-./;
/** Top folders of an archive that are a node's file system, not a bundle's top folder. */
const FS_TOP = new Set(['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib64', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var', 'sos_commands', 'sos_reports', 'sos_logs', 'sos_strings']);
/** Bytes needed to tell a compression or a tar header apart. */
const MAGIC_BYTES = 512;
/** Read size for files on disk: ~1 MB reads keep the line loop busy (64 KiB ones left it waiting ~7% of the time). */
const READ_CHUNK = 1000 * 1000;

/** Bytes not yet classified: a file on disk, stdin, an archive member or a decompressed stream. */
interface Blob {
  display: string;
  /** Absolute path when the bytes are a file on disk as they are (random access possible). */
  abs: string | null;
  size: number | null;
  mtimeUs: number | null;
  open(): Readable | Promise<Readable>;
  exists(rel: string): boolean;
  /** Display path of the archive holding these bytes, for a member. */
  archive?: string;
  /** The whole member, when the archive read it already (Member.bytes). */
  bytes?: Buffer;
  /** Where the member's bytes are in an archive decoded to disk (Member.region). */
  region?: Member['region'];
  /** Decoded bytes no one counted yet against the run's cap: whoever reads them counts them (see Budget). */
  uncounted?: boolean;
  /** The bytes end early, cut by the run's cap (known once they have ended). */
  cut?: () => boolean;
}

interface Run {
  skipped: Skipped[];
  budget: Budget;
  progress: ProgressSink | undefined;
  stdin: Readable | undefined;
  decodeInWorker: boolean;
  decoded: Decoded;
  /** .xz inputs decoded to temporary files, the next ones ahead (xz-file.ts). */
  ahead: XzAhead;
  bigAhead: DiscoverOptions['bigAhead'];
}

/** Yield files under the inputs in order; links and special files are reported, never followed. */
export async function* discover(inputs: string[], skipped: Skipped[], opts: DiscoverOptions = {}): AsyncGenerator<SourceFile> {
  const budget = new Budget(opts.limits ?? DEFAULT_LIMITS);
  const ahead = new XzAhead(() => budget.limits.runBytes - budget.runBytes);
  const run: Run = { skipped, budget, progress: opts.progress, stdin: opts.stdin, decodeInWorker: opts.decodeInWorker ?? false, decoded: opts.decoded ?? { worker: 0, main: 0, process: 0, xzFailed: 0, toFile: 0 }, ahead, bigAhead: opts.bigAhead };
  // The .xz files among the inputs, in order: decoded ahead of their turn (xz-file.ts).
  for (const input of inputs) {
    if (input === '-') continue;
    try {
      const st = statSync(path.resolve(input));
      if (st.isFile()) ahead.offer(path.resolve(input), st.size);
    } catch {
      // said when it is read
    }
  }
  if (run.progress) run.progress.total(await totalBytes(inputs));
  for (const input of inputs) {
    if (input === '-') {
      if (!run.stdin && process.stdin.isTTY) {
        skipped.push({ path: STDIN_NAME, reason: 'standard input is a terminal: pipe an archive or a log into podmortem to read it' });
        continue;
      }
      const stdin = run.stdin ?? process.stdin;
      const blob: Blob = { display: STDIN_NAME, abs: null, size: null, mtimeUs: null, open: () => counted(stdin, run), exists: () => false };
      yield* expand(blob, { root: STDIN_NAME, marked: false }, [], 0, run);
      continue;
    }
    const abs = path.resolve(input);
    const base = path.basename(abs);
    let st: Stats;
    try {
      st = await fs.lstat(abs);
    } catch (e) {
      skipped.push({ path: base, reason: `not readable: ${(e as Error).message}` });
      continue;
    }
    if (st.isFile()) {
      const dir = path.dirname(abs);
      yield* expand(diskBlob(abs, base, st, (rel) => existsSync(path.join(dir, rel)), run), { root: base, marked: false }, [], 0, run);
    } else if (st.isDirectory()) {
      const before = skipped.length;
      let files = 0;
      for await (const f of walk(abs, base, run)) {
        files++;
        yield f;
      }
      // Said, so the run does not end on "nothing could be read" with nothing listed.
      if (files === 0 && skipped.length === before) skipped.push({ path: base, root: base, reason: 'empty folder: it holds no files (nor any under it)' });
    } else {
      skipped.push({ path: base, reason: st.isSymbolicLink() ? 'symbolic link: not followed' : 'not a regular file or folder' });
    }
  }
}

/** Sum of the sizes of regular files under the inputs (for progress); null when stdin is among them. */
async function totalBytes(inputs: string[]): Promise<number | null> {
  let total = 0;
  async function add(abs: string): Promise<void> {
    let st: Stats;
    try {
      st = await fs.lstat(abs);
    } catch {
      return;
    }
    if (st.isFile()) total += st.size;
    else if (st.isDirectory()) {
      let names: string[] = [];
      try {
        names = await fs.readdir(abs);
      } catch {
        return;
      }
      for (const n of names) await add(path.join(abs, n));
    }
  }
  for (const i of inputs) {
    if (i === '-') return null;
    await add(path.resolve(i));
  }
  return total;
}

/** A readable that reports the bytes passing through it as progress. */
function counted(source: Readable, run: Run): Readable {
  const p = run.progress;
  if (!p) return source;
  const t = new Transform({
    transform(chunk: Buffer, _e, cb) {
      p.bytes(chunk.length);
      cb(null, chunk);
    },
  });
  source.on('error', (e) => t.destroy(e));
  t.on('close', () => source.destroy());
  return source.pipe(t);
}

function diskBlob(abs: string, display: string, st: { size: number; mtimeMs: number }, exists: (rel: string) => boolean, run: Run): Blob {
  return { display, abs, size: st.size, mtimeUs: Math.round(st.mtimeMs * 1000), open: () => counted(createReadStream(abs, { highWaterMark: READ_CHUNK }), run), exists };
}

/**
 * A folder's .xz files (by name: a stat of every small file would cost what the walk saved) offered to be decoded
 * ahead, as the inputs given by name are: a folder of sos .tar.xz reports, the usual way to hand over several nodes,
 * otherwise decoded each one only when the walk reached it, none while the one before was read. Any other xz
 * data is still read (by its magic, from the stream) when reached.
 */
function offerArchives(dir: string, entries: Dirent[], run: Run): void {
  for (const e of entries) {
    if (!e.isFile() || !XZ_NAME.test(e.name)) continue;
    const abs = path.join(dir, e.name);
    try {
      run.ahead.offer(abs, statSync(abs).size);
    } catch {
      // unreadable: said when the walk reaches it
    }
  }
}

const XZ_NAME = /\.t?xz$/i;

/**
 * The files under an input folder, depth first in name order. One generator for the whole tree (not one per
 * folder level: each file passed through every level's `yield*`), folders listed synchronously (a sos report's
 * thousands of /proc and /sys folders each waited a round trip through the thread pool) and ahead of the walk
 * (tree.ts: big files told early, run.bigAhead), and a small file handed on without a generator of its own (see
 * plainSmall).
 */
async function* walk(abs: string, base: string, run: Run): AsyncGenerator<SourceFile> {
  const big = run.bigAhead;
  const tree = new TreeWalk(abs, base, (dir, entries) => offerArchives(dir, entries, run), big && { min: big.min, seen: (e) => big.seen(fileOf(e, run)) });
  for (let e = tree.next(); e !== undefined; e = tree.next()) {
    if (e.kind === 'skip') {
      run.skipped.push({ path: e.path, root: e.root, reason: e.reason });
      continue;
    }
    const blob = entryBlob(e, run);
    const small = plainSmall(blob, e.place, run);
    if (small === null) yield* expand(blob, e.place, [], 0, run);
    else if (small !== SKIPPED) {
      run.progress?.file(small.path);
      yield small;
    }
  }
}

/** A file of the tree as bytes not yet classified. */
function entryBlob(e: FileEntry, run: Run): Blob {
  const { dir, rootAbs } = e;
  const exists = (rel: string): boolean => existsSync(path.join(dir, rel)) || existsSync(path.join(rootAbs, rel));
  return diskBlob(e.abs, e.shown, e, exists, run);
}

/**
 * A big file of the tree as the walk will hand it on once it reaches it, if it holds no compressed data nor an
 * archive (expand() looks at its head then): a file on disk, as it was when stat'ed.
 */
function fileOf(e: FileEntry, run: Run): SourceFile {
  const blob = entryBlob(e, run);
  return sourceFile(blob, e.place, [], null, () => blob.open() as Readable, run);
}

const SKIPPED = 'skipped';

/**
 * A small file on disk that is no compressed data nor archive, read whole and handed on as it is (what expand()
 * would hand on, without a generator of its own); SKIPPED when it could not be read (said on the run); null for
 * expand() to look at (bigger, grown since its stat, or wrapped).
 */
function plainSmall(blob: Blob, place: Place, run: Run): SourceFile | typeof SKIPPED | null {
  if (blob.size === null || blob.size > SMALL_FILE) return null;
  let whole: Buffer | null;
  try {
    whole = readSmall(blob.abs!);
  } catch (e) {
    skip(run, blob.display, place.root, `not readable: ${(e as Error).message}`);
    return SKIPPED;
  }
  if (whole === null || wrappingOf(whole.subarray(0, MAGIC_BYTES)) !== null) return null;
  return sourceFile(blob, place, [], whole, () => blob.open() as Readable, run);
}

async function firstBytes(abs: string, n: number): Promise<Buffer> {
  const fh = await fs.open(abs, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Read at least `n` bytes (or all there is) and give back a stream that replays them, then the rest; none when
 * the source ended within them (`done`: the head is all there is, and most members are read from it alone).
 */
async function peekBytes(source: Readable, n: number): Promise<{ head: Buffer; stream: Readable | null; done: boolean }> {
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let total = 0;
  let done = false;
  try {
    while (total < n) {
      const r = await it.next();
      if (r.done) {
        done = true;
        break;
      }
      chunks.push(r.value);
      total += r.value.length;
    }
  } catch (e) {
    // What came before the error is still the head; the error comes again on the replay.
    const head = Buffer.concat(chunks);
    const err = e as Error;
    return {
      head,
      done: false,
      stream: Readable.from(
        (async function* () {
          if (head.length) yield head;
          throw err;
        })(),
        { objectMode: false },
      ),
    };
  }
  const head = Buffer.concat(chunks);
  if (done) return { head, stream: null, done };
  const stream = Readable.from(
    (async function* () {
      try {
        if (head.length) yield head;
        if (done) return;
        for (;;) {
          const r = await it.next();
          if (r.done) return;
          yield r.value;
        }
      } finally {
        source.destroy();
      }
    })(),
    { objectMode: false },
  );
  return { head, stream, done };
}

/**
 * A stream that yields at most `max` bytes of `source`, calls `cut` if there were more, and destroys the source when
 * done. With `take` (decoded bytes no one counted), each chunk is counted against the run's cap as it is read, and
 * the stream ends exactly at the cap (`capped` called).
 */
function limited(source: Readable, max: number, cut: () => void, take?: (n: number) => number, capped?: () => void): Readable {
  return Readable.from(
    (async function* () {
      let seen = 0;
      try {
        for await (const c of source as AsyncIterable<Buffer>) {
          const over = seen + c.length > max;
          const part = over ? c.subarray(0, max - seen) : c;
          if (take !== undefined) {
            const fit = take(part.length);
            if (fit < part.length) {
              if (fit > 0) yield part.subarray(0, fit);
              capped!();
              return;
            }
          }
          if (over) {
            if (part.length) yield part;
            cut();
            return;
          }
          seen += c.length;
          yield c;
        }
      } finally {
        source.destroy();
      }
    })(),
    { objectMode: false },
  );
}

function skip(run: Run, path: string, root: string, reason: string): void {
  run.skipped.push({ path, root, reason });
}

/** Classify a blob by its first bytes: decompress, list an archive's members, or hand it on as a file. */
async function* expand(blob: Blob, place: Place, notes: string[], depth: number, run: Run): AsyncGenerator<SourceFile> {
  let head: Buffer;
  let stream: Readable | null = null;
  /** A small file on disk, read whole (see SMALL_FILE), or a stream that ended within its head. */
  let whole: Buffer | null = null;
  try {
    if (blob.abs) {
      whole = blob.size !== null && blob.size <= SMALL_FILE ? readSmall(blob.abs) : null;
      head = whole !== null ? whole.subarray(0, MAGIC_BYTES) : await firstBytes(blob.abs, MAGIC_BYTES);
    } else if (blob.bytes !== undefined && blob.bytes.length <= HEAD_BYTES) {
      // Read whole by the archive: what peeking at its stream would have found.
      head = blob.bytes;
      if (head.length <= run.budget.limits.memberBytes) whole = head;
    } else if (blob.region !== undefined) {
      // In an archive decoded to disk: its head read from there (the member's stream, blob.open(), left unread).
      const { file, start, size } = blob.region;
      head = readAt(file.abs, start, Math.min(size, HEAD_BYTES));
    } else {
      // As much as sniffing looks at: a member that ends within it (most of a sos report's) is read whole here.
      const peeked = await peekBytes(await blob.open(), HEAD_BYTES);
      head = peeked.head;
      stream = peeked.stream;
      if (peeked.done && head.length <= run.budget.limits.memberBytes) whole = head;
    }
  } catch (e) {
    skip(run, blob.display, place.root, `not readable: ${(e as Error).message}`);
    return;
  }
  // Cut by the run's cap before it could be told what it is: not read, and said so.
  if (whole !== null && whole.length < MAGIC_BYTES && blob.cut?.()) return skip(run, blob.display, place.root, `not read: ${run.budget.runMessage()}`);
  // A stream that ended within its head is replayed from it, should a decompressor or an archive need it.
  const raw = (): Readable => stream ?? (blob.abs === null && blob.region === undefined ? Readable.from(head.length > 0 ? [head] : [], { objectMode: false }) : (blob.open() as Readable));
  const wrap = wrappingOf(head);
  if (wrap === 'gzip' || wrap === 'xz' || wrap === 'zstd') {
    if (depth >= MAX_NESTING) {
      stream?.destroy();
      return skip(run, blob.display, place.root, `${wrap} data nested ${depth} levels deep: not read (limit ${MAX_NESTING})`);
    }
    if (run.budget.runExhausted()) {
      stream?.destroy();
      if (blob.abs !== null) run.ahead.drop(blob.abs);
      return skip(run, blob.display, place.root, `${wrap} data: not read: ${run.budget.runMessage()}`);
    }
    // One array all the way down: a truncation found while reading lands on the file or archive it made.
    const innerNotes = [...notes, `decompressed from ${wrap}`];
    const onDisk = wrap === 'xz' && blob.abs !== null ? await run.ahead.take(blob.abs) : null;
    if (onDisk !== null) {
      stream?.destroy();
      yield* decodedTar(onDisk, blob, place, innerNotes, depth + 1, run);
      return;
    }
    // Data cut by the run's cap ends early: its decoder's "ends early" is the cap's doing, said where it cut.
    const sourceCut = (): boolean => blob.cut?.() ?? false;
    const out = decoded(wrap, blob, raw, run, (m) => {
      if (!sourceCut()) innerNotes.push(m);
    });
    // Not the compressed bytes of a member read whole (Member.bytes): expanded again, they were decoded again and
    // again until the nesting limit, and a small .gz or .xz member of a tar was never read.
    // Clipped, the data ended where its reader had counted up to the cap, or would have had it been whole: the cap is reached.
    const cut = (): boolean => (out.clipped() || sourceCut() ? (run.budget.reach(), true) : false);
    const inner: Blob = { ...blob, abs: null, size: null, open: () => out, bytes: undefined, region: undefined, uncounted: true, cut };
    yield* expand(inner, place, innerNotes, depth + 1, run);
    return;
  }
  if (wrap === 'tar' || wrap === 'zip') {
    if (depth >= MAX_NESTING) {
      stream?.destroy();
      return skip(run, blob.display, place.root, `${wrap} archive nested ${depth} levels deep: not read (limit ${MAX_NESTING})`);
    }
    if (wrap === 'zip' && !blob.abs) {
      stream?.destroy();
      return skip(run, blob.display, place.root, 'zip archive inside a stream (stdin, another archive or a compressed file): not read, a zip needs random access; pass the .zip file itself');
    }
    const members = wrap === 'tar' ? tarMembers(raw(), { take: blob.uncounted ? (n) => run.budget.take(n) : undefined, cut: () => blob.cut?.() ?? false, message: () => run.budget.runMessage() }) : zipMembers(blob.abs!);
    yield* archive(wrap, members, blob, place, notes, depth, run);
    return;
  }
  if (wrap === 'bzip2') {
    stream?.destroy();
    return skip(run, blob.display, place.root, 'bzip2 data: not read (supported: gzip, xz, zstd; recompress with one of them)');
  }
  const file = sourceFile(blob, place, notes, whole, raw, run);
  run.progress?.file(file.path);
  yield file;
}

/** Where the run's cap cut a file: its message once the file's bytes have ended there, else null (SourceFile.capped). */
function cappedBy(blob: Blob, run: Run): { capped: () => string | null; here: () => void } {
  let here = false;
  return {
    capped: () => (here || (blob.cut?.() ?? false) ? run.budget.runMessage() : null),
    here: () => {
      here = true;
    },
  };
}

/** A blob handed on as a file: `whole` its bytes when read already, `raw` its bytes as they come (a stream's are limited). */
function sourceFile(blob: Blob, place: Place, notes: string[], whole: Buffer | null, raw: () => Readable, run: Run): SourceFile {
  const fromDisk = blob.abs !== null;
  const cap = blob.uncounted || blob.cut !== undefined ? cappedBy(blob, run) : null;
  // Decoded bytes read whole already: counted now, up to the cap.
  if (whole !== null && blob.uncounted) {
    const fit = run.budget.take(whole.length);
    if (fit < whole.length) {
      whole = whole.subarray(0, fit);
      cap!.here();
    }
  }
  const take = blob.uncounted ? (n: number): number => run.budget.take(n) : undefined;
  const file: SourceFile = {
    path: blob.display,
    root: place.root,
    size: notes.length > 0 ? null : blob.size,
    mtimeUs: blob.mtimeUs,
    abs: fromDisk ? blob.abs : null,
    exists: blob.exists,
    notes,
    drain: false,
    open: () => (fromDisk ? (blob.open() as Readable) : limited(raw(), run.budget.limits.memberBytes, () => notes.push(run.budget.memberMessage()), take, cap?.here)),
  };
  if (cap !== null) file.capped = cap.capped;
  // Set, not spread in: a literal spread from another is built the slow way (a file each).
  if (whole !== null) file.bytes = whole;
  if (blob.archive !== undefined) file.archive = blob.archive;
  const region = blob.region;
  if (region !== undefined) file.region = { abs: region.file.abs, start: region.start, size: region.size, hold: () => region.file.hold() };
  return file;
}

/**
 * An .xz input decoded whole to a temporary file (xz-file.ts): read by position when it holds a tar (what the
 * stream would have given: the archive listed with `notes`, its members), else left to the stream (null).
 */
async function* decodedTar(file: DecodedFile, blob: Blob, place: Place, notes: string[], depth: number, run: Run): AsyncGenerator<SourceFile> {
  try {
    run.decoded.process++;
    run.decoded.toFile++;
    run.progress?.bytes(blob.size ?? 0);
    const inner: Blob = { ...blob, abs: null, size: null, bytes: undefined, region: undefined };
    if (wrappingOf(readAt(file.abs, 0, MAGIC_BYTES)) === 'tar') {
      yield* archive('tar', tarFileMembers(file, (n) => run.budget.take(n), () => run.budget.runMessage()), inner, place, notes, depth, run);
      return;
    }
    // Not a tar (a big compressed log): handed on as the stream would have been, from the decoded bytes (counted as read).
    const out = regionStream(file, 0, file.size);
    yield* expand({ ...inner, open: () => out, uncounted: true }, place, notes, depth, run);
  } finally {
    file.release();
  }
}

/**
 * The decompressed bytes of a blob: a file on disk in zstd is decoded in a worker thread when the run may, anything
 * else here (zlib decodes on libuv's pool; xz by the xz program in a process of its own when there is one, else on
 * this thread, see bundle/decompress.ts: three .tar.xz nodes with xz in the decoding worker took 8.3–8.6 s wall and
 * ~70 MB more than on this thread, 7.5–7.9 s, on a quiet 2-CPU machine).
 */
function decoded(kind: Compression, blob: Blob, raw: () => Readable, run: Run, broken: (m: string) => void): DecodedStream {
  if (run.decodeInWorker && blob.abs !== null && kind === 'zstd' && decodeWorkerAvailable()) {
    run.decoded.worker++;
    const p = run.progress;
    return decompressInWorker(kind, blob.abs, run.budget, broken, p && ((n) => p.bytes(n)));
  }
  // A file on disk or a member read whole can be read again from its start, should the xz program die half way.
  const bytes = blob.bytes;
  const reopen = blob.abs !== null ? () => blob.open() as Readable : bytes !== undefined ? () => Readable.from([bytes], { objectMode: false }) : undefined;
  return decompress(kind, raw(), run.budget, broken, blob.size, reopen, (by) => {
    if (by === 'process') run.decoded.process++;
    else run.decoded.main++;
    if (by === 'instead') run.decoded.xzFailed++;
  });}

/** A ".." folder anywhere in a path. */
const CLIMB = /(?:^|\/)\.\.(?:\/|$)/;

/** Check a member's name: the archive-relative path, or why it is refused. */
function memberPath(name: string): { rel: string } | { refused: string } {
  if (name.startsWith('/') || /^[A-Za-z]:[\\/]/.test(name)) return { refused: 'absolute member name: refused, never written or followed' };
  if (name.includes('\\')) return { refused: 'member name with a backslash: refused (ambiguous path)' };
  const rel = name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (CLIMB.test(rel)) return { refused: 'member name climbing out of the archive (".."): refused, never written or followed' };
  return { rel };
}

/** Which member folders of one archive are bundle roots, learnt from member names as they stream by. */
class ArchiveRoots {
  private readonly roots = new Set<string>();

  constructor(
    private readonly display: string,
    private readonly outer: Place,
  ) {}

  private known(dir: string): string | null {
    let best: string | null = null;
    for (const r of this.roots) if ((r === '' || dir === r || (dir.length > r.length && dir.charCodeAt(r.length) === SLASH && dir.startsWith(r))) && (best === null || r.length > best.length)) best = r;
    return best;
  }

  /** The folder of the member before, the roots known then and its place: the next member is most often in the same folder. */
  private last = { dir: '', roots: -1, place: null as Place | null };
  /** One place per root (marked: a root found; not: an archive's top folder): not a new one a member. */
  private readonly places = { marked: new Map<string | null, Place>(), top: new Map<string | null, Place>() };

  /** Learn from one member's path, then give its place. */
  place(rel: string): Place {
    const slash = rel.lastIndexOf('/');
    const dir = slash === -1 ? '' : rel.slice(0, slash);
    // The same folder teaches nothing new but a hostname does; the roots only grow, so the same count is the same roots.
    const last = this.last;
    if (dir === last.dir && last.roots === this.roots.size && last.place !== null && rel.slice(slash + 1) !== 'hostname') return last.place;
    const place = this.learn(rel, dir, slash);
    this.last = { dir, roots: this.roots.size, place };
    return place;
  }

  /** Learn from the folders of a member's path (`dir`, up to `slash`), then give its place. */
  private learn(rel: string, dir: string, slash: number): Place {
    // Folder by folder, by position (a member each: no array of parts): the parent of the first sos_commands/ or
    // sos_reports/ is a root. sos names its folder after the node (sosreport-<host>-<date>-<random>): a root from
    // its first member on, so a member stored before the node's sos_commands/ and hostname (an unsorted tar of
    // several nodes) is not left to the archive's top folder.
    let marker = false;
    for (let start = 0, end = rel.indexOf('/'); end !== -1; start = end + 1, end = rel.indexOf('/', start)) {
      const part = rel.slice(start, end);
      if (!marker && SOS_MARKERS.includes(part)) {
        marker = true;
        this.roots.add(start === 0 ? '' : rel.slice(0, start - 1));
      }
      if (SOS_FOLDER.test(part)) this.roots.add(rel.slice(0, end));
    }
    if (rel.slice(slash + 1) === 'hostname') {
      const dirParts = slash === -1 ? [] : dir.split('/');
      const inside = this.known(dir);
      if ((inside === null || inside === dir) && !dirParts.includes('sos_commands') && dirParts[dirParts.length - 1] !== 'etc') this.roots.add(dir);
    }
    const found = this.known(dir);
    if (found !== null) return this.placeOf(this.places.marked, found, true);
    if (this.outer.marked) return this.outer;
    // An archive's top folder (sosreport-<host>-<date>/) is its root; node file system folders are not top folders.
    const top = slash === -1 ? null : rel.slice(0, rel.indexOf('/'));
    if (top !== null && !FS_TOP.has(top)) return this.placeOf(this.places.top, top, false);
    return this.placeOf(this.places.top, null, false);
  }

  /** The place of the root at `rel` in the archive (the archive's own: '' when marked, null when not), made on first use. */
  private placeOf(known: Map<string | null, Place>, rel: string | null, marked: boolean): Place {
    let p = known.get(rel);
    if (p === undefined) known.set(rel, (p = { root: rel === null || (marked && rel === '') ? this.display : `${this.display}/${rel}`, marked }));
    return p;
  }
}

const SLASH = 0x2f;

function refusal(m: Member): string {
  const target = m.linkTarget !== null ? ` to ${m.linkTarget}` : '';
  switch (m.kind) {
    case 'symlink':
      return `symbolic link${target}: not followed`;
    case 'hardlink':
      return `hard link${target}: not followed`;
    case 'device':
      return `device file (${m.type}): not read`;
    case 'fifo':
      return 'FIFO: not read';
    default:
      return `archive member of type ${m.type}: not read`;
  }
}

/** Read an archive's members one by one; the archive itself is listed with what was read and what went wrong. */
async function* archive(kind: 'tar' | 'zip', members: AsyncGenerator<Member>, blob: Blob, place: Place, notes: string[], depth: number, run: Run): AsyncGenerator<SourceFile> {
  const entry: Skipped = { path: blob.display, root: place.root, reason: '', notes };
  run.skipped.push(entry);
  const roots = new ArchiveRoots(blob.display, place);
  const names = new Set<string>();
  let count = 0;
  let refused = 0;
  try {
    for await (const m of members) {
      // An archive read by position (tar-file.ts) takes no I/O callback of its own: without a turn of the event loop
      // now and then, the exits of the xz programs decoding the next inputs (and the worker's messages) wait for
      // the whole archive, and so do the decodes that start after them.
      if ((count & 63) === 63) await new Promise((resolve) => setImmediate(resolve));
      const checked = memberPath(m.name);
      if ('rel' in checked && (checked.rel === '' || m.kind === 'directory')) continue;
      const display = `${blob.display}/${'rel' in checked ? checked.rel : m.name}`;
      run.budget.members++;
      if (run.budget.members > run.budget.limits.members) throw new CapError('members', run.budget.membersMessage());
      count++;
      if (m.rawBytes) run.progress?.bytes(m.rawBytes);
      if ('refused' in checked) {
        refused++;
        skip(run, display, place.root, checked.refused);
        continue;
      }
      const rel = checked.rel;
      const at = roots.place(rel);
      if (m.kind !== 'file') {
        refused++;
        skip(run, display, at.root, refusal(m));
        continue;
      }
      names.add(rel);
      const rootRel = at.root === blob.display ? '' : at.root.slice(blob.display.length + 1);
      const memberDir = path.posix.dirname(rel);
      const exists = (r: string): boolean => names.has(path.posix.join(memberDir, r)) || names.has(path.posix.join(rootRel, r));
      const bytes = m.bytes;
      if (bytes !== undefined) {
        // Read whole by the archive: handed on as it is, or expanded from its bytes (compressed, an archive).
        const member: Blob = { display, abs: null, size: m.size, mtimeUs: m.mtimeUs ?? blob.mtimeUs, open: () => Readable.from(bytes.length > 0 ? [bytes] : [], { objectMode: false }), archive: blob.display, exists, bytes };
        if (m.cut !== undefined) member.cut = m.cut;
        const whole = bytes.length <= run.budget.limits.memberBytes && wrappingOf(bytes.subarray(0, MAGIC_BYTES)) === null ? bytes : null;
        if (whole === null) yield* expand(member, at, [], depth + 1, run);
        else {
          const file = sourceFile(member, at, [], whole, () => member.open() as Readable, run);
          run.progress?.file(file.path);
          yield file;
        }
        continue;
      }
      let content: Readable;
      try {
        content = await m.open();
      } catch (e) {
        skip(run, display, at.root, `member not readable: ${(e as Error).message}`);
        continue;
      }
      const member: Blob = { display, abs: null, size: m.size, mtimeUs: m.mtimeUs ?? blob.mtimeUs, open: () => content, archive: blob.display, exists };
      if (m.region !== undefined) member.region = m.region;
      if (m.cut !== undefined) member.cut = m.cut;
      yield* expand(member, at, [], depth + 1, run);
      if (!m.sequential) content.destroy();
    }
  } catch (e) {
    const msg = (e as Error).message;
    if (e instanceof CapError) entry.notes!.push(`stopped after ${count} members: ${msg}`);
    else entry.notes!.push(`${kind} archive ${count === 0 ? 'unreadable' : 'truncated or corrupt'}: ${msg}; ${count === 0 ? 'no member could be read' : `the ${count} members before this point were read`}`);
  }
  entry.reason = `${kind} archive: ${count} member${count === 1 ? '' : 's'}${refused > 0 ? `, ${refused} refused` : ''}`;
}
