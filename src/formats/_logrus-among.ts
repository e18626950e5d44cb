// A daemon's bare logrus lines inside a journal paste: the poster gave the journal, then the daemon's own lines as they
// followed without their journal prefix (a message that began on a new line left its first piece in the journal line
// and the rest bare: CRI-O 1.10's debug lines, kata-containers/runtime#396), or pasted a `journalctl` excerpt and then
// the daemon's log file. Each such line is a record of its own, timed by its own `time="…"` when that states its zone
// and year (logrus's RFC 3339 stamp; CRI-O's with a space for the "T" too), no host or identifier made up for it: the
// components read its body by wording, as they read a plain logrus file's.

import type { LogRecord } from '../events/types.js';
import { parseLogrus } from '../components/logrus.js';
import type { FormatContext } from './types.js';

/** The record of a whole logrus text line (`time="…" level=… msg=…`) among another format's lines, or null. */
export function logrusRecord(text: string, lineNo: number, ctx: FormatContext): LogRecord | null {
  // The cheap refusal first: only a line that opens as logrus's TextFormatter writes (time first) is one.
  if (!text.startsWith('time="')) return null;
  const l = parseLogrus(text);
  if (l === null || l.level === null) return null;
  const t = l.time;
  const stamp = t !== null && t.year !== null && t.offsetMin !== null ? t : null;
  return { stamp, absUs: null, domain: 'host', host: null, ident: null, pid: null, message: text, source: { path: ctx.path, line: lineNo }, raw: text };
}
