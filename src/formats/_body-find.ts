// Where a log record starts inside a line whose envelope no format knows: a Jenkins stamp, a log viewer's local
// time, a kmsg "[talos]", a chat bullet, a CI step's prefix, whatever a tool or a ticket put before it. The body is
// a grammar a format already reads on its own line (logrus text or TTY, klog with its header whole or cut, a JSON
// object, a journal line, a journal line cut to "ident[pid]:"): the leftmost place where one of those formats reads
// the rest of the line as a record is where the record starts. Nothing before it is read but an instant it states.

import type { Format } from './types.js';

/**
 * Where a body may start: the first token of each grammar the inner formats read, at a word boundary (the start of
 * the line or after a character that is no letter or digit). A candidate is only that: the format then reads the
 * rest of the line or not. Localized journal months are any word of up to six characters before "dd hh:mm:ss".
 */
const START = new RegExp(
  '(?<![\\p{L}\\p{N}_])(?:' +
    [
      // logrus text, and the same line cut to its quoted stamp or to "level=… msg="
      'time="\\d{4}-',
      '"\\d{4}-\\d\\d-\\d\\dT[^"\\s]{8,40}" level=',
      'level=(?:trace|debug|info|warning|warn|error|fatal|panic) msg=',
      // logrus on a terminal: "INFO[0000] …", "ERRO[2024-…] …"
      '(?:PANI?C?|FATA(?:L)?|ERRO(?:R)?|WARN(?:ING)?|INFO|DEBU(?:G)?|TRAC(?:E)?)\\[',
      // klog's header, or its date with the severity letter cut
      '[IWEF]?\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6}',
      // a JSON object (logrus or klog JSON, docker's json-file)
      '\\{"',
      // a journal short prefix (any locale's month word), short-iso, or a journal line cut to "ident[pid]:"
      '[^\\s\\d][^\\s]{0,5} {1,2}\\d{1,2} \\d\\d:\\d\\d:\\d\\d',
      '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d',
      '[A-Za-z_][\\w.@-]*(?:\\[\\d+\\])?: ',
    ].join('|') +
    ')',
  'gu',
);

/** Columns searched for a body's start: an envelope is a prefix, not a paragraph (the byte budget of a line). */
export const SCAN_COLUMNS = 512;
/** Candidates tried per line before giving up (each costs the inner formats' one-line detection). */
const MAX_TRIES = 8;

export interface Body {
  /** Where the body starts in the line. */
  at: number;
  /** The format that reads line.slice(at) as a record of its own. */
  format: Format;
}

/**
 * The leftmost place in `line` where one of `inner` reads the rest as a record, or null. Candidates past
 * SCAN_COLUMNS are not looked at; the first format (in `inner` order) that reads a candidate takes it.
 */
export function findBody(line: string, inner: readonly Format[], path: string): Body | null {
  START.lastIndex = 0;
  let tries = 0;
  for (let m = START.exec(line); m !== null && m.index <= SCAN_COLUMNS && tries < MAX_TRIES; m = START.exec(line)) {
    tries++;
    if (quoted(line, m.index)) continue;
    const rest = line.slice(m.index);
    for (const format of inner) {
      const d = format.detect({ path, text: rest, lines: [rest] });
      if (d !== null && d.score >= 0.5) return { at: m.index, format };
    }
    // The next candidate may start inside this one ("kubelet[1]: I0102 …" when the journal-bare shape was refused).
    START.lastIndex = m.index + 1;
  }
  return null;
}

/**
 * Whether the text at `at` sits inside a markdown code span that prose goes on after (an odd number of backticks
 * before it, and words after the backtick that closes it): a log line quoted in a sentence or a table cell
 * (`| 1 | \`containerd[1101]\`, …: \`time="…" level=info msg="starting containerd" …\` | containerd v1.6.33 …`), not
 * a record. A line that is one code span whole is a paste's (paste.ts reads it).
 */
function quoted(line: string, at: number): boolean {
  let ticks = 0;
  for (let i = line.indexOf('`'); i !== -1 && i < at; i = line.indexOf('`', i + 1)) ticks++;
  if (ticks % 2 === 0) return false;
  const close = line.indexOf('`', at);
  return close !== -1 && line.slice(close + 1).trim() !== '';
}

/** An RFC 3339 instant in the envelope before a body ("[2021-08-06T16:10:53.289Z]", `docker logs -t`), or null. */
export function envelopeInstant(prefix: string): string | null {
  const m = /\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)(?![\d:])/.exec(prefix);
  return m ? m[0].replace(' ', 'T') : null;
}
