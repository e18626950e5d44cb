// journalctl -o verbose: a header line with the full timestamp and the cursor, then every field as `    KEY=value`.

import type { LocalStamp, LogRecord } from '../events/types.js';
import { fractionToMicro, makeStamp, parseOffset, validStamp } from '../time/stamp.js';
import { cursorRealtime, envelopeOf, type JournalFields } from './journal-export.js';
import { BootBoundaries, isJournalMarker, journalMarker, type LastEntry } from './_journal-markers.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

// "Sat 2024-09-14 11:39:02.118734 CST [s=1576435e36f34ed69fc21d26c2f7208a;i=1;b=7d4b2e91c0a34f6f8e2d1a5b9c3e7f10;m=f44885155d;t=6220c14ad514e;x=e427bcd9c75e498f]"
const HEADER = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? ([A-Za-z]{1,6}|[+-]\d{2}:?\d{2})(?: \[([^\]]*)\])?$/;
// "    _HOSTNAME=centos79" (four spaces; values continue on lines indented to align after "KEY=")
const FIELD = /^ {4}([A-Za-z0-9_]{1,64})=(.*)$/s; // s: a value may hold CR or U+2028
// "    MESSAGE=[49B blob data]": a binary (or, in older versions, long) value journalctl did not print (no -a).
const BLOB = /^\[\d+(?:\.\d+)?[KMGTPE]?B blob data\]$/;
const CATALOG = /^░░ ?/;
const BLOB_NOTE = 'values shown as "[NB blob data]" (binary, not UTF-8): re-export with journalctl -a -o verbose to read them';

function detect(head: Head): Detection | null {
  const lines = head.lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l) => l !== '' && !isJournalMarker(l));
  const top = lines[0];
  if (top === undefined) return null;
  const m = HEADER.exec(top);
  if (!m || !FIELD.test(lines[1] ?? '')) return null;
  if (m[9] !== undefined && cursorRealtime(m[9]) !== null) return { score: 0.95, why: 'journalctl -o verbose: "<weekday> <date> <time> <zone> [<cursor>]" header then indented KEY=value fields' };
  return { score: 0.8, why: 'journalctl -o verbose: full timestamp header (no cursor with t=) then indented KEY=value fields' };
}

interface Entry {
  header: number;
  headerText: string;
  last: number;
  stamp: LocalStamp | null;
  absUs: number | null;
  fields: JournalFields;
  /** The field the next continuation line belongs to. */
  open: { key: string; values: string[]; index: number; indent: number } | null;
  msgLine: number | null;
  msgEnd: number | null;
  msgRaw: string[];
  /** Lines of the entry already counted as unparsed. */
  bad: Set<number>;
}

class VerboseParser implements LineParser {
  private entry: Entry | null = null;
  private notedBlob = false;
  private readonly boots: BootBoundaries;
  /** The entry read last: a boot ends there (marker or another _BOOT_ID next). */
  private last: LastEntry | null = null;

  constructor(private readonly ctx: FormatContext) {
    this.boots = new BootBoundaries(ctx);
  }

  line(text: string, lineNo: number): void {
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const h = HEADER.exec(text);
    if (h) {
      this.flush();
      this.entry = this.startEntry(h, lineNo, text);
      return;
    }
    const e = this.entry;
    if (text === '') {
      this.flushAnd(() => this.ctx.skipped(lineNo, 'empty line'));
      return;
    }
    if (CATALOG.test(text)) {
      this.flushAnd(() => this.ctx.skipped(lineNo, 'journalctl -x catalog text'));
      return;
    }
    const marker = journalMarker(text);
    if (marker !== null) {
      this.flush();
      this.boots.marker(marker, lineNo, text, this.last);
      this.ctx.skipped(lineNo, 'journalctl marker line');
      return;
    }
    if (!e) {
      this.ctx.unparsed(lineNo, /^\s/.test(text) ? 'field line before any entry header' : 'not a verbose entry header', text);
      return;
    }
    const f = FIELD.exec(text);
    if (f) {
      this.field(e, f[1]!, f[2]!, lineNo, text);
      return;
    }
    if (/^ {5}/.test(text) && e.open) {
      // Continuation of a multi-line value: journalctl indents it to align after "    KEY=".
      const lead = text.length - text.trimStart().length;
      const value = text.slice(Math.min(lead, e.open.indent));
      e.open.values[e.open.index] += '\n' + value;
      e.last = lineNo;
      if (e.open.key === 'MESSAGE') {
        e.msgEnd = lineNo;
        e.msgRaw.push(text);
      }
      return;
    }
    e.bad.add(lineNo);
    e.last = lineNo;
    this.ctx.unparsed(lineNo, 'not a "    KEY=value" field line', text);
  }

