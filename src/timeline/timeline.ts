// Orders events and resolves everything that names a sandbox (prefixes, chains, IPs) onto its 64-hex ID.

import type { PmEvent } from '../events/types.js';
import { dnatChainName, masqChainName } from './chain-hash.js';
import { findReboots, rebootedSandboxes, type Reboot } from './boots.js';
import type { Coverage } from './coverage.js';
import { indexTables, natTables, type NatTable } from './nat-tables.js';
import { compareText } from '../text-order.js';
import { addId } from '../events/settle.js';

export interface Container {
  id: string;
  host: string;
  events: PmEvent[];
  pods: Set<string>;
  ips: Set<string>;
  chains: Set<string>;
  networks: Set<string>;
  isSandbox: boolean;
}

/** One iptables dump file: its jumps in CNI-HOSTPORT-DNAT order and the DNAT targets of each chain. */
export interface Dump {
  path: string;
  host: string;
  form: string;
  time: number | null;
  jumps: PmEvent[];
  targets: Map<string, PmEvent[]>;
  masq: PmEvent[];
  /** Declared CNI chains (and PREROUTING), each with its declaring line. */
  chains: Map<string, PmEvent>;
  /** Whether the dump holds the whole nat table (not `-S <one chain>`): only then is a missing chain evidence. */
  wholeTable: boolean;
}

export interface LeaseFolder {
  host: string;
  network: string;
  folder: PmEvent;
  leases: PmEvent[];
}

export interface DaemonWindow {
  host: string;
  daemon: string;
  start: PmEvent;
  end: PmEvent | null;
}

export interface Timeline {
  events: PmEvent[];
  /** What each journal file covers (identifiers, span): absence is evidence only inside it. */
  coverage: Coverage[];
  containers: Map<string, Container>;
  /** Every dump file, as read. */
  dumps: Dump[];
  /** Each host's nat rule sets (family, backend), their dumps merged: what the iptables rules check. */
  tables: NatTable[];
  leaseFolders: LeaseFolder[];
  windows: DaemonWindow[];
  /** Each host's reboots, by host then time (timeline/boots.ts): an event's boot is bootIndex(reboots, host, time). */
  reboots: Reboot[];
  notes: string[];
}

/** The empty set containers share until they have a pod, IP, chain or network: four empty sets were ~600 bytes a container. */
class NoSet extends Set<string> {
  override add(): this {
    throw new Error('the shared empty set of a container: use added()');
  }
}
const NO_SET: Set<string> = new NoSet();

/** `set` with `value` in it: a set of its own in place of the shared empty one. */
function added(set: Set<string>, value: string): Set<string> {
  if (set === NO_SET) return new Set([value]);
  set.add(value);
  return set;
}

const SANDBOX_KINDS = new Set(['sandbox.started', 'sandbox.setup.failed', 'sandbox.stop.failed', 'sandbox.teardown.failed', 'sandbox.teardown.blind', 'sandbox.teardown.done', 'sandbox.removed', 'cni.dnat.present', 'cni.dnat.target', 'cni.masq.present', 'ipam.lease', 'cni.cache.present', 'sandbox.checkpoint']);

/**
 * kubelet's "Error syncing pod" for KillPodSandbox names the pod but not the sandbox; the sandbox is the one
 * whose StopPodSandbox failed on the same host shortly before (kubelet retries every sync). Attributed only
 * when exactly one sandbox qualifies.
 */
