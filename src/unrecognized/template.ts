// The template of a daemon's message: what stays the same between two lines that say the same thing, with IDs,
// hex, numbers, IPs, durations and quoted values masked (the preprocessing of Drain and of lnav's log templates).
// Pure, one pass over the characters: it runs on every line of the followed daemons that nothing read.

/** What a masked run is replaced by. */
export const MASK = { id: '<id>', number: '<n>', ip: '<ip>', duration: '<dur>', any: '<*>' } as const;

/** A template is cut here: past it, lines of one shape differ only in what they list. */
export const TEMPLATE_MAX = 300;

const QUOTE = 34;
const BACKSLASH = 92;
const EQUALS = 61;
const SPACE = 32;
const TAB = 9;
const COLON = 58;
const COMMA = 44;
const BRACE = 123;
const BRACE_CLOSE = 125;

// Character classes by code (a table: the loop below looks at every character of every line it templates).
const SEP = 0;
const WORD = 1;
const DIGIT = 2;
const HEX = 3;
const BLANK = 4;
const CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  if (c >= 48 && c <= 57) CLASS[c] = DIGIT;
  else if ((c >= 97 && c <= 102) || (c >= 65 && c <= 70)) CLASS[c] = HEX;
  else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45 || c === 43 || c === 37 || c === 0xb5 || (c >= 128 && c !== 0xa0)) CLASS[c] = WORD;
  else if (c === SPACE || c === TAB) CLASS[c] = BLANK;
  else CLASS[c] = SEP;
}
/** Outside Latin-1 every character is part of a word (CJK messages, µ), but for the ideographic space. */
const classOf = (c: number): number => (c < 256 ? CLASS[c]! : c === 0x3000 ? BLANK : WORD);

/** A Go duration or a size: 30s, 1m30.5s, 2h0m0s, 150ms, 1.5µs, 512KiB, 80%. */
const QUANTITY = /^\d+(?:\.\d+)?(?:(?:ns|us|µs|ms|s|m|h)(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))*|[KMGT]i?B|[kMG]B|B|%)$/;
/** Pieces of a name that carry digits and are still words: eth0, cni0, ipv4, amd64, v2, v1beta1, k8s, k3s. */
const WORDLIKE = /^(?:[A-Za-z]{2,}\d{1,2}|v\d{1,2}(?:(?:alpha|beta)\d{1,2})?|k8s|k3s|x86|i386)$/;
const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const PIECES = /[._+-]/;
const HAS_DIGIT = /\d/;

/**
 * What the token text[s, e) becomes: a mask, or null to keep it. `digits`, `hexLetters`, `others`: how many of
 * its characters are digits, a-f/A-F, and anything else but '.'.
 */
function classify(text: string, s: number, e: number, digits: number, hexLetters: number, others: number, dots: number): string | null {
  // 64-hex sandbox IDs, their 12-hex prefixes, 32-hex boot IDs, UUIDs: whatever digits they happen to hold.
  if (others === 0 && dots === 0 && digits + hexLetters >= 12) return MASK.id;
  if (digits === 0) return null;
  if (hexLetters === 0 && others === 0) {
    if (dots === 3 && IPV4.test(text.slice(s, e))) return MASK.ip;
    return MASK.number;
  }
  if (others === 0 && dots === 0 && digits + hexLetters >= 8 && hexLetters > 0) return MASK.id;
  const token = text.slice(s, e);
  if (QUANTITY.test(token)) return token.endsWith('B') || token.endsWith('%') ? MASK.number : MASK.duration;
  // UUIDs: hex and dashes.
  if (/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(token)) return MASK.id;
  for (const piece of token.split(PIECES)) if (HAS_DIGIT.test(piece) && !WORDLIKE.test(piece)) return MASK.any;
  return null;
}

