// Small files on disk read whole in one synchronous read into one reused buffer: a sos report holds thousands
// of them (/proc and /sys values, /etc configs), and opening, peeking and reading each through the thread pool
// (open, read, close awaited one at a time, twice) cost more than their bytes.

import { closeSync, openSync, readSync } from 'node:fs';

/** Files on disk up to this size are read whole at once (see readSmall). */
export const SMALL_FILE = 64 * 1024;

/** One more byte than a small file: a read that fills it means the file grew past SMALL_FILE. */
const buffer = Buffer.allocUnsafe(SMALL_FILE + 1);

/**
 * The whole file at `abs`, or null when it holds more than SMALL_FILE bytes now. The bytes live in a buffer the
 * next call reuses: valid until then, so a consumer that keeps them must copy them. Throws when the file cannot be read.
 */
export function readSmall(abs: string): Buffer | null {
  const fd = openSync(abs, 'r');
  try {
    let got = 0;
    for (let n = -1; n !== 0 && got < buffer.length; got += n) n = readSync(fd, buffer, got, buffer.length - got, got);
    return got > SMALL_FILE ? null : buffer.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}
