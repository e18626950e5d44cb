// journalctl short family: short, short-precise, short-iso(-precise), short-full, with-unit, short-unix, short-monotonic.

import { own } from '../events/own.js';
import type { LocalStamp, LogRecord } from '../events/types.js';
import { LocaleMonths } from '../time/months.js';
import { fractionToMicro, makeStamp, parseOffset, validStamp, wallStamp } from '../time/stamp.js';
import { CLOSE_BRACKET, COLON, DIGIT_0, DOT, OPEN_BRACKET, SPACE } from '../components/chars.js';
import { BootBoundaries, isJournalMarker, journalMarker, rangeEnd, type LastEntry } from './_journal-markers.js';
import { NEED_CLOCK, NEED_NOTHING, NEED_RECORD, type Detection, type Format, type FormatContext, type Head, type LineParser, type QuietRecord, type QuietRecords, type Wall } from './types.js';
import { joinHexWrap } from './_hex-wrap.js';
import { glueWrappedId } from './_pending-record.js';
import { cut5424 } from './_syslog-5424.js';
import { klogRecord } from './_klog-among.js';
import { logrusRecord } from './_logrus-among.js';
import { cutShortOriginAt, cutShortStampAt } from './_short-bytes.js';
import { englishMonthOf, MONTH_DAYS, POW10 } from './_short-month.js';

