#!/usr/bin/env python3
"""Regenerates the docker-ps and docker-inspect fixtures with the real docker CLI against a stub Engine API.

No docker engine runs on the build machine, so a stub answers the Engine API (v1.47) on a unix socket:
/_ping, /containers/json and /containers/<id>/json. Every table, its spacing, the CREATED column, the
quoting/cutting of COMMAND and the 4-space indented inspect array are printed by the docker CLI itself
(`docker --version`: see SOURCE.md). The container data (IDs, names, labels, states) is the stub's.

Usage: python3 make-fixtures.py   (writes ./<case>/input and ../docker-inspect/<case>/input)
"""
import json, os, socketserver, subprocess, tempfile, threading, time
from http.server import BaseHTTPRequestHandler

HERE = os.path.dirname(os.path.abspath(__file__))
INSPECT = os.path.join(HERE, '..', 'docker-inspect')
API = '1.47'
NOW = int(time.time())
# inspect prints absolute times: those are dated back from the dev bundle's collection time (2025-09-23T10:48:19+05:30).
CAPTURE = 1758604699

PAUSE_IMAGE = 'registry.k8s.io/pause:3.10'
PAUSE_IMAGE_ID = 'sha256:873ed75102791e5b0b8a7fcd41606c92fcec98d56d05ead4ac5131650004c136'

def iso(t):
    return time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(t)) + '.%09dZ' % (abs(hash(t)) % 1000000000)

def k8s(kind, pod, ns, uid, container, sandbox_id=None, extra=None):
    labels = {'io.kubernetes.pod.name': pod, 'io.kubernetes.pod.namespace': ns, 'io.kubernetes.pod.uid': uid}
    if kind == 'podsandbox':
        labels.update({'annotation.kubernetes.io/config.seen': '2025-09-23T10:21:43.331226404+05:30', 'annotation.kubernetes.io/config.source': 'api',
                       'io.kubernetes.container.name': 'POD', 'io.kubernetes.docker.type': 'podsandbox'})
    else:
        labels.update({'annotation.io.kubernetes.container.hash': '5f0c4d6e', 'annotation.io.kubernetes.container.restartCount': '0',
                       'annotation.io.kubernetes.container.terminationMessagePath': '/dev/termination-log',
                       'annotation.io.kubernetes.container.terminationMessagePolicy': 'File', 'annotation.io.kubernetes.pod.terminationGracePeriod': '30',
                       'io.kubernetes.container.logpath': f'/var/log/pods/{ns}_{pod}_{uid}/{container}/0.log',
                       'io.kubernetes.container.name': container, 'io.kubernetes.docker.type': 'container', 'io.kubernetes.sandbox.id': sandbox_id})
    labels.update(extra or {})
    return labels

def c(id, name, image, image_id, path, args, age, state, status, labels, net, exit_code=0, finished_age=None, ports=None, pid=0):
    return dict(id=id, name=name, image=image, image_id=image_id, path=path, args=args, created=NOW - age, state=state, status=status,
                labels=labels, net=net, exit_code=exit_code, age=age, finished_age=finished_age, ports=ports or [], pid=pid)

