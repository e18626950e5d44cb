// Instants on the host's clock and spans in words, as the Markdown, HTML and table reports print them.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/report.js';
import { buildOutline, HostClock } from '../../src/render/outline.js';
import { durationWords, hostTime, wallToUs } from '../../src/time/human.js';

const us = (iso: string): number => Date.parse(iso) * 1000;

describe('durationWords', () => {
  it.each([
    [0, '0 ms'],
    [350_000, '350 ms'],
    [1_650_117, '1.7 s'],
    [9_940_000, '9.9 s'],
    [42_000_000, '42 s'],
    [252_000_000, '4 min 12 s'],
    [240_400_000, '4 min'],
    [3_605_000_000, '1 h'],
    [3_660_000_000, '1 h 1 min'],
    [(3 * 86_400 + 4 * 3600 + 12) * 1e6, '3 d 4 h'],
    [-252_000_000, '4 min 12 s'],
  ])('%d µs → %s', (span, words) => {
    expect(durationWords(span)).toBe(words);
  });
});

describe('hostTime and wallToUs', () => {
  it('shows an instant on a fixed offset and on a named zone', () => {
    expect(hostTime(us('2024-09-14T03:39:43.530Z'), '+08:00')).toBe('2024-09-14 11:39:43.530 +08:00');
    expect(hostTime(us('2024-09-14T03:39:43.530Z'), 'Asia/Shanghai')).toBe('2024-09-14 11:39:43.530 +08:00');
  });

  it('follows daylight saving time in a named zone', () => {
    expect(hostTime(us('2024-07-01T12:00:00Z'), 'America/New_York')).toBe('2024-07-01 08:00:00.000 -04:00');
    expect(hostTime(us('2024-01-01T12:00:00Z'), 'America/New_York')).toBe('2024-01-01 07:00:00.000 -05:00');
  });

  it('reads a wall clock in a zone back as the instant', () => {
    expect(wallToUs(2024, 9, 14, 11, 39, 2, 5, 'Asia/Shanghai')).toBe(us('2024-09-14T03:39:02Z') + 5);
    expect(wallToUs(2024, 7, 1, 8, 0, 0, 0, 'America/New_York')).toBe(us('2024-07-01T12:00:00Z'));
    expect(wallToUs(2024, 9, 14, 11, 39, 2, 0, '-05:30')).toBe(us('2024-09-14T17:09:02Z'));
  });
});

describe('HostClock', () => {
  const clock = new HostClock([
    { host: 'a', what: 'time zone', value: '+08:00', basis: 'daemons' },
    { host: 'b', what: 'time zone', value: '+00:00', basis: 'no dated line with a zone in the bundle: UTC assumed (use --tz)' },
    { host: 'c', what: 'time zone', value: '+00:00', basis: '`date` output' },
    { host: 'd', what: 'capture time', value: '2024-09-14T03:50:00.000000Z', basis: 'date' },
  ]);

  it('knows a zone read from the bundle, not an assumed UTC, a UTC host or a host without one', () => {
    expect(['a', 'b', 'c', 'd'].map((h) => clock.zoneOf(h))).toEqual(['+08:00', null, null, null]);
    expect(clock.at('b', '2024-09-14T03:39:43.530117Z')).toBeNull();
  });

  it('short form names the date only when the host is on another day than UTC', () => {
    expect(clock.short('a', '2024-09-14T03:39:43.530117Z')).toBe('11:39:43.530 +08:00');
    expect(clock.short('a', '2024-09-14T20:00:00.000000Z')).toBe('2024-09-15 04:00:00.000 +08:00');
  });
});

describe('the outline dates each finding on the host and against what came before it', () => {
  it('on the sample: host clock +08:00, and the deploy step "停止docker" just before', async () => {
    const a = await analyze([path.resolve(__dirname, '../../samples/hostport-stale-dnat')], { tz: null, year: null, host: null }, 'test');
    const o = buildOutline(a.report, { timeline: a.timeline });
    expect(o.findings.map((x) => [x.f.rule, x.hostTime, x.after?.words, x.after?.what, x.after?.where])).toEqual([
      ['hostport-dnat-shadowed', '2024-09-14 11:39:43.530 +08:00', '1.7 s', 'deploy step "停止docker"', 'hostport-stale-dnat/var/log/deploy/deploy.log:3'],
      ['runtime-stopped-with-live-sandboxes', '2024-09-14 11:39:42.000 +08:00', '120 ms', 'deploy step "停止docker"', 'hostport-stale-dnat/var/log/deploy/deploy.log:3'],
      ['teardown-broke-off', '2024-09-14 11:39:43.530 +08:00', '1.7 s', 'deploy step "停止docker"', 'hostport-stale-dnat/var/log/deploy/deploy.log:3'],
    ]);
    // Without the timeline nothing is dated against it; --tz UTC leaves nothing to show beside UTC.
    expect(buildOutline(a.report).findings[0]!.after).toBeNull();
    const utc = await analyze([path.resolve(__dirname, '../../samples/hostport-stale-dnat')], { tz: 'UTC', year: null, host: null }, 'test');
    expect(buildOutline(utc.report, { timeline: utc.timeline }).findings[0]!.hostTime).toBeNull();
  });
});
