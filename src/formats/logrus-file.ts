// Plain logrus log files (dockerd --log-file, /var/log/docker.log, containerd.log, cri-dockerd.log): time="…" level=… msg="…".

import { parseIso, validStamp } from '../time/stamp.js';
import { PlainLogParser } from './_plain-log.js';
import { klogRecord, withKlog } from './_klog-among.js';
import { unitFromName } from './journal-cat.js';
import { bare } from './journal-bare.js';
import { cutOrigin, cutTimestamp, shortRecord } from './journal-short.js';
import { parseLogrus } from '../components/logrus.js';
import type { Detection, Format, FormatContext, Head } from './types.js';

// logrus TextFormatter without a TTY: `time="2024-09-14T11:39:42.015893387+08:00" level=info msg="…" k=v`. logrus
// v0.1–v0.6.5 quoted every string value, the level too (text_formatter.go appendKeyValue `%v=%q`), which docker
// 1.4–1.5 vendored: `time="2015-03-05T18:54:36Z" level="info" msg="…"` (needsQuoting bares plain values from v0.6.6).
const LINE = /^time="([^"]+)" level=(?:\w+|"\w+") /;
// The same line quoted without its stamp (people paste the part that matters): `level=error msg="…" error="…"`.
// Read timeless; logrus's own levels only, so a stray "level=" in prose does not qualify.
const NO_TIME = /^level=(?:trace|debug|info|warning|warn|error|fatal|panic) msg=/;
// The line cut just after "time=" (a `cut -d= -f2-` of journal lines, containerd/containerd#9459): the quoted stamp is
// still logrus's time value whole, `"2023-11-22T09:37:33.491621635+02:00" level=info msg="…"`, and dates the record.
const QUOTED_TIME = /^"(\d{4}-\d{2}-\d{2}T[^"\s]+)" (level=(?:trace|debug|info|warning|warn|error|fatal|panic) msg=.*)$/s;

/** The daemon a plain log file belongs to, from its name; components read the message either way. */
export function identFromPath(path: string): string | null {
  const base = path.toLowerCase().split('/').slice(-2).join('/');
  if (/cri-?docker/.test(base)) return 'cri-dockerd';
  if (/containerd/.test(base)) return 'containerd';
  if (/docker/.test(base)) return 'dockerd';
  if (/kubelet/.test(base)) return 'kubelet';
  return null;
}

/** The daemon a plain log file is of, from its name; a note when the name does not say. */
export function fileIdent(ctx: FormatContext): string | null {
  const ident = identFromPath(ctx.path);
  if (!ident) ctx.note('daemon not evident from the file name: the messages are read without an identifier');
  return ident;
}

function detect(head: Head): Detection | null {
  // `journalctl -o cat` output looks the same; journal-cat reads it as the journal export it is when the file
  // name says the unit (sos). Any other path that mentions journalctl (a ticket's "containerd-journalctl.txt") is
  // read here: journal-cat would refuse it, and nothing else reads these lines.
  if (unitFromName(head.path) !== null) return null;
  const lines = head.lines.filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  // A line cut to its quoted stamp is as timed as a whole one (QUOTED_TIME).
  const own = lines.filter((l) => LINE.test(l) || QUOTED_TIME.test(l)).length;
  // klog lines among them are the same program's (k3s's kubelet: _klog-among.ts).
  const { hits, klog } = withKlog(lines, own);
  const ratio = hits / lines.length;
  if (ratio >= 0.6) return { score: 0.55 + ratio * 0.35, why: `${own}/${lines.length} head lines start with logrus time="…" level=…${klog > 0 ? `, ${klog} klog lines among them` : ''}` };
  // Lines without their stamp say less: read them only when nearly every line is logrus, timed or not.
  const bare = lines.filter((l) => LINE.test(l) || NO_TIME.test(l)).length;
  const bareRatio = bare / lines.length;
  if (bareRatio < 0.6) return null;
  return { score: 0.45 + bareRatio * 0.35, why: `${bare}/${lines.length} head lines are logrus pairs, ${bare - hits} of them without time="…"` };
}

class LogrusFileParser extends PlainLogParser {
  /** Lines quoted without their time="…": read, but placed nowhere in time. */
  private timeless = 0;
  /** klog lines read among the logrus ones (_klog-among.ts). */
  private klog = 0;
  /** Lines cut to the quoted stamp (no `time=`), dated by it. */
  private quotedTime = 0;
  /** Whole journal short lines among the logrus ones (journalLine). */
  private journal = 0;
  /** Journal lines cut to "<identifier>[pid]: " among the logrus ones: [placed by their own time=, timeless]. */
  private readonly bareLines = [0, 0];

  constructor(ctx: FormatContext) {
    super(ctx, fileIdent(ctx));
  }

