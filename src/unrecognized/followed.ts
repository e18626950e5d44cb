// Which records are the daemons podmortem follows: the lines a component could have read, so the ones whose
// templates say what podmortem may be blind to when none did.

/**
 * The daemon an identifier names, or null when podmortem does not follow it. `-o with-unit` prints units
 * (`kubelet.service`); k3s and rke2 run containerd and kubelet in one process; microk8s's snap services are
 * `microk8s.daemon-containerd`, `microk8s.daemon-kubelite`; docker ≤ 1.11 logged as `docker`, RHEL's as
 * `dockerd-current`; containerd's shims as `containerd-shim*`; cri-dockerd's unit is `cri-docker.service`.
 */
export function followedDaemon(ident: string | null): string | null {
  if (ident === null || ident === '') return null;
  const name = ident.endsWith('.service') ? ident.slice(0, -8) : ident;
  switch (name) {
    case 'dockerd':
    case 'docker':
    case 'dockerd-current':
    case 'containerd':
    case 'cri-dockerd':
    case 'cri-docker':
    case 'kubelet':
    case 'k3s':
    case 'k3s-agent':
    case 'rke2':
    case 'rke2-agent':
    case 'rke2-server':
      return name;
  }
  if (name.startsWith('containerd-shim')) return 'containerd-shim';
  if (name.startsWith('microk8s.daemon-') || name.startsWith('snap.microk8s.daemon-')) return name.slice(name.indexOf('daemon-'));
  return null;
}

/**
 * The daemon of a record in a plain log file (no journal identifier to go by): the file's daemon when its name
 * says (see identFromPath), else by the body's shape: logrus (`time="…" level=…`, `INFO[0000] …`) or klog.
 */
export function plainFileDaemon(ident: string | null, message: string): string | null {
  const named = followedDaemon(ident);
  if (named !== null) return named;
  if (message.startsWith('time="') || /^(?:TRAC|DEBU|INFO|WARN|ERRO|FATA|PANI)\[/.test(message)) return 'logrus';
  if (/^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ \S+:\d+\]/.test(message)) return 'klog';
  return null;
}
