// Joining the parts of a file read apart into what one read in one go would have left: pure functions on Parts.

import type { SourceFile } from '../../bundle/discover.js';
import type { InputStat } from '../../diagnostics/counters.js';
import type { Format } from '../../formats/types.js';
import { IDENTS_PER_FILE } from '../../timeline/coverage.js';
import { roomForEvent, trackerOf, voteHost, type RunBook } from '../run-book.js';
import { ABANDON_AFTER } from '../tuning.js';
import type { Part } from './part.js';

/** Where a note names the first line of something it reports once per file ("… (first at line 12)"). */
const FIRST_AT_LINE = / \((first|starting) at line (\d+)\)$/;

/**
 * Whether two parts read apart join into what reading them in one go would have given: nothing carried over
 * the cut (an open klog block, a run of unparsed lines, what the format carries: see Format.split), neither
 * stopped early, and the second part's identifiers within the coverage tracker's cap.
 */
export function joinable(format: Format, first: Part, last: Part): boolean {
  return (
    !first.end.stopped &&
    !last.end.stopped &&
    first.end.idle &&
    first.end.trailing + last.end.leading < ABANDON_AFTER &&
    format.split!.joinable(first.end.carry, last.end.carry) &&
    (last.tracker?.idents.length ?? 0) < IDENTS_PER_FILE
  );
}

/**
 * Number a part's lines as in the whole file: `by` lines come before it. Line numbers sit in its events, its
 * unparsed samples, the clock evidence it cites (`path:line …`) and notes that name a first line.
 */
export function shiftPart(part: Part, by: number, path: string): void {
  for (const e of part.events) {
    // A new reference: events read from one record may share theirs.
    e.source = { path: e.source.path, line: e.source.line + by };
    if (e.endLine !== undefined) e.endLine += by;
  }
  for (const u of part.stat.unparsedSamples) u.line += by;
  part.stat.notes = part.stat.notes.map((n) => n.replace(FIRST_AT_LINE, (_, what: string, line: string) => ` (${what} at line ${Number(line) + by})`));
  const cited = (basis: string): string => {
    const line = basis.startsWith(`${path}:`) ? /^\d+/.exec(basis.slice(path.length + 1)) : null;
    return line === null ? basis : `${path}:${Number(line[0]) + by}${basis.slice(path.length + 1 + line[0].length)}`;
  };
  for (const votes of [part.clock.offsetVotes, part.clock.yearVotes]) for (const [, t] of votes) t.basis = cited(t.basis);
  if (part.clock.logrusExample !== null) part.clock.logrusExample = cited(part.clock.logrusExample);
  for (const r of part.unrecognized?.templates ?? []) r.line += by;
}

/** Add a part's counts to the file's: notes reported once per file at their first line are kept from the first part. */
function joinStat(stat: InputStat, p: InputStat): void {
  stat.lines += p.lines;
  stat.records += p.records;
  stat.events += p.events;
  stat.skipped += p.skipped;
  stat.unparsed += p.unparsed;
  for (const [reason, n] of Object.entries(p.unparsedReasons)) stat.unparsedReasons[reason] = (stat.unparsedReasons[reason] ?? 0) + n;
  for (const u of p.unparsedSamples) if (stat.unparsedSamples.length < 5) stat.unparsedSamples.push(u);
  for (const n of p.notes) {
    const once = FIRST_AT_LINE.exec(n);
    if (once !== null && stat.notes.some((s) => s.startsWith(n.slice(0, once.index)))) continue;
    if (!stat.notes.includes(n)) stat.notes.push(n);
  }
}

/** Add a part (in file order) to the run, as readFile would have. */
export function joinPart(file: SourceFile, part: Part, stat: InputStat, run: RunBook): void {
  joinStat(stat, part.stat);
  // Only the references are copied: the events themselves were made seconds ago and are long out of the caches.
  // Their seq is set by ingest's last pass.
  const events = part.events;
  const room = run.maxEvents === undefined ? events.length : Math.max(0, Math.min(events.length, run.maxEvents - run.events.length));
  for (let i = 0; i < room; i++) run.events.push(events[i]!);
  run.seq += room;
  if (room < events.length) roomForEvent(run, stat, events[room]!.source.line);
  events.length = 0;
  run.clock.join(file.path, part.clock);
  if (part.tracker) {
    const t = trackerOf(run, file.path, file.root);
    for (const i of part.tracker.idents) if (t.idents.size < IDENTS_PER_FILE) t.idents.add(i);
    t.first ??= part.tracker.first;
    if (part.tracker.last) t.last = part.tracker.last;
  }
  for (const [root, votes] of part.hostVotes) for (const [host, n] of votes) voteHost(run, root, host, n);
  for (const [root, name] of part.hostnames) run.rootHostname.set(root, name);
  if (part.unrecognized !== null) run.unrecognized?.merge(part.unrecognized);
}
