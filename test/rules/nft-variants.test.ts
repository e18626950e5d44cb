// The incident read from nft listings: iptables-nft's nat table (comments dropped), untranslated xt rules, portmap's
// nftables backend, a sos 4.7-shaped bundle; each gives the findings of its iptables twin.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderExplain } from '../../src/cli/commands/explain.js';
import { analyze } from '../../src/report.js';

const SAMPLES = path.resolve(__dirname, '../../samples');
const NFT_CASES = path.join(SAMPLES, 'formats/nft-ruleset');
const opts = { tz: null, year: null, host: null };
const STALE = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';
const CHAIN_A = 'CNI-DN-b24a4eb3a38dc5843c23a';
const PROOF = `${CHAIN_A} = ("CNI-DN-" + sha512hex("cbr0" + "${STALE}"))[0:28]`;

type Brief = { rule: string; containerId: string | null; severity: string };
const brief = (fs: Brief[]): Brief[] => fs.map(({ rule, containerId, severity }) => ({ rule, containerId, severity }));
const run = (dir: string) => analyze([dir], opts, 'test');
const sample = (name: string) => path.join(SAMPLES, name);
const shadowed = async (dir: string) => (await run(dir)).report.findings.find((f) => f.rule === 'hostport-dnat-shadowed')!;

