// Instants and spans as people read them: an instant on the host's own clock (@date-fns/tz for a named zone's
// rules), a span in words ("4 min 12 s", date-fns formatDuration).

import type * as DateFnsTz from '@date-fns/tz';
import type * as DateFnsFormatDuration from 'date-fns/formatDuration';
import type * as DateFnsIntervalToDuration from 'date-fns/intervalToDuration';
import { lazy } from '../lazy.js';
import { formatOffset, formatUs, parseOffset } from './stamp.js';

// Loaded on first use: only the Markdown, HTML and table reports and the timeline's time filters need them.
const dateFnsTz = lazy<typeof DateFnsTz>('@date-fns/tz');
const dateFnsFormatDuration = lazy<typeof DateFnsFormatDuration>('date-fns/formatDuration');
const dateFnsIntervalToDuration = lazy<typeof DateFnsIntervalToDuration>('date-fns/intervalToDuration');

/** Whether a zone reads the same as UTC (nothing to add next to a UTC time). */
export function isUtcZone(zone: string): boolean {
  return parseOffset(zone) === 0 || zone === 'UTC' || zone === 'Etc/UTC';
}

/** A zone's offset (minutes east of UTC) by zone and minute: reports ask for the same few minutes again and again. */
const offsets = new Map<string, number>();

/** Minutes east of UTC of a zone at an instant: a fixed offset as written, an IANA zone by its rules (DST included). */
export function offsetAt(us: number, zone: string): number {
  const fixed = parseOffset(zone);
  if (fixed !== null) return fixed;
  const minute = Math.floor(us / 60_000_000);
  const key = `${zone}|${minute}`;
  let off = offsets.get(key);
  if (off === undefined) {
    // A TZDate costs ~15 µs (Intl underneath); an HTML report dates every evidence line of every finding.
    if (offsets.size >= 10_000) offsets.clear();
    off = -new (dateFnsTz().TZDate)(minute * 60_000, zone).getTimezoneOffset();
    offsets.set(key, off);
  }
  return off;
}

/** µs since the epoch on a zone's wall clock: "2024-09-14 11:39:43.530 +08:00" (IANA name or fixed offset). */
export function hostTime(us: number, zone: string): string {
  const off = offsetAt(us, zone);
  const wall = formatUs(us + off * 60_000_000); // 2024-09-14T11:39:43.530117Z
  return `${wall.slice(0, 10)} ${wall.slice(11, 23)} ${formatOffset(off)}`;
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
