import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubelet } from '../../src/components/kubelet.js';
import { inputOf, journalRecords, recordAt, stitched, withMessage } from '../helpers/fixtures.js';

const FB7C = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';
const B096 = '0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2';
const F26F = 'f26f7b48f42af6cf3374b7248638a5eae041d651b9f31c131a3d9c3e889260cf';
const scenario = journalRecords('short-english-months');
const setupFailed = journalRecords('short-iso-kubelet-err-multiline-blocks');
const setupStitched = stitched(setupFailed);
const sos = journalRecords('short-precise-sos-c-locale-systemd-252-units');
const recognize = (recs: typeof scenario, line: number) => kubelet.recognize(inputOf(recordAt(recs, line)));

describe('kubelet: pod sync', () => {
  it('"SyncLoop DELETE" → pod.deleted with the pods list and source', () => {
    const evs = recognize(scenario, 1);
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject({ kind: 'pod.deleted', ids: [], attrs: { ident: 'kubelet', pid: 1789, pods: ['default/hostport-app-0'], source: 'api' } });
  });

  it('"SyncLoop ADD" → pod.added, "SyncLoop REMOVE" → pod.removed', () => {
    expect(recognize(sos, 1).map((e) => [e.kind, e.attrs.pods])).toEqual([['pod.added', ['traefik/traefik-5bmkw6lc8j-kwq6d']]]);
    expect(recognize(sos, 28).map((e) => [e.kind, e.attrs.pods])).toEqual([['pod.removed', ['ops/db-backup-29259540-phvtv']]]);
  });

  it('"SyncLoop UPDATE" is read but gives no event', () => {
    const rec = withMessage(recordAt(scenario, 1), recordAt(scenario, 1).message.replace('SyncLoop DELETE', 'SyncLoop UPDATE'));
    expect(kubelet.recognize(inputOf(rec))).toEqual([]);
  });

  it('both "No sandbox …" and "No ready sandbox …" → sandbox.needed for the pod', () => {
    expect(recognize(sos, 90).map((e) => [e.kind, e.attrs.pod])).toEqual([['sandbox.needed', 'traefik/traefik-5bmkw6lc8j-kwq6d']]);
    expect(recognize(sos, 2).map((e) => [e.kind, e.attrs.pod])).toEqual([['sandbox.needed', 'traefik/traefik-5bmkw6lc8j-kwq6d']]);
  });
});

describe('kubelet: PLEG', () => {
  it('ContainerStarted with Data=<id> → pod.pleg for that id, with pod and pod UID', () => {
    const evs = recognize(scenario, 24);
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.pod, e.attrs.type, e.attrs.podUid])).toEqual([
      ['pod.pleg', [B096], 'default/hostport-app-0', 'ContainerStarted', '0b9d7e5c-3a1f-4e2d-8c6b-9f0e1d2c3b4a'],
    ]);
  });

  it('ContainerDied with Data=<id> → pod.pleg type ContainerDied', () => {
    expect(recognize(setupFailed, 35).map((e) => [e.kind, e.ids, e.attrs.type])).toEqual([['pod.pleg', [F26F], 'ContainerDied']]);
  });

  it('older klog event=&{ID:… Type:… Data:…} form (catalogue §5)', () => {
    const rec = withMessage(
      recordAt(setupFailed, 35),
      `I1014 10:07:46.162201    1533 kubelet.go:2456] "SyncLoop (PLEG): event for pod" pod="iot/mqtt-broker-gmjrldxcn5-hjndf" event=&{ID:59a5f99c-2dba-481b-86cc-2a320842d492 Type:ContainerDied Data:${F26F}}`,
    );
    expect(kubelet.recognize(inputOf(rec)).map((e) => [e.kind, e.ids, e.attrs.type, e.attrs.podUid])).toEqual([
      ['pod.pleg', [F26F], 'ContainerDied', '59a5f99c-2dba-481b-86cc-2a320842d492'],
    ]);
  });
});

describe('kubelet: container kill', () => {
  it('a 12-hex containerID="docker://5e1c0d9a7b3f" is a prefix, not an id', () => {
    const evs = recognize(scenario, 2);
    expect(evs.map((e) => [e.kind, e.ids, e.prefixes, e.attrs.pod, e.attrs.container])).toEqual([
      ['container.kill.start', [], ['5e1c0d9a7b3f'], 'default/hostport-app-0', 'app'],
    ]);
  });

  it('a full 64-hex containerID is an id', () => {
    const rec = withMessage(recordAt(scenario, 2), recordAt(scenario, 2).message.replace('docker://5e1c0d9a7b3f', `docker://${FB7C}`));
    expect(kubelet.recognize(inputOf(rec)).map((e) => [e.ids, e.prefixes])).toEqual([[[FB7C], []]]);
  });
});

describe('kubelet: sandbox errors', () => {
  it('"StopPodSandbox from runtime service failed" podSandboxID="<id>" → sandbox.stop.failed with err', () => {
    const evs = recognize(scenario, 16);
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.via])).toEqual([['sandbox.stop.failed', [FB7C], 'kubelet']]);
    expect(evs[0]!.attrs.error).toBe('rpc error: code = Unknown desc = failed to stop sandbox: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?');
  });

  it('"Failed to stop sandbox" podSandboxID={"Type":"docker","ID":"<id>"} (klog ≥ 2.100 JSON struct)', () => {
    expect(recognize(scenario, 17).map((e) => [e.kind, e.ids, e.attrs.error])).toEqual([['sandbox.stop.failed', [FB7C], null]]);
  });

  it('"Failed to stop sandbox" podSandboxID={Type:docker ID:<id>} (older klog %+v struct, catalogue §1.2)', () => {
    const rec = withMessage(recordAt(scenario, 17), `E0914 11:39:47.412507    1789 kuberuntime_manager.go:1380] "Failed to stop sandbox" podSandboxID={Type:docker ID:${FB7C}}`);
    expect(kubelet.recognize(inputOf(rec)).map((e) => [e.kind, e.ids])).toEqual([['sandbox.stop.failed', [FB7C]]]);
  });

  it('"Error syncing pod, skipping" with a KillPodSandbox teardown error → sandbox.teardown.failed for the pod', () => {
    const evs = recognize(scenario, 18);
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.pod])).toEqual([['sandbox.teardown.failed', [], 'default/hostport-app-0']]);
    expect(String(evs[0]!.attrs.error)).toContain('networkPlugin cni failed to teardown pod');
  });

  it('"Probe failed" says nothing', () => {
    expect(recognize(scenario, 25)).toEqual([]);
  });

  it('unstitched, the `err=<` opening line alone is a setup failure without an id', () => {
    const evs = recognize(setupFailed, 15);
    expect(evs.map((e) => [e.kind, e.ids])).toEqual([['sandbox.setup.failed', []]]);
  });

  it('stitched: the RunPodSandbox record spans lines 15–19 and is still a sandbox.setup.failed via kubelet', () => {
    const rec = recordAt(setupStitched, 15);
    expect(rec.endLine).toBe(19);
    expect(rec.message).toContain(`failed to set up sandbox container "${F26F}" network`);
    const evs = kubelet.recognize(inputOf(rec));
    expect(evs.map((e) => [e.kind, e.attrs.via])).toEqual([['sandbox.setup.failed', 'kubelet']]);
    expect(evs[0]!.source).toEqual({ path: 'journal/short-iso-kubelet-err-multiline-blocks', line: 15 });
  });

  // Was a bug: klogValue() returns "<" for klog's multi-line `err=<` … ` >` value, so the stitched RunPodSandbox
  // record yields ids [] and error "<" although its text names sandbox f26f7b48… (see klog.test.ts).
  it('stitched: the RunPodSandbox err=< block names sandbox f26f7b48…', () => {
    const evs = kubelet.recognize(inputOf(recordAt(setupStitched, 15)));
    expect(evs.map((e) => [e.kind, e.ids])).toEqual([['sandbox.setup.failed', [F26F]]]);
    expect(String(evs[0]!.attrs.error)).toContain('unable to setup DNAT');
  });

  // Was a bug: same cause; "Failed to create sandbox for pod" and "CreatePodSandbox for pod failed" also lose the id.
  it('stitched: "Failed to create sandbox for pod" and "CreatePodSandbox for pod failed" name f26f7b48… and the pod', () => {
    for (const line of [20, 25]) {
      const evs = kubelet.recognize(inputOf(recordAt(setupStitched, line)));
      expect(evs.map((e) => [e.kind, e.ids, e.attrs.pod])).toEqual([['sandbox.setup.failed', [F26F], 'iot/mqtt-broker-gmjrldxcn5-hjndf']]);
    }
  });

  it('stitched: "Error syncing pod" for a CreatePodSandbox error is the setup failure of the sandbox it names, not a teardown failure', () => {
    expect(kubelet.recognize(inputOf(recordAt(setupStitched, 30))).map((e) => [e.kind, e.ids])).toEqual([['sandbox.setup.failed', [F26F]]]);
  });

  it('"Error syncing pod" for any other error (CrashLoopBackOff, image pull) says nothing', () => {
    const rec = withMessage(recordAt(scenario, 1), 'E0101 00:00:00.000000    1 pod_workers.go:1301] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"app\\" with CrashLoopBackOff: \\"back-off 5m0s\\"" pod="default/a" podUID="1"');
    expect(kubelet.recognize(inputOf(rec))).toEqual([]);
  });

  it('"Container runtime network not ready" → network.notready with the reason (catalogue §5)', () => {
    const rec = withMessage(
      recordAt(scenario, 1),
      'E0914 11:39:02.118431    1789 kubelet.go:2862] "Container runtime network not ready" networkReady="NetworkReady=false reason:NetworkPluginNotReady message:docker: network plugin is not ready: cni config uninitialized"',
    );
    expect(kubelet.recognize(inputOf(rec)).map((e) => [e.kind, e.attrs.reason])).toEqual([
      ['network.notready', 'NetworkReady=false reason:NetworkPluginNotReady message:docker: network plugin is not ready: cni config uninitialized'],
    ]);
  });

  it('logrus and systemd records say nothing', () => {
    expect(recognize(scenario, 12)).toEqual([]);
    expect(recognize(scenario, 9)).toEqual([]);
  });
});

