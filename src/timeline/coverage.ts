// What the bundle's journals cover: per file, the identifiers seen and the span of time, so a rule only
// claims that something did not happen where the bundle could have shown it.

import type { LocalStamp } from '../events/types.js';

/** One journal file's reach: its host, the identifiers it holds and the first and last instants. */
export interface Coverage {
  host: string;
  path: string;
  idents: string[];
  from: number | null;
  to: number | null;
}

/** Collects a journal file's identifiers and first/last stamps while it streams (bounded: 256 identifiers). */
export class CoverageTracker {
  readonly idents = new Set<string>();
  first: { stamp: LocalStamp | null; absUs: number | null } | null = null;
  last: { stamp: LocalStamp | null; absUs: number | null } | null = null;

  add(ident: string | null, stamp: LocalStamp | null, absUs: number | null): void {
    if (ident && this.idents.size < 256) this.idents.add(ident);
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
