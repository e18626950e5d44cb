// Lines a terminal cut to its width that still say exactly what they said: a pager's chop (">" in the last column,
// the end gone) or systemd's ellipsis ("…", the middle gone, start and end kept). The words that decide the message's
// kind survive the cut, and so does every ID the line gives (a hex run the cut reaches is no ID: the components take
// 64 hex only, and no cut leaves 64 of an ID on one side). Every other cut line stays counted, not read
// (_terminal-cut.ts). Each shape below is one message family whose upstream source shows that nothing after the cut
// can change what it is; the components read the line as it stands (its values cut, its IDs whole or none).

/** Structured kubelet messages (klog InfoS/ErrorS, 1.21+) that are one event whatever their key/values say. */
const KUBELET_STRUCTURED = [
  // remote_runtime.go / kuberuntime_sandbox.go / kuberuntime_manager.go: a sandbox's creation failed (err= first).
  'RunPodSandbox from runtime service failed',
  'Failed to create sandbox for pod',
  'CreatePodSandbox for pod failed',
  // its stop or removal failed: the ID is podSandboxID= (whole or not there), or in err= when whole.
  'StopPodSandbox from runtime service failed',
  'Failed to stop sandbox',
  'Failed to stop sandbox before removing',
  'RemovePodSandbox from runtime service failed',
  'Failed to remove sandbox',
  'Container runtime network not ready',
];

/** The printf twins (≤ 1.20): the fixed words end before `%v` of the error, the only value after them. */
const KUBELET_PRINTF = [
  'RunPodSandbox from runtime service failed: ',
  '[Cc]reatePodSandbox for pod "[^"]*" failed: ',
  // remote_runtime.go's only lines opening `StopPodSandbox "` and `RemovePodSandbox "` are their failures.
  'StopPodSandbox "',
  'RemovePodSandbox "[0-9a-f]{64}" from runtime service failed: ',
  'Failed to remove sandbox "[0-9a-f]{64}": ',
  'Failed to stop sandbox "[0-9a-f]{64}"(?: before removing)?: ',
  // killPodWithSyncResult's `Failed to stop sandbox %q` of a ContainerID (`{"docker" "<id>"}`).
  'Failed to stop sandbox \\{"[\\w.-]+" "',
  // dockershim cni.go's CNI DEL failure, `Error deleting <namespace>_<name>/<sandbox id> from network …`.
  'Error deleting [^_\\s]*_[^\\s/]*/',
  'Container runtime network not ready: ',
];

const READABLE: RegExp[] = [
  // dockerd's libcontainerd `"ignoring event" container=<id> …` (v20.10+: the TaskDelete case, the only one that logs
  // container=; logrus sorts the fields, so module=, namespace=, topic= and type= follow it): read when the ID is
  // whole, followed by a blank before the cut (components/dockerd.ts reads it as the task delete it is).
  / level=info msg="ignoring event" container=[0-9a-f]{64} /,
  // The same line of v17.12–v19.03, which has no container= (module= comes first): libcontainerd subscribes to
  // /tasks/ topics and handles all but TaskDelete and TaskCheckpointed there, so the line is a task delete (a
  // checkpoint, experimental, aside). components/dockerd.ts reads it with no ID.
  / level=info msg="ignoring event" module=/,
  // containerd CRI (instrumented_service.go, containerd/cri 1.0–2.2): RunPodSandbox logs its entry and its success at
  // info and only its failure at error (`RunPodSandbox for %+v failed, error`), so level=error says the outcome
  // however early the pager cut the metadata.
  / level=error msg="RunPod[sS]andbox for /,
  // dockerd's start (daemon/daemon.go "Daemon has completed initialization", cmd/dockerd "API listen on <addr>"): no
  // other dockerd message opens with these words, so the start is said however early the pager cut the rest; the
  // address cut short is no address (components/dockerd.ts).
  / level=info msg="(?:Daemon has completed i|API listen on )/,
  // kubelet's klog lines: the message after the header's "] ".
  new RegExp(`\\] "(?:${KUBELET_STRUCTURED.join('|')})" [A-Za-z]\\w*=`),
  new RegExp(`\\] (?:${KUBELET_PRINTF.join('|')})`),
  // pod_workers.go's sync failure, whose kind is in its err: the create of a sandbox, the network not ready, or a
  // KillPodSandbox whose CNI DEL failed (the words that make it a teardown failure rather than a stop failure), both
  // structured (`err="failed to \"CreatePodSandbox\" …`) and printf.
  /\] (?:"Error syncing pod, skipping" err="|Error syncing pod \S+ \("[^"]*"\), skipping: )(?:failed to \\*"CreatePodSandbox\\*"|network is not ready:|failed to \\*"KillPodSandbox\\*" .*(?:failed to teardown pod|failed to destroy network for (?:pod )?sandbox))/,
];

// kubelet's PLEG event (kubelet.go syncLoopIteration: InfoS "SyncLoop (PLEG): event for pod" 1.21+, Infof "SyncLoop
// (PLEG): %q, event: %#v" 1.5–1.20): its kind is the event's Type, its ID the Data; read when both come whole before
// the cut (64 hex is the whole ID: no ID is longer), whatever was cut after them.
READABLE.push(
  /\] (?:"SyncLoop \(PLEG\): event for pod" pod="[^"]*" event=\{"ID":"[0-9a-f-]+","Type":"\w+","Data":"[0-9a-f]{64}(?![0-9a-f])|SyncLoop \(PLEG\): "[^"]*", event: &pleg\.PodLifecycleEvent\{ID:"[0-9a-f-]+", Type:"\w+", Data:"[0-9a-f]{64}(?![0-9a-f]))/,
  // kuberuntime_manager.go podSandboxChanged: "No sandbox for pod can be found. Need to start a new one" (structured,
  // 1.21+; "No ready sandbox …" too) and its printf twin `No sandbox for pod %q can be found. …` (1.6–1.20): their
  // first words are the message's alone, so the kind stands however early the cut; the pod only when its quote closed.
  /\] (?:"No (?:ready )?sandbox for pod can be found\. Need to start a new one" pod=|No (?:ready )?sandbox for pod ")/,
);

/** Whether a line the terminal cut (chopped or ellipsized) can be read as it stands. */
export function cutReadable(text: string): boolean {
  return READABLE.some((r) => r.test(text));
}
