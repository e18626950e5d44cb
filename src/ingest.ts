// Streams every input file through its format and the components, keeping only events.

import { promises as fsp } from 'node:fs';
import { Readable } from 'node:stream';
import { MAX_EVENTS, MAX_LINE_BYTES } from './bundle/budget.js';
import { fileChunks, SharedReach } from './bundle/file-chunks.js';
import { discover, type DiscoverOptions, type Skipped, type SourceFile } from './bundle/discover.js';
import { klogOf, type KlogLine } from './components/klog.js';
import { parseLogrus, type LogrusLine } from './components/logrus.js';
import { COMPONENTS } from './components/index.js';
import { identFlags, NEED_CLOCK, RecordGate, type Need } from './components/gate.js';
import { KeywordSet } from './components/keywords.js';
import type { Component, ComponentInput } from './components/types.js';
import { excerpt, newStat, type InputStat } from './diagnostics/counters.js';
import { own } from './events/own.js';
import { unpack, type PackedEvents } from './events/pack.js';
import { apartMin, partWorker, splitMin, twoThreads } from './part-worker.js';
import type { AttrValue, LocalStamp, LogRecord, PmEvent } from './events/types.js';
import type { EventDraft, Format, FormatContext, MetaFact, QuietJsonRecord, QuietRecord, QuietRecords, Wall } from './formats/types.js';
import { HEAD_BYTES, headFromBytes, sniff } from './sniff/sniff.js';
import { ClockBook, type ClockOverrides, type ClockPart, type Counted } from './time/clock.js';
import { FORMATS } from './formats/index.js';
import { sameYearShift, type ShortCarry } from './formats/journal-short.js';
import { parseIsoAt } from './time/iso-at.js';
import { makeStamp } from './time/stamp.js';
import { KlogStitcher } from './timeline/stitch.js';
import { CoverageTracker, markCuts, type Coverage, type SosCut } from './timeline/coverage.js';
import { compareText } from './text-order.js';
import { LineCutter } from './ingest/line-cutter.js';
import { newIngestStats, type IngestStats } from './ingest/stats.js';
import { reasonKey, UnreadMembers } from './ingest/unread.js';
import { UnrecognizedBook, type Unrecognized } from './unrecognized/book.js';
import { followedDaemon, plainFileDaemon } from './unrecognized/followed.js';

export interface IngestOptions extends ClockOverrides {
  host: string | null;
  /** Caps, progress and stdin for the bundle layer. */
  bundle?: DiscoverOptions;
  /** Tally the followed daemons' lines no component read, by template (inspect --unrecognized). */
  unrecognized?: boolean;
}

export interface Ingested {
  events: PmEvent[];
  inputs: InputStat[];
  assumptions: ClockBook['assumptions'];
  hosts: Map<string, string>;
  /** Per journal file: identifiers and time span, for rules that claim an absence. */
  coverage: Coverage[];
  /** Which reading paths ran (not part of the report). */
  stats: IngestStats;
  /** With IngestOptions.unrecognized: the followed daemons' lines no component read; else null. */
  unrecognized: Unrecognized | null;
}

/** Lines longer than this (--max-line-length) are counted unparsed and skipped: a log line is never that long, garbage often is. */
const MAX_LINE = MAX_LINE_BYTES;
/** Distinct journal host names counted per bundle root (see ctx.record). */
const HOST_NAMES = 256;
/** A file whose lines keep failing is probably not the chosen format: stop and say so. */
const ABANDON_AFTER = 1000;

/**
 * One copy of each short value events share: a sandbox ID, a pod name or an identifier turns up in dozens of
 * events, and a copy per event made the kept events most of the heap. The map grows with distinct values,
 * which the event cap bounds.
 */
class Interned {
  private readonly values = new Map<string, string>();

  get(s: string): string {
    if (s.length < 13 || s.length > 256) return own(s);
    let v = this.values.get(s);
    if (v === undefined) this.values.set((v = own(s)), v);
    return v;
  }

  attr(v: AttrValue): AttrValue {
    if (typeof v === 'string') return this.get(v);
    if (Array.isArray(v) && v.length > 0 && typeof v[0] === 'string') return (v as string[]).map((x) => this.get(x));
    return v;
  }
}

/**
 * The event of a draft, with every string it holds a copy of its own (see own()), values shared (see Interned).
 * Written out field by field: `{ ...d, time, … }` (a spread, then properties added) took ~7 µs an event.
 * fineUs, which nearly every journal event has, is in the literal itself: added afterwards, it cost each event
 * a second allocation (the properties an object holds outside itself).
 */
function ownedEvent(d: EventDraft, values: Interned, clockKey: string, host: string, seq: number): PmEvent {
  const attrs: Record<string, AttrValue> = {};
  for (const k in d.attrs) attrs[k] = values.attr(d.attrs[k]!);
  const ids = d.ids.map((x) => values.get(x));
  const prefixes = d.prefixes.map((x) => values.get(x));
  const text = own(d.text);
  const e: PmEvent =
    d.fineUs !== undefined
      ? { kind: d.kind, time: null, stamp: d.stamp, absUs: d.absUs, domain: d.domain, clockKey, host, ids, prefixes, attrs, source: d.source, text, seq, fineUs: d.fineUs }
      : { kind: d.kind, time: null, stamp: d.stamp, absUs: d.absUs, domain: d.domain, clockKey, host, ids, prefixes, attrs, source: d.source, text, seq };
  if (d.endLine !== undefined) e.endLine = d.endLine;
  return e;
}

/** Copy a year-less wall clock. */
function setWall(to: Wall, from: Wall): void {
  to.month = from.month;
  to.day = from.day;
  to.hour = from.hour;
  to.minute = from.minute;
  to.second = from.second;
  to.micro = from.micro;
  to.yearShift = from.yearShift;
}

/** Where readFile puts what it reads: the run's clock, coverage, host votes and events. */
export interface ReadSink {
  clock: ClockBook;
  trackers: Map<string, { root: string; tracker: CoverageTracker }>;
  rootJournalHosts: Map<string, Map<string, number>>;
  rootHostname: Map<string, string>;
  events: PmEvent[];
  /** The next event's ingest order. */
  seq: number;
  /** Events the run keeps (--max-events); past it they are counted in a note, not kept. Unset: no cap (a part). */
  maxEvents?: number;
  /** --max-line-length (MAX_LINE when unset). */
  maxLine?: number;
  /** Values the kept events share. */
  values: Interned;
  /** Set in a worker: events are handed on in batches as they come (see readPart), not kept to the end. */
  send?: (events: PmEvent[]) => void;
  /** Set when the run tallies what no component read (IngestOptions.unrecognized). */
  unrecognized?: UnrecognizedBook;
  /** Outputs sos cut to its size limit (sos_reports/manifest.json); set for the run, not for a part. */
  cuts?: SosCut[];
}

/** Daemon time values (`time="…"`) longer than this are not memoized: an RFC 3339 one is 20 to 35 characters. */
const MEMO_TIME = 64;

/** Events a worker sends at once: its heap holds one batch, not its whole part (PODMORTEM_EVENT_BATCH: tests). */
const EVENT_BATCH = Number(process.env.PODMORTEM_EVENT_BATCH) || 4096;

/** Whether the run's event cap leaves room for one more; the first refusal in a file notes it there. */
function roomForEvent(sink: ReadSink, stat: InputStat, line: number): boolean {
  if (sink.maxEvents === undefined || sink.events.length < sink.maxEvents) return true;
  const note = `the run's cap of ${sink.maxEvents} events was reached (--max-events)`;
  if (!stat.notes.some((n) => n.startsWith(note))) stat.notes.push(`${note}: the events of line ${line} and after were counted, not kept`);
  return false;
}

