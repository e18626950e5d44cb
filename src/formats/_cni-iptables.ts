// Turns parsed nat-table rules into CNI observations (portmap DNAT jumps and chains, bridge masquerade).

import type { AttrValue, LocalStamp } from '../events/types.js';
import type { IptRule } from './_iptables-rule.js';
import type { FormatContext } from './types.js';

// portmap: `dnat name: %q id: %q` on every CNI-HOSTPORT-DNAT jump (plugins/meta/portmap/portmap_iptables.go).
const DNAT_COMMENT = /^dnat name: "([^"]*)" id: "([^"]*)"/;
// bridge ipMasq: `name: %q id: %q` (pkg/utils.FormatComment) on the POSTROUTING jump into CNI-<24 hex>.
const MASQ_COMMENT = /^name: "([^"]*)" id: "([^"]*)"/;
const HEX64 = /^[0-9a-f]{64}$/;

export type DumpForm = 'iptables-save' | 'iptables -S' | 'iptables -nvL' | 'nft list ruleset' | 'nft -a list ruleset' | 'nft list table' | 'nft -a list table';

/**
 * Where a rule sits when the file holds more than one table (an nft listing: `table ip nat`, `table ip6 nat`):
 * the dump key of that table and what else the view states (family, rule handle, what nft did not show).
 */
export type RuleView = { dump: string } & Record<string, AttrValue>;

/** Emit the CNI facts one rule states; rules outside the nat table or CNI chains say nothing (false: the caller counts the line). */
export function emitCniRule(ctx: FormatContext, rule: IptRule, lineNo: number, text: string, form: DumpForm, stamp: LocalStamp | null, view?: RuleView): boolean {
  if (rule.table !== 'nat') return false;
  const base = {
    stamp,
    absUs: null,
    domain: 'capture' as const,
    prefixes: [] as string[],
    source: { path: ctx.path, line: lineNo },
    text,
  };
  const common = { dump: ctx.path, form, table: rule.table, chain: rule.chain, position: rule.position, spec: rule.spec, ...view };
  if (rule.chain === 'CNI-HOSTPORT-DNAT' && rule.target?.startsWith('CNI-DN-')) {
    const m = rule.comment ? DNAT_COMMENT.exec(rule.comment) : null;
    const id = m?.[2] ?? '';
    ctx.event({
      ...base,
      kind: 'cni.dnat.present',
      ids: HEX64.test(id) ? [id] : [],
      attrs: { ...common, network: m?.[1] ?? null, cniId: id || null, target: rule.target, proto: rule.proto, ports: rule.dports },
    });
    return true;
  }
  if (rule.chain.startsWith('CNI-DN-') && rule.target === 'DNAT' && (rule.toDestination || rule.targetHidden)) {
    const m = rule.toDestination ? /^\[?([0-9a-fA-F.:]+?)\]?:(\d+)$/.exec(rule.toDestination) : null;
    // A DNAT the listing names without its address (nft could not translate the xt target): the chain still
    // DNATs, to an address this view does not show.
    const hidden: Record<string, AttrValue> = rule.toDestination ? {} : { targetHidden: rule.targetHidden ?? null };
    ctx.event({
      ...base,
      kind: 'cni.dnat.target',
      ids: [],
      attrs: { ...common, ip: m?.[1] ?? rule.toDestination, port: m ? Number(m[2]) : null, proto: rule.proto, hostPorts: rule.dports, ...hidden },
    });
    return true;
  }
  if (rule.chain === 'POSTROUTING' && rule.target && /^CNI-[0-9a-f]{24}$/.test(rule.target)) {
    const m = rule.comment ? MASQ_COMMENT.exec(rule.comment) : null;
    const id = m?.[2] ?? '';
    ctx.event({
      ...base,
      kind: 'cni.masq.present',
      ids: HEX64.test(id) ? [id] : [],
      attrs: { ...common, network: m?.[1] ?? null, cniId: id || null, target: rule.target, ip: rule.source },
    });
    return true;
  }
  return false;
}

/** A declared chain worth knowing: CNI chains, and PREROUTING (its presence means the dump holds the whole table). */
export function emitChainDeclared(ctx: FormatContext, table: string, chain: string, lineNo: number, text: string, form: DumpForm, stamp: LocalStamp | null, view?: RuleView): boolean {
  if (table !== 'nat' || !(chain.startsWith('CNI-') || chain === 'PREROUTING')) return false;
  ctx.event({
    kind: 'cni.chain.declared',
    stamp,
    absUs: null,
    domain: 'capture',
    ids: [],
    prefixes: [],
    attrs: { dump: ctx.path, form, table, chain, ...view },
    source: { path: ctx.path, line: lineNo },
    text,
  });
  return true;
}
