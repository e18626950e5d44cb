// A stale CNI-HOSTPORT-DNAT jump above a live one for the same hostPort: traffic goes to a dead pod.

import type { PmEvent } from '../../events/types.js';
import type { Finding } from '../../findings/types.js';
import type { Dump, Timeline } from '../../timeline/timeline.js';
import { fateOf } from '../_fate.js';
import { describeContext, runtimeContext } from '../_context.js';
import { sandboxName, when } from '../_describe.js';
import { cleanupCommands, deleteRuleCommand } from '../_remediation.js';
import { hostCut } from '../../timeline/coverage.js';
import type { Rule } from '../types.js';

/**
 * Who a jump belongs to: its sandbox (comment or chain hash), the container ID portmap's nftables backend wrote, or,
 * when nft dropped the comment and no known sandbox hashes to it, its chain: two jumps into one chain are one owner.
 */
export function ownerOf(j: PmEvent): string | null {
  const id = j.ids[0] ?? j.attrs.cniId;
  if (typeof id === 'string' && id !== '') return id;
  return typeof j.attrs.target === 'string' ? `chain ${j.attrs.target}` : null;
}

/**
 * Pairs (earlier, later) of jumps in one dump that cover a common protocol and port for different owners: for each
 * jump and port, the next jump of another owner on that port (the one it shadows). Indexed by port, so a dump of
 * thousands of jumps costs its ports, not its pairs.
 */
export function shadowedPairs(jumps: PmEvent[]): { stale: PmEvent; live: PmEvent; ports: number[] }[] {
  const owners = jumps.map(ownerOf);
  const byPort = new Map<string, number[]>();
  jumps.forEach((j, i) => {
    for (const p of j.attrs.ports as number[]) {
      // portmap's nftables rules show a pod's hostIP (ip daddr): rules for different host IPs do not shadow each other.
      const key = `${j.attrs.proto ?? 'all'}|${p}|${typeof j.attrs.hostIp === 'string' ? j.attrs.hostIp : ''}`;
      const list = byPort.get(key);
      if (list) list.push(i);
      else byPort.set(key, [i]);
    }
  });
  const pairs = new Map<number, { stale: number; live: number; ports: number[] }>();
  for (const [key, idx] of byPort) {
    const port = Number(key.split('|')[1]);
    // next[x]: the first position after x whose owner differs from x's (a run of one owner is skipped at once).
    const next = new Array<number>(idx.length).fill(-1);
    for (let x = idx.length - 2; x >= 0; x--) next[x] = owners[idx[x + 1]!] !== owners[idx[x]!] ? x + 1 : next[x + 1]!;
    for (let x = 0; x < idx.length; x++) {
      if (!owners[idx[x]!] || next[x] === -1) continue;
      const stale = idx[x]!;
      const live = idx[next[x]!]!;
      const k = stale * jumps.length + live;
      const pair = pairs.get(k);
      if (pair) {
        if (!pair.ports.includes(port)) pair.ports.push(port);
      } else pairs.set(k, { stale, live, ports: [port] });
    }
  }
  return [...pairs.values()]
    .sort((p, q) => p.stale - q.stale || p.live - q.live)
    .map((p) => ({ stale: jumps[p.stale]!, live: jumps[p.live]!, ports: (jumps[p.stale]!.attrs.ports as number[]).filter((x) => p.ports.includes(x)) }));
}

/** What an nft listing left out of a jump and how it was made up for: its owner by chain hash, its ports by its chain. */
export function hashProof(jump: PmEvent): string {
  const ports = typeof jump.attrs.portsShown === 'string' ? ` Its ports: ${jump.attrs.portsShown}.` : '';
  return (typeof jump.attrs.resolvedBy === 'string' ? ` The ${jump.attrs.form} listing drops the rule's comment; its sandbox was found by recomputing the chain name: ${jump.attrs.resolvedBy}.` : '') + ports;
}

/** Where a DNAT rule sends traffic, as the dump shows it, or that the dump does not show it ("" when unknown). */
export function dnatText(jump: PmEvent, target: PmEvent | undefined): string {
  if (!target) return '';
  if (target.attrs.ip === null) return `, DNAT ${String(target.attrs.targetHidden ?? 'target not shown by this listing')}`;
  // portmap's nftables rules DNAT themselves, one port each: the port is part of the answer.
  return `, DNAT to ${target.attrs.ip}${jump.attrs.target === null && target.attrs.port !== null ? `:${target.attrs.port}` : ''}`;
}

