import { expect, it } from 'vitest';
import { FORMATS } from '../../src/formats/index.js';
import type { Format } from '../../src/formats/types.js';
import { fixture, fixtureCases } from './fixtures.js';
import { headOf, runFormat } from './run-format.js';

export type Counters = ReturnType<typeof runFormat>['counters'];

/** One folder of samples/formats/<format>/: the path its capture had, what reading it counts, what it notes. */
export interface CapturedCase {
  path: string;
  counters: Counters;
  /** Notes in order, each matched whole (string) or by pattern; omitted means none. */
  notes?: (string | RegExp)[];
  /** The exact detect() score; omitted means at least 0.5. Either way every other format must score lower. */
  score?: number;
}

/**
 * The three checks every captured case of a format gets, written once: no case folder without its golden entry,
 * the golden counters and notes under the case's real file name, and detect() claiming the case above every other
 * format (the sniffer picks the highest score, so a tie would hand the file to whichever format is listed first).
 */
export function describeCapturedCases(format: Format, cases: Record<string, CapturedCase>): void {
  it('every case folder has a golden entry', () => {
    expect(fixtureCases(format.id)).toEqual(Object.keys(cases).sort());
  });

  for (const [name, { path, counters, notes = [], score }] of Object.entries(cases)) {
    it(`${name}: golden counters, ${notes.length ? 'its notes' : 'no notes'} under its real file name`, () => {
      const r = runFormat(format, fixture(format.id, name), path);
      expect(r.counters).toEqual(counters);
      expect(r.notes).toHaveLength(notes.length);
      for (const [i, n] of notes.entries()) {
        if (typeof n === 'string') expect(r.notes[i]).toBe(n);
        else expect(r.notes[i]).toMatch(n);
      }
    });

    it(`${name}: detect() claims it above every other format`, () => {
      const head = headOf(fixture(format.id, name), path);
      const mine = format.detect(head)?.score ?? 0;
      if (score === undefined) expect(mine).toBeGreaterThanOrEqual(0.5);
      else expect(mine).toBe(score);
      for (const other of FORMATS.filter((f) => f.id !== format.id)) expect(other.detect(head)?.score ?? 0, other.id).toBeLessThan(mine);
    });
  }
}
