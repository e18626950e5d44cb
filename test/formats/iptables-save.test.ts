import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/formats/index.js';
import { iptablesSave } from '../../src/formats/iptables-save.js';
import { parsePorts, protoName, shellQuote, tokenize } from '../../src/formats/_iptables-rule.js';
import { fixture, fixtureCases } from '../helpers/fixtures.js';
import { headOf, runFormat } from '../helpers/run-format.js';

type Counters = ReturnType<typeof runFormat>['counters'];

const FB7C = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';
const B096 = '0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2';
const CHAIN_A = 'CNI-DN-b24a4eb3a38dc5843c23a';
const CHAIN_B = 'CNI-DN-f2390ee4e08c581b1ea73';
const PORTS = [443, 80, 9001, 10001];

// Each case is run under the file name its capture had (the table of an -S listing comes from it).
// save: 1 header + *nat + 9 chain declarations + 31 rules + COMMIT + 1 trailer = 44; skipped = 13 - 6 declared chains.
// -S:   4 -P + 5 -N + 31 rules = 40. Events: 2 CNI-HOSTPORT-DNAT jumps + 2×4 DNAT targets
//       + 6 declarations of CNI chains and PREROUTING (cni.chain.declared); the other declarations are skipped.
const CASES: Record<string, { path: string; counters: Counters; notes?: RegExp[] }> = {
  'save-all-tables-nf_tables': { path: 'final/iptables-save', counters: { lines: 44, records: 0, events: 16, skipped: 28, unparsed: 0 } },
  'save-t-nat': { path: 'final/iptables-save_-t_nat', counters: { lines: 44, records: 0, events: 16, skipped: 28, unparsed: 0 } },
  'save-legacy-header-without-backend': { path: 'final/iptables-save_-t_nat', counters: { lines: 44, records: 0, events: 16, skipped: 28, unparsed: 0 } },
  'S-t-nat-no-table-header': { path: 'final/iptables_-t_nat_-S', counters: { lines: 40, records: 0, events: 16, skipped: 24, unparsed: 0 } },
  'S-single-chain-CNI-HOSTPORT-DNAT': { path: 'final/iptables_-t_nat_-S_CNI-HOSTPORT-DNAT', counters: { lines: 3, records: 0, events: 3, skipped: 0, unparsed: 0 } },
  // 1 header + *nat + 8 declarations + 13 rules + COMMIT + trailer = 25; one udp and one tcp jump for the same pod.
  'save-udp-and-space-padded-day': { path: 'qa-worker-11-collect-2025-07-08/iptables-save', counters: { lines: 25, records: 0, events: 9, skipped: 16, unparsed: 0 } },
  // samples/firewall-views (scripts/capture-firewall-views.sh): ip6tables-nft-save of the dual-stack incident, the same
  // 2 jumps and 8 targets with IPv6 pod addresses; iptables-legacy-save and iptables-nft-save of a node whose
  // legacy table holds pod A's jump and whose nf_tables table holds pod B's (one jump, 4 targets each).
  'save-ip6tables-nft-save': { path: 'final/ip6tables-save', counters: { lines: 36, records: 0, events: 16, skipped: 20, unparsed: 0 } },
  'S-ip6tables-t-nat': { path: 'final/ip6tables_-t_nat_-S', counters: { lines: 32, records: 0, events: 16, skipped: 16, unparsed: 0 } },
  'save-iptables-legacy-save': { path: 'final/iptables-legacy-save', counters: { lines: 30, records: 0, events: 10, skipped: 20, unparsed: 0 } },
  'save-iptables-nft-save-warning-legacy-present': {
    path: 'final/iptables-nft-save',
    counters: { lines: 31, records: 0, events: 10, skipped: 21, unparsed: 0 },
    notes: [/^"# Warning: iptables-legacy tables present, use iptables-legacy-save to see them": this dump shows the nf_tables rule set/],
  },
};

const run = (c: string, path = CASES[c]!.path) => runFormat(iptablesSave, fixture('iptables-save', c), path);
const jumps = (c: string) => run(c).events.filter((e) => e.kind === 'cni.dnat.present');
const targets = (c: string) => run(c).events.filter((e) => e.kind === 'cni.dnat.target');

