// --since/--until/--around: the forms people paste, and how a time without a zone or year is read.

import { describe, expect, it } from 'vitest';
import { parseInstant, type InstantContext } from '../../src/cli/commands/timeline.js';
import { UserError } from '../../src/cli/exit-codes.js';
import { parsePastedTime } from '../../src/time/pasted.js';

const us = (iso: string): number => Date.parse(iso) * 1000;

describe('parsePastedTime', () => {
  it.each([
    ['2024-09-14T03:39:43Z', [2024, 9, 14, 3, 39, 43, 0, 0]],
    ['2024-09-14T11:39:43.530117+08:00', [2024, 9, 14, 11, 39, 43, 530117, 480]],
    // journalctl -o short-iso prints the offset without a colon.
    ['2024-09-14T11:39:43+0800', [2024, 9, 14, 11, 39, 43, 0, 480]],
    ['2024-09-14 11:39:43', [2024, 9, 14, 11, 39, 43, 0, null]],
    ['2024-09-14 11:39', [2024, 9, 14, 11, 39, 0, 0, null]],
    ['2024-09-14T11:39-05:00', [2024, 9, 14, 11, 39, 0, 0, -300]],
    // journalctl -o short and short-precise, in the C locale and in zh_CN (the sample's journal).
    ['Sep 14 11:39:02', [null, 9, 14, 11, 39, 2, 0, null]],
    ['Sep  4 11:39:02.530117', [null, 9, 4, 11, 39, 2, 530117, null]],
    ['9月 14 11:39:43', [null, 9, 14, 11, 39, 43, 0, null]],
    ['  Dec 31 23:59:59  ', [null, 12, 31, 23, 59, 59, 0, null]],
  ])('%s', (text, [year, month, day, hour, minute, second, micro, offsetMin]) => {
    expect(parsePastedTime(text)).toMatchObject({ year, month, day, hour, minute, second, micro, offsetMin });
  });

  it.each(['yesterday', '', '2024-09-14', '11:39:02', 'Sep 14', 'Sep 32 11:39:02', 'Foo 14 11:39:02', '2024-13-01 11:39'])('no time: %j', (text) => {
    expect(parsePastedTime(text)).toBeNull();
  });
});

describe('parseInstant', () => {
  const ctx: InstantContext = { zone: { value: '+08:00', basis: 'the clock of centos79' }, mixed: null, year: null, span: { from: us('2024-09-14T03:00:00Z'), to: us('2024-09-14T04:00:00Z') } };

  it('takes a time with year and zone as it is, and says nothing', () => {
    expect(parseInstant('2024-09-14T11:39:43+08:00', '--since', ctx)).toEqual({ us: us('2024-09-14T03:39:43Z'), note: null });
  });

  it('reads a zone-less time on the hosts\' clock, and a year-less one in the events\' year', () => {
    expect(parseInstant('2024-09-14 11:39', '--since', ctx)).toEqual({ us: us('2024-09-14T03:39:00Z'), note: '--since "2024-09-14 11:39" read as 2024-09-14T03:39:00.000000Z: zone +08:00 (the clock of centos79)' });
    expect(parseInstant('Sep 14 11:39:02', '--until', ctx).us).toBe(us('2024-09-14T03:39:02Z'));
  });

  it('picks the year nearest the events when they span New Year', () => {
    const newYear = { ...ctx, zone: { value: '+00:00', basis: 'x' }, span: { from: us('2024-12-31T22:00:00Z'), to: us('2025-01-01T02:00:00Z') } };
    expect(parseInstant('Jan  1 01:00:00', '--since', newYear).us).toBe(us('2025-01-01T01:00:00Z'));
    expect(parseInstant('Dec 31 23:00:00', '--since', newYear).us).toBe(us('2024-12-31T23:00:00Z'));
  });

  it('refuses a zone-less time when the hosts\' clocks differ, and a year-less one with nothing to date it', () => {
    expect(() => parseInstant('Sep 14 11:39:02', '--since', { ...ctx, zone: null, mixed: 'a +08:00, b +00:00' })).toThrow(/has no zone and the hosts' clocks differ \(a \+08:00, b \+00:00\)/);
    expect(parseInstant('2024-09-14T03:39:02Z', '--since', { ...ctx, zone: null, mixed: 'a +08:00, b +00:00' }).note).toBeNull();
    expect(() => parseInstant('Sep 14 11:39:02', '--since', { ...ctx, span: null })).toThrow(UserError);
    expect(parseInstant('Sep 14 11:39:02', '--since', { ...ctx, span: null, year: 2023 }).us).toBe(us('2023-09-14T03:39:02Z'));
  });
});
