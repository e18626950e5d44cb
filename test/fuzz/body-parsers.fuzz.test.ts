// The logrus and klog body parsers walk their text by hand; the regexes below are their definitions (what they
// were before). On any text — pieces of real bodies glued to the characters the grammars turn on — both give
// the same result, field for field and in the same order.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { klogValue, parseKlog, parseKlogCut, type KlogLine } from '../../src/components/klog.js';
import { pairsStart, parseLogrus, unquoteGo, type LogrusLine } from '../../src/components/logrus.js';
import { makeStamp, parseIso, validStamp } from '../../src/time/stamp.js';
import { anyText, holds, TIMEOUT } from './_harness.js';

const PAIR = /([A-Za-z_][\w.-]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)/g;
/**
 * A quoted value glued to more text had its inner quotes left bare (logrus ≤ 1.0.3): it ends at the first quote
 * followed by the end or by blanks and the next key=, read as written.
 */
const BARE = /"([^]*?)"(?=\s*$|\s+[A-Za-z_][\w.-]*=)/y;

/** The pairs read by PAIR from where parseLogrus starts them (pairsStart), as parseLogrus did before. */
function logrusByRegex(body: string): LogrusLine | null {
  const start = pairsStart(body);
  if (start < 0) return null;
  const all: Record<string, string> = Object.create(null) as Record<string, string>;
  PAIR.lastIndex = start;
  for (let m = PAIR.exec(body); m !== null; m = PAIR.exec(body)) {
    const v = m[2]!;
    const after = m.index + m[0].length;
    if (v.length >= 2 && v.startsWith('"') && after < body.length && /\S/.test(body[after]!)) {
      BARE.lastIndex = after - v.length;
      const bare = BARE.exec(body);
      if (bare) {
        all[m[1]!] = bare[1]!;
        PAIR.lastIndex = BARE.lastIndex;
        continue;
      }
    }
    all[m[1]!] = unquoteGo(v);
  }
  const { time, level, msg, ...rest } = all;
  if (msg === undefined && level === undefined) return null;
  const fields: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, rest);
  return { time: time ? parseIso(time) : null, timeText: time ?? null, level: level ?? null, msg: msg ?? '', fields, prefix: body.slice(0, start) };
}

const HEADER = /^([IWEF])(\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6})\s+(\d+) ([^\]\s]+)\] ?(.*)$/s;

function klogByRegex(text: string): KlogLine | null {
  const m = HEADER.exec(text);
  if (!m) return null;
  const stamp = makeStamp(null, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7]));
  if (!validStamp(stamp)) return null;
  const body = m[10]!;
  let msg = body;
  let rest = '';
  let quoted = false;
  if (body.startsWith('"')) {
    const q = /^"((?:[^"\\]|\\.)*)"(.*)$/s.exec(body);
    if (q) {
      msg = unquoteGo(`"${q[1]!}"`);
      rest = q[2]!;
      quoted = true;
    }
  }
  return { level: m[1] as KlogLine['level'], stamp, pid: Number(m[8]), file: m[9]!, msg, rest, quoted };
}

/** klog's header cut from the left: what is left of level and date, clock, thread id, then the Go file and line. */
const CUT = /^(?:([IWEF])(\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6})\s+|\d{2}:\d{2}:\d{2}\.\d{6}\s+)?(?:(\d+)\s+)?([\w.+-]+\.go:\d+)\] ?(.*)$/s;

function cutByRegex(text: string): KlogLine | null {
  const m = CUT.exec(text);
  if (!m) return null;
  const stamp = m[1] === undefined ? null : makeStamp(null, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7]));
  if (stamp !== null && !validStamp(stamp)) return null;
  const whole = klogByRegex(`I0101 00:00:00.000000 1 x.go:1] ${m[10]!}`)!;
  return { level: (m[1] ?? null) as KlogLine['level'], stamp, pid: m[8] === undefined ? null : Number(m[8]), file: m[9]!, msg: whole.msg, rest: whole.rest, quoted: whole.quoted };
}

/** klogValue's search for its key, as a regex (the value is read the same way after it). */
function keyByRegex(rest: string, key: string): number {
  const at = new RegExp(`(?:^|\\s)${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=`).exec(rest);
  return at ? at.index + at[0].length : -1;
}

function valueByRegex(rest: string, key: string): string | null {
  const i = keyByRegex(rest, key);
  if (i === -1) return null;
  const open = rest[i];
  if (open === '"') {
    const q = /^"((?:[^"\\]|\\.)*)"/.exec(rest.slice(i));
    // No closing quote: a line cut inside the value; what is there, unescaped one level.
    if (!q) return rest.slice(i + 1).replace(/\\(["\\])/g, '$1');
    // A closing quote followed by a non-blank is an inner one whose backslash a renderer ate: the value runs, raw,
    // to the quote that ends the line or stands before " key=" (when there is one).
    const eaten = /^"((?:[^"\\]|\\.)*"(?=\S)[^]*?)"(?=$|\s+[\w.-]+=)/.exec(rest.slice(i));
    if (eaten) return eaten[1]!;
    return unquoteGo(`"${q[1]!}"`);
  }
  if (open === '<' || open === '{' || open === '[' || open === '&') return klogValue(rest, key);
  return /^\S*/.exec(rest.slice(i))![0];
}

