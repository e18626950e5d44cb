// Journal lines cut down to "<identifier>[<pid>]: <message>" (time and host gone: a grep over a copy, a paste
// from a narrow column, `journalctl -o short` piped through `cut`). Each record is placed by the daemon's own
// time="…" when its message carries one; the others are timeless, and a note says how many of each.

import type { LogRecord } from '../events/types.js';
import { parseLogrus } from '../components/logrus.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

// An identifier is a word (systemd units, snaps: "microk8s.daemon-containerd"); the pid is what makes the
// shape a journal's and not any "word: text" line.
const BARE = /^([A-Za-z_][\w.@-]*)\[(\d+)\]: ?(.*)$/s;

function detect(head: Head): Detection | null {
  const lines = head.lines.filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  const hits = lines.filter((l) => BARE.test(l)).length;
  const ratio = hits / lines.length;
  if (ratio < 0.6) return null;
  // Under the full journal shapes (0.5+): a line that is both is theirs.
  return { score: 0.5 + ratio * 0.2, why: `${hits}/${lines.length} head lines are "<identifier>[pid]: message" with no time or host` };
}

class BareParser implements LineParser {
  private placed = 0;
  private timeless = 0;

  constructor(private readonly ctx: FormatContext) {}

  line(text: string, lineNo: number): void {
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return this.ctx.skipped(lineNo, 'empty line');
    const m = BARE.exec(text);
    if (!m) return this.ctx.unparsed(lineNo, 'not "<identifier>[pid]: message"', text);
    const message = m[3]!;
    // The daemon's own instant, when it wrote one with its zone: the record's time, absolutely.
    const own = message.includes('time="') ? parseLogrus(message)?.time : null;
    const stamp = own && own.year !== null && own.offsetMin !== null ? own : null;
    if (stamp) this.placed++;
    else this.timeless++;
    const rec: LogRecord = { stamp, absUs: null, domain: 'host', host: null, ident: m[1]!, pid: Number(m[2]), message, source: { path: this.ctx.path, line: lineNo }, raw: text };
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
  ],
  detect,
  open: (ctx) => new BareParser(ctx),
};
