// journalctl JSON family: json (one object a line), json-seq (RS 0x1E before each object), json-pretty (tab-indented, multi-line).

import type { LogRecord } from '../events/types.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

/** ASCII Record Separator that json-seq (RFC 7464) puts before each object. */
const RS = '\u001e';
/** Lines journalctl prints itself between objects (same set as the short family). */
const MARKER = /^-- |^Notice: journal has been rotated|^Hint: /;
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

/** JSON text → object, or the reason it is not one. No reviver: JSON.parse only builds own data properties. */
function parseObject(text: string): Json | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return /\}\s*$/.test(text) ? 'invalid JSON' : 'truncated JSON object (no closing })';
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'JSON value is not an object';
  return v as Json;
}

function detect(head: Head): Detection | null {
  const lines = head.lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l) => l.trim() !== '' && !MARKER.test(l));
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

class JsonParser implements LineParser {
  private pending: Pending | null = null;
  /** Inside a json-pretty object that grew over MAX_PRETTY_CHARS: its lines are counted until it closes. */
  private dropping = false;
  private notedNull = false;
  private notedLarge = false;

  constructor(private readonly ctx: FormatContext) {}

  line(text: string, lineNo: number): void {
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
    if (MARKER.test(text)) {
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
    else this.ctx.record(rec);
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
};
