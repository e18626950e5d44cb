// Timeline events as Timesketch rows: message, datetime, timestamp_desc, timestamp, then podmortem's own columns.

import type { AttrValue, PmEvent } from '../events/types.js';
import { formatUs } from '../time/stamp.js';

/**
 * The columns of every row, in this order: Timesketch's four, where the line sits, the daemon (ident, pid) and pod
 * as their own columns for filtering, then `attrs`: the event's other attributes (an object in JSONL, its JSON in CSV).
 */
export const COLUMNS = ['message', 'datetime', 'timestamp_desc', 'timestamp', 'host', 'kind', 'containerId', 'containerIds', 'path', 'line', 'endLine', 'ident', 'pid', 'pod', 'attrs'] as const;

export type Column = (typeof COLUMNS)[number];
export type Row = Record<Column, AttrValue | Record<string, AttrValue>>;

/**
 * What the instant of an event means, in Timesketch's words. State observations carry the capture time of
 * the dump or file (iptables-save header, sos date, file mtime: the report's assumptions say which).
 */
export function timestampDesc(e: PmEvent): string {
  const k = e.kind;
  if (k === 'bundle.captured') return 'Bundle captured';
  if (k.startsWith('cni.dnat.') || k === 'cni.masq.present' || k === 'cni.chain.declared') return 'iptables dump captured';
  if (k.startsWith('ipam.')) return 'Lease file observed';
  if (k === 'cni.cache.present') return 'CNI result cache file observed';
  if (k === 'cni.network') return 'CNI config file observed';
  if (k === 'sandbox.checkpoint') return 'Sandbox checkpoint file observed';
  if (k === 'container.observed') return 'docker listing captured';
  if (k === 'pod.observed') return 'kubectl listing captured';
  // A version read off state at capture (dpkg -l, docker version), not a line logged at that instant.
  if (k === 'version.seen' && e.domain === 'capture') return `${typeof e.attrs.via === 'string' ? e.attrs.via : 'version listing'} captured`;
  if (e.domain === 'journal') return 'Journal entry';
  if (k === 'deploy.step') return 'Deploy log entry';
  return 'Log entry';
}

function podOf(a: Record<string, AttrValue>): string | null {
  if (typeof a.pod === 'string' && a.pod) return a.pod;
  if (Array.isArray(a.pods) && a.pods.length > 0) return a.pods.join(' ');
  return null;
}

/**
 * One row per timed event, in timeline order. Timesketch needs a datetime, so events without one are left
 * out (count them with `timeless()`; the CLI reports the count on stderr) rather than placed at an invented instant.
 * One at a time: a big timeline's rows are never all held (the exports come in pieces).
 */
export function* eachTimesketchRow(events: readonly PmEvent[]): Generator<Row> {
  for (const e of events) if (e.time !== null) yield rowOf(e, e.time);
}

function rowOf(e: PmEvent, time: number): Row {
  const attrs: Record<string, AttrValue> = {};
  for (const key of Object.keys(e.attrs).sort()) if (key !== 'ident' && key !== 'pid' && key !== 'pod' && key !== 'pods') attrs[key] = e.attrs[key]!;
  return {
    message: e.text,
    datetime: formatUs(time),
    timestamp_desc: timestampDesc(e),
    timestamp: time,
    host: e.host,
    kind: e.kind,
    containerId: e.ids[0] ?? null,
    containerIds: e.ids.length > 0 ? e.ids.join(' ') : null,
    path: e.source.path,
    line: e.source.line,
    endLine: e.endLine !== undefined && e.endLine > e.source.line ? e.endLine : null,
    ident: typeof e.attrs.ident === 'string' ? e.attrs.ident : null,
    pid: typeof e.attrs.pid === 'number' ? e.attrs.pid : null,
    pod: podOf(e.attrs),
    attrs,
  };
}

/** Events the Timesketch export leaves out because they have no instant. */
export function timeless(events: readonly PmEvent[]): number {
  return events.filter((e) => e.time === null).length;
}