/** A real kubelet record with another body: a printf-era klog line, or a line whose header was stripped. */
const line = (text: string) => kubelet.recognize(inputOf(withMessage(recordAt(scenario, 1), text)));

describe('kubelet: printf wording before structured logging (≤ 1.20), docs/catalogue.md samples', () => {
  it('SyncLoop (ADD|DELETE|REMOVE, "<source>"): format.Pods → pod.added/deleted/removed with ns/name pods', () => {
    // kubernetes/kubernetes#21367, #92126, #92442.
    expect(line('I0217 01:18:04.458344    3855 kubelet.go:2310] SyncLoop (ADD, "api"): "pod-update-4b09d888-d514-11e5-be28-42010af01555_e2e-tests-pods-228zl(4b1401f2-d514-11e5-9301-42010af00002)"').map((e) => [e.kind, e.attrs.pods, e.attrs.source])).toEqual([
      ['pod.added', ['e2e-tests-pods-228zl/pod-update-4b09d888-d514-11e5-be28-42010af01555'], 'api'],
    ]);
    expect(line('I0615 00:03:23.996993  288702 kubelet.go:1917] SyncLoop (DELETE, "api"): "metrics-server-8f9559cbb-b67qm_kube-system(27ce04fc-48f9-4f39-a805-12f57727d730)"').map((e) => [e.kind, e.attrs.pods])).toEqual([
      ['pod.deleted', ['kube-system/metrics-server-8f9559cbb-b67qm']],
    ]);
    expect(line('I0708 21:56:53.529796   79799 kubelet.go:1930] SyncLoop (REMOVE, "file"): "kube-apiserver-ip-10-0-147-205.us-west-1.compute.internal_openshift-kube-apiserver(90ab8003b28fbeda6bc89e35f6582ecc)"').map((e) => [e.kind, e.attrs.pods, e.attrs.source])).toEqual([
      ['pod.removed', ['openshift-kube-apiserver/kube-apiserver-ip-10-0-147-205.us-west-1.compute.internal'], 'file'],
    ]);
  });

  it('SyncLoop (REMOVE): "<name>_<namespace>" (1.1, 1.2 pre-releases: no source, no UID) → pod.removed', () => {
    // kubernetes/kubernetes#20379; its UPDATE line beside it gives nothing.
    expect(line('I0202 18:18:29.775769   83668 kubelet.go:2018] SyncLoop (REMOVE): "busybox_default"').map((e) => [e.kind, e.attrs.pods, e.attrs.source])).toEqual([
      ['pod.removed', ['default/busybox'], null],
    ]);
    expect(line('I0202 18:18:29.771885   83668 kubelet.go:2015] SyncLoop (UPDATE): "busybox_default"')).toEqual([]);
  });

  it('stop and CNI DEL failures chopped by the pager inside their ID: the failure, with no ID (kubernetes/kubeadm#2748)', () => {
    const read = (t: string) => line(t).map((e) => [e.kind, e.ids, e.attrs.cut]);
    expect(read('E0721 15:58:18.413923 1883788 remote_runtime.go:128] StopPodSandbox "40d5b3b1f046251f4243c609c22836e5cb012fe7055ab20bbf0b0ae13130643>')).toEqual([['sandbox.stop.failed', [], true]]);
    expect(read('E0721 15:58:18.413949 1883788 kuberuntime_manager.go:898] Failed to stop sandbox {"docker" "40d5b3b1f046251f4243c609c22836e5cb012fe7>')).toEqual([['sandbox.stop.failed', [], true]]);
    const del = line('E0721 15:58:30.413623 1883788 cni.go:385] Error deleting cvimmon-monitor_prometheus-cvimmon-monitor-cert-exporter-gz9lt/40d5b3b1f046>');
    expect(del.map((e) => [e.kind, e.ids, e.attrs.pod])).toEqual([['sandbox.teardown.failed', [], 'cvimmon-monitor/prometheus-cvimmon-monitor-cert-exporter-gz9lt']]);
  });

  it("a set-up failure in the sandbox's own containerd task names it by the task's folder (kubernetes-sigs/kubespray#10268)", () => {
    const id = '363edeefd37098196f7b4bd3baa2253e932f3501bdd97b083d0c8fceba6138e7';
    const text = `E0704 16:24:50.524302  127545 remote_runtime.go:176] "RunPodSandbox from runtime service failed" err="rpc error: code = Unknown desc = failed to create containerd task: failed to create shim task: OCI runtime create failed: unable to retrieve OCI runtime error (open /run/containerd/io.containerd.runtime.v2.task/k8s.io/${id}/log.json: no such file or directory): exec: \\"runc\\": executable file not found in $PATH: unknown"`;
    expect(line(text).map((e) => [e.kind, e.ids])).toEqual([['sandbox.setup.failed', [id]]]);
  });

  it('SyncLoop (RECONCILE|UPDATE, …) give nothing, as their structured forms', () => {
    expect(line('I0217 01:18:06.660147    3855 kubelet.go:2319] SyncLoop (RECONCILE, "api"): "pod-update-4b09d888-d514-11e5-be28-42010af01555_e2e-tests-pods-228zl(4b1401f2-d514-11e5-9301-42010af00002)"')).toEqual([]);
  });

  it('SyncLoop (PLEG): "<pod>", event: &pleg.PodLifecycleEvent{…} → pod.pleg with type, data and pod UID', () => {
    const evs = line('I0217 01:18:06.717546    3855 kubelet.go:2332] SyncLoop (PLEG): "pod-update-4b09d888-d514-11e5-be28-42010af01555_e2e-tests-pods-228zl(4b1401f2-d514-11e5-9301-42010af00002)", event: &pleg.PodLifecycleEvent{ID:"4b1401f2-d514-11e5-9301-42010af00002", Type:"ContainerStarted", Data:"73139119db3a264e2732d2947d88386036d2b459c311bf705915b8527fa09105"}');
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.type, e.attrs.podUid, e.attrs.pod])).toEqual([
      ['pod.pleg', ['73139119db3a264e2732d2947d88386036d2b459c311bf705915b8527fa09105'], 'ContainerStarted', '4b1401f2-d514-11e5-9301-42010af00002', 'e2e-tests-pods-228zl/pod-update-4b09d888-d514-11e5-be28-42010af01555'],
    ]);
  });

  it('Killing container "docker://<id>" with N second grace period → container.kill.start for the full ID', () => {
    const evs = line('I0608 15:36:12.678326    1517 kuberuntime_container.go:581] Killing container "docker://57602d1ebd70b498ea832e50c96a22e4591df2bf50b77689f13b924100b1f8de" with 10 second grace period');
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.gracePeriod])).toEqual([['container.kill.start', ['57602d1ebd70b498ea832e50c96a22e4591df2bf50b77689f13b924100b1f8de'], 10]]);
  });

  it('the aggregated sync error HandleError prints, [failed to "KillContainer" …, failed to "KillPodSandbox" …] (microk8s#2645) → sandbox.stop.failed, no container ID taken for the sandbox\'s', () => {
    const text = readFileSync(path.resolve(__dirname, '../../samples/wild/microk8s-2645-kubelite-killpodsandbox-aggregate-error.log'), 'utf8').split('\n')[0]!;
    const evs = line(text.slice(text.indexOf('E1130 ')));
    expect(evs.map((e) => [e.kind, e.ids])).toEqual([['sandbox.stop.failed', []]]);
    // Only KillContainer failed: nothing about the sandbox.
    expect(line('E1130 08:44:17.549750 2434872 kubelet.go:1789] [failed to "KillContainer" for "the-pod" with KillContainerError: "rpc error: code = Unknown desc = failed"]')).toEqual([]);
  });

  it('StopPodSandbox "<rkt pod UUID>" from runtime service failed (kubernetes#32935) → sandbox.stop.failed, the UUID an attribute and no ID', () => {
    const evs = line('E0916 19:14:22.238169    4716 remote_runtime.go:94] StopPodSandbox "726e55af-7c7c-11e6-9d5a-28d244b00276" from runtime service failed: rpc error: code = 2 desc = failed to run stop [726e55af-7c7c-11e6-9d5a-28d244b00276]: exit status 1');
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.runtimeSandboxId])).toEqual([['sandbox.stop.failed', [], '726e55af-7c7c-11e6-9d5a-28d244b00276']]);
  });

  it('the runtime scheme before "://" is the CRI RuntimeName, hyphen included: "cri-o://<id>" gives the full ID (kubernetes#91453)', () => {
    const crio = line('I0527 15:27:28.375978  473148 kuberuntime_container.go:648] Killing container "cri-o://bd6760273805f5dff4ced078488c157d6e7069d260f4eb2c05d03becba9251dd" with 30 second grace period');
    expect(crio.map((e) => [e.kind, e.ids, e.attrs.gracePeriod])).toEqual([['container.kill.start', ['bd6760273805f5dff4ced078488c157d6e7069d260f4eb2c05d03becba9251dd'], 30]]);
    // The same line with its ID cut to 12 hex: under that scheme too, a prefix and never an ID.
    expect(line('kuberuntime_container.go:648] Killing container "cri-o://bd6760273805" with 30 second grace period').map((e) => [e.ids, e.prefixes])).toEqual([[[], ['bd6760273805']]]);
  });

  it('StopPodSandbox "<id>" from runtime service failed, Failed to stop sandbox {"docker" "<id>"} and "… before removing"', () => {
    const ids = [
      'E1002 23:27:34.439481    2783 remote_runtime.go:132] StopPodSandbox "cae59246074a27247c54d43ffd3f68be61121bcc741133b940e7188002e34f60" from runtime service failed: rpc error: code = Unknown desc = failed to destroy network for sandbox "cae59246074a27247c54d43ffd3f68be61121bcc741133b940e7188002e34f60": del cmd: failed to process delete request',
      'E0422 23:06:54.479146   29592 kuberuntime_manager.go:845] Failed to stop sandbox {"docker" "81f56d50bac714133bbbc0132b378d5a57383203050febb5ad36c8a7d5cf022f"}',
      'E0422 23:06:49.663339   29592 kuberuntime_gc.go:170] Failed to stop sandbox "5924b44e76f68d801163e3e53762cd85f25692821690fc0f5f11c58d640e65ed" before removing: rpc error: code = Unknown desc = NetworkPlugin cni failed to teardown pod "coredns-5c98db65d4-sx9z5_kube-system" network: failed to find plugin "flannel" in path [/opt/cni/bin]',
    ].flatMap(line);
    expect(ids.map((e) => [e.kind, e.ids[0]!.slice(0, 12)])).toEqual([
      ['sandbox.stop.failed', 'cae59246074a'],
      ['sandbox.stop.failed', '81f56d50bac7'],
      ['sandbox.stop.failed', '5924b44e76f6'],
    ]);
  });

  it('Error syncing pod … KillPodSandbox: teardown failed for the pod (no ID: attributed later); other sync errors give nothing', () => {
    const evs = line('E0422 23:06:54.479222   29592 pod_workers.go:190] Error syncing pod db56e197-6d03-4628-984b-2694f5da5edc ("coredns-5c98db65d4-nf2xb_kube-system(db56e197-6d03-4628-984b-2694f5da5edc)"), skipping: failed to "KillPodSandbox" for "db56e197-6d03-4628-984b-2694f5da5edc" with KillPodSandboxError: "rpc error: code = Unknown desc = NetworkPlugin cni failed to teardown pod \\"coredns-5c98db65d4-nf2xb_kube-system\\" network: failed to find plugin \\"flannel\\" in path [/opt/cni/bin]"');
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.pod])).toEqual([['sandbox.teardown.failed', [], 'kube-system/coredns-5c98db65d4-nf2xb']]);
    expect(line('E0101 00:00:00.000000    1 pod_workers.go:190] Error syncing pod 1 ("a_b(1)"), skipping: failed to "StartContainer" for "app" with CrashLoopBackOff: "back-off"')).toEqual([]);
  });

  it('dockershim: Error deleting <ns>_<name>/<id> from network <type>/<net> → sandbox.teardown.failed with pod and plugin', () => {
    const evs = line('E0422 23:06:54.478568   29592 cni.go:352] Error deleting kube-system_coredns-5c98db65d4-nf2xb/81f56d50bac714133bbbc0132b378d5a57383203050febb5ad36c8a7d5cf022f from network flannel/cbr0: failed to find plugin "flannel" in path [/opt/cni/bin]');
    expect(evs.map((e) => [e.kind, e.ids[0]!.slice(0, 12), e.attrs.pod, e.attrs.plugin, e.attrs.network, e.attrs.via])).toEqual([
      ['sandbox.teardown.failed', '81f56d50bac7', 'kube-system/coredns-5c98db65d4-nf2xb', 'flannel', 'cbr0', 'dockershim'],
    ]);
  });

  it('dockershim: Calling network plugin <name> to tear down pod "<name>_<ns>" → sandbox.teardown.start for the pod, no ID (the line names none)', () => {
    const evs = line('I0912 17:24:28.106047   15221 plugins.go:405] Calling network plugin cni to tear down pod "choury-2_default"');
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.pod, e.attrs.plugin])).toEqual([['sandbox.teardown.start', [], 'default/choury-2', 'cni']]);
    // Built from the format strings: the set-up twin is no teardown, and a pod name with underscores keeps them (a namespace has none).
    expect(line('Calling network plugin cni to set up pod "choury-2_default"')).toEqual([]);
    expect(line('Calling network plugin kubenet to tear down pod "a_b_kube-system"').map((e) => e.attrs.pod)).toEqual(['kube-system/a_b']);
  });

  it('dockertools: Failed to setup network for pod "<pod>" using network plugins "<name>": …; Skipping pod → sandbox.setup.failed for the pod, no ID', () => {
    const evs = line('E0607 11:53:24.428550    2199 manager.go:1993] Failed to setup network for pod "kube-dns-dx2er_kube-system(fc8e333f-2c12-11e6-be13-525400b95203)" using network plugins "cni": ; Skipping pod');
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.pod, e.attrs.plugin, e.attrs.error])).toEqual([['sandbox.setup.failed', [], 'kube-system/kube-dns-dx2er', 'cni', '']]);
  });

  it('dockershim cni.go: Error adding network / Error while adding to cni network (error empty or not) → sandbox.setup.failed, no ID; the conf-building line is not one', () => {
    expect(line('E0607 11:53:24.428472    2199 cni.go:167] Error adding network:').map((e) => [e.kind, e.ids, e.attrs.error])).toEqual([['sandbox.setup.failed', [], '']]);
    expect(line('E0607 11:53:24.428516    2199 cni.go:118] Error while adding to cni network:').map((e) => [e.kind, e.ids])).toEqual([['sandbox.setup.failed', []]]);
    // a line quoted in a public note (code index file 7864018523), its header and error cut by the poster
    expect(line('12252 cni.go:227] Error while adding to cni network: failed to set bridge addr: "cni0" already').map((e) => e.attrs.error)).toEqual(['failed to set bridge addr: "cni0" already']);
    expect(line('Error adding network when building cni runtime conf: x')).toEqual([]);
  });

  it('Killing unwanted pod "<name>" → pod.kill.start; No sandbox for pod "<pod>" → sandbox.needed', () => {
    expect(line('I0615 00:03:23.998905  288702 kubelet_pods.go:1090] Killing unwanted pod "metrics-server-8f9559cbb-b67qm"').map((e) => [e.kind, e.attrs.pod])).toEqual([['pod.kill.start', 'metrics-server-8f9559cbb-b67qm']]);
    expect(line('I0130 23:27:56.472829    4382 kuberuntime_manager.go:404] No sandbox for pod "prop-prometheus-operator-operator-6bc6fd7c9d-d9qz4_default(47fba903-9c81-4c87-ab6c-9794e0829414)" can be found. Need to start a new one').map((e) => [e.kind, e.attrs.pod])).toEqual([
      ['sandbox.needed', 'default/prop-prometheus-operator-operator-6bc6fd7c9d-d9qz4'],
    ]);
  });
});

