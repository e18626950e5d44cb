// kubelet (klog): pod sync, PLEG and the CRI errors that carry sandbox IDs (catalogue §5, §9.4), in the structured
// wording (InfoS/ErrorS, Kubernetes ≥ 1.21) and the printf wording before it, with or without the klog header.

import { klogMessage, klogValue } from './klog.js';
import { draft, type Component, type ComponentInput } from './types.js';
import type { EventDraft } from '../formats/types.js';
import type { EventKind } from '../events/vocabulary.js';

const ID64 = /[0-9a-f]{64}/;
// err texts returned by cri-dockerd: `failed to set up sandbox container "<id>" network`, `…clean up…`, `…stop…`.
// CRI-O: `failed to stop infra container for pod sandbox <id>: …`; CRI-O 1.0 (server/sandbox_run.go):
// `failed to create network for container <name> in sandbox <id>: …` (openshift/openshift-ansible#4763); CRI-O 1.9+
// (server/sandbox_network.go networkStart/networkStop): `failed to create pod network sandbox <name>(<id>): …`,
// `failed to get network status for pod sandbox <name>(<id>): …`, `failed to destroy network for pod sandbox
// <name>(<id>): …`, the name being `k8s_<pod>_<namespace>_<uid>_<attempt>` (kumahq/kuma#2174).
// The quotes come escaped once per level of quoting they went through (an err= inside a KillPodSandboxError inside
// an err= prints `\\\"`), and a value a pager cut keeps its escapes: any run of backslashes before the quote.
const ERR_SANDBOX = /(?:sandbox container|sandbox) \\*"([0-9a-f]{64})\\*"|(?:pod|in) sandbox ([0-9a-f]{64})\b|pod (?:network )?sandbox k8s_[^\s()]+\(([0-9a-f]{64})\)/g;

/** A klog message and what follows it. */
interface Said {
  msg: string;
  rest: string;
  quoted: boolean;
}

function pods(value: string | null): string[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return value.replace(/^\[|\]$/g, '').split(/[,\s]+/).filter(Boolean);
  }
}

/** `podSandboxID={"Type":"docker","ID":"<id>"}` (klog ≥ 2.100) or `{Type:docker ID:<id>}` (older), or a plain string. */
function sandboxIdOf(value: string | null): string | null {
  if (!value) return null;
  return ID64.exec(value)?.[0] ?? null;
}

function errSandboxIds(err: string | null): string[] {
  if (!err) return [];
  return [...new Set([...err.matchAll(ERR_SANDBOX)].map((m) => (m[1] ?? m[2] ?? m[3])!))];
}

/**
 * The hex of a container ID as kubelet prints it (`docker://<id>`, `containerd://<id>`, `cri-o://<id>`, bare, or
 * dockertools' `<id> <namespace>/<pod>` before 1.6): full ID and prefix. The scheme is the CRI runtime's own name
 * (pkg/kubelet/container/runtime.go `ContainerID.String()`: `fmt.Sprintf("%s://%s", c.Type, c.ID)`, Type =
 * `VersionResponse.RuntimeName`): "docker" (dockershim, cri-dockerd), "containerd", "cri-o" (cri-o
 * server/version.go `containerName`), "rkt", … — any URL scheme, hyphen and dot included, since kubelet itself only
 * splits on "://".
 */
function containerIds(cid: string): { full: string | null; prefixes: string[] } {
  const hex = /^(?:[A-Za-z][\w+.-]*:\/\/)?([0-9a-f]{12,64})(?:\s|$)/.exec(cid)?.[1] ?? null;
  const full = hex && hex.length === 64 ? hex : null;
  return { full, prefixes: hex && !full ? [hex] : [] };
}

/** format.Pod / format.Pods (printf kubelet): `name_namespace(uid)`, joined by ", " → `namespace/name`. */
function podsOfFormat(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/([^\s,()]+?)_([^\s,()_]+)\(([0-9a-f-]*)\)/g)) out.push(`${m[2]}/${m[1]}`);
  return out;
}

/** kubeletUtil.FormatPodNames (≤ 1.2): `name_namespace` joined by ", " → `namespace/name`. */
function podNames(text: string): string[] {
  return text === '' ? [] : text.split(', ').map(fullName);
}

/** kubecontainer.GetPodFullName, `<name>_<namespace>` → `namespace/name` (as it is when it has no `_`). */
function fullName(text: string): string {
  const full = /^(.*)_([^_]*)$/.exec(text);
  return full ? `${full[2]}/${full[1]}` : text;
}

const SYNC_KINDS: Record<string, EventKind | undefined> = { ADD: 'pod.added', DELETE: 'pod.deleted', REMOVE: 'pod.removed' };

function pleg(input: ComponentInput, pod: string | null, ev: string): EventDraft[] {
  const type = /"?Type"?:"?(\w+)/.exec(ev)?.[1] ?? null;
  const data = /"?Data"?:"?([0-9a-f]{64})/.exec(ev)?.[1] ?? null;
  const uid = /"?ID"?:"?([0-9a-f-]{36})/.exec(ev)?.[1] ?? null;
  return [draft(input, 'pod.pleg', [data], { pod, type, podUid: uid })];
}

function setupFailed(input: ComponentInput, pod: string | null, err: string | null): EventDraft[] {
  const named = errSandboxIds(err);
  return [draft(input, 'sandbox.setup.failed', named.length > 0 ? named : setupTaskIds(err), { pod, error: err, via: 'kubelet' })];
}

/**
 * A sandbox's creation fails in containerd's task of its own container (the pause container, whose ID is the
 * sandbox's): runc's error names the task's state folder, `/run/containerd/io.containerd.runtime.v2.task/<namespace>/
 * <id>/` (`…v1.linux/…` for the v1 shim). One such ID in a set-up failure is the sandbox's (kubernetes-sigs/kubespray#10268).
 */
function setupTaskIds(err: string | null): string[] {
  if (!err) return [];
  const ids = new Set([...err.matchAll(TASK_DIR)].map((m) => m[1]!));
  return ids.size === 1 ? [...ids] : [];
}
const TASK_DIR = /\/io\.containerd\.runtime\.v(?:2\.task|1\.linux)\/[\w.-]+\/([0-9a-f]{64})\//g;

function stopFailed(input: ComponentInput, s: Said): EventDraft[] {
  const err = klogValue(s.rest, 'err');
  // The key/values after err= are gone when a pager cut the line (`journalctl -xe` ends it with '>'); the err text
  // still names the sandbox whose stop failed (`failed to destroy network for sandbox "<id>"`), whole.
  const id = sandboxIdOf(klogValue(s.rest, 'podSandboxID')) ?? sandboxIdOf(klogValue(s.rest, 'sandboxID'));
  const ids = id !== null ? [id] : errSandboxIds(err).slice(0, 1);
  return [draft(input, 'sandbox.stop.failed', ids, { pod: klogValue(s.rest, 'pod'), error: err, via: 'kubelet' })];
}

