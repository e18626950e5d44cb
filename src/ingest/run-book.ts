// The run's ledger: where every file's reading lands (clock, coverage, host votes, events), and the two pieces
// of bookkeeping several stages share (a file's coverage tracker, a capped host vote).

import type { InputStat } from '../diagnostics/counters.js';
import type { PmEvent } from '../events/types.js';
import type { ClockBook } from '../time/clock.js';
import { CoverageTracker, type SosCut } from '../timeline/coverage.js';
import type { UnrecognizedBook } from '../unrecognized/book.js';
import type { ValuePool } from './event-sink.js';
import { HOST_NAMES } from './tuning.js';

export interface RunBook {
  clock: ClockBook;
  trackers: Map<string, { root: string; tracker: CoverageTracker }>;
  rootJournalHosts: Map<string, Map<string, number>>;
  rootHostname: Map<string, string>;
  events: PmEvent[];
  /** The next event's ingest order. */
  seq: number;
  /** Events the run keeps (--max-events); past it they are counted in a note, not kept. Unset: no cap (a part). */
  maxEvents?: number;
  /** --max-line-length (MAX_LINE when unset). */
  maxLine?: number;
  /** Values the kept events share. */
  values: ValuePool;
  /** Set in a worker: events are handed on in batches as they come (see readPart), not kept to the end. */
  send?: (events: PmEvent[]) => void;
  /** Set when the run tallies what no component read (IngestOptions.unrecognized). */
  unrecognized?: UnrecognizedBook;
  /** Outputs sos cut to its size limit (sos_reports/manifest.json); set for the run, not for a part. */
  cuts?: SosCut[];
}

/** The file the readers are at: its path in the report, its bundle root, and where it is on disk when it is. */
export interface FileRef {
  path: string;
  root: string;
  abs?: string | null;
  size?: number | null;
}

/** The coverage tracker of the file at `path`, made on first use. */
export function trackerOf(run: RunBook, path: string, root: string): CoverageTracker {
  let t = run.trackers.get(path);
  if (!t) run.trackers.set(path, (t = { root, tracker: new CoverageTracker() }));
  return t.tracker;
}

/**
 * Add n votes for `host` as the journal host of `root`. A new name past HOST_NAMES is not counted: a hostile file
 * with a new host on every line would grow the map with the input.
 */
export function voteHost(run: RunBook, root: string, host: string, n: number): void {
  const votes = run.rootJournalHosts.get(root) ?? new Map<string, number>();
  if (votes.size < HOST_NAMES || votes.has(host)) votes.set(host, (votes.get(host) ?? 0) + n);
  run.rootJournalHosts.set(root, votes);
}

/** Whether the run's event cap leaves room for one more; the first refusal in a file notes it there. */
export function roomForEvent(run: RunBook, stat: InputStat, line: number): boolean {
  if (run.maxEvents === undefined || run.events.length < run.maxEvents) return true;
  const note = `the run's cap of ${run.maxEvents} events was reached (--max-events)`;
  if (!stat.notes.some((n) => n.startsWith(note))) stat.notes.push(`${note}: the events of line ${line} and after were counted, not kept`);
  return false;
}
