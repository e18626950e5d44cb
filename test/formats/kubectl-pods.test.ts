import { describe, expect, it } from 'vitest';
import { kubectlPods } from '../../src/formats/kubectl-pods.js';
import { fixture } from '../helpers/fixtures.js';
import { describeCapturedCases, type CapturedCase } from '../helpers/captured-cases.js';
import { headOf, runFormat } from '../helpers/run-format.js';

const DEFAULT_NS = 'no NAMESPACE column: namespace "default" assumed (kubectl prints none for the current namespace or -n <ns>; use -A to be sure)';
const NO_HEADER = 'no header: columns assumed to be NAME, READY, STATUS, RESTARTS, AGE, IP, NODE, NOMINATED NODE, READINESS GATES (kubectl get pods -o wide)';
// The seed report's row as its page shows it: every run of blanks collapsed to one.
const SEED_ROW = 'xxxx-gateway-55fc694d76-rbxc7 1/1 Running 0 3h53m 10.187.2.34 xxx.xx.xx.26 <none> <none>';

const CASES: Record<string, CapturedCase> = {
  'wide-default-namespace-seed': { path: 'kubectl_get_pods_-o_wide', counters: { lines: 4, records: 0, events: 3, skipped: 1, unparsed: 0 }, score: 0.95, notes: [DEFAULT_NS] },
  'wide-grep-row-no-header': { path: 'notes/gateway-pod.txt', counters: { lines: 1, records: 0, events: 1, skipped: 0, unparsed: 0 }, score: 0.6, notes: [NO_HEADER, DEFAULT_NS] },
  'wide-all-namespaces': { path: 'sos_commands/kubernetes/kubectl_get_pods_-A_-o_wide', counters: { lines: 7, records: 0, events: 6, skipped: 1, unparsed: 0 }, score: 0.95, notes: [] },
  'narrow-all-namespaces': { path: 'kubectl_get_pods_-A', counters: { lines: 7, records: 0, events: 6, skipped: 1, unparsed: 0 }, score: 0.95, notes: [] },
  'json-list-all-namespaces': { path: 'kubectl_get_pods_-A_-o_json', counters: { lines: 429, records: 0, events: 6, skipped: 423, unparsed: 0 }, score: 0.9, notes: [] },
  'json-single-pod': { path: 'kubectl_get_pod_-o_json', counters: { lines: 101, records: 0, events: 1, skipped: 100, unparsed: 0 }, score: 0.9, notes: [] },
};

const run = (c: string) => runFormat(kubectlPods, fixture('kubectl-pods', c), CASES[c]!.path);
const pick = (c: string) => run(c).events.map((e) => [e.attrs.pod, e.attrs.ip, e.attrs.node, e.attrs.status, e.attrs.hostPorts]);

describe('kubectl-pods: captured cases (real kubectl output)', () => describeCapturedCases(kubectlPods, CASES));

