// The contract of a component: one daemon's message bodies → lifecycle events.

import type { AttrValue, LogRecord } from '../events/types.js';
import type { EventKind } from '../events/vocabulary.js';
import type { EventDraft } from '../formats/types.js';
import type { KlogLine } from './klog.js';
import { stampToUs } from '../time/stamp.js';
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

const FULL_ID = new RegExp(`^${HEX64}$`);

/** The full (64-hex) IDs among `ids`, each once, in order. */
function fullIds(ids: (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const x of ids) if (typeof x === 'string' && FULL_ID.test(x) && !out.includes(x)) out.push(x);
  return out;
}

/** An event draft stamped with the record's own envelope time and evidence. */
export function draft(input: ComponentInput, kind: EventKind, ids: (string | null | undefined)[], attrs: Record<string, AttrValue> = {}, prefixes: string[] = []): EventDraft {
  const { rec } = input;
  let stamp = rec.stamp;
  let fineUs: number | null = null;
  if (stamp && stamp.micro === 0) {
    // journalctl short prints whole seconds; the daemon's own stamp of the same line is finer.
    const k = input.klog;
    if (k && k.stamp.month === stamp.month && k.stamp.day === stamp.day && k.stamp.hour === stamp.hour && k.stamp.minute === stamp.minute && k.stamp.second === stamp.second)
      stamp = { year: stamp.year, yearShift: stamp.yearShift, month: stamp.month, day: stamp.day, hour: stamp.hour, minute: stamp.minute, second: stamp.second, micro: k.stamp.micro, offsetMin: stamp.offsetMin };
    const t = rec.message.includes('time="') ? input.logrus?.time : null;
    if (t && t.year !== null && t.offsetMin !== null && t.micro !== 0) fineUs = stampToUs(t, t.year, t.offsetMin);
  }
  // Objects written out, no spreads: a literal that goes on after a spread is built the slow way (µs apiece).
  const d: EventDraft = {
    kind,
    fineUs,
    stamp,
    absUs: rec.absUs,
    domain: rec.domain,
    ids: fullIds(ids),
    prefixes,
    attrs: Object.assign({ ident: rec.ident, pid: rec.pid }, attrs),
    source: rec.source,
    text: rec.raw.length > 4096 ? rec.raw.slice(0, 4096) + '…' : rec.raw,
  };
  if (rec.endLine !== undefined && rec.endLine > rec.source.line) d.endLine = rec.endLine;
  return d;
}
