// Every rule: id = file name, sorted registry, metadata complete, doc page in sync with the metadata.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleDoc } from '../../src/rules/doc.js';
import { RULES } from '../../src/rules/index.js';

const ROOT = path.resolve(__dirname, '../..');

describe('rule registry', () => {
  it('is sorted by id', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(ids).toEqual([...ids].sort());
  });

  it.each(RULES.map((r) => [r.meta.id, r] as const))('%s has a source file named by its id, full metadata and a doc in sync', (id, rule) => {
    expect(existsSync(path.join(ROOT, 'src/rules/checks', `${id}.ts`))).toBe(true);
    expect(rule.meta.falsePositives.length).toBeGreaterThan(0);
    expect(rule.meta.references.length).toBeGreaterThan(0);
    expect(rule.meta.remediation).not.toBe('');
    const doc = path.join(ROOT, 'docs/rules', `${id}.md`);
    expect(existsSync(doc), `add docs/rules/${id}.md: npm run build && node scripts/gen-rule-docs.mjs`).toBe(true);
    expect(readFileSync(doc, 'utf8'), 'doc out of date: npm run build && node scripts/gen-rule-docs.mjs').toBe(ruleDoc(rule.meta));
  });
});
