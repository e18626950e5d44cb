// cri-dockerd (Mirantis/cri-dockerd): the few lines it logs about sandboxes (catalogue §2, §9.1).

import { draft, type Component } from './types.js';

// core/sandbox_helpers.go: the only info line of a successful setup, written before CNI ADD.
const RESOLV = /Will attempt to re-write config file \S*\/containers\/([0-9a-f]{64})\/resolv\.conf as /;
// network/cni/cni.go: podSandboxID is a config.ContainerID struct printed as {docker <id>}.
const ADD_ERR = /Error adding pod ([^/\s]+)\/(\S+) to network \{\w+ ([0-9a-f]{64})\}:([^:]*):([^:]*):([^:]*): ([\s\S]*)$/;
const DEL_ERR = /Error deleting pod ([^/\s]*)\/(\S*) from network \{\w+ ([0-9a-f]{64})\}:([^:]*):([^:]*):([^:]*): ([\s\S]*)$/;
// core/sandbox_stop.go:66: StopPodSandbox with neither container nor checkpoint → DEL without port mappings.
// v0.2.0–v0.2.2 format the ID with %d: `with id %!d(string=<id>)` (fixed in 1b781cbb "fix wrong log pattern").
const BLIND = /Both sandbox container and checkpoint could not be found with id (?:"|%!d\(string=)([0-9a-f]{64})[")]/;
const STOP_FAILED = /^Failed to stop sandbox ([0-9a-f]{64}): ([\s\S]*)$/;
const STARTING = /^Starting cri-dockerd (\S+)/;

export const criDockerd: Component = {
  id: 'cri-dockerd',
  gate: { body: 'logrus', keywords: ['resolv.conf', 'Error adding pod', 'Error deleting pod', 'checkpoint could not be found', 'Failed to stop sandbox', 'cri-dockerd'] },
  recognize(input) {
    const msg = input.logrus?.msg;
    if (msg === undefined) return [];
    let m = RESOLV.exec(msg);
    if (m) return [draft(input, 'sandbox.started', [m[1]], { via: 'cri-dockerd' })];
    m = ADD_ERR.exec(msg);
    if (m) return [draft(input, 'sandbox.setup.failed', [m[3]], { pod: `${m[1]}/${m[2]}`, plugin: m[5]!, network: m[6]!, error: m[7]! })];
    m = DEL_ERR.exec(msg);
    if (m) return [draft(input, 'sandbox.teardown.failed', [m[3]], { pod: m[1] || m[2] ? `${m[1]}/${m[2]}` : null, plugin: m[5]!, network: m[6]!, netns: m[4]!, error: m[7]! })];
    m = BLIND.exec(msg);
    if (m) return [draft(input, 'sandbox.teardown.blind', [m[1]])];
    m = STOP_FAILED.exec(msg);
    if (m) return [draft(input, 'sandbox.stop.failed', [m[1]], { error: m[2]!, via: 'cri-dockerd' })];
    m = STARTING.exec(msg);
    if (m) return [draft(input, 'daemon.starting', [], { daemon: 'cri-dockerd', version: m[1]! })];
    if (msg === 'Start cri-dockerd grpc backend') return [draft(input, 'daemon.started', [], { daemon: 'cri-dockerd' })];
    return [];
  },
};
