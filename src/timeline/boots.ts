// Boots per host: the boot signs the formats and components read, merged into reboots; and the sandboxes that
// were alive when their host rebooted, which end there (a derived sandbox.rebooted event on each).

import { isDeath as DEATH, isStart as START } from '../events/lifecycle.js';
import type { PmEvent } from '../events/types.js';
import { formatUs } from '../time/stamp.js';
import type { Container, DaemonWindow } from './timeline.js';

/** One reboot of a host: the boot it left and the one it began. */
export interface Reboot {
  host: string;
  /** The new boot's first entry. */
  time: number;
  /** The new boot's ID, when a marker or _BOOT_ID names it. */
  boot: string | null;
  /** The ID of the boot it ended, when known. */
  previous: string | null;
  /** The last entry the journals hold of the previous boot (a boot.ended), or null. */
  lastBefore: PmEvent | null;
  /** The signs that say so (boot markers, _BOOT_ID changes, kernel banner, journald start), in time order. */
  signs: PmEvent[];
}

/** Signs of one boot seen through several files or lines: a kernel banner and journald start come seconds apart. */
const MERGE_US = 10 * 60 * 1_000_000;
/** A runtime stop this long before the last entry of a boot can be the shutdown's (systemd's stop timeout is 90 s). */
export const SHUTDOWN_US = 5 * 60 * 1_000_000;

/** A boot sign's own gap: from the last entry before it in the same file (its boot.ended) to it. */
interface Sign {
  e: PmEvent;
  from: number | null;
}

/**
 * Each host's reboots from its boot.started and boot.ended events (timeline order), in host then time order.
 * Signs merge into one reboot when they name the same boot, lie within 10 minutes of each other, or one lies in
 * the other's gap (the stretch a file shows no entry, between the last of a boot and the first of the next). A
 * reboot seen only through journald's "Journal started" is a restart of journald, not a boot: noted, not counted.
 */
export function findReboots(events: readonly PmEvent[], notes: string[]): Reboot[] {
  const signs = new Map<string, Sign[]>();
  const ended = new Map<string, PmEvent[]>();
  /** The boot.ended just before each boot.started of the same file: the gap it closes. */
  const lastEnded = new Map<string, PmEvent>();
  for (const e of events) {
    if (e.time === null) continue;
    const host = e.host ?? '';
    if (e.kind === 'boot.ended') {
      lastEnded.set(e.source.path, e);
      let list = ended.get(host);
      if (!list) ended.set(host, (list = []));
      list.push(e);
    } else if (e.kind === 'boot.started') {
      const before = lastEnded.get(e.source.path);
      const from = before !== undefined && e.attrs.via !== 'kernel' && e.attrs.via !== 'journald' ? before.time : null;
      let list = signs.get(host);
      if (!list) signs.set(host, (list = []));
      list.push({ e, from });
    }
  }
  const out: Reboot[] = [];
  for (const host of [...signs.keys()].sort()) {
    const clusters: { time: number; boot: string | null; signs: Sign[] }[] = [];
    for (const s of signs.get(host)!) {
      const t = s.e.time!;
      const id = typeof s.e.attrs.boot === 'string' ? s.e.attrs.boot : null;
      const same = clusters.find((c) => (id !== null && c.boot === id) || ((id === null || c.boot === null) && (Math.abs(c.time - t) <= MERGE_US || (s.from !== null && c.time >= s.from && c.time <= t))));
      if (same) {
        same.signs.push(s);
        same.time = Math.min(same.time, t);
        same.boot ??= id;
      } else clusters.push({ time: t, boot: id, signs: [s] });
    }
    const hostEnded = ended.get(host) ?? [];
    let prevTime = -Infinity;
    for (const c of clusters.sort((a, b) => a.time - b.time)) {
      const list = c.signs.map((s) => s.e);
      if (list.every((e) => e.attrs.via === 'journald')) {
        const e = list[0]!;
        notes.push(`${e.source.path}:${e.source.line}: journald started with no other sign of a boot around it (a restart of journald?): not counted as a reboot`);
        continue;
      }
      const previous = list.map((e) => e.attrs.previous).find((p): p is string => typeof p === 'string') ?? null;
      let lastBefore: PmEvent | null = null;
      for (const e of hostEnded) if (e.time! <= c.time && e.time! > prevTime && (lastBefore === null || e.time! >= lastBefore.time!)) lastBefore = e;
      out.push({ host, time: c.time, boot: c.boot, previous, lastBefore, signs: list });
      prevTime = c.time;
    }
  }
  return out;
}

/** Kinds that show state at collection (after every reboot), not the sandbox living before one. */
const STATE = new Set(['cni.dnat.present', 'cni.dnat.target', 'cni.masq.present', 'ipam.lease', 'cni.cache.present', 'sandbox.checkpoint', 'container.observed', 'pod.observed']);
const RUNTIMES = new Set(['dockerd', 'containerd']);