  private startEntry(h: RegExpExecArray, lineNo: number, text: string): Entry {
    const zone = h[8]!;
    // Zone abbreviations are ambiguous (CST = China or US Central): only UTC/GMT and numeric offsets are trusted.
    const offset = /^(UTC|GMT)$/.test(zone) ? 0 : /^[+-]\d/.test(zone) ? parseOffset(zone) : null;
    const stamp = makeStamp(Number(h[1]), Number(h[2]), Number(h[3]), Number(h[4]), Number(h[5]), Number(h[6]), fractionToMicro(h[7]), offset);
    const absUs = cursorRealtime(h[9] ?? null);
    const e: Entry = { header: lineNo, headerText: text, last: lineNo, stamp: absUs === null && validStamp(stamp) ? stamp : null, absUs, fields: new Map(), open: null, msgLine: null, msgEnd: null, msgRaw: [], bad: new Set() };
    if (absUs === null && e.stamp === null) {
      e.bad.add(lineNo);
      this.ctx.unparsed(lineNo, 'verbose header with an impossible date and no cursor t=', text);
    }
    return e;
  }

  private field(e: Entry, key: string, value: string, lineNo: number, text: string): void {
    e.last = lineNo;
    if (BLOB.test(value) && !this.notedBlob) {
      this.ctx.note(BLOB_NOTE);
      this.notedBlob = true;
    }
    const list = e.fields.get(key) ?? [];
    list.push(value);
    e.fields.set(key, list);
    e.open = { key, values: list, index: list.length - 1, indent: 4 + key.length + 1 };
    if (key === 'MESSAGE') {
      e.msgLine ??= lineNo;
      e.msgEnd = lineNo;
      e.msgRaw.push(text);
    }
  }

  private flushAnd(then: () => void): void {
    this.flush();
    then();
  }

  private flush(): void {
    const e = this.entry;
    this.entry = null;
    if (!e) return;
    if (e.absUs === null && e.stamp === null) {
      for (let n = e.header + 1; n <= e.last; n++) if (!e.bad.has(n)) this.ctx.unparsed(n, 'field of an entry without a usable time', '');
      return;
    }
    const line = e.msgLine ?? e.header;
    const rec: LogRecord = {
      stamp: e.stamp,
      absUs: e.absUs,
      domain: 'journal',
      ...envelopeOf(e.fields),
      source: { path: this.ctx.path, line },
      raw: e.msgRaw.length > 0 ? e.msgRaw.join('\n') : e.headerText,
    };
    if (e.msgLine !== null && e.msgEnd !== null && e.msgEnd > e.msgLine) rec.endLine = e.msgEnd;
    const entry: LastEntry = { stamp: e.stamp, absUs: e.absUs, line, text: rec.raw.split('\n', 1)[0]! };
    const boot = e.fields.get('_BOOT_ID')?.[0];
    if (boot !== undefined) this.boots.bootId(boot, entry, this.last);
    else this.boots.entry(e.stamp, e.absUs);
    this.last = entry;
    this.ctx.record(rec);
    for (let n = e.header; n <= e.last; n++) if (n !== line && !e.bad.has(n)) this.ctx.skipped(n, n === e.header ? 'verbose entry header' : 'verbose field line');
  }

  end(): void {
    this.flush();
  }
}

export const journalVerbose: Format = {
  id: 'journal-verbose',
  title: 'journalctl -o verbose (header with cursor, then every field)',
  reference: 'https://github.com/systemd/systemd/blob/main/src/shared/logs-show.c (output_verbose)',
  samples: [
    'Sat 2024-09-14 11:39:02.118734 CST [s=1576435e36f34ed69fc21d26c2f7208a;i=1;b=7d4b2e91c0a34f6f8e2d1a5b9c3e7f10;m=f44885155d;t=6220c14ad514e;x=e427bcd9c75e498f]',
    '    _HOSTNAME=centos79',
    '    MESSAGE=I0914 11:39:02.118431    1789 kubelet.go:2430] "SyncLoop DELETE" source="api" pods=["default/hostport-app-0"]',
    '    MESSAGE=[49B blob data]',
  ],
  detect,
  open: (ctx) => new VerboseParser(ctx),
};
