// One file's share of the run's ledger while it is read: its counts, the clock's stamps, its coverage, the host
// votes of its journal records and its events. Built records come through record(); records nothing reads are
// counted through countShort()/countJson() from their positions, to the same effect (the gate fuzz holds them
// to it), with the bookkeeping that both clock and coverage keep only the last stamp put off until it matters.

import { excerpt, type InputStat } from '../diagnostics/counters.js';
import type { LogRecord } from '../events/types.js';
import type { EventDraft, MetaFact, QuietJsonRecord, QuietRecord } from '../formats/types.js';
import { wallStamp } from '../time/stamp.js';
import { IDENTS_PER_FILE, type CoverageTracker } from '../timeline/coverage.js';
import { setWall } from './daemon-clock.js';
import { ownedEvent } from './event-sink.js';
import { roomForEvent, trackerOf, voteHost, type FileRef, type RunBook } from './run-book.js';
import { SliceCache, type Entry } from './slice-cache.js';
import { EVENT_BATCH } from './tuning.js';

/** What the count-only path keeps per identifier of a file. */
export interface IdentData {
  /** The gate's flags for it (components/gate.ts identFlags). */
  flags: number;
  /** Already among the file's coverage identifiers. */
  tracked: boolean;
  /** The followed daemon it names, when the run tallies unread lines (else null). */
  daemon: string | null;
}

type HostVotes = Entry<{ votes: number }>;

export class FileBook {
  /**
   * The count-only records' last stamp, not yet given to the clock and the coverage tracker: both keep only flags
   * that every year-less stamp sets and the last stamp, so the last one is enough, given before anything else.
   */
  private readonly pending = { active: false, month: 0, day: 0, hour: 0, minute: 0, second: 0, micro: 0, yearShift: 0 };
  /** The last count-only JSON record's instant, not yet given to the coverage tracker (see pending). */
  private pendingAbs: number | null = null;
  /** Host votes of count-only records, counted on the cache entry and added to the run's in one go. */
  private readonly hosts = new SliceCache<{ votes: number }>(
    () => ({ votes: 0 }),
    (e) => this.countVotes(e),
  );
  private coverage: CoverageTracker | null = null;

  constructor(
    readonly file: FileRef,
    readonly stat: InputStat,
    readonly run: RunBook,
  ) {}

  /** A built record: counted, its stamp to the clock and the coverage, its host a vote. */
  record(rec: LogRecord): void {
    this.settle();
    this.stat.records++;
    if (rec.stamp) this.run.clock.stamp(this.file.path, rec.stamp);
    // Every log file says what it covers: journals, plain daemon logs, deploy logs.
    this.tracker().add(rec.ident, rec.stamp, rec.absUs);
    if (rec.domain === 'journal' && rec.host) voteHost(this.run, this.file.root, rec.host, 1);
  }

  /** A draft kept as an event of the run (or counted only, past the run's cap). */
  event(d: EventDraft): void {
    this.settle();
    const { stat, run } = this;
    stat.events++;
    if (!roomForEvent(run, stat, d.source.line)) return;
    if (d.stamp) run.clock.stamp(this.file.path, d.stamp);
    run.events.push(ownedEvent(d, run.values, this.file.path, this.file.root, run.seq++));
    if (run.send !== undefined && run.events.length >= EVENT_BATCH) run.send(run.events.splice(0));
  }

  /** A fact about the bundle the file states (host name, sos cut, capture time). */
  meta(fact: MetaFact, line: number): void {
    const { file, run } = this;
    if (fact.kind === 'hostname') run.rootHostname.set(file.root, fact.value);
    if (fact.kind === 'sos-cut') run.cuts?.push({ root: file.root, file: fact.file, command: fact.command, limitMiB: fact.limitMiB, basis: `${file.path}:${line}` });
    if (fact.kind === 'capture') {
      const priority = /(^|\/)date(_--utc)?$/.test(file.path) ? 0 : 1;
      run.clock.capture(file.root, fact.stamp, file.path, line, fact.text, priority);
      this.event({ kind: 'bundle.captured', stamp: fact.stamp, absUs: null, domain: 'host', ids: [], prefixes: [], attrs: {}, source: { path: file.path, line }, text: fact.text });
    }
    // No capture (no bundle.captured event), but the latest moment the journal shows: it dates a bundle with no
    // `date` and no dump header, and the year of a pasted journal (docker/machine#1714).
    if (fact.kind === 'journal-end') run.clock.capture(file.root, fact.stamp, file.path, line, fact.text, 2);
  }

  unparsed(line: number, reason: string, text: string): void {
    const stat = this.stat;
    stat.unparsed++;
    stat.unparsedReasons[reason] = (stat.unparsedReasons[reason] ?? 0) + 1;
    if (stat.unparsedSamples.length < 5) stat.unparsedSamples.push({ line, reason, excerpt: excerpt(text) });
  }

  note(text: string): void {
    if (!this.stat.notes.includes(text)) this.stat.notes.push(text);
  }

  /** A journal-short record nothing reads, as record() would have counted it. */
  countShort(q: QuietRecord, ident: Entry<IdentData>): void {
    this.stat.records++;
    const tracker = this.tracker();
    this.track(tracker, ident, true);
    if (tracker.first === null) {
      const at = { stamp: wallStamp(q), absUs: null };
      tracker.first = at;
      tracker.last = at;
    }
    this.pending.active = true;
    setWall(this.pending, q);
    (q.bytes !== null ? this.hosts.getAt(q.bytes, q.hostStart, q.hostEnd) : this.hosts.get(q.text, q.hostStart, q.hostEnd)).data.votes++;
  }

  /** A journal JSON record nothing reads (an instant, no wall-clock stamp), as record() would have counted it. */
  countJson(q: QuietJsonRecord, ident: Entry<IdentData>): void {
    this.stat.records++;
    const tracker = this.tracker();
    this.track(tracker, ident, false);
    if (tracker.first === null) tracker.first = tracker.last = { stamp: null, absUs: q.absUs };
    this.pendingAbs = q.absUs;
    if (q.hostStart !== -1 && q.hostEnd > q.hostStart) this.hosts.get(q.text, q.hostStart, q.hostEnd).data.votes++;
  }

  /** Give the clock and the coverage the count-only records' last stamp (before anything that reads them). */
  settle(): void {
    if (this.pendingAbs !== null) {
      this.tracker().last = { stamp: null, absUs: this.pendingAbs };
      this.pendingAbs = null;
    }
    const pending = this.pending;
    if (!pending.active) return;
    pending.active = false;
    const st = wallStamp(pending);
    this.run.clock.stamp(this.file.path, st);
    this.tracker().last = { stamp: st, absUs: null };
  }

  /** The file is read: everything put off goes to the run. */
  close(): void {
    this.settle();
    for (const e of this.hosts.all()) this.countVotes(e);
  }

  /** The file's coverage tracker, made on first use. */
  private tracker(): CoverageTracker {
    return (this.coverage ??= trackerOf(this.run, this.file.path, this.file.root));
  }

  /** CoverageTracker.add's identifier, once per cache entry. journal-short's empty identifier counts (as it did). */
  private track(tracker: CoverageTracker, ident: Entry<IdentData>, emptyToo: boolean): void {
    if (ident.data.tracked) return;
    if ((emptyToo || ident.text !== '') && tracker.idents.size < IDENTS_PER_FILE) tracker.idents.add(ident.text);
    ident.data.tracked = true;
  }

  private countVotes(e: HostVotes): void {
    if (e.data.votes === 0) return;
    voteHost(this.run, this.file.root, e.text, e.data.votes);
    e.data.votes = 0;
  }
}
