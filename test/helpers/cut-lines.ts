// The test helpers feed formats as ingest does: bytes cut into lines by the real LineCutter (split2's semantics:
// UTF-8 decoded across chunks, no empty last line after a final newline), each line handed over in place when the
// parser reads lines there (lineAt), numbered from 1.

import type { LineParser } from '../../src/formats/types.js';
import { LineCutter } from '../../src/ingest/line-cutter.js';
import { MAX_LINE } from '../../src/ingest/tuning.js';

export interface FeedOptions {
  /** Bytes written to the cutter at once (ingest reads 1 MiB from disk). */
  chunk?: number;
  maxLine?: number;
  /** A line past maxLine: its number and first characters (ingest counts it unparsed). */
  overlong?: (lineNo: number, sample: string) => void;
}

/** Feed `text` to the parser line by line as ingest's reader does, without calling end(); returns the number of lines. */
export function feedLines(parser: LineParser, text: string | Buffer, opts: FeedOptions = {}): number {
  let lineNo = 0;
  const lineAt = parser.lineAt?.bind(parser);
  const cutter = new LineCutter(
    {
      line: (l) => parser.line(l, ++lineNo),
      lineAt:
        lineAt &&
        ((t, start, end) => {
          const n = ++lineNo;
          if (!lineAt(t, start, end, n)) parser.line(t.slice(start, end), n);
        }),
      overlong: (sample) => opts.overlong?.(++lineNo, sample),
    },
    opts.maxLine ?? MAX_LINE,
  );
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const chunk = opts.chunk ?? 1024 * 1024;
  for (let i = 0; i < bytes.length; i += chunk) cutter.write(bytes.subarray(i, i + chunk));
  cutter.end();
  return lineNo;
}
