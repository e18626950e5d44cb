// Magic numbers: compression and archive type decided by content, never by file name.

export type Wrapping = 'gzip' | 'xz' | 'zstd' | 'bzip2' | 'zip' | 'tar' | null;

const MAGIC: [Exclude<Wrapping, 'tar' | null>, number[]][] = [
  ['gzip', [0x1f, 0x8b]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
];

/** What wraps these first bytes: a compression, an archive, or nothing. */
export function wrappingOf(head: Buffer): Wrapping {
  for (const [name, magic] of MAGIC) if (head.length >= magic.length && magic.every((b, i) => head[i] === b)) return name;
  // POSIX and GNU tar: "ustar" at offset 257.
  if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
  return null;
}
