// Deterministic generator of large node bundles for `npm run bench`: journals in short and json renderings,
// sos folders with an iptables-save dump, and the findings the generator planted in them.
//
// Everything streams to disk in ~1 MiB writes; nothing grows with the size but the list of sandboxes.

import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

/** mulberry32: small, fast, good enough for synthetic logs; the same seed gives the same bytes. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = '0123456789abcdef';
const ALNUM = 'bcdfghjklmnpqrstvwxz2456789';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** Hosts print local time at UTC+08:00 (CST), like the seed report. */
const OFFSET_US = 8 * 3600 * 1_000_000;
const NETWORK = 'cbr0';

const p2 = (n) => (n < 10 ? '0' + n : '' + n);
const p6 = (n) => String(n).padStart(6, '0');
const p9 = (n) => String(n).padStart(9, '0');

function dnatChain(network, id) {
  return ('CNI-DN-' + createHash('sha512').update(network + id).digest('hex')).slice(0, 28);
}

class Ids {
  constructor(rnd) {
    this.rnd = rnd;
  }
  hex(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += HEX[(this.rnd() * 16) | 0];
    return s;
  }
  word(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += ALNUM[(this.rnd() * ALNUM.length) | 0];
    return s;
  }
  uid() {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-a${this.hex(3)}-${this.hex(12)}`;
  }
  pick(list) {
    return list[(this.rnd() * list.length) | 0];
  }
}

const NAMESPACES = ['default', 'kube-system', 'monitoring', 'ingress', 'payments', 'search', 'batch', 'logging'];
const APPS = ['api', 'web', 'worker', 'cache', 'indexer', 'relay', 'exporter', 'gateway', 'scheduler', 'billing'];

/** Per-second caches of the printed clocks: most lines share their second with the previous one. */
class Clock {
  constructor() {
    this.sec = -1;
  }
  at(us) {
    const sec = Math.floor(us / 1e6);
    if (sec !== this.sec) {
      this.sec = sec;
      const d = new Date(sec * 1000 + OFFSET_US / 1000);
      const mo = d.getUTCMonth();
      const day = d.getUTCDate();
      const hms = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
      this.short = `${MONTHS[mo]} ${day < 10 ? ' ' + day : day} ${hms}`;
      this.klogDay = `${p2(mo + 1)}${p2(day)} ${hms}`;
      this.iso = `${d.getUTCFullYear()}-${p2(mo + 1)}-${p2(day)}T${hms}`;
    }
    return this;
  }
}

/**
 * One node's journal as a stream of records in time order: routine noise from kubelet, dockerd, containerd,
 * kernel and systemd, sandbox lifecycles, and the planted broken teardowns and stale DNAT jumps.
 */
export class NodeJournal {
  /**
   * @param {object} o
   * @param {string} o.host
   * @param {number} o.seed
   * @param {number} o.bytes target size of the short rendering (json renderings hold the same records, ~3x the bytes)
   * @param {number} o.sandboxes routine sandbox lifecycles
   * @param {number} o.broken broken teardowns with a surviving jump
   * @param {number} o.stale routine exits whose jump survived
   * @param {number} o.shadowed broken teardowns whose hostPort a later live sandbox reuses
   * @param {number} o.liveHostPort live sandboxes with hostPorts (no finding)
   * @param {number} o.lineBytes average short line length, to spread lifecycles over the file
   */
  constructor(o) {
    this.o = o;
    this.rnd = prng(o.seed);
    this.ids = new Ids(this.rnd);
    this.clock = new Clock();
    // 2024-09-10 00:00:00 UTC: no year rollover however long the file.
    this.us = Date.UTC(2024, 8, 10, 0, 0, 0) * 1000 + Math.floor(this.rnd() * 1e6);
    this.expectedLines = o.bytes / o.lineBytes;
    this.stepUs = 5000; // mean gap between records: 200 records/s
    this.spanUs = this.expectedLines * this.stepUs;
    this.queue = []; // [us, kind, data] min-heap on us
    this.pods = [];
    for (let i = 0; i < 160; i++) this.pods.push(this.newPod());
    this.pids = { kubelet: 1789, dockerd: 1046, containerd: 633, 'cri-dockerd': 1612, systemd: 1, 'systemd-logind': 812, sshd: 0, crond: 0 };
    this.jumps = []; // surviving CNI-HOSTPORT-DNAT jumps in portmap order
    this.findings = [];
    this.nextPort = 30000;
    this.session = 100;
    this.plan();
  }

  newPod() {
    const ids = this.ids;
    const app = ids.pick(APPS);
    return { ns: ids.pick(NAMESPACES), name: `${app}-${ids.word(10)}-${ids.word(5)}`, uid: ids.uid(), app, cid: ids.hex(64), sid: ids.hex(64), ip: `10.88.${(this.rnd() * 250) | 0}.${2 + ((this.rnd() * 250) | 0)}` };
  }

  push(us, kind, data) {
    const q = this.queue;
    q.push([us, kind, data]);
    let i = q.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (q[p][0] <= q[i][0]) break;
      [q[p], q[i]] = [q[i], q[p]];
      i = p;
    }
  }

  pop() {
    const q = this.queue;
    const top = q[0];
    const last = q.pop();
    if (q.length > 0) {
      q[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < q.length && q[l][0] < q[m][0]) m = l;
        if (r < q.length && q[r][0] < q[m][0]) m = r;
        if (m === i) break;
        [q[m], q[i]] = [q[i], q[m]];
        i = m;
      }
    }
    return top;
  }

  /** Spread every sandbox's start over the first 80% of the file; each lives 1-15% of the file's span. */
  plan() {
    const o = this.o;
    const kinds = [];
    for (let i = 0; i < o.sandboxes; i++) kinds.push('routine');
    for (let i = 0; i < o.broken; i++) kinds.push('broken');
    for (let i = 0; i < o.stale; i++) kinds.push('stale');
    for (let i = 0; i < o.shadowed; i++) kinds.push('shadowed');
    for (let i = 0; i < o.liveHostPort; i++) kinds.push('live');
    // Deterministic shuffle.
    for (let i = kinds.length - 1; i > 0; i--) {
      const j = (this.rnd() * (i + 1)) | 0;
      [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
    }
    const t0 = this.us;
    kinds.forEach((kind, i) => {
      const start = t0 + Math.floor(((i + 0.5) / kinds.length) * 0.8 * this.spanUs);
      const pod = this.newPod();
      pod.kind = kind;
      pod.life = Math.floor((0.01 + this.rnd() * 0.14) * this.spanUs);
      if (kind !== 'routine') pod.ports = [this.nextPort++, this.nextPort++];
      this.push(start, 'sandbox.add', pod);
      if (kind === 'shadowed') {
        // The pod comes back on the same hostPorts after the broken teardown, and stays.
        const again = this.newPod();
        again.kind = 'live';
        again.ports = pod.ports;
        again.ns = pod.ns;
        again.name = pod.name.replace(/-\w+$/, '-' + this.ids.word(5));
        this.push(start + pod.life + 30_000_000, 'sandbox.add', again);
      }
    });
  }

  /** Feed every record to `emit(us, ident, pid, message)` until the short rendering reaches the target size. */
  run(emit, bytesSoFar) {
    for (;;) {
      this.us += 1 + Math.floor(this.rnd() * 2 * this.stepUs);
      while (this.queue.length > 0 && this.queue[0][0] <= this.us) {
        const [us, kind, data] = this.pop();
        this.lifecycle(us, kind, data, emit);
      }
      if (bytesSoFar() >= this.o.bytes) break;
      this.noise(emit);
    }
    // Drain what is still planned (teardowns of late sandboxes), then stop.
    while (this.queue.length > 0) {
      const [us, kind, data] = this.pop();
      if (us > this.us) this.us = us;
      this.lifecycle(this.us, kind, data, emit);
      this.us += 1000;
    }
    return this.us;
  }

  klog(level, file, text) {
    const c = this.clock.at(this.us);
    return `${level}${c.klogDay}.${p6(this.us % 1e6)}    1789 ${file}] ${text}`;
  }

  logrus(level, text, fine = true) {
    const c = this.clock.at(this.us);
    const t = fine ? `${c.iso}.${p9((this.us % 1e6) * 1000 + ((this.rnd() * 1000) | 0))}+08:00` : `${c.iso}+08:00`;
    return `time="${t}" level=${level} msg=${text}`;
  }

  noise(emit) {
    const r = this.rnd() * 100;
    const ids = this.ids;
    const pod = this.pods[(this.rnd() * this.pods.length) | 0];
    const pp = `${pod.ns}/${pod.name}`;
    const k = 'kubelet';
    if (r < 9) return emit(this.us, k, 1789, this.klog('I', 'prober.go:107', `"Probe failed" probeType="Readiness" pod="${pp}" podUID="${pod.uid}" containerName="${pod.app}" probeResult="failure" output="HTTP probe failed with statuscode: 503"`));
    if (r < 15) return emit(this.us, k, 1789, this.klog('I', 'kubelet.go:2542', `"SyncLoop (probe)" probe="readiness" status="ready" pod="${pp}"`));
    if (r < 23) return emit(this.us, k, 1789, this.klog('I', 'reconciler_common.go:258', `"operationExecutor.VerifyControllerAttachedVolume started for volume \\"kube-api-access-${pod.name.slice(-5)}\\" (UniqueName: \\"kubernetes.io/projected/${pod.uid}-kube-api-access-${pod.name.slice(-5)}\\") pod \\"${pod.name}\\" (UID: \\"${pod.uid}\\") " pod="${pp}"`));
    if (r < 31) return emit(this.us, k, 1789, this.klog('I', 'operation_generator.go:721', `"MountVolume.SetUp succeeded for volume \\"config\\" (UniqueName: \\"kubernetes.io/configmap/${pod.uid}-config\\") pod \\"${pod.name}\\" (UID: \\"${pod.uid}\\") " pod="${pp}"`));
    if (r < 35) return emit(this.us, k, 1789, this.klog('W', 'kubelet_pods.go:1082', `"Unable to retrieve pull secret, the image pull may not succeed." pod="${pp}" secret="" err="secret \\"regcred\\" not found"`));
    if (r < 38) return emit(this.us, k, 1789, this.klog('I', 'kubelet_volumes.go:163', `"Cleaned up orphaned pod volumes dir" podUID="${pod.uid}" path="/var/lib/kubelet/pods/${pod.uid}/volumes"`));
    if (r < 40) return emit(this.us, k, 1789, this.klog('I', 'kubelet.go:2447', `"SyncLoop UPDATE" source="api" pods=["${pp}"]`));
    if (r < 42) return emit(this.us, k, 1789, this.klog('E', 'cadvisor_stats_provider.go:501', `"Partial failure issuing cadvisor.ContainerInfoV2" err="partial failures: [\\"/kubepods/burstable/pod${pod.uid}/${pod.cid}\\": RecentStats: unable to find data in memory cache]"`));
    if (r < 43) return emit(this.us, k, 1789, this.klog('I', 'scope.go:117', `"RemoveContainer" containerID="${ids.hex(64)}"`));
    if (r < 44) return emit(this.us, k, 1789, this.klog('I', 'generic.go:334', `"Generic (PLEG): container finished" podID="${pod.uid}" containerID="${pod.cid}" exitCode=0`));
    if (r < 45) return emit(this.us, k, 1789, this.klog('E', 'log_stats.go:74', `"Unable to fetch pod log stats" err="open /var/log/pods/${pod.ns}_${pod.name}_${pod.uid}: no such file or directory" pod="${pp}"`));
    if (r < 49) return emit(this.us, 'dockerd', 1046, this.logrus('error', `"Handler for GET /v1.43/containers/${ids.hex(12)}/json returned error: No such container: ${ids.hex(12)}"`));
    if (r < 52) return emit(this.us, 'dockerd', 1046, this.logrus('info', `"Layer sha256:${ids.hex(64)} cleaned up"`));
    if (r < 53) return emit(this.us, 'dockerd', 1046, this.logrus('warning', '"Published ports are discarded when using host network mode"'));
    if (r < 59) return emit(this.us, 'containerd', 633, this.logrus('info', `"loading plugin \\"io.containerd.ttrpc.v1.task\\"..." runtime=io.containerd.runc.v2 type=io.containerd.ttrpc.v1`));
    if (r < 63) return emit(this.us, 'containerd', 633, this.logrus('info', `"starting signal loop" namespace=moby path=/run/containerd/io.containerd.runtime.v2.task/moby/${pod.cid} pid=${10000 + ((this.rnd() * 50000) | 0)} runtime=io.containerd.runc.v2`));
    if (r < 65) return emit(this.us, 'containerd', 633, this.logrus('info', `"cleaning up dead shim" namespace=moby`));
    if (r < 68) return emit(this.us, 'kernel', null, `cni0: port ${1 + ((this.rnd() * 40) | 0)}(veth${ids.hex(8)}) entered ${this.rnd() < 0.5 ? 'forwarding' : 'blocking'} state`);
    if (r < 70) return emit(this.us, 'kernel', null, `IPVS: rr: TCP 10.96.${(this.rnd() * 200) | 0}.${(this.rnd() * 200) | 0}:443 - no destination available`);
    if (r < 72) return emit(this.us, 'kernel', null, `IPv4: martian source ${pod.ip} from 10.88.0.1, on dev eth0`);
    if (r < 73) return emit(this.us, 'kernel', null, 'nf_conntrack: nf_conntrack: table full, dropping packet');
    if (r < 82) return emit(this.us, 'systemd', 1, `run-docker-runtime\\x2drunc-moby-${pod.cid}-runc.${ids.word(6)}.mount: Deactivated successfully.`);
    if (r < 89) return emit(this.us, 'systemd', 1, `var-lib-docker-overlay2-${ids.hex(64)}\\x2dinit-merged.mount: Deactivated successfully.`);
    if (r < 90) {
      const s = this.session++;
      emit(this.us, 'systemd-logind', 812, `New session ${s} of user root.`);
      return emit(this.us, 'systemd', 1, `Started Session ${s} of User root.`);
    }
    if (r < 91) return emit(this.us, 'sshd', 20000 + ((this.rnd() * 30000) | 0), `Accepted publickey for root from 10.0.0.${(this.rnd() * 250) | 0} port ${40000 + ((this.rnd() * 20000) | 0)} ssh2: RSA SHA256:${ids.word(43)}`);
    if (r < 92) return emit(this.us, 'crond', 20000 + ((this.rnd() * 30000) | 0), '(root) CMD (/usr/lib64/sa/sa1 1 1)');
    if (r < 92.05) return emit(this.us, 'bash', 4242, `node-check: disk usage report\n/dev/vda1 ${(this.rnd() * 100) | 0}% /\n/dev/vdb1 ${(this.rnd() * 100) | 0}% /var/lib/docker`);
    if (r < 96) return emit(this.us, k, 1789, this.klog('I', 'kubelet_getters.go:187', `"Pod status updated" pod="${pp}" status="Running"`));
    return emit(this.us, 'dockerd', 1046, this.logrus('info', `"Attempting next endpoint for pull after error: manifest unknown: manifest unknown"`));
  }

  /** The routine exit of one container: dockerd's task delete and containerd's shim lines, microseconds apart. */
  exit(emit, id, withTaskDelete) {
    if (withTaskDelete) emit(this.us, 'dockerd', 1046, this.logrus('info', `"ignoring event" container=${id} module=libcontainerd namespace=moby topic=/tasks/delete type="*events.TaskDelete"`));
    this.us += 2000 + ((this.rnd() * 8000) | 0);
    emit(this.us, 'containerd', 633, this.logrus('info', `"shim disconnected" id=${id} namespace=moby`));
    this.us += 100;
    emit(this.us, 'containerd', 633, this.logrus('warning', `"cleaning up after shim disconnected" id=${id} namespace=moby`));
    this.us += 5000;
    emit(this.us, 'containerd', 633, this.logrus('info', '"cleaning up dead shim" namespace=moby'));
  }

  lifecycle(us, kind, pod, emit) {
    const pp = `${pod.ns}/${pod.name}`;
    const k = 'kubelet';
    if (kind === 'sandbox.add') {
      emit(this.us, k, 1789, this.klog('I', 'kubelet.go:2421', `"SyncLoop ADD" source="api" pods=["${pp}"]`));
      this.us += 50_000;
      emit(this.us, k, 1789, this.klog('I', 'kuberuntime_manager.go:1031', `"No sandbox for pod can be found. Need to start a new one" pod="${pp}"`));
      this.push(this.us + 600_000, 'sandbox.setup', pod);
      return;
    }
    if (kind === 'sandbox.setup') {
      emit(this.us, 'cri-dockerd', 1612, this.logrus('info', `"Will attempt to re-write config file /var/lib/docker/containers/${pod.sid}/resolv.conf as [nameserver 10.96.0.10 search ${pod.ns}.svc.cluster.local svc.cluster.local cluster.local options ndots:5]"`, false));
      emit(this.us, 'containerd', 633, this.logrus('info', `"starting signal loop" namespace=moby path=/run/containerd/io.containerd.runtime.v2.task/moby/${pod.sid} pid=${10000 + ((this.rnd() * 50000) | 0)} runtime=io.containerd.runc.v2`));
      if (pod.ports) this.jumps.push(pod);
      this.push(this.us + 900_000, 'pleg.sandbox', pod);
      return;
    }
    if (kind === 'pleg.sandbox' || kind === 'pleg.app') {
      const id = kind === 'pleg.sandbox' ? pod.sid : pod.cid;
      emit(this.us, k, 1789, this.klog('I', 'kubelet.go:2456', `"SyncLoop (PLEG): event for pod" pod="${pp}" event={"ID":"${pod.uid}","Type":"ContainerStarted","Data":"${id}"}`));
      if (kind === 'pleg.sandbox') this.push(this.us + 1_000_000, 'pleg.app', pod);
      else if (pod.kind !== 'live') this.push(this.us + pod.life, 'teardown', pod);
      return;
    }
    if (kind === 'teardown') {
      emit(this.us, k, 1789, this.klog('I', 'kubelet.go:2437', `"SyncLoop DELETE" source="api" pods=["${pp}"]`));
      this.us += 120_000;
      emit(this.us, k, 1789, this.klog('I', 'kuberuntime_container.go:742', `"Killing container with a grace period" pod="${pp}" podUID="${pod.uid}" containerName="${pod.app}" containerID="docker://${pod.cid}" gracePeriod=30`));
      this.push(this.us + 400_000, 'exit.app', pod);
      return;
    }
    if (kind === 'exit.app') {
      this.exit(emit, pod.cid, true);
      this.push(this.us + 300_000, 'exit.sandbox', pod);
      return;
    }
    if (kind === 'exit.sandbox') {
      const broken = pod.kind === 'broken' || pod.kind === 'shadowed';
      this.exit(emit, pod.sid, !broken);
      this.push(this.us + 600_000, 'pleg.died', pod);
      if (pod.kind === 'routine' && pod.ports) this.jumps.splice(this.jumps.indexOf(pod), 1);
      if (pod.kind === 'broken') this.findings.push({ rule: 'teardown-broke-off', containerId: pod.sid }, { rule: 'stale-hostport-dnat', containerId: pod.sid });
      if (pod.kind === 'shadowed') this.findings.push({ rule: 'teardown-broke-off', containerId: pod.sid }, { rule: 'hostport-dnat-shadowed', containerId: pod.sid });
      if (pod.kind === 'stale') this.findings.push({ rule: 'stale-hostport-dnat', containerId: pod.sid });
      return;
    }
    if (kind === 'pleg.died') {
      for (const id of [pod.cid, pod.sid]) emit(this.us, k, 1789, this.klog('I', 'kubelet.go:2456', `"SyncLoop (PLEG): event for pod" pod="${pp}" event={"ID":"${pod.uid}","Type":"ContainerDied","Data":"${id}"}`));
      this.push(this.us + 2_000_000, 'remove', pod);
      return;
    }
    if (kind === 'remove') {
      emit(this.us, k, 1789, this.klog('I', 'kubelet.go:2431', `"SyncLoop REMOVE" source="api" pods=["${pp}"]`));
    }
  }

  /** The nat table at collection time: the surviving jumps, in portmap's append order. */
  iptablesSave(captureUs) {
    const c = new Clock().at(captureUs);
    const d = new Date(captureUs / 1000 + OFFSET_US / 1000);
    const ctime = `${DAYS[d.getUTCDay()]} ${c.short} ${d.getUTCFullYear()}`;
    const out = [`# Generated by iptables-save v1.8.9 (nf_tables) on ${ctime}`, '*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]'];
    const chains = this.jumps.map((p) => dnatChain(NETWORK, p.sid));
    for (const ch of [...chains].sort()) out.push(`:${ch} - [0:0]`);
    out.push(':CNI-HOSTPORT-DNAT - [0:0]', ':CNI-HOSTPORT-MASQ - [0:0]', ':CNI-HOSTPORT-SETMARK - [0:0]');
    out.push('-A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT', '-A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT', '-A POSTROUTING -m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ');
    this.jumps.forEach((p, i) => {
      for (const port of p.ports) {
        out.push(`-A ${chains[i]} -s 10.88.0.0/16 -p tcp -m tcp --dport ${port} -j CNI-HOSTPORT-SETMARK`);
        out.push(`-A ${chains[i]} -s 127.0.0.1/32 -p tcp -m tcp --dport ${port} -j CNI-HOSTPORT-SETMARK`);
        out.push(`-A ${chains[i]} -p tcp -m tcp --dport ${port} -j DNAT --to-destination ${p.ip}:${port}`);
      }
    });
    this.jumps.forEach((p, i) => out.push(`-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"${NETWORK}\\" id: \\"${p.sid}\\"" -m multiport --dports ${p.ports.join(',')} -j ${chains[i]}`));
    out.push('-A CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE', '-A CNI-HOSTPORT-SETMARK -m comment --comment "CNI portfwd masquerade mark" -j MARK --set-xmark 0x2000/0x2000', 'COMMIT', `# Completed on ${ctime}`);
    return out.join('\n') + '\n';
  }

  dateLine(captureUs) {
    const c = new Clock().at(captureUs);
    const d = new Date(captureUs / 1000 + OFFSET_US / 1000);
    return `${DAYS[d.getUTCDay()]} ${c.short} CST ${d.getUTCFullYear()}\n`;
  }
}

