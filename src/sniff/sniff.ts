// Reads the first bytes of a file once and picks a format: content first, file name as a hint.

import { FORMATS } from '../formats/index.js';
import type { Format, Head } from '../formats/types.js';

export const HEAD_BYTES = 16 * 1024;

export type SniffResult = { format: Format; why: string } | { format: null; why: string };

/** Decode head bytes as text (the last, possibly cut, line dropped when more follows). */
export function headFromBytes(bytes: Buffer, displayPath: string, more: boolean): Head {
  let lines = bytes.toString('utf8').split('\n');
  if (more && lines.length > 1) lines = lines.slice(0, -1);
  lines = lines.slice(0, 64);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return { path: displayPath, text: lines.join('\n'), lines };
}

const COMPRESSED: [string, number[]][] = [
  ['gzip', [0x1f, 0x8b]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
];

/** Control bytes other than NUL, TAB, LF, VT, FF, CR, ESC and RS: binary data has many, text with NUL holes almost none. */
function controlBytes(bytes: Buffer): number {
  let n = 0;
  for (const b of bytes) if ((b < 0x20 && b !== 0 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b && b !== 0x1e) || b === 0x7f) n++;
  return n;
}

/** A text format for a head whose only binary bytes are NUL runs, detected on its lines without NUL; null otherwise. */
function nulHoledText(head: Head, bytes: Buffer): SniffResult | null {
  let nuls = 0;
  for (const b of bytes) if (b === 0) nuls++;
  const rest = bytes.length - nuls;
  if (rest < 64 || controlBytes(bytes) > rest / 200) return null;
  const text = bytes.toString('utf8');
  let replaced = 0;
  for (const ch of text) if (ch === '\ufffd') replaced++;
  if (replaced > rest / 50) return null;
  const lines = head.lines.filter((l) => !l.includes('\0'));
  if (lines.length === 0) return null;
  const clean: Head = { path: head.path, text: lines.join('\n'), lines };
  let best: { format: Format; score: number; why: string } | null = null;
  for (const format of FORMATS) {
    if (format.lastResort) continue;
    let d;
    try {
      d = format.detect(clean);
    } catch {
      d = null;
    }
    if (d && d.score >= 0.5 && (!best || d.score > best.score)) best = { format, score: d.score, why: d.why };
  }
  return best ? { format: best.format, why: `${best.why}; NUL bytes in the head (a crash or preallocation hole): the lines holding them are counted unparsed` } : null;
}

/** Choose the format for a head; the reason is kept for `inspect` and the report. */
export function sniff(head: Head, bytes: Buffer): SniffResult {
  for (const [name, magic] of COMPRESSED) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) return { format: null, why: `${name} data that could not be opened here (bzip2 is not supported; a zip needs random access, so not inside a stream)` };
  }
  if (bytes.length === 0) return { format: null, why: 'empty file' };
  // NUL bytes: only formats that read raw bytes (journal export's binary field lengths) may claim the file.
  const binary = bytes.includes(0);
  let best: { format: Format; score: number; why: string } | null = null;
  for (const format of FORMATS) {
    if ((binary && !format.openBytes) || format.lastResort) continue;
    let d;
    try {
      d = format.detect(head);
    } catch (e) {
      d = null;
    }
    if (d && d.score >= 0.5 && (!best || d.score > best.score)) best = { format, score: d.score, why: d.why };
  }
  if (best) return { format: best.format, why: best.why };
  if (binary) {
    // A text log with a NUL run (the hole a crash leaves in /var/log/messages, a preallocated file) was refused
    // whole: text formats may claim it from its lines without NULs, which are then counted unparsed.
    const text = nulHoledText(head, bytes);
    if (text) return text;
    return { format: null, why: 'binary content (NUL bytes)' };
  }
  // The last resort: log records after an envelope no format knows (a CI stamp, a log viewer's time, a chat
  // decoration), each line's body read by the format that knows it. Asked only here: it costs a search per line.
  for (const format of FORMATS) {
    const d = format.lastResort ? format.detect(head) : null;
    if (d !== null) return { format, why: d.why };
  }
  return { format: null, why: 'content matches no known format' };
}
