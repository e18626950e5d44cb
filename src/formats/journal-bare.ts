// Journal lines cut down to "<identifier>[<pid>]: <message>" (time and host gone: a grep over a copy, a paste
// from a narrow column, `journalctl -o short` piped through `cut`). Each record is placed by the daemon's own
// time="…" when its message carries one; the others are timeless, and a note says how many of each.

import type { LogRecord } from '../events/types.js';
import { parseLogrus } from '../components/logrus.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

// An identifier is a word (systemd units, snaps: "microk8s.daemon-containerd"); the pid is what makes the
// shape a journal's and not any "word: text" line.
const BARE = /^([A-Za-z_][\w.@-]*)\[(\d+)\]: ?(.*)$/s;
// rsyslog's identifier without a pid ("kubelet: I0812 …", "dockerd: time=…"): "word: text" alone is any prose, so
// the message must open with a daemon's own header, klog's or logrus's.
const BARE_NO_PID = /^([A-Za-z_][\w.@-]*): ((?:[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d{6} |time="\d{4}-).*)$/s;
// The short prefix cut after the month and day, its time of day and host left (" 12:09:51 node k3s[22385]: …",
// k3s-io/k3s#6119): the host is kept; a time of day with no date places nothing, the daemon's own time does.
const CLOCK_HOST = /^ ?\d{2}:\d{2}:\d{2}(?:\.\d{1,6})? ([^\s\[\]:]+) (?=[A-Za-z_][\w.@-]*(?:\[\d+\])?: )/;

/** Identifier, pid (or null), message and host (when the cut left it) of a bare line; null when it is neither shape. */
export function bare(text: string): { ident: string; pid: number | null; message: string; host: string | null } | null {
  const clock = CLOCK_HOST.exec(text);
  const host = clock ? clock[1]! : null;
  if (clock) text = text.slice(clock[0].length);
  const m = BARE.exec(text);
  if (m) return { ident: m[1]!, pid: Number(m[2]), message: m[3]!, host };
  const n = BARE_NO_PID.exec(text);
  return n ? { ident: n[1]!, pid: null, message: n[2]!, host } : null;
}

function detect(head: Head): Detection | null {
  const lines = head.lines.filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  const hits = lines.filter((l) => bare(l) !== null).length;
  const ratio = hits / lines.length;
  if (ratio < 0.6) return null;
  // Under the full journal shapes (0.5+): a line that is both is theirs.
  return { score: 0.5 + ratio * 0.2, why: `${hits}/${lines.length} head lines are "<identifier>[pid]: message" (or "<identifier>: " and a daemon's header) with no time or host` };
}

class BareParser implements LineParser {
  private placed = 0;
  private timeless = 0;

  constructor(private readonly ctx: FormatContext) {}

  line(text: string, lineNo: number): void {
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return this.ctx.skipped(lineNo, 'empty line');
    const m = bare(text);
    if (!m) return this.ctx.unparsed(lineNo, 'not "<identifier>[pid]: message"', text);
    const message = m.message;
    // The daemon's own instant, when it wrote one with its zone: the record's time, absolutely.
    const own = message.includes('time="') ? parseLogrus(message)?.time : null;
    const stamp = own && own.year !== null && own.offsetMin !== null ? own : null;
    if (stamp) this.placed++;
    else this.timeless++;
    const rec: LogRecord = { stamp, absUs: null, domain: 'host', host: m.host, ident: m.ident, pid: m.pid, message, source: { path: this.ctx.path, line: lineNo }, raw: text };
    this.ctx.record(rec);
  }

  end(): void {
    if (this.placed + this.timeless === 0) return;
    this.ctx.note(
      `"<identifier>[pid]:" lines without the journal's time and host: ${this.placed} placed by the daemon's own time="…", ${this.timeless} timeless (no time of their own)`,
    );
  }
}

export const journalBare: Format = {
  id: 'journal-bare',
  title: 'journal lines cut to "<identifier>[pid]: message" (no time, no host)',
  reference: 'https://github.com/systemd/systemd/blob/main/src/shared/logs-show.c (output_short: the identifier and pid part)',
  samples: [
    'containerd[3905483]: time="2022-01-02T21:53:01.309515034+08:00" level=info msg="shim disconnected" id=6ce9d405aaae9dfae615d0810ba46b4726c60607dd940233fe824b651158372e',
    'kubelet[1789]: I0914 11:39:02.118431    1789 kubelet.go:2430] "SyncLoop DELETE" source="api" pods=["default/hostport-app-0"]',
    'kubelet: I0812 13:17:00.017310    9852 manager.go:1371] Killing container "8bfe02e26c4e67ef862e273cdebaa55280eff21d25a7a36e208b3d214c613b4e pufferfish default/pufferfish-2747628150-hek8m" with 30 second grace period',
  ],
  detect,
  open: (ctx) => new BareParser(ctx),
};
