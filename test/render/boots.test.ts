// Reboots in the reports: the JSON report's `reboots` (schema-valid, absent without a reboot), the md "Reboots"
// section and the HTML page's reboot band, on the reboot bundle and its no-reboot control.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/report.js';
import { RENDERERS } from '../../src/render/index.js';

const ROOT = path.resolve(__dirname, '../..');
const OPTS = { maxEvidence: 20, color: false, width: 160 };
const opts = { tz: null, year: null, host: null };
const REBOOT = path.join(ROOT, 'samples/rules/lease-outlived-reboot/positive');
const CONTROL = path.join(ROOT, 'samples/rules/lease-outlived-reboot/negative');

describe('reboots in the reports', () => {
  it('the JSON report lists the reboot with its signs and the last entry before it, and validates', async () => {
    const a = await analyze([REBOOT], opts, 'test');
    const report = JSON.parse(RENDERERS.json.render(a, OPTS)) as { reboots: { host: string; time: string; boot: string; lastBefore: { line: number }; evidence: { line: number; text: string }[] }[] };
    expect(report.reboots).toHaveLength(1);
    const r = report.reboots[0]!;
    expect(r).toMatchObject({ host: 'centos79', time: '2024-09-14T03:41:08.000000Z', boot: '5c0e4b2a9d7f41e8b3a6c1d0e9f87a21', lastBefore: { line: 7 } });
    expect(r.evidence.map((e) => [e.line, e.text.slice(0, 24)])).toEqual([
      [8, '-- Boot 5c0e4b2a9d7f41e8'],
      [9, 'Sep 14 11:41:08 centos79'],
      [10, 'Sep 14 11:41:10 centos79'],
    ]);
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(ROOT, 'docs/report-v1.schema.json'), 'utf8')));
    validate(report);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('md has a Reboots section and HTML a reboot band; the control has neither', async () => {
    const a = await analyze([REBOOT], opts, 'test');
    const md = RENDERERS.md.render(a, OPTS);
    expect(md).toContain('## Reboots');
    expect(md).toMatch(/\| centos79 \| `5c0e4b2a9d7f41e8b3a6c1d0e9f87a21` \| 2024-09-14T03:41:08\.000000Z \|/);
    const html = RENDERERS.html.render(a, OPTS);
    expect(html).toContain('<g class="boot"><title>reboot → boot 5c0e4b2a');
    const b = await analyze([CONTROL], opts, 'test');
    expect(JSON.parse(RENDERERS.json.render(b, OPTS))).not.toHaveProperty('reboots');
    expect(RENDERERS.md.render(b, OPTS)).not.toContain('## Reboots');
    expect(RENDERERS.html.render(b, OPTS)).not.toContain('class="boot"');
  });
});
