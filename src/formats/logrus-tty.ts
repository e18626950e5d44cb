// logrus's TextFormatter on a terminal (dockerd or containerd run in a shell, their output pasted or redirected
// with colours forced): `INFO[0000] Daemon has completed initialization`, `INFO[2019-04-11T10:39:37.413880563-07:00]
// shim disconnected    id=…`. The bracket holds seconds since the daemon started unless FullTimestamp is set.

import { unquoteGo } from '../components/logrus.js';
import { parseIso, validStamp } from '../time/stamp.js';
import { PlainLogParser } from './_plain-log.js';
import { levelName, logrusBody } from './_logrus-body.js';
import { fileIdent } from './logrus-file.js';
import { klogRecord, withKlog } from './_klog-among.js';
import type { Detection, Format, FormatContext, Head } from './types.js';

// `\x1b[36mINFO\x1b[0m[0000] ` (printColored: "\x1b[%dm%s\x1b[0m[%04d] %-44s " or "[%s] " with a full timestamp);
// the colour codes are gone when the text was copied from a terminal.
// `cat -v` and some pastes show ESC as the two characters "^[" ("^[[34mINFO^[[0m[0002]"); a terminal echoes the
// Ctrl-C that stopped the daemon as "^C" in front of the line it logged next.
// The level word whole (`ERROR[…]`, `WARNING[…]`) is how people retype it: the same entry.
// A program may set its own TimestampFormat: Pouch ≤ 0.4 (alibaba/pouch main.go, "2006-01-02 15:04:05.000000000" until
// aa90cda3 of 2018-04-27 made it RFC 3339) prints `ERRO[2018-06-15 06:57:18.160936276] …`, a date and a time of day
// with a space between, no zone: the host's local time.
const HEAD = /^(?:\^C)?(?:(?:\x1b|\^\[)\[\d+m)?(PANIC?|FATA(?:L)?|ERROR?|WARN(?:ING)?|INFO|DEBUG?|TRACE?)(?:(?:\x1b|\^\[)\[0m)?\[([^\]\s]+|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})?)\] (.*)$/s;
// A record broken at a field boundary (a page or a post that put `error="…"` on a line of its own): the line is
// nothing but `key=value` pairs, and they are the fields of the record above, read exactly as if on its line.
const PAIRS_ONLY = /^[A-Za-z_][^\s="]*=(?:"(?:[^"\\]|\\.)*"|[^\s"]+)(?: +[A-Za-z_][^\s="]*=(?:"(?:[^"\\]|\\.)*"|[^\s"]+))* *$/;
const COLOUR = /(?:\x1b|\^\[)\[\d+m/g;
// A field: ` key=value`, value quoted when logrus had to (appendValue). The key is written as the program named it
// (appendKeyValue quotes only values): dockerd's "Docker daemon" line carries `graphdriver(s)=overlay2` (moby
// daemon/daemon.go NewDaemon: logrus.Fields{…, "graphdriver(s)": gd}), so a key is any run up to its '=' that holds
// no blank or quote.
const PAIR = /^ ([A-Za-z_][^\s="]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)/;

/** Message and fields of the text after `] `: the message is padded to 44 columns, then a space before each field. */
export function splitFields(rest: string): { msg: string; fields: [string, string][] } | null {
  // The fields start after two spaces at least (pad or separator, then the field's own): try each such place, first first.
  for (let at = rest.indexOf('  '); at !== -1; at = rest.indexOf('  ', at + 1)) {
    let p = at;
    while (rest.charCodeAt(p + 1) === 32) p++;
    const fields: [string, string][] = [];
    let tail = rest.slice(p);
    for (let m = PAIR.exec(tail); m; m = PAIR.exec(tail)) {
      fields.push([m[1]!, m[2]!.startsWith('"') ? unquoteGo(m[2]!) : m[2]!]);
      tail = tail.slice(m[0].length);
    }
    if (fields.length > 0 && tail.trim() === '') return { msg: rest.slice(0, at).trimEnd(), fields };
  }
  return null;
}

/** logrus's own keys: a field so named is renamed `fields.<key>` (text_formatter.go prefixFieldClashes), never printed bare. */
const OWN_KEYS = new Set(['time', 'level', 'msg']);

/**
 * The same split where the padding was collapsed to one space (markdown renders runs of blanks as one; a poster
 * retyping aligns nothing): taken only when the line holds no run of blanks at all, at the first blank from which
 * the rest is all `key=value` fields, none of them logrus's own keys (a msg quoting another logrus line, containerd's
 * `cleanup warnings time="…" level=info msg="…"`, is a msg, not fields).
 */
export function collapsedFields(rest: string): { msg: string; fields: [string, string][] } | null {
  if (rest.includes('  ')) return null;
  for (let at = rest.indexOf(' '); at > 0; at = rest.indexOf(' ', at + 1)) {
    const split = splitFields(rest.slice(0, at) + ' ' + rest.slice(at));
    if (split === null) continue;
    if (split.fields.some(([k]) => OWN_KEYS.has(k))) return null;
    return split;
  }
  return null;
}

function detect(head: Head): Detection | null {
  const lines = head.lines.filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  // A pairs-only line right after a record is that record's (PAIRS_ONLY).
  const hits = lines.filter((l, i) => HEAD.test(l) || (i > 0 && HEAD.test(lines[i - 1]!) && PAIRS_ONLY.test(l))).length;
  // klog lines among them are the same program's (_klog-among.ts).
  const mixed = withKlog(lines, hits);
  const ratio = mixed.hits / lines.length;
  if (ratio < 0.6) return null;
  const among = mixed.klog > 0 ? `, ${mixed.klog} klog lines among them` : '';
  return { score: 0.55 + ratio * 0.35, why: `${hits}/${lines.length} head lines start with a logrus terminal level "INFO[…] "${among}` };
}

class LogrusTtyParser extends PlainLogParser {
  private relative = 0;
  /** klog lines read among the logrus ones (klogLine). */
  private klog = 0;
  /** The open record's parts, to rebuild its body when a pairs-only line adds fields; null after such a line or none. */
  private parts: { time: string | null; level: string; msg: string; fields: [string, string][] } | null = null;

  constructor(ctx: FormatContext) {
    super(ctx, fileIdent(ctx));
  }

  protected read(text: string, lineNo: number): void {
    const m = HEAD.exec(text);
    if (!m && this.parts !== null && PAIRS_ONLY.test(text) && this.extend(text, lineNo)) return;
    if (!m && this.klogLine(text, lineNo)) return;
    if (!m) {
      // A message's own newlines and a panic's stack follow the line that logged them.
      if (this.pending.continueWith(text, lineNo, text.replace(COLOUR, ''))) return;
      if (this.pending.hexWrap(text, lineNo)) return;
      this.pending.flush();
      this.parts = null;
      return this.ctx.unparsed(lineNo, 'no logrus terminal level "INFO[…] " at the start', text);
    }
    this.pending.flush();
    const when = m[2]!;
    let stamp = null;
    if (/^\d+$/.test(when)) {
      // Seconds since the logger started: no wall clock, and nothing in the file ties the start to one.
      this.relative++;
    } else {
      stamp = parseIso(when);
      if (!stamp || !validStamp(stamp)) return this.ctx.unparsed(lineNo, `[${when}] is neither seconds since start nor an RFC 3339 instant`, text);
    }
    const rest = m[3]!.replace(COLOUR, '');
    const split = splitFields(rest) ?? collapsedFields(rest.trimEnd());
    const msg = split ? split.msg : rest.trimEnd();
    const level = levelName(m[1]!)!;
    const fields = split ? split.fields : [];
    const message = logrusBody(stamp ? when : null, level, msg, fields);
    this.parts = { time: stamp ? when : null, level, msg, fields };
    this.startRecord(stamp, message, text, lineNo);
  }

  /** A klog line on the same terminal (crictl's CRI client, k3s's kubelet: _klog-among.ts), read as its own record. */
  private klogLine(text: string, lineNo: number): boolean {
    const rec = klogRecord(text, lineNo, this.ctx, this.ident);
    if (rec === null) return false;
    this.pending.flush();
    this.parts = null;
    this.klog++;
    this.pending.start(rec);
    return true;
  }

  /** The open record gains the fields of a pairs-only line (PAIRS_ONLY): its body rebuilt with them, its raw extended. */
  private extend(text: string, lineNo: number): boolean {
    const rec = this.pending.open();
    const parts = this.parts!;
    const more = splitFields('  ' + text.trimEnd());
    if (rec === null || more === null || more.msg !== '') return false;
    parts.fields = [...parts.fields, ...more.fields];
    rec.message = logrusBody(parts.time, parts.level, parts.msg, parts.fields);
    rec.raw += '\n' + text;
    rec.endLine = lineNo;
    this.parts = null;
    this.ctx.skipped(lineNo, 'continuation line: more fields of the record above');
    return true;
  }

  override end(): void {
    super.end();
    if (this.klog > 0) this.ctx.note(`${this.klog} klog lines among the logrus ones (a client library's, e.g. crictl's CRI client), read as klog records`);
    if (this.relative > 0)
      this.ctx.note(`logrus terminal stamps "INFO[0042]" count seconds since the daemon started, and nothing in the file says when that was: ${this.relative} records are timeless`);
  }
}

export const logrusTty: Format = {
  id: 'logrus-tty',
  title: 'logrus on a terminal: INFO[0000] or INFO[<RFC 3339>] (dockerd, containerd run in a shell)',
  reference: 'https://github.com/sirupsen/logrus/blob/v1.9.0/text_formatter.go (printColored)',
  samples: [
    'INFO[0000] Daemon has completed initialization          ',
    'INFO[0000] shim disconnected                             id=fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138 namespace=moby',
    '\x1b[31mERRO\x1b[0m[2026-12-07T22:42:23.777121176+08:00] Failed to destroy network for sandbox "fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138"  \x1b[31merror\x1b[0m="file does not exist"',
  ],
  detect,
  open: (ctx) => new LogrusTtyParser(ctx),
};
