// Ticket-ready Markdown: diagnosis first, findings, evidence with path:line, one cleanup block, timeline slices, coverage.

import type { EvidenceOut, FindingOut, Report } from '../report.js';
import type { Timeline } from '../timeline/timeline.js';
import { isoTime } from '../report.js';
import { mdCode, mdFence, mdText } from './_escape.js';
import { renderUnrecognizedMarkdown } from './_unrecognized.js';
import { softwareMarkdown } from './_software.js';

/** Templates of lines no component read that the Markdown lists (--unrecognized); the JSON report has every one kept. */
const MD_TEMPLATES = 40;
import { cleanupGroups, numbered, oneLine, podsOf, shortId, skippedRules, timelineSlices, wrap, type Numbered } from './_sections.js';

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

function where(e: EvidenceOut): string {
  return `${e.path}:${e.line}${e.endLine ? `-${e.endLine}` : ''}`;
}

function sandbox(report: Report, f: FindingOut): string {
  if (!f.containerId) return 'no sandbox';
  const pods = podsOf(report, f.host, f.containerId);
  return `sandbox ${mdCode(shortId(f.containerId))}${pods.length ? ` (${mdText(pods.join(', '))})` : ''}`;
}

function counts(list: Numbered[]): string {
  const by = new Map<string, number>();
  for (const { f } of list) by.set(f.severity, (by.get(f.severity) ?? 0) + 1);
  return [...by].map(([s, n]) => `${n} ${s}`).join(', ');
}

function findingSection(report: Report, x: Numbered, maxEvidence: number, cleanupAnchor: boolean): string[] {
  const { f, n } = x;
  const out: string[] = [`### ${n}. ${mdText(f.title)} (${f.severity})`, ''];
  const facts = [`Rule ${mdCode(f.rule)}`, `host ${mdText(f.host)}`, f.containerId ? `sandbox ${mdCode(f.containerId)}` : 'no sandbox', f.time ? `at ${f.time}` : 'no time'];
  const pods = podsOf(report, f.host, f.containerId);
  if (pods.length) facts.splice(3, 0, `pod ${mdText(pods.join(', '))}`);
  out.push(facts.join(' · '), '', mdText(f.summary), '');
  if (f.related.length > 0) out.push(`Related on the same sandbox: ${f.related.map((r) => mdCode(r)).join(', ')}.`, '');
  const shown = f.evidence.slice(0, maxEvidence);
  out.push(`**Evidence**${f.evidence.length > shown.length ? ` (first ${shown.length} of ${f.evidence.length}; the JSON report has all)` : ''}:`, '');
  for (const e of shown) out.push(`- ${mdCode(where(e))} · ${e.time ?? 'no time'}`, '', ...fenced(excerpt(e.text), 'text', '  '), '');
  if (f.remediation.length > 0 && cleanupAnchor) out.push(`Cleanup: in the [cleanup block](#cleanup)${f.containerId ? ` under sandbox ${mdCode(shortId(f.containerId))}` : ''}.`, '');
  else if (f.remediation.length > 0) out.push('What to do:', '', ...f.remediation.map((r) => `- ${mdText(r)}`), '');
  return out;
}

/** Render the report as Markdown for a ticket (GitHub/GitLab; reads as plain text too). */
/** "## Reboots": each host's reboots inside the logs, when there are any (a sandbox alive at one ended there). */
function rebootSection(report: Report): string[] {
  const list = report.reboots ?? [];
  if (list.length === 0) return [];
  const out = ['## Reboots', '', 'Sandboxes running at a reboot end there: no CNI DEL runs, their network namespaces go, host-local leases on disk stay.', ''];
  out.push('| Host | New boot | First entry (UTC) | Previous boot | Last entry before (UTC) | Seen in |', '|---|---|---|---|---|---|');
  for (const r of list) {
    const seen = [...new Set(r.evidence.map((e) => `${e.path}:${e.line}`))].map((w) => mdCode(w)).join(', ');
    const last = r.lastBefore ? `${r.lastBefore.time ?? '-'} (${mdCode(`${r.lastBefore.path}:${r.lastBefore.line}`)})` : '-';
    out.push(`| ${mdText(r.host)} | ${r.boot ? mdCode(r.boot) : '-'} | ${r.time ?? '-'} | ${r.previous ? mdCode(r.previous) : '-'} | ${last} | ${seen} |`);
  }
  out.push('');
  return out;
}

