// Writes docs/rules/<id>.md from each rule's metadata, and docs/rules/README.md (the index, and what every rule's
// page shares) (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { RULES } from '../dist/rules/index.js';
import { ruleDoc, rulesIndex } from '../dist/rules/doc.js';

for (const r of RULES) writeFileSync(new URL(`../docs/rules/${r.meta.id}.md`, import.meta.url), ruleDoc(r.meta));
writeFileSync(new URL('../docs/rules/README.md', import.meta.url), rulesIndex(RULES));
