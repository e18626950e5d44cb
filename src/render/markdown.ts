// Ticket-ready Markdown: diagnosis first, findings table, evidence excerpts with path:line, cleanup block.

import type { Report } from '../report.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Longest run of backticks in a text, so a fence can be longer than any run inside it. */
function fence(text: string): string {
  const runs = text.match(/`+/g) ?? [];
  return '`'.repeat(Math.max(3, ...runs.map((r) => r.length + 1)));
}

/** Render the report as Markdown for a ticket. */
export function renderMarkdown(report: Report, maxEvidence = 20): string {
  const out: string[] = ['# podmortem report', ''];
  const top = report.findings[0];
  if (top) out.push(`**Diagnosis:** ${top.summary}`, '');
  else out.push('**Diagnosis:** no findings.', '');
  if (report.findings.length > 0) {
    out.push('| # | Severity | Rule | Host | Sandbox | Time (UTC) |', '|---|---|---|---|---|---|');
    report.findings.forEach((f, i) => out.push(`| ${i + 1} | ${f.severity} | \`${f.rule}\` | ${cell(f.host)} | \`${f.containerId?.slice(0, 12) ?? '-'}\` | ${f.time ?? '-'} |`));
    out.push('');
  }
  report.findings.forEach((f, i) => {
    out.push(`## ${i + 1}. ${f.title} (${f.severity})`, '', f.summary, '');
    if (f.containerId) out.push(`Sandbox: \`${f.containerId}\` on ${f.host}`, '');
    if (f.related.length > 0) out.push(`Related: ${f.related.map((r) => `\`${r}\``).join(', ')} on the same sandbox.`, '');
    out.push('Evidence:', '');
    for (const e of f.evidence.slice(0, maxEvidence)) {
      const f3 = fence(e.text);
      out.push(`- \`${e.path}:${e.line}\` ${e.time ?? '(no time)'}`, '', `  ${f3}`, ...e.text.split('\n').map((l) => `  ${l}`), `  ${f3}`, '');
    }
    if (f.evidence.length > maxEvidence) out.push(`(${f.evidence.length - maxEvidence} more evidence lines in the JSON report)`, '');
    if (f.remediation.length > 0) {
      const body = f.remediation.join('\n');
      const f3 = fence(body);
      out.push('Cleanup (review first; podmortem never runs it):', '', `${f3}sh`, body, f3, '');
    }
  });
  out.push('## Inputs', '', '| File | Format | Host | Lines | Unparsed | Notes |', '|---|---|---|---|---|---|');
  for (const i of report.inputs) out.push(`| \`${cell(i.path)}\` | ${i.format ?? 'skipped'} | ${cell(i.host ?? '-')} | ${i.lines} | ${i.unparsed} | ${cell(i.format ? i.notes.join('; ') : i.why)} |`);
  out.push('', '## Assumptions', '');
  for (const a of report.assumptions) out.push(`- [${cell(a.host)}] ${a.what}: **${a.value}** — ${a.basis}`);
  const skipped = report.rules.filter((r) => r.status === 'skipped');
  if (skipped.length > 0) {
    out.push('', '## Rules skipped', '');
    for (const r of skipped) out.push(`- \`${r.id}\`: ${r.reason}`);
  }
  return out.join('\n') + '\n';
}
