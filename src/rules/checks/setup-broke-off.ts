// Sandbox setup failed half-way and its cleanup did not finish: a lease, DNAT or cache entry is left behind.

import type { Finding } from '../../findings/types.js';
import type { Timeline } from '../../timeline/timeline.js';
import { cleanupCommands } from '../_remediation.js';
import type { Rule } from '../types.js';

export const setupBrokeOff: Rule = {
  meta: {
    id: 'setup-broke-off',
    title: 'Sandbox setup failed and left network state behind',
    severity: 'medium',
    description: 'RunPodSandbox failed in CNI ADD (cri-dockerd "Error adding pod … to network", kubelet "RunPodSandbox from runtime service failed") and the failure path did not undo what the plugins that had run already did: a host-local lease, a DNAT jump or a result cache entry of that sandbox survives.',
    howItDecides: 'For every sandbox with a setup failure in the logs, looks for state naming its ID at collection time: lease files, CNI-HOSTPORT-DNAT jumps, masquerade rules, cache files. libcni runs DEL in reverse plugin order and stops at the first failure, so a failed portmap DEL leaves bridge and host-local state in place.',
    falsePositives: ['A retry of the same sandbox ID is impossible (each RunPodSandbox makes a new ID), so state naming a failed sandbox is always left over; the bundle may however be collected while kubelet is still cleaning up.'],
    remediation: 'Remove the leftover lease and rules (commands below); look at the setup error (often iptables lock contention or a missing plugin binary) so it does not recur.',
    references: ['https://github.com/Mirantis/cri-dockerd/blob/master/core/sandbox_run.go', 'https://github.com/containernetworking/cni/blob/main/libcni/api.go (DelNetworkList)'],
  },
  needs: ['journal'],
  check(tl: Timeline): Finding[] {
    const out: Finding[] = [];
    for (const c of [...tl.containers.values()].sort((a, b) => a.id.localeCompare(b.id))) {
      const failures = c.events.filter((e) => e.kind === 'sandbox.setup.failed');
      if (failures.length === 0) continue;
      const left = c.events.filter((e) => e.kind === 'ipam.lease' || e.kind === 'cni.dnat.present' || e.kind === 'cni.masq.present' || e.kind === 'cni.cache.present');
      if (left.length === 0) continue;
      const first = failures[0]!;
      const error = String(first.attrs.error ?? '').split('\n')[0]!.slice(0, 200);
      const what = [...new Set(left.map((e) => (e.kind === 'ipam.lease' ? `lease ${e.attrs.ip}` : e.kind === 'cni.cache.present' ? 'result cache' : `${e.attrs.target}`)))].join(', ');
      const cleanupFailed = c.events.filter((e) => e.kind === 'sandbox.teardown.failed');
      out.push({
        rule: 'setup-broke-off',
        severity: 'medium',
        title: 'Sandbox setup failed and left network state behind',
        summary: `Sandbox ${c.id.slice(0, 12)}${c.pods.size ? ` (${[...c.pods].join(', ')})` : ''} failed its network setup at ${first.source.path}:${first.source.line}${error ? ` (${error})` : ''}${cleanupFailed.length ? ', its cleanup DEL failed too' : ''}; still present: ${what}.`,
        host: c.host,
        containerId: c.id,
        time: first.time,
        evidence: [...failures, ...cleanupFailed, ...left],
        remediation: cleanupCommands(tl, c),
      });
    }
    return out;
  },
};
