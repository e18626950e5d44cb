// One host's nat rule set seen through several real dumps: merged (one rule once, every view as evidence), kept apart
// by family and backend, contradictions said; the report names the view each table's findings quote.

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, type FindingOut } from '../../src/report.js';

const SAMPLES = path.resolve(__dirname, '../../samples');
const VIEWS = path.join(SAMPLES, 'firewall-views');
const NVL = 'sos_commands/firewall_tables/iptables_-t_nat_-nvL';
const STALE = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';
const LIVE = '0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2';
const JUMP = `-p tcp -m comment --comment "dnat name: \\"cbr0\\" id: \\"${STALE}\\"" -m multiport --dports 443,80,9001,10001 -j CNI-DN-b24a4eb3a38dc5843c23a`;
const opts = { tz: null, year: null, host: null };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pm-views-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The bundled incident sample with its -nvL dump kept (or dropped) and more views copied in under bundle paths. */
function bundle(name: string, add: Record<string, string>, keepNvl = true): string {
  const dir = path.join(tmp, name);
  cpSync(path.join(SAMPLES, 'hostport-stale-dnat'), dir, { recursive: true });
  if (!keepNvl) rmSync(path.join(dir, NVL));
  for (const [to, from] of Object.entries(add)) cpSync(path.join(VIEWS, from), path.join(dir, to));
  return dir;
}

async function run(dir: string) {
  const { report, timeline } = await analyze([dir], opts, 'test');
  const of = (rule: string): FindingOut[] => report.findings.filter((f) => f.rule === rule);
  /** The files a finding's evidence quotes, relative to the bundle. */
  const files = (f: FindingOut): string[] => [...new Set(f.evidence.map((e) => e.path.split('/').slice(1).join('/')))].sort();
  return { report, timeline, of, files };
}

