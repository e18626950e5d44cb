// An event once its instant is known: what only the clock read is let go, and empty ID and prefix lists are one list.
//
// Events are what a run keeps to its end (171,000 for ten sos nodes), and the report phase (timeline, rules,
// rendering) runs with all of them in the heap: every byte an event holds past what the timeline, the rules and
// the renderers read is peak memory (BENCHMARKS.md, "Peak memory").

import type { PmEvent } from './types.js';

/**
 * The one empty list of IDs or prefixes settled events share: most events name no prefix, many no ID, and an
 * empty array of its own is 32 bytes an event. Frozen: nothing adds to a shared list (addId replaces it).
 */
export const NO_NAMES: string[] = Object.freeze([]) as unknown as string[];

/**
 * Let go of what only the clock read (the printed stamp, the absolute and daemon instants: time holds the
 * answer) and share the empty ID and prefix list.
 * Call once `time` is set (ingest/finish.ts); nothing after the clock reads stamp, absUs or fineUs.
 */
export function settleEvent(e: PmEvent): void {
  e.stamp = null;
  e.absUs = null;
  if (e.fineUs !== undefined) e.fineUs = null;
  // Lists that name something are sized to fit where events are made (ownedEvent, unpack): not copied here.
  if (e.ids.length === 0) e.ids = NO_NAMES;
  if (e.prefixes.length === 0) e.prefixes = NO_NAMES;
}

/** Add an ID to an event's list, as a list of its own sized to fit (a settled event may share the empty one). */
export function addId(e: PmEvent, id: string): void {
  const ids = new Array<string>(e.ids.length + 1);
  for (let k = 0; k < e.ids.length; k++) ids[k] = e.ids[k]!;
  ids[e.ids.length] = id;
  e.ids = ids;
}
