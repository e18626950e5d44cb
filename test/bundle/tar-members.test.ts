// A tar's small members come read whole (Member.bytes: no stream of their own to open, peek at and drain); bigger
// ones as streams; a small member cut short by the end of a truncated archive comes as a stream of what was there,
// then the error, as every member did before.

import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Budget, CapError } from '../../src/bundle/budget.js';
import { SMALL_MEMBER, tarMembers } from '../../src/bundle/tar.js';
import type { Member } from '../../src/bundle/member.js';

async function tarOf(entries: { name: string; text?: string; type?: 'directory' }[]): Promise<Buffer> {
  const { pack } = await import('tar-stream');
  const p = pack();
  for (const e of entries) p.entry({ name: e.name, type: e.type ?? 'file' }, e.text ?? '');
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

async function text(s: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of s as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString();
}

/** Each member as the archive hands it over: its bytes when read whole, and its content read through open(). */
async function members(tar: Buffer): Promise<{ name: string; kind: string; bytes: string | null; content: string }[]> {
  const out = [];
  for await (const m of tarMembers(Readable.from([tar]))) out.push({ name: m.name, kind: m.kind, bytes: m.bytes?.toString() ?? null, content: await text(await m.open()) });
  return out;
}

describe('tar members', () => {
  it('up to SMALL_MEMBER bytes come read whole, bigger ones as a stream', async () => {
    const big = 'x'.repeat(SMALL_MEMBER) + '\n';
    const small = 'one line\n';
    const exact = 'y'.repeat(SMALL_MEMBER);
    const tar = await tarOf([{ name: 'd', type: 'directory' }, { name: 'd/small', text: small }, { name: 'd/empty' }, { name: 'd/big', text: big }, { name: 'd/exact', text: exact }]);
    expect(await members(tar)).toEqual([
      { name: 'd', kind: 'directory', bytes: null, content: '' },
      { name: 'd/small', kind: 'file', bytes: small, content: small },
      { name: 'd/empty', kind: 'file', bytes: '', content: '' },
      { name: 'd/big', kind: 'file', bytes: null, content: big },
      { name: 'd/exact', kind: 'file', bytes: exact, content: exact },
    ]);
  });

  it('a small member cut short by a truncated archive comes as a stream of what was there, then the error', async () => {
    const tar = await tarOf([{ name: 'first', text: 'whole\n' }, { name: 'cut', text: 'z'.repeat(4000) }]);
    // The second header (512 bytes after the first's 512-byte block of content) and 1000 bytes of its content.
    const cut = tar.subarray(0, 512 + 512 + 512 + 1000);
    const got: Member[] = [];
    let error: Error | null = null;
    const seen: string[] = [];
    try {
      for await (const m of tarMembers(Readable.from([cut]))) {
        got.push(m);
        try {
          seen.push(`${m.name} ${m.bytes !== undefined} ${(await text(await m.open())).length}`);
        } catch (e) {
          seen.push(`${m.name} ${m.bytes !== undefined} error: ${(e as Error).message}`);
        }
      }
    } catch (e) {
      error = e as Error;
    }
    expect(seen[0]).toBe('first true 6');
    expect(seen[1]).toMatch(/^cut false error: /);
    expect(got).toHaveLength(2);
    expect(error).not.toBeNull();
  });

  it("counted against the run's cap by position: the same members and bytes, cut at the same byte, whatever the chunks", async () => {
    const tar = await tarOf([
      { name: 'd', type: 'directory' },
      { name: 'd/small', text: 'one\ntwo\n' },
      { name: 'd/big', text: 'line of a log\n'.repeat(3000) },
      { name: 'd/exact', text: 'y'.repeat(1024) },
      { name: 'd/last', text: 'x'.repeat(SMALL_MEMBER + 7) },
    ]);
    /** What the archive hands on under a cap of `cap` bytes, the tar coming in chunks of `sizes` (cycled). */
    const read = async (cap: number, sizes: number[]): Promise<string[]> => {
      const chunks: Buffer[] = [];
      for (let at = 0, i = 0; at < tar.length; at += sizes[i++ % sizes.length]!) chunks.push(tar.subarray(at, at + sizes[i % sizes.length]!));
      const budget = new Budget({ memberBytes: Infinity, runBytes: cap, members: Infinity });
      const out: string[] = [];
      try {
        for await (const m of tarMembers(Readable.from(chunks, { objectMode: false }), { take: (n) => budget.take(n), cut: () => false, message: () => 'cap' })) {
          out.push(`${m.name} ${(await text(await m.open())).length} ${m.cut?.() ?? false}`);
        }
        out.push('end');
      } catch (e) {
        out.push(e instanceof CapError ? 'cap' : `error ${(e as Error).message}`);
      }
      out.push(`counted ${budget.runBytes}`);
      return out;
    };
    const all = await read(tar.length, [tar.length]);
    expect(all.slice(-2)).toEqual(['end', `counted ${tar.length}`]);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: tar.length + 10 }), fc.array(fc.integer({ min: 1, max: 9000 }), { minLength: 1, maxLength: 8 }), async (cap, sizes) => {
        const got = await read(cap, sizes);
        expect(got).toEqual(await read(cap, [tar.length]));
        // Counted up to the cap exactly (or all of it), and a member handed on as far as the cap.
        expect(got[got.length - 1]).toBe(`counted ${Math.min(cap, tar.length)}`);
        if (cap < tar.length) expect(got[got.length - 2]).toBe('cap');
      }),
      { numRuns: 200 },
    );
  });
});
