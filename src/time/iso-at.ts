// parseIso on a span of a longer text, without cutting it out: the common RFC 3339 shapes by position, anything
// else through parseIso itself, so the result is always parseIso's.

import type { LocalStamp } from '../events/types.js';
import { makeStamp, parseIso, validStamp } from './stamp.js';

function d(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** parseIso(text.slice(start, end)); `into`, when given, is filled and returned instead of a new stamp. */
export function parseIsoAt(text: string, start: number, end: number, into?: LocalStamp): LocalStamp | null {
  const slow = (): LocalStamp | null => parseIso(text.slice(start, end));
  if (end - start < 19) return slow();
  const s = start;
  const y0 = d(text, s), y1 = d(text, s + 1), y2 = d(text, s + 2), y3 = d(text, s + 3);
  const mo0 = d(text, s + 5), mo1 = d(text, s + 6), da0 = d(text, s + 8), da1 = d(text, s + 9);
  const h0 = d(text, s + 11), h1 = d(text, s + 12), mi0 = d(text, s + 14), mi1 = d(text, s + 15), se0 = d(text, s + 17), se1 = d(text, s + 18);
  if ((y0 | y1 | y2 | y3 | mo0 | mo1 | da0 | da1 | h0 | h1 | mi0 | mi1 | se0 | se1) < 0) return slow();
  const t = text.charCodeAt(s + 10);
  if (text.charCodeAt(s + 4) !== 45 || text.charCodeAt(s + 7) !== 45 || (t !== 84 && t !== 32) || text.charCodeAt(s + 13) !== 58 || text.charCodeAt(s + 16) !== 58) return slow();
  let i = s + 19;
  let micro = 0;
  const dot = text.charCodeAt(i);
  if (i < end && (dot === 46 || dot === 44)) {
    let n = 0;
    i++;
    while (i < end && d(text, i) >= 0) {
      if (n < 6) micro = micro * 10 + d(text, i);
      n++;
      i++;
    }
    if (n === 0 || n > 9) return slow();
    for (let k = Math.min(n, 6); k < 6; k++) micro *= 10;
  }
  let offset: number | null = null;
  if (i < end) {
    const z = text.charCodeAt(i);
    if (z === 90 && i + 1 === end) offset = 0;
    else if ((z === 43 || z === 45) && d(text, i + 1) >= 0 && d(text, i + 2) >= 0) {
      let minutes = (d(text, i + 1) * 10 + d(text, i + 2)) * 60;
      let j = i + 3;
      if (j < end) {
        if (text.charCodeAt(j) === 58) j++;
        if (j + 2 !== end || d(text, j) < 0 || d(text, j + 1) < 0) return slow();
        minutes += d(text, j) * 10 + d(text, j + 1);
      }
      offset = z === 45 ? -minutes : minutes;
    } else return slow();
  }
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = mo0 * 10 + mo1;
  const day = da0 * 10 + da1;
  const hour = h0 * 10 + h1;
  const minute = mi0 * 10 + mi1;
  const second = se0 * 10 + se1;
  if (into === undefined) into = makeStamp(year, month, day, hour, minute, second, micro, offset);
  else {
    into.year = year;
    into.yearShift = 0;
    into.month = month;
    into.day = day;
    into.hour = hour;
    into.minute = minute;
    into.second = second;
    into.micro = micro;
    into.offsetMin = offset;
  }
  return validStamp(into) ? into : null;
}
