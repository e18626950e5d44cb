// Every renderer on the sample bundles, compared with committed goldens (test/golden/<case>.<ext>), and
// proof that the output is byte-identical across runs and input orderings.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../../src/report.js';
import { RENDERER_IDS, RENDERERS, type RendererId } from '../../src/render/index.js';

const ROOT = path.resolve(__dirname, '../..');
const CASES: Record<string, string> = {
  'hostport-stale-dnat': path.join(ROOT, 'samples/hostport-stale-dnat'),
  'clean-teardown': path.join(ROOT, 'samples/variants/clean-teardown'),
};
const EXT: Record<RendererId, string> = { csv: 'csv', html: 'html', json: 'json', jsonl: 'jsonl', md: 'md', table: 'table.txt' };
/** The formats with a golden per case; html and table only for the main sample (they are large or repeat md). */
const GOLDEN: Record<string, RendererId[]> = {
  'hostport-stale-dnat': ['csv', 'html', 'json', 'jsonl', 'md', 'table'],
  'clean-teardown': ['csv', 'json', 'jsonl', 'md'],
};
const OPTS = { maxEvidence: 20, color: false, width: 160 };

/** The version is fixed ('test') so the goldens do not change with package.json. */
function run(inputs: string[]): Promise<Analysis> {
  return analyze(inputs, { tz: null, year: null, host: null }, 'test');
}

function renderAll(a: Analysis): string {
  return RENDERER_IDS.map((id) => RENDERERS[id].render(a, OPTS)).join('\n\u0000\n');
}

describe.each(Object.keys(CASES))('goldens: %s', async (name) => {
  const a = await run([CASES[name]!]);
  it.each(GOLDEN[name]!)('%s', async (id) => {
    await expect(RENDERERS[id].render(a, OPTS)).toMatchFileSnapshot(`../golden/${name}.${EXT[id]}`);
  });
});

describe('byte-identical output', () => {
  it('across two runs of the same bundle', async () => {
    expect(renderAll(await run([CASES['hostport-stale-dnat']!]))).toBe(renderAll(await run([CASES['hostport-stale-dnat']!])));
  });

  it('across input orderings: two bundles either way round', async () => {
    const dev = path.join(ROOT, 'samples/dev-bundles/setup-failed-short-iso/par-worker-2-collect-20251014');
    const ab = renderAll(await run([CASES['hostport-stale-dnat']!, dev]));
    expect(ab).toBe(renderAll(await run([dev, CASES['hostport-stale-dnat']!])));
    expect(ab).toContain('par-worker-2');
  });

  it('across input orderings: the files of one bundle given one by one, forwards and backwards', async () => {
    const files = ['sos_commands/logs/journalctl_--no-pager', 'var/log/deploy/deploy.log', 'sos_commands/firewall_tables/iptables_-t_nat_-nvL', 'var/lib/cni/networks/cbr0/10.187.2.34'].map((f) =>
      path.join(CASES['hostport-stale-dnat']!, f),
    );
    expect(renderAll(await run(files))).toBe(renderAll(await run([...files].reverse())));
  });
});
