// The entries of an input folder, depth first in name order, listed and stat'ed up to LOOK_AHEAD entries before the
// walk (discover.ts) takes them. Files of `big.min` bytes or more are told as soon as the look-ahead meets them:
// a sos collection's journals sit after thousands of small files (etc/, proc/ before sos_commands/), and the
// worker can read the first of them while this thread still reads those (ingest/run.ts: Run.foresee). The walk
// takes every entry, the skipped ones too, in the order it always had: what runs ahead is only the listing and the
// stat, which the walk would have made anyway, so the look costs nothing more.

import { lstatSync, readdirSync, readlinkSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';

/** Where a file belongs: its root, and whether that root was recognised by its markers or only named after an input. */
export interface Place {
  root: string;
  marked: boolean;
}

/** A folder holding one of these is a node's collection (sos report or the like): its own bundle root. */
export const SOS_MARKERS = ['sos_commands', 'sos_reports'];

/**
 * Entries listed and stat'ed ahead of the walk: a sos report is ~2,600 entries (its journal after ~1,700 of them), so
 * the look at the start reaches the third node's journal. An entry waits as a slot of a few typed arrays (see
 * TreeWalk) and its folder's listing: well under 1 MB, however big the tree.
 */
export const LOOK_AHEAD = 8192;

/** One entry of the tree, in walk order: a regular file with its size and time, or one said skipped (with why). */
export type TreeEntry =
  | { kind: 'file'; abs: string; shown: string; dir: string; place: Place; rootAbs: string; size: number; mtimeMs: number }
  | { kind: 'skip'; path: string; root: string; reason: string };

export type FileEntry = Extract<TreeEntry, { kind: 'file' }>;

/** A folder being walked: its entries in name order, the next one to take, and where its files belong. */
interface Folder {
  dir: string;
  display: string;
  place: Place;
  rootAbs: string;
  entries: Dirent[];
  next: number;
}

// Synchronous like the reads of small files: a stat from the inode cache costs less than its round trip.
function present(dir: string, name: string, file: boolean): boolean {
  try {
    const st = lstatSync(path.join(dir, name));
    return file ? !st.isDirectory() : true;
  } catch {
    return false;
  }
}

/**
 * Whether a folder is a node's collection. sos_commands/ or sos_reports/ mark one anywhere; a `hostname`
 * file only outside another collection and not in etc/ (sos copies /etc/hostname, and
 * sos_commands/host/hostname is the same node's name). Told from the folder's entries when they could be listed
 * (a sos report has thousands of folders: three stats each cost more than the listing), else by looking.
 */
function markedRoot(dir: string, insideMarked: boolean, entries: Dirent[] | null): boolean {
  if (entries === null) return SOS_MARKERS.some((m) => present(dir, m, false)) || (!insideMarked && path.basename(dir) !== 'etc' && present(dir, 'hostname', true));
  if (entries.some((e) => SOS_MARKERS.includes(e.name))) return true;
  return !insideMarked && path.basename(dir) !== 'etc' && entries.some((e) => e.name === 'hostname' && !e.isDirectory());
}

/** A folder's entries in name order, or the reason they could not be listed. */
function listed(dir: string): Dirent[] | Error {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    return e as Error;
  }
}

/**
 * The entries under an input folder in walk order, each listed and stat'ed up to LOOK_AHEAD entries before it is
 * taken. `offer` hears of each folder's entries as it is listed (.xz archives to decode ahead); `big` of each
 * regular file of `min` bytes or more as the look-ahead meets it. An entry waits as numbers in typed arrays (its
 * folder, its index there, size and time), its paths made when it is taken: thousands of objects kept alive across
 * young-generation collections cost those collections more than the walk saved (callgrind, three sos folders'
 * small files: +30M instructions in the scavenger with an object and two paths an entry waiting).
 */
export class TreeWalk {
  private readonly stack: Folder[] = [];
  /** The entries waiting, as a ring: `head` the next to take, `count` of them. */
  private readonly folderOf: (Folder | null)[] = new Array<Folder | null>(LOOK_AHEAD).fill(null);
  private readonly indexOf = new Int32Array(LOOK_AHEAD);
  private readonly sizeOf = new Float64Array(LOOK_AHEAD);
  private readonly timeOf = new Float64Array(LOOK_AHEAD);
  /** Entries said skipped, by ring slot (few: links, unreadable folders and files, devices). */
  private readonly skips = new Map<number, Extract<TreeEntry, { kind: 'skip' }>>();
  private head = 0;
  private count = 0;