/** Buffered synchronous writer: ~1 MiB writes, byte count kept. */
class Sink {
  constructor(file) {
    this.fd = openSync(file, 'w');
    this.parts = [];
    this.pending = 0;
    this.bytes = 0;
  }
  write(s) {
    this.parts.push(s);
    this.pending += s.length;
    if (this.pending >= 1 << 20) this.flush();
  }
  flush() {
    if (this.parts.length === 0) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    writeSync(this.fd, buf);
    this.bytes += buf.length;
    this.parts = [];
    this.pending = 0;
  }
  close() {
    this.flush();
    closeSync(this.fd);
  }
  size() {
    return this.bytes + this.pending;
  }
}

/** journalctl -o short: "Sep 10 08:00:01 host ident[pid]: message", continuation lines indented to the message. */
function shortRenderer(sink, host, clock) {
  return (us, ident, pid, msg) => {
    const c = clock.at(us);
    const head = `${c.short} ${host} ${ident}${pid === null ? '' : `[${pid}]`}: `;
    if (msg.includes('\n')) {
      const pad = ' '.repeat(Buffer.byteLength(head));
      sink.write(head + msg.split('\n').join('\n' + pad) + '\n');
    } else sink.write(head + msg + '\n');
  };
}

const UNITS = { kubelet: 'kubelet.service', dockerd: 'docker.service', containerd: 'containerd.service', 'cri-dockerd': 'cri-docker.service', sshd: 'sshd.service', crond: 'crond.service', 'systemd-logind': 'systemd-logind.service' };

