import { describe, expect, it } from 'vitest';
import { criDockerdCheckpoint } from '../../src/formats/cri-dockerd-checkpoint.js';
import { FORMATS } from '../../src/formats/index.js';
import { fixture, fixtureCases } from '../helpers/fixtures.js';
import { headOf, runFormat } from '../helpers/run-format.js';

const DIR = 'var/lib/cri-dockerd/sandbox';
// Synthetic files (see SOURCE.md): each named by a sandbox ID, as cri-dockerd names them.
const CASES: Record<string, { id: string; attrs: Record<string, unknown> }> = {
  'v1-hostport-tcp': {
    id: 'c8110a220547a31bd67baf489cbc0cf3c7a8a0d58002bf76098fadefdf13cc60',
    attrs: { pod: 'elk/beats-gateway-qtvcfcrcxd-7x6g9', ports: [5045], protos: ['tcp'], containerPorts: [5045], hostNetwork: false, version: 'v1' },
  },
  'v1-data-empty-no-ports': {
    id: '915bd7e8bccaa08a2b7ff552a853ffe1234a30e32a6a5eb79ff450773d3a01cc',
    attrs: { pod: 'elk/kibana-5vwg92sx45-l48tf', ports: [], protos: [], containerPorts: [], hostNetwork: false, version: 'v1' },
  },
  'v1-host-network': {
    id: '2b7d9e0c4a6f8e1d3c5b7a9f0e2d4c6b8a0f1e3d5c7b9a0e2f4d6c8b0a1e3f5d',
    attrs: { pod: 'kube-system/kube-proxy-q8w2n', ports: [], protos: [], containerPorts: [], hostNetwork: true, version: 'v1' },
  },
  'v1-two-mappings-udp-host-ip': {
    id: '7e5c3a1f9d7b5e3c1a9f7d5b3e1c9a7f5d3b1e9c7a5f3d1b9e7c5a3f1d9b7e5c',
    attrs: { pod: 'kube-system/dns-cache-5l9xq', ports: [53, 53], protos: ['udp', 'tcp'], containerPorts: [53, 53], hostNetwork: false, version: 'v1' },
  },
};

const pathOf = (id: string) => `node-7/${DIR}/${id}`;
const run = (c: string, path = pathOf(CASES[c]!.id)) => runFormat(criDockerdCheckpoint, fixture('cri-dockerd-checkpoint', c), path);

describe('cri-dockerd-checkpoint: cases', () => {
  it('every case folder has a golden entry', () => {
    expect(fixtureCases('cri-dockerd-checkpoint')).toEqual(Object.keys(CASES).sort());
  });

  for (const [c, { id, attrs }] of Object.entries(CASES)) {
    it(`${c}: compact JSON, no trailing newline; one line, one event, no notes`, () => {
      expect(fixture('cri-dockerd-checkpoint', c)).toMatch(/^\{"version":"v1","name":"[^"]+","namespace":"[^"]+","data":\{.*\},"checksum":\d+\}$/);
      const r = run(c);
      expect(r.counters).toEqual({ lines: 1, records: 0, events: 1, skipped: 0, unparsed: 0 });
      expect(r.notes).toEqual([]);
    });

    it(`${c}: sandbox.checkpoint keyed by the file name, with pod, hostPorts and hostNetwork`, () => {
      const [e] = run(c).events;
      expect(e!.kind).toBe('sandbox.checkpoint');
      expect(e!.ids).toEqual([id]);
      expect(e!.attrs).toEqual({ ...attrs, file: pathOf(id) });
      expect(e!.source).toEqual({ path: pathOf(id), line: 1 });
      const text = fixture('cri-dockerd-checkpoint', c);
      expect(e!.text).toBe(text.length > 200 ? text.slice(0, 199) + '…' : text);
    });

    it(`${c}: detect() claims it above every other format (named sandbox/<id> or not)`, () => {
      for (const [path, score] of [[pathOf(id), 0.95], ['collected/checkpoint', 0.85]] as const) {
        const head = headOf(fixture('cri-dockerd-checkpoint', c), path);
        expect(criDockerdCheckpoint.detect(head)?.score).toBe(score);
        for (const other of FORMATS.filter((f) => f !== criDockerdCheckpoint)) expect(other.detect(head)?.score ?? 0, other.id).toBeLessThan(score);
      }
    });
  }

  it('dockershim\'s checkpoints (/var/lib/dockershim/sandbox/<id>) have the same shape and read the same', () => {
    const id = CASES['v1-hostport-tcp']!.id;
    const r = runFormat(criDockerdCheckpoint, fixture('cri-dockerd-checkpoint', 'v1-hostport-tcp'), `var/lib/dockershim/sandbox/${id}`);
    expect(r.events[0]!.ids).toEqual([id]);
  });
});

describe('cri-dockerd-checkpoint: what it refuses, counted and never thrown', () => {
  it('detect(): cache files, conflists, leases and docker inspect are not checkpoints', () => {
    for (const [text, path] of [
      [fixture('cni-cache', 'cniCacheV1-portmapping-5044'), 'var/lib/cni/cache/results/labnet-x-eth0'],
      [fixture('cni-conflist', 'conflist-bridge-portmap-labnet'), 'etc/cni/net.d/10-labnet.conflist'],
      [fixture('docker-inspect', 'inspect-sandbox-running'), 'docker_inspect_c8110a220547'],
      ['{"version":"v1","name":"x"}', `${DIR}/x`],
    ]) expect(criDockerdCheckpoint.detect(headOf(text!, path!)), path).toBeNull();
  });

  it('a file not named by a sandbox ID still yields the pod, keyed by nothing, with a note', () => {
    const r = run('v1-hostport-tcp', `${DIR}/checkpoint.bak`);
    expect(r.events[0]!.ids).toEqual([]);
    expect(r.notes).toEqual(['file name "checkpoint.bak" is not a 64-hex sandbox ID: the checkpoint names no sandbox']);
  });

  it('garbage, a truncated checkpoint, a JSON without name/namespace and junk mappings', () => {
    const p = pathOf(CASES['v1-hostport-tcp']!.id);
    expect(runFormat(criDockerdCheckpoint, 'Binary file matches\n', p).unparsed.map((u) => u.reason)).toEqual(['not JSON (expected a sandbox checkpoint)']);
    expect(runFormat(criDockerdCheckpoint, fixture('cri-dockerd-checkpoint', 'v1-hostport-tcp').slice(0, 60), p).unparsed.map((u) => u.reason)).toEqual(['truncated JSON (no closing })']);
    expect(runFormat(criDockerdCheckpoint, '{"version":"v1","checksum":1}', p).unparsed.map((u) => u.reason)).toEqual(['JSON that is not a sandbox checkpoint']);
    const odd = runFormat(criDockerdCheckpoint, '{"version":"v2","name":"a","namespace":"b","data":{"port_mappings":[null,{"host_port":-1},{"container_port":80,"host_port":8080}]},"checksum":1}', p);
    expect(odd.events[0]!.attrs).toMatchObject({ pod: 'b/a', ports: [8080], protos: ['tcp'], containerPorts: [80], version: 'v2' });
    expect(odd.notes).toEqual(['checkpoint version "v2": read as v1']);
  });
});
