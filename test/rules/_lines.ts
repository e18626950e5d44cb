// Journal, iptables and lease lines in the exact shapes the real programs print (copied from the
// sos-short-precise-zh-deploy dev bundle and the hostport sample), with the ID and time as parameters.

export const HOST = 'bog-edge-04';
export const NET = 'kube-bridge';

/** `journalctl -o short-precise` prefix, C locale, America/Bogota. */
const at = (t: string, ident: string, pid: number): string => `Aug 19 ${t}.${'5'.repeat(6)} ${HOST} ${ident}[${pid}]: `;

export const resolv = (t: string, id: string): string =>
  at(t, 'cri-dockerd', 1612) + `time="2025-08-19T${t}-05:00" level=info msg="Will attempt to re-write config file /var/lib/docker/containers/${id}/resolv.conf as [nameserver 10.96.0.10 search traefik.svc.cluster.local svc.cluster.local cluster.local options ndots:5]"`;
export const taskDelete = (t: string, id: string): string =>
  at(t, 'dockerd', 1046) + `time="2025-08-19T${t}.020188407-05:00" level=info msg="ignoring event" container=${id} module=libcontainerd namespace=moby topic=/tasks/delete type="*events.TaskDelete"`;
export const shimDisconnected = (t: string, id: string): string =>
  at(t, 'containerd', 633) + `time="2025-08-19T${t}.022354167-05:00" level=info msg="shim disconnected" id=${id} namespace=moby`;
export const shimCleanup = (t: string, id: string): string =>
  at(t, 'containerd', 633) + `time="2025-08-19T${t}.022469433-05:00" level=warning msg="cleaning up after shim disconnected" id=${id} namespace=moby`;
export const deadShim = (t: string): string => at(t, 'containerd', 633) + `time="2025-08-19T${t}.027452785-05:00" level=info msg="cleaning up dead shim" namespace=moby`;
export const stopFailed = (t: string, id: string): string =>
  at(t, 'cri-dockerd', 1612) + `time="2025-08-19T${t}-05:00" level=error msg="Failed to stop sandbox ${id}: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"`;
export const addFailed = (t: string, id: string): string =>
  at(t, 'cri-dockerd', 1612) +
  `time="2025-08-19T${t}-05:00" level=error msg="Error adding pod iot/mqtt-broker-gmjrldxcn5-hjndf to network {docker ${id}}:/proc/52871/ns/net:bridge:${NET}: plugin type=\\"portmap\\" failed (add): unable to setup DNAT: running [/usr/sbin/iptables -t nat -N CNI-DN-978fd9934a8e31ca14e1f --wait]: exit status 4: iptables: Resource temporarily unavailable.\\n"`;
/**
 * containerd's CRI lines for one sandbox's stop and removal, in the shapes containerd 1.6 printed in
 * containerd/containerd#7276 (`StopPodSandbox for …`, `TearDown network … successfully`, `RemovePodSandbox …`).
 */
const cri = (t: string, frac: string, msg: string): string => at(t, 'containerd', 633) + `time="2025-08-19T${t}.${frac}-05:00" level=info msg="${msg}"`;
export const criStopped = (t: string, id: string): string[] => [
  cri(t, '911464274', `StopPodSandbox for \\"${id}\\"`),
  cri(t, '911703268', `TearDown network for sandbox \\"${id}\\" successfully`),
  cri(t, '911739191', `StopPodSandbox for \\"${id}\\" returns successfully`),
];
export const criRemoveAsked = (t: string, id: string): string => cri(t, '912158317', `RemovePodSandbox for \\"${id}\\"`);
export const criRemoved = (t: string, id: string): string => cri(t, '916186205', `RemovePodSandbox \\"${id}\\" returns successfully`);
/**
 * containerd's start line, which names its version (cmd/containerd/command/main.go: `starting containerd`
 * revision=<commit> version=<version>; the sample of samples/rules/teardown-skipped-silently/): what a rule's
 * `when: { containerd: … }` reads. Give a release's real commit (v1.7.24 = 88bf19b2…, v1.7.31 = 96caa5df…).
 */