describe('several views of one nat table (same capture) are merged', () => {
  it('-nvL + iptables-save: one table with both views, one finding per rule, evidence from each view, each delete once', async () => {
    const r = await run(bundle('two-views', { 'iptables-save': 'dual-stack-nft/final/iptables-save' }));
    expect(r.timeline.tables.map((t) => [t.family, t.backend, t.views.map((v) => v.form)])).toEqual([['ip', 'nf_tables', ['iptables-save', 'iptables -nvL']]]);
    expect(r.report.findings.map((f) => [f.rule, f.containerId, f.inconclusive])).toEqual([
      ['hostport-dnat-shadowed', STALE, null],
      ['runtime-stopped-with-live-sandboxes', STALE, null],
      ['teardown-broke-off', STALE, null],
    ]);
    const shadowed = r.of('hostport-dnat-shadowed')[0]!;
    expect(r.files(shadowed)).toEqual(expect.arrayContaining(['iptables-save', NVL]));
    // The stale jump as each view printed it: iptables-save line 39, -nvL line 48.
    expect(shadowed.evidence.filter((e) => e.text.includes('CNI-DN-b24a4eb3a38dc5843c23a') && e.text.includes('dnat name')).map((e) => e.line).sort()).toEqual([39, 48]);
    expect(shadowed.remediation.filter((c) => c.includes(' -D CNI-HOSTPORT-DNAT '))).toEqual([`iptables -t nat -D CNI-HOSTPORT-DNAT ${JUMP}`]);
    expect(r.report.notes.filter((n) => n.includes('disagree'))).toEqual([]);
  });

  it('-nvL + iptables-save + iptables -S: three views, still one table and the same three findings, evidence from all three', async () => {
    const r = await run(bundle('three-views', { 'iptables-save': 'dual-stack-nft/final/iptables-save', 'iptables_-t_nat_-S': 'dual-stack-nft/final/iptables_-t_nat_-S' }));
    expect(r.timeline.tables).toHaveLength(1);
    expect(r.timeline.tables[0]!.views.map((v) => v.form)).toEqual(['iptables-save', 'iptables -S', 'iptables -nvL']);
    expect(r.report.findings.map((f) => f.rule)).toEqual(['hostport-dnat-shadowed', 'runtime-stopped-with-live-sandboxes', 'teardown-broke-off']);
    const shadowed = r.of('hostport-dnat-shadowed')[0]!;
    expect(r.files(shadowed)).toEqual(expect.arrayContaining(['iptables-save', 'iptables_-t_nat_-S', NVL]));
    expect(shadowed.inconclusive).toBeNull();
    for (const f of r.report.findings) expect(new Set(f.remediation).size).toBe(f.remediation.length);
  });

  it('-nvL + iptables-save + nft -a list ruleset: one ip table of three views, nft\'s ip6 nat its own table; one finding with every view\'s line', async () => {
    const r = await run(bundle('with-nft', { 'iptables-save': 'dual-stack-nft/final/iptables-save', 'sos_commands/firewall_tables/nft_-a_list_ruleset': 'dual-stack-nft/final/nft_-a_list_ruleset' }));
    expect(r.timeline.tables.map((t) => [t.family, t.backend, t.views.map((v) => v.form)])).toEqual([
      ['ip', 'nf_tables', ['iptables-save', 'iptables -nvL', 'nft -a list ruleset']],
      ['ip6', 'nf_tables', ['nft -a list ruleset']],
    ]);
    expect(r.report.findings.map((f) => [f.rule, f.containerId, f.inconclusive])).toEqual([
      ['hostport-dnat-shadowed', STALE, null],
      ['runtime-stopped-with-live-sandboxes', STALE, null],
      ['teardown-broke-off', STALE, null],
    ]);
    const shadowed = r.of('hostport-dnat-shadowed')[0]!;
    expect(r.files(shadowed)).toEqual(expect.arrayContaining(['iptables-save', NVL, 'sos_commands/firewall_tables/nft_-a_list_ruleset']));
    // nft's copy of the stale jump (no comment: matched by hash) is evidence, not a second rule to delete.
    expect(shadowed.evidence.some((e) => e.path.endsWith('nft_-a_list_ruleset') && e.text.includes('jump CNI-DN-b24a4eb3a38dc5843c23a'))).toBe(true);
    expect(shadowed.remediation.filter((c) => c.includes(' -D CNI-HOSTPORT-DNAT '))).toEqual([`iptables -t nat -D CNI-HOSTPORT-DNAT ${JUMP}`, `ip6tables -t nat -D CNI-HOSTPORT-DNAT ${JUMP}`]);
    expect(r.report.notes.filter((n) => n.includes('disagree'))).toEqual([]);
    const ip6 = r.report.assumptions.find((a) => a.what === 'firewall view of the ip6 nat table (nf_tables)')!;
    expect(ip6.basis).toMatch(/nft -a list ruleset: nft's translation drops the -m comment text, so chains are matched to sandboxes by hash; sos firewall_tables\); chains matched by hash with network cbr0$/);
  });

  it('an nft listing that could not translate DNAT, next to -nvL of the same incident: the address comes from -nvL, no disagreement, no "not shown"', async () => {
    const dir = path.join(tmp, 'xt-with-nvl');
    cpSync(path.join(SAMPLES, 'variants/nft-xt-untranslated'), dir, { recursive: true });
    cpSync(path.join(SAMPLES, 'hostport-stale-dnat', NVL), path.join(dir, NVL));
    const r = await run(dir);
    const t = r.timeline.tables.find((x) => x.family === 'ip')!;
    expect(t.views.map((v) => v.form)).toEqual(['iptables -nvL', 'nft -a list ruleset']);
    // The chain's DNAT rules: -nvL's (with the address) stand for them, nft's xt ones are their echoes.
    expect(t.targets.get('CNI-DN-b24a4eb3a38dc5843c23a')!.map((e) => [e.attrs.ip, t.echoes.get(e)!.map((x) => x.attrs.ip)])).toEqual([
      ['10.187.2.33', [null]],
      ['10.187.2.33', [null]],
      ['10.187.2.33', [null]],
      ['10.187.2.33', [null]],
    ]);
    const shadowed = r.of('hostport-dnat-shadowed');
    expect(shadowed.map((f) => [f.containerId, f.inconclusive])).toEqual([[STALE, null]]);
    expect(shadowed[0]!.summary).toMatch(/DNAT to 10\.187\.2\.33, above rule 2/);
    expect(shadowed[0]!.summary).not.toMatch(/not shown/);
    expect(r.report.notes.filter((n) => n.includes('disagree'))).toEqual([]);
  });

  it('the report says which view the findings quote and why: an assumption per table, a note on each dump', async () => {
    const r = await run(bundle('two-views-words', { 'iptables-save': 'dual-stack-nft/final/iptables-save' }));
    const a = r.report.assumptions.filter((x) => x.what.startsWith('firewall view'));
    expect(a).toHaveLength(1);
    expect(a[0]!.what).toBe('firewall view of the ip nat table (nf_tables)');
    expect(a[0]!.value).toMatch(/two-views-words\/iptables-save$/);
    expect(a[0]!.basis).toMatch(/^findings quote .*iptables-save \(iptables-save: every rule as iptables-restore takes it/);
    expect(a[0]!.basis).toMatch(/also shown by .*iptables_-t_nat_-nvL \(iptables -nvL\): merged, each rule once/);
    expect(a[0]!.basis).toMatch(/does not say its backend: taken as nf_tables, the only one other views of this host show/);
    const note = (p: string) => r.report.inputs.find((i) => i.path.endsWith(p))!.notes;
    expect(note(NVL)).toEqual([expect.stringMatching(/^ip nat table \(nf_tables\) of centos79: merged with .*iptables-save, which its findings quote$/)]);
    expect(note('/iptables-save')).toEqual([expect.stringMatching(/: the view its findings quote, merged with 1 other view$/)]);
  });

  it('the bundled sample alone: its -nvL is the one view, from sos firewall_tables, backend not said', async () => {
    const { report } = await analyze([path.join(SAMPLES, 'hostport-stale-dnat')], opts, 'test');
    const a = report.assumptions.filter((x) => x.what.startsWith('firewall view'));
    expect(a.map((x) => [x.what, x.basis])).toEqual([
      ['firewall view of the ip nat table (backend not said)', expect.stringMatching(/^findings quote .*iptables_-t_nat_-nvL \(iptables -nvL: .*; sos firewall_tables\)$/)],
    ]);
  });
});

describe('views that contradict each other are reported as such', () => {
  it('another order and other DNAT addresses (a dump from another run): one shadowed finding, for the gone sandbox, inconclusive, saying what differs', async () => {
    const r = await run(bundle('swapped', { 'iptables-save': 'contradicting-views/iptables-save.ids-swapped' }));
    const shadowed = r.of('hostport-dnat-shadowed');
    expect(shadowed.map((f) => f.containerId)).toEqual([STALE]);
    expect(shadowed[0]!.summary).toMatch(/^CNI-HOSTPORT-DNAT rule 1 .* jumps to CNI-DN-b24a4eb3a38dc5843c23a .*DNAT to 10\.187\.2\.33, above rule 2 for 0961bad27f1a/);
    expect(shadowed[0]!.inconclusive).toMatch(/the firewall views disagree: .*iptables_-t_nat_-nvL \(iptables -nvL\) lists the jump to CNI-DN-b24a4eb3a38dc5843c23a in another order/);
    expect(shadowed[0]!.inconclusive).toMatch(/CNI-DN-b24a4eb3a38dc5843c23a DNATs tcp\/443 to 10\.187\.2\.34:443 in .*iptables-save \(iptables-save\) but to 10\.187\.2\.33:443 in .*iptables_-t_nat_-nvL/);
    // The live sandbox is never reported as the shadowing one, and the stale jump gets no second finding.
    expect(r.report.findings.filter((f) => f.containerId === LIVE)).toEqual([]);
    expect(r.of('stale-hostport-dnat')).toEqual([]);
    expect(r.report.notes.filter((n) => /views of the ip nat table disagree/.test(n)).length).toBeGreaterThanOrEqual(3);
  });

  it('a jump one view shows and a later dump does not (taken after portmap DEL): the finding stands on the view that shows it, inconclusive', async () => {
    const r = await run(bundle('jump-gone', { 'iptables-save_-t_nat': 'contradicting-views/iptables-save_-t_nat.after-portmap-DEL' }));
    const shadowed = r.of('hostport-dnat-shadowed');
    expect(shadowed.map((f) => f.containerId)).toEqual([STALE]);
    expect(shadowed[0]!.summary).toMatch(/^CNI-HOSTPORT-DNAT rule 1 .* above rule 2 for 0961bad27f1a/);
    expect(shadowed[0]!.inconclusive).toMatch(/iptables-save_-t_nat \(iptables-save\) does not show the CNI-HOSTPORT-DNAT jump to CNI-DN-b24a4eb3a38dc5843c23a that .*iptables_-t_nat_-nvL \(iptables -nvL\) shows/);
    expect(r.of('stale-hostport-dnat')).toEqual([]);
    expect(r.report.notes).toContainEqual(expect.stringMatching(/^centos79: views of the ip nat table disagree .*does not show the CNI-HOSTPORT-DNAT jump/));
  });
});

describe('the merged report is deterministic', () => {
  it('contradicting views given as separate inputs in either order: byte-identical findings, notes and assumptions', async () => {
    const dir = bundle('order', { 'iptables-save': 'contradicting-views/iptables-save.ids-swapped', 'iptables-save_-t_nat': 'contradicting-views/iptables-save_-t_nat.after-portmap-DEL' });
    const parts = ['sos_commands', 'iptables-save', 'iptables-save_-t_nat', 'var', 'hostname'].map((p) => path.join(dir, p));
    const a = (await analyze(parts, { ...opts, host: 'centos79' }, 'test')).report;
    const b = (await analyze([...parts].reverse(), { ...opts, host: 'centos79' }, 'test')).report;
    const pick = (r: typeof a) => JSON.stringify({ findings: r.findings, notes: r.notes, assumptions: r.assumptions });
    expect(pick(b)).toBe(pick(a));
    expect(a.notes.filter((n) => n.includes('disagree')).length).toBeGreaterThan(0);
  });
});

describe('ip6tables views are their own rule set', () => {
  it('ip6tables-save + ip6tables -nvL next to iptables -nvL: two tables (ip, ip6), no disagreement, one finding with ip6 evidence and ip6tables cleanup', async () => {
    const r = await run(bundle('dual-stack', { 'ip6tables-save': 'dual-stack-nft/final/ip6tables-save', 'ip6tables_-t_nat_-nvL': 'dual-stack-nft/final/ip6tables_-t_nat_-nvL' }));
    expect(r.timeline.tables.map((t) => [t.family, t.backend, t.views.length, t.jumps.length])).toEqual([
      ['ip', null, 1, 2],
      ['ip6', 'nf_tables', 2, 2],
    ]);
    // Had ip6 been merged into ip, the same chains with IPv6 addresses would have disagreed on every DNAT target.
    expect(r.report.notes.filter((n) => n.includes('disagree'))).toEqual([]);
    const shadowed = r.of('hostport-dnat-shadowed');
    expect(shadowed).toHaveLength(1);
    expect(shadowed[0]!.inconclusive).toBeNull();
    expect(r.files(shadowed[0]!)).toEqual(expect.arrayContaining(['ip6tables-save', 'ip6tables_-t_nat_-nvL', NVL]));
    expect(shadowed[0]!.remediation).toEqual(expect.arrayContaining([`iptables -t nat -D CNI-HOSTPORT-DNAT ${JUMP}`, `ip6tables -t nat -D CNI-HOSTPORT-DNAT ${JUMP}`, 'ip6tables -t nat -X CNI-DN-b24a4eb3a38dc5843c23a']));
  });

  it('an ip6tables listing alone gives the finding, summary marked ip6tables, DNAT to the IPv6 address', async () => {
    const r = await run(bundle('ip6-only', { 'ip6tables_-t_nat_-nvL': 'dual-stack-nft/final/ip6tables_-t_nat_-nvL' }, false));
    const shadowed = r.of('hostport-dnat-shadowed');
    expect(shadowed.map((f) => f.containerId)).toEqual([STALE]);
    expect(shadowed[0]!.summary).toMatch(/^ip6tables CNI-HOSTPORT-DNAT rule 1 .*DNAT to fd00:187:2::2, above rule 2/);
  });
});

describe('a network namespace\'s dump (sos networking) is that namespace\'s rule set', () => {
  it('kept apart from the node\'s table, its cleanup run inside the namespace', async () => {
    const ns = 'sos_commands/networking/namespaces/kind-node1/ip_netns_exec_kind-node1_iptables-save';
    const dir = bundle('netns', {});
    cpSync(path.join(VIEWS, 'dual-stack-nft/final/iptables-save'), path.join(dir, ns), { recursive: true });
    const r = await run(dir);
    expect(r.timeline.tables.map((t) => [t.netns, t.command, t.views.length])).toEqual([
      [null, 'iptables', 1],
      ['kind-node1', 'ip netns exec kind-node1 iptables', 1],
    ]);
    expect(r.of('hostport-dnat-shadowed')[0]!.remediation).toEqual(expect.arrayContaining([`iptables -t nat -D CNI-HOSTPORT-DNAT ${JUMP}`, `ip netns exec kind-node1 iptables -t nat -D CNI-HOSTPORT-DNAT ${JUMP}`]));
    expect(r.report.assumptions.map((a) => a.what)).toContain('firewall view of the ip nat table (nf_tables) of network namespace kind-node1');
  });
});

describe('legacy and nf_tables rule sets are two tables, never one chain', () => {
  const dir = () =>
    bundle(
      'legacy-beside-nft',
      {
        'iptables-legacy-save': 'legacy-beside-nft/final/iptables-legacy-save',
        'iptables-nft-save': 'legacy-beside-nft/final/iptables-nft-save',
        'iptables-legacy_-t_nat_-nvL': 'legacy-beside-nft/final/iptables-legacy_-t_nat_-nvL',
        [NVL]: 'legacy-beside-nft/final/iptables_-t_nat_-nvL',
      },
      false,
    );

  it('pod A in legacy, pod B in nf_tables: no shadowing claimed across them; A is stale, cleaned with iptables-legacy; a note says both DNAT the port', async () => {
    const r = await run(dir());
    expect(r.timeline.tables.map((t) => [t.backend, t.command, t.views.map((v) => v.path.split('/').pop()), t.jumps.map((j) => j.ids[0])])).toEqual([
      ['legacy', 'iptables-legacy', ['iptables-legacy-save', 'iptables-legacy_-t_nat_-nvL'], [STALE]],
      ['nf_tables', 'iptables-nft', ['iptables-nft-save', 'iptables_-t_nat_-nvL'], [LIVE]],
    ]);
    expect(r.of('hostport-dnat-shadowed')).toEqual([]);
    const stale = r.of('stale-hostport-dnat');
    expect(stale.map((f) => [f.containerId, f.inconclusive])).toEqual([[STALE, null]]);
    expect(stale[0]!.remediation[0]).toBe(`iptables-legacy -t nat -D CNI-HOSTPORT-DNAT ${JUMP}`);
    expect(r.files(stale[0]!)).toEqual(expect.arrayContaining(['iptables-legacy-save', 'iptables-legacy_-t_nat_-nvL']));
    expect(r.report.notes).toContainEqual(expect.stringMatching(/^centos79: the legacy and the nf_tables ip nat tables both DNAT tcp\/443, .*two rule sets, not one chain/));
    const a = r.report.assumptions.filter((x) => x.what.startsWith('firewall view')).map((x) => x.what);
    expect(a).toEqual(['firewall view of the ip nat table (legacy)', 'firewall view of the ip nat table (nf_tables)']);
  });

  it('a listing that does not say its backend, on a host with both: joins the backend of the plain iptables-save, else stays apart with a note', async () => {
    const both = { 'iptables-legacy-save': 'legacy-beside-nft/final/iptables-legacy-save' };
    // The sample's own -nvL has no warning line and no backend in its name.
    const named = await run(bundle('unsaid-named', { ...both, 'iptables-nft-save': 'legacy-beside-nft/final/iptables-nft-save' }));
    expect(named.timeline.tables.map((t) => [t.backend, t.views.length])).toEqual([
      ['legacy', 1],
      ['nf_tables', 1],
      [null, 1],
    ]);
    expect(named.report.notes).toContainEqual(expect.stringMatching(/iptables_-t_nat_-nvL \(iptables -nvL\) does not say whether it shows the legacy or the nf_tables rule set, and this host has both: kept apart from them$/));
    const plain = await run(bundle('unsaid-plain', { ...both, 'iptables-save': 'legacy-beside-nft/final/iptables-nft-save' }));
    expect(plain.timeline.tables.map((t) => [t.backend, t.views.map((v) => v.form)])).toEqual([
      ['legacy', ['iptables-save']],
      ['nf_tables', ['iptables-save', 'iptables -nvL']],
    ]);
    expect(plain.report.assumptions.find((a) => a.what === 'firewall view of the ip nat table (nf_tables)')!.basis).toMatch(/taken as nf_tables, the default iptables other views of this host show/);
  });

  it('each dump names its backend: the legacy-save header has no tag (legacy), the nft -nvL says so by its warning line', async () => {
    const r = await run(dir());
    const note = (p: string) => r.report.inputs.find((i) => i.path.endsWith(p))!.notes;
    expect(note(NVL)).toEqual([expect.stringMatching(/^"# Warning: iptables-legacy tables present/), expect.stringMatching(/^ip nat table \(nf_tables\) of centos79/)]);
    expect(note('iptables-legacy-save')).toEqual([expect.stringMatching(/^ip nat table \(legacy\) of centos79: the view its findings quote, merged with 1 other view$/)]);
  });
});
