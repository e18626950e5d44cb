// Log records inside an envelope no format knows, the last resort of the sniffer (sniff.ts asks it only when no
// format claims a text file): each line's body is found where an inner format reads the rest of the line as a record
// (_body-find.ts) and handed to that format alone, so the record is exactly what the format makes of it, with the
// whole line kept as its evidence. The envelope before the body is read for an RFC 3339 instant only, when the body
// states no time. Lines with no body, and lines past the file's byte budget, are counted unparsed with the reason.
// A record hard-wrapped at the file's width is joined back when the wrap shows (bodyWrap); nothing else is joined,
// and nothing is completed: a record cut is what its line says.

import { parseIso } from '../time/stamp.js';
import { bodyWrap, envelopeInstant, findBody, HINT, SCAN_COLUMNS, type Body } from './_body-find.js';
import { loneMessage } from './_lone-message.js';
import { displayWidth } from './_terminal-cut.js';
import { unemphasize, unescapeHtml } from './_paste-clean.js';
import { containerLog } from './container-log.js';
import { journalBare } from './journal-bare.js';
import { journalShort } from './journal-short.js';
import { klogFile } from './klog-file.js';
import { klogJson } from './klog-json.js';
import { logrusFile } from './logrus-file.js';
import { logrusJson } from './logrus-json.js';
import { logrusTty } from './logrus-tty.js';
import { supervisordLog } from './supervisord-log.js';
import { talosLog } from './talos-log.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

/**
 * The formats whose records may sit inside an unknown envelope, in the order a candidate is offered to them;
 * imported one by one, not through the registry (which holds this format: a cycle).
 */
const INNER: readonly Format[] = [journalShort, journalBare, logrusFile, logrusTty, klogFile, klogJson, logrusJson, containerLog, supervisordLog, talosLog];
/** Bytes of a file read this way: past them, lines are counted, not scanned (a big file no format knows is no paste). */
export const ENVELOPED_BUDGET = 4 * 1024 * 1024;
/** A line longer than this is no log line in an envelope (a minified bundle, a base64 blob): counted, not scanned. */
const MAX_LINE = 16 * 1024;

function innerFormats(): readonly Format[] {
  return INNER;
}

/**
 * Files named as documents or source code: a log line in them is quoted (a README's table, a test's fixture, a
 * report's JSON), so the last resort never claims them. Log files no format reads whole keep any other name.
 */
const DOCUMENT = /\.(?:md|markdown|rst|adoc|html?|json|ya?ml|toml|go|py|rs|ts|js|java|c|h|cc|cpp|rb|pl|php|sh|ps1|tf)$/i;

function detect(head: Head): Detection | null {
  if (DOCUMENT.test(head.path)) return null;
  const lines = head.lines.filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  // A text with no inner format's mark is searched for messages quoted alone only (_lone-message.ts): the file is
  // then taken for them, each line of it counted unparsed, and the ingest reads the lone ones (ingest/read-file.ts).
  const marked = HINT.test(head.text);
  const found = new Map<string, number>();
  let hits = 0;
  for (const l of lines) {
    if (l.length > MAX_LINE) continue;
    const bare = unemphasize(unescapeHtml(l));
    const b = marked ? findBody(bare, innerFormats(), head.path) : null;
    const id = b !== null ? b.format.id : loneMessage(bare) !== null ? 'message alone' : null;
    if (id === null) continue;
    hits++;
    found.set(id, (found.get(id) ?? 0) + 1);
  }
  if (hits === 0) return null;
  const what = [...found].map(([id, n]) => `${n} ${id}`).join(', ');
  return { score: 0.5, why: `${hits}/${lines.length} head lines hold a log record after an envelope no format reads (${what})` };
}

/** A line of the file with what the search found in it (kept while the wrap width is learnt). */
interface Seen {
  text: string;
  lineNo: number;
  /** The line without a poster's markdown bold, and the body found in it (null: none, or not searched). */
  bare: string;
  body: Body | null;
  /** Why the line is not searched (budget, length, blank), or null. */
  refused: 'blank' | 'budget' | 'long' | null;
}

