// One host's nat rule set seen through several dumps (-nvL, iptables-save, -S, nft): merged so each rule counts once,
// with every view's line as evidence and what the views disagree about said, never two findings for one rule.

import type { PmEvent } from '../events/types.js';
import { compareText } from '../text-order.js';
import type { Dump } from './timeline.js';

export type Family = 'ip' | 'ip6';
export type Backend = 'nf_tables' | 'legacy';

/** A kernel rule set (host, family, backend) and the dumps that show it, merged into one Dump-shaped view. */
export interface NatTable extends Dump {
  family: Family;
  backend: Backend | null;
  /** The network namespace whose tables these are (sos networking's per-namespace dumps), null for the node's own. */
  netns: string | null;
  /** The dumps, the one the findings quote first (whole table, then iptables-save, -S, -nvL, others; then path). */
  views: Dump[];
  /** The command that edits this rule set: iptables, ip6tables, or iptables-legacy / iptables-nft when both exist. */
  command: string;
  /** Each merged rule's event as the other views show it. */
  echoes: Map<PmEvent, PmEvent[]>;
  /** What the views disagree about, per merged rule it concerns. */
  disputes: Map<PmEvent, string[]>;
  /** Why an unsaid backend was taken as this one, if it was. */
  backendBasis: string | null;
}

const FORM_RANK: Record<string, number> = { 'iptables-save': 0, 'iptables -S': 1, 'iptables -nvL': 2 };

/** Best view first: a whole table before one chain, then the form that keeps most (save's exact rule text), then path. */
function compareViews(a: Dump, b: Dump): number {
  if (a.wholeTable !== b.wholeTable) return a.wholeTable ? -1 : 1;
  const ra = FORM_RANK[a.form] ?? 3;
  const rb = FORM_RANK[b.form] ?? 3;
  return ra - rb || compareText(a.path, b.path);
}

/** The rule set a dump shows: its events' family and backend (nft listings are nf_tables by nature). */
export function viewOf(d: Dump): { family: Family; backend: Backend | null; table: string } {
  let family: Family = 'ip';
  let backend: Backend | null = /\bnft\b/.test(d.form) ? 'nf_tables' : null;
  let table = 'nat';
  for (const e of [...d.chains.values(), ...d.jumps, ...d.masq, ...[...d.targets.values()].flat()]) {
    if (e.attrs.family === 'ip6') family = 'ip6';
    if (e.attrs.backend === 'nf_tables' || e.attrs.backend === 'legacy') backend = e.attrs.backend;
    if (typeof e.attrs.table === 'string') table = e.attrs.table;
  }
  return { family, backend, table };
}

/** Which rule a jump is, across views: its target chain, protocol and ports (portmap writes one per protocol). */
export function jumpKey(e: PmEvent): string {
  return `${e.attrs.target}|${e.attrs.proto ?? 'all'}|${portSet(e.attrs.ports)}`;
}

/** Ports in numeric order: nft may print a multiport set in another order than iptables. */
function portSet(ports: unknown): string {
  return Array.isArray(ports) ? [...(ports as number[])].sort((a, b) => a - b).join(',') : '';
}

/** Which DNAT rule a target is: its chain, protocol and host ports (the address is what views may disagree on). */
function targetKey(e: PmEvent): string {
  return `${e.attrs.chain}|${e.attrs.proto ?? 'all'}|${portSet(e.attrs.hostPorts)}`;
}

const masqKey = (e: PmEvent): string => `${e.attrs.target}|${e.attrs.ip ?? ''}`;

/** "sos_commands/firewall_tables/iptables_-t_nat_-nvL (iptables -nvL)". */
export function viewName(d: Dump): string {
  return `${d.path} (${d.form})`;
}

/** The view an event was read from, named the same way. */
function sourceView(e: PmEvent): string {
  return `${String(e.attrs.dump)} (${String(e.attrs.form)})`;
}

/**
 * Whether a view shows the chain of hostPort jumps at all: a whole-table dump does, a one-chain listing only if it is
 * that chain (CNI-HOSTPORT-DNAT; portmap's nftables backend has its own `hostports` chain, one dump per chain).
 */
function coversJumps(d: Dump): boolean {
  return d.wholeTable || d.jumps.length > 0 || d.chains.has('CNI-HOSTPORT-DNAT');
}

/** The dumps of one rule set before merging, and why an unsaid backend was taken as this one. */
interface Group {
  host: string;
  netns: string | null;
  table: string;
  family: Family;
  backend: Backend | null;
  views: Dump[];
  basis: string | null;
}

