// What counts as a container's exit and (re)start in the logs: one definition for the timeline and the rules.

import type { PmEvent } from './types.js';

/** An exit: dockerd's task delete, containerd's shim disconnect, kubelet's PLEG ContainerDied. */
export function isDeath(e: PmEvent): boolean {
  return e.kind === 'task.deleted' || e.kind === 'shim.disconnected' || (e.kind === 'pod.pleg' && e.attrs.type === 'ContainerDied');
}

/** A start: cri-dockerd's sandbox setup line, kubelet's PLEG ContainerStarted. */
export function isStart(e: PmEvent): boolean {
  return e.kind === 'sandbox.started' || (e.kind === 'pod.pleg' && e.attrs.type === 'ContainerStarted');
}
