// Journal renderings: generated valid entries parse back to the fields they were made from (short family,
// JSON, export with binary fields in any chunking, verbose), and journal-short's fast path equals its regex path.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src/events/types.js';
import { journalExport } from '../../src/formats/journal-export.js';
import { journalJson } from '../../src/formats/journal-json.js';
import { journalShort } from '../../src/formats/journal-short.js';
import { journalVerbose } from '../../src/formats/journal-verbose.js';
import type { FormatContext } from '../../src/formats/types.js';
import { checkRun, chunked, hex64, holds, pad2, runBytes, runLines, TIMEOUT, word } from './_harness.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** A journal message: any text on one line, with the characters that break naive line grammars. */
const message = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc.string({ unit: fc.constantFrom('a', ' ', ':', '[', ']', '"', '\\', '\t', '\r', '\u2028', '\u2029', '\u0000', '█', '<', '|', '`'), maxLength: 40 }),
  )
  .map((s) => s.replace(/\n/g, ' ').replace(/\r$/, '.'));

interface Entry {
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micro: number | null;
  host: string;
  ident: string;
  pid: number | null;
  msg: string;
}

const entry: fc.Arbitrary<Entry> = fc.record({
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.integer({ min: 0, max: 59 }),
  second: fc.integer({ min: 0, max: 59 }),
  micro: fc.option(fc.integer({ min: 0, max: 999_999 }), { nil: null }),
  host: word(30),
  // journald identifiers: anything but ':' and '[' would do; these are what daemons use.
  ident: fc.oneof(word(20), fc.constantFrom('systemd', 'kubelet', 'dockerd', 'uninstall-docker', 'sh', 'kernel')),
  pid: fc.option(fc.integer({ min: 1, max: 4_194_304 }), { nil: null }),
  msg: message,
});

/** journalctl short / short-precise, the day printed zero-padded (journalctl) or space-padded (syslog). */
function shortLine(e: Entry, spacePad: boolean): string {
  const day = spacePad ? String(e.day).padStart(2, ' ') : pad2(e.day);
  const frac = e.micro === null ? '' : '.' + String(e.micro).padStart(6, '0');
  return `${MONTHS[e.month - 1]} ${day} ${pad2(e.hour)}:${pad2(e.minute)}:${pad2(e.second)}${frac} ${e.host} ${e.ident}${e.pid === null ? '' : `[${e.pid}]`}: ${e.msg}`;
}

function expectFields(r: LogRecord, e: Entry): void {
  expect(r.stamp).toMatchObject({ month: e.month, day: e.day, hour: e.hour, minute: e.minute, second: e.second, micro: e.micro ?? 0 });
  expect([r.host, r.ident, r.pid, r.message]).toEqual([e.host, e.ident, e.pid, e.msg]);
}

