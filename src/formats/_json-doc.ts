// Whole JSON documents (pretty or compact, one or several per file) read line by line, bounded in size.

import type { Detection, FormatContext, Head } from './types.js';

/** A document larger than this is refused (its lines counted unparsed) rather than held in memory. */
export const MAX_JSON_CHARS = 16 * 1024 * 1024;

export interface JsonDoc {
  value: unknown;
  /** 1-based line where the document starts. */
  firstLine: number;
  /** The document's lines (the first and last may hold other text around it). */
  lines: string[];
  /** Lines where an object opens directly inside an array, by the object's depth (top-level value = depth 1). */
  elementStarts: Map<number, number[]>;
}

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** One line's JSON text → object, or the reason it is not one. No reviver: JSON.parse only builds own data properties. */
export function parseObject(text: string): Json | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return /\}\s*$/.test(text) ? 'invalid JSON' : 'truncated JSON object (no closing })';
  }
  return isObject(v) ? v : 'JSON value is not an object';
}

/**
 * detect() of a format with one JSON object a line: the share of the head's non-blank lines that `isEntry` accepts,
 * 0.6 at least. A head cut inside a long last line leaves half an object: only the complete lines are judged.
 */
export function detectObjectLines(head: Head, isEntry: (line: string) => boolean, what: string): Detection | null {
  const lines = head.lines.filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  const whole = head.text.endsWith('\n') || lines.length === 1 ? lines : lines.slice(0, -1);
  const hits = whole.filter(isEntry).length;
  const ratio = whole.length === 0 ? 0 : hits / whole.length;
  if (ratio < 0.6) return null;
  return { score: 0.55 + ratio * 0.35, why: `${hits}/${whole.length} head lines are ${what}` };
}

export function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** The first line at or after `from` matching `re`, within the document (line number and text). */
export function lineOf(doc: JsonDoc, from: number, re: RegExp, until = Infinity): { line: number; text: string } | null {
  for (let n = Math.max(from, doc.firstLine); n < doc.firstLine + doc.lines.length && n <= until; n++) {
    const text = doc.lines[n - doc.firstLine]!;
    if (re.test(text)) return { line: n, text };
  }
  return null;
}

/** Count each of `lines` (the first at `firstLine`) unparsed with `reason`: a document read whole and refused whole. */
function unparsedLines(ctx: FormatContext, firstLine: number, lines: string[], reason: string): void {
  lines.forEach((l, i) => ctx.unparsed(firstLine + i, reason, l));
}

/** Evidence text for a long line: a prefix of it, marked cut. */
export function cut(text: string, max = 200): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/**
 * The FormatContext a JSON document format writes through: every line is counted once. A document's lines
 * that nothing counted and no event cites are counted skipped once it is read; a second count of a line
 * (two bad elements on one line, a bad document followed by text on its last line) is dropped. Only lines
 * from the current document on are remembered, so memory does not grow with the file.
 */
class LineLedger {
  /** Lines counted (record, skipped, unparsed) and lines cited by an event or meta fact. */
  private readonly counted = new Set<number>();
  private readonly cited = new Set<number>();
  readonly ctx: FormatContext;

  constructor(inner: FormatContext) {
    const once = (line: number, count: () => void): void => {
      if (this.counted.has(line)) return;
      this.counted.add(line);
      count();
    };
    this.ctx = {
      path: inner.path,
      record: (rec) => once(rec.source.line, () => inner.record(rec)),
      event: (ev) => {
        this.cited.add(ev.source.line);
        inner.event(ev);
      },
      meta: (fact, line) => {
        this.cited.add(line);
        inner.meta(fact, line);
      },
      unparsed: (line, reason, text) => once(line, () => inner.unparsed(line, reason, text)),
      skipped: (line, reason) => once(line, () => inner.skipped(line, reason)),
      note: (text) => inner.note(text),
    };
  }

  /** Count the lines from..to that nothing has counted or cited as read parts of a document. */
  settle(from: number, to: number): void {
    for (let n = from; n <= to; n++) if (!this.cited.has(n)) this.ctx.skipped(n, 'line of a JSON document read whole');
  }

  /** Forget lines before `line`: nothing counts them again. */
  forget(line: number): void {
    for (const n of this.counted) if (n < line) this.counted.delete(n);
    for (const n of this.cited) if (n < line) this.cited.delete(n);
  }
}

interface Open {
  firstLine: number;
  lines: string[];
  chars: number;
  /** Kinds of the open containers, innermost last ('{' or '['). */
  stack: string[];
  inString: boolean;
  escape: boolean;
  elementStarts: Map<number, number[]>;
  tooLarge: boolean;
  lastLine: number;
}

/**
 * Cuts a file into top-level JSON values by bracket depth (strings and escapes honoured), then parses each
 * one with JSON.parse (no reviver: only own data properties). Text outside any value is counted unparsed.
 */
export class JsonDocReader {
  private doc: Open | null = null;
  private notedLarge = false;
  private readonly ledger: LineLedger;
  /** The context to count and emit through, for the reader and the format alike (see LineLedger). */
  readonly ctx: FormatContext;
  /** Last line of the last document read: counted skipped unless trailing text or a next document counts it. */
  private tail: number | null = null;

