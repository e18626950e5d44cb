// Docker Desktop's log files (Mac: ~/Library/Containers/com.docker.docker/Data/log/vm/*.log, Windows:
// %LOCALAPPDATA%\Docker\log\vm\*.log): each daemon line behind Docker Desktop's own stamp, process and level,
// `[2023-09-13T17:25:29.611541737Z][containerd][I] time="…" level=info msg="shim disconnected" id=…`.
// Docker Desktop 2.x–3.x for Windows wrote one log.txt (%LOCALAPPDATA%\Docker\log.txt) with the local time of day
// only and padded columns: `[00:18:37.057][LinuxWSL2Engine   ][Info   ] time="…" level=info msg="containerd
// successfully booted in 0.047344s"`, the WSL 2 engine relaying the VM's daemons.

import type { LogRecord } from '../events/types.js';
import { parseLogrus } from '../components/logrus.js';
import { logrusBody } from './_logrus-body.js';
import { parseIso, validStamp } from '../time/stamp.js';
import { PendingRecord } from './_pending-record.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

const LINE = /^\[(\d{4}-\d{2}-\d{2}T[^\]\s]+)\]\[([\w.-]+)\]\[([A-Z])\] ?(.*)$/s;
// log.txt (Docker Desktop 2.x–3.x, Windows): time of day in milliseconds, the component padded to 18 columns and the
// level to 7 (`Info   `, `Debug  `, `Warning`, `Error  `); names longer than the column are not cut
// (`[LoggingMessageHandler][Info   ]`, docker/for-win#10077).
const TIME_OF_DAY = /^\[(\d{2}):(\d{2}):(\d{2})\.(\d{3})\]\[([\w.-]+) *\]\[(Debug|Info|Warning|Error) *\] ?(.*)$/s;

