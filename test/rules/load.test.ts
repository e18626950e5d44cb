// User rule files are hostile input: alias bombs, custom tags, deep nesting, huge files, FIFOs and regexes that
// backtrack catastrophically are refused with one `file:line: what to fix`, quickly; the shipped rules still load.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_RULE_DIR } from '../../src/rules/index.js';
import { loadRuleDir, MAX_RULE_BYTES, parseRule, regexProblem, RuleLoadError } from '../../src/rules/load.js';
import { cli, STACK } from '../hostile/_run.js';
import { loadErrors } from './_load-errors.js';

const ROOT = path.resolve(__dirname, '../..');
const NAME = 'stop-failed-never-retried.yaml';
/** A valid user rule (test/fixtures/user-rules/good): each case changes one thing in it. */
const GOOD = readFileSync(path.join(ROOT, 'test/fixtures/user-rules/good', NAME), 'utf8');
const FILE = `user/${NAME}`;
/** Line 18 of GOOD is `      via: cri-dockerd`, the step's where condition. */
const VIA_LINE = GOOD.split('\n').indexOf('      via: cri-dockerd') + 1;
const withVia = (value: string): string => GOOD.replace('via: cri-dockerd', `via: ${value}`);

/** Billion laughs: 9 levels of 9 aliases each, 9^9 "lol"s once expanded, under the step's `where`. */
function billionLaughs(): { text: string; firstAliasLine: number } {
  const names = 'abcdefghi';
  const lines = [`  x0: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]`];
  for (let i = 1; i < 9; i++) lines.push(`  x${i}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`);
  const text = GOOD.replace('message:', `bomb:\n${lines.join('\n')}\nmessage:`);
  return { text, firstAliasLine: text.split('\n').findIndex((l) => l.includes('*a')) + 1 };
}

/** The errors parseRule throws for `text` ([] when it loads). */
const errorsOf = (text: string, file = FILE): string[] => loadErrors(text, file);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pm-rules-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A folder holding one rule file with `text` (named as the good rule, so only the planted mistake is reported). */
function ruleDir(name: string, text: string | Buffer): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, NAME), text);
  return dir;
}

