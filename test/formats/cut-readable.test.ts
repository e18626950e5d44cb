// Lines a pager chopped (">" in the last column) that still say what they said (src/formats/_cut-readable.ts): read,
// with no ID the cut reached; the chopped lines whose deciding words or IDs are gone stay counted, not read. Lines
// are real: samples/wild excerpts (their .json names the public source) and the journals they came from.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cutReadable } from '../../src/formats/_cut-readable.js';
import { displayWidth, terminalCut } from '../../src/formats/_terminal-cut.js';
import { ingest } from '../../src/ingest.js';
import { kubelet } from '../../src/components/kubelet.js';
import { inputOf, journalRecords, recordAt, withMessage } from '../helpers/fixtures.js';

const WILD = path.resolve(__dirname, '../../samples/wild');
const eventsOf = async (slug: string) => {
  const ing = await ingest([path.join(WILD, `${slug}.log`)], { tz: null, year: null, host: null });
  return { input: ing.inputs[0]!, events: ing.events.map((e) => [e.source.line, e.kind, e.ids]) };
};

describe('cutReadable: the families whose chopped lines still say what they are', () => {
  it.each([
    // kubernetes/kubernetes#127530 (kubelet 1.2x structured, zh_CN journal): the create-sandbox chain, err= cut.
    ['9月 22 09:54:28 ubuntu kubelet[15117]: E0922 09:54:28.449318   15117 remote_runtime.go:193] "RunPodSandbox from runtime service failed" err="rpc error: code = Unknown desc = failed to generate sandbox c>'],
    ['9月 22 09:54:28 ubuntu kubelet[15117]: E0922 09:54:28.449500   15117 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to \\"CreatePodSandbox\\" for \\"kube-scheduler-ubuntu_kube-system(241bec>'],
    // hitachienergy/epiphany#2919 (dockerd 19.03-era libcontainerd, no container= field).
    ['Feb 15 16:49:31 ci-10todevazubcanal-kubernetes-master-vm-0 dockerd[1022]: time="2022-02-15T16:49:31.614293532Z" level=info msg="ignoring event" module=libc>'],
    // canonical/microk8s#3458 (containerd 1.6 CRI under the snap): the failure, at error level.
    ['Sep 22 13:54:02 p9g-lpar07 microk8s.daemon-containerd[2723]: time="2022-09-22T13:54:02.525552612Z" level=error msg="RunPodSandbox for &PodSandboxMetadata{Name:calico-kube-controllers-749975>'],
    // kubernetes/kubeadm#2748 (kubelet 1.18-1.19 dockershim printf): a stop failure and a CNI DEL failure chopped in their ID.
    ['Jul 21 15:58:18 p3-tkymn-p1mon03 kubelet[1883788]: E0721 15:58:18.413923 1883788 remote_runtime.go:128] StopPodSandbox "40d5b3b1f046251f4243c609c22836e5cb012fe7055ab20bbf0b0ae13130643>'],
    ['Jul 21 15:58:18 p3-tkymn-p1mon03 kubelet[1883788]: E0721 15:58:18.413949 1883788 kuberuntime_manager.go:898] Failed to stop sandbox {"docker" "40d5b3b1f046251f4243c609c22836e5cb012fe7>'],
    ['Jul 21 15:58:30 p3-tkymn-p1mon03 kubelet[1883788]: E0721 15:58:30.413623 1883788 cni.go:385] Error deleting cvimmon-monitor_prometheus-cvimmon-monitor-cert-exporter-gz9lt/40d5b3b1f046>'],
    // microsoft/WSL#8939 (dockerd 20.10 under systemd in WSL 2): its start, chopped inside msg.
    ['Oct 03 10:12:56 Ubuntu dockerd[430]: time="2022-10-03T10:12:56.975796200+03:00" level=info msg="Daemon has completed i>'],
    ['Oct 03 10:12:57 Ubuntu dockerd[430]: time="2022-10-03T10:12:57.247919800+03:00" level=info msg="API listen on /run/doc>'],
  ])('reads %s', (line) => {
    expect(cutReadable(line)).toBe(true);
  });

  // Real lines, the first as chopped; the others cut here at a column of the test's choosing (CHOP), as a pager would.
  const CHOP = (line: string, at: number): string => line.slice(0, at) + '>';
  it.each([
    // The entry of the same call, at info: its outcome is what was cut (canonical/microk8s#3458, the line before).
    ['Sep 22 13:54:02 p9g-lpar07 microk8s.daemon-containerd[2723]: time="2022-09-22T13:54:02.416992231Z" level=info msg="RunPodSandbox for &PodSandboxMetadata{Name:calico-kube-controllers-749975d>'],
    // dockerd 20.10+ with the cut inside container=: the ID is not whole (samples/wild atom-cht line, cut in its ID).
    [CHOP('Sep 11 08:56:22 atom-cht-master1 dockerd: time="2022-09-11T08:56:22.823959884-04:00" level=info msg="ignoring event" container=3ab81c3e10bcdc49914dcd29507b50bdec7243e05303b8ed9052efabf6b460dd module=libcontainerd namespace=moby topic=/tasks/delete type="*events.TaskDelete"', 150)],
    // A KillPodSandbox sync failure cut before the words that make it a teardown (not a stop) failure.
    [CHOP('Dec 22 17:09:30 node1 kubelet[10468]: E1222 17:09:30.432983   10468 pod_workers.go:965] "Error syncing pod, skipping" err="failed to \\"KillPodSandbox\\" for \\"a6b466fa-60e6-4ced-9eef-380d0e41d63f\\" with KillPodSandboxError: \\"rpc error: code = Unknown', 200)],
    // A structured message whose value is what the event carries (a version cut short would be a wrong version).
    [CHOP('I1026 15:45:46.904653 1176781 server.go:467] "Kubelet version" kubeletVersion="v1.28.2"', 80)],
    // An app container's line of the same daemon: nothing of the sandbox families (epiphany#2919).
    ['Feb 15 16:49:41 ci-10todevazubcanal-kubernetes-master-vm-0 dockerd[1022]: time="2022-02-15T16:49:41.221824376Z" level=info msg="Container de2afb232dd19d3bd>'],
  ])('leaves %s counted', (line) => {
    expect(cutReadable(line)).toBe(false);
  });
});

