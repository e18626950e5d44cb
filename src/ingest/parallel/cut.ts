// Where a file read apart is cut: at the start of a record line (Format.split.recordStart), never inside a record.

import { promises as fsp } from 'node:fs';
import type { Format } from '../../formats/types.js';

/** Bytes looked at for a record start past the point asked for. */
const LOOK = 256 * 1024;

/**
 * The start of the first record line past `share` of the file, or null when none is found near there. `base`: where
 * the file starts in `abs` (a member of a tar decoded to disk), and where the cut returned is counted from.
 */
export async function cutAt(abs: string, size: number, format: Format, share: number, base = 0): Promise<number | null> {
  const cut = await recordStart(abs, base + Math.floor(size * share), format);
  return cut !== null && cut < base + size ? cut : null;
}

/** The start of the first record line at or past byte `from` of the file, or null when none is found near there. */
export async function recordStart(abs: string, from: number, format: Format): Promise<number | null> {
  const fh = await fsp.open(abs, 'r');
  let text: string;
  try {
    const buf = Buffer.alloc(LOOK);
    const { bytesRead } = await fh.read(buf, 0, buf.length, from);
    text = buf.subarray(0, bytesRead).toString('latin1');
  } finally {
    await fh.close();
  }
  const m = format.split!.recordStart.exec(text);
  return m ? from + m.index + 1 : null;
}
