// A host-local lease still held for a sandbox that is gone: the IP leaks until someone removes the file.

import type { Finding } from '../../findings/types.js';
import type { Timeline } from '../../timeline/timeline.js';
import { lastDeath } from '../_fate.js';
import type { Rule } from '../types.js';

export const orphanIpamAllocation: Rule = {
  meta: {
    id: 'orphan-ipam-allocation',
    title: 'IP lease held by a dead sandbox',
    severity: 'medium',
    description: 'host-local still holds an address for a sandbox whose container exited and never came back: bridge/host-local DEL never ran, so the address leaks (and a later pod may be handed a neighbour of it).',
    howItDecides: 'For every lease file naming a 64-hex container ID, looks up that sandbox on the timeline: when its last exit (task delete, shim disconnect, PLEG ContainerDied) has no start after it, the lease is orphaned. Leases of sandboxes the logs do not mention are left alone: the bundle cannot tell.',
    falsePositives: ['A sandbox whose teardown is still running at the moment of collection (kubelet retries StopPodSandbox every sync) may release its lease seconds later.'],
    remediation: 'Remove the lease file (host-local reads the folder on every allocation; no restart needed).',
    references: ['https://github.com/containernetworking/plugins/blob/main/plugins/ipam/host-local/backend/disk/backend.go'],
  },
  needs: ['ipam'],
  check(tl: Timeline): Finding[] {
    const out: Finding[] = [];
    for (const folder of tl.leaseFolders) {
      for (const lease of folder.leases) {
        const id = lease.ids[0];
        const c = id ? tl.containers.get(id) : undefined;
        if (!c) continue;
        const death = lastDeath(c);
        if (!death) continue;
        out.push({
          rule: 'orphan-ipam-allocation',
          severity: 'medium',
          title: 'IP lease held by a dead sandbox',
          summary: `${lease.attrs.ip} on network ${folder.network} is still leased to sandbox ${c.id.slice(0, 12)}${c.pods.size ? ` (${[...c.pods].join(', ')})` : ''}, whose container exited at ${death.source.path}:${death.source.line} and never started again: its host-local DEL never ran.`,
          host: folder.host,
          containerId: c.id,
          time: death.time,
          evidence: [lease, death, ...c.events.filter((e) => e.kind === 'sandbox.started').slice(0, 1)],
          remediation: [`rm -f /var/lib/cni/networks/${folder.network}/${lease.attrs.ip}`],
        });
      }
    }
    return out;
  },
};
