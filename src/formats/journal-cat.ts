// journalctl -o cat: the MESSAGE of each entry and nothing else. Read only when the file name says which unit it is.

import { isJournalMarker } from './_journal-markers.js';
import { cutTimestamp } from './journal-short.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

// sos / collector file names: "journalctl_--no-pager_--unit_docker", "journalctl_-u_kubelet.service_-o_cat".
const UNIT_IN_NAME = /(?:^|_)(?:-u|--unit)[_=]([A-Za-z0-9@:.\\-]+?)(?=_-|$)/;
const CAT_IN_NAME = /(?:^|_)(?:-o|--output)[_=]cat(?=_|$)/;
/** Unit types systemd knows; a bare name ("docker") means "<name>.service", as `journalctl -u` mangles it. */
const UNIT_SUFFIX = /\.(service|socket|scope|slice|target|timer|mount|automount|path|device|swap)$/;

/** The last path asked about and its unit: the sniffer asks for one file's path once per line of its head and format. */
let lastPath = '';
let lastUnit: string | null = null;

/** The unit a journalctl file name filters on, or null. */
export function unitFromName(path: string): string | null {
  if (path !== lastPath) {
    lastUnit = unitOfName(path);
    lastPath = path;
  }
  return lastUnit;
}

function unitOfName(path: string): string | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (!/^journalctl(_|$)/.test(base)) return null;
  const m = UNIT_IN_NAME.exec(base);
  if (!m) return null;
  const unit = m[1]!;
  return UNIT_SUFFIX.test(unit) || /[*?[]/.test(unit) ? unit : `${unit}.service`;
}

function detect(head: Head): Detection | null {
  const unit = unitFromName(head.path);
  if (!unit) return null;
  const lines = head.lines.filter((l) => l.trim() !== '' && !isJournalMarker(l, true));
  if (lines.length === 0) return null;
  const top = lines[0]!;
  // Other journal renderings are read by their own formats (they score higher); never claim them here.
  if (/^\u001e?\{"/.test(top) || /^__CURSOR=|^__REALTIME_TIMESTAMP=/.test(top)) return null;
  const stamped = lines.filter((l) => cutTimestamp(l) !== null).length;
  if (stamped / lines.length >= 0.3) return null;
  const named = CAT_IN_NAME.test(head.path.split('/').pop() ?? '');
  return {
    score: named ? 0.6 : 0.55,
    why: `journalctl ${named ? '-o cat' : 'output without envelopes (cat)'} for unit ${unit} (unit from the file name): messages only, no time`,
  };
}

class CatParser implements LineParser {
  private records = 0;

  constructor(
    private readonly ctx: FormatContext,
    private readonly unit: string,
  ) {}

  line(text: string, lineNo: number): void {
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text === '') {
      this.ctx.skipped(lineNo, 'empty line');
      return;
    }
    // Only journalctl's own lines even in cat mode (strict: a message may start with "-- ").
    if (isJournalMarker(text, true)) {
      this.ctx.skipped(lineNo, 'journalctl marker line');
      return;
    }
    this.records++;
    this.ctx.record({ stamp: null, absUs: null, domain: 'journal', host: null, ident: this.unit, pid: null, message: text, source: { path: this.ctx.path, line: lineNo }, raw: text });
  }

  end(): void {
    if (this.records > 0)
      this.ctx.note(`journalctl -o cat: messages only (no time, host or PID); unit ${this.unit} taken from the file name; its ${this.records} records are timeless`);
  }
}

/** Parser for a file that detect() accepted; a path without a unit is refused line by line. */
class NoUnitParser implements LineParser {
  constructor(private readonly ctx: FormatContext) {}
  line(text: string, lineNo: number): void {
    this.ctx.unparsed(lineNo, 'journalctl -o cat output with no unit in the file name: nothing to attribute it to', text);
  }
  end(): void {}
}

export const journalCat: Format = {
  id: 'journal-cat',
  title: 'journalctl -o cat (messages only; unit from the file name, timeless)',
  reference: 'https://github.com/systemd/systemd/blob/main/src/shared/logs-show.c (output_cat)',
  samples: [
    'I0914 11:39:02.118431    1789 kubelet.go:2430] "SyncLoop DELETE" source="api" pods=["default/hostport-app-0"]',
    'time="2024-09-14T11:39:42.015893387+08:00" level=info msg="Processing signal \'terminated\'"',
  ],
  detect,
  open: (ctx) => {
    const unit = unitFromName(ctx.path);
    return unit ? new CatParser(ctx, unit) : new NoUnitParser(ctx);
  },
};
