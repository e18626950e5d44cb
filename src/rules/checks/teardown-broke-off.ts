// A sandbox died without its network teardown finishing — told apart from the routine exit every container logs.

import type { PmEvent } from '../../events/types.js';
import type { Finding } from '../../findings/types.js';
import { containersById, eventsOfKind, type Container, type Timeline } from '../../timeline/timeline.js';
import { describeContext, runtimeContext, windowAt } from '../_context.js';
import { sandboxName, when } from '../_describe.js';
import { livedOn } from '../_fate.js';
import { cleanupCommands } from '../_remediation.js';
import { reporter } from '../_message.js';
import type { Rule, RuleMeta } from '../types.js';
import { covers } from '../../timeline/coverage.js';

/**
 * dockerd's task-delete and containerd's "shim disconnected" for the same ID are logged by two processes,
 * microseconds apart, in either order (containerd#8921, PR #11815): that pair is a routine exit.
 */
export const PAIR_WINDOW_US = 2_000_000;
/** A teardown error this soon after a setup error is RunPodSandbox cleaning up its own failure. */
const SETUP_CLEANUP_US = 60_000_000;
const RUNTIMES = new Set(['dockerd', 'containerd']);

interface Signal {
  why: string;
  evidence: PmEvent[];
  strong: boolean;
}

/**
 * Shim disconnects with no task delete for the same ID close around them: the task died with its shim.
 * Only where dockerd's own log is there to show the task delete: docker's containerd namespace (moby), on a
 * host whose bundle holds dockerd task-delete lines at all. On containerd CRI nodes (namespace k8s.io) no
 * dockerd line follows any exit, and a bundle with containerd's unit journal alone cannot tell.
 */
export function shimDeaths(c: Container, dockerdLogged: (t: number) => boolean): PmEvent[] {
  const deletes = c.events.filter((e) => e.kind === 'task.deleted' && e.time !== null);
  return c.events.filter(
    (e) =>
      e.kind === 'shim.disconnected' &&
      e.time !== null &&
      (e.attrs.namespace ?? 'moby') === 'moby' &&
      dockerdLogged(e.time) &&
      !deletes.some((d) => Math.abs(d.time! - e.time!) <= PAIR_WINDOW_US) &&
      !livedOn(c, e),
  );
}

function signals(tl: Timeline, c: Container, dockerdLogged: (t: number) => boolean): Signal[] {
  const out: Signal[] = [];
  for (const s of shimDeaths(c, dockerdLogged)) out.push({ why: 'its shim disconnected with no task delete around it (the task died with the shim)', evidence: [s], strong: true });
  const setupFails = c.events.filter((e) => e.kind === 'sandbox.setup.failed' && e.time !== null);
  for (const e of c.events) {
    // A failure with no time (a message quoted alone, a klog line cut before its date) cannot be set against what the
    // bundle covers after it: no claim that its teardown never finished stands on it.
    if (e.time === null) continue;
    if (e.kind === 'sandbox.stop.failed') out.push({ why: `StopPodSandbox failed (${e.attrs.via})`, evidence: [e], strong: true });
    if (e.kind === 'sandbox.teardown.failed') {
      const duringSetup = e.time !== null && setupFails.some((s) => e.time! >= s.time! && e.time! - s.time! <= SETUP_CLEANUP_US);
      if (!duringSetup) out.push({ why: 'the CNI DEL failed', evidence: [e], strong: true });
    }
    if (e.kind === 'sandbox.teardown.blind' && c.events.some((f) => (f.kind === 'sandbox.teardown.failed' || f.kind === 'sandbox.stop.failed') && f.time !== null && e.time !== null && f.time <= e.time))
      out.push({ why: 'a later StopPodSandbox found neither container nor checkpoint, so its DEL ran without port mappings', evidence: [e], strong: true });
  }
  // An exit inside a runtime stop is a container killed by the runtime, not a CRI stop: no CNI DEL came first.
  for (const e of c.events) {
    if ((e.kind !== 'task.deleted' && e.kind !== 'shim.disconnected') || e.time === null) continue;
    // A container that exits again later lived through the stop (live-restore): this was no death.
    if (livedOn(c, e)) continue;
    const w = windowAt(tl, c.host, e.time, RUNTIMES);
    if (w) {
      out.push({ why: `it exited while ${w.daemon} was stopping`, evidence: [w.start, e], strong: false });
      break;
    }
  }
  return out;
}