/** How a read ended, for joining two halves of one file read apart. */
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

/** Each component with its keywords (a component runs on a message holding any of them; none: on every message). */
const KEYWORD_TESTS: readonly { component: Component; test: KeywordSet | null }[] = COMPONENTS.map((c) => ({ component: c, test: c.gate.keywords.length === 0 ? null : new KeywordSet(c.gate.keywords) }));

/** What the components read of one record, each body parsed on first use (a class: a literal with getters made two closures a record). */
class RecordInput implements ComponentInput {
  private logrusLine: LogrusLine | null | undefined = undefined;
  private klogLine: KlogLine | null | undefined = undefined;
  constructor(readonly rec: LogRecord) {}
  get logrus(): LogrusLine | null {
    if (this.logrusLine === undefined) this.logrusLine = parseLogrus(this.rec.message);
    return this.logrusLine;
  }
  get klog(): KlogLine | null {
    if (this.klogLine === undefined) this.klogLine = klogOf(this.rec.message);
    return this.klogLine;
  }
}

/** Strings seen again and again at a position of a line (identifiers, host names), found without cutting them. */
class Recent<T> {
  private readonly entries: { text: string; data: T }[] = [];
  private next = 0;
  /**
   * Entries by a hash of length and end characters: identifiers alternate line by line (kubelet, dockerd, …),
   * and a scan of every entry with startsWith per line cost 4% of a read.
   */
  private readonly slots: ({ text: string; data: T } | undefined)[] = new Array<{ text: string; data: T } | undefined>(SLOTS).fill(undefined);

  constructor(
    private readonly make: (text: string) => T,
    private readonly evicted: (e: { text: string; data: T }) => void = () => {},
    private readonly max = 64,
  ) {}

  /** The entry for text.slice(start, end); made (and the string copied) on first sight. */
  get(text: string, start: number, end: number): { text: string; data: T } {
    const len = end - start;
    const h = slotOf(text, start, len);
    const s = this.slots[h];
    if (s !== undefined && s.text.length === len && sameAt(text, start, s.text)) return s;
    const es = this.entries;
    for (let i = 0; i < es.length; i++) {
      const e = es[i]!;
      if (e.text.length === len && sameAt(text, start, e.text)) return (this.slots[h] = e);
    }
    const str = own(text.slice(start, end));
    const e = { text: str, data: this.make(str) };
    if (es.length < this.max) es.push(e);
    else {
      const old = es[this.next]!;
      this.evicted(old);
      const o = slotOf(old.text, 0, old.text.length);
      if (this.slots[o] === old) this.slots[o] = undefined;
      es[this.next] = e;
      this.next = (this.next + 1) % this.max;
    }
    return (this.slots[h] = e);
  }

  all(): readonly { text: string; data: T }[] {
    return this.entries;
  }
}

const SLOTS = 64;

function slotOf(text: string, start: number, len: number): number {
  return len === 0 ? 0 : (len * 7 + text.charCodeAt(start) * 3 + text.charCodeAt(start + len - 1)) & (SLOTS - 1);
}

/** text.startsWith(s, start), compared here: for a word-long s the builtin's call costs more than the loop. */
function sameAt(text: string, start: number, s: string): boolean {
  for (let i = 0; i < s.length; i++) if (text.charCodeAt(start + i) !== s.charCodeAt(i)) return false;
  return true;
}

