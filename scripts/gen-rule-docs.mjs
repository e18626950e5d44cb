// Writes docs/rules/<id>.md from each rule's metadata (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { RULES } from '../dist/rules/index.js';
import { ruleDoc } from '../dist/rules/doc.js';

for (const r of RULES) writeFileSync(new URL(`../docs/rules/${r.meta.id}.md`, import.meta.url), ruleDoc(r.meta));
