// Which version of each program ran on each host, and when: spans built from the version lines of the bundle.

import type { PmEvent } from '../events/types.js';
import { compareText } from '../text-order.js';
import { eventsOfKind, type Timeline } from '../timeline/timeline.js';

/** One version of one program on one host, from its first sighting until another version was seen. */
export interface SoftwareSpan {
  host: string;
  /** The program: dockerd, containerd, cri-dockerd, kubelet, iptables, or a package name. */
  name: string;
  /** As the program printed it ("v1.31.4", "1.7.24", "28.5.1-1"); null: its lines are in the bundle, no version line is. */
  version: string | null;
  /** What else the version line says that changes behaviour: the iptables backend ("nf_tables", "legacy"). */
  detail: string | null;
  /** First sighting (µs), or null when the sighting is timeless. */
  since: number | null;
  /** When another version of it was first seen, or null: still this version when the bundle ends. */
  until: number | null;
  /** The lines that name it: the first and the last sighting (one when they are the same line). */
  evidence: PmEvent[];
  /** Where the version was read: 'self' (the program's own log line), 'iptables-save', 'package list', …. */
  via: string[];
  /** Every sighting, in time order (versionAt cites the last one before the instant it is asked about). */
  sightings: PmEvent[];
  /** Whether the first sighting is a start line (the program printed it when it started). */
  fromStart: boolean;
}

/** A version line, as a sighting of one program's version. */
interface Sighting {
  host: string;
  name: string;
  version: string;
  detail: string | null;
  via: string;
  /** Printed at the program's start (its version line), not read off state at capture time. */
  atStart: boolean;
  event: PmEvent;
}

/** Identifiers whose lines show that a daemon ran, for the programs that have no version line in the bundle. */
const IDENT_DAEMON: Readonly<Record<string, string>> = { dockerd: 'dockerd', containerd: 'containerd', 'cri-dockerd': 'cri-dockerd', kubelet: 'kubelet' };

/** The order of programs in the table: the runtime stack from the bottom, then the firewall, then the rest. */
const ORDER = ['containerd', 'dockerd', 'cri-dockerd', 'kubelet', 'iptables'];

/** "v1.7.24" and "1.7.24" are one version. */
export function sameVersion(a: string, b: string): boolean {
  return a.replace(/^v/, '') === b.replace(/^v/, '');
}

function sightingOf(e: PmEvent): Sighting | null {
  const version = e.attrs.version;
  if (typeof version !== 'string' || version === '') return null;
  const name = e.kind === 'version.seen' ? e.attrs.software : e.attrs.daemon;
  if (typeof name !== 'string') return null;
  const via = typeof e.attrs.via === 'string' ? e.attrs.via : 'self';
  const detail = typeof e.attrs.backend === 'string' ? e.attrs.backend : null;
  return { host: e.host ?? '', name, version, detail, via, atStart: via === 'self' || e.kind === 'daemon.starting', event: e };
}

/** Sightings in time order (timeless ones last, in file order): the order spans are cut in. */
function bySightingTime(a: Sighting, b: Sighting): number {
  const ta = a.event.time ?? Infinity;
  const tb = b.event.time ?? Infinity;
  return ta - tb || a.event.seq - b.event.seq;
}

/**
 * Each host's programs as spans: consecutive sightings of the same version (and backend) are one span; a new
 * version opens the next one and closes the last. Programs whose lines the bundle holds but whose version it
 * never names get one span with version null, over their lines.
 */
