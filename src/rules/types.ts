// Rule metadata and the check signature shared by every rule, in eslint's shape: `meta` with message templates
// keyed by a message-id union, and logic that only reports (messageId, data, evidence).

import type { Finding, Severity } from '../findings/types.js';
import type { Timeline } from '../timeline/timeline.js';

/**
 * One thing a rule can say: a template whose `{{name}}` placeholders are filled from the finding's data, and the
 * severity of a finding that says it when that is not the rule's own (a severity ladder lives here, not in code).
 */
export type RuleMessage = string | { text: string; severity: Severity };

export interface RuleMeta<MessageId extends string = string> {
  id: string;
  title: string;
  /** The rule's severity: its worst case, and that of every message that names none. */
  severity: Severity;
  description: string;
  howItDecides: string;
  /** Message templates by id: a finding is always one of these, filled with its data (typescript-eslint's `createRule<[], MessageId>`). */
  messages: Record<MessageId, RuleMessage>;
  falsePositives: string[];
  /** What the rule cannot see or decide, by design or for lack of input (STYLE §1): the reader's "why did it not …?". */
  limitations: string[];
  /** Named exclusions with their reasons (Sigma's `filter_*`): cases that look like the incident and are not. */
  exclusions?: Record<string, string>;
  /** The versions the rule is about, a semver range per program (a YAML rule's `when`); absent: every version. */
  versions?: Record<string, string>;
  remediation: string;
  references: string[];
}

export interface Rule<MessageId extends string = string> {
  meta: RuleMeta<MessageId>;
  /** Inputs the rule needs; when none is present it is listed as skipped. */
  needs: string[];
  /** Where a data rule was loaded from (YAML file); built-in code rules have none. */
  source?: string;
  check(tl: Timeline): Finding[];
}
