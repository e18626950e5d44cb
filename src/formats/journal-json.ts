// journalctl JSON family: json (one object a line), json-seq (RS 0x1E before each object), json-pretty (tab-indented, multi-line).

import type { LogRecord } from '../events/types.js';
import { own } from '../events/own.js';
import { parseObject } from './_json-doc.js';
import { BootBoundaries, isJournalMarker, type LastEntry } from './_journal-markers.js';
import { NEED_RECORD, type Detection, type Format, type FormatContext, type Head, type LineParser, type QuietJsonRecord, type QuietRecords } from './types.js';
import { CLOSE_BRACE, COLON, COMMA, DIGIT_0, OPEN_BRACE, QUOTE } from '../components/chars.js';

/** ASCII Record Separator that json-seq (RFC 7464) puts before each object. */
const RS = '\u001e';
const RS_CODE = 0x1e;
/** A json-pretty member line: `\t"KEY" : value`. */
const PRETTY_KEY = /^\t"([^"\\]+)" : /;
/** Fields no other JSON log carries: a journal object has them all (key order is random). */
const ANCHOR = /"(__REALTIME_TIMESTAMP|__CURSOR)"/;
const JOURNAL_FIELD = /"(__MONOTONIC_TIMESTAMP|_BOOT_ID|_TRANSPORT|SYSLOG_IDENTIFIER|_HOSTNAME|_SYSTEMD_UNIT)"/;
/** A json-pretty object larger than this is given up (counted unparsed) rather than held in memory. */
export const MAX_PRETTY_CHARS = 1024 * 1024;
/** raw of a json-pretty record is its joined lines, cut to this length. */
const MAX_RAW = 4096;
const NULL_MESSAGE_NOTE = 'MESSAGE null: field over 4096 bytes, re-export with journalctl -a';

type Json = Record<string, unknown>;

function isByteArray(v: unknown[]): v is number[] {
  return v.length > 0 && v.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b <= 255);
}

/** One value as journalctl encodes it: string, null (too long without -a), or byte array (not UTF-8). */
function single(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && isByteArray(v)) return Buffer.from(v).toString('utf8');
  if (Array.isArray(v) && v.length === 0) return '';
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/** Every value of a field: a field present more than once is an array of values (each a string, null or byte array). */
function values(obj: Json, key: string): (string | null)[] | undefined {
  if (!Object.hasOwn(obj, key)) return undefined;
  const v = obj[key];
  if (Array.isArray(v) && v.length > 0 && !isByteArray(v)) return v.map(single);
  return [single(v)];
}

/** First readable value of a field, or null. */
function first(obj: Json, key: string): string | null {
  return values(obj, key)?.find((s): s is string => s !== null) ?? null;
}

function pidOf(obj: Json, key: string): number | null {
  const s = first(obj, key);
  if (s === null || !/^\d{1,10}$/.test(s)) return null;
  return Number(s);
}

/** Microseconds since the epoch from __REALTIME_TIMESTAMP, or the reason it cannot be used. */
function realtime(obj: Json): number | string {
  if (!Object.hasOwn(obj, '__REALTIME_TIMESTAMP')) return 'no __REALTIME_TIMESTAMP';
  const v = obj['__REALTIME_TIMESTAMP'];
  const s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
  if (!/^\d{1,16}$/.test(s)) return '__REALTIME_TIMESTAMP is not a number of microseconds';
  const us = Number(s);
  if (!Number.isSafeInteger(us)) return '__REALTIME_TIMESTAMP out of range';
  return us;
}

