// Log lines pasted into a ticket (`_paste-clean.ts` says what is undone), read by the format they are in once
// cleaned. What cannot be undone exactly is counted with its reason: a line cut at the terminal's width that is
// not followed by its rest, a pager's ">" cut, an ellipsized line. No ID is ever completed by a guess.

import { CUT_REASON, displayWidth, terminalCut } from './_terminal-cut.js';
import { cleanLine, pasteIndent, severalWords, unescapeHtml, wrapJoint, type Starts } from './_paste-clean.js';
import { cutReadable } from './_cut-readable.js';
import { FORMATS } from './index.js';
import { isKlogLine, READ_KLOG_AMONG } from './_klog-among.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

/** The log formats a ticket pastes; each says on one line whether it opens a record. */
const INNER = ['journal-short', 'journal-bare', 'klog-file', 'logrus-file', 'logrus-json', 'logrus-tty', 'iptables-save', 'supervisord-log'];
/** Lines held before reading, to learn the paste's indentation and wrap width. */
const HOLD = 200;
/** A wrap narrower or wider than these is no terminal's or editor's (a 5600-byte line is just long). */
const MIN_WRAP = 60;
const MAX_WRAP = 400;

let inners: Format[] | null = null;
function inner(): Format[] {
  // Found on first use: FORMATS holds this format, so it is not complete while this module loads.
  return (inners ??= FORMATS.filter((f) => INNER.includes(f.id)));
}

/**
 * What a text must hold to open a record of each INNER format, read off its detect: a time of day (or a stamp's
 * microseconds) for journal-short, an identifier's "]:" or a daemon's header for journal-bare, klog's time of day or
 * `file.go:N`, logrus's '=' (level=), a terminal level's '[', JSON's '{', iptables-save's marks; a klog line (read
 * among logrus lines) has its time of day. Found anywhere in the text, so a piece of it (a prefix taken off) or
 * pieces joined hold it too: a head without a format's marks is none of that format's paste, and a config line,
 * a /proc "Key:\tvalue" or a number asks no format that could not read it. A format without an entry is asked every
 * text. test/formats/paste-gate.test.ts holds every sample line and head that opens a record of a format to its entry.
 */
