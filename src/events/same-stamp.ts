// Whether two printed stamps are the same: events of the same second share one stamp object until the clock has
// placed them (a journal short line has whole seconds, and a sandbox's exit is three events in one).

import type { LocalStamp } from './types.js';

/** Field for field equal (stamps are never changed once an event holds one). */
export function sameStamp(a: LocalStamp, b: LocalStamp): boolean {
  return (
    a.second === b.second &&
    a.micro === b.micro &&
    a.minute === b.minute &&
    a.hour === b.hour &&
    a.day === b.day &&
    a.month === b.month &&
    a.yearShift === b.yearShift &&
    a.year === b.year &&
    a.offsetMin === b.offsetMin
  );
}
