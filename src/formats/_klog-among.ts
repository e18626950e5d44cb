// klog lines inside a logrus stream. A program that logs its own messages with logrus and embeds Kubernetes code that
// logs with klog writes both to one stream: crictl on a terminal (`FATA[0000] run pod sandbox: …` beside its CRI
// client's `E0829 08:20:58.614213   21200 remote_runtime.go:222] "RunPodSandbox from runtime service failed" …`,
// k8s.io/cri-client), k3s and rke2 to /var/log/k3s.log under OpenRC or to `docker logs` (`time="…" level=info
// msg="Starting k3s …"` beside the embedded kubelet's klog lines). Each klog line is a record of its own, timed by its
// header (month and day, no year, like every klog line).

import type { LogRecord } from '../events/types.js';
import { parseKlog } from '../components/klog.js';
import { HEADER as KLOG_HEADER } from './klog-file.js';
import type { FormatContext } from './types.js';

/**
 * What a logrus format's head reads once its klog lines count: `own` of its lines are logrus records, and klog lines
 * are taken along only when they are fewer (a kubelet file with a stray logrus line stays klog-file's) and the two
 * together are nearly every line (`journalctl -o cat` of a whole journal mixes both with every other unit's text, and
 * stays unread: nothing there says which line is whose).
 */
export function withKlog(lines: readonly string[], own: number): { hits: number; klog: number } {
  const klog = own > 0 ? lines.filter((l) => KLOG_HEADER.test(l)).length : 0;
  if (klog === 0 || klog > own || (own + klog) / lines.length < 0.8) return { hits: own, klog: 0 };
  return { hits: own + klog, klog };
}

/** The formats that read klog lines among their own (withKlog, klogRecord). */
export const READ_KLOG_AMONG: ReadonlySet<string> = new Set(['logrus-file', 'logrus-tty']);

/** Whether `text` opens with a whole klog header. */
export function isKlogLine(text: string): boolean {
  return KLOG_HEADER.test(text);
}

/** The record of a klog line in a logrus stream, or null when `text` has no klog header. */
export function klogRecord(text: string, lineNo: number, ctx: FormatContext, ident: string | null): LogRecord | null {
  const k = KLOG_HEADER.test(text) ? parseKlog(text) : null;
  if (k === null) return null;
  return { stamp: k.stamp === null ? null : { ...k.stamp }, absUs: null, domain: 'host', host: null, ident, pid: k.pid, message: text, source: { path: ctx.path, line: lineNo }, raw: text };
}
