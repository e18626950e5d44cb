// The line parser of a plain daemon log file (logrus, klog, Python logging): a record per line that opens one, the
// lines after it that continue it (a stack, a traceback) held until the next record starts or the file ends.

import type { LocalStamp } from '../events/types.js';
import { PendingRecord } from './_pending-record.js';
import type { FormatContext, LineParser } from './types.js';

/** A LineParser for one daemon's log file: subclasses read each line that is not blank (`read`) and open records. */
export abstract class PlainLogParser implements LineParser {
  protected readonly pending: PendingRecord;

  /** `ident`: the daemon every record is of; `continuation`: a line that belongs to the record above (Go's by default). */
  constructor(
    protected readonly ctx: FormatContext,
    protected readonly ident: string | null,
    continuation?: RegExp,
  ) {
    this.pending = new PendingRecord(ctx, continuation);
  }

  line(text: string, lineNo: number): void {
    // A file written on Windows, or pasted from one, ends its lines with CR.
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return this.ctx.skipped(lineNo, 'empty line');
    this.read(text, lineNo);
  }

  /** One line that is not blank, without its CR: exactly one count or record per line, as LineParser asks. */
  protected abstract read(text: string, lineNo: number): void;

  /** Open the record `raw` starts (the one before is handed on); its stamp, when any, is on the host's clock or absolute. */
  protected startRecord(stamp: LocalStamp | null, message: string, raw: string, lineNo: number, pid: number | null = null): void {
    this.pending.start({ stamp, absUs: null, domain: 'host', host: null, ident: this.ident, pid, message, source: { path: this.ctx.path, line: lineNo }, raw });
  }

  end(): void {
    this.pending.flush();
  }
}
