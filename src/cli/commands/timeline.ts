// `podmortem timeline <inputs…>`: the per-container timeline as text, or every event as Timesketch JSONL/CSV; filters.

import type { Command } from 'commander';
import { EVENT_KINDS, type EventKind } from '../../events/vocabulary.js';
import type { PmEvent } from '../../events/types.js';
import { analyze } from '../../report.js';
import { renderCsv } from '../../render/csv.js';
import { renderJsonl } from '../../render/jsonl.js';
import { timeless } from '../../render/_timesketch.js';
import { renderTimelineText } from '../../render/timeline-text.js';
import { parseDuration } from '../../rules/engine/duration.js';
import { parseIso, stampToUs } from '../../time/stamp.js';
import type { Timeline } from '../../timeline/timeline.js';
import { clockOptions, resolveInputs, version, type CommonOptions } from '../common.js';
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

/** ISO-8601 with a zone ("2024-09-14T03:39:43Z", "2024-09-14T11:39:43+08:00") → µs since the epoch. */
export function parseInstant(text: string, flag: string): number {
  const s = parseIso(text.trim());
  if (!s || s.year === null) throw new UserError(`${flag} "${text}" is not an ISO-8601 time: write it as 2024-09-14T03:39:43Z or 2024-09-14T11:39:43+08:00.`);
  if (s.offsetMin === null) throw new UserError(`${flag} "${text}" has no zone: add Z (UTC) or an offset such as +08:00, so it names one instant.`);
  return stampToUs(s, s.year, s.offsetMin);
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
export function eventFilter(tl: Timeline, o: TimelineOptions): { keep: (e: PmEvent) => boolean; containers?: Set<string>; timed: boolean } {
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
  let from = -Infinity;
  let to = Infinity;
  if (o.since !== undefined) from = parseInstant(o.since, '--since');
  if (o.until !== undefined) to = parseInstant(o.until, '--until');
  if (o.around !== undefined) {
    const at = parseInstant(o.around, '--around');
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
  return { keep, containers, timed: timed || kinds !== null || o.host !== undefined };
}

/** Run the timeline command; returns the exit code. */
export async function runTimeline(inputs: string[], opts: TimelineOptions, io: Io): Promise<number> {
  const format = opts.format ?? 'text';
  if (!FORMATS.includes(format)) throw new UserError(`--format "${format}" is not one of ${FORMATS.join(', ')}.`);
  const run = bundleRun(opts, io);
  const { timeline } = await analyze(resolveInputs(inputs), { ...clockOptions({ ...opts, host: opts.asHost }), bundle: run.discover }, version()).finally(() => run.done());
  const f = eventFilter(timeline, opts);
  if (format === 'text') {
    io.stdout.write(renderTimelineText(timeline, { keep: f.keep, containers: f.containers, showEmpty: !f.timed }));
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
    .option('--since <time>', 'only events at or after this ISO-8601 time with zone (2024-09-14T03:39:43Z)')
    .option('--until <time>', 'only events at or before this ISO-8601 time with zone')
    .option('--around <time>', 'only events within --window of this ISO-8601 time with zone')
    .option('--window <span>', 'span either side of --around (30s, 5m, 1h; default 5m)')
    .option('--kinds <list>', 'only these event kinds, comma-separated; a trailing * matches a prefix (sandbox.*)')
    .option('--tz <zone>', 'time zone of the hosts (IANA name or +08:00)')
    .option('--year <year>', 'year of year-less timestamps')
    .option('--as-host <name>', 'host name for every input, overrides inference (what --host is for the other commands)')
    .action(async (inputs: string[], opts: TimelineOptions) => done(await runTimeline(inputs, opts, io)));
  addBundleOptions(cmd);
}