describe('kubectl-pods: pod.observed', () => {
  it('-o wide without NAMESPACE: default namespace, IP, node, STATUS column, "1 (3h40m ago)" restarts', () => {
    const evs = run('wide-default-namespace-seed').events;
    expect(evs.map((e) => [e.attrs.pod, e.attrs.ip, e.attrs.node, e.attrs.status, e.attrs.ready, e.attrs.restarts, e.attrs.age])).toEqual([
      ['default/xxxx-gateway-55fc694d76-rbxc7', '10.187.2.34', 'xxx.xx.xx.26', 'Running', '1/1', 0, '3h53m'],
      ['default/xxxx-web-7b9c6d5f4-k2m8p', '10.187.0.21', 'xxx.xx.xx.37', 'Running', '2/2', 1, '4h2m'],
      ['default/xxxx-migrate-29786542-qz8fd', '10.187.1.9', 'xxx.xx.xx.38', 'Completed', '0/1', 0, '3h58m'],
    ]);
    expect(evs[0]!.kind).toBe('pod.observed');
    expect(evs[0]!.ids).toEqual([]);
    expect(evs[0]!.attrs).toEqual({
      pod: 'default/xxxx-gateway-55fc694d76-rbxc7', ip: '10.187.2.34', node: 'xxx.xx.xx.26', status: 'Running', phase: null, ready: '1/1', restarts: 0, age: '3h53m',
      hostPorts: [], protos: [], hostNetwork: null, uid: null, containerIds: [], form: 'table',
    });
    expect(evs[0]!.source).toEqual({ path: 'kubectl_get_pods_-o_wide', line: 2 });
  });

  it('-A -o wide: namespaces from the first column; <none> IP and node are null', () => {
    expect(pick('wide-all-namespaces')).toEqual([
      ['elk/beats-gateway-qtvcfcrcxd-7x6g9', '10.66.2.40', 'lab-node-5', 'Running', []],
      ['elk/kibana-5vwg92sx45-l48tf', '10.66.2.37', 'lab-node-5', 'Running', []],
      ['elk/elasticsearch-0', '10.66.1.12', 'lab-node-4', 'Running', []],
      ['elk/es-curator-29311980-x2vq7', '10.66.1.31', 'lab-node-4', 'CrashLoopBackOff', []],
      ['kube-system/kube-proxy-q8w2n', '192.168.56.15', 'lab-node-5', 'Running', []],
      ['monitoring/grafana-6d8f9c7b5-tr4lx', null, null, 'Pending', []],
    ]);
    expect(run('wide-all-namespaces').events[3]!.attrs.restarts).toBe(7);
  });

  it('a table without -o wide has no IP or node', () => {
    expect(pick('narrow-all-namespaces').map((p) => p.slice(0, 3))).toEqual(pick('wide-all-namespaces').map((p) => [p[0], null, null]));
  });

  it('-o json: podIP, nodeName, phase, hostPorts of spec.containers, hostNetwork and the containers\' IDs', () => {
    const evs = run('json-list-all-namespaces').events;
    expect(pick('json-list-all-namespaces')).toEqual([
      ['elk/beats-gateway-qtvcfcrcxd-7x6g9', '10.66.2.40', 'lab-node-5', 'Running', [5045]],
      ['elk/kibana-5vwg92sx45-l48tf', '10.66.2.37', 'lab-node-5', 'Running', []],
      ['elk/elasticsearch-0', '10.66.1.12', 'lab-node-4', 'Running', []],
      ['elk/es-curator-29311980-x2vq7', '10.66.1.31', 'lab-node-4', 'Running', []],
      ['kube-system/kube-proxy-q8w2n', '192.168.56.15', 'lab-node-5', 'Running', []],
      ['monitoring/grafana-6d8f9c7b5-tr4lx', null, null, 'Pending', [3000]],
    ]);
    expect(evs[0]!.attrs).toMatchObject({ phase: 'Running', protos: ['tcp'], hostNetwork: false, uid: '26b1aec5-f1ac-4db9-9bc3-89159ab62ce3', containerIds: ['0dfb76822cb020c2f8ed58d488a58101aada08b6f7ace5a932319dce377481af'], form: 'json' });
    expect(evs[4]!.attrs.hostNetwork).toBe(true);
    const lines = fixture('kubectl-pods', 'json-list-all-namespaces').split('\n');
    for (const e of evs) expect(lines[e.source.line - 1]!.trim()).toBe(`"name": "${String(e.attrs.pod).split('/')[1]}",`);
  });

  it('-o json of one Pod: the seed pod with its four hostPorts', () => {
    const [e] = run('json-single-pod').events;
    expect(e!.attrs).toMatchObject({ pod: 'default/xxxx-gateway-55fc694d76-rbxc7', ip: '10.187.2.34', node: 'xxx.xx.xx.26', hostPorts: [443, 80, 9001, 10001] });
    expect(e!.source.line).toBe(9);
  });

  it('the seed report\'s collapsed row reads the same as kubectl\'s own spacing', () => {
    const r = runFormat(kubectlPods, SEED_ROW + '\n', 'seed.txt');
    expect(kubectlPods.detect(headOf(SEED_ROW, 'seed.txt'))?.score).toBe(0.6);
    expect(r.counters).toEqual({ lines: 1, records: 0, events: 1, skipped: 0, unparsed: 0 });
    expect(r.events[0]!.attrs).toEqual(run('wide-grep-row-no-header').events[0]!.attrs);
  });

  it('its samples (header and the seed pod) read as one pod', () => {
    const r = runFormat(kubectlPods, kubectlPods.samples.join('\n') + '\n', 'kubectl_get_pods_-o_wide');
    expect(r.counters).toEqual({ lines: 2, records: 0, events: 1, skipped: 1, unparsed: 0 });
  });
});