/**
 * Where the shutdown before a reboot began: the first runtime stop starting in the last SHUTDOWN_US of the boot
 * (before its last entry) that no start of the same daemon follows before the reboot and no runtime deploy step
 * ordered (an uninstall that stops docker and is followed by a reboot killed the sandboxes itself). Null when no
 * such stop is logged: then every exit before the reboot is a death before it.
 */
function shutdownStart(r: Reboot, windows: readonly DaemonWindow[], steps: readonly PmEvent[], events: readonly PmEvent[]): number | null {
  const last = r.lastBefore?.time ?? lastEventBefore(events, r.host, r.time) ?? r.time;
  let start: number | null = null;
  for (const w of windows) {
    const t = w.start.time;
    if (w.host !== r.host || !RUNTIMES.has(w.daemon) || t === null || t >= r.time || t < last - SHUTDOWN_US) continue;
    if (w.end !== null && w.end.kind !== 'daemon.stopped' && w.end.time !== null && w.end.time < r.time) continue;
    if (steps.some((s) => s.host === r.host && s.time !== null && s.time <= t + 1_000_000 && s.time >= t - 15 * 60 * 1_000_000)) continue;
    start = start === null ? t : Math.min(start, t);
  }
  return start;
}

function lastEventBefore(events: readonly PmEvent[], host: string, t: number): number | null {
  let last: number | null = null;
  for (const e of events) if (e.host === host && e.time !== null && e.time < t && !STATE.has(e.kind) && e.domain !== 'capture' && !e.kind.startsWith('boot.')) last = e.time;
  return last;
}

/**
 * The derived sandbox.rebooted events: a sandbox of the host whose logs show it before a reboot, and no exit or
 * removal before that reboot's shutdown began, ended at the reboot (its netns went with it; no CNI DEL ran). An
 * exit during the shutdown is the reboot's. Each sandbox ends at the first such reboot only.
 */
export function rebootedSandboxes(reboots: readonly Reboot[], containers: Iterable<Container>, windows: readonly DaemonWindow[], events: readonly PmEvent[]): PmEvent[] {
  if (reboots.length === 0) return [];
  const steps = events.filter((e) => e.kind === 'deploy.step' && e.time !== null && /^(runtime\.|cluster\.delete|kubelet\.stop)/.test(String(e.attrs.class)));
  const starts = new Map(reboots.map((r) => [r, shutdownStart(r, windows, steps, events)]));
  const out: PmEvent[] = [];
  for (const c of containers) {
    if (!c.isSandbox) continue;
    for (const r of reboots) {
      if (r.host !== c.host) continue;
      const before = c.events.filter((e) => e.time !== null && e.time < r.time && !STATE.has(e.kind));
      if (before.length === 0) continue;
      // The sandbox's fate up to the reboot: its last exit or removal with no start after it.
      let end: PmEvent | null = null;
      for (const e of before) {
        if (DEATH(e) || e.kind === 'sandbox.removed') end ??= e;
        else if (START(e)) end = null;
      }
      const shutdown = starts.get(r)!;
      if (end !== null && (shutdown === null || end.time! < shutdown)) break;
      const sign = r.signs[0]!;
      out.push({
        kind: 'sandbox.rebooted',
        time: r.time,
        stamp: null,
        absUs: r.time,
        domain: 'absolute',
        clockKey: sign.clockKey,
        host: c.host,
        ids: [c.id],
        prefixes: [],
        attrs: {
          boot: r.boot,
          previous: r.previous,
          reboot: describeReboot(r),
          fate: end === null ? 'no exit of it was logged before the reboot' : `it went down with the shutdown (${end.kind} at ${end.source.path}:${end.source.line})`,
        },
        source: sign.source,
        text: sign.text,
        seq: sign.seq,
      });
      break;
    }
  }
  return out;
}

/** "boot 5c0e4b2a9d7f (kernel 3.10.0-1160.el7.x86_64) began at 2024-09-14 03:41:08Z (path:8)" — how a finding names a reboot. */
export function describeReboot(r: Reboot): string {
  const kernel = r.signs.map((e) => e.attrs.kernel).find((k): k is string => typeof k === 'string');
  const name = r.boot !== null ? `boot ${r.boot.slice(0, 12)}` : 'a new boot';
  const sign = r.signs[0]!;
  return `${name}${kernel ? ` (kernel ${kernel})` : ''} began at ${when(r.time)} (${sign.source.path}:${sign.source.line})`;
}

function when(us: number): string {
  return formatUs(us).slice(0, 19).replace('T', ' ') + 'Z';
}

/** How many reboots of `host` came at or before `time`: the index of the boot an event belongs to (0: the first the logs show). */
export function bootIndex(reboots: readonly Reboot[], host: string, time: number | null): number {
  if (time === null) return -1;
  let n = 0;
  for (const r of reboots) if (r.host === host && r.time <= time) n++;
  return n;
}
