// The first bytes of every input, for sniffing its format, and the sos link placeholders found in them.

import { promises as fsp } from 'node:fs';
import { Readable } from 'node:stream';
import type { SourceFile } from '../bundle/discover.js';
import { HEAD_BYTES } from '../sniff/sniff.js';
import { readAt } from '../bundle/xz-file.js';

/** An input's head: its first bytes, the stream that replays them and the rest (null: read from disk), and whether more follows. */
export interface Opened {
  bytes: Buffer;
  stream: Readable | null;
  more: boolean;
}

/** The head of a file as discovery hands it over: read already, on disk, or a stream. */
export async function open(file: SourceFile): Promise<Opened> {
  if (file.bytes !== undefined) return { bytes: file.bytes.subarray(0, HEAD_BYTES), stream: null, more: file.bytes.length > HEAD_BYTES };
  // A member of an archive decoded to disk: its head from there, its stream (from its start) not read unless wanted.
  if (file.region !== undefined) {
    const { abs, start, size } = file.region;
    return { bytes: readAt(abs, start, Math.min(size, HEAD_BYTES)), stream: file.open(), more: size > HEAD_BYTES };
  }
  return file.abs && file.size !== null ? await peekFile(file.abs, file.size) : await peek(file.open());
}

/** sos replaces some files by links ("hostname" → sos_commands/host/hostname); copies may keep the target as text. */
export function linkPlaceholder(lines: string[], file: SourceFile): string | null {
  if (lines.length !== 1) return null;
  const target = lines[0]!.trim();
  if (!/^[\w.-]+(\/[\w.-]+)+$/.test(target) || target.includes('..')) return null;
  return file.exists(target) ? target : null;
}

/** The first bytes of a file on disk, for sniffing. */
async function peekFile(abs: string, size: number): Promise<Opened> {
  const fh = await fsp.open(abs, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size, HEAD_BYTES));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return { bytes: buf.subarray(0, bytesRead), stream: null, more: size > HEAD_BYTES };
  } finally {
    await fh.close();
  }
}

/** Read the first bytes of a stream for sniffing, and give back a stream that replays them. */
async function peek(source: Readable): Promise<Opened> {
  const chunks: Buffer[] = [];
  let total = 0;
  const it = source[Symbol.asyncIterator]();
  let done = false;
  while (total < HEAD_BYTES) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const c = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value as string);
    chunks.push(c);
    total += c.length;
  }
  const head = Buffer.concat(chunks);
  const stream = Readable.from(
    (async function* () {
      yield head;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value as Buffer;
      }
    })(),
    { objectMode: false },
  );
  return { bytes: head.subarray(0, HEAD_BYTES), stream, more: !done || head.length > HEAD_BYTES };
}
