// Whether any of a few fixed strings occurs in a span of a line, without cutting the span out.
//
// Wu-Manber: a window as long as the shortest keyword slides along the text by as far as its last two
// characters allow. The gate asks this of every logrus line; the alternation regex it replaces needed the
// message cut out first and took 220 ns a line on the bench's dockerd and containerd lines, this 165 ns.

/** Bigram hash: both characters folded to 7 bits. Folding only merges bigrams, which can only shorten a shift. */
const BITS = 7;
const MASK = (1 << BITS) - 1;

function hash(a: number, b: number): number {
  return ((a & MASK) << BITS) | (b & MASK);
}

interface WindowTables<T> {
  shift: Uint8Array;
  ending: Uint16Array;
  endings: T[][];
}

/**
 * The Wu-Manber tables for a window of `m` (the shortest keyword, at least 2): how far the window may move per
 * bigram hash, and per hash (1 + index into `endings`; 0: none) the entries whose window-long prefix ends in it.
 */
function windowTables<T>(entries: readonly T[], keywordOf: (e: T) => string, m: number): WindowTables<T> {
  // A shift fits a byte: keywords are phrases, not pages.
  const shift = new Uint8Array(1 << (2 * BITS)).fill(Math.min(m - 1, 255));
  const ending = new Uint16Array(1 << (2 * BITS));
  const endings: T[][] = [];
  for (const e of entries) {
    const k = keywordOf(e);
    for (let j = 1; j < m; j++) {
      const h = hash(k.charCodeAt(j - 1), k.charCodeAt(j));
      shift[h] = Math.min(shift[h]!, m - 1 - j);
    }
    const h = hash(k.charCodeAt(m - 2), k.charCodeAt(m - 1));
    if (ending[h] === 0) ending[h] = endings.push([]);
    endings[ending[h]! - 1]!.push(e);
  }
  return { shift, ending, endings };
}

/**
 * A keyword checked where the window's bigram hash allows it, with its first character: most such windows differ
 * there, and comparing it first spares a startsWith call (~5 a logrus line, most of them misses).
 */
interface Ending {
  keyword: string;
  first: number;
  /** Its group's bit (KeywordGroups; 0 in a KeywordSet). */
  bit: number;
}

/** No window to slide: one-character keywords, or none (the search loops never read the tables then). */
const NO_TABLES = { shift: new Uint8Array(0), ending: new Uint16Array(0), endings: [] as never[] };

export class KeywordSet {
  /** Shortest keyword length: the window. */
  private readonly window: number;
  /** How far the window may move when its last two characters hash to the index. */
  private readonly shift: Uint8Array;
  /**
   * Keywords whose window-long prefix ends in a bigram of that hash, checked where the shift is 0: `ending[h]` is
   * 1 + their index in `endings` (0: none). A typed array: a plain array of 16,384 holes took ~0.7 ms to make, for
   * each of the ~10 sets every thread makes at start.
   */
  private readonly ending: Uint16Array;
  private readonly endings: Ending[][];

  constructor(readonly keywords: readonly string[]) {
    const m = Math.min(...keywords.map((k) => k.length));
    this.window = m;
    // One-character keywords (or none) leave no bigram to skip by: those sets are searched keyword by keyword.
    const entries = keywords.map((keyword) => ({ keyword, first: keyword.charCodeAt(0), bit: 0 }));
    ({ shift: this.shift, ending: this.ending, endings: this.endings } = m >= 2 ? windowTables(entries, (e) => e.keyword, m) : NO_TABLES);
  }

  /** Whether text[start, end) holds a keyword whole. */
  in(text: string, start: number, end: number): boolean {
    const m = this.window;
    if (!(m >= 2)) {
      return this.keywords.some((k) => {
        const at = text.indexOf(k, start);
        return at !== -1 && at + k.length <= end;
      });
    }
    for (let pos = start + m - 1; pos < end; ) {
      const h = hash(text.charCodeAt(pos - 1), text.charCodeAt(pos));
      const s = this.shift[h]!;
      if (s > 0) {
        pos += s;
        continue;
      }
      const from = pos - m + 1;
      const ks = this.endings[this.ending[h]! - 1]!;
      const first = text.charCodeAt(from);
      for (let j = 0; j < ks.length; j++) {
        const { keyword, first: f } = ks[j]!;
        if (f === first && from + keyword.length <= end && text.startsWith(keyword, from)) return true;
      }
      pos++;
    }
    return false;
  }

