// sos's journal cap: a journal sos cut starts at its first line, and nothing before it is claimed absent.

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/report.js';
import { sequenceRule } from '../../src/rules/engine/sequence.js';
import { parseRule } from '../../src/rules/load.js';

const SAMPLE = path.resolve(__dirname, '../../samples/variants/sos-journal-cut');
const A = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';
const B = '0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2';
const CUT = 'journal cut by sos at 1 MiB: coverage starts 2024-09-14T02:15:26.000000Z';
const opts = { tz: null, year: null, host: null };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pm-sos-cut-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The sample without what sos said about the cut (its manifest and log). */
function uncutCopy(): string {
  const dir = path.join(tmp, 'sos-journal-cut');
  cpSync(SAMPLE, dir, { recursive: true, verbatimSymlinks: true });
  rmSync(path.join(dir, 'sos_reports'), { recursive: true });
  rmSync(path.join(dir, 'sos_logs'), { recursive: true });
  return dir;
}

/** A sequence rule claiming that no `absent` kind came before a sandbox's start (within `maxspan`, if given). */
function startedUnasked(maxspan: string | null) {
  const yaml = `id: started-unasked
title: Sandbox started without a kubelet request
severity: low
description: A sandbox started with no SyncLoop ADD of its pod before it.
howItDecides: By sandbox, an absence before the start.
falsePositives: [test rule]
remediation: none
references: [https://example.invalid/test]
by: sandbox
${maxspan ? `maxspan: ${maxspan}\n` : ''}sequence:
  - name: asked
    absent: true
    kind: pod.added
  - name: started
    kind: sandbox.started
message: sandbox {{short}} started at {{step.started.where}} without a SyncLoop ADD before it.
`;
  return sequenceRule(parseRule(yaml, 'started-unasked.yaml'));
}

describe('a journal sos cut (real sos 4.12 report, --journal-size 1)', () => {
  it('says in the assumptions where the cut journal starts, and why', async () => {
    const { report } = await analyze([SAMPLE], opts, 'test');
    expect(report.assumptions.filter((a) => a.what.startsWith('journal cut'))).toEqual([
      {
        host: 'centos79',
        what: 'journal cut by sos at 1 MiB (sos-journal-cut/sos_strings/containerd/journalctl_--no-pager_--unit_containerd.tailed)',
        value: 'coverage starts 2024-09-14T02:15:26.000000Z',
        basis: "sos-journal-cut/sos_logs/sos.log:15: sos ran `journalctl --no-pager --unit containerd --reverse` and kept the newest part of its output",
      },
    ]);
  });

  it('a stale jump of a sandbox whose start was cut away: not proven gone, inconclusive for the cut', async () => {
    const { report } = await analyze([SAMPLE], opts, 'test');
    expect(report.findings.map((f) => [f.rule, f.severity, f.containerId])).toEqual([['hostport-dnat-shadowed', 'medium', A]]);
    const f = report.findings[0]!;
    expect(f.inconclusive).toBe(`${CUT}; an exit or removal of the earlier sandbox before then is not in the bundle`);
    expect(f.summary).toContain(`(not proven gone: ${CUT}, and its start is not in it)`);
  });

  it('without the manifest and sos.log the same journal is not known to be cut: the plain reason', async () => {
    const { report } = await analyze([uncutCopy()], opts, 'test');
    expect(report.assumptions.filter((a) => a.what.startsWith('journal cut'))).toEqual([]);
    expect(report.findings.map((f) => [f.rule, f.containerId, f.inconclusive])).toEqual([['hostport-dnat-shadowed', A, 'the bundle holds no exit, removal, lease or IP evidence that the earlier sandbox is gone']]);
  });

  it('an absence a sequence rule claims before the first line of the journal is inconclusive with the cut as reason', async () => {
    const run = async (maxspan: string | null) => (await analyze([SAMPLE], opts, 'test', { rules: [startedUnasked(maxspan)] })).report.findings.map((f) => [f.containerId, f.inconclusive]);
    // B started at 11:45:13 (+08:00); the journal starts at 10:15:26.
    expect(await run(null)).toEqual([[B, `an absence this rule claims starts before the journals do (${CUT})`]]);
    expect(await run('2h')).toEqual([[B, `an absence this rule claims starts before the journals do (${CUT})`]]);
    expect(await run('10m')).toEqual([[B, null]]);
  });
});
