import { describe, expect, it } from 'vitest';
import { iptablesList } from '../../src/formats/iptables-list.js';
import { nftRuleset, readNftRule } from '../../src/formats/nft-ruleset.js';
import type { EventDraft } from '../../src/formats/types.js';
import { fixture } from '../helpers/fixtures.js';
import { describeCapturedCases, type CapturedCase } from '../helpers/captured-cases.js';
import { headOf, runFormat } from '../helpers/run-format.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FORMAT_SAMPLES } from '../helpers/fixtures.js';

const FB7C = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';
const B096 = '0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2';
const CHAIN_A = 'CNI-DN-b24a4eb3a38dc5843c23a';
const CHAIN_B = 'CNI-DN-f2390ee4e08c581b1ea73';
const SOS = 'sos_commands/firewall_tables/nft_-a_list_ruleset';

// One ip nat table of iptables-nft: 6 declared chains (5 CNI + PREROUTING), 2 jumps, 8 DNAT rules; the other 44
// lines are the warning, headers, hook lines, SETMARK/MASQ rules, blank lines and closing braces.
const IP_NAT = { lines: 60, records: 0, events: 16, skipped: 44, unparsed: 0 };
// ip and ip6 nat (ip6: 4 DNAT rules per chain, each "XT target DNAT not found") and an empty inet filter table.
const DUAL_NAT = { lines: 123, records: 0, events: 32, skipped: 91, unparsed: 0 };
// portmap's own tables, ip and ip6: a dnat.present and a dnat.target per hostports rule, masquerade rules.
const PORTMAP = { lines: 70, records: 0, events: 38, skipped: 48, unparsed: 0 };

const CASES: Record<string, CapturedCase> = {
  'ruleset-iptables-nft-warning-first': { path: SOS, counters: IP_NAT },
  'ruleset-a-handles-ip6-xt-not-found-empty-table': { path: SOS, counters: DUAL_NAT },
  'ruleset-a-xt-extensions-not-found-stderr-cuts-rules': { path: SOS, counters: { lines: 78, records: 0, events: 16, skipped: 62, unparsed: 0 } },
  'ruleset-ip6-stderr-mid-rule-no-handles': { path: 'sos_commands/firewall_tables/nft_list_ruleset', counters: DUAL_NAT },
  'list-table-ip-nat-warning': { path: 'nft_list_table_ip_nat', counters: IP_NAT },
  'portmap-nftables-backend-a-handles-dual-stack': { path: SOS, counters: PORTMAP },
  'portmap-nftables-backend-no-handles-dual-stack': { path: 'sos_commands/firewall_tables/nft_list_ruleset', counters: PORTMAP },
  'list-table-ip-cni_hostport-a': { path: 'nft_-a_list_table_ip_cni_hostport', counters: { lines: 36, records: 0, events: 20, skipped: 24, unparsed: 0 } },
  'variant-ids-swapped-iptables-nft': { path: SOS, counters: IP_NAT },
  'variant-portmap-1.5.1-iptables-nft': { path: SOS, counters: IP_NAT },
  'variant-teardown-ipam-del': { path: SOS, counters: IP_NAT },
  'variant-teardown-rm-ipfile': { path: SOS, counters: IP_NAT },
  'xt-untranslated-nft-1.0.5-without-xtables': { path: SOS, counters: { ...IP_NAT, lines: 59, skipped: 43 } },
  'xt-untranslated-nft-1.0.6-without-xtables': { path: SOS, counters: IP_NAT },
  'xt-untranslated-nft-1.0.7-quoted-from-source': { path: SOS, counters: IP_NAT },
};

const run = (c: string, p = CASES[c]!.path) => runFormat(nftRuleset, fixture('nft-ruleset', c), p);
const ofKind = (events: EventDraft[], kind: string) => events.filter((e) => e.kind === kind);

/** What rules rely on, without evidence text, line, dump key and form, which differ between views. */
function project(events: EventDraft[]) {
  return events
    .filter((e) => e.kind !== 'cni.chain.declared')
    .map((e) => ({ kind: e.kind, chain: e.attrs.chain, position: e.attrs.position, target: e.attrs.target ?? null, proto: e.attrs.proto, ports: e.attrs.ports ?? e.attrs.hostPorts, ip: e.attrs.ip ?? null, port: e.attrs.port ?? null }));
}

describe('nft-ruleset: captured cases', () => describeCapturedCases(nftRuleset, CASES));

