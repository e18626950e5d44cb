// dockerd (moby): daemon lifecycle and the task-delete line that follows every container stop (catalogue §4).

import { draft, type Component } from './types.js';

const SIGNAL = /^Processing signal '(\w+)'/;
const FORCED_OLD = /^Container ([0-9a-f]{64}) failed to exit within/;
const OLD_VERSION = /^docker daemon: (\d+\.\d+\.\d+\S*) (\S+); execdriver: /;

export const dockerd: Component = {
  id: 'dockerd',
  gate: { body: 'logrus', keywords: ['ignoring event', 'task-delete', 'Starting up', 'Daemon has completed', 'API listen on', 'Processing signal', 'Daemon shutdown complete', 'failed to exit within', 'Docker daemon', 'docker daemon: '] },
  recognize(input) {
    const l = input.logrus;
    if (!l) return [];
    const msg = l.msg;
    const f = l.fields;
    // libcontainerd: "ignoring event" container=<id> topic=/tasks/delete (v20.10 → v29.2);
    // docker-v29.3+ logs "received task-delete event from containerd" instead.
    if ((msg === 'ignoring event' || msg === 'received task-delete event from containerd') && f.topic === '/tasks/delete')
      return [draft(input, 'task.deleted', [f.container], { namespace: f.namespace ?? null })];
    // The same line with its end chopped by the pager (">" in the last column) before topic=: logrus sorts the
    // fields, so container= comes first, and libcontainerd logs container= only in its TaskDelete case (client.go:869
    // in v20.10.0, :714 in v24.0.0, :689 in docker-v29.2.0; other topics log topic= and type= alone). A whole ID there
    // is a task delete, exactly; a cut one is no ID and gives nothing.
    if (msg === 'ignoring event' && f.topic === undefined && f.container !== undefined && /^[0-9a-f]{64}$/.test(f.container))
      return [draft(input, 'task.deleted', [f.container], { namespace: f.namespace ?? null, cut: true })];
    // daemon/daemon.go NewDaemon, once initialised: "Docker daemon" commit=… version=… (1.x–29.x; the fields beside
    // the version changed: graphdriver(s)=, storage-driver=, containerd-snapshotter=).
    if (msg === 'Docker daemon' && f.version) return [draft(input, 'version.seen', [], { software: 'dockerd', version: f.version, commit: f.commit ?? null, via: 'self' })];
    // Before that (docker/daemon.go, logrus 1.4–1.6): log.Infof("docker daemon: %s %s; execdriver: %s; graphdriver: %s",
    // dockerversion.VERSION, dockerversion.GITCOMMIT, …) (`daemon.go:57` in v1.4.0, `:108` in v1.5.0, `:113` in v1.6.0).
    const old15 = OLD_VERSION.exec(msg);
    if (old15) return [draft(input, 'version.seen', [], { software: 'dockerd', version: old15[1]!, commit: old15[2]!, via: 'self' })];
    if (msg === 'Starting up') return [draft(input, 'daemon.starting', [], { daemon: 'dockerd', via: 'self' })];
    if (msg.startsWith('API listen on ')) return [draft(input, 'daemon.started', [], { daemon: 'dockerd', via: 'self', listen: msg.slice(14) })];
    if (msg === 'Daemon has completed initialization') return [draft(input, 'daemon.started', [], { daemon: 'dockerd', via: 'self' })];
    const s = SIGNAL.exec(msg);
    if (s) return [draft(input, 'daemon.stopping', [], { daemon: 'dockerd', via: 'self', signal: s[1]! })];
    if (msg === 'Daemon shutdown complete') return [draft(input, 'daemon.stopped', [], { daemon: 'dockerd', via: 'self' })];
    if (msg.startsWith('Container failed to exit within') && msg.includes('using the force'))
      return [draft(input, 'container.stop.forced', [f.container])];
    const old = FORCED_OLD.exec(msg);
    if (old) return [draft(input, 'container.stop.forced', [old[1]])];
    return [];
  },
};
