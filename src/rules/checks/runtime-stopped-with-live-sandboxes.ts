// The root cause: the container runtime was stopped while sandboxes were running, killing them with no CNI teardown.

import type { PmEvent } from '../../events/types.js';
import type { Finding } from '../../findings/types.js';
import type { Container, DaemonWindow, Timeline } from '../../timeline/timeline.js';
import { runtimeContext, windowAt } from '../_context.js';
import { livedOn } from '../_fate.js';
import { sandboxName, when } from '../_describe.js';
import type { Rule } from '../types.js';
import { compareText } from '../../text-order.js';

const RUNTIMES = new Set(['dockerd', 'containerd']);
const EXIT = (e: PmEvent): boolean => e.kind === 'task.deleted' || e.kind === 'shim.disconnected';

function windowEnd(w: DaemonWindow): number {
  return w.end?.time ?? w.start.time! + 120_000_000;
}

/** The first exit of the sandbox inside the window, if it was not already dead when the stop began. */
function killedBy(c: Container, w: DaemonWindow): PmEvent | null {
  const start = w.start.time!;
  if (c.events.some((e) => EXIT(e) && e.time !== null && e.time < start)) return null;
  const exit = c.events.find((e) => EXIT(e) && e.time !== null && e.time >= start && e.time <= windowEnd(w)) ?? null;
  // A container that exits again later lived through the stop (live-restore keeps it and its shim running).
  return exit !== null && livedOn(c, exit) ? null : exit;
}

export const runtimeStoppedWithLiveSandboxes: Rule = {
  meta: {
    id: 'runtime-stopped-with-live-sandboxes',
    title: 'Runtime stopped while sandboxes were running',
    severity: 'high',
    description: 'dockerd or containerd was stopped (a deploy step, systemctl, a signal, a package removal) while pod sandboxes were still running. With live-restore off the runtime kills every container on its way down, outside any CRI call, so no CNI DEL runs for them; if cri-dockerd\'s checkpoints are wiped too, nothing will ever run it.',
    howItDecides: 'Finds runtime stop windows (dockerd "Processing signal" / systemd "Stopping docker.service" until "Stopped" or "Daemon shutdown complete") and the sandboxes that were not dead before the window and exited inside it. High when the sandbox had hostPort DNAT rules, medium otherwise. Names the deploy step that preceded the stop. An exit inside the window that the same container follows with another later one (no start between) is not counted: the container lived through the stop (live-restore). Sandboxes alive when the host rebooted are left to lease-outlived-reboot.',
    falsePositives: ['With "live-restore": true in daemon.json containers keep running through a runtime stop; they then do not exit inside the window and are not reported.', 'The runtime stop systemd makes on the way into a reboot is not reported: the sandboxes end at the reboot (see lease-outlived-reboot).'],
    remediation: 'Make the uninstall safe: `kubectl drain <node> --ignore-daemonsets --delete-emptydir-data`, wait until `docker ps --filter label=io.kubernetes.docker.type=podsandbox` lists nothing (kubelet ran every StopPodSandbox and CNI DEL), stop kubelet, and only then stop cri-docker and docker and remove their data. Then clean the state the stranded sandboxes left (see the related findings).',
    references: ['https://github.com/moby/moby/blob/master/daemon/daemon.go (Shutdown stops all containers)', 'https://github.com/Mirantis/cri-dockerd/blob/master/core/sandbox_stop.go'],
  },
  needs: ['journal'],
  check(tl: Timeline): Finding[] {
    const out: Finding[] = [];
    // Each sandbox is reported for the first window (in the timeline's order) that killed it; windows in
    // their order, sandboxes by ID within one. A sandbox's candidates are the windows holding its first exit
    // (killedBy needs no exit before the start and one inside): found through an index, not by trying every
    // window on every sandbox, which took hours on a journal of many stops.
    const kills: { at: number; w: DaemonWindow; c: Container; exit: PmEvent }[] = [];
    const order = new Map(tl.windows.map((w, i) => [w, i]));
    for (const c of tl.containers.values()) {
      if (!c.isSandbox) continue;
      // A runtime stop on the way into a reboot is the reboot's: the sandbox ended at the reboot (lease-outlived-reboot).
      if (c.events.some((e) => e.kind === 'sandbox.rebooted')) continue;
      let first: number | null = null;
      for (const e of c.events) if (EXIT(e) && e.time !== null && (first === null || e.time < first)) first = e.time;
      if (first === null) continue;
      const w = windowAt(tl, c.host, first, RUNTIMES);
      if (!w) continue;
      const exit = killedBy(c, w);
      if (exit) kills.push({ at: order.get(w)!, w, c, exit });
    }
    kills.sort((a, b) => a.at - b.at || compareText(a.c.id, b.c.id));
    for (const { w, c, exit } of kills) {
      const jumps = c.events.filter((e) => e.kind === 'cni.dnat.present');
      const ports = [...new Set(jumps.map((e) => `${e.attrs.proto}/${(e.attrs.ports as number[]).join(',')}`))].join(' ');
      const ctx = runtimeContext(tl, w.host, w.start.time);
      const step = ctx.steps[ctx.steps.length - 1];
      const by = step ? `deploy step "${step.attrs.step}" (${step.source.path}:${step.source.line})` : `${w.start.attrs.via === 'systemd' ? 'systemd' : 'a signal'} (${w.start.source.path}:${w.start.source.line})`;
      out.push({
        rule: 'runtime-stopped-with-live-sandboxes',
        severity: jumps.length > 0 ? 'high' : 'medium',
        title: 'Runtime stopped while sandboxes were running',
        summary: `${w.daemon} was stopped at ${when(w.start)} by ${by} while sandbox ${sandboxName(c)}${ports ? ` with hostPorts ${ports}` : ''} was running; it was killed at ${when(exit)} (${exit.source.path}:${exit.source.line}) with no CRI StopPodSandbox, so no CNI teardown ran for it.`,
        host: c.host,
        containerId: c.id,
        time: w.start.time,
        evidence: [...ctx.steps, w.start, exit, ...(w.end ? [w.end] : []), ...jumps],
        remediation: [runtimeStoppedWithLiveSandboxes.meta.remediation],
      });
    }
    return out;
  },
};
