// A boot console (samples/formats/SOURCE.md): systemd's status lines read as PID 1's job lines, journald's forwarded
// lines as timeless journal records, the kernel's own skipped; nothing on a console is placed in time.

import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { journalShort } from '../../src/formats/journal-short.js';
import { consoleLine, systemdConsole } from '../../src/formats/systemd-console.js';
import { ingest } from '../../src/ingest.js';
import { analyze } from '../../src/report.js';
import { describeCapturedCases } from '../helpers/captured-cases.js';
import { fixture } from '../helpers/fixtures.js';
import { headOf, runFormat } from '../helpers/run-format.js';

const DIR = path.resolve(__dirname, '../../samples/formats/systemd-console');
const at = (c: string): string => path.join(DIR, c, 'input');
const NOTE = /^boot console: \d+ systemd status line\(s\) read as PID 1's job lines, \d+ forwarded journal line\(s\), \d+ kernel line\(s\) skipped; no line states a wall-clock time/;

describe('systemd-console', () => {
  describeCapturedCases(systemdConsole, {
    'bottlerocket-ec2-serial-ellipsized': { path: 'ticket/serial-console.txt', counters: { lines: 22, records: 22, events: 0, skipped: 0, unparsed: 0 }, notes: [NOTE], score: 0.96 },
    'cloud-init-kernel-lines-kubeadm': { path: 'ticket/serial-console.txt', counters: { lines: 13, records: 13, events: 0, skipped: 0, unparsed: 0 }, notes: [NOTE], score: 0.96 },
  });

  it('bottlerocket#3000: containerd and the kubelet come up, every event timeless; ellipsized and unfollowed units give nothing', async () => {
    const r = await ingest([at('bottlerocket-ec2-serial-ellipsized')], { tz: null, year: null, host: null });
    expect(r.events.map((e) => [e.source.line, e.kind, e.attrs.daemon, e.attrs.unit, e.time])).toEqual([
      [11, 'daemon.started', 'containerd', 'containerd container runtime', null],
      [13, 'daemon.starting', 'kubelet', 'Kubelet', null],
      [16, 'daemon.started', 'kubelet', 'Kubelet', null],
    ]);
    const recs = runFormat(systemdConsole, fixture('systemd-console', 'bottlerocket-ec2-serial-ellipsized'), 'ticket/serial-console.txt').records;
    expect(recs[3]).toMatchObject({ ident: 'systemd', pid: 1, stamp: null, absUs: null, message: 'Starting Reboot system if needed fo…guration changes to take effect...' });
  });

  it('capi-virtink#34: the kernel-stamped cloud-init lines are timeless journal records, the status line the kubelet\'s start', async () => {
    const r = runFormat(systemdConsole, fixture('systemd-console', 'cloud-init-kernel-lines-kubeadm'), 'ticket/serial-console.txt');
    expect(r.records[0]).toMatchObject({ ident: 'cloud-init', pid: 1047, host: null, stamp: null, absUs: null, message: '[kubeconfig] Writing "admin.conf" kubeconfig file' });
    expect(r.records[7]).toMatchObject({ ident: 'systemd', message: 'Started kubelet: The Kubernetes Node Agent.' });
    const ev = await ingest([at('cloud-init-kernel-lines-kubeadm')], { tz: null, year: null, host: null });
    // kubeadm's "[kubelet-start] Starting the kubelet" (line 7) is kubeadm's report, not the unit's start.
    expect(ev.events.map((e) => [e.source.line, e.kind, e.attrs.daemon, e.time])).toEqual([[8, 'daemon.started', 'kubelet', null]]);
  });

  it('reads the result words of job.c and the colour a console adds, whole or with its ESC lost; not a spinner or prose', () => {
    expect(consoleLine('[FAILED] Failed to start Kubelet.')).toEqual({ kind: 'status', text: 'Failed to start Kubelet.' });
    expect(consoleLine('[DEPEND] Dependency failed for Kubelet.')).toEqual({ kind: 'status', text: 'Dependency failed for Kubelet.' });
    expect(consoleLine('[ TIME ] Timed out starting Kubelet.')).toEqual({ kind: 'status', text: 'Timed out starting Kubelet.' });
    expect(consoleLine('[\u001b[0;32m  OK  \u001b[0m] Started Kubelet.')).toEqual({ kind: 'status', text: 'Started Kubelet.' });
    expect(consoleLine('[[0;32m  OK  [0m] Started Kubelet.')).toEqual({ kind: 'status', text: 'Started Kubelet.' });
    // unit.c unit_status_printf highlights the unit (ANSI_HIGHLIGHT "\x1b[0;1;39m" … ANSI_NORMAL) on a colour console.
    expect(consoleLine('[\u001b[0;32m  OK  \u001b[0m] Started \u001b[0;1;39mcontainerd.service\u001b[0m - containerd container runtime.')).toEqual({ kind: 'status', text: 'Started containerd.service - containerd container runtime.' });
    expect(consoleLine('         Starting [0;1;39mkubelet.service[0m - kubelet: The Kubernetes Node Agent...')).toEqual({ kind: 'status', text: 'Starting kubelet.service - kubelet: The Kubernetes Node Agent...' });
    expect(consoleLine('[  *** ] A start job is running for Kubelet (1min 2s / no limit)')).toEqual({ kind: 'progress' });
    expect(consoleLine('[ OK ] Started Kubelet.')).toBeNull();
    expect(consoleLine('    Starting the kubelet')).toBeNull();
    expect(consoleLine('[kubelet-start] Starting the kubelet')).toBeNull();
  });

  it('kernel lines alone are no console of systemd\'s (journal-short reads short-monotonic); a journal line is refused', () => {
    const kernelOnly = fixture('systemd-console', 'cloud-init-kernel-lines-kubeadm').split('\n').filter((l) => !l.startsWith('[  OK')).join('\n');
    expect(systemdConsole.detect(headOf(kernelOnly, 'ticket/serial-console.txt'))).toBeNull();
    expect(journalShort.detect(headOf(kernelOnly, 'ticket/serial-console.txt'))).not.toBeNull();
    expect(systemdConsole.detect(headOf('Jun 13 12:09:01 node systemd[1]: Started Kubelet.', 'x'))).toBeNull();
  });

  it('timeless daemon lines beside a timed bundle open no stop window and change no finding (samples/hostport-stale-dnat)', async () => {
    const SAMPLE = path.resolve(__dirname, '../../samples/hostport-stale-dnat');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-console-'));
    try {
      cpSync(SAMPLE, path.join(dir, 'node'), { recursive: true });
      // job.c's "Stopping %s..." and "Stopped %s." for docker.service's description, as status_vprintf lays them out on
      // the console (rendered from the format strings, as docs/sweep.md renders its rows), then bottlerocket#3000's lines.
      const text = ['         Stopping Docker Application Container Engine...', '[  OK  ] Stopped Docker Application Container Engine.', fixture('systemd-console', 'bottlerocket-ec2-serial-ellipsized')].join('\n');
      writeFileSync(path.join(dir, 'node', 'serial-console.txt'), text);
      const opts = { tz: null, year: null, host: null };
      const base = await analyze([SAMPLE], opts, 'test');
      const withConsole = await analyze([path.join(dir, 'node')], opts, 'test');
      const fromConsole = withConsole.timeline.events.filter((e) => e.source.path.endsWith('serial-console.txt'));
      expect(fromConsole.map((e) => [e.kind, e.attrs.daemon, e.time])).toEqual([
        ['daemon.stopping', 'dockerd', null],
        ['daemon.stopped', 'dockerd', null],
        ['daemon.started', 'containerd', null],
        ['daemon.starting', 'kubelet', null],
        ['daemon.started', 'kubelet', null],
      ]);
      expect(withConsole.timeline.windows.filter((w) => fromConsole.includes(w.start) || (w.end !== null && fromConsole.includes(w.end)))).toEqual([]);
      expect(withConsole.timeline.windows.length).toBe(base.timeline.windows.length);
      expect(withConsole.report.findings.map((f) => [f.rule, f.containerId, f.severity])).toEqual(base.report.findings.map((f) => [f.rule, f.containerId, f.severity]));
      expect(base.report.findings.length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
