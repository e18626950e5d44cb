import { describe, expect, it } from 'vitest';
import { iptablesList } from '../../src/formats/iptables-list.js';
import { iptablesSave } from '../../src/formats/iptables-save.js';
import type { EventDraft } from '../../src/formats/types.js';
import { fixture } from '../helpers/fixtures.js';
import { describeCapturedCases, type CapturedCase } from '../helpers/captured-cases.js';
import { headOf, runFormat } from '../helpers/run-format.js';

const FB7C = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';
const B096 = '0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2';
const CHAIN_A = 'CNI-DN-b24a4eb3a38dc5843c23a';
const CHAIN_B = 'CNI-DN-f2390ee4e08c581b1ea73';

// nat listing: 9 "Chain" headers + 9 column headers + 8 blank separators = 26 skipped; 31 rule rows.
// filter listing: 3 chains, no rules. sos listing: 9 chains (26 skipped) and 19 rows.
const CASES: Record<string, CapturedCase> = {
  'nvL-t-nat': { path: 'final/iptables_-t_nat_-nvL', counters: { lines: 57, records: 0, events: 16, skipped: 41, unparsed: 0 } },
  'nvL-line-numbers': { path: 'final/iptables_-t_nat_-nvL_--line-numbers', counters: { lines: 57, records: 0, events: 16, skipped: 41, unparsed: 0 } },
  'nvL-t-filter-empty-chains': { path: 'final/iptables_-t_filter_-nvL', counters: { lines: 8, records: 0, events: 0, skipped: 8, unparsed: 0 } },
  'nvL-sos-firewall-tables-two-jumps-same-ports': {
    path: 'sos_commands/firewall_tables/iptables_-t_nat_-nvL',
    counters: { lines: 45, records: 0, events: 12, skipped: 33, unparsed: 0 },
  },
  // samples/firewall-views (scripts/capture-firewall-views.sh): ip6tables 1.8.9 -nvL of the dual-stack incident
  // ("::/0" columns, "to:[fd00:187:2::2]:443"); the legacy and nf_tables listings of a node with both rule sets.
  'nvL-ip6tables-t-nat': { path: 'final/ip6tables_-t_nat_-nvL', counters: { lines: 49, records: 0, events: 16, skipped: 33, unparsed: 0 } },
  // hostPorts 53/udp → 5353 and 8443/tcp → 443: prot "17" and "6", a jump per protocol and pod.
  'nvL-udp-and-tcp-protocol-numbers': { path: 'final/iptables_-t_nat_-nvL', counters: { lines: 47, records: 0, events: 14, skipped: 33, unparsed: 0 } },
  'nvL-legacy-backend': { path: 'final/iptables-legacy_-t_nat_-nvL', counters: { lines: 41, records: 0, events: 10, skipped: 31, unparsed: 0 } },
  'nvL-nft-warning-legacy-tables-present': {
    path: 'final/iptables_-t_nat_-nvL',
    counters: { lines: 42, records: 0, events: 10, skipped: 32, unparsed: 0 },
    notes: [/^"# Warning: iptables-legacy tables present, use iptables-legacy to see them": this listing shows the nf_tables rule set/],
  },
};

const run = (c: string, path = CASES[c]!.path) => runFormat(iptablesList, fixture('iptables-list', c), path);

/** What rules rely on, without the evidence text, line and dump form that differ between renderings. */
function project(events: EventDraft[]) {
  return events.map((e) => ({
    kind: e.kind,
    ids: e.ids,
    table: e.attrs.table,
    chain: e.attrs.chain,
    position: e.attrs.position,
    network: e.attrs.network ?? null,
    target: e.attrs.target ?? null,
    proto: e.attrs.proto,
    ports: e.attrs.ports ?? e.attrs.hostPorts,
    ip: e.attrs.ip ?? null,
    port: e.attrs.port ?? null,
    spec: e.kind === 'cni.dnat.present' ? e.attrs.spec : null,
  }));
}

describe('iptables-list: captured cases', () => describeCapturedCases(iptablesList, CASES));

