// One self-contained HTML file: swimlane timeline per host (SVG), findings panel, evidence, cleanup; no network.
// The stylesheet and script are real files (page.css, browser/*.js) inlined at build time (_assets.ts).

import { createHash } from 'node:crypto';
import type { Report } from '../../report.js';
import type { Timeline } from '../../timeline/timeline.js';
import { esc, jsonForScript } from '../_escape.js';
import { isoToUs, shortId } from '../_sections.js';
import { buildOutline, noFindingsSentence, plural, severityWords, type FindingView, type ReportOutline } from '../outline.js';
import { PAGE_CSS, PAGE_SCRIPT } from './_assets.js';
import { findingsPanel, whenHtml } from './findings.js';
import { detailSections } from './sections.js';
import { AXIS_H, domainOf, LANE_H, LX, PW, ROW_H, STEPS, timelineColumn, W, type Domain } from './swimlanes.js';

/** The style element's text: the stylesheet after a line break, as the page has always carried it. */
const STYLE = `\n${PAGE_CSS}`;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

function header(o: ReportOutline): string[] {
  const out = ['<header>', '<h1>podmortem report</h1>'];
  const top = o.diagnosis.top;
  if (top) {
    const { f, pods } = top;
    out.push(`<p class="diag"><strong>Diagnosis: <a href="#f1">${esc(f.title)}</a></strong> <span class="badge ${esc(f.severity)}">${esc(f.severity)}</span> on ${esc(f.host)}${f.containerId ? `, sandbox <code>${esc(shortId(f.containerId))}</code>` : ''}${pods.length ? ` (${esc(pods.join(', '))})` : ''}${f.time ? `, ${whenHtml(top)}` : ''}. ${esc(f.summary)}</p>`);
  } else out.push(`<p class="diag"><strong>Diagnosis: no findings.</strong> ${esc(noFindingsSentence(o.diagnosis))}</p>`);
  const c = o.counts;
  const sev = severityWords(c);
  out.push(`<p class="stats">${c.findings} ${plural(c.findings, 'finding')}${sev ? ` (${esc(sev)})` : ''} · ${c.inconclusive} inconclusive · ${c.rulesRan} of ${c.rulesTotal} rules ran · ${c.filesRead} files read · hosts: ${esc(c.hosts.join(', ') || 'none')}</p>`);
  out.push('</header>');
  return out;
}

/** The first evidence item of any finding that quotes each path:line: where a click on its mark leads. */
function evidenceAnchors(list: FindingView[]): Map<string, string> {
  const anchors = new Map<string, string>();
  for (const x of list)
    x.f.evidence.forEach((e, i) => {
      const key = `${e.path}:${e.line}`;
      if (!anchors.has(key)) anchors.set(key, `f${x.n}-e${i + 1}`);
    });
  return anchors;
}

/** The findings' span with a minute either side: what the "findings" zoom button shows. */
function focusOf(main: FindingView[], d: Domain | null): [number, number] | null {
  const times = main.filter((x) => x.f.time).map((x) => isoToUs(x.f.time!));
  if (!d || times.length === 0) return null;
  const first = times.reduce((m, t) => Math.min(m, t), Infinity);
  const last = times.reduce((m, t) => Math.max(m, t), -Infinity);
  return [Math.max(d.lo, first - 60_000_000 - d.base), Math.min(d.hi, last + 60_000_000 - d.base)];
}

function head(title: string): string[] {
  const csp = `default-src 'none'; style-src 'sha256-${sha256(STYLE)}'; script-src 'sha256-${sha256(PAGE_SCRIPT)}'; img-src data:; base-uri 'none'; form-action 'none'`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<link rel="icon" href="data:,">',
    `<title>${esc(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
  ];
}

/** Render the report and its timeline as one self-contained HTML page (inline CSS and script, no network). */
export function renderHtml(report: Report, tl: Timeline): string {
  return [...htmlPieces(report, tl)].join('');
}

/**
 * The same page as renderHtml, a line at a time (analyze -o writes the pieces as they come): the drawing has a mark
 * per event, and the page's lines, their join and the file's bytes held at once were the run's peak (ten sos nodes:
 * ~850 MB). Each piece is a line, the ones after the first behind the newline that joins them.
 */
export function* htmlPieces(report: Report, tl: Timeline): Generator<string> {
  let first = true;
  for (const line of pageLines(report, tl)) {
    yield first ? line : `\n${line}`;
    first = false;
  }
}

/** The page's lines, joined by newlines (the last one empty: the page ends with a newline). */
function* pageLines(report: Report, tl: Timeline): Generator<string> {
  const o = buildOutline(report, { timeline: tl });
  const list = [...o.findings, ...o.inconclusive];
  const hosts = [...new Set([...tl.events.map((e) => e.host ?? ''), ...report.findings.map((f) => f.host)].filter(Boolean))].sort();
  const d = domainOf(tl);
  const focus = focusOf(o.findings, d);
  const zones = new Map(report.assumptions.filter((a) => a.what === 'time zone').map((a) => [a.host, a.value]));
  const data = { base: d?.base ?? 0, lo: d?.lo ?? 0, hi: d?.hi ?? 1, findings: list.length, focus, hosts, geometry: { W, LX, PW, LANE_H, AXIS_H, ROW_H, steps: STEPS } };
  const top = o.diagnosis.top?.f;
  yield* head(top ? `podmortem: ${top.title} on ${top.host}` : 'podmortem: no findings');
  yield '<body>';
  yield* header(o);
  yield '<main>';
  yield* timelineColumn({ tl, d, hosts, list, evidenceAnchor: evidenceAnchors(list), zones, clock: o.clock, focus: focus !== null });
  yield* findingsPanel(o.findings, o.inconclusive);
  yield '</main>';
  yield* detailSections(o);
  yield `<footer>podmortem ${esc(o.tool.version)} · ${esc(o.tool.schema)} · self-contained: no network access, inline style and script</footer>`;
  yield '<div id="tip" role="tooltip" hidden></div>';
  yield `<script type="application/json" id="pm-data">${jsonForScript(data)}</script>`;
  yield `<script>${PAGE_SCRIPT}</script>`;
  yield '</body>';
  yield '</html>';
  yield '';
}
