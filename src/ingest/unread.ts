// Archive members nothing reads, listed in the inputs one by one up to a number per archive and counted by
// reason past it: a report collected from a big /proc holds hundreds of thousands of them, and a line each
// made the run's memory and the report grow with the members.

/** Unread members of one archive listed in the inputs, each with its reason; the rest are counted on the archive. */
export const UNREAD_LISTED = 1000;

/** The reason an unread member is counted under: its `why`, without what varies per member. */
export function reasonKey(why: string): string {
  return why.startsWith('placeholder for the sos link') ? 'placeholder for a sos link' : why;
}

export class UnreadMembers {
  private readonly archives = new Map<string, { listed: number; counted: Map<string, number> }>();

  /** Whether an unread member of `archive` gets its own entry in the inputs; counted on the archive when not. */
  list(archive: string, why: string): boolean {
    let a = this.archives.get(archive);
    if (!a) this.archives.set(archive, (a = { listed: 0, counted: new Map() }));
    if (a.listed < UNREAD_LISTED) {
      a.listed++;
      return true;
    }
    const key = reasonKey(why);
    a.counted.set(key, (a.counted.get(key) ?? 0) + 1);
    return false;
  }

  /** The note of an archive that had more unread members than it lists, or null. */
  note(archive: string): string | null {
    const a = this.archives.get(archive);
    if (!a || a.counted.size === 0) return null;
    const total = [...a.counted.values()].reduce((s, n) => s + n, 0);
    const reasons = [...a.counted].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([why, n]) => `${n} ${why}`);
    return `${total} more members nothing reads are counted here, not listed (the first ${UNREAD_LISTED} are): ${reasons.join('; ')}`;
  }
}
