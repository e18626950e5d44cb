// The JSON report and the reading paths of one run of the built analyzer with some PODMORTEM_* knobs set: the
// parallel-path suites compare reports between knob settings and assert IngestStats. The knobs are read at run
// time, so they are set for the run and put back after it.

import type { DiscoverOptions } from '../../src/bundle/discover.js';
import type { IngestStats } from '../../src/ingest/stats.js';
import type { analyze as Analyze } from '../../src/report.js';
import { RENDERERS } from '../../src/render/index.js';

export async function runWith(
  analyze: typeof Analyze,
  env: Record<string, string>,
  inputs: string[],
  bundle?: DiscoverOptions,
): Promise<{ text: string; stats: IngestStats }> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  try {
    const a = await analyze(inputs, { tz: null, year: null, host: null, bundle }, 'test');
    return { text: RENDERERS.json.render(a, { maxEvidence: 20, color: false, width: 160 }), stats: a.ingest! };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
