// Instants and spans as people read them: an instant on the host's own clock, a span in words ("4 min 12 s").

import type * as DateFnsTz from '@date-fns/tz';
import type * as DateFnsFormat from 'date-fns/format';
import type * as DateFnsFormatDuration from 'date-fns/formatDuration';
import type * as DateFnsIntervalToDuration from 'date-fns/intervalToDuration';
import { lazy } from '../lazy.js';
import { parseOffset } from './stamp.js';

// Loaded on first use: only the Markdown, HTML and table reports and the timeline's time filters need them.
const dateFnsTz = lazy<typeof DateFnsTz>('@date-fns/tz');
const dateFnsFormat = lazy<typeof DateFnsFormat>('date-fns/format');
const dateFnsFormatDuration = lazy<typeof DateFnsFormatDuration>('date-fns/formatDuration');
const dateFnsIntervalToDuration = lazy<typeof DateFnsIntervalToDuration>('date-fns/intervalToDuration');

/** Whether a zone reads the same as UTC (nothing to add next to a UTC time). */
export function isUtcZone(zone: string): boolean {
  return parseOffset(zone) === 0 || zone === 'UTC' || zone === 'Etc/UTC';
}

/** µs since the epoch on a zone's wall clock: "2024-09-14 11:39:43.530 +08:00" (IANA name or fixed offset). */
export function hostTime(us: number, zone: string): string {
  const { TZDate } = dateFnsTz();
  return dateFnsFormat().format(new TZDate(Math.floor(us / 1000), zone), 'yyyy-MM-dd HH:mm:ss.SSS xxx');
}

/** The instant a wall-clock reading in a zone stands for, µs since the epoch (DST gaps read as date-fns reads them). */
export function wallToUs(year: number, month: number, day: number, hour: number, minute: number, second: number, micro: number, zone: string): number {
  const { TZDate } = dateFnsTz();
  return new TZDate(year, month - 1, day, hour, minute, second, zone).getTime() * 1000 + micro;
}

/** Short unit names, as a date-fns locale's formatDistance: "4 min 12 s". */
const SHORT: Record<string, string> = { xYears: 'y', xMonths: 'mo', xWeeks: 'wk', xDays: 'd', xHours: 'h', xMinutes: 'min', xSeconds: 's' };
const SHORT_LOCALE = { formatDistance: (token: string, count: number): string => `${count} ${SHORT[token] ?? token}` };
const UNITS = ['years', 'months', 'days', 'hours', 'minutes', 'seconds'] as const;

/**
 * A span in words, to the two largest units: "350 ms", "1.6 s", "42 s", "4 min 12 s", "3 d 4 h". Under ten
 * seconds a tenth of a second still tells two log lines apart; past a minute it is noise.
 */
export function durationWords(us: number): string {
  const abs = Math.abs(us);
  if (abs < 1_000_000) return `${Math.round(abs / 1000)} ms`;
  if (abs < 10_000_000) return `${(Math.round(abs / 100_000) / 10).toFixed(1)} s`;
  const ms = Math.round(abs / 1_000_000) * 1000;
  const d = dateFnsIntervalToDuration().intervalToDuration({ start: 0, end: ms });
  // The largest unit and the one below it: "1 h" for 1 h 0 min 5 s, not "1 h 5 s".
  const first = UNITS.findIndex((u) => (d[u] ?? 0) > 0);
  const format = UNITS.slice(first, first + 2).filter((u) => (d[u] ?? 0) > 0);
  return dateFnsFormatDuration().formatDuration(d, { format: [...format], locale: SHORT_LOCALE });
}
