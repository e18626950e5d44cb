// teardown-skipped-silently on its sample bundles (real CNI state, real journal envelope) and its version gate.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/report.js';
import { parseRule } from '../../src/rules/load.js';
import { comparable } from '../../src/versions/gate.js';
import { RULES } from '../../src/rules/index.js';
import { dnatChainName } from '../../src/timeline/chain-hash.js';
import { ruleTester } from '../helpers/rule-tester.js';
import * as L from './_lines.js';
import semver from 'semver';

const ROOT = path.resolve(__dirname, '../..');
const CASES = path.join(ROOT, 'samples/rules/teardown-skipped-silently');
const SANDBOX = 'a8b3d954409d22dc08d70f0c0f19ec8f2a3e65ae72cf3f38b897b84bd0cafc5b';
const JOURNAL = 'k8s-node-3/sos_commands/logs/journalctl_--no-pager_-o_short-precise';
const opts = { tz: null, year: null, host: null };
const RULE = 'teardown-skipped-silently';

async function report(dir: string) {
  return (await analyze([dir], opts, 'test')).report;
}

describe('teardown-skipped-silently on its samples', () => {
  it('fires on containerd 1.7.24, citing the start line that names the version', async () => {
    const r = await report(path.join(CASES, 'positive-containerd-1-7-24/k8s-node-3'));
    const f = r.findings.find((x) => x.rule === RULE)!;
    expect(f).toMatchObject({ containerId: SANDBOX, host: 'k8s-node-3', severity: 'high', inconclusive: null, time: '2026-03-10T10:14:09.231877Z' });
    expect(f.summary).toMatch(/^containerd v1\.7\.24 logged the network of sandbox a8b3d954409d .* torn down at .*:7, yet still present at collection: CNI-DN-6157d9ab0082909ec3421, lease 10\.88\.0\.2\./);
    // The version line (the restart before the teardown), the teardown, then the state.
    expect(f.evidence.map((e) => `${e.path.replace(/^k8s-node-3\//, '')}:${e.line}`)).toEqual([
      'sos_commands/logs/journalctl_--no-pager_-o_short-precise:4',
      'sos_commands/logs/journalctl_--no-pager_-o_short-precise:7',
      'iptables-save:21',
      'var/lib/cni/networks/containerd-net/10.88.0.2:1',
    ]);
    expect(f.evidence[0]!.text).toContain('msg="starting containerd" revision=88bf19b2105c8b17560993bee28a01ddc2f97182 version=v1.7.24');
    expect(f.remediation).toContain('iptables -t nat -X CNI-DN-6157d9ab0082909ec3421');
    expect(f.remediation).toContain('rm -f /var/lib/cni/networks/containerd-net/10.88.0.2');
  });

  it('stays silent on containerd 1.7.31, which logs its warning; the surviving jump is the ordinary finding', async () => {
    const r = await report(path.join(CASES, 'negative-containerd-1-7-31/k8s-node-3'));
    expect(r.findings.map((f) => [f.rule, f.containerId])).toEqual([['stale-hostport-dnat', SANDBOX]]);
    expect(readFileSync(path.join(CASES, 'negative-containerd-1-7-31', JOURNAL), 'utf8')).toContain('ignoring because the sandbox network setup result is nil');
  });

  it('says "version unknown" when no line names the containerd version', async () => {
    const r = await report(path.join(CASES, 'unknown-version/k8s-node-3'));
    const f = r.findings.find((x) => x.rule === RULE)!;
    expect(f.containerId).toBe(SANDBOX);
    expect(f.inconclusive).toBe('version unknown: the bundle does not say which containerd ran on k8s-node-3 at that moment');
    expect(f.summary).toMatch(/^containerd \(version unknown\) logged/);
  });

  it('asks the version that ran at the teardown: after an upgrade inside the journal it is the new one', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'pm-upgrade-'));
    try {
      const dir = path.join(tmp, 'k8s-node-3');
      cpSync(path.join(CASES, 'positive-containerd-1-7-24/k8s-node-3'), dir, { recursive: true });
      const file = path.join(tmp, JOURNAL);
      const lines = readFileSync(file, 'utf8').split('\n');
      // The restart (line 4) now starts v1.7.31, the teardown follows it: fixed, no finding.
      lines[3] = lines[3]!.replace('revision=88bf19b2105c8b17560993bee28a01ddc2f97182 version=v1.7.24', 'revision=96caa5dff04a9f1c0f6f0938feae22b6ca7eb0be version=v1.7.31');
      writeFileSync(file, lines.join('\n'));
      const r = await report(dir);
      expect(r.findings.map((f) => f.rule)).not.toContain(RULE);
      const containerd = r.hosts.find((h) => h.name === 'k8s-node-3')!.components.filter((c) => c.name === 'containerd');
      expect(containerd.map((c) => [c.version, c.since, c.until, c.evidence.map((e) => e.line)])).toEqual([
        ['v1.7.24', '2026-03-10T10:02:11.402118Z', '2026-03-10T10:14:05.730115Z', [1]],
        ['v1.7.31', '2026-03-10T10:14:05.730115Z', null, [4]],
      ]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('the rule\'s version ranges (containerd PR #12923 and its backports)', () => {
  const when = parseRule(readFileSync(path.join(ROOT, 'rules', `${RULE}.yaml`), 'utf8'), `${RULE}.yaml`).when!;
  const affected = (v: string): boolean => semver.satisfies(comparable(v)!, when.containerd!);
  it('covers 1.6.37–1.6.39, 1.7.23–1.7.30, 2.0.0–2.0.7, 2.1.0–2.1.6, 2.2.0–2.2.1 and nothing around them', () => {
    for (const v of ['1.6.37', 'v1.6.39', '1.7.23', 'v1.7.24', '1.7.30', '2.0.0', 'v2.0.7', '2.1.0', '2.1.6', '2.2.0', 'v2.2.1', '1.7.24+unknown']) expect(affected(v), v).toBe(true);
    for (const v of ['1.6.36', '1.7.22', 'v1.7.31', '1.7.32', '2.0.8', '2.1.7', 'v2.2.2', '2.2.3', '1.5.18']) expect(affected(v), v).toBe(false);
  });
});

// The same journal shapes as the other rules' cases (_lines.ts), containerd's start line with each release's commit.
const J = 'sos_commands/logs/journalctl_--no-pager_-o_short-precise';
const X = 'f831cd2024de93041e5155f152b2cb2d0586d2289af93b831e29bc9fe7bf32e5';
const LEASES = `var/lib/cni/networks/${L.NET}`;
const V1724 = L.containerdStarting('08:01:12', 'v1.7.24', '88bf19b2105c8b17560993bee28a01ddc2f97182');
const V1731 = L.containerdStarting('08:01:12', 'v1.7.31', '96caa5dff04a9f1c0f6f0938feae22b6ca7eb0be');
const dump = L.iptablesSave([[X, dnatChainName(L.NET, X), '10.42.3.119', [10080]]]);

const teardownSkippedSilently = RULES.find((r) => r.meta.id === RULE)!;

ruleTester(teardownSkippedSilently, {
  valid: [
    { name: 'fixed containerd 1.7.31: the jump that survives is another rule\'s', files: { [J]: L.journal(V1731, L.criStopped('12:56:18', X)), 'iptables-save': dump } },
    { name: 'affected containerd, but the DEL ran: nothing survives', files: { [J]: L.journal(V1724, L.criStopped('12:56:18', X)), 'iptables-save': L.iptablesSave([]) } },
    { name: 'affected containerd, the jump survives, but no teardown was logged', files: { [J]: L.journal(V1724, L.resolv('11:32:58', X)), 'iptables-save': dump } },
  ],
  invalid: [
    {
      name: 'containerd 1.7.24: TearDown "successfully", the jump survives',
      files: { [J]: L.journal(V1724, L.criStopped('12:56:18', X)), 'iptables-save': dump },
      errors: [{ containerId: X, messageId: 'match', severity: 'high', summaryIncludes: ['containerd v1.7.24 logged the network of sandbox f831cd2024de'], evidence: [`node/${J}:1`, `node/${J}:3`, 'node/iptables-save:10'], inconclusive: null }],
    },
    {
      name: 'containerd 1.7.24: TearDown "successfully", the lease survives',
      files: { [J]: L.journal(V1724, L.criStopped('12:56:18', X)), [`${LEASES}/10.42.3.119`]: L.lease(X) },
      errors: [{ containerId: X, messageId: 'match', summaryIncludes: ['lease 10.42.3.119'], evidence: [`node/${J}:1`, `node/${J}:3`, `node/${LEASES}/10.42.3.119:1`], inconclusive: null }],
    },
    {
      // dpkg -l rows in the shape of samples/formats/dpkg-list (Docker's containerd.io package).
      name: 'only the installed package names the version (dpkg -l at capture), no restart after the teardown: assumed',
      files: {
        [J]: L.journal(L.criStopped('12:56:18', X)),
        'iptables-save': dump,
        'sos_commands/date/date': L.SOS_DATE,
        'sos_commands/dpkg/dpkg_-l': [
          'Desired=Unknown/Install/Remove/Purge/Hold',
          '| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend',
          '|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)',
          '||/ Name           Version      Architecture Description',
          '+++-==============-============-============-=================================',
          'ii  containerd.io  1.7.24-1     amd64        An open and reliable container runtime',
          '',
        ].join('\n'),
      },
      errors: [{ containerId: X, messageId: 'match', summaryIncludes: ['containerd 1.7.24 logged'], evidence: ['node/sos_commands/dpkg/dpkg_-l:6', `node/${J}:2`, 'node/iptables-save:10'], inconclusive: 'version assumed: containerd did not restart between this moment and package list' }],
    },
    {
      name: 'no containerd version in the bundle: reported, version unknown',
      files: { [J]: L.journal(L.criStopped('12:56:18', X)), 'iptables-save': dump },
      errors: [{ containerId: X, messageId: 'match', summaryIncludes: ['containerd (version unknown)'], evidence: [`node/${J}:2`, 'node/iptables-save:10'], inconclusive: 'version unknown' }],
    },
  ],
});
