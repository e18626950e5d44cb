// Rule metadata and the check signature shared by every rule.

import type { Finding, Severity } from '../findings/types.js';
import type { Timeline } from '../timeline/timeline.js';

export interface RuleMeta {
  id: string;
  title: string;
  severity: Severity;
  description: string;
  howItDecides: string;
  falsePositives: string[];
  remediation: string;
  references: string[];
}

export interface Rule {
  meta: RuleMeta;
  /** Inputs the rule needs; when none is present it is listed as skipped. */
  needs: string[];
  /** Where a data rule was loaded from (YAML file); built-in code rules have none. */
  source?: string;
  check(tl: Timeline): Finding[];
}