describe('chopped excerpts read through the pipeline', () => {
  it('kubelet structured create-sandbox chain chopped inside err=: six set-up failures, no ID (kubernetes#127530)', async () => {
    const got = await eventsOf('kubernetes-127530-zh-locale-pager-cut-structured-create-sandbox-chain');
    expect(got.input.format).toBe('paste');
    expect(got.input.unparsed).toBe(0);
    expect(got.events).toEqual([1, 2, 3, 4, 5, 6].map((l) => [l, 'sandbox.setup.failed', []]));
  });

  it('dockerd 19.03 "ignoring event" chopped after module=: task deletes of unnamed containers; the app-container lines stay counted (epiphany#2919)', async () => {
    const got = await eventsOf('epiphany-2919-systemctl-status-docker-masked-pager-cut');
    expect(got.events).toEqual([7, 8, 11, 12].map((l) => [l, 'task.deleted', []]));
    expect(got.input.unparsed).toBeGreaterThanOrEqual(2);
  });

  it('containerd RunPodSandbox chopped in its metadata: the error-level line is the failure, the info-level entry stays counted (microk8s#3458)', async () => {
    const got = await eventsOf('microk8s-3458-indented-journal-pager-cut-runpodsandbox-error');
    expect(got.events).toEqual([[9, 'sandbox.setup.failed', []]]);
    expect(got.input.unparsed).toBe(1);
  });
});

