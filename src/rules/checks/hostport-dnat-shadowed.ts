// A stale CNI-HOSTPORT-DNAT jump above a live one for the same hostPort: traffic goes to a dead pod.

import type { PmEvent } from '../../events/types.js';
import type { Finding } from '../../findings/types.js';
import type { Timeline } from '../../timeline/timeline.js';
import { fateOf } from '../_fate.js';
import { describeContext, runtimeContext } from '../_context.js';
import { sandboxName, when } from '../_describe.js';
import { cleanupCommands } from '../_remediation.js';
import { hostCut } from '../../timeline/coverage.js';
import type { Rule } from '../types.js';

/** Pairs (earlier, later) of jumps in one dump that cover a common protocol and port for different sandboxes. */
export function shadowedPairs(jumps: PmEvent[]): { stale: PmEvent; live: PmEvent; ports: number[] }[] {
  const out: { stale: PmEvent; live: PmEvent; ports: number[] }[] = [];
  for (let i = 0; i < jumps.length; i++) {
    for (let j = i + 1; j < jumps.length; j++) {
      const a = jumps[i]!;
      const b = jumps[j]!;
      const idA = a.ids[0] ?? a.attrs.cniId;
      const idB = b.ids[0] ?? b.attrs.cniId;
      if (!idA || idA === idB) continue;
      if ((a.attrs.proto ?? 'all') !== (b.attrs.proto ?? 'all')) continue;
      const pb = new Set(b.attrs.ports as number[]);
      const common = (a.attrs.ports as number[]).filter((p) => pb.has(p));
      if (common.length > 0) out.push({ stale: a, live: b, ports: common });
    }
  }
  return out;
}

export const hostportDnatShadowed: Rule = {
  meta: {
    id: 'hostport-dnat-shadowed',
    title: 'Stale hostPort DNAT shadows a live pod',
    severity: 'critical',
    description: 'Two jumps in CNI-HOSTPORT-DNAT cover the same protocol and hostPort; the earlier one, which wins, belongs to a sandbox that is gone.',
    howItDecides: 'Per iptables dump, compares every pair of CNI-HOSTPORT-DNAT jumps in rule order. portmap appends jumps, so the earlier one matches first. The earlier sandbox counts as gone when its container exited in the logs and never started again, when the runtime logged its removal (containerd: RemovePodSandbox … returns successfully), when the collected host-local folder holds no lease for it, or when its DNAT target IP is now leased to another sandbox. With no such proof the finding is medium: the kubelet never schedules two pods with the same hostPort on one node, so one of the two is stale anyway; when sos cut the journal (sos_reports/manifest.json) and the start of the sandbox is not in what is left, it says so: its exit may be in the part cut away.',
    falsePositives: ['Two jumps for the same port with different host IPs (hostIP set in the pod spec) can coexist legitimately.'],
    remediation: 'Delete the stale jump and its CNI-DN chain (commands below), then check that CNI-HOSTPORT-DNAT names only live sandboxes.',
    references: ['https://github.com/containernetworking/plugins/blob/main/plugins/meta/portmap/portmap_iptables.go', 'https://github.com/Mirantis/cri-dockerd/blob/master/core/sandbox_stop.go'],
  },
  needs: ['iptables'],
  check(tl: Timeline): Finding[] {
    const found = new Map<string, Finding>();
    for (const dump of tl.dumps) {
      for (const { stale, live, ports } of shadowedPairs(dump.jumps)) {
        const id = stale.ids[0];
        const c = id ? tl.containers.get(id) : undefined;
        const fate = c ? fateOf(tl, c) : { gone: false, alive: false, why: [] as string[], evidence: [] as PmEvent[] };
        const key = `${dump.host}|${id ?? stale.attrs.cniId}`;
        const prev = found.get(key);
        if (prev) {
          for (const e of [stale, live]) if (!prev.evidence.includes(e)) prev.evidence.push(e);
          continue;
        }
        const liveId = String(live.ids[0] ?? live.attrs.cniId ?? '?');
        const target = c?.events.find((e) => e.kind === 'cni.dnat.target' && e.source.path === dump.path);
        // A sandbox whose start the journals do not hold may have exited before their first line: when sos cut
        // the journal, that is where its exit would be.
        const cut = fate.gone || c?.events.some((e) => e.kind === 'sandbox.started') ? null : hostCut(tl.coverage, dump.host);
        const unproven = cut ? `${cut}; an exit or removal of the earlier sandbox before then is not in the bundle` : 'the bundle holds no exit, removal, lease or IP evidence that the earlier sandbox is gone';
        const proof = fate.gone ? `: ${fate.why.join('; ')}` : cut ? ` (not proven gone: ${cut}, and its start is not in it)` : ' (not proven gone: no exit, removal, lease or IP evidence in the bundle)';
        const deathTime = fate.evidence.find((e) => e.time !== null && e.domain !== 'capture')?.time ?? null;
        const context = runtimeContext(tl, dump.host, deathTime);
        const around = describeContext(context);
        found.set(key, {
          rule: 'hostport-dnat-shadowed',
          severity: fate.gone ? 'critical' : 'medium',
          title: 'Stale hostPort DNAT shadows a live pod',
          summary: `CNI-HOSTPORT-DNAT rule ${stale.attrs.position} (${stale.attrs.proto}/${ports.join(',')}) jumps to ${stale.attrs.target} of sandbox ${c ? sandboxName(c) : String(stale.attrs.cniId).slice(0, 12)}${target ? `, DNAT to ${target.attrs.ip}` : ''}, above rule ${live.attrs.position} for ${liveId.slice(0, 12)}: traffic to those hostPorts goes to the old sandbox${proof}${around ? `. It died at ${when(deathTime)} around: ${around}` : ''}.`,
          host: dump.host,
          containerId: id ?? null,
          time: deathTime ?? dump.time,
          evidence: [stale, live, ...(target ? [target] : []), ...fate.evidence.filter((e) => e !== target), ...context.steps],
          remediation: c ? cleanupCommands(tl, c) : [`iptables -t nat -D CNI-HOSTPORT-DNAT ${stale.attrs.spec}`],
          ...(fate.gone ? {} : { inconclusive: unproven }),
        });
      }
    }
    return [...found.values()];
  },
};