/** What the grammars turn on: quotes, escapes, line ends, blanks of every kind, '=' and key characters. */
const grammar = fc.string({
  unit: fc.constantFrom('"', '\\', '=', ' ', '\t', '\n', '\r', '\u2028', '\u00a0', '\u3000', '\ufeff', 'a', 'Z', '_', '9', '.', '-', ']', 'x', 'n', 'u', '0', 'é'),
  maxLength: 24,
});
const logrusPiece = fc.constantFrom('time="2024-09-14T11:39:43.530117387+08:00" ', 'time="', 'level=info ', 'level=', 'msg="shim disconnected" ', 'msg=', 'id=', ' namespace=moby', '9key=', '__proto__=x ', 'a.b-c=', '"', '\\"', '\\\n');
const klogPiece = fc.constantFrom('I0914 11:39:02.118431    1789 kubelet.go:2430] ', 'E0230 11:39:02.118431 1 x.go:1]', 'W0914 25:39:02.118431\t 17 f.go:9] ', '"SyncLoop DELETE"', ' pod="default/x"', ' pods=["a"]', ' err="a\\"b"', '"', '\\', ' ', ']', '\u2028');
const body = (piece: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.array(fc.oneof(piece, grammar, anyText), { maxLength: 8 }).map((p) => p.join(''));

const plain = (l: LogrusLine | null): unknown => l && { ...l, fields: Object.entries(l.fields) };

describe('body parsers walked by hand agree with their regexes', () => {
  it('parseLogrus', () => {
    holds([body(logrusPiece)], (text) => {
      expect(plain(parseLogrus(text))).toEqual(plain(logrusByRegex(text)));
    });
  }, TIMEOUT);

  it('parseKlog', () => {
    holds([body(klogPiece)], (text) => {
      expect(parseKlog(text)).toEqual(klogByRegex(text));
    });
  }, TIMEOUT);

  it('parseKlogCut', () => {
    const cutPiece = fc.constantFrom('kubelet.go:2215] ', 'x.go:1]', '.go:', 'a.go', ':12]', 'I0914 ', 'E0230 ', '11:39:02.118431 ', '11:39:02.118431', '   1789 ', '1789', 'kuberuntime_gc.go:152] ', '"SyncLoop DELETE"', ' pods=["a"]', '"', ']');
    holds([body(cutPiece)], (text) => {
      expect(parseKlogCut(text)).toEqual(cutByRegex(text));
    });
  }, TIMEOUT);

  it('klogValue', () => {
    const key = fc.constantFrom('pod', 'pods', 'err', 'a', 'x.y', 'podSandboxID');
    const rest = fc.array(fc.oneof(fc.constantFrom(' pod=', 'pod=', 'xpod=', ' err="', ' a=', '\tpods=', ' x.y=', '\u00a0err='), grammar, anyText), { maxLength: 8 }).map((p) => p.join(''));
    holds([rest, key], (r, k) => {
      expect(klogValue(r, k)).toBe(valueByRegex(r, k));
    });
  }, TIMEOUT);

  it('the cases the grammars turn on', () => {
    const cases = [
      'time="2024-09-14T11:39:43+08:00" level=info msg="unclosed',
      'time="2024-09-14T11:39:43+08:00" level=info msg="a\\\nb" id=1',
      'time="x" 9key=1 _k=2 level=warn msg=bare" more=1',
      'level=info x msg="a\\u00e9\\"" time="1" time="2024-09-14T11:39:43Z" k=v=w',
      'prefix {"cni":1}time="2024-09-14T11:39:43.5+08:00" level=error msg="Error deleting pod" __proto__="p"',
    ];
    for (const c of cases) expect(plain(parseLogrus(c))).toEqual(plain(logrusByRegex(c)));
    const klogs = ['I0914 11:39:02.118431    1789 kubelet.go:2430] "SyncLoop DELETE" source="api"', 'I0914 11:39:02.118431 \u3000 17 a.go:1]"m\\\nx" k=1', 'E0914 11:39:02.118431 1 a b.go:1] x', 'I0914 11:39:02.118431 1 a.go:1] "unclosed', 'I0231 11:39:02.118431 1 a.go:1] x'];
    for (const c of klogs) expect(parseKlog(c)).toEqual(klogByRegex(c));
    const cuts = ['kubelet.go:2215] "SyncLoop DELETE" source="api"', '11:39:02.118431 \u3000 17 a.go:1]"m\\\nx" k=1', 'I0914 11:39:02.118431 a.go:1] x', 'I0231 11:39:02.118431 a.go:1] x', '1789 a.b-c+d.go:9]', '.go:1] x', 'a.go:1:b.go:2] x', 'I0914 11:39:02.118431x a.go:1] x'];
    for (const c of cuts) expect(parseKlogCut(c)).toEqual(cutByRegex(c));
    expect(cuts.map((c) => parseKlogCut(c) !== null)).toEqual([true, true, true, false, true, false, false, false]);
  });
});
