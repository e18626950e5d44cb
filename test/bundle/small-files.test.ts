// Small files on disk are read whole in one synchronous read into one shared buffer (see SMALL_FILE): the
// same formats, lines, records and events as the same files read as archive members, a binary format among them.

import { copyFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SMALL_FILE } from '../../src/bundle/small-file.js';
import type { Analysis } from '../../src/report.js';
import { findingKeys, nodeBundle, pack, ROOT, run, scratch, STALE_SAMPLE, timelineKeys } from './_bundles.js';

const TOP = 'sosreport-centos79-2024-09-14';
const tmp = scratch('small-files');
afterAll(() => tmp.cleanup());

/** Journal lines cut to `size` bytes, a newline last. */
function journalOf(size: number): string {
  let text = '';
  for (let i = 0; text.length < size; i++) text += `Sep 14 08:${String(i % 60).padStart(2, '0')}:00 centos79 kernel: cni0: port ${i} entered forwarding state\n`;
  return text.slice(0, size - 1) + '\n';
}

const shape = (a: Analysis, prefix: string): string[] => a.report.inputs.map((i) => `${i.path.slice(prefix.length)} ${i.format} ${i.lines} ${i.records} ${i.events} ${i.unparsed} ${i.host} ${i.why}`);

describe('small files on disk', () => {
  it('are read in batch, and read as the same files in an archive are', async () => {
    const folder = nodeBundle(STALE_SAMPLE, path.join(tmp.dir, 'src', TOP), 'centos79');
    const logs = path.join(folder, 'sos_commands', 'logs');
    mkdirSync(logs, { recursive: true });
    // A binary format (journal export, which may keep the chunks it is given) between text files.
    copyFileSync(path.join(ROOT, 'samples/formats/journal-modes/export/input'), path.join(logs, 'journalctl_--no-pager_-o_export'));
    writeFileSync(path.join(logs, 'journalctl_--no-pager_-k'), journalOf(SMALL_FILE));
    writeFileSync(path.join(logs, 'journalctl_--no-pager_-k_-b_-1'), journalOf(SMALL_FILE + 1));
    const tar = pack(folder, 'tar', tmp.dir);
    const onDisk = await run([folder]);
    const inTar = await run([tar]);
    // The archive's own entry aside.
    expect(shape(inTar, `${path.basename(tar)}/`).filter((s) => !s.startsWith(' '))).toEqual(shape(onDisk, ''));
    expect(timelineKeys(inTar, `${path.basename(tar)}/${TOP}/`)).toEqual(timelineKeys(onDisk, `${TOP}/`));
    expect(findingKeys(inTar)).toEqual(findingKeys(onDisk));
    // Every file read is small but the one of SMALL_FILE + 1 bytes; archive members never are.
    const read = onDisk.report.inputs.filter((i) => i.format !== null);
    const small = read.filter((i) => statSync(path.join(path.dirname(folder), i.path)).size <= SMALL_FILE);
    expect(read.length - small.length).toBe(1);
    expect(small.map((i) => i.path)).toContain(`${TOP}/sos_commands/logs/journalctl_--no-pager_-k`);
    expect(onDisk.ingest!.smallFilesBatched).toBe(small.length);
    expect(inTar.ingest!.smallFilesBatched).toBe(0);
    expect(onDisk.report.inputs.find((i) => i.path.endsWith('_-o_export'))!.records).toBeGreaterThan(10);
  }, 60_000);
});
