// The built CLI on the targz-orphan-lease-cache bundle with its journal as a binary journal file (on disk, and
// inside a tar.gz) and as that file's `journalctl -o export` rendering: the same findings and the same reading.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decompress } from 'fzstd';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/podmortem.js');
const BUNDLE = path.join(ROOT, 'samples/dev-bundles/targz-orphan-lease-cache/lab-node-5-netdebug-20250923.tar.gz');
const FIX = path.join(ROOT, 'test/fixtures/journal-file-bundle');
const NODE = 'lab-node-5-netdebug-20250923';
const SHORT = 'journalctl_--no-pager_-o_short-iso-precise';
const JOURNAL = 'var/log/journal/0f4c8a2e6b1d4e9f8a3c5b7d9e1f2a4c/system.journal';

interface Report {
  inputs: { path: string; format: string | null; lines: number; records: number; unparsed: number; events: number; notes: string[] }[];
  findings: { rule: string; containerId: string | null; host: string; severity: string; evidence?: unknown }[];
}

function analyze(input: string): Report {
  const r = spawnSync(process.execPath, [BIN, 'analyze', input, '--format', 'json'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'UTC', NO_COLOR: '1' } });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Report;
}

const key = (f: Report['findings'][number]) => `${f.rule} ${f.containerId} ${f.host} ${f.severity}`;

describe('analyze a bundle holding a binary journal file', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'pm-journal-file-e2e-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  /** The bundle with its text journal replaced by `file` at `rel`. */
  const variant = (name: string, rel: string, bytes: Buffer): string => {
    const dir = path.join(tmp, name);
    cpSync(path.join(tmp, 'orig', NODE), path.join(dir, NODE), { recursive: true });
    rmSync(path.join(dir, NODE, SHORT));
    mkdirSync(path.dirname(path.join(dir, NODE, rel)), { recursive: true });
    writeFileSync(path.join(dir, NODE, rel), bytes);
    return path.join(dir, NODE);
  };
  mkdirSync(path.join(tmp, 'orig'));
  expect(spawnSync('tar', ['xzf', BUNDLE, '-C', path.join(tmp, 'orig')]).status).toBe(0);
  const journal = Buffer.from(decompress(readFileSync(path.join(FIX, 'system.journal.zst'))));
  const asExport = analyze(variant('export', 'journalctl_--no-pager_-o_export', readFileSync(path.join(FIX, 'journalctl-o-export'))));
  const onDisk = variant('journal', JOURNAL, journal);
  const asJournal = analyze(onDisk);
  expect(spawnSync('tar', ['czf', path.join(tmp, 'bundle.tar.gz'), '-C', path.dirname(onDisk), NODE]).status).toBe(0);
  const inTar = analyze(path.join(tmp, 'bundle.tar.gz'));
  const original = analyze(BUNDLE);
  // The same 51 entries in two files of the machine whose times interleave (odd entries, even entries).
  const split = variant('split', JOURNAL.replace('system.journal', 'system@5b0c2e7d9a1f4e3c8d6b4a2f0e1c3d5b-0000000000000001-00063f5e1c2a3b4c.journal'), Buffer.from(decompress(readFileSync(path.join(FIX, 'system@interleaved-odd.journal.zst')))));
  writeFileSync(path.join(split, path.dirname(JOURNAL), 'user-1000.journal'), Buffer.from(decompress(readFileSync(path.join(FIX, 'user-1000-interleaved-even.journal.zst')))));
  const asTwo = analyze(split);

  it('reads the journal file: 51 entries, 51 records, nothing unparsed, the machine and boot said', () => {
    for (const r of [asJournal, inTar]) {
      const i = r.inputs.find((x) => x.path.endsWith('/system.journal'))!;
      expect([i.format, i.lines, i.records, i.unparsed]).toEqual(['journal-file', 51, 51, 0]);
      expect(i.notes).toContain('journal file of machine 0f4c8a2e6b1d4e9f8a3c5b7d9e1f2a4c (offline, compact): 51 entries read, 1 boot (5b0c2e7d9a1f4e3c8d6b4a2f0e1c3d5b)');
    }
  });

  it('gives the findings of the export rendering, and of the original text journal', () => {
    expect(asJournal.findings.length).toBeGreaterThan(0);
    expect(asJournal.findings.map(key)).toEqual(asExport.findings.map(key));
    expect(inTar.findings.map(key)).toEqual(asExport.findings.map(key));
    expect(asJournal.findings.map(key).sort()).toEqual(original.findings.map(key).sort());
  });

  it('a folder of two journal files of the machine, entries interleaved in time, gives the findings of the one file', () => {
    const files = asTwo.inputs.filter((i) => i.format === 'journal-file');
    expect(files.map((i) => [i.path.split('/').pop(), i.records, i.unparsed])).toEqual([
      ['system@5b0c2e7d9a1f4e3c8d6b4a2f0e1c3d5b-0000000000000001-00063f5e1c2a3b4c.journal', 26, 0],
      ['user-1000.journal', 25, 0],
    ]);
    expect(asTwo.findings.map(key)).toEqual(asJournal.findings.map(key));
  });

  it('the journal and its export give the same events', () => {
    const ev = (r: Report) => r.inputs.filter((i) => i.format?.startsWith('journal')).map((i) => [i.records, i.events]);
    expect(ev(asJournal)).toEqual(ev(asExport));
  });
});
