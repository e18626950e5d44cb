// containerd: shim lifecycle (every container exit) and, on containerd nodes, the CRI sandbox calls (catalogue §3).
// CRI lines come from instrumented_service.go, one Infof on entry and one on return of every call, in all of 1.4–2.2;
// docs/catalogue.md lists each with its file:line per version.

import { draft, type Component } from './types.js';
import { openMsg, type LogrusLine } from './logrus.js';

const ID = '([0-9a-f]{64})';
// RunPodSandbox's metadata is `%+v` of the CRI proto: gogo `&PodSandboxMetadata{Name:web-0,Uid:…,Namespace:default,Attempt:0,}`
// (1.4–1.6), protobuf-go text `name:"web-0"  uid:"…"  namespace:"default"` (1.7+, spacing varies by build).
// 1.4 and 1.5 spell the entry line "RunPodsandbox" (fixed in containerd#6419, first in 1.6.0).
const RUN = /^RunPod[sS]andbox for (.*?)(?: (returns sandbox id "([0-9a-f]{64})"|failed, error))?$/s;
const STOP = new RegExp(`^StopPodSandbox for "${ID}"(?: (returns successfully|failed))?$`);
const REMOVE = new RegExp(`^RemovePodSandbox (?:for "${ID}"(?: (failed))?|"${ID}" returns successfully)$`);
// The entry and success lines of StopPodSandbox and RemovePodSandbox with the ID prefix crictl sent (1–63 hex).
const SHORT = /^(StopPodSandbox for|RemovePodSandbox(?: for)?) "([0-9a-f]{1,63})"( returns successfully)?$/;
// sandbox_stop.go stopPodSandbox.
const TEARDOWN_OK = new RegExp(`^TearDown network for sandbox "${ID}" successfully`);
const TEARDOWN_FAILED = new RegExp(`failed to destroy network for sandbox "${ID}"`);
// The same calls with the error inline, through logrus: Pouch's CRI manager copied cri-containerd's glog wording
// (components/cri-containerd.ts) into logrus.Errorf("StopPodSandbox for %q failed, error: %v", …) (alibaba/pouch
// daemon/mgr/cri_wrapper.go:52,66,80 in 0.3.0–0.4.0, cri/v1alpha1/cri_wrapper.go:52,66,80 in 0.5.0–1.0.0.rc1); its
// success lines are containerd's own words, read above with them. containerd never logs this form.
const INLINE_ERROR = new RegExp(`^(?:RunPodSandbox for (.*?)|StopPodSandbox for "${ID}"|RemovePodSandbox for "${ID}") failed, error: (.*)$`, 's');

/** Pouch's `<call> failed, error: <err>` (INLINE_ERROR): the kinds of containerd's own failure lines. */
function inlineError(input: Parameters<Component['recognize']>[0], m: RegExpExecArray): ReturnType<Component['recognize']> {
  const error = m[4]!;
  if (m[1] !== undefined) return [draft(input, 'sandbox.setup.failed', [/sandbox \\?"([0-9a-f]{64})\\?"/.exec(error)?.[1]], { pod: podOfMetadata(m[1]), error, via: 'pouch' })];
  if (m[3] !== undefined) return [draft(input, 'sandbox.remove.failed', [m[3]], { error, via: 'pouch' })];
  const torn = TEARDOWN_FAILED.exec(error);
  return torn ? [draft(input, 'sandbox.teardown.failed', [torn[1]], { error, via: 'pouch' })] : [draft(input, 'sandbox.stop.failed', [m[2]], { error, via: 'pouch' })];
}

/** `namespace/name` of the pod in RunPodSandbox's metadata, in either proto rendering; null when neither is there. */
export function podOfMetadata(meta: string): string | null {
  const gogo = /\bName:([^,]*),.*\bNamespace:([^,]*),/s.exec(meta);
  if (gogo) return `${gogo[2]}/${gogo[1]}`;
  const name = /\bname:"((?:[^"\\]|\\.)*)"/.exec(meta)?.[1];
  const ns = /\bnamespace:"((?:[^"\\]|\\.)*)"/.exec(meta)?.[1];
  return name !== undefined && ns !== undefined ? `${ns}/${name}` : null;
}