/** The finding for one stale owner's rules above a live owner's in one dump. */
function shadowFinding(tl: Timeline, dump: Dump, g: { stale: PmEvent; live: PmEvent; ports: number[]; rules: PmEvent[] }): Finding {
  const { stale, live, ports } = g;
  const id = stale.ids[0];
  const c = id ? tl.containers.get(id) : undefined;
  const fate = c ? fateOf(tl, c) : { gone: false, alive: false, why: [] as string[], evidence: [] as PmEvent[] };
  const liveId = String(live.ids[0] ?? live.attrs.cniId ?? live.attrs.target ?? '?');
  const target = c?.events.find((e) => e.kind === 'cni.dnat.target' && e.attrs.dump === dump.path && (stale.attrs.target !== null || e.source.line === stale.source.line));
  const owner = c ? `sandbox ${sandboxName(c)}` : stale.attrs.cniId ? `sandbox ${String(stale.attrs.cniId).slice(0, 12)}` : `an unknown sandbox (${String(stale.attrs.unresolved ?? 'no comment names it')})`;
  // A sandbox whose start the journals do not hold may have exited before their first line: when sos cut the
  // journal, that is where its exit would be.
  const cut = fate.gone || c?.events.some((e) => e.kind === 'sandbox.started') ? null : hostCut(tl.coverage, dump.host);
  const proof = fate.gone ? `: ${fate.why.join('; ')}` : cut ? ` (not proven gone: ${cut}, and its start is not in it)` : ' (not proven gone: no exit, removal, lease or IP evidence in the bundle)';
  const unproven = cut ? `${cut}; an exit or removal of the earlier sandbox before then is not in the bundle` : 'the bundle holds no exit, removal, lease or IP evidence that the earlier sandbox is gone';
  const deathTime = fate.evidence.find((e) => e.time !== null && e.domain !== 'capture')?.time ?? null;
  const context = runtimeContext(tl, dump.host, deathTime);
  const around = describeContext(context);
  const rules = g.rules.filter((e) => e !== stale && e !== live);
  return {
    rule: 'hostport-dnat-shadowed',
    severity: fate.gone ? 'critical' : 'medium',
    title: 'Stale hostPort DNAT shadows a live pod',
    summary: `${stale.attrs.chain} rule ${stale.attrs.position} (${stale.attrs.proto}/${ports.join(',')})${typeof stale.attrs.target === 'string' ? ` jumps to ${stale.attrs.target}` : ''} of ${owner}${dnatText(stale, target)}, above rule ${live.attrs.position} for ${liveId.slice(0, 12)}: traffic to those hostPorts goes to the old sandbox${proof}${around ? `. It died at ${when(deathTime)} around: ${around}` : ''}.${hashProof(stale)}`,
    host: dump.host,
    containerId: id ?? null,
    time: deathTime ?? dump.time,
    evidence: [stale, live, ...(target ? [target] : []), ...rules, ...fate.evidence.filter((e) => e !== target), ...context.steps],
    remediation: c ? cleanupCommands(tl, c) : [deleteRuleCommand(stale)],
    ...(fate.gone ? {} : { inconclusive: c || stale.attrs.cniId ? unproven : "the earlier jump's sandbox is unknown: nft dropped its comment and no known sandbox hashes to its chain" }),
  };
}

export const hostportDnatShadowed: Rule = {
  meta: {
    id: 'hostport-dnat-shadowed',
    title: 'Stale hostPort DNAT shadows a live pod',
    severity: 'critical',
    description: 'Two jumps in CNI-HOSTPORT-DNAT cover the same protocol and hostPort; the earlier one, which wins, belongs to a sandbox that is gone.',
    howItDecides: 'Per iptables dump (and per nat table of an nft listing, and per chain of portmap\'s own nftables table), compares the CNI-HOSTPORT-DNAT jumps in rule order, each against the next jump of another sandbox on the same protocol and port. portmap appends jumps, so the earlier one matches first. nft lists iptables-nft rules without their comment: the jump\'s sandbox is then the known (network, ID) whose portmap chain name equals the jump target, and a jump no known pair hashes to is reported with its owner unknown (medium, inconclusive). Where nft could not translate multiport, the ports come from the DNAT rules of the chain; where it could not translate DNAT, the finding says the target is not shown. The earlier sandbox counts as gone when its container exited in the logs and never started again, when the runtime logged its removal (containerd: RemovePodSandbox … returns successfully), when the collected host-local folder holds no lease for it, or when its DNAT target IP is now leased to another sandbox. With no such proof the finding is medium: the kubelet never schedules two pods with the same hostPort on one node, so one of the two is stale anyway; when sos cut the journal (sos_reports/manifest.json) and the start of the sandbox is not in what is left, it says so: its exit may be in the part cut away.',
    falsePositives: ['Two jumps for the same port with different host IPs (hostIP set in the pod spec) can coexist legitimately.'],
    remediation: 'Delete the stale jump and its CNI-DN chain (commands below), then check that CNI-HOSTPORT-DNAT names only live sandboxes.',
    references: ['https://github.com/containernetworking/plugins/blob/main/plugins/meta/portmap/portmap_iptables.go', 'https://github.com/containernetworking/plugins/blob/main/plugins/meta/portmap/portmap_nftables.go', 'https://github.com/Mirantis/cri-dockerd/blob/master/core/sandbox_stop.go'],
  },
  needs: ['iptables'],
  check(tl: Timeline): Finding[] {
    const found = new Map<string, Finding>();
    for (const dump of tl.dumps) {
      // One finding per stale owner and dump; portmap's nftables backend has a rule per port, so the shadowed
      // ports of all its pairs are named together.
      const groups = new Map<string, { stale: PmEvent; live: PmEvent; ports: number[]; rules: PmEvent[] }>();
      for (const { stale, live, ports } of shadowedPairs(dump.jumps)) {
        const key = `${dump.host}|${ownerOf(stale)}`;
        const g = groups.get(key);
        if (!g) groups.set(key, { stale, live, ports: [...ports], rules: [stale, live] });
        else {
          for (const p of ports) if (!g.ports.includes(p)) g.ports.push(p);
          for (const e of [stale, live]) if (!g.rules.includes(e)) g.rules.push(e);
        }
      }
      for (const [key, g] of groups) {
        const prev = found.get(key);
        if (!prev) found.set(key, shadowFinding(tl, dump, g));
        else for (const e of g.rules) if (!prev.evidence.includes(e)) prev.evidence.push(e);
      }
    }
    return [...found.values()];
  },
};
