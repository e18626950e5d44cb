// The built CLI on the targz-orphan-lease-cache bundle: its cache files and conflist are now read, and reading them
// changes no finding (compared with the same bundle stripped of those files).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/podmortem.js');
const BUNDLE = path.join(ROOT, 'samples/dev-bundles/targz-orphan-lease-cache/lab-node-5-netdebug-20250923.tar.gz');
const X = '552aa97f22726c219abc8876b79e3ce3445d2b2ebf5c75bdcc73c48e54a0358d';
const Z = '83abb8008f443a64fa5efc49ea2935ad4ed5f6085d2cf58ad810f4753a632d1c';

interface Report {
  inputs: { path: string; format: string | null; unparsed: number; events: number }[];
  findings: { rule: string; containerId: string | null; host: string; severity: string; remediation: string[] }[];
  containers: { id: string; sandbox: boolean; pods: string[]; ips: string[] }[];
}

function analyze(input: string): Report {
  const r = spawnSync(process.execPath, [BIN, 'analyze', input, '--format', 'json'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'UTC', NO_COLOR: '1' } });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Report;
}

const key = (f: Report['findings'][number]) => `${f.rule} ${f.containerId} ${f.host} ${f.severity}`;

describe('analyze targz-orphan-lease-cache: result cache files and the conflist', () => {
  const report = analyze(BUNDLE);
  const tmp = mkdtempSync(path.join(tmpdir(), 'pm-entity-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('reads the four cache files as cni-cache and the conflist as cni-conflist, nothing unparsed', () => {
    const caches = report.inputs.filter((i) => i.path.includes('/var/lib/cni/cache/results/'));
    expect(caches).toHaveLength(4);
    for (const i of caches) expect([i.format, i.events, i.unparsed]).toEqual(['cni-cache', 1, 0]);
    const conf = report.inputs.filter((i) => i.path.endsWith('/etc/cni/net.d/10-labnet.conflist'));
    expect(conf.map((i) => [i.format, i.events, i.unparsed])).toEqual([['cni-conflist', 1, 0]]);
    expect(report.inputs.filter((i) => i.unparsed > 0)).toEqual([]);
  });

  it('still finds the stale DNAT of X and the orphan lease of Z', () => {
    expect(report.findings.some((f) => f.rule === 'stale-hostport-dnat' && f.containerId === X && f.host === 'lab-node-5')).toBe(true);
    expect(report.findings.some((f) => f.rule === 'orphan-ipam-allocation' && f.containerId === Z && f.host === 'lab-node-5')).toBe(true);
  });

  it('gives the same findings as the bundle without its cache files and conflist', () => {
    const t = spawnSync('tar', ['xzf', BUNDLE, '-C', tmp]);
    expect(t.status).toBe(0);
    const dir = path.join(tmp, 'lab-node-5-netdebug-20250923');
    rmSync(path.join(dir, 'var/lib/cni/cache'), { recursive: true });
    rmSync(path.join(dir, 'etc/cni'), { recursive: true });
    const stripped = analyze(dir);
    expect(stripped.inputs.some((i) => i.format === 'cni-cache' || i.format === 'cni-conflist')).toBe(false);
    expect(report.findings.map(key).sort()).toEqual(stripped.findings.map(key).sort());
  });

  it('the stale DNAT\'s cleanup now also removes X\'s result cache file', () => {
    const f = report.findings.find((x) => x.rule === 'stale-hostport-dnat' && x.containerId === X)!;
    expect(f.remediation).toContain(`rm -f /var/lib/cni/cache/results/labnet-${X}-eth0`);
  });

  it('every sandbox with a cache file carries its pod and IP', () => {
    const byId = new Map(report.containers.map((c) => [c.id, c]));
    expect(byId.get(Z)).toMatchObject({ sandbox: true, pods: ['elk/es-curator-29311920-p6bm2'], ips: ['10.66.2.39'] });
    expect(byId.get(X)).toMatchObject({ sandbox: true, pods: ['elk/beats-gateway-xdht8ctvcb-qlnxp'], ips: ['10.66.2.38'] });
  });
});
