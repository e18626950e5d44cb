// The report's JSON is written in pieces (render/json.ts), array members a batch of elements at a time: joined,
// the pieces are JSON.stringify(report, null, 2) + '\n', whatever the members hold.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report.js';
import { jsonPieces, renderJson } from '../../src/render/json.js';
import { anyText, holds, TIMEOUT } from './_harness.js';

const scalar = fc.oneof(anyText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
const value = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('object')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(anyText, tie('value'), { maxKeys: 4 }),
})).value;
// Long arrays too: more elements than one batch, some of them undefined or holes.
const member = fc.oneof(value, fc.array(value, { minLength: 100, maxLength: 400 }), fc.sparseArray(value, { maxLength: 300 }));

describe('report JSON in pieces', () => {
  it('is JSON.stringify(report, null, 2) and a newline', () => {
    holds([fc.dictionary(anyText, member, { maxKeys: 6 })], (report) => {
      const r = report as unknown as Report;
      expect(renderJson(r)).toBe((JSON.stringify(report, null, 2) ?? '') + '\n');
    });
  }, TIMEOUT);

  it('cuts a member of thousands of elements into pieces of a batch each', () => {
    const containers = Array.from({ length: 1000 }, (_, i) => ({ id: `c${i}`, pods: i % 3 === 0 ? [] : [`ns/pod-${i}`], firstSeen: i % 7 === 0 ? null : '2024-09-10T00:00:04.000000Z', note: i % 11 === 0 ? undefined : 'é\u2028"' }));
    const report = { schema: 'podmortem.report/v1', containers, notes: [] } as unknown as Report;
    const pieces = [...jsonPieces(report)];
    expect(pieces.join('')).toBe(JSON.stringify(report, null, 2) + '\n');
    // Neither one piece for the member (it could be hundreds of MB) nor one per element.
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.length).toBeLessThan(100);
  });
});
