// Walks folders and archives lazily and attributes every file to a bundle root (one root = one host).

import { createReadStream, existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';
import { wrappingOf } from './_magic.js';

export interface SourceFile {
  /** Display path: the input's base name, then the path inside it, '/'-separated. */
  path: string;
  /** Display path of the bundle root this file belongs to. */
  root: string;
  size: number | null;
  mtimeUs: number | null;
  /** The file's bytes; for archive members it can be read once only. */
  open(): Readable;
  /** Whether a path relative to the file's folder or its root exists (sos link placeholders). */
  exists(rel: string): boolean;
  /** Notes the container (archive) attached to this file, e.g. "decompressed from gzip". */
  notes: string[];
  /** Archive members must be read to their end (drained) for the next one to come; files can be closed early. */
  drain: boolean;
}

export interface Skipped {
  path: string;
  reason: string;
}

/** Folders whose presence makes their parent a bundle root of its own (a node's collection). */
const ROOT_MARKERS = ['hostname', 'sos_commands', 'sos_reports'];

async function isRoot(dir: string): Promise<boolean> {
  for (const m of ROOT_MARKERS) {
    try {
      await fs.lstat(path.join(dir, m));
      return true;
    } catch {
      // not there
    }
  }
  return false;
}

async function firstBytes(abs: string, n = 512): Promise<Buffer> {
  const fh = await fs.open(abs, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Yield files under the inputs in sorted order; links and special files are reported, never followed. */
export async function* discover(inputs: string[], skipped: Skipped[]): AsyncGenerator<SourceFile> {
  for (const input of inputs) {
    const abs = path.resolve(input);
    const base = path.basename(abs);
    const st = await fs.lstat(abs);
    if (st.isFile()) {
      yield* fileOrArchive(abs, base, base, path.dirname(abs), st, skipped);
      continue;
    }
    if (!st.isDirectory()) {
      skipped.push({ path: base, reason: st.isSymbolicLink() ? 'symbolic link: not followed' : 'not a regular file or folder' });
      continue;
    }
    yield* walk(abs, base, base, abs, skipped);
  }
}

async function* walk(dir: string, display: string, root: string, rootAbs: string, skipped: Skipped[]): AsyncGenerator<SourceFile> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    skipped.push({ path: display, reason: `folder not readable: ${(e as Error).message}` });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const abs = path.join(dir, e.name);
    const shown = `${display}/${e.name}`;
    if (e.isSymbolicLink()) {
      skipped.push({ path: shown, reason: 'symbolic link: not followed' });
    } else if (e.isDirectory()) {
      const own = await isRoot(abs);
      yield* walk(abs, shown, own ? shown : root, own ? abs : rootAbs, skipped);
    } else if (e.isFile()) {
      yield* fileOrArchive(abs, shown, root, rootAbs, await fs.stat(abs), skipped);
    } else {
      skipped.push({ path: shown, reason: 'device, FIFO or socket: not read' });
    }
  }
}

async function* fileOrArchive(abs: string, shown: string, root: string, rootAbs: string, st: import('node:fs').Stats, skipped: Skipped[]): AsyncGenerator<SourceFile> {
  const mtimeUs = Math.round(st.mtimeMs * 1000);
  const head = st.size > 0 ? await firstBytes(abs) : Buffer.alloc(0);
  const wrap = wrappingOf(head);
  const dir = path.dirname(abs);
  const exists = (rel: string): boolean => existsSync(path.join(dir, rel)) || existsSync(path.join(rootAbs, rel));
  if (wrap === 'tar' || wrap === 'gzip') {
    let inner: Buffer = head;
    if (wrap === 'gzip') inner = await gunzipHead(abs);
    if (wrappingOf(inner) === 'tar') {
      yield* tarMembers(() => (wrap === 'gzip' ? createReadStream(abs).pipe(createGunzip()) : createReadStream(abs)), shown, mtimeUs, skipped);
      return;
    }
    if (wrap === 'gzip') {
      yield { path: shown, root, size: null, mtimeUs, open: () => createReadStream(abs).pipe(createGunzip()), exists, notes: ['decompressed from gzip'], drain: false };
      return;
    }
  }
  if (wrap === 'xz' || wrap === 'zstd' || wrap === 'bzip2' || wrap === 'zip') {
    skipped.push({ path: shown, reason: `${wrap} data: not read yet (supported: folders, .tar, .tar.gz/.tgz, .gz)` });
    return;
  }
  yield { path: shown, root, size: st.size, mtimeUs, open: () => createReadStream(abs), exists, notes: [], drain: false };
}

/** The first decompressed bytes of a gzip file (enough to see a tar header). */
async function gunzipHead(abs: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  const gz = createReadStream(abs, { highWaterMark: 16 * 1024 }).pipe(createGunzip());
  try {
    for await (const c of gz as AsyncIterable<Buffer>) {
      chunks.push(c);
      total += c.length;
      if (total >= 512) break;
    }
  } catch {
    // truncated or corrupt: whatever came out is the head
  } finally {
    gz.destroy();
  }
  return Buffer.concat(chunks);
}

/** Stream an archive's members one by one, in archive order, without extracting anything to disk. */
async function* tarMembers(openArchive: () => Readable, shown: string, archiveMtimeUs: number, skipped: Skipped[]): AsyncGenerator<SourceFile> {
  const extract = tar.extract();
  const source = openArchive();
  source.on('error', (e) => extract.destroy(e));
  source.pipe(extract);
  const names = new Set<string>();
  try {
    for await (const entry of extract) {
      const h = entry.header;
      const name = h.name.replace(/^\.\//, '');
      const display = `${shown}/${name.replace(/\/$/, '')}`;
      if (h.type === 'directory') {
        entry.resume();
        continue;
      }
      if (name.startsWith('/') || name.split('/').includes('..')) {
        skipped.push({ path: display, reason: 'archive member with an absolute or ".." name: not read' });
        entry.resume();
        continue;
      }
      if (h.type !== 'file' && h.type !== 'contiguous-file') {
        skipped.push({ path: display, reason: `archive member of type ${h.type}: not followed` });
        entry.resume();
        continue;
      }
      names.add(name);
      const parts = name.split('/');
      const root = parts.length > 1 ? `${shown}/${parts[0]}` : shown;
      const memberDir = parts.slice(0, -1).join('/');
      const it = (entry as unknown as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
      yield {
        path: display,
        root,
        size: h.size ?? null,
        mtimeUs: h.mtime ? h.mtime.getTime() * 1000 : archiveMtimeUs,
        // No return(): closing the reader early must not destroy the archive under it.
        open: () => Readable.from({ [Symbol.asyncIterator]: () => ({ next: () => it.next() }) }),
        exists: (rel) => names.has(path.posix.join(memberDir, rel)) || names.has(path.posix.join(parts[0] ?? '', rel)),
        notes: [],
        drain: true,
      };
      // The consumer may stop early: drain what it left so the next member can be read.
      while (!(await it.next()).done) {
        // discard
      }
    }
  } catch (e) {
    skipped.push({ path: shown, reason: `archive truncated or corrupt: ${(e as Error).message}; members before this point were read` });
  }
}
