// Terminal output: a findings table (cli-table3), then each finding's evidence and cleanup, inputs and assumptions.

import Table from 'cli-table3';
import type { Report } from '../report.js';

export interface TableOptions {
  color: boolean;
  width: number;
}

const SEV_COLOR: Record<string, string> = { critical: '\x1b[1;31m', high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m', info: '\x1b[2m' };

function paint(text: string, sev: string, color: boolean): string {
  return color ? `${SEV_COLOR[sev] ?? ''}${text}\x1b[0m` : text;
}

function short(id: string | null): string {
  return id ? id.slice(0, 12) : '-';
}

/** Render the report for a terminal. */
export function renderTable(report: Report, opts: TableOptions): string {
  const out: string[] = [];
  const width = Math.max(80, opts.width);
  if (report.findings.length === 0) {
    out.push('No findings.');
  } else {
    // Full sandbox IDs when there is room (pipes, files, wide terminals): they are what people grep for.
    const idWidth = width >= 140 ? 66 : 14;
    const t = new Table({
      head: ['#', 'Severity', 'Rule', 'Sandbox', 'Host', 'Time (UTC)'],
      colWidths: [4, 10, 26, idWidth, 14, 21],
      wordWrap: true,
      style: { head: [], border: [] },
    });
    report.findings.forEach((f, i) =>
      t.push([String(i + 1), paint(f.severity, f.severity, opts.color), f.rule, idWidth > 14 ? (f.containerId ?? '-') : short(f.containerId), f.host, f.time ? f.time.slice(0, 19).replace('T', ' ') : '-']),
    );
    out.push(t.toString());
    report.findings.forEach((f, i) => {
      out.push('');
      out.push(`[${i + 1}] ${paint(f.severity.toUpperCase(), f.severity, opts.color)} ${f.rule} — ${f.containerId ?? 'no sandbox'} on ${f.host}`);
      out.push(`    ${f.summary}`);
      if (f.related.length > 0) out.push(`    related: ${f.related.join(', ')} on the same sandbox`);
      out.push('    evidence:');
      for (const e of f.evidence) {
        const text = e.text.split('\n')[0]!;
        out.push(`      ${e.path}:${e.line}  ${e.time ?? '(no time)'}`);
        out.push(`        ${text.length > width - 8 ? text.slice(0, width - 9) + '…' : text}`);
      }
      if (f.remediation.length > 0) {
        out.push('    cleanup (review, then run by hand; podmortem never runs it):');
        for (const r of f.remediation) out.push(`      ${r}`);
      }
    });
  }
  out.push('');
  const read = report.inputs.filter((i) => i.format);
  const skipped = report.inputs.filter((i) => !i.format);
  const unparsed = read.reduce((s, i) => s + i.unparsed, 0);
  out.push(`Inputs: ${read.length} files read (${read.reduce((s, i) => s + i.lines, 0)} lines, ${unparsed} unparsed), ${skipped.length} skipped.`);
  for (const i of read) if (i.unparsed > 0 || i.notes.length > 0) out.push(`  ${i.path}: ${i.unparsed} unparsed${i.notes.length ? '; ' + i.notes.join('; ') : ''}`);
  for (const i of skipped) out.push(`  skipped ${i.path}: ${i.why}`);
  const ruleSkips = report.rules.filter((r) => r.status === 'skipped');
  for (const r of ruleSkips) out.push(`  rule ${r.id} skipped: ${r.reason}`);
  if (report.assumptions.length > 0) {
    out.push('Assumptions:');
    for (const a of report.assumptions) out.push(`  [${a.host}] ${a.what}: ${a.value} — ${a.basis}`);
  }
  return out.join('\n') + '\n';
}