describe('kubelet: klog lines whose header was stripped (--skip-headers, pastes)', () => {
  it('a structured message alone is read as with its header', () => {
    const evs = line('"SyncLoop DELETE" source="api" pods=["default/hostport-app-0"]');
    expect(evs.map((e) => [e.kind, e.attrs.pods])).toEqual([['pod.deleted', ['default/hostport-app-0']]]);
  });

  it('a printf message alone too; a quoted message that only looks like one does not open the printf path', () => {
    expect(line('Killing unwanted pod "metrics-server-8f9559cbb-b67qm"').map((e) => e.kind)).toEqual(['pod.kill.start']);
    expect(line('"Killing unwanted pod \\"x\\""')).toEqual([]);
  });
});

describe('kubelet: klog lines whose header was cut to `file.go:N] msg` (real pastes)', () => {
  it('structured and printf messages read as with the header (rancher/rke#3440, kubernetes/kubernetes#57707, flannel-io/flannel#890)', () => {
    expect(line('kubelet.go:2215] "SyncLoop DELETE" source="api" pods="[ingress-nginx/nginx-ingress-controller-rgm7x]"').map((e) => e.kind)).toEqual(['pod.deleted']);
    expect(line('kuberuntime_container.go:561] Killing container "docker://763de1ad420fc26c5fd4997bac7cc44f5c540a123778fc18b636eb24fbc83d5a" with 30 second grace period').map((e) => [e.kind, e.ids])).toEqual([
      ['container.kill.start', ['763de1ad420fc26c5fd4997bac7cc44f5c540a123778fc18b636eb24fbc83d5a']],
    ]);
    expect(line('kuberuntime_gc.go:152] Failed to stop sandbox "8046a5441a0f18637c643665d0d7bbf77ced11a0e987f9ee1f633e8e95afe952" before removing: rpc error: code = Unknown desc = NetworkPlugin cni failed to teardown pod "kube-dns-545bc4bfd4-sbhpp_kube-system" network: failed to find plugin "portmap" in path [/opt/flannel/bin /opt/cni/bin]').map((e) => [e.kind, e.ids])).toEqual([
      ['sandbox.stop.failed', ['8046a5441a0f18637c643665d0d7bbf77ced11a0e987f9ee1f633e8e95afe952']],
    ]);
  });

  it('a partial header (clock and pid left) too', () => {
    expect(line('11:39:02.118431    1789 kubelet.go:2430] "SyncLoop DELETE" source="api" pods=["default/hostport-app-0"]').map((e) => [e.kind, e.attrs.pods])).toEqual([['pod.deleted', ['default/hostport-app-0']]]);
  });
});

