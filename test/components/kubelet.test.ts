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

  it('stitched: "Error syncing pod" for a CreatePodSandbox error is not a teardown failure', () => {
    expect(kubelet.recognize(inputOf(recordAt(setupStitched, 30)))).toEqual([]);
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
