import { describe, expect, it } from 'vitest';
import { unitChar } from '../../src/components/chars.js';
import { daemonOfUnit, systemd, systemdMayMatch } from '../../src/components/systemd.js';
import { inputOf, journalRecords, recordAt, withMessage } from '../helpers/fixtures.js';

const scenario = journalRecords('short-english-months'); // CentOS 7 wording: description only
const sos = journalRecords('short-precise-sos-c-locale-systemd-252-units'); // systemd ≥ 247: "unit - description"
const withUnit = journalRecords('with-unit-unit-name-as-identifier');
const recognize = (recs: typeof scenario, line: number) => systemd.recognize(inputOf(recordAt(recs, line)));
const summary = (recs: typeof scenario, line: number) => recognize(recs, line).map((e) => [e.kind, e.attrs.daemon, e.attrs.unit]);

describe('systemd: CentOS 7 job lines (description only)', () => {
  it('Stopping / Stopped / Starting / Started "Docker Application Container Engine"', () => {
    expect(summary(scenario, 9)).toEqual([['daemon.stopping', 'dockerd', 'Docker Application Container Engine']]);
    expect(summary(scenario, 14)).toEqual([['daemon.stopped', 'dockerd', 'Docker Application Container Engine']]);
    expect(summary(scenario, 19)).toEqual([['daemon.starting', 'dockerd', 'Docker Application Container Engine']]);
    expect(summary(scenario, 22)).toEqual([['daemon.started', 'dockerd', 'Docker Application Container Engine']]);
  });

  it('events carry via systemd and PID 1', () => {
    expect(recognize(scenario, 9)[0]!.attrs).toMatchObject({ ident: 'systemd', pid: 1, via: 'systemd' });
  });

  it('PID 1 keeps its identifier under -o with-unit', () => {
    expect(summary(withUnit, 9)).toEqual([['daemon.stopping', 'dockerd', 'Docker Application Container Engine']]);
  });
});

describe('systemd: systemd ≥ 247 job lines ("unit - description")', () => {
  it('docker.service, cri-docker.service and kubelet.service each map to their daemon', () => {
    expect(summary(sos, 52)).toEqual([['daemon.stopping', 'dockerd', 'docker.service - Docker Application Container Engine']]);
    expect(summary(sos, 64)).toEqual([['daemon.stopped', 'dockerd', 'docker.service - Docker Application Container Engine']]);
    expect(summary(sos, 49)).toEqual([['daemon.stopping', 'cri-dockerd', 'cri-docker.service - CRI Interface for Docker Application Container Engine']]);
    expect(summary(sos, 73)).toEqual([['daemon.starting', 'cri-dockerd', 'cri-docker.service - CRI Interface for Docker Application Container Engine']]);
    expect(summary(sos, 46)).toEqual([['daemon.stopping', 'kubelet', 'kubelet.service - kubelet: The Kubernetes Node Agent']]);
    expect(summary(sos, 85)).toEqual([['daemon.started', 'kubelet', 'kubelet.service - kubelet: The Kubernetes Node Agent']]);
  });

  it('"docker.service: Deactivated successfully." → daemon.stopped for unit docker.service', () => {
    expect(summary(sos, 63)).toEqual([['daemon.stopped', 'dockerd', 'docker.service']]);
    expect(summary(sos, 47)).toEqual([['daemon.stopped', 'kubelet', 'kubelet.service']]);
    expect(summary(sos, 50)).toEqual([['daemon.stopped', 'cri-dockerd', 'cri-docker.service']]);
  });

  it('the older "<unit>.service: Succeeded." wording is read the same way', () => {
    const rec = withMessage(recordAt(sos, 63), 'docker.service: Succeeded.');
    expect(systemd.recognize(inputOf(rec)).map((e) => [e.kind, e.attrs.unit])).toEqual([['daemon.stopped', 'docker.service']]);
  });

  it('every systemd line of the sos journal is one event, none is missed', () => {
    const sysLines = sos.filter((r) => r.ident === 'systemd');
    expect(sysLines).toHaveLength(14);
    expect(sysLines.every((r) => systemd.recognize(inputOf(r)).length === 1)).toBe(true);
  });
});

