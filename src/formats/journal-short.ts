// journalctl short family: short, short-precise, short-iso(-precise), short-full, with-unit, short-unix, short-monotonic.

import type { LocalStamp, LogRecord } from '../events/types.js';
import { MONTH_TOKEN, monthNumber } from '../time/months.js';
import { fractionToMicro, makeStamp, parseOffset, validStamp } from '../time/stamp.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

// "Sep 14 11:39:02 centos79 kubelet[1789]: …"  /  "9月 14 11:39:02.118734 centos79 kubelet[1789]: …"
const SHORT = new RegExp(`^(${MONTH_TOKEN}) {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))? (.*)$`);
// "2024-09-14T11:39:41+0800 …" / "2024-09-14T11:39:41.903312+08:00 …"
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:?\d{2}) (.*)$/;
// "Sat 2024-09-14 11:39:41 CST …" (short-full, with-unit; --utc prints UTC)
const FULL = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? ([A-Za-z]{1,6}|[+-]\d{2,4}) (.*)$/;
// "1726285181.903312 centos79 …" (short-unix)
const UNIX = /^(\d{9,11})\.(\d{6}) (.*)$/;
// "[1049228.486111] centos79 …" (short-monotonic: seconds since boot, no wall clock)
const MONO = /^\[\s*(\d+)\.(\d{6})\] (.*)$/;
// "<host> <identifier>[<pid>]: <message>"; the identifier is whatever precedes "[pid]:" or ":".
const ORIGIN = /^(\S+) (.+?)(?:\[(\d+)\])?:(?: (.*))?$/;
// Lines journalctl prints itself: boot separators, "-- No entries --", old headers, 219-style catalog.
const MARKER = /^-- .*$|^Notice: journal has been rotated|^Hint: /;
// journalctl -x catalog text (systemd ≥ 246 prefixes it with "░░ ").
const CATALOG = /^░░ ?/;

type Envelope = { stamp: LocalStamp | null; absUs: number | null; rest: string; timeless?: boolean };

/** Cut the timestamp off one journal line; null when the line has none of the family's forms. */
export function cutTimestamp(line: string): Envelope | null {
  let m = SHORT.exec(line);
  if (m) {
    const month = monthNumber(m[1]!);
    if (month === null) return null;
    const stamp = makeStamp(null, month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), fractionToMicro(m[6]));
    return validStamp(stamp) ? { stamp, absUs: null, rest: m[7]! } : null;
  }
  m = ISO.exec(line);
  if (m) {
    const stamp = makeStamp(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), fractionToMicro(m[7]), parseOffset(m[8]!));
    return validStamp(stamp) ? { stamp, absUs: null, rest: m[9]! } : null;
  }
  m = FULL.exec(line);
  if (m) {
    const zone = m[8]!;
    // Zone abbreviations are ambiguous (CST = China or US Central); only UTC/GMT and numeric ones are trusted.
    const offset = /^(UTC|GMT)$/.test(zone) ? 0 : /^[+-]\d/.test(zone) ? parseOffset(zone) : null;
    const stamp = makeStamp(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), fractionToMicro(m[7]), offset);
    return validStamp(stamp) ? { stamp, absUs: null, rest: m[9]! } : null;
  }
  m = UNIX.exec(line);
  if (m) return { stamp: null, absUs: Number(m[1]) * 1_000_000 + Number(m[2]), rest: m[3]! };
  m = MONO.exec(line);
  if (m) return { stamp: null, absUs: null, rest: m[3]!, timeless: true };
  return null;
}

function detect(head: Head): Detection | null {
  const lines = head.lines.filter((l) => l.trim() !== '' && !MARKER.test(l) && !CATALOG.test(l) && !/^\s/.test(l));
  if (lines.length === 0) return null;
  let hits = 0;
  for (const l of lines) {
    const env = cutTimestamp(l);
    if (env && ORIGIN.test(env.rest)) hits++;
  }
  const ratio = hits / lines.length;
  if (hits === 0 || ratio < 0.5) return null;
  return { score: 0.5 + ratio * 0.45, why: `${hits}/${lines.length} head lines are "<time> <host> <ident>[pid]: msg"` };
}

