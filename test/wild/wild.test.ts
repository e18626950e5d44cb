// samples/wild/: real node-log excerpts people posted in public, each read through the real pipeline and scored
// against the lifecycle lines a careful reader marks (recognised / expected / extra events). The goal is
// 95% recall; the floor below is a ratchet, set just under what the code reads today.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_KINDS } from '../../src/events/vocabulary.js';
import { missReport, readMeta, readsRight, scoreFile, table, totals, WILD_DIR, wildSlugs, type FileScore } from './score.js';

/**
 * Overall recall the corpus must keep (recognised / expected). Raised as recognition lands (components for
 * containerd CRI, legacy kubelet wording, logrus files, journal envelopes in other shapes); the target is 0.95.
 */
const RECALL_FLOOR = 0.95;
/**
 * Events on lines nobody marked, over the whole corpus: a reader that cries wolf raises this. Today 0 (mount units'
 * "Deactivated successfully"/"Succeeded" and a container's own scope unit are in the corpus to keep it so).
 */
const MAX_EXTRA = 2;
/** The issue asks for at least this many sourced excerpts. */
const MIN_FILES = 80;

const ID64 = /^[0-9a-f]{64}$/;
const slugs = wildSlugs();

describe('samples/wild: the corpus itself', () => {
  it(`has at least ${MIN_FILES} excerpts, each with a source and marks that point at real lines`, () => {
    expect(slugs.length).toBeGreaterThanOrEqual(MIN_FILES);
    for (const slug of slugs) {
      const meta = readMeta(slug);
      const lines = readFileSync(path.join(WILD_DIR, `${slug}.log`), 'utf8').split('\n');
      expect(meta.source, slug).toMatch(/^https:\/\//);
      expect(meta.title, slug).not.toBe('');
      for (const e of meta.expected) {
        expect(e.line, `${slug}:${e.line}`).toBeGreaterThanOrEqual(1);
        expect(lines[e.line - 1], `${slug}:${e.line}`).toBeDefined();
        expect(/^[a-z]+(\.[a-z]+)+$/.test(e.kind), `${slug}:${e.line} kind ${e.kind}`).toBe(true);
        // A kind the vocabulary lacks is a proposal and must say so.
        if (!(e.kind in EVENT_KINDS)) expect(e.note ?? '', `${slug}:${e.line} ${e.kind}`).toMatch(/proposed kind/);
        if (e.id !== null) {
          expect(e.id, `${slug}:${e.line}`).toMatch(ID64);
          // Never a guessed ID: it is on the line, or the line's wrap is named in the note.
          if (!lines[e.line - 1]!.includes(e.id)) expect(e.note ?? '', `${slug}:${e.line}`).toMatch(/wrapped/);
        }
      }
    }
  });
});

describe('samples/wild: the scorer', () => {
  const id = 'a'.repeat(64);
  const other = 'b'.repeat(64);
  it('wants the marked kind and, when the mark has an ID, that ID', () => {
    expect(readsRight({ kind: 'shim.disconnected', ids: [id], text: `id=${id}` }, { line: 1, kind: 'shim.disconnected', id })).toBe(true);
    expect(readsRight({ kind: 'shim.cleanup', ids: [id], text: `id=${id}` }, { line: 1, kind: 'shim.disconnected', id })).toBe(false);
    expect(readsRight({ kind: 'shim.disconnected', ids: [other], text: `id=${other}` }, { line: 1, kind: 'shim.disconnected', id })).toBe(false);
  });

  it('fails an ID the text does not hold where the mark has none (a wrapped or cut ID completed by guess)', () => {
    const wrapped = `id=${id.slice(0, 40)}\n${id.slice(40)}`;
    expect(readsRight({ kind: 'shim.disconnected', ids: [], text: wrapped }, { line: 1, kind: 'shim.disconnected', id: null })).toBe(true);
    expect(readsRight({ kind: 'shim.disconnected', ids: [id], text: wrapped }, { line: 1, kind: 'shim.disconnected', id: null })).toBe(false);
  });
});

describe('samples/wild: what podmortem reads of it', () => {
  let scores: FileScore[] = [];
  beforeAll(async () => {
    for (const slug of slugs) scores.push(await scoreFile(slug));
  }, 300_000);

  it('reads every excerpt without crashing and prints the score table', () => {
    expect(scores.length).toBe(slugs.length);
    console.log(table(scores));
    if (process.env['WILD_MISSES']) console.log(missReport(scores));
  });

  it(`recognises at least ${RECALL_FLOOR * 100}% of the marked lifecycle lines with the right kind and ID`, () => {
    expect(totals(scores).recall).toBeGreaterThanOrEqual(RECALL_FLOOR);
  });

  it(`raises at most ${MAX_EXTRA} events on unmarked lines`, () => {
    expect(totals(scores).extra).toBeLessThanOrEqual(MAX_EXTRA);
  });
});