describe('iptables-list: CNI facts from -nvL rows', () => {
  it('CNI-HOSTPORT-DNAT jumps: ids, network, target, ports and positions 1, 2 in order', () => {
    const js = run('nvL-t-nat').events.filter((e) => e.kind === 'cni.dnat.present');
    expect(js.map((e) => [e.ids, e.attrs.network, e.attrs.target, e.attrs.ports, e.attrs.position, e.attrs.proto, e.source.line])).toEqual([
      [[FB7C], 'cbr0', CHAIN_A, [443, 80, 9001, 10001], 1, 'tcp', 48],
      [[B096], 'cbr0', CHAIN_B, [443, 80, 9001, 10001], 2, 'tcp', 49],
    ]);
    expect(js[0]!.attrs).toMatchObject({ dump: 'final/iptables_-t_nat_-nvL', form: 'iptables -nvL', table: 'nat', chain: 'CNI-HOSTPORT-DNAT', cniId: FB7C });
    expect(js[0]!.stamp).toBeNull();
  });

  it('the jump spec rebuilt from the -nvL columns is the one iptables-save prints', () => {
    const fromList = run('nvL-t-nat').events.filter((e) => e.kind === 'cni.dnat.present').map((e) => e.attrs.spec);
    const fromSave = runFormat(iptablesSave, fixture('iptables-save', 'save-t-nat'), 'final/iptables-save_-t_nat')
      .events.filter((e) => e.kind === 'cni.dnat.present')
      .map((e) => e.attrs.spec);
    expect(fromList).toEqual(fromSave);
    expect(fromList[0]).toBe(`-p tcp -m comment --comment "dnat name: \\"cbr0\\" id: \\"${FB7C}\\"" -m multiport --dports 443,80,9001,10001 -j ${CHAIN_A}`);
  });

  it('DNAT rows: "to:10.187.2.33:443" gives ip, port, chain; protocol number 6 reads as tcp', () => {
    const ts = run('nvL-t-nat').events.filter((e) => e.kind === 'cni.dnat.target');
    expect(ts.map((e) => [e.attrs.chain, e.attrs.ip, e.attrs.port, e.attrs.position])).toEqual([
      [CHAIN_A, '10.187.2.33', 443, 3],
      [CHAIN_A, '10.187.2.33', 80, 6],
      [CHAIN_A, '10.187.2.33', 9001, 9],
      [CHAIN_A, '10.187.2.33', 10001, 12],
      [CHAIN_B, '10.187.2.34', 443, 3],
      [CHAIN_B, '10.187.2.34', 80, 6],
      [CHAIN_B, '10.187.2.34', 9001, 9],
      [CHAIN_B, '10.187.2.34', 10001, 12],
    ]);
    expect(ts.every((e) => e.attrs.proto === 'tcp')).toBe(true);
  });

  it('--line-numbers: the extra "num" column changes nothing', () => {
    expect(project(run('nvL-line-numbers').events)).toEqual(project(run('nvL-t-nat').events));
  });

  it('-nvL, -S and iptables-save of the same ruleset give the same ids, chains, ports, positions and targets', () => {
    // Declarations come first in save/-S but before each chain's rows in -nvL: compare them as a set.
    const bySort = (xs: ReturnType<typeof project>) => [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const list = bySort(project(run('nvL-t-nat').events));
    const save = bySort(project(runFormat(iptablesSave, fixture('iptables-save', 'save-all-tables-nf_tables'), 'final/iptables-save').events));
    const s = bySort(project(runFormat(iptablesSave, fixture('iptables-save', 'S-t-nat-no-table-header'), 'final/iptables_-t_nat_-S').events));
    expect(list).toHaveLength(16);
    expect(list).toEqual(save);
    expect(list).toEqual(s);
  });

  it('sos listing: two jumps for the same hostPorts, the older sandbox first', () => {
    const r = run('nvL-sos-firewall-tables-two-jumps-same-ports');
    const js = r.events.filter((e) => e.kind === 'cni.dnat.present');
    expect(js.map((e) => [e.ids[0], e.attrs.position, e.attrs.network, e.attrs.target, e.attrs.ports])).toEqual([
      ['f831cd2024de93041e5155f152b2cb2d0586d2289af93b831e29bc9fe7bf32e5', 1, 'kube-bridge', 'CNI-DN-b33809a6ab0238d341f10', [10080, 10443]],
      ['2bb6455c9106a1b01e41e3e14cdf23c713b63cc2ede5d7291c3df3176b9d2cad', 2, 'kube-bridge', 'CNI-DN-92d57eb21ba99a5f4a936', [10080, 10443]],
    ]);
    const ts = r.events.filter((e) => e.kind === 'cni.dnat.target');
    expect(ts.map((e) => [e.attrs.chain, e.attrs.ip, e.attrs.port])).toEqual([
      ['CNI-DN-92d57eb21ba99a5f4a936', '10.42.3.122', 10080],
      ['CNI-DN-92d57eb21ba99a5f4a936', '10.42.3.122', 10443],
      ['CNI-DN-b33809a6ab0238d341f10', '10.42.3.119', 10080],
      ['CNI-DN-b33809a6ab0238d341f10', '10.42.3.119', 10443],
    ]);
  });
});

describe('iptables-list: protocol numbers of iptables 1.8.9 -n', () => {
  it('"17" is udp and "6" tcp, in jumps (portmap sorts them by protocol name) and DNAT rows; the container port differs from the host port', () => {
    const r = run('nvL-udp-and-tcp-protocol-numbers');
    expect(r.events.filter((e) => e.kind === 'cni.dnat.present').map((e) => [e.ids[0]!.slice(0, 4), e.attrs.proto, e.attrs.ports, e.attrs.position])).toEqual([
      ['fb7c', 'tcp', [8443], 1],
      ['fb7c', 'udp', [53], 2],
      ['0961', 'tcp', [8443], 3],
      ['0961', 'udp', [53], 4],
    ]);
    expect(r.events.filter((e) => e.kind === 'cni.dnat.target' && e.attrs.chain === CHAIN_A).map((e) => [e.attrs.proto, e.attrs.hostPorts, e.attrs.ip, e.attrs.port])).toEqual([
      ['udp', [53], '10.187.2.33', 5353],
      ['tcp', [8443], '10.187.2.33', 443],
    ]);
    expect(r.events.filter((e) => e.kind === 'cni.dnat.present')[1]!.attrs.spec).toBe(`-p udp -m comment --comment "dnat name: \\"cbr0\\" id: \\"${FB7C}\\"" -m multiport --dports 53 -j ${CHAIN_A}`);
  });
});

describe('iptables-list: which rule set a listing shows (family, backend)', () => {
  const view = (c: string, path?: string) => [...new Set(run(c, path).events.map((e) => `${e.attrs.family ?? '-'} ${e.attrs.backend ?? '-'}`))];

  it('ip6tables 1.8.9 -nvL: "--" in opt, "::/0" columns, "to:[fd00:187:2::2]:443"; family ip6 from the file name', () => {
    const r = run('nvL-ip6tables-t-nat');
    expect(view('nvL-ip6tables-t-nat')).toEqual(['ip6 -']);
    expect(project(r.events).filter((e) => e.kind === 'cni.dnat.target')[0]).toMatchObject({ chain: CHAIN_A, ip: 'fd00:187:2::2', port: 443, proto: 'tcp' });
    expect(r.events.filter((e) => e.kind === 'cni.dnat.present').map((e) => [e.ids, e.attrs.position])).toEqual([[[FB7C], 1], [[B096], 2]]);
  });

  it('the same listing under a name without "ip6tables": "::/0" in the source column says ip6 from the first rule row on', () => {
    const r = run('nvL-ip6tables-t-nat', 'sos_commands/firewall_tables/iptables_-t_nat_-nvL');
    expect(r.events.filter((e) => e.kind !== 'cni.chain.declared').every((e) => e.attrs.family === 'ip6')).toBe(true);
  });

  it('iptables-nft -nvL beside legacy tables: the warning line is skipped with a note and marks the listing nf_tables', () => {
    const r = run('nvL-nft-warning-legacy-tables-present');
    expect(r.unparsed).toEqual([]);
    expect(view('nvL-nft-warning-legacy-tables-present')).toEqual(['- nf_tables']);
    expect(r.events.filter((e) => e.kind === 'cni.dnat.present').map((e) => e.ids)).toEqual([[B096]]);
  });

  it('iptables-legacy -nvL prints no backend: the file name tells legacy; a plain name leaves the backend unsaid', () => {
    expect(view('nvL-legacy-backend')).toEqual(['- legacy']);
    expect(view('nvL-legacy-backend', 'sos_commands/firewall_tables/iptables_-t_nat_-nvL')).toEqual(['- -']);
  });
});

describe('iptables-list: the table comes from the file name', () => {
  it('no "-t <table>" in the name: nat is assumed and a note says so', () => {
    const r = run('nvL-t-nat', 'bundle/input');
    expect(r.events).toHaveLength(16);
    expect(r.notes).toEqual(['no "-t <table>" in the file name: assumed the nat table']);
  });

  it('the nat listing under a "-t_filter" name yields no nat facts', () => {
    expect(run('nvL-t-nat', 'sos_commands/firewall_tables/iptables_-t_filter_-nvL').counters).toEqual({ lines: 57, records: 0, events: 0, skipped: 57, unparsed: 0 });
  });
});

describe('iptables-list: lines it must refuse', () => {
  const lines = fixture('iptables-list', 'nvL-t-nat').split('\n');
  const jumpRow = lines[47]!; // line 48: first CNI-HOSTPORT-DNAT row (46: its Chain header, 47: column header)

  it('a rule row before any "Chain" header', () => {
    const r = runFormat(iptablesList, jumpRow, 'x_-t_nat_-nvL');
    expect(r.counters).toEqual({ lines: 1, records: 0, events: 0, skipped: 0, unparsed: 1 });
    expect(r.unparsed[0]).toEqual({ line: 1, reason: 'rule before any "Chain" header', text: jumpRow });
  });

  it('a row cut before its prot/opt columns: unparsed, the next row still read at the next position', () => {
    const cut = jumpRow.slice(0, 40);
    const r = runFormat(iptablesList, [lines[45], lines[46], cut, lines[48]].join('\n'), 'x_-t_nat_-nvL');
    expect(r.counters).toEqual({ lines: 4, records: 0, events: 2, skipped: 1, unparsed: 1 });
    expect(r.unparsed[0]).toMatchObject({ line: 3, reason: 'no prot/opt columns where a rule row has them', text: cut });
    expect(r.events.map((e) => e.kind)).toEqual(['cni.chain.declared', 'cni.dnat.present']);
    expect(r.events[1]!.ids).toEqual([B096]);
  });

  it('never throws on garbage', () => {
    const garbage = ['Chain X (1 references)', ' pkts bytes target     prot opt in     out     source               destination', '0', '0 0 X', '   0 0 X 6 --', '/* */', 'x'.repeat(100_000), '\u0000'];
    const r = runFormat(iptablesList, garbage.join('\n'), 'x_-t_nat_-nvL');
    // the header pair is skipped; "   0 0 X 6 --" is a (useless) row of chain X; the rest is unparsed
    expect(r.counters).toEqual({ lines: 8, records: 0, events: 0, skipped: 3, unparsed: 5 });
  });
});

describe('iptables-list: detect() refuses other formats', () => {
  it('an iptables-save dump', () => {
    expect(iptablesList.detect(headOf(fixture('iptables-save', 'save-t-nat')))).toBeNull();
  });

  it('a journal', () => {
    expect(iptablesList.detect(headOf(fixture('journal-short', 'short-english-months')))).toBeNull();
  });

  it('"Chain" headers without the column header line', () => {
    expect(iptablesList.detect(headOf('Chain CNI-HOSTPORT-DNAT (2 references)\nChain PREROUTING (policy ACCEPT 0 packets, 0 bytes)'))).toBeNull();
  });
});