/** journalctl -o json: one object a line, the fields journald stores for a stdout or syslog stream. */
function jsonRenderer(sink, host, boot, machine) {
  let i = 0;
  const mono0 = 645_871_030_809;
  const t0 = Date.UTC(2024, 8, 10) * 1000;
  return (us, ident, pid, msg) => {
    i++;
    const mono = mono0 + (us - t0);
    const unit = UNITS[ident];
    const kernel = ident === 'kernel';
    let o = `{"__CURSOR":"s=fe46e1fd0e0f43f6b8178dd5ebb79cdf;i=${i.toString(16)};b=${boot};m=${mono.toString(16)};t=${us.toString(16)};x=${(i * 2654435761 >>> 0).toString(16)}","__REALTIME_TIMESTAMP":"${us}","__MONOTONIC_TIMESTAMP":"${mono}","_BOOT_ID":"${boot}","_MACHINE_ID":"${machine}","_HOSTNAME":"${host}","PRIORITY":"6"`;
    if (kernel) o += `,"_TRANSPORT":"kernel","SYSLOG_FACILITY":"0","SYSLOG_IDENTIFIER":"kernel"`;
    else {
      o += `,"_TRANSPORT":"${unit ? 'stdout' : 'journal'}","SYSLOG_FACILITY":"3","SYSLOG_IDENTIFIER":"${ident}","_PID":"${pid}","_UID":"0","_GID":"0","_COMM":"${ident}"`;
      if (unit) o += `,"_SYSTEMD_UNIT":"${unit}","_SYSTEMD_CGROUP":"/system.slice/${unit}","_SYSTEMD_SLICE":"system.slice"`;
    }
    sink.write(o + `,"MESSAGE":${JSON.stringify(msg)}}\n`);
  };
}

