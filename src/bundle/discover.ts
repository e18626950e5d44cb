// Walks input folders lazily and attributes every file to a bundle root (one root = one host).

import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface SourceFile {
  abs: string;
  /** Display path: the input's base name, then the path inside it, '/'-separated. */
  path: string;
  /** Display path of the bundle root this file belongs to. */
  root: string;
  /** Absolute path of the bundle root folder (the file itself for a single-file input). */
  rootAbs: string;
  size: number;
  mtimeUs: number;
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

/** Yield files under the inputs in sorted order; links and special files are reported, never followed. */
export async function* discover(inputs: string[], skipped: Skipped[]): AsyncGenerator<SourceFile> {
  for (const input of inputs) {
    const abs = path.resolve(input);
    const base = path.basename(abs);
    const st = await fs.lstat(abs);
    if (st.isFile()) {
      yield { abs, path: base, root: base, rootAbs: abs, size: st.size, mtimeUs: Math.round(st.mtimeMs * 1000) };
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
      const st = await fs.stat(abs);
      yield { abs, path: shown, root, rootAbs, size: st.size, mtimeUs: Math.round(st.mtimeMs * 1000) };
    } else {
      skipped.push({ path: shown, reason: 'device, FIFO or socket: not read' });
    }
  }
}
