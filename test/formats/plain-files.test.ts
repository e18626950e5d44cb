// Plain daemon log files: logrus (dockerd, containerd, cri-dockerd) and klog (kubelet) without the journal.

import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { klogFile } from '../../src/formats/klog-file.js';
import { identFromPath, logrusFile } from '../../src/formats/logrus-file.js';
import { journalShort } from '../../src/formats/journal-short.js';
import { ingest } from '../../src/ingest.js';
import { analyze } from '../../src/report.js';
import { fixture } from '../helpers/fixtures.js';
import { headOf, runFormat, runFormatQuiet } from '../helpers/run-format.js';

const STALE = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';
const SAMPLE = path.resolve(__dirname, '../../samples/hostport-stale-dnat');

describe('logrus-file', () => {
  const text = fixture('logrus-file', 'dockerd-containerd-from-journal');

  it('claims the file and not a journal; a journal line is not claimed', () => {
    expect(logrusFile.detect(headOf(text, 'var/log/docker.log'))!.score).toBeGreaterThan(journalShort.detect(headOf(text, 'var/log/docker.log'))?.score ?? 0);
    expect(logrusFile.detect(headOf('Sep 14 11:39:02 centos79 dockerd[1234]: time="2024-09-14T11:39:42+08:00" level=info msg="x"', 'x'))).toBeNull();
  });

  it('every line is a record dated by its own time= with zone and year', () => {
    const r = runFormat(logrusFile, text, 'var/log/docker.log');
    expect(r.counters).toEqual({ lines: 8, records: 8, events: 0, skipped: 0, unparsed: 0 });
    expect(r.records[0]!.stamp).toMatchObject({ year: 2024, month: 9, day: 14, hour: 11, minute: 39, second: 42, micro: 15893, offsetMin: 480 });
    expect(r.records.every((x) => x.ident === 'dockerd')).toBe(true);
  });

  it('names the daemon from the file name', () => {
    expect(identFromPath('var/log/cri-dockerd.log')).toBe('cri-dockerd');
    expect(identFromPath('var/log/containerd/containerd.log')).toBe('containerd');
    expect(identFromPath('var/log/docker.log')).toBe('dockerd');
    expect(identFromPath('logs/app.log')).toBeNull();
  });

  it('refuses a line without time= and a time= that is no instant', () => {
    const r = runFormat(logrusFile, ['time="2024-09-14T11:39:42+08:00" level=info msg="Starting up"', 'garbage', 'time="yesterday" level=info msg="x"'].join('\n'), 'var/log/docker.log');
    expect(r.unparsed.map((u) => u.reason)).toEqual(['no logrus time="…" level=… at the start', 'time= is not an RFC 3339 instant']);
  });
});

describe('logrus-file: a line quoted without its time= (projectcalico/calico#4084)', () => {
  const line = 'level=error msg="StopPodSandbox for \\"4b84ed8e89e46cb78735cddc21208cb7bbe6d4959a0086a6aa0fa226bf9376e2\\" failed" error="failed to destroy network for sandbox \\"4b84ed8e89e46cb78735cddc21208cb7bbe6d4959a0086a6aa0fa226bf9376e2\\": WorkloadEndpoint.crd.projectcalico.org \\"WorkloadEndpoint(default/node01-k8s-prometheus--1-eth0)\\" not found"';

  it('is claimed and read timeless, with a note; prose that mentions level= is not claimed', () => {
    expect(logrusFile.detect(headOf(line, 'ticket/quote.txt'))).not.toBeNull();
    const r = runFormat(logrusFile, line, 'ticket/quote.txt');
    expect(r.counters).toMatchObject({ records: 1, unparsed: 0 });
    expect(r.records[0]!.stamp).toBeNull();
    expect(r.notes.join('\n')).toMatch(/1 logrus line\(s\) without time=/);
    expect(logrusFile.detect(headOf('set level=debug msg= in the config\nthen restart', 'ticket/notes.txt'))).toBeNull();
  });
});

