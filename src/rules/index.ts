// Registry of rules, sorted by id.

import { hostportDnatShadowed } from './checks/hostport-dnat-shadowed.js';
import { staleHostportDnat } from './checks/stale-hostport-dnat.js';
import { teardownBrokeOff } from './checks/teardown-broke-off.js';
import type { Rule } from './types.js';

export const RULES: readonly Rule[] = [hostportDnatShadowed, staleHostportDnat, teardownBrokeOff];
