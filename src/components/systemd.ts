// systemd (PID 1) job lines for the runtime units: when docker, containerd, cri-docker, CRI-O and kubelet stopped or started.

import { unitChar } from './chars.js';
import { draft, type Component } from './types.js';

// CentOS 7 prints the unit description only ("Stopping Docker Application Container Engine..."),
// systemd ≥ 247 prefixes the unit name ("Stopping docker.service - Docker Application Container Engine...").
const JOB = /^(Stopping|Stopped|Starting|Started) (.+?)(?:\.\.\.|\.)?$/;
/**
 * A job line exactly as PID 1 writes it (job.c: "Starting %s...", "Stopping %s...", "Started %s.", "Stopped %s."),
 * its final "." or "..." kept: how a copy that lost the identifier (formats/cloud-logging.ts) tells PID 1's line from
 * another program's words ("Started kubelet", the kubelet's own klog message, has none).
 */
export const SYSTEMD_JOB_LINE = /^(?:(?:Started|Stopped) \S.*\.|(?:Starting|Stopping) \S.*\.\.\.)$/;
const DEACTIVATED = /^([\w@.-]+)\.service: (?:Deactivated successfully|Succeeded)\.$/;
// src/core/service.c service_sigchld_event, logged only when the main process ends in failure (a clean exit is
// LOG_DEBUG): "%s: main process exited, code=%s, status=%i/%s" (systemd 219, CentOS 7), "Main process exited, …"
// from 236. A crash of a running daemon prints no "Stopped" line, so this is the stop; on a restart "Stopped <unit>."
// follows it, as "Stopped" follows "Deactivated successfully" on a clean stop (each line read as what it says).
const MAIN_EXITED = /^([\w@.-]+)\.service: [Mm]ain process exited, code=(\w+), status=(\S+?)\.?$/;
// Not read: job.c's "Failed to start <unit>." and unit.c's "<unit>: Failed with result '<result>'." / systemd 219's
// "Unit <unit> entered failed state.": they follow the main process's exit above and restate it (docs/catalogue.md).

/** The daemon a unit name or description stands for, or null for units we do not follow. */
export function daemonOfUnit(text: string): string | null {
  const t = text.toLowerCase();
  if (/cri-docker|cri interface for docker/.test(t)) return 'cri-dockerd';
  // CRI-O: crio.service (alias cri-o.service); "Container Runtime Interface for OCI (CRI-O)" (contrib/systemd/
  // crio.service), "OCI-based implementation of Kubernetes Container Runtime Interface" (the unit of cri-o's install
  // guide before its packages, kubernetes-incubator/cri-o tutorial.md, CRI-O 1.0-1.1x). Not `crio-<id>.scope` /
  // `crio-conmon-<id>.scope`: one container's transient scope (so the gate below names no bare "crio", which every
  // container start on a CRI-O node logs).
  if (/^cri-?o(\.service)?$|^cri-?o\.service\b|^container runtime interface for oci\b|^oci-based implementation of kubernetes container runtime interface$/.test(t)) return 'crio';
  // Not `docker container <id>` / `docker-<id>.scope`: the transient scope of one container (systemd cgroup driver).
  if (/^docker(\.service)?$|^docker\.service\b|docker application container engine/.test(t)) return 'dockerd';
  // The standalone CRI daemon of containerd/cri 1.0 alphas (2017): cri-containerd.service, "Kubernetes containerd CRI
  // shim" (the unit of its kubernetes-the-hard-way-style install docs).
  if (/^cri-containerd(\.service)?$|^cri-containerd\.service\b|^kubernetes containerd cri shim$/.test(t)) return 'cri-containerd';
  if (/^containerd(\.service)?\b|containerd container runtime/.test(t)) return 'containerd';
  // kubeadm's packages: "kubelet: The Kubernetes Node Agent"; kubernetes-the-hard-way, amazon-eks-ami and kubeasz:
  // "Kubernetes Kubelet" (Fedora's kubernetes-node and contrib/init: "Kubernetes Kubelet Server"); CoreOS's
  // kubelet-wrapper docs: "Kubelet via Hyperkube ACI".
  if (/^kubelet(\.service)?\b|kubernetes node agent|^kubernetes kubelet\b|^kubelet via hyperkube\b/.test(t)) return 'kubelet';
  // k3s and rke2 run the node's kubelet (and start its containerd) under one unit of their own: k3s.service and
  // k3s-agent.service, "Lightweight Kubernetes" (k3s install.sh); rke2-server/-agent.service, "Rancher Kubernetes
  // Engine v2 (server)" (rke2's unit files).
  if (/^k3s(-agent)?(\.service)?$|^k3s(-agent)?\.service\b|^lightweight kubernetes$/.test(t)) return 'k3s';
  if (/^rke2-(server|agent)(\.service)?$|^rke2-(server|agent)\.service\b|^rancher kubernetes engine v2\b/.test(t)) return 'rke2';
  // Snaps (microk8s): unit `snap.<snap>.daemon-<app>.service`, description "Service for snap application
  // <snap>.daemon-<app>"; kubelite is microk8s's one process for kubelet and the control plane.
  // The docker snap names its app without "daemon-": snap.docker.dockerd.service, "… docker.dockerd".
  const snap = /^snap\.[\w-]+\.(?:daemon-)?([\w-]+?)(?:\.service)?$|^service for snap application [\w-]+\.(?:daemon-)?([\w-]+)$/.exec(t);
  const app = snap ? (snap[1] ?? snap[2])! : null;
  if (app === 'containerd') return 'containerd';
  if (app === 'kubelet' || app === 'kubelite') return 'kubelet';
  if (app === 'docker' || app === 'dockerd') return 'dockerd';
  return null;
}

