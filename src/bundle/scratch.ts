// The run's temporary folder (mode 0700: what goes there is logs), made on first use and removed with the last file
// in it (and at exit, whatever happened): copies of big journals (ingest/spill.ts) and archives decoded to disk
// (xz-file.ts).

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

let folder: string | null = null;
let live = 0;
let made = 0;

function scratchFolder(): string {
  if (folder !== null) return folder;
  const dir = mkdtempSync(path.join(tmpdir(), 'podmortem-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  exitOnSignals();
  return (folder = dir);
}

let signalsWatched = false;

/**
 * Ctrl-C, a kill or a closed terminal end Node without running its 'exit' handlers, which would leave the decoded
 * archives (hundreds of MB each) in the temporary folder and their xz decodes running: exit instead, with the code
 * the signal would have given, so that they run.
 */
function exitOnSignals(): void {
  if (signalsWatched) return;
  signalsWatched = true;
  for (const [signal, n] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]] as const) process.once(signal, () => process.exit(128 + n));
}

/** The path of a new file in the run's temporary folder (throws when the folder cannot be made); counted live until dropScratch(). */
export function scratchPath(ext: string): string {
  const abs = path.join(scratchFolder(), `${++made}.${ext}`);
  live++;
  return abs;
}

/** Remove a file named by scratchPath(); the folder goes with the last one. */
export function dropScratch(abs: string): void {
  rmSync(abs, { force: true });
  if (--live > 0 || folder === null) return;
  rmSync(folder, { recursive: true, force: true });
  folder = null;
}

/** The files in the temporary folder not removed yet (tests: none is left once a run is done). */
export function scratchLeft(): string[] {
  return folder === null ? [] : readdirSync(folder);
}
