// The line cutter gives the lines of the whole text however the bytes are cut into chunks: split2(/\n/)'s lines
// (empty ones too, the last only when not empty), each line past maxLine handed over as overlong instead.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineCutter, PIECE } from '../../src/ingest/line-cutter.js';
import { RUNS } from '../fuzz/_harness.js';

type Cut = { line: string } | { overlong: string };

/** What the cutter hands over for `chunks`, in order; `inPlace` gives the sink a lineAt. */
function cutAll(chunks: Buffer[], maxLine: number, inPlace: boolean): Cut[] {
  const out: Cut[] = [];
  const sink = {
    line: (text: string) => void out.push({ line: text }),
    lineAt: inPlace ? (text: string, start: number, end: number) => void out.push({ line: text.slice(start, end) }) : undefined,
    overlong: (sample: string) => void out.push({ overlong: sample }),
  };
  const cutter = new LineCutter(sink, maxLine);
  for (const c of chunks) cutter.write(c);
  cutter.end();
  return out;
}

/** The reference: the text decoded whole, split on '\n', each line too long replaced by its first 200 characters. */
function expected(text: string, maxLine: number): Cut[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.length > maxLine ? { overlong: l.slice(0, 200) } : { line: l }));
}

/** `bytes` cut at the given offsets (sorted, deduplicated, within the buffer). */
function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    out.push(bytes.subarray(from, c));
    from = c;
  }
  return out;
}

/** Lines of ASCII, multi-byte UTF-8, CR, LS/PS and empty lines. */
const text = fc
  .array(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('', '\r', 'a\rb', 'x\u2028y', '\u2029', 'ü€😀')), { maxLength: 30 })
  .chain((lines) => fc.constantFrom(lines.join('\n'), lines.join('\n') + '\n'));

describe('line cutter', () => {
  it('any chunking gives the lines and overlong lines of the text read whole', () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 12 }), fc.integer({ min: 0, max: 60 }), fc.boolean(), (t, cuts, maxLine, inPlace) => {
        const got = cutAll(chunked(Buffer.from(t, 'utf8'), cuts), maxLine, inPlace);
        const want = expected(t, maxLine);
        // Lines alike, overlong ones in the same places. Their samples are compared in the next case: under a cap
        // of 200 a sample is the 200 characters from the line's start as far as they had come, which can run past
        // its newline (kept as it was when the cutter left readFile).
        expect(got.map((c) => ('line' in c ? c : { overlong: true }))).toEqual(want.map((c) => ('line' in c ? c : { overlong: true })));
      }),
      { numRuns: RUNS },
    );
  });

  it('any chunking gives the same samples of overlong lines when the cap is 200 characters or more', () => {
    const long = fc.array(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', minLength: 150, maxLength: 300 })), { maxLength: 8 }).map((ls) => ls.join('\n'));
    fc.assert(
      fc.property(long, fc.array(fc.nat(), { maxLength: 12 }), fc.integer({ min: 200, max: 260 }), fc.boolean(), (t, cuts, maxLine, inPlace) => {
        expect(cutAll(chunked(Buffer.from(t, 'utf8'), cuts), maxLine, inPlace)).toEqual(expected(t, maxLine));
      }),
      { numRuns: RUNS },
    );
  });

  it('a chunk bigger than a piece is cut in pieces without changing a line, a multi-byte character across the cut included', () => {
    // The cut between pieces falls inside "ü" (two bytes) and inside a long line.
    const head = 'a'.repeat(PIECE - 1);
    const t = `${head}ü tail\nsecond\n${'b'.repeat(3 * PIECE)}\nlast`;
    for (const maxLine of [PIECE * 4, PIECE, 10])
      for (const inPlace of [true, false]) expect(cutAll([Buffer.from(t, 'utf8')], maxLine, inPlace)).toEqual(expected(t, maxLine));
  });

  it('an overlong line is dropped up to its newline, and the lines after it are read', () => {
    const t = `one\n${'x'.repeat(1000)}\ntwo\n${'y'.repeat(500)}`;
    expect(cutAll([Buffer.from(t.slice(0, 300)), Buffer.from(t.slice(300))], 100, true)).toEqual([{ line: 'one' }, { overlong: 'x'.repeat(200) }, { line: 'two' }, { overlong: 'y'.repeat(200) }]);
  });
});