describe('iptables-save: captured cases', () => {
  it('every case folder has a golden entry', () => {
    expect(fixtureCases('iptables-save')).toEqual(Object.keys(CASES).sort());
  });

  for (const [c, { path, counters, notes }] of Object.entries(CASES)) {
    it(`${c}: golden counters, ${notes ? 'its notes' : 'no notes'} under its real file name`, () => {
      const r = run(c);
      expect(r.counters).toEqual(counters);
      expect(r.notes).toHaveLength(notes?.length ?? 0);
      for (const [i, n] of (notes ?? []).entries()) expect(r.notes[i]).toMatch(n);
    });

    it(`${c}: detect() claims it above every other format`, () => {
      const head = headOf(fixture('iptables-save', c), path);
      const mine = iptablesSave.detect(head);
      expect(mine).not.toBeNull();
      expect(mine!.score).toBeGreaterThanOrEqual(0.5);
      for (const other of FORMATS.filter((f) => f.id !== 'iptables-save')) expect(other.detect(head)?.score ?? 0).toBeLessThan(mine!.score);
    });
  }
});

describe('iptables-save: CNI-HOSTPORT-DNAT jumps (portmap)', () => {
  it('two jumps, in dump order, carrying id, network, target chain, ports, position and spec', () => {
    const evs = jumps('save-all-tables-nf_tables');
    expect(evs).toHaveLength(2);
    expect(evs.map((e) => e.ids)).toEqual([[FB7C], [B096]]);
    expect(evs[0]!.attrs).toEqual({
      dump: 'final/iptables-save',
      form: 'iptables-save',
      table: 'nat',
      chain: 'CNI-HOSTPORT-DNAT',
      position: 1,
      backend: 'nf_tables',
      spec: `-p tcp -m comment --comment "dnat name: \\"cbr0\\" id: \\"${FB7C}\\"" -m multiport --dports 443,80,9001,10001 -j ${CHAIN_A}`,
      network: 'cbr0',
      cniId: FB7C,
      target: CHAIN_A,
      proto: 'tcp',
      ports: PORTS,
    });
    expect(evs[1]!.attrs).toMatchObject({ position: 2, target: CHAIN_B, network: 'cbr0', cniId: B096, ports: PORTS });
    expect(evs.map((e) => e.source.line)).toEqual([39, 40]);
  });

  it('the spec is the rule exactly as iptables-save printed it after "-A <chain> " (usable for iptables -D)', () => {
    for (const e of jumps('save-t-nat')) expect(e.text).toBe(`-A CNI-HOSTPORT-DNAT ${e.attrs.spec}`);
  });

  it('events carry the dump time from the "# Generated by" header; the header is also a capture fact', () => {
    const r = run('save-all-tables-nf_tables');
    const stamp = { year: 2026, yearShift: 0, month: 11, day: 24, hour: 20, minute: 35, second: 26, micro: 0, offsetMin: null };
    expect(r.meta).toEqual([{ kind: 'capture', stamp, text: '# Generated by iptables-save v1.8.9 (nf_tables) on Tue Nov 24 20:35:26 2026' }]);
    expect(r.events.every((e) => JSON.stringify(e.stamp) === JSON.stringify(stamp) && e.domain === 'capture' && e.absUs === null)).toBe(true);
  });

  it('iptables-legacy header without "(nf_tables)" is still a capture time', () => {
    expect(run('save-legacy-header-without-backend').meta).toEqual([
      { kind: 'capture', stamp: { year: 2026, yearShift: 0, month: 11, day: 24, hour: 20, minute: 35, second: 41, micro: 0, offsetMin: null }, text: '# Generated by iptables-save v1.8.9 on Tue Nov 24 20:35:41 2026' },
    ]);
  });

  it('ctime\'s space-padded day ("Jul  8") is day 8; udp and tcp jumps for one pod keep their own proto and ports', () => {
    const r = run('save-udp-and-space-padded-day');
    expect(r.meta[0]).toMatchObject({ kind: 'capture', stamp: { year: 2025, month: 7, day: 8, hour: 16, minute: 21, second: 9 } });
    const js = r.events.filter((e) => e.kind === 'cni.dnat.present');
    const id = '36e413a56ea115952ef79171fb36aeb2ca9892a832e70f073718c904ffd0b4c1';
    expect(js.map((e) => [e.ids, e.attrs.proto, e.attrs.ports, e.attrs.position, e.attrs.network])).toEqual([
      [[id], 'tcp', [8126], 1, 'podnet'],
      [[id], 'udp', [8125], 2, 'podnet'],
    ]);
    expect(r.events.filter((e) => e.kind === 'cni.dnat.target').map((e) => [e.attrs.ip, e.attrs.port, e.attrs.proto])).toEqual([
      ['10.50.8.209', 8125, 'udp'],
      ['10.50.8.209', 8126, 'tcp'],
    ]);
  });

  it('-S: same jumps, form "iptables -S", no capture time', () => {
    const r = run('S-t-nat-no-table-header');
    expect(r.meta).toEqual([]);
    const js = r.events.filter((e) => e.kind === 'cni.dnat.present');
    expect(js.map((e) => [e.ids, e.attrs.position, e.attrs.target, e.attrs.ports, e.attrs.form, e.stamp])).toEqual([
      [[FB7C], 1, CHAIN_A, PORTS, 'iptables -S', null],
      [[B096], 2, CHAIN_B, PORTS, 'iptables -S', null],
    ]);
  });

  it('-S of one chain: positions 1 and 2 on lines 2 and 3', () => {
    const js = jumps('S-single-chain-CNI-HOSTPORT-DNAT');
    expect(js.map((e) => [e.ids[0], e.attrs.position, e.source.line])).toEqual([
      [FB7C, 1, 2],
      [B096, 2, 3],
    ]);
  });

  it('save, save -t nat, -S and the legacy dump give the same jumps and targets', () => {
    const project = (c: string) =>
      run(c).events.map((e) => ({ kind: e.kind, ids: e.ids, chain: e.attrs.chain, position: e.attrs.position, target: e.attrs.target ?? null, ports: e.attrs.ports ?? e.attrs.hostPorts, ip: e.attrs.ip ?? null, port: e.attrs.port ?? null, spec: e.attrs.spec }));
    const ref = project('save-all-tables-nf_tables');
    expect(project('save-t-nat')).toEqual(ref);
    expect(project('save-legacy-header-without-backend')).toEqual(ref);
    expect(project('S-t-nat-no-table-header')).toEqual(ref);
  });
});

