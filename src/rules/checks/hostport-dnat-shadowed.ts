// A stale CNI-HOSTPORT-DNAT jump above a live one for the same hostPort: traffic goes to a dead pod.

import type { PmEvent } from '../../events/types.js';
import type { Finding } from '../../findings/types.js';
import type { Timeline } from '../../timeline/timeline.js';
import { withEchoes, type NatTable } from '../../timeline/nat-tables.js';
import { fateOf } from '../_fate.js';
import { describeContext, runtimeContext } from '../_context.js';
import { sandboxName, when } from '../_describe.js';
import { cleanupCommands } from '../_remediation.js';
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

/** The view that shows jump `a` above jump `b` (best view first), with both as that view printed them. */
function inOneView(t: NatTable, a: PmEvent, b: PmEvent): [PmEvent, PmEvent] | null {
  const ea = withEchoes(t, a);
  const eb = withEchoes(t, b);
  for (const v of t.views) {
    const x = ea.find((e) => e.attrs.dump === v.path);
    const y = eb.find((e) => e.attrs.dump === v.path);
    if (x && y && Number(x.attrs.position) < Number(y.attrs.position)) return [x, y];
  }
  return null;
}

const isGone = (tl: Timeline, e: PmEvent): boolean => {
  const c = e.ids[0] ? tl.containers.get(e.ids[0]) : undefined;
  return c ? fateOf(tl, c).gone : false;
};

/** A shadowing pair of one rule set: the merged rules, and the same two jumps quoted from one view that orders them so. */
export interface TablePair {
  staleRule: PmEvent;
  liveRule: PmEvent;
  stale: PmEvent;
  live: PmEvent;
  ports: number[];
}

/**
 * The shadowing pairs of a rule set in its merged jump order. Where another view orders the two the other way (the
 * table changed between the dumps), the pair is turned when only that way round is the earlier sandbox gone.
 */
export function tablePairs(tl: Timeline, t: NatTable): TablePair[] {
  return shadowedPairs(t.jumps).map(({ stale, live, ports }) => {
    let [a, b] = [stale, live];
    if (inOneView(t, b, a) && !isGone(tl, a) && isGone(tl, b)) [a, b] = [b, a];
    const shown = inOneView(t, a, b) ?? [a, b];
    return { staleRule: a, liveRule: b, stale: shown[0], live: shown[1], ports };
  });
}

/** Why the finding cannot stand for sure: the earlier sandbox not proven gone, or the firewall views disagreeing. */
function inconclusiveOf(gone: boolean, disputed: string[]): { inconclusive?: string } {
  const why = [...(gone ? [] : ['the bundle holds no exit, lease or IP evidence that the earlier sandbox is gone']), ...disputed.map((d) => `the firewall views disagree: ${d}`)];
  return why.length ? { inconclusive: why.join('; ') } : {};
}

