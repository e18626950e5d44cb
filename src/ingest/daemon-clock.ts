// A daemon's own instants (logrus `time="…"`) date the journal they are in: they vote for the host's zone and
// give year-less lines their year. Read from built records, and from count-only ones by position; logrus lines
// come dozens to a second, so a line within the same two seconds as the last one read counts where that one did
// (a memo) instead of being read again.

import type { LocalStamp, LogRecord } from '../events/types.js';
import { parseLogrus } from '../components/logrus.js';
import type { ComponentInput } from '../components/types.js';
import type { QuietJsonRecord, QuietRecord, Wall } from '../formats/types.js';
import type { ClockBook, Counted } from '../time/clock.js';
import { parseIsoAt } from '../time/iso-at.js';
import { makeStamp } from '../time/stamp.js';
import { MEMO_TIME } from './tuning.js';
// COMMA: the other separator RFC 3339 fractions are written with by some daemons ("…:05,123Z").
import { BACKSLASH, COMMA, DIGIT_0, DIGIT_9, DOT } from '../components/chars.js';

/** Copy a year-less wall clock. */
export function setWall(to: Wall, from: Wall): void {
  to.month = from.month;
  to.day = from.day;
  to.hour = from.hour;
  to.minute = from.minute;
  to.second = from.second;
  to.micro = from.micro;
  to.yearShift = from.yearShift;
}

/** The last plain daemon time read (its text around the fraction), the wall second next to it and the lines since. */
interface Memo extends Wall {
  length: number;
  headEnd: number;
  tailStart: number;
  offsetMin: number;
  counted: Counted | null;
  again: number;
}

export class DaemonClock {
  // Where the last daemon time was read: the clock builds its evidence text only for a first vote, from these.
  private basisLine = 0;
  private basisTime = '';
  /** The line the value was read from by position; '' when it was read by parseLogrus (then basisTime holds it). */
  private basisText = '';
  private basisFrom = 0;
  private basisTo = 0;
  private readonly example = (): string => `${this.path}:${this.basisLine} time="${this.basisText === '' ? this.basisTime : this.basisText.slice(this.basisFrom, this.basisTo)}"`;
  private readonly where = (): string => `${this.path}:${this.basisLine}`;
  // Scratch stamps for the clock's arithmetic (ClockBook keeps neither).
  private readonly wallScratch = makeStamp(null, 1, 1, 0, 0, 0);
  private readonly daemonScratch = makeStamp(null, 1, 1, 0, 0, 0);
  private readonly memo: Memo = { length: -1, headEnd: 0, tailStart: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, micro: 0, yearShift: 0, offsetMin: 0, counted: null, again: 0 };
  /** The memo's daemon time value as character codes (compared in a loop: three startsWith calls cost more). */
  private readonly memoCodes = new Uint16Array(MEMO_TIME);
  /** A built record whose daemon time is being given to the clock (its evidence is built from it). */
  private rec: LogRecord | null = null;
  private recTime = '';
  private readonly recExample = (): string => `${this.rec!.source.path}:${this.rec!.source.line} time="${this.recTime}"`;
  private readonly recWhere = (): string => `${this.rec!.source.path}:${this.rec!.source.line}`;

  constructor(
    private readonly clock: ClockBook,
    private readonly path: string,
    private readonly root: string,
  ) {}

  /** A built record: its logrus time= (parsed once with the components' reading of it), when it has a zone. */
  fromRecord(input: ComponentInput): void {
    const rec = input.rec;
    if (!rec.message.includes('time="')) return;
    const l = input.logrus;
    if (!l?.time || l.time.offsetMin === null) return;
    this.rec = rec;
    this.recTime = l.timeText!;
    this.clock.daemonOffset(this.root, l.time.offsetMin, this.recExample);
    if (rec.stamp) this.clock.hint(this.path, rec.stamp, l.time, this.recWhere);
    this.rec = null;
  }

  /** A count-only JSON record: a zone vote only (no journal wall clock to compare the daemon's time with). */
  fromJson(q: QuietJsonRecord, timeAt: number, timeOnce: boolean): void {
    this.read(q.msg, timeAt, timeOnce, q.msgStart, q.msgEnd, q.lineNo);
    this.basisText = '';
  }

