// k3s and rke2: the one process that runs a node's kubelet and starts its containerd, naming its version as it starts.

import { draft, type Component } from './types.js';

// pkg/cli/server/server.go: logrus.Info("Starting " + version.Program + " " + app.App.Version) and
// pkg/cli/agent/agent.go: logrus.Info("Starting " + version.Program + " agent " + ctx.App.Version); App.Version is
// "<version> (<commit>)". rke2 is built on the same code with version.Program "rke2". The version must follow:
// "Starting k3s.cattle.io/v1, Kind=Addon controller" is logged on every start too.
const STARTING = /^Starting (k3s|rke2) (?:(agent) )?(v\d+\.\d+\S*)(?: \((\w+)\))?$/;

export const k3s: Component = {
  id: 'k3s',
  gate: { body: 'logrus', keywords: ['Starting k3s ', 'Starting rke2 '] },
  recognize(input) {
    const msg = input.logrus?.msg;
    if (msg === undefined) return [];
    const m = STARTING.exec(msg);
    if (!m) return [];
    return [draft(input, 'daemon.starting', [], { daemon: m[1]!, via: 'self', version: m[3]!, revision: m[4] ?? null, role: m[2] ?? 'server' })];
  },
};
