// klog header and structured key/values (kubelet): "I0914 11:39:02.118431    1789 kubelet.go:2430] "msg" k=v".

import { makeStamp, validStamp } from '../time/stamp.js';
import type { LocalStamp } from '../events/types.js';
import { blank, CLOSE_BRACKET, closingQuote, COLON, digit, DIGIT_0, DOT, EQUALS, HYPHEN, klogLevel, LOWER_A, LOWER_Z, PLUS, QUOTE, SPACE, UNDERSCORE, UPPER_A, UPPER_Z } from './chars.js';
import { unquoteGo } from './logrus.js';

export interface KlogLine {
  /** null when the header was cut before the severity letter. */
  level: 'I' | 'W' | 'E' | 'F' | null;
  /** null when the header was cut before its date: a klog line alone is then timeless. */
  stamp: LocalStamp | null;
  /** null when the header was cut before the thread id. */
  pid: number | null;
  file: string;
  /** The quoted structured message, or the whole text for printf-style lines. */
  msg: string;
  /** Everything after the message: k=v pairs as printed. */
  rest: string;
  /** Whether the message was quoted (structured InfoS/ErrorS) rather than printf text. */
  quoted: boolean;
}

// klog internal/buffer FormatHeader: Lmmdd hh:mm:ss.uuuuuu threadid file:line]
// HEADER: /^([IWEF])(\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6})\d{0,3}\s+(\d+) ([^\]\s]+)\] ?(.*)$/s
// klog prints six fractional digits; a line retyped or re-stamped with a finer fraction (`E1006 23:24:04.0311835`,
// flannel-io/flannel#1178) is read to the microsecond, its first six digits, and no further: nothing is rounded.

function num(text: string, at: number, width: number): number {
  let v = 0;
  for (let i = at; i < at + width; i++) {
    const c = text.charCodeAt(i);
    if (!digit(c)) return -1;
    v = v * 10 + c - DIGIT_0;
  }
  return v;
}

const quote = { escaped: false };

/**
 * Parse a klog line; null when the header is not there. HEADER walked by hand (its match and ten captures were
 * most of what a kubelet record cost); the quoted message is /^"((?:[^"\\]|\\.)*)"(.*)$/s on the body.
 */
export function parseKlog(text: string): KlogLine | null {
  const level = text.charCodeAt(0);
  if (!klogLevel(level) || text.length < 24) return null;
  const month = num(text, 1, 2);
  const day = num(text, 3, 2);
  const hour = num(text, 6, 2);
  const minute = num(text, 9, 2);
  const second = num(text, 12, 2);
  const micro = num(text, 15, 6);
  if ((month | day | hour | minute | second | micro) < 0 || text.charCodeAt(5) !== SPACE || text.charCodeAt(8) !== COLON || text.charCodeAt(11) !== COLON || text.charCodeAt(14) !== DOT) return null;
  const n = text.length;
  let i = 21;
  // \d{0,3}: a fraction finer than klog's own.
  while (i < 24 && digit(text.charCodeAt(i))) i++;
  // \s+(\d+) ([^\]\s]+)\] ?
  const blanks = i;
  while (i < n && blank(text.charCodeAt(i))) i++;
  if (i === blanks) return null;
  const pidAt = i;
  while (i < n && digit(text.charCodeAt(i))) i++;
  if (i === pidAt || i >= n || text.charCodeAt(i) !== SPACE) return null;
  const pidEnd = i++;
  const fileAt = i;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACKET || blank(c)) break;
  }
  if (i === fileAt || i >= n || text.charCodeAt(i) !== CLOSE_BRACKET) return null;
  const fileEnd = i++;
  if (i < n && text.charCodeAt(i) === SPACE) i++;
  const stamp = makeStamp(null, month, day, hour, minute, second, micro);
  if (!validStamp(stamp)) return null;
  const { msg, rest, quoted } = klogMessage(text, i);
  return { level: String.fromCharCode(level) as KlogLine['level'], stamp, pid: Number(text.slice(pidAt, pidEnd)), file: text.slice(fileAt, fileEnd), msg, rest, quoted };
}

// A header cut from the left (a paste tool, a terminal, `journalctl` lines trimmed by hand): whatever is left of
// it still ends in the source file, and klog's files are Go files.
// CUT: /^(?:[IWEF]\d{4} )?(?:\d{2}:\d{2}:\d{2}\.\d{6}\d{0,3}\s+)?(?:\d+\s+)?([\w.+-]+\.go:\d+)\] ?/

