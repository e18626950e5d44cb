// Strings seen again and again at a position of a line (identifiers, host names), found without cutting them.

import { own } from '../events/own.js';

const SLOTS = 64;

export interface Entry<T> {
  text: string;
  data: T;
  /** text's character codes when they are all ASCII (getAt compares bytes with these), else null. */
  codes: Uint8Array | null;
}

/** A small cache of strings keyed by a slice of a line: the slice is compared in place, copied only on first sight. */
export class SliceCache<T> {
  private readonly entries: Entry<T>[] = [];
  private next = 0;
  /**
   * Entries by a hash of length and end characters: identifiers alternate line by line (kubelet, dockerd, …),
   * and a scan of every entry with startsWith per line cost 4% of a read.
   */
  private readonly slots: (Entry<T> | undefined)[] = new Array<Entry<T> | undefined>(SLOTS).fill(undefined);

  constructor(
    private readonly make: (text: string) => T,
    private readonly evicted: (e: Entry<T>) => void = () => {},
    private readonly max = 64,
  ) {}

  /** The entry for text.slice(start, end); made (and the string copied) on first sight. */
  get(text: string, start: number, end: number): Entry<T> {
    const len = end - start;
    const h = slotOf(text, start, len);
    const s = this.slots[h];
    if (s !== undefined && s.text.length === len && sameAt(text, start, s.text)) return s;
    const es = this.entries;
    for (let i = 0; i < es.length; i++) {
      const e = es[i]!;
      if (e.text.length === len && sameAt(text, start, e.text)) return (this.slots[h] = e);
    }
    return this.add(own(text.slice(start, end)), h);
  }

  /**
   * get() of the ASCII bytes b[start, end) (an ASCII piece the text was decoded from one to one): the same entry
   * the characters would find, compared as bytes (a byte costs less to read than a character).
   */
  getAt(b: Uint8Array, start: number, end: number): Entry<T> {
    const len = end - start;
    const h = len === 0 ? 0 : (len * 7 + b[start]! * 3 + b[end - 1]!) & (SLOTS - 1);
    const s = this.slots[h];
    if (s !== undefined && s.text.length === len && s.codes !== null && sameBytes(b, start, s.codes)) return s;
    const es = this.entries;
    for (let i = 0; i < es.length; i++) {
      const e = es[i]!;
      if (e.text.length === len && e.codes !== null && sameBytes(b, start, e.codes)) return (this.slots[h] = e);
    }
    return this.add(Buffer.from(b.buffer, b.byteOffset + start, len).toString('latin1'), h);
  }

  /** A new entry for str (its slot h), the oldest one evicted when the cache is full. */
  private add(str: string, h: number): Entry<T> {
    const es = this.entries;
    const e: Entry<T> = { text: str, data: this.make(str), codes: asciiCodes(str) };
    if (es.length < this.max) es.push(e);
    else {
      const old = es[this.next]!;
      this.evicted(old);
      const o = slotOf(old.text, 0, old.text.length);
      if (this.slots[o] === old) this.slots[o] = undefined;
      es[this.next] = e;
      this.next = (this.next + 1) % this.max;
    }
    return (this.slots[h] = e);
  }

  all(): readonly Entry<T>[] {
    return this.entries;
  }
}

function slotOf(text: string, start: number, len: number): number {
  return len === 0 ? 0 : (len * 7 + text.charCodeAt(start) * 3 + text.charCodeAt(start + len - 1)) & (SLOTS - 1);
}

/** The codes of an ASCII string, else null. */
function asciiCodes(s: string): Uint8Array | null {
  const codes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) return null;
    codes[i] = c;
  }
  return codes;
}

/** Whether b[start, start + codes.length) holds codes. */
function sameBytes(b: Uint8Array, start: number, codes: Uint8Array): boolean {
  for (let i = 0; i < codes.length; i++) if (b[start + i] !== codes[i]) return false;
  return true;
}

/** text.startsWith(s, start), compared here: for a word-long s the builtin's call costs more than the loop. */
function sameAt(text: string, start: number, s: string): boolean {
  for (let i = 0; i < s.length; i++) if (text.charCodeAt(start + i) !== s.charCodeAt(i)) return false;
  return true;
}
