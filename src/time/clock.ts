// Per-host clocks: infers zone and year from the bundle's own dated lines, applies overrides, records every assumption.

import type * as DateFnsTz from '@date-fns/tz';
import { lazy } from '../lazy.js';
import type { ClockDomain, LocalStamp } from '../events/types.js';
import { formatOffset, formatUs, parseOffset, stampToUs, wallAsUtcUs } from './stamp.js';
import { compareText } from '../text-order.js';

/** Zone rules, read only for --tz with a zone name. */
const dateFnsTz = lazy<typeof DateFnsTz>('@date-fns/tz');

export interface Assumption {
  host: string;
  what: string;
  value: string;
  basis: string;
}

export interface ClockOverrides {
  /** IANA zone ("Asia/Shanghai") or fixed offset ("+08:00"). */
  tz: string | null;
  year: number | null;
}

interface Vote {
  value: number;
  basis: string;
}

/** Where a piece of clock evidence was read; a function when the text is only worth building if it is kept. */
export type Basis = string | (() => string);

function text(basis: Basis): string {
  return typeof basis === 'string' ? basis : basis();
}

/** Votes for one value: how many, and where the first one was read (the only one a report names). */
export interface Tally {
  count: number;
  basis: string;
}

/** One file's clock evidence as plain data (see ClockBook.part). */
export interface ClockPart {
  needsYear: boolean;
  needsOffset: boolean;
  maxShift: number;
  lastStamp: LocalStamp | null;
  offsetVotes: [number, Tally][];
  yearVotes: [number, Tally][];
  logrusOffsets: [number, number][];
  logrusExample: string | null;
}

/** A whole book's evidence as plain data (see ClockBook.snapshot). */
export interface ClockSnapshot {
  files: (Omit<FileClock, 'offsetVotes' | 'yearVotes'> & { offsetVotes: [number, Tally][]; yearVotes: [number, Tally][] })[];
  roots: [string, Omit<RootClock, 'logrusOffsets'> & { logrusOffsets: [number, number][] }][];
}

/** Votes counted per value (bounded by the distinct values, not the lines that cast them). */
type Votes = Map<number, Tally>;

function cast(votes: Votes, value: number, basis: Basis): Tally {
  let t = votes.get(value);
  if (t) t.count++;
  else votes.set(value, (t = { count: 1, basis: text(basis) }));
  return t;
}

/**
 * What one hint() counted: the votes it added to (none when no year put the two clocks within 36 hours), and
 * whether the same two clock readings with any other fraction of their seconds would have counted the same.
 */
export interface Counted {
  offset: Tally | null;
  year: Tally | null;
  wholeSecond: boolean;
}

interface FileClock {
  root: string;
  path: string;
  offsetVotes: Votes;
  yearVotes: Votes;
  lastStamp: LocalStamp | null;
  mtimeUs: number | null;
  needsYear: boolean;
  needsOffset: boolean;
  /** Most December→January rollovers seen in the file's year-less stamps. */
  maxShift: number;
  offset?: number;
  year0?: number;
}

interface RootClock {
  logrusOffsets: Map<number, number>;
  logrusExample: string | null;
  captures: { stamp: LocalStamp; path: string; line: number; text: string; priority: number }[];
  offset?: number;
  captureUs?: number | null;
  maxMtimeUs: number | null;
}

const QUARTER_HOUR_US = 15 * 60 * 1_000_000;
/** The daemon's year, then the one before and after (a journal's wall clock near New Year). */
const YEAR_TRIES = [0, -1, 1];

/**
 * The year (of the daemon's year and the ones around it) that puts the journal's wall clock within 36 hours
 * of the daemon's instant, and the zone offset that makes up the difference; `moveUs` shifts the difference.
 */
function readHint(wall: LocalStamp, daemonYear: number, instant: number, moveUs: number): { year: number | null; offset: number } {
  for (let i = 0; i < 3; i++) {
    const y = daemonYear + YEAR_TRIES[i]!;
    const diff = wallAsUtcUs(wall, y) - instant + moveUs;
    if (Math.abs(diff) > 36 * 3600 * 1_000_000) continue;
    return { year: y, offset: Math.round(diff / QUARTER_HOUR_US) * 15 };
  }
  return { year: null, offset: 0 };
}

/** The value with most votes (the smallest on a tie), with its first basis. */
function mode(votes: Votes): Vote & { count: number } {
  let best: { value: number; tally: Tally } | null = null;
  for (const [value, tally] of [...votes].sort((a, b) => a[0] - b[0])) if (!best || tally.count > best.tally.count) best = { value, tally };
  return { value: best!.value, basis: best!.tally.basis, count: best!.tally.count };
}

