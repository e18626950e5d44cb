// logrus text bodies: time="…" level=… msg="…" key=value … (dockerd, containerd, cri-dockerd).

import type { LocalStamp } from '../events/types.js';
import { parseIso } from '../time/stamp.js';

export interface LogrusLine {
  time: LocalStamp | null;
  timeText: string | null;
  level: string | null;
  msg: string;
  fields: Record<string, string>;
  /** Text before `time=` (the seed report shows a CNI JSON blob glued in front). */
  prefix: string;
}

// A logrus value: Go strconv.Quote'd string or a bare token of [A-Za-z0-9-._/@^+] (text_formatter.go needsQuoting).
const PAIR = /([A-Za-z_][\w.-]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)/g;

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

/** Parse a logrus body; null when there is no `time="…"`/`level=` pair. */
export function parseLogrus(body: string): LogrusLine | null {
  let start = body.indexOf('time="');
  if (start < 0) {
    // log-format json or messages without time: require level= and msg=
    start = body.indexOf('level=');
    if (start < 0 || body.indexOf('msg=') < 0) return null;
  }
  const prefix = body.slice(0, start);
  // No prototype: a field named __proto__ (any key a log line carries) is a field like the others, never a setter.
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  PAIR.lastIndex = start;
  let m: RegExpExecArray | null;
  while ((m = PAIR.exec(body))) fields[m[1]!] = unquoteGo(m[2]!);
  if (fields.msg === undefined && fields.level === undefined) return null;
  const timeText = fields.time ?? null;
  const out: LogrusLine = {
    time: timeText ? parseIso(timeText) : null,
    timeText,
    level: fields.level ?? null,
    msg: fields.msg ?? '',
    fields,
    prefix,
  };
  delete fields.time;
  delete fields.level;
  delete fields.msg;
  return out;
}