function sandboxCall(input: Parameters<Component['recognize']>[0], l: LogrusLine): ReturnType<Component['recognize']> {
  // A msg the pager chopped (formats/_cut-readable.ts lets only level=error RunPodSandbox through) never closed.
  const msg = l.msg === '' && l.level === 'error' ? (openMsg(input.rec.message) ?? '') : l.msg;
  const error = l.fields.error ?? null;
  let m = INLINE_ERROR.exec(msg);
  if (m) return inlineError(input, m);
  m = RUN.exec(msg);
  if (m) {
    const pod = podOfMetadata(m[1]!);
    if (m[3]) return [draft(input, 'sandbox.started', [m[3]], { pod, via: 'containerd-cri' })];
    // The failed sandbox's ID, when it got one, is only in the error: `failed to setup network for sandbox "<id>"`.
    if (m[2]) return [draft(input, 'sandbox.setup.failed', [/sandbox \\?"([0-9a-f]{64})\\?"/.exec(error ?? '')?.[1]], { pod, error, via: 'containerd-cri' })];
    // The same failure with its end chopped by a pager before "failed, error" (formats/_cut-readable.ts): the entry and
    // the success are logged at info, the failure alone at error (log.G(ctx).WithError(err).Errorf), so the level says it.
    if (l.level === 'error') return [draft(input, 'sandbox.setup.failed', [], { pod, error, via: 'containerd-cri', cut: true })];
    // The entry line names no sandbox yet; its outcome ("returns sandbox id" or "failed") follows it.
    return [];
  }
  m = STOP.exec(msg);
  if (m) {
    if (m[2] === 'returns successfully') return [draft(input, 'sandbox.stopped', [m[1]], { via: 'containerd-cri' })];
    if (m[2] === 'failed') {
      // instrumented_service.go: `StopPodSandbox for "<id>" failed` with error="failed to destroy network for sandbox …".
      const torn = TEARDOWN_FAILED.exec(error ?? '');
      if (torn) return [draft(input, 'sandbox.teardown.failed', [torn[1]], { error })];
      return [draft(input, 'sandbox.stop.failed', [m[1]], { error, via: 'containerd-cri' })];
    }
    return [draft(input, 'sandbox.teardown.start', [m[1]], { via: 'containerd-cri' })];
  }
  // The same failure quoted with the msg's ID shortened by the poster (`StopPodSandbox for "3...a" failed`, the
  // Kubernetes documentation's `for "b"`): the error still names the sandbox whose network was not destroyed, whole.
  if (msg.startsWith('StopPodSandbox for "') && msg.endsWith('" failed')) {
    const torn = TEARDOWN_FAILED.exec(error ?? '');
    if (torn) return [draft(input, 'sandbox.teardown.failed', [torn[1]], { error })];
    // The msg prints the ID as the caller sent it (r.GetPodSandboxId()), and `crictl stopp 0c835ddfd2570` sends a
    // prefix, which containerd resolves; its error then names the sandbox whole (`failed to stop sandbox container
    // "<id>": …`, sandbox_stop.go). That ID is the sandbox's only when it extends the prefix and is the one named.
    const short = /^StopPodSandbox for "([0-9a-f]{1,63})" failed$/.exec(msg)?.[1];
    if (short !== undefined) {
      const whole = new Set([...(error ?? '').matchAll(/[0-9a-f]{64}/g)].map((x) => x[0]).filter((x) => x.startsWith(short)));
      return whole.size === 1 ? [draft(input, 'sandbox.stop.failed', [...whole], { error, via: 'containerd-cri' })] : [draft(input, 'sandbox.stop.failed', [], { error, via: 'containerd-cri' }, [short])];
    }
  }
  // crictl (`stopp`, `rmp`) sends an ID prefix, which containerd resolves, and instrumented_service prints the request's
  // ID as sent (r.GetPodSandboxId()): `RemovePodSandbox "16" returns successfully` (google/gvisor#10997). The call
  // is what it says; the sandbox is named by its prefix only, kept as one.
  const short = SHORT.exec(msg);
  if (short) {
    const [, call, prefix, done] = short;
    if (call!.startsWith('RemovePodSandbox')) return done ? [draft(input, 'sandbox.removed', [], { via: 'containerd-cri' }, [prefix!])] : [];
    return [draft(input, done ? 'sandbox.stopped' : 'sandbox.teardown.start', [], { via: 'containerd-cri' }, [prefix!])];
  }
  m = REMOVE.exec(msg);
  if (m) {
    if (m[3]) return [draft(input, 'sandbox.removed', [m[3]], { via: 'containerd-cri' })];
    if (m[2]) return [draft(input, 'sandbox.remove.failed', [m[1]], { error, via: 'containerd-cri' })];
    // The entry line says nothing its outcome does not: "returns successfully" or "failed" follows it.
    return [];
  }
  m = TEARDOWN_OK.exec(msg);
  if (m) return [draft(input, 'sandbox.teardown.done', [m[1]], { via: 'containerd-cri' })];
  // sandbox_run.go: the deferred cleanup of a failed RunPodSandbox, `Failed to destroy network for sandbox "<id>"`.
  // Anchored: the phrase inside another call's message (Pouch's inline errors above) is that call's.
  m = /^[Ff]ailed to destroy network for sandbox "([0-9a-f]{64})"/.exec(msg);
  if (m) return [draft(input, 'sandbox.teardown.failed', [m[1]], { error })];
  return [];
}