/** Collects clock evidence while files stream, then turns stamps into UTC instants. */
export class ClockBook {
  private readonly files = new Map<string, FileClock>();
  private readonly roots = new Map<string, RootClock>();
  private fixedTz: number | null = null;
  readonly assumptions: Assumption[] = [];

  constructor(private readonly overrides: ClockOverrides, private readonly hostOf: (root: string) => string) {
    if (overrides.tz) this.fixedTz = parseOffset(overrides.tz);
  }

  private root(root: string): RootClock {
    let r = this.roots.get(root);
    if (!r) {
      r = { logrusOffsets: new Map(), logrusExample: null, captures: [], maxMtimeUs: null };
      this.roots.set(root, r);
    }
    return r;
  }

  /** Register a file: its root and mtime (the weakest dating source). */
  file(path: string, root: string, mtimeUs: number | null): void {
    this.files.set(path, { root, path, offsetVotes: new Map(), yearVotes: new Map(), lastStamp: null, mtimeUs, needsYear: false, needsOffset: false, maxShift: 0 });
    const r = this.root(root);
    if (mtimeUs !== null && (r.maxMtimeUs === null || mtimeUs > r.maxMtimeUs)) r.maxMtimeUs = mtimeUs;
  }

  /** A file nothing read: its entry goes (its modification time stays in its root's: see file()). */
  forget(path: string): void {
    this.files.delete(path);
  }

  /** A stamp seen in a file: remembers what it lacks and the last one (for capture anchoring). */
  stamp(path: string, stamp: LocalStamp): void {
    const f = this.files.get(path);
    if (!f) return;
    if (stamp.year === null) {
      f.needsYear = true;
      if (stamp.yearShift > f.maxShift) f.maxShift = stamp.yearShift;
    }
    if (stamp.offsetMin === null) f.needsOffset = true;
    f.lastStamp = stamp;
  }

  /** A daemon's own RFC 3339 time (logrus time=…+08:00): the host's zone; `lines` lines say the same. */
  daemonOffset(root: string, offsetMin: number, example: Basis, lines = 1): void {
    const r = this.root(root);
    r.logrusOffsets.set(offsetMin, (r.logrusOffsets.get(offsetMin) ?? 0) + lines);
    r.logrusExample ??= text(example);
  }

  /** A line with both the journal's wall clock and the daemon's instant: fixes the file's zone and year. */
  hint(path: string, wall: LocalStamp, daemon: LocalStamp, where: Basis): Counted {
    const f = this.files.get(path);
    if (!f || daemon.year === null || daemon.offsetMin === null) return { offset: null, year: null, wholeSecond: false };
    const instant = stampToUs(daemon, daemon.year, daemon.offsetMin);
    const read = readHint(wall, daemon.year, instant, 0);
    // The fractions move the difference by less than a second either way: the same reading at both ends
    // is the same reading for every fraction (the year window is 72 hours wide, the rounding monotonic).
    const slack = wall.micro - daemon.micro;
    const low = readHint(wall, daemon.year, instant, -slack - 999_999);
    const high = readHint(wall, daemon.year, instant, -slack + 999_999);
    const wholeSecond = low.year === read.year && high.year === read.year && low.offset === read.offset && high.offset === read.offset;
    if (read.year === null) return { offset: null, year: null, wholeSecond };
    return {
      offset: wall.offsetMin === null ? cast(f.offsetVotes, read.offset, where) : null,
      year: wall.year === null ? cast(f.yearVotes, read.year - wall.yearShift, where) : null,
      wholeSecond,
    };
  }

  /** Count again what a hint() counted: `lines` lines whose clocks read the same (see Counted.wholeSecond). */
  again(c: Counted, lines = 1): void {
    if (c.offset !== null) c.offset.count += lines;
    if (c.year !== null) c.year.count += lines;
  }

  /** A capture moment (sos `date`, iptables-save header); priority: lower wins. */
  capture(root: string, stamp: LocalStamp, path: string, line: number, text: string, priority: number): void {
    this.root(root).captures.push({ stamp, path, line, text, priority });
  }

  private zoneOffsetAt(stamp: LocalStamp, year: number): number | null {
    const tz = this.overrides.tz;
    if (!tz) return null;
    if (this.fixedTz !== null) return this.fixedTz;
    const d = new (dateFnsTz().TZDate)(year, stamp.month - 1, stamp.day, stamp.hour, stamp.minute, stamp.second, tz);
    return -d.getTimezoneOffset();
  }