export const OPENS: Readonly<Record<string, RegExp>> = {
  'journal-short': /\d\d:\d\d:\d\d|\d\.\d{6}[\] ]/,
  'journal-bare': /\]:|\d\d:\d\d:\d\d|time="/,
  'klog-file': /\d\d:\d\d:\d\d|\.go:\d/,
  'logrus-file': /=/,
  'logrus-json': /\{/,
  'logrus-tty': /\[/,
  'iptables-save': /[#*]|\[\d+:\d+\]|-[ANPI] |COMMIT/,
  'supervisord-log': /:\d\d,\d{3} [A-Z]{4} /,
};
/** A klog line's mark (see OPENS): its header's time of day. */
const KLOG_OPENS = /\d\d:\d\d:\d\d/;

/** Whether a text holds what a record of `format` opens with (OPENS). */
function mayOpen(format: Format, text: string): boolean {
  const opens = OPENS[format.id];
  return opens === undefined || opens.test(text) || (READ_KLOG_AMONG.has(format.id) && KLOG_OPENS.test(text));
}

/** What makes a prompt, a command, a quote or a grep prefix, and what any INNER format's record opens with (OPENS): a head with none of these is no paste. */
export const MAY_PASTE = /[A-Za-z:=[{#*$@>`]/;

/**
 * Whether a text opens a record of `format`. `remember`: each text's answer kept (a plan asks about the same texts
 * several times: indent, cleaning, wrap, join), never for a whole file (its texts are all different).
 */
function startsFor(format: Format, path: string, remember = false): Starts {
  // A logrus format reads the klog lines of the same stream too (_klog-among.ts), though no klog line alone is one.
  const klog = READ_KLOG_AMONG.has(format.id);
  const ask = (text: string): boolean => format.detect({ path, text, lines: [text] }) !== null || (klog && isKlogLine(text));
  let seen: Map<string, boolean> | null = null;
  return (text) => {
    // The gate first: most texts pass no gate, and are not worth a place in the map.
    if (text === '' || /^\s/.test(text) || !mayOpen(format, text)) return false;
    if (!remember) return ask(text);
    seen ??= new Map();
    let known = seen.get(text);
    if (known === undefined) seen.set(text, (known = ask(text)));
    return known;
  };
}

interface Plan {
  format: Format;
  indent: number;
  /** The wrap width, or 0 when nothing in the lines shows a wrap. */
  wrap: number;
  /** The wrap broke lines at spaces (a word wrap), not at the column whatever it held (wrapWords). */
  words: boolean;
  /** The terminal's width when lines were cut at it (pager ">", ellipsis), else 0. */
  edge: number;
  /** Records broken by hand at word boundaries of uneven widths, each piece but the last ending in the space it broke at. */
  spaceWrap: boolean;
}

/** Which format the cleaned lines are in, their indentation, and the width they were wrapped at. */
function plan(lines: readonly string[], path: string): { plan: Plan; score: number; why: string; changed: boolean } | null {
  let best: { plan: Plan; score: number; why: string; changed: boolean } | null = null;
  // Widths once for all formats; each format's answers kept (startsFor): a sos report's thousands of small files
  // no format reads paid most of their sniffing here.
  const widths = lines.map(rawWidth);
  const text = lines.join('\n');
  for (const format of inner()) {
    // No line holds what its records open with: no text of the plan below would open one (OPENS).
    if (!mayOpen(format, text)) continue;
    const starts = startsFor(format, path, true);
    const indent = pasteIndent(lines, starts);
    const cleaned = lines.map((l) => cleanLine(l, indent, starts));
    // A terminal wraps and cuts what it shows: widths are the pasted lines', prefixes and all.
    const pieces: Piece[] = [];
    for (let i = 0; i < cleaned.length; i++) if (cleaned[i]!.text !== null) pieces.push({ text: cleaned[i]!.text!, width: widths[i]! });
    const wrap = wrapWidth(pieces, starts);
    const words = wrap > 0 && wrapWords(pieces, wrap, starts);
    const spaceWrap = wrap === 0 && spaceWraps(pieces, starts) >= 2;
    const joined = join(pieces, wrap, starts, spaceWrap, words);
    let d = format.detect({ path, text: joined.join('\n'), lines: joined });
    let mixed = false;
    if (!d || d.score < 0.5) {
      // Log lines between other text (a hand-wrapped rest, a command's other output): read the log lines, count the rest.
      const records = joined.filter(starts);
      const nonEmpty = joined.filter((t) => t.trim() !== '').length;
      // One record is enough when a wrap shows (several physical lines cut at one width: `systemctl status … | grep`
      // of one long line, multus-cni#1448); without one, one line among text is chance.
      if (records.length < (wrap > 0 ? 1 : 2) || records.length < nonEmpty * 0.2) continue;
      const r = format.detect({ path, text: records.join('\n'), lines: records });
      if (!r) continue;
      d = { score: 0.5, why: `${records.length}/${nonEmpty} lines are ${format.id} records among other text` };
      mixed = true;
    }
    const edge = edgeWidth(pieces);
    // A wrap or a terminal's cut is the ticket's own sign. Prompts, prefixes and an indent are too when taking
    // them off reads the lines better than the format reads them as they stand: a journal with a stray "# …"
    // line is still that journal. Lines of a format among other text with no sign at all (journalctl -o cat
    // mixing formats) are no paste.
    const raw = format.detect({ path, text: lines.join('\n'), lines: [...lines] });
    const cleanedBetter = raw === null || d.score >= raw.score + 0.05;
    // A page's source escapes every quote it shows: escapes are the copy's sign only where no line keeps a bare one
    // (one escaped line among a journal's is that journal's own text).
    const escaped = cleaned.some((c) => c.entities === true) && !lines.some((l) => l.includes('"'));
    const changed = wrap > 0 || edge > 0 || spaceWrap || escaped || cleaned.some((c) => c.emphasis === true) || ((indent > 0 || cleaned.some((c) => c.prompt || c.prefix)) && cleanedBetter);
    if (mixed && !changed) continue;
    if (!best || d.score > best.score) best = { plan: { format, indent, wrap, words, edge, spaceWrap }, score: d.score, why: d.why, changed };
  }
  return best;
}

interface Piece {
  text: string;
  /** Columns of the physical line as pasted. */
  width: number;
}

function rawWidth(line: string): number {
  // A terminal showed the text a page's HTML escapes stand for: its width is that text's.
  return displayWidth(unescapeHtml(line.endsWith('\r') ? line.slice(0, -1) : line));
}

/**
 * The width lines were hard-wrapped at: the widest width, when twice a line that wide is followed by one that
 * opens no record and is no journal's own (an indented continuation, a "-- …" marker) and continues a record
 * (a start, or a piece of one), such stray lines mostly follow a line the wrap explains, and lines that wide are
 * more often cut than whole (followed by a record's start). A log with a few lines of junk (a crash's garbage, another program's
 * output) has strays after lines of every width: two of them after its widest line are chance, not a wrap.
 */
function wrapWidth(pieces: readonly Piece[], starts: Starts): number {
  const widest = Math.max(0, ...pieces.map((p) => p.width));
  if (widest < MIN_WRAP || widest > MAX_WRAP) return 0;
  // Full-width lines a piece follows, by text: one line repeated is a long line logged again, not a wrap.
  const cut = new Set<string>();
  let unexplained = 0;
  // Lines exactly that wide followed by a record's start: a wrap leaves few (a record exactly the width long),
  // a log whose commonest line happens to be its widest has many.
  let wholeAtWidth = 0;
  // Whether pieces[i] opens a record or continues one: a wrap cuts a record, and its pieces follow that record's start.
  let inRecord = pieces.length > 0 && starts(pieces[0]!.text);
  for (let i = 0; i + 1 < pieces.length; i++) {
    const next = pieces[i + 1]!.text;
    if (next.trim() === '' || /^\s|^-- /.test(next) || starts(next)) {
      if (pieces[i]!.width === widest && starts(next)) wholeAtWidth++;
      inRecord = next.trim() !== '' && starts(next);
      continue;
    }
    if (inRecord && pieces[i]!.width === widest) cut.add(pieces[i]!.text);
    else if (wrapJoint(pieces[i]!.width, next, widest) === null) {
      unexplained++;
      inRecord = false;
    }
  }
  const wraps = cut.size;
  return wraps >= 2 && wraps > unexplained && wraps > wholeAtWidth ? widest : 0;
}

/**
 * Whether a wrap at `wrap` columns broke lines at spaces: more pieces continue a line narrower than the width
 * (its next word would not have fit) than continue one the full width. A hard wrap at a column leaves every piece
 * but a record's last exactly that wide; a word wrap leaves most lines short of it, and one that happens to reach
 * it still ended at a space (wrapJoint's wordBreak), so joining it without one would glue two words.
 */
function wrapWords(pieces: readonly Piece[], wrap: number, starts: Starts): boolean {
  let word = 0;
  let full = 0;
  for (let i = 0; i + 1 < pieces.length; i++) {
    const next = pieces[i + 1]!.text;
    if (starts(next) || /^\s|^-- /.test(next)) continue;
    const j = wrapJoint(pieces[i]!.width, next, wrap);
    if (j === '') full++;
    else if (j === ' ') word++;
  }
  return word >= 2 && word > full;
}

/**
 * The width lines were cut at by a terminal: the widest, when two different lines that wide carry a pager's ">"
 * or an ellipsis (one line repeated is just a long line: "Stopping Docker Application Container Engine...").
 */
function edgeWidth(pieces: readonly Piece[]): number {
  const widest = Math.max(0, ...pieces.map((p) => p.width));
  if (widest < MIN_WRAP || widest > MAX_WRAP) return 0;
  const cut = new Set<string>();
  for (const p of pieces) if (terminalCut(p.text, p.width, widest) !== null) cut.add(p.text);
  return cut.size >= 2 ? widest : 0;
}

/**
 * Whether `piece` is the rest of a record broken by hand at a word (the paste's lines of uneven widths, kata#2151):
 * the logical line so far opens a record and ends in the space the break took, or in the hyphen a word wrap breaks
 * after (`…_kube-` / `system(…)`, kubeadm#507), and the piece opens none, is no blank, indented or fence line.
 * Joined as it stands: the space, or the hyphen, is already there.
 */
function spaceJoins(logical: string, piece: string, starts: Starts): boolean {
  // One space after a word: a logrus terminal line ends in several (its message padded to 44 columns), and is no break.
  return /[^ ] $|[A-Za-z]-$/.test(logical) && starts(logical) && piece.trim() !== '' && !/^\s|^```/.test(piece) && !starts(piece);
}

/** How many pieces would be joined as the rests of records broken at a word (spaceJoins). */
function spaceWraps(pieces: readonly Piece[], starts: Starts): number {
  let n = 0;
  let logical = '';
  for (const p of pieces) {
    if (logical !== '' && spaceJoins(logical, p.text, starts)) {
      logical += p.text;
      n++;
    } else logical = p.text;
  }
  return n;
}

function join(pieces: readonly Piece[], wrap: number, starts: Starts, spaceWrap = false, words = false): string[] {
  const out: string[] = [];
  let lastWidth = -1;
  let lastPiece = '';
  for (const p of pieces) {
    const last = out.length > 0 ? out[out.length - 1]! : null;
    const joint = last !== null && !starts(p.text) ? (spaceWrap ? (spaceJoins(last, p.text, starts) ? '' : null) : wrapJoint(lastWidth, p.text, wrap, words && severalWords(lastPiece))) : null;
    if (joint !== null) out[out.length - 1] += joint + p.text;
    else out.push(p.text);
    lastWidth = p.width;
    lastPiece = p.text;
  }
  return out;
}

function detect(head: Head): Detection | null {
  // No line can open a record, nor be a prompt or a command (MAY_PASTE): a head of numbers is asked nothing more.
  if (!MAY_PASTE.test(head.text)) return null;
  const p = plan(head.lines, head.path);
  // Text that needed nothing undone is the inner format's own, read by it directly.
  if (!p || !p.changed) return null;
  const how = [p.plan.indent > 0 ? `indented ${p.plan.indent}` : '', p.plan.wrap > 0 ? `wrapped at ${p.plan.wrap} columns` : '', p.plan.edge > 0 ? `cut at ${p.plan.edge} columns` : ''].filter(Boolean).join(', ');
  return { score: Math.min(0.99, p.score + 0.02), why: `a ticket paste of ${p.plan.format.id} (prompts, prefixes${how ? ', ' + how : ''} taken off): ${p.why}` };
}

interface Logical {
  text: string;
  lineNo: number;
  lastWidth: number;
  /** The last physical piece joined (a word wrap's break at the full width is told by it: wrapJoint). */
  lastPiece: string;
}

class PasteParser implements LineParser {
  private held: { text: string; lineNo: number }[] = [];
  private plan: Plan | null = null;
  private starts: Starts = () => false;
  private inner: LineParser | null = null;
  private pending: Logical | null = null;
  private prompts = 0;
  private joined = 0;
  /** Lines the poster's markdown bold was taken out of. */
  private emphasis = 0;
  /** Lines whose HTML escapes were undone (copied from a rendered page). */
  private entities = 0;
  /** Chopped lines whose words and ID all precede the cut (_cut-readable.ts): read as they stand. */
  private cutRead = 0;

  constructor(private readonly ctx: FormatContext) {}

  line(text: string, lineNo: number): void {
    if (this.plan === null) {
      this.held.push({ text, lineNo });
      if (this.held.length >= HOLD) this.start();
      return;
    }
    this.take(text, lineNo);
  }

  /** Decide the format, indentation and wrap from the held lines, then read them. */
  private start(): void {
    const p = plan(
      this.held.map((h) => h.text),
      this.ctx.path,
    );
    const held = this.held;
    this.held = [];
    if (!p) {
      this.plan = { format: FORMATS.find((f) => f.id === 'journal-short')!, indent: 0, wrap: 0, words: false, edge: 0, spaceWrap: false };
      this.ctx.note('ticket paste: no log format recognised once prompts and prefixes were taken off');
    } else this.plan = p.plan;
    this.starts = startsFor(this.plan.format, this.ctx.path);
    this.inner = this.plan.format.open(this.ctx);
    for (const h of held) this.take(h.text, h.lineNo);
  }

  private take(raw: string, lineNo: number): void {
    const c = cleanLine(raw, this.plan!.indent, this.starts);
    if (c.emphasis) this.emphasis++;
    if (c.entities) this.entities++;
    if (c.prompt) {
      this.prompts++;
      this.release();
      if (c.text === null) return this.ctx.skipped(lineNo, 'shell prompt');
      // The prompt's output, glued on its line: read as the line it was.
    }
    const text = c.text!;
    if (text.trim() === '') {
      this.release();
      return this.ctx.skipped(lineNo, 'empty line');
    }
    const wrap = this.plan!.wrap;
    const p = this.pending;
    // A hard wrap cuts at the column, spaces included; a word wrap takes the space it broke at; a record broken by
    // hand at a word keeps that space at the end of each piece.
    const joint = p && !this.starts(text) ? (this.plan!.spaceWrap ? (spaceJoins(p.text, text, this.starts) ? '' : null) : wrapJoint(p.lastWidth, text, wrap, this.plan!.words && severalWords(p.lastPiece))) : null;
    if (p && joint !== null) {
      p.text += joint + text;
      p.lastWidth = rawWidth(raw);
      p.lastPiece = text;
      this.joined++;
      return this.ctx.skipped(lineNo, `hard-wrapped rest of line ${p.lineNo}, joined to it`);
    }
    this.release();
    this.pending = { text, lineNo, lastWidth: rawWidth(raw), lastPiece: text };
  }

  /** Hand the logical line to the inner format, unless the terminal cut it. */
  private release(): void {
    const p = this.pending;
    this.pending = null;
    if (!p) return;
    const edge = this.plan!.edge || this.plan!.wrap;
    const cut = edge > 0 ? terminalCut(p.text, p.lastWidth, edge) : null;
    // An ellipsis keeps the line's start and end (systemd's ellipsize_mem): what decides a readable family is whole
    // on either side, and no ID spans the cut (each side's hex runs are shorter than an ID).
    if (cut !== null && cutReadable(p.text)) this.cutRead++;
    else if (cut) return this.ctx.unparsed(p.lineNo, CUT_REASON[cut], p.text);
    this.inner!.line(p.text, p.lineNo);
  }

  end(): void {
    if (this.plan === null) this.start();
    this.release();
    this.inner!.end();
    const p = this.plan!;
    this.ctx.note(
      `ticket paste read as ${p.format.id}: ${this.prompts} shell prompt line(s) skipped` +
        (p.indent > 0 ? `, ${p.indent}-column indentation taken off` : '') +
        (this.emphasis > 0 ? `, markdown bold taken out of ${this.emphasis} line(s)` : '') +
        (this.entities > 0 ? `, HTML escapes (&quot; …) undone in ${this.entities} line(s)` : '') +
        (p.wrap > 0 ? `, ${this.joined} hard-wrapped line(s) joined (${p.words ? 'word ' : ''}wrap at ${p.wrap} columns)` : '') +
        (p.spaceWrap ? `, ${this.joined} line(s) joined to the record broken at a word before them` : '') +
        (p.edge > 0 ? `, lines cut at ${p.edge} columns counted, not read` + (this.cutRead > 0 ? ` (but ${this.cutRead} whose message and ID end before the cut)` : '') : ''),
    );
  }
}

export const paste: Format = {
  id: 'paste',
  title: 'log lines pasted into a ticket (prompts, indentation, quote and grep prefixes, hard wraps undone)',
  reference: 'https://www.gnu.org/software/grep/manual/grep.html#Output-Line-Prefix-Control (grep prefixes); https://github.com/systemd/systemd/blob/main/src/basic/string-util.c (ellipsize_mem)',
  samples: [
    '[root@node ~]# journalctl -u containerd --no-pager | grep shim',
    'Aug  5 07:27:14 DOCKER-RYZEN containerd[1709]: time="2023-08-05T07:27:14.304609945+02:00" level=info msg="shim disconnected" id=90fb4c1e120bb2222da88aba22a203412946285e37ab7f27fc05e3e3e81432e1',
  ],
  detect,
  open: (ctx) => new PasteParser(ctx),
};
