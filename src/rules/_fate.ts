// Whether a sandbox is gone or alive, as far as the bundle can tell, with the events that say so.

import { isDeath as DEATH, isStart as START } from '../events/lifecycle.js';
import type { PmEvent } from '../events/types.js';
import type { Container, Timeline } from '../timeline/timeline.js';

export interface Fate {
  gone: boolean;
  alive: boolean;
  why: string[];
  evidence: PmEvent[];
}


/**
 * The runtime's own word that the sandbox is gone: containerd's `RemovePodSandbox "<id>" returns successfully`
 * (and whatever removal line a component turns into sandbox.removed), when no start came after it.
 */
export function lastRemoval(c: Container): PmEvent | null {
  let removal: PmEvent | null = null;
  const started = c.events.some(START);
  for (const e of c.events) {
    if (e.kind === 'sandbox.removed') {
      if (!unordered(e, started)) removal ??= e;
    } else if (START(e)) removal = null;
  }
  return removal;
}

/**
 * A removal or exit with no time (a message quoted alone, a klog line cut before its date) sorts after every timed
 * event, but nothing says it came after the container's start: taken only when no start was logged at all.
 */
function unordered(e: PmEvent, started: boolean): boolean {
  return e.time === null && started;
}

/** A later exit this long after another is a second one, not the other half of the same (dockerd and containerd log a pair µs apart). */
const SAME_EXIT_US = 5_000_000;

/**
 * Whether the container lived on after exit `e`: another exit of it comes more than 5 s later with no start
 * between. A container exits once per start, so the earlier line was not its death: a shim whose connection went
 * with a runtime restart and reconnected after it (dockerd "live-restore": true keeps containers and their shims
 * running through a stop of the daemons), then the real exit.
 */
export function livedOn(c: Container, e: PmEvent): boolean {
  if (e.time === null) return false;
  for (const f of c.events) {
    if (f.time === null || f.time <= e.time) continue;
    if (START(f)) return false;
    if (DEATH(f) && f.time - e.time > SAME_EXIT_US) return true;
  }
  return false;
}

/** The last exit in the logs, if no start came after it. */
export function lastDeath(c: Container): PmEvent | null {
  let death: PmEvent | null = null;
  const started = c.events.some(START);
  for (const e of c.events) {
    if (DEATH(e)) {
      if (!unordered(e, started)) death ??= e;
    } else if (START(e)) death = null;
  }
  return death;
}

/** Leases that hold this container's ID. */
export function leasesOf(tl: Timeline, c: Container): PmEvent[] {
  return c.events.filter((e) => e.kind === 'ipam.lease');
}

/** Decide gone/alive from logs (exit or removal with no restart) and state (lease folder, DNAT target IP now leased to another). */
export function fateOf(tl: Timeline, c: Container): Fate {
  const fate: Fate = { gone: false, alive: false, why: [], evidence: [] };
  const death = lastDeath(c);
  if (death) {
    fate.gone = true;
    fate.why.push(`its container exited (${death.kind}) and never started again`);
    fate.evidence.push(death);
  }
  const removal = lastRemoval(c);
  if (removal) {
    fate.gone = true;
    fate.why.push(`the runtime logged its removal (${removal.source.path}:${removal.source.line})`);
    fate.evidence.push(removal);
  }
  const stop = c.events.find((e) => e.kind === 'sandbox.stop.failed');
  if (stop && !fate.evidence.includes(stop)) fate.evidence.push(stop);
  for (const folder of tl.leaseFolders) {
    if (folder.host !== c.host || !c.networks.has(folder.network)) continue;
    const own = folder.leases.filter((l) => l.ids.includes(c.id));
    if (own.length === 0) {
      fate.gone = true;
      fate.why.push(`host-local holds no lease for it in ${folder.folder.attrs.folder}/`);
      // The leases that are there show the folder was collected and who holds the addresses now.
      const shown = folder.leases.length > 0 ? folder.leases.slice(0, 5) : [folder.folder];
      for (const l of shown) if (!fate.evidence.includes(l)) fate.evidence.push(l);
    }
    for (const target of c.events.filter((e) => e.kind === 'cni.dnat.target')) {
      const taken = folder.leases.find((l) => l.attrs.ip === target.attrs.ip && !l.ids.includes(c.id));
      if (taken) {
        fate.gone = true;
        fate.why.push(`its DNAT target ${target.attrs.ip} is now leased to ${String(taken.attrs.cniId).slice(0, 12)}`);
        if (!fate.evidence.includes(target)) fate.evidence.push(target);
        if (!fate.evidence.includes(taken)) fate.evidence.push(taken);
        break;
      }
    }
  }
  if (!fate.gone) {
    const started = [...c.events].reverse().find(START);
    if (started) {
      fate.alive = true;
      fate.why.push('it started and no exit follows');
      fate.evidence.push(started);
    } else if (c.events.some((e) => e.kind === 'ipam.lease')) {
      fate.alive = true;
      fate.why.push('host-local still holds its lease');
    }
  }
  return fate;
}