export const containerdStarting = (t: string, version: string, revision: string): string =>
  at(t, 'containerd', 633) + `time="2025-08-19T${t}.014766417-05:00" level=info msg="starting containerd" revision=${revision} version=${version}`;
export const dockerStopping = (t: string): string => at(t, 'systemd', 1) + 'Stopping docker.service - Docker Application Container Engine...';
export const dockerSignal = (t: string): string => at(t, 'dockerd', 1046) + `time="2025-08-19T${t}.322798965-05:00" level=info msg="Processing signal 'terminated'"`;
export const dockerDown = (t: string): string => at(t, 'dockerd', 1046) + `time="2025-08-19T${t}.720421513-05:00" level=info msg="Daemon shutdown complete"`;
export const dockerStopped = (t: string): string => at(t, 'systemd', 1) + 'Stopped docker.service - Docker Application Container Engine.';

/** A routine exit: dockerd's task delete and containerd's shim lines a few ms apart. */
export const routineExit = (t: string, id: string): string[] => [taskDelete(t, id), shimDisconnected(t, id), shimCleanup(t, id), deadShim(t)];

export const journal = (...lines: (string | string[])[]): string => lines.flat().join('\n') + '\n';

/** `iptables-save -t nat` with one CNI-HOSTPORT-DNAT jump per [id, chain, ip, ports] (real portmap rule shapes). */
export function iptablesSave(jumps: [string, string, string, number[]][]): string {
  const out = ['# Generated by iptables-save v1.8.9 (nf_tables) on Tue Aug 19 15:02:37 2025', '*nat', ':PREROUTING ACCEPT [0:0]', ':CNI-HOSTPORT-DNAT - [0:0]'];
  for (const [, chain] of jumps) out.push(`:${chain} - [0:0]`);
  out.push('-A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT');
  for (const [, chain, ip, ports] of jumps)
    for (const p of ports) {
      out.push(`-A ${chain} -s 10.42.3.0/24 -p tcp -m tcp --dport ${p} -j CNI-HOSTPORT-SETMARK`);
      out.push(`-A ${chain} -s 127.0.0.1/32 -p tcp -m tcp --dport ${p} -j CNI-HOSTPORT-SETMARK`);
      out.push(`-A ${chain} -p tcp -m tcp --dport ${p} -j DNAT --to-destination ${ip}:${p}`);
    }
  for (const [id, chain, , ports] of jumps)
    out.push(`-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"${NET}\\" id: \\"${id}\\"" -m multiport --dports ${ports.join(',')} -j ${chain}`);
  out.push('COMMIT', '# Completed on Tue Aug 19 15:02:37 2025');
  return out.join('\n') + '\n';
}

/** host-local lease file content: "<id>\r\neth0", no trailing newline. */
export const lease = (id: string): string => `${id}\r\neth0`;

export const SOS_DATE = 'Tue Aug 19 15:02:37 -05 2025\n';

/** journalctl's line where _BOOT_ID changes (systemd ≥ 250), and systemd 219's. */
export const bootMarker = (id: string): string => `-- Boot ${id} --`;
export const REBOOT_MARKER = '-- Reboot --';
/** The kernel banner as journald stores it (identifier "kernel", no PID): CentOS 7.9's, from a real /var/log/messages. */
export const kernelBanner = (t: string): string =>
  `Aug 19 ${t}.${'5'.repeat(6)} ${HOST} kernel: Linux version 3.10.0-1160.el7.x86_64 (mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5 20150623 (Red Hat 4.8.5-44) (GCC) ) #1 SMP Mon Oct 19 16:18:59 UTC 2020`;
export const journaldStarted = (t: string): string => at(t, 'systemd-journald', 312) + 'Journal started';
