// What podmortem did not understand: the followed daemons' lines no component read, by template, in the report
// only when asked for; the fast path, the full path and the two-thread read tally the same.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/report.js';
import { RENDERERS } from '../../src/render/index.js';
import { UnrecognizedBook } from '../../src/unrecognized/book.js';

const ROOT = path.resolve(__dirname, '../..');
const SAMPLE = path.join(ROOT, 'samples/hostport-stale-dnat');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pm-unrec-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const A = '4f6c70a97d12306f1d8250715e308508921167a36dd1182b53d3b1a5c47615c7';
const B = '9d1e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012a3b4c5d6e7';

async function json(inputs: string[], unrecognized: boolean, env: Record<string, string> = {}, run = analyze): Promise<string> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const a = await run(inputs, { tz: null, year: null, host: null, unrecognized }, 'test');
    return RENDERERS.json.render(a, { maxEvidence: 20, color: false, width: 160 });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** A journal of the daemons' real line shapes (catalogue §3, kubelet prober.go), and lines of others. */
function craftedJournal(): string {
  const dir = path.join(tmp, 'crafted', 'sosreport-node-u');
  mkdirSync(path.join(dir, 'sos_commands', 'logs'), { recursive: true });
  const lines = [
    `Sep 10 08:00:10 node-u containerd[633]: time="2024-09-10T08:00:10.100000000+08:00" level=info msg="StopContainer for \\"${A}\\" with timeout 30 (s)"`,
    `Sep 10 08:00:10 node-u containerd[633]: time="2024-09-10T08:00:10.200000000+08:00" level=info msg="StopContainer for \\"${B}\\" with timeout 2 (s)"`,
    // The gate lets these through ("PodSandbox"): built, read by containerd's component, no event.
    `Sep 10 08:00:11 node-u containerd[633]: time="2024-09-10T08:00:11.100000000+08:00" level=info msg="RemovePodSandbox for \\"${A}\\""`,
    `Sep 10 08:00:11 node-u containerd[633]: time="2024-09-10T08:00:11.200000000+08:00" level=info msg="RemovePodSandbox for \\"${B}\\""`,
    // An event: understood.
    `Sep 10 08:00:12 node-u containerd[633]: time="2024-09-10T08:00:12.100000000+08:00" level=info msg="RemovePodSandbox \\"${A}\\" returns successfully"`,
    // -o with-unit names the unit: the same daemon.
    'Sep 10 08:00:13 node-u kubelet.service[1789]: I0910 08:00:13.000001    1789 prober.go:107] "Probe failed" probeType="Readiness" pod="default/web-1" podUID="1f2e3d4c-aaaa-bbbb-cccc-111122223333" containerName="web" probeResult="failure" output="HTTP probe failed with statuscode: 503"',
    'Sep 10 08:00:13 node-u kubelet[1789]: I0910 08:00:13.500001    1789 prober.go:107] "Probe failed" probeType="Liveness" pod="kube-system/dns-2" podUID="aaaabbbb-cccc-dddd-eeee-ffff00001111" containerName="dns" probeResult="failure" output="Get \\"http://10.244.0.7:8080/health\\": dial tcp 10.244.0.7:8080: connect: connection refused"',
    'Sep 10 08:00:14 node-u k3s[2200]: I0910 08:00:14.000001    2200 kubelet.go:2453] "SyncLoop (probe)" probe="readiness" status="ready" pod="default/web-1"',
    // Not followed: the kernel, PID 1, sshd.
    'Sep 10 08:00:14 node-u kernel: cni0: port 1(veth1a2b3c4d) entered forwarding state',
    'Sep 10 08:00:14 node-u systemd[1]: Started Session 7 of user root.',
    'Sep 10 08:00:15 node-u sshd[900]: Accepted publickey for root from 10.0.0.1 port 51234 ssh2',
  ];
  writeFileSync(path.join(dir, 'sos_commands', 'logs', 'journalctl_--no-pager'), lines.join('\n') + '\n');
  return dir;
}

const row = (daemon: string, template: string, count: number, line: number) => expect.objectContaining({ daemon, template, count, line, path: 'sosreport-node-u/sos_commands/logs/journalctl_--no-pager' });