describe('kubelet: wordings and cut lines of the field (held-out excerpts of public issues)', () => {
  const K8303 = '6cf761b38acb743ec5940d7f0b0a445c68066fe307c2fdbb75aaf2ea260713f0';
  const F717 = 'f7175055928dfc172847ca32d111a87bb03d540f8110cd763cda8808945e2d21';
  it('"Killing container with a grace period override" (V(3), 1.21+) → container.kill.start for the full ID (containerd/containerd#8303)', () => {
    const evs = line(`I0321 17:10:59.291224  475498 kuberuntime_container.go:661] "Killing container with a grace period override" pod="default/test-sts-a-0" podUID=ab7e1b0b-453f-4627-a749-47e48c2265a6 containerName="nginx" containerID="containerd://${K8303}" gracePeriod=30`);
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.override])).toEqual([['container.kill.start', [K8303], true]]);
  });

  it('dockershim docker_sandbox.go: Failed to stop sandbox "<id>": <err> → sandbox.stop.failed via dockershim (kubernetes/kubernetes#45626)', () => {
    const evs = line(`E0613 13:33:19.559381    1285 docker_sandbox.go:205] Failed to stop sandbox "${F717}": Error response from daemon: {"message":"No such container: ${F717}"}`);
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.via])).toEqual([['sandbox.stop.failed', [F717], 'dockershim']]);
    // the kuberuntime_gc form stays kubelet's
    expect(line(`E0613 13:33:19.559486    1285 kuberuntime_gc.go:138] Failed to stop sandbox "${F717}" before removing: rpc error: code = 2 desc = x`).map((e) => e.attrs.via)).toEqual(['kubelet']);
  });

  it('a line the pager cut before podSandboxID= still names the sandbox in err: the ID printed whole in it (jpetazzo/ampernetacle#48)', () => {
    const id = '859999c1d8d33e2f9fc54e2011ed3ce02122eb6e4725a3e9825ecfb6e621a38c';
    const evs = line(`E1222 17:09:37.429430   10468 remote_runtime.go:205] "StopPodSandbox from runtime service failed" err="rpc error: code = Unknown desc = failed to destroy network for sandbox \\"${id}\\": plugin type=\\"weave-net\\" name=\\"weave\\" failed (delete): netplugin failed with no error message: fork/exec /opt/cni/bin/weave>`);
    expect(evs.map((e) => [e.kind, e.ids])).toEqual([['sandbox.stop.failed', [id]]]);
    // an ID cut in the middle is no ID: nothing is completed
    const cut = line(`E1222 17:09:37.429430   10468 remote_runtime.go:205] "StopPodSandbox from runtime service failed" err="rpc error: code = Unknown desc = failed to destroy network for sandbox \\"${id.slice(0, 40)}>`);
    expect(cut.map((e) => [e.kind, e.ids])).toEqual([['sandbox.stop.failed', []]]);
  });

  it('"Error syncing pod" cut inside its err= (KillPodSandbox, containerd\'s destroy-network wording) → sandbox.teardown.failed for the sandbox it names', () => {
    const id = '6b2a4b9e5ea9c3afbe2774a8fcbe40602d50af24066356ebd314f1d0dfe4b024';
    const evs = line(`E1222 17:09:30.432983   10468 pod_workers.go:965] "Error syncing pod, skipping" err="failed to \\"KillPodSandbox\\" for \\"a6b466fa-60e6-4ced-9eef-380d0e41d63f\\" with KillPodSandboxError: \\"rpc error: code = Unknown desc = failed to destroy network for sandbox \\\\\\"${id}\\\\\\": plugin type=\\\\\\"weave-net\\\\\\" name=\\\\\\>`);
    expect(evs.map((e) => [e.kind, e.ids])).toEqual([['sandbox.teardown.failed', [id]]]);
  });
});

