// The cheap test run on a journal line before any record is built: could a component, the daemon clock or the
// klog stitcher use it? Fixed-string checks on positions in the line, no allocation; a keyword search only for
// logrus bodies, identifier-bound lines and plain-text readers. Most lines say nothing about sandboxes and are
// never built into records.
//
// Exact, not heuristic: a line is dropped only when every consumer would ignore it. What each component reads it
// declares itself (Component.gate, components/types.ts); this file only compiles those declarations:
//   - `logrus` readers: parseLogrus needs `time="`, or `level=` and `msg=`; then one of their keywords in the message.
//   - `klog` readers: a klog line ([IWEF]mmdd … file:line] msg), the same with its header cut from the left
//     (`file.go:N] msg`), or its message alone (header stripped), whose quoted
//     message is one of their `messages` or whose printf-style message starts with one of their `printf` prefixes.
//   - `ident` readers: lines of the identifiers they name (a bit each in identFlags), through `mayMatch` if any.
//   - `text` readers: any line holding one of their keywords.
//   - the daemon clock reads `time="` (logrus's own instant), the stitcher `=<` blocks.

import { BACKSLASH, COLON, digit, DOT, klogLevel, OPEN_BRACE, LETTER_E, LETTER_G, LETTER_O, LETTER_I, LETTER_L, LETTER_M, LETTER_S, LETTER_T, LETTER_V, LT, QUOTE, SPACE, wordStart } from './chars.js';
import { COMPONENTS } from './index.js';
import { cutHeader } from './klog.js';
import { KeywordSet } from './keywords.js';
import type { Component, ComponentGate, TextTest } from './types.js';
import { NEED_CLOCK, NEED_NOTHING, NEED_RECORD, type Need } from '../formats/types.js';

// The gate's answers are the count-only contract's (formats/types.ts QuietRecords.need).
export { NEED_CLOCK, NEED_NOTHING, NEED_RECORD, type Need } from '../formats/types.js';

type IdentGate = Extract<ComponentGate, { body: 'ident' }>;

/** The gate compiled from a list of components: one pre-filter for all of them. */
export class GatePlan {
  /** Keywords of the logrus readers, searched in one pass; null: no logrus reader. */
  readonly logrus: KeywordSet | null;
  /** Keywords of the plain-text readers; null: none (then no line pays for a search). */
  readonly text: KeywordSet | null;
  /** klog quoted messages and printf prefixes by first character (an ASCII code): a handful of candidates at most. */
  readonly klogByFirst: (string[] | undefined)[] = new Array<string[] | undefined>(128).fill(undefined);
  readonly printfByFirst: (string[] | undefined)[] = new Array<string[] | undefined>(128).fill(undefined);
  /** The identifier readers, one flag bit each, in registry order. */
  readonly idents: { bit: number; accepts: (ident: string) => boolean; mayMatch: TextTest | null; keywords: KeywordSet | null }[] = [];
  /** Bits of the identifier readers that take every line of their identifiers. */
  readonly always: number = 0;
  /** Bits of those that test the line first. */
  readonly filtered: number = 0;

  constructor(components: readonly Component[]) {
    const logrus: string[] = [];
    const text: string[] = [];
    let always = 0;
    let filtered = 0;
    for (const c of components) {
      const g = c.gate;
      if (g.body === 'logrus') logrus.push(...g.keywords);
      else if (g.body === 'text') text.push(...g.keywords);
      else if (g.body === 'klog') {
        for (const m of g.messages) (this.klogByFirst[firstCode(c, m)] ??= []).push(m);
        for (const p of g.printf) (this.printfByFirst[firstCode(c, p)] ??= []).push(p);
      } else {
        const bit = 1 << this.idents.length;
        if (bit > 1 << 30) throw new Error(`gate: more than 31 identifier-bound components (${c.id})`);
        const open = !g.mayMatch && g.keywords.length === 0;
        if (open) always |= bit;
        else filtered |= bit;
        this.idents.push({ bit, accepts: g.ident, mayMatch: g.mayMatch ?? null, keywords: g.keywords.length > 0 ? new KeywordSet(g.keywords) : null });
      }
    }
    this.logrus = logrus.length > 0 ? new KeywordSet(logrus) : null;
    this.text = text.length > 0 ? new KeywordSet(text) : null;
    this.always = always;
    this.filtered = filtered;
  }

