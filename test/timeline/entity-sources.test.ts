// The new entity sources on the timeline: cache files and checkpoints mark sandboxes, docker ps/inspect name
// pods, kubectl pod IPs go to the sandbox whose lease (else cache) holds them.

import { describe, expect, it } from 'vitest';
import type { PmEvent } from '../../src/events/types.js';
import { cniCache } from '../../src/formats/cni-cache.js';
import { cniIpam } from '../../src/formats/cni-ipam.js';
import { criDockerdCheckpoint } from '../../src/formats/cri-dockerd-checkpoint.js';
import { dockerInspect } from '../../src/formats/docker-inspect.js';
import { dockerPs } from '../../src/formats/docker-ps.js';
import { kubectlPods } from '../../src/formats/kubectl-pods.js';
import type { Format } from '../../src/formats/types.js';
import { buildTimeline, containersById, eventsOfKind } from '../../src/timeline/timeline.js';
import { fixture } from '../helpers/fixtures.js';
import { runFormat } from '../helpers/run-format.js';

const X = '552aa97f22726c219abc8876b79e3ce3445d2b2ebf5c75bdcc73c48e54a0358d'; // dead beats-gateway sandbox
const Z = '83abb8008f443a64fa5efc49ea2935ad4ed5f6085d2cf58ad810f4753a632d1c'; // dead es-curator sandbox
const K = '915bd7e8bccaa08a2b7ff552a853ffe1234a30e32a6a5eb79ff450773d3a01cc'; // kibana sandbox
const B = 'c8110a220547a31bd67baf489cbc0cf3c7a8a0d58002bf76098fadefdf13cc60'; // new beats-gateway sandbox
const ROOT = 'lab-node-5-netdebug-20250923';

let seq = 0;
/** Events as ingest would hand them on: host filled, timeless (all of these are collection-time state). */
function events(format: Format, text: string, path: string, host = 'lab-node-5'): PmEvent[] {
  return runFormat(format, text, path).events.map((d) => ({ ...d, time: null, clockKey: path, host, seq: seq++ }));
}
const lease = (id: string, ip: string, host = 'lab-node-5') => events(cniIpam, `${id}\r\neth0`, `${ROOT}/var/lib/cni/networks/labnet/${ip}`, host);
const cache = (c: string, id: string) => events(cniCache, fixture('cni-cache', c), `${ROOT}/var/lib/cni/cache/results/labnet-${id}-eth0`);
const wide = () => events(kubectlPods, fixture('kubectl-pods', 'wide-all-namespaces'), 'kubectl_get_pods_-A_-o_wide');

describe('timeline: cache files and checkpoints', () => {
  it('a result cache alone makes a sandbox with its pod and IP', () => {
    const tl = buildTimeline(cache('cniCacheV1-no-portmappings', Z));
    const c = tl.containers.get(Z)!;
    expect(c.isSandbox).toBe(true);
    expect([...c.pods]).toEqual(['elk/es-curator-29311920-p6bm2']);
    expect([...c.ips]).toEqual(['10.66.2.39']);
    expect([...c.networks]).toEqual(['labnet']);
  });

  it('a checkpoint makes a sandbox with its pod; docker ps short IDs resolve onto it', () => {
    const tl = buildTimeline([
      ...events(criDockerdCheckpoint, fixture('cri-dockerd-checkpoint', 'v1-hostport-tcp'), `${ROOT}/var/lib/cri-dockerd/sandbox/${B}`),
      ...events(dockerPs, fixture('docker-ps', 'ps-a-lab-node-5'), `${ROOT}/sos_commands/docker/docker_ps_-a`),
    ]);
    const c = tl.containers.get(B)!;
    expect(c.isSandbox).toBe(true);
    expect([...c.pods]).toEqual(['elk/beats-gateway-qtvcfcrcxd-7x6g9']);
    expect(c.events.map((e) => e.kind).sort()).toEqual(['container.observed', 'sandbox.checkpoint']);
    // The other three rows name IDs nothing else in this bundle spells out: they stay unresolved.
    expect([...tl.containers.keys()]).toEqual([B]);
  });

  it('docker inspect marks a podsandbox container as a sandbox, an app container not', () => {
    const tl = buildTimeline([
      ...events(dockerInspect, fixture('docker-inspect', 'inspect-sandbox-running'), 'docker_inspect_c8110a220547'),
      ...events(dockerInspect, fixture('docker-inspect', 'inspect-app-container'), 'docker_inspect_0dfb76822cb0'),
    ]);
    expect([...tl.containers.values()].map((c) => [c.id.slice(0, 12), c.isSandbox, [...c.pods]]).sort()).toEqual([
      ['0dfb76822cb0', false, ['elk/beats-gateway-qtvcfcrcxd-7x6g9']],
      ['c8110a220547', true, ['elk/beats-gateway-qtvcfcrcxd-7x6g9']],
    ]);
  });
});