/** [A-Za-z0-9_.+-]: a character of a Go source file's name as klog prints it (base name only). */
function fileChar(c: number): boolean {
  return (c >= LOWER_A && c <= LOWER_Z) || (c >= UPPER_A && c <= UPPER_Z) || digit(c) || c === DOT || c === UNDERSCORE || c === HYPHEN || c === PLUS;
}

/** hh:mm:ss.uuuuuu at `at` (and up to three digits more, as HEADER): where it ends, or -1. */
function clockEnd(text: string, at: number): number {
  if (!(num(text, at, 2) >= 0 && text.charCodeAt(at + 2) === COLON && num(text, at + 3, 2) >= 0 && text.charCodeAt(at + 5) === COLON && num(text, at + 6, 2) >= 0 && text.charCodeAt(at + 8) === DOT && num(text, at + 9, 6) >= 0)) return -1;
  let e = at + 15;
  while (e < at + 18 && digit(text.charCodeAt(e))) e++;
  return e;
}

/** Where a klog header cut from the left (CUT) begins its parts: -1 when text[start, end) opens with none. */
export interface CutHeader {
  /** The severity letter's position, or -1; the clock's (hh:mm:ss.uuuuuu), or -1; the thread id's, or -1. */
  level: number;
  /** The date's (mmdd) position, or -1: after the severity letter, or first when a paste cut the letter alone. */
  date: number;
  clock: number;
  pid: number;
  file: number;
  /** The end of `file.go:N` (the ']'), and where the message starts. */
  fileEnd: number;
  body: number;
}

const cut: CutHeader = { level: -1, date: -1, clock: -1, pid: -1, file: -1, fileEnd: -1, body: -1 };

/**
 * CUT walked by hand at text[start, end): the shared result (overwritten by the next call), or null. Cheap on a
 * line that is no klog line: it reads the first word and stops.
 */
export function cutHeader(text: string, start: number, end: number): CutHeader | null {
  let i = start;
  cut.level = cut.date = cut.clock = cut.pid = -1;
  if (klogLevel(text.charCodeAt(i)) && num(text, i + 1, 4) >= 0 && text.charCodeAt(i + 5) === SPACE && clockEnd(text, i + 6) !== -1) {
    cut.level = i;
    cut.date = i + 1;
    i += 6;
  } else if (num(text, i, 4) >= 0 && text.charCodeAt(i + 4) === SPACE && clockEnd(text, i + 5) !== -1) {
    // The severity letter alone cut off ("1023 03:32:46.529178   19936 cni.go:257] …", a paste cut at a column:
    // coreos/coreos-kubernetes#912): the date is whole, the severity unknown.
    cut.date = i;
    i += 5;
  }
  const clock = digit(text.charCodeAt(i)) ? clockEnd(text, i) : -1;
  if (clock !== -1 && blank(text.charCodeAt(clock))) {
    cut.clock = i;
    i = clock;
    while (i < end && blank(text.charCodeAt(i))) i++;
  } else if (cut.date !== -1) return null;
  let j = i;
  while (j < end && digit(text.charCodeAt(j))) j++;
  if (j > i && j < end && blank(text.charCodeAt(j))) {
    cut.pid = i;
    i = j;
    while (i < end && blank(text.charCodeAt(i))) i++;
  }
  const file = i;
  while (i < end && fileChar(text.charCodeAt(i))) i++;
  // `x.go` then ':' and the line number.
  if (i - file < 4 || i >= end || text.charCodeAt(i) !== COLON || !text.startsWith('.go', i - 3)) return null;
  j = ++i;
  while (i < end && digit(text.charCodeAt(i))) i++;
  if (i === j || i >= end || text.charCodeAt(i) !== CLOSE_BRACKET) return null;
  cut.file = file;
  cut.fileEnd = i++;
  if (i < end && text.charCodeAt(i) === SPACE) i++;
  cut.body = i;
  return cut;
}

/**
 * A klog line whose header was cut from the left down to `file.go:N] msg` or partly (`hh:mm:ss.uuuuuu pid
 * file.go:N] msg`): what is left of the header, timeless unless its date is there. null: no such header.
 */