function detect(head: Head): Detection | null {
  const lines = head.lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l) => l.trim() !== '' && !isJournalMarker(l));
  const top = lines[0];
  if (top === undefined) return null;
  const seq = top.startsWith(RS);
  const firstLine = seq ? top.slice(1) : top;
  if (firstLine === '{') {
    // json-pretty: "{" alone, then `\t"KEY" : value` lines.
    if (lines.some((l) => /^\t"(__CURSOR|__REALTIME_TIMESTAMP)" : /.test(l))) return { score: 0.95, why: 'journalctl -o json-pretty: "{" alone, then tab-indented "__CURSOR" : / "__REALTIME_TIMESTAMP" : members' };
    const second = lines[1] ?? '';
    const m = PRETTY_KEY.exec(second);
    if (m && /^_{0,2}[A-Z0-9][A-Z0-9_]*$/.test(m[1]!)) return { score: 0.7, why: 'json-pretty object with a journal-style upper-case field (no __CURSOR in the head)' };
    return null;
  }
  if (!firstLine.startsWith('{"')) return null;
  const mode = seq ? 'json-seq (RS before each object)' : 'json';
  if (ANCHOR.test(firstLine)) return { score: 0.95, why: `journalctl -o ${mode}: first line is an object with __REALTIME_TIMESTAMP/__CURSOR` };
  // A first line longer than the head is cut; its anchor fields may be past the cut.
  if (JOURNAL_FIELD.test(firstLine)) return { score: 0.7, why: `journalctl -o ${mode}: first line is an object with journal fields (no __CURSOR in the head)` };
  return null;
}

interface Pending {
  first: number;
  lines: string[];
  chars: number;
}

const enum Key {
  Other,
  Message,
  Hostname,
  Identifier,
  Comm,
  Realtime,
  Boot,
  Pid,
  SyslogPid,
}

/** The keys a count-only record reads, by length: no two share one, so a key is one length lookup and one compare. */
const KEY_BY_LENGTH: ({ name: string; key: Key } | undefined)[] = new Array<{ name: string; key: Key } | undefined>(21).fill(undefined);
for (const [name, key] of [
  ['_COMM', Key.Comm],
  ['MESSAGE', Key.Message],
  ['_BOOT_ID', Key.Boot],
  ['_HOSTNAME', Key.Hostname],
  ['SYSLOG_IDENTIFIER', Key.Identifier],
  ['__REALTIME_TIMESTAMP', Key.Realtime],
  ['_PID', Key.Pid],
  ['SYSLOG_PID', Key.SyslogPid],
] as const) {
  if (KEY_BY_LENGTH[name.length] !== undefined) throw new Error(`journal-json: two keys of length ${name.length}`);
  KEY_BY_LENGTH[name.length] = { name, key };
}

