// RuleTester in eslint's style: valid and invalid bundles per rule, written as the real lines of each file. An
// invalid case names the message id of each finding and every evidence line it must cite (path:line, in the
// report's order); the harness refuses cases that could pass by accident: no expected finding, duplicates,
// a message id the rule does not have, or a summary with a placeholder left unfilled.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/types.js';
import { analyze, type FindingOut } from '../../src/report.js';
import type { Rule } from '../../src/rules/types.js';

export interface RuleCase {
  name: string;
  /** Files of the bundle: path inside it → content (journal lines, iptables dumps, lease files). */
  files: Record<string, string>;
}

/** One expected finding, in report order. */
export interface ExpectedFinding {
  containerId: string | null;
  /** Which of the rule's meta.messages the finding says (it also fixes the severity). */
  messageId: string;
  /**
   * Every evidence line the finding cites, as "path:line" in the report's order (path as the report prints it:
   * from the bundle's folder, `node/…`). Compared whole: a line lost or added fails the case.
   */
  evidence: string[];
  severity?: string;
  summaryIncludes?: string[];
  /** The finding's inconclusive reason must contain this; null: the finding must be conclusive. */
  inconclusive?: string | null;
}

export interface InvalidCase extends RuleCase {
  errors: ExpectedFinding[];
}

/** A finding as the report prints it, with the message id and data the rule reported it with. */
export interface TestedFinding extends FindingOut {
  messageId: string | undefined;
}

/** Write a case's files into a fresh folder and run only `rule` over it. */
export async function runRule(rule: Rule, files: Record<string, string>): Promise<TestedFinding[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'podmortem-rule-'));
  const bundle = path.join(dir, 'node');
  // The report drops the message id: the rule's own findings are kept beside it and matched by summary.
  const raw: Finding[] = [];
  const watched: Rule = { ...rule, check: (tl) => { const out = rule.check(tl); raw.push(...out); return out; } };
  try {
    for (const [rel, content] of Object.entries(files)) {
      const abs = path.join(bundle, rel);
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, content);
    }
    const { report } = await analyze([bundle], { tz: null, year: null, host: null }, 'test', { rules: [watched] });
    return report.findings.map((f) => ({ ...f, messageId: raw.find((r) => r.summary === f.summary && r.containerId === f.containerId)?.messageId }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Declare the cases; the harness refuses invalid cases without expected findings, duplicates and unknown message ids. */
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
  for (const c of cases.invalid) {
    if (c.errors.length === 0) throw new Error(`RuleTester: invalid case "${c.name}" expects no finding; make it a valid case`);
    for (const e of c.errors) {
      const ids = Object.keys(rule.meta.messages).join(', ');
      // RULETESTER_SHOW runs a case still being written, to print what the rule cites; it then fails on the comparison.
      if (process.env.RULETESTER_SHOW) continue;
      if (e.messageId === undefined || e.evidence === undefined)
        throw new Error(`RuleTester: case "${c.name}" of ${rule.meta.id} must name each finding's messageId (${ids}) and evidence (every "path:line" it cites); RULETESTER_SHOW=1 npx vitest run <this test> prints what the rule reports`);
      if (!Object.hasOwn(rule.meta.messages, e.messageId)) throw new Error(`RuleTester: case "${c.name}" expects message "${e.messageId}", which ${rule.meta.id} does not have (${ids})`);
      if (e.evidence.length === 0) throw new Error(`RuleTester: case "${c.name}" names no evidence line; list every path:line the finding must cite (RULETESTER_SHOW=1 npx vitest run <this test> prints them)`);
    }
  }
  if (cases.valid.length === 0 || cases.invalid.length === 0) throw new Error(`RuleTester: ${rule.meta.id} needs at least one valid and one invalid case`);

  describe(`rule ${rule.meta.id}`, () => {
    for (const c of cases.valid)
      it(`stays silent: ${c.name}`, async () => {
        expect((await runRule(rule, c.files)).map((f) => `${f.rule}:${f.containerId}`)).toEqual([]);
      });
    for (const c of cases.invalid)
      it(`reports: ${c.name}`, async () => {
        const found = await runRule(rule, c.files);
        // Writing a case: print what the rule reported, to check line by line and copy in.
        if (process.env.RULETESTER_SHOW) console.log(JSON.stringify({ case: c.name, found: found.map((f) => ({ containerId: f.containerId, messageId: f.messageId, evidence: f.evidence.map((x) => `${x.path}:${x.line}`) })) }));
        expect(found.map((f) => [f.containerId, f.messageId])).toEqual(c.errors.map((e) => [e.containerId, e.messageId]));
        c.errors.forEach((e, i) => {
          const f = found[i]!;
          expect(f.rule).toBe(rule.meta.id);
          const message = rule.meta.messages[e.messageId]!;
          expect(f.severity).toBe(typeof message === 'string' ? rule.meta.severity : message.severity);
          if (e.severity) expect(f.severity).toBe(e.severity);
          expect(f.summary, 'a placeholder of the message was left unfilled').not.toMatch(/\{\{[\w.-]+\}\}/);
          for (const w of e.summaryIncludes ?? []) expect(f.summary).toContain(w);
          expect(f.evidence.map((x) => `${x.path}:${x.line}`)).toEqual(e.evidence);
          if (e.inconclusive === null) expect(f.inconclusive).toBeNull();
          else if (e.inconclusive !== undefined) expect(f.inconclusive).toContain(e.inconclusive);
        });
      });
  });
}