describe('kubelet: "Killing container" cut by its poster after the ID (kubernetes/kubernetes#46349)', () => {
  const DF21 = 'df21276bd3a4515f0d8b49b9fd539a1167e91b96130d500354d8542878846c9e';
  it('dockertools\' `<id> <namespace>/<pod>` name cut inside the pod name → container.kill.start for the whole ID', () => {
    const evs = line(`I0524 10:52:08.964577    1176 docker_manager.go:1559] Killing container "${DF21} default/pod-`);
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.cut])).toEqual([['container.kill.start', [DF21], true]]);
  });

  it('kuberuntime\'s `<runtime>://<id>` cut after its quote (kubernetes#91914\'s line, cut here) → the same; a cut ID gives nothing', () => {
    const id = '57602d1ebd70b498ea832e50c96a22e4591df2bf50b77689f13b924100b1f8de';
    expect(line(`I0608 15:36:12.678326    1517 kuberuntime_container.go:581] Killing container "docker://${id}" wi`).map((e) => [e.kind, e.ids])).toEqual([['container.kill.start', [id]]]);
    expect(line(`I0524 10:52:08.964577    1176 docker_manager.go:1559] Killing container "${DF21.slice(0, 50)}`)).toEqual([]);
  });
});

describe('kubelet: a sandbox named by the prefix crictl sent (containerd/containerd#8774)', () => {
  const ID = '72d5ec47717f6828f9ef09381e0994f215fb84e12bce49a28af094e83182f8dd';
  const LINE = `E0703 17:44:38.499824  388250 remote_runtime.go:224] "RemovePodSandbox from runtime service failed" err="rpc error: code = Unknown desc = failed to forcibly stop sandbox \\"${ID}\\": failed to destroy network for sandbox \\"${ID}\\": cni plugin not initialized" podSandboxID="72d5ec47717f6"`;
  it('RemovePodSandbox failed with podSandboxID="<prefix>": the one whole ID in err= extending it', () => {
    expect(line(LINE).map((e) => [e.kind, e.ids])).toEqual([['sandbox.remove.failed', [ID]]]);
  });

  it('no ID when err names none that extends the prefix, or two', () => {
    expect(line(LINE.replace('podSandboxID="72d5ec47717f6"', 'podSandboxID="0abc"')).map((e) => e.ids)).toEqual([[]]);
    const other = '72d5ec47717f6' + 'f'.repeat(51);
    expect(line(LINE.replace(`sandbox \\"${ID}\\": cni`, `sandbox \\"${other}\\": cni`)).map((e) => e.ids)).toEqual([[]]);
  });
});

describe('kubelet: KubeEdge edged\'s pod worker (kubeedge/kubeedge#2328)', () => {
  it('"worker [n] handle pod addition item [<pod>] failed: <SyncPod result>, re-add to queue" → what the sync result says', () => {
    const create = 'E1117 01:37:03.019887  355703 edged.go:890] worker [3] handle pod addition item [etcd-ubunu2004] failed: failed to "CreatePodSandbox" for "etcd-ubunu2004_kube-system(39acfa74-41c5-4701-9ce1-e6a90064384d)" with CreatePodSandboxError: "CreatePodSandbox for pod \\"etcd-ubunu2004_kube-system(39acfa74-41c5-4701-9ce1-e6a90064384d)\\" failed: rpc error: code = Unknown desc = failed to start sandbox container for pod \\"etcd-ubunu2004\\": Error response from daemon: OCI runtime start failed: cannot start a container that has stopped: unknown", re-add to queue';
    expect(line(create).map((e) => [e.kind, e.ids, e.attrs.pod])).toEqual([['sandbox.setup.failed', [], 'etcd-ubunu2004']]);
    // edged's other outcome of the same worker (built from v1.5.0's format string, edged.go:886): the pod is gone
    expect(line('I1117 01:37:03.019887  355703 edged.go:886] worker [3] handle pod addition item [etcd-ubunu2004] failed with not found error.')).toEqual([]);
  });
});

describe('kubelet: CreatePodSandbox failures cut by their poster inside " failed:" (coreos/coreos-kubernetes#912)', () => {
  it('both wordings, cut at "fail" and "fai" → sandbox.setup.failed for the pod, no error, no ID', () => {
    const evs = [
      'E1023 03:32:46.630846   19936 kuberuntime_sandbox.go:54] CreatePodSandbox for pod "busybox_default(45de94b8-b79f-11e7-b206-0050569f4fcf)" fail',
      'E1023 03:32:46.630896   19936 kuberuntime_manager.go:619] createPodSandbox for pod "busybox_default(45de94b8-b79f-11e7-b206-0050569f4fcf)" fai',
    ].flatMap(line);
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.pod, e.attrs.error])).toEqual([
      ['sandbox.setup.failed', [], 'default/busybox', null],
      ['sandbox.setup.failed', [], 'default/busybox', null],
    ]);
  });

  it('but not a tail that is no start of " failed:"', () => {
    expect(line('E1023 03:32:46.630846   19936 kuberuntime_sandbox.go:54] CreatePodSandbox for pod "busybox_default(45de94b8-b79f-11e7-b206-0050569f4fcf)" succeeded')).toEqual([]);
  });
});

describe('kubelet: a stop failure whose sandbox ID the poster replaced', () => {
  it('"Failed to stop sandbox xxxx network: …" → sandbox.stop.failed naming no sandbox (openshift/origin#18827); a cut ID is no ID either', () => {
    expect(line('E0305 11:56:07.453328   82170 kuberuntime_gc.go:152] Failed to stop sandbox xxxx network: could not retrieve port mappings: checkpoint is not found.').map((e) => [e.kind, e.ids])).toEqual([['sandbox.stop.failed', []]]);
    expect(line('E0305 11:56:07.453328   82170 kuberuntime_gc.go:152] Failed to stop sandbox "8046a5441a0f18637c64366 before removing: x').map((e) => [e.kind, e.ids])).toEqual([['sandbox.stop.failed', []]]);
  });
});