describe('YAML of user rule files', () => {
  it('the good fixture and the shipped rules load', () => {
    expect(errorsOf(GOOD)).toEqual([]);
    expect(loadRuleDir(BUILTIN_RULE_DIR).map((r) => r.meta.id)).toEqual(['lease-outlived-reboot', 'orphan-ipam-allocation', 'setup-broke-off', 'teardown-skipped-silently']);
  });

  it('a billion-laughs alias bomb is refused at its first alias, in well under a second', () => {
    const { text, firstAliasLine } = billionLaughs();
    const t0 = performance.now();
    expect(errorsOf(text)).toEqual([`${FILE}:${firstAliasLine}: YAML aliases expand to more than 100 copies (an alias bomb?); write the values out instead`]);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('a few aliases are read as their anchored values; an alias to no anchor is refused', () => {
    const aliased = GOOD.replace('    where:\n      via: cri-dockerd', '    where: &w\n      via: cri-dockerd').replace('    until: end', '    until: end\n    where: *w');
    expect(parseRule(aliased, FILE).steps.map((s) => s.where)).toEqual([{ via: 'cri-dockerd' }, { via: 'cri-dockerd' }]);
    expect(errorsOf(withVia('*nowhere'))).toEqual([`${FILE}:${VIA_LINE}: alias *nowhere names no anchor (&nowhere) set before it`]);
  });

  it.each([
    ['!!js/function "function () { return 1 }"', '!!js/function'],
    ['!foo bar', '!foo'],
    ['!!binary aGVsbG8=', '!!binary'],
    ['!!set { a, b }', '!!set'],
    ['!!timestamp 2024-09-14', '!!timestamp'],
    ['!!python/object:os.system ls', '!!python/object:os.system'],
  ])('the tag in `via: %s` is refused: plain core-schema YAML only', (value, tag) => {
    expect(errorsOf(withVia(value))).toEqual([`${FILE}:${VIA_LINE}: tag ${tag} is not allowed: rule files are plain YAML (core schema), remove the tag`]);
  });

  it('a %TAG-declared tag is refused; a core tag (!!str) is plain YAML and loads', () => {
    const declared = `%TAG !e! tag:example.com,2000:\n---\n${withVia('!e!thing x')}`;
    expect(errorsOf(declared)).toEqual([`${FILE}:${VIA_LINE + 2}: tag tag:example.com,2000:thing is not allowed: rule files are plain YAML (core schema), remove the tag`]);
    expect(parseRule(withVia('!!str cri-dockerd'), FILE).steps[0]!.where).toEqual({ via: 'cri-dockerd' });
  });

  it('collections nested deeper than the limit are refused before the recursive yaml parser sees them, file after file', () => {
    // Several in a row: after one stack overflow inside yaml, V8 could die (fatal OOM) compiling the next regex.
    const block = GOOD.replace('message:', `x:\n  ${'- '.repeat(20_000)}y\nmessage:`);
    const indented = GOOD.replace('message:', `x:\n${Array.from({ length: 40 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} v\nmessage:`);
    const at = (text: string, marker: string): number => text.split('\n').findIndex((l) => l.includes(marker)) + 1;
    const cases: [string, number][] = [
      [withVia('['.repeat(5000) + ']'.repeat(5000)), VIA_LINE],
      [block, at(block, '- - -')],
      [withVia('{a: '.repeat(3000) + '}'.repeat(3000)), VIA_LINE],
      [indented, at(indented, ' k30:')],
    ];
    for (const [text, line] of cases) expect(errorsOf(text)).toEqual([`${FILE}:${line}: YAML nests collections more than 32 levels deep; a rule needs a handful, flatten it`]);
  });
});

describe('regexes of user rules', () => {
  it.each([
    ['(a+)+$', 'nested quantifier'],
    ['^(\\w+\\s?)*$', 'nested quantifier'],
    ['(.*a){20}', 'nested quantifier'],
    ['(?<=cri-)(\\w+)*x', 'nested quantifier'],
  ])('/%s/ is refused: it may backtrack catastrophically', (re) => {
    expect(errorsOf(withVia(`/${re}/`))).toEqual([`${FILE}:${VIA_LINE}: regex /${re}/ may backtrack catastrophically (nested quantifier); rewrite it without a quantifier inside a repeated group`]);
  });

  it('a regex of more than 25 quantifiers is refused as too big to check', () => {
    const re = 'x?'.repeat(26);
    expect(errorsOf(withVia(`/${re}/`))).toEqual([`${FILE}:${VIA_LINE}: regex /${re}/ has more than 25 quantifiers, too many to check for catastrophic backtracking; simplify it`]);
  });

  it('an invalid regex is refused with its line and why', () => {
    expect(errorsOf(withVia('/cri-(docker/'))).toEqual([`${FILE}:${VIA_LINE}: invalid regular expression /cri-(docker/ (Unterminated group); fix it`]);
  });

  it('safe regexes load, lookbehind and named groups included', () => {
    for (const re of ['^cri-docker(d|d-legacy)$', '(?<=cri-)dockerd', '^(?<name>[a-z-]+)d$', '[0-9a-f]{64}']) {
      expect(regexProblem(re)).toBeNull();
      expect(parseRule(withVia(`/${re}/`), FILE).steps[0]!.where).toEqual({ via: { regex: re } });
    }
  });
});

describe('rule folders', () => {
  it('a file over the size cap is refused unread', () => {
    const dir = ruleDir('big', GOOD + '#'.repeat(MAX_RULE_BYTES));
    expect(() => loadRuleDir(dir)).toThrow(`${path.join(dir, NAME)}:1: ${GOOD.length + MAX_RULE_BYTES} bytes is not a rule file (at most 64 KiB); split it or remove it from the folder`);
  });

  it('a FIFO named *.yaml is refused, not opened (it would block)', () => {
    const dir = path.join(tmp, 'fifo');
    mkdirSync(dir);
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    expect(() => loadRuleDir(dir)).toThrow(`${path.join(dir, 'pipe.yaml')}:1: not a regular file; a rule is a *.yaml file`);
  });

  it('a file with thousands of mistakes shows 20 of them and how many more', () => {
    const text = GOOD.replace('message:', `${Array.from({ length: 500 }, (_, i) => `t${i}: !t${i} x`).join('\n')}\nmessage:`);
    try {
      loadRuleDir(ruleDir('many', text));
      expect.unreachable();
    } catch (e) {
      const errors = (e as RuleLoadError).errors;
      expect(errors).toHaveLength(21);
      expect(errors[20]).toBe(`${path.join(tmp, 'many', NAME)}: 480 more errors not shown`);
    }
  });
});

describe('the CLI refuses hostile user rules (exit 2, one sentence, no stack trace)', () => {
  const bomb = billionLaughs();
  const cases = [
    { id: 'billion-laughs', text: bomb.text, line: bomb.firstAliasLine, says: 'YAML aliases expand to more than 100 copies (an alias bomb?); write the values out instead.' },
    { id: 'custom-tag', text: withVia('!!js/function "function () { return 1 }"'), line: VIA_LINE, says: 'tag !!js/function is not allowed: rule files are plain YAML (core schema), remove the tag.' },
    { id: 'unsafe-regex', text: withVia('/(a+)+$/'), line: VIA_LINE, says: 'regex /(a+)+$/ may backtrack catastrophically (nested quantifier); rewrite it without a quantifier inside a repeated group.' },
  ];
  for (const c of cases)
    it(`${c.id}: analyze samples/hostport-stale-dnat --rules DIR and rules validate DIR`, async () => {
      const dir = ruleDir(`cli-${c.id}`, c.text);
      const runs = await Promise.all([cli(['analyze', 'samples/hostport-stale-dnat', '--rules', dir], ROOT, 30), cli(['rules', 'validate', dir], ROOT, 30)]);
      for (const r of runs) {
        expect(r.timedOut).toBe(false);
        expect(r.status).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toBe(`podmortem: ${path.join(dir, NAME)}:${c.line}: ${c.says}\n`);
        expect(r.stderr).not.toMatch(STACK);
        expect(r.rssMB!).toBeLessThan(400);
      }
    });

  it('a safe regex in the same rule loads and the rule runs', async () => {
    const dir = ruleDir('cli-safe-regex', withVia('/^cri-docker(d|d-legacy)$/'));
    const r = await cli(['analyze', 'samples/hostport-stale-dnat', '--rules', dir, '--only', 'stop-failed-never-retried', '--format', 'json'], ROOT, 30);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect((JSON.parse(r.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule)).toEqual(['stop-failed-never-retried']);
  });
});