function removeFailed(input: ComponentInput, s: Said): EventDraft[] {
  const given = klogValue(s.rest, 'podSandboxID') ?? klogValue(s.rest, 'sandboxID');
  const err = klogValue(s.rest, 'err');
  const id = sandboxIdOf(given) ?? extended(given, err);
  return [draft(input, 'sandbox.remove.failed', [id], { error: err, via: 'kubelet' })];
}

/**
 * The whole ID of a sandbox named by a prefix (`crictl rmp 72d5ec47717f6`: cri-tools' CRI client logs the ID as given,
 * podSandboxID="72d5ec47717f6") when the runtime's error names it whole (`failed to forcibly stop sandbox "<id>"`,
 * containerd#8774): the one 64-hex ID in err that extends the prefix; none when there are several or none.
 */
function extended(prefix: string | null, err: string | null): string | null {
  if (prefix === null || err === null || !/^[0-9a-f]{4,63}$/.test(prefix)) return null;
  const whole = new Set([...err.matchAll(/[0-9a-f]{64}/g)].map((x) => x[0]).filter((x) => x.startsWith(prefix)));
  return whole.size === 1 ? [...whole][0]! : null;
}

/**
 * A pod sync that failed on its sandbox (container/sync_result.go: `failed to "KillPodSandbox" for …` or
 * `failed to "CreatePodSandbox" for …`): the network teardown or the stop of the sandbox the error names (a teardown
 * naming none is attributed later to the only candidate), or its creation. Other sync errors say nothing.
 */
function syncFailed(input: ComponentInput, pod: string | null, err: string | null): EventDraft[] {
  if (!err) return [];
  if (err.includes('"KillPodSandbox"')) {
    // The CNI DEL failed: dockershim/cri-dockerd say `failed to teardown pod`, containerd `failed to destroy network for
    // sandbox`, CRI-O `failed to destroy network for pod sandbox`.
    const kind = /failed to teardown pod|failed to destroy network for (?:pod )?sandbox/i.test(err) ? 'sandbox.teardown.failed' : 'sandbox.stop.failed';
    return [draft(input, kind, errSandboxIds(err), { pod, error: err, via: 'kubelet' })];
  }
  if (err.includes('"CreatePodSandbox"')) return setupFailed(input, pod, err);
  // kubelet.go syncPod (1.6+): `return fmt.Errorf("%s: %v", NetworkNotReadyErrorMsg, err)` with NetworkNotReadyErrorMsg
  // "network is not ready", when the runtime's network is down and the pod is not host-network: the sync stopped there.
  if (err.startsWith('network is not ready:')) return [draft(input, 'network.notready', [], { pod, reason: err.slice(21).trim(), via: 'kubelet' })];
  return dockertoolsSyncFailed(input, pod, err);
}

/**
 * The sync results of dockertools (the kubelet's docker runtime before the CRI, ≤ 1.5; docker_manager.go SyncPod): the
 * infra container is the sandbox, its result named after PodInfraContainerName "POD", so `failed to "StartContainer"
 * for "POD" with …` is its creation failing, and `failed to "SetupNetwork" for …` its CNI ADD (kubecontainer
 * sync_result.go SyncAction names). `"TeardownNetwork"` is its CNI DEL failing: KillPod's teardownNetworkResult
 * (docker_manager.go, 1.2–1.5; kuberuntime's killPodWithSyncResult logged it too in 1.5, before the CRI moved the DEL
 * into the runtime), whose message `Failed to teardown network for pod "<uid or pod>" using network plugins "<name>":
 * <err>` names the pod, never the infra container: the event names no sandbox.
 */
function dockertoolsSyncFailed(input: ComponentInput, pod: string | null, err: string): EventDraft[] {
  if (err.includes('failed to "StartContainer" for "POD" with ') || err.includes('failed to "SetupNetwork" for "'))
    return [draft(input, 'sandbox.setup.failed', [infraIdOf(err)], { pod, error: err, via: 'dockertools' })];
  if (err.includes('failed to "TeardownNetwork" for "')) return [draft(input, 'sandbox.teardown.failed', [], { pod, error: err, via: 'dockertools' })];
  return [];
}

/**
 * The infra container a dockertools set-up error names: dockertools rewrites the resolv.conf of the container it has
 * just created only for the infra container (docker_manager.go runContainerInPod: `if container.Name ==
 * PodInfraContainerName { … rewriteResolvFile(containerInfo.ResolvConfPath, …) }`), so an error on
 * `…/containers/<id>/resolv.conf` is about that container, whole.
 */
function infraIdOf(err: string): string | null {
  return /\/containers\/([0-9a-f]{64})\/resolv\.conf/.exec(err)?.[1] ?? null;
}

type Structured = (input: ComponentInput, s: Said) => EventDraft[];

/** dockershim's structured CNI lines (1.21–1.23): the sandbox, pod and network they name. */
function dockershimNetwork(input: ComponentInput, s: Said, kind: EventKind): EventDraft[] {
  const attrs = { pod: klogValue(s.rest, 'pod'), plugin: klogValue(s.rest, 'networkType'), network: klogValue(s.rest, 'networkName'), via: 'dockershim' };
  const err = klogValue(s.rest, 'err');
  return [draft(input, kind, [sandboxIdOf(klogValue(s.rest, 'podSandboxID'))], err !== null ? { ...attrs, error: err } : attrs)];
}

const sync =
  (verb: string): Structured =>
  (input, s) =>
    [draft(input, SYNC_KINDS[verb]!, [], { pods: pods(klogValue(s.rest, 'pods')), source: klogValue(s.rest, 'source') })];
/** The kubelet's own version line. */
function versionSeen(input: ComponentInput, version: string | null): EventDraft[] {
  return version ? [draft(input, 'version.seen', [], { software: 'kubelet', version, via: 'self' })] : [];
}
/** The kubelet's own start line; systemd's job lines for its unit are systemd's (components/systemd.ts). */
function started(input: ComponentInput, version: string | null): EventDraft[] {
  const ident = input.rec.ident;
  if (ident === 'systemd' || ident === 'init') return [];
  return [draft(input, 'daemon.started', [], version ? { daemon: 'kubelet', via: 'self', version } : { daemon: 'kubelet', via: 'self' })];
}
const needed: Structured = (input, s) => [draft(input, 'sandbox.needed', [], { pod: klogValue(s.rest, 'pod') })];
const runFailed: Structured = (input, s) => setupFailed(input, klogValue(s.rest, 'pod'), klogValue(s.rest, 'err'));

/**
 * Structured messages (klog InfoS/ErrorS, Kubernetes ≥ 1.21), each with its reader. The gate passes a quoted
 * message only when it is a key here, so what is read and what the gate lets through are one list.
 */
