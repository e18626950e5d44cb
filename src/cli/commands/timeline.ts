// `podmortem timeline <inputs…>`: the per-container timeline, optionally one container.

import type { Command } from 'commander';
import { analyze, isoTime } from '../../report.js';
import type { Timeline } from '../../timeline/timeline.js';
import { clockOptions, resolveInputs, version, type CommonOptions } from '../common.js';
import { EXIT_OK, UserError } from '../exit-codes.js';
import type { Io } from '../io.js';

export interface TimelineOptions extends CommonOptions {
  container?: string;
}

function oneLine(text: string, max = 160): string {
  const first = text.split('\n')[0]!;
  return first.length > max ? first.slice(0, max - 1) + '…' : first;
}

/** Text rendering: one block per container, events in time order with path:line. */
export function renderTimeline(tl: Timeline, filter: string | undefined): string {
  let containers = [...tl.containers.values()];
  if (filter) {
    const f = filter.toLowerCase();
    containers = containers.filter((c) => c.id.startsWith(f) || c.chains.has(filter) || c.ips.has(filter) || c.pods.has(filter) || [...c.pods].some((p) => p.endsWith('/' + filter)));
    if (containers.length === 0) throw new UserError(`No container matches "${filter}": give an ID or prefix, a CNI chain, an IP or a pod name.`);
  }
  containers.sort((a, b) => a.host.localeCompare(b.host) || (a.events[0]?.time ?? Infinity) - (b.events[0]?.time ?? Infinity) || a.id.localeCompare(b.id));
  const out: string[] = [];
  for (const c of containers) {
    out.push(`== ${c.id} on ${c.host}${c.isSandbox ? ' (sandbox)' : ''}`);
    const facts = [c.pods.size ? `pods ${[...c.pods].join(', ')}` : '', c.ips.size ? `ips ${[...c.ips].join(', ')}` : '', c.chains.size ? `chains ${[...c.chains].join(', ')}` : ''].filter(Boolean);
    if (facts.length) out.push(`   ${facts.join('; ')}`);
    for (const e of c.events) out.push(`   ${isoTime(e.time) ?? '(no time)                 '}  ${e.kind.padEnd(24)} ${e.source.path}:${e.source.line}  ${oneLine(e.text)}`);
    out.push('');
  }
  return out.join('\n');
}

export async function runTimeline(inputs: string[], opts: TimelineOptions, io: Io): Promise<number> {
  const { timeline } = await analyze(resolveInputs(inputs), clockOptions(opts), version());
  io.stdout.write(renderTimeline(timeline, opts.container));
  return EXIT_OK;
}

export function register(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('timeline')
    .description('print the timeline of every container (or one) keyed by container ID')
    .argument('[inputs...]', 'bundle folders or files')
    .option('-c, --container <id>', 'only this container: ID, prefix, CNI chain, IP or pod name')
    .option('--tz <zone>', 'time zone of the hosts (IANA name or +08:00)')
    .option('--year <year>', 'year of year-less timestamps')
    .option('--host <name>', 'host name for every input')
    .action(async (inputs: string[], opts: TimelineOptions) => done(await runTimeline(inputs, opts, io)));
}