  /** The flag bits of the identifier readers that accept `ident`. */
  identFlags(ident: string): number {
    let flags = 0;
    for (const g of this.idents) if (g.accepts(ident)) flags |= g.bit;
    return flags;
  }

  /** Whether an identifier reader flagged in `flags` takes the message text[start, end). */
  identTakes(flags: number, text: string, start: number, end: number): boolean {
    for (const g of this.idents) {
      if ((flags & g.bit) === 0) continue;
      if ((g.mayMatch === null || g.mayMatch(text, start, end)) && (g.keywords === null || g.keywords.in(text, start, end))) return true;
    }
    return false;
  }
}

/** A klog message or prefix's first character, which must be ASCII for the table (a registry error otherwise). */
function firstCode(c: Component, m: string): number {
  const code = m.charCodeAt(0);
  if (!(code < 128)) throw new Error(`gate: ${c.id} declares a klog message not starting with an ASCII character: ${JSON.stringify(m)}`);
  return code;
}

/** The registry's gate. */
export const PLAN = new GatePlan(COMPONENTS);

/** Identifier flags, computed once per distinct identifier: which identifier-bound components read its lines. */
export function identFlags(ident: string): number {
  return PLAN.identFlags(ident);
}

/** KlogStitcher opens a block on a message ending in `=<` then blanks (/=<\s*$/): only blanks in text[from, end). */
function blankTail(text: string, from: number, end: number): boolean {
  return /^\s*$/.test(text.slice(from, end));
}

/** After a backslash, the letters unquoteGo reads as more than themselves (\n, \t, \x41, \u0041, …), by code. */
const CODED_ESCAPE = new Uint8Array(128);
for (const letter of 'ntrabfvxuU') CODED_ESCAPE[letter.charCodeAt(0)] = 1;
function codedEscape(c: number): boolean {
  return c < 128 && CODED_ESCAPE[c] === 1;
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
    if (c === QUOTE) return k === m.length ? 1 : 0;
    if (c === BACKSLASH) {
      if (++i >= end) return 0;
      c = text.charCodeAt(i);
      if (codedEscape(c)) return -1;
    }
    if (k >= m.length || c !== m.charCodeAt(k)) return 0;
    k++;
  }
  return 0;
}

/** Whether text[start, end) holds a JSON `"msg":` key (a logrus JSONFormatter line's). */
function jsonMsgIn(text: string, start: number, end: number): boolean {
  const at = text.indexOf('"msg":', start);
  return at !== -1 && at < end;
}

const KLOG_BY_FIRST = PLAN.klogByFirst;
const PRINTF_BY_FIRST = PLAN.printfByFirst;
const LOGRUS_KEYWORDS = PLAN.logrus;
const TEXT_KEYWORDS = PLAN.text;
const ALWAYS = PLAN.always;
const FILTERED = PLAN.filtered;

/**
 * Whether `file.go:N` ends at text[close] (a ']'), after at least one character from `start`: what every klog
 * header cut from the left (klog.ts CUT) has before its first ']'. Cheap, so the full walk runs only on these.
 */
function goFileBefore(text: string, start: number, close: number): boolean {
  let i = close - 1;
  while (i > start && digit(text.charCodeAt(i))) i--;
  return i < close - 1 && text.charCodeAt(i) === COLON && i - 4 >= start && text.charCodeAt(i - 1) === LETTER_O && text.charCodeAt(i - 2) === LETTER_G && text.charCodeAt(i - 3) === DOT;
}