describe('iptables-save: which rule set a dump shows (family, backend)', () => {
  const view = (c: string, path?: string) => [...new Set(run(c, path).events.map((e) => `${e.attrs.family ?? '-'} ${e.attrs.backend ?? '-'}`))];

  it('"(nf_tables)" in the header: backend nf_tables; no family said for iptables (ip is the default)', () => {
    expect(view('save-all-tables-nf_tables')).toEqual(['- nf_tables']);
  });

  it('iptables-legacy-save 1.8.9 writes "iptables-save v1.8.9 on …" with no tag: backend legacy, capture time still read', () => {
    const r = run('save-iptables-legacy-save');
    expect(view('save-iptables-legacy-save')).toEqual(['- legacy']);
    expect(r.meta.map((m) => m.stamp)).toMatchObject([{ year: 2024, month: 9, day: 14, hour: 11, minute: 50, second: 0 }]);
  });

  it('"ip6tables-nft-save v1.8.9 (nf_tables)": family ip6, backend nf_tables, and its header is a capture time (the old pattern wanted "ip6tables-save")', () => {
    const r = run('save-ip6tables-nft-save');
    expect(view('save-ip6tables-nft-save')).toEqual(['ip6 nf_tables']);
    expect(r.meta).toHaveLength(1);
    const t = r.events.filter((e) => e.kind === 'cni.dnat.target').map((e) => [e.attrs.chain, e.attrs.ip, e.attrs.port]);
    expect(t[0]).toEqual([CHAIN_A, 'fd00:187:2::2', 443]);
    expect(t[4]).toEqual([CHAIN_B, 'fd00:187:2::3', 443]);
  });

  it('ip6tables -t nat -S (no header): the file name says ip6; under another name the IPv6 addresses say it from the first one on', () => {
    expect(view('S-ip6tables-t-nat')).toEqual(['ip6 -']);
    const renamed = run('S-ip6tables-t-nat', 'custom/nat-rules_-t_nat');
    expect(renamed.events.filter((e) => e.kind !== 'cni.chain.declared').every((e) => e.attrs.family === 'ip6')).toBe(true);
  });

  it('iptables-nft-save beside legacy tables: its warning line is a note and marks the dump nf_tables; the jump is pod B\'s alone', () => {
    const r = run('save-iptables-nft-save-warning-legacy-present');
    expect(view('save-iptables-nft-save-warning-legacy-present')).toEqual(['- nf_tables']);
    expect(r.events.filter((e) => e.kind === 'cni.dnat.present').map((e) => e.ids)).toEqual([[B096]]);
    expect(run('save-iptables-legacy-save').events.filter((e) => e.kind === 'cni.dnat.present').map((e) => e.ids)).toEqual([[FB7C]]);
  });
});

