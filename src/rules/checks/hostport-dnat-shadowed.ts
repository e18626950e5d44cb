// A stale CNI-HOSTPORT-DNAT jump above a live one for the same hostPort: traffic goes to a dead pod.

import type { PmEvent } from '../../events/types.js';
import type { Finding } from '../../findings/types.js';
import type { Timeline } from '../../timeline/timeline.js';
import { withEchoes, type NatTable } from '../../timeline/nat-tables.js';
import { fateOf } from '../_fate.js';
import { describeContext, runtimeContext } from '../_context.js';
import { sandboxName, when } from '../_describe.js';
import { cleanupCommands, deleteRuleCommand } from '../_remediation.js';
import { hostCut } from '../../timeline/coverage.js';
import { reporter } from '../_message.js';
import type { Rule, RuleMeta } from '../types.js';

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

/** The DNAT rule of the stale jump as its own view shows it; where that view hides the address, the view that shows it. */
function targetOf(dump: NatTable, stale: PmEvent, c: { events: PmEvent[] } | undefined): { shown: PmEvent | undefined; rule: PmEvent | undefined } {
  // portmap's nftables rules DNAT themselves: the target is the rule.
  if (typeof stale.attrs.target !== 'string') return { shown: c?.events.find((e) => e.kind === 'cni.dnat.target' && e.source.path === stale.source.path && e.source.line === stale.source.line), rule: undefined };
  const rule = dump.targets.get(stale.attrs.target)?.[0];
  if (!rule) return { shown: undefined, rule: undefined };
  const own = withEchoes(dump, rule).find((e) => e.attrs.dump === stale.attrs.dump);
  return { shown: own && own.attrs.ip !== null ? own : rule, rule };
}

/** Why the finding cannot stand for sure: its owner unknown or not proven gone, or the firewall views disagreeing. */
function inconclusiveOf(gone: boolean, known: boolean, unproven: string, disputed: string[]): { inconclusive?: string } {
  const why = [
    ...(gone ? [] : [known ? unproven : "the earlier jump's sandbox is unknown: nft dropped its comment and no known sandbox hashes to its chain"]),
    ...[...new Set(disputed)].map((d) => `the firewall views disagree: ${d}`),
  ];
  return why.length ? { inconclusive: why.join('; ') } : {};
}

/** The finding for one stale owner's rules above a live owner's in one rule set, its views merged. */
function shadowFinding(tl: Timeline, dump: NatTable, g: { stale: PmEvent; live: PmEvent; ports: number[]; rules: PmEvent[] }): Finding {
  const { stale, live, ports } = g;
  const id = stale.ids[0];
  const c = id ? tl.containers.get(id) : undefined;
  const fate = c ? fateOf(tl, c) : { gone: false, alive: false, why: [] as string[], evidence: [] as PmEvent[] };
  const liveId = String(live.ids[0] ?? live.attrs.cniId ?? live.attrs.target ?? '?');
  const { shown: target, rule: targetRule } = targetOf(dump, stale, c);
  const disputed = [...g.rules.flatMap((e) => dump.disputes.get(e) ?? []), ...(targetRule ? (dump.disputes.get(targetRule) ?? []) : [])];
  const owner = c ? `sandbox ${sandboxName(c)}` : stale.attrs.cniId ? `sandbox ${String(stale.attrs.cniId).slice(0, 12)}` : `an unknown sandbox (${String(stale.attrs.unresolved ?? 'no comment names it')})`;
  // A sandbox whose start the journals do not hold may have exited before their first line: when sos cut the
  // journal, that is where its exit would be.
  const cut = fate.gone || c?.events.some((e) => e.kind === 'sandbox.started') ? null : hostCut(tl.coverage, dump.host);
  const unproven = cut ? `${cut}; an exit or removal of the earlier sandbox before then is not in the bundle` : 'the bundle holds no exit, removal, lease or IP evidence that the earlier sandbox is gone';
  const deathTime = fate.evidence.find((e) => e.time !== null && e.domain !== 'capture')?.time ?? null;
  const context = runtimeContext(tl, dump.host, deathTime);
  const around = describeContext(context);
  const rules = g.rules.flatMap((e) => withEchoes(dump, e)).filter((e) => e !== stale && e !== live);
  const data = {
    family: dump.family === 'ip6' && typeof stale.attrs.target === 'string' ? 'ip6tables ' : '',
    chain: String(stale.attrs.chain),
    position: String(stale.attrs.position),
    proto: String(stale.attrs.proto),
    ports: ports.join(','),
    jumpsTo: typeof stale.attrs.target === 'string' ? ` jumps to ${stale.attrs.target}` : '',
    owner,
    dnat: dnatText(stale, target),
    livePosition: String(live.attrs.position),
    live: liveId.slice(0, 12),
    gone: fate.why.join('; '),
    cut: cut ?? '',
    death: around ? `. It died at ${when(deathTime)} around: ${around}` : '',
    nftNote: hashProof(stale),
  };
  const messageId: MessageId = fate.gone ? 'shadowsGone' : cut ? 'shadowsCut' : 'shadowsUnproven';
  const evidence = [stale, live, ...(target ? [target] : []), ...rules, ...(targetRule ? withEchoes(dump, targetRule) : []), ...fate.evidence.filter((e) => e !== target), ...context.steps];
  return report({ host: dump.host, containerId: id ?? null, time: deathTime ?? dump.time }, messageId, data, evidence, {
    remediation: c ? cleanupCommands(tl, c) : [deleteRuleCommand(stale)],
    ...inconclusiveOf(fate.gone, Boolean(c || stale.attrs.cniId), unproven, disputed),
  });
}