const STRUCTURED: ReadonlyMap<string, Structured> = new Map<string, Structured>([
  // pkg/kubelet/kubelet.go syncLoopIteration, V(2) (1.21+).
  ['SyncLoop ADD', sync('ADD')],
  ['SyncLoop DELETE', sync('DELETE')],
  ['SyncLoop REMOVE', sync('REMOVE')],
  ['SyncLoop (PLEG): event for pod', (input, s) => pleg(input, klogValue(s.rest, 'pod'), klogValue(s.rest, 'event') ?? '')],
  // pkg/kubelet/kuberuntime/kuberuntime_container.go killContainer, V(2).
  [
    'Killing container with a grace period',
    (input, s) => {
      const { full, prefixes } = containerIds(klogValue(s.rest, 'containerID') ?? '');
      return [draft(input, 'container.kill.start', [full], { pod: klogValue(s.rest, 'pod'), container: klogValue(s.rest, 'containerName') }, prefixes)];
    },
  ],
  // kuberuntime_container.go killContainer, V(3), when the caller overrides the pod's grace period (eviction, a
  // pod deleted with --grace-period, the pod worker's terminating path): logged before "Killing container with a
  // grace period" (1.21+).
  [
    'Killing container with a grace period override',
    (input, s) => {
      const { full, prefixes } = containerIds(klogValue(s.rest, 'containerID') ?? '');
      return [draft(input, 'container.kill.start', [full], { pod: klogValue(s.rest, 'pod'), container: klogValue(s.rest, 'containerName'), override: true }, prefixes)];
    },
  ],
  // kuberuntime_manager.go podSandboxChanged.
  ['No sandbox for pod can be found. Need to start a new one', needed],
  ['No ready sandbox for pod can be found. Need to start a new one', needed],
  // The same function's reason for a new sandbox when the sandbox of a pod that is not host-network has no IP (its
  // CNI ADD never completed), 1.21+. Its twin "Sandbox for pod has changed. Need to start a new one" (the network
  // namespace mode changed) is not read: no printed line of it was found.
  ['Sandbox for pod has no IP address. Need to start a new one', needed],
  // kuberuntime_manager.go SyncPod, V(4) (1.21+): RunPodSandbox returned this sandbox, the kubelet's twin of
  // containerd's "returns sandbox id" line; podSandboxID is the runtime's ID, whole.
  [
    'Created PodSandbox for pod',
    (input, s) => [draft(input, 'sandbox.started', [sandboxIdOf(klogValue(s.rest, 'podSandboxID')) ?? sandboxIdOf(klogValue(s.rest, 'sandboxID'))], { pod: klogValue(s.rest, 'pod'), via: 'kubelet' })],
  ],
  // cri-client remote_runtime.go (pkg/kubelet/cri/remote before 1.26) and kuberuntime_sandbox.go / _manager.go.
  ['RunPodSandbox from runtime service failed', runFailed],
  ['Failed to create sandbox for pod', runFailed],
  ['CreatePodSandbox for pod failed', runFailed],
  ['StopPodSandbox from runtime service failed', stopFailed],
  ['Failed to stop sandbox', stopFailed],
  // dockershim, structured from 1.21 to its removal in 1.24 (kubernetes 77e9246 "Structured Logging migration: modify
  // dockershim and network part logs of kubelet"), the twins of the printf lines below: network/plugins.go
  // PluginManager.TearDownPod V(3), network/cni/cni.go deleteFromNetwork V(4) and addToNetwork, docker_sandbox.go
  // StopPodSandbox. podSandboxID is the kubecontainer.ContainerID struct, `{Type:docker ID:<id>}`.
  ['Calling network plugin to tear down the pod', (input, s) => [draft(input, 'sandbox.teardown.start', [], { pod: klogValue(s.rest, 'pod'), plugin: klogValue(s.rest, 'networkPluginName'), via: 'dockershim' })]],
  ['Deleting pod from network', (input, s) => dockershimNetwork(input, s, 'sandbox.teardown.start')],
  ['Deleted pod from network', (input, s) => dockershimNetwork(input, s, 'sandbox.teardown.done')],
  ['Error deleting pod from network', (input, s) => dockershimNetwork(input, s, 'sandbox.teardown.failed')],
  ['Error adding pod to network', (input, s) => dockershimNetwork(input, s, 'sandbox.setup.failed')],
  [
    'Both sandbox container and checkpoint could not be found. Proceed without further sandbox information.',
    (input, s) => [draft(input, 'sandbox.teardown.blind', [sandboxIdOf(klogValue(s.rest, 'podSandboxID'))], { via: 'dockershim' })],
  ],
  // kuberuntime_gc.go removeSandbox: StopPodSandbox before RemovePodSandbox.
  ['Failed to stop sandbox before removing', stopFailed],
  ['RemovePodSandbox from runtime service failed', removeFailed],
  ['Failed to remove sandbox', removeFailed],
  // kubelet_pods.go podKiller (1.21 only; the pod lifecycle rework of 1.22 removed it).
  ['Killing unwanted pod', (input, s) => [draft(input, 'pod.kill.start', [], { pod: klogValue(s.rest, 'podName') })]],
  // pod_workers.go.
  ['Error syncing pod, skipping', (input, s) => syncFailed(input, klogValue(s.rest, 'pod'), klogValue(s.rest, 'err'))],
  // kuberuntime_manager.go SyncPod: klog.ErrorS(err, "killPodWithSyncResult failed").
  ['killPodWithSyncResult failed', (input, s) => syncFailed(input, null, klogValue(s.rest, 'err'))],
  // cmd/kubelet/app/server.go Run: klog.InfoS("Kubelet version", "kubeletVersion", version.Get()) (1.21+).
  ['Kubelet version', (input, s) => versionSeen(input, klogValue(s.rest, 'kubeletVersion'))],
  // cmd/kubelet/app/server.go RunKubelet, once startKubelet has launched the sync loop and the servers:
  // klog.InfoS("Started kubelet") (1.21+; "Started kubelet as runonce" is the run-once mode, no daemon).
  ['Started kubelet', (input) => started(input, null)],
  // kubelet.go updateRuntimeUp.
  ['Container runtime network not ready', (input, s) => [draft(input, 'network.notready', [], { reason: klogValue(s.rest, 'networkReady') })]],
]);

interface Printf {
  /** The format's fixed start: the gate passes an unquoted message only when it starts with one of these. */
  prefix: string;
  pattern: RegExp;
  read(input: ComponentInput, m: RegExpExecArray): EventDraft[];
}

/**
 * printf-style messages (klog.Infof/Errorf), Kubernetes ≤ 1.20 and dockershim (≤ 1.23). Patterns cite the
 * format string; `%q` of a pod is format.Pod, `name_namespace(uid)`.
 */
