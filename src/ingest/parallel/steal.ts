// The thread done first takes the end of the other's part: the other thread's reader claims each chunk under a
// lock word (SharedReach in bundle/file-chunks.ts), and its limit moves down only to a record start past what it
// claimed. The piece cut off is a new job, joined after the part it was cut from.

import type { SharedReach } from '../../bundle/file-chunks.js';
import { FORMATS } from '../../formats/index.js';
import { stealMin, STEAL_SHARE } from '../tuning.js';
import { recordStart } from './cut.js';
import type { PartJob } from './part.js';

export { STEAL_SHARE };

/**
 * Cut the end off the part with the most left to read, when that is stealMin() or more and not this thread's own:
 * its reader stops at a record start past what it has claimed, and the bytes from there to its limit are a new job.
 * Null when there is nothing worth taking, or the reader claimed past the cut while it was looked for.
 */
export async function cutEnd(jobs: readonly PartJob[], reaches: readonly (SharedReach | null)[], share: number): Promise<{ from: number; job: PartJob } | null> {
  let from = -1;
  let left = 0;
  for (let k = 0; k < reaches.length; k++) {
    const r = reaches[k]?.get();
    if (r && r.limit - r.reach > left) [from, left] = [k, r.limit - r.reach];
  }
  if (from === -1 || left < stealMin()) return null;
  const job = jobs[from]!;
  const { reach, limit } = reaches[from]!.get();
  const cut = await recordStart(job.abs, reach + Math.floor((limit - reach) * (1 - share)), FORMATS.find((f) => f.id === job.format)!);
  if (cut === null || cut >= limit || !reaches[from]!.cutAt(cut)) return null;
  return { from, job: { ...job, start: cut, end: limit, reach: undefined } };
}

/** Add a job cut from job `from` to the run: its index, placed after `from` in its file's order. */
export function addPiece(jobs: PartJob[], ofFile: number[][], from: number, job: PartJob): number {
  const piece = jobs.push(job) - 1;
  for (const list of ofFile) {
    const k = list.indexOf(from);
    if (k !== -1) list.splice(k + 1, 0, piece);
  }
  return piece;
}

/** The main thread's steal from the worker (see cutEnd): the index of the new job, or null. */
export async function stealEnd(jobs: PartJob[], reaches: (SharedReach | null)[], ofFile: number[][]): Promise<number | null> {
  const taken = await cutEnd(jobs, reaches, STEAL_SHARE.main);
  return taken === null ? null : addPiece(jobs, ofFile, taken.from, taken.job);
}
