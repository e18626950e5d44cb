// `podmortem timeline <inputs…>`: the per-container timeline as text, or every event as Timesketch JSONL/CSV; filters.

import type { Command } from 'commander';
import { EVENT_KINDS, type EventKind } from '../../events/vocabulary.js';
import type { PmEvent } from '../../events/types.js';
import { analyze } from '../../report.js';
import { renderCsv } from '../../render/csv.js';
import { renderJsonl } from '../../render/jsonl.js';
import { timeless } from '../../render/_timesketch.js';
import { HostClock } from '../../render/outline.js';
import { renderTimelineText } from '../../render/timeline-text.js';
import { parseDuration } from '../../rules/engine/duration.js';
import type { Assumption } from '../../time/clock.js';
import { wallToUs } from '../../time/human.js';
import { parsePastedTime } from '../../time/pasted.js';
import { formatUs, stampToUs } from '../../time/stamp.js';
import type { Timeline } from '../../timeline/timeline.js';
import { addClockOptions, clockOptions, resolveInputs, version, type CommonOptions } from '../common.js';
import { EXIT_OK, UserError } from '../exit-codes.js';
import type { Io } from '../io.js';
import { addBundleOptions, bundleRun, type BundleCliOptions } from '../bundle-options.js';

export interface TimelineOptions extends CommonOptions, BundleCliOptions {
  format?: string;
  container?: string;
  /** Here --host filters; --as-host is the override the other commands call --host. */
  asHost?: string;
  since?: string;
  until?: string;
  around?: string;
  window?: string;
  kinds?: string;
}

const FORMATS = ['text', 'jsonl', 'csv'];

/** How to read a pasted time that lacks a zone or a year: as the bundle's own lines were read. */
export interface InstantContext {
  /** The zone of the hosts the filter looks at, and whose it is; null when they differ (`mixed` names them). */
  zone: { value: string; basis: string } | null;
  mixed: string | null;
  /** --year, else the year that puts the time within (or nearest to) the events' span. */
  year: number | null;
  span: { from: number; to: number } | null;
}

const FORMS = 'write it as 2024-09-14T03:39:43Z, 2024-09-14T11:39:43+08:00, 2024-09-14 11:39 (the host\'s clock) or Sep 14 11:39:02 (as journalctl prints it)';

/** The year, among those the events span, that puts a year-less wall time within or nearest to them. */
function yearFor(wall: (year: number) => number, span: { from: number; to: number }): number {
  const first = new Date(span.from / 1000).getUTCFullYear();
  const last = new Date(span.to / 1000).getUTCFullYear();
  let best = first;
  let bestGap = Infinity;
  for (let y = first - 1; y <= last + 1; y++) {
    const us = wall(y);
    const gap = us < span.from ? span.from - us : us > span.to ? us - span.to : 0;
    if (gap < bestGap) [best, bestGap] = [y, gap];
  }
  return best;
}

/**
 * A --since/--until/--around value → µs since the epoch, and a note saying what was assumed (zone, year) when
 * the text did not say it. A time without a zone is on the hosts' clock, a time without a year in the events' year.
 */
export function parseInstant(text: string, flag: string, ctx: InstantContext): { us: number; note: string | null } {
  const s = parsePastedTime(text);
  if (!s) throw new UserError(`${flag} "${text}" is not a time podmortem reads: ${FORMS}.`);
  if (s.year !== null && s.offsetMin !== null) return { us: stampToUs(s, s.year, s.offsetMin), note: null };
  if (s.offsetMin === null && ctx.mixed !== null) throw new UserError(`${flag} "${text}" has no zone and the hosts' clocks differ (${ctx.mixed}): add Z or an offset such as +08:00, or pick one host with --host.`);
  const zone = s.offsetMin === null ? (ctx.zone ?? { value: '+00:00', basis: 'no host zone known' }) : null;
  const wall = (year: number): number => (zone ? wallToUs(year, s.month, s.day, s.hour, s.minute, s.second, s.micro, zone.value) : stampToUs(s, year, s.offsetMin!));
  let year = s.year ?? ctx.year;
  const said: string[] = [];
  if (year === null) {
    if (!ctx.span) throw new UserError(`${flag} "${text}" has no year and no event has a time to take it from: add the year (2024-09-14 11:39) or give --year.`);
    year = yearFor(wall, ctx.span);
    said.push(`year ${year} from the events`);
  } else if (s.year === null) said.push(`year ${year} from --year`);
  if (zone) said.push(`zone ${zone.value} (${zone.basis})`);
  const us = wall(year);
  return { us, note: `${flag} "${text}" read as ${formatUs(us)}: ${said.join(', ')}` };
}

