// The HTML report's findings: the cards of the side panel and each finding in detail with its evidence.

import { esc } from '../_escape.js';
import { shortId } from '../_sections.js';
import { evidenceWhere, type CleanupView, type FindingView, type HostClock } from '../outline.js';

/** The data-* attributes the filters read (finding number, severity, host, sandbox lane). */
export function findingAttrs(x: FindingView): string {
  return `data-fn="${x.n}" data-sev="${esc(x.f.severity)}" data-host="${esc(x.f.host)}"${x.f.containerId ? ` data-key="${esc(`${x.f.host}|${x.f.containerId}`)}"` : ''}`;
}

/** When a finding happened, on the host's clock first when known, and what came just before on the host. */
export function whenHtml(x: FindingView): string {
  if (!x.f.time) return 'no time';
  const at = x.hostTime ? `at ${esc(x.hostTime)} host time (${esc(x.f.time)})` : `at ${esc(x.f.time)}`;
  return x.after ? `${at}, ${esc(x.after.words)} after ${esc(x.after.what)}` : at;
}

function badge(severity: string): string {
  return `<span class="badge ${esc(severity)}">${esc(severity)}</span>`;
}

/** One card of the side panel: links to the finding's evidence. */
export function findingCard(x: FindingView): string {
  const { f, n, pods } = x;
  return `<li class="fcard ${esc(f.severity)}" ${findingAttrs(x)}><a href="#f${n}-evidence"><span class="t">${n}. ${esc(f.title)}</span><span class="m">${badge(f.severity)} ${esc(f.rule)}</span><span class="m">${esc(f.host)} · ${f.containerId ? `<span class="mono">${esc(shortId(f.containerId))}</span>` : 'no sandbox'}${pods.length ? ` · ${esc(pods.join(', '))}` : ''}</span><span class="m">${esc(f.time ?? 'no time')}</span>${x.hostTime ? `<span class="m">host ${esc(x.hostTime)}</span>` : ''}</a></li>`;
}

/** The side panel: conclusive findings, then the inconclusive ones. */
export function findingsPanel(main: FindingView[], unsure: FindingView[]): string[] {
  const out = ['<aside id="panel" aria-label="findings"><h2>Findings</h2>', `<p class="hint" id="f-count">${main.length + unsure.length} findings</p>`];
  if (main.length === 0) out.push('<p>None.</p>');
  else out.push(`<ol>${main.map(findingCard).join('')}</ol>`);
  if (unsure.length > 0) out.push('<h3>Inconclusive</h3>', `<ol>${unsure.map(findingCard).join('')}</ol>`);
  out.push('</aside>');
  return out;
}

function evidenceList(x: FindingView, clock: HostClock): string {
  const { f, n } = x;
  const items = f.evidence.map((e, i) => {
    const local = clock.short(f.host, e.time);
    return `<li id="f${n}-e${i + 1}"><div class="loc"><code>${esc(evidenceWhere(e))}</code> · ${esc(e.time ?? 'no time')}${local ? ` · host ${esc(local)}` : ''}</div><pre>${esc(e.text)}</pre></li>`;
  });
  return [`<div class="evidence" id="f${n}-evidence" tabindex="-1"><h4>Evidence (${f.evidence.length})</h4><ol>`, ...items, '</ol></div>'].join('\n');
}

/** A finding in detail: facts, summary, related rules, every piece of evidence, where its cleanup is. */
export function findingDetail(x: FindingView, groups: CleanupView[], clock: HostClock): string {
  const { f, n, pods } = x;
  const out: string[] = [];
  out.push(`<section class="finding" id="f${n}" ${findingAttrs(x)}>`);
  out.push(`<h3><span class="n">${n}.</span> ${esc(f.title)} ${badge(f.severity)}</h3>`);
  out.push(`<p class="facts">rule <code>${esc(f.rule)}</code> · host ${esc(f.host)} · ${f.containerId ? `sandbox <code>${esc(f.containerId)}</code>` : 'no sandbox'}${pods.length ? ` · pod ${esc(pods.join(', '))}` : ''} · ${f.time ? `${esc(f.time)}${x.hostTime ? ` (host clock ${esc(x.hostTime)})` : ''}` : 'no time'}${x.after ? ` · ${esc(x.after.words)} after ${esc(x.after.what)} (<code>${esc(x.after.where)}</code>)` : ''}</p>`);
  out.push(`<p>${esc(f.summary)}</p>`);
  if (f.related.length > 0) out.push(`<p class="facts">Related on the same sandbox: ${f.related.map((r) => `<code>${esc(r)}</code>`).join(', ')}</p>`);
  out.push(evidenceList(x, clock));
  if (f.remediation.length > 0) {
    const inBlock = !x.inconclusive && groups.some((g) => g.host === f.host && g.containerId === f.containerId);
    out.push(inBlock ? `<p>Cleanup: in the <a href="#cleanup">cleanup block</a>${f.containerId ? ` under sandbox <code>${esc(shortId(f.containerId))}</code>` : ''}.</p>` : `<p>What to do:</p><pre>${esc(f.remediation.join('\n'))}</pre>`);
  }
  out.push('</section>');
  return out.join('\n');
}
