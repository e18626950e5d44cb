// What was happening to the runtime around a moment: deploy steps and daemon stops, as evidence.

import type { PmEvent } from '../events/types.js';
import type { DaemonWindow, Timeline } from '../timeline/timeline.js';

/** A deploy step this long before a death can still be what caused it (uninstalls run for minutes). */
const STEP_LOOKBACK_US = 15 * 60 * 1_000_000;
const RUNTIME_DAEMONS = new Set(['dockerd', 'containerd', 'cri-dockerd']);

export interface RuntimeContext {
  steps: PmEvent[];
  window: DaemonWindow | null;
}

/** Deploy steps touching the runtime (or the cluster) shortly before `time`, and the runtime stop window around it. */
export function runtimeContext(tl: Timeline, host: string, time: number | null): RuntimeContext {
  if (time === null) return { steps: [], window: null };
  const steps = tl.events.filter(
    (e) =>
      e.kind === 'deploy.step' &&
      e.host === host &&
      e.time !== null &&
      e.time <= time + 1_000_000 &&
      e.time >= time - STEP_LOOKBACK_US &&
      /^(runtime\.|cluster\.delete|kubelet\.stop)/.test(String(e.attrs.class)),
  );
  const window =
    tl.windows.find((w) => w.host === host && RUNTIME_DAEMONS.has(w.daemon) && w.start.time !== null && time >= w.start.time && time <= (w.end?.time ?? w.start.time + 120_000_000)) ?? null;
  return { steps: steps.slice(-3), window };
}

/** "while deploy step «停止docker» (runtime.stop) ran" — or '' when nothing explains the moment. */
export function describeContext(ctx: RuntimeContext): string {
  const parts: string[] = [];
  const step = ctx.steps[ctx.steps.length - 1];
  if (step) parts.push(`deploy step "${step.attrs.step}" (${step.attrs.class}) at ${step.source.path}:${step.source.line}`);
  if (ctx.window) parts.push(`${ctx.window.daemon} was stopping (${ctx.window.start.source.path}:${ctx.window.start.source.line})`);
  return parts.join('; ');
}