class ShortParser implements LineParser {
  private current: LogRecord | null = null;
  /** Byte width of the current record's prefix: journalctl indents its continuation lines by exactly that. */
  private indent = 0;
  private prevMonth = 0;
  private yearShift = 0;

  constructor(private readonly ctx: FormatContext) {}

  line(text: string, lineNo: number): void {
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text === '') {
      this.ctx.skipped(lineNo, 'empty line');
      return;
    }
    if (CATALOG.test(text)) {
      this.ctx.skipped(lineNo, 'journalctl -x catalog text');
      return;
    }
    if (/^\s/.test(text)) {
      // journalctl indents the continuation lines of a multi-line MESSAGE by the prefix width.
      if (this.current) {
        // Only the indentation is journalctl's; spaces beyond it belong to the message ("   Loaded: …").
        const lead = /^ */.exec(text)![0].length;
        this.current.message += '\n' + (lead >= this.indent ? text.slice(this.indent) : text.trimStart());
        this.current.raw += '\n' + text;
        this.current.endLine = lineNo;
        this.ctx.skipped(lineNo, 'continuation line');
      } else {
        this.ctx.unparsed(lineNo, 'continuation line with no entry before it', text);
      }
      return;
    }
    if (MARKER.test(text)) {
      this.flush();
      this.ctx.skipped(lineNo, 'journalctl marker line');
      return;
    }
    const env = cutTimestamp(text);
    if (!env) {
      this.flush();
      this.ctx.unparsed(lineNo, 'no journalctl timestamp', text);
      return;
    }
    const origin = ORIGIN.exec(env.rest);
    if (!origin) {
      this.flush();
      this.ctx.unparsed(lineNo, 'no "<host> <identifier>:" after the timestamp', text);
      return;
    }
    if (env.stamp && env.stamp.year === null) {
      // Year-less stamps: count December→January rollovers so the year can be fixed once it is known.
      if (this.prevMonth && env.stamp.month < this.prevMonth && this.prevMonth - env.stamp.month >= 6) this.yearShift++;
      this.prevMonth = env.stamp.month;
      env.stamp.yearShift = this.yearShift;
    }
    this.flush();
    const message = origin[4] ?? '';
    this.indent = message === '' ? Buffer.byteLength(text) + 1 : Buffer.byteLength(text.slice(0, text.length - message.length));
    this.current = {
      stamp: env.stamp,
      absUs: env.absUs,
      domain: 'journal',
      host: origin[1]!,
      ident: origin[2]!,
      pid: origin[3] ? Number(origin[3]) : null,
      message: origin[4] ?? '',
      source: { path: this.ctx.path, line: lineNo },
      raw: text,
    };
    if (env.timeless) this.ctx.note('short-monotonic: records have no wall clock and are timeless');
  }

  private flush(): void {
    if (this.current) this.ctx.record(this.current);
    this.current = null;
  }

  end(): void {
    this.flush();
  }
}

export const journalShort: Format = {
  id: 'journal-short',
  title: 'journalctl short family (short, short-precise, short-iso, short-full, with-unit, short-unix, short-monotonic)',
  reference: 'https://github.com/systemd/systemd/blob/main/src/shared/logs-show.c (output_short)',
  samples: [
    'Sep 14 11:39:02 centos79 kubelet[1789]: I0914 11:39:02.118431    1789 kubelet.go:2430] "SyncLoop DELETE" source="api" pods=["default/hostport-app-0"]',
    '9月 14 11:39:02.118734 centos79 kubelet[1789]: I0914 11:39:02.118431    1789 kubelet.go:2430] "SyncLoop DELETE" source="api" pods=["default/hostport-app-0"]',
    '2024-09-14T11:39:41+0800 centos79 uninstall-docker[27310]: uninstall-docker: stopping docker before package removal',
    '2024-09-14T11:39:41.903312+0800 centos79 uninstall-docker[27310]: uninstall-docker: stopping docker before package removal',
    'Sat 2024-09-14 11:39:42 CST centos79 systemd[1]: Stopping Docker Application Container Engine...',
    '1726285182.012004 centos79 systemd[1]: Stopping Docker Application Container Engine...',
    '[1049228.486111] centos79 uninstall-docker[27310]: uninstall-docker: stopping docker before package removal',
  ],
  detect,
  open: (ctx) => new ShortParser(ctx),
};
