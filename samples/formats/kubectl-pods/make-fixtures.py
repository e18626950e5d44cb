#!/usr/bin/env python3
"""Regenerates the kubectl-pods fixtures with the real kubectl against a stub API server on 127.0.0.1.

The stub answers legacy discovery (/api, /apis, /api/v1) and pod lists, as a Table (meta.k8s.io/v1, the
server-side printing kubectl asks for) or as a PodList for -o json. kubectl prints everything: header,
column spacing (cli-runtime tabwriter), NAMESPACE column for -A, and for -o json the List wrapper with
sorted keys. Cell texts (Ready, Status, Restarts, Age) are what the API server's printPod would send; the
pods are the stub's. Usage: python3 make-fixtures.py (writes ./<case>/input).
"""
import json, os, subprocess, tempfile, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

HERE = os.path.dirname(os.path.abspath(__file__))

def pod(ns, name, uid, node, ip, phase, ready, restarts, age, created, containers, host_network=False, status_cell=None, container_ids=(), node_ip='192.168.56.15'):
    return dict(ns=ns, name=name, uid=uid, node=node, ip=ip, phase=phase, ready=ready, restarts=restarts, age=age, created=created,
                containers=containers, host_network=host_network, status_cell=status_cell or phase, container_ids=container_ids, node_ip=node_ip)

# The seed report's pod (default namespace, node named by its address) and two neighbours.
SEED = [
    pod('default', 'xxxx-gateway-55fc694d76-rbxc7', '3f6c1a2b-9d8e-4c7f-b6a5-0e1d2c3b4a59', 'xxx.xx.xx.26', '10.187.2.34', 'Running', '1/1', '0', '3h53m', '2024-09-14T03:45:12Z',
        [{'name': 'gateway', 'image': 'registry.local/xxxx-gateway:1.4.2', 'ports': [{'containerPort': p, 'hostPort': p, 'protocol': 'TCP'} for p in (443, 80, 9001, 10001)]}],
        container_ids=('docker://0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2',)),
    pod('default', 'xxxx-web-7b9c6d5f4-k2m8p', '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d', 'xxx.xx.xx.37', '10.187.0.21', 'Running', '2/2', '1 (3h40m ago)', '4h2m', '2024-09-14T03:36:40Z',
        [{'name': 'web', 'image': 'nginx:1.27'}, {'name': 'exporter', 'image': 'nginx/nginx-prometheus-exporter:1.3'}]),
    pod('default', 'xxxx-migrate-29786542-qz8fd', '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', 'xxx.xx.xx.38', '10.187.1.9', 'Succeeded', '0/1', '0', '3h58m', '2024-09-14T03:40:02Z',
        [{'name': 'migrate', 'image': 'registry.local/xxxx-migrate:1.4.2'}], status_cell='Completed'),
]

