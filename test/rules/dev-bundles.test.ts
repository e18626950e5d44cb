// Every rule over every sample bundle with an expected.json: forbidden findings never appear, expected ones
// do, and for our own samples ("exact": true) no other finding of any severity appears.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, type FindingOut } from '../../src/report.js';

const SAMPLES = path.resolve(__dirname, '../../samples');
const SEV = { info: 0, low: 1, medium: 2, high: 3, critical: 4 } as const;

interface Cond {
  rule?: string;
  containerId?: string;
  host?: string;
  minSeverity?: keyof typeof SEV;
  timePrefix?: string;
}

function matches(f: FindingOut, c: Cond): boolean {
  if (c.rule && f.rule !== c.rule) return false;
  if (c.containerId && f.containerId !== c.containerId) return false;
  if (c.host && f.host !== c.host) return false;
  if (c.minSeverity && SEV[f.severity as keyof typeof SEV] < SEV[c.minSeverity]) return false;
  if (c.timePrefix && !(f.time ?? '').startsWith(c.timePrefix)) return false;
  return true;
}

/** Folders holding an expected.json, two levels deep under samples/ and under samples/rules/ (rules/<id>/<case>). */
function bundles(): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (existsSync(path.join(dir, 'expected.json'))) out.push(path.relative(SAMPLES, dir));
    if (depth === 0) return;
    for (const d of readdirSync(dir, { withFileTypes: true })) if (d.isDirectory()) walk(path.join(dir, d.name), depth - 1);
  };
  walk(SAMPLES, 2);
  walk(path.join(SAMPLES, 'rules'), 2);
  return out.sort();
}

describe('sample bundles', () => {
  it('include the incident, its variants, the clean control, the four dev bundles and the rules\' own', () => {
    expect(bundles()).toEqual(
      expect.arrayContaining(['hostport-stale-dnat', 'variants/clean-teardown', 'variants/iptables-S', 'dev-bundles/json-clean-control', 'dev-bundles/targz-orphan-lease-cache', 'rules/teardown-broke-off/positive', 'rules/teardown-broke-off/negative']),
    );
  });
});

describe.each(bundles())('bundle %s', (name) => {
  const dir = path.join(SAMPLES, name);
  const spec = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { inputs: string[]; expect: Cond[]; forbid: Cond[]; exact?: boolean };
  const run = analyze(spec.inputs.map((i) => path.join(dir, i)), { tz: null, year: null, host: null }, 'test');

  it('reports no forbidden finding', async () => {
    const { report } = await run;
    const hits = spec.forbid.flatMap((c) => report.findings.filter((f) => matches(f, c)).map((f) => `${f.rule}:${f.containerId?.slice(0, 12)}`));
    expect(hits).toEqual([]);
  });

  it('reports every expected finding', async () => {
    const { report } = await run;
    expect(spec.expect.filter((c) => !report.findings.some((f) => matches(f, c)))).toEqual([]);
  });

  if (spec.exact)
    it('reports nothing else', async () => {
      const { report } = await run;
      const others = report.findings.filter((f) => !spec.expect.some((c) => matches(f, c))).map((f) => `${f.severity} ${f.rule}:${f.containerId?.slice(0, 12)}`);
      expect(others, `samples/${name}/expected.json is "exact": add a finding that is right to its "expect" (and say why in "story"), or fix the rule that gives a wrong one`).toEqual([]);
    });
});
