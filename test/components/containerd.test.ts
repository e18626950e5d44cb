import { describe, expect, it } from 'vitest';
import { containerd } from '../../src/components/containerd.js';
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