  protected read(text: string, lineNo: number): void {
    const m = LINE.exec(text);
    if (!m && NO_TIME.test(text)) {
      this.timeless++;
      return this.startRecord(null, text, text, lineNo);
    }
    const k = m ? null : klogRecord(text, lineNo, this.ctx, this.ident);
    if (k !== null) {
      this.klog++;
      return this.pending.start(k);
    }
    if (!m && this.cutLine(text, lineNo)) return;
    if (!m) {
      // Panics and stack traces follow the line that logged them.
      if (this.pending.continueWith(text, lineNo)) return;
      if (this.pending.hexWrap(text, lineNo)) return;
      this.pending.flush();
      return this.ctx.unparsed(lineNo, 'no logrus time="…" level=… at the start', text);
    }
    const stamp = parseIso(m[1]!);
    if (!stamp || !validStamp(stamp)) {
      this.pending.flush();
      return this.ctx.unparsed(lineNo, 'time= is not an RFC 3339 instant', text);
    }
    // The stamp carries its own zone and year: the record is dated absolutely (domain host only for stamps without).
    this.startRecord(stamp, text, text, lineNo);
  }

  /**
   * The lines of a journal its poster cut short, read where they still say exactly what they said: a logrus line
   * cut to its quoted stamp (dated by it), and a line cut to "<identifier>[pid]: message" (journal-bare's shape: the
   * systemd job line next to the daemon's, dated by the daemon's own time="…" or timeless).
   */
  private cutLine(text: string, lineNo: number): boolean {
    const q = QUOTED_TIME.exec(text);
    const stamp = q ? parseIso(q[1]!) : null;
    if (q && stamp && validStamp(stamp)) {
      this.quotedTime++;
      this.pending.start({ stamp, absUs: null, domain: 'host', host: null, ident: this.ident, pid: null, message: q[2]!, source: { path: this.ctx.path, line: lineNo }, raw: text });
      return true;
    }
    const j = this.journalLine(text, lineNo);
    if (j) return true;
    const b = bare(text);
    if (!b) return false;
    const own = b.message.includes('time="') ? parseLogrus(b.message)?.time : null;
    const placed = own && own.year !== null && own.offsetMin !== null ? own : null;
    this.bareLines[placed ? 0 : 1]!++;
    this.pending.start({ stamp: placed, absUs: null, domain: 'host', host: b.host, ident: b.ident, pid: b.pid, message: b.message, source: { path: this.ctx.path, line: lineNo }, raw: text });
    return true;
  }

  /**
   * A whole journal short line among the logrus ones: a paste that gives the journal first and then the daemon's own
   * lines as they followed (CRI-O's first debug line broke after `time="2018-06-13 `, and the lines after it stand
   * bare: kata-containers/runtime#396), so the systemd job lines before are read with their journal prefix, as
   * journal-short would read them, and not lost as "no logrus time=".
   */
  private journalLine(text: string, lineNo: number): boolean {
    // A logrus line never starts with a month name or a year followed by a clock: cheap to ask of every foreign line.
    const env = cutTimestamp(text);
    if (env === null || env.timeless === true) return false;
    const origin = cutOrigin(env.rest, env.rfc3339);
    if (origin === null) return false;
    this.journal++;
    this.pending.start(shortRecord(env, origin, this.ctx.path, lineNo, text));
    return true;
  }

  override end(): void {
    super.end();
    if (this.journal > 0) this.ctx.note(`${this.journal} journal short line(s) among the logrus ones, read with their journal prefix`);
    if (this.klog > 0) this.ctx.note(`${this.klog} klog lines among the logrus ones (an embedded kubelet's, e.g. k3s), read as klog records`);
    if (this.timeless > 0) this.ctx.note(`${this.timeless} logrus line(s) without time="…" (quoted without their stamp): read, timeless`);
    if (this.quotedTime > 0) this.ctx.note(`${this.quotedTime} logrus line(s) cut to their quoted stamp (no "time="): dated by it`);
    const [placed, timeless] = this.bareLines;
    if (placed! + timeless! > 0) this.ctx.note(`${placed! + timeless!} journal line(s) cut to "<identifier>[pid]:": ${placed} placed by the daemon's own time="…", ${timeless} timeless`);
  }
}

export const logrusFile: Format = {
  id: 'logrus-file',
  title: 'plain logrus log file (dockerd, containerd, cri-dockerd writing to a file)',
  reference: 'https://github.com/sirupsen/logrus/blob/master/text_formatter.go',
  samples: [
    'time="2024-09-14T11:39:43.530117387+08:00" level=info msg="shim disconnected" id=fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138 namespace=moby',
    'time="2024-09-14T11:39:47+08:00" level=error msg="Failed to stop sandbox fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"',
    '"2023-11-22T09:37:33.491621635+02:00" level=info msg="StopPodSandbox for \\"10788720d7b5285f2e1d4c932959e7ec6942d74bd421b42129d984927a4a3349\\""',
    'level=error msg="StopPodSandbox for \\"4b84ed8e89e46cb78735cddc21208cb7bbe6d4959a0086a6aa0fa226bf9376e2\\" failed" error="failed to destroy network for sandbox \\"4b84ed8e89e46cb78735cddc21208cb7bbe6d4959a0086a6aa0fa226bf9376e2\\": WorkloadEndpoint.crd.projectcalico.org \\"WorkloadEndpoint(default/node01-k8s-prometheus--1-eth0)\\" not found"',
  ],
  detect,
  open: (ctx) => new LogrusFileParser(ctx),
};
