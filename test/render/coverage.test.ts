// Every report format says which rules did not run (and why) and shows inconclusive findings in their own place.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, type Analysis, type Report } from '../../src/report.js';
import { RENDERERS } from '../../src/render/index.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { isInconclusive, numbered } from '../../src/render/_sections.js';

const SAMPLE = path.resolve(__dirname, '../../samples/hostport-stale-dnat');
const OPTS = { maxEvidence: 20, color: false, width: 160 };

/** The sample's analysis with one rule marked skipped for lack of input and one finding made inconclusive. */
async function variant(): Promise<Analysis> {
  const a = await analyze([SAMPLE], { tz: null, year: null, host: null }, 'test');
  const report: Report = structuredClone(a.report);
  const rule = report.rules.find((r) => r.id === 'orphan-ipam-allocation')!;
  Object.assign(rule, { status: 'skipped', reason: 'no ipam input' });
  const f = report.findings.find((x) => x.rule === 'teardown-broke-off')!;
  f.summary = `Inconclusive: ${f.summary}`;
  return { report, timeline: a.timeline };
}

describe('inconclusive findings', () => {
  it('are findings of severity info or whose summary says so, numbered after the others', async () => {
    const a = await variant();
    const list = numbered(a.report);
    expect(list.map((x) => [x.n, x.f.rule, x.inconclusive])).toEqual([
      [1, 'hostport-dnat-shadowed', false],
      [2, 'runtime-stopped-with-live-sandboxes', false],
      [3, 'teardown-broke-off', true],
    ]);
    expect(isInconclusive({ ...a.report.findings[0]!, severity: 'info' })).toBe(true);
  });
});

describe.each(['md', 'html', 'table', 'json'] as const)('%s lists skipped rules and inconclusive findings', (id) => {
  it('names the skipped rule with its reason', async () => {
    const text = RENDERERS[id].render(await variant(), OPTS);
    expect(text).toContain('orphan-ipam-allocation');
    expect(text).toContain('no ipam input');
  });

  it('puts the inconclusive finding after the conclusive ones, in its own section', async () => {
    const text = RENDERERS[id].render(await variant(), OPTS);
    if (id === 'json') {
      const r = JSON.parse(text) as Report;
      expect(r.rules.find((x) => x.id === 'orphan-ipam-allocation')).toMatchObject({ status: 'skipped', reason: 'no ipam input' });
      expect(r.findings.find((f) => f.rule === 'teardown-broke-off')!.summary).toMatch(/^Inconclusive/);
      return;
    }
    const head = { md: '## Inconclusive findings', html: '<h2 id="inconclusive">', table: 'Inconclusive (1)' }[id];
    const at = text.indexOf(head);
    expect(at).toBeGreaterThan(0);
    expect(text.indexOf('teardown-broke-off', at)).toBeGreaterThan(at);
    if (id === 'md') expect(text.slice(0, at)).not.toMatch(/\| teardown-broke-off|`teardown-broke-off` \|/);
  });
});

describe('the sample, where all rules ran and nothing is inconclusive, says so', () => {
  it('in md', async () => {
    const a = await analyze([SAMPLE], { tz: null, year: null, host: null }, 'test');
    const md = RENDERERS.md.render(a, OPTS);
    expect(md).toContain('## Rules not run\n\nNone: all 9 rules ran.');
    expect(md).toContain('## Inconclusive findings\n\nNone.');
  });
});

describe('Markdown report of the sample', async () => {
  const a = await analyze([SAMPLE], { tz: null, year: null, host: null }, 'test');
  const md = renderMarkdown(a.report, { timeline: a.timeline });

  it('opens with the diagnosis, then the findings table', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe('# podmortem report');
    expect(lines[2]).toMatch(/^\*\*Diagnosis: Stale hostPort DNAT shadows a live pod\*\* \(critical\) on centos79, sandbox `fb7cdb0a4f8d` \(default\/hostport-app-0\), at 2024-09-14 11:39:43\.530 \+08:00 host time \(2024-09-14T03:39:43\.530117Z\), 1\.7 s after deploy step "停止docker"\. /);
    expect(md.indexOf('| # | Severity | Rule |')).toBeLessThan(md.indexOf('### 1.'));
  });

  it('cites evidence as path:line over a fenced excerpt', () => {
    expect(md).toContain('- `hostport-stale-dnat/var/log/deploy/deploy.log:3` · 2024-09-14T03:39:41.880000Z · host 11:39:41.880 +08:00\n\n  ```text\n  2024-09-14 11:39:41,880 - deploy INFO - 停止docker\n  ```');
    expect(md).toContain('`hostport-stale-dnat/sos_commands/logs/journalctl_--no-pager:8-12`');
  });

  it('gives the cleanup as one copy-paste block, each command once', () => {
    const blocks = md.match(/```sh\n[\s\S]*?\n```/g)!;
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.match(/iptables -t nat -X CNI-DN-b24a4eb3a38dc5843c23a/g)).toHaveLength(1);
    expect(blocks[0]).toMatch(/^```sh\niptables -t nat -D CNI-HOSTPORT-DNAT /);
    expect(blocks[0]).toContain('# Make the uninstall safe:');
  });

  it('shows the stale sandbox\'s timeline slice with the deploy step and the daemon stop around its death', () => {
    const slice = md.slice(md.indexOf('## Timeline of the affected sandboxes'), md.indexOf('## Inputs read'));
    expect(slice).toContain('### Sandbox `fb7cdb0a4f8d` (default/hostport-app-0) on centos79');
    expect(slice).toMatch(/host {2}deploy\.step +hostport-stale-dnat\/var\/log\/deploy\/deploy\.log:3 {2}.*停止docker/);
    expect(slice).toMatch(/host {2}daemon\.stopping/);
    expect(slice).toMatch(/ {6}shim\.disconnected/);
    expect(slice).toContain('`podmortem timeline --container fb7cdb0a4f8d`');
  });

  it('lists the inputs read with format, host, lines and unparsed, and the assumptions', () => {
    expect(md).toContain('| `hostport-stale-dnat/sos_commands/logs/journalctl_--no-pager` | journal-short | centos79 | 30 | 0 |');
    expect(md).toMatch(/- centos79: time zone \*\*\+08:00\*\*/);
  });

  it('keeps to --max-evidence and says how many were left out', () => {
    const short = renderMarkdown(a.report, { maxEvidence: 2, timeline: a.timeline });
    const first = short.slice(short.indexOf('### 1.'), short.indexOf('### 2.'));
    expect(first.match(/^- `/gm)).toHaveLength(2);
    expect(first).toContain('(first 2 of 9; the JSON report has all)');
  });

  it('escapes pipes in table cells and picks fences longer than backtick runs in log text', async () => {
    const r: Report = structuredClone(a.report);
    r.findings[0]!.host = 'node|a';
    r.findings[0]!.evidence[0]!.text = 'a ``` b ```` c';
    const out = renderMarkdown(r);
    expect(out).toContain('| node\\|a |');
    expect(out).toContain('  `````text\n  a ``` b ```` c\n  `````');
  });
});
