// Hostile and broken archives: refused member by member with reasons, caps noted per file, truncation noted on the archive; every run finishes.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes, parseSize } from '../../src/bundle/budget.js';
import type { Report } from '../../src/report.js';
import { findingKeys, nodeBundle, pack, run, scratch, STALE_SAMPLE, timelineKeys, truncated } from './_bundles.js';

const TOP = 'sosreport-centos79-2024-09-14';
const tmp = scratch('safety');
let folder: string;

beforeAll(() => {
  mkdirSync(path.join(tmp.dir, 'src'));
  folder = nodeBundle(STALE_SAMPLE, path.join(tmp.dir, 'src', TOP), 'centos79');
});
afterAll(() => tmp.cleanup());

type Entry = tar.Headers & { body?: string };

/** A tar built in memory with tar-stream, entries exactly as given (names are not cleaned). */
async function tarOf(entries: Entry[]): Promise<Buffer> {
  const p = tar.pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => p.on('end', resolve));
  for (const { body, ...h } of entries) {
    await new Promise<void>((resolve, reject) => {
      p.entry({ mtime: new Date('2024-09-14T04:00:00Z'), ...h }, body ?? '', (err) => (err ? reject(err) : resolve()));
    });
  }
  p.finalize();
  await ended;
  return Buffer.concat(chunks);
}

function input(r: Report, p: string): Report['inputs'][number] {
  const i = r.inputs.find((x) => x.path === p);
  if (!i) throw new Error(`no input ${p} in ${r.inputs.map((x) => x.path).join(', ')}`);
  return i;
}

const JOURNAL = 'Sep 14 11:39:42 evil systemd[1]: Stopping Docker Application Container Engine...\n';

describe('a hostile tar', () => {
  let report: Report;
  beforeAll(async () => {
    const file = path.join(tmp.dir, 'hostile.tar');
    writeFileSync(
      file,
      await tarOf([
        { name: 'evil/hostname', body: 'evil-node\n' },
        { name: '../escape/journalctl_--no-pager', body: JOURNAL },
        { name: 'evil/../../up.log', body: JOURNAL },
        { name: '/etc/cron.d/absolute', body: '* * * * * root sh\n' },
        { name: 'evil/shadow', type: 'symlink', linkname: '/etc/shadow' },
        { name: 'evil/passwd', type: 'link', linkname: 'etc/passwd' },
        { name: 'evil/fifo', type: 'fifo' },
        { name: 'evil/null', type: 'character-device', devmajor: 1, devminor: 3 },
        { name: 'evil/sos_commands/logs/journalctl_--no-pager', body: JOURNAL },
      ]),
    );
    report = (await run([file])).report;
  });

  it('refuses each bad member with its reason', () => {
    expect(input(report, 'hostile.tar/../escape/journalctl_--no-pager').why).toMatch(/climbing out of the archive \(".."\): refused/);
    expect(input(report, 'hostile.tar/evil/../../up.log').why).toMatch(/climbing out of the archive/);
    expect(input(report, 'hostile.tar//etc/cron.d/absolute').why).toMatch(/^absolute member name: refused/);
    expect(input(report, 'hostile.tar/evil/shadow').why).toBe('symbolic link to /etc/shadow: not followed');
    expect(input(report, 'hostile.tar/evil/passwd').why).toBe('hard link to etc/passwd: not followed');
    expect(input(report, 'hostile.tar/evil/fifo').why).toBe('FIFO: not read');
    expect(input(report, 'hostile.tar/evil/null').why).toBe('device file (character-device): not read');
    for (const p of ['hostile.tar/evil/shadow', 'hostile.tar/evil/passwd', 'hostile.tar/../escape/journalctl_--no-pager']) expect(input(report, p).format).toBeNull();
  });

  it('reads the good members around them and counts the refusals on the archive', () => {
    const journal = input(report, 'hostile.tar/evil/sos_commands/logs/journalctl_--no-pager');
    expect(journal.format).toBe('journal-short');
    expect(journal.host).toBe('evil-node');
    expect(input(report, 'hostile.tar').why).toBe('tar archive: 9 members, 7 refused');
  });
});