/** The index of the quote closing the one at `open` (quote `\"` when `escaped`), or `end` when it is not closed. */
function closing(text: string, open: number, end: number, escaped: boolean): number {
  if (!escaped) {
    // By indexOf: most quoted values are masked whole, and jumping to their end is most of their cost.
    for (let from = open + 1; ; ) {
      const q = text.indexOf('"', from);
      if (q === -1 || q >= end) return end;
      let b = q - 1;
      while (b > open && text.charCodeAt(b) === BACKSLASH) b--;
      if ((q - 1 - b) % 2 === 0) return q;
      from = q + 1;
    }
  }
  for (let i = open + 1; i < end; i++) {
    if (text.charCodeAt(i) !== BACKSLASH) continue;
    if (i + 1 < end && text.charCodeAt(i + 1) === QUOTE) return i;
    i++;
  }
  return end;
}

/** The end of a bare value starting at `from`: the next blank. */
function bareEnd(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && classOf(text.charCodeAt(i)) !== BLANK) i++;
  return i;
}

/**
 * Go's %+v of a struct (`&PodSandboxMetadata{Name:nginx,Uid:…,Attempt:0,}`): the end of the scalar value of the
 * field whose value starts at `from` (at its ',' or '}'), or -1 when the value is itself a struct, map or list.
 */
function goFieldValue(text: string, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === BRACE_CLOSE) return i === from ? -1 : i;
    if (c === BRACE || c === 91 || c === 40 || c === QUOTE || c === SPACE) return -1;
  }
  return -1;
}

/** Whether text[k, eq) is a key whose value is the message itself (msg, error, err, level, lvl): kept, masked inside. */
function keptKey(text: string, k: number, eq: number): boolean {
  switch (eq - k) {
    case 3:
      return text.startsWith('msg', k) || text.startsWith('err', k) || text.startsWith('lvl', k);
    case 5:
      return text.startsWith('error', k) || text.startsWith('level', k);
    default:
      return false;
  }
}

/** Whether text[k, eq) is `time`: logrus's own instant opens every line and says nothing about what the line is. */
function timeKey(text: string, k: number, eq: number): boolean {
  return eq - k === 4 && text.startsWith('time', k);
}

/**
 * Where a template goes: built as a string (first sight, tests) or only hashed (every other line: no string is
 * made, hashed and thrown away for each line, which cost more than the scan itself).
 */
interface Out {
  /** Characters written so far. */
  length: number;
  range(text: string, from: number, to: number): void;
  str(s: string): void;
}

class Build implements Out {
  length = 0;
  s = '';
  range(text: string, from: number, to: number): void {
    if (to > from) {
      this.s += text.slice(from, to);
      this.length += to - from;
    }
  }
  str(s: string): void {
    this.s += s;
    this.length += s.length;
  }
}

/** Two 32-bit hashes of the characters written (FNV-1a and a multiplicative one), one 53-bit key. */
class Hash implements Out {
  length = 0;
  h1 = 0x811c9dc5;
  h2 = 0x2545f491;
  range(text: string, from: number, to: number): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 + c, 0x9e3779b1) ^ (h2 >>> 15);
    }
    this.h1 = h1;
    this.h2 = h2;
    if (to > from) this.length += to - from;
  }
  str(s: string): void {
    this.range(s, 0, s.length);
  }
  key(): number {
    return (this.h1 >>> 0) * 0x200000 + (this.h2 >>> 11);
  }
}

/**
 * Mask text[start, end) into `out`. `inner`: the text is the inside of a kept quoted value, where quotes come
 * escaped (`\"`). `keepFirst`: a quoted string at the very start is the message (klog's structured form), kept.
 */
