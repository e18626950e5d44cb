// What a ticket around node logs looks like beyond prompts: the command written on its own line with no prompt
// above the output it printed (containerd/containerd#4016), and a file the user named after journalctl that says
// no unit. Both were read by nothing before: the lines in them were lost to every component.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanLine } from '../../src/formats/_paste-clean.js';
import { ingest } from '../../src/ingest.js';
import { runJournal } from '../helpers/run-journal.js';

const ROOT = path.resolve(__dirname, '../..');
const C4016 = path.join(ROOT, 'samples/formats/paste/containerd-4016-command-no-prompt/input');
const SANDBOX = '4498f5a09d782a7fb5c662f20b3bdbba8260e086f32529d4d56097cf8bf4445d';
const LOGRUS = 'time="2020-02-12T13:12:54.556721052Z" level=info msg="StopPodSandbox for \\"' + SANDBOX + '\\""\n';
const KLOG = 'I0912 17:24:28.106047   15221 plugins.go:405] Calling network plugin cni to tear down pod "choury-2_default"\n';

async function eventsOf(name: string, text: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-ticket-'));
  try {
    writeFileSync(path.join(dir, name), text);
    const ing = await ingest([path.join(dir, name)], { tz: null, year: null, host: null });
    return { input: ing.inputs[0]!, events: ing.events };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('cleanLine: a command with no prompt before it', () => {
  const starts = (t: string): boolean => /^time="/.test(t);
  it('is skipped like a prompt line: the programs people read node logs with, after sudo or not', () => {
    for (const c of ['journalctl -o cat -u containerd', 'sudo journalctl -u kubelet | grep "nginx-56ccc998dd-nnsvj"', 'crictl logs 1a2b', 'microk8s.kubectl get pods', 'cat /var/log/containerd.log'])
      expect(cleanLine(c, 0, starts), c).toEqual({ text: null, prompt: true, prefix: false });
  });

  it('is no line that opens a record, and no word that only begins like a command', () => {
    expect(cleanLine(LOGRUS.trimEnd(), 0, starts)).toEqual({ text: LOGRUS.trimEnd(), prompt: false, prefix: false });
    for (const t of ['catastrophic failure', 'dockerd exited', 'journalctl: no entries'])
      expect(cleanLine(t, 0, starts), t).toEqual({ text: t, prompt: false, prefix: false });
  });
});

describe('paste: the command above its output (containerd/containerd#4016)', () => {
  it('skips the command, reads containerd 1.3 logrus lines with unescaped inner quotes, and raises the StopPodSandbox start with its ID', async () => {
    const r = runJournal(C4016, { path: 'ticket/containerd.txt' });
    expect(r.format?.id).toBe('paste');
    expect(r.records).toHaveLength(3);
    expect(r.counters).toMatchObject({ lines: 5, records: 3, skipped: 2, unparsed: 0 });
    const { readFileSync } = await import('node:fs');
    const got = await eventsOf('containerd.txt', readFileSync(C4016, 'utf8'));
    expect(got.events.filter((e) => e.kind === 'sandbox.teardown.start').map((e) => e.ids)).toEqual([[SANDBOX]]);
  });
});

describe('a file named after journalctl that names no unit is read by what is in it', () => {
  it('logrus lines: logrus-file reads them (journal-cat refuses a name without a unit), and the event is raised', async () => {
    const r = runJournal(Buffer.from(LOGRUS), { path: 'ticket/containerd-journalctl-o-cat.txt' });
    expect(r.format?.id).toBe('logrus-file');
    const got = await eventsOf('containerd-journalctl-o-cat.txt', LOGRUS);
    expect(got.events.map((e) => [e.kind, e.ids])).toEqual([['sandbox.teardown.start', [SANDBOX]]]);
  });

  it('klog lines: klog-file reads them', () => {
    expect(runJournal(Buffer.from(KLOG), { path: 'ticket/kubelet-journalctl.txt' }).format?.id).toBe('klog-file');
  });

  it('still leaves a sos journalctl file that names its unit to journal-cat', () => {
    expect(runJournal(Buffer.from(LOGRUS), { path: 'sos_commands/logs/journalctl_--no-pager_--unit_containerd' }).format?.id).toBe('journal-cat');
    expect(runJournal(Buffer.from(KLOG), { path: 'sos_commands/logs/journalctl_--no-pager_--unit_kubelet' }).format?.id).toBe('journal-cat');
  });
});
