import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest.js';
import { containerd, podOfMetadata } from '../../src/components/containerd.js';
import { inputOf, journalRecords, recordAt, withMessage } from '../helpers/fixtures.js';

const FB7C = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';
const F26F = 'f26f7b48f42af6cf3374b7248638a5eae041d651b9f31c131a3d9c3e889260cf';
const scenario = journalRecords('short-english-months');
const setupFailed = journalRecords('short-iso-kubelet-err-multiline-blocks');
const sos = journalRecords('short-precise-sos-c-locale-systemd-252-units');
const recognize = (recs: typeof scenario, line: number) => containerd.recognize(inputOf(recordAt(recs, line)));
/** A real containerd record whose body is replaced by a CRI-plugin line built from catalogue §3 format strings. */
const criLine = (msg: string, extra = '') =>
  containerd.recognize(inputOf(withMessage(recordAt(setupFailed, 12), `time="2025-10-14T10:07:45.413742086+02:00" level=info msg="${msg}"${extra}`)));

describe('containerd: shim lifecycle (every container exit)', () => {
  it('"shim disconnected" id=<id> → shim.disconnected with namespace', () => {
    const evs = recognize(scenario, 11);
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject({ kind: 'shim.disconnected', ids: [FB7C], attrs: { ident: 'containerd', pid: 1101, namespace: 'moby' } });
  });

  it('"cleaning up after shim disconnected" (level=warning before v2.2) → shim.cleanup', () => {
    expect(recognize(setupFailed, 13).map((e) => [e.kind, e.ids, e.attrs.namespace])).toEqual([['shim.cleanup', [F26F], 'moby']]);
  });

  it('"cleaning up dead shim" (no id before v2.2) says nothing', () => {
    expect(recognize(setupFailed, 14)).toEqual([]);
  });

  it('all shim exits of the sos journal, each disconnect followed by its cleanup', () => {
    const evs = sos.flatMap((r) => containerd.recognize(inputOf(r)));
    expect(evs.map((e) => `${e.kind} ${e.ids[0]!.slice(0, 12)}`)).toEqual(
      ['0a985501e3ac', '850ffb537071', 'ffa48c3e4b97', '0972c1c6fc87', '7f88c6345d6c', '28cb7c59353d', 'f831cd2024de'].flatMap((id) => [`shim.disconnected ${id}`, `shim.cleanup ${id}`]),
    );
  });

  it('non-logrus and other daemons\' logrus lines say nothing', () => {
    expect(recognize(scenario, 1)).toEqual([]); // kubelet klog
    expect(recognize(scenario, 12)).toEqual([]); // dockerd ignoring event
  });
});

describe('containerd: daemon and CRI lines (catalogue §3.2, §3.3 format strings)', () => {
  it('"starting containerd", "containerd successfully booted in …", "Stop CRI service"', () => {
    expect(criLine('starting containerd', ' revision=1 version=v1.7.27').map((e) => [e.kind, e.attrs.daemon])).toEqual([['daemon.starting', 'containerd']]);
    expect(criLine('containerd successfully booted in 0.052340s').map((e) => e.kind)).toEqual(['daemon.started']);
    expect(criLine('Stop CRI service').map((e) => e.kind)).toEqual(['daemon.stopping']);
  });

  it('RunPodSandbox … returns sandbox id %q → sandbox.started via containerd-cri', () => {
    const evs = criLine(`RunPodSandbox for &PodSandboxMetadata{Name:web-0,Uid:1,Namespace:default,Attempt:0,} returns sandbox id \\"${F26F}\\"`);
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.via])).toEqual([['sandbox.started', [F26F], 'containerd-cri']]);
  });

  it('TearDown network for sandbox %q successfully → sandbox.teardown.done', () => {
    expect(criLine(`TearDown network for sandbox \\"${F26F}\\" successfully`).map((e) => [e.kind, e.ids])).toEqual([['sandbox.teardown.done', [F26F]]]);
  });

  // Was a bug: containerd's instrumented CRI service logs a failed StopPodSandbox as
  // msg="StopPodSandbox for \"<id>\" failed" error="failed to destroy network for sandbox \"<id>\": …"
  // (catalogue §3.3; §9.2 matches the text anywhere in the line), but TEARDOWN_FAILED is tried on msg only,
  // so this shape gives no event at all.
  it('StopPodSandbox … failed with error="failed to destroy network for sandbox %q: …" → sandbox.teardown.failed', () => {
    const evs = criLine(`StopPodSandbox for \\"${F26F}\\" failed`, ` error="failed to destroy network for sandbox \\"${F26F}\\": plugin type=\\"portmap\\" failed (delete): x"`);
    expect(evs.map((e) => [e.kind, e.ids])).toEqual([['sandbox.teardown.failed', [F26F]]]);
    expect(String(evs[0]!.attrs.error)).toContain('failed to destroy network for sandbox');
  });

  it('RemovePodSandbox %q returns successfully → sandbox.removed', () => {
    expect(criLine(`RemovePodSandbox \\"${F26F}\\" returns successfully`).map((e) => [e.kind, e.ids])).toEqual([['sandbox.removed', [F26F]]]);
  });
});

