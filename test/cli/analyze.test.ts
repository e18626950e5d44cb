// The built CLI end to end on the bundled sample: stdout, stderr and exit codes (lnav expected/ style).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/podmortem.js');
const SAMPLES = path.join(ROOT, 'samples');
const STALE = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';

function cli(args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'UTC', NO_COLOR: '1' } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('podmortem analyze (no input: the bundled sample)', () => {
  const run = cli(['analyze']);

  it('exits 0 and names the stale sandbox for both rules in the table', () => {
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const rows = run.stdout.split('\n').filter((l) => l.startsWith('│') && l.includes(STALE));
    expect(rows.some((r) => r.includes('hostport-dnat-shadowed') && r.includes('critical'))).toBe(true);
    expect(rows.some((r) => r.includes('teardown-broke-off'))).toBe(true);
  });

  it('prints the exact cleanup commands for the stale jump and chain', () => {
    expect(run.stdout).toContain(`iptables -t nat -D CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"cbr0\\" id: \\"${STALE}\\"" -m multiport --dports 443,80,9001,10001 -j CNI-DN-b24a4eb3a38dc5843c23a`);
    expect(run.stdout).toContain('iptables -t nat -F CNI-DN-b24a4eb3a38dc5843c23a');
    expect(run.stdout).toContain('iptables -t nat -X CNI-DN-b24a4eb3a38dc5843c23a');
  });
});

