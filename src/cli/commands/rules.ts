// `podmortem rules list | show <id> | validate <dir>`: the rule pack, each rule's doc, and checks of user rules.

import type { Command } from 'commander';
import type CliTable from 'cli-table3';
import { lazy } from '../../lazy.js';

const Table = lazy<typeof CliTable>('cli-table3');
import { ruleDoc } from '../../rules/doc.js';
import { loadRules } from '../../rules/index.js';
import { loadRuleDir, ruleErrorText, RuleLoadError } from '../../rules/load.js';
import { EXIT_OK, UserError } from '../exit-codes.js';
import type { Io } from '../io.js';

/** Load the built-in rules plus user folders; a broken user rule is a user error with file:line. */
export function rulesWith(dirs: string[] | undefined): ReturnType<typeof loadRules> {
  try {
    return loadRules(dirs ?? []);
  } catch (e) {
    if (e instanceof RuleLoadError) throw new UserError(ruleErrorText(e.errors));
    throw new UserError((e as Error).message);
  }
}

export function register(program: Command, io: Io, done: (code: number) => void): void {
  const rules = program.command('rules').description('list, show and validate detection rules');
  rules
    .command('list')
    .description('every rule with its severity and where it comes from')
    .option('--rules <dir...>', 'also load the YAML rules in these folders')
    .action((opts: { rules?: string[] }) => {
      const t = new (Table())({ head: ['Rule', 'Severity', 'Kind', 'Title'], style: { head: [], border: [] } });
      for (const r of rulesWith(opts.rules)) t.push([r.meta.id, r.meta.severity, r.source ? 'yaml' : 'code', r.meta.title]);
      io.stdout.write(t.toString() + '\n');
      done(EXIT_OK);
    });
  rules
    .command('show')
    .description("print a rule's documentation")
    .argument('<id>', 'rule id')
    .option('--rules <dir...>', 'also load the YAML rules in these folders')
    .action((id: string, opts: { rules?: string[] }) => {
      const r = rulesWith(opts.rules).find((x) => x.meta.id === id);
      if (!r) throw new UserError(`No rule "${id}": \`podmortem rules list\` shows the ids.`);
      io.stdout.write(ruleDoc(r.meta));
      done(EXIT_OK);
    });
  rules
    .command('validate')
    .description('check the YAML rules in a folder; errors name file:line')
    .argument('<dir>', 'folder of *.yaml rules')
    .action((dir: string) => {
      let n: number;
      try {
        n = loadRuleDir(dir).length;
      } catch (e) {
        if (e instanceof RuleLoadError) throw new UserError(ruleErrorText(e.errors));
        throw e;
      }
      io.stdout.write(`${n} rule${n === 1 ? '' : 's'} valid in ${dir}\n`);
      done(EXIT_OK);
    });
}
