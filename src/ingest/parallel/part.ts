// A part of a file read apart (a byte range of a big journal, or all of it), with a ledger of its own so that it
// can be read on either thread and joined later in file order (join.ts).

import { fileChunks, SharedReach } from '../../bundle/file-chunks.js';
import { newStat, type InputStat } from '../../diagnostics/counters.js';
import type { PmEvent } from '../../events/types.js';
import { FORMATS } from '../../formats/index.js';
import { ClockBook, type ClockPart } from '../../time/clock.js';
import type { CoverageTracker } from '../../timeline/coverage.js';
import { UnrecognizedBook } from '../../unrecognized/book.js';
import type { Unrecognized } from '../../unrecognized/book.js';
import { ValuePool } from '../event-sink.js';
import { readFile, type ReadEnd } from '../read-file.js';
import type { RunBook } from '../run-book.js';

/** What one part of a file read apart holds: plain data, so a worker can send it. */
export interface Part {
  events: PmEvent[];
  stat: InputStat;
  clock: ClockPart;
  tracker: { idents: string[]; first: CoverageTracker['first']; last: CoverageTracker['last'] } | null;
  hostVotes: [string, [string, number][]][];
  hostnames: [string, string][];
  end: ReadEnd;
  unrecognized: Unrecognized | null;
}

export interface PartJob {
  abs: string;
  start: number;
  end: number;
  path: string;
  root: string;
  mtimeUs: number | null;
  format: string;
  maxLine?: number;
  /** Shared with a thread that may take the end of the range (see SharedReach, steal.ts). */
  reach?: SharedArrayBuffer;
  /** Tally what no component read (IngestOptions.unrecognized). */
  unrecognized?: boolean;
}

/**
 * Read bytes [start, end) of a file as a part of it, with a book of its own (in the worker, or here). Its lines
 * are numbered from 1: the lines before it are known once the part before it is read (see shiftPart).
 */
export async function readPart(job: PartJob, send?: (events: PmEvent[]) => void, values = new ValuePool()): Promise<Part> {
  const clock = new ClockBook({ tz: null, year: null }, (r) => r);
  clock.file(job.path, job.root, job.mtimeUs);
  const run: RunBook = { clock, trackers: new Map(), rootJournalHosts: new Map(), rootHostname: new Map(), events: [], seq: 0, maxLine: job.maxLine, values, send, unrecognized: job.unrecognized ? new UnrecognizedBook() : undefined };
  const stat = newStat(job.path, job.root);
  const format = FORMATS.find((f) => f.id === job.format)!;
  const end = await readFile({ path: job.path, root: job.root }, fileChunks(job.abs, job.start, job.end, undefined, job.reach && new SharedReach(job.reach)), format, stat, run);
  const t = run.trackers.get(job.path)?.tracker;
  return {
    events: run.events,
    stat,
    clock: clock.part(job.path),
    tracker: t ? { idents: [...t.idents], first: t.first, last: t.last } : null,
    hostVotes: [...run.rootJournalHosts].map(([root, votes]) => [root, [...votes]]),
    hostnames: [...run.rootHostname],
    end,
    unrecognized: run.unrecognized?.result() ?? null,
  };
}
