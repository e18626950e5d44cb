// Sequence/absence rules as data: the shape a YAML rule file is validated into.

import type { EventKind } from '../../events/vocabulary.js';
import type { RuleMeta } from '../types.js';

/** Attribute condition: exact value, one of several, or a /regex/. */
export type AttrCond = string | number | boolean | (string | number)[] | { regex: string };

export interface StepSpec {
  name: string;
  kinds: EventKind[];
  where: Record<string, AttrCond>;
  /** An absent step: no matching event for the same entity in its window. */
  absent: boolean;
  /** For absent steps: window around the previous positive step (µs), either order. */
  aroundUs: number | null;
  /** For absent steps after the last positive one: until the end of the bundle. */
  untilEnd: boolean;
}

/**
 * A named exclusion, as Sigma's `filter_*` blocks (`selection and not filter_x`): an event that matches step `step`
 * and also matches this (its kinds, when given, and every `where` condition) is not taken as that step.
 */
export interface ExclusionSpec {
  /** `filter_<words>`: the name the doc and the finding's reader see next to its reason. */
  name: string;
  /** Why an event it matches is not the incident (shown in the rule's doc). */
  reason: string;
  step: string;
  /** Empty: any of the step's kinds. */
  kinds: EventKind[];
  where: Record<string, AttrCond>;
}

export interface SequenceRuleSpec {
  meta: RuleMeta;
  /** Entity key: every event of one sandbox/container. */
  by: 'sandbox' | 'container';
  maxspanUs: number | null;
  steps: StepSpec[];
  /** Named exclusions of step events, each with its reason. */
  exclusions: ExclusionSpec[];
  /** State at collection that must exist for the entity (any of these kinds), e.g. a surviving lease. */
  state: EventKind[];
  /** Per surviving state event: a command template over its attributes, e.g. "rm -f /var/lib/cni/networks/{{network}}/{{ip}}". */
  remediationEach: { kind: EventKind; command: string }[];
  /**
   * Versions the rule applies to, by program: semver ranges (`containerd: ">=1.7.23 <1.7.31"`), asked of the
   * version that ran when the first step happened. Absent: every version.
   */
  when?: Record<string, string>;
  /** Where the rule came from, for errors. */
  file: string;
}
