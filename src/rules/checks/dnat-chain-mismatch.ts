// CNI-HOSTPORT-DNAT bookkeeping that portmap would never produce: a hand-edited or half-deleted nat table.

import type { PmEvent } from '../../events/types.js';
import type { Finding } from '../../findings/types.js';
import { dnatChainName } from '../../timeline/chain-hash.js';
import type { Dump, Timeline } from '../../timeline/timeline.js';
import { deleteRuleCommand } from '../_remediation.js';
import type { Rule } from '../types.js';

const HEX64 = /^[0-9a-f]{64}$/;

function finding(d: Dump, containerId: string | null, summary: string, evidence: PmEvent[], remediation: string[]): Finding {
  return { rule: 'dnat-chain-mismatch', severity: 'low', title: 'hostPort DNAT chain and jump do not match', summary, host: d.host, containerId, time: d.time, evidence, remediation };
}

export const dnatChainMismatch: Rule = {
  meta: {
    id: 'dnat-chain-mismatch',
    title: 'hostPort DNAT chain and jump do not match',
    severity: 'low',
    description: 'A CNI-HOSTPORT-DNAT jump whose CNI-DN chain is not the portmap hash of the network and sandbox ID in its comment, a jump to a chain the table does not have, or a CNI-DN chain no jump reaches.',
    howItDecides: 'Recomputes ("CNI-DN-" + sha512hex(network + id))[:28] for every jump whose comment names a full ID and compares it with the jump target. In dumps that hold the whole nat table (iptables-save, -S, -nvL without a chain argument), also checks that every jump target is declared and that every declared CNI-DN chain is reached by a jump. A one-chain listing (-S CNI-HOSTPORT-DNAT) is never used for the last two checks.',
    falsePositives: ['portmap truncates comments longer than 255 bytes; a network name that long makes the ID unreadable, not wrong.', 'A dump taken while portmap was half-way through ADD or DEL can show a chain without its jump for a moment.'],
    remediation: 'Delete the orphaned chain or the dangling jump (commands below); find out who edits the nat table by hand.',
    references: ['https://github.com/containernetworking/plugins/blob/main/pkg/utils/utils.go (MustFormatChainNameWithPrefix)', 'https://github.com/containernetworking/plugins/blob/main/plugins/meta/portmap/portmap_iptables.go'],
  },
  needs: ['iptables'],
  check(tl: Timeline): Finding[] {
    const out: Finding[] = [];
    for (const d of tl.dumps) {
      const reached = new Set<string>();
      for (const j of d.jumps) {
        // portmap's nftables rules DNAT themselves: no chain to match.
        if (typeof j.attrs.target !== 'string') continue;
        const target = j.attrs.target;
        reached.add(target);
        const id = String(j.attrs.cniId ?? '');
        const net = j.attrs.network;
        if (typeof net === 'string' && HEX64.test(id)) {
          const expected = dnatChainName(net, id);
          if (expected !== target)
            out.push(finding(d, id, `CNI-HOSTPORT-DNAT rule ${j.attrs.position} names sandbox ${id.slice(0, 12)} on network "${net}" but jumps to ${target}; portmap would have used ${expected}.`, [j], [deleteRuleCommand(j)]));
        }
        if (d.wholeTable && !d.chains.has(target))
          out.push(finding(d, j.ids[0] ?? null, `CNI-HOSTPORT-DNAT rule ${j.attrs.position} jumps to ${target}, which the nat table does not have.`, [j], [deleteRuleCommand(j)]));
      }
      if (!d.wholeTable) continue;
      for (const [chain, decl] of d.chains) {
        if (!chain.startsWith('CNI-DN-') || reached.has(chain)) continue;
        const owner = [...tl.containers.values()].find((c) => c.host === d.host && [...c.networks].some((n) => dnatChainName(n, c.id) === chain));
        const targets = d.targets.get(chain) ?? [];
        out.push(
          finding(
            d,
            owner?.id ?? null,
            `${chain}${owner ? ` (sandbox ${owner.id.slice(0, 12)})` : ''} exists${targets.length ? `, DNATs to ${targets.map((t) => t.attrs.ip ?? 'an address this listing does not show').join(', ')},` : ''} but no CNI-HOSTPORT-DNAT rule jumps to it: a teardown removed the jump and left the chain.`,
            [decl, ...targets],
            [`iptables -t nat -F ${chain}`, `iptables -t nat -X ${chain}`],
          ),
        );
      }
    }
    return out;
  },
};
