// journalctl -o export (Journal Export Format): `NAME=value` lines, or `NAME\n` + uint64 LE length + bytes + `\n`
// for values that are not printable UTF-8 without newlines; entries separated by an empty line.

import type { LogRecord } from '../events/types.js';
import { BootBoundaries, isJournalMarker, journalMarker, type LastEntry } from './_journal-markers.js';
import type { ByteParser, Detection, Format, FormatContext, Head, LineParser } from './types.js';

/** A binary field longer than this is refused (counted, never allocated). */
export const MAX_EXPORT_FIELD = 64 * 1024 * 1024;
/** A text line longer than this is counted and skipped (same limit as ingest's line splitter). */
const MAX_TEXT_LINE = 1024 * 1024;
/** Field names as journald accepts them: upper-case letters, digits, underscore (leading __ for address fields). */
const FIELD_NAME = /^[A-Z0-9_]{1,64}$/;
// "__CURSOR=s=1576435e36f34ed69fc21d26c2f7208a;i=1;b=7d4b2e91c0a34f6f8e2d1a5b9c3e7f10;m=f44885155d;t=6220c14ad514e;x=e427bcd9c75e498f"
const CURSOR_T = /(?:^|;)t=([0-9a-f]{1,14})(?:;|$)/;
/** The fields a record is built from; every other value is read past without being kept. */
const KEPT = new Set(['__CURSOR', '__REALTIME_TIMESTAMP', '_BOOT_ID', '_HOSTNAME', 'SYSLOG_IDENTIFIER', '_COMM', '_PID', 'SYSLOG_PID', 'MESSAGE']);
const EMPTY = Buffer.alloc(0);
const NL = 0x0a;

/** The envelope fields shared by the export and verbose renderings, each field a list of values (fields can repeat). */
export type JournalFields = Map<string, string[]>;

function firstOf(fields: JournalFields, key: string): string | null {
  return fields.get(key)?.[0] ?? null;
}

function pidOf(fields: JournalFields, key: string): number | null {
  const s = firstOf(fields, key);
  return s !== null && /^\d{1,10}$/.test(s) ? Number(s) : null;
}

/** µs since the epoch from a cursor's `t=` (hex realtime), or null. */
export function cursorRealtime(cursor: string | null): number | null {
  if (cursor === null) return null;
  const m = CURSOR_T.exec(cursor);
  if (!m) return null;
  const us = parseInt(m[1]!, 16);
  return Number.isSafeInteger(us) ? us : null;
}

/** µs since the epoch from __REALTIME_TIMESTAMP, else from the cursor's t=, else null. */
export function realtimeOf(fields: JournalFields): number | null {
  const rt = firstOf(fields, '__REALTIME_TIMESTAMP');
  if (rt !== null && /^\d{1,16}$/.test(rt)) return Number(rt);
  return cursorRealtime(firstOf(fields, '__CURSOR'));
}

/** Host, identifier (as journalctl prints it: SYSLOG_IDENTIFIER, else _COMM, else "unknown"), PID and message. */
export function envelopeOf(fields: JournalFields): Pick<LogRecord, 'host' | 'ident' | 'pid' | 'message'> {
  return {
    host: firstOf(fields, '_HOSTNAME'),
    ident: firstOf(fields, 'SYSLOG_IDENTIFIER') ?? firstOf(fields, '_COMM') ?? 'unknown',
    pid: pidOf(fields, '_PID') ?? pidOf(fields, 'SYSLOG_PID'),
    message: (fields.get('MESSAGE') ?? []).join('\n'),
  };
}

function detect(head: Head): Detection | null {
  const lines = head.lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l) => l !== '' && !isJournalMarker(l));
  const top = lines[0];
  if (top === undefined) return null;
  const isField = (l: string): boolean => {
    const eq = l.indexOf('=');
    return FIELD_NAME.test(eq < 0 ? l : l.slice(0, eq));
  };
  if (/^__CURSOR=s=[0-9a-f]+;/.test(top) || /^__REALTIME_TIMESTAMP=\d+$/.test(top)) {
    if (lines.slice(1, 4).every(isField)) return { score: 0.95, why: 'journalctl -o export: entries start with __CURSOR=/__REALTIME_TIMESTAMP= followed by NAME=value fields' };
    return null;
  }
  // An export stream written by another tool: NAME=value lines with journal fields, in any order.
  const sample = lines.slice(0, 20);
  if (sample.length < 3 || !isField(top)) return null;
  const fields = sample.filter(isField).length;
  if (fields / sample.length < 0.8) return null;
  if (!sample.some((l) => /^(__REALTIME_TIMESTAMP|_BOOT_ID|_HOSTNAME|_TRANSPORT|SYSLOG_IDENTIFIER)=/.test(l))) return null;
  return { score: 0.7, why: `Journal Export Format: ${fields}/${sample.length} head lines are journal NAME=value fields (no __CURSOR first)` };
}

