// RuleTester in eslint's style: valid and invalid bundles per rule, written as the real lines of each file.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, type FindingOut } from '../../src/report.js';
import type { Rule } from '../../src/rules/types.js';

export interface RuleCase {
  name: string;
  /** Files of the bundle: path inside it → content (journal lines, iptables dumps, lease files). */
  files: Record<string, string>;
}

export interface InvalidCase extends RuleCase {
  /** The findings the rule must report, in order; each names the sandbox and optionally words of the summary. */
  errors: {
    containerId: string | null;
    severity?: string;
    summaryIncludes?: string[];
    /** Evidence lines the finding must cite, as "path:line" (path as the report prints it: from the bundle's folder, `node/…`). */
    evidence?: string[];
    /** The finding's inconclusive reason must contain this; null: the finding must be conclusive. */
    inconclusive?: string | null;
  }[];
}

/** Write a case's files into a fresh folder and run only `rule` over it. */
export async function runRule(rule: Rule, files: Record<string, string>): Promise<FindingOut[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'podmortem-rule-'));
  const bundle = path.join(dir, 'node');
  try {
    for (const [rel, content] of Object.entries(files)) {
      const abs = path.join(bundle, rel);
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, content);
    }
    const { report } = await analyze([bundle], { tz: null, year: null, host: null }, 'test', { rules: [rule] });
    return report.findings;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Declare the cases; the harness refuses invalid cases without expected findings and duplicates. */
export function ruleTester(rule: Rule, cases: { valid: RuleCase[]; invalid: InvalidCase[] }): void {
  const names = new Set<string>();
  const contents = new Set<string>();
  for (const c of [...cases.valid, ...cases.invalid]) {
    if (names.has(c.name)) throw new Error(`RuleTester: duplicate case name "${c.name}"`);
    names.add(c.name);
    const key = JSON.stringify(Object.entries(c.files).sort());
    if (contents.has(key)) throw new Error(`RuleTester: case "${c.name}" repeats another case's files`);
    contents.add(key);
  }
  for (const c of cases.invalid) if (c.errors.length === 0) throw new Error(`RuleTester: invalid case "${c.name}" expects no finding; make it a valid case`);
  if (cases.valid.length === 0 || cases.invalid.length === 0) throw new Error(`RuleTester: ${rule.meta.id} needs at least one valid and one invalid case`);

  describe(`rule ${rule.meta.id}`, () => {
    for (const c of cases.valid)
      it(`stays silent: ${c.name}`, async () => {
        expect((await runRule(rule, c.files)).map((f) => `${f.rule}:${f.containerId}`)).toEqual([]);
      });
    for (const c of cases.invalid)
      it(`reports: ${c.name}`, async () => {
        const found = await runRule(rule, c.files);
        expect(found.map((f) => f.containerId)).toEqual(c.errors.map((e) => e.containerId));
        c.errors.forEach((e, i) => {
          const f = found[i]!;
          expect(f.rule).toBe(rule.meta.id);
          if (e.severity) expect(f.severity).toBe(e.severity);
          for (const w of e.summaryIncludes ?? []) expect(f.summary).toContain(w);
          expect(f.evidence.length).toBeGreaterThan(0);
          if (e.evidence) expect(f.evidence.map((x) => `${x.path}:${x.line}`)).toEqual(expect.arrayContaining(e.evidence));
          if (e.inconclusive === null) expect(f.inconclusive).toBeNull();
          else if (e.inconclusive !== undefined) expect(f.inconclusive).toContain(e.inconclusive);
        });
      });
  });
}
