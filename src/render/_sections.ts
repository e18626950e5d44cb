// What every report renderer shows the same way: finding order and numbers, coverage, cleanup groups, timeline slices.

import type { PmEvent } from '../events/types.js';
import type { FindingOut, Report } from '../report.js';
import { compareEvents, type Timeline } from '../timeline/timeline.js';

/** A finding with its number in the report (1-based) and whether it is inconclusive. */
export interface Numbered {
  n: number;
  f: FindingOut;
  inconclusive: boolean;
}

/** Inconclusive: the rule could not decide for lack of coverage (severity info, or its summary says so). */
export function isInconclusive(f: FindingOut): boolean {
  return f.inconclusive !== null || f.severity === 'info' || /\binconclusive\b/i.test(f.summary);
}

/** Conclusive findings first (report order), then the inconclusive ones, numbered 1… in that order. */
export function numbered(report: Report): Numbered[] {
  const all = report.findings.map((f) => ({ f, inconclusive: isInconclusive(f) }));
  return [...all.filter((x) => !x.inconclusive), ...all.filter((x) => x.inconclusive)].map((x, i) => ({ n: i + 1, ...x }));
}

/** Rules that did not run, with the reason (no input of the kind they need, or --only/--skip). */
export function skippedRules(report: Report): Report['rules'] {
  return report.rules.filter((r) => r.status === 'skipped');
}

/** The first 12 hex digits, as docker prints them. */
export function shortId(id: string | null): string {
  return id ? id.slice(0, 12) : '-';
}

/** Pods known for a container (from the report's container list). */
export function podsOf(report: Report, host: string, id: string | null): string[] {
  if (!id) return [];
  return report.containers.find((c) => c.id === id && c.host === host)?.pods ?? [];
}

/** ISO-8601 UTC with up to microseconds → µs since the epoch. */
export function isoToUs(iso: string): number {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6})\d*)?Z$/.exec(iso);
  if (!m) return Date.parse(iso) * 1000;
  return Date.parse(m[1] + 'Z') * 1000 + Number(((m[2] ?? '') + '000000').slice(0, 6));
}

/** A remediation item is a shell command unless it reads as a sentence (starts with a capital letter). */
export function isCommand(item: string): boolean {
  return !/^[A-Z]/.test(item.trim());
}

export interface CleanupGroup {
  host: string;
  containerId: string | null;
  rules: string[];
  commands: string[];
  /** Prose steps (not commands), kept as comments in the copy-paste block. */
  steps: string[];
}

/** Remediation of all conclusive findings, grouped per sandbox in finding order, each command once. */
export function cleanupGroups(list: Numbered[]): CleanupGroup[] {
  const groups: CleanupGroup[] = [];
  const seen = new Set<string>();
  for (const { f, inconclusive } of list) {
    if (inconclusive || f.remediation.length === 0) continue;
    let g = groups.find((x) => x.host === f.host && x.containerId === f.containerId);
    if (!g) {
      g = { host: f.host, containerId: f.containerId, rules: [], commands: [], steps: [] };
      groups.push(g);
    }
    if (!g.rules.includes(f.rule)) g.rules.push(f.rule);
    for (const item of f.remediation) {
      const key = `${f.host}|${f.containerId}|${item}`;
      if (seen.has(key)) continue;
      seen.add(key);
      (isCommand(item) ? g.commands : g.steps).push(item);
    }
  }
  return groups;
}

/** Wrap prose to a width (`measure` gives a string's width: characters by default, terminal columns for the table). */
export function wrap(text: string, width: number, measure: (s: string) => number = (s) => s.length): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && measure(line) + 1 + measure(word) > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

/** Kinds that tell the story around a sandbox though they name none: deploy steps and daemon starts/stops. */
export function isHostContext(e: PmEvent): boolean {
  return e.kind === 'deploy.step' || e.kind.startsWith('daemon.');
}

export interface Slice {
  host: string;
  containerId: string;
  pods: string[];
  from: number;
  to: number;
  events: PmEvent[];
  /** The sandbox's own events outside the window or without a time. */
  left: number;
}

/** Minutes either side of a finding that a timeline slice shows. */
export const SLICE_MARGIN_US = 5 * 60_000_000;

/**
 * Each affected sandbox's events within ±5 minutes of its findings, with the host's deploy steps and daemon
 * starts/stops in that window, in timeline order.
 */
export function timelineSlices(report: Report, tl: Timeline, list: Numbered[]): Slice[] {
  const slices: Slice[] = [];
  for (const { f } of list) {
    if (!f.containerId || slices.some((s) => s.host === f.host && s.containerId === f.containerId)) continue;
    const c = tl.containers.get(f.containerId);
    if (!c) continue;
    const times = list.filter((x) => x.f.host === f.host && x.f.containerId === f.containerId && x.f.time).map((x) => isoToUs(x.f.time!));
    const own = c.events.filter((e) => e.time !== null).map((e) => e.time!);
    // reduce, not Math.min(...list): a container's events can outnumber the arguments a call takes.
    const lo = (times.length ? times : own).reduce((m, t) => Math.min(m, t), Infinity);
    const hi = (times.length ? times : own).reduce((m, t) => Math.max(m, t), -Infinity);
    if (!Number.isFinite(lo)) continue;
    const from = lo - SLICE_MARGIN_US;
    const to = hi + SLICE_MARGIN_US;
    const inWindow = (e: PmEvent): boolean => e.time !== null && e.time >= from && e.time <= to;
    const mine = c.events.filter(inWindow);
    const context = tl.events.filter((e) => e.host === c.host && isHostContext(e) && !e.ids.includes(c.id) && inWindow(e));
    slices.push({ host: f.host, containerId: f.containerId, pods: podsOf(report, f.host, f.containerId), from, to, events: [...mine, ...context].sort(compareEvents), left: c.events.length - mine.length });
  }
  return slices;
}

/** First line of a text, cut to a width with an ellipsis. */
export function oneLine(text: string, max: number): string {
  const first = text.split('\n')[0]!.replace(/\r$/, '');
  return first.length > max ? first.slice(0, max - 1) + '…' : first;
}
