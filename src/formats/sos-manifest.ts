// sos report's manifest (sos_reports/manifest.json, sos ≥ 4.0): which command outputs sos cut to its size limit.

import { JsonDocParser, cut, isObject, lineOf, str, type JsonDoc } from './_json-doc.js';
import type { Detection, Format, FormatContext, Head } from './types.js';

function detect(head: Head): Detection | null {
  if (!/(^|\/)sos_reports\/manifest\.json$/.test(head.path)) return null;
  if (!/^\s*\{/.test(head.text) || !/"components"\s*:/.test(head.text) && !/"cmdline"\s*:/.test(head.text)) return null;
  return { score: 0.95, why: 'sos_reports/manifest.json: the sos report manifest (version, cmdline, components)' };
}

/**
 * The size limit in MiB sos applied to a command's output, from the options it ran with (the manifest's
 * cmdline). Journals: `--journal-size` (sos ≥ 4.5.2, default 100); before it max(--log-size, 100)
 * (sos/report/plugins/__init__.py add_journal). Other commands: --log-size (default 25). Null: no limit known.
 */
export function sizeLimitMiB(cmdline: string, exec: string): number | null {
  const opt = (name: string): number | null => {
    const m = new RegExp(`(?:^|\\s)--${name}(?:=|\\s+)(\\d+)`).exec(cmdline);
    return m ? Number(m[1]) : null;
  };
  if (/(?:^|\s)--all-logs(?:\s|$)/.test(cmdline)) return null;
  if (/^journalctl\s/.test(exec)) return opt('journal-size') ?? Math.max(opt('log-size') ?? 25, 100);
  return opt('log-size') ?? 25;
}

class ManifestParser extends JsonDocParser {
  constructor(ctx: FormatContext) {
    super(ctx, 'the sos report manifest');
  }

  protected doc(doc: JsonDoc): void {
    const v = doc.value;
    const report = isObject(v) && isObject(v.components) && isObject(v.components.report) ? v.components.report : null;
    if (!isObject(v) || report === null || !isObject(report.plugins)) return this.refuse(doc, 'JSON that is not a sos report manifest (no components.report.plugins)');
    const cmdline = str(v.cmdline) ?? '';
    for (const [plugin, p] of Object.entries(report.plugins)) {
      if (!isObject(p) || !Array.isArray(p.commands)) continue;
      for (const c of p.commands) {
        // _collect_cmd_output: 'truncated' is the reader's "full" flag; the output went to sos_strings/<plugin>/<name>.tailed.
        if (!isObject(c) || c.truncated !== true) continue;
        const file = str(c.filepath);
        const exec = str(c.exec) ?? '';
        if (file === null) continue;
        const at = lineOf(doc, doc.firstLine, new RegExp(`"filepath"\\s*:\\s*${JSON.stringify(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)) ?? { line: doc.firstLine, text: doc.lines[0] ?? '' };
        this.ctx.meta({ kind: 'sos-cut', file, command: exec.replace(/\s+/g, ' ').trim(), plugin, limitMiB: sizeLimitMiB(cmdline, exec), text: cut(at.text.trim()) }, at.line);
      }
    }
  }
}

export const sosManifest: Format = {
  id: 'sos-manifest',
  title: 'sos report manifest (sos_reports/manifest.json)',
  reference: 'https://github.com/sosreport/sos/blob/main/sos/report/plugins/__init__.py (_collect_cmd_output: manifest_cmd truncated, filepath)',
  samples: [
    '{"version": "4.12.0", "cmdline": "report --batch -o containerd --journal-size 1", "components": {"report": {"plugins": {"containerd": {"commands": [{"command": "journalctl", "exec": "journalctl --no-pager  --unit containerd --reverse", "filepath": "sos_strings/containerd/journalctl_--no-pager_--unit_containerd.tailed", "truncated": true, "return_code": -13}]}}}}}',
  ],
  detect,
  open: (ctx) => new ManifestParser(ctx),
};
