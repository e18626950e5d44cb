// The analysis as data: podmortem.report/v1, the one shape every renderer reads.

import type { PmEvent } from './events/types.js';
import { compareFindings } from './findings/order.js';
import type { Finding } from './findings/types.js';
import { ingest, type IngestOptions } from './ingest.js';
import type { IngestStats } from './ingest/stats.js';
import { RULES } from './rules/index.js';
import type { Rule } from './rules/types.js';
import { collectIfMany } from './full-collection.js';
import { formatUs } from './time/stamp.js';
import type { Reboot } from './timeline/boots.js';
import { buildTimeline, type Timeline } from './timeline/timeline.js';
import { viewNotes } from './timeline/view-notes.js';
import type { Assumption } from './time/clock.js';
import { compareText } from './text-order.js';
import type { Unrecognized } from './unrecognized/book.js';
import { softwareOf } from './versions/software.js';
import { mark } from './ingest/trace.js';

export interface EvidenceOut {
  path: string;
  line: number;
  /** Last line of a multi-line piece of evidence; present only when it is after `line`. */
  endLine?: number;
  time: string | null;
  text: string;
}

export interface FindingOut {
  rule: string;
  severity: string;
  title: string;
  summary: string;
  host: string;
  containerId: string | null;
  time: string | null;
  evidence: EvidenceOut[];
  remediation: string[];
  /** Other findings on the same sandbox, by rule id: one incident seen from several sides. */
  related: string[];
  /** Why the rule could not decide for sure, or null. */
  inconclusive: string | null;
}

export interface InputOut {
  path: string;
  format: string | null;
  host: string | null;
  lines: number;
  records: number;
  events: number;
  unparsed: number;
  notes: string[];
  why: string;
  unparsedReasons: Record<string, number>;
  unparsedSamples: { line: number; reason: string; excerpt: string }[];
}

export interface ContainerOut {
  id: string;
  host: string;
  sandbox: boolean;
  pods: string[];
  ips: string[];
  chains: string[];
  firstSeen: string | null;
  lastSeen: string | null;
  events: number;
}

/** One version of one program on a host, from when it was first seen until another version was. */
export interface ComponentOut {
  name: string;
  /** As printed ("1.7.24", "v1.31.4"); null when the program's lines are in the bundle but no version line is. */
  version: string | null;
  /** The iptables backend ("nf_tables", "legacy"); null for other programs. */
  detail: string | null;
  since: string | null;
  until: string | null;
  /** Where the version was read: "self" (the program's own start line), "iptables-save", "package list", …. */
  via: string[];
  evidence: EvidenceOut[];
}

export interface HostOut {
  name: string;
  components: ComponentOut[];
}

export interface Report {
  schema: 'podmortem.report/v1';
  tool: { name: 'podmortem'; version: string };
  inputs: InputOut[];
  assumptions: Assumption[];
  rules: { id: string; severity: string; title: string; status: 'ran' | 'skipped'; reason: string | null }[];
  findings: FindingOut[];
  containers: ContainerOut[];
  /** Each host's software versions over time (added in podmortem 0.1: schema v1 stays, the field is additive). */
  hosts: HostOut[];
  notes: string[];
  /** With --unrecognized only: the followed daemons' lines no component read, by template. */
  unrecognized?: Unrecognized;
  /** Only when a host rebooted inside the logs: each reboot, host then time order (timeline/boots.ts). */
  reboots?: RebootOut[];
}

/** A reboot as the report shows it: the boot it began and the one it ended, the last entry before, its signs. */
export interface RebootOut {
  host: string;
  /** The new boot's first entry, ISO-8601 UTC. */
  time: string | null;
  boot: string | null;
  previous: string | null;
  /** The last entry the logs hold of the previous boot. */
  lastBefore: EvidenceOut | null;
  evidence: EvidenceOut[];
}

export interface Analysis {
  report: Report;
  timeline: Timeline;
  /** Which reading paths ingest took (set by analyze(); never rendered: it depends on the CPUs). */
  ingest?: IngestStats;
}

function rebootOut(r: Reboot): RebootOut {
  const ev = (e: PmEvent): EvidenceOut => ({ path: e.source.path, line: e.source.line, time: isoTime(e.time), text: e.text });
  return { host: r.host, time: isoTime(r.time), boot: r.boot, previous: r.previous, lastBefore: r.lastBefore ? ev(r.lastBefore) : null, evidence: r.signs.map(ev) };
}

/** ISO-8601 UTC with microseconds, or null. */
export function isoTime(us: number | null): string | null {
  return us === null ? null : formatUs(us);
}

