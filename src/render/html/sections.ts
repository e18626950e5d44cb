// The HTML report below the timeline: findings in detail, cleanup, software, inputs, assumptions, rules not run,
// inconclusive findings, each from the report outline.

import { esc } from '../_escape.js';
import { cleanupScript, type ReportOutline } from '../outline.js';
import { softwareHtml } from '../_software.js';
import { findingDetail } from './findings.js';

function cleanup(o: ReportOutline): string[] {
  if (o.cleanup.length === 0) return [];
  const script = cleanupScript(o.cleanup, { headers: 'always', pods: true, gap: true, width: 98 });
  return ['<h2 id="cleanup">Cleanup</h2>', '<p>Review before running: podmortem never runs anything. Steps that are not commands are comments.</p>', `<pre class="cleanup">${esc(script.join('\n'))}</pre>`];
}

function software(o: ReportOutline): string[] {
  const html = softwareHtml(o.software);
  return html ? [html] : [];
}

function inputs(o: ReportOutline): string[] {
  const { read, unread } = o.inputs;
  const out = ['<h2 id="inputs">Inputs read</h2>'];
  if (read.length > 0) {
    out.push('<table><thead><tr><th>File</th><th>Format</th><th>Host</th><th>Lines</th><th>Unparsed</th><th>Notes</th></tr></thead><tbody>');
    for (const i of read) out.push(`<tr><td><code>${esc(i.path)}</code></td><td>${esc(i.format)}</td><td>${esc(i.host ?? '-')}</td><td class="num">${i.lines}</td><td class="num">${i.unparsed}</td><td>${esc(i.notes.join('; '))}</td></tr>`);
    out.push('</tbody></table>');
  } else out.push('<p>No file could be read.</p>');
  if (unread.length > 0) out.push(`<p>Not read (${unread.length}):</p><ul>${unread.map((i) => `<li><code>${esc(i.path)}</code>: ${esc(i.why)}</li>`).join('')}</ul>`);
  return out;
}

function assumptions(o: ReportOutline): string[] {
  const out = ['<h2 id="assumptions">Assumptions</h2>'];
  if (o.assumptions.length === 0) out.push('<p>None: every instant carried its own year and zone.</p>');
  else out.push(`<ul>${o.assumptions.map((a) => `<li>${esc(a.host)}: ${esc(a.what)} <strong>${esc(a.value)}</strong> (${esc(a.basis)})</li>`).join('')}</ul>`);
  if (o.notes.length > 0) out.push('<h2 id="notes">Notes</h2>', `<ul>${o.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
  return out;
}

function rulesNotRun(o: ReportOutline): string[] {
  const { skipped, total } = o.rulesNotRun;
  if (skipped.length === 0) return ['<h2 id="rules-not-run">Rules not run</h2>', `<p>None: all ${total} rules ran.</p>`];
  const items = skipped.map((r) => `<li><code>${esc(r.id)}</code> (${esc(r.severity)}, ${esc(r.title)}): ${esc(r.reason ?? 'skipped')}</li>`).join('');
  return ['<h2 id="rules-not-run">Rules not run</h2>', `<p>${skipped.length} of ${total} rules did not run, so the bundle was not checked for what they find:</p><ul>${items}</ul>`];
}

function inconclusive(o: ReportOutline): string[] {
  const out = ['<h2 id="inconclusive">Inconclusive findings</h2>'];
  if (o.inconclusive.length === 0) return [...out, '<p>None.</p>'];
  out.push('<p>These rules saw a sign but lacked the input to decide; treat them as leads, not findings.</p>');
  for (const x of o.inconclusive) out.push(findingDetail(x, o.cleanup, o.clock));
  return out;
}

/** Everything below the timeline and the panel, in the outline's order. */
export function detailSections(o: ReportOutline): string[] {
  const out = ['<div class="details">'];
  if (o.findings.length > 0) out.push('<h2 id="findings">Findings in detail</h2>', ...o.findings.map((x) => findingDetail(x, o.cleanup, o.clock)));
  out.push(...cleanup(o), ...software(o), ...inputs(o), ...assumptions(o), ...rulesNotRun(o), ...inconclusive(o), '</div>');
  return out;
}