describe('iptables-save: DNAT targets inside CNI-DN-<hash> chains', () => {
  it('each target names the pod IP and port, its chain and its position', () => {
    const ts = targets('save-all-tables-nf_tables');
    expect(ts).toHaveLength(8);
    expect(ts.map((e) => [e.attrs.chain, e.attrs.ip, e.attrs.port, e.attrs.hostPorts, e.attrs.position])).toEqual([
      [CHAIN_A, '10.187.2.33', 443, [443], 3],
      [CHAIN_A, '10.187.2.33', 80, [80], 6],
      [CHAIN_A, '10.187.2.33', 9001, [9001], 9],
      [CHAIN_A, '10.187.2.33', 10001, [10001], 12],
      [CHAIN_B, '10.187.2.34', 443, [443], 3],
      [CHAIN_B, '10.187.2.34', 80, [80], 6],
      [CHAIN_B, '10.187.2.34', 9001, [9001], 9],
      [CHAIN_B, '10.187.2.34', 10001, [10001], 12],
    ]);
    expect(ts.every((e) => e.ids.length === 0 && e.attrs.proto === 'tcp')).toBe(true);
  });
});

describe('iptables-save: the table of an -S listing', () => {
  it('without "*nat" and without "-t <table>" in the name, nat is assumed and a note says so', () => {
    const r = run('S-t-nat-no-table-header', 'bundle/input');
    expect(r.events).toHaveLength(16);
    expect(r.notes).toEqual(['no "*table" line and no "-t <table>" in the file name: assumed the nat table']);
  });

  it('"-t_filter" in the file name makes the same rules filter-table rules: no CNI nat events', () => {
    const r = run('S-t-nat-no-table-header', 'final/iptables_-t_filter_-S');
    expect(r.counters).toEqual({ lines: 40, records: 0, events: 0, skipped: 40, unparsed: 0 });
  });

  it('"*nat" in a save dump wins over nothing in the name: no note', () => {
    expect(run('save-t-nat', 'bundle/input').notes).toEqual([]);
  });
});