export function renderMarkdown(report: Report, opts: MarkdownOptions = {}): string {
  const maxEvidence = opts.maxEvidence ?? 20;
  const list = numbered(report);
  const main = list.filter((x) => !x.inconclusive);
  const unsure = list.filter((x) => x.inconclusive);
  const skipped = skippedRules(report);
  const ran = report.rules.length - skipped.length;
  const read = report.inputs.filter((i) => i.format);
  const out: string[] = ['# podmortem report', ''];

  const top = main[0]?.f;
  if (top) out.push(`**Diagnosis: ${mdText(top.title)}** (${top.severity}) on ${mdText(top.host)}, ${sandbox(report, top)}. ${mdText(top.summary)}`, '');
  else out.push(`**Diagnosis: no findings.** None of the ${ran} rules that ran found a broken sandbox setup or teardown or the state one leaves.${skipped.length ? ` ${skipped.length} could not run (see [Rules not run](#rules-not-run)).` : ''}`, '');
  const sandboxes = new Set(main.filter((x) => x.f.containerId).map((x) => `${x.f.host}|${x.f.containerId}`)).size;
  const hosts = [...new Set(read.map((i) => i.host ?? '').filter(Boolean))].sort();
  out.push(
    `${main.length} finding${main.length === 1 ? '' : 's'}${main.length ? ` (${counts(main)}) on ${sandboxes} sandbox${sandboxes === 1 ? '' : 'es'}` : ''} · ${unsure.length} inconclusive · ${ran} of ${report.rules.length} rules ran · ${read.length} files read from ${hosts.length ? hosts.map(mdText).join(', ') : 'no host'}`,
    '',
  );

  if (main.length > 0) {
    out.push('## Findings', '', '| # | Severity | Rule | Host | Sandbox | Pod | Time (UTC) |', '|---|---|---|---|---|---|---|');
    for (const { n, f } of main) out.push(`| ${n} | ${f.severity} | ${mdCode(f.rule, true)} | ${mdText(f.host)} | ${f.containerId ? mdCode(shortId(f.containerId), true) : '-'} | ${mdText(podsOf(report, f.host, f.containerId).join(', ') || '-')} | ${f.time ?? '-'} |`);
    out.push('');
    for (const x of main) out.push(...findingSection(report, x, maxEvidence, true));
  }

  const groups = cleanupGroups(main);
  if (groups.length > 0) {
    out.push('## Cleanup', '');
    const one = groups.length === 1 ? groups[0]! : null;
    out.push(
      `Review before running: podmortem never runs anything. One block for ${one ? `sandbox ${mdCode(shortId(one.containerId))} on ${mdText(one.host)} (${one.rules.map((r) => mdCode(r)).join(', ')})` : `all ${groups.length} sandboxes, each under a comment naming it`}; steps that are not commands are comments.`,
      '',
    );
    const lines: string[] = [];
    for (const g of groups) {
      if (!one) {
        if (lines.length) lines.push('');
        const pods = podsOf(report, g.host, g.containerId);
        lines.push(`# ${g.containerId ? `sandbox ${shortId(g.containerId)}${pods.length ? ` (${pods.join(', ')})` : ''}` : 'no sandbox'} on ${g.host}: ${g.rules.join(', ')}`);
      }
      lines.push(...g.commands);
      for (const s of g.steps) lines.push(...wrap(s, 98).map((l) => `# ${l}`));
    }
    out.push(...fenced(lines.join('\n').replace(/\r/g, ''), 'sh'), '');
  }

  out.push(...rebootSection(report));

  if (opts.timeline) {
    const slices = timelineSlices(report, opts.timeline, main);
    if (slices.length > 0) {
      out.push('## Timeline of the affected sandboxes', '');
      for (const s of slices) {
        out.push(`### Sandbox ${mdCode(shortId(s.containerId))}${s.pods.length ? ` (${mdText(s.pods.join(', '))})` : ''} on ${mdText(s.host)}`, '');
        out.push(
          `${isoTime(s.from)} to ${isoTime(s.to)}: its events within 5 minutes of its findings, with the host's deploy steps and daemon starts and stops (marked \`host\`).${s.left ? ` ${s.left} more of its events lie outside: ${mdCode(`podmortem timeline --container ${shortId(s.containerId)}`)}.` : ''}`,
          '',
        );
        const kindW = Math.max(...s.events.map((e) => e.kind.length));
        const rows = s.events.map((e) => `${isoTime(e.time)}  ${e.ids.includes(s.containerId) ? '    ' : 'host'}  ${e.kind.padEnd(kindW)}  ${e.source.path}:${e.source.line}  ${oneLine(e.text, 140)}`);
        out.push(...fenced(rows.join('\n'), 'text'), '');
      }
    }
  }

  out.push(...softwareMarkdown(report));
  out.push('## Inputs read', '');
  if (read.length > 0) {
    out.push('| File | Format | Host | Lines | Unparsed | Notes |', '|---|---|---|--:|--:|---|');
    for (const i of read) out.push(`| ${mdCode(i.path, true)} | ${i.format} | ${mdText(i.host ?? '-')} | ${i.lines} | ${i.unparsed} | ${mdText(i.notes.join('; ')) || ' '} |`);
  } else out.push('No file could be read.');
  const unread = report.inputs.filter((i) => !i.format);
  if (unread.length > 0) out.push('', `Not read (${unread.length}):`, '', ...unread.map((i) => `- ${mdCode(i.path)}: ${mdText(i.why)}`));
  out.push('');
  if (report.unrecognized) out.push(...renderUnrecognizedMarkdown(report.unrecognized, MD_TEMPLATES));

  out.push('## Assumptions', '');
  if (report.assumptions.length === 0) out.push('None: every instant carried its own year and zone.');
  for (const a of report.assumptions) out.push(`- ${mdText(a.host)}: ${mdText(a.what)} **${mdText(a.value)}** (${mdText(a.basis)})`);
  out.push('');
  if (report.notes.length > 0) out.push('## Notes', '', ...report.notes.map((n) => `- ${mdText(n)}`), '');

  out.push('## Rules not run', '');
  if (skipped.length === 0) out.push(`None: all ${report.rules.length} rules ran.`);
  else out.push(`${skipped.length} of ${report.rules.length} rules did not run, so the bundle was not checked for what they find:`, '', ...skipped.map((r) => `- ${mdCode(r.id)} (${r.severity}, ${mdText(r.title)}): ${mdText(r.reason ?? 'skipped')}`));
  out.push('');

  out.push('## Inconclusive findings', '');
  if (unsure.length === 0) out.push('None.', '');
  else {
    out.push('These rules saw a sign but lacked the input to decide; treat them as leads, not findings.', '');
    for (const x of unsure) out.push(...findingSection(report, x, maxEvidence, false));
  }

  out.push('---', '', `podmortem ${mdText(report.tool.version)} · ${report.schema} · every piece of evidence is in \`podmortem analyze --format json\``);
  return out.join('\n') + '\n';
}