# lab-node-5 (dev bundle targz-orphan-lease-cache) at collection time: two pods, each a sandbox and one app container.
K_UID, B_UID = 'ee619f5a-d2d9-4f8d-82ab-521a212b46dd', '26b1aec5-f1ac-4db9-9bc3-89159ab62ce3'
K_SB, K_APP = '915bd7e8bccaa08a2b7ff552a853ffe1234a30e32a6a5eb79ff450773d3a01cc', 'f39c1e35f52166162f3bec3b27f07856341bf1118d520cbd29b44cf293b75ad1'
B_SB, B_APP = 'c8110a220547a31bd67baf489cbc0cf3c7a8a0d58002bf76098fadefdf13cc60', '0dfb76822cb020c2f8ed58d488a58101aada08b6f7ace5a932319dce377481af'
KIBANA = 'docker.elastic.co/kibana/kibana:8.15.1'
BEATS = 'docker.elastic.co/logstash/logstash:8.15.1'
LAB = [
    c(B_APP, f'k8s_beats_beats-gateway-qtvcfcrcxd-7x6g9_elk_{B_UID}_0', BEATS, 'sha256:5d4a7e0f43b1f4b8c4b2e8f4c0d0a3f6f3b0b6c2e0d6f1a9b8c7d6e5f4a3b2c1', '/usr/local/bin/docker-entrypoint', [],
      1593, 'running', 'Up 26 minutes', k8s('container', 'beats-gateway-qtvcfcrcxd-7x6g9', 'elk', B_UID, 'beats', B_SB), f'container:{B_SB}', pid=74412),
    c(B_SB, f'k8s_POD_beats-gateway-qtvcfcrcxd-7x6g9_elk_{B_UID}_0', PAUSE_IMAGE, PAUSE_IMAGE_ID, '/pause', [],
      1595, 'running', 'Up 26 minutes', k8s('podsandbox', 'beats-gateway-qtvcfcrcxd-7x6g9', 'elk', B_UID, 'POD', extra={'app': 'beats-gateway', 'pod-template-hash': 'qtvcfcrcxd'}), 'none', pid=74188),
    c(K_APP, f'k8s_kibana_kibana-5vwg92sx45-l48tf_elk_{K_UID}_0', KIBANA, 'sha256:9b1e5d3c7a2f4e6d8c0b1a3f5e7d9c2b4a6f8e0d2c4b6a8f0e2d4c6b8a0f2e4d', '/bin/tini', ['--', '/usr/local/bin/kibana-docker'],
      9966, 'running', 'Up 3 hours', k8s('container', 'kibana-5vwg92sx45-l48tf', 'elk', K_UID, 'kibana', K_SB), f'container:{K_SB}', pid=2214),
    c(K_SB, f'k8s_POD_kibana-5vwg92sx45-l48tf_elk_{K_UID}_0', PAUSE_IMAGE, PAUSE_IMAGE_ID, '/pause', [],
      9968, 'running', 'Up 3 hours', k8s('podsandbox', 'kibana-5vwg92sx45-l48tf', 'elk', K_UID, 'POD', extra={'app': 'kibana', 'pod-template-hash': '5vwg92sx45'}), 'none', pid=2093),
]

