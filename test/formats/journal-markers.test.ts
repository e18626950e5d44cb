// The one list of lines journalctl prints itself (formats/_journal-markers.ts), as every journal format reads it.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { journalMarker } from '../../src/formats/_journal-markers.js';
import { journalCat } from '../../src/formats/journal-cat.js';
import { journalExport } from '../../src/formats/journal-export.js';
import { journalJson } from '../../src/formats/journal-json.js';
import { journalShort } from '../../src/formats/journal-short.js';
import { journalVerbose } from '../../src/formats/journal-verbose.js';
import { runFormat, runFormatQuiet } from '../helpers/run-format.js';

/** Each marker as journalctl prints it (logs-show.c, journalctl.c; systemctl status for the Notice). */
const MARKERS: [string, string, string | null][] = [
  ['-- Boot 5c0e4b2a9d7f41e8b3a6c1d0e9f87a21 --', 'boot', '5c0e4b2a9d7f41e8b3a6c1d0e9f87a21'],
  ['-- Reboot --', 'reboot', null],
  ['-- No entries --', 'no-entries', null],
  ['-- Logs begin at Sat 2024-09-14 11:39:02 CST, end at Sat 2024-09-14 11:45:40 CST. --', 'range', null],
  ['-- Journal begins at Sat 2024-09-14 11:39:02 CST, ends at Sat 2024-09-14 11:45:40 CST. --', 'range', null],
  ['Notice: journal has been rotated since unit was started, output may be incomplete.', 'notice', null],
  ['Hint: You are currently not seeing messages from other users and the system.', 'hint', null],
];

describe('journalctl marker lines', () => {
  it('are told apart, with the boot ID where the line names one', () => {
    for (const [line, kind, id] of MARKERS) expect(journalMarker(line), line).toEqual({ kind, bootId: id });
    expect(journalMarker('Sep 14 11:39:02 centos79 kubelet[1789]: -- Boot x --')).toBeNull();
    expect(journalMarker('-- Boot 5c0e4b2a --')).toEqual({ kind: 'other', bootId: null });
  });

  it('-o cat (strict) knows only the boot and no-entries lines: a message may start with "-- "', () => {
    expect(journalMarker('-- Reboot --', true)).toEqual({ kind: 'reboot', bootId: null });
    expect(journalMarker('-- Logs begin at Sat 2024-09-14 11:39:02 CST, end at Sat 2024-09-14 11:45:40 CST. --', true)).toBeNull();
    expect(journalMarker('Hint: ask the admin', true)).toBeNull();
  });

  it('every journal format skips each of them alone: no record, nothing unparsed', () => {
    const lines = (strict: boolean) => MARKERS.filter(([, kind]) => !strict || kind === 'boot' || kind === 'reboot' || kind === 'no-entries').map(([l]) => l);
    for (const [format, strict] of [[journalShort, false], [journalJson, false], [journalVerbose, false], [journalCat, true]] as const) {
      const text = lines(strict).join('\n') + '\n';
      const r = runFormat(format, text, format === journalCat ? 'sos_commands/logs/journalctl_--no-pager_--unit_docker' : 'bundle/input');
      expect(r.counters, format.id).toMatchObject({ records: 0, unparsed: 0, skipped: lines(strict).length });
    }
    // export reads lines between entries the same way (its byte parser, fed as text here).
    const r = runFormat(journalExport, lines(false).join('\n') + '\n');
    expect(r.counters).toMatchObject({ records: 0, unparsed: 0 });
  });
});

describe('boot boundaries from _BOOT_ID (real journalctl -o json of a two-boot journal)', () => {
  const json = readFileSync(path.resolve(__dirname, '../fixtures/reboot-renderings/journalctl_-a_-o_json'), 'utf8');
  // json-seq is the same objects, each after an RS (RFC 7464), as journalctl -o json-seq prints them.
  const seq = json.split('\n').map((l) => (l === '' ? l : '\u001e' + l)).join('\n');

  for (const [name, text] of [['json', json], ['json-seq', seq]] as const)
    it(`${name}: one boot.ended and one boot.started, the same whether the objects are built or only counted`, () => {
      const slow = runFormat(journalJson, text).events;
      expect(slow.map((e) => [e.kind, e.source.line, e.attrs.boot, e.attrs.previous ?? null])).toEqual([
        ['boot.ended', 7, '7d4b2e91c0a34f6f8e2d1a5b9c3e7f10', null],
        ['boot.started', 8, '5c0e4b2a9d7f41e8b3a6c1d0e9f87a21', '7d4b2e91c0a34f6f8e2d1a5b9c3e7f10'],
      ]);
      // The evidence is the object itself, without json-seq's RS (the fuzz found the fast path kept it).
      expect(slow[0]!.text.startsWith('{')).toBe(true);
      expect(runFormatQuiet(journalJson, text).events).toEqual(slow);
    });
});
