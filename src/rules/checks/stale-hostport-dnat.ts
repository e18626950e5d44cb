// A hostPort DNAT jump and chain still present for a sandbox that is gone, not (yet) shadowing anything.

import type { Finding } from '../../findings/types.js';
import type { Timeline } from '../../timeline/timeline.js';
import { fateOf } from '../_fate.js';
import { sandboxName } from '../_describe.js';
import { cleanupCommands } from '../_remediation.js';
import type { Rule } from '../types.js';
import { hashProof, shadowedPairs } from './hostport-dnat-shadowed.js';

export const staleHostportDnat: Rule = {
  meta: {
    id: 'stale-hostport-dnat',
    title: 'hostPort DNAT left behind by a dead sandbox',
    severity: 'high',
    description: 'A CNI-HOSTPORT-DNAT jump and its CNI-DN chain belong to a sandbox that is gone; the next pod with the same hostPort will be shadowed by it.',
    howItDecides: 'For every jump whose comment names a sandbox, decides whether the sandbox is gone: its container exited in the logs and never started again, the runtime logged its removal (containerd: RemovePodSandbox … returns successfully), the collected host-local folder has no lease for it, or its DNAT target IP is leased to another sandbox. Jumps already reported by hostport-dnat-shadowed are not repeated.',
    falsePositives: ['A sandbox restarted by a runtime restart with live-restore keeps its rules legitimately; the logs then show no exit.'],
    remediation: 'Delete the jump, flush and delete the CNI-DN chain, and release the lease if host-local still holds it.',
    references: ['https://github.com/containernetworking/plugins/blob/main/plugins/meta/portmap/main.go (cmdDel: no portMappings = no-op)'],
  },
  needs: ['iptables'],
  check(tl: Timeline): Finding[] {
    const shadowing = new Set<string>();
    for (const d of tl.dumps) for (const p of shadowedPairs(d.jumps)) if (p.stale.ids[0]) shadowing.add(`${d.host}|${p.stale.ids[0]}`);
    const out: Finding[] = [];
    const done = new Set<string>();
    for (const d of tl.dumps) {
      for (const j of d.jumps) {
        const id = j.ids[0];
        if (!id || done.has(`${d.host}|${id}`) || shadowing.has(`${d.host}|${id}`)) continue;
        done.add(`${d.host}|${id}`);
        const c = tl.containers.get(id);
        if (!c) continue;
        const fate = fateOf(tl, c);
        if (!fate.gone) continue;
        const jumps = c.events.filter((e) => e.kind === 'cni.dnat.present');
        const hidden = c.events.find((e) => e.kind === 'cni.dnat.target' && e.attrs.ip === null && typeof e.attrs.targetHidden === 'string');
        const ports = [...new Set(jumps.map((e) => `${e.attrs.proto}/${(e.attrs.ports as number[]).join(',')}`))].join(' ');
        out.push({
          rule: 'stale-hostport-dnat',
          severity: 'high',
          title: 'hostPort DNAT left behind by a dead sandbox',
          summary: `${typeof j.attrs.target === 'string' ? j.attrs.target : `${j.attrs.chain} chain`} (${ports}) still DNATs${hidden ? ` (${String(hidden.attrs.targetHidden)})` : ''} for sandbox ${sandboxName(c)}, which is gone: ${fate.why.join('; ')}.${hashProof(j)}`,
          host: d.host,
          containerId: id,
          time: fate.evidence.find((e) => e.time !== null)?.time ?? d.time,
          evidence: [...jumps, ...c.events.filter((e) => e.kind === 'cni.dnat.target').slice(0, 1), ...fate.evidence],
          remediation: cleanupCommands(tl, c),
        });
      }
    }
    return out;
  },
};