describe('ellipsized lines (journalctl 252 --no-full, samples/formats/paste/SOURCE.md): read only where the deciding words survive', () => {
  it('the RunPodSandbox failure (message whole before "…") is read with no ID; the "Error syncing pod" cut inside "Create…" and the runtime line stay counted', async () => {
    const file = path.resolve(__dirname, '../../samples/formats/paste/journalctl-252-no-full-ellipsized/input');
    const ing = await ingest([file], { tz: null, year: null, host: null });
    expect(ing.inputs[0]!.format).toBe('paste');
    expect(ing.events.map((e) => [e.source.line, e.kind, e.ids])).toEqual([[1, 'sandbox.setup.failed', []]]);
    expect(ing.inputs[0]!.unparsed).toBe(2);
  });
});

describe('lines copied from a rendered page\'s HTML source (&quot; for every quote, &gt; for the pager\'s chop)', () => {
  it('undone in paste: cri-dockerd\'s grpc backend start and systemd\'s Started are read; the chopped lines stay counted (code index file 19951747757)', async () => {
    const file = path.resolve(__dirname, '../../samples/formats/systemctl-status/html-escaped-cri-docker-page/input');
    const ing = await ingest([file], { tz: null, year: null, host: null });
    expect(ing.events.map((e) => [e.source.line, e.kind, e.attrs.daemon])).toEqual([
      [22, 'daemon.started', 'cri-dockerd'],
      [23, 'daemon.started', 'cri-dockerd'],
    ]);
    expect(ing.inputs[0]!.notes.join('\n')).toMatch(/HTML escapes \(&quot; …\) undone in \d+ line\(s\)/);
  });

  it('unescapeHtml undoes a page\'s escapes only where every quote was escaped', async () => {
    const { unescapeHtml } = await import('../../src/formats/_paste-clean.js');
    expect(unescapeHtml('time=&quot;2023-01-15T13:42:21Z&quot; level=info msg=&quot;Docker Info: &amp;{ID:5ETS&gt;')).toBe('time="2023-01-15T13:42:21Z" level=info msg="Docker Info: &{ID:5ETS>');
    // a log line quoting an HTML body keeps it (its own quotes are bare)
    const logged = 'time="2023-01-15T13:42:21Z" level=error msg="body: &quot;x&quot;"';
    expect(unescapeHtml(logged)).toBe(logged);
  });
});

