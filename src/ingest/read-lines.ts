// The line formats' reading loop: bytes cut into lines (line-cutter.ts), each line numbered and handed to the
// format's parser (in place when it can read it there), lines over the cap counted unparsed, and the file
// abandoned after ABANDON_AFTER unparsed lines in a row.

import type { InputStat } from '../diagnostics/counters.js';
import type { FormatContext, LineParser } from '../formats/types.js';
import type { AbandonWatch } from './abandon.js';
import { LineCutter, type LineSink } from './line-cutter.js';
import { ABANDON_AFTER } from './tuning.js';

/** Why the last line of a file the run's cap cut is counted unparsed: only its start was read. */
export const CUT_LINE = "cut by the run's cap (--max-total-size): the rest of the line was not read";
/** The reason an overlong line is counted unparsed with: its text is then its first characters only. */
export const OVERLONG = 'line longer than';

class LineFeed implements LineSink {
  lineNo = 0;
  /** Reading stopped early (abandoned). */
  stopped = false;
  readonly lineAt: ((text: string, start: number, end: number) => void) | undefined;
  readonly piece: ((bytes: Uint8Array | null) => void) | undefined;
  private readonly parserLineAt: ((text: string, start: number, end: number, lineNo: number) => boolean) | undefined;

  constructor(
    private readonly parser: LineParser,
    private readonly ctx: FormatContext,
    private readonly stat: InputStat,
    private readonly watch: AbandonWatch,
    private readonly formatId: string,
    private readonly maxLine: number,
  ) {
    this.parserLineAt = parser.lineAt?.bind(parser);
    // Unbound: the cutter calls it as a plain function.
    this.lineAt = this.parserLineAt && ((text, start, end) => this.feedAt(text, start, end));
    this.piece = parser.piece?.bind(parser);
  }

  line(line: string): void {
    const lineNo = ++this.lineNo;
    this.stat.lines++;
    if (this.watch.abandoned) return;
    const before = this.stat.unparsed;
    try {
      this.parser.line(line, lineNo);
    } catch (e) {
      this.ctx.unparsed(lineNo, `parser error: ${(e as Error).message}`, line);
    }
    this.counted(before);
  }

  /** line(text.slice(start, end)), letting the format read the line in place first. */
  private feedAt(text: string, start: number, end: number): void {
    const lineNo = ++this.lineNo;
    this.stat.lines++;
    if (this.watch.abandoned) return;
    const before = this.stat.unparsed;
    let line: string | null = null;
    try {
      if (!this.parserLineAt!(text, start, end, lineNo)) this.parser.line((line = text.slice(start, end)), lineNo);
    } catch (e) {
      this.ctx.unparsed(lineNo, `parser error: ${(e as Error).message}`, line ?? text.slice(start, end));
    }
    this.counted(before);
  }

  /** A line past maxLine: counted unparsed with its first characters as evidence, not read. */
  overlong(sample: string): void {
    const lineNo = ++this.lineNo;
    this.stat.lines++;
    if (!this.stat.notes.some((n) => n.startsWith('lines longer than'))) this.ctx.note(`lines longer than ${this.maxLine} bytes (--max-line-length) are counted unparsed, not read (first at line ${lineNo})`);
    if (this.watch.abandoned) return;
    const before = this.stat.unparsed;
    this.ctx.unparsed(lineNo, `${OVERLONG} ${this.maxLine} bytes`, sample);
    this.counted(before);
  }

  private counted(before: number): void {
    const watch = this.watch;
    if (this.stat.unparsed === before) return watch.parsed();
    watch.failed();
    if (watch.run >= ABANDON_AFTER) {
      watch.abandoned = this.stopped = true;
      this.ctx.note(`abandoned after ${ABANDON_AFTER} consecutive unparsed lines at line ${this.lineNo}: probably not ${this.formatId}; the remaining lines were counted, not read`);
    }
  }
}

/**
 * Read every line of `input` into the parser; whether reading stopped early (abandoned, a read error, a parser error
 * at the end, the run's cap). `capped` (SourceFile.capped) says once the bytes have ended whether the run's cap cut
 * them: the line left open is then counted unparsed as cut (CUT_LINE), not read, and the file says where it stopped.
 */
export async function readLines(input: AsyncIterable<Buffer> | Iterable<Buffer>, parser: LineParser, ctx: FormatContext, stat: InputStat, watch: AbandonWatch, formatId: string, maxLine: number, capped?: () => string | null): Promise<boolean> {
  const feed = new LineFeed(parser, ctx, stat, watch, formatId, maxLine);
  const cutter = new LineCutter(feed, maxLine);
  let stopped = false;
  try {
    for await (const chunk of input) cutter.write(chunk);
    const why = capped?.() ?? null;
    if (why === null) cutter.end();
    else {
      stopped = true;
      const open = cutter.cutShort();
      const lineNo = feed.lineNo + 1;
      if (open !== null) {
        feed.lineNo = lineNo;
        stat.lines++;
        ctx.unparsed(lineNo, CUT_LINE, open);
      }
      ctx.note(`reading stopped at line ${lineNo}: ${why}`);
    }
  } catch (e) {
    stopped = true;
    ctx.note(`reading stopped at line ${feed.lineNo + 1}: ${(e as Error).message}`);
  }
  try {
    parser.end();
  } catch (e) {
    stopped = true;
    ctx.note(`parser error at end of file: ${(e as Error).message}`);
  }
  return stopped || feed.stopped;
}