/** A record read from a line, held while the lines after it may be its hard-wrapped rest. */
interface Pending {
  raw: string;
  bare: string;
  body: Body;
  lineNo: number;
  lastLine: number;
  lastWidth: number;
}

/** What the rest of a hard-wrapped record may start with: no blank, or one blank before the next character. */
const WRAP_REST = /^ ?\S/;

/** Lines held before reading, to learn whether the records were hard-wrapped and at what width (as paste.ts). */
const HOLD = 200;

class EnvelopedParser implements LineParser {
  private bytes = 0;
  private readonly read = new Map<string, number>();
  private readonly notes = new Set<string>();
  private noBody = 0;
  private pastBudget = 0;
  private timedByEnvelope = 0;
  private timeless = 0;
  private joined = 0;
  private held: Seen[] | null = [];
  private wrap = 0;
  private pending: Pending | null = null;

  constructor(private readonly ctx: FormatContext) {}

  line(text: string, lineNo: number): void {
    const seen = this.see(text, lineNo);
    if (this.held === null) return this.take(seen);
    this.held.push(seen);
    if (this.held.length >= HOLD) this.start();
  }

  /** What the search finds in a line, within the byte budget and the line limit. */
  private see(text: string, lineNo: number): Seen {
    this.bytes += text.length + 1;
    const seen: Seen = { text, lineNo, bare: text, body: null, refused: null };
    if (text.trim() === '') seen.refused = 'blank';
    else if (this.bytes > ENVELOPED_BUDGET) seen.refused = 'budget';
    else if (text.length > MAX_LINE) seen.refused = 'long';
    else {
      // A poster's markdown bold is no part of the line as logged (k3s-io/k3s#5672); the evidence keeps it.
      seen.bare = unemphasize(unescapeHtml(text));
      seen.body = findBody(seen.bare, innerFormats(), this.ctx.path);
    }
    return seen;
  }

  /** The held lines' wrap width decided (bodyWrap), then each read. */
  private start(): void {
    const held = this.held ?? [];
    this.held = null;
    this.wrap = bodyWrap(held.map((h) => ({ text: h.text, width: h.refused === 'blank' ? 0 : displayWidth(h.text), body: h.body !== null })));
    for (const h of held) this.take(h);
  }

  private take(seen: Seen): void {
    const { text, lineNo } = seen;
    if (seen.refused !== null) this.release();
    if (seen.refused === 'blank') return this.ctx.skipped(lineNo, 'empty line');
    if (seen.refused === 'budget') {
      this.pastBudget++;
      return this.ctx.unparsed(lineNo, `past the ${ENVELOPED_BUDGET} bytes a file no format knows is searched for log records in`, text);
    }
    if (seen.refused === 'long') return this.ctx.unparsed(lineNo, `a ${text.length}-character line is searched for no log record`, text);
    const p = this.pending;
    if (seen.body === null) {
      // The rest of the record above, cut at the very width the file was wrapped at: glued back as the wrap cut it.
      // (A word wrap's shorter lines are not joined here: prose after a record would be taken for its rest.) A hard
      // wrap that fell just before a blank starts the rest with it (k3s's `Running kubelet --a --b …`, its flags one
      // space apart): one blank is the record's own; an indent of two or more, or a tab, is another text's.
      if (p !== null && this.wrap > 0 && p.lastWidth === this.wrap && WRAP_REST.test(text)) {
        p.raw += '\n' + text;
        p.bare += seen.bare;
        p.lastLine = lineNo;
        p.lastWidth = displayWidth(text);
        this.joined++;
        return this.ctx.skipped(lineNo, `hard-wrapped rest of line ${p.lineNo}, joined to it`);
      }
      this.release();
      this.noBody++;
      return this.ctx.unparsed(lineNo, `no log record found in the first ${SCAN_COLUMNS} columns (an envelope no format reads, or no log line)`, text);
    }
    this.release();
    this.pending = { raw: text, bare: seen.bare, body: seen.body, lineNo, lastLine: lineNo, lastWidth: displayWidth(text) };
  }

