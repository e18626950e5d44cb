// podmortem.report/v1 as JSON: keys in contract order, two-space indent, trailing newline.

import type { Report } from '../report.js';

/** Render the report as stable JSON. */
export function renderJson(report: Report): string {
  return [...jsonPieces(report)].join('');
}

/**
 * The same text as renderJson, in pieces: a report of tens of thousands of findings is a string of hundreds of
 * MB (twice that when it holds one non-Latin-1 character, then its UTF-8 copy for the file); written piece by
 * piece it never exists whole. Byte for byte `JSON.stringify(report, null, 2) + '\n'`: the report's arrays are
 * cut into their elements, each stringified and indented to its depth (JSON strings hold no raw newline).
 */
export function* jsonPieces(report: Report): Generator<string> {
  const keys = Object.keys(report).filter((k) => isJsonValue((report as unknown as Record<string, unknown>)[k]));
  if (keys.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = (report as unknown as Record<string, unknown>)[key];
    yield `\n  ${JSON.stringify(key)}: `;
    if (Array.isArray(value) && value.length > 0) {
      yield '[';
      for (let j = 0; j < value.length; j += BATCH) yield (j === 0 ? '' : ',') + elementsAtDepth2(value.slice(j, j + BATCH));
      yield '\n  ]';
    } else yield indented(value, '  ');
    if (i < keys.length - 1) yield ',';
  }
  yield '\n}\n';
}

/** Array elements stringified at a time: one call and no re-indenting each (a report's 8,000 containers took 60-80 ms one by one, 15-30 ms so). */
const BATCH = 128;

/**
 * Elements of an array member of the report as JSON.stringify(report, null, 2) writes them, each on a new line
 * at depth 2: a list nested in a list puts its elements at that depth, and its brackets ("[\n  [" and "\n  ]\n]")
 * are cut off.
 */
function elementsAtDepth2(elements: unknown[]): string {
  const s = JSON.stringify([elements], null, 2);
  return s.slice(5, s.length - 6);
}

/** What JSON.stringify writes for an object member (undefined, functions and symbols are left out). */
function isJsonValue(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}

/** A value as JSON.stringify(v, null, 2) writes it at a depth whose lines start with `pad`; array holes and undefined elements are null. */
function indented(v: unknown, pad: string): string {
  return (JSON.stringify(v, null, 2) ?? 'null').replace(/\n/g, '\n' + pad);
}
