// The cheap test run on a journal line before any record is built: could a component, the daemon clock or the
// klog stitcher use it? Fixed-string checks on positions in the line, no allocation; a keyword regex only for
// logrus bodies and PID 1's job lines. Most lines say nothing about sandboxes and are never built into records.
//
// Exact, not heuristic: a line is dropped only when every consumer would ignore it:
//   - dockerd, containerd, cri-dockerd read logrus bodies: parseLogrus needs `time="`, or `level=` and `msg=`;
//     then one of their keywords must be in the message.
//   - kubelet reads klog lines ([IWEF]mmdd … file:line] "msg"), and only the messages in KLOG_MESSAGES.
//   - systemd reads PID 1's own lines (SYSTEMD_IDENTS) that start a job or deactivate a .service.
//   - deploy reads lines whose identifier names a deploy or maintenance script.
//   - the daemon clock reads `time="` (logrus's own instant), the stitcher `=<` blocks.

import { containerd } from './containerd.js';
import { criDockerd } from './cri-dockerd.js';
import { isDeployIdent } from './deploy.js';
import { dockerd } from './dockerd.js';
import { COMPONENTS } from './index.js';
import { digit } from './chars.js';
import { KeywordSet } from './keywords.js';
import { KLOG_MESSAGES } from './kubelet.js';
import { SYSTEMD_IDENTS, systemdMayMatch, systemd } from './systemd.js';

/** Nothing reads the record: count it. */
export const NEED_NOTHING = 0;
/** Only the daemon's own `time="…"` is read (zone and year of the journal). */
export const NEED_CLOCK = 1;
/** Build the record and hand it to the components. */
export const NEED_RECORD = 2;
export type Need = typeof NEED_NOTHING | typeof NEED_CLOCK | typeof NEED_RECORD;

/** Identifier flags, computed once per distinct identifier. */
export const IDENT_SYSTEMD = 1;
export const IDENT_DEPLOY = 2;

export function identFlags(ident: string): number {
  return (SYSTEMD_IDENTS.includes(ident) ? IDENT_SYSTEMD : 0) | (isDeployIdent(ident) ? IDENT_DEPLOY : 0);
}

/** The components this gate knows how to test; with any other registered, it lets every record through. */
const KNOWN = new Set(['containerd', 'cri-dockerd', 'deploy', 'dockerd', 'kubelet', 'systemd']);

/** Keywords of the logrus-reading components, in one pass. */
const LOGRUS_KEYWORDS = new KeywordSet([...containerd.keywords, ...criDockerd.keywords, ...dockerd.keywords]);
const SYSTEMD_KEYWORDS = new KeywordSet(systemd.keywords);
/** KlogStitcher opens a block on a message ending in `=<` then blanks (/=<\s*$/): only blanks in text[from, end). */
function blankTail(text: string, from: number, end: number): boolean {
  return /^\s*$/.test(text.slice(from, end));
}

const Q = 34; // "
const LT = 60; // <
const BS = 92; // \\

/** Messages by first character (an ASCII code), so a klog message is compared with a handful of candidates at most. */
const KLOG_BY_FIRST: (string[] | undefined)[] = new Array<string[] | undefined>(128).fill(undefined);
for (const m of KLOG_MESSAGES) (KLOG_BY_FIRST[m.charCodeAt(0)] ??= []).push(m);

/** After a backslash, the letters unquoteGo reads as more than themselves (\n, \t, \x41, \u0041, …). */
function codedEscape(c: number): boolean {
  // n t r a b f v x u U
  return c === 110 || c === 116 || c === 114 || c === 97 || c === 98 || c === 102 || c === 118 || c === 120 || c === 117 || c === 85;
}

/**
 * Whether the quoted klog message opening at `open` (a '"') is `m` once unquoted: parseKlog's
 * /^"((?:[^"\\]|\\.)*)"/s then unquoteGo, walked in place. -1: an escape that stands for something else
 * than the character after the backslash (let parseKlog decide).
 */
function quotedIs(text: string, open: number, end: number, m: string): number {
  let k = 0;
  for (let i = open + 1; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c === Q) return k === m.length ? 1 : 0;
    if (c === BS) {
      if (++i >= end) return 0;
      c = text.charCodeAt(i);
      if (codedEscape(c)) return -1;
    }
    if (k >= m.length || c !== m.charCodeAt(k)) return 0;
    k++;
  }
  return 0;
}