describe('journal-short round trip', () => {
  it('a short/short-precise line parses back to its month, day, time, host, identifier, PID and message', () => {
    holds([fc.array(entry, { minLength: 1, maxLength: 8 }), fc.boolean()], (es, spacePad) => {
      const text = es.map((e) => shortLine(e, spacePad)).join('\n') + '\n';
      const r = runLines(journalShort, text);
      checkRun(r);
      expect(r.records).toHaveLength(es.length);
      es.forEach((e, i) => expectFields(r.records[i]!, e));
    });
  }, TIMEOUT);

  it('short-iso and short-unix lines keep the instant and the fields', () => {
    holds([entry, fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: -12 * 60, max: 14 * 60 }).map((m) => m - (m % 15))], (e, year, off) => {
      const sign = off < 0 ? '-' : '+';
      const zone = `${sign}${pad2(Math.floor(Math.abs(off) / 60))}${pad2(Math.abs(off) % 60)}`;
      const frac = e.micro === null ? '' : '.' + String(e.micro).padStart(6, '0');
      const iso = `${year}-${pad2(e.month)}-${pad2(e.day)}T${pad2(e.hour)}:${pad2(e.minute)}:${pad2(e.second)}${frac}${zone} ${e.host} ${e.ident}${e.pid === null ? '' : `[${e.pid}]`}: ${e.msg}`;
      const us = Date.UTC(year, e.month - 1, e.day, e.hour, e.minute, e.second) * 1000 + (e.micro ?? 0) - off * 60_000_000;
      const unix = `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')} ${e.host} ${e.ident}${e.pid === null ? '' : `[${e.pid}]`}: ${e.msg}`;
      const r = runLines(journalShort, `${iso}\n${unix}\n`);
      checkRun(r);
      expect(r.records).toHaveLength(2);
      expect(r.records[0]!.stamp).toMatchObject({ year, month: e.month, day: e.day, hour: e.hour, offsetMin: off, micro: e.micro ?? 0 });
      expect(r.records[1]!.absUs).toBe(us);
      for (const rec of r.records) expect([rec.host, rec.ident, rec.pid, rec.message]).toEqual([e.host, e.ident, e.pid, e.msg]);
    });
  }, TIMEOUT);

  it('the fast path (records cut by position, built or only counted) equals the regex path', () => {
    const line = fc.oneof(entry.chain((e) => fc.boolean().map((p) => shortLine(e, p))), fc.constantFrom('', '-- Boot 7d4b2e91c0a34f6f8e2d1a5b9c3e7f10 --', '   continued', 'garbage'));
    holds([fc.array(line, { maxLength: 10 }), fc.constantFrom(0, 2)], (lines, need) => {
      const text = lines.join('\n') + '\n';
      const slow = runLines(journalShort, text);
      // The same format with ingest's quiet hook: need 2 builds every record; need 0 only counts them.
      let taken = 0;
      const quiet = { need: () => need, timeAt: -1, timeOnce: false, take: () => taken++ };
      const recs: LogRecord[] = [];
      let other = 0;
      const ctx = { path: 'bundle/input', quiet, record: (r: LogRecord) => recs.push(r), event: () => {}, meta: () => {}, unparsed: () => other++, skipped: () => other++, note: () => {} } as unknown as FormatContext;
      const p = journalShort.open(ctx);
      text.split('\n').slice(0, -1).forEach((l, i) => p.line(l, i + 1));
      p.end();
      expect(recs.length + taken).toBe(slow.records.length);
      if (taken === 0) expect(recs).toEqual(slow.records);
      expect(other).toBe(slow.skipped.length + slow.unparsed.length);
    });
  }, TIMEOUT);
});

describe('journal-json round trip', () => {
  it('an object per line (json, json-seq) or json-pretty parses back to its instant, host, identifier, PID and message', () => {
    const obj = fc.record({ us: fc.integer({ min: 0, max: 4_102_444_800_000_000 }), host: word(), ident: word(), pid: fc.integer({ min: 1, max: 4_194_304 }), msg: message, bytes: fc.boolean(), extra: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }) });
    holds([fc.array(obj, { minLength: 1, maxLength: 5 }), fc.constantFrom('json', 'seq', 'pretty')], (os, mode) => {
      const text = os
        .map((o) => {
          const v: Record<string, unknown> = { ...o.extra, __REALTIME_TIMESTAMP: String(o.us), _HOSTNAME: o.host, SYSLOG_IDENTIFIER: o.ident, _PID: String(o.pid), MESSAGE: o.bytes ? [...Buffer.from(o.msg)] : o.msg };
          if (mode === 'pretty') return '{\n' + Object.entries(v).map(([k, x], i, a) => `\t${JSON.stringify(k)} : ${JSON.stringify(x)}${i < a.length - 1 ? ',' : ''}`).join('\n') + '\n}';
          return (mode === 'seq' ? '\u001e' : '') + JSON.stringify(v);
        })
        .join('\n') + '\n';
      const r = runLines(journalJson, text);
      checkRun(r);
      expect(r.records.map((x) => [x.absUs, x.host, x.ident, x.pid])).toEqual(os.map((o) => [o.us, o.host, o.ident, o.pid]));
      // A byte array is decoded as UTF-8, as journalctl encodes a value that is not (lone surrogates become U+FFFD).
      expect(r.records.map((x) => x.message)).toEqual(os.map((o) => (o.bytes || /[\ud800-\udfff]/.test(o.msg) ? Buffer.from(o.msg).toString('utf8') : o.msg)));
    });
  }, TIMEOUT);
});

