// The report as every human-readable renderer shows it: typed sections in one order (diagnosis, findings, cleanup,
// reboots, timeline slices, software, inputs, assumptions, rules not run, inconclusive). md, HTML and table only
// format it.

import { SEVERITIES, type Severity } from '../findings/types.js';
import type { EvidenceOut, InputOut, RebootOut, Report } from '../report.js';
import type { Assumption } from '../time/clock.js';
import type { PmEvent } from '../events/types.js';
import { durationWords, hostTime, isUtcZone } from '../time/human.js';
import type { Timeline } from '../timeline/timeline.js';
import type { Unrecognized } from '../unrecognized/book.js';
import { softwareSection, type SoftwareSection } from './_software.js';
import { cleanupGroups, isoToUs, numbered, oneLine, podsOf, shortId, skippedRules, timelineSlices, wrap, type CleanupGroup, type Numbered, type Slice } from './_sections.js';

/** What happened on the host shortly before a finding, and how long before: "1.6 s after deploy step …". */
export interface Anchor {
  /** The span in words ("4 min 12 s"). */
  words: string;
  /** The event, as people name it: `deploy step "停止docker"`, `dockerd stopping`. */
  what: string;
  /** Its path:line. */
  where: string;
}

/** A finding as shown: its number, the pods of its sandbox, its time on the host's clock, what came just before. */
export interface FindingView extends Numbered {
  pods: string[];
  /** The finding's time on its host's clock, when the host's zone is known and is not UTC. */
  hostTime: string | null;
  after: Anchor | null;
}

/** The opening line: the worst conclusive finding, or how many rules found nothing. */
export interface Diagnosis {
  top: FindingView | null;
  rulesRan: number;
  rulesSkipped: number;
}

/** The numbers under the diagnosis. */
export interface Counts {
  findings: number;
  /** Conclusive findings per severity, worst first; severities with none left out. */
  bySeverity: [Severity, number][];
  sandboxes: number;
  inconclusive: number;
  rulesRan: number;
  rulesTotal: number;
  filesRead: number;
  /** Hosts of the files read and of the findings, sorted. */
  hosts: string[];
}

export interface CleanupView extends CleanupGroup {
  pods: string[];
}

export interface RulesNotRun {
  total: number;
  skipped: Report['rules'];
}

export interface ReportOutline {
  diagnosis: Diagnosis;
  counts: Counts;
  /** Conclusive findings, in report order. */
  findings: FindingView[];
  cleanup: CleanupView[];
  /** Hosts' reboots inside the logs (a sandbox alive at one ended there); empty without any. */
  reboots: RebootOut[];
  /** Each host's program versions (report.hosts); null when no host has one to show. */
  software: SoftwareSection | null;
  /** Each affected sandbox's events around its findings; null when the renderer was given no timeline. */
  slices: Slice[] | null;
  inputs: { read: InputOut[]; unread: InputOut[] };
  unrecognized: Unrecognized | null;
  assumptions: Assumption[];
  notes: string[];
  rulesNotRun: RulesNotRun;
  /** Findings the rules could not decide, numbered after the conclusive ones. */
  inconclusive: FindingView[];
  tool: { version: string; schema: string };
  /** Each host's clock, to show any instant of the report on it too. */
  clock: HostClock;
}

export interface OutlineOptions {
  /** The timeline: what happened on the host before each finding, and the slices. */
  timeline?: Timeline;
  /** Cut the affected sandboxes' timeline slices (Markdown shows them). */
  slices?: boolean;
}

/** Every host's zone as the report found it (or --tz set it): UTC instants shown on the host's own clock. */
export class HostClock {
  private readonly zones = new Map<string, string>();

  constructor(assumptions: Assumption[]) {
    // "UTC assumed" is no reading of the host's clock: nothing to show beside the UTC time.
    for (const a of assumptions) if (a.what === 'time zone' && !a.basis.startsWith('no dated line') && !isUtcZone(a.value)) this.zones.set(a.host, a.value);
  }

  /** The host's zone when known and not UTC. */
  zoneOf(host: string | null): string | null {
    return host === null ? null : (this.zones.get(host) ?? null);
  }

  /** An ISO-8601 UTC time (or µs) on the host's clock, "2024-09-14 11:39:43.530 +08:00", or null. */
  at(host: string | null, time: string | number | null): string | null {
    const zone = this.zoneOf(host);
    if (zone === null || time === null) return null;
    return hostTime(typeof time === 'number' ? time : isoToUs(time), zone);
  }

  /** The same, short for lists of instants: "11:39:43.530 +08:00", with the date only when it is not the UTC date. */
  short(host: string | null, time: string | null): string | null {
    const full = this.at(host, time);
    if (full === null || time === null) return null;
    return full.slice(0, 10) === time.slice(0, 10) ? full.slice(11) : full;
  }
}

/** Deploy steps and daemon starts/stops per host, in time order: what a finding is dated against. */
type Anchors = Map<string, { steps: PmEvent[]; daemons: PmEvent[] }>;

function anchorsOf(tl: Timeline | undefined): Anchors {
  const by: Anchors = new Map();
  if (!tl) return by;
  for (const e of tl.events) {
    if (e.time === null || e.host === null || (e.kind !== 'deploy.step' && !e.kind.startsWith('daemon.'))) continue;
    let h = by.get(e.host);
    if (!h) by.set(e.host, (h = { steps: [], daemons: [] }));
    (e.kind === 'deploy.step' ? h.steps : h.daemons).push(e);
  }
  for (const h of by.values()) for (const list of [h.steps, h.daemons]) list.sort((a, b) => a.time! - b.time!);
  return by;
}

/** How far back a deploy step or daemon event still explains a finding. */
const ANCHOR_WINDOW_US = 3_600_000_000;

