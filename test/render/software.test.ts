// The Software section of md, html and table: one row per program and version, with its evidence line.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/report.js';
import { softwareHtml, softwareLines, softwareMarkdown, softwareSection } from '../../src/render/_software.js';

const BUNDLE = path.resolve(__dirname, '../../samples/dev-bundles/sos-short-precise-zh-deploy/sosreport-bog-edge-04-2025-08-19-mqtrvzk');
const JOURNAL = 'sosreport-bog-edge-04-2025-08-19-mqtrvzk/sos_commands/logs/journalctl_--no-pager_-o_short-precise';

describe('the Software section', async () => {
  const { report } = await analyze([BUNDLE], { tz: null, year: null, host: null }, 'test');

  it('in Markdown: a table per host, each version with its first sighting and line', () => {
    const md = softwareMarkdown(softwareSection(report)).join('\n');
    expect(md).toContain('## Software\n\n### bog-edge-04\n\n| Program | Version | Seen (UTC) | Evidence |');
    expect(md).toContain(`| dockerd | 28.3.3 | since 2025-08-19T19:30:53.590204Z | \`${JOURNAL}:69\` |`);
    expect(md).toContain(`| cri-dockerd | 0.3.16 | since 2025-08-19T19:30:55.501761Z | \`${JOURNAL}:74\` |`);
    expect(md).toContain(`| kubelet | v1.31.4 | since 2025-08-19T19:31:01.930247Z | \`${JOURNAL}:86\` |`);
    expect(md).toContain('| iptables | 1.8.9 (nf_tables) |');
  });

  it('in HTML, escaped, and in the terminal, one short line each', () => {
    expect(softwareHtml(softwareSection(report))).toContain(`<tr><td>kubelet</td><td>v1.31.4</td><td>since 2025-08-19T19:31:01.930247Z</td><td><code>${JOURNAL}:86</code></td></tr>`);
    expect(softwareLines(softwareSection(report), (t) => t)).toContain('  dockerd 28.3.3 (journalctl_--no-pager_-o_short-precise:69)');
  });

  it('is left out when no host has a program to show', () => {
    const empty = { ...report, hosts: [{ name: 'x', components: [] }] };
    expect(softwareSection(empty)).toBeNull();
    expect([softwareMarkdown(null), softwareHtml(null), softwareLines(null, (t) => t)]).toEqual([[], '', []]);
  });
});
