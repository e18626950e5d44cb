// Talos Linux: machined runs the node's services itself (no systemd), and its service runner logs every state
// change as `service[<id>](<State>): <message>`. Those of the daemons podmortem follows are their start, readiness
// and stop, as systemd's job lines are for a unit (components/systemd.ts).

import { draft, type Component } from './types.js';
import type { EventDraft } from '../formats/types.js';

// internal/app/machined/pkg/system/service_runner.go UpdateState: log.Printf("service[%s](%s): %s", id, state, msg)
// (:114 in v0.3.0, :85 in v1.9.0; state names from events/events.go ServiceState.String()).
const SERVICE = /^service\[([\w-]+)\]\((\w+)\): (.*)$/s;

/**
 * The followed daemon of a Talos service: `kubelet`; `cri`, the containerd that runs the pods (Talos' own
 * `containerd` runs its system services and the kubelet's container, never a pod: named apart, so its stop is no
 * stop of the pods' runtime).
 */
const DAEMONS: Readonly<Record<string, string>> = { kubelet: 'kubelet', cri: 'containerd', containerd: 'talos-containerd' };

function read(state: string, msg: string): 'daemon.starting' | 'daemon.started' | 'daemon.stopping' | 'daemon.stopped' | null {
  // service_runner.go Start: UpdateState(StateStarting, "Starting service") (v1.x; v0.x went from Waiting to Preparing).
  if (state === 'Starting' && msg === 'Starting service') return 'daemon.starting';
  // The runner's first Running line, once the process is up: runner/process "Process %s started with PID %d",
  // runner/containerd "Started task %s (PID %d) for container %s", runner/goroutine "Service started as goroutine".
  if (state === 'Running' && (/^Process .* started with PID \d+$/s.test(msg) || /^Started task \S+ \(PID \d+\) for container /.test(msg) || msg === 'Service started as goroutine'))
    return 'daemon.started';
  // runner/process Stop: "Sending SIGTERM to %s" (runner/containerd: "Sending SIGTERM to task …"), goroutine "Service stopping".
  if (state === 'Stopping' && (msg.startsWith('Sending SIGTERM to ') || msg === 'Service stopping')) return 'daemon.stopping';
  // service_runner.go Start, once the runner returned: "Service finished successfully" or "Failed running service: %v";
  // runner/restart: the process exited and is run again ("Error running %s, going to restart …", "Runner %s exited
  // without error, going to restart it"), as systemd's "Main process exited" before its restart.
  if (state === 'Finished' && msg === 'Service finished successfully') return 'daemon.stopped';
  if (state === 'Failed' && msg.startsWith('Failed running service: ')) return 'daemon.stopped';
  if (state === 'Waiting' && (/^Error running .+, going to restart /s.test(msg) || /^Runner .+ exited without error, going to restart it$/.test(msg))) return 'daemon.stopped';
  return null;
}

export const talos: Component = {
  id: 'talos',
  gate: { body: 'ident', ident: (ident) => ident === 'talos', keywords: ['service['] },
  recognize(input): EventDraft[] {
    if (input.rec.ident !== 'talos') return [];
    const m = SERVICE.exec(input.rec.message);
    if (!m) return [];
    if (!Object.hasOwn(DAEMONS, m[1]!)) return [];
    const daemon = DAEMONS[m[1]!]!;
    const kind = read(m[2]!, m[3]!);
    return kind === null ? [] : [draft(input, kind, [], { daemon, via: 'talos', service: m[1]!, state: m[2]! })];
  },
};
