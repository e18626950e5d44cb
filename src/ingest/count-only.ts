// The count-only path: journal records that no component, clock or stitcher would read are counted from their
// positions in the line, never built (most of a node's journal is such routine chatter). The format asks need()
// per record; for those it says are not to be built, take() accounts for them exactly as record() would have.

import { identFlags, NEED_CLOCK, RecordGate, type Need } from '../components/gate.js';
import type { QuietJsonRecord, QuietRecord, QuietRecords } from '../formats/types.js';
import type { KlogStitcher } from '../timeline/stitch.js';
import type { UnrecognizedBook } from '../unrecognized/book.js';
import { followedDaemon } from '../unrecognized/followed.js';
import type { DaemonClock } from './daemon-clock.js';
import type { FileBook, IdentData } from './file-book.js';
import { SliceCache, type Entry } from './slice-cache.js';

export class CountOnly implements QuietRecords {
  // timeAt and timeOnce are plain fields, copied from the gate when it says NEED_CLOCK: getters made the parser's
  // loads of them generic (a call a clock line on big journals).
  timeAt = -1;
  timeOnce = false;
  private readonly gate = new RecordGate();
  private readonly idents: SliceCache<IdentData>;
  /** need() and take() come in pairs for one record: take() reuses need()'s identifier entry. */
  private ident: Entry<IdentData> | null = null;
  /** The line and position need() looked the identifier up at: take() of the same record finds it there. */
  private identLine = '';
  private identAt = -1;

  constructor(
    private readonly book: FileBook,
    private readonly clock: DaemonClock,
    private readonly stitcher: KlogStitcher,
    private readonly unread: UnrecognizedBook | null,
  ) {
    this.idents = new SliceCache<IdentData>((ident) => ({ flags: identFlags(ident), tracked: false, daemon: unread !== null ? followedDaemon(ident) : null }));
  }

  need(text: string, identStart: number, identEnd: number, msgStart: number, end: number, bytes: Uint8Array | null): Need {
    const ident = (this.ident = bytes !== null ? this.idents.getAt(bytes, identStart, identEnd) : this.idents.get(text, identStart, identEnd));
    // Once a piece, not once a line: see ShortParser.fast on stores of young values.
    if (this.identLine !== text) this.identLine = text;
    this.identAt = identStart;
    return this.said(this.gate.need(text, msgStart, end, ident.data.flags, this.stitcher.idle, bytes));
  }

  needJson(q: QuietJsonRecord): Need {
    const ident = (this.ident = q.identStart === -1 ? this.idents.get('unknown', 0, 7) : this.idents.get(q.text, q.identStart, q.identEnd));
    return this.said(this.gate.need(q.msg, q.msgStart, q.msgEnd, ident.data.flags, this.stitcher.idle));
  }

  take(q: QuietRecord): void {
    let ident = this.ident;
    if (ident === null || q.identStart !== this.identAt || q.text !== this.identLine) ident = this.ident = this.idents.get(q.text, q.identStart, q.identEnd);
    this.book.countShort(q, ident);
    if (q.need === NEED_CLOCK) this.clock.fromShort(q);
    // The gate let it pass unbuilt: no component reads it.
    if (this.unread !== null && ident.data.daemon !== null) this.unread.add(ident.data.daemon, q.text, q.msgStart, q.end, this.book.file.path, q.lineNo);
  }

  takeJson(q: QuietJsonRecord): void {
    // needJson() looked this identifier up for the same record.
    const ident = this.ident!;
    this.book.countJson(q, ident);
    if (q.need === NEED_CLOCK) this.clock.fromJson(q, this.gate.timeAt, this.gate.timeOnce);
    if (this.unread !== null && ident.data.daemon !== null) this.unread.add(ident.data.daemon, q.msg, q.msgStart, q.msgEnd, this.book.file.path, q.lineNo);
  }

  /** The gate's answer, its daemon time copied when it is one to read. */
  private said(need: Need): Need {
    if (need === NEED_CLOCK) {
      this.timeAt = this.gate.timeAt;
      this.timeOnce = this.gate.timeOnce;
    }
    return need;
  }
}
