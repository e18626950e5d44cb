// The contract of a component: one daemon's message bodies → lifecycle events.

import type { AttrValue, LogRecord } from '../events/types.js';
import type { EventKind } from '../events/vocabulary.js';
import type { EventDraft } from '../formats/types.js';
import type { KlogLine } from './klog.js';
import type { LogrusLine } from './logrus.js';

export interface ComponentInput {
  rec: LogRecord;
  logrus: LogrusLine | null;
  klog: KlogLine | null;
}

export interface Component {
  id: string;
  /** Fixed strings; the component runs only on messages containing one of them. */
  keywords: string[];
  recognize(input: ComponentInput): EventDraft[];
}

export const HEX64 = '[0-9a-f]{64}';

/** An event draft stamped with the record's own envelope time and evidence. */
export function draft(input: ComponentInput, kind: EventKind, ids: (string | null | undefined)[], attrs: Record<string, AttrValue> = {}, prefixes: string[] = []): EventDraft {
  const { rec } = input;
  return {
    kind,
    stamp: rec.stamp,
    absUs: rec.absUs,
    domain: rec.domain,
    ids: [...new Set(ids.filter((x): x is string => typeof x === 'string' && /^[0-9a-f]{64}$/.test(x)))],
    prefixes,
    attrs: { ident: rec.ident, pid: rec.pid, ...attrs },
    source: rec.source,
    text: rec.raw.length > 4096 ? rec.raw.slice(0, 4096) + '…' : rec.raw,
  };
}