/** A bare containerd body (as `journalctl -o cat` or a paste gives it) in a real containerd record. */
const body = (text: string) => containerd.recognize(inputOf(withMessage(recordAt(setupFailed, 12), text)));

describe('containerd: CRI sandbox calls as real nodes print them (docs/catalogue.md)', () => {
  // containerd/containerd#7276 (1.6, escaped inner quotes).
  const FD0F = 'fd0ff0413d152cfd6b1d8e5a5fdb3a0b1dc958054f580a3b32cc9eba6899b410';
  const stop = [
    `time="2022-08-10T15:05:23.911464274+08:00" level=info msg="StopPodSandbox for \\"${FD0F}\\""`,
    `time="2022-08-10T15:05:23.911703268+08:00" level=info msg="TearDown network for sandbox \\"${FD0F}\\" successfully"`,
    `time="2022-08-10T15:05:23.911739191+08:00" level=info msg="StopPodSandbox for \\"${FD0F}\\" returns successfully"`,
    `time="2022-08-10T15:05:23.912158317+08:00" level=info msg="RemovePodSandbox for \\"${FD0F}\\""`,
    `time="2022-08-10T15:05:23.916186205+08:00" level=info msg="RemovePodSandbox \\"${FD0F}\\" returns successfully"`,
  ];

  it('a whole stop and removal: teardown start, done, stopped, removed, all for the sandbox (the removal\'s entry line adds nothing)', () => {
    expect(stop.flatMap(body).map((e) => [e.kind, e.ids])).toEqual([
      ['sandbox.teardown.start', [FD0F]],
      ['sandbox.teardown.done', [FD0F]],
      ['sandbox.stopped', [FD0F]],
      ['sandbox.removed', [FD0F]],
    ]);
  });

  it('the pod of RunPodSandbox, in gogo (≤ 1.7) and protobuf-go (2.x, double spaces) renderings', () => {
    expect(podOfMetadata('&PodSandboxMetadata{Name:coredns-5dd5756b68-mjpjc,Uid:d29f6c25-5202-49f4-9d3e-3066898b43ef,Namespace:kube-system,Attempt:0,}')).toBe('kube-system/coredns-5dd5756b68-mjpjc');
    expect(podOfMetadata('name:"xwing"  uid:"efa146e2-0e40-4984-a1d0-0f0d745d3440"  namespace:"default"')).toBe('default/xwing');
    const evs = body(`time="2023-12-14T01:20:29.234943041Z" level=info msg="RunPodSandbox for name:\\"xwing\\"  uid:\\"efa146e2-0e40-4984-a1d0-0f0d745d3440\\"  namespace:\\"default\\" returns sandbox id \\"${F26F}\\""`);
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.pod])).toEqual([['sandbox.started', [F26F], 'default/xwing']]);
  });

  it('the entry lines RunPodSandbox for / RunPodsandbox for (1.4–1.5) give no event: their outcome follows', () => {
    // rootless-containers/usernetes#287; the 1.4–1.5 spelling (instrumented_service.go:54).
    expect(body('time="2023-09-05T22:56:30.205156663Z" level=info msg="RunPodSandbox for &PodSandboxMetadata{Name:coredns-5dd5756b68-mjpjc,Uid:d29f6c25-5202-49f4-9d3e-3066898b43ef,Namespace:kube-system,Attempt:0,}"')).toEqual([]);
    expect(body('time="2021-01-01T00:00:00.000000000Z" level=info msg="RunPodsandbox for &PodSandboxMetadata{Name:web-0,Uid:1,Namespace:default,Attempt:0,}"')).toEqual([]);
  });

  it('a failed RunPodSandbox: the pod, and the sandbox ID only when the error names one', () => {
    const noId = body('level=error msg="RunPodSandbox for &PodSandboxMetadata{Name:etcd-master1,Uid:c7faf99ca0ded98e83ffa369366ce2e0,Namespace:kube-system,Attempt:0,} failed, error" error="failed to create containerd task: cgroups: cgroup mountpoint does not exist: unknown"');
    expect(noId.map((e) => [e.kind, e.ids, e.attrs.pod])).toEqual([['sandbox.setup.failed', [], 'kube-system/etcd-master1']]);
    const withId = body(`level=error msg="RunPodSandbox for &PodSandboxMetadata{Name:a,Uid:1,Namespace:b,Attempt:0,} failed, error" error="failed to setup network for sandbox \\"${F26F}\\": cni plugin not initialized"`);
    expect(withId.map((e) => e.ids)).toEqual([[F26F]]);
  });

  it('logrus ≤ 1.0.3 left inner quotes bare (bottlerocket-os/bottlerocket#359): same events, the error field whole', () => {
    const CAE5 = 'cae59246074a27247c54d43ffd3f68be61121bcc741133b940e7188002e34f60';
    const start = body(`time="2019-10-02T23:27:34.417871363Z" level=info msg="StopPodSandbox for "${CAE5}""`);
    const failed = body(`time="2019-10-02T23:27:34.439359450Z" level=error msg="StopPodSandbox for "${CAE5}" failed" error="failed to destroy network for sandbox "${CAE5}": del cmd: failed to process delete request"`);
    expect([...start, ...failed].map((e) => [e.kind, e.ids])).toEqual([
      ['sandbox.teardown.start', [CAE5]],
      ['sandbox.teardown.failed', [CAE5]],
    ]);
    expect(failed[0]!.attrs.error).toBe(`failed to destroy network for sandbox "${CAE5}": del cmd: failed to process delete request`);
  });

  it('"Container to stop … must be in running or unknown state" is the routine already-exited case: no event, least of all a failure', () => {
    const evs = body('time="2025-07-10T17:02:23.216220547+08:00" level=info msg="Container to stop \\"7a51f23cfc9d1506712d820fadb083018a7655038f3274f3c503547b3de8713c\\" must be in running or unknown state, current state \\"CONTAINER_EXITED\\""');
    expect(evs).toEqual([]);
  });

  it('the v1 shim\'s "shim reaped" (docker ≤ 19.03, kubernetes/kubernetes#91914) is a shim exit', () => {
    const evs = body('time="2020-06-08T15:36:14Z" level=info msg="shim reaped" id=57602d1ebd70b498ea832e50c96a22e4591df2bf50b77689f13b924100b1f8de');
    expect(evs.map((e) => [e.kind, e.ids, e.attrs.runtime])).toEqual([['shim.disconnected', ['57602d1ebd70b498ea832e50c96a22e4591df2bf50b77689f13b924100b1f8de'], 'io.containerd.runtime.v1.linux']]);
  });

  it('the shim start lines are deliberately not read (catalogue "Not read")', () => {
    expect(body('time="2023-12-14T01:20:28.884078779Z" level=info msg="starting signal loop" namespace=k8s.io path=/run/containerd/io.containerd.runtime.v2.task/k8s.io/8dafd41d1e71a539c2f537cb5412be73cece506ee6766ed9a2ff68566fac8dd2 pid=1101010')).toEqual([]);
  });
});