/** Which of the fields a count-only record needs the key text[start, end) is (keys with escapes never get here). */
function keyAt(text: string, start: number, end: number): Key {
  const n = end - start;
  const k = n < KEY_BY_LENGTH.length ? KEY_BY_LENGTH[n] : undefined;
  return k !== undefined && text.startsWith(k.name, start) ? k.key : Key.Other;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Control characters other than LF: JSON strings cannot hold them raw (LF only ends lines here). */
const CONTROL = /[\x00-\x09\x0b-\x1f]/g;

/**
 * Finds JSON strings in a text with native searches: the next quote, and the next backslash and control
 * character remembered per text, so that each is looked for once however many lines a chunk holds.
 */
class StringScanner {
  private text = '';
  private bs = -1;
  private ctl = -1;
  /** Where the last line looked at starts. */
  private at = 0;
  /** Whether the last string found held an escape. */
  escaped = false;

  private reset(text: string): void {
    this.text = text;
    this.bs = text.indexOf('\\');
    CONTROL.lastIndex = 0;
    this.ctl = CONTROL.test(text) ? CONTROL.lastIndex - 1 : -1;
  }

  /** Whether text[from, end) holds no raw control character. */
  clean(text: string, from: number, end: number): boolean {
    // An equal text at an earlier position is another line with the same content: start over.
    if (text !== this.text || from < this.at) this.reset(text);
    this.at = from;
    if (this.ctl !== -1 && this.ctl < from) {
      CONTROL.lastIndex = from;
      this.ctl = CONTROL.test(text) ? CONTROL.lastIndex - 1 : -1;
    }
    return this.ctl === -1 || this.ctl >= end;
  }

  private backslash(from: number): number {
    if (this.bs !== -1 && this.bs < from) this.bs = this.text.indexOf('\\', from);
    return this.bs;
  }

  /**
   * The closing quote of the JSON string whose content starts at `from`, or -1 when it is not a valid JSON
   * string ending before `end`. Call clean() for the line first (same text).
   */
  stringEnd(from: number, end: number): number {
    const text = this.text;
    this.escaped = false;
    for (let i = from; ; ) {
      const q = text.indexOf('"', i);
      if (q === -1 || q >= end) return -1;
      const b = this.backslash(i);
      if (b === -1 || b > q) return q;
      this.escaped = true;
      const n = text.charCodeAt(b + 1);
      if (n === 117) {
        if (!(isHex(text.charCodeAt(b + 2)) && isHex(text.charCodeAt(b + 3)) && isHex(text.charCodeAt(b + 4)) && isHex(text.charCodeAt(b + 5)))) return -1;
        i = b + 6;
      } else if (n === 34 || n === 92 || n === 47 || n === 98 || n === 102 || n === 110 || n === 114 || n === 116) i = b + 2;
      else return -1;
      if (i > end) return -1;
    }
  }
}

/** Where the values a count-only record needs are in its line (-1: the object has no such key). */
class FlatFields {
  msgStart = -1;
  msgEnd = -1;
  /** The MESSAGE value holds an escape (then it is unescaped by JSON.parse). */
  msgEscaped = false;
  ident = -1;
  identEnd = -1;
  comm = -1;
  commEnd = -1;
  host = -1;
  hostEnd = -1;
  realtime = -1;
  realtimeEnd = -1;
  boot = -1;
  bootEnd = -1;
  /** _PID and SYSLOG_PID: read only when the record is built. */
  pid = -1;
  pidEnd = -1;
  syslogPid = -1;
  syslogPidEnd = -1;

  clear(): void {
    this.msgStart = this.msgEnd = this.ident = this.identEnd = this.comm = this.commEnd = -1;
    this.host = this.hostEnd = this.realtime = this.realtimeEnd = this.boot = this.bootEnd = -1;
    this.pid = this.pidEnd = this.syslogPid = this.syslogPidEnd = -1;
    this.msgEscaped = false;
  }

  /** The value text[v0, v1) of `key`; false when the record needs it unescaped (any field but MESSAGE). */
  keep(key: Key, v0: number, v1: number, escaped: boolean): boolean {
    if (key === Key.Message) {
      this.msgStart = v0;
      this.msgEnd = v1;
      this.msgEscaped = escaped;
      return true;
    }
    if (escaped) return false;
    if (key === Key.Hostname) (this.host = v0), (this.hostEnd = v1);
    else if (key === Key.Identifier) (this.ident = v0), (this.identEnd = v1);
    else if (key === Key.Comm) (this.comm = v0), (this.commEnd = v1);
    else if (key === Key.Boot) (this.boot = v0), (this.bootEnd = v1);
    else if (key === Key.Realtime) (this.realtime = v0), (this.realtimeEnd = v1);
    else if (key === Key.Pid) (this.pid = v0), (this.pidEnd = v1);
    else (this.syslogPid = v0), (this.syslogPidEnd = v1);
    return true;
  }
}

/**
 * A one-line object `{"key":"value",…}` opening at text[open] (its '{') and ending at end - 1 (its '}'), read by
 * positions: the fields a count-only record needs into `f`. False when it is anything but a flat object of plain
 * strings with unescaped keys (an array, null, a number, whitespace, an escaped key: JSON.parse's to read), or
 * one of the needed fields but MESSAGE holds an escape. A repeated key: the last one, as JSON.parse. The scanner
 * has been told the line is clean (StringScanner.clean).
 */
function scanFlatObject(text: string, open: number, end: number, scan: StringScanner, f: FlatFields): boolean {
  f.clear();
  for (let i = open + 1; ; ) {
    if (text.charCodeAt(i) !== QUOTE) return false;
    const k0 = i + 1;
    const k1 = scan.stringEnd(k0, end);
    if (k1 === -1 || scan.escaped || text.charCodeAt(k1 + 1) !== COLON || text.charCodeAt(k1 + 2) !== QUOTE) return false;
    const v0 = k1 + 3;
    const v1 = scan.stringEnd(v0, end);
    if (v1 === -1) return false;
    const key = keyAt(text, k0, k1);
    if (key !== Key.Other && !f.keep(key, v0, v1, scan.escaped)) return false;
    i = v1 + 1;
    const c = text.charCodeAt(i);
    if (c === COMMA) i++;
    else return c === CLOSE_BRACE && i === end - 1;
  }
}

/** realtime()'s reading of __REALTIME_TIMESTAMP at text[from, to): 1 to 16 digits, a safe integer; else -1 (the regular path reports it). */
function realtimeAt(text: string, from: number, to: number): number {
  if (from === -1 || to - from < 1 || to - from > 16) return -1;
  let us = 0;
  for (let p = from; p < to; p++) {
    const d = text.charCodeAt(p) - DIGIT_0;
    if (d < 0 || d > 9) return -1;
    us = us * 10 + d;
  }
  return Number.isSafeInteger(us) ? us : -1;
}

/** pidOf()'s reading of a PID at text[from, to) (from = -1: no such key): 1 to 10 digits, else null. */
function pidAt(text: string, from: number, to: number): number | null {
  if (from === -1 || to - from < 1 || to - from > 10) return null;
  let pid = 0;
  for (let p = from; p < to; p++) {
    const d = text.charCodeAt(p) - DIGIT_0;
    if (d < 0 || d > 9) return null;
    pid = pid * 10 + d;
  }
  return pid;
}

/** The record's message: the line itself around the MESSAGE value when it holds no escape, else the value unescaped. */
function setMessage(r: QuietJsonRecord, text: string, f: FlatFields): void {
  if (f.msgStart === -1) {
    r.msg = '';
    r.msgStart = r.msgEnd = 0;
  } else if (f.msgEscaped) {
    r.msg = JSON.parse(text.slice(f.msgStart - 1, f.msgEnd + 1)) as string;
    r.msgStart = 0;
    r.msgEnd = r.msg.length;
  } else {
    r.msg = text;
    r.msgStart = f.msgStart;
    r.msgEnd = f.msgEnd;
  }
}

class JsonParser implements LineParser {
  private pending: Pending | null = null;
  private readonly slot: QuietJsonRecord = { text: '', lineNo: 0, hostStart: -1, hostEnd: -1, identStart: -1, identEnd: -1, msg: '', msgStart: 0, msgEnd: 0, absUs: 0, need: 0 };
  private readonly scan = new StringScanner();
  private readonly fields = new FlatFields();
  /** The line lineAt() could not read quietly: line() gets it next and should not try again. */
  private triedAt = -1;
  /** Inside a json-pretty object that grew over MAX_PRETTY_CHARS: its lines are counted until it closes. */
  private dropping = false;
  private notedNull = false;
  private notedLarge = false;
  private readonly boots: BootBoundaries;
  /** The _BOOT_ID of the object read last. */
  private boot = '';
  /** The object read last, as text[start, end) of the text it came in (one chunk held at most): a boot ends there. */
  private last = { absUs: -1, line: 0, text: '', start: 0, end: 0 };

  constructor(private readonly ctx: FormatContext) {
    this.boots = new BootBoundaries(ctx);
  }

  /**
   * An object's _BOOT_ID at text[from, to) (from = -1: it has none) and the object at text[start, end): the ID is
   * compared in place with the last one, so the ~all objects of a boot cost no string; a change (or the first)
   * goes to the boundaries.
   */
  private entryAt(text: string, from: number, to: number, absUs: number, lineNo: number, start: number, end: number): void {
    if (from !== -1 && (this.boot.length !== to - from || !text.startsWith(this.boot, from))) this.newBoot(text.slice(from, to), absUs, lineNo, text.slice(start, end));
    const l = this.last;
    l.absUs = absUs;
    l.line = lineNo;
    l.text = text;
    l.start = start;
    l.end = end;
  }

  /** A parsed object's _BOOT_ID (null: none) and the object's text. */
  private entryOf(id: string | null, absUs: number, lineNo: number, raw: string): void {
    if (id !== null && id !== this.boot) this.newBoot(id, absUs, lineNo, raw);
    this.entryAt(raw, -1, -1, absUs, lineNo, 0, raw.length);
  }

  private newBoot(id: string, absUs: number, lineNo: number, text: string): void {
    const l = this.last;
    const last: LastEntry | null = l.absUs === -1 ? null : { stamp: null, absUs: l.absUs, line: l.line, text: l.text.slice(l.start, l.end) };
    this.boot = id;
    this.boots.bootId(id, { stamp: null, absUs, line: lineNo, text }, last);
  }

  lineAt(text: string, start: number, end: number, lineNo: number): boolean {
    const q = this.ctx.quiet;
    if (q === undefined || this.pending !== null || this.dropping) return false;
    if (this.quiet(text, start, end, lineNo, q)) return true;
    this.triedAt = lineNo;
    return false;
  }

  line(text: string, lineNo: number): void {
    const q = this.ctx.quiet;
    if (q !== undefined && this.triedAt !== lineNo && this.pending === null && !this.dropping && this.quiet(text, 0, text.length, lineNo, q)) return;
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (this.dropping) {
      if (text === '}' || /^\s/.test(text)) {
        this.ctx.unparsed(lineNo, 'json-pretty object too large', text);
        if (text === '}') this.dropping = false;
        return;
      }
      this.dropping = false; // resync: a new object, a marker or a compact line
    }
    if (this.pending) {
      if (text === '}') {
        this.closePretty(text, lineNo);
        return;
      }
      if (/^\s/.test(text)) {
        const p = this.pending;
        p.lines.push(text);
        p.chars += text.length + 1;
        if (p.chars > MAX_PRETTY_CHARS) {
          p.lines.forEach((l, i) => this.ctx.unparsed(p.first + i, 'json-pretty object too large', l));
          if (!this.notedLarge) this.ctx.note(`json-pretty object over ${MAX_PRETTY_CHARS} characters not read (first at line ${p.first})`);
          this.notedLarge = true;
          this.pending = null;
          this.dropping = true;
        }
        return;
      }
      // Anything else at column 0 means the object was cut off.
      this.abandonPending('truncated json-pretty object (no closing })');
    }
    if (text === '') {
      this.ctx.skipped(lineNo, 'empty line');
      return;
    }
    // journalctl prints no boot marker in its JSON modes (the _BOOT_ID of each object says it): only skipped.
    if (isJournalMarker(text)) {
      this.ctx.skipped(lineNo, 'journalctl marker line');
      return;
    }
    const body = text.startsWith(RS) ? text.slice(1) : text;
    if (body === '{') {
      this.pending = { first: lineNo, lines: [text], chars: text.length + 1 };
      return;
    }
    if (!body.startsWith('{')) {
      this.ctx.unparsed(lineNo, 'not a JSON object', text);
      return;
    }
    const obj = parseObject(body);
    if (typeof obj === 'string') {
      this.ctx.unparsed(lineNo, obj, text);
      return;
    }
    const rec = this.toRecord(obj, lineNo, body);
    if (typeof rec === 'string') this.ctx.unparsed(lineNo, rec, text);
    else {
      this.entryOf(first(obj, '_BOOT_ID'), rec.absUs!, lineNo, body);
      this.ctx.record(rec);
    }
  }

  /**
   * One-line objects that are flat and hold only plain strings (what journalctl -o json prints for nearly every
   * entry) are read by positions, without JSON.parse: the scan accepts only valid JSON, and anything else (an
   * array, null, a number, whitespace, an escaped key) goes to JSON.parse. Records the gate says nothing
   * reads are counted, not built; the others are built from the same positions (recordAt); false hands the line
   * to the regular path.
   */
  private quiet(text: string, start: number, end: number, lineNo: number, q: QuietRecords): boolean {
    // The object without json-seq's RS, as the regular path holds it.
    const open = text.charCodeAt(start) === RS_CODE ? start + 1 : start;
    if (end - open < 4 || text.charCodeAt(open) !== OPEN_BRACE || text.charCodeAt(open + 1) !== QUOTE || text.charCodeAt(end - 1) !== CLOSE_BRACE) return false;
    const f = this.fields;
    if (!this.scan.clean(text, open, end) || !scanFlatObject(text, open, end, this.scan, f)) return false;
    const absUs = realtimeAt(text, f.realtime, f.realtimeEnd);
    if (absUs === -1) return false;
    this.entryAt(text, f.boot, f.bootEnd, absUs, lineNo, open, end);
    const r = this.slot;
    r.text = text;
    r.lineNo = lineNo;
    r.hostStart = f.host;
    r.hostEnd = f.hostEnd;
    // first(SYSLOG_IDENTIFIER) ?? first(_COMM) ?? 'unknown'
    r.identStart = f.ident !== -1 ? f.ident : f.comm;
    r.identEnd = f.ident !== -1 ? f.identEnd : f.commEnd;
    setMessage(r, text, f);
    r.absUs = absUs;
    const need = q.needJson(r);
    if (need === NEED_RECORD) this.ctx.record(this.recordAt(text, open, end, lineNo, absUs));
    else {
      r.need = need;
      q.takeJson(r);
    }
    return true;
  }

  /**
   * The record of the flat object at text[open, end) just read by quiet() (this.fields, this.slot): what toRecord
   * makes of JSON.parse's object, without parsing it again. Its strings are its own copies (a slice would pin the
   * chunk the line is in).
   */
  private recordAt(text: string, open: number, end: number, lineNo: number, absUs: number): LogRecord {
    const f = this.fields;
    const r = this.slot;
    return {
      stamp: null,
      absUs,
      domain: 'journal',
      host: f.host === -1 ? null : own(text.slice(f.host, f.hostEnd)),
      ident: r.identStart === -1 ? 'unknown' : own(text.slice(r.identStart, r.identEnd)),
      pid: pidAt(text, f.pid, f.pidEnd) ?? pidAt(text, f.syslogPid, f.syslogPidEnd),
      message: f.msgStart === -1 || f.msgEscaped ? r.msg : own(text.slice(f.msgStart, f.msgEnd)),
      source: { path: this.ctx.path, line: lineNo },
      raw: own(text.slice(open, end)),
    };
  }

  private closePretty(text: string, lineNo: number): void {
    const p = this.pending!;
    this.pending = null;
    p.lines.push(text);
    const joined = p.lines.join('\n');
    const body = joined.startsWith(RS) ? joined.slice(1) : joined;
    const obj = parseObject(body);
    const rec = typeof obj === 'string' ? obj : this.toRecord(obj, p.first, body.length > MAX_RAW ? body.slice(0, MAX_RAW) : body);
    if (typeof rec === 'string') {
      p.lines.forEach((l, i) => this.ctx.unparsed(p.first + i, rec, l));
      return;
    }
    rec.endLine = lineNo;
    this.entryOf(first(obj as Json, '_BOOT_ID'), rec.absUs!, p.first, rec.raw);
    this.ctx.record(rec);
    for (let n = p.first + 1; n <= lineNo; n++) this.ctx.skipped(n, 'json-pretty object line');
  }

  private abandonPending(reason: string): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    p.lines.forEach((l, i) => this.ctx.unparsed(p.first + i, reason, l));
  }

  private toRecord(obj: Json, lineNo: number, raw: string): LogRecord | string {
    const absUs = realtime(obj);
    if (typeof absUs === 'string') return absUs;
    let message = '';
    const msg = values(obj, 'MESSAGE');
    if (msg) {
      const readable = msg.filter((s): s is string => s !== null);
      if (readable.length === 0 && !this.notedNull) {
        this.ctx.note(NULL_MESSAGE_NOTE);
        this.notedNull = true;
      }
      message = readable.join('\n');
    }
    return {
      stamp: null,
      absUs,
      domain: 'journal',
      host: first(obj, '_HOSTNAME'),
      ident: first(obj, 'SYSLOG_IDENTIFIER') ?? first(obj, '_COMM') ?? 'unknown',
      pid: pidOf(obj, '_PID') ?? pidOf(obj, 'SYSLOG_PID'),
      message,
      source: { path: this.ctx.path, line: lineNo },
      raw,
    };
  }

  /** Whether a json-pretty object is open: a later part of the file read apart would have to close it. */
  carry(): { open: boolean } {
    return { open: this.pending !== null || this.dropping };
  }

  end(): void {
    this.abandonPending('truncated json-pretty object at end of file');
    this.dropping = false;
  }
}

