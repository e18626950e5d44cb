// Lines a terminal cut to its width: systemd ellipsizes a journal line that does not fit (output_short calls
// ellipsize_mem: "…" in a UTF-8 locale, "..." otherwise, most of the text kept before it), and `less -S` (the
// pager) chops it, showing ">" in the last column. Either way the line is exactly as wide as the terminal,
// and no line of the same output is wider: a line is taken as cut when it carries the mark and the widest
// width of its output. systemd's own job lines end in "..." ("Starting <unit>...") and are one line: their
// ellipsis would keep the last tenth after its mark (ellipsize_mem(…, 90); only a multi-line message's first line
// is cut at its end), so such a line at the output's width is whole (lines cut by `cut -c` around it,
// docker/machine#1714). Any other whole-width line with a genuine "..." is taken as cut: it is counted, not read,
// which loses a line but never reads half a message or a cut ID.

/** Columns a terminal gives `text`: East Asian wide characters take two (systemd's utf8_console_width). */
export function displayWidth(text: string): number {
  // Below U+1100 every character is one column (surrogates are above): most lines are, and need no code points.
  let i = 0;
  while (i < text.length && text.charCodeAt(i) < 0x1100) i++;
  if (i === text.length) return i;
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    w += c >= 0x1100 && (c <= 0x115f || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd)) ? 2 : 1;
  }
  return w;
}

export type Cut = 'ellipsized' | 'chopped' | null;

/** systemd's job line (job_print_done_status_message's start/stop formats), its one \"...\" its own. */
const SYSTEMD_JOB = /\bsystemd\[\d+\]: (?:Starting|Stopping|Reloading) [^.…]+(?:\.[^.…]+)*\.\.\.$/;

/** What a terminal did to a line of width `width` in an output whose widest line is `widest`. */
export function terminalCut(text: string, width: number, widest: number): Cut {
  if (width !== widest) return null;
  if (text.endsWith('>')) return 'chopped';
  if (SYSTEMD_JOB.test(text)) return null;
  if (text.includes('…') || text.includes('...')) return 'ellipsized';
  return null;
}

export const CUT_REASON: Record<Exclude<Cut, null>, string> = {
  ellipsized: 'ellipsized to the terminal width ("…"/"..." in the middle or at the end): part of the message is missing, so it is not read (no half message or cut ID becomes an event)',
  chopped: 'chopped by the pager at the terminal width (">" in the last column): the end of the message is missing, so it is not read (no half message or cut ID becomes an event)',
};

/** A ">" that closes nothing: not the end of a "<nil>"-like token nor klog's " >" closing a multi-line value. */
export function bareChop(text: string): boolean {
  if (!text.endsWith('>') || text.endsWith(' >')) return false;
  const open = text.lastIndexOf('<');
  return open === -1 || text.length - open > 40 || /\s/.test(text.slice(open, -1));
}