describe('kubelet: wordings held-out set G found (public issues; catalogue entries hold the whole lines)', () => {
  const W = '12f363de57e44f9195ef28bbee76eb37b55e1281c0501ee91b28092e2c809809';
  it('"Started kubelet" (structured, 1.21+) and the printf form with or without the version → daemon.started of the kubelet; "as runonce" is none', () => {
    expect(line('I0506 13:02:27.919476    8626 server.go:1287] "Started kubelet"').map((e) => [e.kind, e.attrs.daemon, e.attrs.via])).toEqual([['daemon.started', 'kubelet', 'self']]);
    expect(line('I0515 21:29:28.400056    6810 server.go:1125] Started kubelet').map((e) => [e.kind, e.attrs.daemon])).toEqual([['daemon.started', 'kubelet']]);
    expect(line('I0515 21:29:28.400056    6810 server.go:1125] Started kubelet v1.6.4').map((e) => e.attrs.version)).toEqual(['v1.6.4']);
    expect(line('I0515 21:29:28.400056    6810 server.go:1125] "Started kubelet as runonce"')).toEqual([]);
    expect(line('I0515 21:29:28.400056    6810 server.go:1125] Started kubelet as runonce')).toEqual([]);
  });

  it("systemd's own \"Started kubelet…\" job lines are not the kubelet's start line (systemd's component reads them)", () => {
    const rec = withMessage(recordAt(scenario, 1), 'Started kubelet');
    expect(kubelet.recognize(inputOf({ ...rec, ident: 'systemd' }))).toEqual([]);
  });

  it('dockertools "Need to restart pod infra container for …" (1.1–1.5) → sandbox.needed for the pod (kubernetes/kubernetes#23170)', () => {
    expect(line('I0318 17:19:05.071853   31059 manager.go:1688] Need to restart pod infra container for "ekg-reviews-consumer-a5xx1_default(8404afc7-ed2d-11e5-9986-0a4adb5302e7)" because it is not found').map((e) => [e.kind, e.attrs.pod])).toEqual([['sandbox.needed', 'default/ekg-reviews-consumer-a5xx1']]);
    expect(line('I0318 17:19:05.071853   31059 manager.go:1688] Need to restart pod infra container for "web_prod" because it is changed').map((e) => [e.kind, e.attrs.pod])).toEqual([['sandbox.needed', 'prod/web']]);
  });

  it('weave-cni stderr "unable to release IP address: Delete …/ip/<id>: …" → sandbox.teardown.failed for the whole ID only (weaveworks/weave#3748)', () => {
    const msg = `weave-cni: unable to release IP address: Delete http://127.0.0.1:6784/ip/${W}: dial tcp 127.0.0.1:6784: connect: connection refused`;
    expect(line(msg).map((e) => [e.kind, e.ids])).toEqual([['sandbox.teardown.failed', [W]]]);
    expect(line(msg.replace(`http://127.0.0.1:6784/ip/${W}`, `"http://127.0.0.1:6784/ip/${W}"`)).map((e) => e.ids)).toEqual([[W]]);
    // cut in the ID (a pager's '>') or after it before the URL ends: the failure stands, the ID does not
    expect(line(`weave-cni: unable to release IP address: Delete http://127.0.0.1:6784/ip/${W.slice(0, 50)}>`).map((e) => [e.kind, e.ids])).toEqual([['sandbox.teardown.failed', []]]);
    expect(line(`weave-cni: unable to release IP address: Delete http://127.0.0.1:6784/ip/${W}>`).map((e) => e.ids)).toEqual([[]]);
  });

  it("CRI-O 1.0's \"failed to create network for container … in sandbox <id>\" names the sandbox of CreatePodSandbox's failure (openshift/openshift-ansible#4763)", () => {
    const id = '0f5060b27eea3f4768981700ac0bcf32b1117e057a78a92627606e3ba4b1711a';
    const evs = line(`E0720 13:15:42.842547   20259 kuberuntime_manager.go:618] createPodSandbox for pod "docker-registry-1-deploy_default(d7c65bda-6d6d-11e7-96ff-525400b88b0e)" failed: rpc error: code = 2 desc = failed to create network for container default-docker-registry-1-deploy-0-infra in sandbox ${id}: cni config uninitialized`);
    expect(evs.map((e) => [e.kind, e.ids])).toEqual([['sandbox.setup.failed', [id]]]);
  });
});