describe('logrus-file: journal lines its poster cut short (containerd/containerd#9459)', () => {
  const WILD = path.resolve(__dirname, '../../samples/wild/containerd-9459-quoted-stamp-no-time-key-stop-teardown.log');

  it('a logrus line cut to its quoted stamp is dated by it; a line cut to "systemd[1]: " keeps its identifier, timeless', () => {
    const text = readFileSync(WILD, 'utf8');
    expect(logrusFile.detect(headOf(text, 'ticket/containerd.txt'))).not.toBeNull();
    const r = runFormat(logrusFile, text, 'ticket/containerd.txt');
    expect(r.counters).toMatchObject({ records: 8, unparsed: 0 });
    expect(r.records.map((x) => [x.ident, x.pid, x.stamp?.second ?? null, x.message.slice(0, 20)]).slice(0, 3)).toEqual([
      ['systemd', 1, null, 'Started containerd c'],
      ['containerd', null, 32, 'level=info msg="No c'],
      ['containerd', null, 33, 'level=info msg="Stop'],
    ]);
    expect(r.records[2]!.stamp).toMatchObject({ year: 2023, month: 11, day: 22, hour: 9, minute: 37, micro: 491621, offsetMin: 120 });
    expect(r.notes.join('\n')).toMatch(/7 logrus line\(s\) cut to their quoted stamp/);
    expect(r.notes.join('\n')).toMatch(/1 journal line\(s\) cut to "<identifier>\[pid\]:": 0 placed by the daemon's own time="…", 1 timeless/);
  });

  it('a quoted stamp that is no instant, or a quoted word before level=, is not read as one', () => {
    const r = runFormat(logrusFile, ['time="2024-09-14T11:39:42+08:00" level=info msg="Starting up"', '"yesterday" level=info msg="x"', '"2023-13-45T99:00:00Z" level=info msg="x"'].join('\n'), 'var/log/containerd.log');
    expect(r.unparsed.map((u) => u.line)).toEqual([2, 3]);
  });
});

describe('logrus-file: journal lines before the daemon\'s bare lines (kata-containers/runtime#396)', () => {
  const WILD = path.resolve(__dirname, '../../samples/wild/kata-runtime-396-crio-unit-old-description-restart-logrus-space-stamp.log');

  it('the journal lines keep their prefix (host, identifier, pid, year-less stamp), the bare logrus lines stay logrus', () => {
    const text = readFileSync(WILD, 'utf8');
    expect(logrusFile.detect(headOf(text, 'ticket/crio.txt'))).not.toBeNull();
    const r = runFormat(logrusFile, text, 'ticket/crio.txt');
    expect(r.counters).toMatchObject({ lines: 10, records: 10, unparsed: 0 });
    expect(r.records.slice(0, 4).map((x) => [x.domain, x.host, x.ident, x.pid, x.message.slice(0, 24)])).toEqual([
      ['journal', 'k8s-jamie-terraform-4c6ef93f-default-pool-mv3n', 'systemd', 1, 'Stopping OCI-based imple'],
      ['journal', 'k8s-jamie-terraform-4c6ef93f-default-pool-mv3n', 'systemd', 1, 'Stopped OCI-based implem'],
      ['journal', 'k8s-jamie-terraform-4c6ef93f-default-pool-mv3n', 'systemd', 1, 'Started OCI-based implem'],
      ['journal', 'k8s-jamie-terraform-4c6ef93f-default-pool-mv3n', 'crio', 23222, 'time="2018-06-13 time="2'],
    ]);
    expect(r.records[0]!.stamp).toMatchObject({ year: null, month: 6, day: 13, hour: 12, minute: 9, second: 1 });
    expect(r.records[4]).toMatchObject({ domain: 'host', ident: null, stamp: { year: 2018, month: 6, day: 13, micro: 559820 } });
    expect(r.notes.join('\n')).toMatch(/4 journal short line\(s\) among the logrus ones, read with their journal prefix/);
  });

  it('CRI-O\'s restart is read from the journal lines; none of the bare crio lines is lifecycle', async () => {
    const r = await ingest([WILD], { tz: null, year: null, host: null });
    expect(r.events.map((e) => [e.source.line, e.kind, e.attrs.daemon])).toEqual([
      [1, 'daemon.stopping', 'crio'],
      [2, 'daemon.stopped', 'crio'],
      [3, 'daemon.started', 'crio'],
    ]);
  });

  it('the other way round: journal-short reads a bare logrus line after journal lines as a record of its own, in both paths', () => {
    // The excerpt's first five lines: journal lines are most of them, so journal-short takes the file.
    const text = readFileSync(WILD, 'utf8').split('\n').slice(0, 5).join('\n') + '\n';
    expect(journalShort.detect(headOf(text, 'ticket/crio.txt'))!.score).toBeGreaterThan(logrusFile.detect(headOf(text, 'ticket/crio.txt'))?.score ?? 0);
    for (const r of [runFormat(journalShort, text, 'ticket/crio.txt'), runFormatQuiet(journalShort, text, 'ticket/crio.txt')]) {
      expect(r.counters).toMatchObject({ unparsed: 0 });
      expect(r.notes.join('\n')).toMatch(/1 logrus line\(s\) without a journal prefix among the journal's, timed by their own time=/);
    }
    const r = runFormat(journalShort, text, 'ticket/crio.txt');
    expect(r.records).toHaveLength(5);
    expect(r.records[4]).toMatchObject({ domain: 'host', host: null, ident: null, message: 'time="2018-06-13 12:09:01.559820868Z" level=debug msg="overlay: override_kernelcheck=true"', stamp: { year: 2018, month: 6, day: 13, hour: 12, minute: 9, second: 1, micro: 559820, offsetMin: 0 } });
    // A line that only starts like one is not read as logrus.
    expect(runFormat(journalShort, text + 'time="later" I gave up\n', 'ticket/crio.txt').unparsed.map((u) => u.reason)).toEqual(['no journalctl timestamp']);
  });

  it('a clean logrus file is read as before: no line of it is taken for a journal line', () => {
    const r = runFormat(logrusFile, fixture('logrus-file', 'dockerd-containerd-from-journal'), 'var/log/docker.log');
    expect(r.records.every((x) => x.domain === 'host' && x.ident === 'dockerd')).toBe(true);
    expect(r.notes.join('\n')).not.toMatch(/journal short line/);
  });
});

describe('klog-file', () => {
  const text = fixture('klog-file', 'kubelet-from-journal');

  it('claims the file; a logrus line is not claimed', () => {
    expect(klogFile.detect(headOf(text, 'var/log/kubelet.log'))!.score).toBeGreaterThan(0.5);
    expect(klogFile.detect(headOf('time="2024-09-14T11:39:42+08:00" level=info msg="x"', 'x'))).toBeNull();
  });

  it('every line is a year-less record with microseconds and the PID', () => {
    const r = runFormat(klogFile, text, 'var/log/kubelet.log');
    expect(r.counters).toEqual({ lines: 7, records: 7, events: 0, skipped: 0, unparsed: 0 });
    expect(r.records[0]).toMatchObject({ ident: 'kubelet', pid: 1789, stamp: { year: null, month: 9, day: 14, hour: 11, minute: 39, second: 2, micro: 118431, offsetMin: null } });
  });
});

describe('klog-file: headers cut to `file.go:N] msg` (samples/formats/klog-file/header-cut-rke-3440)', () => {
  const text = fixture('klog-file', 'header-cut-rke-3440');

  it('claims the file below a whole-header file; plain text with a Go file name in it is not claimed', () => {
    const cut = klogFile.detect(headOf(text, 'kubelet.txt'))!;
    expect(cut.score).toBeGreaterThan(0.5);
    expect(cut.score).toBeLessThan(klogFile.detect(headOf(fixture('klog-file', 'kubelet-from-journal'), 'kubelet.txt'))!.score);
    expect(klogFile.detect(headOf('panic: boom\ngoroutine 1 [running]:\nmain.main()\n\t/src/main.go:12 +0x20', 'x'))).toBeNull();
  });

  it('every line is a kubelet record with no stamp and no pid: nothing in the line dates it', () => {
    const r = runFormat(klogFile, text, 'kubelet.txt');
    expect(r.counters).toMatchObject({ lines: 5, records: 5, skipped: 0, unparsed: 0 });
    expect(r.records.map((x) => [x.ident, x.pid, x.stamp])).toEqual(Array.from({ length: 5 }, () => ['kubelet', null, null]));
  });
});

describe('the incident from plain daemon log files instead of the journal', () => {
  it('gives the same findings', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'podmortem-plain-'));
    try {
      const bundle = path.join(dir, 'centos79');
      cpSync(SAMPLE, bundle, { recursive: true });
      rmSync(path.join(bundle, 'sos_commands/logs'), { recursive: true });
      const journal = readFileSync(path.join(SAMPLE, 'sos_commands/logs/journalctl_--no-pager'), 'utf8').split('\n');
      mkdirSync(path.join(bundle, 'var/log'), { recursive: true });
      for (const [file, ident] of [['docker.log', 'dockerd'], ['containerd.log', 'containerd'], ['cri-dockerd.log', 'cri-dockerd'], ['kubelet.log', 'kubelet']] as const) {
        const lines = journal.filter((l) => l.includes(` ${ident}[`)).map((l) => l.replace(/^\S+ \d+ [\d:]+ centos79 [\w-]+\[\d+\]: /, ''));
        writeFileSync(path.join(bundle, 'var/log', file), lines.join('\n') + '\n');
      }
      const { report } = await analyze([bundle], { tz: null, year: null, host: null }, 'test');
      expect(report.inputs.filter((i) => /var\/log\/[\w-]+\.log$/.test(i.path)).map((i) => [i.path.split('/').pop(), i.format, i.unparsed])).toEqual([
        ['containerd.log', 'logrus-file', 0],
        ['cri-dockerd.log', 'logrus-file', 0],
        ['docker.log', 'logrus-file', 0],
        ['kubelet.log', 'klog-file', 0],
      ]);
      expect(report.findings.map((f) => [f.rule, f.containerId])).toEqual([
        ['hostport-dnat-shadowed', STALE],
        ['runtime-stopped-with-live-sandboxes', STALE],
        ['teardown-broke-off', STALE],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('klog-file: a paste that indents its lines (kubernetes/kubernetes#98520)', () => {
  it('an indented line opening with a (cut) klog header is a record of its own, not a continuation', () => {
    const text = [
      '00:09:12.076351   31704 kubelet.go:1907] SyncLoop (ADD, "api"): "app-1620346140-fflrv_test(e04434fe-79b1-41b7-86fe-448df262bd31)"',
      '  00:09:12.219509   31704 reconciler.go:209] operationExecutor.VerifyControllerAttachedVolume started for volume "varlog"',
      '\tgoroutine 1 [running]:',
    ].join('\n');
    const r = runFormat(klogFile, text, 'ticket/kubelet.txt');
    expect(r.records.map((x) => [x.source.line, x.message.split('\n').length])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(r.records[1]!.raw.startsWith('  00:09:12')).toBe(true);
  });
});
