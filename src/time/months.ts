// Month names as strftime("%b") prints them in the locales journalctl runs under.

import { MONTH_NAMES } from './month-names.js';

const ENGLISH = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Month number 1-12 of an English name ("Sep") or a numeric one ("9月", " 9月"), or null; LocaleMonths reads every locale's. */
export function monthNumber(token: string): number | null {
  const english = ENGLISH.indexOf(token);
  if (english >= 0) return english + 1;
  // glibc zh_CN prints "%b" as " 9月" / "11月" (space-padded); ja_JP the same digits.
  const m = /^\s*(\d{1,2})月$/.exec(token);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= 12 ? n : null;
}

interface Reading {
  month: number;
  langs: readonly string[];
}

/** MONTH_NAMES entries split once, on first use of each name. */
const READINGS = new Map<string, readonly Reading[]>();

function readings(name: string): readonly Reading[] | null {
  let r = READINGS.get(name);
  if (r === undefined) {
    const entries = Object.prototype.hasOwnProperty.call(MONTH_NAMES, name) ? MONTH_NAMES[name]! : null;
    if (entries === null) return null;
    r = entries.map(([month, langs]) => ({ month, langs: langs.split(' ') }));
    READINGS.set(name, r);
  }
  return r;
}

/**
 * Reads the month names of one file, in whatever locale journalctl ran under (src/time/month-names.ts, from
 * glibc). A name that means different months in different languages ("lis": October in hr, November in cs
 * and pl) is read in the languages the file's other names left possible; when they leave more than one, the
 * reading most languages share is taken and `guessed` says so.
 */
export class LocaleMonths {
  /** Languages every name read so far could be in; null before the first. */
  private langs: Set<string> | null = null;
  private lastName = '';
  private lastMonth = 0;
  /** The last read() was a choice between languages the file did not settle: what was chosen, for a note. */
  guessed: string | null = null;

  /** Month 1-12 of a %b name (padding spaces allowed), or 0 when no locale prints it. */
  read(name: string): number {
    this.guessed = null;
    if (name === this.lastName) return this.lastMonth;
    const key = name.trim();
    const all = readings(key);
    if (all === null) return 0;
    const seen = this.langs;
    let fits = seen === null ? all : all.filter((r) => r.langs.some((l) => seen.has(l)));
    // Names from no language read so far: the file changed locale (two hosts' journals joined); start over.
    if (fits.length === 0) fits = all;
    let pick = fits[0]!;
    // English first: sos and most scripts run journalctl under LC_ALL=C ("Jan" is June only in st).
    const english = fits.length > 1 ? fits.find((r) => r.langs.includes('C')) : undefined;
    if (english) pick = english;
    else if (fits.length > 1) {
      for (const r of fits) if (r.langs.length > pick.langs.length) pick = r;
      const others = fits.filter((r) => r !== pick).map((r) => `${r.month} in ${r.langs.join(' ')}`);
      this.guessed = `"${key}" read as month ${pick.month} (${pick.langs.join(' ')}), not ${others.join(', ')}: no other month name in the file tells the languages apart`;
      // Still, the file is in one of these languages: a later name may settle it.
      const any = new Set(fits.flatMap((r) => r.langs));
      this.langs = new Set(seen === null ? any : [...any].filter((l) => seen.has(l)));
      return pick.month;
    }
    const narrowed = seen === null ? pick.langs : pick.langs.filter((l) => seen.has(l));
    this.langs = new Set(narrowed.length > 0 ? narrowed : pick.langs);
    this.lastName = name;
    this.lastMonth = pick.month;
    return pick.month;
  }
}