function attributeKillPodSandbox(events: PmEvent[], notes: string[]): void {
  // `events`: the stop and teardown failures, in time order.
  const WINDOW = 120_000_000;
  /** Notes named one by one; past it they are counted (a hostile journal can hold a failure per line). */
  const NOTES = 100;
  let unnamed = 0;
  // One pass in time order, keeping each host's stop/teardown failures of the last 2 minutes in a queue and
  // how many of them name each sandbox: constant work per event however many fail at once.
  const recent = new Map<string, { queue: PmEvent[]; head: number; ids: Map<string, number> }>();
  for (const e of events) {
    if (e.time === null || (e.kind !== 'sandbox.stop.failed' && e.kind !== 'sandbox.teardown.failed')) continue;
    const t = e.time;
    const host = e.host ?? '';
    let w = recent.get(host);
    if (!w) recent.set(host, (w = { queue: [], head: 0, ids: new Map() }));
    while (w.head < w.queue.length && t - w.queue[w.head]!.time! > WINDOW) {
      const id = w.queue[w.head++]!.ids[0]!;
      const n = w.ids.get(id)! - 1;
      if (n === 0) w.ids.delete(id);
      else w.ids.set(id, n);
    }
    if (w.head > 1024 && w.head * 2 > w.queue.length) {
      w.queue = w.queue.slice(w.head);
      w.head = 0;
    }
    if (e.kind === 'sandbox.teardown.failed' && e.ids.length === 0 && typeof e.attrs.pod === 'string') {
      if (w.ids.size === 1) {
        addId(e, w.ids.keys().next().value!);
        e.attrs.attributed = 'the only sandbox whose StopPodSandbox failed in the 2 minutes before';
      } else if (w.ids.size > 1) {
        if (notes.length < NOTES) notes.push(`${e.source.path}:${e.source.line}: KillPodSandbox failure of ${e.attrs.pod} matches ${w.ids.size} sandboxes; not attributed`);
        else unnamed++;
      }
    }
    if (e.ids.length === 1) {
      w.queue.push(e);
      w.ids.set(e.ids[0]!, (w.ids.get(e.ids[0]!) ?? 0) + 1);
    }
  }
  if (unnamed > 0) notes.push(`${unnamed} more KillPodSandbox failures matched several sandboxes and were not attributed`);
}

/** Each timeline's containers in ID order, with the map size they were sorted at. */
const BY_ID = new WeakMap<Timeline, { size: number; list: Container[] }>();

/**
 * The timeline's containers in ID order (compareText), sorted once for all the rules that walk them: each sort of
 * a 1.6 GB journal's 8,000 containers took 25-40 ms of the run's serial end, and three rules made one.
 */
export function containersById(tl: Timeline): readonly Container[] {
  const had = BY_ID.get(tl);
  if (had !== undefined && had.size === tl.containers.size) return had.list;
  const list = [...tl.containers.values()].sort((a, b) => compareText(a.id, b.id));
  BY_ID.set(tl, { size: tl.containers.size, list });
  return list;
}

/** Each timeline's events by kind, with the event count they were gathered at. */
const BY_KIND = new WeakMap<Timeline, { count: number; kinds: Map<string, PmEvent[]> }>();
const NONE: readonly PmEvent[] = [];

/**
 * The timeline's events of one kind, in timeline order, gathered in one pass for all the rules that ask: each
 * rule's own pass over a 1.6 GB journal's 64,000 events ran cold (interpreted) and cost it 10-30 ms.
 */
export function eventsOfKind(tl: Timeline, kind: PmEvent['kind']): readonly PmEvent[] {
  let had = BY_KIND.get(tl);
  if (had === undefined || had.count !== tl.events.length) {
    const kinds = new Map<string, PmEvent[]>();
    for (const e of tl.events) {
      const list = kinds.get(e.kind);
      if (list === undefined) kinds.set(e.kind, [e]);
      else list.push(e);
    }
    BY_KIND.set(tl, (had = { count: tl.events.length, kinds }));
  }
  return had.kinds.get(kind) ?? NONE;
}

/** The one canonical event order: time (timeless last), then file, line and ingest order. */
export function compareEvents(a: PmEvent, b: PmEvent): number {
  if (a.time !== b.time) {
    if (a.time === null) return 1;
    if (b.time === null) return -1;
    return a.time - b.time;
  }
  if (a.source.path !== b.source.path) return a.source.path < b.source.path ? -1 : 1;
  if (a.source.line !== b.source.line) return a.source.line - b.source.line;
  return a.seq - b.seq;
}

