// A tar header block read the way tar-stream's headers.js reads it, for the fields an archive read by position
// (tar-file.ts) uses: name (with the ustar prefix), size, time, type and link target. A sos report's tar holds a
// header for each of its thousands of small files, and headers.js decodes every field (mode, owner ids and names,
// device numbers) through a string each; here only what is used, and plain octal digits without a string. Any
// header off the common path (a field in base-256 or not plain octal, a checksum that does not match, a format
// neither ustar nor GNU, a type other than file, folder or link) goes to headers.js itself, which gives what it
// always gave, its errors included (test/bundle/tar-header.test.ts compares both).

export interface TarHeader {
  name: string;
  size: number;
  mtime: Date | null;
  type: string | null;
  linkname: string | null;
  pax?: Record<string, string> | null;
}

/** headers.js's decode, for what this one leaves to it. */
export type SlowDecode = (buf: Buffer) => TarHeader | null;

const ZERO = 0x30;
const SPACE = 0x20;
/** The types of the common path, by type flag (headers.js's toType for these). */
const COMMON_TYPES: Record<number, string> = { 0: 'file', 1: 'link', 2: 'symlink', 5: 'directory' };

/** A NUL-ended string field, as headers.js's decodeStr. */
function str(buf: Buffer, offset: number, length: number): string {
  let end = offset;
  while (end < offset + length && buf[end] !== 0) end++;
  return buf.toString('utf8', offset, end);
}

/**
 * An octal number field as headers.js's decodeOct gives it, or -1 when it is not plain octal digits after spaces
 * and NULs (base-256, signs, other whitespace: headers.js's own parse decides those).
 */
function octal(buf: Buffer, offset: number, length: number): number {
  const last = offset + length;
  if (buf[offset]! & 0x80) return -1;
  let at = offset;
  while (at < last && buf[at] === SPACE) at++;
  let end = at;
  while (end < last && buf[end] !== SPACE) end++;
  while (at < end && buf[at] === 0) at++;
  if (at === end) return 0;
  let n = 0;
  const first = buf[at]! - ZERO;
  if (first < 0 || first > 7) return -1;
  // parseInt(…, 8) stops at the first byte that is no octal digit.
  for (let d = first; at < end && d >= 0 && d <= 7; d = buf[++at]! - ZERO) n = n * 8 + d;
  return n;
}

function checksum(buf: Buffer): number {
  let sum = 8 * 32;
  for (let i = 0; i < 148; i++) sum += buf[i]!;
  for (let j = 156; j < 512; j++) sum += buf[j]!;
  return sum;
}

const isUstar = (b: Buffer): boolean => b[257] === 0x75 && b[258] === 0x73 && b[259] === 0x74 && b[260] === 0x61 && b[261] === 0x72 && b[262] === 0;
const isGnu = (b: Buffer): boolean => b[257] === 0x75 && b[258] === 0x73 && b[259] === 0x74 && b[260] === 0x61 && b[261] === 0x72 && b[262] === SPACE && b[263] === SPACE && b[264] === 0;

/** The header in `buf` (512 bytes), null for a block of zeros; `slow` for anything off the common path. */
export function decodeHeader(buf: Buffer, slow: SlowDecode): TarHeader | null {
  const flag = buf[156] === 0 ? 0 : buf[156]! - ZERO;
  const type = COMMON_TYPES[flag];
  const sum = checksum(buf);
  const ustar = isUstar(buf);
  if (type === undefined || sum === 8 * 32 || sum !== octal(buf, 148, 8) || (!ustar && !isGnu(buf))) return slow(buf);
  const size = octal(buf, 124, 12);
  const mtime = octal(buf, 136, 12);
  if (size < 0 || mtime < 0) return slow(buf);
  let name = str(buf, 0, 100);
  if (ustar && buf[345]) name = `${str(buf, 345, 155)}/${name}`;
  // headers.js reads an old tar's trailing '/' as a folder's mark only after it has named the type: a file still.
  const linkname = buf[157] === 0 ? null : str(buf, 157, 100);
  return { name, size, mtime: new Date(1000 * mtime), type, linkname, pax: null };
}
