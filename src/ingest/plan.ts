// How a file that a format reads is read: now, in one go; now, in two parts on two threads; or after every other
// file, in parts with the other journals put off (see parallel/schedule.ts); a big journal inside an archive is
// copied to disk first (spill.ts) and then read as one on disk.

import type { SourceFile } from '../bundle/discover.js';
import type { Format } from '../formats/types.js';
import { apartMin, spillAllowed, splitMin, twoThreads } from './tuning.js';

export type Plan = 'now' | 'split' | 'apart' | 'spill';

/** A file on disk whose format can be read in parts (Format.split). */
export type SplitFile = SourceFile & { abs: string; size: number };

export function planRead(file: SourceFile, format: Format): Plan {
  if (format.split === undefined || file.size === null) return 'now';
  // A member of an archive (its size from the archive's header): copied, on one thread as on two (see below).
  if (!file.abs) return file.archive !== undefined && file.size >= apartMin() && spillAllowed() ? 'spill' : 'now';
  if (twoThreads() && file.size >= splitMin()) return 'split';
  // Put off on one thread as on two: which events a run keeps under --max-events does not depend on the CPUs.
  if (file.size >= apartMin()) return 'apart';
  return 'now';
}