/** State that a finished teardown would have removed: DNAT jumps, masquerade rules, leases, cache files. */
function survivingState(c: Container): PmEvent[] {
  return c.events.filter((e) => e.kind === 'cni.dnat.present' || e.kind === 'cni.masq.present' || e.kind === 'ipam.lease' || e.kind === 'cni.cache.present');
}

/** Whether the bundle holds state this sandbox's teardown would have touched (iptables dump or its lease folder). */
function stateCollected(tl: Timeline, c: Container): boolean {
  if (tl.dumps.some((d) => d.host === c.host)) return true;
  return tl.leaseFolders.some((f) => f.host === c.host && c.networks.has(f.network));
}

/** What a finding says: which state survived decides its severity. */
type MessageId = 'stateSurvived' | 'stateClean' | 'stateUnchecked';

const meta: RuleMeta<MessageId> = {
  id: 'teardown-broke-off',
  title: 'Sandbox network teardown broke off',
  severity: 'high',
  description: 'A sandbox died without its CNI teardown finishing, so portmap/bridge/host-local DEL never ran (or ran without port mappings).',
  howItDecides: 'Routine exits (dockerd task delete paired with containerd shim disconnect) are ignored. Signals: a shim disconnect in docker\'s containerd namespace with no task delete within 2 s (only where a journal of the host covers dockerd at that moment and holds its task-delete lines), a failed StopPodSandbox, a failed CNI DEL outside RunPodSandbox\'s own cleanup, a blind DEL after a failure, and an exit while dockerd/containerd was stopping. High when DNAT, lease or cache state survived; low when the collected state is clean; medium when the bundle holds no state to check. An exit during a runtime stop alone only counts when state survived. An exit the same container follows with another one more than 5 s later (no start between) is no death: it lived through a runtime restart with live-restore and its shim reconnected. A sandbox alive when its host rebooted ended there and is left to lease-outlived-reboot.',
  messages: {
    stateSurvived: { text: 'Sandbox {{sandbox}} died at {{time}} without a finished CNI teardown: {{signals}}; its {{state}} survived{{around}}.', severity: 'high' },
    stateClean: { text: 'Sandbox {{sandbox}} died at {{time}} without a finished CNI teardown: {{signals}}; no DNAT, lease or cache state of it survived in the bundle (a later retry may have cleaned up){{around}}.', severity: 'low' },
    stateUnchecked: { text: 'Sandbox {{sandbox}} died at {{time}} without a finished CNI teardown: {{signals}}; the bundle holds no iptables dump or lease folder to check what survived{{around}}.', severity: 'medium' },
  },
  falsePositives: ['A runtime stop with live-restore enabled keeps sandboxes running; their exits then happen later and pair normally.'],
  exclusions: {
    filter_rebooted: 'the sandbox was alive when its host rebooted (derived sandbox.rebooted): no teardown runs at a reboot and the netns goes with it; lease-outlived-reboot reports what survived on disk.',
    filter_lived_on: 'an exit the same container follows with another one more than 5 s later, no start between: it lived through a runtime restart (live-restore keeps containers and shims running) and its shim reconnected.',
    filter_routine_exit: "dockerd's task delete and containerd's shim disconnect for the same ID within 2 s of each other, in either order: the routine exit every container logs.",
    filter_teardown_done: 'containerd CRI logged "TearDown network for sandbox … successfully" for the sandbox: its network was taken down.',
    filter_setup_cleanup: "a failed CNI DEL within 60 s after the sandbox's own setup failure: RunPodSandbox cleaning up after itself (setup-broke-off's case).",
    filter_runtime_stop_clean: 'an exit while dockerd/containerd was stopping, with no state left behind: the runtime killed it, and nothing is left to clean.',
  },
  limitations: [
    'cri-dockerd logs nothing when a teardown succeeds: only containerd CRI nodes (and dockershim at V(4)) show a finished one, so elsewhere a signal with no surviving state is reported low, not ruled out.',
    "A lone shim disconnect says nothing without dockerd's journal around it: on containerd CRI nodes (namespace k8s.io) and where dockerd's journal does not cover the moment, that signal is not used.",
    'Surviving state is only what the bundle collected: with no iptables dump and no lease folder of the host the finding is medium and inconclusive.',
    'A failure the bundle states no time for (a message quoted alone, a klog line cut before its date) is no signal: nothing places it against what the journals cover after it.',
  ],
  remediation: 'Remove what survived (commands below). To prevent it: drain the node and let kubelet stop every pod before stopping or uninstalling docker/cri-dockerd.',
  references: ['https://github.com/Mirantis/cri-dockerd/blob/master/core/sandbox_stop.go', 'https://github.com/containerd/containerd/pull/11815', 'https://github.com/containerd/containerd/issues/8921'],
};
const report = reporter(meta);