  /** A file's evidence as plain data (with its root's daemon offsets): a part of the file read in another book. */
  part(path: string): ClockPart {
    const f = this.files.get(path)!;
    const r = this.root(f.root);
    return { needsYear: f.needsYear, needsOffset: f.needsOffset, maxShift: f.maxShift, lastStamp: f.lastStamp, offsetVotes: [...f.offsetVotes], yearVotes: [...f.yearVotes], logrusOffsets: [...r.logrusOffsets], logrusExample: r.logrusExample };
  }

  /** Every file's and root's evidence as plain data: a run's inputs read in another book (a worker's). */
  snapshot(): ClockSnapshot {
    return {
      files: [...this.files.values()].map((f) => ({ ...f, offsetVotes: [...f.offsetVotes], yearVotes: [...f.yearVotes] })),
      roots: [...this.roots].map(([key, r]) => [key, { ...r, logrusOffsets: [...r.logrusOffsets] }]),
    };
  }

  /** Take in a snapshot of inputs read in another book, as if they had been read here after the ones before. */
  absorb(s: ClockSnapshot): void {
    for (const f of s.files) this.files.set(f.path, { ...f, offsetVotes: new Map(f.offsetVotes), yearVotes: new Map(f.yearVotes) });
    for (const [key, from] of s.roots) {
      const r = this.root(key);
      for (const [offset, n] of from.logrusOffsets) r.logrusOffsets.set(offset, (r.logrusOffsets.get(offset) ?? 0) + n);
      r.logrusExample ??= from.logrusExample;
      r.captures.push(...from.captures);
      if (from.maxMtimeUs !== null && (r.maxMtimeUs === null || from.maxMtimeUs > r.maxMtimeUs)) r.maxMtimeUs = from.maxMtimeUs;
    }
  }

  /** Add a part's evidence to a registered file, as if its lines had been read here after the ones before. */
  join(path: string, p: ClockPart): void {
    const f = this.files.get(path)!;
    const r = this.root(f.root);
    f.needsYear ||= p.needsYear;
    f.needsOffset ||= p.needsOffset;
    f.maxShift = Math.max(f.maxShift, p.maxShift);
    if (p.lastStamp) f.lastStamp = p.lastStamp;
    for (const [votes, from] of [[f.offsetVotes, p.offsetVotes], [f.yearVotes, p.yearVotes]] as const)
      for (const [value, t] of from) {
        const have = votes.get(value);
        if (have) have.count += t.count;
        else votes.set(value, { count: t.count, basis: t.basis });
      }
    for (const [offset, n] of p.logrusOffsets) r.logrusOffsets.set(offset, (r.logrusOffsets.get(offset) ?? 0) + n);
    r.logrusExample ??= p.logrusExample;
  }

