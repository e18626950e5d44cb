import { describe, expect, it } from 'vitest';
import { hostMeta } from '../../src/formats/host-meta.js';
import { fixture } from '../helpers/fixtures.js';
import { describeCapturedCases, type CapturedCase } from '../helpers/captured-cases.js';
import { headOf, runFormat } from '../helpers/run-format.js';

// Each case runs under the path sos (or the hand collection) gave it: the file name says hostname or date.
const CASES: Record<string, CapturedCase> = {
  'date-numeric-offset': { path: 'sos_commands/date/date', counters: { lines: 1, records: 0, events: 0, skipped: 0, unparsed: 0 }, score: 0.95 },
  'date-utc': { path: 'sos_commands/date/date_--utc', counters: { lines: 1, records: 0, events: 0, skipped: 0, unparsed: 0 }, score: 0.95 },
  'hostname-no-trailing-newline': { path: 'sos_commands/host/hostname', counters: { lines: 1, records: 0, events: 0, skipped: 0, unparsed: 0 }, score: 0.9 },
  'hostname-with-trailing-newline': { path: 'par-worker-2-collect-20251014/hostname', counters: { lines: 1, records: 0, events: 0, skipped: 0, unparsed: 0 }, score: 0.9 },
};

const run = (c: string, path = CASES[c]!.path) => runFormat(hostMeta, fixture('host-meta', c), path);

describe('host-meta: captured cases', () => describeCapturedCases(hostMeta, CASES));

describe('host-meta: facts', () => {
  it('`date` with a numeric zone "-05": capture time with offset -300', () => {
    expect(run('date-numeric-offset').meta).toEqual([
      { kind: 'capture', stamp: { year: 2025, yearShift: 0, month: 8, day: 19, hour: 15, minute: 2, second: 37, micro: 0, offsetMin: -300 }, text: 'Tue Aug 19 15:02:37 -05 2025' },
    ]);
  });

  it('`date --utc`: offset 0, and the same instant as the local `date`', () => {
    const utc = run('date-utc').meta[0]!;
    expect(utc).toEqual({ kind: 'capture', stamp: { year: 2025, yearShift: 0, month: 8, day: 19, hour: 20, minute: 2, second: 37, micro: 0, offsetMin: 0 }, text: 'Tue Aug 19 20:02:37 UTC 2025' });
    const local = run('date-numeric-offset').meta[0]!;
    if (utc.kind !== 'capture' || local.kind !== 'capture') throw new Error('not capture facts');
    expect(local.stamp.hour - local.stamp.offsetMin! / 60).toBe(utc.stamp.hour);
  });

  it('a zone abbreviation other than UTC/GMT is not trusted: offset null', () => {
    const r = runFormat(hostMeta, 'Sat Sep 14 11:50:00 CST 2024\n', 'sos_commands/date/date');
    expect(r.meta[0]).toMatchObject({ kind: 'capture', stamp: { year: 2024, month: 9, day: 14, offsetMin: null } });
  });

  it('hostname with and without a trailing newline', () => {
    expect(run('hostname-no-trailing-newline').meta).toEqual([{ kind: 'hostname', value: 'bog-edge-04' }]);
    expect(run('hostname-with-trailing-newline').meta).toEqual([{ kind: 'hostname', value: 'par-worker-2' }]);
  });

  it('a host name in a file not called "hostname" is not a host name', () => {
    const r = runFormat(hostMeta, 'bog-edge-04', 'sos_commands/host/uname');
    expect(r.meta).toEqual([]);
    expect(r.counters.unparsed).toBe(1);
  });
});

describe('host-meta: lines it must refuse', () => {
  it('an impossible date: unparsed, no capture fact', () => {
    const bad = 'Tue Feb 30 15:02:37 -05 2025';
    const r = runFormat(hostMeta, bad, 'sos_commands/date/date');
    expect(r.meta).toEqual([]);
    expect(r.unparsed).toEqual([{ line: 1, reason: 'impossible date', text: bad }]);
  });

  it('a host name with a space: unparsed', () => {
    const r = runFormat(hostMeta, 'bog edge 04\n', 'sos_commands/host/hostname');
    expect(r.meta).toEqual([]);
    expect(r.unparsed).toEqual([{ line: 1, reason: 'neither a host name nor `date` output', text: 'bog edge 04' }]);
  });
});

describe('host-meta: detect() refuses other files', () => {
  it('a journal line in a file called "date"', () => {
    expect(hostMeta.detect(headOf('Sep 14 11:39:42 centos79 systemd[1]: Stopping Docker Application Container Engine...', 'sos_commands/date/date'))).toBeNull();
  });

  it('a journal line in a file called "hostname"', () => {
    expect(hostMeta.detect(headOf('Aug 19 14:25:59.120672 bog-edge-04 systemd[1]: Stopping kubelet.service - kubelet: The Kubernetes Node Agent...', 'hostname'))).toBeNull();
  });

  it('the text sos\'s top-level "date" link points to (the link target, not `date` output)', () => {
    expect(hostMeta.detect(headOf('sos_commands/date/date', 'sosreport-bog-edge-04/date'))).toBeNull();
  });

  it('a two-line file is not a one-line metadata file', () => {
    expect(hostMeta.detect(headOf('bog-edge-04\npar-worker-2\n', 'hostname'))).toBeNull();
  });

  it('a `date` line in a file of another name is only a weak claim', () => {
    expect(hostMeta.detect(headOf('Tue Aug 19 15:02:37 -05 2025', 'notes.txt'))?.score).toBe(0.6);
  });
});