async function readFile(file: { path: string; root: string; abs?: string | null; size?: number | null }, input: AsyncIterable<Buffer> | Iterable<Buffer>, format: Format, stat: InputStat, sink: ReadSink): Promise<ReadEnd> {
  const { clock, trackers, rootJournalHosts, rootHostname, events } = sink;
  let consecutiveUnparsed = 0;
  let abandoned = false;
  const stitcher = new KlogStitcher((rec) => handleRecord(rec));
  const values = sink.values;
  // A book of the file's own, merged into the run's at its end: a template's first place is then settled once a file.
  const unread = sink.unrecognized !== undefined ? new UnrecognizedBook() : null;
  // PODMORTEM_QUIET=0 builds every record (the fast path's reference, for tests and debugging).
  const quiet = process.env.PODMORTEM_QUIET === '0' ? undefined : quietRecords();
  const ctx: FormatContext = {
    path: file.path,
    quiet,
    disk: format.seeks && file.abs && file.size != null ? { abs: file.abs, size: file.size } : undefined,
    record: (rec) => {
      settle();
      stat.records++;
      if (rec.stamp) clock.stamp(file.path, rec.stamp);
      // Every log file says what it covers: journals, plain daemon logs, deploy logs.
      {
        let t = trackers.get(file.path);
        if (!t) trackers.set(file.path, (t = { root: file.root, tracker: new CoverageTracker() }));
        t.tracker.add(rec.ident, rec.stamp, rec.absUs);
      }
      if (rec.domain === 'journal' && rec.host) {
        const votes = rootJournalHosts.get(file.root) ?? new Map<string, number>();
        // A journal names one host, a handful after renames: a new name past HOST_NAMES is not counted
        // (a hostile file with a new host on every line would grow the map with the input).
        if (votes.size < HOST_NAMES || votes.has(rec.host)) votes.set(rec.host, (votes.get(rec.host) ?? 0) + 1);
        rootJournalHosts.set(file.root, votes);
      }
      stitcher.push(rec);
    },
    event: (draft) => addEvent(draft),
    meta: (fact: MetaFact, line) => {
      if (fact.kind === 'hostname') rootHostname.set(file.root, fact.value);
      if (fact.kind === 'sos-cut') sink.cuts?.push({ root: file.root, file: fact.file, command: fact.command, limitMiB: fact.limitMiB, basis: `${file.path}:${line}` });
      if (fact.kind === 'capture') {
        const priority = /(^|\/)date(_--utc)?$/.test(file.path) ? 0 : 1;
        clock.capture(file.root, fact.stamp, file.path, line, fact.text, priority);
        addEvent({ kind: 'bundle.captured', stamp: fact.stamp, absUs: null, domain: 'host', ids: [], prefixes: [], attrs: {}, source: { path: file.path, line }, text: fact.text });
      }
    },
    unparsed: (line, reason, text) => {
      stat.unparsed++;
      stat.unparsedReasons[reason] = (stat.unparsedReasons[reason] ?? 0) + 1;
      if (stat.unparsedSamples.length < 5) stat.unparsedSamples.push({ line, reason, excerpt: excerpt(text) });
      consecutiveUnparsed++;
    },
    skipped: () => {
      stat.skipped++;
    },
    note: (text) => {
      if (!stat.notes.includes(text)) stat.notes.push(text);
    },
  };

  function addEvent(d: EventDraft): void {
    settle();
    stat.events++;
    if (!roomForEvent(sink, stat, d.source.line)) return;
    if (d.stamp) clock.stamp(file.path, d.stamp);
    events.push(ownedEvent(d, values, file.path, file.root, sink.seq++));
    if (sink.send !== undefined && events.length >= EVENT_BATCH) sink.send(events.splice(0));
  }

  /**
   * The quiet records' stamp, not yet given to the clock and the coverage tracker: both keep only flags that
   * every year-less stamp sets and the last stamp, so the last quiet one is enough, given before anything else.
   */
  const pending = { active: false, month: 0, day: 0, hour: 0, minute: 0, second: 0, micro: 0, yearShift: 0 };
  function stampOf(q: Wall): LocalStamp {
    const st = makeStamp(null, q.month, q.day, q.hour, q.minute, q.second, q.micro);
    st.yearShift = q.yearShift;
    return st;
  }
  /** The last quiet JSON record's instant, not yet given to the coverage tracker (see pending). */
  let pendingAbs: number | null = null;
  function settle(): void {
    if (pendingAbs !== null) {
      trackers.get(file.path)!.tracker.last = { stamp: null, absUs: pendingAbs };
      pendingAbs = null;
    }
    if (!pending.active) return;
    pending.active = false;
    const st = stampOf(pending);
    clock.stamp(file.path, st);
    trackers.get(file.path)!.tracker.last = { stamp: st, absUs: null };
  }
  /** Host votes of quiet records, counted on the cache entry and added to rootJournalHosts in one go. */
  type HostVotes = { text: string; data: { votes: number } };
  function countVotes(e: HostVotes): void {
    if (e.data.votes === 0) return;
    const votes = rootJournalHosts.get(file.root) ?? new Map<string, number>();
    if (votes.size < HOST_NAMES || votes.has(e.text)) votes.set(e.text, (votes.get(e.text) ?? 0) + e.data.votes);
    rootJournalHosts.set(file.root, votes);
    e.data.votes = 0;
  }
  const hosts = new Recent<{ votes: number }>(() => ({ votes: 0 }), countVotes);

  /** What ctx.record does for a journal record that nothing reads, from its positions in the line. */
  function quietRecords(): QuietRecords {
    const gate = new RecordGate();
    const idents = new Recent((ident) => ({ flags: identFlags(ident), tracked: false, daemon: unread !== null ? followedDaemon(ident) : null }));
    let tracker: CoverageTracker | null = null;
    /** The file's coverage tracker, made on its first record. */
    const fileTracker = (): CoverageTracker => {
      if (tracker === null) {
        let t = trackers.get(file.path);
        if (!t) trackers.set(file.path, (t = { root: file.root, tracker: new CoverageTracker() }));
        tracker = t.tracker;
      }
      return tracker;
    };
    /** need() and take() come in pairs for one record: take() reuses need()'s identifier entry. */
    let ident: { text: string; data: { flags: number; tracked: boolean; daemon: string | null } } | null = null;
    /** The line and position need() looked the identifier up at: take() of the same record finds it there. */
    let identLine = '';
    let identAt = -1;
    // timeAt and timeOnce are plain fields, copied from the gate when it says NEED_CLOCK: getters here are a new
    // pair of closures, so a new map, for each file and part, and the parser's loads of them turned generic (a
    // LoadIC call a clock line on the 1.6 GB journal).
    /** The gate's answer, its daemon time copied when it is one to read. */
    const said = (need: Need): Need => {
      if (need === NEED_CLOCK) {
        quiet.timeAt = gate.timeAt;
        quiet.timeOnce = gate.timeOnce;
      }
      return need;
    };
    const quiet: QuietRecords & { timeAt: number; timeOnce: boolean } = {
      timeAt: -1,
      timeOnce: false,
      need: (text, identStart, identEnd, msgStart, end) => {
        ident = idents.get(text, identStart, identEnd);
        identLine = text;
        identAt = identStart;
        return said(gate.need(text, msgStart, end, ident.data.flags, stitcher.idle));
      },
      needJson: (q: QuietJsonRecord) => {
        ident = q.identStart === -1 ? idents.get('unknown', 0, 7) : idents.get(q.text, q.identStart, q.identEnd);
        return said(gate.need(q.msg, q.msgStart, q.msgEnd, ident.data.flags, stitcher.idle));
      },
      takeJson: (q: QuietJsonRecord) => {
        // ctx.record for a record with an instant and no wall-clock stamp: count, coverage, host vote, and the
        // daemon's time= (no journal wall clock to compare it with: only the zone).
        stat.records++;
        const tracker = fileTracker();
        // needJson() looked this identifier up for the same record.
        if (!ident!.data.tracked) {
          if (ident!.text !== '' && tracker.idents.size < 256) tracker.idents.add(ident!.text);
          ident!.data.tracked = true;
        }
        if (tracker.first === null) tracker.first = tracker.last = { stamp: null, absUs: q.absUs };
        pendingAbs = q.absUs;
        if (q.hostStart !== -1 && q.hostEnd > q.hostStart) hosts.get(q.text, q.hostStart, q.hostEnd).data.votes++;
        if (q.need === NEED_CLOCK) {
          daemonTime(q.msg, gate.timeAt, gate.timeOnce, q.msgStart, q.msgEnd, q.lineNo);
          basisText = '';
        }
        // The gate let it pass unbuilt: no component reads it.
        if (unread !== null && ident!.data.daemon !== null) unread.add(ident!.data.daemon, q.msg, q.msgStart, q.msgEnd, file.path, q.lineNo);
      },
      take: (q: QuietRecord) => {
        stat.records++;
        const tracker = fileTracker();
        if (ident === null || q.identStart !== identAt || q.text !== identLine) ident = idents.get(q.text, q.identStart, q.identEnd);
        if (!ident.data.tracked) {
          // CoverageTracker.add: the first 256 identifiers of the file.
          if (tracker.idents.size < 256) tracker.idents.add(ident.text);
          ident.data.tracked = true;
        }
        if (tracker.first === null) {
          const at = { stamp: stampOf(q), absUs: null };
          tracker.first = at;
          tracker.last = at;
        }
        pending.active = true;
        setWall(pending, q);
        hosts.get(q.text, q.hostStart, q.hostEnd).data.votes++;
        if (q.need === NEED_CLOCK) quietClock(q);
        if (unread !== null && ident.data.daemon !== null) unread.add(ident.data.daemon, q.text, q.msgStart, q.end, file.path, q.lineNo);
      },
    };
    return quiet;
  }

  /** handleRecord's daemon-clock reading, for a quiet record: logrus's time= value next to the journal's wall clock. */
  let basisLine = 0;
  let basisTime = '';
  let basisText = '';
  let basisFrom = 0;
  let basisTo = 0;
  const timeText = (): string => (basisText === '' ? basisTime : basisText.slice(basisFrom, basisTo));
  // Built only for the first vote of each value (ClockBook keeps no other): no string per line.
  const example = (): string => `${file.path}:${basisLine} time="${timeText()}"`;
  const where = (): string => `${file.path}:${basisLine}`;
  // Scratch stamps for the clock's arithmetic (ClockBook keeps neither).
  const wallScratch = makeStamp(null, 1, 1, 0, 0, 0);
  const daemonScratch = makeStamp(null, 1, 1, 0, 0, 0);
  /**
   * The daemon's own instant in the message text[msgStart, end) whose first `time="` is at timeAt, given to the
   * clock as a zone vote (handleRecord's reading, from positions when the value is plain).
   */
  function daemonTime(text: string, timeAt: number, timeOnce: boolean, msgStart: number, end: number, lineNo: number): LocalStamp | null {
    const from = timeAt + 6;
    const to = text.indexOf('"', from);
    let time: LocalStamp | null;
    let plain = timeOnce && to !== -1 && to + 7 < end && text.startsWith(' level=', to + 1);
    for (let i = from; plain && i < to; i++) if (text.charCodeAt(i) === 92) plain = false;
    if (plain) {
      // parseLogrus keeps this first pair's value: no other key `time`, and `level=` makes its result non-null.
      time = parseIsoAt(text, from, to, daemonScratch);
      basisText = text;
      basisFrom = from;
      basisTo = to;
    } else {
      const l = parseLogrus(msgStart === 0 && end === text.length ? text : text.slice(msgStart, end));
      time = l?.time ?? null;
      basisText = '';
      basisTime = l?.timeText ?? '';
    }
    if (!time || time.offsetMin === null) {
      basisText = '';
      return null;
    }
    basisLine = lineNo;
    clock.daemonOffset(file.root, time.offsetMin, example);
    return time;
  }

  /**
   * The last plain daemon time quietClock read (its text around the fraction) and the wall second next to it:
   * a line of the same two seconds counts where that one counted, when its fraction could not change the
   * reading (Counted.wholeSecond). Logrus lines come dozens to a second: those lines are counted here and
   * given to the clock in one go when the memo changes (flushMemo), not one call pair a line.
   */
  const memo = { length: -1, headEnd: 0, tailStart: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, micro: 0, yearShift: 0, offsetMin: 0, counted: null as Counted | null, again: 0 };
  /** Give the clock the votes of the lines that counted where the memo's line did. */
  function flushMemo(): void {
    if (memo.again === 0) return;
    clock.daemonOffset(file.root, memo.offsetMin, example, memo.again);
    clock.again(memo.counted!, memo.again);
    memo.again = 0;
  }
  /** The memo's daemon time value as character codes (compared in a loop: three startsWith calls cost more). */
  const memoCodes = new Uint16Array(MEMO_TIME);
  /** Whether the daemon time at text[from, …) is memo's but for the digits of its fraction, and plain. */
  function memoReads(text: string, from: number, end: number): boolean {
    const to = text.indexOf('"', from);
    const length = memo.length;
    if (to - from !== length || to + 7 >= end || !text.startsWith(' level=', to + 1)) return false;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(from + i);
      if (i >= memo.headEnd && i < memo.tailStart ? c < 48 || c > 57 : c !== memoCodes[i]) return false;
    }
    return true;
  }
  function remember(q: QuietRecord, time: LocalStamp, counted: Counted): void {
    flushMemo();
    memo.counted = null;
    // basisText is set when the value was read by position (plain); wholeSecond when no fraction matters.
    if (basisText === '' || !counted.wholeSecond || basisTo - basisFrom > MEMO_TIME) return;
    const from = basisFrom;
    const sep = basisText.charCodeAt(from + 19);
    let fracEnd = from + 19;
    if (sep === 46 || sep === 44) for (fracEnd = from + 20; fracEnd < basisTo && basisText.charCodeAt(fracEnd) >= 48 && basisText.charCodeAt(fracEnd) <= 57; ) fracEnd++;
    memo.headEnd = (sep === 46 || sep === 44 ? from + 20 : from + 19) - from;
    memo.tailStart = fracEnd - from;
    memo.length = basisTo - from;
    for (let i = 0; i < memo.length; i++) memoCodes[i] = basisText.charCodeAt(from + i);
    setWall(memo, q);
    memo.offsetMin = time.offsetMin!;
    memo.counted = counted;
  }

  function quietClock(q: QuietRecord): void {
    if (
      memo.counted !== null &&
      q.timeOnce &&
      q.second === memo.second &&
      q.minute === memo.minute &&
      q.hour === memo.hour &&
      q.day === memo.day &&
      q.month === memo.month &&
      q.yearShift === memo.yearShift &&
      memoReads(q.text, q.timeAt + 6, q.end)
    ) {
      memo.again++;
      return;
    }
    const time = daemonTime(q.text, q.timeAt, q.timeOnce, q.msgStart, q.end, q.lineNo);
    if (time === null) {
      flushMemo();
      memo.counted = null;
      return;
    }
    setWall(wallScratch, q);
    remember(q, time, clock.hint(file.path, wallScratch, time, where));
    basisText = '';
  }

  /** Where handleRecord read the daemon clock last (the clock builds its evidence text only for a first vote). */
  let daemonRec: LogRecord | null = null;
  let daemonTimeText = '';
  const daemonExample = (): string => `${daemonRec!.source.path}:${daemonRec!.source.line} time="${daemonTimeText}"`;
  const daemonWhere = (): string => `${daemonRec!.source.path}:${daemonRec!.source.line}`;

  function handleRecord(rec: LogRecord): void {
    const msg = rec.message;
    const input = new RecordInput(rec);
    // Daemons' own instants date the journal: zone of the host and year of year-less lines.
    if (msg.includes('time="')) {
      const l = input.logrus;
      if (l?.time && l.time.offsetMin !== null) {
        daemonRec = rec;
        daemonTimeText = l.timeText!;
        clock.daemonOffset(file.root, l.time.offsetMin, daemonExample);
        if (rec.stamp) clock.hint(file.path, rec.stamp, l.time, daemonWhere);
        daemonRec = null;
      }
    }
    const before = stat.events;
    for (const { component, test } of KEYWORD_TESTS) {
      if (test !== null && !test.in(msg, 0, msg.length)) continue;
      for (const d of component.recognize(input)) addEvent(d);
    }
    if (unread !== null && stat.events === before) {
      const daemon = rec.domain === 'journal' ? followedDaemon(rec.ident) : plainFileDaemon(rec.ident, msg);
      if (daemon !== null) unread.add(daemon, msg, 0, msg.length, rec.source.path, rec.source.line);
    }
  }

  if (format.openBytes) {
    // Binary length-prefixed values (journal export): the raw bytes go to the format; lines are counted as split2 would.
    const bytesParser = format.openBytes(ctx);
    let last = 0x0a;
    try {
      for await (const chunk of input) {
        for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) stat.lines++;
        if (chunk.length > 0) last = chunk[chunk.length - 1]!;
        if (abandoned) continue;
        const records = stat.records;
        try {
          bytesParser.write(chunk);
        } catch (e) {
          ctx.note(`parser error: ${(e as Error).message}`);
          abandoned = true;
        }
        if (stat.records > records) consecutiveUnparsed = 0;
        if (!abandoned && consecutiveUnparsed >= ABANDON_AFTER) {
          abandoned = true;
          ctx.note(`abandoned after ${ABANDON_AFTER} consecutive unparsed lines near line ${stat.lines}: probably not ${format.id}; the remaining lines were counted, not read`);
        }
      }
    } catch (e) {
      ctx.note(`reading stopped after line ${stat.lines}: ${(e as Error).message}`);
    }
    if (last !== 0x0a) stat.lines++;
    try {
      if (!abandoned) bytesParser.end();
    } catch (e) {
      ctx.note(`parser error at end of file: ${(e as Error).message}`);
    }
    if (bytesParser.units) stat.lines = bytesParser.units();
    stitcher.end();
    if (unread !== null) sink.unrecognized!.merge(unread.result());
    return { idle: true, leading: 0, trailing: consecutiveUnparsed, stopped: abandoned, carry: null };
  }

  const parser = format.open(ctx);
  let lineNo = 0;
  let stopped = false;
  /** Unparsed lines before the first line that was not. */
  let leading = 0;
  let parsedOne = false;
  const counted = (before: number): void => {
    if (stat.unparsed === before) {
      consecutiveUnparsed = 0;
      parsedOne = true;
    } else {
      if (!parsedOne) leading++;
      if (consecutiveUnparsed >= ABANDON_AFTER) {
        abandoned = stopped = true;
        ctx.note(`abandoned after ${ABANDON_AFTER} consecutive unparsed lines at line ${lineNo}: probably not ${format.id}; the remaining lines were counted, not read`);
      }
    }
  };
  const feed = (line: string): void => {
    lineNo++;
    stat.lines++;
    if (abandoned) return;
    const before = stat.unparsed;
    try {
      parser.line(line, lineNo);
    } catch (e) {
      ctx.unparsed(lineNo, `parser error: ${(e as Error).message}`, line);
    }
    counted(before);
  };
  const parserLineAt = parser.lineAt?.bind(parser);
  /** feed(text.slice(start, end)), letting the format read the line in place first. */
  const feedAt = (text: string, start: number, end: number): void => {
    lineNo++;
    stat.lines++;
    if (abandoned) return;
    const before = stat.unparsed;
    let line: string | null = null;
    try {
      if (!parserLineAt!(text, start, end, lineNo)) parser.line((line = text.slice(start, end)), lineNo);
    } catch (e) {
      ctx.unparsed(lineNo, `parser error: ${(e as Error).message}`, line ?? text.slice(start, end));
    }
    counted(before);
  };
  const maxLine = sink.maxLine ?? MAX_LINE;
  /** A line past maxLine: counted unparsed with its first characters as evidence, not read. */
  const longLine = (sample: string): void => {
    lineNo++;
    stat.lines++;
    if (!stat.notes.some((n) => n.startsWith('lines longer than'))) ctx.note(`lines longer than ${maxLine} bytes (--max-line-length) are counted unparsed, not read (first at line ${lineNo})`);
    if (abandoned) return;
    const before = stat.unparsed;
    ctx.unparsed(lineNo, `line longer than ${maxLine} bytes`, sample);
    counted(before);
  };
  const cutter = new LineCutter({ line: feed, lineAt: parserLineAt && feedAt, overlong: longLine }, maxLine);
  try {
    for await (const chunk of input) cutter.write(chunk);
    cutter.end();
  } catch (e) {
    stopped = true;
    ctx.note(`reading stopped at line ${lineNo + 1}: ${(e as Error).message}`);
  }
  try {
    parser.end();
  } catch (e) {
    stopped = true;
    ctx.note(`parser error at end of file: ${(e as Error).message}`);
  }
  const idle = stitcher.idle;
  stitcher.end();
  flushMemo();
  settle();
  for (const e of hosts.all()) countVotes(e);
  if (unread !== null) sink.unrecognized!.merge(unread.result());
  return { idle, leading, trailing: consecutiveUnparsed, stopped, carry: parser.carry?.() ?? null };
}

