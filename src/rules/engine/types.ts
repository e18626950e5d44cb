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

export interface SequenceRuleSpec {
  meta: RuleMeta;
  /** Entity key: every event of one sandbox/container. */
  by: 'sandbox' | 'container';
  maxspanUs: number | null;
  steps: StepSpec[];
  /** State at collection that must exist for the entity (any of these kinds), e.g. a surviving lease. */
  state: EventKind[];
  /** Summary template: {{id}}, {{short}}, {{pods}}, {{step.<name>.path}}, {{step.<name>.line}}, {{step.<name>.time}}, {{state}}, {{version.<program>}} (rules with `when`). */
  message: string;
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