function mask(text: string, start: number, end: number, inner: boolean, keepFirst: boolean, out: Out): void {
  let run = start;
  let i = start;
  while (i < end) {
    if (out.length + (i - run) >= TEMPLATE_MAX) {
      out.range(text, run, i);
      out.str('…');
      return;
    }
    const c = text.charCodeAt(i);
    const k = c < 256 ? CLASS[c]! : c === 0x3000 ? BLANK : WORD;
    if (k === BLANK) {
      // Runs of blanks are one: aligned output and versions that pad differently say the same.
      let j = i + 1;
      while (j < end && classOf(text.charCodeAt(j)) === BLANK) j++;
      if (j - i > 1 || c !== SPACE) {
        out.range(text, run, i);
        out.str(' ');
        run = j;
      }
      i = j;
      continue;
    }
    if (k === SEP) {
      const escapedQuote = inner && c === BACKSLASH && i + 1 < end && text.charCodeAt(i + 1) === QUOTE;
      if (c === QUOTE || escapedQuote) {
        out.range(text, run, i);
        run = i = maskQuoted(text, i, end, escapedQuote, keepFirst && i === start, out);
        continue;
      }
      i += c === BACKSLASH ? 2 : 1;
      continue;
    }
    let e = i;
    let digits = 0;
    let hexLetters = 0;
    let others = 0;
    let dots = 0;
    for (; e < end; e++) {
      const d = text.charCodeAt(e);
      const kd = d < 256 ? CLASS[d]! : d === 0x3000 ? BLANK : WORD;
      if (kd === WORD) {
        if (d === 46) dots++;
        else others++;
      } else if (kd === DIGIT) digits++;
      else if (kd === HEX) hexLetters++;
      else break;
    }
    const next = e < end ? text.charCodeAt(e) : -1;
    if (next === EQUALS && k !== DIGIT) {
      out.range(text, run, i);
      run = i = maskPair(text, i, e, end, inner, out);
      continue;
    }
    if (next === COLON && c >= 65 && c <= 90 && i > start) {
      const before = text.charCodeAt(i - 1);
      const v = before === BRACE || before === COMMA ? goFieldValue(text, e + 1, end) : -1;
      if (v !== -1) {
        out.range(text, run, e + 1);
        out.str(MASK.any);
        run = i = v;
        continue;
      }
    }
    if (digits > 0 || hexLetters >= 12) {
      const m = classify(text, i, e, digits, hexLetters, others, dots);
      if (m !== null) {
        out.range(text, run, i);
        out.str(m);
        run = e;
      }
    }
    i = e;
  }
  out.range(text, run, end);
}

/**
 * key=value at text[i, …), the key ending at `e`: the value masked, but for the message's own keys (msg, error,
 * level …), which are kept and masked inside; logrus's time=… is dropped whole. Returns where the pair ends.
 */
function maskPair(text: string, i: number, e: number, end: number, inner: boolean, out: Out): number {
  const v = e + 1;
  const quoted = v < end && text.charCodeAt(v) === QUOTE;
  const escapedQuote = inner && v + 1 < end && text.charCodeAt(v) === BACKSLASH && text.charCodeAt(v + 1) === QUOTE;
  const close = quoted || escapedQuote ? closing(text, escapedQuote ? v + 1 : v, end, escapedQuote) : -1;
  const after = close !== -1 ? Math.min(end, close + (escapedQuote ? 2 : 1)) : bareEnd(text, v, end);
  if (timeKey(text, i, e)) return after < end && text.charCodeAt(after) === SPACE ? after + 1 : after;
  const kept = keptKey(text, i, e);
  if (kept && quoted) {
    out.range(text, i, v + 1);
    mask(text, v + 1, close, true, false, out);
    out.str('"');
  } else if (kept && !escapedQuote) {
    out.range(text, i, v);
    mask(text, v, after, inner, false, out);
  } else {
    out.range(text, i, v);
    out.str(MASK.any);
  }
  return after;
}

/**
 * The quoted string opening at text[i] (`\"…\"` when `escaped`, inside a kept value): masked whole, or kept and
 * masked inside when it is the message (`keep`). Returns where it ends.
 */