/**
 * Whether a klog reader could read the message text[start, end), with or without its header (false only when it
 * surely would not). `close` is the first ']' at or after `start` in text, or -1.
 */
function klogMayMatter(text: string, start: number, end: number, close: number, gate: RecordGate): boolean {
  let body = start;
  // klog.HEADER: ^[IWEF]\d{2}… — the message is after the header's ']'; else the line is the message alone.
  if (klogLevel(text.charCodeAt(start)) && digit(text.charCodeAt(start + 1))) {
    // The header holds no ']' before the one closing "file:line]".
    if (close === -1 || close >= end) return false;
    body = close + 1;
    if (body < end && text.charCodeAt(body) === SPACE) body++;
  } else if (close !== -1 && close < end && goFileBefore(text, start, close)) {
    // The header cut from the left (`file.go:N] msg`, `hh:mm:ss.uuuuuu pid file.go:N] msg`): parseKlogCut's CUT.
    const h = cutHeader(text, start, end);
    if (h !== null) body = h.body;
  }
  if (body >= end) return false;
  const open = text.charCodeAt(body);
  if (open !== QUOTE) {
    // printf-style: klog.Infof("SyncLoop (ADD, %q): %q", …) starts with its format's fixed text.
    const prefixes = open < 128 ? PRINTF_BY_FIRST[open] : undefined;
    if (prefixes === undefined) return false;
    for (const p of prefixes) if (body + p.length <= end && text.startsWith(p, body)) return true;
    return false;
  }
  let first = body + 1 < end ? text.charCodeAt(body + 1) : -1;
  if (first === BACKSLASH && body + 2 < end) {
    first = text.charCodeAt(body + 2);
    if (codedEscape(first)) return true;
  }
  const candidates = first >= 0 && first < 128 ? KLOG_BY_FIRST[first] : undefined;
  if (candidates === undefined) return false;
  // The first backslash after the opening quote, looked for once: before it, the quoted text is the message itself.
  let slash = -2;
  for (const m of candidates) {
    // A message as long as m closes right after it, unless an escape comes first (the quoted text is then longer
    // than the message): a candidate whose length puts no '"' there is no match, seen without walking it
    // ("SyncLoop (probe)" against the four other "SyncLoop …" messages).
    const after = body + 1 + m.length;
    if (after >= end || text.charCodeAt(after) !== QUOTE) {
      if (slash === -2) slash = gate.backslash(text, body + 1);
      // No escape up to there (or to the line's end): quotedIs would say 0 too.
      if (slash === -1 || slash > (after < end ? after : end - 1)) continue;
    }
    if (quotedIs(text, body, end, m) !== 0) return true;
  }
  return false;
}

export class RecordGate {
  /** Position of the first `time="` in the last message looked at, or -1. */
  timeAt = -1;
  /** Whether that `time="` is the only place a logrus key `time` can start: then it is the value parseLogrus keeps. */
  timeOnce = false;
  /** The chunk the last '=' search ran in, where it started, and the first '=' it found (-1: none left). */
  private eqText = '';
  private eqFrom = 0;
  private eqNext = -1;
  /** The same for ']' (the close of a klog header, whole or cut). */
  private brText = '';
  private brFrom = 0;
  private brNext = -1;

  /**
   * The first '=' at or after `from` in `text` (positions only grow within one chunk: each '=' is found once).
   * The answer is reused only for a search from at or after where it was made: two equal lines read one by one
   * are equal texts, and the second must be searched from its own start.
   */
  private eq(text: string, from: number): number {
    if (text === this.eqText && from >= this.eqFrom && (this.eqNext === -1 || this.eqNext >= from)) return this.eqNext;
    // Compared first: a store of the young piece into this long-lived gate is a write barrier's slow path.
    if (this.eqText !== text) this.eqText = text;
    this.eqFrom = from;
    return (this.eqNext = text.indexOf('=', from));
  }

