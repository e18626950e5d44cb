// The journal-short envelope ("Sep 10 08:00:01[.123456] host ident[pid]: ") cut from the bytes of an ASCII piece
// of the file, where the line cutter decoded it from: the same grammar and positions as cutShortStamp and
// cutShortOrigin in journal-short.ts, which read the decoded text. In an ASCII piece a byte is a character, so
// both read the same codes at the same positions (test/formats/short-bytes.test.ts holds them to it).
//
// Why twice: a charCodeAt in optimized code checks the string's representation on every call, ~40 instructions;
// a byte of a Uint8Array is a bounds check and a load. The two cutters took ~1,300 instructions a line
// (callgrind, node --perf-basic-prof to name the code, 130,000 count-only lines of short100 read warm).

import { CLOSE_BRACKET, COLON, DIGIT_0, DOT, OPEN_BRACKET, SPACE } from '../components/chars.js';
import type { QuietRecord, Wall } from './types.js';
import { englishMonthOf, MONTH_DAYS, POW10 } from './_short-month.js';

/** The first code past printable ASCII. */
const DEL = 127;

/** The digit at b[i], or -1 (past the bytes too: b[i] is undefined there, as charCodeAt past a string is NaN). */
function digitAt(b: Uint8Array, i: number): number {
  const c = b[i]! - DIGIT_0;
  return c >= 0 && c <= 9 ? c : -1;
}

/** "Jan".."Dec" at b[at] → 1..12, else 0. */
function englishMonth(b: Uint8Array, at: number): number {
  return englishMonthOf(b[at]!, b[at + 1]!, b[at + 2]!);
}

/** cutShortStamp on bytes: the wall clock of b[start, end) into `w`, and the position of the space after it; -1 when the line has another form. */
export function cutShortStampAt(b: Uint8Array, start: number, end: number, w: Wall): number {
  const month = englishMonth(b, start);
  if (month === 0 || b[start + 3] !== SPACE) return -1;
  let i = b[start + 4] === SPACE ? start + 5 : start + 4;
  let day = digitAt(b, i);
  if (day < 0) return -1;
  const d2 = digitAt(b, ++i);
  if (d2 >= 0) {
    day = day * 10 + d2;
    i++;
  }
  if (b[i] !== SPACE) return -1;
  const h1 = digitAt(b, i + 1);
  const h2 = digitAt(b, i + 2);
  const m1 = digitAt(b, i + 4);
  const m2 = digitAt(b, i + 5);
  const s1 = digitAt(b, i + 7);
  const s2 = digitAt(b, i + 8);
  if ((h1 | h2 | m1 | m2 | s1 | s2) < 0 || b[i + 3] !== COLON || b[i + 6] !== COLON) return -1;
  i += 9;
  w.micro = 0;
  if (b[i] === DOT) {
    // The fraction (SHORT's `\.(\d{1,6})`): 1 to 6 digits.
    const from = i + 1;
    let digits = 0;
    let frac = 0;
    for (let d = digitAt(b, from); d >= 0 && digits < 7 && from + digits < end; d = digitAt(b, from + digits)) {
      frac = frac * 10 + d;
      digits++;
    }
    if (digits === 0 || digits > 6) return -1;
    w.micro = frac * POW10[6 - digits]!;
    i = from + digits;
  }
  if (i >= end || b[i] !== SPACE) return -1;
  const hour = h1 * 10 + h2;
  const minute = m1 * 10 + m2;
  const second = s1 * 10 + s2;
  if (day < 1 || day > MONTH_DAYS[month]! || hour > 23 || minute > 59 || second > 60) return -1;
  w.month = month;
  w.day = day;
  w.hour = hour;
  w.minute = minute;
  w.second = second;
  return i;
}

/** cutShortOrigin on bytes: host, identifier and message positions of b[from, end) into `r`; false sends the line to the regex path. */
export function cutShortOriginAt(b: Uint8Array, from: number, end: number, r: QuietRecord): boolean {
  let hostEnd = from;
  for (; hostEnd < end; hostEnd++) {
    const c = b[hostEnd]!;
    if (c === SPACE) break;
    if (c < SPACE || c >= DEL) return false;
  }
  if (hostEnd === from || hostEnd >= end || b[hostEnd - 1] === COLON) return false;
  const identStart = hostEnd + 1;
  let blank = false;
  for (let p = identStart + 1; p < end; p++) {
    const c = b[p];
    let colon = -1;
    if (c === SPACE) blank = true;
    else if (c === COLON) {
      // An identifier with a blank and no "[pid]": the regex path refuses it (cutOrigin), so must this one.
      if (p + 1 === end || b[p + 1] === SPACE) {
        if (blank) return false;
        colon = p;
      }
    } else if (c === OPEN_BRACKET) {
      let e = p + 1;
      while (e < end && digitAt(b, e) >= 0) e++;
      if (e > p + 1 && e + 1 < end && b[e] === CLOSE_BRACKET && b[e + 1] === COLON && (e + 2 === end || b[e + 2] === SPACE)) colon = e + 1;
      // An identifier with a blank and a "[pid]": the regex path decides, as in cutShortOrigin.
      if (colon !== -1 && blank) return false;
    }
    if (colon === -1) continue;
    r.hostStart = from;
    r.hostEnd = hostEnd;
    r.identStart = identStart;
    r.identEnd = p;
    r.msgStart = colon + 1 === end ? end : colon + 2;
    return true;
  }
  return false;
}