export const teardownBrokeOff: Rule<MessageId> = {
  meta,
  needs: ['journal'],
  check(tl: Timeline): Finding[] {
    const out: Finding[] = [];
    // Coverage: dockerd's journal must reach the moment and the pairing window before it (a journal cut by sos
    // starts somewhere), else a missing task delete says nothing.
    const dockerdHosts = new Set(eventsOfKind(tl, 'task.deleted').map((e) => e.host));
    const covered = (host: string, t: number): boolean => covers(tl.coverage, host, 'dockerd', t) || covers(tl.coverage, host, 'docker.service', t);
    const dockerdLogged = (host: string) => (t: number): boolean =>
      tl.coverage.length > 0 ? dockerdHosts.has(host) && covered(host, t) && covered(host, t - PAIR_WINDOW_US) : dockerdHosts.has(host);
    for (const c of containersById(tl)) {
      if (!c.isSandbox) continue;
      // containerd CRI logs a finished teardown; such a sandbox's network was taken down.
      if (c.events.some((e) => e.kind === 'sandbox.teardown.done')) continue;
      // Alive when its host rebooted: it ended there, its netns and (unless persisted) its rules with it; what
      // survived on disk is lease-outlived-reboot's.
      if (c.events.some((e) => e.kind === 'sandbox.rebooted')) continue;
      const sigs = signals(tl, c, dockerdLogged(c.host));
      if (sigs.length === 0) continue;
      const state = survivingState(c);
      const strong = sigs.some((s) => s.strong);
      if (!strong && state.length === 0) continue;
      // The severity ladder is the message's: state survived (high), state collected and clean (low), none to check (medium).
      const messageId: MessageId = state.length > 0 ? 'stateSurvived' : stateCollected(tl, c) ? 'stateClean' : 'stateUnchecked';
      const signalEvents = [...new Set(sigs.flatMap((s) => s.evidence))];
      const first = [...signalEvents].sort((a, b) => (a.time ?? 0) - (b.time ?? 0)).find((e) => e.time !== null && e.ids.includes(c.id)) ?? signalEvents[0]!;
      const context = runtimeContext(tl, c.host, first.time);
      const around = describeContext(context);
      // The routine half of the exit (task delete) sits next to the shim line so a reader sees both.
      const exits = c.events.filter((e) => (e.kind === 'task.deleted' || e.kind === 'shim.disconnected') && e.time !== null && first.time !== null && Math.abs(e.time - first.time) <= 5_000_000);
      const evidence = [...new Set([...context.steps, ...(context.window ? [context.window.start] : []), ...signalEvents, ...exits])].sort((a, b) => (a.time ?? 0) - (b.time ?? 0));
      const data = {
        sandbox: sandboxName(c),
        time: when(first),
        signals: [...new Set(sigs.map((s) => s.why))].join('; '),
        state: [...new Set(state.map((e) => e.kind.replace('cni.', '').replace('.present', '')))].join(', '),
        around: around ? `. Around it: ${around}` : '',
      };
      out.push(
        report({ host: c.host, containerId: c.id, time: first.time }, messageId, data, [...evidence, ...state], {
          remediation: state.length > 0 ? cleanupCommands(tl, c) : [],
          ...(messageId === 'stateUnchecked' ? { inconclusive: 'no iptables dump or lease folder of this host to check what survived' } : {}),
        }),
      );
    }
    return out;
  },
};
