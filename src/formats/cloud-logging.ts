// Node log entries copied from Google Cloud Logging's Logs Explorer: each entry's summary line is its severity, its
// timestamp (RFC 3339, UTC), the summary fields the viewer shows as chips ("[resource.labels.nodeName: <node>]") and
// the entry's message, "WARNING 2023-01-19T17:43:27Z [resource.labels.nodeName: gke-…-upwl] Started Kubernetes
// kubelet." (kubernetes/kubernetes#115491). GKE's node agent ships the journal of the node's units (kubelet,
// containerd, docker, node-problem-detector, the health monitors) as k8s_node entries whose message is the journal
// MESSAGE alone: the identifier is not in the line. The stamp and the node are the entry's; the message is read by
// the component whose body it is, as the journal's would be: a logrus body (containerd, dockerd) and a klog one
// (kubelet) by their own wording, whatever the identifier; PID 1's job lines ("Started <description>.", "Stopping
// <description>...", systemd's src/core/job.c formats, whose final "." or "..." systemd always writes) are given
// systemd's identifier, the one reader of them (components/systemd.ts). Severity names: the LogSeverity enum of
// google/logging/type/log_severity.proto. The entries are the node's journal as GKE ships it: journal records, whose
// node name votes for the host of the file as a journal's host names do.

import { SYSTEMD_JOB_LINE } from '../components/systemd.js';
import { parseIso, validStamp } from '../time/stamp.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

/** The summary line: severity, timestamp, the chips, the message. */
const ENTRY = /^(DEFAULT|DEBUG|INFO|NOTICE|WARNING|ERROR|CRITICAL|ALERT|EMERGENCY) (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)) ((?:\[[\w.@/"-]+: [^\]]*\] )*)(.*)$/s;
/** A chip naming the node: the k8s_node resource's label (nodeName as the viewer shows it, node_name as the API has it). */
const NODE_CHIP = /\[resource\.labels\.(?:nodeName|node_name): ([^\]\s]+)\]/;
/** The cheap refusal: no line of the head opens with a severity name and a year. */
const MAY = /(?:^|\n)(?:DEFAULT|DEBUG|INFO|NOTICE|WARNING|ERROR|CRITICAL|ALERT|EMERGENCY) \d{4}-/;

function detect(head: Head): Detection | null {
  if (!MAY.test(head.text)) return null;
  const lines = head.lines.filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  let hits = 0;
  let chips = 0;
  for (const l of lines) {
    const m = ENTRY.exec(l);
    if (m === null) continue;
    hits++;
    if (m[3] !== '') chips++;
  }
  const ratio = hits / lines.length;
  // The severity word and an RFC 3339 stamp alone are any logger's line; the viewer's "[field: value]" chips are its own.
  if (ratio < 0.6 || chips === 0) return null;
  return { score: 0.6 + ratio * 0.3, why: `${hits}/${lines.length} head lines are Cloud Logging summary lines ("<SEVERITY> <RFC 3339> [resource.labels.…: …] message"), ${chips} with the viewer's field chips` };
}

class CloudLoggingParser implements LineParser {
  private entries = 0;
  private systemd = 0;

  constructor(private readonly ctx: FormatContext) {}

  line(text: string, lineNo: number): void {
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return this.ctx.skipped(lineNo, 'empty line');
    const m = ENTRY.exec(text);
    if (m === null) return this.ctx.unparsed(lineNo, 'no Cloud Logging "<SEVERITY> <RFC 3339 timestamp> " at the start', text);
    const stamp = parseIso(m[2]!);
    if (stamp === null || !validStamp(stamp)) return this.ctx.unparsed(lineNo, 'the entry timestamp is not an RFC 3339 instant', text);
    const message = m[4]!;
    const ident = SYSTEMD_JOB_LINE.test(message) ? 'systemd' : null;
    if (ident !== null) this.systemd++;
    this.entries++;
    this.ctx.record({ stamp, absUs: null, domain: 'journal', host: NODE_CHIP.exec(m[3]!)?.[1] ?? null, ident, pid: null, message, source: { path: this.ctx.path, line: lineNo }, raw: text });
  }

  end(): void {
    if (this.entries > 0)
      this.ctx.note(`Cloud Logging entries: ${this.entries} read, timed by the entry's timestamp and placed on its node; no identifier in the copy, so ${this.systemd} systemd job line(s) were given systemd's and the rest read by their body`);
  }
}

export const cloudLogging: Format = {
  id: 'cloud-logging',
  title: "node log entries copied from Google Cloud Logging's Logs Explorer (severity, timestamp, field chips, message)",
  reference: 'https://github.com/googleapis/googleapis/blob/master/google/logging/type/log_severity.proto; https://cloud.google.com/logging/docs/view/logs-explorer-interface',
  samples: [
    // kubernetes/kubernetes#115491 (a GKE node's kubelet restarted by the health monitor)
    'WARNING 2023-01-19T17:43:27Z [resource.labels.nodeName: gke-my-cluster-mypool-2396c280-upwl] Started Kubernetes kubelet.',
    'DEFAULT 2023-01-19T17:43:17.097685Z [resource.labels.nodeName: gke-my-cluster-mypool-2396c280-upwl] time="2023-01-19T17:43:17.097629571Z" level=error msg="StopContainer for \\"75d8e6572b43c2b722229e07d52c4b46212ecfd367a7c63b0daa5d28fef4532f\\" failed" error="rpc error: code = Canceled desc = context canceled"',
  ],
  detect,
  open: (ctx) => new CloudLoggingParser(ctx),
};
