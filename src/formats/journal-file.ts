// systemd's binary journal files (/var/log/journal/<machine-id>/*.journal, *.journal~), read without journalctl:
// the entry array chain in file order, each entry's DATA objects (compact or regular layout, zstd/LZ4/xz
// payloads), built into the records `journalctl -o export` would give (see journal-export.ts).

import type { LogRecord } from '../events/types.js';
import { ChunkBytes, DiskBytes, type JournalBytes } from './_journal-bytes.js';
import { JournalLayout, LayoutError, readHeader, SIGNATURE, splitField, STATES, type EntryHead, type JournalField } from './_journal-layout.js';
import { BootBoundaries, type LastEntry } from './_journal-markers.js';
import { envelopeOf, type JournalFields } from './journal-export.js';
import type { ByteParser, Detection, Format, FormatContext, Head, LineParser } from './types.js';

/**
 * A streamed journal file (an archive member, a decompressed .journal.zst) is kept in memory up to this, then
 * read: twice journald's largest default file (SystemMaxFileSize is capped at 128 MiB). Past it the rest is
 * counted as lost, like a truncated file.
 */
export const MAX_BUFFERED = 256 * 1024 * 1024;
/** The fields a record is built from (as journal-export keeps them); every other DATA object is not decoded past its name. */
const KEPT = new Set(['_HOSTNAME', 'SYSLOG_IDENTIFIER', '_COMM', '_PID', 'SYSLOG_PID', 'MESSAGE']);
/** Decoded values of shared DATA objects (hostname, identifier, PID) by offset; cleared when full, so bounded. */
const CACHE_MAX = 16 * 1024;
/** Values longer than this are not cached (a MESSAGE is rarely shared). */
const CACHE_VALUE_MAX = 256;
/** Lost entries counted one by one up to this; the note gives the rest as a number. */
const MAX_COUNTED_LOST = 100_000;

/** One entry as `journalctl -o export` prints it: the address fields, then every DATA field in item order. */
export interface ExportEntry {
  ordinal: number;
  head: EntryHead;
  cursor: string;
  fields: JournalField[];
}

export function cursorOf(seqnumId: string, e: EntryHead): string {
  return `s=${seqnumId};i=${e.seqnum.toString(16)};b=${e.bootId};m=${e.monotonic.toString(16)};t=${e.realtime.toString(16)};x=${e.xorHash}`;
}

/** Why each entry or field could not be read, reported as it is met. */
export interface EntrySink {
  entry(ordinal: number, head: EntryHead, fields: JournalField[]): void;
  bad(ordinal: number, reason: string): void;
  badField(ordinal: number, reason: string): void;
}

/**
 * Walk every entry of the file in order, giving the fields `want` names (all when absent).
 */
export function readEntries(layout: JournalLayout, sink: EntrySink, want?: Set<string>): { reached: number; stop: string | null } {
  let ordinal = 0;
  const cache = new Map<number, JournalField | null>();
  let last = 0;
  const stop = layout.walkEntries((offsets) => {
    for (const off of offsets) {
      ordinal++;
      // "Entry arrays are strictly sorted by offsets on disk" (JOURNAL_FILE_FORMAT): one that is not repeats an entry.
      if (off <= last) {
        sink.bad(ordinal, `entry offset ${off} does not lie past the one before it (${last}): not read again`);
        continue;
      }
      const head = layout.entry(off);
      if (typeof head === 'string') {
        sink.bad(ordinal, head);
        continue;
      }
      last = off;
      const fields: JournalField[] = [];
      for (const d of head.items) {
        let f = want ? cache.get(d) : undefined;
        if (f === undefined) {
          const payload = layout.data(d);
          if (typeof payload === 'string') {
            sink.badField(ordinal, payload);
            continue;
          }
          const split = splitField(payload);
          if (!split) {
            sink.badField(ordinal, `DATA object at ${d} holds no NAME=value`);
            continue;
          }
          // A copy: the payload is a view that the next read replaces.
          f = want && !want.has(split.name) ? null : { name: split.name, value: Buffer.from(split.value) };
          if (want) {
            if (!f || f.value.length <= CACHE_VALUE_MAX) {
              if (cache.size >= CACHE_MAX) cache.clear();
              cache.set(d, f);
            }
          }
        }
        if (f) fields.push(f);
      }
      sink.entry(ordinal, head, fields);
    }
  });
  return { reached: ordinal, stop };
}

function detect(head: Head): Detection | null {
  if (!head.text.startsWith(SIGNATURE)) return null;
  return { score: 0.99, why: 'systemd journal file: LPKSHHRH signature' };
}

/** Gathers a streamed file, or reads the file on disk in place; all the work happens at end(). */
class JournalFileParser implements ByteParser {
  private readonly kept: ChunkBytes | null;
  private entries = 0;
  private readonly boots: BootBoundaries;
  /** The entry read last: a boot ends there when the next one holds another boot ID. */
  private last: LastEntry | null = null;

  constructor(private readonly ctx: FormatContext) {
    this.kept = ctx.disk ? null : new ChunkBytes(MAX_BUFFERED);
    this.boots = new BootBoundaries(ctx);
  }

  write(chunk: Buffer): void {
    this.kept?.add(chunk);
  }

  units(): number {
    return this.entries;
  }

