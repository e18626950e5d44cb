// The systemd journal file layout, read and checked: header, objects, the entry array chain, entries and
// their DATA objects. Per https://systemd.io/JOURNAL_FILE_FORMAT/ and src/libsystemd/sd-journal/journal-def.h
// (systemd 252-256); every offset and size comes from the file, so each is checked before it is followed.

import type { JournalBytes } from './_journal-bytes.js';
import { DecodeError, lz4Payload, xzPayload, zstdPayload } from './_journal-compress.js';

export const SIGNATURE = 'LPKSHHRH';

/** HEADER_INCOMPATIBLE_* (journal-def.h). */
export const INCOMPATIBLE = { xz: 1, lz4: 2, keyedHash: 4, zstd: 8, compact: 16 } as const;
const INCOMPATIBLE_KNOWN = 0x1f;
/** OBJECT_COMPRESSED_* flags of an object header. */
const OBJECT_XZ = 1;
const OBJECT_LZ4 = 2;
const OBJECT_ZSTD = 4;
const OBJECT_DATA = 1;
const OBJECT_ENTRY = 3;
const OBJECT_ENTRY_ARRAY = 6;
/** sizeof(ObjectHeader), offsetof(EntryObject, items), offsetof(EntryArrayObject, items), offsetof(DataObject, payload). */
const OBJECT_HEADER = 16;
const ENTRY_ITEMS = 64;
const ARRAY_ITEMS = 24;
const DATA_PAYLOAD = 64;
const DATA_PAYLOAD_COMPACT = 72;
/** The header up to n_fields (systemd 187): what every file still in use has. */
const HEADER_MIN = 224;
/** An object larger than this is refused: journald's own DATA objects stop far below (a field of 64 MiB is not a log line). */
export const MAX_OBJECT = 64 * 1024 * 1024;
/** Fields one entry may hold: journald and journal-remote refuse more than 1024 (ENTRY_FIELD_COUNT_MAX); room to spare. */
const MAX_ENTRY_ITEMS = 64 * 1024;
/** Entry offsets read from an entry array at a time. */
const ARRAY_BATCH = 4096;

export const STATES = ['offline', 'online', 'archived'] as const;

export interface JournalHeader {
  incompatible: number;
  compatible: number;
  state: number;
  fileId: string;
  machineId: string;
  seqnumId: string;
  headerSize: number;
  arenaSize: number;
  nEntries: number;
  entryArrayOffset: number;
  compact: boolean;
}

/** A header that cannot be read: the whole file is refused with this reason. */
export class LayoutError extends Error {}

/** A little-endian u64 as a number, or -1 when over 2^53 (no size or offset a file can hold). */
export function u64(b: Buffer, at: number): number {
  const hi = b.readUInt32LE(at + 4);
  return hi >= 2 ** 21 ? -1 : hi * 2 ** 32 + b.readUInt32LE(at);
}

const hex = (b: Buffer, at: number): string => b.toString('hex', at, at + 16);

export function readHeader(bytes: JournalBytes): JournalHeader {
  const b = bytes.view(0, HEADER_MIN);
  if (!b) throw new LayoutError(`file of ${bytes.size} bytes is shorter than a journal header (${HEADER_MIN})`);
  if (b.toString('latin1', 0, 8) !== SIGNATURE) throw new LayoutError('no LPKSHHRH signature');
  const incompatible = b.readUInt32LE(12);
  const unknown = incompatible & ~INCOMPATIBLE_KNOWN;
  if (unknown !== 0) throw new LayoutError(`incompatible flags 0x${incompatible.toString(16)} include unknown ones (0x${unknown.toString(16)}): a newer journal layout this reader does not know, refused`);
  const headerSize = u64(b, 88);
  const arenaSize = u64(b, 96);
  if (headerSize < HEADER_MIN || headerSize % 8 !== 0 || headerSize > bytes.size) throw new LayoutError(`header size ${headerSize < 0 ? 'over 2^53' : headerSize} is not a journal header size (${HEADER_MIN}..file size, multiple of 8)`);
  if (arenaSize < 0) throw new LayoutError('arena size over 2^53');
  return {
    incompatible,
    compatible: b.readUInt32LE(8),
    state: b[16]!,
    fileId: hex(b, 24),
    machineId: hex(b, 40),
    seqnumId: hex(b, 72),
    headerSize,
    arenaSize,
    nEntries: u64(b, 152),
    entryArrayOffset: u64(b, 176),
    compact: (incompatible & INCOMPATIBLE.compact) !== 0,
  };
}

/** An entry as the ENTRY object holds it; items are the offsets of its DATA objects. */
export interface EntryHead {
  offset: number;
  seqnum: number;
  realtime: number;
  monotonic: number;
  bootId: string;
  xorHash: string;
  items: number[];
}

/** A field of an entry: the name, and the value's bytes. */
export interface JournalField {
  name: string;
  value: Buffer;
}

export class JournalLayout {
  /** Where objects may lie: past the header, inside both the file and the arena. */
  private readonly end: number;

  constructor(
    readonly bytes: JournalBytes,
    readonly header: JournalHeader,
  ) {
    const arenaEnd = header.headerSize + header.arenaSize;
    this.end = Math.min(bytes.size, arenaEnd);
  }

  /** Bytes the header's arena claims beyond what is there (a truncated copy, a member cut at a cap). */
  get missing(): number {
    return Math.max(0, this.header.headerSize + this.header.arenaSize - this.bytes.size);
  }

