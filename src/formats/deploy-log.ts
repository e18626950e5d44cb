// Deploy / maintenance logs written with Python logging (asctime "2024-09-14 11:44:02,249") and alike.

import { fractionToMicro, makeStamp, parseOffset, validStamp } from '../time/stamp.js';
import { PlainLogParser } from './_plain-log.js';
import type { Detection, Format, FormatContext, Head } from './types.js';

// "2024-09-14 11:44:02,249 - xxx INFO - 开始卸载docker..." (logging.Formatter default asctime, no zone)
// Also the common variants: "[2024-09-14 11:44:02]", "2024/09/14 11:44:02", ISO with a zone ("…T11:44:02+08:00").
const LINE = /^\[?(\d{4})[-/](\d{2})[-/](\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[,.](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?\]?\s+(.*)$/s; // s: a CR or U+2028 inside the message must not fail the line
// A journal line (short-iso) has "<host> <ident>[pid]:" after its stamp: that is journal-short's. A klog or logrus
// line after an RFC 3339 stamp is a daemon's line relayed by a collector (`docker logs -t`): paste's, not a deploy step.
const JOURNAL_ORIGIN = /^\S+ [^\s\[]+\[\d+\]: |^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6} |^time="|^(?:PANI?C?|FATA(?:L)?|ERRO(?:R)?|WARN(?:ING)?|INFO|DEBU(?:G)?|TRAC(?:E)?)\[/;
// A stamp with seven to nine fractional digits, a "T" and a zone is a collector's, not a script's: Go's RFC3339Nano
// (`docker logs -t`, `kubectl logs --timestamps`) or .NET's round-trip stamp of a GitHub Actions runner's job log
// ("2024-08-20T23:05:26.7423588Z ", containerd/containerd#10620), before each line of whatever the job printed. Python
// logging prints milliseconds, `date -Iseconds` none: every line of such a log would be a deploy step.
const COLLECTOR_STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7,9}(?:Z|[+-]\d\d:\d\d) /;
// The level and logger name around the message, in the common Formatter layouts.
const LAYOUTS: RegExp[] = [
  /^-\s+(?<name>.*?)\s+(?<level>DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL)\s+-\s+(?<msg>.*)$/s, // "%(asctime)s - %(name)s %(levelname)s - %(message)s"
  /^(?<level>DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL)\s+\[(?<name>[^\]]*)\]\s+(?<msg>.*)$/s, // "%(asctime)s %(levelname)-8s [%(name)s] %(message)s"
  /^-\s+(?<level>DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL)\s+-\s+(?<msg>.*)$/s,
  /^\[?(?<level>DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL)\]?[\s:-]+(?<msg>.*)$/s,
];

/** The message part of a deploy line, without logger name and level. */
export function deployMessage(rest: string): { msg: string; level: string | null; name: string | null } {
  for (const re of LAYOUTS) {
    const m = re.exec(rest);
    if (m?.groups) return { msg: m.groups.msg ?? '', level: m.groups.level ?? null, name: m.groups.name ?? null };
  }
  return { msg: rest, level: null, name: null };
}

// Lines that belong to the record above: indented text, tracebacks and Python's final
// "module.ExceptionName: message" line (logger.exception).
const CONTINUATION = /^\s|^Traceback \(most recent call last\):|^[A-Za-z_][\w.]*(?:Error|Exception|Warning|Exit|Interrupt)\b(?::|$)/;

function detect(head: Head): Detection | null {
  const lines = head.lines.filter((l) => l.trim() !== '' && !CONTINUATION.test(l));
  if (lines.length === 0) return null;
  // logrus and journal lines also start with dates; a deploy log has neither "time=" nor "host ident[pid]:".
  if (lines.some((l) => /\btime="\d{4}-/.test(l))) return null;
  const hits = lines.filter((l) => {
    const m = LINE.exec(l);
    return m !== null && !JOURNAL_ORIGIN.test(m[9]!) && !COLLECTOR_STAMP.test(l);
  }).length;
  const ratio = hits / lines.length;
  if (ratio < 0.6) return null;
  return { score: 0.55 + ratio * 0.3, why: `${hits}/${lines.length} head lines start with "YYYY-MM-DD HH:MM:SS,mmm"` };
}

class DeployParser extends PlainLogParser {
  constructor(ctx: FormatContext) {
    super(ctx, 'deploy', CONTINUATION);
  }

  protected read(text: string, lineNo: number): void {
    const m = LINE.exec(text);
    if (!m) {
      // Tracebacks and wrapped output belong to the record above them; a line that is neither leaves it open.
      if (!this.pending.continueWith(text, lineNo)) this.ctx.unparsed(lineNo, 'no "YYYY-MM-DD HH:MM:SS" timestamp', text);
      return;
    }
    const stamp = makeStamp(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), fractionToMicro(m[7]), m[8] ? parseOffset(m[8]) : null);
    if (!validStamp(stamp)) {
      // The bad line ends the record above it: what follows belongs to the bad line, not to that record.
      this.pending.flush();
      this.ctx.unparsed(lineNo, 'impossible date or time', text);
      return;
    }
    this.startRecord(stamp, m[9]!, text, lineNo);
  }
}

export const deployLog: Format = {
  id: 'deploy-log',
  title: 'deploy / maintenance log in Python logging style (local time, no zone)',
  reference: 'https://docs.python.org/3/library/logging.html#logging.Formatter.formatTime',
  samples: [
    '2024-09-14 11:44:02,249 - xxx INFO - 开始卸载docker...',
    '2025-07-08 13:55:59,702 INFO     [node-maint] step 2/4 runtime: systemctl restart docker (daemon.json: log-opts max-size=50m)',
  ],
  detect,
  open: (ctx) => new DeployParser(ctx),
};
