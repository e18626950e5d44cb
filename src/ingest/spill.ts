// A big journal inside an archive, copied to a temporary file as the archive streams by, so that it is read like
// a journal on disk: put off, in parts, on two threads (parallel/schedule.ts). Read from the stream, it held the
// thread that untars (and reads the thousands of small members after it) for its whole parse; copied, it costs
// that thread a write into the page cache and the worker reads it meanwhile. Each copy is removed once read, the
// folder with the last one (and at exit, whatever happened).

import { closeSync, ftruncateSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';

let folder: string | null = null;
let live = 0;
let made = 0;

/** The run's temporary folder (mode 0700: the copies are logs), made on first use. */
function spillFolder(): string {
  if (folder !== null) return folder;
  const dir = mkdtempSync(path.join(tmpdir(), 'podmortem-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return (folder = dir);
}

/** Whether big archive members may be copied (PODMORTEM_SPILL=0: read from the stream, tests). */
export const spillAllowed = (): boolean => process.env.PODMORTEM_SPILL !== '0';

/** A copy: its path and size, and the error that ended the stream early (the copy ends at its last whole line). */
export type Spilled = { abs: string; size: number; stopped: string | null };

/**
 * Copy the stream to a new temporary file. A stream that fails (an archive cut inside the member) leaves the copy
 * ending at its last whole line, as reading the stream would have read it (read-lines.ts drops the partial line),
 * with the error in `stopped`; a copy that cannot be written is removed and its error returned (`begun`: whether
 * the stream was read from: if not, it can still be read as it is).
 */
export async function spill(stream: Readable): Promise<Spilled | { error: string; begun: boolean }> {
  let abs: string | null = null;
  let fd: number | null = null;
  let size = 0;
  /** Bytes up to and including the last newline. */
  let whole = 0;
  let begun = false;
  try {
    abs = path.join(spillFolder(), `${++made}.member`);
    fd = openSync(abs, 'wx', 0o600);
    live++;
    begun = true;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        for (let off = 0; off < chunk.length; ) off += writeSync(fd, chunk, off, chunk.length - off);
        const nl = chunk.lastIndexOf(10);
        if (nl !== -1) whole = size + nl + 1;
        size += chunk.length;
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).syscall === 'write') throw e;
      ftruncateSync(fd, whole);
      return { abs, size: whole, stopped: (e as Error).message };
    }
    return { abs, size, stopped: null };
  } catch (e) {
    if (begun) stream.destroy();
    if (abs !== null && fd !== null) unspill(abs);
    return { error: (e as Error).message, begun };
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** The copies not removed yet (tests: none is left once a run is done). */
export function spillsLeft(): string[] {
  return folder === null ? [] : readdirSync(folder);
}

/** Remove a copy made by spill(); the folder goes with the last one. */
export function unspill(abs: string): void {
  rmSync(abs, { force: true });
  if (--live > 0 || folder === null) return;
  rmSync(folder, { recursive: true, force: true });
  folder = null;
}
