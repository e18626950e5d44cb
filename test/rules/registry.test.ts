// Every rule: id = file name, sorted registry, metadata complete, doc page in sync with the metadata.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
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
    const file = rule.source ? path.join(ROOT, 'rules', `${id}.yaml`) : path.join(ROOT, 'src/rules/checks', `${id}.ts`);
    expect(existsSync(file), `a rule's id is its file name: ${file}`).toBe(true);
    if (rule.source) expect(path.resolve(rule.source)).toBe(file);
    expect(rule.meta.falsePositives.length).toBeGreaterThan(0);
    expect(rule.meta.references.length).toBeGreaterThan(0);
    expect(rule.meta.remediation).not.toBe('');
    const doc = path.join(ROOT, 'docs/rules', `${id}.md`);
    expect(existsSync(doc), `add docs/rules/${id}.md: npm run build && node scripts/gen-rule-docs.mjs`).toBe(true);
    expect(readFileSync(doc, 'utf8'), 'doc out of date: npm run docs:rules').toBe(ruleDoc(rule.meta));
  });

  it('has a test for every rule', () => {
    const tests = readdirSync(path.join(ROOT, 'test/rules'))
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => readFileSync(path.join(ROOT, 'test/rules', f), 'utf8'))
      .join('\n');
    for (const r of RULES) expect(tests, `add RuleTester cases for ${r.meta.id} in test/rules/`).toMatch(new RegExp(`ruleTester\\((${r.meta.id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}|byId\\('${r.meta.id}'\\))`));
  });
});
