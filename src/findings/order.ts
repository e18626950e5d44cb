// The one canonical ordering of findings, so reports are byte-identical run after run.

import { severityRank, type Finding } from './types.js';
import { compareText } from '../text-order.js';

/** Severity (highest first), then time (timeless last), then rule, then container ID. */
export function compareFindings(a: Finding, b: Finding): number {
  const s = severityRank(b.severity) - severityRank(a.severity);
  if (s !== 0) return s;
  if (a.time !== b.time) {
    if (a.time === null) return 1;
    if (b.time === null) return -1;
    return a.time - b.time;
  }
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  return compareText(a.containerId ?? '', b.containerId ?? '');
}