/** Formats whose parts can be joined: line-based, with what one line carries to the next known (carry()). */
const SPLIT_FORMATS = new Set(['journal-short', 'journal-json']);

/**
 * Where the second part of a journal read on two threads starts, as a share of the file. This thread reads less:
 * it takes in the worker's events and parses more slowly (its heap holds every event). On the bench's 1.6 GB
 * journal, alternating runs: cut at 46.5% 4.28-4.40 s, at 44% 4.53-4.71 s, and in parts of shrinking size
 * taken by whichever thread came free (a quarter of what was left, down to 16 MB) 4.80-4.92 s: every part
 * starts cold, and the threads ending together did not make up for it. Where a run strays from the cut's
 * balance (one CPU slower for a while), the thread done first takes the end of the other's part (cutEnd).
 * PODMORTEM_SPLIT_AT: experiments.
 */
const SPLIT_AT = Number(process.env.PODMORTEM_SPLIT_AT) || 0.465;

/** The start of the first record line past `share` of the file, or null when none is found near there. */
export async function cutAt(abs: string, size: number, format: Format, share: number): Promise<number | null> {
  const cut = await recordStart(abs, Math.floor(size * share), format);
  return cut !== null && cut < size ? cut : null;
}

/** The start of the first record line at or past byte `from` of the file, or null when none is found near there. */
async function recordStart(abs: string, from: number, format: Format): Promise<number | null> {
  const fh = await fsp.open(abs, 'r');
  let text: string;
  try {
    const buf = Buffer.alloc(256 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, from);
    text = buf.subarray(0, bytesRead).toString('latin1');
  } finally {
    await fh.close();
  }
  // A line that opens a record: the plain short form ("Sep 10 08:00:01 "), never a continuation; a
  // one-line JSON object, never a member of a json-pretty one.
  const RECORD = format.id === 'journal-json' ? /\n\{"/g : /\n(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d[. ]/g;
  const m = RECORD.exec(text);
  return m ? from + m.index + 1 : null;
}

/** What one part of a file read apart holds: plain data, so a worker can send it. */
export interface Part {
  events: PmEvent[];
  stat: InputStat;
  clock: ClockPart;
  tracker: { idents: string[]; first: CoverageTracker['first']; last: CoverageTracker['last'] } | null;
  hostVotes: [string, [string, number][]][];
  hostnames: [string, string][];
  end: ReadEnd;
  unrecognized: Unrecognized | null;
}

export interface PartJob {
  abs: string;
  start: number;
  end: number;
  path: string;
  root: string;
  mtimeUs: number | null;
  format: string;
  maxLine?: number;
  /** Shared with a thread that may take the end of the range (see SharedReach, stealEnd). */
  reach?: SharedArrayBuffer;
  /** Tally what no component read (IngestOptions.unrecognized). */
  unrecognized?: boolean;
}

/**
 * Read bytes [start, end) of a file as a part of it, with a book of its own (in the worker, or here). Its lines
 * are numbered from 1: the lines before it are known once the part before it is read (see shiftPart).
 */
export async function readPart(job: PartJob, send?: (events: PmEvent[]) => void, values = new Interned()): Promise<Part> {
  const clock = new ClockBook({ tz: null, year: null }, (r) => r);
  clock.file(job.path, job.root, job.mtimeUs);
  const sink: ReadSink = { clock, trackers: new Map(), rootJournalHosts: new Map(), rootHostname: new Map(), events: [], seq: 0, maxLine: job.maxLine, values, send, unrecognized: job.unrecognized ? new UnrecognizedBook() : undefined };
  const stat = newStat(job.path, job.root);
  const format = FORMATS.find((f) => f.id === job.format)!;
  const end = await readFile({ path: job.path, root: job.root }, fileChunks(job.abs, job.start, job.end, undefined, job.reach && new SharedReach(job.reach)), format, stat, sink);
  const t = sink.trackers.get(job.path)?.tracker;
  return {
    events: sink.events,
    stat,
    clock: clock.part(job.path),
    tracker: t ? { idents: [...t.idents], first: t.first, last: t.last } : null,
    hostVotes: [...sink.rootJournalHosts].map(([root, votes]) => [root, [...votes]]),
    hostnames: [...sink.rootHostname],
    end,
    unrecognized: sink.unrecognized?.result() ?? null,
  };
}

/**
 * Whether two parts read apart join into what reading them in one go would have given: nothing carried over
 * the cut (an open klog block, a run of unparsed lines, a year rollover, an open json-pretty object), neither
 * stopped early, and the second part's identifiers within the coverage tracker's 256.
 */
function joinable(format: Format, first: Part, last: Part): boolean {
  const c1 = first.end.carry;
  const c2 = last.end.carry;
  // journal short: no year rollover to carry over; json: no json-pretty object left open.
  const carried = format.id === 'journal-short' ? c1 != null && c2 != null && sameYearShift(c1 as ShortCarry, c2 as ShortCarry) : c1 != null && !(c1 as { open: boolean }).open;
  return !first.end.stopped && !last.end.stopped && first.end.idle && first.end.trailing + last.end.leading < ABANDON_AFTER && carried && (last.tracker?.idents.length ?? 0) < 256;
}

/** Where a note names the first line of something it reports once per file ("… (first at line 12)"). */
const FIRST_AT_LINE = / \((first|starting) at line (\d+)\)$/;

/**
 * Number a part's lines as in the whole file: `by` lines come before it. Line numbers sit in its events, its
 * unparsed samples, the clock evidence it cites (`path:line …`) and notes that name a first line.
 */
function shiftPart(part: Part, by: number, path: string): void {
  for (const e of part.events) {
    // A new reference: events read from one record may share theirs.
    e.source = { path: e.source.path, line: e.source.line + by };
    if (e.endLine !== undefined) e.endLine += by;
  }
  for (const u of part.stat.unparsedSamples) u.line += by;
  part.stat.notes = part.stat.notes.map((n) => n.replace(FIRST_AT_LINE, (_, what: string, line: string) => ` (${what} at line ${Number(line) + by})`));
  const cited = (basis: string): string => {
    const line = basis.startsWith(`${path}:`) ? /^\d+/.exec(basis.slice(path.length + 1)) : null;
    return line === null ? basis : `${path}:${Number(line[0]) + by}${basis.slice(path.length + 1 + line[0].length)}`;
  };
  for (const votes of [part.clock.offsetVotes, part.clock.yearVotes]) for (const [, t] of votes) t.basis = cited(t.basis);
  if (part.clock.logrusExample !== null) part.clock.logrusExample = cited(part.clock.logrusExample);
  for (const r of part.unrecognized?.templates ?? []) r.line += by;
}

/** A cut found or not, as the cuts of InParts. */
const cutsAt = (cut: number | null): number[] => (cut === null ? [] : [cut]);

/** A journal read in parts: where it is cut (none: whole). */
interface InParts {
  file: SourceFile & { abs: string; size: number };
  stat: InputStat;
  format: Format;
  cuts: number[];
}

/**
 * Read journals in parts on two threads: this thread and a worker each take the next part not taken (a counter
 * both share) as they come free: a big journal's two parts (see SPLIT_AT) and the journals put off (see
 * APART_MIN), the bigger ones cut in two. The parts are joined in file order, whichever thread read them; a
 * file whose parts do not join (see joinable) or that the worker could not finish is read again here, whole.
 * With `two` false (PODMORTEM_THREADS=1, one CPU, too little journal: see SPLIT_MIN) this thread reads every part
 * itself, in the same order; the report does not depend on who read what.
 */
async function readInParts(files: InParts[], sink: ReadSink, progress: ((n: number) => void) | undefined, two: boolean, stats: IngestStats): Promise<void> {
  if (files.length === 0) return;
  const jobs: PartJob[] = [];
  /** The jobs of each file, by index in `jobs`. */
  const ofFile: number[][] = [];
  for (const { file, format, cuts } of files) {
    const whole: PartJob = { abs: file.abs, start: 0, end: file.size, path: file.path, root: file.root, mtimeUs: file.mtimeUs, format: format.id, maxLine: sink.maxLine, unrecognized: sink.unrecognized !== undefined };
    const bounds = [0, ...cuts, file.size];
    ofFile.push(cuts.length === 0 ? [jobs.push(whole) - 1] : bounds.slice(1).map((end, k) => jobs.push({ ...whole, start: bounds[k]!, end }) - 1));
  }
  const next = new Int32Array(new SharedArrayBuffer(4));
  // This thread takes the first part before the worker hears of any.
  let i = Atomics.add(next, 0, 1);
  const withWorker = two && jobs.length >= 2;
  // Each part's reach, shared with the other thread, which may take the end of it (cutEnd).
  const reaches = jobs.map((job) => (withWorker && SPLIT_FORMATS.has(job.format) ? SharedReach.make(job.start, job.end) : null));
  jobs.forEach((job, k) => (job.reach = reaches[k]?.buffer));
  const fromWorker = withWorker ? partsInWorker(jobs, next, sink.values, ofFile, stats) : null;
  const parts: (Part | null)[] = jobs.map(() => null);
  // The jobs to share out: pieces the worker cuts from this thread's parts join `jobs` as its messages come in.
  const count = jobs.length;
  // PODMORTEM_MAIN_PARTS (tests): this thread takes at most so many parts and leaves the rest to the worker, which
  // on small test files would otherwise still be loading when this thread had read them all.
  const mine = (withWorker && Number(process.env.PODMORTEM_MAIN_PARTS)) || Infinity;
  for (let taken = 1; i < count; i = Atomics.add(next, 0, 1), taken++) {
    parts[i] = await readPart(jobs[i]!, undefined, sink.values);
    stats.partsRead.main++;
    // Let the worker's messages in between parts: its events are taken in as they come.
    await new Promise((resolve) => setImmediate(resolve));
    if (taken >= mine) break;
  }
  if (fromWorker !== null) {
    const piece = await stealEnd(jobs, reaches, ofFile);
    if (piece !== null) {
      stats.steals++;
      parts[piece] = await readPart(jobs[piece]!, undefined, sink.values);
      stats.partsRead.main++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await warmWhileWaiting(parts, fromWorker.finished, stats);
    // The worker's heap goes before the parts are joined: the peak is both threads at once, not one after.
    const theirs = await fromWorker.parts.finally(() => fromWorker.close());
    for (const [i, part] of theirs) parts[i] = part;
  }
  for (let f = 0; f < files.length; f++) {
    const { file, stat, format } = files[f]!;
    const got = ofFile[f]!.map((i) => parts[i] ?? null);
    for (const i of ofFile[f]!) parts[i] = null;
    if (got.every((p, k) => p !== null && (k === 0 || joinable(format, got[k - 1]!, p)))) {
      for (let k = 1, lines = got[0]!.stat.lines; k < got.length; lines += got[k]!.stat.lines, k++) shiftPart(got[k]!, lines, file.path);
      for (const part of got) joinPart(file, part!, stat, sink);
      if (got.length > 1) stats.partsJoined += got.length;
    } else {
      stats.rereadWhole++;
      joinPart(file, await readPart({ ...jobs[ofFile[f]![0]!]!, start: 0, end: file.size, reach: undefined }, undefined, sink.values), stat, sink);
    }
    progress?.(file.size);
  }
}

/**
 * A part is cut short and its end read by the other thread when that thread is done and the part has this many
 * bytes left (PODMORTEM_STEAL_MIN, bytes: tests). A part read after another starts slow (~80 ms at half speed: its
 * read loop is compiled again), so a steal pays only when the threads would otherwise end far apart: on this
 * 2-CPU machine in a slow spell, the threads of a 1.6 GB journal ended 0.4-0.8 s apart with the fixed cut.
 */
const STEAL_MIN = 48 * 1024 * 1024;
/**
 * The share of what is left of the other thread's part that a thread takes: this one also unpacks the worker's
 * events, so it takes less of the worker's part than the worker takes of its.
 */
export const STEAL_SHARE = { main: 0.45, worker: 0.55 };

/**
 * Cut the end off the part with the most left to read, when that is STEAL_MIN or more and not this thread's own:
 * its reader stops at a record start past what it has claimed, and the bytes from there to its limit are a new job
 * (joined after the part it was cut from). Null when there is nothing worth taking, or the reader claimed past the
 * cut while it was looked for.
 */
export async function cutEnd(jobs: readonly PartJob[], reaches: readonly (SharedReach | null)[], share: number): Promise<{ from: number; job: PartJob } | null> {
  let from = -1;
  let left = 0;
  for (let k = 0; k < reaches.length; k++) {
    const r = reaches[k]?.get();
    if (r && r.limit - r.reach > left) [from, left] = [k, r.limit - r.reach];
  }
  if (from === -1 || left < (Number(process.env.PODMORTEM_STEAL_MIN) || STEAL_MIN)) return null;
  const job = jobs[from]!;
  const { reach, limit } = reaches[from]!.get();
  const cut = await recordStart(job.abs, reach + Math.floor((limit - reach) * (1 - share)), FORMATS.find((f) => f.id === job.format)!);
  if (cut === null || cut >= limit || !reaches[from]!.cutAt(cut)) return null;
  return { from, job: { ...job, start: cut, end: limit, reach: undefined } };
}

/** Add a job cut from job `from` to the run: its index, placed after `from` in its file's order. */
function addPiece(jobs: PartJob[], ofFile: number[][], from: number, job: PartJob): number {
  const piece = jobs.push(job) - 1;
  for (const list of ofFile) {
    const k = list.indexOf(from);
    if (k !== -1) list.splice(k + 1, 0, piece);
  }
  return piece;
}

/** This thread's steal from the worker (see cutEnd): the index of the new job, or null. */
export async function stealEnd(jobs: PartJob[], reaches: (SharedReach | null)[], ofFile: number[][]): Promise<number | null> {
  const taken = await cutEnd(jobs, reaches, STEAL_SHARE.main);
  return taken === null ? null : addPiece(jobs, ofFile, taken.from, taken.job);
}

/**
 * Look at each event this thread read while the worker is still reading, until it is done. Joining, clock and
 * timeline look at every event; the first look at one read seconds before took ~3 µs (its memory long out of the
 * caches: 34,000 events ~100 ms on the bench's 1.6 GB journal), on the one thread every run waits for. Made here,
 * that look costs nothing when this thread would only have waited, and no more than it would later when not.
 */
async function warmWhileWaiting(parts: readonly (Part | null)[], finished: () => boolean, stats: IngestStats): Promise<void> {
  let sum = 0;
  let looked = 0;
  for (const part of parts) {
    const events = part?.events ?? [];
    for (let i = 0; i < events.length && !finished(); ) {
      for (const end = Math.min(events.length, i + 2048); i < end; i++) {
        const e = events[i]!;
        sum += e.source.line + e.ids.length + e.prefixes.length + e.text.length + (e.stamp?.second ?? 0);
        looked++;
      }
      // Let the worker's messages in: its last one ends this.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  stats.eventsWarmed += looked;
  stats.warmSum += sum;
}

/**
 * The worker's share of readInParts: the parts it read by index, once it has taken the last one (or failed: the
 * parts it took and did not finish are missing from the map); `finished` says whether that has come.
 */
function partsInWorker(jobs: PartJob[], next: Int32Array, values: Interned, ofFile: number[][], stats: IngestStats): { parts: Promise<Map<number, Part>>; finished: () => boolean; close: () => Promise<number> } {
  const worker = partWorker();
  stats.workers++;
  const done = new Map<number, Part>();
  const batches = new Map<number, PmEvent[][]>();
  /** The jobs the worker cut from this thread's parts, by the worker's own (negative) numbers. */
  const pieces = new Map<number, number>();
  let finished = false;
  const parts = new Promise<Map<number, Part>>((resolve) => {
    worker.on('message', (m: { index: number; events: PackedEvents; part?: Part } | { done: true } | { piece: number; from: number; job: PartJob }) => {
      if ('done' in m) return resolve(done);
      if ('piece' in m) {
        stats.steals++;
        return void pieces.set(m.piece, addPiece(jobs, ofFile, m.from, m.job));
      }
      const index = m.index < 0 ? pieces.get(m.index)! : m.index;
      const job = jobs[index]!;
      let mine = batches.get(index);
      if (!mine) batches.set(index, (mine = []));
      mine.push(unpack(m.events, job.path, job.root, values));
      if (m.part !== undefined) {
        m.part.events = mine.flat();
        batches.delete(index);
        done.set(index, m.part);
        stats.partsRead.worker++;
      }
    });
    worker.once('error', () => resolve(done));
    worker.once('exit', () => resolve(done));
  });
  void parts.then(() => (finished = true));
  worker.postMessage({ jobs, next: next.buffer });
  return { parts, finished: () => finished, close: () => worker.terminate() };
}

/** Add a part (in file order) to the run, as readFile would have. */
function joinPart(file: SourceFile, part: Part, stat: InputStat, sink: ReadSink): void {
  const p = part.stat;
  stat.lines += p.lines;
  stat.records += p.records;
  stat.events += p.events;
  stat.skipped += p.skipped;
  stat.unparsed += p.unparsed;
  for (const [reason, n] of Object.entries(p.unparsedReasons)) stat.unparsedReasons[reason] = (stat.unparsedReasons[reason] ?? 0) + n;
  for (const u of p.unparsedSamples) if (stat.unparsedSamples.length < 5) stat.unparsedSamples.push(u);
  for (const n of p.notes) {
    // Reported once per file, at its first line: the part before already did when it holds the same note.
    const once = FIRST_AT_LINE.exec(n);
    if (once !== null && stat.notes.some((s) => s.startsWith(n.slice(0, once.index)))) continue;
    if (!stat.notes.includes(n)) stat.notes.push(n);
  }
  // Only the references are copied: the events themselves were made seconds ago and are long out of the caches
  // (each first look cost ~1 µs: 30-100 ms for a 1.6 GB journal's). Their seq is set by ingest's last pass.
  const events = part.events;
  const room = sink.maxEvents === undefined ? events.length : Math.max(0, Math.min(events.length, sink.maxEvents - sink.events.length));
  for (let i = 0; i < room; i++) sink.events.push(events[i]!);
  sink.seq += room;
  if (room < events.length) roomForEvent(sink, stat, events[room]!.source.line);
  events.length = 0;
  sink.clock.join(file.path, part.clock);
  if (part.tracker) {
    let t = sink.trackers.get(file.path);
    if (!t) sink.trackers.set(file.path, (t = { root: file.root, tracker: new CoverageTracker() }));
    for (const i of part.tracker.idents) if (t.tracker.idents.size < 256) t.tracker.idents.add(i);
    t.tracker.first ??= part.tracker.first;
    if (part.tracker.last) t.tracker.last = part.tracker.last;
  }
  for (const [root, votes] of part.hostVotes) {
    const have = sink.rootJournalHosts.get(root) ?? new Map<string, number>();
    for (const [host, n] of votes) if (have.size < HOST_NAMES || have.has(host)) have.set(host, (have.get(host) ?? 0) + n);
    sink.rootJournalHosts.set(root, have);
  }
  for (const [root, name] of part.hostnames) sink.rootHostname.set(root, name);
  if (part.unrecognized !== null) sink.unrecognized?.merge(part.unrecognized);
}

/** Read all inputs into one list of events with resolved times and hosts. */
export async function ingest(inputs: string[], opts: IngestOptions): Promise<Ingested> {
  const skippedFiles: Skipped[] = [];
  const ingestStats = newIngestStats();
  const stats: InputStat[] = [];
  const events: PmEvent[] = [];
  const rootHostname = new Map<string, string>();
  const rootJournalHosts = new Map<string, Map<string, number>>();
  const hostOfRoot = (root: string): string => {
    if (opts.host) return opts.host;
    const named = rootHostname.get(root);
    if (named) return named;
    const votes = rootJournalHosts.get(root);
    if (votes && votes.size > 0) return [...votes].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))[0]![0];
    return root.split('/').pop()!.replace(/^sosreport-/, '').replace(/\.(tar\.(gz|xz|zst|bz2)|tgz|txz|tzst|tar|zip|gz|xz|zst)$/, '');
  };
  const clock = new ClockBook(opts, hostOfRoot);
  const trackers = new Map<string, { root: string; tracker: CoverageTracker }>();
  const sink: ReadSink = { clock, trackers, rootJournalHosts, rootHostname, events, seq: 0, maxEvents: opts.bundle?.limits?.events ?? MAX_EVENTS, maxLine: opts.bundle?.limits?.lineBytes ?? MAX_LINE, values: new Interned(), unrecognized: opts.unrecognized ? new UnrecognizedBook() : undefined, cuts: [] };
  /** Journals put off until every other file is read (see APART_MIN). */
  const apart: InParts[] = [];
  const unreadMembers = new UnreadMembers();
  /** A file nothing reads: no clock entry; an archive member past UNREAD_LISTED is counted on its archive, not listed. */
  const unreadFile = (file: SourceFile, stat: InputStat): void => {
    clock.forget(file.path);
    if (file.archive === undefined) return;
    const key = reasonKey(stat.why);
    ingestStats.membersSkipped[key] = (ingestStats.membersSkipped[key] ?? 0) + 1;
    // Its entry is the last one in: this file's.
    if (!unreadMembers.list(file.archive, stat.why)) stats.pop();
  };

  for await (const file of discover(inputs, skippedFiles, opts.bundle)) {
    const stat = newStat(file.path, file.root);
    stats.push(stat);
    clock.file(file.path, file.root, file.mtimeUs);
    // The same array: caps reached and truncation found while the file is read land in the report too.
    stat.notes = file.notes;
    // A file on disk as it is is read from disk (peeked, then read into one reused buffer: see fileChunks);
    // anything else (archive members, decompressed bytes, stdin) as the stream discovery hands over.
    const onDisk = file.abs && file.size !== null ? file.abs : null;
    let opened: { bytes: Buffer; stream: Readable | null; more: boolean };
    try {
      if (file.bytes !== undefined) opened = { bytes: file.bytes.subarray(0, HEAD_BYTES), stream: null, more: file.bytes.length > HEAD_BYTES };
      else opened = onDisk !== null ? await peekFile(onDisk, file.size!) : await peek(file.open());
    } catch (e) {
      stat.why = `not readable: ${(e as Error).message}`;
      continue;
    }
    const { bytes, stream } = opened;
    const drop = (): void => {
      if (stream && !file.drain) stream.destroy();
    };
    const head = headFromBytes(bytes, file.path, opened.more);
    const link = linkPlaceholder(head.lines, file);
    if (link) {
      stat.why = `placeholder for the sos link to ${link}`;
      drop();
      unreadFile(file, stat);
      continue;
    }
    const picked = sniff(head, bytes);
    stat.why = picked.why;
    if (!picked.format) {
      drop();
      unreadFile(file, stat);
      continue;
    }
    stat.format = picked.format.id;
    const journal = onDisk !== null && SPLIT_FORMATS.has(picked.format.id);
    if (journal && twoThreads() && file.size! >= splitMin()) {
      drop();
      const whole = file as SourceFile & { abs: string; size: number };
      const progress = opts.bundle?.progress;
      await readInParts([{ file: whole, stat, format: picked.format, cuts: cutsAt(await cutAt(whole.abs, whole.size, picked.format, SPLIT_AT)) }], sink, progress ? (n) => progress.bytes(n) : undefined, true, ingestStats);
      continue;
    }
    // Put off on one thread as on two: which events a run keeps under --max-events does not depend on the CPUs.
    if (journal && file.size! >= apartMin()) {
      drop();
      apart.push({ file: file as SourceFile & { abs: string; size: number }, stat, format: picked.format, cuts: [] });
      continue;
    }
    const progress = opts.bundle?.progress;
    if (file.bytes !== undefined) {
      // Read already, whole: the buffer is the next small file's too, so a binary format (which may keep its chunks) gets a copy.
      if (onDisk !== null) {
        ingestStats.smallFilesBatched++;
        progress?.bytes(file.bytes.length);
      } else ingestStats.smallMembers++;
      await readFile(file, [picked.format.openBytes ? Buffer.from(file.bytes) : file.bytes], picked.format, stat, sink);
      continue;
    }
    if (stream === null) {
      // Binary formats may keep the chunks they are given: those get a stream of fresh buffers.
      const input = picked.format.seeks ? noBytes() : picked.format.openBytes ? file.open() : fileChunks(onDisk!, 0, Infinity, progress ? (n) => progress.bytes(n) : undefined);
      await readFile(file, input, picked.format, stat, sink);
      // A file read by position passed no bytes through a stream: its progress is its size.
      if (picked.format.seeks) progress?.bytes(file.size!);
      continue;
    }
    await readFile(file, stream, picked.format, stat, sink);
  }
  const progress = opts.bundle?.progress;
  // Enough of them for two threads: read in parts; else each in one go here (see SPLIT_MIN).
  const two = twoThreads() && apart.reduce((n, a) => n + a.file.size, 0) >= splitMin();
  // Each cut in two from twice APART_MIN: the threads take the next part as they come free.
  if (two) for (const a of apart) if (a.file.size >= 2 * apartMin()) a.cuts = cutsAt(await cutAt(a.file.abs, a.file.size, a.format, 0.5));
  await readInParts(apart, sink, progress ? (n) => progress.bytes(n) : undefined, two, ingestStats);
  for (const s of skippedFiles) {
    const note = unreadMembers.note(s.path);
    if (note !== null) s.notes?.push(note);
  }
  for (const s of skippedFiles) stats.push({ ...newStat(s.path, s.root ?? s.path), why: s.reason, notes: s.notes ?? [] });

  clock.resolve();
  // Every file is read: a root's host is settled, and looked up once (votes are sorted to find it).
  const hostOf = new Map<string, string>();
  for (let k = 0; k < events.length; k++) {
    const e = events[k]!;
    // Ingest order: the event's place in the run's list (what sink.seq gave it when it came; joinPart leaves it).
    e.seq = k;
    e.time = clock.instant(e.stamp, e.absUs, e.domain, e.clockKey);
    // Whole-second envelope, finer daemon stamp within the same second: keep the finer one.
    if (e.time !== null && e.fineUs != null && Math.abs(e.fineUs - e.time) < 1_000_000) e.time = e.fineUs;
    let host = hostOf.get(e.host!);
    if (host === undefined) hostOf.set(e.host!, (host = hostOfRoot(e.host!)));
    e.host = host;
  }
  for (const s of stats) s.host = s.format ? hostOfRoot(s.root) : null;
  const hosts = new Map<string, string>();
  for (const s of stats) hosts.set(s.root, hostOfRoot(s.root));
  stats.sort((a, b) => compareText(a.path, b.path));
  const coverage: Coverage[] = [...trackers].map(([path, { root, tracker }]) => ({
    host: hostOfRoot(root),
    path,
    idents: [...tracker.idents].sort(),
    from: tracker.first ? clock.instant(tracker.first.stamp, tracker.first.absUs, 'journal', path) : null,
    to: tracker.last ? clock.instant(tracker.last.stamp, tracker.last.absUs, 'journal', path) : null,
  }));
  const assumptions = [...clock.assumptions, ...markCuts(coverage, sink.cuts!)];
  return { events, inputs: stats, assumptions, hosts, coverage, unrecognized: sink.unrecognized?.result() ?? null, stats: ingestStats };
}

/** sos replaces some files by links ("hostname" → sos_commands/host/hostname); copies may keep the target as text. */
function linkPlaceholder(lines: string[], file: SourceFile): string | null {
  if (lines.length !== 1) return null;
  const target = lines[0]!.trim();
  if (!/^[\w.-]+(\/[\w.-]+)+$/.test(target) || target.includes('..')) return null;
  return file.exists(target) ? target : null;
}

/** The input of a format that reads the file on disk itself (journal files). */
async function* noBytes(): AsyncGenerator<Buffer> {}

/** The first bytes of a file on disk, for sniffing. */
async function peekFile(abs: string, size: number): Promise<{ bytes: Buffer; stream: null; more: boolean }> {
  const fh = await fsp.open(abs, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size, HEAD_BYTES));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return { bytes: buf.subarray(0, bytesRead), stream: null, more: size > HEAD_BYTES };
  } finally {
    await fh.close();
  }
}

/** Read the first bytes of a stream for sniffing, and give back a stream that replays them. */
async function peek(source: Readable): Promise<{ bytes: Buffer; stream: Readable; more: boolean }> {
  const chunks: Buffer[] = [];
  let total = 0;
  const it = source[Symbol.asyncIterator]();
  let done = false;
  while (total < HEAD_BYTES) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const c = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value as string);
    chunks.push(c);
    total += c.length;
  }
  const head = Buffer.concat(chunks);
  const stream = Readable.from(
    (async function* () {
      yield head;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value as Buffer;
      }
    })(),
    { objectMode: false },
  );
  return { bytes: head.subarray(0, HEAD_BYTES), stream, more: !done || head.length > HEAD_BYTES };
}