interface Entry {
  firstLine: number;
  lastLine: number;
  fields: JournalFields;
  /** Line where the (first) MESSAGE field starts, and where its value ends. */
  msgLine: number | null;
  msgEndLine: number | null;
  /** The MESSAGE field(s) as text: `MESSAGE=value` (binary ones decoded as UTF-8). */
  msgRaw: string[];
  firstText: string;
  keptBytes: number;
  /** Lines of the entry already counted as unparsed. */
  bad: Set<number>;
}

interface Binary {
  name: string;
  nameLine: number;
  length: number;
  keep: boolean;
  got: number;
  chunks: Buffer[];
}

type State = 'field' | 'length' | 'data' | 'skipLine' | 'skipEntry';

function countNewlines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(NL); i !== -1; i = buf.indexOf(NL, i + 1)) n++;
  return n;
}

function lineText(buf: Buffer): string {
  const s = buf.toString('utf8');
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}

/** The byte-level reader: a state machine over chunks; holds only the current line or the current kept value. */
export class ExportParser implements ByteParser {
  private pending: Buffer = EMPTY;
  /** Line number of the first byte of `pending` (1 + newlines before it). */
  private line = 1;
  private state: State = 'field';
  /** State to return to after an over-long line has been skipped. */
  private afterSkip: 'field' | 'skipEntry' = 'field';
  private bin: Binary | null = null;
  private entry: Entry | null = null;
  private notedKept = false;
  /** Last byte written: tells whether the input ends with a newline. */
  private lastByte = NL;
  private readonly boots: BootBoundaries;
  /** The entry read last: a boot ends there when the next one holds another _BOOT_ID. */
  private last: LastEntry | null = null;

  constructor(private readonly ctx: FormatContext) {
    this.boots = new BootBoundaries(ctx);
  }

  write(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.lastByte = chunk[chunk.length - 1]!;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    this.pump();
  }

  private pump(): void {
    for (;;) {
      if (this.state === 'length') {
        if (this.pending.length < 8) return;
        this.readLength();
        continue;
      }
      if (this.state === 'data') {
        if (!this.readData()) return;
        continue;
      }
      const nl = this.pending.indexOf(NL);
      if (nl < 0) {
        if (this.pending.length > MAX_TEXT_LINE) {
          if (this.state !== 'skipLine') this.overlong();
          this.pending = EMPTY;
        }
        return;
      }
      if (nl > MAX_TEXT_LINE && this.state !== 'skipLine') this.overlong();
      const buf = this.pending.subarray(0, nl);
      this.pending = this.pending.subarray(nl + 1);
      const lineNo = this.line++;
      if (this.state === 'skipLine') this.state = this.afterSkip;
      else if (this.state === 'skipEntry') this.skipEntryLine(buf, lineNo);
      else this.fieldLine(buf, lineNo);
    }
  }

  /** The current line is longer than MAX_TEXT_LINE: count it, drop the entry it is in, and skip to its end. */
  private overlong(): void {
    this.ctx.unparsed(this.line, `line longer than ${MAX_TEXT_LINE} bytes`, lineText(this.pending.subarray(0, 200)));
    this.afterSkip = this.state === 'skipEntry' || this.entry ? 'skipEntry' : 'field';
    if (this.entry) this.dropEntry('entry with a line longer than 1 MiB', this.line);
    this.state = 'skipLine';
  }

  /** One text line while reading fields. */
  private fieldLine(buf: Buffer, lineNo: number): void {
    if (buf.length === 0 || (buf.length === 1 && buf[0] === 0x0d)) {
      if (this.entry) this.emit(lineNo);
      else this.ctx.skipped(lineNo, 'empty line');
      return;
    }
    const text = lineText(buf);
    if (!this.entry) {
      const marker = journalMarker(text);
      if (marker !== null) {
        this.boots.marker(marker, lineNo, text, this.last);
        this.ctx.skipped(lineNo, 'journalctl marker line');
        return;
      }
    }
    const eq = text.indexOf('=');
    const name = eq < 0 ? text : text.slice(0, eq);
    if (!FIELD_NAME.test(name)) {
      this.ctx.unparsed(lineNo, eq < 0 ? 'not an export field (NAME=value, or NAME then a binary length)' : 'invalid field name', text);
      if (this.entry) {
        this.entry.bad.add(lineNo);
        this.entry.lastLine = lineNo;
      }
      return;
    }
    const entry = this.entry ?? this.startEntry(lineNo, text);
    entry.lastLine = lineNo;
    if (eq < 0) {
      this.bin = { name, nameLine: lineNo, length: 0, keep: KEPT.has(name), got: 0, chunks: [] };
      this.state = 'length';
      return;
    }
    if (KEPT.has(name)) this.addValue(entry, name, text.slice(eq + 1), lineNo, lineNo, text);
  }

