// Every test's temporary files go to one folder of this run, removed when the run ends: a test that forgets its own
// cleanup, or fails before it, leaves nothing behind in the system's temp folder (workers and the CLI processes the
// tests spawn inherit TMPDIR).

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** vitest globalSetup: point TMPDIR at a fresh folder; the returned teardown removes it. */
export default function setup(): () => void {
  const before = process.env.TMPDIR;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'podmortem-tests-'));
  process.env.TMPDIR = dir;
  return () => {
    // Name what a test forgot (by its prefix), so it can be fixed where it is made.
    const left = readdirSync(dir);
    if (left.length > 0) process.stderr.write(`test temp files left behind (removed now): ${left.slice(0, 10).join(', ')}${left.length > 10 ? ` and ${left.length - 10} more` : ''}\n`);
    rmSync(dir, { recursive: true, force: true });
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  };
}
