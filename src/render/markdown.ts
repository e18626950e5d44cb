// Ticket-ready Markdown: diagnosis first, findings, evidence with path:line, one cleanup block, timeline slices, coverage.

import type { Report } from '../report.js';
import type { Timeline } from '../timeline/timeline.js';
import { isoTime } from '../report.js';
import { durationWords } from '../time/human.js';
import { mdCode, mdFence, mdText } from './_escape.js';
import { oneLine, shortId, type Slice } from './_sections.js';
import { softwareMarkdown } from './_software.js';
import { renderUnrecognizedMarkdown } from './_unrecognized.js';
import { buildOutline, cleanupScript, evidenceWhere, noFindingsSentence, plural, severityWords, type FindingView, type ReportOutline } from './outline.js';

/** Templates of lines no component read that the Markdown lists (--unrecognized); the JSON report has every one kept. */
const MD_TEMPLATES = 40;

export interface MarkdownOptions {
  /** Evidence lines shown per finding (the JSON report has them all). */
  maxEvidence?: number;
  /** The timeline, for the slice of each affected sandbox; without it the section is left out. */
  timeline?: Timeline;
}

function fenced(text: string, lang: string, indent = ''): string[] {
  const f = mdFence(text);
  return [`${indent}${f}${lang}`, ...text.split('\n').map((l) => (l ? indent + l : l)), `${indent}${f}`];
}

/** An evidence excerpt: at most 15 lines of at most 400 characters (the JSON report has the whole text). */
function excerpt(text: string): string {
  const lines = text.split('\n');
  const cut = lines.slice(0, 15).map((l) => (l.length > 400 ? `${l.slice(0, 399)}…` : l));
  if (lines.length > 15) cut.push(`… (${lines.length - 15} more lines)`);
  return cut.join('\n');
}

function sandbox(x: FindingView): string {
  if (!x.f.containerId) return 'no sandbox';
  return `sandbox ${mdCode(shortId(x.f.containerId))}${x.pods.length ? ` (${mdText(x.pods.join(', '))})` : ''}`;
}

/** When a finding happened: on the host's clock first when it is known (what its logs show), then in UTC. */
function when(x: FindingView): string {
  if (!x.f.time) return '';
  const at = x.hostTime ? `at ${x.hostTime} host time (${x.f.time})` : `at ${x.f.time}`;
  return x.after ? `${at}, ${x.after.words} after ${mdText(x.after.what)}` : at;
}