describe('timeline: kubectl pod IPs onto sandboxes', () => {
  it('a pod goes to the sandbox whose lease holds its IP, and its row joins that sandbox\'s events', () => {
    const tl = buildTimeline([...lease(K, '10.66.2.37'), ...lease(B, '10.66.2.40'), ...wide()]);
    expect([...tl.containers.get(K)!.pods]).toEqual(['elk/kibana-5vwg92sx45-l48tf']);
    expect([...tl.containers.get(B)!.pods]).toEqual(['elk/beats-gateway-qtvcfcrcxd-7x6g9']);
    const row = tl.containers.get(B)!.events.find((e) => e.kind === 'pod.observed')!;
    expect(row.ids).toEqual([B]);
    expect(row.source).toEqual({ path: 'kubectl_get_pods_-A_-o_wide', line: 2 });
    expect(tl.notes).toEqual([]);
  });

  it('-o json works the same way', () => {
    const tl = buildTimeline([...lease(B, '10.66.2.40'), ...events(kubectlPods, fixture('kubectl-pods', 'json-list-all-namespaces'), 'pods.json')]);
    expect([...tl.containers.get(B)!.pods]).toEqual(['elk/beats-gateway-qtvcfcrcxd-7x6g9']);
  });

  it('with no lease for the IP, the result cache decides; a lease beats a cache naming another sandbox', () => {
    const onlyCache = buildTimeline([...cache('cniCacheV1-no-portmappings', Z), ...events(kubectlPods, 'elk  es-curator-29311920-p6bm2  0/1  Error  0  2h  10.66.2.39  lab-node-5  <none>  <none>\n', 'k')]);
    expect([...onlyCache.containers.get(Z)!.pods]).toEqual(['elk/es-curator-29311920-p6bm2']);
    // Kept in the timeline's own order (timeless events by file path: 'k' before 'lab-node-5-…').
    expect(onlyCache.containers.get(Z)!.events.map((e) => e.kind)).toEqual(['pod.observed', 'cni.cache.present']);

    // The cache says X had .38; the lease says K holds it now: the listing's pod goes to K.
    const both = buildTimeline([...cache('cniCacheV1-portmapping-5044', X), ...lease(K, '10.66.2.38'), ...events(kubectlPods, 'elk  kibana-5vwg92sx45-l48tf  1/1  Running  0  2h  10.66.2.38  lab-node-5  <none>  <none>\n', 'k')]);
    expect([...both.containers.get(K)!.pods]).toEqual(['elk/kibana-5vwg92sx45-l48tf']);
    expect([...both.containers.get(X)!.pods]).toEqual(['elk/beats-gateway-xdht8ctvcb-qlnxp']);
  });

  it('a listing that contradicts the sandbox\'s own pod is noted, not attributed', () => {
    const tl = buildTimeline([...cache('cniCacheV1-portmapping-5044', X), ...lease(X, '10.66.2.38'), ...events(kubectlPods, 'elk  other-pod-1  1/1  Running  0  2h  10.66.2.38  lab-node-5  <none>  <none>\n', 'k')]);
    expect([...tl.containers.get(X)!.pods]).toEqual(['elk/beats-gateway-xdht8ctvcb-qlnxp']);
    expect(tl.notes).toEqual([
      'pod elk/other-pod-1 at k:1 has IP 10.66.2.38, held by sandbox 552aa97f2272 of elk/beats-gateway-xdht8ctvcb-qlnxp: the listing and the lease are not from the same moment; not attributed',
    ]);
  });

  it('the same IP leased on two hosts goes to the one on the listing\'s host; on neither, it is noted', () => {
    const rows = (host: string) => events(kubectlPods, 'elk  kibana-5vwg92sx45-l48tf  1/1  Running  0  2h  10.66.2.37  lab-node-5  <none>  <none>\n', 'k', host);
    const tl = buildTimeline([...lease(K, '10.66.2.37'), ...lease(Z, '10.66.2.37', 'lab-node-6'), ...rows('lab-node-5')]);
    expect([...tl.containers.get(K)!.pods]).toEqual(['elk/kibana-5vwg92sx45-l48tf']);
    expect([...tl.containers.get(Z)!.pods]).toEqual([]);
    const far = buildTimeline([...lease(K, '10.66.2.37'), ...lease(Z, '10.66.2.37', 'lab-node-6'), ...rows('laptop')]);
    expect(far.notes).toEqual(['pod elk/kibana-5vwg92sx45-l48tf at k:1: IP 10.66.2.37 is held by 2 sandboxes; not attributed']);
  });

  it('DNAT targets do not attribute pods (a stale chain keeps an IP that may be reused)', () => {
    const target: PmEvent = {
      kind: 'cni.dnat.target', time: null, stamp: null, absUs: null, domain: 'capture', clockKey: 'ipt', host: 'lab-node-5', ids: [X], prefixes: [],
      attrs: { chain: 'CNI-DN-44277f9b1fb3f8351f74a', ip: '10.66.2.38', port: 5044, proto: 'tcp', dump: 'ipt', form: 'iptables -S' }, source: { path: 'ipt', line: 1 }, text: '', seq: seq++,
    };
    const tl = buildTimeline([target, ...events(kubectlPods, 'elk  new-pod-1  1/1  Running  0  2h  10.66.2.38  lab-node-5  <none>  <none>\n', 'k')]);
    expect([...tl.containers.get(X)!.pods]).toEqual([]);
    expect([...tl.containers.get(X)!.ips]).toEqual(['10.66.2.38']);
  });
});

