// A time as people paste it into --since/--until/--around: ISO 8601 with or without a zone or seconds, or a
// journal short stamp (`Sep 14 11:39:02`, `9月 14 11:39:02`) copied from the log itself; year and zone may be missing.

import type { LocalStamp } from '../events/types.js';
import { LocaleMonths } from './months.js';
import { fractionToMicro, makeStamp, parseIso, parseOffset, validStamp } from './stamp.js';

/** ISO 8601 to the minute: "2024-09-14 11:39", "2024-09-14T11:39+08:00". */
const ISO_MINUTE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * journalctl -o short / short-precise: "Sep 14 11:39:02", "Sep 14 11:39:02.530117", "9月 14 11:39:02"; the month
 * as strftime("%b") prints it in any locale (src/time/month-names.ts), so what the journal shows can be pasted.
 */
const JOURNAL_SHORT = /^(\S.*?)\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

/** The stamp a pasted time gives (year and offset null when it has none), or null when it is no time we read. */
export function parsePastedTime(text: string): LocalStamp | null {
  const t = text.trim();
  const iso = parseIso(t);
  if (iso) return iso;
  let m = ISO_MINUTE.exec(t);
  if (m) {
    const offset = m[6] ? parseOffset(m[6]) : null;
    const s = makeStamp(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), 0, 0, offset);
    return validStamp(s) ? s : null;
  }
  m = JOURNAL_SHORT.exec(t);
  if (m) {
    const month = new LocaleMonths().read(m[1]!);
    if (month === 0) return null;
    const s = makeStamp(null, month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), fractionToMicro(m[6]));
    return validStamp(s) ? s : null;
  }
  return null;
}