describe('a truncated .tar.xz', () => {
  it('gives what it could read plus a note on the archive, and the run finishes', async () => {
    const whole = pack(folder, 'tar.xz', tmp.dir);
    const full = await run([whole]);
    const cut = truncated(whole, 0.6, 'cut.tar.xz');
    const a = await run([cut]);
    const archive = input(a.report, 'cut.tar.xz');
    expect(archive.notes[0]).toBe('decompressed from xz');
    expect(archive.notes[1]).toMatch(/^xz data ends early \(truncated file\?\)/);
    expect(archive.notes[2]).toMatch(/^tar archive truncated or corrupt: .*; the \d+ members before this point were read$/);
    const read = a.report.inputs.filter((i) => i.format);
    expect(read.length).toBeGreaterThan(0);
    expect(read.length).toBeLessThan(full.report.inputs.filter((i) => i.format).length);
    // What was read is read as in the whole archive (times aside: less input can change the inferred zone).
    const untimed = (keys: string[]): string[] => keys.map((k) => k.split(' ').filter((_, i) => i !== 1).join(' '));
    const fullEvents = new Set(untimed(timelineKeys(full, `${TOP}.tar.xz/${TOP}/`)));
    const cutEvents = untimed(timelineKeys(a, `cut.tar.xz/${TOP}/`));
    expect(cutEvents.length).toBeGreaterThan(0);
    for (const k of cutEvents) expect(fullEvents).toContain(k);
  });

  it('a truncated .tar.gz and a cut single .gz say so too', async () => {
    const cut = truncated(pack(folder, 'tar.gz', tmp.dir), 0.5, 'cut.tar.gz');
    const a = await run([cut]);
    expect(input(a.report, 'cut.tar.gz').notes.join(' ')).toMatch(/gzip data ends early \(truncated file\?\)/);
    const log = path.join(tmp.dir, 'messages');
    writeFileSync(log, readFileSync(path.join(folder, 'sos_commands/logs/journalctl_--no-pager')));
    execFileSync('gzip', [log]);
    const single = truncated(`${log}.gz`, 0.5, 'messages-cut.gz');
    const b = await run([single]);
    const entry = input(b.report, 'messages-cut.gz');
    expect(entry.format).toBe('journal-short');
    expect(entry.lines).toBeGreaterThan(0);
    expect(entry.notes.join(' ')).toMatch(/gzip data ends early \(truncated file\?\)/);
  });

  it('a corrupt file behind a gzip magic is listed with the reason', async () => {
    const bad = path.join(tmp.dir, 'bad.gz');
    writeFileSync(bad, Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(64, 0x41)]));
    const a = await run([bad]);
    expect(a.report.inputs.map((i) => i.path)).toEqual(['bad.gz']);
    expect(a.report.inputs[0]!.format).toBeNull();
    expect(`${a.report.inputs[0]!.why} ${a.report.inputs[0]!.notes.join(' ')}`).toMatch(/gzip data/);
  });
});

