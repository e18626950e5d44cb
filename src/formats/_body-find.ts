// Where a log record starts inside a line whose envelope no format knows: a Jenkins stamp, a log viewer's local
// time, a kmsg "[talos]", a chat bullet, a CI step's prefix, whatever a tool or a ticket put before it. The body is
// a grammar a format already reads on its own line (logrus text or TTY, klog with its header whole or cut, a JSON
// object, a journal line, a journal line cut to "ident[pid]:"): the leftmost place where one of those formats reads
// the rest of the line as a record is where the record starts. Nothing before it is read but an instant it states.

import type { Format } from './types.js';

/**
 * Where a body may start: the first token of each grammar the inner formats read, at a word boundary (the start of
 * the line or after a character that is no letter or digit), each in a named group saying which formats may read it.
 * A candidate is only that: the format then reads the rest of the line or not. Localized journal months are any
 * word of up to six characters before "dd hh:mm:ss"; "ident:" without a pid only before a klog or logrus header
 * (journal-bare's rule: "word: text" alone is any prose, or any YAML).
 */
const START = new RegExp(
  '(?<![\\p{L}\\p{N}_])(?:' +
    [
      // logrus text, and the same line cut to its quoted stamp or to "level=… msg="
      '(?<logrus>time="\\d{4}-|"\\d{4}-\\d\\d-\\d\\dT[^"\\s]{8,40}" level=|level=(?:trace|debug|info|warning|warn|error|fatal|panic) msg=)',
      // logrus on a terminal: "INFO[0000] …", "ERRO[2024-…] …"
      '(?<tty>(?:PANI?C?|FATA(?:L)?|ERRO(?:R)?|WARN(?:ING)?|INFO|DEBU(?:G)?|TRAC(?:E)?)\\[)',
      // klog's header, or its date with the severity letter cut, or what is left of it ("kubelet.go:2215] ")
      '(?<klog>[IWEF]?\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6}|[\\w+-]+(?:\\.[\\w+-]+)*\\.go:\\d+\\] )',
      // supervisord's own log line (its asctime and four-letter level), relayed by a collector or a compose prefix
      '(?<supervisord>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} (?:CRIT|ERRO|WARN|INFO|DEBG|TRAC|BLAT) )',
      // a JSON object (logrus or klog JSON, docker's json-file)
      '(?<json>\\{")',
      // a journal short prefix (any locale's month word), short-iso
      '(?<journal>[^\\s\\d][^\\s]{0,5} {1,2}\\d{1,2} \\d\\d:\\d\\d:\\d\\d|\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)',
      // Talos machined's "[talos] " (its kernel-log form has no date: talosctl dmesg, the console)
      '(?<talos>\\[talos\\] )',
      // a journal line cut to "ident[pid]:", or to "ident:" before a daemon's header
      '(?<bare>[A-Za-z_][\\w.@-]*(?:\\[\\d+\\]: |: (?=[IWEF]\\d{4} |time="\\d{4}-)))',
    ].join('|') +
    ')',
  'gu',
);

/** Which inner formats (by id) may read a candidate of each START group. */
const READERS: Record<string, readonly string[]> = {
  logrus: ['logrus-file'],
  tty: ['logrus-tty'],
  klog: ['klog-file'],
  json: ['klog-json', 'logrus-json', 'container-log'],
  journal: ['journal-short'],
  bare: ['journal-bare'],
  supervisord: ['supervisord-log'],
  talos: ['talos-log'],
};

/**
 * What every START candidate holds nearby, searched first and without Unicode classes or lookbehind: a clock
 * (journal, klog, the date of a cut klog header), a logrus key, a JSON object's opening, a Go file's line, a pid's
 * bracket, a terminal level. A text without any (a config file, a README) is passed over at the cost of one scan.
 */
export const HINT = /\d\d:\d\d:\d\d|level=|\{"|\.go:\d|\]: |(?:INFO|WARN|ERRO|FATA|DEBU|TRAC|PANI)\[|\[talos\] /;

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
  if (!HINT.test(line)) return null;
  START.lastIndex = 0;
  let tries = 0;
  for (let m = START.exec(line); m !== null && m.index <= SCAN_COLUMNS && tries < MAX_TRIES; m = START.exec(line)) {
    tries++;
    if (quoted(line, m.index)) continue;
    const rest = line.slice(m.index);
    const group = Object.keys(READERS).find((g) => m!.groups![g] !== undefined)!;
    for (const format of inner) {
      if (!READERS[group]!.includes(format.id)) continue;
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

/** A line as bodyWrap weighs it: its columns as pasted (0 for a blank one) and whether a body was found in it. */
export interface WrapSample {
  text: string;
  width: number;
  body: boolean;
}

/** A wrap narrower or wider than these is no terminal's or editor's (as paste.ts). */
const MIN_WRAP = 60;
const MAX_WRAP = 400;

/**
 * The width records were hard-wrapped at in a file read by body, or 0: the widest line's width, when at least two
 * different record lines that wide (a body's, or a record's rest already cut at that width) are followed by a line
 * that holds no body of its own and is no blank or indented line (the record's rest), and such lines outnumber the
 * record lines that wide followed by a body (records exactly the width long). Prose wrapped at a width says nothing:
 * only a record's own lines count. One wrapped record among other text shows it (multus-cni#1448's k3s line wrapped three times at 164).
 */
export function bodyWrap(lines: readonly WrapSample[]): number {
  let widest = 0;
  for (const l of lines) if (l.width > widest) widest = l.width;
  if (widest < MIN_WRAP || widest > MAX_WRAP) return 0;
  const cut = new Set<string>();
  let whole = 0;
  // Whether lines[i] is a record's line: it holds a body, or it is the rest of one cut at the full width above it.
  let inRecord = false;
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i]!;
    inRecord = line.body || (inRecord && lines[i - 1]!.width === widest && line.width > 0);
    if (!inRecord || line.width !== widest) continue;
    const next = lines[i + 1]!;
    if (next.body) whole++;
    // The rest starts with no blank, or with the one a wrap just before a blank leaves (enveloped.ts WRAP_REST).
    else if (next.width > 0 && /^ ?\S/.test(next.text)) cut.add(line.text);
  }
  return cut.size >= 2 && cut.size > whole ? widest : 0;
}
