// Exact cleanup commands for the state a dead sandbox left behind; printed for a person, never run.

import { ruleOf } from '../timeline/nat-tables.js';
import type { Container, Timeline } from '../timeline/timeline.js';

/** iptables -D/-F/-X (in the command of the rule set: ip6tables, iptables-legacy…) for its DNAT jumps, chains and masquerade rules; rm for leases and cache files. */
export function cleanupCommands(tl: Timeline, c: Container): string[] {
  const cmds: string[] = [];
  const seen = new Set<string>();
  const add = (cmd: string): void => {
    if (!seen.has(cmd)) {
      seen.add(cmd);
      cmds.push(cmd);
    }
  };
  const chains: string[] = [];
  const bins: string[] = [];
  for (const e of c.events) {
    if (e.kind !== 'cni.dnat.present' && e.kind !== 'cni.masq.present') continue;
    // One delete per rule: the rule's other views (-nvL next to iptables-save) would repeat it, and a repeat fails.
    const own = ruleOf(e);
    if (own && own.rule !== e) continue;
    const bin = own?.table.command ?? (/ip6tables/.test(String(e.attrs.dump)) ? 'ip6tables' : 'iptables');
    if (!bins.includes(bin)) bins.push(bin);
    add(`${bin} -t nat -D ${e.attrs.chain} ${e.attrs.spec}`);
    const target = `${bin}|${e.attrs.target}`;
    if (!chains.includes(target)) chains.push(target);
  }
  for (const ch of chains) {
    const [bin, chain] = ch.split('|');
    add(`${bin} -t nat -F ${chain}`);
    add(`${bin} -t nat -X ${chain}`);
  }
  for (const e of c.events) {
    if (e.kind === 'ipam.lease') add(`rm -f /var/lib/cni/networks/${e.attrs.network}/${e.attrs.ip}`);
    if (e.kind === 'cni.cache.present' && typeof e.attrs.file === 'string') add(`rm -f /var/lib/cni/cache/results/${String(e.attrs.file).split('/').pop()}`);
  }
  for (const bin of bins) add(`${bin} -t nat -S CNI-HOSTPORT-DNAT   # check: no rule names the sandbox any more`);
  void tl;
  return cmds;
}
