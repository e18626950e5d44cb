// A rendering written piece by piece (analyze -o) is byte for byte the rendering joined: pieces that straddle the
// reused buffer, multi-byte characters at its edge, a piece bigger than the buffer.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBatches, writePieces } from '../../src/cli/commands/analyze.js';

describe('writePieces', () => {
  it('writes exactly the joined pieces', () => {
    const pieces: string[] = [];
    // ~3 MB in pieces of odd sizes, some with 2-, 3- and 4-byte UTF-8 characters, one of 1.5 MB in the middle.
    for (let k = 0; k < 4000; k++) pieces.push(`{"n":${k},"t":"${'x'.repeat(k % 700)}${k % 3 === 0 ? 'é9月😀' : ''}"}`);
    pieces.splice(2000, 0, 'ü'.repeat(750_000));
    pieces.push('', '\n');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-pieces-'));
    try {
      const file = path.join(dir, 'out.json');
      writePieces(file, pieces);
      expect(readFileSync(file).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('writeBatches (analyze to stdout)', () => {
  it('hands the joined pieces on in order, in batches, and waits for a full stream to drain before the next', async () => {
    const pieces = Array.from({ length: 5000 }, (_, k) => `${k}:${'y'.repeat(k % 97)}é\n`);
    const got: string[] = [];
    let waiting: (() => void) | null = null;
    let waits = 0;
    // A pipe to a slow reader: every write is more than it wants; it drains a tick later.
    const out = {
      write(text: string): boolean {
        expect(waiting).toBeNull();
        got.push(text);
        return false;
      },
      once(_event: 'drain', listener: () => void): void {
        waits++;
        waiting = listener;
        setImmediate(() => {
          waiting = null;
          listener();
        });
      },
    };
    await writeBatches(out, pieces);
    expect(got.join('')).toBe(pieces.join(''));
    expect(got.length).toBeGreaterThan(1);
    expect(got.length).toBeLessThan(pieces.length / 10);
    expect(waits).toBe(got.length);
  });
});
