// The built CLI on archives: stdin (-), inspect, --quiet and the cap options; the progress bar drawn only for a terminal.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleRun, limitsFrom } from '../../src/cli/bundle-options.js';
import { ProgressBar } from '../../src/cli/progress.js';
import type { Io } from '../../src/cli/io.js';
import { nodeBundle, pack, ROOT, scratch, STALE_SAMPLE } from './_bundles.js';

const BIN = path.join(ROOT, 'bin/podmortem.js');
const TOP = 'sosreport-centos79-2024-09-14';
const tmp = scratch('cli');
let tgz: string;

function cli(args: string[], input?: Buffer): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', input, env: { ...process.env, TZ: 'UTC', NO_COLOR: '1' } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

beforeAll(() => {
  mkdirSync(path.join(tmp.dir, 'src'));
  tgz = pack(nodeBundle(STALE_SAMPLE, path.join(tmp.dir, 'src', TOP), 'centos79'), 'tar.gz', tmp.dir);
});
afterAll(() => tmp.cleanup());

describe('podmortem on archives', () => {
  it('analyze - reads a .tar.gz from standard input, same findings as the file', () => {
    const piped = cli(['analyze', '-', '--format', 'json'], readFileSync(tgz));
    const direct = cli(['analyze', tgz, '--format', 'json']);
    expect(piped.status).toBe(0);
    expect(piped.stderr).toBe('');
    const rules = (out: string): string[] => (JSON.parse(out) as { findings: { rule: string; host: string; containerId: string }[] }).findings.map((f) => `${f.rule} ${f.host} ${f.containerId}`);
    expect(rules(piped.stdout)).toEqual(rules(direct.stdout));
    expect(rules(piped.stdout)).toHaveLength(3);
  });

  it('inspect --format json lists the archive and its members; stderr stays empty when not a terminal', () => {
    const r = cli(['inspect', tgz, '--format', 'json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const files = (JSON.parse(r.stdout) as { files: { path: string; format: string | null }[] }).files;
    expect(files[0]).toMatchObject({ path: path.basename(tgz), format: null });
    expect(files.some((f) => f.path === `${path.basename(tgz)}/${TOP}/sos_commands/logs/journalctl_--no-pager` && f.format === 'journal-short')).toBe(true);
  });

  it('timeline takes --quiet and the caps', () => {
    const r = cli(['timeline', tgz, '--quiet', '--max-member-size', '1M', '--max-total-size', '1G', '--max-members', '1000']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138');
  });

  it('a bad cap is a usage error (exit 2) with one sentence', () => {
    const r = cli(['analyze', tgz, '--max-member-size', 'lots']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('podmortem: --max-member-size "lots" is not a size: give bytes or a number with K, M, G or T (e.g. 512M).\n');
    expect(cli(['inspect', tgz, '--max-members', '0']).status).toBe(2);
  });
});

describe('progress bar', () => {
  function io(isTTY: boolean): Io & { err: string[] } {
    const err: string[] = [];
    return { stdout: { write: () => true }, stderr: { write: (t: string) => err.push(t), isTTY }, env: {}, err };
  }

  it('is off when stderr is not a terminal, and with --quiet', () => {
    expect(bundleRun({}, io(false)).discover.progress).toBeUndefined();
    expect(bundleRun({ quiet: true }, io(true)).discover.progress).toBeUndefined();
    expect(bundleRun({}, io(true)).discover.progress).toBeInstanceOf(ProgressBar);
  });

  it('draws bytes of total and files, throttled, and erases itself', () => {
    let now = 0;
    const out: string[] = [];
    const bar = new ProgressBar({ write: (t) => out.push(t), columns: 200 }, () => now);
    bar.total(4 * 1024 * 1024);
    bar.file('node-a.tar.xz/sosreport-node-a/sos_commands/logs/journalctl_--no-pager');
    bar.bytes(1024);
    expect(out).toEqual([]); // nothing in the first moments: short runs stay silent
    now = 1000;
    bar.bytes(1024 * 1024);
    expect(out).toHaveLength(1);
    expect(out[0]).toBe('\r\x1b[K[#####---------------]  25% 1.0 MiB of 4 MiB, 1 file  node-a.tar.xz/sosreport-node-a/sos_commands/logs/journalctl_--no-pager');
    now = 1050;
    bar.bytes(1);
    expect(out).toHaveLength(1);
    bar.done();
    expect(out[1]).toBe('\r\x1b[K');
  });

  it('without a total (stdin) shows bytes read only, and fits the width', () => {
    const bar = new ProgressBar({ write: () => true }, () => 0);
    bar.total(null);
    bar.bytes(3 * 1024 * 1024);
    bar.file('stdin/a/very/long/path/'.repeat(10));
    const line = bar.line(60);
    expect(line.startsWith('3 MiB read, 1 file  …')).toBe(true);
    expect(line.length).toBeLessThan(60);
  });

  it('the caps default to 4 GiB per file, 64 GiB per run, 200000 members, 200000 events, 1 MiB lines', () => {
    expect(limitsFrom({})).toEqual({ memberBytes: 4 * 1024 ** 3, runBytes: 64 * 1024 ** 3, members: 200_000, events: 200_000, lineBytes: 1024 ** 2 });
    expect(limitsFrom({ maxLineLength: '64K' }).lineBytes).toBe(64 * 1024);
    expect(limitsFrom({ maxEvents: '1000' }).events).toBe(1000);
    expect(() => limitsFrom({ maxEvents: '0' })).toThrow(/--max-events "0" is not a positive whole number/);
  });
});
