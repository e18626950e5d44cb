// A tar's small members come read whole (Member.bytes: no stream of their own to open, peek at and drain); bigger
// ones as streams; a small member cut short by the end of a truncated archive comes as a stream of what was there,
// then the error, as every member did before.

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
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
});
