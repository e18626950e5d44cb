// What an archive adapter (tar, zip) hands to discovery for each member.

import type { Readable } from 'node:stream';
import type { DecodedFile } from './xz-file.js';

export type MemberKind = 'file' | 'directory' | 'symlink' | 'hardlink' | 'device' | 'fifo' | 'other';

export interface Member {
  /** The name as stored in the archive (not yet checked). */
  name: string;
  kind: MemberKind;
  /** The archive's own word for the type, for messages. */
  type: string;
  linkTarget: string | null;
  /** Declared size of the content, when the archive states it. */
  size: number | null;
  mtimeUs: number | null;
  /** tar: the rest of the member is read by the archive to reach the next one; zip: members are independent. */
  sequential: boolean;
  /** The member's bytes; call at most once. */
  open(): Promise<Readable>;
  /**
   * The whole member, read already by the archive when it is small (see SMALL_MEMBER in tar.ts): no stream of
   * its own to open, peek at and drain.
   */
  bytes?: Buffer;
  /**
   * A bigger member of a tar decoded to a temporary file (tar-file.ts): its bytes are [start, start + size) of that
   * file, which a reader may take in place (hold it while reading).
   */
  region?: { file: DecodedFile; start: number; size: number };
  /**
   * Whether the member's bytes end early, cut by the run's cap (--max-total-size), known once they have been read:
   * what was handed on ends exactly at the cap, and the archive stops after this member (see TarCap).
   */
  cut?: () => boolean;
  /** Raw (compressed) bytes this member takes in the archive file, for progress; zip only. */
  rawBytes?: number;
}
