// yauzl adapter: members of a .zip on disk, read by random access from its central directory; nothing extracted.

import type { Readable } from 'node:stream';
import type * as Yauzl from 'yauzl';
import { lazy } from '../lazy.js';
import type { Member, MemberKind } from './member.js';

const yauzl = lazy<typeof Yauzl>('yauzl');

const S_IFMT = 0o170000;
const MODE_KINDS: [number, MemberKind][] = [
  [0o120000, 'symlink'],
  [0o040000, 'directory'],
  [0o020000, 'device'],
  [0o060000, 'device'],
  [0o010000, 'fifo'],
  [0o140000, 'other'],
];
/** Zip made on Unix keep the file mode in the high half of the external attributes. */
const MADE_BY_UNIX = 3;

function open(abs: string): Promise<Yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl().open(abs, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true, strictFileNames: false }, (err, zf) => (err ? reject(err) : resolve(zf))),
  );
}

function kindOf(entry: Yauzl.Entry, name: string): MemberKind {
  if (name.endsWith('/')) return 'directory';
  if (entry.versionMadeBy >> 8 === MADE_BY_UNIX) {
    const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
    for (const [bits, kind] of MODE_KINDS) if (mode === bits) return kind;
  }
  return 'file';
}

function streamOf(zf: Yauzl.ZipFile, entry: Yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zf.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))));
}

async function readSmall(zf: Yauzl.ZipFile, entry: Yauzl.Entry, max: number): Promise<string | null> {
  if (entry.uncompressedSize > max) return null;
  try {
    const chunks: Buffer[] = [];
    for await (const c of await streamOf(zf, entry)) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  } catch {
    return null;
  }
}

/** Members of the zip file at `abs` in central-directory order; an unreadable directory throws before any member. */
export async function* zipMembers(abs: string): AsyncGenerator<Member> {
  const zf = await open(abs);
  try {
    for (;;) {
      const entry = await new Promise<Yauzl.Entry | null>((resolve, reject) => {
        const onEntry = (e: Yauzl.Entry): void => {
          zf.off('end', onEnd).off('error', onError);
          resolve(e);
        };
        const onEnd = (): void => {
          zf.off('entry', onEntry).off('error', onError);
          resolve(null);
        };
        const onError = (e: Error): void => {
          zf.off('entry', onEntry).off('end', onEnd);
          reject(e);
        };
        zf.once('entry', onEntry).once('end', onEnd).once('error', onError);
        zf.readEntry();
      });
      if (!entry) return;
      const raw = entry.fileName as unknown as Buffer;
      const name = yauzl().getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
      const kind = kindOf(entry, name);
      let linkTarget: string | null = null;
      if (kind === 'symlink') linkTarget = await readSmall(zf, entry, 4096);
      const encrypted = entry.isEncrypted();
      yield {
        name,
        kind: encrypted && kind === 'file' ? 'other' : kind,
        type: encrypted ? 'encrypted file' : kind,
        linkTarget,
        size: entry.uncompressedSize,
        mtimeUs: entry.getLastModDate().getTime() * 1000,
        sequential: false,
        rawBytes: entry.compressedSize,
        open: () => streamOf(zf, entry),
      };
    }
  } finally {
    zf.close();
  }
}
