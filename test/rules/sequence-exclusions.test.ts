// Named exclusions of YAML rules (Sigma's `filter_*`): an event a filter matches is not taken as its step, every
// filter carries its reason into the rule's doc, and regexes of conditions are compiled when the rule is built.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/report.js';
import { ruleDoc } from '../../src/rules/doc.js';
import { sequenceRule } from '../../src/rules/engine/sequence.js';
import { parseRule } from '../../src/rules/load.js';
import { runRule } from '../helpers/rule-tester.js';
import * as L from './_lines.js';
import { loadErrors } from './_load-errors.js';

const NAME = 'stop-failed-never-retried.yaml';
const GOOD = readFileSync(path.resolve(__dirname, '../fixtures/user-rules/good', NAME), 'utf8');
const FILE = `user/${NAME}`;
const X = 'f831cd2024de93041e5155f152b2cb2d0586d2289af93b831e29bc9fe7bf32e5';
/** cri-dockerd's "Failed to stop sandbox … Cannot connect to the Docker daemon …" (see _lines.ts) is excluded by this. */
const DOCKER_DOWN = `exclusions:
  filter_docker_down:
    reason: docker itself was down; kubelet retries the stop once it is back, so the failure says nothing yet.
    step: stop_failed
    where:
      error: /Cannot connect to the Docker daemon/
`;
const withExclusions = (block: string): string => GOOD.replace('message:', `${block}message:`);

const errorsOf = (text: string): string[] => loadErrors(text, FILE);

const stopFailedJournal = (error?: string): Record<string, string> => {
  const line = L.stopFailed('14:27:01', X);
  return { journal: L.journal(L.resolv('11:32:58', X), error === undefined ? line : line.replace(/Cannot connect to the Docker daemon[^"]*/, error)) };
};

describe('exclusions of a YAML rule', () => {
  it('an event the filter matches is not taken as its step; the same step with another error still is', async () => {
    const plain = sequenceRule(parseRule(GOOD, FILE));
    const filtered = sequenceRule(parseRule(withExclusions(DOCKER_DOWN), FILE));
    expect((await runRule(plain, stopFailedJournal())).map((f) => f.containerId)).toEqual([X]);
    expect(await runRule(filtered, stopFailedJournal())).toEqual([]);
    const other = await runRule(filtered, stopFailedJournal('rpc error: code = Unknown desc = networkPlugin cni failed to teardown pod'));
    expect(other.map((f) => [f.containerId, f.messageId, f.evidence.map((e) => `${e.path}:${e.line}`)])).toEqual([[X, 'match', ['node/journal:2']]]);
  });

  it('is listed in the rule doc with its reason', () => {
    const rule = sequenceRule(parseRule(withExclusions(DOCKER_DOWN), FILE));
    expect(rule.meta.exclusions).toEqual({ filter_docker_down: 'docker itself was down; kubelet retries the stop once it is back, so the failure says nothing yet.' });
    expect(ruleDoc(rule.meta)).toContain('## Exclusions\n\nCases that look like the incident and are not, by name (as Sigma names its filters):\n\n- `filter_docker_down`: docker itself was down');
  });

  it('is refused without a filter_ name, a reason, a known step or anything to match, each with its line', () => {
    const line = (text: string, marker: string): number => text.split('\n').findIndex((l) => l.includes(marker)) + 1;
    const bad = withExclusions(`exclusions:\n  docker_down:\n    step: nowhere\n  filter_empty:\n    reason: nothing to match\n    step: stop_failed\n`);
    expect(errorsOf(bad)).toEqual([
      `${FILE}:${line(bad, 'docker_down:')}: exclusion "docker_down" must be named filter_<words> (snake_case), as Sigma names its filters`,
      `${FILE}:${line(bad, 'step: nowhere')}: exclusion "docker_down" needs a "reason": why a case it matches is not the incident`,
      `${FILE}:${line(bad, 'step: nowhere')}: exclusion "docker_down" needs a "step" naming one of the sequence's steps (stop_failed, later_teardown)`,
      `${FILE}:${line(bad, 'step: nowhere')}: exclusion "docker_down" needs a "kind" or a "where" saying which events it drops`,
      `${FILE}:${line(bad, 'reason: nothing')}: exclusion "filter_empty" needs a "kind" or a "where" saying which events it drops`,
    ]);
  });

  it('a regex of a condition is compiled once when the rule is built, not for each event it meets', async () => {
    const rule = sequenceRule(parseRule(withExclusions(DOCKER_DOWN).replace('via: cri-dockerd', 'via: /^cri-docker/'), FILE));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-exclusions-'));
    try {
      // Fifty sandboxes whose stop failed for another reason: every event goes through both regexes.
      const ids = Array.from({ length: 50 }, (_, i) => (i + 1).toString(16).padStart(64, 'd'));
      writeFileSync(path.join(dir, 'journal'), L.journal(...ids.map((id) => [L.resolv('11:32:58', id), L.stopFailed('14:27:01', id).replace(/Cannot connect to the Docker daemon[^"]*/, 'context deadline exceeded')])));
      const { timeline } = await analyze([dir], { tz: null, year: null, host: null }, 'test', { rules: [] });
      // Count every `new RegExp` while the rule runs (regex literals are not constructed through the global).
      const Real = globalThis.RegExp;
      let made = 0;
      globalThis.RegExp = function (...a: ConstructorParameters<RegExpConstructor>) {
        made++;
        return new Real(...a);
      } as unknown as RegExpConstructor;
      let found;
      try {
        found = rule.check(timeline);
        // The counter sees a RegExp made at run time, so the assertion below can fail.
        expect(new RegExp('x').test('x')).toBe(true);
      } finally {
        globalThis.RegExp = Real;
      }
      expect(found.map((f) => f.containerId)).toEqual([...ids].sort());
      expect(made).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
