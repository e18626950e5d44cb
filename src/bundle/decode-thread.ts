// Worker thread that decodes one compressed file on disk (xz, zstd) and sends the decoded bytes back in batches,
// at most DECODE_WINDOW of them unacknowledged: the main thread untars and parses while this one decodes.

import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import { Budget } from './budget.js';
import { decompress, type Compression } from './decompress.js';
import { DECODE_BATCH, DECODE_WINDOW, type FromDecoder, type ToDecoder } from './decode-worker.js';

/** No cap here: the main thread clips and counts what it takes (the window bounds how far this one runs ahead). */
const UNCAPPED = new Budget({ memberBytes: Infinity, runBytes: Infinity, members: Infinity });

const post = (m: FromDecoder, transfer?: ArrayBuffer[]): void => parentPort!.postMessage(m, transfer);

let unacked = 0;
let acked: (() => void) | null = null;

parentPort!.on('message', (m: ToDecoder) => {
  if ('ack' in m) {
    unacked--;
    acked?.();
    acked = null;
  } else void decode(m.abs, m.kind);
});

async function decode(abs: string, kind: Compression): Promise<void> {
  let read = 0;
  const source = createReadStream(abs, { highWaterMark: 1000 * 1000 }).pipe(
    new Transform({
      transform(chunk: Buffer, _e, cb) {
        read += chunk.length;
        cb(null, chunk);
      },
    }),
  );
  const out = decompress(kind, source, UNCAPPED, (broken) => post({ broken }));
  let batch: Buffer[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    if (size === 0) return;
    // A buffer of its own, handed over without a copy (decoded chunks may share theirs, small ones Node's pool).
    const whole = new Uint8Array(size);
    for (let i = 0, at = 0; i < batch.length; at += batch[i]!.length, i++) whole.set(batch[i]!, at);
    // The decoder's own chunks, as decoding on the main thread would have given them.
    const sizes = batch.map((c) => c.length);
    batch = [];
    size = 0;
    while (unacked >= DECODE_WINDOW) await new Promise<void>((resolve) => (acked = resolve));
    unacked++;
    post({ bytes: whole, sizes, read }, [whole.buffer as ArrayBuffer]);
  };
  for await (const chunk of out as AsyncIterable<Buffer>) {
    batch.push(chunk);
    size += chunk.length;
    if (size >= DECODE_BATCH) await flush();
  }
  await flush();
  post({ end: true });
}
