// Exact cleanup commands for the state a dead sandbox left behind; printed for a person, never run.

import type { PmEvent } from '../events/types.js';
import { shellQuote } from '../formats/_iptables-rule.js';
import type { Container, Timeline } from '../timeline/timeline.js';

/** iptables or ip6tables, as the dump's table says (an nft listing's family, else the dump's file name). */
function binOf(e: PmEvent): string {
  return e.attrs.family === 'ip6' || (e.attrs.family === undefined && /ip6tables/.test(String(e.attrs.dump))) ? 'ip6tables' : 'iptables';
}

/**
 * The command that deletes one rule a dump shows, in the dialect that made it: `iptables -t nat -D` for iptables
 * rules (iptables-nft's too, listed by nft), `nft delete rule … handle N` for portmap's nftables backend. Where the
 * listing lacks what an exact command needs, the line says so and how to get it.
 */
export function deleteRuleCommand(e: PmEvent): string {
  const a = e.attrs;
  if (a.dialect === 'nft') {
    const where = `${a.family} ${a.nftTable} ${a.chain}`;
    if (typeof a.handle === 'number') return `nft delete rule ${where} handle ${a.handle}`;
    return `nft -a list table ${a.family} ${a.nftTable}   # no handles in this listing: find the rule "${a.spec}" in chain ${a.chain}, then: nft delete rule ${where} handle <N>`;
  }
  const bin = binOf(e);
  if (a.commentDropped !== true) return `${bin} -t nat -D ${a.chain} ${a.spec}`;
  // nft showed the rule without portmap's/bridge's comment; iptables -D matches on it, so it is rebuilt from the
  // sandbox and network the chain name hashes to.
  const id = e.ids[0];
  const net = a.network;
  if (!id || typeof net !== 'string' || net === '')
    return `# cannot give the exact command: nft dropped the comment of rule ${a.position} of ${a.chain} (-> ${a.target}) and no sandbox known to the bundle hashes to that chain; see ${bin} -t nat -S ${a.chain}`;
  const comment = e.kind === 'cni.masq.present' ? `name: "${net}" id: "${id}"` : `dnat name: "${net}" id: "${id}"`;
  const spec = [a.specHead, `-m comment --comment ${shellQuote(comment)}`, a.specTail].filter((p) => typeof p === 'string' && p !== '').join(' ');
  return `${bin} -t nat -D ${a.chain} ${spec}`;
}

/** Rule deletes for its DNAT jumps and masquerade rules, -F/-X for its chains; rm for leases and cache files. */
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
  const nftChains: string[] = [];
  for (const e of c.events) {
    if (e.kind !== 'cni.dnat.present' && e.kind !== 'cni.masq.present') continue;
    add(deleteRuleCommand(e));
    if (e.attrs.dialect === 'nft') {
      const where = `${e.attrs.family} ${e.attrs.nftTable} ${e.attrs.chain}`;
      if (!nftChains.includes(where)) nftChains.push(where);
      continue;
    }
    const target = `${binOf(e)}|${e.attrs.target}`;
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
  if (chains.length > 0) add('iptables -t nat -S CNI-HOSTPORT-DNAT   # check: no rule names the sandbox any more');
  for (const where of nftChains) add(`nft list chain ${where}   # check: no rule commented ${c.id} any more`);
  void tl;
  return cmds;
}
