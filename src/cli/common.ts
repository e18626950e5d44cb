// Options shared by commands: inputs, clock overrides, host; checked before any file is read.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as DateFnsTz from '@date-fns/tz';
import type { Command } from 'commander';
import { lazy } from '../lazy.js';
import { parseOffset } from '../time/stamp.js';
import { UserError } from './exit-codes.js';

const dateFnsTz = lazy<typeof DateFnsTz>('@date-fns/tz');

export interface CommonOptions {
  tz?: string;
  year?: string;
  host?: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** The package root (dist/cli → ..). */
export const PACKAGE_ROOT = path.resolve(here, '..', '..');
export const SAMPLE = path.join(PACKAGE_ROOT, 'samples', 'hostport-stale-dnat');

export function version(): string {
  try {
    return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Inputs given, or the bundled sample; a missing path is a user error. */
export function resolveInputs(inputs: string[]): string[] {
  const list = inputs.length > 0 ? inputs : [SAMPLE];
  // `-` is standard input (an archive or a log piped in).
  for (const i of list) if (i !== '-' && !existsSync(i)) throw new UserError(`Input "${i}" does not exist: pass a bundle folder or file.`);
  if (list.filter((i) => i === '-').length > 1) throw new UserError('Standard input (`-`) can be given once only.');
  return list;
}

/**
 * Add --tz, --year and the host override to a command, with one wording for all. `hostFlag` names the override
 * where --host means something else (timeline: a filter, so the override is --as-host).
 */
export function addClockOptions(cmd: Command, o: { hostFlag?: '--host' | '--as-host' } = {}): Command {
  return cmd
    .option('--tz <zone>', "time zone of the hosts' clocks (IANA name such as Asia/Shanghai, or an offset such as +08:00), overrides inference")
    .option('--year <year>', 'year of year-less timestamps (journal short, klog), overrides inference')
    .option(`${o.hostFlag ?? '--host'} <name>`, 'host name for every input, overrides inference');
}

/** --tz, --year, --host checked and normalised. */
export function clockOptions(o: CommonOptions): { tz: string | null; year: number | null; host: string | null } {
  let tz: string | null = null;
  if (o.tz) {
    if (parseOffset(o.tz) === null) {
      try {
        const probe = dateFnsTz().tz(o.tz)(Date.now());
        if (Number.isNaN(probe.getTime())) throw new Error('bad');
        if (!Intl.supportedValuesOf('timeZone').includes(o.tz) && o.tz !== 'UTC') throw new Error('unknown');
      } catch {
        throw new UserError(`--tz "${o.tz}" is neither an IANA zone (Asia/Shanghai) nor an offset (+08:00).`);
      }
    }
    tz = o.tz;
  }
  let year: number | null = null;
  if (o.year !== undefined) {
    year = Number(o.year);
    if (!Number.isInteger(year) || year < 1970 || year > 2200) throw new UserError(`--year "${o.year}" is not a year between 1970 and 2200.`);
  }
  return { tz, year, host: o.host ?? null };
}
