// The contract every input format implements: sniff a head, then cut lines into records.

import type { LogRecord, PmEvent } from '../events/types.js';

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
  | { kind: 'link'; target: string };

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
}

export interface LineParser {
  line(text: string, lineNo: number): void;
  end(): void;
}

/** A parser fed the file's raw bytes in order (formats whose records carry binary lengths). */
export interface ByteParser {
  write(chunk: Buffer): void;
  end(): void;
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
}