  /**
   * in() on the ASCII bytes b[start, end) (a piece the text was decoded from one to one: a byte a character at the
   * same positions): the same answer, each window read as bytes (a byte of a Uint8Array is a bounds check and a
   * load, a charCodeAt checks the string's representation every time).
   */
  inBytes(b: Uint8Array, start: number, end: number, text: string): boolean {
    const m = this.window;
    if (!(m >= 2)) return this.in(text, start, end);
    for (let pos = start + m - 1; pos < end; ) {
      const h = hash(b[pos - 1]!, b[pos]!);
      const s = this.shift[h]!;
      if (s > 0) {
        pos += s;
        continue;
      }
      const from = pos - m + 1;
      const ks = this.endings[this.ending[h]! - 1]!;
      const first = b[from]!;
      for (let j = 0; j < ks.length; j++) {
        const { keyword, first: f } = ks[j]!;
        if (f === first && from + keyword.length <= end && text.startsWith(keyword, from)) return true;
      }
      pos++;
    }
    return false;
  }
}

/**
 * Which of several keyword sets (groups, at most 31) occur in a span, in one pass: the bit of each group with a
 * keyword in text[start, end) (an empty group's bit always). The same Wu-Manber window as KeywordSet, as long as
 * the shortest keyword of all, going on past a hit until every group is found or the span ends. Every built
 * record asks this of each component's keywords: one pass instead of one a component (nine passes took ~4% of a
 * node journal's instructions).
 */
export class KeywordGroups {
  /** Bits of the groups without keywords: always set. */
  private readonly always: number = 0;
  /** Every group's bit. */
  private readonly all: number = 0;
  /** Groups holding a one-character keyword (no bigram to skip by): each searched as its own KeywordSet. */
  private readonly single: { bit: number; set: KeywordSet }[] = [];
  private readonly window: number = 0;
  private readonly shift: Uint8Array;
  /** Per bigram hash (1 + index; 0: none) the keywords whose window-long prefix ends in it, with their group's bit. */
  private readonly ending: Uint16Array;
  private readonly endings: Ending[][];

  constructor(groups: readonly (readonly string[])[]) {
    if (groups.length > 31) throw new Error(`KeywordGroups: more than 31 groups (${groups.length})`);
    let always = 0;
    const walked: Ending[] = [];
    this.all = groups.length === 31 ? 0x7fffffff : (1 << groups.length) - 1;
    groups.forEach((keywords, g) => {
      const bit = 1 << g;
      if (keywords.length === 0) always |= bit;
      else if (keywords.some((k) => k.length < 2)) this.single.push({ bit, set: new KeywordSet(keywords) });
      else for (const keyword of keywords) walked.push({ keyword, first: keyword.charCodeAt(0), bit });
    });
    this.always = always;
    const m = walked.length === 0 ? 0 : Math.min(...walked.map((w) => w.keyword.length));
    this.window = m;
    ({ shift: this.shift, ending: this.ending, endings: this.endings } = m >= 2 ? windowTables(walked, (w) => w.keyword, m) : NO_TABLES);
  }

  /** The bits of the groups with a keyword whole in text[start, end), and of those without keywords. */
  which(text: string, start: number, end: number): number {
    let hit = this.always;
    for (const s of this.single) if (s.set.in(text, start, end)) hit |= s.bit;
    const m = this.window;
    if (m < 2) return hit;
    const all = this.all;
    for (let pos = start + m - 1; pos < end; ) {
      const h = hash(text.charCodeAt(pos - 1), text.charCodeAt(pos));
      const s = this.shift[h]!;
      if (s > 0) {
        pos += s;
        continue;
      }
      const from = pos - m + 1;
      const ks = this.endings[this.ending[h]! - 1]!;
      const first = text.charCodeAt(from);
      for (let j = 0; j < ks.length; j++) {
        const { keyword, first: f, bit } = ks[j]!;
        if (f === first && (hit & bit) === 0 && from + keyword.length <= end && text.startsWith(keyword, from) && (hit |= bit) === all) return hit;
      }
      pos++;
    }
    return hit;
  }
}