# lab-node-5 of the targz-orphan-lease-cache dev bundle at collection time, plus pods elsewhere in the cluster.
LAB = [
    pod('elk', 'beats-gateway-qtvcfcrcxd-7x6g9', '26b1aec5-f1ac-4db9-9bc3-89159ab62ce3', 'lab-node-5', '10.66.2.40', 'Running', '1/1', '0', '26m', '2025-09-23T04:51:40Z',
        [{'name': 'beats', 'image': 'docker.elastic.co/logstash/logstash:8.15.1', 'ports': [{'containerPort': 5045, 'hostPort': 5045, 'protocol': 'TCP'}]}],
        container_ids=('docker://0dfb76822cb020c2f8ed58d488a58101aada08b6f7ace5a932319dce377481af',)),
    pod('elk', 'kibana-5vwg92sx45-l48tf', 'ee619f5a-d2d9-4f8d-82ab-521a212b46dd', 'lab-node-5', '10.66.2.37', 'Running', '1/1', '0', '166m', '2025-09-23T02:32:08Z',
        [{'name': 'kibana', 'image': 'docker.elastic.co/kibana/kibana:8.15.1', 'ports': [{'containerPort': 5601, 'protocol': 'TCP'}]}],
        container_ids=('docker://f39c1e35f52166162f3bec3b27f07856341bf1118d520cbd29b44cf293b75ad1',)),
    pod('elk', 'elasticsearch-0', '5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b', 'lab-node-4', '10.66.1.12', 'Running', '1/1', '0', '9d', '2025-09-14T07:02:51Z',
        [{'name': 'elasticsearch', 'image': 'docker.elastic.co/elasticsearch/elasticsearch:8.15.1', 'ports': [{'containerPort': 9200, 'protocol': 'TCP'}]}], node_ip='192.168.56.14'),
    pod('elk', 'es-curator-29311980-x2vq7', '7c1e9a52-3b4d-4f0e-9a8b-2d6c5e4f3a1b', 'lab-node-4', '10.66.1.31', 'Running', '0/1', '7 (2m10s ago)', '18m', '2025-09-23T05:00:03Z',
        [{'name': 'curator', 'image': 'docker.elastic.co/curator/curator:5.8.4'}], status_cell='CrashLoopBackOff', node_ip='192.168.56.14'),
    pod('kube-system', 'kube-proxy-q8w2n', '0f9e8d7c-6b5a-4f3e-2d1c-0b9a8f7e6d5c', 'lab-node-5', '192.168.56.15', 'Running', '1/1', '0', '12d', '2025-09-11T08:14:27Z',
        [{'name': 'kube-proxy', 'image': 'registry.k8s.io/kube-proxy:v1.32.1'}], host_network=True),
    pod('monitoring', 'grafana-6d8f9c7b5-tr4lx', '6a5b4c3d-2e1f-4a9b-8c7d-6e5f4a3b2c1d', None, None, 'Pending', '0/1', '0', '4m', '2025-09-23T05:14:02Z',
        [{'name': 'grafana', 'image': 'grafana/grafana:11.2.0', 'ports': [{'containerPort': 3000, 'hostPort': 3000, 'protocol': 'TCP'}]}]),
]

COLUMNS = [('Name', 'string', 'name', 0), ('Ready', 'string', '', 0), ('Status', 'string', '', 0), ('Restarts', 'string', '', 0), ('Age', 'string', '', 0),
           ('IP', 'string', '', 1), ('Node', 'string', '', 1), ('Nominated Node', 'string', '', 1), ('Readiness Gates', 'string', '', 1)]

def table(pods):
    return {'kind': 'Table', 'apiVersion': 'meta.k8s.io/v1', 'metadata': {'resourceVersion': '48213'},
            'columnDefinitions': [{'name': n, 'type': t, 'format': f, 'description': n, 'priority': p} for n, t, f, p in COLUMNS],
            'rows': [{'cells': [p['name'], p['ready'], p['status_cell'], p['restarts'], p['age'], p['ip'] or '<none>', p['node'] or '<none>', '<none>', '<none>'],
                      'object': {'kind': 'PartialObjectMetadata', 'apiVersion': 'meta.k8s.io/v1',
                                 'metadata': {'name': p['name'], 'namespace': p['ns'], 'uid': p['uid'], 'creationTimestamp': p['created']}}} for p in pods]}

def full(p):
    ready = p['ready'].split('/')[0] == p['ready'].split('/')[1]
    st = {'phase': p['phase'], 'qosClass': 'BestEffort', 'startTime': p['created'],
          'conditions': [{'type': 'Ready', 'status': 'True' if ready else 'False', 'lastProbeTime': None, 'lastTransitionTime': p['created']}]}
    if p['node']:
        st['hostIP'] = p['node_ip']; st['hostIPs'] = [{'ip': p['node_ip']}]
    if p['ip']:
        st['podIP'] = p['ip']; st['podIPs'] = [{'ip': p['ip']}]
    if p['container_ids']:
        st['containerStatuses'] = [{'name': c['name'], 'containerID': cid, 'image': c['image'], 'imageID': 'docker-pullable://' + c['image'], 'ready': True,
                                    'restartCount': 0, 'started': True, 'state': {'running': {'startedAt': p['created']}}, 'lastState': {}}
                                   for c, cid in zip(p['containers'], p['container_ids'])]
    spec = {'containers': [dict(c, imagePullPolicy='IfNotPresent', resources={}, terminationMessagePath='/dev/termination-log', terminationMessagePolicy='File') for c in p['containers']],
            'dnsPolicy': 'ClusterFirstWithHostNet' if p['host_network'] else 'ClusterFirst', 'enableServiceLinks': True, 'preemptionPolicy': 'PreemptLowerPriority',
            'priority': 0, 'restartPolicy': 'Always', 'schedulerName': 'default-scheduler', 'securityContext': {}, 'serviceAccount': 'default',
            'serviceAccountName': 'default', 'terminationGracePeriodSeconds': 30}
    if p['node']: spec['nodeName'] = p['node']
    if p['host_network']: spec['hostNetwork'] = True
    return {'kind': 'Pod', 'apiVersion': 'v1',
            'metadata': {'name': p['name'], 'namespace': p['ns'], 'uid': p['uid'], 'resourceVersion': '48101', 'creationTimestamp': p['created'],
                         'labels': {'app': p['name'].rsplit('-', 2)[0]}},
            'spec': spec, 'status': st}

