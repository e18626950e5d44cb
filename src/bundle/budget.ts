// Safety caps on what archives and compressed files may make us read, and the progress a run reports.

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** Decompressed bytes one archive member or compressed file may give before it is cut (a bomb stops here). */
export const MAX_MEMBER_BYTES = 4 * GiB;
/** Decompressed bytes one run may produce across every archive and compressed file. */
export const MAX_RUN_BYTES = 64 * GiB;
/** Archive members one run may list (each becomes an entry of the report's inputs). */
export const MAX_MEMBERS = 200_000;
/**
 * Events one run keeps. Each costs ~2 KB through the rules and the report (372,000 "Stopping Docker…" lines took
 * 884 MB); a 4 GiB bomb of such lines would have exhausted the heap. Past the cap, events are counted, not kept.
 */
export const MAX_EVENTS = 200_000;
/** Characters one line may have; a longer one is counted unparsed and skipped to its newline (a log line is never that long, garbage often is). */
export const MAX_LINE_BYTES = 1024 * 1024;
/** Archives inside archives inside archives…: deeper than this is refused (a recursive bomb stops here). */
export const MAX_NESTING = 6;

export interface Limits {
  memberBytes: number;
  runBytes: number;
  members: number;
  /** Events kept in the run (MAX_EVENTS when left out). */
  events?: number;
  /** Length of one line (MAX_LINE_BYTES when left out). */
  lineBytes?: number;
}

export const DEFAULT_LIMITS: Limits = { memberBytes: MAX_MEMBER_BYTES, runBytes: MAX_RUN_BYTES, members: MAX_MEMBERS, events: MAX_EVENTS, lineBytes: MAX_LINE_BYTES };

/** Where discovery reports how far it got: raw bytes read from the inputs, and files handed on. */
export interface ProgressSink {
  /** Raw bytes of all inputs (files on disk); null when unknown (stdin). */
  total(bytes: number | null): void;
  bytes(n: number): void;
  file(path: string): void;
}

/** A cap was reached: the message says which, with the option that raises it. */
export class CapError extends Error {
  constructor(
    readonly cap: 'run' | 'members',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The run's counters against its limits; shared by every decompressor and archive of one run.
 *
 * Decoded bytes are counted where they are used, by position, never as a decoder happens to make them (how far a
 * decoder runs ahead depends on pipes and timing, and the cap would cut at a different byte each run): a tar read
 * from decoded data counts each header as it reads it and each member's data whole before handing it on (so a
 * compressed member's own decoded bytes are counted after it, whatever the decoders buffer), and decoded data read
 * as a file is counted as the reader takes it. The byte the cap falls on is then the same whatever the chunking, and
 * the data is cut exactly there (take).
 */
export class Budget {
  runBytes = 0;
  members = 0;
  constructor(readonly limits: Limits) {}

  /** Count up to `n` decoded bytes that are there to be read: how many fit under the run's cap (fewer: the cap is reached, the rest is not read). */
  take(n: number): number {
    const room = this.limits.runBytes - this.runBytes;
    if (n <= room) {
      this.runBytes += n;
      return n;
    }
    this.runBytes = this.limits.runBytes;
    return Math.max(0, room);
  }

  /** The run's cap has cut data (a reader found its bytes clipped where it had counted up to the cap: see clipAt). */
  reach(): void {
    this.runBytes = Math.max(this.runBytes, this.limits.runBytes);
  }

  runExhausted(): boolean {
    return this.runBytes >= this.limits.runBytes;
  }

  runMessage(): string {
    return `the run's cap of ${formatBytes(this.limits.runBytes)} of decompressed data was reached (--max-total-size)`;
  }

  memberMessage(): string {
    return `cut after ${formatBytes(this.limits.memberBytes)} of decompressed data, the per-file cap (--max-member-size): the rest was not read`;
  }

  membersMessage(): string {
    return `the run's cap of ${this.limits.members} archive members was reached (--max-members)`;
  }
}

/** "4 GiB", "512 MiB", "1000 B". */
export function formatBytes(n: number): string {
  const units: [number, string][] = [
    [GiB, 'GiB'],
    [MiB, 'MiB'],
    [KiB, 'KiB'],
  ];
  for (const [size, unit] of units) {
    if (n >= size) {
      const v = n / size;
      return `${Number.isInteger(v) ? v : v.toFixed(1)} ${unit}`;
    }
  }
  return `${n} B`;
}

/** "4G", "4GiB", "512m", "1.5 GB", "1000" → bytes (binary units); null when not a size. */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(text);
  if (!m) return null;
  const mult = { '': 1, k: KiB, m: MiB, g: GiB, t: 1024 * GiB }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const v = Math.floor(Number(m[1]) * mult);
  return Number.isFinite(v) && v > 0 ? v : null;
}