export function buildSoftware(versionEvents: readonly PmEvent[], daemonLines: readonly PmEvent[]): SoftwareSpan[] {
  const groups = new Map<string, Sighting[]>();
  for (const e of versionEvents) {
    const s = sightingOf(e);
    if (s === null) continue;
    const key = `${s.host}\u0000${s.name}`;
    const g = groups.get(key);
    if (g) g.push(s);
    else groups.set(key, [s]);
  }
  const spans: SoftwareSpan[] = [];
  for (const sightings of groups.values()) {
    sightings.sort(bySightingTime);
    let open: SoftwareSpan | null = null;
    let last: Sighting | null = null;
    for (const s of sightings) {
      if (open !== null && last !== null && sameVersion(open.version!, s.version) && open.detail === s.detail) {
        last = s;
        if (!open.via.includes(s.via)) open.via.push(s.via);
        open.evidence[1] = s.event;
        open.sightings.push(s.event);
        continue;
      }
      if (open !== null) open.until = s.event.time;
      open = { host: s.host, name: s.name, version: s.version, detail: s.detail, since: s.event.time, until: null, evidence: [s.event], via: [s.via], sightings: [s.event], fromStart: s.atStart };
      last = s;
      spans.push(open);
    }
  }
  const known = new Set(spans.map((s) => `${s.host}\u0000${s.name}`));
  const unnamed = new Map<string, SoftwareSpan>();
  for (const e of daemonLines) {
    const name = daemonOf(e);
    if (name === null) continue;
    const host = e.host ?? '';
    const key = `${host}\u0000${name}`;
    if (known.has(key)) continue;
    const span = unnamed.get(key);
    if (span === undefined) unnamed.set(key, { host, name, version: null, detail: null, since: e.time, until: e.time, evidence: [e], via: [], sightings: [], fromStart: false });
    else if (e.time !== null) {
      if (span.since === null || e.time < span.since) [span.since, span.evidence[0]] = [e.time, e];
      if (span.until === null || e.time > span.until) span.until = e.time;
    }
  }
  spans.push(...unnamed.values());
  for (const s of spans) s.via.sort();
  return spans.sort(compareSpans);
}

/** The daemon a log line comes from: its identifier, or the daemon a daemon.* event names. */
function daemonOf(e: PmEvent): string | null {
  if (e.domain === 'capture') return null;
  if (e.kind.startsWith('daemon.') && typeof e.attrs.daemon === 'string') return e.attrs.daemon;
  const ident = e.attrs.ident;
  return typeof ident === 'string' ? (IDENT_DAEMON[ident] ?? null) : null;
}

function rank(name: string): number {
  const i = ORDER.indexOf(name);
  return i === -1 ? ORDER.length : i;
}

function compareSpans(a: SoftwareSpan, b: SoftwareSpan): number {
  return compareText(a.host, b.host) || rank(a.name) - rank(b.name) || compareText(a.name, b.name) || (a.since ?? Infinity) - (b.since ?? Infinity) || compareText(a.version ?? '', b.version ?? '');
}

const CACHE = new WeakMap<Timeline, SoftwareSpan[]>();

/** The timeline's software spans, built once per timeline. */
export function softwareOf(tl: Timeline): SoftwareSpan[] {
  let spans = CACHE.get(tl);
  if (spans === undefined) {
    const versions = [...eventsOfKind(tl, 'version.seen'), ...eventsOfKind(tl, 'daemon.starting')];
    CACHE.set(tl, (spans = buildSoftware(versions, tl.events)));
  }
  return spans;
}

/** A program's version at one instant, with the line it rests on and how sure it is. */
export interface VersionAt {
  version: string;
  evidence: PmEvent;
  /** Why the version is taken although no sighting precedes the instant, or null. */
  assumed: string | null;
}

/**
 * The version of `name` running on `host` at `t`: the span open at `t`. Before the first sighting the version is
 * known only when that sighting is state read at capture (a package list, a dump header) and the daemon did not
 * start between `t` and it: a version line printed at a later start says nothing of what ran before.
 */
export function versionAt(tl: Timeline, host: string, name: string, t: number | null): VersionAt | null {
  const spans = softwareOf(tl).filter((s) => s.host === host && s.name === name && s.version !== null);
  if (spans.length === 0) return null;
  if (t === null) return spans.every((s) => sameVersion(s.version!, spans[0]!.version!)) ? { version: spans[0]!.version!, evidence: spans[0]!.evidence[0]!, assumed: 'the event has no time; the bundle names one version only' } : null;
  let open: SoftwareSpan | null = null;
  for (const s of spans) if (s.since !== null && s.since <= t) open = s;
  if (open !== null) {
    let cited = open.sightings[0]!;
    for (const e of open.sightings) if (e.time !== null && e.time <= t) cited = e;
    return { version: open.version!, evidence: cited, assumed: null };
  }
  const first = spans[0]!;
  if (first.fromStart || first.since === null) return null;
  const restarted = eventsOfKind(tl, 'daemon.starting').some((e) => e.host === host && e.attrs.daemon === name && e.time !== null && e.time > t && e.time <= first.since!);
  if (restarted) return null;
  return { version: first.version!, evidence: first.evidence[0]!, assumed: `${name} did not restart between this moment and ${first.via.join(', ')}, which names its version` };
}