describe('containerd: a failure quoted with the msg\'s ID shortened by the poster', () => {
  const BBC8 = 'bbc85f891eaf060c5a879e27bba9b6b06450210161dfdecfbb2732959fb6500a';
  it('StopPodSandbox for "b" failed with error= naming the sandbox → sandbox.teardown.failed for the ID in error', () => {
    const evs = criLine('StopPodSandbox for \\"b\\" failed', ` error="failed to destroy network for sandbox \\"${BBC8}\\": invalid version \\"\\": the version is empty"`);
    expect(evs.map((e) => [e.kind, e.ids])).toEqual([['sandbox.teardown.failed', [BBC8]]]);
  });

  it('StopPodSandbox for "<prefix>" failed (a crictl prefix, containerd 1.2 in a terminal, kata-containers/runtime#1084) → sandbox.stop.failed for the ID in error= that extends it', async () => {
    const file = path.resolve(__dirname, '../../samples/wild/kata-runtime-1084-logrus-tty-terminal-wrapped-stoppodsandbox-failed.log');
    const ing = await ingest([file], { tz: null, year: null, host: null });
    expect(ing.events.map((e) => [e.source.line, e.kind, e.ids, e.prefixes])).toEqual([[5, 'sandbox.stop.failed', ['0c835ddfd257032eb3e037df729660add13ed542cd32797eff6e45a4c698e064'], []]]);
    // An ID in error= that does not extend the prefix is another sandbox's: the event keeps the prefix alone.
    const other = criLine('StopPodSandbox for \\"0c835ddfd2570\\" failed', ` error="failed to stop sandbox container \\"${FB7C}\\": wait sandbox container \\"${FB7C}\\" stop timeout"`);
    expect(other.map((e) => [e.kind, e.ids, e.prefixes])).toEqual([['sandbox.stop.failed', [], ['0c835ddfd2570']]]);
  });

  it('and nothing when the error names no sandbox whole: no ID is completed', () => {
    expect(criLine('StopPodSandbox for \\"3...a\\" failed', ' error="rpc error: context deadline exceeded"')).toEqual([]);
  });
});

