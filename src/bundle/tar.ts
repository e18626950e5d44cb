// tar-stream adapter: members in archive order, each one's bytes readable once, the rest drained by the archive.

import { Readable } from 'node:stream';
import type * as TarStream from 'tar-stream';
import { lazy } from '../lazy.js';
import { HEAD_BYTES } from '../sniff/sniff.js';
import type { Member, MemberKind } from './member.js';

const tar = lazy<typeof TarStream>('tar-stream');

/** The kind of a member from tar-stream's word for its type. */
export function kindOf(type: string | null | undefined): MemberKind {
  switch (type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'directory';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    case 'character-device':
    case 'block-device':
      return 'device';
    case 'fifo':
      return 'fifo';
    default:
      return 'other';
  }
}

/**
 * A readable view of an iterator that never closes it: a reader may stop early (and be destroyed)
 * while the archive still drains the member through the same iterator to reach the next header.
 */
export function borrow(it: AsyncIterator<Buffer>): Readable {
  return Readable.from({ [Symbol.asyncIterator]: () => ({ next: () => it.next() }) }, { objectMode: false });
}

/**
 * Files up to this size are read whole by the archive and handed on as bytes (Member.bytes): as much as sniffing
 * looks at, so discovery would have read them whole anyway. A report of a big /proc holds hundreds of thousands of
 * such members, and a stream each (borrowed, peeked at, replayed, drained) cost more than their bytes.
 */
export const SMALL_MEMBER = HEAD_BYTES;

/** Members of the tar stream `source`, in order; a truncated or corrupt archive throws after the last good member. */
export async function* tarMembers(source: Readable): AsyncGenerator<Member> {
  const extract = tar().extract();
  source.on('error', (e) => extract.destroy(e));
  source.pipe(extract as unknown as NodeJS.WritableStream);
  try {
    for await (const entry of extract) {
      const h = entry.header;
      const kind = kindOf(h.type);
      // Written out field by field, bytes or not: a literal spread from another is built the slow way.
      const name = h.name;
      const type = String(h.type);
      const linkTarget = h.linkname ?? null;
      const size = h.size ?? null;
      const mtimeUs = h.mtime ? h.mtime.getTime() * 1000 : null;
      let it: AsyncGenerator<Buffer>;
      if (kind === 'file' && size !== null && size <= SMALL_MEMBER) {
        const read = await wholeEntry(entry as AsyncIterable<Buffer>);
        if ('bytes' in read) {
          const { bytes } = read;
          yield { name, kind, type, linkTarget, size, mtimeUs, sequential: true, bytes, open: async () => Readable.from(bytes.length > 0 ? [bytes] : [], { objectMode: false }) };
          continue;
        }
        // Cut short: handed on as a stream would have been, its bytes then the error (the file and the archive say so).
        const { chunks, error } = read;
        it = (async function* () {
          yield* chunks;
          throw error;
        })();
      } else {
        // An async generator queues next() calls: the borrowed reader and the drain below never race on the entry.
        it = (async function* () {
          for await (const c of entry as AsyncIterable<Buffer>) yield c;
        })();
      }
      yield { name, kind, type, linkTarget, size, mtimeUs, sequential: true, open: async () => borrow(it) };
      // Whatever the reader left must be read for the next header to come.
      while (!(await it.next()).done) {
        // discard
      }
    }
  } finally {
    source.destroy();
  }
}

/** The bytes of a small entry, or what came before the error that cut it short. */
async function wholeEntry(entry: AsyncIterable<Buffer>): Promise<{ bytes: Buffer } | { chunks: Buffer[]; error: Error }> {
  const chunks: Buffer[] = [];
  try {
    for await (const c of entry) chunks.push(c);
  } catch (e) {
    return { chunks, error: e as Error };
  }
  return { bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) };
}
