// A hostPort DNAT jump and chain still present for a sandbox that is gone, not (yet) shadowing anything.

import type { Finding } from '../../findings/types.js';
import type { Timeline } from '../../timeline/timeline.js';
import { ruleOf } from '../../timeline/nat-tables.js';
import { fateOf } from '../_fate.js';
import { sandboxName } from '../_describe.js';
import { cleanupCommands } from '../_remediation.js';
import { reporter } from '../_message.js';
import type { Rule, RuleMeta } from '../types.js';
import { hashProof, tablePairs } from './hostport-dnat-shadowed.js';

type MessageId = 'staleJump';

const meta: RuleMeta<MessageId> = {
  id: 'stale-hostport-dnat',
  title: 'hostPort DNAT left behind by a dead sandbox',
  severity: 'high',
  description: 'A CNI-HOSTPORT-DNAT jump and its CNI-DN chain belong to a sandbox that is gone; the next pod with the same hostPort will be shadowed by it.',
  howItDecides: 'For every jump whose comment names a sandbox, decides whether the sandbox is gone: its container exited in the logs and never started again, the runtime logged its removal (containerd: RemovePodSandbox … returns successfully), the collected host-local folder has no lease for it, or its DNAT target IP is leased to another sandbox. Jumps already reported by hostport-dnat-shadowed are not repeated. Several dumps of one rule set (-nvL, iptables-save, nft) count as one; when they disagree about the jump, the finding is inconclusive and says so.',
  messages: {
    staleJump: '{{chain}} ({{ports}}) still DNATs{{hidden}} for sandbox {{sandbox}}, which is gone: {{gone}}.{{nftNote}}',
  },
  falsePositives: ['A sandbox restarted by a runtime restart with live-restore keeps its rules legitimately; the logs then show no exit.'],
  exclusions: {
    filter_shadowing: 'a jump hostport-dnat-shadowed already reports (it shadows a live pod): one finding per incident.',
  },
  limitations: [
    'A jump whose sandbox neither its comment nor its chain hash names (an nft listing drops comments, and no known sandbox hashes to the chain) is not judged.',
    'Gone means proven gone (an exit with no later start, a logged removal, no lease in a collected lease folder, or its IP leased to another sandbox); a sandbox that died with no such trace is not reported.',
  ],
  remediation: 'Delete the jump, flush and delete the CNI-DN chain, and release the lease if host-local still holds it.',
  references: ['https://github.com/containernetworking/plugins/blob/main/plugins/meta/portmap/main.go (cmdDel: no portMappings = no-op)'],
};
const report = reporter(meta);

export const staleHostportDnat: Rule<MessageId> = {
  meta,
  needs: ['iptables'],
  check(tl: Timeline): Finding[] {
    const shadowing = new Set<string>();
    for (const d of tl.tables) for (const p of tablePairs(tl, d)) if (p.stale.ids[0]) shadowing.add(`${d.host}|${p.stale.ids[0]}`);
    const out: Finding[] = [];
    const done = new Set<string>();
    // Per rule set, its views merged; the sandbox's own events hold every view's line of its jump as evidence.
    for (const d of tl.tables) {
      for (const j of d.jumps) {
        const id = j.ids[0];
        if (!id || done.has(`${d.host}|${id}`) || shadowing.has(`${d.host}|${id}`)) continue;
        done.add(`${d.host}|${id}`);
        const c = tl.containers.get(id);
        if (!c) continue;
        const fate = fateOf(tl, c);
        if (!fate.gone) continue;
        const jumps = c.events.filter((e) => e.kind === 'cni.dnat.present');
        const disputed = jumps.flatMap((e) => {
          const own = ruleOf(e);
          return own ? (own.table.disputes.get(own.rule) ?? []) : [];
        });
        // A DNAT address nft did not show is said only when no other view of the rule shows it.
        const hidden = c.events.find((e) => e.kind === 'cni.dnat.target' && e.attrs.ip === null && typeof e.attrs.targetHidden === 'string' && (ruleOf(e)?.rule ?? e).attrs.ip === null);
        const ports = [...new Set(jumps.map((e) => `${e.attrs.proto}/${(e.attrs.ports as number[]).join(',')}`))].join(' ');
        const data = {
          chain: typeof j.attrs.target === 'string' ? j.attrs.target : `${j.attrs.chain} chain`,
          ports,
          hidden: hidden ? ` (${String(hidden.attrs.targetHidden)})` : '',
          sandbox: sandboxName(c),
          gone: fate.why.join('; '),
          nftNote: hashProof(j),
        };
        const evidence = [...jumps, ...c.events.filter((e) => e.kind === 'cni.dnat.target').slice(0, 1), ...fate.evidence];
        const time = fate.evidence.find((e) => e.time !== null)?.time ?? d.time;
        const inconclusive = disputed.length ? [...new Set(disputed)].map((w) => `the firewall views disagree: ${w}`).join('; ') : undefined;
        out.push(report({ host: d.host, containerId: id, time }, 'staleJump', data, evidence, { remediation: cleanupCommands(tl, c), ...(inconclusive !== undefined ? { inconclusive } : {}) }));
      }
    }
    return out;
  },
};
