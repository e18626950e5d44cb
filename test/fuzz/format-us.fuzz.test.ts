// formatUs writes the date once a day and the time of day by arithmetic: the same text as Date's toISOString
// with the microseconds added, for any instant, before 1970 and at the edges of the years 0000 and 9999 too.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatUs } from '../../src/time/stamp.js';
import { holds, TIMEOUT } from './_harness.js';

function byDate(us: number): string {
  const ms = Math.floor(us / 1000);
  const micro = ((us % 1000) + 1000) % 1000;
  return new Date(ms).toISOString().slice(0, 23) + String(micro).padStart(3, '0') + 'Z';
}

/** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z in µs. */
const YEAR0 = new Date(0).setUTCFullYear(0, 0, 1) * 1000;
const YEAR10000 = new Date(0).setUTCFullYear(10000, 0, 1) * 1000;

describe('formatUs', () => {
  it("is Date's ISO text with microseconds", () => {
    const near = (edge: number) => fc.integer({ min: -5_000_000_000, max: 5_000_000_000 }).map((d) => edge + d);
    const instant = fc.oneof(fc.integer({ min: -8.64e18, max: 8.64e18 }), near(0), near(YEAR0), near(YEAR10000), near(1_726_285_183_530_117), fc.double({ min: -1e17, max: 1e17, noNaN: true }));
    holds([fc.array(instant, { minLength: 1, maxLength: 5 })], (list) => {
      // Several in a row: the day remembered from one must not leak into the next.
      for (const us of list) expect(formatUs(us)).toBe(byDate(us));
    });
  }, TIMEOUT);

  it('writes the edges of the years 0000 and 9999 as Date does, and instants before 1970', () => {
    // µs that far from 1970 are past 2^53: not every one exists, the edges themselves do.
    for (const us of [YEAR0 - 8192, YEAR0, YEAR10000 - 8192, YEAR10000]) expect(formatUs(us)).toBe(byDate(us));
    expect(formatUs(YEAR0)).toBe('0000-01-01T00:00:00.000000Z');
    expect(formatUs(-1)).toBe('1969-12-31T23:59:59.999999Z');
    expect(formatUs(1_726_285_183_530_117)).toBe('2024-09-14T03:39:43.530117Z');
  });
});
