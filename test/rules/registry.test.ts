// Every rule: id = file name, sorted registry, metadata complete (messages, limitations, false positives …), doc page
// in sync with the metadata, its own test file and its own positive and negative sample bundles. Each failure says
// what to add and where (eslint's checkRuleFiles).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleDoc, rulesIndex } from '../../src/rules/doc.js';
import { messageOf } from '../../src/rules/_message.js';
import { RULES } from '../../src/rules/index.js';

const ROOT = path.resolve(__dirname, '../..');

/** What a rule needs besides its source, as the failure message lists it (and CONTRIBUTING.md walks through). */
const NEEDS = (id: string): string =>
  `every rule needs: meta.messages (≥1 non-empty template), meta.limitations (≥1), test/rules/${id}.test.ts calling ruleTester(), ` +
  `samples/rules/${id}/positive[-<case>]/expected.json expecting {"rule": "${id}", …} and samples/rules/${id}/negative[-<case>]/expected.json forbidding {"rule": "${id}", …} (shape of ../shared/dev-bundles/*/expected.json), and docs/rules/${id}.md (npm run docs:rules)`;

interface Spec {
  inputs?: string[];
  expect?: { rule?: string }[];
  forbid?: { rule?: string }[];
}

/** The sample bundles of a rule: folders positive[-…] and negative[-…] under samples/rules/<id>/ with their expected.json. */
function samplesOf(id: string): { positive: Spec[]; negative: Spec[] } {
  const dir = path.join(ROOT, 'samples/rules', id);
  const out = { positive: [] as Spec[], negative: [] as Spec[] };
  if (!existsSync(dir)) return out;
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const kind = /^(positive|negative)(-[a-z0-9-]+)?$/.exec(d.name)?.[1] as 'positive' | 'negative' | undefined;
    const spec = path.join(dir, d.name, 'expected.json');
    if (d.isDirectory() && kind && existsSync(spec)) out[kind].push(JSON.parse(readFileSync(spec, 'utf8')) as Spec);
  }
  return out;
}

describe('rule registry', () => {
  it('has an index page in sync (docs/rules/README.md): every rule listed, and the evidence section every rule doc links to', () => {
    const index = readFileSync(path.join(ROOT, 'docs/rules/README.md'), 'utf8');
    expect(index, 'docs/rules/README.md out of date: npm run docs:rules').toBe(rulesIndex(RULES));
    for (const r of RULES) expect(index).toContain(`[\`${r.meta.id}\`](${r.meta.id}.md)`);
    expect(index).toContain('\n## Evidence\n');
    for (const r of RULES) expect(ruleDoc(r.meta)).toContain('](README.md#evidence)');
  });

  it("is listed in README's Rules table, each rule with its doc", () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const r of RULES) expect(readme, `add a row for ${r.meta.id} to README's "Rules" table: | [\`${r.meta.id}\`](docs/rules/${r.meta.id}.md) | severity | yaml or code | what it finds |`).toContain(`| [\`${r.meta.id}\`](docs/rules/${r.meta.id}.md) |`);
  });

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
    const messages = Object.keys(rule.meta.messages);
    expect(messages.length, `${id} has no meta.messages; ${NEEDS(id)}`).toBeGreaterThan(0);
    for (const m of messages) expect(messageOf(rule.meta, m).text.trim(), `${id}: message "${m}" is empty`).not.toBe('');
    expect(rule.meta.limitations.length, `${id} has no meta.limitations (YAML: limitations:); ${NEEDS(id)}`).toBeGreaterThan(0);
    for (const [name, why] of Object.entries(rule.meta.exclusions ?? {})) {
      expect(name, `${id}: exclusions are named filter_<words>`).toMatch(/^filter_[a-z0-9]+(_[a-z0-9]+)*$/);
      expect(why.trim(), `${id}: exclusion ${name} needs its reason`).not.toBe('');
    }
    const doc = path.join(ROOT, 'docs/rules', `${id}.md`);
    expect(existsSync(doc), `add docs/rules/${id}.md: npm run docs:rules`).toBe(true);
    expect(readFileSync(doc, 'utf8'), 'doc out of date: npm run docs:rules').toBe(ruleDoc(rule.meta));
  });

  it.each(RULES.map((r) => [r.meta.id] as const))('%s has its own test file, found by name, with RuleTester cases', (id) => {
    const file = path.join(ROOT, 'test/rules', `${id}.test.ts`);
    expect(existsSync(file), `add test/rules/${id}.test.ts; ${NEEDS(id)}`).toBe(true);
    expect(readFileSync(file, 'utf8'), `test/rules/${id}.test.ts must declare its cases with ruleTester(rule, { valid, invalid }); ${NEEDS(id)}`).toMatch(/\bruleTester\(/);
  });

  it.each(RULES.map((r) => [r.meta.id] as const))('%s has a positive and a negative sample bundle under samples/rules/', (id) => {
    const { positive, negative } = samplesOf(id);
    expect(positive.length, `add samples/rules/${id}/positive/ (a real bundle the rule reports); ${NEEDS(id)}`).toBeGreaterThan(0);
    expect(negative.length, `add samples/rules/${id}/negative/ (a real bundle the rule stays silent on); ${NEEDS(id)}`).toBeGreaterThan(0);
    for (const s of positive) expect(s.expect?.some((c) => c.rule === id), `samples/rules/${id}/positive*/expected.json must expect a finding {"rule": "${id}", …}`).toBe(true);
    for (const s of negative) expect(s.forbid?.some((c) => c.rule === id), `samples/rules/${id}/negative*/expected.json must forbid {"rule": "${id}", …}`).toBe(true);
  });

  it('has no sample folder named for a rule that does not exist', () => {
    const ids = new Set(RULES.map((r) => r.meta.id));
    const strays = readdirSync(path.join(ROOT, 'samples/rules')).filter((d) => !ids.has(d));
    expect(strays, 'samples/rules/<id>/ must name a rule (a renamed rule takes its samples along)').toEqual([]);
  });
});