/** Zone, year and span for reading pasted times, from the hosts the filter looks at. */
export function instantContext(tl: Timeline, assumptions: Assumption[], o: TimelineOptions): InstantContext {
  const zones = new Map<string, string>();
  for (const a of assumptions) if (a.what === 'time zone' && (o.host === undefined || a.host === o.host)) zones.set(a.host, a.value);
  const values = [...new Set(zones.values())];
  const hosts = [...zones.keys()].sort();
  let from = Infinity;
  let to = -Infinity;
  for (const e of tl.events) {
    if (e.time === null || (o.host !== undefined && e.host !== o.host)) continue;
    from = Math.min(from, e.time);
    to = Math.max(to, e.time);
  }
  return {
    zone: values.length === 1 ? { value: values[0]!, basis: hosts.length === 1 ? `the clock of ${hosts[0]}` : `the clock of every host` } : null,
    mixed: values.length > 1 ? hosts.map((h) => `${h} ${zones.get(h)}`).join(', ') : null,
    year: o.year !== undefined ? Number(o.year) : null,
    span: from <= to ? { from, to } : null,
  };
}

/** Containers a --container value names: ID or prefix, CNI chain, IP or pod name (namespace optional). */
export function matchContainers(tl: Timeline, key: string): Set<string> {
  const k = key.toLowerCase();
  return new Set([...tl.containers.values()].filter((c) => c.id.startsWith(k) || c.chains.has(key) || c.ips.has(key) || c.pods.has(key) || [...c.pods].some((p) => p.endsWith('/' + key))).map((c) => c.id));
}

/** --kinds: comma list of kinds, each exact or a prefix ending in `*` (`sandbox.*`). */
export function kindMatcher(text: string): (k: EventKind) => boolean {
  const known = Object.keys(EVENT_KINDS) as EventKind[];
  const tests = text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
    .map((item) => {
      const test = item.endsWith('*') ? (k: string) => k.startsWith(item.slice(0, -1)) : (k: string) => k === item;
      if (!known.some(test)) throw new UserError(`--kinds names "${item}", which matches no event kind: use kinds such as sandbox.stop.failed or prefixes such as sandbox.* (the list is in src/events/vocabulary.ts).`);
      return test;
    });
  if (tests.length === 0) throw new UserError('--kinds is empty: give a comma list such as deploy.step,daemon.*');
  return (k) => tests.some((t) => t(k));
}

