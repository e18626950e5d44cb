// A rule's doc page, built from its metadata so docs/rules/<id>.md never drifts from the code.

import { messageOf } from './_message.js';
import type { Rule, RuleMeta } from './types.js';

/** The page every rule doc links to for what all of them share (docs/rules/README.md). */
const INDEX_PAGE = 'README.md';

/** A version-gated rule's ranges, and what it does when the bundle does not say which version ran. */
function versionsSection(versions: Record<string, string>): string[] {
  return [
    '## Versions',
    '',
    'Only where these ran when the sequence began (semver ranges; the version a daemon printed at its last start before, or the installed package, as the report\'s Software table shows it):',
    '',
    ...Object.entries(versions).map(([program, range]) => `- ${program}: \`${range}\``),
    '',
    'Another version: no finding. A version the bundle does not tell: the finding is reported and marked inconclusive (version unknown).',
    '',
  ];
}

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
    ...(m.versions ? versionsSection(m.versions) : []),
    '## Evidence',
    '',
    `Each finding cites the lines its message stands on, as every rule's do: see [Evidence](${INDEX_PAGE}#evidence) in the rules index.`,
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

/**
 * docs/rules/README.md: every rule with its severity and kind, the headings each rule doc has, and what every
 * finding's evidence is, written once here rather than in each doc.
 */
export function rulesIndex(rules: readonly Rule[]): string {
  return [
    '# Rules',
    '',
    'The built-in rules, each with its page generated from its metadata (`npm run docs:rules`); `podmortem rules show <id>` prints the same page.',
    '',
    '| rule | severity | kind | title |',
    '| --- | --- | --- | --- |',
    ...rules.map((r) => `| [\`${r.meta.id}\`](${r.meta.id}.md) | ${r.meta.severity} | ${r.source ? 'yaml' : 'code'} | ${r.meta.title} |`),
    '',
    'The severity is the rule\'s default; a message with its own severity (a ladder: which state survived, whether a sandbox is proven gone) overrides it, as each page\'s Findings section shows.',
    '',
    '## A rule\'s page',
    '',
    'Fixed headings, in this order: Summary; How it decides; Versions (only for a rule about some versions of a program); Evidence; Findings (each message id with its severity and template); False positives; Exclusions (only for a rule with named ones: cases that look like the incident and are not); Known limitations (what the rule cannot see); Remediation; References (the upstream sources).',
    '',
    '## Evidence',
    '',
    'A finding cites every line it stands on, in the order the rule lists them: the events that make the story (a failed step, a sandbox\'s exit, the version lines of a version-gated rule) and the state it left (DNAT jumps and their chains, masquerade rules, host-local leases, libcni cache files). Each piece is',
    '',
    '- where: the path as the inputs hold it (an archive member as `<archive>/<member>`) and the line, or `first-last` for a record that spans continuation lines;',
    '- when: the instant in UTC (the md and HTML reports add the host\'s own clock); capture state (a dump, a lease file) carries the time the bundle was captured, or none when the bundle does not say;',
    '- what: the text of the line and of its continuation lines, as read.',
    '',
    'The table, md and HTML reports show excerpts (long lines cut, the first lines of a long record); `podmortem analyze --format json` holds every piece whole (`findings[].evidence`: `path`, `line`, `endLine`, `time`, `text`). To check a finding by hand, open each `path:line`; `podmortem explain --id <sandbox ID, prefix, chain, IP or pod>` lists everything else the bundle says about the same sandbox.',
    '',
  ].join('\n');
}