/**
 * sos networking's per-namespace dumps show that namespace's tables, not the node's: sos ≥ 4.3 files them as
 * namespaces/<ns>/ip_netns_exec_<ns>_iptables-save, earlier ones as ip_netns_exec_<ns>_iptables-save beside the rest.
 */
export function netnsOf(path: string): string | null {
  const name = path.split('/').pop() ?? '';
  return /^ip_netns_exec_(.+?)_ip6?tables/.exec(name)?.[1] ?? /(?:^|\/)namespaces\/([^/]+)\/[^/]+$/.exec(path)?.[1] ?? null;
}

/** Group the host's dumps into rule sets; a dump that does not say its backend joins the one the host's other views show. */
function groupViews(dumps: Dump[], notes: string[]): Group[] {
  const groups = new Map<string, Group>();
  const unsaid: { d: Dump; family: Family; table: string }[] = [];
  for (const d of dumps) {
    const v = viewOf(d);
    if (v.backend === null) {
      unsaid.push({ d, family: v.family, table: v.table });
      continue;
    }
    const netns = netnsOf(d.path);
    // Only iptables' nat table has several views; another table (portmap's nftables cni_hostport) stays as dumped.
    const key = `${d.host}|${netns}|${v.family}|${v.backend}${v.table === 'nat' ? '' : `|${v.table}|${d.path}`}`;
    const g = groups.get(key) ?? { host: d.host, netns, table: v.table, family: v.family, backend: v.backend, views: [], basis: null };
    g.views.push(d);
    groups.set(key, g);
  }
  for (const { d, family, table } of unsaid) {
    const netns = netnsOf(d.path);
    const known = [...groups.values()].filter((g) => g.host === d.host && g.netns === netns && g.table === table && g.family === family);
    // The host's default `iptables` is the backend of an iptables dump named without -legacy/-nft (plain iptables-save);
    // an nft listing says nothing about which binary `iptables` is.
    const plain = known.filter((g) => g.views.some((v) => v.form.startsWith('iptables') && !/ip6?tables-(legacy|nft)/.test(v.path.split('/').pop() ?? '')));
    const into = known.length === 1 ? known[0]! : plain.length === 1 ? plain[0]! : null;
    if (into) {
      into.views.push(d);
      const why = `${viewName(d)} does not say its backend: taken as ${into.backend}, ${known.length === 1 ? 'the only one' : 'the default iptables'} other views of this host show`;
      into.basis = into.basis ? `${into.basis}; ${why}` : why;
      continue;
    }
    if (known.length > 1) notes.push(`${viewName(d)} does not say whether it shows the legacy or the nf_tables rule set, and this host has both: kept apart from them`);
    const key = `${d.host}|${netns}|${family}|?`;
    const g = groups.get(key) ?? { host: d.host, netns, table, family, backend: null, views: [], basis: null };
    g.views.push(d);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** Merge one rule set's views: one event per rule (the best view's), echoes from the others, disputes where they differ. */
function mergeViews(g: Group, command: string): NatTable {
  const views = [...g.views].sort(compareViews);
  const best = views[0]!;
  const t: NatTable = {
    path: best.path,
    host: g.host,
    form: best.form,
    time: best.time,
    jumps: [],
    targets: new Map(),
    masq: [],
    chains: new Map(),
    wholeTable: views.some((v) => v.wholeTable),
    family: g.family,
    backend: g.backend,
    netns: g.netns,
    views,
    command,
    echoes: new Map(),
    disputes: new Map(),
    backendBasis: g.basis,
  };
  const dispute = (e: PmEvent, why: string): void => {
    const list = t.disputes.get(e) ?? [];
    if (!list.includes(why)) list.push(why);
    t.disputes.set(e, list);
  };
  mergeJumps(t, dispute);
  mergeTargets(t, dispute);
  const masq = new Map<string, PmEvent>();
  for (const v of views) {
    const keys = occurrences(v.masq, masqKey);
    v.masq.forEach((m, i) => addOnce(t, masq, keys[i]!, m, (e) => t.masq.push(e)));
  }
  for (const v of views) for (const [chain, decl] of v.chains) if (!t.chains.has(chain)) t.chains.set(chain, decl);
  return t;
}

/** Keep the first view's event for a key, and count the later ones as its echoes. */
function addOnce(t: NatTable, seen: Map<string, PmEvent>, key: string, e: PmEvent, add: (e: PmEvent) => void): PmEvent {
  const had = seen.get(key);
  if (had) {
    t.echoes.get(had)!.push(e);
    return had;
  }
  seen.set(key, e);
  t.echoes.set(e, []);
  add(e);
  return e;
}

/** Jumps in the best covering view's order, each other view's own jumps slotted after their predecessor there. */
function mergeJumps(t: NatTable, dispute: (e: PmEvent, why: string) => void): void {
  const seen = new Map<string, PmEvent>();
  const covering = t.views.filter(coversJumps);
  const keyed = covering.map((v) => ({ v, keys: occurrences(v.jumps, jumpKey) }));
  let order: string[] = [];
  for (const { v, keys } of keyed) {
    // One pass: a jump this view alone shows goes after the last jump it shares with the merged order (O(n)).
    const after = new Map<string, string[]>();
    let prev = '^';
    keys.forEach((k, i) => {
      if (seen.has(k)) {
        prev = k;
        t.echoes.get(seen.get(k)!)!.push(v.jumps[i]!);
        return;
      }
      const list = after.get(prev) ?? [];
      list.push(k);
      after.set(prev, list);
      seen.set(k, v.jumps[i]!);
      t.echoes.set(v.jumps[i]!, []);
    });
    order = [...(after.get('^') ?? []), ...order.flatMap((k) => [k, ...(after.get(k) ?? [])])];
  }
  t.jumps = order.map((k) => seen.get(k)!);
  for (const { v, keys } of keyed) {
    const have = new Set(keys);
    for (const [k, merged] of seen) {
      if (!have.has(k)) dispute(merged, `${viewName(v)} does not show the CNI-HOSTPORT-DNAT jump to ${merged.attrs.target} that ${sourceView(merged)} shows`);
    }
  }
  for (const { v, keys } of keyed.slice(1)) markInversions(keyed[0]!.keys, keys, (k) => dispute(seen.get(k)!, `${viewName(v)} lists the jump to ${seen.get(k)!.attrs.target} in another order in CNI-HOSTPORT-DNAT than ${viewName(keyed[0]!.v)}`));
}

/** A key per rule occurrence in one view: the same rule twice in one chain (or one per pod in portmap's nftables chain) is two rules. */
function occurrences(events: PmEvent[], key: (e: PmEvent) => string): string[] {
  const counts = new Map<string, number>();
  return events.map((e) => {
    const k = key(e);
    const n = (counts.get(k) ?? 0) + 1;
    counts.set(k, n);
    return `${k}#${n}`;
  });
}

/** Keys of `order` whose place relative to another shared key differs in `other`: each end of every swapped pair, in O(n). */
export function markInversions(order: string[], other: string[], mark: (key: string) => void): void {
  const at = new Map(other.map((k, i) => [k, i]));
  const shared = order.filter((k) => at.has(k));
  const idx = shared.map((k) => at.get(k)!);
  const suffixMin: number[] = new Array<number>(idx.length);
  for (let i = idx.length - 1, min = Infinity; i >= 0; i--) suffixMin[i] = min = Math.min(min, idx[i]!);
  for (let i = 0, max = -Infinity; i < idx.length; i++) {
    const later = i + 1 < idx.length ? suffixMin[i + 1]! : Infinity;
    if (max > idx[i]! || later < idx[i]!) mark(shared[i]!);
    max = Math.max(max, idx[i]!);
  }
}

/** DNAT targets per chain; a view that does not show the address (nft's untranslated xt DNAT) yields to one that does. */
function mergeTargets(t: NatTable, dispute: (e: PmEvent, why: string) => void): void {
  const seen = new Map<string, PmEvent>();
  for (const v of t.views) {
    for (const [chain, list] of v.targets) {
      const keys = occurrences(list, targetKey);
      for (const [i, e] of list.entries()) {
        const k = keys[i]!;
        const had = seen.get(k);
        const shown = typeof e.attrs.ip === 'string' && e.attrs.ip !== '';
        if (had && !(typeof had.attrs.ip === 'string' && had.attrs.ip !== '') && shown) {
          // The earlier view did not show the address: this one's event stands for the rule, the other is its echo.
          const list2 = t.targets.get(chain)!;
          list2[list2.indexOf(had)] = e;
          t.echoes.set(e, [had, ...t.echoes.get(had)!]);
          t.echoes.delete(had);
          seen.set(k, e);
          continue;
        }
        const merged = addOnce(t, seen, k, e, (x) => {
          const l = t.targets.get(chain) ?? [];
          l.push(x);
          t.targets.set(chain, l);
        });
        if (merged !== e && shown && `${merged.attrs.ip}:${merged.attrs.port}` !== `${e.attrs.ip}:${e.attrs.port}`)
          dispute(merged, `${chain} DNATs ${e.attrs.proto}/${(e.attrs.hostPorts as number[]).join(',')} to ${merged.attrs.ip}:${merged.attrs.port} in ${sourceView(merged)} but to ${e.attrs.ip}:${e.attrs.port} in ${viewName(v)}`);
      }
    }
  }
}

/** The command for a rule set: the family's, with -legacy/-nft when the host has both backends for it. */
function commandFor(family: Family, backend: Backend | null, both: boolean): string {
  const bin = family === 'ip6' ? 'ip6tables' : 'iptables';
  if (!both || backend === null) return bin;
  return `${bin}-${backend === 'legacy' ? 'legacy' : 'nft'}`;
}

/** Each host's rule sets, merged from its dumps, in host/family/backend order; contradictions also go to `notes`. */
export function natTables(dumps: Dump[], notes: string[]): NatTable[] {
  const groups = groupViews(dumps, notes);
  const backends = new Map<string, Set<Backend | null>>();
  const where = (g: Group): string => `${g.host}|${g.netns}|${g.family}`;
  for (const g of groups) backends.set(where(g), (backends.get(where(g)) ?? new Set()).add(g.backend));
  const tables = groups.map((g) => {
    const set = backends.get(where(g))!;
    const command = commandFor(g.family, g.backend, set.has('legacy') && set.has('nf_tables'));
    return mergeViews(g, g.netns ? `ip netns exec ${g.netns} ${command}` : command);
  });
  tables.sort((a, b) => compareText(a.host, b.host) || compareText(a.netns ?? '', b.netns ?? '') || compareText(a.family, b.family) || Number(a.backend === null) - Number(b.backend === null) || compareText(a.backend ?? '', b.backend ?? '') || compareText(a.path, b.path));
  for (const t of tables) for (const [e, why] of t.disputes) for (const w of why) notes.push(`${t.host}: views of the ${t.family} nat table disagree (${e.source.path}:${e.source.line}): ${w}`);
  notes.push(...crossBackendNotes(tables));
  return tables;
}

/** Each event's rule set and the merged event that stands for its rule, for one timeline's tables. */
const OWNERS = new WeakMap<PmEvent, { table: NatTable; rule: PmEvent }>();

/** Index every view's events by the merged rule they show (called once the tables are built). */
export function indexTables(tables: NatTable[]): void {
  for (const t of tables) {
    for (const [rule, echoes] of t.echoes) for (const e of [rule, ...echoes]) OWNERS.set(e, { table: t, rule });
    for (const v of t.views) for (const d of v.chains.values()) if (!OWNERS.has(d)) OWNERS.set(d, { table: t, rule: d });
  }
}

/** The rule set an event was dumped from, and the merged event standing for its rule (itself when it is the one). */
export function ruleOf(e: PmEvent): { table: NatTable; rule: PmEvent } | undefined {
  return OWNERS.get(e);
}

/** A merged rule with the same rule as every other view shows it. */
export function withEchoes(t: NatTable, e: PmEvent): PmEvent[] {
  return [e, ...(t.echoes.get(e) ?? [])];
}

/** Hosts whose legacy and nf_tables rule sets both DNAT a port: two tables, so no rule order decides between them. */
export function crossBackendNotes(tables: NatTable[]): string[] {
  const notes: string[] = [];
  for (const legacy of tables.filter((t) => t.backend === 'legacy')) {
    const nft = tables.find((t) => t.host === legacy.host && t.netns === legacy.netns && t.family === legacy.family && t.backend === 'nf_tables');
    if (!nft) continue;
    const ports = (t: NatTable): Map<string, string> => {
      const m = new Map<string, string>();
      for (const j of t.jumps) for (const p of (j.attrs.ports as number[] | undefined) ?? []) if (!m.has(`${j.attrs.proto}/${p}`)) m.set(`${j.attrs.proto}/${p}`, String(j.attrs.target));
      return m;
    };
    const a = ports(legacy);
    const b = ports(nft);
    const both = [...a.keys()].filter((k) => b.has(k));
    if (both.length === 0) continue;
    notes.push(
      `${legacy.host}: the legacy and the nf_tables ${legacy.family} nat tables both DNAT ${both.slice(0, 8).join(', ')}${both.length > 8 ? ' …' : ''} (legacy ${a.get(both[0]!)} in ${legacy.path}, nf_tables ${b.get(both[0]!)} in ${nft.path}): two rule sets, not one chain, so neither shadows the other by rule order; the kernel applies whichever nat hook runs first`,
    );
  }
  return notes;
}
