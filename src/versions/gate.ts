// Version-gated rules: `when: { containerd: ">=1.7.23 <1.7.31 || …" }` asked of the version that ran at a moment.

import type * as Semver from 'semver';
import type { PmEvent } from '../events/types.js';
import { lazy } from '../lazy.js';
import type { Timeline } from '../timeline/timeline.js';
import { versionAt } from './software.js';

// Loaded when a gated rule first asks (or a rule file with `when` is read), not at every start.
const semver = lazy<typeof Semver>('semver');

/** Why a `when` range is refused, or null: semver's own range grammar ("the field's standard", as npm reads it). */
export function rangeProblem(range: string): string | null {
  return semver().validRange(range) === null ? `"${range}" is not a semver range (e.g. ">=1.7.23 <1.7.31 || >=2.0.0 <2.0.8")` : null;
}

/** The version a program printed, as semver compares it: "v1.7.24", "1.7.24+unknown", "28.5.1-1", "17.09.0-ce". */
export function comparable(version: string): Semver.SemVer | null {
  const clean = semver().valid(version.replace(/^v/, ''));
  // A build's own suffixes ("-ce", "-1", "-rc.1") would read as prereleases, which no plain range admits: a
  // version is its release number here, as vendors' ranges in advisories mean it.
  // Docker's old calendar versions pad the month ("17.09.0-ce"), which semver refuses: 17.9.0.
  return semver().coerce(clean ?? version.replace(/(^|\.)0+(\d)/g, '$1$2'));
}

/** What the gate decided for one match. */
export interface GateResult {
  /** true: every program's version is in its range; false: one is known and out of it; null: one is unknown. */
  applies: boolean | null;
  /** The version lines the decision rests on. */
  evidence: PmEvent[];
  /** The versions found, by program (for messages). */
  versions: Record<string, string>;
  /** Why the decision is not certain (versions unknown or assumed), or null. */
  doubt: string | null;
}

/** Whether a rule gated on `when` applies on `host` at instant `t`. */
export function gate(tl: Timeline, host: string, when: Readonly<Record<string, string>>, t: number | null): GateResult {
  const evidence: PmEvent[] = [];
  const versions: Record<string, string> = {};
  const unknown: string[] = [];
  const assumed: string[] = [];
  for (const [name, range] of Object.entries(when)) {
    const at = versionAt(tl, host, name, t);
    if (at === null) {
      unknown.push(name);
      continue;
    }
    versions[name] = at.version;
    evidence.push(at.evidence);
    const v = comparable(at.version);
    if (v === null) {
      unknown.push(`${name} (its version "${at.version}" is not a release number)`);
      continue;
    }
    if (!semver().satisfies(v, range)) return { applies: false, evidence, versions, doubt: null };
    if (at.assumed !== null) assumed.push(at.assumed);
  }
  if (unknown.length > 0) return { applies: null, evidence, versions, doubt: `version unknown: the bundle does not say which ${unknown.join(', ')} ran on ${host || 'this host'} at that moment` };
  return { applies: true, evidence, versions, doubt: assumed.length > 0 ? `version assumed: ${assumed.join('; ')}` : null };
}
