// Records (envelopes cut by a format) and Events (lifecycle facts read by a component).

/** Where a piece of evidence sits: path relative to the input's parent folder, 1-based line. */
export interface SourceRef {
  path: string;
  line: number;
}

/**
 * A wall-clock stamp as the source printed it, before zone and year are resolved.
 * `year` is null for year-less formats (journal short, klog); `yearShift` counts
 * December→January rollovers seen so far in the same file, so the year can be fixed later.
 */
export interface LocalStamp {
  year: number | null;
  yearShift: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  micro: number;
  /** Offset from UTC in minutes when the stamp carries its own (ISO forms, logrus). */
  offsetMin: number | null;
}

/** Which clock a stamp belongs to: decides which zone assumption applies to it. */
export type ClockDomain = 'journal' | 'host' | 'capture' | 'absolute';

/** One envelope record: a journal entry, a deploy-log line, ... */
export interface LogRecord {
  stamp: LocalStamp | null;
  /** Microseconds since the epoch when the format gives an absolute instant. */
  absUs: number | null;
  domain: ClockDomain;
  host: string | null;
  ident: string | null;
  pid: number | null;
  message: string;
  source: SourceRef;
  /** The raw text of the record (first line plus continuation lines). */
  raw: string;
  /** Last line the record spans (continuations), for evidence ranges. */
  endLine?: number;
}

export type AttrValue = string | number | boolean | string[] | number[] | null;

/** A lifecycle event or a state observation, keyed by the container IDs it names. */
export interface PmEvent {
  kind: import('./vocabulary.js').EventKind;
  /** Resolved instant (µs since epoch, UTC) or null when timeless. */
  time: number | null;
  stamp: LocalStamp | null;
  absUs: number | null;
  domain: ClockDomain;
  /** File-level key used to resolve the year/zone of `stamp`. */
  clockKey: string;
  host: string | null;
  ids: string[];
  prefixes: string[];
  attrs: Record<string, AttrValue>;
  source: SourceRef;
  text: string;
  /** Ingest order: keeps file order for equal instants. */
  seq: number;
  /** The daemon's own sub-second instant (logrus time=), used when the envelope has whole seconds only. */
  fineUs?: number | null;
  /** Last line of the record the event was read from, when it spans several (continuations, stitched klog blocks). */
  endLine?: number;
}
