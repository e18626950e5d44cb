// Filling a rule's message templates and building its findings from them: a rule reports a message id, its data
// and its evidence; id, title and severity come from `meta`, so no check writes them twice.

import type { PmEvent } from '../events/types.js';
import type { Finding, Severity } from '../findings/types.js';
import type { RuleMessage, RuleMeta } from './types.js';

/** Values a template's `{{name}}` placeholders take. */
export type MessageData = Record<string, string | number>;

/** `template` with every `{{name}}` replaced by `data[name]`; an unknown name stays as written (RuleTester refuses it). */
export function fillMessage(template: string, data: Readonly<MessageData>): string {
  // One pass: a value holding "{{…}}" (a log line can) is never read as a placeholder.
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (all, k: string) => (Object.hasOwn(data, k) ? String(data[k]) : all));
}

/** The text and severity of a message of `meta`. */
export function messageOf(meta: RuleMeta, id: string): { text: string; severity: Severity } {
  const m: RuleMessage | undefined = (meta.messages as Record<string, RuleMessage>)[id];
  if (m === undefined) throw new Error(`rule ${meta.id} has no message "${id}"`);
  return typeof m === 'string' ? { text: m, severity: meta.severity } : m;
}

/** Where a finding stands: its host, the sandbox or container it is about, and its instant. */
export interface FindingAt {
  host: string;
  containerId: string | null;
  time: number | null;
}

/** What a finding has beyond its message: cleanup commands and, when the rule could not decide, why. */
export interface FindingMore {
  remediation?: string[];
  inconclusive?: string;
}

/** A rule's report function: `report(at, messageId, data, evidence)` → a Finding whose id, title and severity come from meta. */
export type Report<MessageId extends string> = (at: FindingAt, messageId: MessageId, data: Readonly<MessageData>, evidence: PmEvent[], more?: FindingMore) => Finding;

/** The report function of a rule's meta; a message id the meta does not hold does not compile. */
export function reporter<MessageId extends string>(meta: RuleMeta<MessageId>): Report<MessageId> {
  return (at, messageId, data, evidence, more = {}) => {
    const { text, severity } = messageOf(meta, messageId);
    return {
      rule: meta.id,
      severity,
      title: meta.title,
      summary: fillMessage(text, data),
      messageId,
      host: at.host,
      containerId: at.containerId,
      time: at.time,
      evidence,
      remediation: more.remediation ?? [],
      ...(more.inconclusive !== undefined ? { inconclusive: more.inconclusive } : {}),
    };
  };
}