/** Build the timeline: sorted events, entities keyed by sandbox/container ID, dumps, leases, daemon stop windows. */
export function buildTimeline(events: PmEvent[], coverage: Coverage[] = []): Timeline {
  const notes: string[] = [];
  events.sort(compareEvents);
  const { sortedIds, networks, withPrefixes, dnat, failures, byIp } = firstPass(events);
  resolvePrefixes(withPrefixes, sortedIds, notes);
  resolveChains(dnat, sortedIds, networks, notes);
  attributeKillPodSandbox(failures, notes);

  const ix = new Indexes();
  // Containers, dumps, lease folders and daemon stop windows in one pass: each pass over every event costs ~20 ms
  // on a 1.6 GB journal's 64,000 events.
  for (const e of events) {
    if (e.ids.length > 1) {
      // A new list only where an ID repeats: a copy for every event with two IDs held the report phase's peak ~1 MB higher.
      const unique = new Set(e.ids);
      if (unique.size < e.ids.length) e.ids = [...unique];
    }
    ix.container(e);
    ix.dump(e);
    ix.leaseFolder(e);
    ix.daemonWindow(e);
  }
  podsByIp(byIp, ix.containers, notes);
  const reboots = findReboots(events, notes);
  endAtReboots(reboots, ix, events);
  // Lists filled by push keep up to half their length spare; a container's list lives to the end of the run.
  for (const c of ix.containers.values()) c.events = c.events.slice();

  for (const d of ix.dumps.values()) d.jumps.sort((a, b) => Number(a.attrs.position) - Number(b.attrs.position));
  const dumps = [...ix.dumps.values()].sort((a, b) => compareText(a.path, b.path));
  const tables = natTables(dumps, notes);
  indexTables(tables);
  return { events, coverage, containers: ix.containers, dumps, tables, leaseFolders: [...ix.folders.values()], windows: ix.windows, reboots, notes };
}

/**
 * The few events the later steps look at, in order, and every full ID and network: one pass over every event,
 * not one per step (cold code runs each pass over a 1.6 GB journal's 64,000 events in ~15 ms).
 */
function firstPass(events: PmEvent[]) {
  const known = new Set<string>();
  const networks = new Set<string>();
  const withPrefixes: PmEvent[] = [];
  const dnat: PmEvent[] = [];
  const failures: PmEvent[] = [];
  const byIp: PmEvent[] = [];
  for (const e of events) {
    for (const id of e.ids) known.add(id);
    const net = e.attrs.network;
    if (typeof net === 'string' && net) networks.add(net);
    if (e.prefixes.length > 0) withPrefixes.push(e);
    const kind = e.kind;
    if (kind === 'cni.dnat.present' || kind === 'cni.dnat.target' || kind === 'cni.masq.present') dnat.push(e);
    else if (kind === 'sandbox.stop.failed' || kind === 'sandbox.teardown.failed') failures.push(e);
    else if (kind === 'ipam.lease' || kind === 'cni.cache.present' || kind === 'pod.observed') byIp.push(e);
  }
  // Code-unit order, as sort() with no comparator gives, without its string conversions (~2x slower here).
  const sortedIds = [...known].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { sortedIds, networks, withPrefixes, dnat, failures, byIp };
}

/** Short prefixes (kubelet's "docker://5e1c0d9a7b3f") resolve only when unique in the bundle. */
function resolvePrefixes(withPrefixes: PmEvent[], sortedIds: string[], notes: string[]): void {
  const byPrefix12 = new Map<string, string[]>();
  for (const id of sortedIds) {
    const p = id.slice(0, 12);
    const same = byPrefix12.get(p);
    if (same === undefined) byPrefix12.set(p, [id]);
    else same.push(id);
  }
  for (const e of withPrefixes) {
    for (const p of e.prefixes) {
      const matches = (byPrefix12.get(p.slice(0, 12)) ?? []).filter((id) => id.startsWith(p));
      if (matches.length === 1) addId(e, matches[0]!);
      else if (matches.length > 1) notes.push(`prefix ${p} at ${e.source.path}:${e.source.line} is ambiguous: ${matches.length} IDs start with it`);
    }
  }
}

/** What the second pass builds, one method per thing it indexes. */
class Indexes {
  readonly containers = new Map<string, Container>();
  readonly dumps = new Map<string, Dump>();
  readonly folders = new Map<string, LeaseFolder>();
  readonly windows: DaemonWindow[] = [];
  /** Each host's and daemon's window still waiting for its end. */
  private readonly open = new Map<string, DaemonWindow>();

  container(e: PmEvent): void {
    for (const id of e.ids) {
      let c = this.containers.get(id);
      if (!c) {
        c = { id, host: e.host ?? '', events: [], pods: NO_SET, ips: NO_SET, chains: NO_SET, networks: NO_SET, isSandbox: false };
        this.containers.set(id, c);
      }
      c.events.push(e);
      if (SANDBOX_KINDS.has(e.kind) || (e.kind === 'container.observed' && e.attrs.sandbox === true)) c.isSandbox = true;
      const a = e.attrs;
      if (typeof a.pod === 'string' && a.pod) c.pods = added(c.pods, a.pod);
      if (typeof a.ip === 'string' && (e.kind === 'ipam.lease' || e.kind === 'cni.dnat.target' || e.kind === 'cni.cache.present')) c.ips = added(c.ips, a.ip);
      if (e.kind === 'cni.dnat.present' && typeof a.target === 'string') c.chains = added(c.chains, a.target);
      if (e.kind === 'cni.masq.present' && typeof a.target === 'string') c.chains = added(c.chains, a.target);
      if (typeof a.network === 'string' && a.network) c.networks = added(c.networks, a.network);
    }
  }

