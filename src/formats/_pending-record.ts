// The record a plain log file's later lines may still extend (a panic's stack, a message's own newlines): it is
// handed on only when the next record starts or the file ends.

import type { LogRecord } from '../events/types.js';
import type { FormatContext } from './types.js';
import { joinHexWrap } from './_hex-wrap.js';

/** What Go programs write after a log line that belongs to it: indented lines, a goroutine dump, a panic. */
const GO_CONTINUATION = /^\s|^goroutine |^panic: /;

export class PendingRecord {
  private current: LogRecord | null = null;

  /** `continuation`: what a line that belongs to the record above looks like (Go's by default). */
  constructor(
    private readonly ctx: FormatContext,
    private readonly continuation: RegExp = GO_CONTINUATION,
  ) {}

  /** Start a new record; the one before is handed on. */
  start(rec: LogRecord): void {
    this.flush();
    this.current = rec;
  }

  /**
   * Add `text` to the open record when it is a continuation line (true: counted as skipped). `message` is what
   * the record's message gains (null: the message stays as it is, the raw text still grows).
   */
  continueWith(text: string, lineNo: number, message: string | null = text): boolean {
    const rec = this.current;
    if (!rec || !this.continuation.test(text)) return false;
    if (message !== null) rec.message += '\n' + message;
    rec.raw += '\n' + text;
    rec.endLine = lineNo;
    this.ctx.skipped(lineNo, 'continuation line');
    return true;
  }

  /** Glue `text` onto the open record when it is the rest of a 64-hex ID wrapped from the record's end (_hex-wrap.ts). */
  hexWrap(text: string, lineNo: number): boolean {
    return this.current !== null && glueWrappedId(this.current, text, lineNo, this.ctx);
  }

  /** The open record, to extend in place (a line that only carries more of its fields); null when none is open. */
  open(): LogRecord | null {
    return this.current;
  }

  flush(): void {
    if (this.current) this.ctx.record(this.current);
    this.current = null;
  }
}

/** Glue `text` onto `rec` when it is the rest of a 64-hex ID wrapped from the record's end (_hex-wrap.ts). */
export function glueWrappedId(rec: LogRecord, text: string, lineNo: number, ctx: FormatContext): boolean {
  const joined = joinHexWrap(rec.message, text);
  if (joined === null) return false;
  rec.message = joined;
  rec.raw += '\n' + text;
  rec.endLine = lineNo;
  ctx.skipped(lineNo, 'the rest of an ID wrapped from the line above');
  return true;
}