/**
 * PID 1's lines quoted alone (`journalctl -o cat`, a ticket's line): a job line exactly as job.c writes it of a unit
 * we follow, or a followed unit's exit or deactivation; no other program words these so (formats/_lone-message.ts).
 */
const ALONE = [
  { test: (msg: string): boolean => SYSTEMD_JOB_LINE.test(msg) && daemonOfUnit(JOB.exec(msg)![2]!) !== null },
  { test: (msg: string): boolean => daemonOfUnit((MAIN_EXITED.exec(msg) ?? DEACTIVATED.exec(msg))?.[1] ?? '') !== null },
];

/** Identifiers of PID 1's own lines: recognize() reads no other. */
export const SYSTEMD_IDENTS: readonly string[] = ['systemd', 'init'];

/** False when neither JOB nor DEACTIVATED can match the message text[start, end) (components/gate.ts). */
export function systemdMayMatch(text: string, start: number, end: number): boolean {
  // JOB: a job line of a unit daemonOfUnit knows (its patterns all hold one of these words).
  if (text.startsWith('St', start)) return /docker|containerd|kubelet|kubelite|kubernetes node agent|k3s|lightweight kubernetes|rke2|rancher kubernetes engine|cri-?o\.service|container runtime interface for oci|oci-based implementation|^st\w+ cri-?o\.{0,3}$/.test(text.slice(start, end).toLowerCase());
  // MAIN_EXITED: "<unit>.service: Main process exited, …", the unit name a run of [\w@.-] up to the first ':' (no
  // ':' is a unit character). Found by the native search for ':' and the fixed text around it, the unit's characters
  // walked only then: walked first, character by character, they were ~10% of the gate's time on a node journal
  // (75,000 systemd lines, most of them "run-docker-runtime\x2drunc-moby-<id>-runc.<x>.mount: Deactivated successfully.").
  const colon = text.indexOf(':', start);
  if (colon > start + 8 && colon < end && text.startsWith('.service: ', colon - 8) && text.startsWith('ain process exited, code=', colon + 3) && unitRun(text, start, colon - 8)) return true;
  // DEACTIVATED is anchored at both ends: "<unit>.service: Deactivated successfully." / "<unit>.service: Succeeded."
  return (end - start > 35 && text.startsWith('.service: Deactivated successfully.', end - 35)) || (end - start > 20 && text.startsWith('.service: Succeeded.', end - 20));
}

/** Whether text[start, end) is all unit-name characters ([\w@.-]). */
function unitRun(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!unitChar(text.charCodeAt(i))) return false;
  return true;
}

export const systemd: Component = {
  id: 'systemd',
  gate: { body: 'ident', ident: (ident) => SYSTEMD_IDENTS.includes(ident), mayMatch: systemdMayMatch, keywords: ['Stopping', 'Stopped', 'Starting', 'Started', 'Deactivated', 'Succeeded', 'ain process exited'] },
  alone: ALONE,
  aloneIdent: 'systemd',
  recognize(input) {
    const { rec } = input;
    if (rec.ident !== 'systemd' && rec.ident !== 'init') return [];
    const msg = rec.message;
    const d = DEACTIVATED.exec(msg);
    if (d) {
      const daemon = daemonOfUnit(d[1]!);
      return daemon ? [draft(input, 'daemon.stopped', [], { daemon, via: 'systemd', unit: `${d[1]}.service` })] : [];
    }
    const x = MAIN_EXITED.exec(msg);
    if (x) {
      const daemon = daemonOfUnit(x[1]!);
      return daemon ? [draft(input, 'daemon.stopped', [], { daemon, via: 'systemd', unit: `${x[1]}.service`, code: x[2]!, status: x[3]! })] : [];
    }
    const m = JOB.exec(msg);
    if (!m) return [];
    const daemon = daemonOfUnit(m[2]!);
    if (!daemon) return [];
    const kind = m[1] === 'Stopping' ? 'daemon.stopping' : m[1] === 'Stopped' ? 'daemon.stopped' : m[1] === 'Starting' ? 'daemon.starting' : 'daemon.started';
    return [draft(input, kind, [], { daemon, via: 'systemd', unit: m[2]! })];
  },
};