class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    def log_message(self, *a): pass
    def send(self, body):
        data = json.dumps(body).encode()
        self.send_response(200); self.send_header('Content-Type', 'application/json'); self.send_header('Content-Length', str(len(data))); self.end_headers()
        self.wfile.write(data)
    def do_GET(self):
        u = urlparse(self.path)
        if u.path == '/api': return self.send({'kind': 'APIVersions', 'versions': ['v1'], 'serverAddressByClientCIDRs': [{'clientCIDR': '0.0.0.0/0', 'serverAddress': '127.0.0.1:6443'}]})
        if u.path == '/apis': return self.send({'kind': 'APIGroupList', 'apiVersion': 'v1', 'groups': []})
        if u.path == '/api/v1': return self.send({'kind': 'APIResourceList', 'groupVersion': 'v1', 'resources': [
            {'name': 'pods', 'singularName': 'pod', 'namespaced': True, 'kind': 'Pod', 'verbs': ['create', 'delete', 'get', 'list', 'watch'], 'shortNames': ['po'], 'categories': ['all']}]})
        parts = u.path.split('/')
        if u.path.endswith('/pods'):
            ns = parts[4] if len(parts) > 5 else None
            pods = [p for p in self.server.pods if ns is None or p['ns'] == ns]
            if 'as=Table' in self.headers.get('Accept', ''): return self.send(table(pods))
            return self.send({'kind': 'PodList', 'apiVersion': 'v1', 'metadata': {'resourceVersion': '48213'}, 'items': [full(p) for p in pods]})
        if len(parts) == 7 and parts[5] == 'pods':
            hits = [p for p in self.server.pods if p['ns'] == parts[4] and p['name'] == parts[6]]
            if hits: return self.send(table(hits) if 'as=Table' in self.headers.get('Accept', '') else full(hits[0]))
        self.send_response(404); self.send_header('Content-Length', '0'); self.end_headers()

def run(pods, args, out, pipe=None):
    srv = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    srv.pods = pods
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    tmp = tempfile.mkdtemp()
    env = {'PATH': os.environ['PATH'], 'HOME': tmp, 'KUBECONFIG': os.path.join(tmp, 'none')}
    r = subprocess.run(['kubectl', f'--server=http://127.0.0.1:{srv.server_address[1]}', '--cache-dir', os.path.join(tmp, 'cache')] + args, env=env, capture_output=True, text=True, timeout=60)
    srv.shutdown(); srv.server_close()
    if r.returncode != 0: raise SystemExit(f'kubectl {args}: {r.stderr}')
    text = r.stdout
    if pipe: text = ''.join(l + '\n' for l in text.splitlines() if pipe in l)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, 'w') as f: f.write(text)
    print(out, len(text.splitlines()), 'lines')

run(SEED, ['get', 'pods', '-o', 'wide'], os.path.join(HERE, 'wide-default-namespace-seed', 'input'))
run(SEED, ['get', 'pod', '-o', 'wide'], os.path.join(HERE, 'wide-grep-row-no-header', 'input'), pipe='xxxx-gateway')
run(LAB, ['get', 'pods', '-A', '-o', 'wide'], os.path.join(HERE, 'wide-all-namespaces', 'input'))
run(LAB, ['get', 'pods', '-A'], os.path.join(HERE, 'narrow-all-namespaces', 'input'))
run(LAB, ['get', 'pods', '-A', '-o', 'json'], os.path.join(HERE, 'json-list-all-namespaces', 'input'))
run(SEED[:1], ['get', 'pod', 'xxxx-gateway-55fc694d76-rbxc7', '-o', 'json'], os.path.join(HERE, 'json-single-pod', 'input'))
