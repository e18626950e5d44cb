// The lines journalctl prints itself between entries, one list for every journal format, and the boots they mark.
//
// systemd src/shared/logs-show.c and src/journal/journalctl.c print, between entries and in every output mode
// whose entries are text lines (short family, verbose; not json, export or cat since systemd 245):
//   "-- Boot 1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b --"   where _BOOT_ID changes (systemd ≥ 250; captured with 252)
//   "-- Reboot --"                                    the same, systemd ≤ 249 (CentOS 7's 219 among them)
//   "-- No entries --"                                nothing matched
//   "-- Logs begin at Sat 2024-09-14 …, end at … --"  old header (≤ 245)
//   "-- Journal begins at …, ends at … --"            header of 246-249
//   "Notice: journal has been rotated since unit was started, output may be incomplete."  (systemctl status)
//   "Hint: You are currently not seeing messages from other users and the system."

import type { LocalStamp } from '../events/types.js';
import { makeStamp, validStamp } from '../time/stamp.js';
import type { FormatContext } from './types.js';

/** What a marker line says. */
export type MarkerKind = 'boot' | 'reboot' | 'no-entries' | 'range' | 'notice' | 'hint' | 'other';

export interface Marker {
  kind: MarkerKind;
  /** The new boot's 128-bit ID (`-- Boot <id> --`), else null. */
  bootId: string | null;
}

const BOOT = /^-- Boot ([0-9a-f]{32}) --$/;
const REBOOT = /^-- Reboot --$/;
const NO_ENTRIES = /^-- No entries --$/;
const RANGE = /^-- (?:Logs begin at |Journal begins at ).* --$/;
const NOTICE = /^Notice: journal has been rotated/;
const HINT = /^Hint: /;
/**
 * Any other "-- … --" line: journalctl's --show-cursor ("-- cursor: s=… --") and separators of versions not
 * captured here. A line cut short by a terminal ("-- Logs begin at Sat 2024-09-…") is still journalctl's.
 */
const OTHER = /^-- /;

/** The marker a line is, or null. `strict`: only the boot and no-entries lines (for -o cat, whose messages may start with "-- "). */
export function journalMarker(text: string, strict = false): Marker | null {
  // Every marker starts with '-', 'N' or 'H': one character ruled out before any regex.
  const c = text.charCodeAt(0);
  if (c !== 45 && c !== 78 && c !== 72) return null;
  const boot = BOOT.exec(text);
  if (boot) return { kind: 'boot', bootId: boot[1]! };
  if (REBOOT.test(text)) return { kind: 'reboot', bootId: null };
  if (NO_ENTRIES.test(text)) return { kind: 'no-entries', bootId: null };
  if (strict) return null;
  if (RANGE.test(text)) return { kind: 'range', bootId: null };
  if (NOTICE.test(text)) return { kind: 'notice', bootId: null };
  if (HINT.test(text)) return { kind: 'hint', bootId: null };
  if (OTHER.test(text)) return { kind: 'other', bootId: null };
  return null;
}

/**
 * The last entry's wall time a range header names ("…, end at Wed 2015-12-16 15:33:31 EST. --" up to 245, "…, ends
 * at … --" in 246-249: format_timestamp's "%a %Y-%m-%d %H:%M:%S %Z"), or null. The zone's abbreviation is left
 * unread (EST, CST and IST each name several zones): the stamp is the host's wall clock with its year.
 */
export function rangeEnd(text: string): LocalStamp | null {
  const m = RANGE_END.exec(text);
  if (!m) return null;
  const stamp = makeStamp(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return validStamp(stamp) ? stamp : null;
}
const RANGE_END = /^-- (?:Logs begin at |Journal begins at ).*, ends? at (?:\S+ )?(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\b/;

/** Whether a line is one journalctl prints itself (detectors drop them from a head before looking at it). */
export function isJournalMarker(text: string, strict = false): boolean {
  return journalMarker(text, strict) !== null;
}

/** Whether a marker says a new boot starts after it. */
export function marksBoot(m: Marker): boolean {
  return m.kind === 'boot' || m.kind === 'reboot';
}

/** The last record a reader handed on: where a boot ends when the next entry belongs to another. */
export interface LastEntry {
  stamp: LocalStamp | null;
  absUs: number | null;
  line: number;
  text: string;
}

/**
 * Boot boundaries of one journal file, as events: `boot.ended` on the last entry of a boot and `boot.started`
 * on the first of the next, from a `-- Boot <id> --`/`-- Reboot --` line between them (short family, verbose)
 * or a change of _BOOT_ID (json, export, verbose, journal files), whose `previous` names the boot before.
 * A file read in parts (ingest) starts each part afresh: a change of _BOOT_ID exactly between two parts is missed.
 * Formats call it only at markers, at boot ID changes and at the first entry: nothing per record.
 */
export class BootBoundaries {
  /** A boot marker waiting for the first entry after it. */
  private pending: { line: number; text: string; bootId: string | null } | null = null;
  /** The boot of the last entry read, from _BOOT_ID or a marker. */
  private boot: string | null = null;
  private seen = false;

  constructor(private readonly ctx: FormatContext) {}

  /** Whether a marker waits for its first entry (the short family's fast path then builds that entry's stamp). */
  get waiting(): boolean {
    return this.pending !== null;
  }

  /** A boot marker line; `last` is the entry before it, if the reader still holds it. */
  marker(m: Marker, line: number, text: string, last: LastEntry | null): void {
    if (!marksBoot(m)) return;
    if (last !== null) this.ended(last, 'journalctl marker');
    this.pending = { line, text, bootId: m.bootId };
  }

  /** The first entry after a marker: the new boot starts on it (its time, the marker's line). */
  entry(stamp: LocalStamp | null, absUs: number | null, bootId: string | null = null): void {
    const p = this.pending;
    if (p === null) return;
    this.pending = null;
    const boot = p.bootId ?? bootId;
    this.ctx.event({ kind: 'boot.started', stamp, absUs, domain: 'journal', ids: [], prefixes: [], attrs: { boot, previous: this.boot, via: 'journalctl marker' }, source: { path: this.ctx.path, line: p.line }, text: p.text });
    this.boot = boot;
  }

  /**
   * An entry's _BOOT_ID (json, export, verbose, journal files): a change from the previous entry's is a boundary.
   * `last` is the previous entry; `first` is this one.
   */
  bootId(id: string, first: LastEntry, last: LastEntry | null): void {
    // A verbose rendering prints a marker and then the new _BOOT_ID: the marker makes the boundary.
    if (this.pending !== null) {
      this.seen = true;
      this.entry(first.stamp, first.absUs, id);
      this.boot = id;
      return;
    }
    if (!this.seen) {
      // The file's (or part's) first entry: its boot is known, no boundary yet.
      this.seen = true;
      this.boot = id;
      return;
    }
    if (id === this.boot) return;
    if (last !== null) this.ended(last, '_BOOT_ID');
    this.ctx.event({ kind: 'boot.started', stamp: first.stamp, absUs: first.absUs, domain: 'journal', ids: [], prefixes: [], attrs: { boot: id, previous: this.boot, via: '_BOOT_ID' }, source: { path: this.ctx.path, line: first.line }, text: `_BOOT_ID=${id}` });
    this.boot = id;
  }

  private ended(last: LastEntry, via: string): void {
    this.ctx.event({ kind: 'boot.ended', stamp: last.stamp, absUs: last.absUs, domain: 'journal', ids: [], prefixes: [], attrs: { boot: this.boot, via }, source: { path: this.ctx.path, line: last.line }, text: last.text });
  }
}
