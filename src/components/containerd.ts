// containerd: shim lifecycle (every container exit) and, on containerd nodes, the CRI sandbox calls (catalogue §3).

import { draft, type Component } from './types.js';

const RUN_RETURNS = /^RunPodSandbox for .* returns sandbox id "([0-9a-f]{64})"/s;
const TEARDOWN_OK = /^TearDown network for sandbox "([0-9a-f]{64})" successfully/;
const TEARDOWN_FAILED = /failed to destroy network for sandbox "([0-9a-f]{64})"/;
const REMOVED = /^RemovePodSandbox "([0-9a-f]{64})" returns successfully/;

export const containerd: Component = {
  id: 'containerd',
  keywords: ['shim disconnected', 'starting containerd', 'successfully booted', 'Stop CRI service', 'PodSandbox', 'network for sandbox'],
  recognize(input) {
    const l = input.logrus;
    if (!l) return [];
    const msg = l.msg;
    const id = l.fields.id;
    // core/runtime/v2/shim_manager.go: logged when the shim's ttrpc connection closes — every exit.
    if (msg === 'shim disconnected') return [draft(input, 'shim.disconnected', [id], { namespace: l.fields.namespace ?? null })];
    if (msg === 'cleaning up after shim disconnected') return [draft(input, 'shim.cleanup', [id], { namespace: l.fields.namespace ?? null })];
    if (msg === 'starting containerd') return [draft(input, 'daemon.starting', [], { daemon: 'containerd', via: 'self' })];
    if (msg.startsWith('containerd successfully booted')) return [draft(input, 'daemon.started', [], { daemon: 'containerd', via: 'self' })];
    if (msg === 'Stop CRI service') return [draft(input, 'daemon.stopping', [], { daemon: 'containerd', via: 'self' })];
    let m = RUN_RETURNS.exec(msg);
    if (m) return [draft(input, 'sandbox.started', [m[1]], { via: 'containerd-cri' })];
    m = TEARDOWN_OK.exec(msg);
    if (m) return [draft(input, 'sandbox.teardown.done', [m[1]])];
    // instrumented_service.go: `StopPodSandbox for "<id>" failed` with error="failed to destroy network for sandbox …".
    m = TEARDOWN_FAILED.exec(msg) ?? TEARDOWN_FAILED.exec(l.fields.error ?? '');
    if (m) return [draft(input, 'sandbox.teardown.failed', [m[1]], { error: l.fields.error ?? null })];
    m = /^StopPodSandbox for "([0-9a-f]{64})" failed/.exec(msg);
    if (m) return [draft(input, 'sandbox.stop.failed', [m[1]], { error: l.fields.error ?? null, via: 'containerd-cri' })];
    m = REMOVED.exec(msg);
    if (m) return [draft(input, 'sandbox.removed', [m[1]])];
    return [];
  },
};
