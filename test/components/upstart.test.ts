import { describe, expect, it } from 'vitest';
import { upstart, upstartMayMatch } from '../../src/components/upstart.js';
import { inputOf, journalRecords, recordAt, withMessage } from '../helpers/fixtures.js';

const base = recordAt(journalRecords('short-english-months'), 1);
const read = (message: string, ident = 'kernel') => upstart.recognize(inputOf({ ...withMessage(base, message), ident })).map((e) => [e.kind, e.attrs.daemon, e.attrs.status, e.attrs.signal]);

describe('upstart: a followed job\'s main process ending (catalogue "## upstart")', () => {
  it('terminated with a status (code index file 23263137335) or killed by a signal, kmsg stamp or not', () => {
    expect(read('[ 3186.963235] init: docker main process (16837) terminated with status 1')).toEqual([['daemon.stopped', 'dockerd', 1, null]]);
    expect(read('init: docker main process (4350) killed by SEGV signal', 'init')).toEqual([['daemon.stopped', 'dockerd', null, 'SEGV']]);
  });

  it('not other jobs, not the respawn line, not other identifiers', () => {
    expect(read('[   10.573652] init: failsafe main process (1095) killed by TERM signal')).toEqual([]);
    expect(read('[ 3186.963244] init: docker main process ended, respawning')).toEqual([]);
    expect(read('init: docker main process (16837) terminated with status 1', 'dockerd')).toEqual([]);
  });

  it('the gate: only "init: … main process (" after an optional kmsg stamp', () => {
    const may = (m: string) => upstartMayMatch(m, 0, m.length);
    expect(may('[ 3186.963235] init: docker main process (16837) terminated with status 1')).toBe(true);
    expect(may('init: docker main process (16837) terminated with status 1')).toBe(true);
    expect(may('[ 3186.963235] usb 1-1: new high-speed USB device number 2 using ehci-pci')).toBe(false);
    expect(may('Linux version 4.4.0-31-generic')).toBe(false);
  });
});