  /** A count-only journal-short record: a zone vote and a year hint next to its wall clock, or a memo hit. */
  fromShort(q: QuietRecord): void {
    const memo = this.memo;
    if (memo.counted !== null && q.timeOnce && q.second === memo.second && q.minute === memo.minute && q.hour === memo.hour && q.day === memo.day && q.month === memo.month && q.yearShift === memo.yearShift && this.memoReads(q.text, q.timeAt + 6, q.end)) {
      memo.again++;
      return;
    }
    const time = this.read(q.text, q.timeAt, q.timeOnce, q.msgStart, q.end, q.lineNo);
    if (time === null) {
      this.flush();
      memo.counted = null;
      return;
    }
    setWall(this.wallScratch, q);
    this.remember(q, time, this.clock.hint(this.path, this.wallScratch, time, this.where));
    this.basisText = '';
  }

  /** Give the clock the votes of the lines that counted where the memo's line did. */
  flush(): void {
    const memo = this.memo;
    if (memo.again === 0) return;
    this.clock.daemonOffset(this.root, memo.offsetMin, this.example, memo.again);
    this.clock.again(memo.counted!, memo.again);
    memo.again = 0;
  }

  /**
   * The daemon's own instant in the message text[msgStart, end) whose first `time="` is at timeAt, given to the
   * clock as a zone vote (from positions when the value is plain, else through parseLogrus).
   */
  private read(text: string, timeAt: number, timeOnce: boolean, msgStart: number, end: number, lineNo: number): LocalStamp | null {
    const from = timeAt + 6;
    const to = text.indexOf('"', from);
    let time: LocalStamp | null;
    let plain = timeOnce && to !== -1 && to + 7 < end && text.startsWith(' level=', to + 1);
    for (let i = from; plain && i < to; i++) if (text.charCodeAt(i) === BACKSLASH) plain = false;
    if (plain) {
      // parseLogrus keeps this first pair's value: no other key `time`, and `level=` makes its result non-null.
      time = parseIsoAt(text, from, to, this.daemonScratch);
      this.basisText = text;
      this.basisFrom = from;
      this.basisTo = to;
    } else {
      const l = parseLogrus(msgStart === 0 && end === text.length ? text : text.slice(msgStart, end));
      time = l?.time ?? null;
      this.basisText = '';
      this.basisTime = l?.timeText ?? '';
    }
    if (!time || time.offsetMin === null) {
      this.basisText = '';
      return null;
    }
    this.basisLine = lineNo;
    this.clock.daemonOffset(this.root, time.offsetMin, this.example);
    return time;
  }

  /** Whether the daemon time at text[from, …) is the memo's but for the digits of its fraction, and plain. */
  private memoReads(text: string, from: number, end: number): boolean {
    const memo = this.memo;
    const to = text.indexOf('"', from);
    const length = memo.length;
    if (to - from !== length || to + 7 >= end || !text.startsWith(' level=', to + 1)) return false;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(from + i);
      if (i >= memo.headEnd && i < memo.tailStart ? c < DIGIT_0 || c > DIGIT_9 : c !== this.memoCodes[i]) return false;
    }
    return true;
  }

  /** Make the value just read the memo, when its fraction could not change the reading (Counted.wholeSecond). */
  private remember(q: QuietRecord, time: LocalStamp, counted: Counted): void {
    this.flush();
    const memo = this.memo;
    memo.counted = null;
    const text = this.basisText;
    if (text === '' || !counted.wholeSecond || this.basisTo - this.basisFrom > MEMO_TIME) return;
    const from = this.basisFrom;
    const sep = text.charCodeAt(from + 19);
    const fraction = sep === DOT || sep === COMMA;
    let fracEnd = from + 19;
    if (fraction) for (fracEnd = from + 20; fracEnd < this.basisTo && text.charCodeAt(fracEnd) >= DIGIT_0 && text.charCodeAt(fracEnd) <= DIGIT_9; ) fracEnd++;
    memo.headEnd = (fraction ? from + 20 : from + 19) - from;
    memo.tailStart = fracEnd - from;
    memo.length = this.basisTo - from;
    for (let i = 0; i < memo.length; i++) this.memoCodes[i] = text.charCodeAt(from + i);
    setWall(memo, q);
    memo.offsetMin = time.offsetMin!;
    memo.counted = counted;
  }
}