export const containerd: Component = {
  id: 'containerd',
  // Not read (docs/catalogue.md "Not read"): "Container to stop <id> must be in running or unknown state"
  // (container_stop.go), StopContainer on an app container that had already exited — routine on every pod stop, not
  // a failure, and nothing about the sandbox; the v2 shim's "starting signal loop" (info 1.4–1.6) and the v1 "shim
  // containerd-shim started", once per task start: the sandbox calls already date a sandbox's start.
  gate: {
    body: 'logrus',
    keywords: ['shim disconnected', 'shim reaped', 'cleaning up after shim dead', 'cleaning up after killed shim', 'starting containerd', 'successfully booted', 'Stop CRI service', 'stopping containerd after receiving ', 'PodSandbox', 'RunPodsandbox', 'network for sandbox'],
  },
  // Quoted alone (formats/_lone-message.ts): the CRI sandbox calls of instrumented_service.go and sandbox_stop.go and
  // the shim's exit, each with a whole sandbox or task ID; no other program prints these words around a 64-hex ID.
  alone: [
    /^(?:StopPodSandbox for|RemovePodSandbox(?: for)?) "[0-9a-f]{64}"(?: |$)/,
    /^RunPod[sS]andbox for .+ returns sandbox id "[0-9a-f]{64}"$/,
    /^(?:TearDown network for sandbox "[0-9a-f]{64}" successfully|Failed to destroy network for sandbox "[0-9a-f]{64}")(?: |$)/,
    /^(?:shim disconnected|shim reaped|cleaning up after shim disconnected) +id=[0-9a-f]{64}(?: |$)/,
  ],
  recognize(input) {
    const l = input.logrus;
    if (!l) return [];
    const msg = l.msg;
    const id = l.fields.id;
    // core/runtime/v2/shim_manager.go: logged when the shim's ttrpc connection closes — every exit.
    if (msg === 'shim disconnected') return [draft(input, 'shim.disconnected', [id], { namespace: l.fields.namespace ?? null })];
    // runtime/v1/linux/runtime.go (io.containerd.runtime.v1.linux, 1.0–1.7; docker ≤ 19.03): the v1 shim exited.
    if (msg === 'shim reaped') return [draft(input, 'shim.disconnected', [id], { namespace: l.fields.namespace ?? null, runtime: 'io.containerd.runtime.v1.linux' })];
    if (msg === 'cleaning up after shim disconnected') return [draft(input, 'shim.cleanup', [id], { namespace: l.fields.namespace ?? null })];
    // runtime/v1/linux/runtime.go: the v1 shim's twin of the line above, after its "shim reaped" when the task was
    // still registered (the shim died under it; containerd then publishes a synthetic exit): cleanupAfterDeadShim's
    // "cleaning up after shim dead" (1.3–1.7), the exit handler's "cleaning up after killed shim" before it (1.0–1.2,
    // docker 17.12–19.03's docker-containerd). A normal v1 exit prints "shim reaped" alone.
    if (msg === 'cleaning up after shim dead' || msg === 'cleaning up after killed shim')
      return [draft(input, 'shim.cleanup', [id], { namespace: l.fields.namespace ?? null, runtime: 'io.containerd.runtime.v1.linux' })];
    // cmd/containerd/command/main.go: WithFields{"version", "revision"}.Info("starting containerd") (1.0–2.2).
    if (msg === 'starting containerd') return [draft(input, 'daemon.starting', [], l.fields.version ? { daemon: 'containerd', via: 'self', version: l.fields.version, revision: l.fields.revision ?? null } : { daemon: 'containerd', via: 'self' })];
    if (msg.startsWith('containerd successfully booted')) return [draft(input, 'daemon.started', [], { daemon: 'containerd', via: 'self' })];
    if (msg === 'Stop CRI service') return [draft(input, 'daemon.stopping', [], { daemon: 'containerd', via: 'self' })];
    // containerd 0.2 (docker 1.11–1.13's docker-containerd, its lines in dockerd's stream): containerd/main.go
    // logrus.Infof("stopping containerd after receiving %s", ss) on SIGTERM/SIGINT (`main.go:131` v0.2.0, `:214` v0.2.9).
    // 1.0+ log the signal at debug only ("received signal") and say "Stop CRI service" above.
    if (msg.startsWith('stopping containerd after receiving ')) return [draft(input, 'daemon.stopping', [], { daemon: 'containerd', via: 'self', signal: msg.slice(36) })];
    return sandboxCall(input, l);
  },
};
