// The "Software" section every report renderer shows (from the outline's software slot): per host, each program's
// versions with when and where seen.

import type { ComponentOut, HostOut, Report } from '../report.js';
import { esc, mdCode, mdText } from './_escape.js';

/** One row of a host's software table, as text every renderer escapes its own way. */
export interface SoftwareRow {
  program: string;
  version: string;
  /** "2024-09-14T03:40:01Z → 2024-09-14T03:45:00Z", "since …", or "-". */
  seen: string;
  /** "path:line" of the first line naming the version (or, for an unknown version, the program's first line). */
  evidence: string;
}

/** The Software section of the report outline: the hosts that have a program to show (null when none has). */
export interface SoftwareSection {
  hosts: HostOut[];
}

/** The hosts that have something to show, or null. */
export function softwareSection(report: Report): SoftwareSection | null {
  const hosts = (report.hosts ?? []).filter((h) => h.components.length > 0);
  return hosts.length === 0 ? null : { hosts };
}

function versionText(c: ComponentOut): string {
  if (c.version === null) return 'unknown (no version line)';
  return c.detail ? `${c.version} (${c.detail})` : c.version;
}

function seenText(c: ComponentOut): string {
  if (c.since === null && c.until === null) return '-';
  if (c.version === null) return `lines ${c.since ?? '?'} → ${c.until ?? '?'}`;
  return c.until === null ? `since ${c.since ?? '?'}` : `${c.since ?? '?'} → ${c.until}`;
}

/** A host's rows, in report order (program, then time). */
export function softwareRows(h: HostOut): SoftwareRow[] {
  return h.components.map((c) => {
    const e = c.evidence[0];
    return { program: c.name, version: versionText(c), seen: seenText(c), evidence: e ? `${e.path}:${e.line}` : '-' };
  });
}

/** The Markdown section (empty when no host has a program to show). */
export function softwareMarkdown(s: SoftwareSection | null): string[] {
  if (!s) return [];
  const hosts = s.hosts;
  const out = ['## Software', ''];
  for (const h of hosts) {
    if (hosts.length > 1 || h.name) out.push(`### ${mdText(h.name || 'unknown host')}`, '');
    out.push('| Program | Version | Seen (UTC) | Evidence |', '|---|---|---|---|');
    for (const r of softwareRows(h)) out.push(`| ${mdText(r.program)} | ${mdText(r.version)} | ${mdText(r.seen)} | ${mdCode(r.evidence, true)} |`);
    out.push('');
  }
  return out;
}

/** The HTML section (empty when no host has a program to show). */
export function softwareHtml(s: SoftwareSection | null): string {
  if (!s) return '';
  const hosts = s.hosts;
  const b = ['<section id="software"><h2>Software</h2>'];
  for (const h of hosts) {
    b.push(`<h3>${esc(h.name || 'unknown host')}</h3>`, '<table class="software"><thead><tr><th>Program</th><th>Version</th><th>Seen (UTC)</th><th>Evidence</th></tr></thead><tbody>');
    for (const r of softwareRows(h)) b.push(`<tr><td>${esc(r.program)}</td><td>${esc(r.version)}</td><td>${esc(r.seen)}</td><td><code>${esc(r.evidence)}</code></td></tr>`);
    b.push('</tbody></table>');
  }
  b.push('</section>');
  return b.join('\n');
}

/** The terminal lines: one per program and version, `fit` cuts each to the width. */
export function softwareLines(s: SoftwareSection | null, fit: (text: string) => string): string[] {
  if (!s) return [];
  const hosts = s.hosts;
  const out = ['Software:'];
  // Short lines: the terminal has the width of a window, the Markdown and HTML reports have the times.
  for (const h of hosts)
    for (const c of h.components) {
      const who = `  ${hosts.length > 1 ? `[${h.name}] ` : ''}${c.name}`;
      const e = c.evidence[0];
      const at = e ? `${e.path.split('/').pop()}:${e.line}` : '-';
      out.push(fit(c.version === null ? `${who}: version unknown (no version line in its logs)` : `${who} ${versionText(c)}${c.until === null ? '' : ` until ${c.until}`} (${at})`));
    }
  return out;
}