const PRINTF: readonly Printf[] = [
  {
    // kubelet.go syncLoopIteration: klog.V(2).Infof("SyncLoop (ADD, %q): %q", u.Source, format.Pods(u.Pods)) (1.2–1.20);
    // before the source was logged (1.1, 1.2 alphas) glog.V(2).Infof("SyncLoop (REMOVE): %q",
    // kubeletUtil.FormatPodNames(u.Pods)), the pods as "name_namespace" with no UID (kubernetes#20379).
    prefix: 'SyncLoop (',
    pattern: /^SyncLoop \((ADD|DELETE|REMOVE)(?:, "(\w*)")?\): "(.*)"$/s,
    read: (input, m) => [draft(input, SYNC_KINDS[m[1]!]!, [], { pods: m[2] === undefined ? podNames(m[3]!) : podsOfFormat(m[3]!), source: m[2] ?? null })],
  },
  {
    // kubelet.go syncLoopIteration: klog.V(2).Infof("SyncLoop (PLEG): %q, event: %#v", format.Pod(pod), e) (1.5–1.20).
    prefix: 'SyncLoop (PLEG): "',
    pattern: /^SyncLoop \(PLEG\): "(.*?)", event: (&pleg\.PodLifecycleEvent\{.*\})/s,
    read: (input, m) => pleg(input, podsOfFormat(m[1]!)[0] ?? null, m[2]!),
  },
  {
    // The same line cut at the terminal's width after the event's Data (formats/_cut-readable.ts lets such a line through):
    // Type and the ID whole, the rest gone.
    prefix: 'SyncLoop (PLEG): "',
    pattern: /^SyncLoop \(PLEG\): "(.*?)", event: (&pleg\.PodLifecycleEvent\{ID:"[0-9a-f-]+", Type:"\w+", Data:"[0-9a-f]{64}(?![0-9a-f]))/s,
    read: (input, m) => pleg(input, podsOfFormat(m[1]!)[0] ?? null, m[2]!),
  },
  {
    // kubelet.go syncLoopIteration: klog.V(4).Infof("SyncLoop (PLEG): ignore irrelevant event: %#v", e) (1.2–1.20): a
    // PLEG event of a pod the kubelet no longer has; the container's death is still dated by it.
    prefix: 'SyncLoop (PLEG): ignore irrelevant event: ',
    pattern: /^SyncLoop \(PLEG\): ignore irrelevant event: (&pleg\.PodLifecycleEvent\{.*\})/s,
    read: (input, m) => pleg(input, null, m[1]!),
  },
  {
    // kuberuntime_container.go killContainer: klog.V(2).Infof("Killing container %q with %d second grace period", containerID.String(), gracePeriod) (1.5–1.20).
    prefix: 'Killing container "',
    pattern: /^Killing container "([^"]*)" with (\d+) second grace period/,
    read: (input, m) => {
      const { full, prefixes } = containerIds(m[1]!);
      return [draft(input, 'container.kill.start', [full], { gracePeriod: Number(m[2]) }, prefixes)];
    },
  },
  {
    // The same line (dockertools or kuberuntime) cut by its poster at the terminal width, no marker, after the ID: the
    // name dockertools quotes is `<id>[ <container>][ <namespace>/<pod>]` (docker_manager.go killContainer) and
    // kuberuntime's `<runtime>://<id>`; no other kubelet message starts `Killing container "<id>`, so a whole ID
    // followed by its quote or a blank is this kill whatever was cut after it (kubernetes#46349). A cut ID is none.
    prefix: 'Killing container "',
    pattern: /^Killing container "((?:[A-Za-z][\w+.-]*:\/\/)?[0-9a-f]{64})(?:"|\s)/,
    read: (input, m) => {
      const { full, prefixes } = containerIds(m[1]!);
      return [draft(input, 'container.kill.start', [full], { gracePeriod: null, cut: true }, prefixes)];
    },
  },
  {
    // kuberuntime_container.go killContainer: klog.V(3).Infof("Killing container %q, but using %d second grace period
    // override", containerID, gracePeriod): the ContainerID struct under %q, `{"docker" "<id>"}` (1.6–1.20).
    prefix: 'Killing container {"',
    pattern: /^Killing container \{"[\w.-]+" "([0-9a-f]{64})"\}, but using (\d+) second grace period override/,
    read: (input, m) => [draft(input, 'container.kill.start', [m[1]], { gracePeriod: Number(m[2]), override: true })],
  },
  {
    // kubelet_pods.go podKiller: klog.V(2).Infof("Killing unwanted pod %q", runningPod.Name) (1.2–1.21).
    prefix: 'Killing unwanted pod "',
    pattern: /^Killing unwanted pod "([^"]*)"/,
    read: (input, m) => [draft(input, 'pod.kill.start', [], { pod: m[1]! })],
  },
  {
    // kuberuntime_manager.go podSandboxChanged: klog.V(2).Infof("No sandbox for pod %q can be found. Need to start a new one", format.Pod(pod)) (1.6–1.20).
    prefix: 'No sandbox for pod "',
    pattern: /^No sandbox for pod "(.*)" can be found\. Need to start a new one/,
    read: (input, m) => [draft(input, 'sandbox.needed', [], { pod: podsOfFormat(m[1]!)[0] ?? m[1]! })],
  },
  {
    // The same line (and its "No ready sandbox" twin below) cut at the terminal's width: the first words are the
    // message's alone (formats/_cut-readable.ts), the pod named only when its closing quote survived the cut.
    prefix: 'No sandbox for pod "',
    pattern: /^No sandbox for pod "(?:([^"]*)")?/,
    read: (input, m) => [draft(input, 'sandbox.needed', [], { pod: m[1] === undefined ? null : (podsOfFormat(m[1])[0] ?? m[1]), cut: true })],
  },
  {
    prefix: 'No ready sandbox for pod "',
    pattern: /^No ready sandbox for pod "(.*)" can be found\. Need to start a new one/,
    read: (input, m) => [draft(input, 'sandbox.needed', [], { pod: podsOfFormat(m[1]!)[0] ?? m[1]! })],
  },
  {
    prefix: 'No ready sandbox for pod "',
    pattern: /^No ready sandbox for pod "(?:([^"]*)")?/,
    read: (input, m) => [draft(input, 'sandbox.needed', [], { pod: m[1] === undefined ? null : (podsOfFormat(m[1])[0] ?? m[1]), cut: true })],
  },
  {
    // kuberuntime_manager.go podSandboxChanged: klog.V(2).Infof("Sandbox for pod %q has no IP address.  Need to start a
    // new one", format.Pod(pod)) (two spaces, 1.7–1.20).
    prefix: 'Sandbox for pod "',
    pattern: /^Sandbox for pod "(.*)" has no IP address\. +Need to start a new one/,
    read: (input, m) => [draft(input, 'sandbox.needed', [], { pod: podsOfFormat(m[1]!)[0] ?? m[1]! })],
  },
  {
    // dockertools manager.go (docker_manager.go from 1.3) computePodContainerChanges: glog.V(2).Infof("Need to restart
    // pod infra container for %q because it is not found" | "… because it is changed", pod) with podFullName
    // (`name_namespace`) in 1.1–1.2 and format.Pod (`name_namespace(uid)`) after, to 1.5: the pod needs a new sandbox
    // (the infra container was the sandbox of the pre-CRI kubelet); "No sandbox … Need to start a new one" succeeded it.
    prefix: 'Need to restart pod infra container for "',
    pattern: /^Need to restart pod infra container for "([^"]*)" because it is (?:not found|changed)$/,
    read: (input, m) => [draft(input, 'sandbox.needed', [], { pod: podsOfFormat(m[1]!)[0] ?? fullName(m[1]!), via: 'dockertools' })],
  },
  {
    // cmd/kubelet/app/server.go RunKubelet: glog.Infof("Started kubelet %s", version.Get().String()) (1.3–1.7), then
    // glog.Infof("Started kubelet") / klog.Info("Started kubelet") (1.8–1.20), before the structured line.
    prefix: 'Started kubelet',
    pattern: /^Started kubelet(?: (v\d+\.\d+\S*))?$/,
    read: (input, m) => started(input, m[1] ?? null),
  },
  {
    // kuberuntime_manager.go SyncPod: glog/klog.V(4).Infof("Created PodSandbox %q for pod %q", podSandboxID, format.Pod(pod))
    // (1.6–1.20; plain Infof in some releases between): the twin of the structured line above.
    prefix: 'Created PodSandbox "',
    pattern: /^Created PodSandbox "([0-9a-f]{64})" for pod "(.*)"$/s,
    read: (input, m) => [draft(input, 'sandbox.started', [m[1]], { pod: podsOfFormat(m[2]!)[0] ?? m[2]!, via: 'kubelet' })],
  },
  {
    // dockershim docker_sandbox.go StopPodSandbox (1.6, its first release): glog.Errorf("Failed to teardown sandbox %q for
    // pod %s/%s: %v", podSandboxID, namespace, name, err) when the network plugin's TearDownPod (the CNI DEL) failed;
    // the stop goes on. From 1.7 the error is returned and surfaces in "StopPodSandbox … from runtime service failed".
    prefix: 'Failed to teardown sandbox "',
    pattern: /^Failed to teardown sandbox "([0-9a-f]{64})" for pod ([^/\s]*)\/(\S*): (.*)$/s,
    read: (input, m) => [draft(input, 'sandbox.teardown.failed', [m[1]], { pod: `${m[2]}/${m[3]}`, error: m[4]!, via: 'dockershim' })],
  },
  {
    // remote_runtime.go RunPodSandbox: klog.Errorf("RunPodSandbox from runtime service failed: %v", err) (1.5–1.20).
    prefix: 'RunPodSandbox from runtime service failed: ',
    pattern: /^RunPodSandbox from runtime service failed: (.*)$/s,
    read: (input, m) => setupFailed(input, null, m[1]!),
  },
  {
    // kuberuntime_sandbox.go createPodSandbox: klog.Errorf("CreatePodSandbox for pod %q failed: %v", format.Pod(pod), err) (1.6–1.20).
    prefix: 'CreatePodSandbox for pod "',
    pattern: /^CreatePodSandbox for pod "(.*?)" failed: (.*)$/s,
    read: (input, m) => setupFailed(input, podsOfFormat(m[1]!)[0] ?? m[1]!, m[2]!),
  },
  {
    // kuberuntime_manager.go SyncPod: glog.Errorf("createPodSandbox for pod %q failed: %v", format.Pod(pod), err) (1.7–1.9).
    prefix: 'createPodSandbox for pod "',
    pattern: /^createPodSandbox for pod "(.*?)" failed: (.*)$/s,
    read: (input, m) => setupFailed(input, podsOfFormat(m[1]!)[0] ?? m[1]!, m[2]!),
  },
  // The two lines above cut by their poster at the terminal width (no marker) inside their fixed words ("… fail",
  // coreos/coreos-kubernetes#912): no other kubelet message starts `[Cc]reatePodSandbox for pod "`, so what is left is
  // still that failure; its error, and any sandbox ID in it, is gone with the cut.
  ...['CreatePodSandbox', 'createPodSandbox'].map(
    (call): Printf => ({
      prefix: `${call} for pod "`,
      pattern: new RegExp(`^${call} for pod "(.*?)"(?: (?:f(?:a(?:i(?:l(?:e(?:d:?)?)?)?)?)?)?)?$`, 's'),
      read: (input, m) => [draft(input, 'sandbox.setup.failed', [], { pod: podsOfFormat(m[1]!)[0] ?? m[1]!, error: null, via: 'kubelet', cut: true })],
    }),
  ),
  {
    // remote_runtime.go StopPodSandbox: klog.Errorf("StopPodSandbox %q from runtime service failed: %v", podSandBoxID, err) (1.5–1.20).
    // The ID is the runtime's: 64 hex for docker and containerd, a pod UUID for rkt (rktlet, kubernetes#32935),
    // which is kept as an attribute and is no container ID.
    prefix: 'StopPodSandbox "',
    pattern: /^StopPodSandbox "([^"\s]+)" from runtime service failed: (.*)$/s,
    read: (input, m) => [draft(input, 'sandbox.stop.failed', [m[1]], /^[0-9a-f]{64}$/.test(m[1]!) ? { error: m[2]!, via: 'kubelet' } : { error: m[2]!, via: 'kubelet', runtimeSandboxId: m[1]! })],
  },
  {
    // The same line chopped inside its ID (a pager's ">"): remote_runtime.go logs no other line that opens
    // `StopPodSandbox "` (its V(10) trace is `[RemoteRuntimeService] StopPodSandbox (podSandboxID=…)`), so the words
    // before the ID are the failure; a cut ID is none (kubernetes/kubeadm#2748).
    prefix: 'StopPodSandbox "',
    pattern: /^StopPodSandbox "[0-9a-f]{0,63}[>…]?$/,
    read: (input) => [draft(input, 'sandbox.stop.failed', [], { error: null, via: 'kubelet', cut: true })],
  },
  {
    // remote_runtime.go RemovePodSandbox: klog.Errorf("RemovePodSandbox %q from runtime service failed: %v", podSandBoxID, err) (1.5–1.20).
    prefix: 'RemovePodSandbox "',
    pattern: /^RemovePodSandbox "([0-9a-f]{64})" from runtime service failed: (.*)$/s,
    read: (input, m) => [draft(input, 'sandbox.remove.failed', [m[1]], { error: m[2]!, via: 'kubelet' })],
  },
  {
    // kuberuntime_manager.go killPodWithSyncResult: klog.Errorf("Failed to stop sandbox %q", podSandbox.ID), a ContainerID
    // struct under %q: `{"docker" "<id>"}` (1.6–1.20); kuberuntime_gc.go removeSandbox: klog.Errorf("Failed to stop
    // sandbox %q before removing: %v", sandboxID, err); dockershim docker_sandbox.go StopPodSandbox: glog/klog.Errorf("Failed
    // to stop sandbox %q: %v", podSandboxID, err) when docker could not stop the sandbox container (1.6–1.23).
    prefix: 'Failed to stop sandbox ',
    pattern: /^Failed to stop sandbox (?:\{"[\w.-]+" "([0-9a-f]{64})"\}$|"([0-9a-f]{64})"(?: before removing)?: (.*)$)/s,
    read: (input, m) => {
      const dockershim = m[2] !== undefined && !m[0].includes('" before removing: ');
      return [draft(input, 'sandbox.stop.failed', [m[1] ?? m[2]], { error: m[3] ?? null, via: dockershim ? 'dockershim' : 'kubelet' })];
    },
  },
  {
    // killPodWithSyncResult's line chopped inside the ContainerID's ID: the stop failed; a cut ID is none (kubeadm#2748).
    prefix: 'Failed to stop sandbox {"',
    pattern: /^Failed to stop sandbox \{"[\w.-]+" "[0-9a-f]{0,63}[>…]?$/,
    read: (input) => [draft(input, 'sandbox.stop.failed', [], { error: null, via: 'kubelet', cut: true })],
  },
  {
    // dockershim docker_sandbox.go RunPodSandbox, once the network set-up failed (kubernetes PR #42767, March 2017, until
    // the error was returned in RunPodSandbox's instead): glog.Warningf("Failed to stop sandbox container %q for pod %q:
    // %v", createResp.ID, config.Metadata.Name, err) — stopping the sandbox container whose set-up failed failed too.
    prefix: 'Failed to stop sandbox ',
    pattern: /^Failed to stop sandbox container "([0-9a-f]{64})" for pod "([^"]*)": (.*)$/s,
    read: (input, m) => [draft(input, 'sandbox.stop.failed', [m[1]], { pod: m[2]!, error: m[3]!, via: 'dockershim' })],
  },
  {
    // The same two lines with the ID replaced by the poster ("Failed to stop sandbox xxxx network: …", the ID
    // redacted): still a stop that failed, of a sandbox the line no longer names.
    prefix: 'Failed to stop sandbox ',
    pattern: /^Failed to stop sandbox (?!\{"|"?[0-9a-f]{64}\b)\S+[\s:]/,
    read: (input) => [draft(input, 'sandbox.stop.failed', [], { via: 'kubelet', redacted: true })],
  },
  {
    // pod_workers.go managePodLoop: klog.Errorf("Error syncing pod %s (%q), skipping: %v", update.Pod.UID, format.Pod(update.Pod), err) (1.2–1.20).
    prefix: 'Error syncing pod ',
    // The UID is printed as it is (a mirror pod's is 32 hex without dashes), or as the poster redacted it.
    pattern: /^Error syncing pod \S+ \("(.*?)"\), skipping: (.*)$/s,
    read: (input, m) => syncFailed(input, podsOfFormat(m[1]!)[0] ?? m[1]!, m[2]!),
  },
  {
    // Its first wording, pod_workers.go managePodLoop: glog.Errorf("Error syncing pod %s, skipping: %v", newWork.pod.UID,
    // err) (1.1–1.3; the pod's name was added in 1.4): the UID only, no name.
    prefix: 'Error syncing pod ',
    pattern: /^Error syncing pod ([0-9a-f-]{32,36}), skipping: (.*)$/s,
    read: (input, m) => syncFailed(input, null, m[2]!),
  },
  {
    // kuberuntime_manager.go SyncPod: klog.Errorf("killPodWithSyncResult failed: %v", result.Error()) (1.6–1.20).
    prefix: 'killPodWithSyncResult failed: ',
    pattern: /^killPodWithSyncResult failed: (.*)$/s,
    read: (input, m) => syncFailed(input, null, m[1]!),
  },
  {
    // kubelet.go syncTerminatingPod (1.22+): `if err := kl.killPod(…); err != nil { …; utilruntime.HandleError(err) }`,
    // which logs the error alone (klog.ErrorDepth), the pod's sync results aggregated as `[failed to "KillContainer"
    // for … with KillContainerError: "…", failed to "KillPodSandbox" for "<pod uid>" with KillPodSandboxError: "…"]`.
    prefix: '[failed to "',
    pattern: /^\[(failed to "\w+" for .*)\]$/s,
    read: (input, m) => syncFailed(input, null, m[1]!),
  },
  {
    // KubeEdge's edgecore (edged.go podAddWorkerRun, v1.0–v1.9, before edged embedded the kubelet whole) runs the
    // kubelet's kuberuntime SyncPod itself and logs its failure, the sync results aggregated as kubelet's "Error syncing
    // pod" carries them: klog.Errorf("worker [%d] handle pod addition item [%s] failed: %v, re-add to queue", i,
    // podName, err) — a `failed to "CreatePodSandbox" …` in it is the sandbox's set-up failing (kubeedge#2328).
    prefix: 'worker [',
    pattern: /^worker \[\d+\] handle pod addition item \[([^\]]*)\] failed: (.*), re-add to queue$/s,
    read: (input, m) => syncFailed(input, m[1]!, m[2]!),
  },
  {
    // edged.go podRemoveWorkerRun: klog.Errorf("worker remove pod [%s] failed: %v", podName, err), err being
    // consumePodDeletion's fmt.Errorf("consume removed pod [%s] failed, %v", …) around kuberuntime KillPod's sync
    // results (`failed to "KillPodSandbox" for …`): the sandbox's stop or teardown failed.
    prefix: 'worker remove pod [',
    pattern: /^worker remove pod \[([^\]]*)\] failed: (.*)$/s,
    read: (input, m) => syncFailed(input, m[1]!, m[2]!),
  },
  {
    // kubelet_pods.go podKiller: klog.Errorf("Failed killing the pod %q: %v", runningPod.Name, err) (1.2–1.21).
    prefix: 'Failed killing the pod "',
    pattern: /^Failed killing the pod "([^"]*)": (.*)$/s,
    read: (input, m) => syncFailed(input, m[1]!, m[2]!),
  },
  {
    // kuberuntime_gc.go removeSandbox: klog.Errorf("Failed to remove sandbox %q: %v", sandboxID, err) (1.6–1.20).
    prefix: 'Failed to remove sandbox "',
    pattern: /^Failed to remove sandbox "([0-9a-f]{64})": (.*)$/s,
    read: (input, m) => [draft(input, 'sandbox.remove.failed', [m[1]], { error: m[2]!, via: 'kubelet' })],
  },
  {
    // dockershim network/cni/cni.go deleteFromNetwork before podDesc(): glog.Errorf("Error deleting network: %v", err)
    // (1.6–1.12): no pod, no ID.
    prefix: 'Error deleting network: ',
    pattern: /^Error deleting network: (.*)$/s,
    read: (input, m) => [draft(input, 'sandbox.teardown.failed', [], { error: m[1]!, via: 'dockershim' })],
  },
  {
    // network/plugins.go (dockershim/network/plugins.go from 1.10) PluginManager.TearDownPod: glog/klog.V(3).Infof("Calling
    // network plugin %s to tear down pod %q", pm.plugin.Name(), fullPodName) (1.7–1.23), before the plugin's CNI DEL.
    // fullPodName is `<name>_<namespace>`: the line names the pod, never its sandbox.
    prefix: 'Calling network plugin ',
    pattern: /^Calling network plugin (\S+) to tear down pod "([^"]*)"$/,
    read: (input, m) => {
      return [draft(input, 'sandbox.teardown.start', [], { pod: fullName(m[2]!), plugin: m[1]!, via: 'dockershim' })];
    },
  },
  {
    // network/cni/cni.go addToNetwork: glog.Errorf("Error adding network: %v", err) (1.3–1.12, dockershim's from 1.6),
    // the twin of "Error deleting network": the CNI ADD failed; no pod, no ID. An empty err leaves "network:" bare.
    prefix: 'Error adding network:',
    pattern: /^Error adding network:(?: (.*))?$/s,
    read: (input, m) => [draft(input, 'sandbox.setup.failed', [], { error: m[1] ?? '', via: 'dockershim' })],
  },
  {
    // network/cni/cni.go SetUpPod: glog.Errorf("Error while adding to cni network: %s", err) (1.3–1.12), after addToNetwork's line.
    prefix: 'Error while adding to cni network:',
    pattern: /^Error while adding to cni network:(?: (.*))?$/s,
    read: (input, m) => [draft(input, 'sandbox.setup.failed', [], { error: m[1] ?? '', via: 'dockershim' })],
  },
  {
    // network/cni/cni_windows.go GetPodNetworkStatus (dockershim on Windows, to 1.23): the status hook re-runs the CNI
    // ADD to learn the pod's IP, and logs glog/klog.Errorf("error while adding to cni network: %s", err) when it fails
    // (lowercase by 1.11, when the package moved under dockershim; "Error while …" in its first releases); no pod, no ID.
    prefix: 'error while adding to cni network:',
    pattern: /^error while adding to cni network:(?: (.*))?$/s,
    read: (input, m) => [draft(input, 'sandbox.setup.failed', [], { error: m[1] ?? '', via: 'dockershim', os: 'windows' })],
  },
  {
    // dockertools docker_manager.go SyncPod (manager.go in 1.1–1.2; kubelet.go syncPod in 1.0):
    // glog.Errorf("Failed to create pod infra container: %v; Skipping pod %q", err, …) with podFullName then
    // format.Pod(pod), and ": %s" with the sync result's message appended in the last releases (≤ 1.5): the infra
    // container, the sandbox of the pre-CRI kubelet, was not created.
    prefix: 'Failed to create pod infra container: ',
    pattern: /^Failed to create pod infra container: (.*?); Skipping pod "([^"]*)"(?:: .*)?$/s,
    read: (input, m) => [draft(input, 'sandbox.setup.failed', [infraIdOf(m[1]!)], { pod: podsOfFormat(m[2]!)[0] ?? fullName(m[2]!), error: m[1]!, via: 'dockertools' })],
  },
  {
    // dockertools (the kubelet's docker runtime before the CRI, ≤ 1.5) docker_manager.go killPodWithSyncResult:
    // glog.Errorf("Failed to teardown network for pod %q using network plugins %q: %v", pod.ID, plugin.Name(), err).
    prefix: 'Failed to teardown network for pod "',
    pattern: /^Failed to teardown network for pod "([^"]*)" using network plugins "([^"]*)": (.*)$/s,
    read: (input, m) => [draft(input, 'sandbox.teardown.failed', [], { podUid: m[1]!, plugin: m[2]!, error: m[3]!, via: 'dockertools' })],
  },
  {
    // dockertools docker_manager.go (manager.go in 1.2) SyncPod: glog.Error(message) of fmt.Sprintf("Failed to setup
    // network for pod %q using network plugins %q: %v; Skipping pod", format.Pod(pod), …) (1.2–1.5): no sandbox ID.
    prefix: 'Failed to setup network for pod "',
    pattern: /^Failed to setup network for pod "([^"]*)" using network plugins "([^"]*)": (.*?)(?:; Skipping pod)?$/s,
    read: (input, m) => [draft(input, 'sandbox.setup.failed', [], { pod: podsOfFormat(m[1]!)[0] ?? m[1]!, plugin: m[2]!, error: m[3]!, via: 'dockertools' })],
  },
  {
    // Weave Net's CNI plugin (plugin/net/cni.go CmdDel, 1.6–2.8): errorf("unable to release IP address: %s", err) writes
    // `weave-cni: <err>` to the stderr it inherits, which is the kubelet's under dockershim: the CNI DEL failed. err
    // is the HTTP DELETE of `/ip/<container id>` to the weave router (net/http: `Delete http://…/ip/<id>: …`, quoted
    // URL from Go 1.14), the CNI container ID being the sandbox's. An ID not followed by the URL's end is cut: no ID.
    prefix: 'weave-cni: unable to release IP address: ',
    pattern: /^weave-cni: unable to release IP address: (.*)$/s,
    read: (input, m) => {
      const id = /\/ip\/([0-9a-f]{64})(?="?:)/.exec(m[1]!)?.[1] ?? null;
      return [draft(input, 'sandbox.teardown.failed', [id], { error: m[1]!, plugin: 'weave-net', via: 'cni' })];
    },
  },
  {
    // cmd/kubelet/app/server.go Run: klog.Infof("Version: %+v", version.Get()) (≤ 1.20). kube-proxy and the
    // apiserver print the same words: only a record of the kubelet (its identifier, or a file without one) counts.
    prefix: 'Version: ',
    pattern: /^Version: (v\d+\.\d+\S*)$/,
    read: (input, m) => (input.rec.ident === null || /kubelet/.test(input.rec.ident) ? versionSeen(input, m[1]!) : []),
  },
  {
    // kubelet.go updateRuntimeUp: klog.Errorf("Container runtime network not ready: %v", networkErr) (1.8–1.20).
    prefix: 'Container runtime network not ready: ',
    pattern: /^Container runtime network not ready: (.*)$/s,
    read: (input, m) => [draft(input, 'network.notready', [], { reason: m[1]! })],
  },
  {
    // dockershim network/cni/cni.go deleteFromNetwork: klog.Errorf("Error deleting %s from network %s/%s: %v", pdesc, …)
    // with pdesc = podDesc(): "<namespace>_<name>/<sandbox id>" (1.13–1.23).
    prefix: 'Error deleting ',
    pattern: /^Error deleting ([^_\s]*)_(\S*)\/([0-9a-f]{64}) from network ([^/\s]*)\/(\S*): (.*)$/s,
    read: (input, m) => [draft(input, 'sandbox.teardown.failed', [m[3]], { pod: `${m[1]}/${m[2]}`, plugin: m[4]!, network: m[5]!, error: m[6]!, via: 'dockershim' })],
  },
  {
    // The same line chopped inside its sandbox ID (a pager's ">"): the words before it say the CNI DEL of that pod
    // failed; a cut ID is none (kubernetes/kubeadm#2748).
    prefix: 'Error deleting ',
    pattern: /^Error deleting ([^_\s]*)_([^\s/]*)\/[0-9a-f]{0,63}[>…]?$/,
    read: (input, m) => [draft(input, 'sandbox.teardown.failed', [], { pod: `${m[1]}/${m[2]}`, error: null, via: 'dockershim', cut: true })],
  },
  {
    // dockershim network/cni/cni.go addToNetwork: klog.Errorf("Error adding %s to network %s/%s: %v", pdesc, …) (1.13–1.23).
    prefix: 'Error adding ',
    pattern: /^Error adding ([^_\s]*)_(\S*)\/([0-9a-f]{64}) to network ([^/\s]*)\/(\S*): (.*)$/s,
    read: (input, m) => [draft(input, 'sandbox.setup.failed', [m[3]], { pod: `${m[1]}/${m[2]}`, plugin: m[4]!, network: m[5]!, error: m[6]!, via: 'dockershim' })],
  },
  {
    // dockershim network/cni/cni.go deleteFromNetwork: klog.V(4).Infof("Deleting %s from network %s/%s netns %q", …) (1.13–1.23).
    prefix: 'Deleting ',
    pattern: /^Deleting ([^_\s]*)_(\S*)\/([0-9a-f]{64}) from network ([^/\s]*)\/(\S*) netns "(.*)"$/s,
    read: (input, m) => [draft(input, 'sandbox.teardown.start', [m[3]], { pod: `${m[1]}/${m[2]}`, plugin: m[4]!, network: m[5]!, netns: m[6]!, via: 'dockershim' })],
  },
  {
    // dockershim network/cni/cni.go deleteFromNetwork: klog.V(4).Infof("Deleted %s from network %s/%s", …) (1.13–1.23).
    prefix: 'Deleted ',
    pattern: /^Deleted ([^_\s]*)_(\S*)\/([0-9a-f]{64}) from network ([^/\s]*)\/(\S*)$/,
    read: (input, m) => [draft(input, 'sandbox.teardown.done', [m[3]], { pod: `${m[1]}/${m[2]}`, plugin: m[4]!, network: m[5]!, via: 'dockershim' })],
  },
  {
    // kubenet, the kubelet's own network plugin (pkg/kubelet/network/kubenet/kubenet_linux.go, dockershim/network/kubenet
    // from 1.10) delContainerFromNetwork: glog/klog.V(3).Infof("Removing %s/%s from '%s' with CNI '%s' plugin and runtime:
    // %+v", namespace, name, config.Network.Name, config.Network.Type, rt) (1.3–1.23), just before its CNI DEL of the
    // pod's infra container: rt is the *libcni.RuntimeConf, whose ContainerID is that container, the sandbox.
    prefix: 'Removing ',
    pattern: /^Removing ([^/\s]+)\/(\S+) from '([^']*)' with CNI '([^']*)' plugin and runtime: &\{ContainerID:([0-9a-f]{64}) /,
    read: (input, m) => [draft(input, 'sandbox.teardown.start', [m[5]], { pod: `${m[1]}/${m[2]}`, network: m[3]!, plugin: m[4]!, via: 'kubenet' })],
  },
  {
    // dockershim docker_sandbox.go StopPodSandbox: klog.Warningf("Both sandbox container and checkpoint for id %q could not be
    // found. Proceed without further sandbox information.", podSandboxID) (1.10–1.23; cri-dockerd says "with id").
    prefix: 'Both sandbox container and checkpoint for id "',
    pattern: /^Both sandbox container and checkpoint for id "([0-9a-f]{64})" could not be found/,
    read: (input, m) => [draft(input, 'sandbox.teardown.blind', [m[1]], { via: 'dockershim' })],
  },
];

/** The message of a kubelet record: after the klog header, or the record whole when the header was stripped. */
function saidOf(input: ComponentInput): Said {
  return input.klog ?? klogMessage(input.rec.message, 0);
}

function recognize(input: ComponentInput): EventDraft[] {
  const s = saidOf(input);
  if (s.quoted) return STRUCTURED.get(s.msg)?.(input, s) ?? [];
  // Blanks after the message are the paste's (a terminal copy pads lines, sriov-cni#18 posted kubelet lines with four
  // trailing spaces), never the format's: klog ends a message at its text, so the patterns anchored at `$` match the
  // message without them.
  const msg = s.msg.trimEnd();
  for (const p of PRINTF) {
    if (!msg.startsWith(p.prefix)) continue;
    const m = p.pattern.exec(msg);
    if (m) return p.read(input, m);
  }
  return [];
}

const escape = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * kubelet's wordings quoted alone (formats/_lone-message.ts): a structured message (klog's quoted msg, then its
 * key=values), and the printf sandbox errors that name a whole sandbox ID or a failed sync step by its SyncAction name.
 */
const ALONE: readonly RegExp[] = [
  new RegExp(`^"(?:${[...STRUCTURED.keys()].map(escape).join('|')})"(?: [\\w.]+=|$)`),
  /^(?:StopPodSandbox|RemovePodSandbox) "[0-9a-f]{64}" from runtime service failed: /,
  /^Failed to (?:stop|remove) sandbox "[0-9a-f]{64}"/,
  /^(?:Failed killing the pod "[^"]*"|Error syncing pod \S+(?: \(".*"\))?, skipping): failed to "(?:KillPodSandbox|TeardownNetwork|CreatePodSandbox|SetupNetwork)" for /,
];

export const kubelet: Component = {
  id: 'kubelet',
  alone: ALONE,
  gate: {
    body: 'klog',
    messages: [...STRUCTURED.keys()],
    // Each prefix once: a cut twin shares its whole line's prefix (the gate compares every prefix of a first letter).
    printf: [...new Set(PRINTF.map((p) => p.prefix))],
    keywords: ['SyncLoop', 'Killing', 'sandbox', 'Sandbox', 'network not ready', 'from network', 'to network', 'Error deleting network', 'teardown network', 'Failed killing', 'Calling network plugin', 'setup network for pod', 'Error adding network:', 'adding to cni', 'Kubelet version', 'Version: ', 'Started kubelet', 'Need to restart pod infra container', 'weave-cni: unable to release IP', 'Failed to create pod infra container', 'Error syncing pod', 'handle pod addition item', "' with CNI '"],
  },
  recognize,
};
