// A rule's doc page, built from its metadata so docs/rules/<id>.md never drifts from the code.

import type { RuleMeta } from './types.js';

/** Markdown with the fixed headings every rule doc has. */
export function ruleDoc(m: RuleMeta): string {
  return [
    `# ${m.id}`,
    '',
    `**Severity:** ${m.severity} — ${m.title}`,
    '',
    '## Summary',
    '',
    m.description,
    '',
    '## How it decides',
    '',
    m.howItDecides,
    '',
    '## Evidence',
    '',
    'Every finding lists file:line for each claim: the iptables dump lines (jump, chain target), the journal lines that show the sandbox dying or its stop failing, and the host-local lease files.',
    '',
    '## False positives',
    '',
    ...m.falsePositives.map((f) => `- ${f}`),
    '',
    '## Remediation',
    '',
    m.remediation,
    '',
    '## References',
    '',
    ...m.references.map((r) => `- ${r}`),
    '',
  ].join('\n');
}