describe('timeline: containers in ID order', () => {
  it('are sorted once per timeline for every rule that asks, and again when a container was added', () => {
    const tl = buildTimeline([...lease(Z, '10.66.2.39'), ...lease(K, '10.66.2.40'), ...lease(X, '10.66.2.41')]);
    const first = containersById(tl);
    expect(first.map((c) => c.id)).toEqual([X, Z, K]);
    expect(containersById(tl)).toBe(first);
    tl.containers.set(B, { ...tl.containers.get(X)!, id: B });
    expect(containersById(tl).map((c) => c.id)).toEqual([X, Z, K, B]);
  });
});

describe('timeline: events by kind', () => {
  it('are gathered once per timeline in timeline order, and again when events were added', () => {
    const tl = buildTimeline([...lease(Z, '10.66.2.39'), ...cache('cniCacheV1-no-portmappings', Z), ...lease(K, '10.66.2.40')]);
    const leases = eventsOfKind(tl, 'ipam.lease');
    expect(leases.map((e) => e.ids[0])).toEqual(tl.events.filter((e) => e.kind === 'ipam.lease').map((e) => e.ids[0]));
    expect(leases).toHaveLength(2);
    expect(eventsOfKind(tl, 'ipam.lease')).toBe(leases);
    expect(eventsOfKind(tl, 'cni.cache.present')).toHaveLength(1);
    expect(eventsOfKind(tl, 'task.deleted')).toEqual([]);
    tl.events.push(...lease(X, '10.66.2.41'));
    expect(eventsOfKind(tl, 'ipam.lease').map((e) => e.ids[0])).toEqual([...leases.map((e) => e.ids[0]), X]);
  });
});
