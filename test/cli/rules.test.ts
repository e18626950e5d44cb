// rules list/show/validate, --rules with a user's YAML rule, --only/--skip, and explain.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleDoc } from '../../src/rules/doc.js';
import { RULES } from '../../src/rules/index.js';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/podmortem.js');
const STALE = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';

function cli(args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'UTC', NO_COLOR: '1' } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('podmortem rules', () => {
  it('lists every built-in rule with where it comes from', () => {
    const r = cli(['rules', 'list']);
    expect(r.status).toBe(0);
    for (const rule of RULES) expect(r.stdout).toMatch(new RegExp(`│ ${rule.meta.id} +│ ${rule.meta.severity} +│ ${rule.source ? 'yaml' : 'code'} `));
  });

  it('shows a rule with the same text as its doc page', () => {
    const r = cli(['rules', 'show', 'teardown-broke-off']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(ruleDoc(RULES.find((x) => x.meta.id === 'teardown-broke-off')!.meta));
  });

  it('validates a good folder and names file:line for each mistake in a bad one', () => {
    expect(cli(['rules', 'validate', 'test/fixtures/user-rules/good']).stdout).toBe('1 rule valid in test/fixtures/user-rules/good\n');
    const bad = cli(['rules', 'validate', 'test/fixtures/user-rules/bad']);
    expect(bad.status).toBe(2);
    const f = 'test/fixtures/user-rules/bad/broken.yaml';
    expect(bad.stderr).toContain(`${f}:3: severity "urgent" is not one of critical, high, medium, low, info`);
    expect(bad.stderr).toContain(`${f}:10: maxspan "ten minutes" is not a duration`);
    expect(bad.stderr).toContain(`${f}:13: unknown event kind "shim.vanished"`);
    expect(bad.stderr).toContain(`${f}:17: around must be a duration`);
  });
});

describe('podmortem analyze --rules/--only/--skip', () => {
  it("loads a user's YAML rule and it fires on the sample", () => {
    const r = cli(['analyze', '--rules', 'test/fixtures/user-rules/good', '--only', 'stop-failed-never-retried', '--format', 'json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { findings: { rule: string; containerId: string; summary: string; evidence: { path: string; line: number }[] }[] };
    expect(report.findings.map((f) => [f.rule, f.containerId])).toEqual([['stop-failed-never-retried', STALE]]);
    expect(report.findings[0]!.summary).toBe(`StopPodSandbox of fb7cdb0a4f8d failed at hostport-stale-dnat/sos_commands/logs/journalctl_--no-pager:19 and nothing tore it down afterwards.`);
  });

  it('refuses a broken user rule folder with exit 2 and file:line', () => {
    const r = cli(['analyze', '--rules', 'test/fixtures/user-rules/bad']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/broken\.yaml:3: severity/);
  });

  it('--skip drops a rule and lists it as skipped; an unknown id is a usage error', () => {
    const r = JSON.parse(cli(['analyze', '--skip', 'hostport-dnat-shadowed', '--format', 'json']).stdout) as { findings: { rule: string }[]; rules: { id: string; status: string; reason: string }[] };
    expect(r.findings.map((f) => f.rule)).not.toContain('hostport-dnat-shadowed');
    expect(r.rules.find((x) => x.id === 'hostport-dnat-shadowed')).toMatchObject({ status: 'skipped', reason: 'in --skip' });
    expect(cli(['analyze', '--only', 'no-such-rule']).status).toBe(2);
  });
});

describe('podmortem explain', () => {
  it('names the sandbox behind CNI-DN-b24a4eb3a38dc5843c23a with the hash proof, lease state, DNAT target and last log lines', () => {
    const r = cli(['explain', '--id', 'CNI-DN-b24a4eb3a38dc5843c23a']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`${STALE} (sandbox) on centos79`);
    expect(r.stdout).toContain(`"CNI-DN-" + sha512hex("cbr0" + "${STALE}")[0:21] = CNI-DN-b24a4eb3a38dc5843c23a (present in the iptables dump)`);
    expect(r.stdout).toContain('lease: none in hostport-stale-dnat/var/lib/cni/networks/cbr0/');
    expect(r.stdout).toContain('DNAT target: 10.187.2.33:443 for hostPort 443');
    expect(r.stdout).toMatch(/last log lines:\n {4}shim\.disconnected/);
  });

  it('answers for an IP and a prefix too, and refuses an unknown key with exit 2', () => {
    expect(cli(['explain', '--id', '10.187.2.33']).stdout.split('\n')[0]).toBe(`${STALE} (sandbox) on centos79`);
    expect(cli(['explain', '--id', 'fb7cdb0a']).stdout.split('\n')[0]).toBe(`${STALE} (sandbox) on centos79`);
    expect(cli(['explain', '--id', 'nothing-like-this']).status).toBe(2);
  });
});
