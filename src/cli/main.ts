// The podmortem program: registers commands, turns user errors into one sentence and exit code 2.

import { Command, CommanderError } from 'commander';
import { register as registerAnalyze } from './commands/analyze.js';
import { register as registerExplain } from './commands/explain.js';
import { register as registerInspect } from './commands/inspect.js';
import { register as registerRules } from './commands/rules.js';
import { register as registerTimeline } from './commands/timeline.js';
import { version } from './common.js';
import { EXIT_USAGE, UserError } from './exit-codes.js';
import { processIo, type Io } from './io.js';

/** Parse argv and run; resolves to the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code = 0;
  const program = new Command();
  program
    .name('podmortem')
    .description('Offline forensic analyzer for Kubernetes node bundles: broken sandbox teardowns and the stale hostPort state they leave.')
    .version(version())
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  const done = (c: number): void => {
    code = c;
  };
  registerAnalyze(program, io, done);
  registerTimeline(program, io, done);
  registerExplain(program, io, done);
  registerRules(program, io, done);
  registerInspect(program, io, done);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_USAGE;
    if (e instanceof UserError) {
      io.stderr.write(`podmortem: ${e.message}\n`);
      return e.code;
    }
    io.stderr.write(`podmortem: internal error: ${(e as Error).message}\n`);
    return 3;
  }
  return code;
}
