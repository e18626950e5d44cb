// Docker Desktop's log files (samples/formats/docker-desktop-log/SOURCE.md): each daemon line behind Docker
// Desktop's own stamp and process name.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerDesktopLog } from '../../src/formats/docker-desktop-log.js';
import { ingest } from '../../src/ingest.js';
import { headOf, runFormat } from '../helpers/run-format.js';

const FILE = path.resolve(__dirname, '../../samples/formats/docker-desktop-log/for-mac-6976/input');

describe('docker-desktop-log', () => {
  it('reads each line as the named process\'s record, dated by Docker Desktop\'s stamp, and gives its events', async () => {
    const ing = await ingest([FILE], { tz: null, year: null, host: null });
    expect(ing.inputs[0]!.format).toBe('docker-desktop-log');
    expect(ing.inputs[0]!.unparsed).toBe(0);
    const shim = ing.events.find((e) => e.kind === 'shim.disconnected')!;
    expect(shim.ids).toEqual(['a723f0edc92d0b43ea1cc2734d9191364497aee0cba7ff709503bf5eaf78b205']);
    expect(shim.attrs['ident']).toBe('containerd');
    expect(shim.time).toBe(Date.UTC(2023, 8, 13, 17, 25, 29) * 1000 + 611541);
  });

  it('reads Docker Desktop 2.x log.txt ("[<time of day>][LinuxWSL2Engine   ][Info   ] "): placed by the daemon\'s own time=, the rest timeless', async () => {
    const file = path.resolve(__dirname, '../../samples/formats/docker-desktop-log/for-win-9103/input');
    const ing = await ingest([file], { tz: null, year: null, host: null });
    expect(ing.inputs[0]!.format).toBe('docker-desktop-log');
    expect(ing.inputs[0]!.unparsed).toBe(0);
    const booted = ing.events.filter((e) => e.kind === 'daemon.started');
    expect(booted.map((e) => [e.source.line, e.attrs['ident'], e.time])).toEqual([[4, 'LinuxWSL2Engine', Date.UTC(2020, 9, 17, 17, 18, 36) * 1000 + 60078]]);
    const r = runFormat(dockerDesktopLog, readFileSync(file, 'utf8'));
    // "Cleaning up stale service" lines carry no date of their own: timeless, never given one.
    expect(r.records.filter((x) => x.stamp === null).map((x) => x.source.line)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(r.notes.join('\n')).toMatch(/5 placed by the relayed daemon's own time="…", 6 timeless/);
  });

  it('reads dockerd\'s entries Docker for Windows 18.x re-rendered ("Docker daemon [version=… graphdriver(s)=…]", "debug: …") as dockerd\'s (for-win#2312)', async () => {
    const file = path.resolve(__dirname, '../../samples/wild/for-win-2312-windows-daemon-bracket-fields-version.log');
    const r = runFormat(dockerDesktopLog, readFileSync(file, 'utf8'), 'Docker/log.txt');
    expect(r.counters.unparsed).toBe(0);
    expect(r.records.every((x) => x.ident === 'dockerd')).toBe(true);
    expect(r.records[4]!.message).toBe('level=info msg="Docker daemon" version=18.06.0-ce commit=0ffa825 graphdriver(s)=windowsfilter');
    expect(r.records[1]!.message).toBe('level=debug msg="Binding a resolver on network nat gateway 192.168.112.1"');
    expect(r.notes.join('\n')).toMatch(/8 dockerd entries re-rendered by Docker for Windows/);
    const ing = await ingest([file], { tz: null, year: null, host: null });
    expect(ing.events.map((e) => [e.kind, e.source.line, e.attrs['version'] ?? null])).toEqual([
      ['version.seen', 5, '18.06.0-ce'],
      ['daemon.started', 6, null],
    ]);
  });

  it('counts a line without the prefix, with its reason', () => {
    const r = runFormat(dockerDesktopLog, '[2023-09-13T17:24:48.624290207Z][containerd][I] time="x" level=info msg="y"\nplain text\n');
    expect(r.records).toHaveLength(1);
    expect(r.unparsed.map((u) => u.reason)).toEqual(['no Docker Desktop "[<time>][<process>][<level>]" at the start']);
  });

  it('is not chosen for journal lines or plain logrus', () => {
    expect(dockerDesktopLog.detect(headOf('Sep 14 11:39:02 centos79 dockerd[1]: x\n'))).toBeNull();
    expect(dockerDesktopLog.detect(headOf('time="2024-09-14T11:39:42Z" level=info msg="x"\n'))).toBeNull();
  });
});
