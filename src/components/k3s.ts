// k3s and rke2: the one process that runs a node's kubelet and starts its containerd. Their own lines say when
// each starts (with k3s's version) and when k3s is ready; the kubelet's and containerd's own lines follow in the same
// stream and are read by their components.

import { draft, type Component, type ComponentInput } from './types.js';
import type { EventDraft } from '../formats/types.js';

// pkg/cli/server/server.go: logrus.Info("Starting " + version.Program + " " + app.App.Version) and
// pkg/cli/agent/agent.go: logrus.Info("Starting " + version.Program + " agent " + ctx.App.Version); App.Version is
// "<version> (<commit>)". rke2 is built on the same code with version.Program "rke2". The version must follow:
// "Starting k3s.cattle.io/v1, Kind=Addon controller" is logged on every start too.
const STARTING = /^Starting (k3s|rke2) (?:(agent) )?(v\d+\.\d+\S*)(?: \((\w+)\))?$/;
// pkg/cli/server/server.go, once the API server (and etcd) are ready, just before sd_notify READY=1 (systemd's
// "Started Lightweight Kubernetes." follows): logrus.Info(version.Program + " is up and running").
const UP = /^(k3s|rke2) is up and running$/;

/** k3s or rke2, for the children it starts: rke2's journal identifier says which, else k3s (whose code both run). */
const program = (input: ComponentInput): string => (input.rec.ident === 'rke2' ? 'rke2' : 'k3s');

function read(input: ComponentInput, msg: string): EventDraft[] {
  const m = STARTING.exec(msg);
  if (m) return [draft(input, 'daemon.starting', [], { daemon: m[1]!, via: 'self', version: m[3]!, revision: m[4] ?? null, role: m[2] ?? 'server' })];
  const up = UP.exec(msg);
  if (up) return [draft(input, 'daemon.started', [], { daemon: up[1]!, via: 'self' })];
  // pkg/agent/containerd/containerd.go Run: logrus.Infof("Running containerd %s", config.ArgString(args[1:])) as it
  // forks its containerd ("-c <config> -a <socket> …"), then, once the socket answers, logrus.Info("Containerd is now
  // running") ("containerd is now running" in later releases).
  if (msg.startsWith('Running containerd -')) return [draft(input, 'daemon.starting', [], { daemon: 'containerd', via: program(input) })];
  if (msg === 'Containerd is now running' || msg === 'containerd is now running') return [draft(input, 'daemon.started', [], { daemon: 'containerd', via: program(input) })];
  // pkg/daemons/agent/agent_linux.go startKubelet: logrus.Infof("Running kubelet %s", config.ArgString(args)), the
  // kubelet run in-process with its flags; kubelet's own "Started kubelet" follows.
  if (msg.startsWith('Running kubelet --')) return [draft(input, 'daemon.starting', [], { daemon: 'kubelet', via: program(input) })];
  return [];
}

export const k3s: Component = {
  id: 'k3s',
  gate: { body: 'logrus', keywords: ['Starting k3s ', 'Starting rke2 ', ' is up and running', 'Running containerd -', 'ontainerd is now running', 'Running kubelet --'] },
  recognize(input) {
    const msg = input.logrus?.msg;
    return msg === undefined ? [] : read(input, msg);
  },
};
