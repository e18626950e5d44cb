// The hostile corpus, end to end through the built CLI (checks in _suite.ts, cases in _cases.ts): text, JSON,
// folders, payloads and archives. The heavy cases (100,001 members, bombs, caps) are in hostile-heavy.test.ts.

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CASES, CORPUS } from './_cases.js';
import { hostileSuite } from './_suite.js';

describe('the corpus', () => {
  it('every case names what it attacks, and ids are unique', () => {
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
    for (const c of CASES) expect(c.attack.length).toBeGreaterThan(20);
  });

  it('every committed corpus folder belongs to a case', () => {
    const ids = new Set(CASES.map((c) => c.id));
    expect(readdirSync(CORPUS).filter((d) => !ids.has(d))).toEqual([]);
  });
});

hostileSuite('hostile corpus (built CLI, end to end)', CASES.filter((c) => !c.heavy));
