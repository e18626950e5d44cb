// Findings: what a rule reports, with evidence and the commands that would clean up (never run by us).

import type { PmEvent } from '../events/types.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export interface Finding {
  rule: string;
  severity: Severity;
  title: string;
  summary: string;
  /** Which of the rule's `meta.messages` the summary was filled from (not rendered: RuleTester checks it). */
  messageId?: string;
  host: string;
  containerId: string | null;
  time: number | null;
  evidence: PmEvent[];
  remediation: string[];
  /** Why the rule could not decide for sure (missing coverage or proof), or absent when it could. */
  inconclusive?: string;
}

/** Severity rank: critical 4 … info 0. */
export function severityRank(s: Severity): number {
  return 4 - SEVERITIES.indexOf(s);
}
