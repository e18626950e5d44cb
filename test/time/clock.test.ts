import { describe, expect, it } from 'vitest';
import { ClockBook } from '../../src/time/clock.js';
import { makeStamp, formatUs } from '../../src/time/stamp.js';
import { monthNumber } from '../../src/time/months.js';

const host = () => 'node-a';

describe('monthNumber', () => {
  it('reads English and zh_CN month tokens', () => {
    expect(monthNumber('Sep')).toBe(9);
    expect(monthNumber('9月')).toBe(9);
    expect(monthNumber('11月')).toBe(11);
    expect(monthNumber('13月')).toBeNull();
    expect(monthNumber('Sept')).toBeNull();
  });
});

describe('ClockBook', () => {
  it('infers zone and year of a year-less journal from a logrus time= on the same line', () => {
    const c = new ClockBook({ tz: null, year: null }, host);
    c.file('b/journal', 'b', null);
    const wall = makeStamp(null, 9, 14, 11, 39, 42);
    c.stamp('b/journal', wall);
    c.daemonOffset('b', 480, 'b/journal:10');
    c.hint('b/journal', wall, makeStamp(2024, 9, 14, 11, 39, 42, 15893, 480), 'b/journal:10');
    c.resolve();
    expect(formatUs(c.instant(wall, null, 'journal', 'b/journal')!)).toBe('2024-09-14T03:39:42.000000Z');
    expect(c.assumptions.map((a) => [a.what, a.value])).toEqual([
      ['time zone', '+08:00'],
      ['year of b/journal', '2024'],
    ]);
  });

  it('says when a reading holds for every fraction of its two seconds, and when a fraction tips the rounding', () => {
    const c = new ClockBook({ tz: null, year: null }, host);
    c.file('b/j', 'b', null);
    const wall = makeStamp(null, 9, 10, 8, 7, 30);
    // Daemon 08:00:00+08:00 against a wall clock of 08:07:30: 8 h 7.5 min, halfway between two quarter hours.
    const at = (micro: number) => c.hint('b/j', wall, makeStamp(2024, 9, 10, 8, 0, 0, micro, 480), 'b/j:1');
    const edge = at(0);
    expect(edge.wholeSecond).toBe(false);
    expect(edge.offset).not.toBe(at(500_000).offset);
    const d = new ClockBook({ tz: null, year: null }, host);
    d.file('b/j', 'b', null);
    const calm = d.hint('b/j', makeStamp(null, 9, 10, 8, 0, 1), makeStamp(2024, 9, 10, 8, 0, 1, 250_000, 480), 'b/j:2');
    expect(calm.wholeSecond).toBe(true);
    d.again(calm);
    expect([calm.offset!.count, calm.year!.count]).toEqual([2, 2]);
    expect(d.part('b/j').offsetVotes).toEqual([[480, { count: 2, basis: 'b/j:2' }]]);
  });

  it('rolls December over into January inside one file', () => {
    const c = new ClockBook({ tz: '+00:00', year: null }, host);
    c.file('b/j', 'b', null);
    const dec = makeStamp(null, 12, 31, 23, 59, 59);
    const jan = { ...makeStamp(null, 1, 1, 0, 0, 1), yearShift: 1 };
    c.stamp('b/j', dec);
    c.stamp('b/j', jan);
    c.hint('b/j', dec, makeStamp(2023, 12, 31, 23, 59, 59, 0, 0), 'b/j:1');
    c.resolve();
    expect(formatUs(c.instant(dec, null, 'journal', 'b/j')!)).toBe('2023-12-31T23:59:59.000000Z');
    expect(formatUs(c.instant(jan, null, 'journal', 'b/j')!)).toBe('2024-01-01T00:00:01.000000Z');
  });

  it('anchors the year on the capture time when no line carries one, and says so', () => {
    const c = new ClockBook({ tz: null, year: null }, host);
    c.file('b/j', 'b', null);
    const last = makeStamp(null, 12, 30, 10, 0, 0);
    c.stamp('b/j', last);
    c.capture('b', makeStamp(2025, 1, 2, 9, 0, 0, 0, 60), 'b/date', 1, 'Thu Jan  2 09:00:00 +01 2025', 0);
    c.resolve();
    expect(formatUs(c.instant(last, null, 'journal', 'b/j')!)).toBe('2024-12-30T09:00:00.000000Z');
    const year = c.assumptions.find((a) => a.what === 'year of b/j')!;
    expect(year.value).toBe('2024');
    expect(year.basis).toMatch(/capture time/);
  });

  it('applies --tz (IANA, with DST) and --year overrides and lists them', () => {
    const c = new ClockBook({ tz: 'Europe/Paris', year: 2023 }, host);
    c.file('b/j', 'b', null);
    const summer = makeStamp(null, 7, 1, 12, 0, 0);
    const winter = makeStamp(null, 1, 15, 12, 0, 0);
    c.stamp('b/j', summer);
    c.resolve();
    expect(formatUs(c.instant(summer, null, 'journal', 'b/j')!)).toBe('2023-07-01T10:00:00.000000Z');
    expect(formatUs(c.instant(winter, null, 'journal', 'b/j')!)).toBe('2023-01-15T11:00:00.000000Z');
    expect(c.assumptions.filter((a) => a.basis.startsWith('--')).map((a) => a.basis)).toEqual(['--tz', '--year']);
  });
});

describe('ClockBook zone from sos date files', () => {
  it('takes the zone from `date` against `date --utc` when the local one names an ambiguous zone (CST)', () => {
    const c = new ClockBook({ tz: null, year: null }, host);
    c.file('b/sos_commands/date/date', 'b', null);
    c.capture('b', makeStamp(2024, 9, 14, 11, 50, 0, 0, null), 'b/sos_commands/date/date', 1, 'Sat Sep 14 11:50:00 CST 2024', 0);
    c.capture('b', makeStamp(2024, 9, 14, 3, 50, 0, 0, 0), 'b/sos_commands/date/date_--utc', 1, 'Sat Sep 14 03:50:00 UTC 2024', 0);
    c.resolve();
    expect(c.assumptions[0]).toMatchObject({ what: 'time zone', value: '+08:00' });
    expect(c.assumptions[0]!.basis).toMatch(/date --utc/);
  });
});