  private startEntry(lineNo: number, text: string): Entry {
    this.entry = { firstLine: lineNo, lastLine: lineNo, fields: new Map(), msgLine: null, msgEndLine: null, msgRaw: [], firstText: text, keptBytes: 0, bad: new Set() };
    return this.entry;
  }

  private addValue(entry: Entry, name: string, value: string, line: number, endLine: number, raw: string): void {
    const list = entry.fields.get(name);
    if (list) list.push(value);
    else entry.fields.set(name, [value]);
    if (name === 'MESSAGE') {
      entry.msgLine ??= line;
      entry.msgEndLine = endLine;
      entry.msgRaw.push(raw);
    }
  }

  private readLength(): void {
    const bin = this.bin!;
    const lenBytes = this.pending.subarray(0, 8);
    const len = lenBytes.readBigUInt64LE(0);
    this.line += countNewlines(lenBytes);
    this.pending = this.pending.subarray(8);
    if (len > BigInt(MAX_EXPORT_FIELD)) {
      this.ctx.unparsed(bin.nameLine, `binary field ${bin.name} of ${len} bytes: over the ${MAX_EXPORT_FIELD / 1024 / 1024} MiB limit, refused`, bin.name);
      this.bin = null;
      // The value's bytes continue on the current line, which skipEntry counts.
      this.dropEntry('entry with a refused binary field', bin.nameLine, this.line - 1);
      this.state = 'skipEntry';
      return;
    }
    bin.length = Number(len);
    const entry = this.entry!;
    if (bin.keep && entry.keptBytes + bin.length > MAX_EXPORT_FIELD) {
      bin.keep = false;
      if (!this.notedKept) this.ctx.note(`${bin.name} values over ${MAX_EXPORT_FIELD / 1024 / 1024} MiB in one entry were read past, not kept (line ${bin.nameLine})`);
      this.notedKept = true;
    }
    if (bin.keep) entry.keptBytes += bin.length;
    this.state = 'data';
  }

  /** Consume value bytes and the terminating newline; false when more bytes are needed. */
  private readData(): boolean {
    const bin = this.bin!;
    const need = bin.length + 1 - bin.got;
    const take = Math.min(need, this.pending.length);
    if (take === 0) return false;
    const part = this.pending.subarray(0, take);
    this.pending = this.pending.subarray(take);
    const valueEnd = Math.min(take, bin.length - bin.got); // bytes of `part` that belong to the value
    if (bin.keep && valueEnd > 0) bin.chunks.push(part.subarray(0, valueEnd));
    bin.got += take;
    if (bin.got < bin.length + 1) {
      this.line += countNewlines(part);
      return true;
    }
    // The value is complete; its last byte is the one before the terminator.
    this.line += countNewlines(part.subarray(0, take - 1));
    const endLine = this.line;
    this.bin = null;
    const entry = this.entry!;
    if (part[take - 1] !== NL) {
      this.ctx.unparsed(bin.nameLine, `binary field ${bin.name} of ${bin.length} bytes is not followed by a newline: wrong length`, bin.name);
      // The current line goes on past the value; skipEntry counts it.
      this.dropEntry('entry with a binary field of wrong length', bin.nameLine, endLine - 1);
      this.state = 'skipEntry';
      return true;
    }
    entry.lastLine = endLine;
    this.line++;
    this.state = 'field';
    if (bin.keep) {
      const value = Buffer.concat(bin.chunks).toString('utf8');
      this.addValue(entry, bin.name, value, bin.nameLine, endLine, `${bin.name}=${value}`);
    }
    return true;
  }

  /** After a broken field: every line up to the entry's end is counted, not read. */
  private skipEntryLine(buf: Buffer, lineNo: number): void {
    if (buf.length === 0 || (buf.length === 1 && buf[0] === 0x0d)) {
      this.ctx.skipped(lineNo, 'empty line');
      this.state = 'field';
      return;
    }
    this.ctx.unparsed(lineNo, 'rest of an unreadable export entry', lineText(buf.subarray(0, 200)));
  }

  /** Count the lines of an entry that cannot become a record (except `except`, already counted with its reason). */
  private dropEntry(reason: string, except: number, upTo?: number): void {
    const e = this.entry;
    this.entry = null;
    if (!e) return;
    const last = Math.max(e.lastLine, upTo ?? 0);
    for (let n = e.firstLine; n <= last; n++) if (n !== except && !e.bad.has(n)) this.ctx.unparsed(n, reason, n === e.firstLine ? e.firstText : '');
  }