/** Whether kubelet could read the klog message text[start, end) (false only when it surely would not). */
function klogMayMatter(text: string, start: number, end: number): boolean {
  const level = text.charCodeAt(start);
  // klog.HEADER: ^[IWEF]\d{2}… — anything else is not klog, kubelet reads nothing from it.
  if (!(level === 73 || level === 87 || level === 69 || level === 70) || !digit(text.charCodeAt(start + 1))) return false;
  // The header holds no ']' before the one closing "file:line]".
  const close = text.indexOf(']', start);
  if (close === -1 || close >= end) return false;
  let body = close + 1;
  if (body < end && text.charCodeAt(body) === 32) body++;
  // printf-style (unquoted) messages: leave them to parseKlog.
  if (body >= end || text.charCodeAt(body) !== Q) return true;
  let first = body + 1 < end ? text.charCodeAt(body + 1) : -1;
  if (first === BS && body + 2 < end) {
    first = text.charCodeAt(body + 2);
    if (codedEscape(first)) return true;
  }
  const candidates = first >= 0 && first < 128 ? KLOG_BY_FIRST[first] : undefined;
  if (candidates === undefined) return false;
  for (const m of candidates) if (quotedIs(text, body, end, m) !== 0) return true;
  return false;
}

export class RecordGate {
  /** Position of the first `time="` in the last message looked at, or -1. */
  timeAt = -1;
  /** Whether that `time="` is the only place a logrus key `time` can start: then it is the value parseLogrus keeps. */
  timeOnce = false;
  /** Whether the registry holds only components this gate knows; otherwise every record is built. */
  readonly enabled = COMPONENTS.every((c) => KNOWN.has(c.id));

  /** The chunk the last '=' search ran in, where it started, and the first '=' it found (-1: none left). */
  private eqText = '';
  private eqFrom = 0;
  private eqNext = -1;

  /**
   * The first '=' at or after `from` in `text` (positions only grow within one chunk: each '=' is found once).
   * The answer is reused only for a search from at or after where it was made: two equal lines read one by one
   * are equal texts, and the second must be searched from its own start.
   */
  private eq(text: string, from: number): number {
    if (text === this.eqText && from >= this.eqFrom && (this.eqNext === -1 || this.eqNext >= from)) return this.eqNext;
    this.eqText = text;
    this.eqFrom = from;
    return (this.eqNext = text.indexOf('=', from));
  }

  /**
   * What reading the record whose message is text[msgStart, end) needs. `flags` are identFlags() of its
   * identifier; `idle` whether the klog stitcher has no block open.
   */
  need(text: string, msgStart: number, end: number, flags: number, idle: boolean): Need {
    this.timeAt = -1;
    this.timeOnce = false;
    if (!this.enabled || !idle || (flags & IDENT_DEPLOY) !== 0) return NEED_RECORD;
    let timeAt = -1;
    let timeClean = false;
    let timeKeys = 0;
    let level = false;
    let msg = false;
    // The line's '=' one after the other; the first one past it is remembered for the next line (see eq).
    let from = msgStart;
    let p = this.eq(text, from);
    for (; p !== -1 && p < end; p = text.indexOf('=', from)) {
      from = p + 1;
      const next = p + 1 < end ? text.charCodeAt(p + 1) : -1;
      if (next === LT && blankTail(text, p + 2, end)) return NEED_RECORD;
      const last = text.charCodeAt(p - 1);
      // "time", "level", "msg" before the '=', compared by code: startsWith costs a call.
      if (last === 101 && p - 4 >= msgStart && text.charCodeAt(p - 2) === 109 && text.charCodeAt(p - 3) === 105 && text.charCodeAt(p - 4) === 116) {
        // After a letter or '_' the logrus key is longer ("runtime="); after anything else it may be `time`.
        const before = p - 5 >= msgStart ? text.charCodeAt(p - 5) : 32;
        const clean = !((before >= 65 && before <= 90) || (before >= 97 && before <= 122) || before === 95);
        if (clean) timeKeys++;
        if (timeAt === -1 && next === Q) {
          timeAt = p - 4;
          timeClean = clean;
        }
      } else if (last === 108 && p - 5 >= msgStart && text.charCodeAt(p - 2) === 101 && text.charCodeAt(p - 3) === 118 && text.charCodeAt(p - 4) === 101 && text.charCodeAt(p - 5) === 108) level = true;
      else if (last === 103 && p - 3 >= msgStart && text.charCodeAt(p - 2) === 115 && text.charCodeAt(p - 3) === 109) msg = true;
    }
    if (from !== msgStart) {
      this.eqText = text;
      this.eqFrom = from;
      this.eqNext = p;
    }
    if ((timeAt !== -1 || (level && msg)) && LOGRUS_KEYWORDS.in(text, msgStart, end)) return NEED_RECORD;
    if ((flags & IDENT_SYSTEMD) !== 0 && systemdMayMatch(text, msgStart, end) && SYSTEMD_KEYWORDS.in(text, msgStart, end)) return NEED_RECORD;
    if (klogMayMatter(text, msgStart, end)) return NEED_RECORD;
    if (timeAt === -1) return NEED_NOTHING;
    this.timeAt = timeAt;
    this.timeOnce = timeClean && timeKeys === 1;
    return NEED_CLOCK;
  }
}
