// logrus's JSONFormatter (dockerd --log-format json, containerd's debug.format = "json"): one object a line,
// `{"id":"…","level":"info","msg":"shim disconnected","namespace":"moby","time":"…"}`, keys sorted.

import { detectObjectLines, parseObject } from './_json-doc.js';
import { parseIso, validStamp } from '../time/stamp.js';
import { PlainLogParser } from './_plain-log.js';
import { logrusBody } from './_logrus-body.js';
import { fileIdent } from './logrus-file.js';
import type { Detection, Format, FormatContext, Head } from './types.js';

/** The object of one line when it is a logrus entry (string level and msg), else null. */
function entry(text: string): Record<string, unknown> | null {
  if (!text.startsWith('{') || !text.includes('"level"') || !text.includes('"msg"')) return null;
  const r = parseObject(text);
  if (typeof r === 'string') return null;
  return typeof r['level'] === 'string' && typeof r['msg'] === 'string' ? r : null;
}

function detect(head: Head): Detection | null {
  return detectObjectLines(head, (l) => entry(l) !== null, 'logrus JSON objects with "level" and "msg"');
}

class LogrusJsonParser extends PlainLogParser {
  constructor(ctx: FormatContext) {
    super(ctx, fileIdent(ctx));
  }

  protected read(text: string, lineNo: number): void {
    const o = entry(text);
    if (!o) {
      // A panic is written to stderr as text, between the JSON lines.
      if (this.pending.continueWith(text, lineNo, null)) return;
      this.pending.flush();
      return this.ctx.unparsed(lineNo, 'not a logrus JSON object with string "level" and "msg"', text);
    }
    this.pending.flush();
    const time = typeof o['time'] === 'string' ? o['time'] : null;
    const stamp = time === null ? null : parseIso(time);
    if (time !== null && (!stamp || !validStamp(stamp))) return this.ctx.unparsed(lineNo, '"time" is not an RFC 3339 instant', text);
    if (time === null) this.ctx.note('logrus JSON objects without "time" (DisableTimestamp): those records are timeless');
    const fields: [string, string][] = [];
    for (const [k, v] of Object.entries(o)) {
      if (k === 'time' || k === 'level' || k === 'msg') continue;
      fields.push([k, typeof v === 'string' ? v : JSON.stringify(v)]);
    }
    this.startRecord(stamp, logrusBody(time, o['level'] as string, o['msg'] as string, fields), text, lineNo);
  }
}

export const logrusJson: Format = {
  id: 'logrus-json',
  title: 'logrus JSON lines (dockerd --log-format json, containerd debug.format = "json")',
  reference: 'https://github.com/sirupsen/logrus/blob/v1.9.0/json_formatter.go',
  samples: [
    '{"id":"fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138","level":"info","msg":"shim disconnected","namespace":"moby","time":"2026-12-07T22:42:23.807104377+08:00"}',
    '{"error":"file does not exist","level":"error","msg":"Failed to destroy network for sandbox \\"fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138\\"","time":"2026-12-07T22:42:24.909068671+08:00"}',
  ],
  detect,
  open: (ctx) => new LogrusJsonParser(ctx),
};
