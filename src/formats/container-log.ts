// A container's own log file as its runtime keeps it, holding the daemon that ran inside it (docker:dind, kind's and
// kubeadm's kube-system containers, a containerized kubelet or containerd):
// - docker's json-file driver, /var/lib/docker/containers/<id>/<id>-json.log: one object a line,
//   `{"log":"time=\"…\" level=info msg=\"Daemon shutdown complete\"\n","stream":"stderr","time":"…"}`
//   (moby daemon/logger/jsonfilelog, jsonlog.JSONLogs: log, stream, time; the log value keeps the line's "\n");
// - the CRI log format kubelet asks the runtime to write, /var/log/pods/<ns>_<pod>_<uid>/<container>/<n>.log and its
//   /var/log/containers symlinks: `2023-05-20T16:57:52.341863161Z stderr F <line>` (kubernetes
//   pkg/kubelet/kuberuntime/logs/logs.go: <RFC 3339 nano> <stream> <tag> <content>, tag P for a partial line, F full).
// The inner line is the daemon's own (logrus text, klog, logrus JSON) and is handed to the components as it is; the
// record's time is the runtime's outer stamp, taken when the line reached it, to the nanosecond and absolute.

import { parseObject } from './_json-doc.js';
import { logrusBody } from './_logrus-body.js';
import { identFromPath } from './logrus-file.js';
import { parseIso } from '../time/stamp.js';
import { PendingRecord } from './_pending-record.js';
import type { LocalStamp } from '../events/types.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

const CRI = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) (stdout|stderr) ([PF]) (.*)$/s;

/** One physical line of either shape: its outer time, stream, the content and whether the line goes on in the next. */
interface Piece {
  time: string;
  stream: string;
  content: string;
  partial: boolean;
}

/** A json-file object (string log, stream and time) or a CRI line; null for anything else. */
export function pieceOf(text: string): Piece | null {
  if (text.startsWith('{"log":')) {
    const o = parseObject(text);
    if (typeof o === 'string' || typeof o['log'] !== 'string' || typeof o['stream'] !== 'string' || typeof o['time'] !== 'string') return null;
    const log = o['log'];
    // The driver splits a line over 16 KiB into several objects; only the last keeps the "\n" (jsonfilelog, PLogMetaData).
    const partial = !log.endsWith('\n');
    return { time: o['time'], stream: o['stream'], content: partial ? log : log.slice(0, log.endsWith('\r\n') ? -2 : -1), partial };
  }
  const m = CRI.exec(text);
  if (m === null) return null;
  return { time: m[1]!, stream: m[2]!, content: m[4]!, partial: m[3] === 'P' };
}

function detect(head: Head): Detection | null {
  const lines = head.lines.filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  const whole = head.text.endsWith('\n') || lines.length === 1 ? lines : lines.slice(0, -1);
  const hits = whole.filter((l) => pieceOf(l) !== null).length;
  const ratio = whole.length === 0 ? 0 : hits / whole.length;
  if (ratio < 0.6) return null;
  // Above the plain formats: the inner lines are theirs, but only this one reads the runtime's envelope around them.
  return { score: 0.6 + ratio * 0.35, why: `${hits}/${whole.length} head lines are a container runtime's log lines (docker json-file {"log":…} or CRI "<time> <stream> F|P")` };
}

/** The body the components read: a logrus JSON object is rewritten into the text formatter's shape, the rest kept. */
function bodyOf(content: string): string {
  if (!content.startsWith('{') || !content.includes('"msg"')) return content;
  const o = parseObject(content);
  if (typeof o === 'string' || typeof o['level'] !== 'string' || typeof o['msg'] !== 'string') return content;
  const fields: [string, string][] = [];
  for (const [k, v] of Object.entries(o)) if (k !== 'time' && k !== 'level' && k !== 'msg') fields.push([k, typeof v === 'string' ? v : JSON.stringify(v)]);
  return logrusBody(typeof o['time'] === 'string' ? o['time'] : null, o['level'], o['msg'], fields);
}

class ContainerLogParser implements LineParser {
  private readonly pending: PendingRecord;
  private readonly ident: string | null;
  /** Partial pieces waiting for their stream's last one: the joined content, the first line and its raw text. */
  private readonly open = new Map<string, { stamp: LocalStamp; content: string; line: number; raw: string }>();
  private joined = 0;

  constructor(private readonly ctx: FormatContext) {
    this.pending = new PendingRecord(ctx);
    // The file name says the container (a kubelet's, a dockerd's) at best; a json-file's is the container ID.
    this.ident = identFromPath(ctx.path);
  }

  line(text: string, lineNo: number): void {
    if (text.trim() === '') return this.ctx.skipped(lineNo, 'empty line');
    const p = pieceOf(text);
    if (p === null) {
      this.pending.flush();
      return this.ctx.unparsed(lineNo, 'not a container runtime log line (docker json-file {"log":…} or CRI "<time> <stream> F|P <line>")', text);
    }
    const stamp = parseIso(p.time);
    if (stamp === null) {
      this.pending.flush();
      return this.ctx.unparsed(lineNo, `runtime time "${p.time}" is not an RFC 3339 instant`, text);
    }
    const before = this.open.get(p.stream);
    if (before !== undefined) {
      // The rest of a line the runtime cut: one record, timed and placed at its first piece.
      before.content += p.content;
      before.raw += '\n' + text;
      this.ctx.skipped(lineNo, 'continuation: the runtime split one long line into several');
      if (p.partial) return;
      this.open.delete(p.stream);
      this.joined++;
      return this.emit(before.stamp, before.content, before.raw, before.line, lineNo);
    }
    if (p.partial) {
      this.open.set(p.stream, { stamp, content: p.content, line: lineNo, raw: text });
      return;
    }
    this.emit(stamp, p.content, text, lineNo, lineNo);
  }

  private emit(stamp: LocalStamp, content: string, raw: string, line: number, endLine: number): void {
    this.pending.start({ stamp, absUs: null, domain: 'host', host: null, ident: this.ident, pid: null, message: bodyOf(content), source: { path: this.ctx.path, line }, raw, ...(endLine !== line ? { endLine } : {}) });
  }

  end(): void {
    // A line still partial at the end of the file (cut by rotation or by the copy) is read as far as it goes.
    for (const o of [...this.open.values()].sort((a, b) => a.line - b.line)) this.emit(o.stamp, o.content, o.raw, o.line, o.line);
    this.open.clear();
    this.pending.flush();
    if (this.joined > 0) this.ctx.note(`${this.joined} lines the runtime split into partial pieces, joined`);
  }
}

export const containerLog: Format = {
  id: 'container-log',
  title: 'a container\'s log as its runtime keeps it: docker json-file {"log":…,"stream":…,"time":…}, CRI "<time> <stream> F|P <line>"',
  reference: 'https://github.com/moby/moby/blob/v19.03.8/daemon/logger/jsonfilelog/jsonfilelog.go; https://github.com/kubernetes/kubernetes/blob/v1.28.0/pkg/kubelet/kuberuntime/logs/logs.go',
  samples: [
    '{"log":"time=\\"2020-04-10T14:04:50.847864698Z\\" level=info msg=\\"Daemon shutdown complete\\"\\n","stream":"stderr","time":"2020-04-10T14:04:50.847928047Z"}',
    '2023-05-20T16:57:52.341863161Z stderr F time="2023-05-20T16:57:52Z" level=info msg="Starting IPAM daemon... "',
  ],
  detect,
  open: (ctx) => new ContainerLogParser(ctx),
};
