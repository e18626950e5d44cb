// CRI-O, the CRI runtime of OpenShift and of many kubeadm nodes: its own lines for a pod sandbox's run, stop and
// removal, logged at info through logrus (`time="2024-06-04 00:29:28.046098922+08:00" level=info msg="…" id=<request>
// name=/runtime.v1.RuntimeService/<call>`) under the identifier crio. The sandbox ID is CRI-O's 64 hex. Its unit's
// start and stop are systemd's (components/systemd.ts knows crio.service).

import { draft, type Component, type ComponentInput } from './types.js';
import type { EventDraft } from '../formats/types.js';

const ID = '([0-9a-f]{64})';
// server/sandbox_run_linux.go runPodSandbox, once the infra container runs (1.0–1.3x): log.Infof(ctx, "Ran pod
// sandbox %s with infra container: %s", container.ID(), container.Description()); the infra container's ID is the
// sandbox's. The description is `<namespace>/<pod>/POD`.
const RAN = new RegExp(`^Ran pod sandbox ${ID} with infra container: (\\S+?)(?:/POD)?$`);
// server/sandbox_stop_linux.go stopPodSandbox: log.Infof(ctx, "Stopping pod sandbox: %s", id) at its start (the stop
// takes the pod's network down, networkStop, before the infra container) and "Stopped pod sandbox: %s" at its end;
// "Stopped pod sandbox (already stopped): %s" for one stopped before (1.1x–1.3x).
const STOPPING = new RegExp(`^Stopping pod sandbox: ${ID}$`);
const STOPPED = new RegExp(`^Stopped pod sandbox(?: \\(already stopped\\))?: ${ID}$`);
// server/sandbox_remove.go: log.Infof(ctx, "Removed pod sandbox: %s", sb.ID()) ("removed pod sandbox" in 1.1x).
const REMOVED = new RegExp(`^[Rr]emoved pod sandbox: ${ID}$`);

function read(input: ComponentInput, msg: string): EventDraft[] {
  let m = RAN.exec(msg);
  if (m) return [draft(input, 'sandbox.started', [m[1]], { pod: m[2]!, via: 'crio' })];
  m = STOPPING.exec(msg);
  if (m) return [draft(input, 'sandbox.teardown.start', [m[1]], { via: 'crio' })];
  m = STOPPED.exec(msg);
  if (m) return [draft(input, 'sandbox.stopped', [m[1]], { via: 'crio' })];
  m = REMOVED.exec(msg);
  if (m) return [draft(input, 'sandbox.removed', [m[1]], { via: 'crio' })];
  return [];
}

/** CRI-O's own identifiers (its unit runs /usr/bin/crio; some packages name the process cri-o; `-o with-unit` prints the unit). */
const IDENTS = new Set(['crio', 'cri-o', 'crio.service']);

export const crio: Component = {
  id: 'crio',
  gate: { body: 'logrus', keywords: ['pod sandbox'] },
  recognize(input) {
    const l = input.logrus;
    // The same words in a client's debug output (crictl's `Stopping pod sandbox: <id>`, an NRI plugin's) are a
    // request, not the runtime's doing: only CRI-O's own records, at info.
    if (!l || l.level !== 'info' || input.rec.ident === null || !IDENTS.has(input.rec.ident)) return [];
    return read(input, l.msg);
  },
};