export const hostportDnatShadowed: Rule = {
  meta: {
    id: 'hostport-dnat-shadowed',
    title: 'Stale hostPort DNAT shadows a live pod',
    severity: 'critical',
    description: 'Two jumps in CNI-HOSTPORT-DNAT cover the same protocol and hostPort; the earlier one, which wins, belongs to a sandbox that is gone.',
    howItDecides: 'Per nat rule set (a host, family and backend; its dumps -nvL, iptables-save, -S and nft merged, each rule once), compares every pair of CNI-HOSTPORT-DNAT jumps in rule order, quoting both from one view that shows them in that order. portmap appends jumps, so the earlier one matches first. The earlier sandbox counts as gone when its container exited in the logs and never started again, when the collected host-local folder holds no lease for it, or when its DNAT target IP is now leased to another sandbox. With no such proof the finding is medium: the kubelet never schedules two pods with the same hostPort on one node, so one of the two is stale anyway. When the views of one rule set disagree on the jumps, their order or the DNAT target, the finding is inconclusive and says what differs; two jumps listed the other way round by another view are taken in the order that makes the gone sandbox the earlier one, if only that order does.',
    falsePositives: ['Two jumps for the same port with different host IPs (hostIP set in the pod spec) can coexist legitimately.'],
    remediation: 'Delete the stale jump and its CNI-DN chain (commands below), then check that CNI-HOSTPORT-DNAT names only live sandboxes.',
    references: ['https://github.com/containernetworking/plugins/blob/main/plugins/meta/portmap/portmap_iptables.go', 'https://github.com/Mirantis/cri-dockerd/blob/master/core/sandbox_stop.go'],
  },
  needs: ['iptables'],
  check(tl: Timeline): Finding[] {
    const found = new Map<string, Finding>();
    // Per rule set, its views merged: a jump shown by -nvL and iptables-save is one jump, so one pair, one finding.
    for (const dump of tl.tables) {
      for (const { staleRule, liveRule, stale, live, ports } of tablePairs(tl, dump)) {
        const id = stale.ids[0];
        const c = id ? tl.containers.get(id) : undefined;
        const fate = c ? fateOf(tl, c) : { gone: false, alive: false, why: [] as string[], evidence: [] as PmEvent[] };
        // One finding per stale sandbox: its ip6 jumps (ip6tables, their own order) add evidence to its ip ones.
        const key = `${dump.host}|${id ?? stale.attrs.cniId}`;
        const prev = found.get(key);
        if (prev) {
          for (const e of [...withEchoes(dump, staleRule), ...withEchoes(dump, liveRule)]) if (!prev.evidence.includes(e)) prev.evidence.push(e);
          continue;
        }
        const liveId = String(live.ids[0] ?? live.attrs.cniId ?? '?');
        // The DNAT address as the view quoting the jump shows it (views may disagree on it: then it is disputed).
        const targetRule = dump.targets.get(String(stale.attrs.target))?.[0];
        const target = targetRule ? (withEchoes(dump, targetRule).find((e) => e.attrs.dump === stale.attrs.dump) ?? targetRule) : undefined;
        const disputed = [staleRule, liveRule, ...(targetRule ? [targetRule] : [])].flatMap((e) => dump.disputes.get(e) ?? []);
        const proof = fate.gone ? `: ${fate.why.join('; ')}` : ' (not proven gone: no exit, lease or IP evidence in the bundle)';
        const deathTime = fate.evidence.find((e) => e.time !== null && e.domain !== 'capture')?.time ?? null;
        const context = runtimeContext(tl, dump.host, deathTime);
        const around = describeContext(context);
        found.set(key, {
          rule: 'hostport-dnat-shadowed',
          severity: fate.gone ? 'critical' : 'medium',
          title: 'Stale hostPort DNAT shadows a live pod',
          summary: `${dump.family === 'ip6' ? 'ip6tables ' : ''}CNI-HOSTPORT-DNAT rule ${stale.attrs.position} (${stale.attrs.proto}/${ports.join(',')}) jumps to ${stale.attrs.target} of sandbox ${c ? sandboxName(c) : String(stale.attrs.cniId).slice(0, 12)}${target ? `, DNAT to ${target.attrs.ip}` : ''}, above rule ${live.attrs.position} for ${liveId.slice(0, 12)}: traffic to those hostPorts goes to the old sandbox${proof}${around ? `. It died at ${when(deathTime)} around: ${around}` : ''}.`,
          host: dump.host,
          containerId: id ?? null,
          time: deathTime ?? dump.time,
          evidence: [stale, live, ...withEchoes(dump, staleRule), ...withEchoes(dump, liveRule), ...(target ? [target] : []), ...(targetRule ? withEchoes(dump, targetRule) : []), ...fate.evidence.filter((e) => e !== target), ...context.steps],
          remediation: c ? cleanupCommands(tl, c) : [`${dump.command} -t nat -D CNI-HOSTPORT-DNAT ${stale.attrs.spec}`],
          ...inconclusiveOf(fate.gone, disputed),
        });
      }
    }
    return [...found.values()];
  },
};