describe('journal-export round trip', () => {
  it('text and binary fields, however the stream is chunked, parse back; a lying length only loses its own entry', () => {
    const ent = fc.record({ us: fc.integer({ min: 0, max: 4_102_444_800_000_000 }), host: word(), ident: word(), pid: fc.integer({ min: 1, max: 99999 }), msg: message, binary: fc.boolean(), cursor: hex64 });
    holds([fc.array(ent, { minLength: 1, maxLength: 5 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }), fc.option(fc.bigInt({ min: 1n << 40n, max: (1n << 64n) - 1n }), { nil: null })], (es, cuts, lie) => {
      const parts: Buffer[] = [];
      es.forEach((e, i) => {
        parts.push(Buffer.from(`__CURSOR=s=${e.cursor};i=${i}\n__REALTIME_TIMESTAMP=${e.us}\n_HOSTNAME=${e.host}\nSYSLOG_IDENTIFIER=${e.ident}\n_PID=${e.pid}\n`));
        // journald writes a value in binary form when it holds a newline or is not printable; any value may be.
        const msg = Buffer.from(e.msg);
        if (e.binary || /[\n\u0000-\u001f]/.test(e.msg)) {
          const len = Buffer.alloc(8);
          len.writeBigUInt64LE(BigInt(msg.length));
          parts.push(Buffer.from('MESSAGE\n'), len, msg, Buffer.from('\n'));
        } else parts.push(Buffer.from(`MESSAGE=${e.msg}\n`));
        parts.push(Buffer.from('\n'));
      });
      if (lie !== null) {
        // An entry whose binary length says more than the file holds (2^40 … 2^64-1), last in the stream.
        const len = Buffer.alloc(8);
        len.writeBigUInt64LE(lie);
        parts.push(Buffer.from('__REALTIME_TIMESTAMP=1\nMESSAGE\n'), len, Buffer.from('tail\n'));
      }
      const r = runBytes(journalExport, chunked(Buffer.concat(parts), cuts));
      checkRun(r);
      expect(r.records.map((x) => [x.absUs, x.host, x.ident, x.pid, x.message])).toEqual(es.map((e) => [e.us, e.host, e.ident, e.pid, Buffer.from(e.msg).toString('utf8')]));
    });
  }, TIMEOUT);
});

describe('journal-verbose round trip', () => {
  it('a header with a cursor t= and indented fields parses back', () => {
    const ent = fc.record({ us: fc.integer({ min: 946_684_800_000_000, max: 4_102_444_800_000_000 }), host: word(), ident: word(), pid: fc.integer({ min: 1, max: 99999 }), msg: message });
    holds([fc.array(ent, { minLength: 1, maxLength: 5 })], (es) => {
      const text = es
        .map((e) => {
          const d = new Date(Math.floor(e.us / 1000));
          const head = `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${String(e.us % 1e6).padStart(6, '0')} UTC [s=1576435e36f34ed69fc21d26c2f7208a;i=1;b=7d4b;m=f4;t=${e.us.toString(16)};x=e4]`;
          return [head, `    _HOSTNAME=${e.host}`, `    SYSLOG_IDENTIFIER=${e.ident}`, `    _PID=${e.pid}`, `    MESSAGE=${e.msg}`].join('\n');
        })
        .join('\n') + '\n';
      const r = runLines(journalVerbose, text);
      checkRun(r);
      expect(r.records.map((x) => [x.absUs, x.host, x.ident, x.pid, x.message])).toEqual(es.map((e) => [e.us, e.host, e.ident, e.pid, e.msg]));
    });
  }, TIMEOUT);
});
