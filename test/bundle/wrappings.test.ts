// One known bundle in every wrapping (folder, .tar, .tar.gz, .tar.xz, .tar.zst, .zip, stdin, compressed members) gives the same findings and timeline.

import { createReadStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressFile, findingKeys, nodeBundle, pack, run, scratch, STALE_SAMPLE, timelineKeys, WRAPPINGS, type Wrapping } from './_bundles.js';
import type { Analysis } from '../../src/report.js';

const TOP = 'sosreport-centos79-2024-09-14';
const tmp = scratch('wrappings');
let folder: string;
let reference: Analysis;
const made = new Map<Wrapping, string>();

beforeAll(async () => {
  const src = path.join(tmp.dir, 'src');
  mkdirSync(src);
  folder = nodeBundle(STALE_SAMPLE, path.join(src, TOP), 'centos79');
  for (const w of WRAPPINGS) made.set(w, pack(folder, w, tmp.dir));
  reference = await run([folder]);
});
afterAll(() => tmp.cleanup());

describe('the stale-DNAT sample in every wrapping', () => {
  it('the folder itself has the three findings of the sample on host centos79', () => {
    expect(findingKeys(reference).map((k) => k.split(' ')[0])).toEqual(['hostport-dnat-shadowed', 'runtime-stopped-with-live-sandboxes', 'teardown-broke-off']);
    expect(new Set(reference.report.findings.map((f) => f.host))).toEqual(new Set(['centos79']));
    expect(reference.timeline.events.length).toBeGreaterThan(20);
  });

  for (const w of WRAPPINGS.filter((x) => x !== 'folder')) {
    it(`.${w} gives identical findings and timeline, paths under the archive name`, async () => {
      const archive = made.get(w)!;
      const a = await run([archive]);
      expect(findingKeys(a)).toEqual(findingKeys(reference));
      expect(timelineKeys(a, `${path.basename(archive)}/${TOP}/`)).toEqual(timelineKeys(reference, `${TOP}/`));
      // Every member of the bundle was read as the folder's file was: same formats, lines and records.
      const shape = (an: Analysis, prefix: string): string[] => an.report.inputs.filter((i) => i.format).map((i) => `${i.path.slice(prefix.length)} ${i.format} ${i.lines} ${i.records} ${i.unparsed} ${i.host}`);
      expect(shape(a, `${path.basename(archive)}/`)).toEqual(shape(reference, ''));
      const entry = a.report.inputs.find((i) => i.path === path.basename(archive))!;
      expect(entry.why).toMatch(new RegExp(`^${w === 'zip' ? 'zip' : 'tar'} archive: \\d+ members$`));
      expect(entry.notes.filter((n) => !n.startsWith('decompressed from'))).toEqual([]);
    });
  }

  it('a .tar.gz on standard input (-) gives the same findings and timeline', async () => {
    const a = await run(['-'], { stdin: createReadStream(made.get('tar.gz')!) });
    expect(findingKeys(a)).toEqual(findingKeys(reference));
    expect(timelineKeys(a, `stdin/${TOP}/`)).toEqual(timelineKeys(reference, `${TOP}/`));
  });

  it('a .tar.zst on standard input (-) gives the same findings', async () => {
    const a = await run(['-'], { stdin: createReadStream(made.get('tar.zst')!) });
    expect(findingKeys(a)).toEqual(findingKeys(reference));
  });

  it('a zip on standard input is refused with the reason (a zip needs random access)', async () => {
    const a = await run(['-'], { stdin: createReadStream(made.get('zip')!) });
    expect(a.report.inputs).toEqual([expect.objectContaining({ path: 'stdin', format: null, why: expect.stringContaining('zip archive inside a stream') })]);
  });

  it('single .gz/.xz/.zst files inside a folder (rotated logs) are read as their plain selves', async () => {
    const rotated = path.join(tmp.dir, 'rotated');
    mkdirSync(rotated);
    const dir = nodeBundle(STALE_SAMPLE, path.join(rotated, TOP), 'centos79');
    const journal = compressFile(path.join(dir, 'sos_commands/logs/journalctl_--no-pager'), 'xz');
    const deploy = compressFile(path.join(dir, 'var/log/deploy/deploy.log'), 'gzip');
    const iptables = compressFile(path.join(dir, 'sos_commands/firewall_tables/iptables_-t_nat_-nvL'), 'zstd');
    const a = await run([dir]);
    expect(findingKeys(a)).toEqual(findingKeys(reference));
    const rename = (p: string): string => p.replace(/\.(gz|xz|zst)$/, '');
    const keys = (an: Analysis): string[] => an.timeline.events.map((e) => `${e.kind} ${e.time} ${e.ids.join(',')} ${rename(e.source.path)}:${e.source.line}`);
    expect(keys(a)).toEqual(keys(reference));
    for (const [file, tool] of [
      [journal, 'xz'],
      [deploy, 'gzip'],
      [iptables, 'zstd'],
    ] as const) {
      const entry = a.report.inputs.find((i) => i.path === `${TOP}/${path.relative(dir, file)}`)!;
      expect(entry.format).not.toBeNull();
      expect(entry.notes).toContain(`decompressed from ${tool}`);
    }
  });

  it('archives nested in a zip (sos reports zipped by a script) are read member by member', async () => {
    const nest = path.join(tmp.dir, 'nest');
    mkdirSync(nest);
    const { execFileSync } = await import('node:child_process');
    execFileSync('zip', ['-q', '-j', path.join(nest, 'support.zip'), made.get('tar.xz')!]);
    const a = await run([path.join(nest, 'support.zip')]);
    expect(findingKeys(a)).toEqual(findingKeys(reference));
    expect(timelineKeys(a, `support.zip/${TOP}.tar.xz/${TOP}/`)).toEqual(timelineKeys(reference, `${TOP}/`));
  });
});