# A busier node: exited sandbox and app container of a finished Job pod, a container with a conflict suffix,
# a created-only container, a plain docker container with published ports, a restarting one.
J_UID = '7c1e9a52-3b4d-4f0e-9a8b-2d6c5e4f3a1b'
J_SB, J_APP = 'a3f9c2e17b5d48e6a1c0f9e8d7b6a5c4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8', '5b8e1d4a7c2f9e6b3d0a8c5f2e9b6d3a0c7f4e1b8d5a2c9f6e3b0d7a4c1f8e5b'
D_UID = 'd41e6f2a-8b9c-4d0e-a1f2-3b4c5d6e7f80'
D_SB = '9e7d5c3b1a0f8e6d4c2b0a9f7e5d3c1b9a8f6e4d2c0b8a7f5e3d1c9b7a6f4e2d'
D_APP = '1f3e5d7c9b0a2f4e6d8c0b1a3f5e7d9c2b4a6f8e0d2c4b6a8f0e2d4c6b8a0f2e'
D_OLD = '6c4a2e0f8d6b4a2c0e8f6d4b2a0c8e6f4d2b0a8c6e4f2d0b8a6c4e2f0d8b6a4c'
BUSY = [
    c(J_APP, f'k8s_curator_es-curator-29311980-x2vq7_elk_{J_UID}_0', 'docker.elastic.co/curator/curator:5.8.4', 'sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9', '/curator/curator',
      ['--config', '/etc/curator/config.yml', '/etc/curator/action.yml'], 2*3600+300, 'exited', 'Exited (0) 2 hours ago',
      k8s('container', 'es-curator-29311980-x2vq7', 'elk', J_UID, 'curator', J_SB), f'container:{J_SB}', exit_code=0, finished_age=2*3600+200),
    c(J_SB, f'k8s_POD_es-curator-29311980-x2vq7_elk_{J_UID}_0', PAUSE_IMAGE, PAUSE_IMAGE_ID, '/pause', [], 2*3600+302, 'exited', 'Exited (0) 2 hours ago',
      k8s('podsandbox', 'es-curator-29311980-x2vq7', 'elk', J_UID, 'POD', extra={'batch.kubernetes.io/job-name': 'es-curator-29311980', 'job-name': 'es-curator-29311980'}), 'none',
      exit_code=0, finished_age=2*3600+190),
    c(D_APP, f'k8s_node-exporter_node-exporter-7dw4k_monitoring_{D_UID}_1_3fa2c91d', 'quay.io/prometheus/node-exporter:v1.8.2', 'sha256:f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1', '/bin/node_exporter',
      ['--path.rootfs=/host', '--web.listen-address=0.0.0.0:9100'], 3*86400, 'running', 'Up 3 days', k8s('container', 'node-exporter-7dw4k', 'monitoring', D_UID, 'node-exporter', D_SB), f'container:{D_SB}', pid=1877),
    c(D_SB, f'k8s_POD_node-exporter-7dw4k_monitoring_{D_UID}_0', PAUSE_IMAGE, PAUSE_IMAGE_ID, '/pause', [], 3*86400+20, 'running', 'Up 3 days',
      k8s('podsandbox', 'node-exporter-7dw4k', 'monitoring', D_UID, 'POD'), 'host', pid=1702),
    c(D_OLD, f'k8s_node-exporter_node-exporter-7dw4k_monitoring_{D_UID}_0', 'quay.io/prometheus/node-exporter:v1.8.2', 'sha256:f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1', '/bin/node_exporter',
      ['--path.rootfs=/host'], 3*86400+10, 'exited', 'Exited (137) 3 days ago', k8s('container', 'node-exporter-7dw4k', 'monitoring', D_UID, 'node-exporter', D_SB), f'container:{D_SB}',
      exit_code=137, finished_age=3*86400-5),
    c('e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f3e4d5c6b7a8f9e0d1', 'registry', 'registry:2', 'sha256:75ef5b734af47dc41ff2fb442f287ee08c7da31dddb3759616a8f693f0f346a0', '/entrypoint.sh',
      ['/etc/docker/registry/config.yml'], 6*86400, 'running', 'Up 6 days', {}, 'bridge', pid=1190,
      ports=[{'IP': '0.0.0.0', 'PrivatePort': 5000, 'PublicPort': 5000, 'Type': 'tcp'}, {'IP': '::', 'PrivatePort': 5000, 'PublicPort': 5000, 'Type': 'tcp'}]),
    c('b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6', 'debug-shell', 'busybox:1.36', 'sha256:6fd955f66c231c1a946653170d096a28ac2b2052a02080c0b84ec082a07f7d12', 'sh',
      ['-c', 'while true; do nc -lk -p 8080 -e echo ok; done'], 45*60, 'created', 'Created', {}, 'bridge'),
    c('c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4', 'flaky-sidecar', 'alpine:3.20', 'sha256:91ef0af61f39ece4d6710e465df5ed6ca12112358344fd51ae6a3b886634148b', '/bin/sh',
      ['-c', 'exit 1'], 40*60, 'restarting', 'Restarting (1) 12 seconds ago', {}, 'bridge', exit_code=1, finished_age=12),
]

def summary(x):
    return {'Id': x['id'], 'Names': ['/' + x['name']], 'Image': x['image'], 'ImageID': x['image_id'],
            'Command': ' '.join([x['path']] + x['args']), 'Created': x['created'], 'Ports': x['ports'], 'Labels': x['labels'],
            'State': x['state'], 'Status': x['status'], 'HostConfig': {'NetworkMode': x['net']},
            'NetworkSettings': {'Networks': {}}, 'Mounts': []}