describe('systemd: what it ignores', () => {
  it('units it does not follow', () => {
    const rec = recordAt(sos, 63);
    expect(systemd.recognize(inputOf(withMessage(rec, 'Stopping session-412.scope - Session 412 of User root...')))).toEqual([]);
    expect(systemd.recognize(inputOf(withMessage(rec, 'session-412.scope: Deactivated successfully.')))).toEqual([]);
  });

  it('the same wording from another identifier (a script echoing "Stopping docker…")', () => {
    const rec = { ...recordAt(sos, 52), ident: 'uninstall-docker' };
    expect(systemd.recognize(inputOf(rec))).toEqual([]);
  });

  it('daemonOfUnit: names and descriptions', () => {
    expect(daemonOfUnit('containerd.service')).toBe('containerd');
    expect(daemonOfUnit('containerd container runtime')).toBe('containerd');
    expect(daemonOfUnit('cri-docker.socket')).toBe('cri-dockerd');
    expect(daemonOfUnit('Kubernetes Node Agent')).toBe('kubelet');
    expect(daemonOfUnit('dockerd-janitor.service')).toBeNull();
    expect(daemonOfUnit('session-412.scope')).toBeNull();
  });

  it('snap units (microk8s): unit names and "Service for snap application …" descriptions; kubelite is kubelet (canonical/microk8s#2488)', () => {
    expect(daemonOfUnit('Service for snap application microk8s.daemon-kubelite')).toBe('kubelet');
    expect(daemonOfUnit('snap.microk8s.daemon-containerd.service')).toBe('containerd');
    expect(daemonOfUnit('snap.microk8s.daemon-kubelet')).toBe('kubelet');
    expect(daemonOfUnit('Service for snap application microk8s.daemon-apiserver-kicker')).toBeNull();
    // microk8s ≤ 1.20 ran the control plane as snap services of its own (daemon-apiserver, -scheduler, …): not a node
    // daemon podmortem follows, so their job lines open no daemon window (canonical/microk8s#1660)
    expect(daemonOfUnit('Service for snap application microk8s.daemon-apiserver')).toBeNull();
    const rec = recordAt(sos, 63);
    expect(systemd.recognize(inputOf(withMessage(rec, 'Started Service for snap application microk8s.daemon-kubelite.'))).map((e) => [e.kind, e.attrs.daemon])).toEqual([['daemon.started', 'kubelet']]);
  });

  it('CRI-O units by name and both descriptions (kata-containers/runtime#396); one container\'s crio-<id>.scope is not', () => {
    expect(daemonOfUnit('OCI-based implementation of Kubernetes Container Runtime Interface')).toBe('crio');
    expect(daemonOfUnit('Container Runtime Interface for OCI (CRI-O)')).toBe('crio');
    expect(daemonOfUnit('crio.service - Container Runtime Interface for OCI (CRI-O)')).toBe('crio');
    expect(daemonOfUnit('cri-o.service')).toBe('crio');
    expect(daemonOfUnit('crio')).toBe('crio');
    expect(systemdMayMatch('Stopping crio...', 0, 16)).toBe(true);
    expect(systemdMayMatch('Started crio-conmon-4b84ed8e89e4.scope.', 0, 39)).toBe(false);
    expect(daemonOfUnit('crio-conmon-4b84ed8e89e46cb78735cddc21208cb7bbe6d4959a0086a6aa0fa226bf9376e2.scope')).toBeNull();
    expect(daemonOfUnit('crio-wipe.service')).toBeNull();
    const rec = recordAt(sos, 63);
    const read = (m: string) => systemd.recognize(inputOf(withMessage(rec, m))).map((e) => [e.kind, e.attrs.daemon]);
    expect(read('Stopping OCI-based implementation of Kubernetes Container Runtime Interface...')).toEqual([['daemon.stopping', 'crio']]);
    expect(read('Started crio-conmon-4b84ed8e89e46cb78735cddc21208cb7bbe6d4959a0086a6aa0fa226bf9376e2.scope.')).toEqual([]);
  });

  it('k3s and rke2 units, by name and description (k3s-io/k3s#3786, #9598, rancher/rke2#629); look-alikes are not', () => {
    expect(daemonOfUnit('Lightweight Kubernetes')).toBe('k3s');
    expect(daemonOfUnit('k3s-agent.service')).toBe('k3s');
    expect(daemonOfUnit('k3s.service - Lightweight Kubernetes')).toBe('k3s');
    expect(daemonOfUnit('Rancher Kubernetes Engine v2 (server)')).toBe('rke2');
    expect(daemonOfUnit('rke2-agent.service')).toBe('rke2');
    expect(daemonOfUnit('k3s-killall.service')).toBeNull();
    expect(daemonOfUnit('Lightweight Kubernetes dashboard')).toBeNull();
    const rec = recordAt(sos, 63);
    const read = (m: string) => systemd.recognize(inputOf(withMessage(rec, m))).map((e) => [e.kind, e.attrs.daemon]);
    expect(read('Stopped Lightweight Kubernetes.')).toEqual([['daemon.stopped', 'k3s']]);
    expect(read('Starting Lightweight Kubernetes...')).toEqual([['daemon.starting', 'k3s']]);
    expect(read('Stopping Rancher Kubernetes Engine v2 (server)...')).toEqual([['daemon.stopping', 'rke2']]);
    expect(read('k3s.service: Deactivated successfully.')).toEqual([['daemon.stopped', 'k3s']]);
  });

  it('a container\'s own transient scope is not the docker daemon (coreos/coreos-kubernetes#440, docker 1.10)', () => {
    // "Stopped docker container <id>." is one container's scope under the systemd cgroup driver, not docker.service.
    expect(daemonOfUnit('docker container 8a76ee16e463f94836c727a93d47fc327141b5bd6aad724e5cfbb4c9308b7c12')).toBeNull();
    expect(daemonOfUnit('docker-8a76ee16e463f94836c727a93d47fc327141b5bd6aad724e5cfbb4c9308b7c12.scope')).toBeNull();
    expect(daemonOfUnit('docker.service')).toBe('dockerd');
    expect(daemonOfUnit('Docker Application Container Engine')).toBe('dockerd');
  });
});

