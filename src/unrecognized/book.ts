// The tally of what no component read: lines of the followed daemons by template, with a count and the first
// place each was seen. Bounded: past MAX_TEMPLATES distinct templates a new one's lines are counted, not kept.

import { own } from '../events/own.js';
import { compareText } from '../text-order.js';
import { keyOfTemplate, templateKey, templateOf } from './template.js';

/** Distinct templates kept for a run; real logs of one node hold a few hundred at most. */
export const MAX_TEMPLATES = 2000;
/** Characters of the first line kept as an example. */
const EXAMPLE_MAX = 240;

export interface TemplateRow {
  /** The daemon the lines came from (the identifier, or the body's shape in a plain file: logrus, klog). */
  daemon: string;
  template: string;
  count: number;
  /** Where the template was seen first (the earliest line of the first file, in path order). */
  path: string;
  line: number;
  /** That line's message. */
  example: string;
}

/** What a book holds, as plain data (a worker sends it; the report prints it). */
export interface Unrecognized {
  /** Lines of followed daemons that no component turned into an event. */
  lines: number;
  /** Lines whose template came past the cap: counted here, in no row. */
  overflow: number;
  /** The cap on distinct templates. */
  cap: number;
  /** Most lines first, then by template. */
  templates: TemplateRow[];
}

export class UnrecognizedBook {
  /** Rows by daemon, then by their template's key (see templateKey): no string made per line. */
  private readonly rows = new Map<string, Map<number, TemplateRow>>();
  private size = 0;
  lines = 0;
  overflow = 0;

  /** Count the message text[start, end) of `daemon`, read at path:line. */
  add(daemon: string, text: string, start: number, end: number, path: string, line: number): void {
    this.lines++;
    const key = templateKey(text, start, end);
    let byTemplate = this.rows.get(daemon);
    if (byTemplate === undefined) this.rows.set(daemon, (byTemplate = new Map()));
    const row = byTemplate.get(key);
    if (row !== undefined) {
      row.count++;
      return;
    }
    if (this.size >= MAX_TEMPLATES) {
      this.overflow++;
      return;
    }
    this.size++;
    const nl = text.indexOf('\n', start);
    const stop = Math.min(nl === -1 || nl > end ? end : nl, start + EXAMPLE_MAX);
    const t = own(templateOf(text, start, end));
    byTemplate.set(key, { daemon, template: t, count: 1, path, line, example: own(text.slice(start, stop)) });
  }

  /**
   * Add what another book counted: a later part of the same file (its lines numbered `shift` lines on), or
   * another file. The first place of a template is the earliest line of the first file in path order.
   */
  merge(other: Unrecognized, shift = 0): void {
    this.lines += other.lines;
    this.overflow += other.overflow;
    for (const r of other.templates) {
      let byTemplate = this.rows.get(r.daemon);
      if (byTemplate === undefined) this.rows.set(r.daemon, (byTemplate = new Map()));
      const key = keyOfTemplate(r.template);
      const row = byTemplate.get(key);
      if (row === undefined) {
        if (this.size >= MAX_TEMPLATES) {
          this.overflow += r.count;
          continue;
        }
        this.size++;
        byTemplate.set(key, { ...r, line: r.line + shift });
        continue;
      }
      row.count += r.count;
      if (r.path !== row.path && compareText(r.path, row.path) < 0) {
        row.path = r.path;
        row.line = r.line + shift;
        row.example = r.example;
      }
    }
  }

  /** The tally as plain data, rows sorted: most lines first, then template, then daemon. */
  result(): Unrecognized {
    const templates: TemplateRow[] = [];
    for (const byTemplate of this.rows.values()) for (const r of byTemplate.values()) templates.push(r);
    templates.sort((a, b) => b.count - a.count || compareText(a.template, b.template) || compareText(a.daemon, b.daemon) || (a.template < b.template ? -1 : a.template > b.template ? 1 : 0));
    return { lines: this.lines, overflow: this.overflow, cap: MAX_TEMPLATES, templates };
  }
}