  /** An entry is complete (empty line at `sepLine`, or end of input). */
  private emit(sepLine: number | null): void {
    const e = this.entry!;
    this.entry = null;
    const absUs = realtimeOf(e.fields);
    if (absUs === null) {
      for (let n = e.firstLine; n <= e.lastLine; n++) if (!e.bad.has(n)) this.ctx.unparsed(n, 'export entry without __REALTIME_TIMESTAMP', n === e.firstLine ? e.firstText : '');
    } else {
      const line = e.msgLine ?? e.firstLine;
      const rec: LogRecord = {
        stamp: null,
        absUs,
        domain: 'journal',
        ...envelopeOf(e.fields),
        source: { path: this.ctx.path, line },
        raw: e.msgRaw.length > 0 ? e.msgRaw.join('\n') : e.firstText,
      };
      if (e.msgLine !== null && e.msgEndLine !== null && e.msgEndLine > e.msgLine) rec.endLine = e.msgEndLine;
      const entry: LastEntry = { stamp: null, absUs, line, text: rec.raw.split('\n', 1)[0]! };
      const boot = e.fields.get('_BOOT_ID')?.[0];
      if (boot !== undefined) this.boots.bootId(boot, entry, this.last);
      else this.boots.entry(null, absUs);
      this.last = entry;
      this.ctx.record(rec);
      for (let n = e.firstLine; n <= e.lastLine; n++) if (n !== line && !e.bad.has(n)) this.ctx.skipped(n, 'export field line');
    }
    if (sepLine !== null) this.ctx.skipped(sepLine, 'entry separator');
  }

  end(): void {
    if (this.state === 'length' || this.state === 'data') {
      const bin = this.bin!;
      const what = this.state === 'length' ? `${this.pending.length} of the 8 length bytes` : `${bin.length} bytes declared, ${bin.got} left in the file`;
      // Bytes never consumed (a cut length) still hold lines; the last line is the one the input stops on.
      this.line += countNewlines(this.pending);
      this.pending = EMPTY;
      const lastLine = this.lastByte === NL ? this.line - 1 : this.line;
      this.ctx.unparsed(bin.nameLine, `binary field ${bin.name} cut off at end of file (${what})`, bin.name);
      this.dropEntry('entry cut off at end of file', bin.nameLine, lastLine);
    } else if (this.pending.length > 0) {
      // A last line without its newline.
      const buf = this.pending;
      this.pending = EMPTY;
      const lineNo = this.line++;
      if (this.state === 'skipEntry') this.skipEntryLine(buf, lineNo);
      else if (this.state === 'field') {
        this.fieldLine(buf, lineNo);
        if ((this.state as State) === 'length') {
          const bin = this.bin!;
          this.ctx.unparsed(bin.nameLine, `binary field ${bin.name} cut off at end of file (no length)`, bin.name);
          this.dropEntry('entry cut off at end of file', bin.nameLine);
        }
      }
    } else if (this.state === 'skipEntry' && this.lastByte !== NL) {
      // The input stops on the line a refused length or a wrong-length value left open: nothing else counts it
      // ("MESSAGE\n" + 8 length bytes saying 2^63 and no newline after them lost that line).
      this.ctx.unparsed(this.line, 'rest of an unreadable export entry', '');
    }
    this.pending = EMPTY;
    this.state = 'field';
    this.bin = null;
    if (this.entry) this.emit(null);
  }
}

/** Line-by-line fallback for callers that only have text: each line is re-encoded with its newline (lossy for binary lengths). */
class ExportLineAdapter implements LineParser {
  private readonly bytes: ExportParser;
  constructor(ctx: FormatContext) {
    this.bytes = new ExportParser(ctx);
  }
  line(text: string): void {
    this.bytes.write(Buffer.from(text + '\n', 'utf8'));
  }
  end(): void {
    this.bytes.end();
  }
}

export const journalExport: Format = {
  id: 'journal-export',
  title: 'journalctl -o export (Journal Export Format, text and binary fields)',
  reference: 'https://systemd.io/JOURNAL_EXPORT_FORMATS/ ; https://github.com/systemd/systemd/blob/main/src/shared/logs-show.c (output_export)',
  samples: [
    '__CURSOR=s=1576435e36f34ed69fc21d26c2f7208a;i=1;b=7d4b2e91c0a34f6f8e2d1a5b9c3e7f10;m=f44885155d;t=6220c14ad514e;x=e427bcd9c75e498f',
    '__REALTIME_TIMESTAMP=1726285142118734',
    '_HOSTNAME=centos79',
    'MESSAGE=I0914 11:39:02.118431    1789 kubelet.go:2430] "SyncLoop DELETE" source="api" pods=["default/hostport-app-0"]',
  ],
  detect,
  open: (ctx) => new ExportLineAdapter(ctx),
  openBytes: (ctx) => new ExportParser(ctx),
};
