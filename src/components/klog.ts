// klog header and structured key/values (kubelet): "I0914 11:39:02.118431    1789 kubelet.go:2430] "msg" k=v".

import { makeStamp, validStamp } from '../time/stamp.js';
import type { LocalStamp } from '../events/types.js';
import { blank, CLOSE_BRACKET, closingQuote, COLON, digit, DIGIT_0, DOT, EQUALS, klogLevel, QUOTE, SPACE } from './chars.js';
import { unquoteGo } from './logrus.js';

export interface KlogLine {
  level: 'I' | 'W' | 'E' | 'F';
  stamp: LocalStamp;
  pid: number;
  file: string;
  /** The quoted structured message, or the whole text for printf-style lines. */
  msg: string;
  /** Everything after the message: k=v pairs as printed. */
  rest: string;
  /** Whether the message was quoted (structured InfoS/ErrorS) rather than printf text. */
  quoted: boolean;
}

// klog internal/buffer FormatHeader: Lmmdd hh:mm:ss.uuuuuu threadid file:line]
// HEADER: /^([IWEF])(\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6})\s+(\d+) ([^\]\s]+)\] ?(.*)$/s

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
  // \s+(\d+) ([^\]\s]+)\] ?
  let i = 21;
  while (i < n && blank(text.charCodeAt(i))) i++;
  if (i === 21) return null;
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
    if (close === -1) return null;
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
