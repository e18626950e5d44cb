// Host attribution across several nodes: two sos archives in one run, one archive of two nodes, sos hostname links, and inspect listing both.

import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInspect, type InspectReport } from '../../src/cli/commands/inspect.js';
import type { Io } from '../../src/cli/io.js';
import type { Analysis } from '../../src/report.js';
import { CLEAN_SAMPLE, listMembers, nodeBundle, pack, run, scratch, STALE_SAMPLE } from './_bundles.js';

const STALE = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';
const A = 'sosreport-node-a-2024-09-14-abcdef';
const B = 'sosreport-node-b-2024-09-14-ghijkl';
const tmp = scratch('hosts');
let nodes: string;
let archiveA: string;
let archiveB: string;

beforeAll(() => {
  nodes = path.join(tmp.dir, 'nodes');
  mkdirSync(nodes);
  nodeBundle(STALE_SAMPLE, path.join(nodes, A), 'node-a');
  // node-b tore its sandbox down cleanly; its sandboxes have IDs of their own, as on a real second node.
  nodeBundle(CLEAN_SAMPLE, path.join(nodes, B), 'node-b', true);
  const out = path.join(tmp.dir, 'archives');
  mkdirSync(out);
  archiveA = pack(path.join(nodes, A), 'tar.xz', out);
  archiveB = pack(path.join(nodes, B), 'tar.zst', out);
});
afterAll(() => tmp.cleanup());

function byHost(a: Analysis): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of a.report.findings) (out[f.host] ??= []).push(`${f.rule} ${f.containerId}`);
  return out;
}

const NODE_A_FINDINGS = [`hostport-dnat-shadowed ${STALE}`, `runtime-stopped-with-live-sandboxes ${STALE}`, `teardown-broke-off ${STALE}`];

describe('two nodes in one run', () => {
  it('each archive alone: node-a has the stale sandbox, node-b nothing', async () => {
    expect(byHost(await run([archiveA]))).toEqual({ 'node-a': NODE_A_FINDINGS });
    expect(byHost(await run([archiveB]))).toEqual({});
  });

  it('two sos archives together: one merged report, findings on the right host', async () => {
    const a = await run([archiveA, archiveB]);
    expect(byHost(a)).toEqual({ 'node-a': NODE_A_FINDINGS });
    expect(new Set(a.report.containers.map((c) => c.host))).toEqual(new Set(['node-a', 'node-b']));
    for (const i of a.report.inputs.filter((x) => x.format)) expect(i.host).toBe(i.path.includes('node-a') ? 'node-a' : 'node-b');
    const perHost = a.report.assumptions.filter((x) => x.what === 'time zone').map((x) => x.host);
    expect(perHost.sort()).toEqual(['node-a', 'node-b']);
  });

  it('a folder holding both archives, and both folders, give the same attribution', async () => {
    expect(byHost(await run([path.dirname(archiveA)]))).toEqual({ 'node-a': NODE_A_FINDINGS });
    expect(byHost(await run([nodes]))).toEqual({ 'node-a': NODE_A_FINDINGS });
  });

  it('one archive holding both nodes as folders gives the same attribution', async () => {
    const both = pack(nodes, 'tar.gz', tmp.dir, 'cluster');
    const a = await run([both]);
    expect(byHost(a)).toEqual({ 'node-a': NODE_A_FINDINGS });
    expect(a.report.inputs.find((i) => i.path.endsWith(`${B}/hostname`))!.host).toBe('node-b');
  });

  it('an unsorted archive of sos folders under one top folder: members before their node\'s markers still go to the node', async () => {
    // var/ and the journal of each node come before its hostname and sos_commands/: the order `tar` gives
    // when it is handed the paths in that order (or walks an unsorted file system).
    const list = (n: string, what: string[]): string[] => what.map((w) => `nodes/${n}/${w}`);
    const order = [...list(A, ['var', 'sos_commands/logs']), ...list(B, ['var', 'sos_commands/logs']), ...list(A, ['hostname', 'sos_commands/date', 'sos_commands/firewall_tables']), ...list(B, ['hostname', 'sos_commands'])];
    const unsorted = path.join(tmp.dir, 'unsorted.tar');
    execFileSync('tar', ['-cf', unsorted, '--owner=0', '--group=0', '--numeric-owner', '-C', tmp.dir, ...order]);
    const stored = execFileSync('tar', ['-tf', unsorted], { encoding: 'utf8' }).split('\n').filter((l) => l && !l.endsWith('/'));
    expect(stored[0]).toContain(`nodes/${A}/var/`);
    expect(stored.indexOf(`nodes/${A}/hostname`)).toBeGreaterThan(stored.indexOf(`nodes/${B}/sos_commands/logs/journalctl_--no-pager`));
    const a = await run([unsorted]);
    expect(byHost(a)).toEqual({ 'node-a': NODE_A_FINDINGS });
    const read = a.report.inputs.filter((i) => i.format);
    expect(read.some((i) => i.path.includes(`${A}/var/`))).toBe(true);
    for (const i of read) expect([i.path, i.host]).toEqual([i.path, i.path.includes('node-a') ? 'node-a' : 'node-b']);
  });

  it('--host overrides every input', async () => {
    const a = await (await import('../../src/report.js')).analyze([archiveA, archiveB], { tz: null, year: null, host: 'forced' }, 'test');
    expect(new Set(a.report.findings.map((f) => f.host))).toEqual(new Set(['forced']));
  });
});

