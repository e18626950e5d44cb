// Deploy and maintenance steps: classify what a line says it does to the runtime or the cluster.

import { deployMessage } from '../formats/deploy-log.js';
import { draft, type Component } from './types.js';

export type StepClass =
  | 'runtime.uninstall'
  | 'runtime.stop'
  | 'runtime.restart'
  | 'runtime.install'
  | 'runtime.start'
  | 'kubelet.stop'
  | 'kubelet.start'
  | 'cluster.delete'
  | 'cluster.deploy'
  | 'other';

const RUNTIME = /(cri-?dockerd?|containerd(?:-shim)?|docker(?:-ce)?|运行时|container runtime)/i;
const KUBELET = /kubelet/i;

/** Classify one step text (Chinese or English wording), naming the runtime it touches. */
export function classifyStep(text: string): { cls: StepClass; runtime: string | null } {
  const rt = RUNTIME.exec(text)?.[1]?.toLowerCase() ?? null;
  const runtime = rt ? (rt.startsWith('cri') ? 'cri-dockerd' : rt.startsWith('containerd') ? 'containerd' : rt.startsWith('docker') ? 'dockerd' : rt) : null;
  const t = text.toLowerCase();
  if (runtime) {
    if (/卸载|uninstall|\bremov(e|ing)\b|\bpurge\b|\berase\b|删除|\brm -rf\b/.test(t)) return { cls: 'runtime.uninstall', runtime };
    if (/重启|restart/.test(t)) return { cls: 'runtime.restart', runtime };
    if (/重新安装|安装|\binstall/.test(t)) return { cls: 'runtime.install', runtime };
    if (/停止|\bstop|\bkill|清理残留|杀/.test(t)) return { cls: 'runtime.stop', runtime };
    if (/启动|\bstart/.test(t)) return { cls: 'runtime.start', runtime };
  }
  if (KUBELET.test(text)) {
    if (/停止|\bstop/.test(t)) return { cls: 'kubelet.stop', runtime: null };
    if (/启动|\bstart/.test(t)) return { cls: 'kubelet.start', runtime: null };
  }
  if (/kubectl delete|kubeadm reset|\bdrain\b|删除(所有)?资源|清理集群|卸载(集群|k8s|kubernetes)/.test(t)) return { cls: 'cluster.delete', runtime: null };
  if (/部署|\bdeploy|kubectl apply|kubeadm (init|join)|\buncordon\b/.test(t)) return { cls: 'cluster.deploy', runtime: null };
  return { cls: 'other', runtime };
}

/**
 * A login session's scope: `journalctl -o with-unit` prints it instead of the identifier of whatever a person
 * ran there (`logger -t uninstall-docker`, a script over ssh), so its lines are read as steps when they say one.
 */
const SESSION_SCOPE = /^session-\d+\.scope$/;

/** Journal identifiers of deploy and maintenance scripts (`logger -t uninstall-docker`), and login sessions' scopes. */
export function isDeployIdent(ident: string): boolean {
  return /deploy|install|upgrade|maint/i.test(ident) || SESSION_SCOPE.test(ident);
}

export const deploy: Component = {
  id: 'deploy',
  // Every line of a deploy script's identifier; deploy log files are read whole (not journal lines: no gate).
  gate: { body: 'ident', ident: isDeployIdent, keywords: [] },
  recognize(input) {
    const { rec } = input;
    const isDeployLog = rec.ident === 'deploy' && rec.domain === 'host';
    // Scripts that log through `logger -t uninstall-docker` land in the journal under their own tag.
    const isDeployTag = !isDeployLog && rec.ident !== null && isDeployIdent(rec.ident);
    if (!isDeployLog && !isDeployTag) return [];
    const text = isDeployLog ? deployMessage(rec.message).msg : rec.message.split('\n')[0]!;
    const { cls, runtime } = classifyStep(text);
    // A session's line is a step only when it names one; its other lines (sudo, shells) are no deploy's.
    if (isDeployTag && cls === 'other' && SESSION_SCOPE.test(rec.ident!)) return [];
    return [draft(input, 'deploy.step', [], { class: cls, runtime, step: text })];
  },
};