def inspect(x):
    running = x['state'] in ('running', 'restarting')
    created, finished = CAPTURE - x['age'], (CAPTURE - x['finished_age']) if x['finished_age'] else None
    sandbox = x['labels'].get('io.kubernetes.docker.type') == 'podsandbox'
    started = created + 1
    root = f"/var/lib/docker/containers/{x['id']}"
    ports = {}
    for p in x['ports']:
        ports.setdefault(f"{p['PrivatePort']}/{p['Type']}", []).append({'HostIp': p['IP'], 'HostPort': str(p['PublicPort'])})
    return {
        'Id': x['id'], 'Created': iso(created), 'Path': x['path'], 'Args': x['args'],
        'State': {'Status': x['state'], 'Running': running, 'Paused': False, 'Restarting': x['state'] == 'restarting', 'OOMKilled': False, 'Dead': False,
                  'Pid': x['pid'] if x['state'] == 'running' else 0, 'ExitCode': x['exit_code'], 'Error': '',
                  'StartedAt': iso(started) if x['state'] != 'created' else '0001-01-01T00:00:00Z',
                  'FinishedAt': iso(finished) if finished else '0001-01-01T00:00:00Z'},
        'Image': x['image_id'], 'ResolvConfPath': f'{root}/resolv.conf', 'HostnamePath': f'{root}/hostname', 'HostsPath': f'{root}/hosts',
        'LogPath': f"{root}/{x['id']}-json.log", 'Name': '/' + x['name'], 'RestartCount': 0, 'Driver': 'overlay2', 'Platform': 'linux',
        'MountLabel': '', 'ProcessLabel': '', 'AppArmorProfile': 'docker-default', 'ExecIDs': None,
        'HostConfig': {'Binds': None, 'ContainerIDFile': '', 'LogConfig': {'Type': 'json-file', 'Config': {'max-file': '5', 'max-size': '10m'}},
                       'NetworkMode': x['net'], 'PortBindings': {k: v for k, v in ports.items()}, 'RestartPolicy': {'Name': 'no', 'MaximumRetryCount': 0},
                       'AutoRemove': False, 'VolumeDriver': '', 'VolumesFrom': None, 'ConsoleSize': [0, 0], 'CapAdd': None, 'CapDrop': None,
                       'CgroupnsMode': 'private', 'Dns': None, 'DnsOptions': None, 'DnsSearch': None, 'ExtraHosts': None, 'GroupAdd': None,
                       'IpcMode': 'shareable' if sandbox else (f"container:{x['labels'].get('io.kubernetes.sandbox.id')}" if x['labels'] else 'private'),
                       'Cgroup': '', 'Links': None, 'OomScoreAdj': -998 if sandbox else 1000, 'PidMode': '', 'Privileged': False, 'PublishAllPorts': False,
                       'ReadonlyRootfs': False, 'SecurityOpt': ['no-new-privileges'] if sandbox else None, 'UTSMode': '', 'UsernsMode': '', 'ShmSize': 67108864,
                       'Runtime': 'runc', 'Isolation': '', 'CpuShares': 2, 'Memory': 0, 'NanoCpus': 0,
                       'CgroupParent': f"/kubepods/besteffort/pod{x['labels'].get('io.kubernetes.pod.uid', '')}" if x['labels'] else '',
                       'BlkioWeight': 0, 'BlkioWeightDevice': None, 'BlkioDeviceReadBps': None, 'BlkioDeviceWriteBps': None, 'BlkioDeviceReadIOps': None,
                       'BlkioDeviceWriteIOps': None, 'CpuPeriod': 0, 'CpuQuota': 0, 'CpuRealtimePeriod': 0, 'CpuRealtimeRuntime': 0, 'CpusetCpus': '',
                       'CpusetMems': '', 'Devices': None, 'DeviceCgroupRules': None, 'DeviceRequests': None, 'MemoryReservation': 0, 'MemorySwap': 0,
                       'MemorySwappiness': None, 'OomKillDisable': False, 'PidsLimit': None, 'Ulimits': None, 'CpuCount': 0, 'CpuPercent': 0,
                       'IOMaximumIOps': 0, 'IOMaximumBandwidth': 0, 'MaskedPaths': ['/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys'],
                       'ReadonlyPaths': ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger']},
        'GraphDriver': {'Data': {'LowerDir': f"/var/lib/docker/overlay2/{x['id'][:24]}-init/diff", 'MergedDir': f"/var/lib/docker/overlay2/{x['id'][:24]}/merged",
                                 'UpperDir': f"/var/lib/docker/overlay2/{x['id'][:24]}/diff", 'WorkDir': f"/var/lib/docker/overlay2/{x['id'][:24]}/work"}, 'Name': 'overlay2'},
        'Mounts': [],
        'Config': {'Hostname': x['labels'].get('io.kubernetes.pod.name', x['id'][:12]), 'Domainname': '', 'User': '', 'AttachStdin': False, 'AttachStdout': False,
                   'AttachStderr': False, 'ExposedPorts': {k: {} for k in ports} or None, 'Tty': False, 'OpenStdin': False, 'StdinOnce': False,
                   'Env': ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], 'Cmd': None if x['args'] == [] else x['args'],
                   'Image': x['image'], 'Volumes': None, 'WorkingDir': '/', 'Entrypoint': [x['path']], 'OnBuild': None, 'Labels': x['labels']},
        'NetworkSettings': {'Bridge': '', 'SandboxID': '', 'SandboxKey': '', 'Ports': {k: v for k, v in ports.items()}, 'HairpinMode': False,
                            'LinkLocalIPv6Address': '', 'LinkLocalIPv6PrefixLen': 0, 'SecondaryIPAddresses': None, 'SecondaryIPv6Addresses': None,
                            'EndpointID': '', 'Gateway': '', 'GlobalIPv6Address': '', 'GlobalIPv6PrefixLen': 0, 'IPAddress': '', 'IPPrefixLen': 0,
                            'IPv6Gateway': '', 'MacAddress': '', 'Networks': {}},
    }