describe('sos hostname files', () => {
  it('hostname as a link to sos_commands/host/hostname, plus etc/hostname, make one root named after the node', async () => {
    const dir = path.join(tmp.dir, 'linked');
    mkdirSync(dir);
    const root = nodeBundle(STALE_SAMPLE, path.join(dir, 'sosreport-x-2024'), 'node-c');
    rmSync(path.join(root, 'hostname'));
    mkdirSync(path.join(root, 'sos_commands/host'), { recursive: true });
    mkdirSync(path.join(root, 'etc'));
    writeFileSync(path.join(root, 'sos_commands/host/hostname'), 'node-c\n');
    writeFileSync(path.join(root, 'etc/hostname'), 'node-c\n');
    symlinkSync('sos_commands/host/hostname', path.join(root, 'hostname'));
    for (const input of [root, pack(root, 'tar.xz', dir)]) {
      const a = await run([input]);
      expect(byHost(a)).toEqual({ 'node-c': NODE_A_FINDINGS });
      const roots = new Set(a.report.inputs.filter((i) => i.format).map((i) => i.host));
      expect(roots).toEqual(new Set(['node-c']));
      const link = a.report.inputs.find((i) => i.path.endsWith('sosreport-x-2024/hostname'))!;
      expect(link.why).toBe('symbolic link to sos_commands/host/hostname: not followed');
    }
  });

  it('an archive made with `tar -C <bundle> .` (no top folder) is one root', async () => {
    const flat = path.join(tmp.dir, 'flat.tar');
    execFileSync('tar', ['-cf', flat, '-C', path.join(nodes, A), '.']);
    expect(byHost(await run([flat]))).toEqual({ 'node-a': NODE_A_FINDINGS });
  });
});

describe('podmortem inspect on two archives', () => {
  async function inspectJson(inputs: string[]): Promise<InspectReport> {
    let out = '';
    const io: Io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => true }, env: {} };
    expect(await runInspect(inputs, { format: 'json' }, io)).toBe(0);
    return JSON.parse(out) as InspectReport;
  }

  it('lists every member of both archives with host, format and why', async () => {
    const r = await inspectJson([archiveA, archiveB]);
    for (const archive of [archiveA, archiveB]) {
      const name = path.basename(archive);
      const listed = r.files
        .filter((f) => f.path.startsWith(`${name}/`))
        .map((f) => f.path.slice(name.length + 1))
        .sort();
      expect(listed).toEqual(listMembers(archive));
      expect(r.files.find((f) => f.path === name)!.why).toMatch(/^tar archive: \d+ members$/);
    }
    for (const f of r.files.filter((x) => x.format)) {
      expect(f.host).toBe(f.path.includes('node-a') ? 'node-a' : 'node-b');
      expect(f.why).not.toBe('');
    }
    expect(r.hosts.map((h) => h.host)).toEqual(['node-a', 'node-b']);
    const journal = r.files.find((f) => f.path.endsWith(`${A}/sos_commands/logs/journalctl_--no-pager`))!;
    expect(journal).toMatchObject({ format: 'journal-short', host: 'node-a', unparsed: 0 });
    expect(journal.lines).toBeGreaterThan(0);
    expect(journal.records).toBeGreaterThan(0);
  });

  it('the table names each file, its host and format', async () => {
    let out = '';
    const io: Io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => true }, env: {} };
    await runInspect([archiveA, archiveB], { format: 'table' }, io);
    expect(out).toContain('journal-short');
    expect(out).toContain('node-b');
    expect(out).toMatch(/Hosts: node-a \(.*\), node-b \(.*\)\./);
  });
});