function maskQuoted(text: string, i: number, end: number, escaped: boolean, keep: boolean, out: Out): number {
  const close = closing(text, escaped ? i + 1 : i, end, escaped);
  if (keep) {
    out.str('"');
    mask(text, i + 1, close, true, false, out);
    out.str('"');
  } else out.str(escaped ? '\\"<*>\\"' : '"<*>"');
  return Math.min(end, close + (escaped ? 2 : 1));
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * The length of klog's header at text[start…) (`I0910 08:00:01.000001    1789 kubelet.go:2345] `), 0 when there is
 * none; `file` gets the source file's end.
 */
function klogHeader(text: string, start: number, end: number, file: { from: number; to: number }): number {
  const c = text.charCodeAt(start);
  if (!(c === 73 || c === 87 || c === 69 || c === 70)) return 0;
  for (let k = 1; k <= 4; k++) if (!isDigit(text.charCodeAt(start + k))) return 0;
  if (text.charCodeAt(start + 5) !== SPACE || text.charCodeAt(start + 8) !== COLON || text.charCodeAt(start + 11) !== COLON) return 0;
  let i = start + 14;
  if (text.charCodeAt(i) === 46) i++;
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  while (i < end && text.charCodeAt(i) === SPACE) i++;
  const pid = i;
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  if (i === pid || text.charCodeAt(i) !== SPACE) return 0;
  file.from = ++i;
  const close = text.indexOf('] ', i);
  if (close === -1 || close >= end || close - i > 80) return 0;
  const colon = text.lastIndexOf(':', close);
  if (colon < i) return 0;
  file.to = colon;
  return close + 2 - start;
}

/** logrus writing to a terminal: `INFO[0000] ` or `INFO[2019-04-11T10:39:37.413880563-07:00] `. */
const LOGRUS_TTY = /^(TRAC|DEBU|INFO|WARN|ERRO|FATA|PANI)\[[^\]]*\] ?/;

const fileAt = { from: 0, to: 0 };

/** Write the template of the message text[start, end) (its first line) to `out`. */
function write(text: string, start: number, end: number, out: Out): void {
  if (end > text.length) end = text.length;
  const nl = text.indexOf('\n', start);
  if (nl !== -1 && nl < end) end = nl;
  while (start < end && classOf(text.charCodeAt(start)) === BLANK) start++;
  const head = klogHeader(text, start, end, fileAt);
  if (head !== 0) {
    out.range(text, start, start + 1);
    out.str(' ');
    out.range(text, fileAt.from, fileAt.to);
    out.str(`:${MASK.number}] `);
    return mask(text, start + head, end, false, true, out);
  }
  const c = text.charCodeAt(start);
  if (c >= 65 && c <= 90 && text.charCodeAt(start + 4) === 91) {
    const tty = LOGRUS_TTY.exec(text.slice(start, Math.min(end, start + 60)));
    if (tty !== null) {
      out.range(text, start, start + 4);
      out.str(`[${MASK.any}] `);
      return mask(text, start + tty[0].length, end, false, false, out);
    }
  }
  mask(text, start, end, false, false, out);
}

/** The template of the message text[start, end) (its first line). */
export function templateOf(text: string, start = 0, end = text.length): string {
  const out = new Build();
  write(text, start, end, out);
  return out.s;
}

const hash = new Hash();

/** A 53-bit key of templateOf(text, start, end), made without building it: equal templates, equal keys. */
export function templateKey(text: string, start = 0, end = text.length): number {
  hash.h1 = 0x811c9dc5;
  hash.h2 = 0x2545f491;
  hash.length = 0;
  write(text, start, end, hash);
  return hash.key();
}

/** The key templateKey gives the lines whose template is `template`. */
export function keyOfTemplate(template: string): number {
  hash.h1 = 0x811c9dc5;
  hash.h2 = 0x2545f491;
  hash.length = 0;
  hash.range(template, 0, template.length);
  return hash.key();
}