ALL = {x['id']: x for x in LAB + BUSY}

class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    def log_message(self, *a): pass
    def send(self, code, body, ctype='application/json'):
        data = body if isinstance(body, bytes) else (json.dumps(body) + '\n').encode()
        self.send_response(code)
        self.send_header('Api-Version', API); self.send_header('Docker-Experimental', 'false'); self.send_header('Ostype', 'linux')
        self.send_header('Content-Type', ctype); self.send_header('Content-Length', str(len(data))); self.end_headers()
        if self.command != 'HEAD': self.wfile.write(data)
    def do_HEAD(self): self.do_GET()
    def do_GET(self):
        path = self.path.split('?')[0]
        if path.endswith('/_ping'): return self.send(200, b'OK', 'text/plain; charset=utf-8')
        path = path.split('/', 2)[2] if path.startswith('/v1.') else path.lstrip('/')
        if path == 'containers/json':
            return self.send(200, [summary(x) for x in self.server.containers])
        if path.startswith('containers/') and path.endswith('/json'):
            ref = path[len('containers/'):-len('/json')]
            hits = [x for x in ALL.values() if x['id'].startswith(ref) or x['name'] == ref]
            if len(hits) == 1: return self.send(200, inspect(hits[0]))
            return self.send(404, {'message': f'No such container: {ref}'})
        return self.send(404, {'message': 'page not found'})

class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    def get_request(self):
        req, _ = super().get_request()
        return req, ('local', 0)

def run(containers, args, out):
    tmp = tempfile.mkdtemp()
    sock = os.path.join(tmp, 'docker.sock')
    srv = Server(sock, Handler)
    srv.containers = containers
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    env = {'PATH': os.environ['PATH'], 'DOCKER_HOST': f'unix://{sock}', 'DOCKER_CONFIG': tmp, 'HOME': tmp, 'TZ': 'UTC'}
    r = subprocess.run(['docker'] + args, env=env, capture_output=True, text=True)
    srv.shutdown(); srv.server_close()
    if r.returncode != 0: raise SystemExit(f'docker {args}: {r.stderr}')
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, 'w') as f: f.write(r.stdout)
    print(out, len(r.stdout.splitlines()), 'lines')

run(LAB, ['ps', '-a'], os.path.join(HERE, 'ps-a-lab-node-5', 'input'))
run(BUSY, ['ps', '-a'], os.path.join(HERE, 'ps-a-exited-created-restarting-ports', 'input'))
run(LAB, ['ps', '-a', '--no-trunc'], os.path.join(HERE, 'ps-a-no-trunc', 'input'))
run([], ['ps', '-a'], os.path.join(HERE, 'ps-a-empty', 'input'))
run(LAB, ['inspect', B_SB], os.path.join(INSPECT, 'inspect-sandbox-running', 'input'))
run(LAB, ['inspect', B_APP], os.path.join(INSPECT, 'inspect-app-container', 'input'))
run(BUSY, ['inspect', J_SB, J_APP], os.path.join(INSPECT, 'inspect-two-exited-job-pod', 'input'))
run(BUSY, ['inspect', 'registry'], os.path.join(INSPECT, 'inspect-plain-docker-ports', 'input'))
