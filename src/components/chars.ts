// Character classes of the daemons' body grammars, tested on char codes: the parsers walk their text by hand
// and must agree with the regexes that define them.

/** Character codes the hand-walked grammars compare with, by name. */
export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const QUOTE = 34;
export const PLUS = 43;
export const COMMA = 44;
export const HYPHEN = 45;
export const DOT = 46;
export const DIGIT_0 = 48;
export const DIGIT_9 = 57;
export const COLON = 58;
export const LT = 60;
export const AT = 64;
export const EQUALS = 61;
export const UPPER_A = 65;
export const UPPER_Z = 90;
export const OPEN_BRACKET = 91;
export const BACKSLASH = 92;
export const CLOSE_BRACKET = 93;
export const UNDERSCORE = 95;
export const LOWER_A = 97;
export const LOWER_Z = 122;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;
/** klog's severity letters (klog.HEADER: ^[IWEF]). */
export const KLOG_INFO = 73;
export const KLOG_WARNING = 87;
export const KLOG_ERROR = 69;
export const KLOG_FATAL = 70;
/** The letters of the logrus keys the gate looks for before an '=': time, level, msg. */
export const LETTER_T = 116;
export const LETTER_I = 105;
export const LETTER_M = 109;
export const LETTER_E = 101;
export const LETTER_L = 108;
export const LETTER_V = 118;
export const LETTER_S = 115;
export const LETTER_G = 103;
export const LETTER_O = 111;

/** A klog severity letter. */
export function klogLevel(c: number): boolean {
  return c === KLOG_INFO || c === KLOG_WARNING || c === KLOG_ERROR || c === KLOG_FATAL;
}

/** [A-Za-z_]: what may stand before a key and make it a longer one. */
export function wordStart(c: number): boolean {
  return (c >= LOWER_A && c <= LOWER_Z) || (c >= UPPER_A && c <= UPPER_Z) || c === UNDERSCORE;
}

/** [\w@.-] by ASCII code (1: in the class), a table: the unit-name walk reads a whole name a line. */
const UNIT_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) UNIT_CHARS[c] = (c >= LOWER_A && c <= LOWER_Z) || (c >= UPPER_A && c <= UPPER_Z) || (c >= DIGIT_0 && c <= DIGIT_9) || c === UNDERSCORE || c === AT || c === DOT || c === HYPHEN ? 1 : 0;

/** [\w@.-]: a character of a systemd unit name as systemd.ts's patterns take it. */
export function unitChar(c: number): boolean {
  return c < 128 && UNIT_CHARS[c] === 1;
}

/** JavaScript's \s. */
export function blank(c: number): boolean {
  if (c <= SPACE) return c === SPACE || (c >= TAB && c <= CR);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** What `.` does not match without the s flag: the line terminators. */
export function lineEnd(c: number): boolean {
  return c === LF || c === CR || c === 0x2028 || c === 0x2029;
}

/** \d. */
export function digit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

/**
 * The end of the Go-quoted string opening at text[open] (a '"'): the index of its closing quote, or -1 when it is
 * not closed — /"(?:[^"\\]|\\.)*"/ from `open`, where `.` takes any character when `dotAll`, else none that
 * ends a line. `escaped` tells whether a backslash is inside (then unquoteGo has work to do).
 */
export function closingQuote(text: string, open: number, dotAll: boolean, out: { escaped: boolean }): number {
  out.escaped = false;
  const n = text.length;
  for (let j = open + 1; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) return j;
    if (c === BACKSLASH) {
      if (j + 1 >= n || (!dotAll && lineEnd(text.charCodeAt(j + 1)))) return -1;
      out.escaped = true;
      j++;
    }
  }
  return -1;
}
