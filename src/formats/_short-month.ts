// What the journal-short envelope's two cutters (journal-short.ts on the decoded text, _short-bytes.ts on the bytes
// of an ASCII piece) share: each reads the codes its own way, then decides with these.

/** "Jan".."Dec" from the month name's three codes → 1..12, else 0 (the 9月 forms and other locales' names take the regex path). */
export function englishMonthOf(x: number, y: number, z: number): number {
  switch (x) {
    case 74: // J
      return y === 97 && z === 110 ? 1 : y === 117 && z === 110 ? 6 : y === 117 && z === 108 ? 7 : 0;
    case 70: // F
      return y === 101 && z === 98 ? 2 : 0;
    case 77: // M
      return y === 97 && z === 114 ? 3 : y === 97 && z === 121 ? 5 : 0;
    case 65: // A
      return y === 112 && z === 114 ? 4 : y === 117 && z === 103 ? 8 : 0;
    case 83: // S
      return y === 101 && z === 112 ? 9 : 0;
    case 79: // O
      return y === 99 && z === 116 ? 10 : 0;
    case 78: // N
      return y === 111 && z === 118 ? 11 : 0;
    case 68: // D
      return y === 101 && z === 99 ? 12 : 0;
    default:
      return 0;
  }
}

/** Days per month in a leap year: validStamp accepts 29 February when the year is unknown. */
export const MONTH_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** 10^n for n fraction digits short of six: a stamp's fraction in microseconds. */
export const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];
