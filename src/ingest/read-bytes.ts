// The binary formats' reading loop (journal export, journal files): the raw bytes go to the format, lines are
// counted as split2 would (or as the format counts its units), and the file is abandoned after ABANDON_AFTER
// unparsed records in a row.

import type { InputStat } from '../diagnostics/counters.js';
import type { ByteParser, FormatContext } from '../formats/types.js';
import type { AbandonWatch } from './abandon.js';
import { ABANDON_AFTER } from './tuning.js';

const LF = 0x0a;

/** Read every byte of `input` into the parser. */
export async function readBytes(input: AsyncIterable<Buffer> | Iterable<Buffer>, parser: ByteParser, ctx: FormatContext, stat: InputStat, watch: AbandonWatch, formatId: string, capped?: () => string | null): Promise<void> {
  let last = LF;
  try {
    for await (const chunk of input) {
      for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, i + 1)) stat.lines++;
      if (chunk.length > 0) last = chunk[chunk.length - 1]!;
      if (watch.abandoned) continue;
      const records = stat.records;
      try {
        parser.write(chunk);
      } catch (e) {
        ctx.note(`parser error: ${(e as Error).message}`);
        watch.abandoned = true;
      }
      if (stat.records > records) watch.run = 0;
      if (!watch.abandoned && watch.run >= ABANDON_AFTER) {
        watch.abandoned = true;
        ctx.note(`abandoned after ${ABANDON_AFTER} consecutive unparsed lines near line ${stat.lines}: probably not ${formatId}; the remaining lines were counted, not read`);
      }
    }
    // Cut by the run's cap (SourceFile.capped): said as a read that stopped.
    const why = capped?.() ?? null;
    if (why !== null) ctx.note(`reading stopped after line ${stat.lines}: ${why}`);
  } catch (e) {
    ctx.note(`reading stopped after line ${stat.lines}: ${(e as Error).message}`);
  }
  if (last !== LF) stat.lines++;
  try {
    if (!watch.abandoned) parser.end();
  } catch (e) {
    ctx.note(`parser error at end of file: ${(e as Error).message}`);
  }
  if (parser.units) stat.lines = parser.units();
}