  /** The object at `offset` of `type`: its size and flags, checked; a reason when it is not one. */
  object(offset: number, type: number, minSize: number): { size: number; flags: number } | string {
    if (offset < this.header.headerSize || offset % 8 !== 0) return `offset ${offset} is not an object offset (8-aligned, past the ${this.header.headerSize}-byte header)`;
    if (offset + OBJECT_HEADER > this.end) return `offset ${offset} is past the end of the ${offset >= this.bytes.size ? 'file' : 'arena'}`;
    const h = this.bytes.view(offset, OBJECT_HEADER)!;
    if (h[0] !== type) return `object at ${offset} is of type ${h[0]}, not ${type}`;
    const size = u64(h, 8);
    if (size < 0 || size > MAX_OBJECT) return `object at ${offset} declares ${size < 0 ? 'over 2^53' : size} bytes: over the ${MAX_OBJECT / 1024 / 1024} MiB limit, refused`;
    if (size < minSize) return `object at ${offset} declares ${size} bytes, less than its type's ${minSize}`;
    if (offset + size > this.end) return `object at ${offset} of ${size} bytes runs past the end of the ${offset + size > this.bytes.size ? 'file' : 'arena'}`;
    return { size, flags: h[1]! };
  }

  /**
   * Entry offsets in file order, by the entry array chain from the header, `visit`ed in batches. Arrays are only
   * ever appended, so each next array lies past the one before: one that does not is a loop, and stops the walk.
   * Returns why the walk stopped early, or null.
   */
  walkEntries(visit: (offsets: number[]) => void): string | null {
    const itemSize = this.header.compact ? 4 : 8;
    let at = this.header.entryArrayOffset;
    let left = this.header.nEntries < 0 ? Infinity : this.header.nEntries;
    let previous = 0;
    const batch: number[] = [];
    while (at !== 0 && left > 0) {
      if (at <= previous) return `entry array at ${at} does not lie past the one before it (${previous}): a loop, not followed`;
      const o = this.object(at, OBJECT_ENTRY_ARRAY, ARRAY_ITEMS);
      if (typeof o === 'string') return `entry array: ${o}`;
      const next = u64(this.bytes.view(at + 16, 8)!, 0);
      const n = Math.floor((o.size - ARRAY_ITEMS) / itemSize);
      for (let i = 0; i < n && left > 0; i += ARRAY_BATCH) {
        const count = Math.min(ARRAY_BATCH, n - i);
        const b = this.bytes.view(at + ARRAY_ITEMS + i * itemSize, count * itemSize)!;
        batch.length = 0;
        for (let k = 0; k < count && left > 0; k++) {
          const off = itemSize === 4 ? b.readUInt32LE(k * 4) : u64(b, k * 8);
          // An unused slot (0) ends the chain: the array is the last and not full.
          if (off === 0) {
            left = 0;
            break;
          }
          batch.push(off);
          left--;
        }
        visit(batch);
      }
      previous = at;
      if (next < 0) return `entry array at ${at} links to an offset over 2^53`;
      at = next;
    }
    return null;
  }

  entry(offset: number): EntryHead | string {
    const o = this.object(offset, OBJECT_ENTRY, ENTRY_ITEMS);
    if (typeof o === 'string') return o;
    const b = this.bytes.view(offset, o.size)!;
    if (u64(b, 24) < 0) return `entry at ${offset} has a realtime timestamp over 2^53 µs`;
    const itemSize = this.header.compact ? 4 : 16;
    const n = Math.floor((o.size - ENTRY_ITEMS) / itemSize);
    if (n > MAX_ENTRY_ITEMS) return `entry at ${offset} holds ${n} fields: over the ${MAX_ENTRY_ITEMS} limit, refused`;
    const items: number[] = new Array<number>(n);
    for (let k = 0; k < n; k++) items[k] = itemSize === 4 ? b.readUInt32LE(ENTRY_ITEMS + k * 4) : u64(b, ENTRY_ITEMS + k * 16);
    return { offset, seqnum: u64(b, 16), realtime: u64(b, 24), monotonic: u64(b, 32), bootId: hex(b, 40), xorHash: b.readBigUInt64LE(56).toString(16), items };
  }

  /** The DATA object's payload, decompressed: `NAME=value`. */
  data(offset: number, cap = MAX_OBJECT): Buffer | string {
    const payloadAt = this.header.compact ? DATA_PAYLOAD_COMPACT : DATA_PAYLOAD;
    const o = this.object(offset, OBJECT_DATA, payloadAt);
    if (typeof o === 'string') return o;
    const raw = this.bytes.view(offset + payloadAt, o.size - payloadAt)!;
    const c = o.flags & (OBJECT_XZ | OBJECT_LZ4 | OBJECT_ZSTD);
    if (c === 0) return raw;
    try {
      if (c === OBJECT_ZSTD) return zstdPayload(raw, cap);
      if (c === OBJECT_LZ4) return lz4Payload(raw, cap);
      if (c === OBJECT_XZ) return xzPayload(raw, cap);
    } catch (e) {
      return `DATA object at ${offset}: ${e instanceof DecodeError ? e.message : `decoder error: ${(e as Error).message}`}`;
    }
    return `DATA object at ${offset} has compression flags 0x${c.toString(16)}: more than one, refused`;
  }
}

/** `NAME=value` split; null when there is no `=` or the name is empty. */
export function splitField(payload: Buffer): JournalField | null {
  const eq = payload.indexOf(0x3d);
  if (eq <= 0) return null;
  return { name: payload.toString('latin1', 0, eq), value: payload.subarray(eq + 1) };
}