describe('containerd: the ID prefix crictl sends, as the CRI call prints it', () => {
  it('RemovePodSandbox "<prefix>" returns successfully → sandbox.removed naming the prefix, no ID (google/gvisor#10997); its entry line nothing', () => {
    const evs = body('time="2024-10-08T13:24:15.074086677Z" level=info msg="RemovePodSandbox \\"16\\" returns successfully"');
    expect(evs.map((e) => [e.kind, e.ids, e.prefixes])).toEqual([['sandbox.removed', [], ['16']]]);
    // containerd/containerd#6135 (Windows): the entry with crictl's 13-hex prefix
    expect(body('time="2021-10-19T14:55:53.421244900Z" level=info msg="RemovePodSandbox for \\"195b01b9e2eb9\\""')).toEqual([]);
  });

  it('StopPodSandbox for "<prefix>" and its success → teardown start and stopped by prefix (the #6135 prefix in the #7276 wording)', () => {
    expect(body('time="2021-10-19T14:55:53.421244900Z" level=info msg="StopPodSandbox for \\"195b01b9e2eb9\\""').map((e) => [e.kind, e.prefixes])).toEqual([['sandbox.teardown.start', ['195b01b9e2eb9']]]);
    expect(body('time="2021-10-19T14:55:53.421244900Z" level=info msg="StopPodSandbox for \\"195b01b9e2eb9\\" returns successfully"').map((e) => [e.kind, e.prefixes])).toEqual([['sandbox.stopped', ['195b01b9e2eb9']]]);
  });
});

describe('containerd: the runtime v1 shim that died under its task (real capture, containerd 1.6.20)', () => {
  const CAPTURE = path.join(path.dirname(new URL(import.meta.url).pathname), '../../samples/captures/containerd-1.6.20-shims/containerd.log');
  const base = recordAt(scenario, 11);
  const events = readFileSync(CAPTURE, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .flatMap((l) => containerd.recognize(inputOf(withMessage(base, l))))
    .map((e) => `${e.kind}${e.ids[0] ? ' ' + e.ids[0].slice(0, 8) : ''}`);

  it('"shim reaped" then "cleaning up after shim dead" → shim.disconnected, shim.cleanup for the killed v1 task; a normal v1 exit gives the disconnect alone', () => {
    expect(events).toEqual([
      'daemon.starting',
      'daemon.started',
      'shim.disconnected 7c3e9a1f', // v1, killed: reaped …
      'shim.cleanup 7c3e9a1f', // … and cleaned up after its death
      'shim.disconnected 2d4f6b8a', // runc v2, killed
      'shim.cleanup 2d4f6b8a',
      'shim.disconnected 9e8d7c6b', // v1, normal exit: "shim reaped" alone
      'daemon.stopping',
      'daemon.stopping',
    ]);
  });

  it('the 1.0–1.2 wording "cleaning up after killed shim" reads alike; "failed to clean up after killed shim" does not', () => {
    const id = '7c3e9a1f5b2d8e4c6a0f1b3d5e7c9a2b4d6f8e0a1c3b5d7f9e2a4c6b8d0f1e3a';
    const line = (msg: string) => containerd.recognize(inputOf(withMessage(base, `time="2019-03-28T09:07:55.266801304Z" level=warning msg="${msg}" id=${id} namespace=moby`)));
    expect(line('cleaning up after killed shim').map((e) => [e.kind, e.ids, e.attrs.namespace])).toEqual([['shim.cleanup', [id], 'moby']]);
    expect(line('failed to clean up after killed shim')).toEqual([]);
  });
});

describe("containerd's CRI wording with the error inline: Pouch's CRI manager (catalogue \"<call> failed, error: <err> (Pouch)\")", () => {
  it('its terminal line, stamped with a space and no zone, read as the teardown failure of the sandbox the error names (AliyunContainerService/pouch#1536)', async () => {
    const file = path.resolve(__dirname, '../../samples/wild/pouch-1536-logrus-tty-space-stamp-stoppodsandbox-failed.log');
    const ing = await ingest([file], { tz: null, year: null, host: null });
    expect(ing.inputs[0]!.format).toBe('logrus-tty');
    // ocicni's own "Error deleting network" inside that DEL (line 1) is no containerd wording: not read.
    expect(ing.events.map((e) => [e.source.line, e.kind, e.ids, e.attrs.via, e.time])).toEqual([
      // Local time with no zone: UTC assumed (no --tz), to the microsecond of the stamp's nine digits.
      [2, 'sandbox.teardown.failed', ['0ad2446f4a41ad160ac10b59a3efeb81a284a955decbee74cb37750d5a303073'], 'pouch', Date.UTC(2018, 5, 15, 6, 57, 18) * 1000 + 160936],
    ]);
  });
});