describe('kubelet: wordings of other versions (upstream format strings; the lines are real where the test names an issue)', () => {
  const at = (msg: string) => kubelet.recognize(inputOf(withMessage(recordAt(scenario, 1), msg)));
  const INFRA = 'b2581450deb17be3f77d6dc3b8059c0f08c65836ead9fc0b7bdb52ee16b3a878';

  it('"Error syncing pod … skipping: network is not ready: …" (kubelet.go syncPod, NetworkNotReadyErrorMsg) → network.notready (flannel-io/flannel#1432)', () => {
    const evs = at('E0430 21:19:39.163656   32535 pod_workers.go:191] Error syncing pod c13d6c83-e611-4a28-a2cd-f07a43c641e0 ("coredns-f9fd979d6-6v2kf_kube-system(c13d6c83-e611-4a28-a2cd-f07a43c641e0)"), skipping: network is not ready: runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:docker: network plugin is not ready: cni config uninitialized');
    expect(evs.map((e) => [e.kind, e.attrs.pod])).toEqual([['network.notready', 'kube-system/coredns-f9fd979d6-6v2kf']]);
    expect(at('E0430 21:19:39.163656   32535 pod_workers.go:1300] "Error syncing pod, skipping" err="network is not ready: container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized" pod="kube-system/coredns-1" podUID=c13d6c83-e611-4a28-a2cd-f07a43c641e0').map((e) => e.kind)).toEqual(['network.notready']);
    // any other sync error of an app container says nothing of the sandbox
    expect(at('E0504 23:13:29.102847    2443 pod_workers.go:186] Error syncing pod 9ccfe86965777524b41c676db8481c4b ("etcd-k8s-ctl-01.poc.local_kube-system(9ccfe86965777524b41c676db8481c4b)"), skipping: failed to "StartContainer" for "etcd" with CrashLoopBackOff: "Back-off 5m0s restarting failed container=etcd pod=etcd-k8s-ctl-01.poc.local_kube-system(9ccfe86965777524b41c676db8481c4b)"')).toEqual([]);
  });

  it('dockertools "Failed to create pod infra container: …; Skipping pod …" → sandbox.setup.failed, the ID only from the infra container\'s resolv.conf path (kubernetes/kubernetes#15767, #52655)', () => {
    const evs = at(`E1016 06:54:06.571264    8104 manager.go:1868] Failed to create pod infra container: open /var/lib/docker/containers/${INFRA}/resolv.conf: read-only file system; Skipping pod "busybox2_default"`);
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.pod])).toEqual([['sandbox.setup.failed', [INFRA], 'default/busybox2']]);
    const redacted = at('docker_manager.go:2282] Failed to create pod infra container: RunContainerError; Skipping pod "PODNAME(PODHASH)": ResolvConfPath "/mnt/vol/docker/containers/CONTAINERHASH/resolv.conf" does not exist');
    expect(redacted.map((e) => [e.kind, e.ids])).toEqual([['sandbox.setup.failed', []]]);
  });

  it('dockertools sync results of the infra container "POD": StartContainer (kubernetes/kubernetes#52655) and SetupNetwork failed → sandbox.setup.failed', () => {
    const start = at('E0523 08:55:46.470666   14438 pod_workers.go:182] Error syncing pod PODHASH ("PODNAME(PODHASH)"), skipping: failed to "StartContainer" for "POD" with RunContainerError: "ResolvConfPath \\"/mnt/vol/docker/containers/CONTAINERHASH/resolv.conf\\" does not exist"');
    expect(start.map((e) => [e.kind, e.ids])).toEqual([['sandbox.setup.failed', []]]);
    // the err text of the FailedSync event in kubernetes/kubernetes#38118, in pod_workers.go's printf line: the
    // 64-hex in weave's URL is the infra container's, but the line does not say so: no ID
    const setup = at('E1206 09:00:00.000000    1234 pod_workers.go:184] Error syncing pod feae328d-bb72-11e6-b14f-0019bb5451a0 ("kube-dns-654381707-k0bpz_kube-system(feae328d-bb72-11e6-b14f-0019bb5451a0)"), skipping: failed to "SetupNetwork" for "kube-dns-654381707-k0bpz_kube-system" with SetupNetworkError: "Failed to setup network for pod \\"kube-dns-654381707-k0bpz_kube-system(feae328d-bb72-11e6-b14f-0019bb5451a0)\\" using network plugins \\"cni\\": unable to allocate IP address: Post http://127.0.0.1:6784/ip/6492310bba12f75aefe22d55640b7f2eb9f85e4b85ec4615f29afb43d0e9c967: dial tcp 127.0.0.1:6784: getsockopt: connection refused; Skipping pod"');
    expect(setup.map((e) => [e.kind, e.ids, e.attrs.pod])).toEqual([['sandbox.setup.failed', [], 'kube-system/kube-dns-654381707-k0bpz']]);
    // a StartContainer of an app container is no sandbox's
    expect(at('E0523 08:55:46.470666   14438 pod_workers.go:182] Error syncing pod x ("web_default(x)"), skipping: failed to "StartContainer" for "web" with RunContainerError: "oops"')).toEqual([]);
  });

  it('dockershim on Windows: "error while adding to cni network: …" of the status hook → sandbox.setup.failed (Azure/azure-container-networking#436)', () => {
    expect(at("E1110 14:23:32.842611    4564 cni_windows.go:50] error while adding to cni network: invalid character '{' after top-level value").map((e) => e.kind)).toEqual(['sandbox.setup.failed']);
    // the warning beside it (docker_sandbox.go getIPFromPlugin) is the same failure told again: not read
    expect(at('W1110 14:23:32.842611    4564 docker_sandbox.go:384] failed to read pod IP from plugin/docker: NetworkPlugin cni failed on the status hook for pod "x": invalid character')).toEqual([]);
  });

  it('podSandboxChanged\'s "has no IP address", printf (two spaces, code index file 16595257143) and structured (rancher/rke2#3723) → sandbox.needed', () => {
    expect(at('I0312 09:33:42.590869  468453 kuberuntime_manager.go:439] Sandbox for pod "ops-system-auth-7c8dbf4984-cw9kc_default(cb92da54-e8b1-4c40-b9e4-a09e03d6f98f)" has no IP address.  Need to start a new one').map((e) => [e.kind, e.attrs.pod])).toEqual([['sandbox.needed', 'default/ops-system-auth-7c8dbf4984-cw9kc']]);
    expect(at('I0103 23:36:11.175259   24093 kuberuntime_manager.go:500] "Sandbox for pod has no IP address. Need to start a new one" pod="kube-system/test"').map((e) => [e.kind, e.attrs.pod])).toEqual([['sandbox.needed', 'kube-system/test']]);
  });

  it("CRI-O's `failed to create pod network sandbox k8s_<pod>_<ns>_<uid>_<n>(<id>)` names the sandbox; `failed to destroy network for pod sandbox …` is a teardown (kumahq/kuma#2174)", () => {
    const id = 'd1350ea5f543422bd95308cd5f4c6fec8760970bb85c0271d488265c20081262';
    const evs = at(`E0616 12:42:21.657980    2881 pod_workers.go:191] Error syncing pod 839e4fe7-1bac-4aac-ab54-023008325a5f ("kuma-demo-app-6787b4f7f5-5476c_kuma-demo(839e4fe7-1bac-4aac-ab54-023008325a5f)"), skipping: failed to "CreatePodSandbox" for "kuma-demo-app-6787b4f7f5-5476c_kuma-demo(839e4fe7-1bac-4aac-ab54-023008325a5f)" with CreatePodSandboxError: "CreatePodSandbox for pod \\"kuma-demo-app-6787b4f7f5-5476c_kuma-demo(839e4fe7-1bac-4aac-ab54-023008325a5f)\\" failed: rpc error: code = Unknown desc = failed to create pod network sandbox k8s_kuma-demo-app-6787b4f7f5-5476c_kuma-demo_839e4fe7-1bac-4aac-ab54-023008325a5f_0(${id}): [kuma-demo/kuma-demo-app-6787b4f7f5-5476c:kuma-cni]: error adding container to network \\"kuma-cni\\": exit status 1"`);
    expect(evs.map((e) => [e.kind, e.ids])).toEqual([['sandbox.setup.failed', [id]]]);
    // the teardown twin, from CRI-O's format string (networkStop) inside the KillPodSandbox sync result
    const kill = at(`E0616 12:42:21.657980    2881 pod_workers.go:191] Error syncing pod 839e4fe7-1bac-4aac-ab54-023008325a5f ("web_ns(839e4fe7-1bac-4aac-ab54-023008325a5f)"), skipping: failed to "KillPodSandbox" for "839e4fe7-1bac-4aac-ab54-023008325a5f" with KillPodSandboxError: "rpc error: code = Unknown desc = failed to destroy network for pod sandbox k8s_web_ns_839e4fe7-1bac-4aac-ab54-023008325a5f_0(${id}): netplugin failed"`);
    expect(kill.map((e) => [e.kind, e.ids])).toEqual([['sandbox.teardown.failed', [id]]]);
    // a cut ID in the parentheses is no ID
    expect(at(`E0616 12:42:22.221324    2881 remote_runtime.go:116] RunPodSandbox from runtime service failed: rpc error: code = Unknown desc = failed to create pod network sandbox k8s_web_ns_839e4fe7-1bac-4aac-ab54-023008325a5f_0(${id.slice(0, 40)}`).map((e) => e.ids)).toEqual([[]]);
  });

  it('blanks a paste left after a printf message do not hide it (hustcat/sriov-cni#18 posted kubelet lines with four trailing spaces)', () => {
    const id = '0866c8b5892313d3e81696522380d7bae68ccbfc3281c6da267315c7564e685c';
    // projectcalico/cni-plugin#377's line, padded as sriov-cni#18's were
    expect(at(`E0908 17:20:11.424063    2405 kuberuntime_manager.go:783] Failed to stop sandbox {"docker" "${id}"}    `).map((e) => [e.kind, e.ids])).toEqual([['sandbox.stop.failed', [id]]]);
    // kubernetes/kubernetes#52331's line, padded
    expect(at('I0912 17:24:28.106047   15221 plugins.go:405] Calling network plugin cni to tear down pod "choury-2_default"  ').map((e) => [e.kind, e.attrs.pod])).toEqual([['sandbox.teardown.start', 'default/choury-2']]);
  });

  it("dockershim's structured CNI lines (1.21–1.23): teardown start/done with the sandbox of {Type:docker ID:<id>}, and their error twins (code index file 38481517594)", () => {
    const id = 'df89af7490d2456a7698b2773e44f08eb593c27319080676a6a27811e95d800a';
    expect(at('"Calling network plugin to tear down the pod" pod="default/nginx-deployment-9456bbbf9-cvrr7" networkPluginName="cni"').map((e) => [e.kind, e.ids, e.attrs.pod, e.attrs.plugin])).toEqual([['sandbox.teardown.start', [], 'default/nginx-deployment-9456bbbf9-cvrr7', 'cni']]);
    expect(at(`"Deleting pod from network" pod="default/nginx-deployment-9456bbbf9-cvrr7" podSandboxID={Type:docker ID:${id}} podNetnsPath="/proc/28118/ns/net" networkType="calico" networkName="k8s-pod-network"`).map((e) => [e.kind, e.ids, e.attrs.network])).toEqual([['sandbox.teardown.start', [id], 'k8s-pod-network']]);
    expect(at(`"Deleted pod from network" pod="default/nginx-deployment-9456bbbf9-cvrr7" podSandboxID={Type:docker ID:${id}} networkType="calico" networkName="k8s-pod-network"`).map((e) => [e.kind, e.ids])).toEqual([['sandbox.teardown.done', [id]]]);
    // the error twins, from the same function's format (no printed line found)
    expect(at(`E0607 14:54:46.700000   28000 cni.go:380] "Error deleting pod from network" err="netplugin failed" pod="default/web-0" podSandboxID={Type:docker ID:${id}} podNetnsPath="/proc/28118/ns/net" networkType="calico" networkName="k8s-pod-network"`).map((e) => [e.kind, e.ids, e.attrs.error])).toEqual([['sandbox.teardown.failed', [id], 'netplugin failed']]);
    expect(at(`E0607 14:54:46.700000   28000 cni.go:380] "Error adding pod to network" err="netplugin failed" pod="default/web-0" podSandboxID={"Type":"docker","ID":"${id}"} podNetnsPath="/proc/28118/ns/net" networkType="calico" networkName="k8s-pod-network"`).map((e) => [e.kind, e.ids])).toEqual([['sandbox.setup.failed', [id]]]);
    expect(at(`I0607 14:54:46.700000   28000 docker_sandbox.go:250] "Both sandbox container and checkpoint could not be found. Proceed without further sandbox information." podSandboxID="${id}"`).map((e) => [e.kind, e.ids])).toEqual([['sandbox.teardown.blind', [id]]]);
  });

  it('a PLEG event of a pod the kubelet no longer has (printf V(4), 1.2–1.20) → pod.pleg with the container ID (kubelet-21, wrapped by its poster)', () => {
    const id = '894f35dca3eda57adef28b69acd0607efdeb34e8814e87e196bc163305576028';
    expect(at(`I1217 11:30:42.639790    5992 kubelet.go:1898] SyncLoop (PLEG): ignore irrelevant event: &pleg.PodLifecycleEvent{ID:"68224015-de33-4879-a229-b8eee8538b89", Type:"ContainerDied", Data:"${id}"}`).map((e) => [e.kind, e.ids, e.attrs.type, e.attrs.pod])).toEqual([['pod.pleg', [id], 'ContainerDied', null]]);
  });
});

