// Registry of rules: code rules (state checks) and the built-in data rules in rules/*.yaml, sorted by id.

import { dnatChainMismatch } from './checks/dnat-chain-mismatch.js';
import { hostportDnatShadowed } from './checks/hostport-dnat-shadowed.js';
import { runtimeStoppedWithLiveSandboxes } from './checks/runtime-stopped-with-live-sandboxes.js';
import { staleHostportDnat } from './checks/stale-hostport-dnat.js';
import { teardownBrokeOff } from './checks/teardown-broke-off.js';
import { sequenceRule } from './engine/sequence.js';
import { builtinSpecs } from './builtin.js';
import { loadRuleDir } from './load.js';
import type { Rule } from './types.js';
import { compareText } from '../text-order.js';

/** Rules written in TypeScript: they look at the resolved state, not only at event order. */
export const CODE_RULES: readonly Rule[] = [dnatChainMismatch, hostportDnatShadowed, runtimeStoppedWithLiveSandboxes, staleHostportDnat, teardownBrokeOff];

export { BUILTIN_RULE_DIR } from './builtin.js';

/** Code rules plus the YAML rules of the built-in folder and of every extra folder, sorted by id. */
export function loadRules(extraDirs: string[] = []): Rule[] {
  const data = [builtinSpecs(), ...extraDirs.map(loadRuleDir)].flatMap((specs) => specs.map(sequenceRule));
  const all = [...CODE_RULES, ...data];
  const seen = new Set<string>();
  for (const r of all) {
    if (seen.has(r.meta.id)) throw new Error(`rule id "${r.meta.id}" is defined twice${r.source ? ` (again in ${r.source})` : ''}`);
    seen.add(r.meta.id);
  }
  return all.sort((a, b) => compareText(a.meta.id, b.meta.id));
}

/** The built-in rules. */
export const RULES: readonly Rule[] = loadRules();
