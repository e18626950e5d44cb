// Words for the report on which firewall view each host's nat findings rest on, what each view loses, and why.

import { dnatChainName } from './chain-hash.js';
import type { NatTable } from './nat-tables.js';
import type { Timeline } from './timeline.js';
import type { Assumption } from '../time/clock.js';

/** What a dump form keeps and loses, as a reader of the findings needs to know it. */
function formWords(form: string): string {
  if (form === 'iptables-save') return 'iptables-save: every rule as iptables-restore takes it, portmap comments (sandbox IDs) kept';
  if (form === 'iptables -S') return 'iptables -S: rules in argument form, comments kept, no counters and no capture time';
  if (form === 'iptables -nvL') return 'iptables -nvL: columns, comments kept, matches shown as text (the -D spec is rebuilt from them)';
  if (/\bnft\b/.test(form)) return `${form}: nft's translation drops the -m comment text, so chains are matched to sandboxes by hash`;
  return form;
}

/** Where a bundle file came from, by its sos path. */
function collectedBy(path: string): string {
  if (path.includes('sos_commands/firewall_tables/')) return 'sos firewall_tables';
  if (path.includes('sos_commands/networking/')) return 'sos networking';
  return 'collected by hand';
}

/** Jumps whose comment names no sandbox (nft, or a cut comment) but whose chain is portmap's hash of a known ID. */
function hashMatched(tl: Timeline, t: NatTable): string[] {
  const nets = new Set<string>();
  for (const j of t.jumps) {
    if (j.attrs.cniId || !j.ids[0]) continue;
    const c = tl.containers.get(j.ids[0]);
    for (const n of c?.networks ?? []) if (dnatChainName(n, j.ids[0]) === j.attrs.target) nets.add(n);
  }
  return [...nets].sort();
}

/** One assumption per rule set: the view findings quote, the others merged into it, and what the views lose. */
function tableAssumption(tl: Timeline, t: NatTable): Assumption {
  const best = t.views[0]!;
  const others = t.views.slice(1);
  const nets = hashMatched(tl, t);
  const basis = [
    `findings quote ${best.path} (${formWords(best.form)}; ${collectedBy(best.path)})`,
    ...(others.length ? [`also shown by ${others.map((v) => `${v.path} (${v.form})`).join(', ')}: merged, each rule once, every view's line kept as evidence`] : []),
    ...(nets.length ? [`chains matched by hash with network ${nets.join(', ')}`] : []),
    ...(t.disputes.size ? [`the views disagree on ${t.disputes.size} rule${t.disputes.size === 1 ? '' : 's'} (see the notes); findings on them are inconclusive`] : []),
    ...(t.backendBasis ? [t.backendBasis] : []),
  ];
  return { host: t.host, what: `firewall view of the ${t.family} nat table (${t.backend ?? 'backend not said'})${t.netns ? ` of network namespace ${t.netns}` : ''}`, value: best.path, basis: basis.join('; ') };
}

/** The report's view lines: one assumption per rule set, and a note on every dump file saying which rule set it shows. */
export function viewNotes(tl: Timeline): { assumptions: Assumption[]; inputNotes: Map<string, string[]> } {
  const assumptions: Assumption[] = [];
  const inputNotes = new Map<string, string[]>();
  for (const t of tl.tables) {
    assumptions.push(tableAssumption(tl, t));
    const best = t.views[0]!;
    for (const v of t.views) {
      const role = t.views.length === 1 ? 'its only view' : v === best ? `the view its findings quote, merged with ${t.views.length - 1} other view${t.views.length > 2 ? 's' : ''}` : `merged with ${best.path}, which its findings quote`;
      const list = inputNotes.get(v.path) ?? [];
      list.push(`${t.family} nat table (${t.backend ?? 'backend not said'}) of ${t.netns ? `network namespace ${t.netns} on ` : ''}${t.host}: ${role}`);
      inputNotes.set(v.path, list);
    }
  }
  return { assumptions, inputNotes };
}
