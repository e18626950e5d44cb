// A rule's doc page, built from its metadata so docs/rules/<id>.md never drifts from the code.

import { messageOf } from './_message.js';
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
    '## Findings',
    '',
    'What a finding says, by message id (its severity, then its template):',
    '',
    ...Object.keys(m.messages).map((id) => {
      const { text, severity } = messageOf(m, id);
      return `- \`${id}\` (${severity}): ${text}`;
    }),
    '',
    '## False positives',
    '',
    ...m.falsePositives.map((f) => `- ${f}`),
    '',
    ...(m.exclusions && Object.keys(m.exclusions).length > 0 ? ['## Exclusions', '', 'Cases that look like the incident and are not, by name (as Sigma names its filters):', '', ...Object.entries(m.exclusions).map(([name, why]) => `- \`${name}\`: ${why}`), ''] : []),
    '## Known limitations',
    '',
    ...m.limitations.map((l) => `- ${l}`),
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
