// CNI-HOSTPORT-DNAT bookkeeping that portmap would never produce: a hand-edited or half-deleted nat table.

import type { PmEvent } from '../../events/types.js';
import type { Finding } from '../../findings/types.js';
import { dnatChainName } from '../../timeline/chain-hash.js';
import type { Timeline } from '../../timeline/timeline.js';
import { withEchoes, type NatTable } from '../../timeline/nat-tables.js';
import { deleteRuleCommand } from '../_remediation.js';
import { reporter } from '../_message.js';
import type { Rule, RuleMeta } from '../types.js';

const HEX64 = /^[0-9a-f]{64}$/;

type MessageId = 'wrongChain' | 'missingChain' | 'unreachedChain';

const meta: RuleMeta<MessageId> = {
  id: 'dnat-chain-mismatch',
  title: 'hostPort DNAT chain and jump do not match',
  severity: 'low',
  description: 'A CNI-HOSTPORT-DNAT jump whose CNI-DN chain is not the portmap hash of the network and sandbox ID in its comment, a jump to a chain the table does not have, or a CNI-DN chain no jump reaches.',
  howItDecides: 'Recomputes ("CNI-DN-" + sha512hex(network + id))[:28] for every jump whose comment names a full ID and compares it with the jump target. In dumps that hold the whole nat table (iptables-save, -S, -nvL without a chain argument), also checks that every jump target is declared and that every declared CNI-DN chain is reached by a jump. A one-chain listing (-S CNI-HOSTPORT-DNAT) is never used for the last two checks.',
  messages: {
    wrongChain: 'CNI-HOSTPORT-DNAT rule {{position}} names sandbox {{sandbox}} on network "{{network}}" but jumps to {{target}}; portmap would have used {{expected}}.',
    missingChain: 'CNI-HOSTPORT-DNAT rule {{position}} jumps to {{target}}, which the nat table does not have.',
    unreachedChain: '{{chain}}{{owner}} exists{{dnat}} but no CNI-HOSTPORT-DNAT rule jumps to it: a teardown removed the jump and left the chain.',
  },
  falsePositives: ['portmap truncates comments longer than 255 bytes; a network name that long makes the ID unreadable, not wrong.', 'A dump taken while portmap was half-way through ADD or DEL can show a chain without its jump for a moment.'],
  remediation: 'Delete the orphaned chain or the dangling jump (commands below); find out who edits the nat table by hand.',
  references: ['https://github.com/containernetworking/plugins/blob/main/pkg/utils/utils.go (MustFormatChainNameWithPrefix)', 'https://github.com/containernetworking/plugins/blob/main/plugins/meta/portmap/portmap_iptables.go'],
  limitations: [
    'A jump whose comment names no full 64-hex ID (nft listings drop comments) cannot be checked against its hash.',
    'Missing and unreached chains are only looked for in dumps of the whole nat table; a one-chain listing (iptables -S CNI-HOSTPORT-DNAT) shows neither.',
  ],
};
const report = reporter(meta);

export const dnatChainMismatch: Rule<MessageId> = {
  meta,
  needs: ['iptables'],
  check(tl: Timeline): Finding[] {
    const out: Finding[] = [];
    // Per rule set with its dumps merged: a chain missing from one one-chain listing is not missing from the table.
    for (const d of tl.tables) {
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
            out.push(report({ host: d.host, containerId: id, time: d.time }, 'wrongChain', { position: String(j.attrs.position), sandbox: id.slice(0, 12), network: net, target, expected }, withEchoes(d, j), { remediation: [deleteRuleCommand(j)] }));
        }
        if (d.wholeTable && !d.chains.has(target))
          out.push(report({ host: d.host, containerId: j.ids[0] ?? null, time: d.time }, 'missingChain', { position: String(j.attrs.position), target }, withEchoes(d, j), { remediation: [deleteRuleCommand(j)] }));
      }
      if (!d.wholeTable) continue;
      for (const [chain, decl] of d.chains) {
        if (!chain.startsWith('CNI-DN-') || reached.has(chain)) continue;
        const owner = [...tl.containers.values()].find((c) => c.host === d.host && [...c.networks].some((n) => dnatChainName(n, c.id) === chain));
        const targets = d.targets.get(chain) ?? [];
        const data = {
          chain,
          owner: owner ? ` (sandbox ${owner.id.slice(0, 12)})` : '',
        // One DNAT rule per hostPort, mostly to one address: each address once.
        dnat: targets.length ? `, DNATs to ${[...new Set(targets.map((t) => t.attrs.ip ?? 'an address this listing does not show'))].join(', ')},` : '',
        };
        const remediation = [`${d.command} -t nat -F ${chain}`, `${d.command} -t nat -X ${chain}`];
        out.push(report({ host: d.host, containerId: owner?.id ?? null, time: d.time }, 'unreachedChain', data, [decl, ...targets.flatMap((t) => withEchoes(d, t))], { remediation }));
      }
    }
    return out;
  },
};
