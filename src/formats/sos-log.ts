// sos report's own log (sos_logs/sos.log): which command outputs and files sos cut to their size limit.

import { sizeLimitMiB } from './sos-manifest.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

// logging's "%(asctime)s %(levelname)s: %(message)s": `2026-12-07 22:59:02,949 INFO: [plugin:containerd] …`
const LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL): (.*)$/;
// Plugin._format_msg: "[plugin:<name>] <msg>".
const PLUGIN = /^\[plugin:([\w.-]+)\] (.*)$/;
// _collect_cmd_output: `collecting output of '<cmd>'`, then `collected output of '<exe>' was truncated`.
const COLLECTING = /^collecting output of '(.*)'$/;
const TRUNCATED = /^collected output of '([^']*)' was truncated$/;
// _collect_tailed_files: `collecting tail of '<path>' due to size limit`.
const TAILED_FILE = /^collecting tail of '(.*)' due to size limit$/;
// SoSReport: `[sos.report:setup] executing 'sos report --batch …'` (the options it ran with).
const EXECUTING = /^\[sos\.report:setup\] executing '(?:sos report|sosreport|sos) ?(.*)'$/;

function detect(head: Head): Detection | null {
  if (!/(^|\/)sos_logs\/sos\.log$/.test(head.path)) return null;
  const lines = head.lines.filter((l) => l.trim() !== '');
  const hits = lines.filter((l) => LINE.test(l)).length;
  if (hits === 0 || !/\[(sos\.report|plugin:)/.test(head.text)) return null;
  return { score: 0.97, why: `sos_logs/sos.log: sos's own log (${hits}/${lines.length} head lines "YYYY-MM-DD HH:MM:SS,mmm LEVEL: …")` };
}

/** sos's file name for a command's output (sos/report/plugins/__init__.py _mangle_command). */
export function mangleCommand(command: string): string {
  return command
    .replace(/^\/(usr\/|)(bin|sbin)\//, '')
    .replace(/[^\w\-./]+/g, '_')
    .replace(/\//g, '.')
    .replace(/^[ ._-]+|[ ._-]+$/g, '')
    .slice(0, 255);
}

class SosLogParser implements LineParser {
  /** The command each plugin is collecting: its truncation line names only the executable. */
  private readonly collecting = new Map<string, string>();
  private cmdline = '';

  constructor(private readonly ctx: FormatContext) {}

  line(raw: string, lineNo: number): void {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const m = LINE.exec(text);
    // Messages run over several lines (the banner, tracebacks): their other lines are part of the entry.
    if (!m) return this.ctx.skipped(lineNo, 'continuation of a sos log entry');
    const msg = m[2]!;
    const run = EXECUTING.exec(msg);
    if (run) this.cmdline = run[1]!;
    const p = PLUGIN.exec(msg);
    if (!p) return this.ctx.skipped(lineNo, 'sos log entry');
    const [, plugin, said] = p as unknown as [string, string, string];
    let c = COLLECTING.exec(said);
    if (c) this.collecting.set(plugin, c[1]!);
    else if ((c = TRUNCATED.exec(said)) && this.collecting.has(plugin)) {
      // add_journal names the output by the command before it appends --reverse (it reads newest first).
      const command = this.collecting.get(plugin)!;
      const named = /^journalctl\s/.test(command) ? command.replace(/\s+--reverse\s*$/, '') : command;
      this.ctx.meta({ kind: 'sos-cut', file: `sos_strings/${plugin}/${mangleCommand(named)}.tailed`, command: command.replace(/\s+/g, ' ').trim(), plugin, limitMiB: sizeLimitMiB(this.cmdline, command), text }, lineNo);
      return;
    } else if ((c = TAILED_FILE.exec(said))) {
      const file = c[1]!.replace(/^\/+/, '').replace(/\//g, '.');
      this.ctx.meta({ kind: 'sos-cut', file: `sos_strings/${plugin}/${file}.tailed`, command: `tail of ${c[1]}`, plugin, limitMiB: sizeLimitMiB(this.cmdline, ''), text }, lineNo);
      return;
    }
    this.ctx.skipped(lineNo, 'sos log entry');
  }

  end(): void {}
}

export const sosLog: Format = {
  id: 'sos-log',
  title: "sos report's own log (sos_logs/sos.log)",
  reference: 'https://github.com/sosreport/sos/blob/main/sos/report/plugins/__init__.py (_collect_cmd_output: "collected output of … was truncated"; _collect_tailed_files)',
  samples: [
    "2026-12-07 22:59:02,721 INFO: [sos.report:setup] executing 'sos report --batch -o containerd --journal-size 1 --tmp-dir /tmp/unrec-cut/out --build --label cut'",
    "2026-12-07 22:59:03,597 INFO: [plugin:containerd] collecting output of 'journalctl --no-pager  --unit containerd --reverse'",
    "2026-12-07 22:59:03,952 INFO: [plugin:containerd] collected output of 'journalctl' was truncated",
  ],
  detect,
  open: (ctx) => new SosLogParser(ctx),
};
