// Archive members nothing reads are listed up to UNREAD_LISTED per archive and counted by reason past it, so
// the inputs list (and the run's memory) does not grow with the members; an empty folder says it is empty.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UNREAD_LISTED } from '../../src/ingest/unread.js';
import { run, scratch } from './_bundles.js';

const tmp = scratch('unread-members');
afterAll(() => tmp.cleanup());

describe('members nothing reads', () => {
  it('past UNREAD_LISTED in one archive are counted on it by reason, not listed', async () => {
    // @ts-expect-error plain ESM module without types
    const { writeManyMembers } = (await import('../../bench/gen-sos.mjs')) as { writeManyMembers: (o: object) => Promise<string> };
    const extra = 7;
    const tar = await writeManyMembers({ file: path.join(tmp.dir, 'many.tar'), count: UNREAD_LISTED + extra });
    const a = await run([tar]);
    const inputs = a.report.inputs;
    const members = inputs.filter((i) => i.path.startsWith('many.tar/'));
    // The hostname (read) and the first UNREAD_LISTED members nothing reads, each with its reason.
    expect(members.filter((i) => i.format === null)).toHaveLength(UNREAD_LISTED);
    expect(members.filter((i) => i.format === null).every((i) => i.why === 'content matches no known format')).toBe(true);
    expect(members.filter((i) => i.format !== null).map((i) => i.format)).toEqual(['host-meta']);
    const archive = inputs.find((i) => i.path === 'many.tar')!;
    expect(archive.why).toBe(`tar archive: ${UNREAD_LISTED + extra + 1} members`);
    expect(archive.notes).toEqual([`${extra} more members nothing reads are counted here, not listed (the first ${UNREAD_LISTED} are): ${extra} content matches no known format`]);
    expect(a.ingest!.membersSkipped).toEqual({ 'content matches no known format': UNREAD_LISTED + extra });
    // Every member ended within the head discovery peeked: read from it, no stream of its own.
    expect(a.ingest!.smallMembers).toBe(1);
    expect(a.report.findings).toEqual([]);
  }, 60_000);

  it('an empty folder is listed as one, with nothing under it', async () => {
    const dir = path.join(tmp.dir, 'empty');
    mkdirSync(path.join(dir, 'sub', 'deeper'), { recursive: true });
    const a = await run([dir]);
    expect(a.report.inputs.map((i) => `${i.path}: ${i.why}`)).toEqual(['empty: empty folder: it holds no files (nor any under it)']);
  });
});
