// Timestamp grammars shared by formats and components: text → LocalStamp or absolute µs.

import type { LocalStamp } from '../events/types.js';

/** A stamp with every field set; year may stay null for year-less sources. */
export function makeStamp(
  year: number | null,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  micro = 0,
  offsetMin: number | null = null,
): LocalStamp {
  return { year, yearShift: 0, month, day, hour, minute, second, micro, offsetMin };
}

/** A year-less wall clock kept as numbers (journal short's count-only records), and the year rollovers before it. */
export interface YearlessWall {
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micro: number;
  yearShift: number;
}

/** The stamp of a year-less wall clock. */
export function wallStamp(w: YearlessWall): LocalStamp {
  const stamp = makeStamp(null, w.month, w.day, w.hour, w.minute, w.second, w.micro);
  stamp.yearShift = w.yearShift;
  return stamp;
}

/** Fraction digits ("123", "123456789") → microseconds. */
export function fractionToMicro(frac: string | undefined): number {
  if (!frac) return 0;
  return Number((frac + '000000').slice(0, 6));
}

/** "+08:00", "+0800", "-05", "Z" → minutes east of UTC. */
export function parseOffset(text: string): number | null {
  if (text === 'Z' || text === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? '0');
  return m[1] === '-' ? -minutes : minutes;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** RFC 3339 / ISO 8601 text → stamp (with offset when present), or null. */
export function parseIso(text: string): LocalStamp | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const offset = m[8] ? parseOffset(m[8]) : null;
  const stamp = makeStamp(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), fractionToMicro(m[7]), offset);
  return validStamp(stamp) ? stamp : null;
}

/** False for impossible calendar values (month 13, 31 February, hour 25). */
export function validStamp(s: LocalStamp): boolean {
  if (s.month < 1 || s.month > 12 || s.day < 1 || s.day > 31) return false;
  if (s.hour > 23 || s.minute > 59 || s.second > 60) return false;
  const probeYear = s.year ?? 2000; // leap year: accepts 29 Feb when the year is unknown
  if (s.day <= 28) return true;
  // Date.UTC reads years 0-99 as 1900-1999; plain four-digit years by the Gregorian rule, the rest by Date.
  if (Number.isInteger(probeYear) && probeYear >= 100 && probeYear <= 9999 && Number.isInteger(s.month)) {
    const leap = (probeYear % 4 === 0 && probeYear % 100 !== 0) || probeYear % 400 === 0;
    return s.day <= (s.month === 2 ? (leap ? 29 : 28) : s.month === 4 || s.month === 6 || s.month === 9 || s.month === 11 ? 30 : 31);
  }
  const daysInMonth = new Date(Date.UTC(probeYear, s.month, 0)).getUTCDate();
  return s.day <= daysInMonth;
}

/** Date.UTC of the last minute asked for: consecutive log lines mostly share it. */
let memoMs = 0;
let memoY = NaN;
let memoMo = 0;
let memoD = 0;
let memoH = 0;
let memoMi = 0;

/** The stamp's wall clock read as if it were UTC, in µs; year must be known. */
export function wallAsUtcUs(s: LocalStamp, year: number): number {
  // Date.UTC(…, second) is Date.UTC(…, 0) + second·1000 for any whole second: the minute is enough to memoize.
  if (year !== memoY || s.month !== memoMo || s.day !== memoD || s.hour !== memoH || s.minute !== memoMi || !Number.isInteger(s.second)) {
    memoY = year;
    memoMo = s.month;
    memoD = s.day;
    memoH = s.hour;
    memoMi = s.minute;
    memoMs = Date.UTC(year, s.month - 1, s.day, s.hour, s.minute, 0);
    if (!Number.isInteger(s.second)) {
      memoY = NaN;
      return Date.UTC(year, s.month - 1, s.day, s.hour, s.minute, s.second) * 1000 + s.micro;
    }
  }
  return (memoMs + s.second * 1000) * 1000 + s.micro;
}

/** µs since epoch for a stamp with year and offset both known. */
export function stampToUs(s: LocalStamp, year: number, offsetMin: number): number {
  return wallAsUtcUs(s, year) - offsetMin * 60_000_000;
}

/** µs since epoch → ISO-8601 UTC with microseconds ("2024-09-14T03:39:43.530117Z"). */
export function formatUs(us: number): string {
  const ms = Math.floor(us / 1000);
  const micro = ((us % 1000) + 1000) % 1000;
  const day = Math.floor(ms / DAY_MS);
  // A report formats two instants per container (16,000 on a 1.6 GB journal), most of them of a few days: the
  // date is made once a day, the time of day by arithmetic. Years outside 0000-9999 (toISOString writes six
  // digits and a sign) and fractional µs take Date's own path.
  if (!Number.isInteger(us) || day < FIRST_DAY || day > LAST_DAY) return isoUs(ms, micro);
  if (day !== memoDay) {
    memoDay = day;
    memoDate = new Date(day * DAY_MS).toISOString().slice(0, 11); // 2024-09-14T
  }
  let rest = ms - day * DAY_MS;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const iso = `${memoDate}${DIGITS[hour]}:${DIGITS[minute]}:${DIGITS[second]}.${DIGITS3[rest - second * 1000]}${DIGITS3[micro]}Z`;
  // Made flat now: a template of nine pieces is a tree of eight concatenations (~330 bytes) until something reads
  // its characters, and a report keeps two instants per container to its end (~60 bytes flat).
  iso.charCodeAt(0);
  return iso;
}

function isoUs(ms: number, micro: number): string {
  const iso = new Date(ms).toISOString(); // 2024-09-14T03:39:43.530Z
  return iso.slice(0, 23) + String(micro).padStart(3, '0') + 'Z';
}

const DAY_MS = 86_400_000;
/** 0000-01-01 and 9999-12-31 as days since the epoch. */
const FIRST_DAY = new Date(0).setUTCFullYear(0, 0, 1) / DAY_MS;
const LAST_DAY = Date.UTC(9999, 11, 31) / DAY_MS;
const DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const DIGITS3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
let memoDay = NaN;
let memoDate = '';

/** Minutes east of UTC → "+08:00". */
export function formatOffset(min: number): string {
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