  constructor(
    abs: string,
    base: string,
    private readonly offer: (dir: string, entries: Dirent[]) => void,
    private readonly big?: { min: number; seen(entry: FileEntry): void },
  ) {
    const top = this.open(abs, base, { root: base, marked: false }, abs, true);
    if (top !== null) this.stack.push(top);
  }

  /** The next entry in walk order, or undefined once the tree is walked. */
  next(): TreeEntry | undefined {
    if (this.count <= LOOK_AHEAD / 2 && this.stack.length > 0) this.fill();
    if (this.count === 0) return undefined;
    const k = this.head;
    this.head = (k + 1) % LOOK_AHEAD;
    this.count--;
    const folder = this.folderOf[k] ?? null;
    if (folder === null) {
      const skip = this.skips.get(k)!;
      this.skips.delete(k);
      return skip;
    }
    this.folderOf[k] = null;
    return this.fileAt(folder, this.indexOf[k]!, this.sizeOf[k]!, this.timeOf[k]!);
  }

  private fileAt(at: Folder, index: number, size: number, mtimeMs: number): FileEntry {
    const name = at.entries[index]!.name;
    return { kind: 'file', abs: path.join(at.dir, name), shown: `${at.display}/${name}`, dir: at.dir, place: at.place, rootAbs: at.rootAbs, size, mtimeMs };
  }

  private skip(path: string, root: string, reason: string): void {
    const k = (this.head + this.count++) % LOOK_AHEAD;
    this.folderOf[k] = null;
    this.skips.set(k, { kind: 'skip', path, root, reason });
  }

  /** Look ahead until LOOK_AHEAD entries wait or the tree is walked. */
  private fill(): void {
    const { stack } = this;
    // Each step adds one entry at most (a folder adds none, or its skip when it cannot be listed).
    while (stack.length > 0 && this.count < LOOK_AHEAD) {
      const at = stack[stack.length - 1]!;
      const index = at.next++;
      const e = at.entries[index];
      if (e === undefined) {
        stack.pop();
        continue;
      }
      const { dir, place } = at;
      const entryAbs = path.join(dir, e.name);
      if (e.isSymbolicLink()) {
        let target = '';
        try {
          target = ` to ${readlinkSync(entryAbs)}`;
        } catch {
          // unreadable link: say so without the target
        }
        this.skip(`${at.display}/${e.name}`, place.root, `symbolic link${target}: not followed`);
      } else if (e.isDirectory()) {
        const inner = this.open(entryAbs, `${at.display}/${e.name}`, place, at.rootAbs, false);
        if (inner !== null) stack.push(inner);
      } else if (e.isFile()) {
        let size: number;
        let mtimeMs: number;
        try {
          ({ size, mtimeMs } = statSync(entryAbs));
        } catch (err) {
          this.skip(`${at.display}/${e.name}`, place.root, `not readable: ${(err as Error).message}`);
          continue;
        }
        const k = (this.head + this.count++) % LOOK_AHEAD;
        this.folderOf[k] = at;
        this.indexOf[k] = index;
        this.sizeOf[k] = size;
        this.timeOf[k] = mtimeMs;
        if (this.big !== undefined && size >= this.big.min) this.big.seen(this.fileAt(at, index, size, mtimeMs));
      } else {
        this.skip(`${at.display}/${e.name}`, place.root, 'device, FIFO or socket: not read');
      }
    }
  }

  /**
   * The folder at `dir` opened for the walk: its own root when its entries mark it (see markedRoot), else the place
   * it is in (`outer`); null when it cannot be listed, said in walk order. `top`: an input, named after itself.
   */
  private open(dir: string, display: string, outer: Place, rootAbs: string, top: boolean): Folder | null {
    const entries = listed(dir);
    const own = markedRoot(dir, outer.marked, entries instanceof Error ? null : entries);
    const place = top ? { root: outer.root, marked: own } : own ? { root: display, marked: true } : outer;
    if (entries instanceof Error) {
      this.skip(display, place.root, `folder not readable: ${entries.message}`);
      return null;
    }
    this.offer(dir, entries);
    return { dir, display, place, rootAbs: own ? dir : rootAbs, entries, next: 0 };
  }
}