describe('caps', () => {
  /** 8 MiB of journal lines gzipped to a few KiB: a small decompression bomb, then a normal member after it. */
  async function bomb(): Promise<string> {
    const line = JOURNAL;
    const big = line.repeat(Math.ceil((8 * 1024 * 1024) / line.length));
    return tarGz('bomb.tar.gz', [
      { name: 'b/hostname', body: 'node-b\n' },
      { name: 'b/sos_commands/logs/journalctl_--no-pager', body: big },
      { name: 'b/var/log/after.log', body: JOURNAL },
    ]);
  }

  /** A .tar.gz of these members in the scratch folder. */
  async function tarGz(name: string, members: Parameters<typeof tarOf>[0]): Promise<string> {
    const file = path.join(tmp.dir, name);
    writeFileSync(file, gzipSync(await tarOf(members)));
    return file;
  }

  it('a member past --max-member-size is cut with a note and the members after it are read', async () => {
    const a = await run([await bomb()], { limits: { memberBytes: 1024 * 1024, runBytes: 1024 ** 3, members: 1000 } });
    const journal = input(a.report, 'bomb.tar.gz/b/sos_commands/logs/journalctl_--no-pager');
    expect(journal.notes).toEqual(['cut after 1 MiB of decompressed data, the per-file cap (--max-member-size): the rest was not read']);
    expect(journal.lines).toBeLessThanOrEqual(Math.ceil((1024 * 1024) / JOURNAL.length));
    expect(input(a.report, 'bomb.tar.gz/b/var/log/after.log').format).toBe('journal-short');
  });

  it('the run cap stops the archive with a note on it; the run finishes', async () => {
    const a = await run([await bomb()], { limits: { memberBytes: 1024 ** 3, runBytes: 2 * 1024 * 1024, members: 1000 } });
    expect(input(a.report, 'bomb.tar.gz').notes.join(' ')).toMatch(/the run's cap of 2 MiB of decompressed data was reached \(--max-total-size\)/);
    expect(() => input(a.report, 'bomb.tar.gz/b/var/log/after.log')).toThrow();
  });

  it('the member cap stops listing with a note on the archive', async () => {
    const a = await run([await bomb()], { limits: { memberBytes: 1024 ** 3, runBytes: 1024 ** 3, members: 2 } });
    expect(input(a.report, 'bomb.tar.gz').notes).toContain("stopped after 2 members: the run's cap of 2 archive members was reached (--max-members)");
    expect(a.report.inputs.filter((i) => i.path.startsWith('bomb.tar.gz/'))).toHaveLength(2);
  });

  it('--max-events keeps the first events of a dense journal, notes where it stopped, and the rules still run', async () => {
    // The sample's incident 300 times over, each copy with sandbox IDs of its own: 7,200 events, 600 findings' worth.
    const sample = readFileSync(path.join(STALE_SAMPLE, 'sos_commands/logs/journalctl_--no-pager'), 'utf8');
    const copies = Array.from({ length: 300 }, (_, i) => sample.replace(/\b([0-9a-f]{8})([0-9a-f]{4}(?:[0-9a-f]{52})?)\b/g, (_m, _head: string, tail: string) => i.toString(16).padStart(8, '0') + tail));
    const file = await tarGz('dense.tar.gz', [
      { name: 'd/hostname', body: 'centos79\n' },
      { name: 'd/sos_commands/logs/journalctl_--no-pager', body: copies.join('') },
      { name: 'd/var/log/after.log', body: JOURNAL },
    ]);
    const a = await run([file], { limits: { memberBytes: 1024 ** 3, runBytes: 1024 ** 3, members: 1000, events: 2000 } });
    const journal = input(a.report, 'dense.tar.gz/d/sos_commands/logs/journalctl_--no-pager');
    expect(journal.events).toBe(24 * 300);
    expect(a.timeline.events).toHaveLength(2000);
    expect(journal.notes).toHaveLength(1);
    expect(journal.notes[0]).toMatch(/^the run's cap of 2000 events was reached \(--max-events\): the events of line \d+ and after were counted, not kept$/);
    expect(input(a.report, 'dense.tar.gz/d/var/log/after.log').notes).toEqual(["the run's cap of 2000 events was reached (--max-events): the events of line 1 and after were counted, not kept"]);
    // Every copy kept whole gives its own runtime-stop finding on its own sandbox.
    const stops = a.report.findings.filter((f) => f.rule === 'runtime-stopped-with-live-sandboxes');
    expect(stops.length).toBeGreaterThan(50);
    expect(new Set(stops.map((f) => f.containerId)).size).toBe(stops.length);
  });

  it('sizes parse with binary units and print back', () => {
    expect(parseSize('4G')).toBe(4 * 1024 ** 3);
    expect(parseSize('512MiB')).toBe(512 * 1024 ** 2);
    expect(parseSize('1.5 g')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('1000')).toBe(1000);
    expect(parseSize('lots')).toBeNull();
    expect(parseSize('0')).toBeNull();
    expect(formatBytes(64 * 1024 ** 3)).toBe('64 GiB');
  });
});

describe('more hostile shapes', () => {
  it('a symbolic link stored in a zip is refused with its target', async () => {
    const dir = path.join(tmp.dir, 'zipped');
    mkdirSync(path.join(dir, 'node'), { recursive: true });
    writeFileSync(path.join(dir, 'node/hostname'), 'node-z\n');
    execFileSync('ln', ['-s', '/etc/shadow', path.join(dir, 'node/shadow')]);
    execFileSync('zip', ['-qry', path.join(tmp.dir, 'links.zip'), 'node'], { cwd: dir });
    const a = await run([path.join(tmp.dir, 'links.zip')]);
    expect(input(a.report, 'links.zip/node/shadow').why).toBe('symbolic link to /etc/shadow: not followed');
    expect(input(a.report, 'links.zip/node/hostname').format).toBe('host-meta');
    expect(input(a.report, 'links.zip').why).toBe('zip archive: 2 members, 1 refused');
  });

  it('gzip inside gzip inside gzip… stops at the nesting limit with a reason', async () => {
    let data: Buffer = Buffer.from(JOURNAL);
    for (let i = 0; i < 10; i++) data = gzipSync(data);
    writeFileSync(path.join(tmp.dir, 'matryoshka.gz'), data);
    const a = await run([path.join(tmp.dir, 'matryoshka.gz')]);
    expect(a.report.inputs).toEqual([expect.objectContaining({ path: 'matryoshka.gz', format: null, why: 'gzip data nested 6 levels deep: not read (limit 6)' })]);
  });
});

describe('links in folders', () => {
  it('a symbolic link in a folder is listed with its target, never followed', async () => {
    const dir = path.join(tmp.dir, 'linked');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'hostname'), 'node-l\n');
    execFileSync('ln', ['-s', '/etc/shadow', path.join(dir, 'shadow')]);
    const a = await run([dir]);
    expect(input(a.report, 'linked/shadow').why).toBe('symbolic link to /etc/shadow: not followed');
  });

  it('the folder bundle itself is unaffected by all of the above', async () => {
    expect(findingKeys(await run([folder]))).toHaveLength(3);
  });
});