export const journalJson: Format = {
  id: 'journal-json',
  title: 'journalctl JSON family (json, json-seq, json-pretty)',
  reference: 'https://github.com/systemd/systemd/blob/main/src/shared/logs-show.c (output_json)',
  samples: [
    "{\"_PID\":\"1\",\"_CMDLINE\":\"/usr/lib/systemd/systemd --switched-root --system --deserialize 22\",\"MESSAGE\":\"Stopping Docker Application Container Engine...\",\"_COMM\":\"systemd\",\"UNIT\":\"docker.service\",\"SYSLOG_FACILITY\":\"3\",\"__MONOTONIC_TIMESTAMP\":\"1049228594803\",\"_BOOT_ID\":\"7d4b2e91c0a34f6f8e2d1a5b9c3e7f10\",\"SYSLOG_IDENTIFIER\":\"systemd\",\"PRIORITY\":\"6\",\"_TRANSPORT\":\"journal\",\"_HOSTNAME\":\"centos79\",\"CODE_FILE\":\"src/core/unit.c\",\"_EXE\":\"/usr/lib/systemd/systemd\",\"_SELINUX_CONTEXT\":\"system_u:system_r:unconfined_service_t:s0\",\"CODE_LINE\":\"1417\",\"_GID\":\"0\",\"CODE_FUNCTION\":\"unit_status_log_starting_stopping_reloading\",\"_SYSTEMD_CGROUP\":\"/\",\"_UID\":\"0\",\"_MACHINE_ID\":\"3c1f0e6a8b2d4f7e9a5c1b3d5e7f9a2b\",\"_CAP_EFFECTIVE\":\"1fffffffff\",\"__REALTIME_TIMESTAMP\":\"1726285182012004\",\"MESSAGE_ID\":\"de5b426a63be47a7b6ac3eaac82e2f6f\",\"__CURSOR\":\"s=1576435e36f34ed69fc21d26c2f7208a;i=5;b=7d4b2e91c0a34f6f8e2d1a5b9c3e7f10;m=f44ae5ce73;t=6220c170e0a64;x=14f257b0d9c34617\"}",
    "\u001e{\"_HOSTNAME\":\"centos79\",\"MESSAGE\":\"Stopping Docker Application Container Engine...\",\"_EXE\":\"/usr/lib/systemd/systemd\",\"_MACHINE_ID\":\"3c1f0e6a8b2d4f7e9a5c1b3d5e7f9a2b\",\"_PID\":\"1\",\"UNIT\":\"docker.service\",\"_SYSTEMD_CGROUP\":\"/\",\"_TRANSPORT\":\"journal\",\"CODE_LINE\":\"1417\",\"_SELINUX_CONTEXT\":\"system_u:system_r:unconfined_service_t:s0\",\"CODE_FILE\":\"src/core/unit.c\",\"_UID\":\"0\",\"SYSLOG_IDENTIFIER\":\"systemd\",\"__MONOTONIC_TIMESTAMP\":\"1049228594803\",\"_COMM\":\"systemd\",\"SYSLOG_FACILITY\":\"3\",\"_CMDLINE\":\"/usr/lib/systemd/systemd --switched-root --system --deserialize 22\",\"_GID\":\"0\",\"_BOOT_ID\":\"7d4b2e91c0a34f6f8e2d1a5b9c3e7f10\",\"CODE_FUNCTION\":\"unit_status_log_starting_stopping_reloading\",\"_CAP_EFFECTIVE\":\"1fffffffff\",\"MESSAGE_ID\":\"de5b426a63be47a7b6ac3eaac82e2f6f\",\"__CURSOR\":\"s=1576435e36f34ed69fc21d26c2f7208a;i=5;b=7d4b2e91c0a34f6f8e2d1a5b9c3e7f10;m=f44ae5ce73;t=6220c170e0a64;x=14f257b0d9c34617\",\"__REALTIME_TIMESTAMP\":\"1726285182012004\",\"PRIORITY\":\"6\"}",
    "{\"__MONOTONIC_TIMESTAMP\":\"1049189588310\",\"_BOOT_ID\":\"7d4b2e91c0a34f6f8e2d1a5b9c3e7f10\",\"__REALTIME_TIMESTAMP\":\"1726285143005511\",\"__CURSOR\":\"s=1576435e36f34ed69fc21d26c2f7208a;i=3;b=7d4b2e91c0a34f6f8e2d1a5b9c3e7f10;m=f448929d56;t=6220c14bad947;x=667207228b4ea6c8\",\"MESSAGE\":[50,48,50,52,45,48,57,45,49,52,32,49,49,58,51,57,58,48,51,32,91,73,78,70,79,93,32,183,254,206,241,213,253,212,218,185,216,177,213,32,40,83,73,71,84,69,82,77,41],\"_PID\":\"1234\"}",
  ],
  detect,
  open: (ctx) => new JsonParser(ctx),
  split: {
    // A one-line JSON object, never a member of a json-pretty one.
    recordStart: /\n\{"/,
    // No json-pretty object left open at the cut.
    joinable: (before) => before != null && !(before as { open: boolean }).open,
  },
};
