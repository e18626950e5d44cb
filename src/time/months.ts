// Month names as strftime("%b") prints them in the locales journalctl runs under.

const ENGLISH = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Pattern for a month token: English abbreviation or a zh_CN/ja_JP numeric month ("9月"). */
export const MONTH_TOKEN = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|1[0-2]月|0?[1-9]月)';

/** Month number 1-12 for a token matched by MONTH_TOKEN, or null. */
export function monthNumber(token: string): number | null {
  const english = ENGLISH.indexOf(token);
  if (english >= 0) return english + 1;
  // glibc zh_CN prints "%b" as " 9月" / "11月" (space-padded); ja_JP the same digits.
  const m = /^\s*(\d{1,2})月$/.exec(token);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= 12 ? n : null;
}