// The log.txt column that relays dockerd itself (Windows containers): `WindowsDockerDaemon` (17.x),
// `WindowsDaemon` (18.x, docker/for-win#2312). Its records are dockerd's.
const DOCKERD_RELAY = /^(?:Windows)?(?:Docker)?Daemon$/;
// Docker for Windows 18.x re-renders dockerd's entries instead of relaying its logrus text: the message, then the
// fields in one bracket (`Docker daemon [version=18.06.0-ce commit=0ffa825 graphdriver(s)=windowsfilter]`), and a
// debug entry as `debug: <message>` under an [Info] column (docker/for-win#2312).
const RENDERED_FIELDS = /^(.*?) \[([A-Za-z_][^\s="]*=[^\s\]]*(?: [A-Za-z_][^\s="]*=[^\s\]]*)*)\]$/s;
const RENDERED_PAIR = /([A-Za-z_][^\s="]*)=([^\s\]]*)/g;

/**
 * The logrus text body of a dockerd entry Docker for Windows re-rendered (RENDERED_FIELDS), so the components read
 * it as dockerd's own; null when the message already holds dockerd's logrus text (time="…"/level=).
 */
export function renderedBody(message: string, column: string): string | null {
  if (message.includes('time="') || message.includes('level=')) return null;
  let level = column.toLowerCase();
  let msg = message;
  if (msg.startsWith('debug: ')) {
    level = 'debug';
    msg = msg.slice(7);
  }
  const fields: [string, string][] = [];
  const m = RENDERED_FIELDS.exec(msg);
  if (m !== null) {
    msg = m[1]!;
    for (const p of m[2]!.matchAll(RENDERED_PAIR)) fields.push([p[1]!, p[2]!]);
  }
  return logrusBody(null, level, msg, fields);
}

function detect(head: Head): Detection | null {
  const lines = head.lines.filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  const hits = lines.filter((l) => LINE.test(l) || TIME_OF_DAY.test(l)).length;
  const ratio = hits / lines.length;
  if (ratio < 0.6) return null;
  return { score: 0.55 + ratio * 0.35, why: `${hits}/${lines.length} head lines start with Docker Desktop's "[<time>][<process>][<level>]"` };
}

class DesktopParser implements LineParser {
  private readonly pending: PendingRecord;
  /** log.txt records: placed by the relayed daemon's own time="…", or timeless. */
  private placed = 0;
  private timeless = 0;
  /** dockerd entries Docker for Windows re-rendered as "message [k=v …]", read as dockerd's logrus text. */
  private rendered = 0;

  constructor(private readonly ctx: FormatContext) {
    this.pending = new PendingRecord(ctx);
  }

  line(text: string, lineNo: number): void {
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return this.ctx.skipped(lineNo, 'empty line');
    const m = LINE.exec(text);
    if (!m) return this.timeOfDay(text, lineNo);
    const stamp = parseIso(m[1]!);
    if (!stamp || !validStamp(stamp)) {
      this.pending.flush();
      return this.ctx.unparsed(lineNo, `[${m[1]}] is not an RFC 3339 instant`, text);
    }
    // Docker Desktop stamps when it relays the line; the daemon's own time= (when there) is finer and kept in the message.
    this.pending.start({ stamp, absUs: null, domain: 'host', host: null, ident: m[2]!, pid: null, message: m[4]!, source: { path: this.ctx.path, line: lineNo }, raw: text });
  }

  /**
   * A log.txt line: its stamp is a local time of day with no date, and the file says the date once, in a header
   * that a copy rarely keeps. The record is placed by the relayed daemon's own time="…" when it carries one with
   * its zone (exact); otherwise it is timeless, never given a day.
   */
  private timeOfDay(text: string, lineNo: number): void {
    const m = TIME_OF_DAY.exec(text);
    if (!m) {
      // Docker Desktop writes a message's own newlines as they are (an exception's stack, "stdout:"/"stderr:").
      if (this.pending.continueWith(text, lineNo)) return;
      this.pending.flush();
      return this.ctx.unparsed(lineNo, 'no Docker Desktop "[<time>][<process>][<level>]" at the start', text);
    }
    let message = m[7]!;
    const own = message.includes('time="') ? parseLogrus(message)?.time : null;
    const stamp = own && own.year !== null && own.offsetMin !== null ? own : null;
    if (stamp) this.placed++;
    else this.timeless++;
    let ident = m[5]!;
    if (DOCKERD_RELAY.test(ident)) {
      ident = 'dockerd';
      const rendered = renderedBody(message, m[6]!);
      if (rendered !== null) {
        message = rendered;
        this.rendered++;
      }
    }
    const rec: LogRecord = { stamp, absUs: null, domain: 'host', host: null, ident, pid: null, message, source: { path: this.ctx.path, line: lineNo }, raw: text };
    this.pending.start(rec);
  }

  end(): void {
    this.pending.flush();
    if (this.placed + this.timeless === 0) return;
    this.ctx.note(`Docker Desktop log.txt lines stamped with a time of day and no date: ${this.placed} placed by the relayed daemon's own time="…", ${this.timeless} timeless`);
    if (this.rendered > 0) this.ctx.note(`${this.rendered} dockerd entries re-rendered by Docker for Windows ("message [key=value …]", "debug: …") read as dockerd's logrus text`);
  }
}

export const dockerDesktopLog: Format = {
  id: 'docker-desktop-log',
  title: 'Docker Desktop log file: [<time>][<process>][<level>] before the daemon\'s line (and 2.x–3.x log.txt: [<time of day>][<component>][<Level>])',
  reference: 'https://docs.docker.com/desktop/troubleshoot-and-support/troubleshoot/#check-the-logs',
  samples: [
    '[2023-09-13T17:25:29.611541737Z][containerd][I] time="2023-09-13T17:25:29.610830201Z" level=info msg="shim disconnected" id=a723f0edc92d0b43ea1cc2734d9191364497aee0cba7ff709503bf5eaf78b205',
    '[00:18:37.057][LinuxWSL2Engine   ][Info   ] time="2020-10-17T17:18:36.060078400Z" level=info msg="containerd successfully booted in 0.047344s"',
  ],
  detect,
  open: (ctx) => new DesktopParser(ctx),
};
