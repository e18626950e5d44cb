// kubelet (klog): pod sync, PLEG and the CRI errors that carry sandbox IDs (catalogue §5, §9.4).

import { klogValue } from './klog.js';
import { draft, type Component, type ComponentInput } from './types.js';
import type { EventDraft } from '../formats/types.js';

const SYNC = /^SyncLoop (ADD|UPDATE|DELETE|REMOVE|RECONCILE)$/;
const ID64 = /[0-9a-f]{64}/;
// err texts returned by cri-dockerd: `failed to set up sandbox container "<id>" network`, `…clean up…`, `…stop…`.
const ERR_SANDBOX = /(?:sandbox container|sandbox) \\?"([0-9a-f]{64})\\?"/g;

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
  return [...new Set([...err.matchAll(ERR_SANDBOX)].map((m) => m[1]!))];
}

function recognize(input: ComponentInput): EventDraft[] {
  const k = input.klog;
  if (!k) return [];
  const msg = k.msg;
  const rest = k.rest;
  const pod = klogValue(rest, 'pod');
  const sync = SYNC.exec(msg);
  if (sync) {
    const kind = sync[1] === 'ADD' ? 'pod.added' : sync[1] === 'DELETE' ? 'pod.deleted' : sync[1] === 'REMOVE' ? 'pod.removed' : null;
    return kind ? [draft(input, kind, [], { pods: pods(klogValue(rest, 'pods')), source: klogValue(rest, 'source') })] : [];
  }
  if (msg === 'SyncLoop (PLEG): event for pod') {
    const ev = klogValue(rest, 'event') ?? '';
    const type = /"?Type"?:"?(\w+)/.exec(ev)?.[1] ?? null;
    const data = /"?Data"?:"?([0-9a-f]{64})/.exec(ev)?.[1] ?? null;
    const uid = /"?ID"?:"?([0-9a-f-]{36})/.exec(ev)?.[1] ?? null;
    return [draft(input, 'pod.pleg', [data], { pod, type, podUid: uid })];
  }
  if (msg === 'Killing container with a grace period') {
    const cid = klogValue(rest, 'containerID') ?? '';
    const hex = /(?:\w+:\/\/)?([0-9a-f]{12,64})$/.exec(cid)?.[1] ?? null;
    const full = hex && hex.length === 64 ? hex : null;
    return [draft(input, 'container.kill.start', [full], { pod, container: klogValue(rest, 'containerName') }, hex && !full ? [hex] : [])];
  }
  if (/^No (ready )?sandbox for pod can be found\. Need to start a new one$/.test(msg)) return [draft(input, 'sandbox.needed', [], { pod })];
  const err = klogValue(rest, 'err');
  if (msg === 'RunPodSandbox from runtime service failed' || msg === 'Failed to create sandbox for pod' || msg === 'CreatePodSandbox for pod failed')
    return [draft(input, 'sandbox.setup.failed', errSandboxIds(err), { pod, error: err, via: 'kubelet' })];
  if (msg === 'StopPodSandbox from runtime service failed' || msg === 'Failed to stop sandbox' || msg === 'Failed to stop sandbox before removing') {
    const id = sandboxIdOf(klogValue(rest, 'podSandboxID')) ?? sandboxIdOf(klogValue(rest, 'sandboxID'));
    return [draft(input, 'sandbox.stop.failed', [id], { pod, error: err, via: 'kubelet' })];
  }
  if (msg === 'Error syncing pod, skipping' && err && /KillPodSandbox/.test(err) && /failed to teardown pod/.test(err))
    return [draft(input, 'sandbox.teardown.failed', errSandboxIds(err), { pod, error: err, via: 'kubelet' })];
  if (msg === 'Container runtime network not ready') return [draft(input, 'network.notready', [], { reason: klogValue(rest, 'networkReady') })];
  return [];
}

/**
 * Every klog message recognize() turns into an event (SyncLoop UPDATE and RECONCILE give none): a message not in
 * this list is dropped before any record is built (components/gate.ts). Keep it in step with recognize().
 */
export const KLOG_MESSAGES: readonly string[] = [
  'SyncLoop ADD',
  'SyncLoop DELETE',
  'SyncLoop REMOVE',
  'SyncLoop (PLEG): event for pod',
  'Killing container with a grace period',
  'No sandbox for pod can be found. Need to start a new one',
  'No ready sandbox for pod can be found. Need to start a new one',
  'RunPodSandbox from runtime service failed',
  'Failed to create sandbox for pod',
  'CreatePodSandbox for pod failed',
  'StopPodSandbox from runtime service failed',
  'Failed to stop sandbox',
  'Failed to stop sandbox before removing',
  'Error syncing pod, skipping',
  'Container runtime network not ready',
];

export const kubelet: Component = {
  id: 'kubelet',
  keywords: ['SyncLoop', 'Killing container', 'sandbox', 'Sandbox', 'network not ready'],
  recognize,
};
