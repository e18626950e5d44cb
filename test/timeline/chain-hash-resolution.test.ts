// Chains an nft listing shows without their comment: tied to a sandbox by portmap's/bridge's hash over every ID and
// network the bundle knows, whatever file named the network; never guessed when nothing hashes to them.

import { describe, expect, it } from 'vitest';
import type { PmEvent } from '../../src/events/types.js';
import { cniCache } from '../../src/formats/cni-cache.js';
import { cniConflist } from '../../src/formats/cni-conflist.js';
import { cniIpam } from '../../src/formats/cni-ipam.js';
import { criDockerdCheckpoint } from '../../src/formats/cri-dockerd-checkpoint.js';
import { nftRuleset } from '../../src/formats/nft-ruleset.js';
import type { Format } from '../../src/formats/types.js';
import { deleteRuleCommand } from '../../src/rules/_remediation.js';
import { masqChainName } from '../../src/timeline/chain-hash.js';
import { buildTimeline } from '../../src/timeline/timeline.js';
import { fixture } from '../helpers/fixtures.js';
import { runFormat } from '../helpers/run-format.js';

const FB7C = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';
const B096 = '0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2';
const Z = '83abb8008f443a64fa5efc49ea2935ad4ed5f6085d2cf58ad810f4753a632d1c';
const CHAIN_A = 'CNI-DN-b24a4eb3a38dc5843c23a';

let seq = 0;
function events(format: Format, text: string, path: string): PmEvent[] {
  return runFormat(format, text, path).events.map((d) => ({ ...d, time: null, clockKey: path, host: 'centos79', seq: seq++ }));
}
const nft = () => events(nftRuleset, fixture('nft-ruleset', 'ruleset-iptables-nft-warning-first'), 'sos_commands/firewall_tables/nft_-a_list_ruleset');
/** A sandbox ID the bundle knows from somewhere that names no network (a host-local lease on another network). */
const knownIds = () => [...events(cniIpam, `${FB7C}\r\neth0`, 'var/lib/cni/networks/other/10.9.9.9'), ...events(cniIpam, `${B096}\r\neth0`, 'var/lib/cni/networks/other/10.9.9.8')];
const jumps = (evs: PmEvent[]) => evs.filter((e) => e.kind === 'cni.dnat.present');

describe('timeline: CNI-DN chains without a comment', () => {
  it('the network from a conflist is enough: each jump gets its sandbox, the network and the hash it rests on', () => {
    const evs = [...nft(), ...knownIds(), ...events(cniConflist, fixture('cni-conflist', 'conflist-flannel-portmap-seed'), 'etc/cni/net.d/10-flannel.conflist')];
    const tl = buildTimeline(evs);
    expect(jumps(tl.events).map((e) => [e.ids, e.attrs.network])).toEqual([
      [[FB7C], 'cbr0'],
      [[B096], 'cbr0'],
    ]);
    expect(jumps(tl.events)[0]!.attrs.resolvedBy).toBe(`${CHAIN_A} = ("CNI-DN-" + sha512hex("cbr0" + "${FB7C}"))[0:28]`);
    // the chain's DNAT rules follow their jump's owner
    expect(tl.containers.get(FB7C)!.events.filter((e) => e.kind === 'cni.dnat.target').map((e) => e.attrs.ip)).toEqual(Array(4).fill('10.187.2.33'));
    expect(tl.notes).toEqual([]);
  });

  it('a network named only by a host-local folder or only by a result cache file resolves them too', () => {
    const lease = events(cniIpam, `${B096}\r\neth0`, 'var/lib/cni/networks/cbr0/10.187.2.34');
    expect(jumps(buildTimeline([...nft(), ...knownIds(), ...lease]).events).map((e) => e.ids[0])).toEqual([FB7C, B096]);
    // the cache file names network labnet and sandbox Z: neither hashes to these chains, so nothing is resolved
    const cache = events(cniCache, fixture('cni-cache', 'cniCacheV1-no-portmappings'), `var/lib/cni/cache/results/labnet-${Z}-eth0`);
    const tl = buildTimeline([...nft(), ...knownIds(), ...cache]);
    expect(jumps(tl.events).map((e) => e.ids)).toEqual([[], []]);
    // renamed to cbr0 in its networkName, the same cache file gives the network the hash needs
    const cbr0 = events(cniCache, fixture('cni-cache', 'cniCacheV1-no-portmappings').replace('"networkName":"labnet"', '"networkName":"cbr0"'), `var/lib/cni/cache/results/cbr0-${Z}-eth0`);
    expect(jumps(buildTimeline([...nft(), ...knownIds(), ...cbr0]).events).map((e) => e.ids[0])).toEqual([FB7C, B096]);
  });

  it('IDs known only from cri-dockerd checkpoints count too', () => {
    const conflist = events(cniConflist, fixture('cni-conflist', 'conflist-flannel-portmap-seed'), 'etc/cni/net.d/10-flannel.conflist');
    const checkpoints = [FB7C, B096].flatMap((id) => events(criDockerdCheckpoint, fixture('cri-dockerd-checkpoint', 'v1-hostport-tcp'), `var/lib/cri-dockerd/sandbox/${id}`));
    expect(jumps(buildTimeline([...nft(), ...conflist, ...checkpoints]).events).map((e) => e.ids[0])).toEqual([FB7C, B096]);
  });

  it('no known (network, ID) pair hashes to a chain: no owner, the reason on the jump and in the notes', () => {
    const tl = buildTimeline([...nft(), ...knownIds()]);
    const js = jumps(tl.events);
    expect(js.map((e) => e.ids)).toEqual([[], []]);
    expect(js[0]!.attrs.unresolved).toBe(`no (network, sandbox ID) the bundle knows hashes to ${CHAIN_A}: 1 networks x 2 IDs tried`);
    expect(tl.notes[0]).toBe(`sos_commands/firewall_tables/nft_-a_list_ruleset:17: rule 1 of CNI-HOSTPORT-DNAT has no comment in this listing and no (network, sandbox ID) the bundle knows hashes to ${CHAIN_A}: 1 networks x 2 IDs tried; its sandbox is unknown`);
    expect(tl.containers.has(FB7C) && tl.containers.get(FB7C)!.chains.size).toBe(0);
  });

  it("bridge's masquerade jump (POSTROUTING -j CNI-<24 hex>) is resolved by its own hash", () => {
    const masq = masqChainName('cbr0', FB7C);
    const listing = ['table ip nat {', '\tchain POSTROUTING {', '\t\ttype nat hook postrouting priority srcnat; policy accept;', `\t\tip saddr 10.187.2.33 counter packets 0 bytes 0 jump ${masq}`, '\t}', '}'].join('\n');
    const lease = events(cniIpam, `${FB7C}\r\neth0`, 'var/lib/cni/networks/cbr0/10.187.2.33');
    const tl = buildTimeline([...events(nftRuleset, listing, 'nft_list_ruleset'), ...lease]);
    const m = tl.events.find((e) => e.kind === 'cni.masq.present')!;
    expect([m.ids, m.attrs.network, m.attrs.commentDropped, m.attrs.specHead, m.attrs.specTail]).toEqual([[FB7C], 'cbr0', true, '-s 10.187.2.33/32', `-j ${masq}`]);
    // its delete command gets bridge's comment back (pkg/utils.FormatComment: name: %q id: %q)
    expect(deleteRuleCommand(m)).toBe(`iptables -t nat -D POSTROUTING -s 10.187.2.33/32 -m comment --comment "name: \\"cbr0\\" id: \\"${FB7C}\\"" -j ${masq}`);
  });
});
