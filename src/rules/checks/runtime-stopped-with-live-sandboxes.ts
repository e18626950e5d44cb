// The root cause: the container runtime was stopped while sandboxes were running, killing them with no CNI teardown.

import type { PmEvent } from '../../events/types.js';
import type { Finding } from '../../findings/types.js';
import type { Container, DaemonWindow, Timeline } from '../../timeline/timeline.js';
import { runtimeContext, windowAt } from '../_context.js';
import { livedOn } from '../_fate.js';
import { sandboxName, when } from '../_describe.js';
import { reporter } from '../_message.js';
import type { Rule, RuleMeta } from '../types.js';
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

/** What a finding says: a sandbox with hostPort DNAT rules is high, one without medium. */
type MessageId = 'killedWithHostPorts' | 'killed';

const meta: RuleMeta<MessageId> = {
  id: 'runtime-stopped-with-live-sandboxes',
  title: 'Runtime stopped while sandboxes were running',
  severity: 'high',
  description: 'dockerd or containerd was stopped (a deploy step, systemctl, a signal, a package removal) while pod sandboxes were still running. With live-restore off the runtime kills every container on its way down, outside any CRI call, so no CNI DEL runs for them; if cri-dockerd\'s checkpoints are wiped too, nothing will ever run it.',
  howItDecides: 'Finds runtime stop windows (dockerd "Processing signal" / systemd "Stopping docker.service" until "Stopped" or "Daemon shutdown complete") and the sandboxes that were not dead before the window and exited inside it. High when the sandbox had hostPort DNAT rules, medium otherwise. Names the deploy step that preceded the stop. An exit inside the window that the same container follows with another later one (no start between) is not counted: the container lived through the stop (live-restore). Sandboxes alive when the host rebooted are left to lease-outlived-reboot.',
  messages: {
    killedWithHostPorts: {
      text: '{{daemon}} was stopped at {{stopTime}} by {{stoppedBy}} while sandbox {{sandbox}} with hostPorts {{ports}} was running; it was killed at {{exitTime}} ({{exit}}) with no CRI StopPodSandbox, so no CNI teardown ran for it.',
      severity: 'high',
    },
    killed: { text: '{{daemon}} was stopped at {{stopTime}} by {{stoppedBy}} while sandbox {{sandbox}} was running; it was killed at {{exitTime}} ({{exit}}) with no CRI StopPodSandbox, so no CNI teardown ran for it.', severity: 'medium' },
  },
  falsePositives: ['With "live-restore": true in daemon.json containers keep running through a runtime stop; they then do not exit inside the window and are not reported.'],
  exclusions: {
    filter_dead_before_stop: 'a sandbox that had already exited before the stop began: the stop did not kill it.',
    filter_rebooted: 'the stop systemd makes on the way into a reboot: the sandbox was alive at the reboot and ended there (derived sandbox.rebooted); lease-outlived-reboot reports what survived.',
    filter_lived_on: 'an exit inside the window that the same container follows with another one later, no start between: it lived through the stop (live-restore) and its shim reconnected.',
  },
  limitations: [
    'A stop window with no end line (no "Stopped" or "Daemon shutdown complete" in the journal) is taken to last 2 minutes: an exit later than that is not attributed to the stop.',
    'Each sandbox is reported for the first stop window that killed it; a sandbox the journal does not show exiting is never reported, even when the stop surely killed it.',
  ],
  remediation: 'Make the uninstall safe: `kubectl drain <node> --ignore-daemonsets --delete-emptydir-data`, wait until `docker ps --filter label=io.kubernetes.docker.type=podsandbox` lists nothing (kubelet ran every StopPodSandbox and CNI DEL), stop kubelet, and only then stop cri-docker and docker and remove their data. Then clean the state the stranded sandboxes left (see the related findings).',
  references: ['https://github.com/moby/moby/blob/master/daemon/daemon.go (Shutdown stops all containers)', 'https://github.com/Mirantis/cri-dockerd/blob/master/core/sandbox_stop.go'],
};
const report = reporter(meta);

export const runtimeStoppedWithLiveSandboxes: Rule<MessageId> = {
  meta,
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
      const data = { daemon: w.daemon, stopTime: when(w.start), stoppedBy: by, sandbox: sandboxName(c), ports, exitTime: when(exit), exit: `${exit.source.path}:${exit.source.line}` };
      out.push(report({ host: c.host, containerId: c.id, time: w.start.time }, jumps.length > 0 ? 'killedWithHostPorts' : 'killed', data, [...ctx.steps, w.start, exit, ...(w.end ? [w.end] : []), ...jumps], { remediation: [meta.remediation] }));
    }
    return out;
  },
};