  /** Decide every zone and year; call once after all files are read. */
  resolve(): void {
    const tz = this.overrides.tz;
    for (const [rootKey, r] of [...this.roots].sort(([a], [b]) => compareText(a, b))) {
      const host = this.hostOf(rootKey);
      // `date --utc` states the instant, not the host's zone; a zone comes from a local `date` only.
      const dateCapture = r.captures.filter((c) => c.stamp.offsetMin !== null && !/_--utc$/.test(c.path)).sort((a, b) => a.priority - b.priority)[0];
      const utc = r.captures.find((c) => c.stamp.offsetMin === 0 && c.stamp.year !== null && /_--utc$/.test(c.path));
      const wall = r.captures.find((c) => c.stamp.offsetMin === null && c.stamp.year !== null && c.priority === 0);
      if (tz) {
        r.offset = this.fixedTz ?? 0;
        this.assumptions.push({ host, what: 'time zone', value: tz, basis: '--tz' });
      } else if (r.logrusOffsets.size > 0) {
        const votes = [...r.logrusOffsets].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value - b.value);
        r.offset = votes[0]!.value;
        const total = votes.reduce((s, v) => s + v.count, 0);
        this.assumptions.push({ host, what: 'time zone', value: formatOffset(r.offset), basis: `UTC offset printed by the daemons' own time= field in ${votes[0]!.count} of ${total} lines (e.g. ${r.logrusExample})` });
      } else if (dateCapture) {
        r.offset = dateCapture.stamp.offsetMin!;
        this.assumptions.push({ host, what: 'time zone', value: formatOffset(r.offset), basis: `\`date\` output ${dateCapture.path}:${dateCapture.line}: ${dateCapture.text}` });
      } else if (utc && wall) {
        // sos runs `date` and `date --utc` one after the other: their difference is the zone.
        const diff = wallAsUtcUs(wall.stamp, wall.stamp.year!) - wallAsUtcUs(utc.stamp, utc.stamp.year!);
        r.offset = Math.round(diff / QUARTER_HOUR_US) * 15;
        this.assumptions.push({ host, what: 'time zone', value: formatOffset(r.offset), basis: `\`date\` ${wall.path}:${wall.line} (${wall.text}) against \`date --utc\` ${utc.path}:${utc.line} (${utc.text})` });
      } else {
        r.offset = 0;
        this.assumptions.push({ host, what: 'time zone', value: '+00:00', basis: 'no dated line with a zone in the bundle: UTC assumed (use --tz)' });
      }
      const best = [...r.captures].sort((a, b) => a.priority - b.priority)[0];
      if (best && best.stamp.year !== null) {
        const offset = best.stamp.offsetMin ?? this.zoneOffsetAt(best.stamp, best.stamp.year) ?? r.offset;
        r.captureUs = stampToUs(best.stamp, best.stamp.year, offset);
        this.assumptions.push({ host, what: 'capture time', value: formatUs(r.captureUs), basis: `${best.path}:${best.line}: ${best.text}` });
      } else if (r.maxMtimeUs !== null) {
        r.captureUs = r.maxMtimeUs;
        this.assumptions.push({ host, what: 'capture time', value: formatUs(r.maxMtimeUs), basis: 'latest file modification time in the bundle (no sos date or iptables-save header)' });
      } else r.captureUs = null;
    }
    for (const f of [...this.files.values()].sort((a, b) => compareText(a.path, b.path))) {
      const r = this.root(f.root);
      const host = this.hostOf(f.root);
      if (f.needsOffset) {
        if (tz) f.offset = r.offset!;
        else if (f.offsetVotes.size > 0) {
          const v = mode(f.offsetVotes);
          f.offset = v.value;
          if (v.value !== r.offset)
            this.assumptions.push({ host, what: `clock zone of ${f.path}`, value: formatOffset(v.value), basis: `its wall clock vs the daemons' time= in ${v.count} lines (e.g. ${v.basis})` });
        } else f.offset = r.offset!;
      }
      if (f.needsYear) {
        if (this.overrides.year !== null) {
          f.year0 = this.overrides.year;
          this.assumptions.push({ host, what: `year of ${f.path}`, value: String(f.year0), basis: '--year' });
        } else if (f.yearVotes.size > 0) {
          const v = mode(f.yearVotes);
          f.year0 = v.value;
          this.assumptions.push({ host, what: `year of ${f.path}`, value: String(v.value), basis: `the daemons' dated time= field in the same file (${v.count} lines, e.g. ${v.basis})` });
        } else {
          const anchorUs = r.captureUs ?? f.mtimeUs;
          if (anchorUs !== null && anchorUs !== undefined && f.lastStamp) {
            const anchor = new Date(anchorUs / 1000 + (f.offset ?? r.offset ?? 0) * 60_000);
            let y = anchor.getUTCFullYear();
            if (wallAsUtcUs(f.lastStamp, y) > anchor.getTime() * 1000 + 86_400_000_000) y--;
            f.year0 = y - f.lastStamp.yearShift;
            const basis = r.captureUs != null ? 'the bundle capture time: the last line cannot be later than the collection' : 'the file modification time: the last line cannot be later than it';
            this.assumptions.push({ host, what: `year of ${f.path}`, value: String(f.year0), basis });
          } else {
            f.year0 = new Date().getUTCFullYear();
            this.assumptions.push({ host, what: `year of ${f.path}`, value: String(f.year0), basis: 'no dated source at all: current year assumed (use --year)' });
          }
        }
        if (f.maxShift > 0) {
          // The year is the one the file starts in; say where the later lines land.
          const a = this.assumptions[this.assumptions.length - 1]!;
          a.basis += `; the file rolls over from December to January ${f.maxShift === 1 ? 'once' : `${f.maxShift} times`}: lines after ${f.maxShift === 1 ? 'it are' : 'each rollover are one year later, up to'} ${f.year0! + f.maxShift}`;
        }
      }
    }
  }

  /** The UTC instant of an event's stamp, or null when it has none. */
  instant(stamp: LocalStamp | null, absUs: number | null, domain: ClockDomain, path: string): number | null {
    if (absUs !== null) return absUs;
    const f = this.files.get(path);
    const r = f ? this.roots.get(f.root) : undefined;
    if (!stamp) return domain === 'capture' ? (r?.captureUs ?? null) : null;
    const year = stamp.year ?? (f?.year0 ?? new Date().getUTCFullYear()) + stamp.yearShift;
    let offset = stamp.offsetMin;
    if (offset === null) {
      offset = this.zoneOffsetAt(stamp, year);
      if (offset === null) offset = domain === 'journal' ? (f?.offset ?? r?.offset ?? 0) : (r?.offset ?? 0);
    }
    return stampToUs(stamp, year, offset);
  }
}
