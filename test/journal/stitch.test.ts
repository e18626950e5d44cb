// A klog multi-line value (`err=<`, TAB-indented lines, ` >`) that journald stored as one entry per line is one
// record on the timeline, and its evidence covers the line range of all its parts — in every journal mode.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, evidenceOut } from '../../src/report.js';

const ROOT = path.resolve(__dirname, '../..');
const SETUP_FAILED = path.join(ROOT, 'samples/dev-bundles/setup-failed-short-iso/par-worker-2-collect-20251014');
const JOURNAL = 'par-worker-2-collect-20251014/journalctl_--no-pager_-o_short-iso';
const NEW_YEAR = path.join(ROOT, 'samples/formats/journal-modes/new-year');
const OLD = '3f5d8e1a9b7c4d2e6f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e';
const opts = { tz: null, year: null, host: null };

describe('klog err=< blocks split across journal entries (real setup-failed dev bundle, short-iso)', async () => {
  const { report, timeline } = await analyze([SETUP_FAILED], opts, 'test');
  const fileLines = readFileSync(path.join(SETUP_FAILED, 'journalctl_--no-pager_-o_short-iso'), 'utf8').split('\n');

  it('the five lines are five journal entries of the same kubelet PID', () => {
    expect(fileLines.slice(14, 19).every((l) => l.includes(' par-worker-2 kubelet[1533]: '))).toBe(true);
    expect(fileLines[14]).toMatch(/"RunPodSandbox from runtime service failed" err=<$/);
    expect(fileLines[18]).toMatch(/kubelet\[1533\]:  >$/);
    expect(report.inputs.find((i) => i.path === JOURNAL)!.unparsed).toBe(0);
  });

  it('"RunPodSandbox from runtime service failed" is one event spanning lines 15–19', () => {
    const evs = timeline.events.filter((e) => e.source.path === JOURNAL && e.text.includes('RunPodSandbox from runtime service failed'));
    expect(evs.length).toBeGreaterThan(0);
    for (const e of evs) {
      expect(e.source.line).toBe(15);
      expect(e.endLine).toBe(19);
      expect(e.text.split('\n')).toHaveLength(5);
      expect(e.text).toContain('failed to clean up sandbox container');
    }
    // none of the continuation entries became an event of its own
    expect(timeline.events.filter((e) => e.source.path === JOURNAL && e.source.line >= 16 && e.source.line <= 19)).toEqual([]);
  });

  it('its evidence carries the line range: line 15, endLine 19', () => {
    const e = timeline.events.find((x) => x.source.path === JOURNAL && x.source.line === 15)!;
    expect(evidenceOut([e])).toEqual([{ path: JOURNAL, line: 15, endLine: 19, time: expect.any(String), text: e.text }]);
  });

  it('single-line evidence has no endLine', () => {
    const e = timeline.events.find((x) => x.source.path === JOURNAL && x.endLine === undefined)!;
    expect(evidenceOut([e])[0]).not.toHaveProperty('endLine');
  });
});

describe('klog err=< blocks split across entries, in the export and verbose renderings (New Year journal)', () => {
  it.each([
    ['input', /^Dec 31 23:59:58 sha-node-7 kubelet\[2211\]: E1231 /, /^Dec 31 23:59:58 sha-node-7 kubelet\[2211\]:  > podSandboxID=/],
    ['renderings/journalctl_-o_export', /^MESSAGE=E1231 /, /^MESSAGE= > podSandboxID=/],
    ['renderings/journalctl_-o_verbose', /^ {4}MESSAGE=E1231 /, /^ {4}MESSAGE= > podSandboxID=/],
    ['renderings/journalctl_-o_short-iso-precise', /^2024-12-31T23:59:58\.918004\+0800 .*E1231 /, /^2024-12-31T23:59:58\.918049\+0800 .* > podSandboxID=/],
    // json-pretty: a record is its object, from "{" to "}"
    ['renderings/journalctl_-o_json-pretty', /^\{$/, /^\}$/],
    ['renderings/journalctl_-o_json', /"MESSAGE":"E1231 /, /"MESSAGE":" > podSandboxID=/],
  ])('%s: StopPodSandbox failure is one event from its first to its last entry', async (file, first, last) => {
    const abs = path.join(NEW_YEAR, file);
    const { timeline } = await analyze([abs], opts, 'test');
    const lines = readFileSync(abs, 'utf8').split('\n');
    const evs = timeline.events.filter((e) => e.kind === 'sandbox.stop.failed');
    expect(evs).toHaveLength(1);
    const e = evs[0]!;
    expect(e.ids).toEqual([OLD]);
    expect(lines[e.source.line - 1]).toMatch(first);
    expect(e.endLine).toBeGreaterThan(e.source.line);
    expect(lines[e.endLine! - 1]).toMatch(last);
    const span = lines.slice(e.source.line - 1, e.endLine).join('\n');
    expect(span).toContain('E1231 23:59:58');
    expect(span).toContain('Is the docker daemon running?');
    expect(span).toContain(' > podSandboxID=');
    expect(e.text).toContain('Is the docker daemon running?');
    expect(evidenceOut([e])[0]!.endLine).toBe(e.endLine);
  });
});
