// podmortem.report/v1 as JSON: keys in contract order, two-space indent, trailing newline.

import type { Report } from '../report.js';

/** Render the report as stable JSON. */
export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