function diagnosis(o: ReportOutline): string[] {
  const top = o.diagnosis.top;
  const out: string[] = [];
  if (top) out.push(`**Diagnosis: ${mdText(top.f.title)}** (${top.f.severity}) on ${mdText(top.f.host)}, ${sandbox(top)}${top.f.time ? `, ${when(top)}` : ''}. ${mdText(top.f.summary)}`, '');
  else {
    const skipped = o.diagnosis.rulesSkipped;
    out.push(`**Diagnosis: no findings.** ${noFindingsSentence(o.diagnosis)}${skipped ? ` ${skipped} could not run (see [Rules not run](#rules-not-run)).` : ''}`, '');
  }
  const c = o.counts;
  const where = c.hosts;
  out.push(
    `${c.findings} ${plural(c.findings, 'finding')}${c.findings ? ` (${severityWords(c)}) on ${c.sandboxes} ${plural(c.sandboxes, 'sandbox', 'sandboxes')}` : ''} · ${c.inconclusive} inconclusive · ${c.rulesRan} of ${c.rulesTotal} rules ran · ${c.filesRead} files read from ${where.length ? where.map(mdText).join(', ') : 'no host'}`,
    '',
  );
  return out;
}

function findingSection(x: FindingView, o: ReportOutline, maxEvidence: number, cleanupAnchor: boolean): string[] {
  const { f, n } = x;
  const out: string[] = [`### ${n}. ${mdText(f.title)} (${f.severity})`, ''];
  const facts = [`Rule ${mdCode(f.rule)}`, `host ${mdText(f.host)}`, f.containerId ? `sandbox ${mdCode(f.containerId)}` : 'no sandbox', f.time ? `at ${f.time}${x.hostTime ? ` (host clock ${x.hostTime})` : ''}` : 'no time'];
  if (x.pods.length) facts.splice(3, 0, `pod ${mdText(x.pods.join(', '))}`);
  if (x.after) facts.push(`${x.after.words} after ${mdText(x.after.what)} (${mdCode(x.after.where)})`);
  out.push(facts.join(' · '), '', mdText(f.summary), '');
  if (f.related.length > 0) out.push(`Related on the same sandbox: ${f.related.map((r) => mdCode(r)).join(', ')}.`, '');
  const shown = f.evidence.slice(0, maxEvidence);
  out.push(`**Evidence**${f.evidence.length > shown.length ? ` (first ${shown.length} of ${f.evidence.length}; the JSON report has all)` : ''}:`, '');
  for (const e of shown) {
    const local = o.clock.short(f.host, e.time);
    out.push(`- ${mdCode(evidenceWhere(e))} · ${e.time ?? 'no time'}${local ? ` · host ${local}` : ''}`, '', ...fenced(excerpt(e.text), 'text', '  '), '');
  }
  if (f.remediation.length > 0 && cleanupAnchor) out.push(`Cleanup: in the [cleanup block](#cleanup)${f.containerId ? ` under sandbox ${mdCode(shortId(f.containerId))}` : ''}.`, '');
  else if (f.remediation.length > 0) out.push('What to do:', '', ...f.remediation.map((r) => `- ${mdText(r)}`), '');
  return out;
}

/** "## Findings" and its table; each finding's section follows it (findingSection). */
function findingsTable(o: ReportOutline): string[] {
  const out = ['## Findings', '', '| # | Severity | Rule | Host | Sandbox | Pod | Time (UTC) |', '|---|---|---|---|---|---|---|'];
  for (const { n, f, pods } of o.findings) out.push(`| ${n} | ${f.severity} | ${mdCode(f.rule, true)} | ${mdText(f.host)} | ${f.containerId ? mdCode(shortId(f.containerId), true) : '-'} | ${mdText(pods.join(', ') || '-')} | ${f.time ?? '-'} |`);
  out.push('');
  return out;
}

function cleanup(o: ReportOutline): string[] {
  const groups = o.cleanup;
  if (groups.length === 0) return [];
  const one = groups.length === 1 ? groups[0]! : null;
  const script = cleanupScript(groups, { headers: 'several', pods: true, gap: true, width: 98 });
  return [
    '## Cleanup',
    '',
    `Review before running: podmortem never runs anything. One block for ${one ? `sandbox ${mdCode(shortId(one.containerId))} on ${mdText(one.host)} (${one.rules.map((r) => mdCode(r)).join(', ')})` : `all ${groups.length} sandboxes, each under a comment naming it`}; steps that are not commands are comments.`,
    '',
    ...fenced(script.join('\n').replace(/\r/g, ''), 'sh'),
    '',
  ];
}

/** "## Reboots": each host's reboots inside the logs, when there are any (a sandbox alive at one ended there). */
function reboots(o: ReportOutline): string[] {
  if (o.reboots.length === 0) return [];
  const out = ['## Reboots', '', 'Sandboxes running at a reboot end there: no CNI DEL runs, their network namespaces go, host-local leases on disk stay.', ''];
  out.push('| Host | New boot | First entry (UTC) | Previous boot | Last entry before (UTC) | Seen in |', '|---|---|---|---|---|---|');
  for (const r of o.reboots) {
    const seen = [...new Set(r.evidence.map((e) => `${e.path}:${e.line}`))].map((w) => mdCode(w)).join(', ');
    const last = r.lastBefore ? `${r.lastBefore.time ?? '-'} (${mdCode(`${r.lastBefore.path}:${r.lastBefore.line}`)})` : '-';
    out.push(`| ${mdText(r.host)} | ${r.boot ? mdCode(r.boot) : '-'} | ${r.time ?? '-'} | ${r.previous ? mdCode(r.previous) : '-'} | ${last} | ${seen} |`);
  }
  out.push('');
  return out;
}

function slice(s: Slice, o: ReportOutline): string[] {
  const out = [`### Sandbox ${mdCode(shortId(s.containerId))}${s.pods.length ? ` (${mdText(s.pods.join(', '))})` : ''} on ${mdText(s.host)}`, ''];
  const local = o.clock.zoneOf(s.host) ? ` (host clock ${o.clock.at(s.host, s.from)} to ${o.clock.at(s.host, s.to)})` : '';
  out.push(
    `${isoTime(s.from)} to ${isoTime(s.to)}${local}, ${durationWords(s.to - s.from)}: its events within 5 minutes of its findings, with the host's deploy steps and daemon starts and stops (marked \`host\`).${s.left ? ` ${s.left} more of its events lie outside: ${mdCode(`podmortem timeline --container ${shortId(s.containerId)}`)}.` : ''}`,
    '',
  );
  const kindW = Math.max(...s.events.map((e) => e.kind.length));
  const rows = s.events.map((e) => `${isoTime(e.time)}  ${e.ids.includes(s.containerId) ? '    ' : 'host'}  ${e.kind.padEnd(kindW)}  ${e.source.path}:${e.source.line}  ${oneLine(e.text, 140)}`);
  out.push(...fenced(rows.join('\n'), 'text'), '');
  return out;
}

function inputs(o: ReportOutline): string[] {
  const { read, unread } = o.inputs;
  const out = ['## Inputs read', ''];
  if (read.length > 0) {
    out.push('| File | Format | Host | Lines | Unparsed | Notes |', '|---|---|---|--:|--:|---|');
    for (const i of read) out.push(`| ${mdCode(i.path, true)} | ${i.format} | ${mdText(i.host ?? '-')} | ${i.lines} | ${i.unparsed} | ${mdText(i.notes.join('; ')) || ' '} |`);
  } else out.push('No file could be read.');
  if (unread.length > 0) out.push('', `Not read (${unread.length}):`, '', ...unread.map((i) => `- ${mdCode(i.path)}: ${mdText(i.why)}`));
  out.push('');
  if (o.unrecognized) out.push(...renderUnrecognizedMarkdown(o.unrecognized, MD_TEMPLATES));
  return out;
}

function assumptions(o: ReportOutline): string[] {
  const out = ['## Assumptions', ''];
  if (o.assumptions.length === 0) out.push('None: every instant carried its own year and zone.');
  for (const a of o.assumptions) out.push(`- ${mdText(a.host)}: ${mdText(a.what)} **${mdText(a.value)}** (${mdText(a.basis)})`);
  out.push('');
  if (o.notes.length > 0) out.push('## Notes', '', ...o.notes.map((n) => `- ${mdText(n)}`), '');
  return out;
}

function rulesNotRun(o: ReportOutline): string[] {
  const { skipped, total } = o.rulesNotRun;
  const out = ['## Rules not run', ''];
  if (skipped.length === 0) out.push(`None: all ${total} rules ran.`);
  else out.push(`${skipped.length} of ${total} rules did not run, so the bundle was not checked for what they find:`, '', ...skipped.map((r) => `- ${mdCode(r.id)} (${r.severity}, ${mdText(r.title)}): ${mdText(r.reason ?? 'skipped')}`));
  return [...out, ''];
}

/** "## Inconclusive findings" and its preamble; each finding's section follows it (findingSection). */
function inconclusiveHead(o: ReportOutline): string[] {
  const out = ['## Inconclusive findings', ''];
  if (o.inconclusive.length === 0) return [...out, 'None.', ''];
  out.push('These rules saw a sign but lacked the input to decide; treat them as leads, not findings.', '');
  return out;
}

/** Render the report as Markdown for a ticket (GitHub/GitLab; reads as plain text too). */
export function renderMarkdown(report: Report, opts: MarkdownOptions = {}): string {
  return [...markdownPieces(report, opts)].join('');
}

/**
 * The same text as renderMarkdown, a section or a finding at a time: the Markdown of ten sos nodes is 7 MB, and
 * its lines, their join and the file's bytes held at once were the run's peak (analyze -o writes the pieces as
 * they come). Each piece is its lines, each ending in a newline, as one join of every line plus a newline is.
 */
export function* markdownPieces(report: Report, opts: MarkdownOptions = {}): Generator<string> {
  const maxEvidence = opts.maxEvidence ?? 20;
  const o = buildOutline(report, { timeline: opts.timeline, slices: true });
  const lines = (l: string[]): string => (l.length === 0 ? '' : l.join('\n') + '\n');
  yield lines(['# podmortem report', '', ...diagnosis(o)]);
  if (o.findings.length > 0) {
    yield lines(findingsTable(o));
    for (const x of o.findings) yield lines(findingSection(x, o, maxEvidence, true));
  }
  yield lines(cleanup(o));
  yield lines(reboots(o));
  if (o.slices && o.slices.length > 0) {
    yield lines(['## Timeline of the affected sandboxes', '']);
    for (const s of o.slices) yield lines(slice(s, o));
  }
  yield lines([...softwareMarkdown(o.software), ...inputs(o), ...assumptions(o), ...rulesNotRun(o)]);
  yield lines(inconclusiveHead(o));
  for (const x of o.inconclusive) yield lines(findingSection(x, o, maxEvidence, false));
  yield lines(['---', '', `podmortem ${mdText(o.tool.version)} · ${o.tool.schema} · every piece of evidence is in \`podmortem analyze --format json\``]);
}
