// Bundle metadata files: hostname (sos, /etc/hostname) and `date` output (sos_commands/date/date).

import { monthNumber } from '../time/months.js';
import { makeStamp, parseOffset, validStamp } from '../time/stamp.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

// coreutils `date`: "Tue Aug 19 15:02:37 -05 2025", "Tue Aug 19 20:02:37 UTC 2025", "Sat Sep 14 11:50:00 CST 2024"
const DATE = /^\w{3} (\w{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([A-Za-z]{1,6}|[+-]\d{2,4}) (\d{4})$/;
const HOSTNAME = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;

function kind(path: string): 'hostname' | 'date' | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base === 'hostname') return 'hostname';
  if (base === 'date' || base === 'date_--utc') return 'date';
  return null;
}

function detect(head: Head): Detection | null {
  const k = kind(head.path);
  const first = head.lines[0]?.replace(/\r$/, '') ?? '';
  const nonEmpty = head.lines.filter((l) => l.trim() !== '').length;
  if (nonEmpty !== 1) return null;
  if (k === 'hostname' && HOSTNAME.test(first)) return { score: 0.9, why: 'file "hostname" holding one host name' };
  if (DATE.test(first)) return { score: k === 'date' ? 0.95 : 0.6, why: 'one line of `date` output' };
  return null;
}

class MetaParser implements LineParser {
  constructor(private readonly ctx: FormatContext) {}

  line(text: string, lineNo: number): void {
    text = text.replace(/\r$/, '');
    if (text.trim() === '') return this.ctx.skipped(lineNo, 'empty line');
    const d = DATE.exec(text);
    if (d) {
      const month = monthNumber(d[1]!);
      const zone = d[6]!;
      const offset = /^(UTC|GMT)$/.test(zone) ? 0 : /^[+-]\d/.test(zone) ? parseOffset(zone.length === 3 ? zone + '00' : zone) : null;
      const stamp = month ? makeStamp(Number(d[7]), month, Number(d[2]), Number(d[3]), Number(d[4]), Number(d[5]), 0, offset) : null;
      if (stamp && validStamp(stamp)) this.ctx.meta({ kind: 'capture', stamp, text }, lineNo);
      else this.ctx.unparsed(lineNo, 'impossible date', text);
      return;
    }
    if (kind(this.ctx.path) === 'hostname' && HOSTNAME.test(text)) {
      this.ctx.meta({ kind: 'hostname', value: text.trim() }, lineNo);
      return;
    }
    this.ctx.unparsed(lineNo, 'neither a host name nor `date` output', text);
  }

  end(): void {}
}

export const hostMeta: Format = {
  id: 'host-meta',
  title: 'bundle metadata: hostname and `date` output',
  reference: 'https://github.com/sosreport/sos/blob/main/sos/report/plugins/date.py',
  samples: ['Tue Aug 19 15:02:37 -05 2025', 'Tue Aug 19 20:02:37 UTC 2025'],
  detect,
  open: (ctx) => new MetaParser(ctx),
};