const TMP = mkdtempSync(path.join(os.tmpdir(), 'podmortem-nft-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** The incident bundle with its -nvL listing replaced by `file`, stored under `name` in firewall_tables. */
function withDump(label: string, file: string, name: string): string {
  const dir = path.join(TMP, label);
  cpSync(sample('hostport-stale-dnat'), dir, { recursive: true });
  rmSync(path.join(dir, 'sos_commands/firewall_tables/iptables_-t_nat_-nvL'));
  rmSync(path.join(dir, 'expected.json'));
  writeFileSync(path.join(dir, 'sos_commands/firewall_tables', name), readFileSync(file));
  return dir;
}

describe('the incident bundle with its nat table as nft -a list ruleset', () => {
  it('gives the findings of the -nvL bundle: hostport-dnat-shadowed and teardown-broke-off for fb7cdb0a…', async () => {
    const nft = brief((await run(sample('variants/nft-list-ruleset'))).report.findings);
    expect(nft).toEqual(brief((await run(sample('hostport-stale-dnat'))).report.findings));
    expect(nft.map((f) => f.rule)).toEqual(expect.arrayContaining(['hostport-dnat-shadowed', 'teardown-broke-off']));
    expect(nft.every((f) => f.containerId === STALE)).toBe(true);
  });

  it('rests on the nft lines, says how the comment-less jump was tied to the sandbox, and gives the iptables-save cleanup', async () => {
    const f = await shadowed(sample('variants/nft-list-ruleset'));
    expect(f.evidence.slice(0, 3).map((e) => [e.path.split('/').pop(), e.line])).toEqual([
      ['nft_-a_list_ruleset', 17],
      ['nft_-a_list_ruleset', 18],
      ['nft_-a_list_ruleset', 34],
    ]);
    expect(f.evidence[0]!.text).toContain(`tcp dport { 443, 80, 9001, 10001 } counter packets 0 bytes 0 jump ${CHAIN_A}`);
    expect(f.summary).toContain(`drops the rule's comment; its sandbox was found by recomputing the chain name: ${PROOF}`);
    const save = await shadowed(sample('variants/iptables-save'));
    expect(f.remediation).toEqual(save.remediation);
  });

  it('explain --id CNI-DN-… shows the hash proof', async () => {
    const { timeline, report } = await run(sample('variants/nft-list-ruleset'));
    const text = renderExplain(timeline, report.findings, CHAIN_A);
    expect(text).toContain(`chain: "CNI-DN-" + sha512hex("cbr0" + "${STALE}")[0:21] = ${CHAIN_A} (present in the nft listing)`);
    expect(text).toContain(`no comment in this nft list ruleset listing; owner found by chain hash: ${PROOF}`);
  });
});

describe('the real nft listings of the reproduction variants against their iptables siblings', () => {
  for (const v of ['variant-ids-swapped-iptables-nft', 'variant-portmap-1.5.1-iptables-nft', 'variant-teardown-ipam-del', 'variant-teardown-rm-ipfile']) {
    it(`${v}: the same findings (rule, sandbox, severity) from nft list ruleset as from iptables -t nat -nvL`, async () => {
      const nft = await run(withDump(`${v}-nft`, path.join(NFT_CASES, v, 'input'), 'nft_-a_list_ruleset'));
      const nvl = await run(withDump(`${v}-nvl`, path.join(NFT_CASES, v, 'iptables_-t_nat_-nvL'), 'iptables_-t_nat_-nvL'));
      expect(brief(nvl.report.findings).length).toBeGreaterThan(0);
      expect(brief(nft.report.findings)).toEqual(brief(nvl.report.findings));
      expect(nft.report.findings.map((f) => f.remediation)).toEqual(nvl.report.findings.map((f) => f.remediation));
    });
  }
});

describe('a sos 4.7-shaped bundle (journal, etc/cni/net.d, nft -a list ruleset only, no IPAM folder)', () => {
  it('gives the same findings as its -nvL twin from the same run', async () => {
    const nft = brief((await run(sample('variants/sos-4.7-nft'))).report.findings);
    expect(nft.map((f) => [f.rule, f.containerId])).toEqual([
      ['hostport-dnat-shadowed', STALE],
      ['runtime-stopped-with-live-sandboxes', STALE],
      ['teardown-broke-off', STALE],
    ]);
    expect(nft).toEqual(brief((await run(sample('variants/sos-4.7-nvL-twin'))).report.findings));
  });

  it('without the conflist no network is known: the chains stay unowned, said so, and the finding is medium and inconclusive', async () => {
    const dir = path.join(TMP, 'sos-4.7-no-conflist');
    cpSync(sample('variants/sos-4.7-nft'), dir, { recursive: true });
    rmSync(path.join(dir, 'etc'), { recursive: true });
    const { report, timeline } = await run(dir);
    expect(report.notes.filter((n) => n.includes('its sandbox is unknown'))).toHaveLength(2);
    const f = report.findings.find((x) => x.rule === 'hostport-dnat-shadowed')!;
    expect([f.severity, f.containerId]).toEqual(['medium', null]);
    expect(f.summary).toContain(`jumps to ${CHAIN_A} of an unknown sandbox (no (network, sandbox ID) the bundle knows hashes to ${CHAIN_A}`);
    expect(f.inconclusive).toBe("the earlier jump's sandbox is unknown: nft dropped its comment and no known sandbox hashes to its chain");
    expect(f.remediation[0]).toMatch(/^# cannot give the exact command: nft dropped the comment of rule 1 of CNI-HOSTPORT-DNAT/);
    expect(renderExplain(timeline, report.findings, CHAIN_A)).toContain(`${CHAIN_A}: owner unknown`);
  });
});

describe('rules nft could not translate (nft built without libxtables)', () => {
  it('the stale/shadowed finding stands, its ports taken from the chain, the DNAT target said to be not shown', async () => {
    const { report } = await run(sample('variants/nft-xt-untranslated'));
    expect(brief(report.findings)).toEqual(brief((await run(sample('hostport-stale-dnat'))).report.findings));
    const f = report.findings.find((x) => x.rule === 'hostport-dnat-shadowed')!;
    expect(f.summary).toContain(`jumps to ${CHAIN_A} of sandbox fb7cdb0a4f8d (default/hostport-app-0), DNAT target not shown by this nft (printed as an untranslated xt DNAT), above rule 2`);
    expect(f.summary).toContain(`Its ports: multiport not shown by this nft: ports from the DNAT rules of ${CHAIN_A}.`);
    expect(f.evidence[2]!.text).toBe('\t\ttcp dport 443 counter packets 0 bytes 0 xt target DNAT # handle 15');
  });
});

describe("portmap's nftables backend", () => {
  it('gives the stale/shadowed finding for the rules commented with the dead sandbox, with its DNAT target', async () => {
    const { report } = await run(sample('variants/portmap-nftables-backend'));
    expect(brief(report.findings)).toEqual(brief((await run(sample('hostport-stale-dnat'))).report.findings));
    const f = report.findings.find((x) => x.rule === 'hostport-dnat-shadowed')!;
    expect(f.summary).toMatch(/^hostports rule 1 \(tcp\/443,80,9001,10001\) of sandbox fb7cdb0a4f8d \(default\/hostport-app-0\), DNAT to 10\.187\.2\.33:443, above rule 5 for 0961bad27f1a/);
  });

  it('cleans up with nft delete rule … handle N, in the table and chain that hold the rules', async () => {
    const f = await shadowed(sample('variants/portmap-nftables-backend'));
    expect(f.remediation).toEqual([
      'nft delete rule ip cni_hostport hostports handle 10',
      'nft delete rule ip cni_hostport hostports handle 11',
      'nft delete rule ip cni_hostport hostports handle 12',
      'nft delete rule ip cni_hostport hostports handle 13',
      'nft delete rule ip cni_hostport masquerading handle 14',
      'nft delete rule ip cni_hostport masquerading handle 15',
      `nft list chain ip cni_hostport hostports   # check: no rule commented ${STALE} any more`,
      `nft list chain ip cni_hostport masquerading   # check: no rule commented ${STALE} any more`,
    ]);
  });

  it('rules for one port on different host IPs (hostIP in the pod spec) do not shadow each other', async () => {
    const B096 = '0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2';
    const rule = (hostIp: string, to: string, id: string) => `\t\tip daddr ${hostIp} tcp dport 443 dnat to ${to}:443 comment "${id}"`;
    const listing = (second: string) => ['table ip cni_hostport {', '\tchain hostports {', rule('192.0.2.10', '10.187.2.33', STALE), rule(second, '10.187.2.34', B096), '\t}', '}', ''].join('\n');
    const file = path.join(TMP, 'hostip.nft');
    writeFileSync(file, listing('192.0.2.11'));
    const apart = await run(withDump('hostip-apart', file, 'nft_-a_list_ruleset'));
    expect(apart.report.findings.filter((f) => f.rule === 'hostport-dnat-shadowed')).toEqual([]);
    writeFileSync(file, listing('192.0.2.10'));
    const same = await run(withDump('hostip-same', file, 'nft_-a_list_ruleset'));
    expect(same.report.findings.filter((f) => f.rule === 'hostport-dnat-shadowed').map((f) => f.containerId)).toEqual([STALE]);
  });

  it('a listing without handles says how to get them', async () => {
    const dir = withDump('portmap-no-handles', path.join(NFT_CASES, 'portmap-nftables-backend-no-handles-dual-stack', 'input'), 'nft_list_ruleset');
    const f = await shadowed(dir);
    expect(f.remediation[0]).toBe(
      `nft -a list table ip cni_hostport   # no handles in this listing: find the rule "tcp dport 443 dnat to 10.187.2.33:443 comment "${STALE}"" in chain hostports, then: nft delete rule ip cni_hostport hostports handle <N>`,
    );
  });
});