  /** The held record given to its format. */
  private release(): void {
    const p = this.pending;
    this.pending = null;
    if (p === null) return;
    this.read.set(p.body.format.id, (this.read.get(p.body.format.id) ?? 0) + 1);
    this.readBody(p);
  }

  /** The body given to its format alone, on a parser of its own: records keep the whole line(s) as their evidence. */
  private readBody({ raw, bare, body, lineNo, lastLine }: Pending): void {
    const ctx = this.ctx;
    const { at, format } = body;
    const prefix = bare.slice(0, at);
    const sub: FormatContext = {
      path: ctx.path,
      record: (rec) => {
        if (rec.stamp === null && rec.absUs === null) {
          const instant = envelopeInstant(prefix);
          const stamp = instant === null ? null : parseIso(instant);
          if (stamp !== null) {
            rec.stamp = stamp;
            this.timedByEnvelope++;
          } else this.timeless++;
        }
        rec.raw = raw;
        if (lastLine > lineNo) rec.endLine = lastLine;
        ctx.record(rec);
      },
      event: (ev) => ctx.event(ev),
      meta: (fact, l) => ctx.meta(fact, l),
      unparsed: (l, reason, t) => ctx.unparsed(l, reason, l === lineNo ? raw : t),
      skipped: (l, reason) => ctx.skipped(l, reason),
      note: (t) => this.notes.add(`${format.id}: ${t}`),
    };
    const p = format.open(sub);
    p.line(bare.slice(at), lineNo);
    p.end();
  }

  end(): void {
    if (this.held !== null) this.start();
    this.release();
    for (const n of [...this.notes].sort()) this.ctx.note(n);
    const read = [...this.read].map(([id, n]) => `${n} as ${id}`).join(', ');
    this.ctx.note(
      `envelope fallback: ${[...this.read.values()].reduce((a, b) => a + b, 0)} record(s) read after an envelope no format knows (${read || 'none'}), ` +
        `${this.noBody} line(s) with no log record found` +
        (this.wrap > 0 ? `, ${this.joined} hard-wrapped line(s) joined (wrap at ${this.wrap} columns)` : '') +
        (this.timedByEnvelope > 0 ? `, ${this.timedByEnvelope} record(s) timed by the envelope's RFC 3339 stamp` : '') +
        (this.timeless > 0 ? `, ${this.timeless} record(s) timeless (neither body nor envelope states a time)` : '') +
        (this.pastBudget > 0 ? `, ${this.pastBudget} line(s) past the byte budget counted unread` : ''),
    );
  }
}

export const enveloped: Format = {
  id: 'enveloped',
  title: 'log records after an envelope no format knows (the sniffer\'s last resort: CI and log-viewer stamps, chat decorations, kmsg prefixes)',
  reference: 'https://github.com/sirupsen/logrus/blob/master/text_formatter.go; https://github.com/kubernetes/klog/blob/main/internal/buffer/buffer.go',
  samples: [
    // moby/moby#42715 (a Jenkins console: its stamp and an indent before dockerd's logrus line)
    '[2021-08-06T16:10:53.289Z]         time="2021-08-06T15:33:43.577954259Z" level=info msg="Daemon shutdown complete"',
    // docker-library/docker#485 (Docker Desktop's log view: the local time before each line of a dind container)
    '2024-03-04 16:33:21 time="2024-03-05T00:33:21.517005131Z" level=info msg="shim disconnected" id=4d6a0b8ea012d1f6618c85e957a87312f6d4cbc1397138af13a102a2d1afbeb1 namespace=moby',
  ],
  detect,
  open: (ctx) => new EnvelopedParser(ctx),
  lastResort: true,
};