export function parseKlogCut(text: string): KlogLine | null {
  const h = cutHeader(text, 0, text.length);
  if (h === null) return null;
  let stamp: LocalStamp | null = null;
  if (h.date !== -1) {
    const c = h.clock;
    stamp = makeStamp(null, num(text, h.date, 2), num(text, h.date + 2, 2), num(text, c, 2), num(text, c + 3, 2), num(text, c + 6, 2), num(text, c + 9, 6));
    if (!validStamp(stamp)) return null;
  }
  let pid: number | null = null;
  if (h.pid !== -1) {
    let e = h.pid;
    while (digit(text.charCodeAt(e))) e++;
    pid = Number(text.slice(h.pid, e));
  }
  const level = h.level === -1 ? null : (text[h.level] as KlogLine['level']);
  const file = text.slice(h.file, h.fileEnd);
  const { msg, rest, quoted } = klogMessage(text, h.body);
  return { level, stamp, pid, file, msg, rest, quoted };
}

/** What components read of a kubelet record's klog line: its whole header, what is left of a cut one, or null. */
export function klogOf(text: string): KlogLine | null {
  return parseKlog(text) ?? parseKlogCut(text);
}

/**
 * The message of a klog line from `at` (after the header, or the line's start when the header was stripped:
 * `--skip-headers`, pastes): the quoted structured message and the key/values after it, or the printf text whole.
 */
export function klogMessage(text: string, at: number): { msg: string; rest: string; quoted: boolean } {
  const close = at < text.length && text.charCodeAt(at) === QUOTE ? closingQuote(text, at, true, quote) : -1;
  // klog quotes with strconv.Quote: \n, \t, \xNN, \uNNNN are escapes, not the letter after the backslash.
  if (close !== -1) return { msg: quote.escaped ? unquoteGo(text.slice(at, close + 1)) : text.slice(at + 1, close), rest: text.slice(close + 1), quoted: true };
  return { msg: text.slice(at), rest: '', quoted: false };
}

/** Where the value of the first `key=` at the start of `rest` or after a blank begins (/(?:^|\s)key=/), or -1. */
function keyAt(rest: string, key: string): number {
  for (let at = rest.indexOf(key); at !== -1; at = rest.indexOf(key, at + 1)) {
    if (rest.charCodeAt(at + key.length) === EQUALS && (at === 0 || blank(rest.charCodeAt(at - 1)))) return at + key.length + 1;
  }
  return -1;
}

/** The value of key `k` in klog key/values: quoted string, {…} struct, […] list or bare token. */
export function klogValue(rest: string, key: string): string | null {
  let i = keyAt(rest, key);
  if (i === -1) return null;
  const open = rest[i];
  // klog serialize.writeStringValue: multi-line strings as `key=<`, TAB-indented lines, then ` >`.
  if (open === '<' && (rest[i + 1] === '\n' || i + 1 === rest.length)) {
    const body = rest.slice(i + 2);
    const close = body.search(/\n\s*>(?=\s|$)/);
    const block = close < 0 ? body : body.slice(0, close);
    return block
      .split('\n')
      .map((l) => l.replace(/^(\t| {1,8})/, ''))
      .join('\n');
  }
  if (open === '"') {
    const close = closingQuote(rest, i, false, quote);
    // No closing quote: the line was cut inside the value (a pager's '>', a terminal's width). What is there is
    // the value's start, unescaped one level like a whole one; nothing is completed.
    if (close === -1) return rest.slice(i + 1).replace(/\\(["\\])/g, '$1');
    // strconv.Quote escapes every inner quote, so klog's closing quote is followed by a blank or the end. One
    // followed by anything else is an inner quote whose backslash a renderer ate (markdown: k3s-io/k3s#5672's
    // `err="… for sandbox "<id>": …"`): the value runs to the quote that ends the line or comes before " key=".
    if (close + 1 < rest.length && !blank(rest.charCodeAt(close + 1))) {
      const end = /"(?=$|\s+[\w.-]+=)/.exec(rest.slice(close + 1));
      if (end !== null) return rest.slice(i + 1, close + 1 + end.index);
    }
    return quote.escaped ? unquoteGo(rest.slice(i, close + 1)) : rest.slice(i + 1, close);
  }
  if (open === '{' || open === '[' || (open === '&' && rest[i + 1] === '{')) {
    if (open === '&') i++;
    const close = rest[i] === '{' ? '}' : ']';
    const opener = rest[i]!;
    let depth = 0;
    let inStr = false;
    for (let j = i; j < rest.length; j++) {
      const c = rest[j];
      if (inStr) {
        if (c === '\\') j++;
        else if (c === '"') inStr = false;
        continue;
      }
      if (c === '"') inStr = true;
      else if (c === opener) depth++;
      else if (c === close && --depth === 0) return rest.slice(i, j + 1);
    }
    return rest.slice(i);
  }
  let j = i;
  while (j < rest.length && !blank(rest.charCodeAt(j))) j++;
  return rest.slice(i, j);
}
