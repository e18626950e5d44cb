// sos's own account of what it cut: sos_reports/manifest.json and sos_logs/sos.log, real files of real runs.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sosLog, mangleCommand } from '../../src/formats/sos-log.js';
import { sizeLimitMiB, sosManifest } from '../../src/formats/sos-manifest.js';
import { headOf, runFormat } from '../helpers/run-format.js';

const SAMPLES = path.resolve(__dirname, '../../samples');
const CUT = path.join(SAMPLES, 'variants/sos-journal-cut');
const TAILED = 'sos_strings/containerd/journalctl_--no-pager_--unit_containerd.tailed';

describe('sos-manifest', () => {
  it('a sos 4.12 report that cut the containerd journal at --journal-size 1: one cut, with its manifest line', () => {
    const text = readFileSync(path.join(CUT, 'sos_reports/manifest.json'), 'utf8');
    const run = runFormat(sosManifest, text, 'sosreport-node/sos_reports/manifest.json');
    expect(run.meta).toEqual([{ kind: 'sos-cut', file: TAILED, command: 'journalctl --no-pager --unit containerd --reverse', plugin: 'containerd', limitMiB: 1, text: `"filepath": "${TAILED}",` }]);
    const line = text.split('\n').findIndex((l) => l.includes(`"filepath": "${TAILED}"`)) + 1;
    expect(line).toBeGreaterThan(0);
    // sos writes no final newline: every line is counted, the one the cut cites as read, the others skipped.
    const lines = text.split('\n').length;
    expect(run.counters).toEqual({ lines, records: 0, events: 0, skipped: lines - 1, unparsed: 0 });
  });

  it('a sos 4.2 report with --all-logs (canonical/hotsos fixture): nothing cut', () => {
    const text = readFileSync(path.join(SAMPLES, 'formats/sos-manifest/kubernetes-all-logs.json'), 'utf8');
    const run = runFormat(sosManifest, text, 'sosreport-k8s/sos_reports/manifest.json');
    expect(run.meta).toEqual([]);
    expect(run.counters.unparsed).toBe(0);
    expect(run.counters.skipped).toBe(run.counters.lines);
  });

  it('is chosen only for sos_reports/manifest.json, not for other JSON', () => {
    const text = readFileSync(path.join(CUT, 'sos_reports/manifest.json'), 'utf8').slice(0, 4000);
    expect(sosManifest.detect(headOf(text, 'x/sos_reports/manifest.json'))?.score).toBeGreaterThan(0.9);
    expect(sosManifest.detect(headOf(text, 'x/etc/manifest.json'))).toBeNull();
    expect(sosManifest.detect(headOf('{"version":"v1","name":"a","namespace":"b","checksum":1}', 'x/sos_reports/manifest.json'))).toBeNull();
  });

  it('reads the limit sos applied from the options it ran with', () => {
    expect(sizeLimitMiB('report --batch -o containerd --journal-size 1', 'journalctl --no-pager  --unit containerd --reverse')).toBe(1);
    // sos < 4.5.2: journals got max(--log-size, 100); other outputs --log-size, 25 by default.
    expect(sizeLimitMiB('report --batch', 'journalctl --no-pager ')).toBe(100);
    expect(sizeLimitMiB('report --log-size=200', 'journalctl --no-pager ')).toBe(200);
    expect(sizeLimitMiB('report', 'ls -alZR /var/log')).toBe(25);
    expect(sizeLimitMiB('report -a --all-logs', 'journalctl --no-pager ')).toBeNull();
  });
});

describe('sos-log', () => {
  it("the same run's sos.log: the truncation line names the plugin's command being collected", () => {
    const text = readFileSync(path.join(CUT, 'sos_logs/sos.log'), 'utf8');
    const run = runFormat(sosLog, text, 'sosreport-node/sos_logs/sos.log');
    expect(run.meta).toEqual([
      { kind: 'sos-cut', file: TAILED, command: 'journalctl --no-pager --unit containerd --reverse', plugin: 'containerd', limitMiB: 1, text: expect.stringMatching(/INFO: \[plugin:containerd\] collected output of 'journalctl' was truncated$/) },
    ]);
    expect(run.counters.unparsed).toBe(0);
    expect(run.counters.skipped).toBe(run.counters.lines - 1);
  });

  it('a tailed copy of a log file is named as sos names it under sos_strings', () => {
    const run = runFormat(sosLog, "2024-01-02 03:04:05,678 INFO: [plugin:docker] collecting tail of '/var/log/docker.log' due to size limit\n", 'n/sos_logs/sos.log');
    expect(run.meta).toEqual([expect.objectContaining({ file: 'sos_strings/docker/var.log.docker.log.tailed', command: 'tail of /var/log/docker.log', limitMiB: 25 })]);
  });

  it("mangles command names as sos's _mangle_command does", () => {
    expect(mangleCommand('journalctl --no-pager  --unit containerd')).toBe('journalctl_--no-pager_--unit_containerd');
    expect(mangleCommand('journalctl --no-pager ')).toBe('journalctl_--no-pager');
    expect(mangleCommand('/usr/bin/ls -alZR /var/log/')).toBe('ls_-alZR_.var.log');
  });

  it('is chosen for sos_logs/sos.log over the deploy-log format its timestamps look like', () => {
    const text = readFileSync(path.join(CUT, 'sos_logs/sos.log'), 'utf8');
    expect(sosLog.detect(headOf(text, 'x/sos_logs/sos.log'))?.score).toBeGreaterThan(0.95);
    expect(sosLog.detect(headOf(text, 'x/var/log/deploy.log'))).toBeNull();
  });
});