describe('podmortem analyze --format json', () => {
  const run = cli(['analyze', 'samples/hostport-stale-dnat', '--format', 'json']);
  const report = JSON.parse(run.stdout) as {
    findings: { rule: string; containerId: string; evidence: { path: string; line: number; text: string }[] }[];
  };

  it('validates against the podmortem.report/v1 schema', () => {
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(ROOT, 'docs/report-v1.schema.json'), 'utf8')));
    const ok = validate(report);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('points every piece of evidence at a real path:line holding that text', () => {
    let checked = 0;
    for (const f of report.findings) {
      for (const e of f.evidence) {
        const fileLines = readFileSync(path.join(SAMPLES, e.path), 'utf8').split('\n');
        const actual = fileLines[e.line - 1]!.replace(/\r$/, '');
        const claimed = e.text.split('\n')[0]!.replace(/…$/, '').replace(/\\r\\n.*$/, '');
        expect(actual.startsWith(claimed) || claimed.startsWith(actual), `${e.path}:${e.line}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('cites the stale jump, the shim disconnect and the deploy step', () => {
    const teardown = report.findings.find((f) => f.rule === 'teardown-broke-off' && f.containerId === STALE)!;
    const shadowed = report.findings.find((f) => f.rule === 'hostport-dnat-shadowed' && f.containerId === STALE)!;
    const all = [...teardown.evidence, ...shadowed.evidence];
    expect(all.some((e) => e.path.endsWith('iptables_-t_nat_-nvL') && e.text.includes(`id: "${STALE}"`))).toBe(true);
    expect(all.some((e) => e.path.endsWith('journalctl_--no-pager') && e.text.includes('msg="shim disconnected"'))).toBe(true);
    expect(all.some((e) => e.path.endsWith('deploy.log') && e.text.includes('停止docker'))).toBe(true);
  });

  it('is byte-identical on a second run', () => {
    expect(cli(['analyze', 'samples/hostport-stale-dnat', '--format', 'json']).stdout).toBe(run.stdout);
  });
});

describe('exit codes and user errors', () => {
  it('exits 2 with one sentence and no stack trace for a missing input', () => {
    const r = cli(['analyze', 'no/such/bundle']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^podmortem: Input "no\/such\/bundle" does not exist/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('exits 2 for a bad --tz and a bad --format', () => {
    expect(cli(['analyze', '--tz', 'Mars/Olympus']).status).toBe(2);
    expect(cli(['analyze', '--format', 'xml']).status).toBe(2);
  });

  it('exits 1 when a finding reaches --fail-on', () => {
    expect(cli(['analyze', '--fail-on', 'critical', '--format', 'json']).status).toBe(1);
  });

  it('writes markdown to a file with -o', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-out-'));
    try {
      const out = path.join(dir, 'report.md');
      const r = cli(['analyze', '--format', 'md', '-o', out]);
      expect(r.status).toBe(0);
      const md = readFileSync(out, 'utf8');
      expect(md).toMatch(/^# podmortem report/);
      expect(md).toContain('```sh\niptables -t nat -D CNI-HOSTPORT-DNAT');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('podmortem timeline', () => {
  it('prints one container by prefix, chain or IP, with path:line on every event', () => {
    for (const key of ['fb7cdb0a4f8d', 'CNI-DN-b24a4eb3a38dc5843c23a', '10.187.2.33']) {
      const r = cli(['timeline', '--container', key]);
      expect(r.status).toBe(0);
      expect(r.stdout.split('\n')[0]).toBe(`== ${STALE} on centos79 (sandbox) · times in UTC, then on the host's clock (+08:00)`);
      const events = r.stdout.split('\n').filter((l) => /^ {3}\d{4}-|^ {3}\(no time\)/.test(l));
      expect(events.length).toBeGreaterThan(5);
      for (const l of events) expect(l).toMatch(/ hostport-stale-dnat\/\S+:\d+ /);
    }
  });

  it('orders the sandbox events by time: death before the stop failure', () => {
    const r = cli(['timeline', '--container', STALE]);
    const shim = r.stdout.indexOf('shim.disconnected');
    const failed = r.stdout.indexOf('sandbox.stop.failed');
    expect(shim).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(shim);
  });
});

describe('the same report whatever the locale', () => {
  it('orders hosts, containers and files the same under a Swedish locale (which puts "ä" after "z")', async () => {
    // @ts-expect-error plain ESM module without types
    const { writeNode } = (await import('../../bench/gen.mjs')) as { writeNode: (o: object) => { root: string } };
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-locale-'));
    try {
      for (const [i, host] of ['node-ä', 'node-z'].entries()) writeNode({ dir, host, seed: 21 + i, bytes: 200 * 1024, rendering: 'short' });
      const run = (locale: string) => spawnSync(process.execPath, [BIN, 'analyze', dir, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC', LANG: locale, LC_ALL: locale } });
      const en = run('C.UTF-8');
      expect(en.status).toBe(0);
      const hosts = (JSON.parse(en.stdout) as { containers: { host: string }[] }).containers.map((c) => c.host);
      expect(hosts[0]).toBe('node-ä');
      expect(hosts[hosts.length - 1]).toBe('node-z');
      expect(run('sv_SE.UTF-8').stdout).toBe(en.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the bundled program (dist/packed, scripts/bundle.mjs)', () => {
  it('is what the CLI runs after a build, and gives the report of dist itself', () => {
    // npm run build (prepare, pretest) bundles after tsc: the CLI tests above ran the bundle.
    expect(statSync(path.join(ROOT, 'dist/packed/main.cjs')).mtimeMs).toBeGreaterThanOrEqual(statSync(path.join(ROOT, 'dist/cli/main.js')).mtimeMs);
    const run = (env: Record<string, string>) => spawnSync(process.execPath, [BIN, 'analyze', 'samples/hostport-stale-dnat', '--format', 'json'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'UTC', ...env } });
    const packed = run({ PODMORTEM_CODE_CACHE: 'report' });
    const unpacked = run({ PODMORTEM_UNPACKED: '1' });
    expect(packed.status).toBe(0);
    // The build's code cache is taken (a cache V8 refuses is no error, only ~90 ms of compiling a run).
    expect(packed.stderr).toContain('code cache: taken');
    expect(packed.stdout).toBe(unpacked.stdout);
    expect(JSON.parse(packed.stdout).findings.length).toBeGreaterThan(0);
  });

  it('compiles as it loads when V8 refuses the code cache (other flags), to the same report', () => {
    const run = (env: Record<string, string>) => spawnSync(process.execPath, [BIN, 'analyze', 'samples/hostport-stale-dnat', '--format', 'json'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'UTC', PODMORTEM_CODE_CACHE: 'report', ...env } });
    const cached = run({});
    const refused = run({ PODMORTEM_YOUNG: 'grow' });
    expect(refused.stderr).toContain('code cache: rejected');
    expect(refused.status).toBe(0);
    expect(refused.stdout).toBe(cached.stdout);
  });
});
