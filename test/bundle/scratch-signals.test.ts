// The run's temporary folder (bundle/scratch.ts: archives decoded to disk, copies of big journals) is removed when
// the run is stopped by Ctrl-C or a kill, not only when it ends: Node's default for those signals skips the 'exit'
// handlers, which left hundreds of MB per archive behind. The module is built JavaScript: run `npm run build`.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = mkdtempSync(path.join(tmpdir(), 'scratch-signals-'));
afterAll(() => rmSync(here, { recursive: true, force: true }));
const scratchModule = pathToFileURL(path.resolve('dist/bundle/scratch.js')).href;
const script = path.join(here, 'hold.mjs');
// Makes a scratch file, says where, and waits to be stopped.
writeFileSync(
  script,
  `import { writeFileSync } from 'node:fs';
import { scratchPath } from ${JSON.stringify(scratchModule)};
const p = scratchPath('tar');
writeFileSync(p, 'decoded archive');
console.log(p);
setInterval(() => {}, 1000);
`,
);

function stopped(signal: NodeJS.Signals): Promise<{ file: string; code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env: { ...process.env, TMPDIR: here }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += String(d);
      if (out.endsWith('\n')) child.kill(signal);
    });
    child.on('error', reject);
    child.on('exit', (code, sig) => resolve({ file: out.trim(), code, signal: sig }));
  });
}

describe('the temporary folder when the run is stopped', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s removes it and exits with the code the signal gives', async (signal, code) => {
    const run = await stopped(signal);
    expect(run.file.startsWith(here)).toBe(true);
    expect(run).toMatchObject({ code, signal: null });
    expect(existsSync(run.file)).toBe(false);
    expect(existsSync(path.dirname(run.file))).toBe(false);
  });
});