describe('kubectl-pods: refusals, counted and never thrown', () => {
  it('detect(): kubectl get nodes, docker ps, docker inspect and a conflist are not pod listings', () => {
    for (const text of [
      'NAME          STATUS   ROLES           AGE     VERSION    INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                KERNEL-VERSION           CONTAINER-RUNTIME\nxx.xx.xx.37   Ready    master,node     4h10m   v1.27.16   xx.xx.xx.37   <none>        CentOS Linux 7 (Core)   3.10.0-1160.el7.x86_64   docker://26.1.4',
      fixture('docker-ps', 'ps-a-lab-node-5'),
      fixture('docker-inspect', 'inspect-sandbox-running'),
      fixture('cni-conflist', 'conflist-flannel-portmap-seed'),
      '2025-09-23T10:21:41.244609+0530 lab-node-5 kubelet[73310]: I0923 10:21:41.244438   73310 server.go:486] "Kubelet version" kubeletVersion="v1.32.1"',
    ]) expect(kubectlPods.detect(headOf(text, 'kubectl_output'))).toBeNull();
  });

  it('garbage rows, a bad IP cell and a torn row are unparsed; "No resources found" is skipped', () => {
    const [header, row] = fixture('kubectl-pods', 'wide-all-namespaces').split('\n');
    const text = [header, row, 'error: the server doesn\'t have a resource type "podz"', row!.replace('10.66.2.40', 'not-an-ip '), row!.slice(0, 50), 'No resources found in elk namespace.', ''].join('\n');
    const r = runFormat(kubectlPods, text, 'k');
    expect(r.counters).toEqual({ lines: 6, records: 0, events: 1, skipped: 2, unparsed: 3 });
    expect(r.unparsed.map((u) => [u.line, u.reason])).toEqual([
      [3, 'row has 9 cells, the header 10'],
      [4, 'IP cell "not-an-ip" is not an address'],
      [5, 'row has 3 cells, the header 10'],
    ]);
  });

  it('JSON: a non-Pod item is skipped, a broken item unparsed, a truncated list unparsed line by line', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } }, 'junk', { kind: 'Pod', metadata: {} }, { kind: 'Pod', metadata: { name: 'p', namespace: 'n' }, status: { podIP: '10.0.0.9' } }] };
    const r = runFormat(kubectlPods, JSON.stringify(list, null, 4) + '\n', 'k.json');
    expect(r.events.map((e) => [e.attrs.pod, e.attrs.ip])).toEqual([['n/p', '10.0.0.9']]);
    // The Service's line is skipped as not a Pod; every other line of the list read whole is skipped too, but the pod's line (its event).
    expect(r.counters.skipped).toBe(r.counters.lines - r.counters.unparsed - 1);
    expect(r.unparsed.map((u) => u.reason)).toEqual(['list item is not an object', 'Pod without metadata.name']);
    const cut = fixture('kubectl-pods', 'json-single-pod').split('\n').slice(0, 30).join('\n') + '\n';
    const t = runFormat(kubectlPods, cut, 'k.json');
    expect(t.counters).toEqual({ lines: 30, records: 0, events: 0, skipped: 0, unparsed: 30 });
  });
});
