// The run's shared values: one copy of each short string, one stamp object for events of the same printed second.

import { describe, expect, it } from 'vitest';
import { ValuePool } from '../../src/ingest/event-sink.js';

describe('ValuePool', () => {
  it('gives one copy of each value, short ones too', () => {
    const pool = new ValuePool();
    const a = pool.get(['kube', 'let'].join(''));
    expect(pool.get(['kub', 'elet'].join(''))).toBe(a);
    expect(pool.attr(['moby'.slice(0, 2), 'by'].join(''))).toBe(pool.get('moby'));
  });

  it('hands back the stamp before when the next is the same, else the new one', () => {
    const pool = new ValuePool();
    const s = { year: null, yearShift: 0, month: 9, day: 10, hour: 8, minute: 0, second: 1, micro: 0, offsetMin: null };
    expect(pool.stamp(s)).toBe(s);
    expect(pool.stamp({ ...s })).toBe(s);
    const next = { ...s, second: 2 };
    expect(pool.stamp(next)).toBe(next);
    expect(pool.stamp(null)).toBeNull();
  });
});