describe('iptables-save: lines it must refuse', () => {
  const good = fixture('iptables-save', 'S-single-chain-CNI-HOSTPORT-DNAT').trimEnd().split('\n');

  it('a rule with an unbalanced quote (cut in the comment): unparsed, and the rule after it still read', () => {
    const cut = good[1]!.slice(0, 70);
    const r = runFormat(iptablesSave, [good[0], cut, good[2]].join('\n'), 'final/iptables_-t_nat_-S_CNI-HOSTPORT-DNAT');
    expect(r.counters).toEqual({ lines: 3, records: 0, events: 2, skipped: 0, unparsed: 1 });
    expect(r.unparsed[0]).toEqual({ line: 2, reason: 'unbalanced quotes in rule', text: cut });
    expect(r.events.filter((e) => e.kind === 'cni.dnat.present')[0]!.ids).toEqual([B096]);
  });

  it('an error message in the dump: unparsed as "not iptables-save syntax"', () => {
    const bad = 'iptables: No chain/target/match by that name.';
    const r = runFormat(iptablesSave, [good[0], bad, good[1]].join('\n'), 'x_-t_nat_-S');
    expect(r.counters).toEqual({ lines: 3, records: 0, events: 2, skipped: 0, unparsed: 1 });
    expect(r.unparsed[0]).toEqual({ line: 2, reason: 'not iptables-save syntax', text: bad });
  });

  it('a "# Generated" header with an impossible date gives no capture fact and no exception', () => {
    const r = runFormat(iptablesSave, '# Generated by iptables-save v1.8.9 (nf_tables) on Tue Feb 30 20:35:26 2026\n*nat\nCOMMIT\n');
    expect(r.meta).toEqual([]);
    expect(r.counters).toEqual({ lines: 3, records: 0, events: 0, skipped: 3, unparsed: 0 });
  });

  it('never throws on garbage', () => {
    const garbage = ['-A', '-A X "', '-A X \\', '-A CNI-HOSTPORT-DNAT -j', '-A CNI-HOSTPORT-DNAT --comment', '-A CNI-HOSTPORT-DNAT -j CNI-DN-x --dports', ':', '*', '\u0000', 'x'.repeat(100_000)];
    const r = runFormat(iptablesSave, garbage.join('\n'), 'x_-t_nat_-S');
    expect(r.counters.lines).toBe(garbage.length);
    expect(r.unparsed.map((u) => u.text)).toEqual(['-A', '-A X "', ':', '*', '\u0000', 'x'.repeat(100_000)]);
  });
});

describe('iptables-save: rule helpers', () => {
  it('tokenize honours iptables-save quoting and backslashes; null on an open quote', () => {
    expect(tokenize('-m comment --comment "dnat name: \\"cbr0\\" id: \\"x\\"" -j X')).toEqual(['-m', 'comment', '--comment', 'dnat name: "cbr0" id: "x"', '-j', 'X']);
    expect(tokenize('--comment "open')).toBeNull();
  });

  it('parsePorts keeps order, expands short ranges, keeps only the ends of long ones', () => {
    expect(parsePorts('443,80,9001,10001')).toEqual(PORTS);
    expect(parsePorts('9001:9003')).toEqual([9001, 9002, 9003]);
    expect(parsePorts('1000:2000')).toEqual([1000, 2000]);
    expect(parsePorts('x,80')).toEqual([80]);
  });

  it('protoName maps the numbers iptables ≥ 1.8.8 prints in -nvL', () => {
    expect([protoName('6'), protoName('17'), protoName('0'), protoName('TCP')]).toEqual(['tcp', 'udp', 'all', 'tcp']);
  });

  it('shellQuote re-quotes a comment the way iptables-save does', () => {
    expect(shellQuote(`dnat name: "cbr0" id: "${FB7C}"`)).toBe(`"dnat name: \\"cbr0\\" id: \\"${FB7C}\\""`);
    expect(shellQuote('CNI-DN-b24a4eb3a38dc5843c23a')).toBe('CNI-DN-b24a4eb3a38dc5843c23a');
  });
});

describe('iptables-save: detect() refuses other formats', () => {
  it('a journal line', () => {
    expect(iptablesSave.detect(headOf('Sep 14 11:39:42 centos79 systemd[1]: Stopping Docker Application Container Engine...'))).toBeNull();
  });

  it('an iptables -nvL listing', () => {
    expect(iptablesSave.detect(headOf(fixture('iptables-list', 'nvL-t-nat'), 'final/iptables_-t_nat_-nvL'))).toBeNull();
  });

  it('a deploy log', () => {
    expect(iptablesSave.detect(headOf(fixture('deploy-log', 'python-logging-padded-level-bracket-name')))).toBeNull();
  });
});
