// Runs the built CLI on a hostile case as a user would, and measures what the issue asks about: wall time,
// exit code, stderr, peak RSS, and every file in the scratch tree before and after (nothing may appear).

import { spawn } from 'node:child_process';
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = path.join(ROOT, 'bin/podmortem.js');
const PRELOAD = fileURLToPath(new URL('./rss-preload.cjs', import.meta.url));
const RSS = /\n?podmortem-test-maxrss-kb=(\d+)\n$/;

export interface CliRun {
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Peak resident set size of the CLI process in MB (process.resourceUsage().maxRSS at exit). */
  rssMB: number | null;
  seconds: number;
  timedOut: boolean;
}

/** `node bin/podmortem.js <args>` in `cwd`, killed after `budgetS` seconds. */
export function cli(args: string[], cwd: string, budgetS: number): Promise<CliRun> {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-r', PRELOAD, BIN, ...args], { cwd, env: { ...process.env, TZ: 'UTC', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, budgetS * 1000);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      let stderr = Buffer.concat(err).toString('utf8');
      const m = RSS.exec(stderr);
      if (m) stderr = stderr.slice(0, m.index);
      resolve({ status, signal, stdout: Buffer.concat(out).toString('utf8'), stderr, rssMB: m ? Math.round(Number(m[1]) / 1024) : null, seconds: Number(process.hrtime.bigint() - t0) / 1e9, timedOut });
    });
  });
}

/** Every path under `dir` (links and special files included, never followed) with its type and size. */
export function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const n of names) {
      const p = path.join(d, n);
      const st = lstatSync(p);
      const type = st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'special';
      out.push(`${path.relative(dir, p)} ${type} ${type === 'file' ? st.size : ''}`);
      if (type === 'dir') walk(p);
    }
  };
  walk(dir);
  return out;
}

/** A stack trace, or Node's own crash output, anywhere in a text. */
export const STACK = /^\s+at .+(?:\(.+:\d+:\d+\)|:\d+:\d+)$|node:internal|Uncaught|UnhandledPromiseRejection|FATAL ERROR|heap out of memory/m;