describe("cutReadable: kubelet's PLEG events and podSandboxChanged's 'No sandbox for pod', cut at the terminal's width", () => {
  // Real lines (docs/catalogue.md samples, samples/wild/k8s-21367-…), cut here as a pager would (">" at the column).
  const CHOP = (line: string, at: number): string => line.slice(0, at) + '>';
  const PLEG_PRINTF = 'I0217 01:18:58.178224    3855 kubelet.go:2332] SyncLoop (PLEG): "client-containers-4b0b00cd-d514-11e5-8293-42010af01555_e2e-tests-containers-0hm0z(4b0c141b-d514-11e5-9301-42010af00002)", event: &pleg.PodLifecycleEvent{ID:"4b0c141b-d514-11e5-9301-42010af00002", Type:"ContainerDied", Data:"3abe2b442bd8ca47e3c24e3e58c976231baf9450af4385580737a958f0a30672"}';
  const PLEG_STRUCTURED = '9月 14 11:45:13 centos79 kubelet[1789]: I0914 11:45:13.002410    1789 kubelet.go:2461] "SyncLoop (PLEG): event for pod" pod="default/hostport-app-0" event={"ID":"0b9d7e5c-3a1f-4e2d-8c6b-9f0e1d2c3b4a","Type":"ContainerStarted","Data":"0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2"}';
  const NO_SANDBOX = 'Jan 30 23:27:56 aks-agentpool-57418505-vmss000000 kubelet[4382]: I0130 23:27:56.472829    4382 kuberuntime_manager.go:404] No sandbox for pod "prop-prometheus-operator-operator-6bc6fd7c9d-d9qz4_default(47fba903-9c81-4c87-ab6c-9794e0829414)" can be found. Need to start a new one';
  const NO_SANDBOX_STRUCTURED = '2025-10-14T10:07:44+0200 par-worker-2 kubelet[1533]: I1014 10:07:44.269646    1533 kuberuntime_manager.go:1023] "No sandbox for pod can be found. Need to start a new one" pod="iot/mqtt-broker-gmjrldxcn5-hjndf"';
  const klogOfLine = (line: string): string => line.slice(line.search(/[IWEF]\d{4} /));
  const read = (line: string) => kubelet.recognize(inputOf(withMessage(recordAt(journalRecords('short-english-months'), 1), klogOfLine(line)))).map((e) => [e.kind, e.ids, e.attrs.pod ?? null]);

  it('a PLEG event read when its Type and the Data ID come whole before the cut', () => {
    const cut = CHOP(PLEG_PRINTF, PLEG_PRINTF.length - 2);
    expect(cutReadable(cut)).toBe(true);
    expect(read(cut)).toEqual([['pod.pleg', ['3abe2b442bd8ca47e3c24e3e58c976231baf9450af4385580737a958f0a30672'], 'e2e-tests-containers-0hm0z/client-containers-4b0b00cd-d514-11e5-8293-42010af01555']]);
    const structured = CHOP(PLEG_STRUCTURED, PLEG_STRUCTURED.length - 2);
    expect(cutReadable(structured)).toBe(true);
    expect(read(structured)).toEqual([['pod.pleg', ['0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2'], 'default/hostport-app-0']]);
  });

  it('not when the cut reaches the Data ID: no cut ID becomes an event', () => {
    expect(cutReadable(CHOP(PLEG_PRINTF, PLEG_PRINTF.length - 20))).toBe(false);
    expect(cutReadable(CHOP(PLEG_STRUCTURED, PLEG_STRUCTURED.length - 20))).toBe(false);
    expect(read(CHOP(PLEG_PRINTF, PLEG_PRINTF.length - 20))).toEqual([]);
  });

  it("'No sandbox for pod': its first words decide, the pod named only when its quote closed before the cut", () => {
    const afterPod = CHOP(NO_SANDBOX, NO_SANDBOX.indexOf('" can be') + 6);
    expect(cutReadable(afterPod)).toBe(true);
    expect(read(afterPod)).toEqual([['sandbox.needed', [], 'default/prop-prometheus-operator-operator-6bc6fd7c9d-d9qz4']]);
    const inPod = CHOP(NO_SANDBOX, NO_SANDBOX.indexOf('operator-operator'));
    expect(cutReadable(inPod)).toBe(true);
    expect(read(inPod)).toEqual([['sandbox.needed', [], null]]);
    expect(cutReadable(CHOP(NO_SANDBOX_STRUCTURED, NO_SANDBOX_STRUCTURED.length - 8))).toBe(true);
    expect(read(CHOP(NO_SANDBOX_STRUCTURED, NO_SANDBOX_STRUCTURED.length - 8)).map(([k]) => k)).toEqual(['sandbox.needed']);
  });
});

describe("terminalCut: systemd's job line keeps its own \"...\"", () => {
  // docker/machine#1714 (2015, docker 1.9 under systemd 219): `journalctl` cut at 83 columns by the terminal, the
  // docker lines cut mid-field with no mark, the systemd job lines exactly as wide and ending in their own "...".
  const starting = 'Dec 16 15:32:23 deploy2 systemd[1]: Starting Docker Application Container Engine...';
  const stopping = 'Dec 16 15:32:26 deploy2 systemd[1]: Stopping Docker Application Container Engine...';

  it('a whole-width "Starting <unit>..." or "Stopping <unit>..." is not cut', () => {
    expect(terminalCut(starting, starting.length, starting.length)).toBeNull();
    expect(terminalCut(stopping, stopping.length, stopping.length)).toBeNull();
  });

  it('a whole-width line with systemd\'s ellipsis before its end is still cut (journalctl 252 --no-full)', () => {
    const file = path.resolve(__dirname, '../../samples/formats/paste/journalctl-252-no-full-ellipsized/input');
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
    const widest = Math.max(...lines.map(displayWidth));
    expect(widest).toBe(140);
    for (const l of lines) expect(terminalCut(l, displayWidth(l), widest)).toBe('ellipsized');
  });
});
