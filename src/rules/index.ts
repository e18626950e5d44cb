// Registry of rules, sorted by id.

import { hostportDnatShadowed } from './checks/hostport-dnat-shadowed.js';
import { orphanIpamAllocation } from './checks/orphan-ipam-allocation.js';
import { runtimeStoppedWithLiveSandboxes } from './checks/runtime-stopped-with-live-sandboxes.js';
import { setupBrokeOff } from './checks/setup-broke-off.js';
import { staleHostportDnat } from './checks/stale-hostport-dnat.js';
import { teardownBrokeOff } from './checks/teardown-broke-off.js';
import type { Rule } from './types.js';

export const RULES: readonly Rule[] = [hostportDnatShadowed, orphanIpamAllocation, runtimeStoppedWithLiveSandboxes, setupBrokeOff, staleHostportDnat, teardownBrokeOff];
