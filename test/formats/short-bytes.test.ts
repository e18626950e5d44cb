// The journal-short envelope cut from bytes (src/formats/_short-bytes.ts) against the same cut from the decoded
// text (cutShortStamp, cutShortOrigin in journal-short.ts): the line cutter hands the byte version the ASCII pieces
// it decoded latin1, where a byte is a character at the same position. Lines are the short-form lines of samples/
// and ../shared/reference/real-outputs (ASCII ones), each mutated (characters replaced, inserted or cut, digits and
// separators swapped) and read inside a piece between other lines, at its start and at its very end (reads past
// the line and past the bytes must answer as reads past the line and past the text do).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutShortOriginAt, cutShortStampAt } from '../../src/formats/_short-bytes.js';
import { cutShortOrigin, cutShortStamp } from '../../src/formats/journal-short.js';
import type { QuietRecord } from '../../src/formats/types.js';

const ROOTS = [path.resolve(__dirname, '../../samples'), path.resolve(__dirname, '../../../shared/reference/real-outputs')];
const SHORT = /^(?:[A-Z][a-z]{2}) [ \d]\d \d\d:\d\d:\d\d/;

function realLines(): string[] {
  const out = new Set<string>();
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = path.join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.size < 2_000_000) for (const line of readFileSync(p, 'latin1').split('\n')) if (SHORT.test(line) && !/[^\x00-\x7f]/.test(line)) out.add(line);
    }
  };
  for (const r of ROOTS) walk(r);
  return [...out];
}

const slot = (): QuietRecord => ({ text: '', bytes: null, start: 0, end: 0, lineNo: 0, hostStart: 0, hostEnd: 0, identStart: 0, identEnd: 0, msgStart: 0, need: 0, timeAt: -1, timeOnce: false, month: 0, day: 0, hour: 0, minute: 0, second: 0, micro: 0, yearShift: 0 });

/** Both cuts of text[start, end), with the same bytes: what each says and the fields it set. */
function both(text: string, start: number, end: number): [unknown, unknown] {
  const bytes = Buffer.from(text, 'latin1');
  const a = slot();
  const b = slot();
  const sa = cutShortStamp(text, start, end, a);
  const sb = cutShortStampAt(bytes, start, end, b);
  const oa = sa === -1 ? null : cutShortOrigin(text, sa + 1, end, a);
  const ob = sb === -1 ? null : cutShortOriginAt(bytes, sb + 1, end, b);
  return [
    { sa, oa, a },
    { sa: sb, oa: ob, a: b },
  ];
}

const LINES = realLines();
const ascii = fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c));
const special = fc.constantFrom(' ', ':', '[', ']', '.', '0', '9', '\t', '\x7f', '\x1f', '~', 'Sep', 'Feb 29', ': ', '[12]:', '[]:', '  ');

/** A real line mutated: a few characters replaced, inserted or removed (most in the envelope), or the line cut short. */
const mutated = fc
  .tuple(fc.constantFrom(...LINES), fc.array(fc.tuple(fc.oneof(fc.nat(40), fc.nat(120)), fc.nat(2), fc.oneof(ascii, special)), { maxLength: 4 }), fc.option(fc.nat(120), { nil: undefined }))
  .map(([line, edits, cut]) => {
    let s = line;
    for (const [at, kind, c] of edits) {
      const i = Math.min(at, s.length);
      s = kind === 0 ? s.slice(0, i) + c + s.slice(i + 1) : kind === 1 ? s.slice(0, i) + c + s.slice(i) : s.slice(0, i) + s.slice(i + 1);
    }
    return cut === undefined ? s : s.slice(0, cut);
  });

/** A stamp of any field values (out of range ones too) in front of a real line's host, identifier and message. */
const restamped = fc
  .tuple(
    fc.constantFrom(...LINES),
    fc.constantFrom('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Jux', 'sep', 'Se'),
    fc.constantFrom(' ', '  '),
    fc.integer({ min: 0, max: 39 }),
    fc.integer({ min: 0, max: 29 }),
    fc.integer({ min: 0, max: 69 }),
    fc.integer({ min: 0, max: 69 }),
    fc.option(fc.stringMatching(/^[0-9]{0,8}$/), { nil: undefined }),
  )
  .map(([line, month, pad, day, hour, minute, second, frac]) => {
    const two = (n: number): string => String(n).padStart(2, '0');
    const rest = line.slice(line.indexOf(' ', 16) + 1);
    return `${month}${pad}${day} ${two(hour)}:${two(minute)}:${two(second)}${frac === undefined ? '' : '.' + frac} ${rest}`;
  });

describe('journal-short envelope from bytes', () => {
  it('finds real short lines in samples/ to read', () => {
    expect(LINES.length).toBeGreaterThan(100);
  });

  it('cuts every real line as the text cut does', () => {
    for (const line of LINES) {
      const [t, b] = both(line, 0, line.length);
      expect(b, line).toEqual(t);
    }
  });

  it('cuts a mutated line inside a piece, at its start or at its end, as the text cut does', () => {
    fc.assert(
      fc.property(mutated, fc.constantFrom('', 'Sep 10 08:00:00 node-a kubelet[1]: x\n'), fc.constantFrom('', '\nSep 10 08:00:00.5 h k: y', '\n 9'), (line, before, after) => {
        const text = before + line + after;
        const [t, b] = both(text, before.length, before.length + line.length);
        expect(b, JSON.stringify(line)).toEqual(t);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 2000) },
    );
  });

  it('reads every stamp, valid or not, as the text cut does', () => {
    fc.assert(
      fc.property(restamped, (line) => {
        const [t, b] = both(line, 0, line.length);
        expect(b, line).toEqual(t);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 2000) },
    );
  });
});
