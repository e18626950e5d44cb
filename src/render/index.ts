// Every output format, by id: one pure function each from the analysis (report + timeline) to text.

import type { Analysis } from '../report.js';
import { csvPieces, renderCsv } from './csv.js';
import { htmlPieces, renderHtml } from './html/page.js';
import { jsonPieces, renderJson } from './json.js';
import { jsonlPieces, renderJsonl } from './jsonl.js';
import { markdownPieces, renderMarkdown } from './markdown.js';
import { renderTable } from './table.js';

export interface RenderOptions {
  /** Evidence lines per finding (md). */
  maxEvidence: number;
  /** ANSI colours for severities (table). */
  color: boolean;
  /** Terminal width (table). */
  width: number;
}

export interface Renderer {
  /** One line for --help. */
  title: string;
  /** What it renders: the findings report or every timeline event. */
  subject: 'report' | 'timeline';
  render(a: Analysis, o: RenderOptions): string;
  /** The same text in pieces, for renderings too big to hold as one string (written to a file piece by piece). */
  pieces?(a: Analysis, o: RenderOptions): Iterable<string>;
}

/** The renderers, keys sorted. */
export const RENDERERS = {
  csv: { title: 'timeline as CSV with Timesketch columns (RFC 4180)', subject: 'timeline', render: (a) => renderCsv(a.timeline.events), pieces: (a) => csvPieces(a.timeline.events) },
  html: { title: 'self-contained HTML page with a swimlane timeline', subject: 'report', render: (a) => renderHtml(a.report, a.timeline), pieces: (a) => htmlPieces(a.report, a.timeline) },
  json: { title: 'podmortem.report/v1 JSON', subject: 'report', render: (a) => renderJson(a.report), pieces: (a) => jsonPieces(a.report) },
  jsonl: { title: 'timeline as JSON Lines with Timesketch columns', subject: 'timeline', render: (a) => renderJsonl(a.timeline.events), pieces: (a) => jsonlPieces(a.timeline.events) },
  md: { title: 'ticket-ready Markdown', subject: 'report', render: (a, o) => renderMarkdown(a.report, { maxEvidence: o.maxEvidence, timeline: a.timeline }), pieces: (a, o) => markdownPieces(a.report, { maxEvidence: o.maxEvidence, timeline: a.timeline }) },
  table: { title: 'terminal summary', subject: 'report', render: (a, o) => renderTable(a.report, { color: o.color, width: o.width, timeline: a.timeline }) },
} satisfies Record<string, Renderer>;

export type RendererId = keyof typeof RENDERERS;

/** Renderer ids, sorted. */
export const RENDERER_IDS = Object.keys(RENDERERS).sort() as RendererId[];

/** Whether a string names a renderer. */
export function isRendererId(id: string): id is RendererId {
  return Object.hasOwn(RENDERERS, id);
}
