// Node log entries copied from Cloud Logging's Logs Explorer (samples/formats/SOURCE.md): timed by the entry, placed on
// the node of its chip, read by the component of its body; systemd's job lines given PID 1's identifier.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloudLogging } from '../../src/formats/cloud-logging.js';
import { ingest } from '../../src/ingest.js';
import { describeCapturedCases } from '../helpers/captured-cases.js';
import { fixture } from '../helpers/fixtures.js';
import { headOf, runFormat } from '../helpers/run-format.js';

const CASE = 'gke-node-newest-first-kubelet-restart';
const NODE = 'gke-my-cluster-mypool-2396c280-upwl';

describe('cloud-logging', () => {
  describeCapturedCases(cloudLogging, {
    [CASE]: { path: 'ticket/gke-node-logs.txt', counters: { lines: 6, records: 6, events: 0, skipped: 0, unparsed: 0 }, notes: [/^Cloud Logging entries: 6 read, .* so 1 systemd job line\(s\) were given systemd's/] },
  });

  it('kubernetes#115491: the entry stamp and node; the systemd line gets PID 1\'s identifier, the others none', () => {
    const r = runFormat(cloudLogging, fixture('cloud-logging', CASE), 'ticket/gke-node-logs.txt');
    expect(r.records[0]).toMatchObject({ ident: 'systemd', host: NODE, message: 'Started Kubernetes kubelet.', stamp: { year: 2023, month: 1, day: 19, hour: 17, minute: 43, second: 27, micro: 0, offsetMin: 0 } });
    expect(r.records[3]).toMatchObject({ ident: null, host: NODE, stamp: { second: 17, micro: 97685 } });
    expect(r.records[3]!.message.startsWith('time="2023-01-19T17:43:17.097629571Z" level=error msg="StopContainer')).toBe(true);
  });

  it('the kubelet\'s restart by the health monitor is its start, on the node, at the entry\'s time; nothing else is lifecycle', async () => {
    const file = path.resolve(__dirname, '../../samples/formats/cloud-logging', CASE, 'input');
    const r = await ingest([file], { tz: null, year: null, host: null });
    expect(r.events.map((e) => [e.source.line, e.kind, e.attrs.daemon, e.host, e.time])).toEqual([[1, 'daemon.started', 'kubelet', NODE, Date.UTC(2023, 0, 19, 17, 43, 27) * 1000]]);
  });

  it('testcontainers-java#11139: a container\'s entry (containerName chip, no node): its logrus body read, no host claimed, nothing lifecycle', async () => {
    const file = path.resolve(__dirname, '../../samples/wild/testcontainers-java-11139-cloud-logging-severity-resource-label-no-marks.log');
    const r = runFormat(cloudLogging, readFileSync(file, 'utf8'), 'ticket/logs.txt');
    expect(r.counters).toMatchObject({ records: 1, unparsed: 0 });
    expect(r.records[0]).toMatchObject({ ident: null, host: null, stamp: { year: 2025, month: 10, day: 31, micro: 658837 } });
    expect(r.records[0]!.message.startsWith('time="2025-10-31T11:01:39.658598613Z" level=info msg="loading plugin')).toBe(true);
    expect((await ingest([file], { tz: null, year: null, host: null })).events).toEqual([]);
  });

  it('a severity word and a stamp without the viewer\'s chips is any logger\'s line; kubelet\'s own "Started kubelet" is no job line', () => {
    expect(cloudLogging.detect(headOf('INFO 2023-01-19T17:43:27Z Started Kubernetes kubelet.\nINFO 2023-01-19T17:43:28Z done', 'x'))).toBeNull();
    const r = runFormat(cloudLogging, 'INFO 2023-01-19T17:43:27Z [resource.labels.nodeName: n1] Started kubelet\n', 'x');
    expect(r.records[0]).toMatchObject({ ident: null, host: 'n1' });
  });
});