function lastBefore(list: PmEvent[], us: number): PmEvent | null {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.time! <= us) lo = mid + 1;
    else hi = mid;
  }
  const e = list[lo - 1];
  return e && us - e.time! <= ANCHOR_WINDOW_US ? e : null;
}

/** The last deploy step within the hour before a finding (the operator's doing), else the last daemon start/stop. */
function anchorOf(anchors: Anchors, host: string, time: string | null): Anchor | null {
  const h = anchors.get(host);
  if (!h || time === null) return null;
  const us = isoToUs(time);
  const e = lastBefore(h.steps, us) ?? lastBefore(h.daemons, us);
  if (!e) return null;
  const what = e.kind === 'deploy.step' ? `deploy step "${typeof e.attrs.step === 'string' ? e.attrs.step : oneLine(e.text, 60)}"` : `${String(e.attrs.daemon ?? 'daemon')} ${e.kind.slice('daemon.'.length)}`;
  return { words: durationWords(us - e.time!), what, where: `${e.source.path}:${e.source.line}` };
}

/** The report's sections, in the order the renderers show them. */
export function buildOutline(report: Report, opts: OutlineOptions = {}): ReportOutline {
  const clock = new HostClock(report.assumptions);
  const anchors = anchorsOf(opts.timeline);
  const view = (x: Numbered): FindingView => ({ ...x, pods: podsOf(report, x.f.host, x.f.containerId), hostTime: clock.at(x.f.host, x.f.time), after: anchorOf(anchors, x.f.host, x.f.time) });
  const list = numbered(report).map(view);
  const main = list.filter((x) => !x.inconclusive);
  const skipped = skippedRules(report);
  const read = report.inputs.filter((i) => i.format);
  return {
    diagnosis: { top: main[0] ?? null, rulesRan: report.rules.length - skipped.length, rulesSkipped: skipped.length },
    counts: counts(report, main, list.length - main.length, read),
    findings: main,
    cleanup: cleanupGroups(main).map((g) => ({ ...g, pods: podsOf(report, g.host, g.containerId) })),
    reboots: report.reboots ?? [],
    software: softwareSection(report),
    slices: opts.timeline && opts.slices ? timelineSlices(report, opts.timeline, main) : null,
    inputs: { read, unread: report.inputs.filter((i) => !i.format) },
    unrecognized: report.unrecognized ?? null,
    assumptions: report.assumptions,
    notes: report.notes,
    rulesNotRun: { total: report.rules.length, skipped },
    inconclusive: list.filter((x) => x.inconclusive),
    tool: { version: report.tool.version, schema: report.schema },
    clock,
  };
}

function counts(report: Report, main: FindingView[], inconclusive: number, read: InputOut[]): Counts {
  const bySeverity = SEVERITIES.map((s) => [s, main.filter((x) => x.f.severity === s).length] as [Severity, number]).filter(([, n]) => n > 0);
  const hosts = new Set([...read.map((i) => i.host ?? ''), ...report.findings.map((f) => f.host)].filter(Boolean));
  const skipped = skippedRules(report).length;
  return {
    findings: main.length,
    bySeverity,
    sandboxes: new Set(main.filter((x) => x.f.containerId).map((x) => `${x.f.host}|${x.f.containerId}`)).size,
    inconclusive,
    rulesRan: report.rules.length - skipped,
    rulesTotal: report.rules.length,
    filesRead: read.length,
    hosts: [...hosts].sort(),
  };
}

/** "3 findings (1 critical, 2 high)": the severity breakdown as words. */
export function severityWords(c: Counts): string {
  return c.bySeverity.map(([s, n]) => `${n} ${s}`).join(', ');
}

/** `s` when a count is not one. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** The sentence for a report without findings. */
export function noFindingsSentence(d: Diagnosis): string {
  return `None of the ${d.rulesRan} rules that ran found a broken sandbox setup or teardown or the state one leaves.`;
}

/** Where a piece of evidence is: `path:line` or `path:line-end`. */
export function evidenceWhere(e: EvidenceOut): string {
  return `${e.path}:${e.line}${e.endLine ? `-${e.endLine}` : ''}`;
}

/** The sandbox a cleanup group is for, with its pods when asked: "sandbox fb7cdb0a4f8d (default/app-0)". */
export function cleanupSubject(g: CleanupView, withPods: boolean): string {
  if (!g.containerId) return 'no sandbox';
  return `sandbox ${shortId(g.containerId)}${withPods && g.pods.length ? ` (${g.pods.join(', ')})` : ''}`;
}

export interface ScriptOptions {
  /** A `# sandbox … on host: rules` line above each group; 'several': only when there is more than one group. */
  headers: 'always' | 'several';
  /** Name the pods in the header lines. */
  pods: boolean;
  /** A blank line between groups. */
  gap: boolean;
  /** Width prose steps are wrapped to, and how a string's width is measured. */
  width: number;
  measure?: (s: string) => number;
  /** Applied to each header line (the table cuts it to the terminal's width). */
  header?: (line: string) => string;
}

/** The cleanup block as shell lines: commands as they are, prose steps as wrapped comments. */
export function cleanupScript(groups: CleanupView[], o: ScriptOptions): string[] {
  const lines: string[] = [];
  const headers = o.headers === 'always' || groups.length > 1;
  for (const g of groups) {
    if (headers) {
      if (o.gap && lines.length) lines.push('');
      const line = `# ${cleanupSubject(g, o.pods)} on ${g.host}: ${g.rules.join(', ')}`;
      lines.push(o.header ? o.header(line) : line);
    }
    lines.push(...g.commands);
    for (const s of g.steps) lines.push(...wrap(s, o.width, o.measure).map((l) => `# ${l}`));
  }
  return lines;
}