/** Sizes of the planted population for a journal of `bytes`: a few thousand sandboxes, grown slower than the bytes. */
export function population(bytes) {
  const scale = Math.sqrt(bytes / (400 * 1024 * 1024));
  return { sandboxes: Math.max(200, Math.round(2000 * scale)), broken: 6, stale: 5, shadowed: 2, liveHostPort: 12 };
}

/**
 * Write one node's sos folder: journal (short or json), iptables-save, hostname, date.
 * Returns { host, findings, journal, records, bytes }.
 */
export function writeNode({ dir, host, seed, bytes, rendering }) {
  const pop = population(bytes);
  const lineBytes = rendering === 'json' ? 760 : 235;
  const node = new NodeJournal({ host, seed, bytes, lineBytes, ...pop });
  const root = path.join(dir, `sosreport-${host}-2024-09-10-${node.ids.word(7)}`);
  mkdirSync(path.join(root, 'sos_commands', 'logs'), { recursive: true });
  mkdirSync(path.join(root, 'sos_commands', 'firewall_tables'), { recursive: true });
  mkdirSync(path.join(root, 'sos_commands', 'date'), { recursive: true });
  const journal = path.join(root, 'sos_commands', 'logs', rendering === 'json' ? 'journalctl_--no-pager_-o_json' : 'journalctl_--no-pager');
  const sink = new Sink(journal);
  let records = 0;
  const render = rendering === 'json' ? jsonRenderer(sink, host, node.ids.hex(32), node.ids.hex(32)) : shortRenderer(sink, host, new Clock());
  const last = node.run(
    (us, ident, pid, msg) => {
      records++;
      render(us, ident, pid, msg);
    },
    () => sink.size(),
  );
  sink.close();
  const capture = last + 90_000_000;
  writeFileSync(path.join(root, 'sos_commands', 'firewall_tables', 'iptables-save'), node.iptablesSave(capture));
  writeFileSync(path.join(root, 'sos_commands', 'date', 'date'), node.dateLine(capture));
  writeFileSync(path.join(root, 'hostname'), host + '\n');
  return { host, root, journal, records, bytes: sink.bytes, findings: node.findings.map((f) => ({ ...f, host })) };
}
