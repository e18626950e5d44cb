// What the bundle's journals cover: per file, the identifiers seen and the span of time, so a rule only
// claims that something did not happen where the bundle could have shown it.

import type { LocalStamp } from '../events/types.js';
import { formatUs } from '../time/stamp.js';

/** One journal file's reach: its host, the identifiers it holds and the first and last instants. */
export interface Coverage {
  host: string;
  path: string;
  idents: string[];
  from: number | null;
  to: number | null;
  /** sos cut the file to its size limit (it keeps the newest part): the journal's first line is where it starts. */
  cut?: SosCut;
}

/** A command output sos cut to its size limit, as its manifest (or log) says. */
export interface SosCut {
  /** Bundle root the file belongs to, and its path there (sos_strings/<plugin>/<name>.tailed). */
  root: string;
  file: string;
  command: string;
  limitMiB: number | null;
  /** Where sos said so: path:line. */
  basis: string;
}

/** "journal cut by sos at N MiB: coverage starts <time>" (the reason an absence before it cannot be claimed). */
export function cutReason(c: Coverage): string | null {
  if (!c.cut || c.from === null) return null;
  return `journal cut by sos at ${c.cut.limitMiB === null ? 'its size limit' : `${c.cut.limitMiB} MiB`}: coverage starts ${formatUs(c.from)}`;
}

/**
 * Mark the journals sos cut (by their path in the bundle: the .tailed file, or the sos_commands name sos links
 * to it) and say so in the assumptions.
 */
export function markCuts(coverage: Coverage[], cuts: readonly SosCut[]): { host: string; what: string; value: string; basis: string }[] {
  const out: { host: string; what: string; value: string; basis: string }[] = [];
  for (const cut of cuts) {
    const names = [`${cut.root}/${cut.file}`, `${cut.root}/${cut.file.replace(/^sos_strings\//, 'sos_commands/').replace(/\.tailed$/, '')}`];
    for (const c of coverage) {
      if (!names.includes(c.path) || c.cut) continue;
      c.cut = cut;
      const [what, value] = cutReason(c)?.split(': coverage starts ') ?? [`journal cut by sos`, 'no timed line'];
      out.push({ host: c.host, what: `${what} (${c.path})`, value: `coverage starts ${value}`, basis: `${cut.basis}: sos ran \`${cut.command}\` and kept the newest part of its output` });
    }
  }
  return out;
}

/**
 * Why the journals of `host` cannot show what happened at instant `t` (-Infinity: at some time before anything
 * logged), or null when one covers it (or the host has no journal: not this question). An absence claimed there
 * is not evidence.
 */
export function uncoveredAt(coverage: Coverage[], host: string, t: number): string | null {
  const mine = coverage.filter((c) => c.host === host && c.from !== null);
  if (mine.length === 0) return null;
  if (mine.some((c) => c.from! <= t && (c.to === null || t <= c.to))) return null;
  const later = mine.filter((c) => c.from! > t).sort((a, b) => a.from! - b.from!);
  if (later.length === 0) return null;
  const cut = later.find((c) => c.cut);
  return cut ? cutReason(cut) : `the journals of ${host} start at ${formatUs(later[0]!.from!)}`;
}

/** The sos cut of a journal of `host`, as a reason, when one was cut (the first by start). */
export function hostCut(coverage: Coverage[], host: string): string | null {
  const cut = coverage.filter((c) => c.host === host && c.cut && c.from !== null).sort((a, b) => a.from! - b.from!)[0];
  return cut ? cutReason(cut) : null;
}

/** Identifiers a journal file's coverage lists: a node's journal holds a few dozen; a hostile one, one a line. */
export const IDENTS_PER_FILE = 256;

/** Collects a journal file's identifiers and first/last stamps while it streams (bounded: IDENTS_PER_FILE). */
export class CoverageTracker {
  readonly idents = new Set<string>();
  first: { stamp: LocalStamp | null; absUs: number | null } | null = null;
  last: { stamp: LocalStamp | null; absUs: number | null } | null = null;

  add(ident: string | null, stamp: LocalStamp | null, absUs: number | null): void {
    if (ident && this.idents.size < IDENTS_PER_FILE) this.idents.add(ident);
    if (!stamp && absUs === null) return;
    const at = { stamp, absUs };
    this.first ??= at;
    this.last = at;
  }
}

/** Whether some journal of `host` holds lines of `ident` around instant `t`. */
export function covers(coverage: Coverage[], host: string, ident: string, t: number): boolean {
  return coverage.some((c) => c.host === host && c.idents.includes(ident) && c.from !== null && c.to !== null && c.from <= t && t <= c.to);
}

/** The last instant any journal of `host` covers, or null. */
export function coverageEnd(coverage: Coverage[], host: string): number | null {
  let end: number | null = null;
  for (const c of coverage) if (c.host === host && c.to !== null && (end === null || c.to > end)) end = c.to;
  return end;
}
