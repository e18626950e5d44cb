// Kubernetes JSON logs (component-base/logs/json) as talosctl prints them: each object is one kubelet record in the
// structured klog text the kubelet component reads, dated by "ts" (epoch milliseconds) (kubernetes/kubernetes#61117).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { klogJson } from '../../src/formats/klog-json.js';
import { logrusJson } from '../../src/formats/logrus-json.js';
import { ingest } from '../../src/ingest.js';
import { headOf, runFormat } from '../helpers/run-format.js';

const LINES = [
  '10.200.1.3: {"ts":1753121294157.29,"caller":"internal/log.go:32","msg":"RunPodSandbox from runtime service failed","err":"rpc error: code = DeadlineExceeded desc = context deadline exceeded"}',
  '10.200.1.3: {"ts":1753121294157.4375,"caller":"kuberuntime/kuberuntime_sandbox.go:72","msg":"Failed to create sandbox for pod","pod":{"name":"etcd-defrag-29218680-tzdzg","namespace":"tenant-testmonitoring"},"err":"rpc error: code = DeadlineExceeded desc = context deadline exceeded"}',
];

describe('klog-json', () => {
  it('rewrites each object into structured klog text, the node prefix as host, "ts" milliseconds as the instant', () => {
    const r = runFormat(klogJson, LINES.join('\n') + '\n', 'talos/kubelet.log');
    expect(r.unparsed).toEqual([]);
    expect(r.records.map((x) => [x.host, x.ident, x.absUs])).toEqual([
      ['10.200.1.3', 'kubelet', 1753121294157290],
      ['10.200.1.3', 'kubelet', 1753121294157438],
    ]);
    expect(r.records[1]!.message).toBe('"Failed to create sandbox for pod" pod="tenant-testmonitoring/etcd-defrag-29218680-tzdzg" err="rpc error: code = DeadlineExceeded desc = context deadline exceeded"');
  });

  it('counts a "ts" no epoch time can be unparsed, with its reason (the formats fuzz, FUZZ_SEED=22361712: a ts with its point moved)', () => {
    const far = LINES[1]!.replace('1753121294157.4375', '17531294157437.5');
    const r = runFormat(klogJson, [LINES[0], far].join('\n') + '\n', 'talos/kubelet.log');
    expect(r.records).toHaveLength(1);
    expect(r.unparsed).toHaveLength(1);
    expect(String(r.unparsed[0]!.reason)).toMatch(/"ts" 17531294157437\.5 is out of range for an epoch time/);
  });

  it('is not claimed for logrus JSON, and logrus-json does not claim it', () => {
    const logrus = '{"level":"info","msg":"shim disconnected","time":"2024-09-14T11:39:43.530117387+08:00"}\n';
    expect(klogJson.detect(headOf(logrus))).toBeNull();
    expect(logrusJson.detect(headOf(LINES.join('\n') + '\n'))).toBeNull();
  });

  it('gives the kubelet events, dated', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-klog-json-'));
    try {
      const file = path.join(dir, 'kubelet.log');
      writeFileSync(file, LINES.join('\n') + '\n');
      const ing = await ingest([file], { tz: null, year: null, host: null });
      expect(ing.events.map((e) => [e.kind, e.time])).toEqual([
        ['sandbox.setup.failed', 1753121294157290],
        ['sandbox.setup.failed', 1753121294157438],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
