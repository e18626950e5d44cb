// tar-stream adapter: members in archive order, each one's bytes readable once, the rest drained by the archive.

import { Readable } from 'node:stream';
import type * as TarStream from 'tar-stream';
import { lazy } from '../lazy.js';
import type { Member, MemberKind } from './member.js';

const tar = lazy<typeof TarStream>('tar-stream');

function kindOf(type: string | null | undefined): MemberKind {
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

/** Members of the tar stream `source`, in order; a truncated or corrupt archive throws after the last good member. */
export async function* tarMembers(source: Readable): AsyncGenerator<Member> {
  const extract = tar().extract();
  source.on('error', (e) => extract.destroy(e));
  source.pipe(extract as unknown as NodeJS.WritableStream);
  try {
    for await (const entry of extract) {
      const h = entry.header;
      // An async generator queues next() calls: the borrowed reader and the drain below never race on the entry.
      const it = (async function* () {
        for await (const c of entry as AsyncIterable<Buffer>) yield c;
      })();
      yield {
        name: h.name,
        kind: kindOf(h.type),
        type: String(h.type),
        linkTarget: h.linkname ?? null,
        size: h.size ?? null,
        mtimeUs: h.mtime ? h.mtime.getTime() * 1000 : null,
        sequential: true,
        open: async () => borrow(it),
      };
      // Whatever the reader left must be read for the next header to come.
      while (!(await it.next()).done) {
        // discard
      }
    }
  } finally {
    source.destroy();
  }
}
