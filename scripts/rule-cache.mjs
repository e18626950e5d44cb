// Write the built-in rules parsed (dist/builtin-rules.json), for the CLI to start without parsing YAML: see
// src/rules/builtin.ts. Run after tsc (npm run build).

import { writeFileSync } from 'node:fs';
import { BUILTIN_RULE_CACHE, BUILTIN_RULE_DIR, makeCache } from '../dist/rules/builtin.js';

writeFileSync(BUILTIN_RULE_CACHE, JSON.stringify(makeCache(BUILTIN_RULE_DIR)) + '\n');