describe('kubelet: the sandbox RunPodSandbox returned (V(4))', () => {
  const SB = '0d6e2be2d4d6fb6a9b4f68c6ea1b0b28088f1d88e3e1056834ca69a406ab8014';
  const line = (msg: string) => kubelet.recognize(inputOf(withMessage(recordAt(scenario, 1), msg)));

  it('"Created PodSandbox for pod" podSandboxID="<id>" (1.21+, a kind node at -v=10) → sandbox.started with the pod', () => {
    const evs = line(`I1228 02:17:44.369839     248 kuberuntime_manager.go:823] "Created PodSandbox for pod" podSandboxID="${SB}" pod="default/pod2"`);
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.pod])).toEqual([['sandbox.started', [SB], 'default/pod2']]);
  });

  it('the printf twin `Created PodSandbox "<id>" for pod "<name>_<ns>(<uid>)"` (1.6–1.20) too; a shortened ID gives nothing', () => {
    const evs = line(`I0914 11:39:43.530117   28625 kuberuntime_manager.go:642] Created PodSandbox "${SB}" for pod "web-0_default(0bbb310e-979c-11e7-a60b-246e962f8920)"`);
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.pod])).toEqual([['sandbox.started', [SB], 'default/web-0']]);
    expect(line('I0914 11:39:43.530117   28625 kuberuntime_manager.go:642] Created PodSandbox "885c3a" for pod "pod1(0bbb310e)"')).toEqual([]);
  });

  it('"Creating PodSandbox for pod" (the decision before the call) gives nothing', () => {
    expect(line('I0324 23:32:14.798788    4243 kuberuntime_manager.go:1085] "Creating PodSandbox for pod" pod="default/web-0"')).toEqual([]);
  });
});

describe('kubelet 1.6 dockershim: the CNI DEL of StopPodSandbox failed', () => {
  it('`Failed to teardown sandbox "<id>" for pod <ns>/<name>: <err>` → sandbox.teardown.failed with pod and error', () => {
    const SB = 'dd498908460e2b4a614cae69f9f025535ccaefd5809d8c6c1cdab2be12f1e49e';
    const msg = `E0201 00:48:17.703107   26695 docker_sandbox.go:144] Failed to teardown sandbox "${SB}" for pod kube-system/kube-dns-f69c6b55-txhx4: NetworkPlugin cni failed to teardown pod "kube-dns-f69c6b55-txhx4_kube-system" network: netplugin failed`;
    const evs = kubelet.recognize(inputOf(withMessage(recordAt(scenario, 1), msg)));
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.pod, e.attrs.via])).toEqual([['sandbox.teardown.failed', [SB], 'kube-system/kube-dns-f69c6b55-txhx4', 'dockershim']]);
  });
});

describe('KubeEdge edgecore (edged ≤ 1.9): the kubelet SyncPod results in edged\'s words', () => {
  const line = (msg: string) => kubelet.recognize(inputOf(withMessage(recordAt(scenario, 1), msg)));
  const UID = '39acfa74-41c5-4701-9ce1-e6a90064384d';

  it('"worker [n] handle pod addition item [<pod>] failed: failed to \\"CreatePodSandbox\\" …, re-add to queue" → sandbox.setup.failed for the pod', () => {
    const evs = line(`E1117 01:37:03.019887  355703 edged.go:890] worker [3] handle pod addition item [etcd-ubunu2004] failed: failed to "CreatePodSandbox" for "etcd-ubunu2004_kube-system(${UID})" with CreatePodSandboxError: "CreatePodSandbox for pod \\"etcd-ubunu2004_kube-system(${UID})\\" failed: rpc error: code = Unknown desc = failed to start sandbox container for pod \\"etcd-ubunu2004\\": Error response from daemon: OCI runtime start failed: cannot start a container that has stopped: unknown", re-add to queue`);
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.pod])).toEqual([['sandbox.setup.failed', [], 'etcd-ubunu2004']]);
  });

  it('"worker remove pod [<pod>] failed: consume removed pod … failed, failed to \\"KillPodSandbox\\" … teardown" → sandbox.teardown.failed; other sync failures say nothing', () => {
    const evs = line(`E1117 01:40:00.000000  355703 edged.go:934] worker remove pod [web-0] failed: consume removed pod [web-0] failed, failed to "KillPodSandbox" for "${UID}" with KillPodSandboxError: "rpc error: code = Unknown desc = NetworkPlugin cni failed to teardown pod \\"web-0_default\\" network: failed to find plugin \\"portmap\\" in path [/opt/cni/bin]"`);
    expect(evs.map((e) => [e.kind, e.attrs.pod])).toEqual([['sandbox.teardown.failed', 'web-0']]);
    expect(line(`E1117 01:37:03.019887  355703 edged.go:890] worker [3] handle pod addition item [web-0] failed: failed to "StartContainer" for "web" with CrashLoopBackOff: "back-off 10s", re-add to queue`)).toEqual([]);
  });
});

describe("kubelet: dockertools' failed TeardownNetwork sync result (catalogue \"Failed killing the pod … TeardownNetwork\")", () => {
  const line = (msg: string) => kubelet.recognize(inputOf(withMessage(recordAt(scenario, 1), msg)));
  it('podKiller and 1.1–1.3 managePodLoop wrapping it: the CNI DEL failed, for a pod named by its UID only (kubernetes/kubernetes#20379, #26199)', () => {
    const killing = line(
      'E0131 19:01:21.533475    5769 kubelet.go:2103] Failed killing the pod "my-nginx-ksa5n": failed to "TeardownNetwork" for "my-nginx-ksa5n_default" with TeardownNetworkError: "Failed to teardown network for pod \\"008ad319-c890-11e5-9154-08002711393a\\" using network plugins \\"cni\\": Failed to open /proc/0/ns/net: open /proc/0/ns/net: no such file or directory"',
    );
    expect(killing.map((e) => [e.kind, e.ids, e.attrs.pod, e.attrs.via])).toEqual([['sandbox.teardown.failed', [], 'my-nginx-ksa5n', 'dockertools']]);
    const syncing = line(
      'E0524 18:39:22.984933    3378 pod_workers.go:183] Error syncing pod d14ef1dc-21de-11e6-af3b-42010af00002, skipping: failed to "TeardownNetwork" for "pod-configmaps-d14e8c7a-21de-11e6-9f89-0242ac11000d_e2e-tests-configmap-razxa" with TeardownNetworkError: "Failed to teardown network for pod \\"d14ef1dc-21de-11e6-af3b-42010af00002\\" using network plugins \\"kubenet\\": Error removing container from network: Failed to open /proc/0/ns/net: open /proc/0/ns/net: no such file or directory"',
    );
    expect(syncing.map((e) => [e.kind, e.ids, e.attrs.via])).toEqual([['sandbox.teardown.failed', [], 'dockertools']]);
  });
});
