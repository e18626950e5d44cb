// A container's log as its runtime keeps it (docker json-file, CRI): the daemon line inside is read through the usual
// components, timed by the runtime's outer stamp. Lines: docker-library/docker#224 (a docker:dind json-file log,
// samples/wild), and `tail /var/log/pods/kube-system_aws-node-…/aws-node/0.log` of an EKS node posted in
// github.com/jiwonYun9332/AWES-1 (Study notes, 2023-05-20).

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { containerLog } from '../../src/formats/container-log.js';
import { parseLogrus } from '../../src/components/logrus.js';
import { ingest } from '../../src/ingest.js';
import { runFormat } from '../helpers/run-format.js';

const DIND = path.resolve(__dirname, '../../samples/wild/docker-library-224-dind-json-file-driver-wrapped-logrus.log');

const AWS_NODE = [
  '2023-05-20T16:57:52.340311538Z stdout F Installed /host/opt/cni/bin/aws-cni',
  '2023-05-20T16:57:52.341863161Z stderr F time="2023-05-20T16:57:52Z" level=info msg="Starting IPAM daemon... "',
  '2023-05-20T16:57:53.352612604Z stderr F time="2023-05-20T16:57:53Z" level=info msg="Successfully copied CNI plugin binary and config file."',
].join('\n') + '\n';

describe('container-log', () => {
  it('reads dockerd inside a json-file log: its lifecycle lines, at the driver\'s time', async () => {
    const ing = await ingest([DIND], { tz: null, year: null, host: null });
    expect(ing.inputs[0]!.format).toBe('container-log');
    // the poster's two "[...]" elisions, and nothing else
    expect(ing.inputs[0]!.unparsed).toBe(2);
    expect(ing.events.map((e) => [e.kind, e.source.line, e.time])).toEqual([
      ['daemon.stopping', 2, Date.UTC(2020, 3, 10, 14, 4, 50) * 1000 + 847690],
      ['daemon.stopped', 3, Date.UTC(2020, 3, 10, 14, 4, 50) * 1000 + 847928],
    ]);
  });

  it('reads the CRI format kubelet has the runtime write: the inner line as the body, the outer stamp as the time', () => {
    const r = runFormat(containerLog, AWS_NODE, 'var/log/pods/kube-system_aws-node-7fwbm_a618a16d-1fcf-4111-b58d-6e3f94e8d81e/aws-node/0.log');
    expect(r.counters.unparsed).toBe(0);
    expect(r.records.map((x) => x.message)).toEqual([
      'Installed /host/opt/cni/bin/aws-cni',
      'time="2023-05-20T16:57:52Z" level=info msg="Starting IPAM daemon... "',
      'time="2023-05-20T16:57:53Z" level=info msg="Successfully copied CNI plugin binary and config file."',
    ]);
    expect(parseLogrus(r.records[1]!.message)!.msg).toBe('Starting IPAM daemon... ');
    expect(r.records[1]!.stamp).toMatchObject({ year: 2023, month: 5, day: 20, hour: 16, minute: 57, second: 52, micro: 341863, offsetMin: 0 });
  });

  it('joins a line the runtime split into partial pieces (CRI tag P, json-file without "\\n") into one record at its first line', () => {
    // The second AWS_NODE line, cut as the runtime cuts a line over its buffer: P pieces, then the F one.
    const cri = '2023-05-20T16:57:52.341863161Z stderr P time="2023-05-20T16:57:52Z" level=info \n2023-05-20T16:57:52.341863161Z stderr F msg="Starting IPAM daemon... "\n';
    const json = '{"log":"time=\\"2020-04-10T14:04:50.847864698Z\\" level=info ","stream":"stderr","time":"2020-04-10T14:04:50.847928047Z"}\n{"log":"msg=\\"Daemon shutdown complete\\"\\n","stream":"stderr","time":"2020-04-10T14:04:50.847928047Z"}\n';
    for (const [text, msg] of [[cri, 'Starting IPAM daemon... '], [json, 'Daemon shutdown complete']] as const) {
      const r = runFormat(containerLog, text, 'var/log/containers/x.log');
      expect(r.records).toHaveLength(1);
      expect(r.records[0]!.source.line).toBe(1);
      expect(r.records[0]!.endLine).toBe(2);
      expect(parseLogrus(r.records[0]!.message)!.msg).toBe(msg);
      expect(r.notes.join('\n')).toMatch(/1 lines the runtime split/);
    }
  });

  it('counts what is not a runtime line as unparsed, with the reason', () => {
    const r = runFormat(containerLog, '[...]\n' + AWS_NODE, 'x.log');
    expect(r.unparsed).toEqual([{ line: 1, reason: expect.stringMatching(/not a container runtime log line/), text: '[...]' }]);
  });
});
