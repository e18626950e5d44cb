// The contract every input format implements: sniff a head, then cut lines into records.

import type { LogRecord, PmEvent } from '../events/types.js';
import type { YearlessWall } from '../time/stamp.js';

/** The first bytes of a file, decoded once, that every detector looks at. */
export interface Head {
  /** Path inside the bundle, '/'-separated; a hint only. */
  path: string;
  text: string;
  lines: string[];
}

export interface Detection {
  /** 0..1; the sniffer takes the highest, and ignores anything under 0.5. */
  score: number;
  why: string;
}

/** Bundle-level facts a file can state (sos hostname, date). */
export type MetaFact =
  | { kind: 'hostname'; value: string }
  | { kind: 'capture'; stamp: import('../events/types.js').LocalStamp; text: string }
  /** journalctl's header (systemd ≤ 249) names the journal's last entry, year and all: no line it shows is later. */
  | { kind: 'journal-end'; stamp: import('../events/types.js').LocalStamp; text: string }
  | { kind: 'link'; target: string }
  /** sos cut this command's output to its size limit (`file`: where sos put it, from the sos root). */
  | { kind: 'sos-cut'; file: string; command: string; plugin: string; limitMiB: number | null; text: string };

/** An event as a format or component drafts it; the pipeline fills time, host and seq. */
export type EventDraft = Omit<PmEvent, 'time' | 'seq' | 'clockKey' | 'host'>;

export interface FormatContext {
  readonly path: string;
  record(rec: LogRecord): void;
  event(ev: EventDraft): void;
  meta(fact: MetaFact, line: number): void;
  /** A line the format could not read: counted with its reason, never thrown. */
  unparsed(line: number, reason: string, text: string): void;
  /** A line the format reads and deliberately ignores (markers, headers). */
  skipped(line: number, reason: string): void;
  /** A note about the whole file (assumed table, abandoned parse, ...). */
  note(text: string): void;
  /**
   * Fast path for journal records nothing downstream reads (ingest gives it; other callers leave it out and
   * get every record built). A format that uses it must account for each record through it or record().
   */
  quiet?: QuietRecords;
  /** The file on disk as it is, when it is one: formats that read by position (journal files) open it themselves. */
  disk?: { abs: string; size: number };
}

/** The wall clock of a year-less stamp (journal short): what a quiet record's stamp is made of. */
export type Wall = YearlessWall;

/** A journal record cut by positions in its line, not built: what QuietRecords.take needs to count it. */
export interface QuietRecord extends Wall {
  /** The line is text[start, end) (text may be a whole chunk of the file). */
  text: string;
  /** What text was decoded from one to one (LineParser.piece) while those bytes are valid, else null. */
  bytes: Uint8Array | null;
  start: number;
  end: number;
  lineNo: number;
  hostStart: number;
  hostEnd: number;
  identStart: number;
  identEnd: number;
  msgStart: number;
  /** What QuietRecords.need said, with the position of the first `time="` (NEED_CLOCK). */
  need: Need;
  timeAt: number;
  timeOnce: boolean;
}

/**
 * A one-line journal JSON object read by positions (journal json): the values it needs, not built. Identifier
 * and host are text[start, end) of the line (no escapes in them); the message is msg[msgStart, msgEnd), the
 * line itself when the value holds no escape, else the value unescaped.
 */
export interface QuietJsonRecord {
  text: string;
  lineNo: number;
  /** _HOSTNAME's value, or hostStart === -1 when the object has none. */
  hostStart: number;
  hostEnd: number;
  /** SYSLOG_IDENTIFIER's value, else _COMM's; identStart === -1: neither (the record's identifier is "unknown"). */
  identStart: number;
  identEnd: number;
  msg: string;
  msgStart: number;
  msgEnd: number;
  /** __REALTIME_TIMESTAMP. */
  absUs: number;
  need: Need;
}

/** Nothing reads the record: count it. */
export const NEED_NOTHING = 0;
/** Only the daemon's own `time="…"` is read (zone and year of the journal). */
export const NEED_CLOCK = 1;
/** Build the record and hand it to the components. */
export const NEED_RECORD = 2;
/** What reading a record needs (the ingest gate's answer, components/gate.ts). */
export type Need = typeof NEED_NOTHING | typeof NEED_CLOCK | typeof NEED_RECORD;

export interface QuietRecords {
  /**
   * What reading the record needs: only counting it, its daemon time= too, or building it and handing it to
   * record(). `bytes`: what text was decoded from one to one (LineParser.piece), or null.
   */
  need(text: string, identStart: number, identEnd: number, msgStart: number, end: number, bytes: Uint8Array | null): Need;
  /** need() for a journal JSON record: the identifier in one string, the message in another. */
  needJson(q: QuietJsonRecord): Need;
  /** Account for a JSON record needJson() said 0 or 1 for, exactly as record() would have. */
  takeJson(q: QuietJsonRecord): void;
  /** The `time="` position and its uniqueness for the last need() that said 1. */
  readonly timeAt: number;
  readonly timeOnce: boolean;
  /** Account for a record need() said 0 or 1 for, exactly as record() would have; `q` is reused by the caller. */
  take(q: QuietRecord): void;
}

export interface LineParser {
  line(text: string, lineNo: number): void;
  /**
   * Optional: read the line text[start, end) where it is, without cutting it out; false when the format wants
   * it cut (then line() gets it). ingest only offers lines holding no CR, LS or PS.
   */
  lineAt?(text: string, start: number, end: number, lineNo: number): boolean;
  /**
   * Optional: the bytes the text of the lineAt() calls that follow was decoded from, a byte per character at the
   * same positions (an ASCII piece), or null. Valid only until the next call: read them in lineAt() or not at all.
   */
  piece?(bytes: Uint8Array | null): void;
  /** Optional: the state a later part of the same file would start from (ingest joins parts read apart). */
  carry?(): unknown;
  end(): void;
}

/** A parser fed the file's raw bytes in order (formats whose records carry binary lengths). */
export interface ByteParser {
  write(chunk: Buffer): void;
  end(): void;
  /** Records' line numbers count these (journal file entries) rather than newline bytes: the input's line count after end(). */
  units?(): number;
}

/** How a line format's file is read in parts on two threads and the parts joined (ingest/parallel). */
export interface SplitRule {
  /** A line that opens a record (never a continuation), matched in latin1 text: the match starts at the newline before it. */
  recordStart: RegExp;
  /** Whether a part whose parser started fresh read on as it would have after the part before: their carry()s. */
  joinable(before: unknown, after: unknown): boolean;
}

export interface Format {
  id: string;
  title: string;
  /** Upstream source of the grammar. */
  reference: string;
  /** Real lines this format must accept (checked by the registry test). */
  samples: string[];
  detect(head: Head): Detection | null;
  open(ctx: FormatContext): LineParser;
  /** When present, ingest pipes the raw bytes here instead of splitting lines; line numbers count \n bytes. */
  openBytes?(ctx: FormatContext): ByteParser;
  /** openBytes reads a file on disk by position (ctx.disk): ingest hands it no bytes for such a file. */
  seeks?: boolean;
  /** Set when a big file of this format may be read in parts (the parser's carry() says what crosses a cut). */
  split?: SplitRule;
  /**
   * Asked only when no other format claims a text file (its detection costs a search per line, and any format that
   * reads the file whole reads it better): the envelope fallback (enveloped.ts).
   */
  lastResort?: boolean;
}
