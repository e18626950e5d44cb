// klog header and structured key/values (kubelet): "I0914 11:39:02.118431    1789 kubelet.go:2430] "msg" k=v".

import { makeStamp, validStamp } from '../time/stamp.js';
import type { LocalStamp } from '../events/types.js';
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
}

// klog internal/buffer FormatHeader: Lmmdd hh:mm:ss.uuuuuu threadid file:line]
const HEADER = /^([IWEF])(\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6})\s+(\d+) ([^\]\s]+)\] ?(.*)$/s;

/** Parse a klog line; null when the header is not there. */
export function parseKlog(text: string): KlogLine | null {
  const m = HEADER.exec(text);
  if (!m) return null;
  const stamp = makeStamp(null, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7]));
  if (!validStamp(stamp)) return null;
  const body = m[10]!;
  let msg = body;
  let rest = '';
  if (body.startsWith('"')) {
    const q = /^"((?:[^"\\]|\\.)*)"(.*)$/s.exec(body);
    if (q) {
      // klog quotes with strconv.Quote: \n, \t, \xNN, \uNNNN are escapes, not the letter after the backslash.
      msg = unquoteGo(`"${q[1]!}"`);
      rest = q[2]!;
    }
  }
  return { level: m[1] as KlogLine['level'], stamp, pid: Number(m[8]), file: m[9]!, msg, rest };
}

/** The value of key `k` in klog key/values: quoted string, {…} struct, […] list or bare token. */
export function klogValue(rest: string, key: string): string | null {
  const at = new RegExp(`(?:^|\\s)${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=`).exec(rest);
  if (!at) return null;
  let i = at.index + at[0].length;
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
    const q = /^"((?:[^"\\]|\\.)*)"/.exec(rest.slice(i));
    return q ? unquoteGo(`"${q[1]!}"`) : null;
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
  const bare = /^\S*/.exec(rest.slice(i));
  return bare ? bare[0] : null;
}