describe('--unrecognized', () => {
  it('the sample bundle: one kubelet line nothing read, the prober failure', async () => {
    const r = JSON.parse(await json([SAMPLE], true));
    expect(r.unrecognized).toEqual({
      lines: 1,
      overflow: 0,
      cap: 2000,
      templates: [
        {
          daemon: 'kubelet',
          template: 'E prober.go:<n>] "Probe failed" probeType=<*> pod=<*> podUID=<*> containerName=<*> probeResult=<*> output=<*>',
          count: 1,
          path: 'hostport-stale-dnat/sos_commands/logs/journalctl_--no-pager',
          line: 30,
          example: expect.stringContaining('"Probe failed" probeType="Readiness"'),
        },
      ],
    });
  });

  it('a crafted journal: each template counted once per line, by daemon, lines read into events and other daemons left out', async () => {
    const dir = craftedJournal();
    const fast = JSON.parse(await json([dir], true));
    expect(fast.unrecognized).toEqual({
      lines: 7,
      overflow: 0,
      cap: 2000,
      // Most lines first, then by template (the report's text order: letters before case).
      templates: [
        row('kubelet', 'I prober.go:<n>] "Probe failed" probeType=<*> pod=<*> podUID=<*> containerName=<*> probeResult=<*> output=<*>', 2, 6),
        row('containerd', 'level=info msg="RemovePodSandbox for \\"<*>\\""', 2, 3),
        row('containerd', 'level=info msg="StopContainer for \\"<*>\\" with timeout <n> (s)"', 2, 1),
        row('k3s', 'I kubelet.go:<n>] "SyncLoop (probe)" probe=<*> status=<*> pod=<*>', 1, 8),
      ],
    });
    // Every record built (no fast path): the same tally.
    expect(await json([dir], true, { PODMORTEM_QUIET: '0' })).toBe(await json([dir], true));
  });

  it('off, it changes nothing in the report; on, it only adds its own field', async () => {
    for (const input of [SAMPLE, craftedJournal()]) {
      const off = await json([input], false);
      expect(JSON.parse(off)).not.toHaveProperty('unrecognized');
      const on = JSON.parse(await json([input], true));
      delete on.unrecognized;
      expect(JSON.stringify(on, null, 2) + '\n').toBe(off);
    }
  });

  it('validates against the report schema, and the Markdown lists it', async () => {
    const a = await analyze([craftedJournal()], { tz: null, year: null, host: null, unrecognized: true }, 'test');
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(ROOT, 'docs/report-v1.schema.json'), 'utf8')));
    validate(JSON.parse(RENDERERS.json.render(a, { maxEvidence: 20, color: false, width: 160 })));
    expect(validate.errors ?? []).toEqual([]);
    const md = RENDERERS.md.render(a, { maxEvidence: 20, color: false, width: 160 });
    expect(md).toContain('## Not understood');
    expect(md).toContain('| 2 | containerd | `sosreport-node-u/sos_commands/logs/journalctl_--no-pager:1` | `level=info msg="StopContainer for \\"<*>\\" with timeout <n> (s)"` |');
  });

  it('a journal read in two threads tallies what one read in one go does (built dist)', async () => {
    // @ts-expect-error plain ESM module without types
    const { writeNode } = (await import('../../bench/gen.mjs')) as { writeNode: (o: object) => { root: string } };
    const n = writeNode({ dir: path.join(tmp, 'gen'), host: 'node-x', seed: 3, bytes: 3 * 1024 * 1024, rendering: 'short' });
    // @ts-expect-error the built module (the worker runs dist/ingest/parallel/worker.js)
    const dist = (await import('../../dist/report.js')) as { analyze: typeof analyze };
    const one = await json([n.root], true, { PODMORTEM_THREADS: '1' }, dist.analyze);
    expect(await json([n.root], true, { PODMORTEM_THREADS: '2', PODMORTEM_SPLIT_MIN: '100000' }, dist.analyze)).toBe(one);
    const u = JSON.parse(one).unrecognized;
    expect(u.lines).toBeGreaterThan(5000);
    expect(u.templates.reduce((s: number, t: { count: number }) => s + t.count, 0)).toBe(u.lines);
  }, 60_000);

  it('inspect --unrecognized lists the templates after the files (CLI)', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/podmortem.js'), 'inspect', SAMPLE, '--unrecognized'], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Not understood: 1 line of followed daemons');
    expect(r.stdout).toContain('1  kubelet  hostport-stale-dnat/sos_commands/logs/journalctl_--no-pager:30\n   E prober.go:<n>] "Probe failed"');
    const plain = spawnSync(process.execPath, [path.join(ROOT, 'bin/podmortem.js'), 'inspect', SAMPLE], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    expect(plain.stdout).not.toContain('Not understood');
  });
});

describe('the book', () => {
  it('keeps at most its cap of templates and counts the lines of the others', () => {
    const book = new UnrecognizedBook();
    const word = (i: number) => `word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}${String.fromCharCode(97 + Math.floor(i / 676))} happened`;
    for (let i = 0; i < 2100; i++) book.add('dockerd', word(i), 0, word(i).length, 'j', i + 1);
    book.add('dockerd', 'wordaaa happened', 0, 16, 'j', 5000);
    const r = book.result();
    expect(r.templates.length).toBe(2000);
    expect(r.overflow).toBe(100);
    expect(r.lines).toBe(2101);
    expect(r.templates[0]).toMatchObject({ template: 'wordaaa happened', count: 2, line: 1 });
  });
});
