// Read one file (or archive member, or part of a journal) through its format: the one reading path every input
// takes. It wires the format's context to the file's book, the daemon clock, the klog stitcher and the
// components, runs the line or byte loop, and says how the read ended (for joining parts read apart).

import { recognizeAll, RecordInput } from '../components/dispatch.js';
import type { InputStat } from '../diagnostics/counters.js';
import type { LogRecord } from '../events/types.js';
import { readAlone } from '../formats/_lone-message.js';
import { CUT_REASON } from '../formats/_terminal-cut.js';
import type { Format, FormatContext } from '../formats/types.js';
import { KlogStitcher } from '../timeline/stitch.js';
import { UnrecognizedBook } from '../unrecognized/book.js';
import { followedDaemon, plainFileDaemon } from '../unrecognized/followed.js';
import { AbandonWatch } from './abandon.js';
import { CountOnly } from './count-only.js';
import { DaemonClock } from './daemon-clock.js';
import { FileBook } from './file-book.js';
import { readBytes } from './read-bytes.js';
import { CUT_LINE, OVERLONG, readLines } from './read-lines.js';
import type { FileRef, RunBook } from './run-book.js';
import { countOnly, MAX_LINE } from './tuning.js';

/** How a read ended, for joining two parts of one file read apart. */
export interface ReadEnd {
  /** The klog stitcher had no block open once the last record was in. */
  idle: boolean;
  /** Unparsed lines in a row at the start and at the end. */
  leading: number;
  trailing: number;
  /** Reading stopped early (a cap, an error, an abandoned format). */
  stopped: boolean;
  /** The line parser's own carry-over, when it has one (journal short: months and year shift). */
  carry: unknown;
}

/** `capped`: whether the run's cap cut the bytes, once they have ended (SourceFile.capped). */
export async function readFile(file: FileRef, input: AsyncIterable<Buffer> | Iterable<Buffer>, format: Format, stat: InputStat, run: RunBook, capped?: () => string | null): Promise<ReadEnd> {
  const book = new FileBook(file, stat, run);
  const clock = new DaemonClock(run.clock, file.path, file.root);
  const watch = new AbandonWatch();
  // A book of the file's own, merged into the run's at its end: a template's first place is then settled once a file.
  const unread = run.unrecognized !== undefined ? new UnrecognizedBook() : null;
  const stitcher = new KlogStitcher((rec) => handleRecord(rec));
  /** Lines read alone (readAlone) in this file. */
  let alone = 0;
  /** A built record, stitched: the daemon clock and every component whose keywords it holds read it. */
  const handleRecord = (rec: LogRecord): void => {
    const input = new RecordInput(rec);
    clock.fromRecord(input);
    const before = stat.events;
    recognizeAll(input, (d) => book.event(d));
    if (unread !== null && stat.events === before) {
      const msg = rec.message;
      const daemon = rec.domain === 'journal' ? followedDaemon(rec.ident) : plainFileDaemon(rec.ident, msg);
      if (daemon !== null) unread.add(daemon, msg, 0, msg.length, rec.source.path, rec.source.line);
    }
  };
  const ctx: FormatContext = {
    path: file.path,
    quiet: countOnly() ? new CountOnly(book, clock, stitcher, unread) : undefined,
    disk: format.seeks && file.abs && file.size != null ? { abs: file.abs, size: file.size } : undefined,
    record: (rec) => {
      book.record(rec);
      stitcher.push(rec);
    },
    event: (draft) => book.event(draft),
    meta: (fact, line) => book.meta(fact, line),
    unparsed: (line, reason, text) => {
      // A line no format reads may still be a daemon's own wording quoted alone (formats/_lone-message.ts): read as
      // timeless events. A line known to be partial is never read so: an overlong line's text is its first
      // characters, the run's cap or a terminal cut its end (`StopPodSandbox for "<id>"` cut before " returns
      // successfully" would be the stop's start).
      const lone = partial(reason) ? null : readAlone(text, file.path, line);
      if (lone !== null && lone.drafts.length > 0) {
        for (const d of lone.drafts) book.event(d);
        alone++;
        return;
      }
      book.unparsed(line, reason, text);
      watch.unparsed();
    },
    skipped: () => {
      stat.skipped++;
    },
    note: (text) => book.note(text),
  };
  let end: ReadEnd;
  if (format.openBytes) {
    await readBytes(input, format.openBytes(ctx), ctx, stat, watch, format.id, capped);
    stitcher.end();
    end = { idle: true, leading: 0, trailing: watch.run, stopped: watch.abandoned, carry: null };
  } else {
    const parser = format.open(ctx);
    const stopped = await readLines(input, parser, ctx, stat, watch, format.id, run.maxLine ?? MAX_LINE, capped);
    const idle = stitcher.idle;
    stitcher.end();
    end = { idle, leading: watch.leading, trailing: watch.run, stopped, carry: parser.carry?.() ?? null };
  }
  if (alone > 0) book.note(`${alone} line(s) no format read were a daemon's own wording quoted alone (no envelope, no time): read as timeless events`);
  clock.flush();
  book.close();
  if (unread !== null) run.unrecognized!.merge(unread.result());
  return end;
}

const CUT_REASONS: readonly string[] = Object.values(CUT_REASON);
/** Whether an unparsed line's reason says its text is only part of the line. */
function partial(reason: string): boolean {
  return reason.startsWith(OVERLONG) || reason === CUT_LINE || CUT_REASONS.includes(reason);
}
