// The "not understood" section: the followed daemons' lines no component read, by template, as text and Markdown.

import type { Unrecognized } from '../unrecognized/book.js';
import { mdCode, mdText } from './_escape.js';

/** The sentence above the list: how many lines, templates, and what was left out. */
function summary(u: Unrecognized, shown: number): string {
  const templates = u.templates.length;
  let s = `${u.lines} line${u.lines === 1 ? '' : 's'} of followed daemons (dockerd, containerd, cri-dockerd, kubelet) no component read, in ${templates} template${templates === 1 ? '' : 's'}`;
  if (u.overflow > 0) s += ` and ${u.overflow} more line${u.overflow === 1 ? '' : 's'} past the cap of ${u.cap} templates`;
  if (shown < templates) s += `; the ${shown} most frequent below`;
  return s + '.';
}

/** Plain text (inspect's table output): count, daemon, first place, template, one per line. */
export function renderUnrecognizedText(u: Unrecognized, max: number): string {
  const shown = Math.min(max, u.templates.length);
  const out = [`Not understood: ${summary(u, shown)}`];
  if (shown === 0) return out.join('\n');
  const width = String(u.templates[0]!.count).length;
  for (const r of u.templates.slice(0, shown)) out.push(`${String(r.count).padStart(width)}  ${r.daemon}  ${r.path}:${r.line}\n${' '.repeat(width + 2)}${r.template}`);
  return out.join('\n');
}

/** Markdown section (analyze --format md --unrecognized). */
export function renderUnrecognizedMarkdown(u: Unrecognized, max: number): string[] {
  const shown = Math.min(max, u.templates.length);
  const out = ['## Not understood', '', summary(u, shown) + ' Each is a template of lines podmortem may be blind to: IDs, numbers, IPs, durations and quoted values are masked.', ''];
  if (shown === 0) return out;
  out.push('| Lines | Daemon | First seen | Template |', '|---:|---|---|---|');
  for (const r of u.templates.slice(0, shown)) out.push(`| ${r.count} | ${mdText(r.daemon)} | ${mdCode(`${r.path}:${r.line}`, true)} | ${mdCode(r.template, true)} |`);
  out.push('');
  return out;
}