  /** The same for '\\' (klogMayMatter: where a quoted klog message may hold escapes). */
  private bsText = '';
  private bsFrom = 0;
  private bsNext = -1;

  /** The first '\\' at or after `from` in `text`, found once per chunk as eq() finds '='. */
  backslash(text: string, from: number): number {
    if (text === this.bsText && from >= this.bsFrom && (this.bsNext === -1 || this.bsNext >= from)) return this.bsNext;
    if (this.bsText !== text) this.bsText = text;
    this.bsFrom = from;
    return (this.bsNext = text.indexOf('\\', from));
  }

  /** The first ']' at or after `from` in `text`, found once per chunk as eq() finds '='. */
  private bracket(text: string, from: number): number {
    if (text === this.brText && from >= this.brFrom && (this.brNext === -1 || this.brNext >= from)) return this.brNext;
    if (this.brText !== text) this.brText = text;
    this.brFrom = from;
    return (this.brNext = text.indexOf(']', from));
  }

  /**
   * What reading the record whose message is text[msgStart, end) needs. `flags` are identFlags() of its
   * identifier; `idle` whether the klog stitcher has no block open.
   */
  need(text: string, msgStart: number, end: number, flags: number, idle: boolean, bytes: Uint8Array | null = null): Need {
    this.timeAt = -1;
    this.timeOnce = false;
    if (!idle || (flags & ALWAYS) !== 0) return NEED_RECORD;
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
      if (last === LETTER_E && p - 4 >= msgStart && text.charCodeAt(p - 2) === LETTER_M && text.charCodeAt(p - 3) === LETTER_I && text.charCodeAt(p - 4) === LETTER_T) {
        // After a letter or '_' the logrus key is longer ("runtime="); after anything else it may be `time`.
        const before = p - 5 >= msgStart ? text.charCodeAt(p - 5) : SPACE;
        const clean = !wordStart(before);
        if (clean) timeKeys++;
        if (timeAt === -1 && next === QUOTE) {
          timeAt = p - 4;
          timeClean = clean;
        }
      } else if (last === LETTER_L && p - 5 >= msgStart && text.charCodeAt(p - 2) === LETTER_E && text.charCodeAt(p - 3) === LETTER_V && text.charCodeAt(p - 4) === LETTER_E && text.charCodeAt(p - 5) === LETTER_L) level = true;
      else if (last === LETTER_G && p - 3 >= msgStart && text.charCodeAt(p - 2) === LETTER_S && text.charCodeAt(p - 3) === LETTER_M) msg = true;
    }
    if (from !== msgStart) {
      if (this.eqText !== text) this.eqText = text;
      this.eqFrom = from;
      this.eqNext = p;
    }
    if ((timeAt !== -1 || (level && msg)) && LOGRUS_KEYWORDS !== null && (bytes !== null ? LOGRUS_KEYWORDS.inBytes(bytes, msgStart, end, text) : LOGRUS_KEYWORDS.in(text, msgStart, end))) return NEED_RECORD;
    // logrus's JSONFormatter (`{"level":…,"msg":…}`, containerd/dockerd with a json log format): parseLogrusJson.
    if (text.charCodeAt(msgStart) === OPEN_BRACE && LOGRUS_KEYWORDS !== null && jsonMsgIn(text, msgStart, end) && LOGRUS_KEYWORDS.in(text, msgStart, end)) return NEED_RECORD;
    if ((flags & FILTERED) !== 0 && PLAN.identTakes(flags, text, msgStart, end)) return NEED_RECORD;
    if (klogMayMatter(text, msgStart, end, this.bracket(text, msgStart), this)) return NEED_RECORD;
    if (TEXT_KEYWORDS !== null && TEXT_KEYWORDS.in(text, msgStart, end)) return NEED_RECORD;
    if (timeAt === -1) return NEED_NOTHING;
    this.timeAt = timeAt;
    this.timeOnce = timeClean && timeKeys === 1;
    return NEED_CLOCK;
  }
}