  end(): void {
    const bytes: JournalBytes = this.kept ?? new DiskBytes(this.ctx.disk!.abs, this.ctx.disk!.size);
    try {
      this.read(bytes);
    } finally {
      bytes.close();
    }
  }

  private read(bytes: JournalBytes): void {
    const ctx = this.ctx;
    let layout: JournalLayout;
    try {
      layout = new JournalLayout(bytes, readHeader(bytes));
    } catch (e) {
      if (!(e instanceof LayoutError)) throw e;
      // The header is the file's one unit: "line" 1.
      this.entries = 1;
      ctx.unparsed(1, `journal header: ${e.message}`, SIGNATURE);
      ctx.note(`not read: ${e.message}`);
      return;
    }
    const h = layout.header;
    const boots = new Set<string>();
    let lostEntries = 0;
    const { reached, stop } = readEntries(
      layout,
      {
        entry: (ordinal, head, fields) => {
          boots.add(head.bootId);
          this.record(ordinal, head, fields, h.seqnumId);
        },
        bad: (ordinal, reason) => {
          lostEntries++;
          ctx.unparsed(ordinal, `entry: ${reason}`, '');
        },
        badField: (ordinal, reason) => ctx.note(`entry ${ordinal}: a field was not read: ${reason}`),
      },
      KEPT,
    );
    this.entries = reached;
    const unreached = h.nEntries < 0 ? 0 : Math.max(0, h.nEntries - reached);
    for (let k = 1; k <= Math.min(unreached, MAX_COUNTED_LOST); k++) ctx.unparsed(reached + k, stop ? `entry not reached: ${stop}` : 'entry not reached: the entry array chain ends early', '');
    this.entries += Math.min(unreached, MAX_COUNTED_LOST);
    this.describe(layout, boots, reached - lostEntries, lostEntries + unreached, stop);
  }

  /** The file's identity and damage, said once. */
  private describe(layout: JournalLayout, boots: Set<string>, read: number, lost: number, stop: string | null): void {
    const h = layout.header;
    const state = STATES[h.state] ?? `state ${h.state}`;
    const bootList = [...boots].sort();
    this.ctx.note(`journal file of machine ${h.machineId} (${state}${h.compact ? ', compact' : ''}): ${read} entries read, ${bootList.length} boot${bootList.length === 1 ? '' : 's'} (${bootList.join(', ')})`);
    if (h.state === 1) this.ctx.note('the file was not closed (state online: journald crashed or the copy was taken while it ran): entries after its last sync may be missing');
    if (layout.missing > 0) this.ctx.note(`the file ends ${layout.missing} bytes before its arena does (truncated copy${this.kept && this.kept.dropped > 0 ? `, or cut at the ${MAX_BUFFERED / 1024 / 1024} MiB this reader keeps of a streamed file` : ''})`);
    if (stop) this.ctx.note(`entry walk stopped: ${stop}`);
    if (lost > 0) this.ctx.note(`${lost} of the ${h.nEntries} entries the header counts could not be read (counted unparsed${lost > MAX_COUNTED_LOST ? ` up to ${MAX_COUNTED_LOST}` : ''})`);
  }

  private record(ordinal: number, head: EntryHead, fields: JournalField[], seqnumId: string): void {
    const map: JournalFields = new Map();
    const msgRaw: string[] = [];
    for (const f of fields) {
      const value = f.value.toString('utf8');
      const list = map.get(f.name);
      if (list) list.push(value);
      else map.set(f.name, [value]);
      if (f.name === 'MESSAGE') msgRaw.push(`MESSAGE=${value}`);
    }
    const rec: LogRecord = {
      stamp: null,
      absUs: head.realtime,
      domain: 'journal',
      ...envelopeOf(map),
      source: { path: this.ctx.path, line: ordinal },
      raw: msgRaw.length > 0 ? msgRaw.join('\n') : `__CURSOR=${cursorOf(seqnumId, head)}`,
    };
    // The entry's boot is in its header (the _BOOT_ID field is not decoded).
    const entry: LastEntry = { stamp: null, absUs: head.realtime, line: ordinal, text: rec.raw.split('\n', 1)[0]! };
    this.boots.bootId(head.bootId, entry, this.last);
    this.last = entry;
    this.ctx.record(rec);
  }
}

/** Text cannot carry a journal file: the line reader refuses the file whole. */
class RefuseLines implements LineParser {
  private first = true;
  constructor(private readonly ctx: FormatContext) {}
  line(text: string, lineNo: number): void {
    if (this.first) this.ctx.note('a binary journal file given as text lines cannot be read');
    this.first = false;
    this.ctx.unparsed(lineNo, 'binary journal file read as text', text.slice(0, 80));
  }
  end(): void {}
}

export const journalFile: Format = {
  id: 'journal-file',
  title: 'systemd journal file (binary, *.journal / *.journal~; compact and regular layout; zstd, LZ4, xz)',
  reference: 'https://systemd.io/JOURNAL_FILE_FORMAT/ ; https://github.com/systemd/systemd/blob/main/src/libsystemd/sd-journal/journal-def.h',
  samples: ['LPKSHHRH'],
  detect,
  open: (ctx) => new RefuseLines(ctx),
  openBytes: (ctx) => new JournalFileParser(ctx),
  seeks: true,
};
