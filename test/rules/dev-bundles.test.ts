// Each development bundle: forbidden findings never appear; expected findings of implemented rules do.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, type FindingOut } from '../../src/report.js';
import { RULES } from '../../src/rules/index.js';

const ROOT = path.resolve(__dirname, '../../samples/dev-bundles');
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

const implemented = new Set(RULES.map((r) => r.meta.id));
const bundles = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe.each(bundles)('dev bundle %s', (name) => {
  const dir = path.join(ROOT, name);
  const spec = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { inputs: string[]; expect: Cond[]; forbid: Cond[] };
  const run = analyze(spec.inputs.map((i) => path.join(dir, i)), { tz: null, year: null, host: null }, 'test');

  it('reports no forbidden finding', async () => {
    const { report } = await run;
    const hits = spec.forbid.flatMap((c) => report.findings.filter((f) => matches(f, c)).map((f) => `${f.rule}:${f.containerId?.slice(0, 12)}`));
    expect(hits).toEqual([]);
  });

  it('reports every expected finding of an implemented rule', async () => {
    const { report } = await run;
    const missing = spec.expect.filter((c) => implemented.has(c.rule!) && !report.findings.some((f) => matches(f, c)));
    expect(missing).toEqual([]);
  });
});
