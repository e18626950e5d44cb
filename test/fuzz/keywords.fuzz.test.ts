// KeywordSet (Wu-Manber over bigrams) and KeywordGroups (its one pass over several sets) answer what the alternation regex over the same keywords answers, on any
// span of any text: keywords of every length, overlapping, sharing bigrams, next to characters that fold onto
// theirs (U+0161 'š' folds onto 'a', as 'á' does).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPONENTS } from '../../src/components/index.js';
import { KeywordGroups, KeywordSet } from '../../src/components/keywords.js';
import { anyText, holds, TIMEOUT } from './_harness.js';

const ASCII = /^[\x00-\x7f]*$/;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const byRegex = (keywords: string[], text: string, start: number, end: number): boolean => new RegExp(keywords.map(escape).join('|')).test(text.slice(start, end));

const letters = fc.constantFrom('a', 'b', 'n', 'd', ' ', '.', '-', 'š', 'á', '\u2028', 'A');
const keyword = fc.string({ unit: letters, minLength: 1, maxLength: 12 });

describe('KeywordSet', () => {
  it('agrees with the alternation regex on random keywords and spans', () => {
    const text = fc.array(fc.oneof(fc.string({ unit: letters, maxLength: 30 }), anyText), { maxLength: 6 }).map((p) => p.join(''));
    holds([fc.array(keyword, { minLength: 1, maxLength: 6 }), text, fc.nat(), fc.nat()], (keywords, t, a, b) => {
      const start = t.length === 0 ? 0 : a % (t.length + 1);
      const end = start + (b % (t.length - start + 1));
      expect(new KeywordSet(keywords).in(t, start, end)).toBe(byRegex(keywords, t, start, end));
    });
  }, TIMEOUT);

  it("agrees on the components' own keywords, planted in noise and cut at the span's edges", () => {
    const all = [...new Set(COMPONENTS.flatMap((c) => c.gate.keywords))];
    const sets = [all, ...COMPONENTS.filter((c) => c.gate.keywords.length > 0).map((c) => c.gate.keywords)];
    const text = fc.array(fc.oneof(fc.constantFrom(...all), fc.constantFrom(...all).map((k) => k.slice(1)), fc.constantFrom(...all).map((k) => k.slice(0, -1)), anyText), { maxLength: 6 }).map((p) => p.join(' '));
    holds([fc.constantFrom(...sets), text, fc.nat(), fc.nat()], (keywords, t, a, b) => {
      const start = t.length === 0 ? 0 : a % (t.length + 1);
      const end = start + (b % (t.length - start + 1));
      const set = new KeywordSet(keywords);
      const want = byRegex(keywords, t, start, end);
      expect(set.in(t, start, end)).toBe(want);
      // On an ASCII text, its bytes (the gate's count-only lines) give the same answer.
      if (ASCII.test(t)) expect(set.inBytes(Buffer.from(t, 'latin1'), start, end, t)).toBe(want);
    });
  }, TIMEOUT);

  it('gives the same answer on the bytes of an ASCII text, for random keywords of any characters', () => {
    const ascii = fc.constantFrom('a', 'b', 'n', 'd', ' ', '.', '-', 'A', '"', '=');
    const text = fc.array(fc.string({ unit: ascii, maxLength: 30 }), { maxLength: 6 }).map((p) => p.join(''));
    holds([fc.array(keyword, { minLength: 1, maxLength: 6 }), text, fc.nat(), fc.nat()], (keywords, t, a, b) => {
      const start = t.length === 0 ? 0 : a % (t.length + 1);
      const end = start + (b % (t.length - start + 1));
      expect(new KeywordSet(keywords).inBytes(Buffer.from(t, 'latin1'), start, end, t)).toBe(byRegex(keywords, t, start, end));
    });
  }, TIMEOUT);

  it('finds a keyword only whole inside the span', () => {
    const k = new KeywordSet(['shim disconnected', 'PodSandbox']);
    const line = 'x msg="shim disconnected" id=1';
    expect(k.in(line, 0, line.length)).toBe(true);
    expect(k.in(line, 8, line.length)).toBe(false);
    expect(k.in(line, 0, 23)).toBe(false);
    expect(k.in(line, 7, 24)).toBe(true);
    expect(k.in('RunPodSandbox', 0, 13)).toBe(true);
    expect(new KeywordSet(['x', 'yz']).in('ayz', 0, 3)).toBe(true);
  });
});

/** The groups' bits as one alternation regex per group would give them (an empty group: always). */
const bitsByRegex = (groups: string[][], text: string, start: number, end: number): number =>
  groups.reduce((bits, g, i) => (g.length === 0 || byRegex(g, text, start, end) ? bits | (1 << i) : bits), 0);

describe('KeywordGroups', () => {
  it('gives each group the answer of its own alternation regex, on random groups and spans', () => {
    const text = fc.array(fc.oneof(fc.string({ unit: letters, maxLength: 30 }), anyText), { maxLength: 6 }).map((p) => p.join(''));
    const groups = fc.array(fc.array(keyword, { maxLength: 4 }), { minLength: 1, maxLength: 8 });
    holds([groups, text, fc.nat(), fc.nat()], (gs, t, a, b) => {
      const start = t.length === 0 ? 0 : a % (t.length + 1);
      const end = start + (b % (t.length - start + 1));
      expect(new KeywordGroups(gs).which(t, start, end)).toBe(bitsByRegex(gs, t, start, end));
    });
  }, TIMEOUT);

  it("gives the components' bits as their own keyword sets do, keywords planted in noise", () => {
    const groups = COMPONENTS.map((c) => [...c.gate.keywords]);
    const all = [...new Set(groups.flat())];
    const text = fc.array(fc.oneof(fc.constantFrom(...all), fc.constantFrom(...all).map((k) => k.slice(1)), fc.constantFrom(...all).map((k) => k.slice(0, -1)), anyText), { maxLength: 8 }).map((p) => p.join(' '));
    const compiled = new KeywordGroups(groups);
    holds([text, fc.nat(), fc.nat()], (t, a, b) => {
      const start = t.length === 0 ? 0 : a % (t.length + 1);
      const end = start + (b % (t.length - start + 1));
      expect(compiled.which(t, start, end)).toBe(bitsByRegex(groups, t, start, end));
    });
  }, TIMEOUT);

  it('names every group a line holds a keyword of, and the groups without keywords', () => {
    const g = new KeywordGroups([['shim disconnected'], [], ['PodSandbox', 'x'], ['nothing here']]);
    const line = 'msg="shim disconnected" RunPodSandbox';
    expect(g.which(line, 0, line.length)).toBe(0b0111);
    expect(g.which(line, 0, 10)).toBe(0b0010);
    expect(() => new KeywordGroups(Array.from({ length: 32 }, () => ['a']))).toThrow(/31/);
  });
});
