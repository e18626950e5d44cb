// Character classes of the daemons' body grammars, tested on char codes: the parsers walk their text by hand
// and must agree with the regexes that define them.

/** JavaScript's \s. */
export function blank(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** What `.` does not match without the s flag: the line terminators. */
export function lineEnd(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** \d. */
export function digit(c: number): boolean {
  return c >= 48 && c <= 57;
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
    if (c === 34) return j;
    if (c === 92) {
      if (j + 1 >= n || (!dotAll && lineEnd(text.charCodeAt(j + 1)))) return -1;
      out.escaped = true;
      j++;
    }
  }
  return -1;
}