/** The event filter the options describe; timeless events never pass a time filter. */
export function eventFilter(tl: Timeline, o: TimelineOptions, assumptions: Assumption[] = []): { keep: (e: PmEvent) => boolean; containers?: Set<string>; timed: boolean; notes: string[] } {
  let containers: Set<string> | undefined;
  if (o.container) {
    containers = matchContainers(tl, o.container);
    if (containers.size === 0) throw new UserError(`No container matches "${o.container}": give an ID or prefix, a CNI chain, an IP or a pod name.`);
  }
  if (o.host !== undefined && !tl.events.some((e) => e.host === o.host)) {
    const hosts = [...new Set(tl.events.map((e) => e.host).filter((h): h is string => !!h))].sort();
    throw new UserError(`--host "${o.host}" matches no host in the inputs: they hold ${hosts.length ? hosts.join(', ') : 'no host'}.`);
  }
  if (o.window !== undefined && o.around === undefined) throw new UserError('--window needs --around TIME: it is the span either side of that instant.');
  const ctx = instantContext(tl, assumptions, o);
  const notes: string[] = [];
  const instant = (text: string, flag: string): number => {
    const r = parseInstant(text, flag, ctx);
    if (r.note) notes.push(r.note);
    return r.us;
  };
  let from = -Infinity;
  let to = Infinity;
  if (o.since !== undefined) from = instant(o.since, '--since');
  if (o.until !== undefined) to = instant(o.until, '--until');
  if (o.around !== undefined) {
    const at = instant(o.around, '--around');
    const span = parseDuration(o.window ?? '5m');
    if (span === null) throw new UserError(`--window "${o.window}" is not a duration: write it as 30s, 5m or 1h.`);
    from = Math.max(from, at - span);
    to = Math.min(to, at + span);
  }
  if (from > to) throw new UserError('The time filters leave no instant: --since is after --until (or outside --around/--window).');
  const timed = from !== -Infinity || to !== Infinity;
  const kinds = o.kinds !== undefined ? kindMatcher(o.kinds) : null;
  const keep = (e: PmEvent): boolean =>
    (o.host === undefined || e.host === o.host) &&
    (!containers || e.ids.some((id) => containers.has(id))) &&
    (!timed || (e.time !== null && e.time >= from && e.time <= to)) &&
    (!kinds || kinds(e.kind));
  return { keep, containers, timed: timed || kinds !== null || o.host !== undefined, notes };
}

/** Run the timeline command; returns the exit code. */
export async function runTimeline(inputs: string[], opts: TimelineOptions, io: Io): Promise<number> {
  const format = opts.format ?? 'text';
  if (!FORMATS.includes(format)) throw new UserError(`--format "${format}" is not one of ${FORMATS.join(', ')}.`);
  const run = bundleRun(opts, io);
  const { timeline, report } = await analyze(resolveInputs(inputs), { ...clockOptions({ ...opts, host: opts.asHost }), bundle: run.discover }, version()).finally(() => run.done());
  const f = eventFilter(timeline, opts, report.assumptions);
  for (const n of f.notes) io.stderr.write(`podmortem: ${n}\n`);
  if (format === 'text') {
    io.stdout.write(renderTimelineText(timeline, { keep: f.keep, containers: f.containers, showEmpty: !f.timed, clock: new HostClock(report.assumptions) }));
    return EXIT_OK;
  }
  const events = timeline.events.filter(f.keep);
  io.stdout.write(format === 'csv' ? renderCsv(events) : renderJsonl(events));
  const dropped = timeless(events);
  if (dropped > 0) io.stderr.write(`podmortem: ${dropped} event${dropped === 1 ? '' : 's'} without a time left out of the ${format} export (Timesketch needs a datetime); the text timeline lists them.\n`);
  return EXIT_OK;
}

export function register(program: Command, io: Io, done: (code: number) => void): void {
  const cmd = program
    .command('timeline')
    .description('print the timeline of every container (or some) keyed by container ID, or export every event for Timesketch')
    .argument('[inputs...]', 'bundle folders or files')
    .option('-f, --format <format>', 'text | jsonl | csv (jsonl, csv: Timesketch columns)', 'text')
    .option('-c, --container <id>', 'only this container: ID, prefix, CNI chain, IP or pod name')
    .option('--host <name>', 'only events of this host')
    .option('--since <time>', "only events at or after this time: 2024-09-14T03:39:43Z, or without a zone on the host's clock (2024-09-14 11:39, Sep 14 11:39:02 as journalctl prints it)")
    .option('--until <time>', 'only events at or before this time (the forms of --since)')
    .option('--around <time>', 'only events within --window of this time (the forms of --since)')
    .option('--window <span>', 'span either side of --around (30s, 5m, 1h; default 5m)')
    .option('--kinds <list>', 'only these event kinds, comma-separated; a trailing * matches a prefix (sandbox.*)')
    .action(async (inputs: string[], opts: TimelineOptions) => done(await runTimeline(inputs, opts, io)));
  // Here --host filters: the override every other command calls --host is --as-host.
  addClockOptions(cmd, { hostFlag: '--as-host' });
  addBundleOptions(cmd);
}
