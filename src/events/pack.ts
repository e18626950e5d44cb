// A worker's events packed for the trip to the main thread: numbers in one Float64Array, strings in flat
// arrays, the attributes as one JSON text. The structured clone of the events themselves took 8-14 µs an event
// to read back on the main thread (16,384 events: 130-240 ms), the one thread every run waits on; this takes
// ~1.5 µs there and puts the rest on the worker.
//
// An event's file, root and clock key are the part's: they do not travel. Unpacked events have the keys of
// ownedEvent's, in its order (reports serialize them).

import type { AttrValue, ClockDomain, LocalStamp, PmEvent } from './types.js';
import { sameStamp } from './same-stamp.js';
import { NO_NAMES } from './settle.js';
import { EVENT_KINDS } from './vocabulary.js';

export interface PackedEvents {
  count: number;
  /** SLOTS numbers an event. */
  nums: Float64Array;
  /** kind, domain and text of each event. */
  strs: string[];
  /** Each event's IDs, then its prefixes (their counts are in nums). */
  names: string[];
  /** JSON array of the events' attributes. */
  attrs: string;
}

const SLOTS = 18;
// Flags: which of the nullable or optional fields hold a value.
const HAS_STAMP = 1;
const HAS_TIME = 2;
const HAS_ABS = 4;
const HAS_YEAR = 8;
const HAS_OFFSET = 16;
const FINE_KEY = 32;
const FINE_VALUE = 64;
const END_LINE = 128;

export function pack(events: PmEvent[]): PackedEvents {
  const nums = new Float64Array(events.length * SLOTS);
  const strs: string[] = [];
  const names: string[] = [];
  const attrs: Record<string, AttrValue>[] = [];
  let o = 0;
  for (const e of events) {
    const s = e.stamp;
    let flags = 0;
    if (s !== null) flags |= HAS_STAMP | (s.year !== null ? HAS_YEAR : 0) | (s.offsetMin !== null ? HAS_OFFSET : 0);
    if (e.time !== null) flags |= HAS_TIME;
    if (e.absUs !== null) flags |= HAS_ABS;
    if (e.fineUs !== undefined) flags |= FINE_KEY | (e.fineUs !== null ? FINE_VALUE : 0);
    if (e.endLine !== undefined) flags |= END_LINE;
    nums[o] = flags;
    nums[o + 1] = e.time ?? 0;
    nums[o + 2] = e.absUs ?? 0;
    nums[o + 3] = e.seq;
    nums[o + 4] = e.source.line;
    nums[o + 5] = e.endLine ?? 0;
    nums[o + 6] = e.fineUs ?? 0;
    nums[o + 7] = e.ids.length;
    nums[o + 8] = e.prefixes.length;
    if (s !== null) {
      nums[o + 9] = s.year ?? 0;
      nums[o + 10] = s.yearShift;
      nums[o + 11] = s.month;
      nums[o + 12] = s.day;
      nums[o + 13] = s.hour;
      nums[o + 14] = s.minute;
      nums[o + 15] = s.second;
      nums[o + 16] = s.micro;
      nums[o + 17] = s.offsetMin ?? 0;
    }
    o += SLOTS;
    strs.push(e.kind, e.domain, e.text);
    for (const id of e.ids) names.push(id);
    for (const p of e.prefixes) names.push(p);
    attrs.push(e.attrs);
  }
  return { count: events.length, nums, strs, names, attrs: JSON.stringify(attrs) };
}

/** Shared values for unpacked events: one copy of each ID, prefix and attribute string (see ValuePool in ingest/event-sink.ts). */
export interface Names {
  get(s: string): string;
  attr(v: AttrValue): AttrValue;
}

/**
 * The one copy of each kind and clock domain this thread's code holds. A kind that came through postMessage is
 * a string of its own: every `e.kind === 'task.deleted'` of the timeline and the rules then compared it letter by
 * letter, where the same copy compares at once.
 */
const CANONICAL = new Map<string, string>([...Object.keys(EVENT_KINDS), 'journal', 'host', 'capture', 'absolute'].map((k) => [k, k]));
const canonical = (s: string): string => CANONICAL.get(s) ?? s;

/** `count` names from `at` of a batch's names, each the run's one copy. */
function listOf(names: string[], at: number, count: number, values: Names): string[] {
  if (count === 0) return NO_NAMES;
  const list = names.slice(at, at + count);
  for (let k = 0; k < count; k++) list[k] = values.get(list[k]!);
  return list;
}

/** The events of `p`, read from the file at `path` under `root` (their clock key is the file's). */
export function unpack(p: PackedEvents, path: string, root: string, values: Names): PmEvent[] {
  const out: PmEvent[] = new Array<PmEvent>(p.count);
  const attrs = JSON.parse(p.attrs) as Record<string, AttrValue>[];
  const { nums, strs, names } = p;
  let n = 0;
  let last: LocalStamp | null = null;
  for (let i = 0, o = 0; i < p.count; i++, o += SLOTS) {
    const flags = nums[o]!;
    let stamp: LocalStamp | null = null;
    if ((flags & HAS_STAMP) !== 0) {
      // Small integers as such (`| 0`): a Float64Array gives doubles, and a double stored in a stamp's field made
      // V8 box that field (a heap number of its own) in every stamp of the map, ~100 bytes an event.
      stamp = {
        year: (flags & HAS_YEAR) !== 0 ? nums[o + 9]! | 0 : null,
        yearShift: nums[o + 10]! | 0,
        month: nums[o + 11]! | 0,
        day: nums[o + 12]! | 0,
        hour: nums[o + 13]! | 0,
        minute: nums[o + 14]! | 0,
        second: nums[o + 15]! | 0,
        micro: nums[o + 16]! | 0,
        offsetMin: (flags & HAS_OFFSET) !== 0 ? nums[o + 17]! | 0 : null,
      };
      // The stamp of the event before when it is the same (events/same-stamp.ts): ~95 bytes held until the clock runs.
      if (last !== null && sameStamp(last, stamp)) stamp = last;
      else last = stamp;
    }
    // Lists sized to fit, the empty one shared (events/settle.ts): a list filled by push kept room for 17 names.
    const ids = listOf(names, n, nums[o + 7]!, values);
    n += nums[o + 7]!;
    const prefixes = listOf(names, n, nums[o + 8]!, values);
    n += nums[o + 8]!;
    const a = attrs[i]!;
    for (const key in a) a[key] = values.attr(a[key]!);
    const kind = canonical(strs[3 * i]!) as PmEvent['kind'];
    const time = (flags & HAS_TIME) !== 0 ? nums[o + 1]! : null;
    const absUs = (flags & HAS_ABS) !== 0 ? nums[o + 2]! : null;
    const domain = canonical(strs[3 * i + 1]!) as ClockDomain;
    const source = { path, line: nums[o + 4]! | 0 };
    const text = strs[3 * i + 2]!;
    const seq = nums[o + 3]! | 0;
    // fineUs in the literal, as ownedEvent has it: added afterwards it costs a second allocation an event.
    const e: PmEvent =
      (flags & FINE_KEY) !== 0
        ? { kind, time, stamp, absUs, domain, clockKey: path, host: root, ids, prefixes, attrs: a, source, text, seq, fineUs: (flags & FINE_VALUE) !== 0 ? nums[o + 6]! : null }
        : { kind, time, stamp, absUs, domain, clockKey: path, host: root, ids, prefixes, attrs: a, source, text, seq };
    if ((flags & END_LINE) !== 0) e.endLine = nums[o + 5]! | 0;
    out[i] = e;
  }
  return out;
}
