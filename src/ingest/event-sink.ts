// How a draft becomes a kept event: every string it holds a copy of its own, values shared between events.

import { own } from '../events/own.js';
import { NO_NAMES } from '../events/settle.js';
import { sameStamp } from '../events/same-stamp.js';
import type { AttrValue, LocalStamp, PmEvent } from '../events/types.js';
import type { EventDraft } from '../formats/types.js';

/**
 * One copy of each short value events share: a sandbox ID, a pod name or an identifier turns up in dozens or
 * thousands of events, and a copy per event made the kept events most of the heap. The map grows with distinct values,
 * which the event cap bounds.
 */
export class ValuePool {
  private readonly values = new Map<string, string>();
  private lastStamp: LocalStamp | null = null;

  get(s: string): string {
    // Short values too (identifiers, namespaces, event types): each is a copy of its own (V8 copies strings under
    // 13 characters rather than slicing them), ~30 bytes an event for the identifier alone.
    if (s.length > 256) return own(s);
    let v = this.values.get(s);
    if (v === undefined) this.values.set((v = own(s)), v);
    return v;
  }

  /** The stamp of the event before when it is the same (events/same-stamp.ts): ~95 bytes held until the clock runs. */
  stamp(s: LocalStamp | null): LocalStamp | null {
    if (s === null) return null;
    const last = this.lastStamp;
    if (last !== null && sameStamp(last, s)) return last;
    return (this.lastStamp = s);
  }

  attr(v: AttrValue): AttrValue {
    if (typeof v === 'string') return this.get(v);
    if (Array.isArray(v) && v.length > 0 && typeof v[0] === 'string') return (v as string[]).map((x) => this.get(x));
    return v;
  }
}

/**
 * The event of a draft, with every string it holds a copy of its own (see own()), values shared (see ValuePool).
 * Written out field by field: `{ ...d, time, … }` (a spread, then properties added) was several times slower.
 * fineUs, which nearly every journal event has, is in the literal itself: added afterwards, it cost each event
 * a second allocation (the properties an object holds outside itself).
 */
export function ownedEvent(d: EventDraft, values: ValuePool, clockKey: string, host: string, seq: number): PmEvent {
  const attrs: Record<string, AttrValue> = {};
  for (const k in d.attrs) attrs[k] = values.attr(d.attrs[k]!);
  // Empty lists shared (events/settle.ts): most events name no prefix, many no ID.
  const ids = d.ids.length === 0 ? NO_NAMES : d.ids.map((x) => values.get(x));
  const prefixes = d.prefixes.length === 0 ? NO_NAMES : d.prefixes.map((x) => values.get(x));
  const text = own(d.text);
  const stamp = values.stamp(d.stamp);
  const e: PmEvent =
    d.fineUs !== undefined
      ? { kind: d.kind, time: null, stamp, absUs: d.absUs, domain: d.domain, clockKey, host, ids, prefixes, attrs, source: d.source, text, seq, fineUs: d.fineUs }
      : { kind: d.kind, time: null, stamp, absUs: d.absUs, domain: d.domain, clockKey, host, ids, prefixes, attrs, source: d.source, text, seq };
  if (d.endLine !== undefined) e.endLine = d.endLine;
  return e;
}