  constructor(
    ctx: FormatContext,
    private readonly what: string,
    private readonly onDoc: (doc: JsonDoc) => void,
    private readonly max = MAX_JSON_CHARS,
  ) {
    this.ledger = new LineLedger(ctx);
    this.ctx = this.ledger.ctx;
  }

  private settleTail(): void {
    if (this.tail !== null) this.ledger.settle(this.tail, this.tail);
    this.tail = null;
  }

  line(raw: string, lineNo: number): void {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    let from = 0;
    if (!this.doc) {
      this.settleTail();
      this.ledger.forget(lineNo);
      const k = text.search(/\S/);
      if (k < 0) return this.ctx.skipped(lineNo, 'empty line');
      if (text[k] !== '{' && text[k] !== '[') return this.ctx.unparsed(lineNo, `not JSON (expected ${this.what})`, text);
      this.start(lineNo);
      from = k;
    }
    for (;;) {
      this.doc!.lastLine = lineNo;
      const end = this.scan(text, from, lineNo);
      if (end < 0) {
        this.keep(text.slice(from));
        return;
      }
      this.keep(text.slice(from, end + 1));
      this.finish(lineNo);
      const rest = text.slice(end + 1);
      const k = rest.search(/\S/);
      if (k < 0) return;
      if (rest[k] !== '{' && rest[k] !== '[') return this.ctx.unparsed(lineNo, 'text after a JSON value', text);
      this.start(lineNo);
      from = end + 1 + k;
    }
  }

  end(): void {
    const d = this.doc;
    this.doc = null;
    if (d) {
      const reason = `truncated JSON (no closing ${d.stack[0] === '[' ? ']' : '}'})`;
      if (d.tooLarge) for (let n = d.firstLine; n <= d.lastLine; n++) this.ctx.unparsed(n, reason, '');
      else unparsedLines(this.ctx, d.firstLine, d.lines, reason);
    }
    this.settleTail();
  }

  private start(lineNo: number): void {
    this.doc = { firstLine: lineNo, lines: [], chars: 0, stack: [], inString: false, escape: false, elementStarts: new Map(), tooLarge: false, lastLine: lineNo };
  }

  /** Scan text from `from`; returns the index of the character that closes the top-level value, or -1. */
  private scan(text: string, from: number, lineNo: number): number {
    const d = this.doc!;
    for (let i = from; i < text.length; i++) {
      const ch = text[i]!;
      if (d.inString) {
        if (d.escape) d.escape = false;
        else if (ch === '\\') d.escape = true;
        else if (ch === '"') d.inString = false;
        continue;
      }
      if (ch === '"') d.inString = true;
      else if (ch === '{' || ch === '[') {
        if (ch === '{' && d.stack[d.stack.length - 1] === '[') {
          const depth = d.stack.length + 1;
          const list = d.elementStarts.get(depth) ?? [];
          list.push(lineNo);
          d.elementStarts.set(depth, list);
        }
        d.stack.push(ch);
      } else if (ch === '}' || ch === ']') {
        d.stack.pop();
        if (d.stack.length === 0) return i;
      }
    }
    return -1;
  }

  private keep(part: string): void {
    const d = this.doc!;
    if (d.tooLarge) return;
    d.lines.push(part);
    d.chars += part.length + 1;
    if (d.chars > this.max) {
      d.tooLarge = true;
      if (!this.notedLarge) this.ctx.note(`JSON document over ${this.max} characters not read (starting at line ${d.firstLine})`);
      this.notedLarge = true;
      d.lines = [];
      d.elementStarts.clear();
    }
  }

  private finish(lineNo: number): void {
    const d = this.doc!;
    this.doc = null;
    if (d.tooLarge) {
      for (let n = d.firstLine; n <= lineNo; n++) this.ctx.unparsed(n, `JSON document over ${this.max} characters`, '');
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(d.lines.join('\n'));
    } catch {
      unparsedLines(this.ctx, d.firstLine, d.lines, 'invalid JSON');
      return;
    }
    this.onDoc({ value, firstLine: d.firstLine, lines: d.lines, elementStarts: d.elementStarts });
    // Lines the format neither counted nor cited were read as parts of the document; its last line may
    // still hold trailing text or the next document.
    this.ledger.settle(d.firstLine, lineNo - 1);
    this.tail = lineNo;
  }
}

/** A line parser for formats whose files hold whole JSON documents: subclasses only read each document. */
export abstract class JsonDocParser {
  private readonly reader: JsonDocReader;
  /** The reader's counting context: a line counted twice is counted once. */
  protected readonly ctx: FormatContext;

  constructor(ctx: FormatContext, what: string) {
    this.reader = new JsonDocReader(ctx, what, (doc) => this.doc(doc));
    this.ctx = this.reader.ctx;
  }

  line(text: string, lineNo: number): void {
    this.reader.line(text, lineNo);
  }

  end(): void {
    this.reader.end();
  }

  protected abstract doc(doc: JsonDoc): void;

  /** Count every line of `doc` unparsed with `reason`: valid JSON, but not what this format reads. */
  protected refuse(doc: JsonDoc, reason: string): void {
    unparsedLines(this.ctx, doc.firstLine, doc.lines, reason);
  }
}
