// A renderer's pieces (what analyze -o writes one by one) join to exactly its rendering.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/report.js';
import { RENDERER_IDS, RENDERERS, type Renderer } from '../../src/render/index.js';
import { ROWS_PER_PIECE } from '../../src/render/jsonl.js';

const SAMPLE = path.resolve(__dirname, '../../samples/hostport-stale-dnat');
const OPTS = { maxEvidence: 20, color: false, width: 160 };

describe('renderer pieces', () => {
  it('join to the rendering, for every renderer that has them', async () => {
    const a = await analyze([SAMPLE], { tz: null, year: null, host: null }, 'test');
    const withPieces = RENDERER_IDS.filter((id) => (RENDERERS[id] as Renderer).pieces);
    expect(withPieces).toEqual(['csv', 'html', 'json', 'jsonl', 'md']);
    for (const id of withPieces) {
      const r = RENDERERS[id] as Renderer;
      const pieces = [...r.pieces!(a, OPTS)];
      expect(pieces.length, id).toBeGreaterThan(0);
      expect(pieces.join(''), id).toBe(r.render(a, OPTS));
    }
  });

  it('timeline exports cut their rows into pieces of ROWS_PER_PIECE lines', async () => {
    const a = await analyze([SAMPLE], { tz: null, year: null, host: null }, 'test');
    const many = Array.from({ length: 3 }, () => a.timeline.events).flat();
    const timed = many.filter((e) => e.time !== null).length;
    expect(timed).toBeGreaterThan(0);
    const jsonl = [...RENDERERS.jsonl.pieces({ ...a, timeline: { ...a.timeline, events: many } }, OPTS)];
    expect(jsonl.length).toBe(Math.ceil(timed / ROWS_PER_PIECE));
    expect(jsonl.join('').split('\n').length - 1).toBe(timed);
  });
});
