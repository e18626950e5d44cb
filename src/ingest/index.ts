// Streams every input file through its format and the components, keeping only events. The stages, each in a
// file of its own: discovery (bundle/), peek and sniff, plan (now, in two parts, or put off), read-file (the one
// reading path: line or byte loop, count-only path, daemon clock, components), parallel/ (journals read in parts
// on two threads and joined), finish (clock resolved, events stamped).

import type { PmEvent } from '../events/types.js';
import type { InputStat } from '../diagnostics/counters.js';
import type { ClockBook } from '../time/clock.js';
import { markCuts, type Coverage } from '../timeline/coverage.js';
import type { Unrecognized } from '../unrecognized/book.js';
import { coverageOf, settleInputs, stampEvents } from './finish.js';
import { pooled, readPooled } from './parallel/inputs.js';
import { Run, type RunOptions } from './run.js';
import type { IngestStats } from './stats.js';
import { twoThreads } from './tuning.js';

export type { ReadEnd } from './read-file.js';
export type { RunBook } from './run-book.js';
export { cutAt } from './parallel/cut.js';
export { readPart, type Part, type PartJob } from './parallel/part.js';
export { cutEnd, stealEnd, STEAL_SHARE } from './parallel/steal.js';

export type IngestOptions = RunOptions;

export interface Ingested {
  events: PmEvent[];
  inputs: InputStat[];
  assumptions: ClockBook['assumptions'];
  hosts: Map<string, string>;
  /** Per journal file: identifiers and time span, for rules that claim an absence. */
  coverage: Coverage[];
  /** Which reading paths ran (not part of the report). */
  stats: IngestStats;
  /** With IngestOptions.unrecognized: the followed daemons' lines no component read; else null. */
  unrecognized: Unrecognized | null;
}

/** Read all inputs into one list of events with resolved times and hosts. */
export async function ingest(inputs: string[], opts: IngestOptions): Promise<Ingested> {
  const run = new Run(opts);
  // Archives on disk, two or more: each read whole by whichever thread comes free; else one discovery here.
  if (pooled(inputs)) await readPooled(inputs, run, opts);
  else await run.readAll(inputs, { ...opts.bundle, decodeInWorker: twoThreads(), decoded: run.ingest.decoded });
  const { book, hostOfRoot } = run;
  book.clock.resolve();
  stampEvents(book.events, book.clock, hostOfRoot);
  const hosts = settleInputs(run.stats, hostOfRoot);
  const coverage = coverageOf(book, hostOfRoot);
  const assumptions = [...book.clock.assumptions, ...markCuts(coverage, book.cuts!)];
  return { events: book.events, inputs: run.stats, assumptions, hosts, coverage, unrecognized: book.unrecognized?.result() ?? null, stats: run.ingest };
}