/** Evidence lines in time order, each position once. */
export function evidenceOut(events: PmEvent[]): EvidenceOut[] {
  const seen = new Set<string>();
  const out: EvidenceOut[] = [];
  for (const e of events) {
    const key = `${e.source.path}:${e.source.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path: e.source.path, line: e.source.line, ...(e.endLine !== undefined && e.endLine > e.source.line ? { endLine: e.endLine } : {}), time: isoTime(e.time), text: e.text });
  }
  return out;
}

function findingOut(f: Finding): FindingOut {
  return { rule: f.rule, severity: f.severity, title: f.title, summary: f.summary, host: f.host, containerId: f.containerId, time: isoTime(f.time), evidence: evidenceOut(f.evidence), remediation: f.remediation, related: [], inconclusive: f.inconclusive ?? null };
}

/** At most 100 timeline notes in a report; the rest are counted. */
function capNotes(notes: string[]): string[] {
  return notes.length <= 100 ? notes : [...notes.slice(0, 100), `(${notes.length - 100} more notes like these)`];
}

/** Point findings on the same sandbox at each other. */
function linkRelated(findings: FindingOut[]): FindingOut[] {
  // Grouped by sandbox first: comparing every finding with every other took minutes with tens of thousands.
  const bySandbox = new Map<string, FindingOut[]>();
  for (const f of findings) {
    if (!f.containerId) continue;
    const key = `${f.host}\u0000${f.containerId}`;
    const group = bySandbox.get(key);
    if (group) group.push(f);
    else bySandbox.set(key, [f]);
  }
  for (const group of bySandbox.values()) for (const f of group) f.related = group.filter((g) => g !== f).map((g) => g.rule);
  return findings;
}

/** Every host of the inputs, each with the versions of its programs, in host order. */
function hostsOut(tl: Timeline, inputHosts: (string | null)[]): HostOut[] {
  const hosts = new Map<string, ComponentOut[]>();
  for (const h of inputHosts) if (h) hosts.set(h, []);
  for (const s of softwareOf(tl)) {
    const list = hosts.get(s.host) ?? [];
    list.push({ name: s.name, version: s.version, detail: s.detail, since: isoTime(s.since), until: isoTime(s.until), via: s.via, evidence: evidenceOut(s.evidence) });
    hosts.set(s.host, list);
  }
  return [...hosts.entries()].sort(([a], [b]) => compareText(a, b)).map(([name, components]) => ({ name, components }));
}

/** Which kinds of input each rule needs, to list rules skipped for lack of input. */
function present(tl: Timeline): Set<string> {
  const s = new Set<string>();
  if (tl.dumps.length > 0) s.add('iptables');
  // Daemon logs: the journal in any export mode, or plain logrus/klog files.
  if (tl.events.some((e) => e.domain !== 'capture' && e.kind !== 'deploy.step' && e.kind !== 'bundle.captured')) s.add('journal');
  if (tl.leaseFolders.length > 0) s.add('ipam');
  if (tl.dumps.length > 0 || tl.leaseFolders.length > 0 || tl.events.some((e) => e.kind === 'cni.cache.present')) s.add('state');
  return s;
}

/** Which rules run: the loaded set (default: built-in), narrowed by --only/--skip. */
export interface RuleSelection {
  rules?: readonly Rule[];
  only?: string[];
  skip?: string[];
}

/** Why a rule is not run (left out by --only/--skip, or an input it needs is missing), or null when it runs. */
function whyNotRun(rule: Rule, selection: RuleSelection, have: ReadonlySet<string>): string | null {
  if (selection.only && !selection.only.includes(rule.meta.id)) return 'not in --only';
  if (selection.skip?.includes(rule.meta.id)) return 'in --skip';
  const missing = rule.needs.filter((n) => !have.has(n));
  return missing.length > 0 ? `no ${missing.join(', ')} input` : null;
}

/** Run the whole pipeline on the inputs and build the report. */
export async function analyze(inputs: string[], opts: IngestOptions, version: string, selection: RuleSelection = {}): Promise<Analysis> {
  const ing = await ingest(inputs, opts);
  mark('ingest done');
  collectIfMany(ing.events.length);
  const tl = buildTimeline(ing.events, ing.coverage);
  mark('timeline built');
  const have = present(tl);
  const findings: Finding[] = [];
  const rules: Report['rules'] = [];
  for (const rule of selection.rules ?? RULES) {
    const notRun = whyNotRun(rule, selection, have);
    rules.push({ id: rule.meta.id, severity: rule.meta.severity, title: rule.meta.title, status: notRun === null ? 'ran' : 'skipped', reason: notRun });
    if (notRun === null) findings.push(...rule.check(tl));
  }
  findings.sort(compareFindings);
  const containers: ContainerOut[] = [...tl.containers.values()]
    .map((c) => {
      const first = c.events.find((e) => e.time !== null);
      let last: PmEvent | undefined;
      for (let k = c.events.length - 1; k >= 0 && last === undefined; k--) if (c.events[k]!.time !== null) last = c.events[k];
      return {
        id: c.id,
        host: c.host,
        sandbox: c.isSandbox,
        pods: [...c.pods].sort(),
        ips: [...c.ips].sort(),
        chains: [...c.chains].sort(),
        firstSeen: isoTime(first?.time ?? null),
        lastSeen: isoTime(last?.time ?? null),
        events: c.events.length,
      };
    })
    .sort((a, b) => compareText(a.host, b.host) || compareText(a.firstSeen ?? '~', b.firstSeen ?? '~') || compareText(a.id, b.id));
  const views = viewNotes(tl);
  const report: Report = {
    schema: 'podmortem.report/v1',
    tool: { name: 'podmortem', version },
    inputs: ing.inputs.map((s) => ({ path: s.path, format: s.format, host: s.host, lines: s.lines, records: s.records, events: s.events, unparsed: s.unparsed, notes: [...s.notes, ...(views.inputNotes.get(s.path) ?? [])], why: s.why, unparsedReasons: s.unparsedReasons, unparsedSamples: s.unparsedSamples })),
    assumptions: [...ing.assumptions, ...views.assumptions],
    rules,
    findings: linkRelated(findings.map(findingOut)),
    containers,
    hosts: hostsOut(tl, ing.inputs.map((s) => s.host)),
    notes: capNotes([...new Set(tl.notes)]),
  };
  if (ing.unrecognized !== null) report.unrecognized = ing.unrecognized;
  if (tl.reboots.length > 0) report.reboots = tl.reboots.map(rebootOut);
  mark('rules run, report made');
  return { report, timeline: tl, ingest: ing.stats };
}