  dump(e: PmEvent): void {
    if (e.kind !== 'cni.dnat.present' && e.kind !== 'cni.dnat.target' && e.kind !== 'cni.masq.present' && e.kind !== 'cni.chain.declared') return;
    const key = String(e.attrs.dump);
    let d = this.dumps.get(key);
    if (!d) {
      d = { path: key, host: e.host ?? '', form: String(e.attrs.form), time: e.time, jumps: [], targets: new Map(), masq: [], chains: new Map(), wholeTable: false };
      this.dumps.set(key, d);
    }
    if (e.kind === 'cni.chain.declared') {
      d.chains.set(String(e.attrs.chain), e);
      if (e.attrs.chain === 'PREROUTING') d.wholeTable = true;
    } else if (e.kind === 'cni.dnat.present') d.jumps.push(e);
    else if (e.kind === 'cni.masq.present') d.masq.push(e);
    else {
      const chain = String(e.attrs.chain);
      let targets = d.targets.get(chain);
      if (!targets) d.targets.set(chain, (targets = []));
      targets.push(e);
    }
  }

  leaseFolder(e: PmEvent): void {
    if (e.kind !== 'ipam.folder' && e.kind !== 'ipam.lease') return;
    const key = `${e.host}|${e.attrs.network}`;
    let f = this.folders.get(key);
    if (!f) {
      f = { host: e.host ?? '', network: String(e.attrs.network), folder: e, leases: [] };
      this.folders.set(key, f);
    }
    if (e.kind === 'ipam.lease') f.leases.push(e);
  }

  /** Daemon stop windows: from "stopping" to the next "stopped" (or start) of the same daemon on the same host. */
  daemonWindow(e: PmEvent): void {
    if (!e.kind.startsWith('daemon.') || e.time === null) return;
    const key = `${e.host}|${e.attrs.daemon}`;
    const w = this.open.get(key);
    if (e.kind === 'daemon.stopping') {
      if (!w) {
        const nw: DaemonWindow = { host: e.host ?? '', daemon: String(e.attrs.daemon), start: e, end: null };
        this.windows.push(nw);
        this.open.set(key, nw);
      }
    } else if (w && (e.kind === 'daemon.stopped' || e.kind === 'daemon.starting' || e.kind === 'daemon.started')) {
      w.end = e;
      if (e.kind !== 'daemon.stopped' || e.attrs.via === 'systemd') this.open.delete(key);
    }
  }
}

/** Sandboxes alive at a reboot end there: a derived event on each, in the timeline and the sandbox's own list. */
function endAtReboots(reboots: Timeline['reboots'], ix: Indexes, events: PmEvent[]): void {
  const ended = rebootedSandboxes(reboots, ix.containers.values(), ix.windows, events);
  if (ended.length === 0) return;
  events.push(...ended);
  events.sort(compareEvents);
  for (const e of ended) {
    const c = ix.containers.get(e.ids[0]!)!;
    c.events.push(e);
    c.events.sort(compareEvents);
  }
}

/**
 * kubectl's pod IPs name no container: the pod goes to the sandbox whose host-local lease (else result cache)
 * holds that IP at collection time. DNAT targets are not used: a stale chain keeps an IP that may be reused.
 */
