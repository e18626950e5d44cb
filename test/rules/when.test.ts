// `when:` in rule files: semver ranges by program, checked at load with file:line, kept in the spec.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRule } from '../../src/rules/load.js';
import { comparable, rangeProblem } from '../../src/versions/gate.js';
import { loadErrors } from './_load-errors.js';

const ROOT = path.resolve(__dirname, '../..');
const NAME = 'stop-failed-never-retried.yaml';
const GOOD = readFileSync(path.join(ROOT, 'test/fixtures/user-rules/good', NAME), 'utf8');
const FILE = `user/${NAME}`;
const withWhen = (block: string): string => GOOD.replace('by: sandbox\n', `by: sandbox\nwhen:\n${block}\n`);
const WHEN_LINE = GOOD.split('\n').indexOf('by: sandbox') + 2;

const errorsOf = (text: string): string[] => loadErrors(text, FILE);

describe('when: in rule files', () => {
  it('keeps each program\'s range', () => {
    const spec = parseRule(withWhen('  containerd: ">=1.7.23 <1.7.31 || >=2.0.0 <2.0.8"\n  kubelet: ">=1.29"'), FILE);
    expect(spec.when).toEqual({ containerd: '>=1.7.23 <1.7.31 || >=2.0.0 <2.0.8', kubelet: '>=1.29' });
    expect(parseRule(GOOD, FILE).when).toBeUndefined();
  });

  it('refuses a range semver cannot read, a program name that is not one and an empty block, each at its line', () => {
    expect(errorsOf(withWhen('  containerd: "1.7.23 to 1.7.30"'))).toEqual([`${FILE}:${WHEN_LINE + 1}: "1.7.23 to 1.7.30" is not a semver range (e.g. ">=1.7.23 <1.7.31 || >=2.0.0 <2.0.8")`]);
    expect(errorsOf(withWhen('  Containerd 1.7: ">=1.7.23"'))[0]).toMatch(new RegExp(`^${FILE}:${WHEN_LINE + 1}: "Containerd 1.7" is not a program name`));
    expect(errorsOf(withWhen('  containerd: [1, 2]'))[0]).toMatch(/the range of "containerd" must be a string/);
    expect(errorsOf(GOOD.replace('by: sandbox\n', 'by: sandbox\nwhen: {}\n'))[0]).toMatch(/"when" maps program names to semver ranges/);
  });

  it('compares versions as programs print them, by their release number', () => {
    expect(rangeProblem('>=1.7.23 <1.7.31')).toBeNull();
    expect(comparable('v1.7.24')?.version).toBe('1.7.24');
    expect(comparable('1.7.24+unknown')?.version).toBe('1.7.24');
    expect(comparable('28.5.1-1')?.version).toBe('28.5.1');
    expect(comparable('17.09.0-ce')?.version).toBe('17.9.0');
    expect(comparable('unknown')).toBeNull();
  });
});
