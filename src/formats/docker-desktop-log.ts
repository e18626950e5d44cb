// Docker Desktop's log files (Mac: ~/Library/Containers/com.docker.docker/Data/log/vm/*.log, Windows:
// %LOCALAPPDATA%\Docker\log\vm\*.log): each daemon line behind Docker Desktop's own stamp, process and level,
// `[2023-09-13T17:25:29.611541737Z][containerd][I] time="…" level=info msg="shim disconnected" id=…`.

import type { LogRecord } from '../events/types.js';
import { parseIso, validStamp } from '../time/stamp.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

const LINE = /^\[(\d{4}-\d{2}-\d{2}T[^\]\s]+)\]\[([\w.-]+)\]\[([A-Z])\] ?(.*)$/s;

function detect(head: Head): Detection | null {
  const lines = head.lines.filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  const hits = lines.filter((l) => LINE.test(l)).length;
  const ratio = hits / lines.length;
  if (ratio < 0.6) return null;
  return { score: 0.55 + ratio * 0.35, why: `${hits}/${lines.length} head lines start with Docker Desktop's "[<time>][<process>][<level>]"` };
}

class DesktopParser implements LineParser {
  constructor(private readonly ctx: FormatContext) {}

  line(text: string, lineNo: number): void {
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return this.ctx.skipped(lineNo, 'empty line');
    const m = LINE.exec(text);
    if (!m) return this.ctx.unparsed(lineNo, 'no Docker Desktop "[<time>][<process>][<level>]" at the start', text);
    const stamp = parseIso(m[1]!);
    if (!stamp || !validStamp(stamp)) return this.ctx.unparsed(lineNo, `[${m[1]}] is not an RFC 3339 instant`, text);
    // Docker Desktop stamps when it relays the line; the daemon's own time= (when there) is finer and kept in the message.
    const rec: LogRecord = { stamp, absUs: null, domain: 'host', host: null, ident: m[2]!, pid: null, message: m[4]!, source: { path: this.ctx.path, line: lineNo }, raw: text };
    this.ctx.record(rec);
  }

  end(): void {}
}

export const dockerDesktopLog: Format = {
  id: 'docker-desktop-log',
  title: 'Docker Desktop log file: [<time>][<process>][<level>] before the daemon\'s line',
  reference: 'https://docs.docker.com/desktop/troubleshoot-and-support/troubleshoot/#check-the-logs',
  samples: [
    '[2023-09-13T17:25:29.611541737Z][containerd][I] time="2023-09-13T17:25:29.610830201Z" level=info msg="shim disconnected" id=a723f0edc92d0b43ea1cc2734d9191364497aee0cba7ff709503bf5eaf78b205',
  ],
  detect,
  open: (ctx) => new DesktopParser(ctx),
};