describe('systemd: a unit that fails (docker/for-linux#820, kubernetes/minikube#6166, easzlab/kubeasz#210)', () => {
  const rec = recordAt(sos, 63);
  const read = (m: string) => systemd.recognize(inputOf(withMessage(rec, m))).map((e) => [e.kind, e.attrs.daemon, e.attrs.unit, e.attrs.code ?? null, e.attrs.status ?? null]);

  it('"<unit>.service: Main process exited, code=…, status=…" is the stop of a daemon that died (lowercase "main" in systemd 219)', () => {
    expect(read('docker.service: Main process exited, code=exited, status=1/FAILURE')).toEqual([['daemon.stopped', 'dockerd', 'docker.service', 'exited', '1/FAILURE']]);
    expect(read('kubelet.service: main process exited, code=exited, status=255/n/a')).toEqual([['daemon.stopped', 'kubelet', 'kubelet.service', 'exited', '255/n/a']]);
    expect(read('containerd.service: Main process exited, code=killed, status=9/KILL')).toEqual([['daemon.stopped', 'containerd', 'containerd.service', 'killed', '9/KILL']]);
    expect(read('session-412.scope: Main process exited, code=exited, status=1/FAILURE')).toEqual([]);
    expect(read('sshd.service: Main process exited, code=exited, status=255/EXCEPTION')).toEqual([]);
  });

  it('the lines after the exit restate it and are not read: one exit, one stop', () => {
    expect(read('Failed to start Docker Application Container Engine.')).toEqual([]);
    expect(read("docker.service: Failed with result 'exit-code'.")).toEqual([]);
    expect(read('Unit docker.service entered failed state.')).toEqual([]);
  });

  it('kubelet unit descriptions of other installers, and the docker snap', () => {
    expect(daemonOfUnit('Kubernetes Kubelet')).toBe('kubelet');
    expect(daemonOfUnit('Kubernetes Kubelet Server')).toBe('kubelet');
    expect(daemonOfUnit('Kubelet via Hyperkube ACI')).toBe('kubelet');
    expect(daemonOfUnit('Service for snap application docker.dockerd')).toBe('dockerd');
    expect(daemonOfUnit('snap.docker.dockerd.service')).toBe('dockerd');
    expect(daemonOfUnit('snap.docker.nvidia-container-toolkit.service')).toBeNull();
    expect(read('Stopped Kubernetes Kubelet.').map((e) => e.slice(0, 2))).toEqual([['daemon.stopped', 'kubelet']]);
  });

  it('the gate passes these lines on PID 1 and keeps others out', () => {
    const may = (m: string) => systemdMayMatch(m, 0, m.length);
    expect(may('docker.service: Main process exited, code=exited, status=1/FAILURE')).toBe(true);
    expect(may('kubelet.service: main process exited, code=exited, status=255/n/a')).toBe(true);
    expect(may("docker.service: Failed with result 'exit-code'.")).toBe(false);
    // The unit name is walked to its first character outside [\w@.-]: a longer name, or one cut by '\', is another.
    expect(may('docker@1.service: Main process exited, code=killed, status=9/KILL')).toBe(true);
    expect(may('var-lib\\x2d1.service: Main process exited, code=killed, status=9/KILL')).toBe(false);
    // Found by the first ':', which must end the unit name and fall inside the message (a chunk holds more lines).
    expect(may('a:docker.service: Main process exited, code=killed, status=9/KILL')).toBe(false);
    const chunk = 'var-lib-docker.mount is gone\ndocker.service: Main process exited, code=killed, status=9/KILL\n';
    expect(systemdMayMatch(chunk, 0, chunk.indexOf('\n'))).toBe(false);
    expect(systemdMayMatch(chunk, chunk.indexOf('\n') + 1, chunk.length - 1)).toBe(true);
  });

  it("walks unit names by the regex's own class, [\\w@.-], code by code", () => {
    for (let c = 0; c < 0x3000; c++) expect(unitChar(c), `U+${c.toString(16)}`).toBe(/[\w@.-]/.test(String.fromCharCode(c)));
  });
});
