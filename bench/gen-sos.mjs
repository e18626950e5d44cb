// The small files of a sos report around its journal, for the bench: /proc and /sys values, /etc configs,
// sos_commands outputs and a few small logs, ~2,000 of them per node as sos collects. Deterministic per seed.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { prng } from './gen.mjs';

const IFACES = ['eth0', 'eth1', 'lo', 'cni0', 'docker0', 'flannel.1'];
const SYSCTLS = ['forwarding', 'rp_filter', 'accept_redirects', 'send_redirects', 'arp_ignore', 'arp_announce', 'proxy_arp', 'route_localnet', 'disable_ipv6', 'mtu'];
const UNITS = ['kubelet', 'docker', 'containerd', 'cri-docker', 'sshd', 'crond', 'chronyd', 'rsyslog', 'NetworkManager', 'firewalld'];
const PLUGINS = { networking: ['ip_-d_address', 'ip_-s_link', 'ip_route_show_table_all', 'ss_-peaonmi', 'netstat_-neopa'], process: ['ps_auxwww', 'ps_-elfL', 'lsof_-b_M_-n_-l'], kernel: ['uname_-a', 'lsmod', 'sysctl_-a', 'dmesg'], systemd: ['systemctl_list-units', 'systemctl_list-unit-files', 'systemd-analyze_blame'], docker: ['docker_ps_-a', 'docker_images', 'docker_info', 'docker_network_ls'] };

/** `n` lines of `make(i)`, joined. */
const lines = (n, make) => Array.from({ length: n }, (_, i) => make(i)).join('\n') + '\n';

/**
 * Write `count` small files under `root` (sizes mostly under 1 KB, a few tens of KB), as sos lays them out.
 * Returns the number of files written.
 */
export function writeSmallFiles({ root, seed, count }) {
  const rnd = prng(seed);
  const pick = (list) => list[(rnd() * list.length) | 0];
  const num = (n) => (rnd() * n) | 0;
  const files = [];
  const add = (rel, text) => files.length < count && files.push([rel, text]);
  // sos_commands outputs: a handful of commands per plugin, some long.
  for (const [plugin, cmds] of Object.entries(PLUGINS)) for (const c of cmds) add(`sos_commands/${plugin}/${c}`, lines(20 + num(300), (i) => `${c.split('_')[0]} ${i} ${pick(IFACES)} ${num(1e6)} ${num(65536)} state ${pick(['UP', 'DOWN', 'UNKNOWN'])}`));
  // /etc: unit files and configs.
  for (const u of UNITS) {
    add(`etc/systemd/system/${u}.service`, `[Unit]\nDescription=${u}\nAfter=network-online.target\n\n[Service]\nExecStart=/usr/bin/${u}\nRestart=always\nRestartSec=${1 + num(10)}\n\n[Install]\nWantedBy=multi-user.target\n`);
    add(`etc/sysconfig/${u}`, lines(3 + num(20), (i) => `# option ${i}\n${u.toUpperCase()}_OPT_${i}="--flag-${num(100)}"`));
  }
  add('etc/hosts', '127.0.0.1 localhost\n::1 localhost\n10.0.0.5 node-a\n');
  add('etc/resolv.conf', 'search cluster.local\nnameserver 10.0.0.2\n');
  for (let i = 0; i < 40; i++) add(`etc/sysctl.d/${10 + i}-tuning.conf`, lines(1 + num(8), (k) => `net.ipv4.conf.${pick(IFACES)}.${pick(SYSCTLS)} = ${num(2)}  # ${k}`));
  for (let i = 0; i < 30; i++) add(`etc/kubernetes/manifests/pod-${i}.yaml`, lines(10 + num(40), (k) => `${' '.repeat((k % 4) * 2)}key${k}: value-${num(1e4)}`));
  // Small logs: a few lines each, in formats nothing reads.
  for (let i = 0; i < 30; i++) add(`var/log/app-${i}.log`, lines(1 + num(50), (k) => `2024-09-10 08:${String(k % 60).padStart(2, '0')}:00,${num(1000)} INFO [worker-${num(8)}] job ${num(1e5)} done`));
  // /proc and /sys: one value a file, most of the report's files.
  for (let i = 0; files.length < count; i++) {
    const ifc = IFACES[i % IFACES.length];
    const key = SYSCTLS[Math.floor(i / IFACES.length) % SYSCTLS.length];
    const round = Math.floor(i / (IFACES.length * SYSCTLS.length));
    if (i % 3 === 0) add(`proc/sys/net/ipv4/conf/${ifc}/${key}${round ? `_${round}` : ''}`, `${num(2)}\n`);
    else if (i % 3 === 1) add(`sys/class/net/${ifc}/statistics/${key}_${round}`, `${num(1e9)}\n`);
    else add(`proc/${1000 + i}/status`, lines(12 + num(20), (k) => `Field${k}:\t${num(1e6)} kB`));
  }
  for (const [rel, text] of files) {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return files.length;
}

/**
 * Write a .tar of one sos folder holding `count` small members nothing reads (/proc and /sys values) around a
 * hostname: what a report collected from a big /proc or /sys looks like to discovery. Streams; returns the path.
 */
export async function writeManyMembers({ file, count, seed = 1 }) {
  const { pack } = await import('tar-stream');
  const { createWriteStream } = await import('node:fs');
  const { pipeline } = await import('node:stream/promises');
  const rnd = prng(seed);
  const top = 'sosreport-node-m-2024-09-10-many';
  const tar = pack();
  const done = pipeline(tar, createWriteStream(file));
  const entry = (name, text) => new Promise((resolve, reject) => tar.entry({ name: `${top}/${name}`, mtime: new Date(Date.UTC(2024, 8, 10)) }, text, (e) => (e ? reject(e) : resolve())));
  await entry('hostname', 'node-m\n');
  for (let i = 0; i < count; i++) {
    const dir = Math.floor(i / 1000);
    await entry(i % 2 === 0 ? `proc/${10000 + dir}/task/${i}/stat` : `sys/devices/virtual/net/veth${dir}/queues/rx-${i}/rps_cpus`, `${(rnd() * 1e9) | 0}\n`);
  }
  tar.finalize();
  await done;
  return file;
}