/** What a finding says: critical when the earlier sandbox is proven gone, medium when it is not (or the journal was cut). */
type MessageId = 'shadowsGone' | 'shadowsCut' | 'shadowsUnproven';

const JUMP = '{{family}}{{chain}} rule {{position}} ({{proto}}/{{ports}}){{jumpsTo}} of {{owner}}{{dnat}}, above rule {{livePosition}} for {{live}}: traffic to those hostPorts goes to the old sandbox';

const meta: RuleMeta<MessageId> = {
  id: 'hostport-dnat-shadowed',
  title: 'Stale hostPort DNAT shadows a live pod',
  severity: 'critical',
  description: 'Two jumps in CNI-HOSTPORT-DNAT cover the same protocol and hostPort; the earlier one, which wins, belongs to a sandbox that is gone.',
  howItDecides: 'Per nat rule set (a host, family and backend; its dumps -nvL, iptables-save, -S and nft listings merged, each rule once, every view\'s line kept as evidence; per chain of portmap\'s own nftables table), compares the CNI-HOSTPORT-DNAT jumps in rule order, each against the next jump of another sandbox on the same protocol and port. portmap appends jumps, so the earlier one matches first. nft lists iptables-nft rules without their comment: the jump\'s sandbox is then the known (network, ID) whose portmap chain name equals the jump target, and a jump no known pair hashes to is reported with its owner unknown (medium, inconclusive). Where nft could not translate multiport, the ports come from the DNAT rules of the chain; where it could not translate DNAT, the finding says the target is not shown. The earlier sandbox counts as gone when its container exited in the logs and never started again, when the runtime logged its removal (containerd: RemovePodSandbox … returns successfully), when the collected host-local folder holds no lease for it, or when its DNAT target IP is now leased to another sandbox. With no such proof the finding is medium: the kubelet never schedules two pods with the same hostPort on one node, so one of the two is stale anyway; when sos cut the journal (sos_reports/manifest.json) and the start of the sandbox is not in what is left, it says so: its exit may be in the part cut away. When the views of one rule set disagree on the jumps, their order or the DNAT target, the finding is inconclusive and says what differs; two jumps another view lists the other way round are taken in the order that makes the gone sandbox the earlier one, if only that order does. A DNAT address one view does not show (nft\'s untranslated xt DNAT) is taken from a view that shows it.',
  messages: {
    shadowsGone: { text: `${JUMP}: {{gone}}{{death}}.{{nftNote}}`, severity: 'critical' },
    shadowsCut: { text: `${JUMP} (not proven gone: {{cut}}, and its start is not in it){{death}}.{{nftNote}}`, severity: 'medium' },
    shadowsUnproven: { text: `${JUMP} (not proven gone: no exit, removal, lease or IP evidence in the bundle){{death}}.{{nftNote}}`, severity: 'medium' },
  },
  falsePositives: ['Two jumps for the same port with different host IPs (hostIP set in the pod spec) can coexist legitimately.'],
  remediation: 'Delete the stale jump and its CNI-DN chain (commands below), then check that CNI-HOSTPORT-DNAT names only live sandboxes.',
  references: ['https://github.com/containernetworking/plugins/blob/main/plugins/meta/portmap/portmap_iptables.go', 'https://github.com/containernetworking/plugins/blob/main/plugins/meta/portmap/portmap_nftables.go', 'https://github.com/Mirantis/cri-dockerd/blob/master/core/sandbox_stop.go'],
  exclusions: {
    filter_same_owner: 'two jumps of one sandbox (portmap writes one per protocol and port group): a sandbox cannot shadow itself.',
    filter_other_host_ip: "jumps for different host IPs (nft's ip daddr, hostIP in the pod spec): they match different traffic.",
  },
  limitations: [
    'Jumps are compared within one rule set (host, family, backend): an iptables-legacy jump shadowing an nft one, or the reverse, is not seen.',
    'With no exit, removal, lease or IP evidence the earlier sandbox is not proven gone: the finding is medium and inconclusive, even though one of the two jumps is stale.',
    'A jump whose sandbox nothing names (nft dropped its comment and no known sandbox hashes to its chain) is reported with its owner unknown, and no cleanup of that sandbox is proposed beyond deleting the jump.',
  ],
};
const report = reporter(meta);

export const hostportDnatShadowed: Rule<MessageId> = {
  meta,
  needs: ['iptables'],
  check(tl: Timeline): Finding[] {
    const found = new Map<string, Finding>();
    // Per rule set (host, family, backend), its views merged: a jump -nvL, iptables-save and nft all show is one
    // jump, so one pair, one finding.
    for (const dump of tl.tables) {
      // One finding per stale owner and rule set; portmap's nftables backend has a rule per port, so the shadowed
      // ports of all its pairs are named together. `rules` holds the merged rules, stale/live as one view shows them.
      const groups = new Map<string, { stale: PmEvent; live: PmEvent; ports: number[]; rules: PmEvent[] }>();
      for (const { staleRule, liveRule, stale, live, ports } of tablePairs(tl, dump)) {
        const key = `${dump.host}|${ownerOf(stale)}`;
        const g = groups.get(key);
        if (!g) groups.set(key, { stale, live, ports: [...ports], rules: [staleRule, liveRule] });
        else {
          for (const p of ports) if (!g.ports.includes(p)) g.ports.push(p);
          for (const e of [staleRule, liveRule]) if (!g.rules.includes(e)) g.rules.push(e);
        }
      }
      for (const [key, g] of groups) {
        const prev = found.get(key);
        if (!prev) found.set(key, shadowFinding(tl, dump, g));
        else for (const e of g.rules.flatMap((r) => withEchoes(dump, r))) if (!prev.evidence.includes(e)) prev.evidence.push(e);
      }
    }
    return [...found.values()];
  },
};
