// The timeline as text: one block per container (events in time order with path:line), then each host's other events.

import type { PmEvent } from '../events/types.js';
import { isoTime } from '../report.js';
import type { Container, Timeline } from '../timeline/timeline.js';
import { oneLine } from './_sections.js';
import type { HostClock } from './outline.js';
import { compareText } from '../text-order.js';

export interface TimelineSelection {
  /** Events to show. */
  keep: (e: PmEvent) => boolean;
  /** Only these containers (and no block of container-less events); all when undefined. */
  containers?: ReadonlySet<string>;
  /** Show a container even when no event of it is kept (no event filter is active). */
  showEmpty?: boolean;
  /** The hosts' clocks: each time also on its host's clock, where the zone is known. */
  clock?: HostClock;
}

/** A block's heading note when its host's clock is known: what the second time column is. */
function clockNote(host: string | null, clock: HostClock | undefined): string {
  const zone = clock?.zoneOf(host) ?? null;
  return zone ? ` · times in UTC, then on the host's clock (${zone})` : '';
}

function line(e: PmEvent, clock: HostClock | undefined): string {
  const utc = isoTime(e.time) ?? '(no time)                 ';
  // Only hosts whose zone is known get the column: "2024-09-14 11:39:43.530", or blanks for a timeless event.
  const local = clock?.zoneOf(e.host) ? `${(e.time === null ? '' : clock.at(e.host, e.time)!.slice(0, 23)).padEnd(23)}  ` : '';
  return `   ${utc}  ${local}${e.kind.padEnd(24)} ${e.source.path}:${e.source.line}  ${oneLine(e.text, 160)}`;
}

/** Render the selected part of the timeline as text. */
export function renderTimelineText(tl: Timeline, sel: TimelineSelection): string {
  const first = (c: Container): number => c.events.find((e) => e.time !== null)?.time ?? Infinity;
  const containers = [...tl.containers.values()]
    .filter((c) => !sel.containers || sel.containers.has(c.id))
    .sort((a, b) => compareText(a.host, b.host) || first(a) - first(b) || compareText(a.id, b.id));
  const out: string[] = [];
  for (const c of containers) {
    const events = c.events.filter(sel.keep);
    if (events.length === 0 && !sel.showEmpty) continue;
    out.push(`== ${c.id} on ${c.host}${c.isSandbox ? ' (sandbox)' : ''}${clockNote(c.host, sel.clock)}`);
    const facts = [c.pods.size ? `pods ${[...c.pods].join(', ')}` : '', c.ips.size ? `ips ${[...c.ips].join(', ')}` : '', c.chains.size ? `chains ${[...c.chains].join(', ')}` : ''].filter(Boolean);
    if (facts.length) out.push(`   ${facts.join('; ')}`);
    for (const e of events) out.push(line(e, sel.clock));
    out.push('');
  }
  if (!sel.containers) {
    const byHost = new Map<string, PmEvent[]>();
    for (const e of tl.events) if (e.ids.length === 0 && sel.keep(e)) byHost.set(e.host ?? '', [...(byHost.get(e.host ?? '') ?? []), e]);
    for (const h of [...byHost.keys()].sort()) {
      out.push(`== ${h || '(unknown host)'}: events naming no container${clockNote(h || null, sel.clock)}`);
      for (const e of byHost.get(h)!) out.push(line(e, sel.clock));
      out.push('');
    }
  }
  return out.join('\n');
}