function podsByIp(events: PmEvent[], containers: Map<string, Container>, notes: string[]): void {
  const holders = new Map<string, { lease: Set<string>; cache: Set<string> }>();
  for (const e of events) {
    if ((e.kind !== 'ipam.lease' && e.kind !== 'cni.cache.present') || typeof e.attrs.ip !== 'string' || !e.ids[0]) continue;
    const h = holders.get(e.attrs.ip) ?? { lease: new Set(), cache: new Set() };
    (e.kind === 'ipam.lease' ? h.lease : h.cache).add(e.ids[0]);
    holders.set(e.attrs.ip, h);
  }
  for (const e of events) {
    if (e.kind !== 'pod.observed' || typeof e.attrs.ip !== 'string' || typeof e.attrs.pod !== 'string') continue;
    const h = holders.get(e.attrs.ip);
    if (!h) continue;
    let held = [...(h.lease.size ? h.lease : h.cache)].flatMap((id) => containers.get(id) ?? []);
    if (held.length > 1 && held.some((c) => c.host === e.host)) held = held.filter((c) => c.host === e.host);
    const at = `${e.source.path}:${e.source.line}`;
    if (held.length !== 1) {
      if (held.length > 1) notes.push(`pod ${e.attrs.pod} at ${at}: IP ${e.attrs.ip} is held by ${held.length} sandboxes; not attributed`);
      continue;
    }
    const c = held[0]!;
    if (c.pods.size && !c.pods.has(e.attrs.pod)) {
      notes.push(`pod ${e.attrs.pod} at ${at} has IP ${e.attrs.ip}, held by sandbox ${c.id.slice(0, 12)} of ${[...c.pods].join(', ')}: the listing and the lease are not from the same moment; not attributed`);
      continue;
    }
    c.pods = added(c.pods, e.attrs.pod);
    if (!e.ids.includes(c.id)) addId(e, c.id);
    c.events.push(e);
    c.events.sort(compareEvents);
  }
}

/** Unresolved chains named one by one in the notes; past it they are counted (a hostile dump can hold thousands). */
const UNRESOLVED_NOTES = 20;

/**
 * Chains onto sandboxes. A jump's own comment names its sandbox; where the dump dropped it (nft lists iptables-nft
 * rules without their -m comment text) portmap's and bridge's hash is recomputed for every known ID and network, and
 * the event keeps the network that matched and says how it was resolved. A chain no known pair hashes to is left
 * unowned and noted: never guessed.
 */
function resolveChains(events: PmEvent[], sortedIds: string[], networks: Set<string>, notes: string[]): void {
  const chainOwner = new Map<string, string>();
  for (const e of events) if (e.kind === 'cni.dnat.present' && e.ids[0] && typeof e.attrs.target === 'string') chainOwner.set(`${e.host}|${e.attrs.target}`, e.ids[0]);
  let hashIndex: Map<string, { id: string; network: string }> | null = null;
  const byHash = (chain: string): { id: string; network: string } | null => {
    if (!hashIndex) {
      hashIndex = new Map();
      const nets = [...networks].sort();
      for (const id of sortedIds)
        for (const n of nets) {
          hashIndex.set(dnatChainName(n, id), { id, network: n });
          hashIndex.set(masqChainName(n, id), { id, network: n });
        }
    }
    return hashIndex.get(chain) ?? null;
  };
  const resolved = (e: PmEvent, chain: string, hit: { id: string; network: string }): void => {
    addId(e, hit.id);
    if (e.kind !== 'cni.dnat.target' && (e.attrs.network === null || e.attrs.network === undefined)) e.attrs.network = hit.network;
    e.attrs.resolvedBy = `${chain} = ("${chain.startsWith('CNI-DN-') ? 'CNI-DN-' : 'CNI-'}" + sha512hex("${hit.network}" + "${hit.id}"))[0:28]`;
  };
  let unresolved = 0;
  for (const e of events) {
    if (e.ids.length > 0) continue;
    const chain = String(e.kind === 'cni.dnat.target' ? e.attrs.chain : e.attrs.target);
    if (e.kind === 'cni.dnat.target') {
      const owner = chainOwner.get(`${e.host}|${chain}`);
      if (owner) {
        addId(e, owner);
        continue;
      }
    }
    const hit = byHash(chain);
    if (hit) resolved(e, chain, hit);
    else if (e.kind === 'cni.dnat.present' && e.attrs.commentDropped === true && chain.startsWith('CNI-DN-')) {
      e.attrs.unresolved = `no (network, sandbox ID) the bundle knows hashes to ${chain}: ${networks.size} networks x ${sortedIds.length} IDs tried`;
      if (unresolved++ < UNRESOLVED_NOTES) notes.push(`${e.source.path}:${e.source.line}: rule ${e.attrs.position} of ${e.attrs.chain} has no comment in this listing and ${e.attrs.unresolved}; its sandbox is unknown`);
    }
  }
  if (unresolved > UNRESOLVED_NOTES) notes.push(`${unresolved - UNRESOLVED_NOTES} more CNI-DN chains without a comment match no known sandbox`);
}