// "Sep 14 11:39:02 centos79 kubelet[1789]: …"  /  "9月 14 11:39:02.118734 centos79 kubelet[1789]: …"  /  "lis 14 …"
// The month is strftime("%b") in journalctl's locale: any name glibc prints (LocaleMonths), up to three words
// ("de gen." in ca_ES, "lî wainhka kati" in miq_NI), padded in some ("Du  " in br_FR, " 9月" in ja_JP). rsyslog's
// traditional format pads the day ("Sep  4"). A syslog message as sent (RFC 3164 §4.1) keeps its "<PRI>" in front
// of the stamp: rsyslog's forwarding templates (RSYSLOG_TraditionalForwardFormat "<%PRI%>%TIMESTAMP% …",
// RSYSLOG_ForwardFormat with an RFC 3339 stamp) and what a remote receiver writes raw ("<30>Mar 19 08:02:46 host
// kubelet[89518]: …", kubernetes/kubernetes#75477); the priority is no part of the record.
// Every `(.*)` here takes the s flag: `.` alone stops at CR, LS and PS, and a message holding one (a progress bar's
// "\r", a U+2028 from a pod) made the whole line unparsed.
const SHORT = /^(?:<\d{1,3}>)? ?(\S+(?: \S+){0,2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (.*)$/s;
// "2024-09-14T11:39:41+0800 …" / "2024-09-14T11:39:41.903312+08:00 …" (rsyslog's RFC 3339 stamps are the latter),
// after RFC 5424's "<PRI>VERSION " when rsyslog wrote RSYSLOG_SyslogProtocol23Format ("<13>1 2026-12-07T19:54:45…"),
// or after a bare "<PRI>" (RSYSLOG_ForwardFormat: RFC 3164's header with an RFC 3339 stamp).
const ISO = /^(?:<\d{1,3}>(?:\d{1,2} )?)?(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2}) (.*)$/s;
// "Sat 2024-09-14 11:39:41 CST …" (short-full, with-unit; --utc prints UTC)
const FULL = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? ([A-Za-z]{1,6}|[+-]\d{2,4}) (.*)$/s;
// "1726285181.903312 centos79 …" (short-unix)
const UNIX = /^(\d{9,11})\.(\d{6}) (.*)$/s;
// "[1049228.486111] centos79 …" (short-monotonic: seconds since boot, no wall clock)
const MONO = /^\[\s*(\d+)\.(\d{6})\] (.*)$/s;
// "<host> <identifier>[<pid>]: <message>"; the identifier is whatever precedes "[pid]:" or ":".
const ORIGIN = /^(\S+) (.+?)(?:\[(\d+)\])?:(?: (.*))?$/s;
// `journalctl --no-hostname`: "<identifier>[<pid>]: <message>" right after the time. A host name holds no ':',
// so a first word ending in ':' is the identifier.
const NO_HOST = /^([^\s[]+?)(?:\[(\d+)\])?:(?: (.*))?$/s;
const NO_HOST_FIRST = /^[^\s:]*:(?: |$)|^[^\s[]+\[\d+\]:(?: |$)/;

/** A line's time, cut by cutTimestamp: a wall clock, an instant, or neither (short-monotonic); the rest of the line. */
export type Envelope = { stamp: LocalStamp | null; absUs: number | null; rest: string; timeless?: boolean; rfc3339?: boolean };

export interface Origin {
  host: string | null;
  ident: string;
  pid: string | undefined;
  message: string;
}

/**
 * Host, identifier, PID and message after the time; null when the line has no "<identifier>:". `rfc3339`: the
 * stamp was RFC 3339, the only one RFC 5424 allows, so its header may follow (cut5424).
 */
export function cutOrigin(rest: string, rfc3339 = false): Origin | null {
  // An empty host field: rsyslog writes "<time>  <ident>[pid]:" when it has no host name, and people blank the
  // host out before posting. The identifier is then the first word, as with --no-hostname.
  if (rest.charCodeAt(0) === 32) {
    const t = rest.replace(/^ +/, '');
    return NO_HOST_FIRST.test(t) ? cutOrigin(t) : null;
  }
  if (NO_HOST_FIRST.test(rest)) {
    const n = NO_HOST.exec(rest);
    return n ? { host: null, ident: n[1]!, pid: n[2], message: n[3] ?? '' } : null;
  }
  const o = ORIGIN.exec(rest);
  // An identifier holding a space is no "ident[pid]:": the line may be RFC 5424's "host app procid msgid sd msg"
  // (rsyslog's RSYSLOG_SyslogProtocol23Format), whose message merely holds a ": " further on.
  if (rfc3339 && (o === null || o[2]!.includes(' '))) {
    const r = cut5424(rest);
    if (r !== null) return r;
  }
  // An identifier holding a blank and no "[pid]" is prose up to its first ": " (Talos' kmsg "[talos] upgrade failed:
  // … StopPodSandbox …", siderolabs/talos#3151): no journal line, or a deploy step would be read from quoted text.
  if (o && o[3] === undefined && /\s/.test(o[2]!)) return null;
  // An identifier holding a time of day holds another line's prefix: "<RFC 3339> * Jul 01 14:49:59 minikube
  // dockerd[100]: …" (`minikube logs` bullets in a GitHub Actions log, kubernetes/minikube#8620) gave host "*" and
  // that identifier. The journal line starts further on, where the envelope reader (enveloped.ts) finds it.
  if (o && PREFIX_INSIDE.test(o[2]!)) return null;
  // A host name holds no brackets: "[  103.387923] [talos] service[kubelet](Running): …" is Talos' kernel-log line,
  // its tag where a host would be (siderolabs/talos#2097): talos-log's, through the envelope reader.
  if (o && o[1]!.charCodeAt(0) === 91) return null;
  return o ? { host: o[1]!, ident: o[2]!, pid: o[3], message: o[4] ?? '' } : null;
}
const PREFIX_INSIDE = /(?:^|\s)\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\s/;
// journalctl -x catalog text (systemd ≥ 246 prefixes it with "░░ ").
const CATALOG = /^░░ ?/;
// Continuation lines are indented by the prefix width (16 columns at least); one space then a word may be a
// padded month name (" 9月 14 …" in ja_JP), a record when it reads as one.
const CONTINUATION = /^\s(?:\s|$)|^[^ ]/;
const INDENTED = /^\s/;


/** The journal record of one short-family line, from its cut time (cutTimestamp) and origin (cutOrigin). */
export function shortRecord(env: Envelope, origin: Origin, path: string, lineNo: number, raw: string): LogRecord {
  const pid = origin.pid ? Number(origin.pid) : null;
  return { stamp: env.stamp, absUs: env.absUs, domain: 'journal', host: origin.host, ident: origin.ident, pid, message: origin.message, source: { path, line: lineNo }, raw };
}

/** Cut the timestamp off one journal line; null when the line has none of the family's forms. */
export function cutTimestamp(line: string, months: LocaleMonths = new LocaleMonths()): Envelope | null {
  let m = SHORT.exec(line);
  if (m) {
    const month = months.read(m[1]!);
    if (month !== 0) {
      const stamp = makeStamp(null, month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), fractionToMicro(m[6]));
      return validStamp(stamp) ? { stamp, absUs: null, rest: m[7]! } : null;
    }
  }
  m = ISO.exec(line);
  if (m) {
    const stamp = makeStamp(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), fractionToMicro(m[7]), parseOffset(m[8]!));
    return validStamp(stamp) ? { stamp, absUs: null, rest: m[9]!, rfc3339: true } : null;
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
  const lines = head.lines.filter((l) => l.trim() !== '' && !isJournalMarker(l) && !CATALOG.test(l) && !(INDENTED.test(l) && CONTINUATION.test(l)));
  if (lines.length === 0) return null;
  let hits = 0;
  const months = new LocaleMonths();
  for (const l of lines) {
    const env = cutTimestamp(l, months);
    if (env && cutOrigin(env.rest, env.rfc3339)) hits++;
  }
  const ratio = hits / lines.length;
  if (hits === 0 || ratio < 0.5) return null;
  return { score: 0.5 + ratio * 0.45, why: `${hits}/${lines.length} head lines are "<time> <host> <ident>[pid]: msg"` };
}

/** "Jan".."Dec" at text[at] → 1..12, else 0 (the 9月 forms and other locales' names take the regex path). */
function englishMonth(text: string, at: number): number {
  return englishMonthOf(text.charCodeAt(at), text.charCodeAt(at + 1), text.charCodeAt(at + 2));
}

/** The first character past printable ASCII. */
const DEL = 127;

function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i) - DIGIT_0;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Whether a year-less stamp of `month` after one of `prev` (0: none) starts a new year: December → January. */
function rolledOver(prev: number, month: number): boolean {
  return prev !== 0 && month < prev && prev - month >= 6;
}

/**
 * The stamp of a plain `short`/`short-precise` line, "Sep 10 08:00:01[.123456] " (SHORT's grammar, English month
 * names), at text[start, end): its wall clock into `w`, and the position of the space after it; -1 when the line
 * has another form. yearShift is left to the parser.
 */
export function cutShortStamp(text: string, start: number, end: number, w: Wall): number {
  const month = englishMonth(text, start);
  if (month === 0 || text.charCodeAt(start + 3) !== SPACE) return -1;
  let i = text.charCodeAt(start + 4) === SPACE ? start + 5 : start + 4;
  let day = digitAt(text, i);
  if (day < 0) return -1;
  const d2 = digitAt(text, ++i);
  if (d2 >= 0) {
    day = day * 10 + d2;
    i++;
  }
  if (text.charCodeAt(i) !== SPACE) return -1;
  const h1 = digitAt(text, i + 1);
  const h2 = digitAt(text, i + 2);
  const m1 = digitAt(text, i + 4);
  const m2 = digitAt(text, i + 5);
  const s1 = digitAt(text, i + 7);
  const s2 = digitAt(text, i + 8);
  if ((h1 | h2 | m1 | m2 | s1 | s2) < 0 || text.charCodeAt(i + 3) !== COLON || text.charCodeAt(i + 6) !== COLON) return -1;
  i += 9;
  w.micro = 0;
  if (text.charCodeAt(i) === DOT && (i = cutFraction(text, i + 1, end, w)) === -1) return -1;
  if (i >= end || text.charCodeAt(i) !== SPACE) return -1;
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

/** The fraction of a second at text[from, end) (SHORT's `\.(\d{1,6})`): its microseconds into w.micro, where it ends; -1 when not 1 to 6 digits. */
function cutFraction(text: string, from: number, end: number, w: Wall): number {
  let digits = 0;
  let frac = 0;
  for (let d = digitAt(text, from); d >= 0 && digits < 7 && from + digits < end; d = digitAt(text, from + digits)) {
    frac = frac * 10 + d;
    digits++;
  }
  if (digits === 0 || digits > 6) return -1;
  w.micro = frac * POW10[6 - digits]!;
  return from + digits;
}

/**
 * "host ident[pid]: message" from text[from] to end (ORIGIN's grammar): the host, identifier and message positions
 * into `r`; false when the regex path must read the line (a host that is not printable ASCII, --no-hostname's
 * first word, no "<identifier>:").
 */
export function cutShortOrigin(text: string, from: number, end: number, r: QuietRecord): boolean {
  // ORIGIN: `(\S+) ` — printable ASCII only here; anything else takes the regex path.
  let hostEnd = from;
  for (; hostEnd < end; hostEnd++) {
    const c = text.charCodeAt(hostEnd);
    if (c === SPACE) break;
    if (c < SPACE || c >= DEL) return false;
  }
  // A first word ending in ':' is --no-hostname's identifier: the regex path reads it.
  if (hostEnd === from || hostEnd >= end || text.charCodeAt(hostEnd - 1) === COLON) return false;
  // `(.+?)(?:\[(\d+)\])?:(?: (.*))?$`: the first ':' (after one character at least) that ends the line or is
  // followed by a space, or '[digits]:' so followed.
  const identStart = hostEnd + 1;
  let blank = false;
  for (let p = identStart + 1; p < end; p++) {
    const c = text.charCodeAt(p);
    let colon = -1;
    if (c === SPACE) blank = true;
    else if (c === COLON) {
      // An identifier with a blank and no "[pid]": the regex path refuses it (cutOrigin).
      if (p + 1 === end || text.charCodeAt(p + 1) === SPACE) {
        if (blank) return false;
        colon = p;
      }
    } else if (c === OPEN_BRACKET) {
      // "[digits]:" (pidColon, written here: a function of its own was compiled once more on its own).
      let e = p + 1;
      while (e < end && digitAt(text, e) >= 0) e++;
      if (e > p + 1 && e + 1 < end && text.charCodeAt(e) === CLOSE_BRACKET && text.charCodeAt(e + 1) === COLON && (e + 2 === end || text.charCodeAt(e + 2) === SPACE)) colon = e + 1;
      // An identifier with a blank and a "[pid]": the regex path decides (it refuses one holding another prefix).
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

/** What a journal-short parser carries from one line to the next, for joining parts of a file read apart. */
export interface ShortCarry {
  firstMonth: number;
  prevMonth: number;
  yearShift: number;
}

/** Whether a part whose parser started fresh read its stamps as it would have after `before`: no year shift to add. */
export function sameYearShift(before: ShortCarry, after: ShortCarry): boolean {
  return before.yearShift === 0 && !(after.firstMonth !== 0 && rolledOver(before.prevMonth, after.firstMonth));
}

/** A count-only record's slot, every field set (one hidden class). */
function quietSlot(): QuietRecord {
  return { text: '', bytes: null, start: 0, end: 0, lineNo: 0, hostStart: 0, hostEnd: 0, identStart: 0, identEnd: 0, msgStart: 0, need: NEED_NOTHING, timeAt: -1, timeOnce: false, month: 0, day: 0, hour: 0, minute: 0, second: 0, micro: 0, yearShift: 0 };
}

class ShortParser implements LineParser {
  private current: LogRecord | null = null;
  /** A record cut by the fast path and not built (nothing reads it), waiting like `current` for continuations. */
  private quiet: QuietRecord | null = null;
  /** Two slots taking turns: a line is cut into the one `quiet` is not, so a line that is no record leaves that one whole. */
  private readonly slotA = quietSlot();
  private readonly slotB = quietSlot();
  /** Byte width of the current record's prefix: journalctl indents its continuation lines by exactly that. */
  private indent = 0;
  /** klog lines without their journal prefix, read by their own header. */
  private prefixless = 0;
  /** Bare logrus lines among the journal's (_logrus-among.ts). */
  private prefixlessLogrus = 0;
  private prevMonth = 0;
  private yearShift = 0;
  /** The bytes the text lineAt() reads was decoded from, one to one (LineParser.piece), or null. */
  private bytes: Uint8Array | null = null;
  /** Month of the first year-less record: a part read apart learns here whether the year rolled at its start. */
  private firstMonth = 0;
  /** The file's month names, in whatever locale it was written (the fast path reads English ones itself). */
  private readonly months = new LocaleMonths();
  private readonly boots: BootBoundaries;

  constructor(private readonly ctx: FormatContext) {
    this.boots = new BootBoundaries(ctx);
  }

  carry(): ShortCarry {
    return { firstMonth: this.firstMonth, prevMonth: this.prevMonth, yearShift: this.yearShift };
  }

  line(text: string, lineNo: number): void {
    const q = this.ctx.quiet;
    if (q !== undefined && text.indexOf('\r') === -1 && text.indexOf('\u2028') === -1 && text.indexOf('\u2029') === -1 && this.fast(text, 0, text.length, lineNo, q, null)) return;
    this.slow(text, lineNo);
  }

  lineAt(text: string, start: number, end: number, lineNo: number): boolean {
    const q = this.ctx.quiet;
    return q !== undefined && this.fast(text, start, end, lineNo, q, this.bytes);
  }

  piece(bytes: Uint8Array | null): void {
    // The record still waiting was cut from the bytes before: they are about to be read over.
    if (this.quiet !== null) this.quiet.bytes = null;
    this.bytes = bytes;
  }

  /**
   * The plain `short`/`short-precise` line ("Sep 10 08:00:01[.123456] host ident[pid]: message") at
   * text[start, end), cut by positions (cutShortStamp, cutShortOrigin: the grammar of SHORT and ORIGIN); false
   * sends the line to the regex path. The caller has made sure it holds no CR, LS or PS (`(.*)$` without the s
   * flag would fail there). Records the ingest gate says nothing reads are counted without being built.
   * What the split into named pieces costs (callgrind, node --predictable, generated journals, whole CLI runs):
   * +58M instructions on 10 MB (+1.9%), +86M on 25 MB (+2.3%); ingesting 10 MB three times in one process cost
   * +55M in all, so it is warm-up (cutShortStamp and cutShortOrigin are compiled on their own before fast() is),
   * not a cost per line.
   */
  private fast(text: string, start: number, end: number, lineNo: number, q: QuietRecords, bytes: Uint8Array | null): boolean {
    if (end - start < 20) return false;
    const r = this.quiet === this.slotA ? this.slotB : this.slotA;
    // From the bytes the text was decoded from when the cutter has them (_short-bytes.ts: a byte costs less to read
    // than a character), else from the text.
    const at = bytes !== null ? cutShortStampAt(bytes, start, end, r) : cutShortStamp(text, start, end, r);
    if (at === -1 || !(bytes !== null ? cutShortOriginAt(bytes, at + 1, end, r) : cutShortOrigin(text, at + 1, end, r))) return false;
    // A record for sure: the same bookkeeping as the regex path.
    r.yearShift = this.rollover(r.month);
    this.flush();
    const need = q.need(text, r.identStart, r.identEnd, r.msgStart, end, bytes);
    // Stored only when they change (once a piece): the slots live long, the pieces die young, and every store of
    // a young value into an old object goes through the write barrier's slow path.
    if (r.text !== text) r.text = text;
    if (r.bytes !== bytes) r.bytes = bytes;
    r.start = start;
    r.end = end;
    r.lineNo = lineNo;
    r.need = need;
    // timeAt and timeOnce are the last need()'s only when it said NEED_CLOCK (QuietRecords): read only then.
    const clock = need === NEED_CLOCK;
    r.timeAt = clock ? q.timeAt : -1;
    r.timeOnce = clock && q.timeOnce;
    this.quiet = r;
    if (this.boots.waiting) this.boots.entry(wallStamp(r), null);
    if (need === NEED_RECORD) this.build();
    return true;
  }

  /** Count a December → January turn of a year-less record of `month`: the record's year shift. */
  private rollover(month: number): number {
    if (rolledOver(this.prevMonth, month)) this.yearShift++;
    if (!this.prevMonth) this.firstMonth = month;
    this.prevMonth = month;
    return this.yearShift;
  }

  /** Turn the fast path's record into the LogRecord the regex path would have made. */
  private build(): void {
    const r = this.quiet!;
    this.quiet = null;
    // The record's own copy of its line: a slice would pin the whole decoded piece it came from, and records
    // handed on (stitcher, clock, components) outlive a young-generation collection often enough that every
    // piece got promoted: a third of the run was spent collecting them.
    const text = own(r.text.slice(r.start, r.end));
    const shift = r.start;
    const raw = text;
    const message = text.slice(r.msgStart - shift);
    // makeStamp here, not wallStamp: this call site made wallStamp hot enough to be compiled on its own (--trace-opt).
    const stamp = makeStamp(null, r.month, r.day, r.hour, r.minute, r.second, r.micro);
    stamp.yearShift = r.yearShift;
    // identEnd is either the ':' or the '[' of "[pid]:".
    const pidText = text.charCodeAt(r.identEnd - shift) === 91 ? text.slice(r.identEnd - shift + 1, text.indexOf(']', r.identEnd - shift)) : '';
    this.indent = message === '' ? Buffer.byteLength(raw) + 1 : Buffer.byteLength(raw.slice(0, raw.length - message.length));
    this.current = {
      stamp,
      absUs: null,
      domain: 'journal',
      host: text.slice(r.hostStart - shift, r.hostEnd - shift),
      ident: text.slice(r.identStart - shift, r.identEnd - shift),
      pid: pidText ? Number(pidText) : null,
      message,
      source: { path: this.ctx.path, line: r.lineNo },
      raw,
    };
  }

  private slow(text: string, lineNo: number): void {
    if (text.endsWith('\r')) text = text.slice(0, -1);
    // A crash leaves a run of NUL bytes in a text log; the first line written after it starts right behind them.
    if (text.charCodeAt(0) === 0) {
      text = text.replace(/^\0+/, '');
      if (text === '') return this.ctx.skipped(lineNo, 'NUL bytes only (a hole a crash left in the file)');
    }
    if (text === '') {
      this.ctx.skipped(lineNo, 'empty line');
      return;
    }
    if (CATALOG.test(text)) {
      this.ctx.skipped(lineNo, 'journalctl -x catalog text');
      return;
    }
    if (INDENTED.test(text) && (CONTINUATION.test(text) || !this.paddedMonth(text))) {
      // journalctl indents the continuation lines of a multi-line MESSAGE by the prefix width.
      if (this.quiet) this.build();
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
    const marker = journalMarker(text);
    if (marker !== null) {
      // A header the terminal cut short ("… EST. -") is an 'other' marker; its end stamp may still be whole.
      if (marker.kind === 'range' || marker.kind === 'other') {
        const end = rangeEnd(text);
        if (end !== null) this.ctx.meta({ kind: 'journal-end', stamp: end, text }, lineNo);
      }
      this.boots.marker(marker, lineNo, text, this.lastEntry());
      this.flush();
      this.ctx.skipped(lineNo, 'journalctl marker line');
      return;
    }
    const env = cutTimestamp(text, this.months);
    if (this.months.guessed !== null) this.ctx.note(`month name ${this.months.guessed}`);
    if (!env) {
      if (this.hexWrap(text, lineNo)) return;
      this.flush();
      // A klog line whose journal prefix the poster's selection left out (aws/amazon-vpc-cni-k8s#59: the first line
      // of a paste starts at "E0418 19:09:56.012799    3852 …"): the program's own header times it; no host or
      // identifier is made up for it.
      const klog = klogRecord(text, lineNo, this.ctx, null);
      if (klog !== null) {
        this.current = klog;
        this.prefixless++;
        return;
      }
      // The same for a daemon's bare logrus line after the journal lines (_logrus-among.ts).
      const logrus = logrusRecord(text, lineNo, this.ctx);
      if (logrus !== null) {
        this.current = logrus;
        this.prefixlessLogrus++;
        return;
      }
      this.ctx.unparsed(lineNo, 'no journalctl timestamp', text);
      return;
    }
    const origin = cutOrigin(env.rest, env.rfc3339);
    if (!origin) {
      this.flush();
      this.ctx.unparsed(lineNo, 'no "<host> <identifier>:" after the timestamp', text);
      return;
    }
    // Year-less stamps: count December→January rollovers so the year can be fixed once it is known.
    if (env.stamp && env.stamp.year === null) env.stamp.yearShift = this.rollover(env.stamp.month);
    this.flush();
    const message = origin.message;
    this.indent = message === '' ? Buffer.byteLength(text) + 1 : Buffer.byteLength(text.slice(0, text.length - message.length));
    this.current = shortRecord(env, origin, this.ctx.path, lineNo, text);
    if (env.timeless) this.ctx.note('short-monotonic: records have no wall clock and are timeless');
    this.boots.entry(env.stamp, env.absUs);
  }

  /** The record read last, if still held (a boot marker ends its boot there). */
  private lastEntry(): LastEntry | null {
    const q = this.quiet;
    if (q !== null) return { stamp: wallStamp(q), absUs: null, line: q.lineNo, text: q.text.slice(q.start, q.end) };
    const c = this.current;
    return c === null ? null : { stamp: c.stamp, absUs: c.absUs, line: c.source.line, text: c.raw.split('\n', 1)[0]! };
  }

  /** The rest of a 64-hex ID the poster's copy wrapped onto this line (_hex-wrap.ts): glued back onto the record. */
  private hexWrap(text: string, lineNo: number): boolean {
    if (this.quiet) {
      // Built only when the line does complete its ID (a quiet record's message is not at hand otherwise).
      const q = this.quiet;
      if (joinHexWrap(q.text.slice(q.msgStart, q.end), text) === null) return false;
      this.build();
    }
    return this.current !== null && glueWrappedId(this.current, text, lineNo, this.ctx);
  }

  /** Whether a line opening with one space is a record of a locale that pads its month names (" 9月 14 …"). */
  private paddedMonth(text: string): boolean {
    const env = cutTimestamp(text, new LocaleMonths());
    return env !== null && cutOrigin(env.rest, env.rfc3339) !== null;
  }

  private flush(): void {
    if (this.quiet) {
      this.ctx.quiet!.take(this.quiet);
      this.quiet = null;
    }
    if (this.current) this.ctx.record(this.current);
    this.current = null;
  }

  end(): void {
    this.flush();
    if (this.prefixless > 0) this.ctx.note(`${this.prefixless} klog lines without their journal prefix (cut off in a paste), timed by their own header, no host or identifier`);
    if (this.prefixlessLogrus > 0) this.ctx.note(`${this.prefixlessLogrus} logrus line(s) without a journal prefix among the journal's, timed by their own time="…", no host or identifier`);
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
    '<13>1 2026-12-07T19:54:45.377909+00:00 vm kubelet 24578 - -  E0207 02:49:40.738973   24578 remote_runtime.go:176] "RunPodSandbox from runtime service failed" err="rpc error: code = DeadlineExceeded desc = context deadline exceeded"',
    '2024-02-07T02:49:52.035922+00:00 NodeA containerd 22938 - -  time="2024-02-07T02:49:52.035460535Z" level=info msg="RunPodSandbox for &PodSandboxMetadata{Name:podX-b181ca13-z7d7p,Uid:f4fc0242-4fb4-4015-a7eb-3e4a9cd73293,Namespace:default,Attempt:0,}"',
  ],
  detect,
  open: (ctx) => new ShortParser(ctx),
  split: {
    // The plain short form ("Sep 10 08:00:01 "), the rendering a node's journal is read apart in.
    recordStart: /\n(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d[. ]/,
    // No year rollover to carry over the cut.
    joinable: (before, after) => before != null && after != null && sameYearShift(before as ShortCarry, after as ShortCarry),
  },
};
