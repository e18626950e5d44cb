// What was happening to the runtime around a moment: deploy steps and daemon stops, as evidence.

import type { PmEvent } from '../events/types.js';
import type { DaemonWindow, Timeline } from '../timeline/timeline.js';

/** A deploy step this long before a death can still be what caused it (uninstalls run for minutes). */
const STEP_LOOKBACK_US = 15 * 60 * 1_000_000;
const RUNTIME_DAEMONS = new Set(['dockerd', 'containerd', 'cri-dockerd']);
/** A stop window with no end closes this long after it began. */
const OPEN_WINDOW_US = 120_000_000;

export interface RuntimeContext {
  steps: PmEvent[];
  window: DaemonWindow | null;
}

/** A window's last instant: its end, else two minutes after its start. */
function windowEnd(w: DaemonWindow): number {
  return w.end?.time ?? w.start.time! + OPEN_WINDOW_US;
}

/** One host's stop windows of some daemons, by start (the timeline's order), with the latest end so far. */
interface HostWindows {
  list: DaemonWindow[];
  starts: number[];
  maxEnd: number[];
}

/** Index of the windows of `daemons` per host; null when the timeline's windows are not in start order (then scan). */
function indexWindows(windows: DaemonWindow[], daemons: ReadonlySet<string>): Map<string, HostWindows> | null {
  const byHost = new Map<string, HostWindows>();
  for (const w of windows) {
    if (!daemons.has(w.daemon) || w.start.time === null) continue;
    let h = byHost.get(w.host);
    if (!h) byHost.set(w.host, (h = { list: [], starts: [], maxEnd: [] }));
    const n = h.list.length;
    if (n > 0 && h.starts[n - 1]! > w.start.time) return null;
    h.list.push(w);
    h.starts.push(w.start.time);
    h.maxEnd.push(Math.max(n > 0 ? h.maxEnd[n - 1]! : -Infinity, windowEnd(w)));
  }
  return byHost;
}

/** Index of the last element of sorted `xs` that is <= t, or -1. */
function lastAtOrBefore(xs: number[], t: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * The first window (in the timeline's order) of `daemons` on `host` whose span holds `time`:
 * `tl.windows.find(…)`, without scanning every window for every question (rules ask once per sandbox).
 */
export function windowAt(tl: Timeline, host: string, time: number, daemons: ReadonlySet<string>): DaemonWindow | null {
  const idx = cached(tl).windows(daemons);
  if (idx === null) return tl.windows.find((w) => w.host === host && daemons.has(w.daemon) && w.start.time !== null && time >= w.start.time && time <= windowEnd(w)) ?? null;
  const h = idx.get(host);
  if (!h) return null;
  let found = -1;
  // Windows starting after `time` cannot hold it; before, stop once no earlier window reaches `time`.
  for (let i = lastAtOrBefore(h.starts, time); i >= 0 && h.maxEnd[i]! >= time; i--) if (windowEnd(h.list[i]!) >= time) found = i;
  return found === -1 ? null : h.list[found]!;
}

/** Per-timeline indexes, built on first use and rebuilt when the timeline's lists change length or identity. */
interface Indexes {
  events: PmEvent[];
  eventCount: number;
  windowList: DaemonWindow[];
  windowCount: number;
  /** Runtime deploy steps per host in time order, with their times; null when the events are not in time order (then scan). */
  steps: Map<string | null, { list: PmEvent[]; times: number[] }> | null | undefined;
  byDaemons: Map<ReadonlySet<string>, Map<string, HostWindows> | null>;
  windows(daemons: ReadonlySet<string>): Map<string, HostWindows> | null;
}
const INDEXES = new WeakMap<Timeline, Indexes>();

function cached(tl: Timeline): Indexes {
  let x = INDEXES.get(tl);
  if (!x || x.events !== tl.events || x.eventCount !== tl.events.length || x.windowList !== tl.windows || x.windowCount !== tl.windows.length) {
    const byDaemons = new Map<ReadonlySet<string>, Map<string, HostWindows> | null>();
    x = {
      events: tl.events,
      eventCount: tl.events.length,
      windowList: tl.windows,
      windowCount: tl.windows.length,
      steps: undefined,
      byDaemons,
      windows(daemons) {
        let i = byDaemons.get(daemons);
        if (i === undefined) byDaemons.set(daemons, (i = indexWindows(tl.windows, daemons)));
        return i;
      },
    };
    INDEXES.set(tl, x);
  }
  return x;
}

const isRuntimeStep = (e: PmEvent): boolean => e.kind === 'deploy.step' && e.time !== null && /^(runtime\.|cluster\.delete|kubelet\.stop)/.test(String(e.attrs.class));

function runtimeSteps(tl: Timeline): Map<string | null, { list: PmEvent[]; times: number[] }> | null {
  const x = cached(tl);
  if (x.steps === undefined) {
    let steps: Map<string | null, { list: PmEvent[]; times: number[] }> | null = new Map();
    for (const e of tl.events) {
      if (!isRuntimeStep(e)) continue;
      let h = steps.get(e.host);
      if (!h) steps.set(e.host, (h = { list: [], times: [] }));
      if (h.times.length > 0 && h.times[h.times.length - 1]! > e.time!) {
        steps = null;
        break;
      }
      h.list.push(e);
      h.times.push(e.time!);
    }
    x.steps = steps;
  }
  return x.steps;
}

/** Deploy steps touching the runtime (or the cluster) shortly before `time`, and the runtime stop window around it. */
export function runtimeContext(tl: Timeline, host: string, time: number | null): RuntimeContext {
  if (time === null) return { steps: [], window: null };
  const index = runtimeSteps(tl);
  let steps: PmEvent[];
  if (index === null) steps = tl.events.filter((e) => isRuntimeStep(e) && e.host === host && e.time! <= time + 1_000_000 && e.time! >= time - STEP_LOOKBACK_US);
  else {
    // The steps of the host in time order: those in [time - lookback, time + 1 s], the last three of them.
    const h = index.get(host);
    steps = [];
    if (h) for (let i = lastAtOrBefore(h.times, time + 1_000_000); i >= 0 && steps.length < 3 && h.times[i]! >= time - STEP_LOOKBACK_US; i--) steps.unshift(h.list[i]!);
  }
  return { steps: steps.slice(-3), window: windowAt(tl, host, time, RUNTIME_DAEMONS) };
}

/** "while deploy step «停止docker» (runtime.stop) ran" — or '' when nothing explains the moment. */
export function describeContext(ctx: RuntimeContext): string {
  const parts: string[] = [];
  const step = ctx.steps[ctx.steps.length - 1];
  if (step) parts.push(`deploy step "${step.attrs.step}" (${step.attrs.class}) at ${step.source.path}:${step.source.line}`);
  if (ctx.window) parts.push(`${ctx.window.daemon} was stopping (${ctx.window.start.source.path}:${ctx.window.start.source.line})`);
  return parts.join('; ');
}
