// supervisord's own log (/var/log/supervisor/supervisord.log, or its stdout in a container): where supervisor, not
// systemd, keeps the node's daemons running (the GCE salt setup of Kubernetes 1.1–1.3 ran docker and the kubelet so;
// docker-in-docker images run dockerd so). Its lines are supervisor/options.py's `%(asctime)s %(levelname)s
// %(message)s`: local time with milliseconds, no zone, and one of supervisor's own four-letter levels
// (loggers.py LevelsByName: CRIT ERRO WARN INFO DEBG TRAC BLAT).

import { fractionToMicro, makeStamp, validStamp } from '../time/stamp.js';
import { PlainLogParser } from './_plain-log.js';
import type { Detection, Format, FormatContext, Head } from './types.js';

const LINE = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(\d{3}) (?:CRIT|ERRO|WARN|INFO|DEBG|TRAC|BLAT) (.*)$/s;
/**
 * Messages only supervisord prints (supervisor/process.py, supervisord.py, options.py, 3.0–4.3): a file holding one
 * is supervisor's, not a Python script's that logs "INFO"/"WARN" the same way (Python's own names are WARNING,
 * ERROR, CRITICAL, DEBUG: deploy-log's).
 */
const OWN = /^(?:spawned: u?'[^']+' with pid \d+|success: \S+ entered RUNNING state|exited: \S+ \(|stopped: \S+ \(|gave up: \S+ entered FATAL state|supervisord started with pid \d+|RPC interface '|waiting for .+ to die|received SIG\w+ indicating)/;

/** Whether `line` is a supervisord log line (any message) and whether its message is one only supervisord prints. */
export function supervisordLine(line: string): { own: boolean } | null {
  const m = LINE.exec(line);
  return m ? { own: OWN.test(m[8]!) } : null;
}

function detect(head: Head): Detection | null {
  const lines = head.lines.filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  let hits = 0;
  let own = 0;
  for (const l of lines) {
    const s = supervisordLine(l);
    if (s === null) continue;
    hits++;
    if (s.own) own++;
  }
  const ratio = hits / lines.length;
  if (ratio < 0.6 || own === 0) return null;
  // Above deploy-log (0.55 + ratio × 0.3), which reads the same stamp: supervisor's levels and its own messages say whose.
  return { score: 0.6 + ratio * 0.3, why: `${hits}/${lines.length} head lines are supervisord's "<date> <time>,<ms> <LEVL> …", ${own} of them its own process-state messages` };
}

class SupervisordParser extends PlainLogParser {
  constructor(ctx: FormatContext) {
    super(ctx, 'supervisord');
  }

  protected read(text: string, lineNo: number): void {
    const m = LINE.exec(text);
    if (!m) {
      // A program's stderr relayed into the same stream, or a traceback: it belongs to the record above, if any.
      if (!this.pending.continueWith(text, lineNo)) this.ctx.unparsed(lineNo, 'no supervisord "YYYY-MM-DD HH:MM:SS,mmm LEVL" at the start', text);
      return;
    }
    const stamp = makeStamp(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), fractionToMicro(m[7]), null);
    if (!validStamp(stamp)) {
      this.pending.flush();
      return this.ctx.unparsed(lineNo, 'impossible date or time', text);
    }
    this.startRecord(stamp, m[8]!, text, lineNo);
  }
}

export const supervisordLog: Format = {
  id: 'supervisord-log',
  title: "supervisord's own log (process manager of a node's daemons: spawned, RUNNING, exited, stopped)",
  reference: 'https://github.com/Supervisor/supervisor/blob/main/supervisor/process.py',
  samples: [
    // kubernetes/kubernetes#22259 (a 2016 GCE e2e node, supervisord 3.x keeping docker and the kubelet up).
    '2016-02-29 18:36:57,354 INFO exited: kubelet (exit status 2; expected)',
    "2016-02-29 18:36:58,356 INFO spawned: 'kubelet' with pid 4303",
  ],
  detect,
  open: (ctx) => new SupervisordParser(ctx),
};
