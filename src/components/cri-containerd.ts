// cri-containerd, the standalone CRI daemon of containerd/cri before it became containerd's plugin (v1.0.0-alpha to
// -rc, 2017; Kubernetes 1.8–1.9 on containerd 1.0): the same instrumented_service.go sandbox calls containerd logs
// (components/containerd.ts), printed through glog, so in klog form under its own identifier, the error inline
// (`… failed, error: <err>`) where containerd's logrus puts it in `error=`. containerd/cri v1.0.0 (containerd 1.1)
// moved them to logrus. docs/catalogue.md lists each with its file:line; samples/captures/cri-containerd-1.0.0-beta.1
// is the daemon's own output.

import { podOfMetadata } from './containerd.js';
import { klogMessage } from './klog.js';
import { draft, type Component, type ComponentInput } from './types.js';
import type { EventDraft } from '../formats/types.js';

const ID = '([0-9a-f]{64})';
// pkg/server/instrumented_service.go (v1.0.0-alpha.0 to rc): glog.V(2).Infof("RunPodSandbox for %+v returns sandbox id
// %q", …) and glog.Errorf("RunPodSandbox for %+v failed, error: %v", …); the entry, glog.V(2).Infof("RunPodSandbox with
// config %+v", …), names no sandbox and its outcome follows: not read.
const RUN = /^RunPodSandbox for (.*?) (?:returns sandbox id "([0-9a-f]{64})"|failed, error: (.*))$/s;
// glog.V(2).Infof("StopPodSandbox for %q", …), glog.Errorf("StopPodSandbox for %q failed, error: %v", …),
// glog.V(2).Infof("StopPodSandbox for %q returns successfully", …).
const STOP = new RegExp(`^StopPodSandbox for "${ID}"(?:( returns successfully)| failed, error: (.*))?$`, 's');
// glog.Errorf("RemovePodSandbox for %q failed, error: %v", …) and glog.V(2).Infof("RemovePodSandbox %q returns
// successfully", …); the entry "RemovePodSandbox for %q" says nothing its outcome does not.
const REMOVE = new RegExp(`^RemovePodSandbox (?:for "${ID}" failed, error: (.*)|"${ID}" returns successfully)$`, 's');
// pkg/server/sandbox_stop.go: glog.V(2).Infof("TearDown network for sandbox %q successfully", id).
const TEARDOWN_OK = new RegExp(`^TearDown network for sandbox "${ID}" successfully$`);
// pkg/server/sandbox_run.go, the deferred cleanup of a failed RunPodSandbox: glog.Errorf("Failed to destroy network for
// sandbox %q: %v", id, err).
const TEARDOWN_FAILED = new RegExp(`^Failed to destroy network for sandbox "${ID}": (.*)$`, 's');
const DESTROY_IN_ERROR = /failed to destroy network for sandbox \\?"([0-9a-f]{64})\\?"/;

function read(input: ComponentInput, msg: string): EventDraft[] {
  let m = RUN.exec(msg);
  if (m) {
    const pod = podOfMetadata(m[1]!);
    if (m[2]) return [draft(input, 'sandbox.started', [m[2]], { pod, via: 'cri-containerd' })];
    const error = m[3]!;
    return [draft(input, 'sandbox.setup.failed', [/sandbox \\?"([0-9a-f]{64})\\?"/.exec(error)?.[1]], { pod, error, via: 'cri-containerd' })];
  }
  m = STOP.exec(msg);
  if (m) {
    if (m[2]) return [draft(input, 'sandbox.stopped', [m[1]], { via: 'cri-containerd' })];
    if (m[3] !== undefined) {
      const torn = DESTROY_IN_ERROR.exec(m[3]);
      return torn ? [draft(input, 'sandbox.teardown.failed', [torn[1]], { error: m[3], via: 'cri-containerd' })] : [draft(input, 'sandbox.stop.failed', [m[1]], { error: m[3], via: 'cri-containerd' })];
    }
    return [draft(input, 'sandbox.teardown.start', [m[1]], { via: 'cri-containerd' })];
  }
  m = REMOVE.exec(msg);
  if (m) return m[3] ? [draft(input, 'sandbox.removed', [m[3]], { via: 'cri-containerd' })] : [draft(input, 'sandbox.remove.failed', [m[1]], { error: m[2]!, via: 'cri-containerd' })];
  m = TEARDOWN_OK.exec(msg);
  if (m) return [draft(input, 'sandbox.teardown.done', [m[1]], { via: 'cri-containerd' })];
  m = TEARDOWN_FAILED.exec(msg);
  if (m) return [draft(input, 'sandbox.teardown.failed', [m[1]], { error: m[2]!, via: 'cri-containerd' })];
  // pkg/server/service.go Stop: glog.Info("Stop cri-containerd service"), containerd's "Stop CRI service" of its time
  // (printed twice on a SIGTERM, as that one is).
  if (msg === 'Stop cri-containerd service') return [draft(input, 'daemon.stopping', [], { daemon: 'cri-containerd', via: 'self' })];
  return [];
}

export const criContainerd: Component = {
  id: 'cri-containerd',
  gate: {
    body: 'klog',
    messages: [],
    printf: ['RunPodSandbox for ', 'StopPodSandbox for "', 'RemovePodSandbox ', 'TearDown network for sandbox "', 'Failed to destroy network for sandbox "', 'Stop cri-containerd service'],
    keywords: ['PodSandbox', 'network for sandbox', 'Stop cri-containerd service'],
  },
  recognize(input) {
    const s = input.klog ?? klogMessage(input.rec.message, 0);
    // Only glog's printf lines: containerd's own (logrus) are components/containerd.ts's.
    if (s.quoted) return [];
    return read(input, s.msg.trimEnd());
  },
};
