// The run's last pass, once every file is read: each root's host settled, the clock resolved, and every event
// given its ingest order, instant and host; inputs sorted, coverage made from the trackers.

import type { InputStat } from '../diagnostics/counters.js';
import { settleEvent } from '../events/settle.js';
import type { PmEvent } from '../events/types.js';
import { compareText } from '../text-order.js';
import type { ClockBook } from '../time/clock.js';
import type { Coverage } from '../timeline/coverage.js';
import type { RunBook } from './run-book.js';

/** Archive and compression suffixes a root's name loses when it is the host's name. */
const PACKED = /\.(tar\.(gz|xz|zst|bz2)|tgz|txz|tzst|tar|zip|gz|xz|zst)$/;

/**
 * The host of a bundle root: --host, else the name the bundle states (hostname file), else the name most of its
 * journal records give, else the root's own name without its sos prefix and archive suffix.
 */
export function hostsOf(run: Pick<RunBook, 'rootHostname' | 'rootJournalHosts'>, host: string | null): (root: string) => string {
  return (root) => {
    if (host) return host;
    const named = run.rootHostname.get(root);
    if (named) return named;
    const votes = run.rootJournalHosts.get(root);
    if (votes && votes.size > 0) return [...votes].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))[0]![0];
    return root.split('/').pop()!.replace(/^sosreport-/, '').replace(PACKED, '');
  };
}

/** Give every event its ingest order, instant and host (after clock.resolve()), and settle it (events/settle.ts). */
export function stampEvents(events: PmEvent[], clock: ClockBook, hostOfRoot: (root: string) => string): void {
  // Every file is read: a root's host is settled, and looked up once (votes are sorted to find it).
  const hostOf = new Map<string, string>();
  for (let k = 0; k < events.length; k++) {
    const e = events[k]!;
    // Ingest order: the event's place in the run's list (what run.seq gave it when it came; joinPart leaves it).
    e.seq = k;
    e.time = clock.instant(e.stamp, e.absUs, e.domain, e.clockKey);
    // Whole-second envelope, finer daemon stamp within the same second: keep the finer one.
    if (e.time !== null && e.fineUs != null && Math.abs(e.fineUs - e.time) < 1_000_000) e.time = e.fineUs;
    settleEvent(e);
    let host = hostOf.get(e.host!);
    if (host === undefined) hostOf.set(e.host!, (host = hostOfRoot(e.host!)));
    e.host = host;
  }
}

/** Each input's host (when a format read it), the hosts by root, and the inputs in path order. */
export function settleInputs(stats: InputStat[], hostOfRoot: (root: string) => string): Map<string, string> {
  for (const s of stats) s.host = s.format ? hostOfRoot(s.root) : null;
  const hosts = new Map<string, string>();
  for (const s of stats) hosts.set(s.root, hostOfRoot(s.root));
  stats.sort((a, b) => compareText(a.path, b.path));
  return hosts;
}

/** What each journal file covers, its span as instants. */
export function coverageOf(run: RunBook, hostOfRoot: (root: string) => string): Coverage[] {
  const clock = run.clock;
  return [...run.trackers].map(([path, { root, tracker }]) => ({
    host: hostOfRoot(root),
    path,
    idents: [...tracker.idents].sort(),
    from: tracker.first ? clock.instant(tracker.first.stamp, tracker.first.absUs, 'journal', path) : null,
    to: tracker.last ? clock.instant(tracker.last.stamp, tracker.last.absUs, 'journal', path) : null,
  }));
}
