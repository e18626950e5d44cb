// Kubernetes components logging with `--logging-format=json` (k8s.io/component-base/logs/json: zap's JSON encoder,
// "ts" in epoch milliseconds, "caller", "msg", "v", "err" and the key/values of InfoS/ErrorS), one object a line,
// as `talosctl logs kubelet` prints them too (the node's address in front: "10.200.1.3: {…}"). Each object is
// rewritten into the structured klog text the kubelet component reads, `"<msg>" key="value" …`, with no header.

import { detectObjectLines, parseObject } from './_json-doc.js';
import type { LogRecord } from '../events/types.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

/** "<node>: " that talosctl (and `kubectl logs --prefix`-like tools) put before each line. */
const PREFIX = /^([\w.:[\]-]+): (?=\{)/;
/** Keys of the encoder itself, not of the message (component-base/logs/json NewJSONLogger, zapr's "v"). */
const OWN = new Set(['ts', 'caller', 'msg', 'v', 'logger', 'level']);

interface Entry {
  host: string | null;
  o: Record<string, unknown>;
}

/** The object of one line when it is a component-base JSON entry (numeric "ts", string "msg"), else null. */
function entry(text: string): Entry | null {
  const p = PREFIX.exec(text);
  const body = p ? text.slice(p[0].length) : text;
  if (!body.startsWith('{"ts":') || !body.includes('"msg"')) return null;
  const r = parseObject(body);
  if (typeof r === 'string') return null;
  return typeof r['ts'] === 'number' && typeof r['msg'] === 'string' ? { host: p ? p[1]! : null, o: r } : null;
}

/** klog.KObj as the text format prints it: `namespace/name` (or `name` without a namespace); null when not one. */
function kobj(v: unknown): string | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const keys = Object.keys(v);
  const o = v as Record<string, unknown>;
  if (typeof o['name'] !== 'string' || !keys.every((k) => k === 'name' || k === 'namespace')) return null;
  return typeof o['namespace'] === 'string' && o['namespace'] !== '' ? `${o['namespace']}/${o['name']}` : o['name'];
}

/** A value as klog's text format writes it: strings quoted, KObj as "ns/name", lists of them `["ns/a" "ns/b"]`-like JSON. */
function klogText(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  const k = kobj(v);
  if (k !== null) return JSON.stringify(k);
  if (Array.isArray(v) && v.every((x) => kobj(x) !== null)) return JSON.stringify(v.map((x) => kobj(x)));
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** zap's EpochMillisTimeEncoder; seconds on the few builds that wrote them (a value below 1e11 is no millisecond count since 1973). */
function epochUs(ts: number): number {
  return Math.round(ts >= 1e11 ? ts * 1000 : ts * 1_000_000);
}

function detect(head: Head): Detection | null {
  return detectObjectLines(head, (l) => entry(l) !== null, 'component-base JSON log objects ("ts", "msg")');
}

class KlogJsonParser implements LineParser {
  constructor(private readonly ctx: FormatContext) {}

  line(text: string, lineNo: number): void {
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return this.ctx.skipped(lineNo, 'empty line');
    const e = entry(text);
    if (!e) return this.ctx.unparsed(lineNo, 'not a JSON log object with numeric "ts" and string "msg"', text);
    const absUs = epochUs(e.o['ts'] as number);
    // A ts past what a double holds exactly in microseconds (year ~2255) or before the epoch is no instant to place.
    if (!Number.isSafeInteger(absUs) || absUs < 0) return this.ctx.unparsed(lineNo, `"ts" ${e.o['ts']} is out of range for an epoch time`, text);
    let message = JSON.stringify(e.o['msg']);
    for (const [k, v] of Object.entries(e.o)) if (!OWN.has(k)) message += ` ${k}=${klogText(v)}`;
    const rec: LogRecord = { stamp: null, absUs, domain: 'absolute', host: e.host, ident: 'kubelet', pid: null, message, source: { path: this.ctx.path, line: lineNo }, raw: text };
    this.ctx.record(rec);
  }

  end(): void {}
}

export const klogJson: Format = {
  id: 'klog-json',
  title: 'Kubernetes JSON logs (kubelet --logging-format=json, as written or as talosctl prints them)',
  reference: 'https://github.com/kubernetes/component-base/blob/master/logs/json/json.go',
  samples: [
    '10.200.1.3: {"ts":1753121294157.29,"caller":"internal/log.go:32","msg":"RunPodSandbox from runtime service failed","err":"rpc error: code = DeadlineExceeded desc = context deadline exceeded"}',
    '10.200.1.3: {"ts":1753121294157.4375,"caller":"kuberuntime/kuberuntime_sandbox.go:72","msg":"Failed to create sandbox for pod","pod":{"name":"etcd-defrag-29218680-tzdzg","namespace":"tenant-testmonitoring"},"err":"rpc error: code = DeadlineExceeded desc = context deadline exceeded"}',
  ],
  detect,
  open: (ctx) => new KlogJsonParser(ctx),
};
