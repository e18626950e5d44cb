// logrus text bodies: time="…" level=… msg="…" key=value … (dockerd, containerd, cri-dockerd).

import type { LocalStamp } from '../events/types.js';
import { parseIsoAt } from '../time/iso-at.js';
import { blank, closingQuote, digit, DOT, EQUALS, HYPHEN, QUOTE, wordStart } from './chars.js';

export interface LogrusLine {
  time: LocalStamp | null;
  timeText: string | null;
  level: string | null;
  msg: string;
  fields: Record<string, string>;
  /** Text before `time=` (the seed report shows a CNI JSON blob glued in front). */
  prefix: string;
}

/** Undo Go's strconv.Quote for the escapes logrus produces. */
export function unquoteGo(text: string): string {
  if (!text.startsWith('"')) return text;
  const body = text.slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'a':
        return '\x07';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case 'x':
      case 'u':
      case 'U': {
        // A bare "\x" (no hex after it) is the letter; "\U7fffffff" is no code point: both threw a RangeError.
        if (e.length === 1) return e;
        const cp = parseInt(e.slice(1), 16);
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      default:
        return e;
    }
  });
}

/** [A-Za-z_]: where a logrus key may start. */
function keyStart(c: number): boolean {
  return wordStart(c);
}

/** [\w.-]: what a logrus key is made of. */
function keyChar(c: number): boolean {
  return keyStart(c) || digit(c) || c === DOT || c === HYPHEN;
}

const quote = { escaped: false };

/**
 * The closing quote of a value whose inner quotes were written bare: logrus v0.11–v1.0.3 wrapped values in
 * QuoteCharacter without escaping (text_formatter.go appendValue), so containerd 1.0–1.2, cri-containerd and
 * docker 17.x–18.x print `msg="StopContainer for "89fec9b1cad4f" failed" error="…"` (containerd/containerd#2744).
 * The value ends at the first quote followed by the line's end or by blanks and the next `key=`; -1: none.
 */
function bareClose(body: string, open: number): number {
  const n = body.length;
  for (let q = body.indexOf('"', open + 1); q !== -1; q = body.indexOf('"', q + 1)) {
    let k = q + 1;
    while (k < n && blank(body.charCodeAt(k))) k++;
    if (k >= n) return q;
    if (k === q + 1 || !keyStart(body.charCodeAt(k))) continue;
    while (k < n && keyChar(body.charCodeAt(k))) k++;
    if (k < n && body.charCodeAt(k) === EQUALS) return q;
  }
  return -1;
}

/** Where a logrus body's pairs start: its `time="`, else its `level=` when a `msg=` is there too; -1: none. */
export function pairsStart(body: string): number {
  const time = body.indexOf('time="');
  if (time >= 0) return time;
  // log-format json or messages without time: require level= and msg=
  const level = body.indexOf('level=');
  return level >= 0 && body.indexOf('msg=') >= 0 ? level : -1;
}

/**
 * A logrus body written by its JSONFormatter (containerd `[debug] format = "json"` / `--log-format json`, dockerd
 * `--log-format json`): one object per line, `{"level":"info","msg":"starting containerd","time":"…",<fields>}`, the
 * fields beside the three keys (logrus json_formatter.go, FieldMap defaults). null unless it is an object holding
 * string `level` and `msg`; a value that is no string is kept as its JSON text.
 */
export function parseLogrusJson(body: string): LogrusLine | null {
  const start = body.indexOf('{');
  if (start < 0 || body.slice(0, start).trim() !== '' || !body.includes('"msg":')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.slice(start));
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const o = parsed as Record<string, unknown>;
  if (typeof o['level'] !== 'string' || typeof o['msg'] !== 'string') return null;
  // No prototype, as parseLogrus: a field named __proto__ is a field like the others.
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(o)) if (k !== 'level' && k !== 'msg' && k !== 'time') fields[k] = typeof v === 'string' ? v : JSON.stringify(v);
  const timeText = typeof o['time'] === 'string' ? o['time'] : null;
  return { time: timeText ? parseIsoAt(timeText, 0, timeText.length) : null, timeText, level: o['level'], msg: o['msg'], fields, prefix: '' };
}

/**
 * Parse a logrus body; null when there is no `time="…"`/`level=` pair (nor a JSONFormatter object, parseLogrusJson).
 *
 * The pairs are /([A-Za-z_][\w.-]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)/g run from `time="` (or `level=`), walked by
 * hand: a key is the longest run of [\w.-] before an '=' from its first [A-Za-z_] on, and a value a quoted
 * string closed on its line's terms, else the run of non-blank, non-quote characters (empty when it opens
 * with an unclosed quote). The regex's match objects and unquoting of plain strings cost most of a record.
 */
export function parseLogrus(body: string): LogrusLine | null {
  // An object is the JSONFormatter's, whatever `time="` or `key=` its msg quotes.
  if (body.trimStart().startsWith('{')) {
    const json = parseLogrusJson(body);
    if (json !== null) return json;
  }
  const start = pairsStart(body);
  if (start < 0) return null;
  const prefix = body.slice(0, start);
  // No prototype: a field named __proto__ (any key a log line carries) is a field like the others, never a setter.
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  let timeText: string | undefined;
  let level: string | undefined;
  let msg: string | undefined;
  const n = body.length;
  let from = start;
  for (let eq = body.indexOf('=', from); eq !== -1; eq = body.indexOf('=', from)) {
    let k = eq;
    while (k > from && keyChar(body.charCodeAt(k - 1))) k--;
    while (k < eq && !keyStart(body.charCodeAt(k))) k++;
    if (k === eq) {
      from = eq + 1;
      continue;
    }
    const v = eq + 1;
    let value: string;
    let end = v;
    if (v < n && body.charCodeAt(v) === QUOTE) {
      const close = closingQuote(body, v, false, quote);
      // A quoted value is followed by a blank or the end; a quote glued to more text was an inner one left bare.
      const bare = close !== -1 && close + 1 < n && !blank(body.charCodeAt(close + 1)) ? bareClose(body, v) : -1;
      if (bare !== -1) {
        end = bare + 1;
        value = body.slice(v + 1, bare);
      } else if (close !== -1) {
        end = close + 1;
        value = quote.escaped ? unquoteGo(body.slice(v, end)) : body.slice(v + 1, close);
      } else value = '';
    } else {
      while (end < n && !blank(body.charCodeAt(end)) && body.charCodeAt(end) !== QUOTE) end++;
      value = body.slice(v, end);
    }
    const key = body.slice(k, eq);
    if (key === 'time') timeText = value;
    else if (key === 'level') level = value;
    else if (key === 'msg') msg = value;
    else fields[key] = value;
    from = end;
  }
  if (msg === undefined && level === undefined) return null;
  return {
    time: timeText ? parseIsoAt(timeText, 0, timeText.length) : null,
    timeText: timeText ?? null,
    level: level ?? null,
    msg: msg ?? '',
    fields,
    prefix,
  };
}

/**
 * The msg of a body whose end a pager chopped inside the quoted msg (parseLogrus gives such a value as empty: it was
 * never closed): the text after `msg="` as it stands, or null when the msg is closed or absent.
 */
export function openMsg(body: string): string | null {
  const at = body.indexOf(' msg="');
  if (at < 0) return null;
  const from = at + 6;
  const q = { escaped: false };
  return closingQuote(body, from - 1, false, q) === -1 ? body.slice(from) : null;
}