describe('nft-ruleset: iptables-nft nat table', () => {
  it('CNI-HOSTPORT-DNAT jumps in rule order, ports from the translated multiport set, no comment so no ID', () => {
    const js = ofKind(run('ruleset-iptables-nft-warning-first').events, 'cni.dnat.present');
    expect(js.map((e) => [e.ids, e.attrs.network, e.attrs.target, e.attrs.ports, e.attrs.position, e.attrs.proto, e.source.line])).toEqual([
      [[], null, CHAIN_A, [443, 80, 9001, 10001], 1, 'tcp', 17],
      [[], null, CHAIN_B, [443, 80, 9001, 10001], 2, 'tcp', 18],
    ]);
    expect(js[0]!.attrs).toMatchObject({
      dump: `${SOS}#ip nat`,
      form: 'nft list ruleset',
      family: 'ip',
      table: 'nat',
      chain: 'CNI-HOSTPORT-DNAT',
      handle: null,
      commentDropped: true,
      spec: `-p tcp -m multiport --dports 443,80,9001,10001 -j ${CHAIN_A}`,
      specHead: '-p tcp',
      specTail: `-m multiport --dports 443,80,9001,10001 -j ${CHAIN_A}`,
    });
    expect(js[0]!.text).toBe('\t\tmeta l4proto tcp  tcp dport { 443, 80, 9001, 10001 } counter packets 0 bytes 0 jump CNI-DN-b24a4eb3a38dc5843c23a');
  });

  it('nft list ruleset gives the -nvL listing of the same moment, rule for rule (targets, ports, positions)', () => {
    const v = 'variant-ids-swapped-iptables-nft';
    const nvl = runFormat(iptablesList, readFileSync(path.join(FORMAT_SAMPLES, 'nft-ruleset', v, 'iptables_-t_nat_-nvL'), 'utf8'), 'iptables_-t_nat_-nvL');
    const bySort = (xs: ReturnType<typeof project>) => [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(bySort(project(run(v).events))).toEqual(bySort(project(nvl.events)));
    const declared = (evs: EventDraft[]) => ofKind(evs, 'cni.chain.declared').map((e) => e.attrs.chain).sort();
    expect(declared(run(v).events)).toEqual(declared(nvl.events));
  });

  it('the ids-swapped run lists the chains in the other order, and the jumps still in rule order', () => {
    expect(ofKind(run('variant-ids-swapped-iptables-nft').events, 'cni.dnat.present').map((e) => e.attrs.target)).toEqual([CHAIN_B, CHAIN_A]);
  });

  it('-a: handles on rules and chains, the form says so', () => {
    const r = run('ruleset-a-handles-ip6-xt-not-found-empty-table');
    const js = ofKind(r.events, 'cni.dnat.present');
    expect(js.map((e) => [e.attrs.family, e.attrs.handle, e.attrs.form])).toEqual([
      ['ip', 25, 'nft -a list ruleset'],
      ['ip', 39, 'nft -a list ruleset'],
      ['ip6', 21, 'nft -a list ruleset'],
      ['ip6', 31, 'nft -a list ruleset'],
    ]);
    expect(ofKind(r.events, 'cni.chain.declared').find((e) => e.attrs.chain === 'CNI-HOSTPORT-DNAT')!.attrs.handle).toBe(7);
  });

  it('ip and ip6 nat are two dumps, each with its own rule order', () => {
    const js = ofKind(run('ruleset-a-handles-ip6-xt-not-found-empty-table').events, 'cni.dnat.present');
    expect(js.map((e) => [e.attrs.dump, e.attrs.position])).toEqual([
      [`${SOS}#ip nat`, 1],
      [`${SOS}#ip nat`, 2],
      [`${SOS}#ip6 nat`, 1],
      [`${SOS}#ip6 nat`, 2],
    ]);
  });

  it('ip6 DNAT rules nft 1.0.6 could not print ("XT target DNAT not found" on stderr): a target, not shown', () => {
    for (const c of ['ruleset-a-handles-ip6-xt-not-found-empty-table', 'ruleset-ip6-stderr-mid-rule-no-handles']) {
      const ts = ofKind(run(c).events, 'cni.dnat.target').filter((e) => e.attrs.family === 'ip6');
      expect(ts.map((e) => [e.attrs.chain, e.attrs.ip, e.attrs.port, e.attrs.hostPorts])).toEqual([
        [CHAIN_A, null, null, [443]],
        [CHAIN_A, null, null, [80]],
        [CHAIN_A, null, null, [9001]],
        [CHAIN_A, null, null, [10001]],
        [CHAIN_B, null, null, [443]],
        [CHAIN_B, null, null, [80]],
        [CHAIN_B, null, null, [9001]],
        [CHAIN_B, null, null, [10001]],
      ]);
      expect(ts[0]!.attrs.targetHidden).toBe('target not shown by this nft (its stderr: "XT target DNAT not found")');
      // the ip4 table of the same listing shows its targets
      expect(ofKind(run(c).events, 'cni.dnat.target').filter((e) => e.attrs.family === 'ip').map((e) => e.attrs.ip)).toEqual(Array(8).fill('10.187.2.33', 0, 4).fill('10.187.2.34', 4));
    }
  });

  it('the handle nft pushed onto its own line after the stderr text is the rule\'s: read with it, not as a rule', () => {
    const text = fixture('nft-ruleset', 'ruleset-a-handles-ip6-xt-not-found-empty-table');
    const lone = text.split('\n').findIndex((l) => l === ' # handle 14') + 1;
    expect(lone).toBeGreaterThan(0);
    const r = run('ruleset-a-handles-ip6-xt-not-found-empty-table');
    expect(r.events.some((e) => e.source.line === lone)).toBe(false);
    const t = ofKind(r.events, 'cni.dnat.target').find((e) => e.source.line === lone - 1)!;
    expect([t.attrs.family, t.attrs.handle, t.text]).toEqual(['ip6', 14, '\t\ttcp dport 443 counter packets 0 bytes 0 XT target DNAT not found\n # handle 14']);
  });

  it('rules nft printed in pieces around its stderr ("XT match multiport not found") are read whole, at their first line', () => {
    const r = run('ruleset-a-xt-extensions-not-found-stderr-cuts-rules');
    const js = ofKind(r.events, 'cni.dnat.present');
    expect(js.map((e) => [e.source.line, e.attrs.position, e.attrs.target, e.attrs.ports, e.attrs.handle])).toEqual([
      [21, 1, CHAIN_A, [443, 80, 9001, 10001], 25],
      [24, 2, CHAIN_B, [443, 80, 9001, 10001], 39],
    ]);
    expect(js[0]!.text).toBe(`\t\tmeta l4proto tcp XT match comment not found\n XT match multiport not found\n counter packets 0 bytes 0 jump ${CHAIN_A} # handle 25`);
    expect(js[0]!.attrs.untranslated).toEqual(['comment', 'multiport']);
    expect(ofKind(r.events, 'cni.dnat.target').every((e) => e.attrs.ip === null && typeof e.attrs.handle === 'number')).toBe(true);
  });

  it('an empty table and other tables are read and skipped', () => {
    const r = runFormat(nftRuleset, 'table inet filter { # handle 3\n}\ntable ip filter {\n\tchain INPUT {\n\t\ttype filter hook input priority filter; policy accept;\n\t\ttcp dport 22 accept\n\t}\n}\n', SOS);
    expect(r.counters).toEqual({ lines: 8, records: 0, events: 0, skipped: 8, unparsed: 0 });
  });
});

describe('nft-ruleset: rules nft could not translate', () => {
  it('each nft generation: the jump still in order, its ports taken from its chain, the DNAT target not shown', () => {
    for (const c of ['xt-untranslated-nft-1.0.5-without-xtables', 'xt-untranslated-nft-1.0.6-without-xtables', 'xt-untranslated-nft-1.0.7-quoted-from-source']) {
      const r = run(c);
      const js = ofKind(r.events, 'cni.dnat.present');
      expect(js.map((e) => [e.attrs.target, e.attrs.position, e.attrs.ports, e.attrs.proto]), c).toEqual([
        [CHAIN_A, 1, [443, 80, 9001, 10001], 'tcp'],
        [CHAIN_B, 2, [443, 80, 9001, 10001], 'tcp'],
      ]);
      expect(js[0]!.attrs.portsShown).toBe(`multiport not shown by this nft: ports from the DNAT rules of ${CHAIN_A}`);
      expect(js[0]!.attrs.spec).toBe(`-p tcp -m multiport --dports 443,80,9001,10001 -j ${CHAIN_A}`);
      const ts = ofKind(r.events, 'cni.dnat.target');
      expect(ts).toHaveLength(8);
      expect(ts.every((e) => e.attrs.ip === null && e.attrs.targetHidden === 'target not shown by this nft (printed as an untranslated xt DNAT)'), c).toBe(true);
    }
  });

  it('nft 0.9.0 names ports by /etc/services: known names read as numbers, an unknown one said', () => {
    expect(readNftRule('meta l4proto tcp tcp dport { https, http, 9001, 10001 } counter packets 0 bytes 0 jump X').dports).toBe('443,80,9001,10001');
    expect(readNftRule('tcp dport http-alt counter packets 0 bytes 0 dnat to 10.0.0.2:8080').dports).toBe('8080');
    const r = runFormat(nftRuleset, ['table ip nat {', '\tchain CNI-HOSTPORT-DNAT {', `\t\tmeta l4proto tcp tcp dport { https, frobd } counter packets 0 bytes 0 jump ${CHAIN_A}`, '\t}', '}'].join('\n'), SOS);
    const j = ofKind(r.events, 'cni.dnat.present')[0]!;
    expect([j.attrs.ports, j.attrs.portsShown]).toEqual([[443], 'printed as service names not known here: frobd']);
  });

  it('readNftRule names each print form of an untranslated extension', () => {
    expect(readNftRule('meta l4proto tcp # xt_multiport counter packets 0 bytes 0 jump X').untranslated).toEqual(['multiport']);
    expect(readNftRule('meta l4proto tcp xt match multiport counter packets 0 bytes 0 jump X').untranslated).toEqual(['multiport']);
    expect(readNftRule('tcp dport 443 counter packets 0 bytes 0 xt target "DNAT"').untranslated).toEqual(['DNAT']);
    expect(readNftRule('tcp dport 443 counter packets 0 bytes 0 XT target DNAT not found').untranslated).toEqual(['DNAT']);
  });

  it('a multiport jump whose chain is not in the listing keeps no ports and says why', () => {
    const r = runFormat(nftRuleset, ['table ip nat {', '\tchain CNI-HOSTPORT-DNAT {', `\t\tmeta l4proto tcp xt match "multiport" counter packets 0 bytes 0 jump ${CHAIN_A}`, '\t}', '}'].join('\n'), SOS);
    const j = ofKind(r.events, 'cni.dnat.present')[0]!;
    expect([j.attrs.ports, j.attrs.portsShown]).toEqual([[], 'multiport not shown by this nft, nor the DNAT rules of its chain']);
  });
});

describe("nft-ruleset: portmap's nftables backend", () => {
  it('each hostports rule is a DNAT rule of the container its comment names, in rule order, with its handle', () => {
    const r = run('portmap-nftables-backend-a-handles-dual-stack');
    const js = ofKind(r.events, 'cni.dnat.present').filter((e) => e.attrs.family === 'ip');
    expect(js.map((e) => [e.ids[0]?.slice(0, 8), e.attrs.position, e.attrs.ports, e.attrs.handle, e.attrs.chain, e.attrs.dialect])).toEqual([
      ['fb7cdb0a', 1, [443], 10, 'hostports', 'nft'],
      ['fb7cdb0a', 2, [80], 11, 'hostports', 'nft'],
      ['fb7cdb0a', 3, [9001], 12, 'hostports', 'nft'],
      ['fb7cdb0a', 4, [10001], 13, 'hostports', 'nft'],
      ['0961bad2', 5, [443], 20, 'hostports', 'nft'],
      ['0961bad2', 6, [80], 21, 'hostports', 'nft'],
      ['0961bad2', 7, [9001], 22, 'hostports', 'nft'],
      ['0961bad2', 8, [10001], 23, 'hostports', 'nft'],
    ]);
    expect(js[0]!.attrs).toMatchObject({ cniId: FB7C, target: null, table: 'cni_hostport', nftTable: 'cni_hostport', dump: `${SOS}#ip cni_hostport hostports`, spec: 'tcp dport 443 dnat to 10.187.2.33:443 comment "fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138" # handle 10' });
    const ts = ofKind(r.events, 'cni.dnat.target');
    expect(ts.filter((e) => e.attrs.family === 'ip6').map((e) => [e.ids[0]?.slice(0, 8), e.attrs.ip, e.attrs.port])).toEqual([
      ['fb7cdb0a', 'fd00:10:187:2::2', 443],
      ['fb7cdb0a', 'fd00:10:187:2::2', 80],
      ['fb7cdb0a', 'fd00:10:187:2::2', 9001],
      ['fb7cdb0a', 'fd00:10:187:2::2', 10001],
      ['0961bad2', 'fd00:10:187:2::3', 443],
      ['0961bad2', 'fd00:10:187:2::3', 80],
      ['0961bad2', 'fd00:10:187:2::3', 9001],
      ['0961bad2', 'fd00:10:187:2::3', 10001],
    ]);
  });

  it('masquerade rules carry the container, the DNAT target IP as ip', () => {
    const ms = ofKind(run('portmap-nftables-backend-a-handles-dual-stack').events, 'cni.masq.present');
    expect(ms.map((e) => [e.ids[0] === FB7C ? 'A' : e.ids[0] === B096 ? 'B' : '?', e.attrs.family, e.attrs.ip, e.attrs.handle])).toEqual([
      ['A', 'ip', '10.187.2.33', 14],
      ['A', 'ip', '10.187.2.33', 15],
      ['B', 'ip', '10.187.2.34', 24],
      ['B', 'ip', '10.187.2.34', 25],
      ['A', 'ip6', 'fd00:10:187:2::2', 14],
      ['B', 'ip6', 'fd00:10:187:2::3', 23],
    ]);
  });

  it('without -a the rules have no handle and the same facts', () => {
    const a = run('portmap-nftables-backend-a-handles-dual-stack').events;
    const plain = run('portmap-nftables-backend-no-handles-dual-stack').events;
    expect(plain.every((e) => e.attrs.handle === null)).toBe(true);
    expect(project(plain)).toEqual(project(a));
  });
});

describe('nft-ruleset: lines it must refuse or note', () => {
  it('a rule outside any table, a chain outside any table, a stray closing brace', () => {
    const r = runFormat(nftRuleset, ['table ip nat {', '}', '\t\ttcp dport 443 dnat to 10.0.0.1:443', 'chain X {', '}'].join('\n'), SOS);
    expect(r.unparsed.map((u) => [u.line, u.reason])).toEqual([
      [3, 'text outside any table'],
      [4, 'chain outside any table'],
      [5, 'closing brace with no open table or chain'],
    ]);
  });

  it('a rule in CNI-HOSTPORT-DNAT with no jump is unparsed; an unknown statement elsewhere is a skipped rule', () => {
    const r = runFormat(nftRuleset, ['table ip nat {', '\tchain CNI-HOSTPORT-DNAT {', '\t\tfrobnicate 12', '\t}', '\tchain FOO {', '\t\tfrobnicate 12', '\t}', '}'].join('\n'), SOS);
    expect(r.unparsed.map((u) => [u.line, u.reason])).toEqual([[3, 'rule in CNI-HOSTPORT-DNAT with neither a jump nor a DNAT']]);
    expect(r.counters).toEqual({ lines: 8, records: 0, events: 1, skipped: 6, unparsed: 1 });
  });

  it('a listing cut inside a table, a table opened inside another: noted', () => {
    const r = runFormat(nftRuleset, ['table ip nat {', '\tchain A {', 'table ip filter {', '\tchain B {'].join('\n'), SOS);
    expect(r.notes).toEqual(['1 table or chain blocks were not closed before the next one began: read as closed', 'the listing ends inside table ip filter, chain B: cut off?']);
  });

  it('a header remark other than the handle is tolerated, the handle still read from it', () => {
    const r = runFormat(nftRuleset, ['table ip nat { # handle 4 progname iptables-nft', '\tchain CNI-HOSTPORT-DNAT { # handle 9 something newer', `\t\tmeta l4proto tcp tcp dport 80 jump ${CHAIN_A} # handle 12`, '\t}', '}'].join('\n'), SOS);
    expect(r.events.map((e) => [e.kind, e.attrs.handle, e.attrs.form])).toEqual([
      ['cni.chain.declared', 9, 'nft -a list ruleset'],
      ['cni.dnat.present', 12, 'nft -a list ruleset'],
    ]);
  });

  it('a named set with elements over several lines is skipped as a whole', () => {
    const r = runFormat(nftRuleset, ['table inet f {', '\tset s {', '\t\ttype ipv4_addr', '\t\telements = { 10.0.0.1, 10.0.0.2,', '\t\t\t     10.0.0.3 }', '\t}', '}'].join('\n'), SOS);
    expect(r.counters).toEqual({ lines: 7, records: 0, events: 0, skipped: 7, unparsed: 0 });
  });
});

describe('nft-ruleset: detect() refuses other formats', () => {
  it('an iptables-save dump and an -nvL listing', () => {
    expect(nftRuleset.detect(headOf(fixture('iptables-save', 'save-t-nat')))).toBeNull();
    expect(nftRuleset.detect(headOf(fixture('iptables-list', 'nvL-t-nat')))).toBeNull();
  });

  it('a journal', () => {
    expect(nftRuleset.detect(headOf(fixture('journal-short', 'short-english-months')))).toBeNull();
  });
});
