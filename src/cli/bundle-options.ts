// Options every command that reads bundles shares: --quiet (no progress bar) and the safety caps.

import type { Command } from 'commander';
import { DEFAULT_LIMITS, formatBytes, parseSize, type Limits } from '../bundle/budget.js';
import type { DiscoverOptions } from '../bundle/discover.js';
import { UserError } from './exit-codes.js';
import type { Io } from './io.js';
import { ProgressBar } from './progress.js';

export interface BundleCliOptions {
  quiet?: boolean;
  maxMemberSize?: string;
  maxTotalSize?: string;
  maxMembers?: string;
  maxEvents?: string;
  maxLineLength?: string;
}

/** Add --quiet and the cap options to a command. */
export function addBundleOptions(cmd: Command): Command {
  return cmd
    .option('-q, --quiet', 'no progress bar on stderr')
    .option('--max-member-size <size>', `decompressed bytes read from one archive member or compressed file, e.g. 512M (default ${formatBytes(DEFAULT_LIMITS.memberBytes)})`)
    .option('--max-total-size <size>', `decompressed bytes read in the whole run (default ${formatBytes(DEFAULT_LIMITS.runBytes)})`)
    .option('--max-members <n>', `archive members read in the whole run (default ${DEFAULT_LIMITS.members})`)
    .option('--max-events <n>', `events kept in the whole run; later ones are counted, not kept (default ${DEFAULT_LIMITS.events})`)
    .option('--max-line-length <size>', `length of one line; a longer one is counted unparsed and skipped (default ${formatBytes(DEFAULT_LIMITS.lineBytes!)})`);
}

/** The caps from the options, checked. */
export function limitsFrom(o: BundleCliOptions): Limits {
  const size = (text: string | undefined, flag: string, dflt: number): number => {
    if (text === undefined) return dflt;
    const v = parseSize(text);
    if (v === null) throw new UserError(`${flag} "${text}" is not a size: give bytes or a number with K, M, G or T (e.g. 512M).`);
    return v;
  };
  let members = DEFAULT_LIMITS.members;
  if (o.maxMembers !== undefined) {
    members = Number(o.maxMembers);
    if (!Number.isInteger(members) || members < 1) throw new UserError(`--max-members "${o.maxMembers}" is not a positive whole number.`);
  }
  let events = DEFAULT_LIMITS.events;
  if (o.maxEvents !== undefined) {
    events = Number(o.maxEvents);
    if (!Number.isInteger(events) || events < 1) throw new UserError(`--max-events "${o.maxEvents}" is not a positive whole number.`);
  }
  return {
    memberBytes: size(o.maxMemberSize, '--max-member-size', DEFAULT_LIMITS.memberBytes),
    runBytes: size(o.maxTotalSize, '--max-total-size', DEFAULT_LIMITS.runBytes),
    members,
    events,
    lineBytes: size(o.maxLineLength, '--max-line-length', DEFAULT_LIMITS.lineBytes!),
  };
}

/** Discovery options for a run, and done() to call when reading is over (erases the progress bar). */
export function bundleRun(o: BundleCliOptions, io: Io): { discover: DiscoverOptions; done(): void } {
  const limits = limitsFrom(o);
  const stderr = io.stderr as Io['stderr'] & { columns?: number };
  if (o.quiet || !stderr.isTTY) return { discover: { limits }, done: () => {} };
  const bar = new ProgressBar({ write: (t) => stderr.write(t), get columns() {
    return stderr.columns;
  } });
  return { discover: { limits, progress: bar }, done: () => bar.done() };
}
