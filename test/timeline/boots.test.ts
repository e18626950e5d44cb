// Boots from every journalctl rendering of one real two-boot journal (test/fixtures/reboot-renderings, systemd 252):
// the same reboot — its time, the boot it began and the one it ended — whether a "-- Boot <id> --" line, the
// _BOOT_ID of each entry or only the kernel banner and journald's start say it.

import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/report.js';
import { bootIndex } from '../../src/timeline/boots.js';

const FIXTURES = path.resolve(__dirname, '../fixtures/reboot-renderings');
const OLD = '7d4b2e91c0a34f6f8e2d1a5b9c3e7f10';
const NEW = '5c0e4b2a9d7f41e8b3a6c1d0e9f87a21';
/** 2024-09-14 11:41:08.200113 +08:00: the first entry of the new boot (the kernel banner). */
const REBOOT_US = Date.UTC(2024, 8, 14, 3, 41, 8) * 1000 + 200113;
const A = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pm-boots-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function timelineOf(file: string) {
  const dir = mkdtempSync(path.join(tmp, 'b-'));
  copyFileSync(path.join(FIXTURES, file), path.join(dir, file));
  return (await analyze([dir], { tz: 'Asia/Shanghai', year: 2024, host: null }, 'test')).timeline;
}

describe('one reboot, whatever the rendering', () => {
  const cases: [string, { id: string | null; previous: string | null; precision: number }][] = [
    ['journalctl_-a_-o_short-precise', { id: NEW, previous: null, precision: 1 }],
    ['journalctl_-a_-o_short-iso', { id: NEW, previous: null, precision: 1_000_000 }],
    ['journalctl_-a_-o_verbose', { id: NEW, previous: OLD, precision: 1 }],
    ['journalctl_-a_-o_json', { id: NEW, previous: OLD, precision: 1 }],
    ['journalctl_-a_-o_json-pretty', { id: NEW, previous: OLD, precision: 1 }],
    ['journalctl_-a_-o_export', { id: NEW, previous: OLD, precision: 1 }],
  ];
  for (const [file, want] of cases)
    it(`${file}: boot ${want.id?.slice(0, 8)} begins at 11:41:08 +08:00, and pod A's sandbox ends there`, async () => {
      const tl = await timelineOf(file);
      expect(tl.reboots).toHaveLength(1);
      const r = tl.reboots[0]!;
      expect(r.host).toBe('centos79');
      expect(Math.floor(r.time / want.precision)).toBe(Math.floor(REBOOT_US / want.precision));
      expect(r.boot).toBe(want.id);
      expect(r.previous).toBe(want.previous);
      // The last entry of the old boot: systemd's "Stopped Docker Application Container Engine." at 11:39:45.
      expect(r.lastBefore?.text).toMatch(/Stopped Docker Application Container Engine/);
      // The kernel banner and journald's start are signs of the same boot, not of three.
      expect(r.signs.map((e) => e.attrs.via).sort()).toEqual(['journald', 'kernel', file.includes('short') || file.includes('verbose') ? 'journalctl marker' : '_BOOT_ID'].sort());
      const ended = tl.containers.get(A)!.events.filter((e) => e.kind === 'sandbox.rebooted');
      expect(ended).toHaveLength(1);
      expect(ended[0]!.time).toBe(r.time);
      // Events know their boot: A's start is in boot 0, the new sandbox's in boot 1.
      const started = tl.events.filter((e) => e.kind === 'sandbox.started');
      expect(started.map((e) => bootIndex(tl.reboots, e.host ?? '', e.time))).toEqual([0, 1]);
    });

  it('-o cat carries no time and no boot: no reboot is made up', async () => {
    expect((await timelineOf('journalctl_-a_-o_cat')).reboots).toEqual([]);
  });
});
