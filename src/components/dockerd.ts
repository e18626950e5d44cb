// dockerd (moby): daemon lifecycle and the task-delete line that follows every container stop (catalogue §4).

import { openMsg } from './logrus.js';
import { draft, type Component } from './types.js';

const STARTED = 'Daemon has completed initialization';
/** The least of STARTED a pager's chop may leave for the line to be read (formats/_cut-readable.ts). */
const CUT_STARTED = 'Daemon has completed i';

const SIGNAL = /^Processing signal '(\w+)'/;
// Its predecessor, pkg/signal/trap.go Trap (logrus 1.4–1.6, `trap.go:32` in v1.4.0–v1.6.0; Go's log.Printf in 1.3, no
// logrus body): log.Infof("Received signal '%v', starting shutdown of docker...", sig). "Processing signal" from v1.7.0.
const SIGNAL_OLD = /^Received signal '(\w+)', starting shutdown of docker\.\.\.$/;
const FORCED_OLD = /^Container ([0-9a-f]{64}) failed to exit within/;
const OLD_VERSION = /^docker daemon: (\d+\.\d+\.\d+\S*) (\S+); execdriver: /;
const LISTENING_OLD = /^Listening for HTTP on (\w+) \((.*)\)$/;
// dockerd starting the containerd it manages (libcontainerd, once the child process is forked):
//   v1.11            remote_linux.go:371   logrus.Infof("New containerd process, pid: %d\n", pid)  (the \n lands in msg)
//   v1.12–v17.09     remote_linux.go:406 / remote_unix.go:418 (v1.13), :429 (v17.06): "libcontainerd: new containerd process, pid: %d"
//   v17.12–v23.0     remote_daemon.go:258 (v17.12), supervisor/remote_daemon.go:223 (v18.09), :229 (v20.10):
//                    WithField("pid", pid).Infof("libcontainerd: started new %s process", binaryName), binaryName
//                    "docker-containerd" until v18.06, "containerd" from v18.09
//   v24.0+           supervisor/remote_daemon.go:216 (v24.0), :213 (v28.5): the same without "libcontainerd: " (module= field)
// containerd's own "starting containerd" follows when it logs to the same stream (1.0+).
const MANAGED_CONTAINERD = /^(?:New containerd process, pid: (\d+)\n?|libcontainerd: new containerd process, pid: (\d+)|(?:libcontainerd: )?started new (?:docker-)?containerd process)$/;

export const dockerd: Component = {
  id: 'dockerd',
  gate: { body: 'logrus', keywords: ['ignoring event', 'task-delete', 'Starting up', 'Daemon has completed', 'API listen on', 'Processing signal', 'starting shutdown of docker', 'Daemon shutdown complete', 'failed to exit within', 'Docker daemon', 'docker daemon: ', 'containerd process', 'Listening for HTTP on'] },
  // Quoted alone (formats/_lone-message.ts): the pre-20.10 forced kill, which names the container whole in its text.
  alone: [/^Container [0-9a-f]{64} failed to exit within \d+ seconds of signal \d+ - using the force$/],
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
    // v17.12–v19.03 log no container= (client_daemon.go:808 in v17.12.0, :851 in v18.09.0, remote/client.go:781 in
    // v19.03.0): the default case of processEventStream, whose subscription (`topic~=|^/tasks/|`) leaves it TaskDelete
    // (and the experimental TaskCheckpointed). Every whole line has topic=; one without it was chopped after module=
    // (formats/_cut-readable.ts lets only that through): the task delete of a container it does not name.
    if (msg === 'ignoring event' && f.topic === undefined && f.container === undefined && f.module !== undefined)
      return [draft(input, 'task.deleted', [], { cut: true })];
    // daemon/daemon.go NewDaemon, once initialised: "Docker daemon" commit=… version=… (1.x–29.x; the fields beside
    // the version changed: graphdriver(s)=, storage-driver=, containerd-snapshotter=).
    if (msg === 'Docker daemon' && f.version) return [draft(input, 'version.seen', [], { software: 'dockerd', version: f.version, commit: f.commit ?? null, via: 'self' })];
    // Before that (docker/daemon.go, logrus 1.4–1.6): log.Infof("docker daemon: %s %s; execdriver: %s; graphdriver: %s",
    // dockerversion.VERSION, dockerversion.GITCOMMIT, …) (`daemon.go:57` in v1.4.0, `:108` in v1.5.0, `:113` in v1.6.0).
    const old15 = OLD_VERSION.exec(msg);
    if (old15) return [draft(input, 'version.seen', [], { software: 'dockerd', version: old15[1]!, commit: old15[2]!, via: 'self' })];
    const managed = MANAGED_CONTAINERD.exec(msg);
    if (managed) {
      const pid = managed[1] ?? managed[2] ?? f.pid ?? null;
      return [draft(input, 'daemon.starting', [], { daemon: 'containerd', via: 'dockerd', pid: pid !== null && /^\d+$/.test(pid) ? Number(pid) : null })];
    }
    if (msg === 'Starting up') return [draft(input, 'daemon.starting', [], { daemon: 'dockerd', via: 'self' })];
    // Its predecessor, api/server/server.go ServeApi: log.Infof("Listening for HTTP on %s (%s)", proto, addr) per -H
    // listener (`server.go:1588` in v1.6.0, `:102` in v1.7.0, `:100` in v1.8.0; "API listen on" from v1.9.0).
    const http = LISTENING_OLD.exec(msg);
    if (http) return [draft(input, 'daemon.started', [], { daemon: 'dockerd', via: 'self', listen: http[2]!, proto: http[1]! })];
    if (msg.startsWith('API listen on ')) return [draft(input, 'daemon.started', [], { daemon: 'dockerd', via: 'self', listen: msg.slice(14) })];
    if (msg === 'Daemon has completed initialization') return [draft(input, 'daemon.started', [], { daemon: 'dockerd', via: 'self' })];
    // The same two lines chopped by the pager inside msg (formats/_cut-readable.ts lets only these words through): no
    // other dockerd message opens with them; an address cut short is none (microsoft/WSL#8939).
    const open = msg === '' ? openMsg(input.rec.message) : null;
    if (open !== null) {
      const said = open.replace(/[>…]$/, '');
      if (said.length >= CUT_STARTED.length && STARTED.startsWith(said)) return [draft(input, 'daemon.started', [], { daemon: 'dockerd', via: 'self', cut: true })];
      if (said.startsWith('API listen on ')) return [draft(input, 'daemon.started', [], { daemon: 'dockerd', via: 'self', listen: null, cut: true })];
    }
    const s = SIGNAL.exec(msg) ?? SIGNAL_OLD.exec(msg);
    if (s) return [draft(input, 'daemon.stopping', [], { daemon: 'dockerd', via: 'self', signal: s[1]! })];
    if (msg === 'Daemon shutdown complete') return [draft(input, 'daemon.stopped', [], { daemon: 'dockerd', via: 'self' })];
    if (msg.startsWith('Container failed to exit within') && msg.includes('using the force'))
      return [draft(input, 'container.stop.forced', [f.container])];
    const old = FORCED_OLD.exec(msg);
    if (old) return [draft(input, 'container.stop.forced', [old[1]])];
    return [];
  },
};
