// Terminal output: a findings table (cli-table3) fitted to the width, each finding's evidence and cleanup, coverage.

import type CliTable from 'cli-table3';
import { lazy } from '../lazy.js';

const Table = lazy<typeof CliTable>('cli-table3');
import type { Report } from '../report.js';
import type { Timeline } from '../timeline/timeline.js';
import { shortId, wrap } from './_sections.js';
import { softwareLines } from './_software.js';
import { buildOutline, cleanupScript, evidenceWhere, type FindingView, type ReportOutline } from './outline.js';

export interface TableOptions {
  color: boolean;
  width: number;
  /** The timeline: what happened on the host just before each finding. */
  timeline?: Timeline;
}

const SEV_COLOR: Record<string, string> = { critical: '\x1b[1;31m', high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m', info: '\x1b[2m' };

function paint(text: string, sev: string, color: boolean): string {
  return color ? `${SEV_COLOR[sev] ?? ''}${text}\x1b[0m` : text;
}

/** Columns a character takes in a terminal: East Asian wide and fullwidth forms take two. */
function charWidth(ch: string): number {
  return /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
}

/** Terminal columns of a string. */
function colsOf(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w;
}

/** Cut a line to at most `cols` terminal columns, with an ellipsis when cut. */
export function fit(text: string, cols: number): string {
  let w = 0;
  let out = '';
  const chars = [...text];
  if (chars.reduce((s, c) => s + charWidth(c), 0) <= cols) return text;
  for (const ch of chars) {
    const cw = charWidth(ch);
    if (w + cw > cols - 1) break;
    out += ch;
    w += cw;
  }
  return out + '…';
}

/** Cut a line to at most `cols` columns from the left, keeping its end (a path's file name and line). */
function fitLeft(text: string, cols: number): string {
  const chars = [...text];
  if (chars.reduce((s, c) => s + charWidth(c), 0) <= cols) return text;
  let w = 1;
  let i = chars.length;
  while (i > 0 && w + charWidth(chars[i - 1]!) <= cols) w += charWidth(chars[--i]!);
  return '…' + chars.slice(i).join('');
}

/** Break a kebab-case id after hyphens so it fits a column (cli-table3 would cut it). */
function wrapId(id: string, cols: number): string {
  const lines: string[] = [];
  let line = '';
  for (const part of id.split(/(?<=-)/)) {
    if (line && line.length + part.length > cols) {
      lines.push(line);
      line = part;
    } else line += part;
  }
  lines.push(line);
  return lines.map((l) => fit(l, cols)).join('\n');
}

/** Column widths (padding included) that fit the terminal: full sandbox IDs and dates only when there is room. */
function layout(width: number, oneHost: boolean): { cols: string[]; widths: number[] } {
  const inner = width - 7; // six columns: seven border characters
  const time = width >= 110 ? 21 : 10;
  const host = oneHost && width < 120 ? 0 : 14;
  const fixed = 4 + 10 + time + host + (host ? 0 : -1); // one border less without the host column
  const sandbox = inner - fixed - 66 >= 38 ? 66 : 14;
  const rule = Math.max(12, Math.min(38, inner - fixed - sandbox));
  const cols = ['#', 'Severity', 'Rule', 'Sandbox', ...(host ? ['Host'] : []), 'Time (UTC)'];
  const widths = [4, 10, rule, sandbox, ...(host ? [host] : []), time];
  return { cols, widths };
}

function block(x: FindingView, width: number, color: boolean): string[] {
  const { f, n } = x;
  const out = ['', fit(`[${n}] ${f.severity.toUpperCase()} ${f.rule} — ${f.containerId ?? 'no sandbox'} on ${f.host}`, width).replace(f.severity.toUpperCase(), paint(f.severity.toUpperCase(), f.severity, color))];
  if (f.time) for (const l of wrap(`at ${f.time}${x.hostTime ? ` (host clock ${x.hostTime})` : ''}${x.after ? `, ${x.after.words} after ${x.after.what} (${x.after.where})` : ''}`, width - 4, colsOf)) out.push(`    ${l}`);
  for (const l of wrap(f.summary, width - 4, colsOf)) out.push(`    ${l}`);
  if (f.related.length > 0) out.push(fit(`    related: ${f.related.join(', ')} on the same sandbox`, width));
  out.push('    evidence:');
  for (const e of f.evidence) {
    const time = e.time ?? '(no time)';
    out.push(`      ${time}  ${fitLeft(evidenceWhere(e), Math.max(20, width - 8 - time.length))}`);
    out.push(fit(`        ${e.text.split('\n')[0]!.replace(/\r$/, '')}`, width));
  }
  return out;
}

function findingsTable(o: ReportOutline, width: number, color: boolean): string {
  const { cols, widths } = layout(width, new Set(o.findings.map((x) => x.f.host)).size === 1);
  const t = new (Table())({ head: cols, colWidths: widths, wordWrap: true, style: { head: [], border: [] } });
  const full = widths[3]! > 14;
  for (const { n, f } of o.findings) {
    const time = f.time ? (widths[widths.length - 1]! > 10 ? f.time.slice(0, 19).replace('T', ' ') : f.time.slice(11, 19)) : '-';
    t.push([String(n), paint(f.severity, f.severity, color), wrapId(f.rule, widths[2]! - 2), full ? (f.containerId ?? '-') : shortId(f.containerId), ...(cols.includes('Host') ? [f.host] : []), time]);
  }
  return t.toString();
}

function cleanup(o: ReportOutline, width: number): string[] {
  if (o.cleanup.length === 0) return [];
  const script = cleanupScript(o.cleanup, { headers: 'always', pods: false, gap: false, width: width - 4, measure: colsOf, header: (l) => fit(l, width - 2) });
  return ['', 'Cleanup (review, then run by hand; podmortem never runs it):', ...script.map((l) => `  ${l}`)];
}

function coverage(o: ReportOutline, width: number): string[] {
  const out: string[] = [];
  const { read, unread } = o.inputs;
  const unparsed = read.reduce((s, i) => s + i.unparsed, 0);
  out.push(`Inputs: ${read.length} files read (${read.reduce((s, i) => s + i.lines, 0)} lines, ${unparsed} unparsed), ${unread.length} skipped.`);
  for (const i of read) if (i.unparsed > 0 || i.notes.length > 0) out.push(fit(`  ${i.path}: ${i.unparsed} unparsed${i.notes.length ? '; ' + i.notes.join('; ') : ''}`, width));
  for (const i of unread) out.push(fit(`  skipped ${i.path}: ${i.why}`, width));
  const { skipped, total } = o.rulesNotRun;
  out.push(skipped.length === 0 ? `Rules: all ${total} ran.` : `Rules not run (${skipped.length} of ${total}):`);
  for (const r of skipped) out.push(fit(`  ${r.id}: ${r.reason}`, width));
  if (o.assumptions.length > 0) {
    out.push('Assumptions:');
    for (const a of o.assumptions) for (const [i, l] of wrap(`[${a.host}] ${a.what}: ${a.value} — ${a.basis}`, width - 4, colsOf).entries()) out.push(`${i ? '    ' : '  '}${l}`);
  }
  return out;
}

/** Render the report for a terminal of the given width. */
export function renderTable(report: Report, opts: TableOptions): string {
  const width = Math.max(60, opts.width);
  const o = buildOutline(report, { timeline: opts.timeline });
  const out: string[] = [];
  if (o.findings.length === 0) out.push('No findings.');
  else {
    out.push(findingsTable(o, width, opts.color));
    for (const x of o.findings) out.push(...block(x, width, opts.color));
    out.push(...cleanup(o, width));
  }
  if (o.inconclusive.length > 0) {
    out.push('', `Inconclusive (${o.inconclusive.length}): leads the rules could not decide for lack of input.`);
    for (const x of o.inconclusive) out.push(...block(x, width, opts.color));
  }
  out.push('', ...softwareLines(o.software, (t) => fit(t, width)), ...coverage(o, width));
  return out.join('\n') + '\n';
}
