import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/formats/index.js';
import { cutTimestamp, journalShort } from '../../src/formats/journal-short.js';
import { stampToUs } from '../../src/time/stamp.js';
import { fixture, fixtureCases } from '../helpers/fixtures.js';
import { headOf, runFormat, runFormatQuiet } from '../helpers/run-format.js';

type Counters = ReturnType<typeof runFormat>['counters'];

// Golden counters per captured case. The hostport scenario journal has 21 entries; entry 4 carries a
// 4-line `systemctl status` block (continuation lines, skipped); -x adds 4 catalog blocks of 7 `░░ ` lines.
// The setup-failed and sos journals store every kubelet `err=<` line as its own entry (no continuations).
const GOLDEN: Record<string, Counters> = {
  'short-english-months': { lines: 25, records: 21, events: 0, skipped: 4, unparsed: 0 },
  'short-precise-microseconds': { lines: 25, records: 21, events: 0, skipped: 4, unparsed: 0 },
  'short-zh_CN-localized-months': { lines: 25, records: 21, events: 0, skipped: 4, unparsed: 0 },
  'short-precise-zh_CN-localized-months': { lines: 25, records: 21, events: 0, skipped: 4, unparsed: 0 },
  'short-iso-offset-without-colon': { lines: 25, records: 21, events: 0, skipped: 4, unparsed: 0 },
  'short-iso-utc-zero-offset': { lines: 25, records: 21, events: 0, skipped: 4, unparsed: 0 },
  'short-iso-precise-offset-without-colon': { lines: 25, records: 21, events: 0, skipped: 4, unparsed: 0 },
  'short-full-zone-abbreviation': { lines: 25, records: 21, events: 0, skipped: 4, unparsed: 0 },
  'with-unit-unit-name-as-identifier': { lines: 25, records: 21, events: 0, skipped: 4, unparsed: 0 },
  'short-unix-epoch-microseconds': { lines: 25, records: 21, events: 0, skipped: 4, unparsed: 0 },
  'short-monotonic-timeless': { lines: 25, records: 21, events: 0, skipped: 4, unparsed: 0 },
  'x-catalog-lines-skipped': { lines: 53, records: 21, events: 0, skipped: 32, unparsed: 0 },
  'unit-filter-kubelet-only': { lines: 7, records: 7, events: 0, skipped: 0, unparsed: 0 },
  'short-iso-kubelet-err-multiline-blocks': { lines: 39, records: 39, events: 0, skipped: 0, unparsed: 0 },
  'short-precise-sos-c-locale-systemd-252-units': { lines: 93, records: 93, events: 0, skipped: 0, unparsed: 0 },
  'short-zh_CN-seed-glued-cni-json': { lines: 1, records: 1, events: 0, skipped: 0, unparsed: 0 },
};

const run = (caseName: string) => runFormat(journalShort, fixture('journal-short', caseName), `journal/${caseName}`);
const FB7C = 'fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138';
// Real lines of the hostport scenario (journalctl -o short), used to build the refusal cases below.
const STOPPING = 'Sep 14 11:39:42 centos79 systemd[1]: Stopping Docker Application Container Engine...';
const SIGNAL = `Sep 14 11:39:42 centos79 dockerd[1234]: time="2024-09-14T11:39:42.015893387+08:00" level=info msg="Processing signal 'terminated'"`;

describe('journal-short: captured cases', () => {
  it('has a golden entry for every case folder and a case folder for every golden entry', () => {
    expect(fixtureCases('journal-short')).toEqual(Object.keys(GOLDEN).sort());
  });

  for (const [caseName, counters] of Object.entries(GOLDEN)) {
    it(`${caseName}: golden counters`, () => {
      expect(run(caseName).counters).toEqual(counters);
    });

    it(`${caseName}: detect() claims it, above every other format`, () => {
      const head = headOf(fixture('journal-short', caseName), `journal/${caseName}`);
      const mine = journalShort.detect(head);
      expect(mine).not.toBeNull();
      expect(mine!.score).toBeGreaterThanOrEqual(0.5);
      for (const other of FORMATS.filter((f) => f.id !== 'journal-short')) {
        const s = other.detect(head)?.score ?? 0;
        expect(s, `${other.id} scored ${s}`).toBeLessThan(mine!.score);
      }
    });
  }
});

describe('journal-short: envelopes of each rendering', () => {
  it('short: year-less English stamp, host, identifier, pid, message, evidence line', () => {
    const r = run('short-english-months');
    expect(r.records[0]).toMatchObject({
      stamp: { year: null, yearShift: 0, month: 9, day: 14, hour: 11, minute: 39, second: 2, micro: 0, offsetMin: null },
      absUs: null,
      domain: 'journal',
      host: 'centos79',
      ident: 'kubelet',
      pid: 1789,
      source: { path: 'journal/short-english-months', line: 1 },
    });
    expect(r.records[0]!.message).toBe('I0914 11:39:02.118431    1789 kubelet.go:2430] "SyncLoop DELETE" source="api" pods=["default/hostport-app-0"]');
    expect(r.records.every((rec) => rec.host === 'centos79')).toBe(true);
    // journald stored a non-UTF-8 MESSAGE: the identifier is a short container id, the message a placeholder
    expect(r.records[2]).toMatchObject({ ident: '5e1c0d9a7b3f', pid: 1234, message: '[49B blob data]' });
  });

  it('short: the indented lines of the multi-line uninstall-docker entry are appended to its message', () => {
    const r = run('short-english-months');
    const rec = r.records[3]!;
    expect(rec.ident).toBe('uninstall-docker');
    expect(rec.pid).toBe(27310);
    expect(rec.source.line).toBe(4);
    expect(rec.endLine).toBe(8);
    expect(rec.message).toBe(
      [
        'uninstall-docker: stopping docker before package removal',
        '● docker.service - Docker Application Container Engine',
        // journalctl's indentation (the prefix width) is removed; the message's own spaces stay.
        '   Loaded: loaded (/usr/lib/systemd/system/docker.service; enabled; vendor preset: disabled)',
        '   Active: active (running) since Mon 2024-09-02 08:13:10 CST; 1 weeks 5 days ago',
        ' Main PID: 1234 (dockerd)',
      ].join('\n'),
    );
    // raw keeps the lines exactly as printed, indentation included
    const rawLines = rec.raw.split('\n');
    expect(rawLines).toHaveLength(5);
    expect(rawLines[1]).toBe(' '.repeat(50) + '● docker.service - Docker Application Container Engine');
    // the entry after the block starts a new record
    expect(r.records[4]).toMatchObject({ ident: 'systemd', pid: 1, source: { line: 9 }, message: 'Stopping Docker Application Container Engine...' });
  });

  it('short-precise: microseconds of the journal entry, not of the daemon', () => {
    const r = run('short-precise-microseconds');
    expect(r.records[0]!.stamp).toMatchObject({ month: 9, day: 14, hour: 11, minute: 39, second: 2, micro: 118734, year: null, offsetMin: null });
    expect(r.records[20]!.stamp).toMatchObject({ hour: 11, minute: 45, second: 40, micro: 518003 });
  });

  it('short zh_CN: "9月 14 11:39:02" is month 9 day 14, and every entry equals the C-locale rendering', () => {
    const zh = run('short-zh_CN-localized-months');
    const c = run('short-english-months');
    expect(zh.records[0]!.raw.startsWith('9月 14 11:39:02 centos79 kubelet[1789]:')).toBe(true);
    expect(zh.records[0]!.stamp).toEqual({ year: null, yearShift: 0, month: 9, day: 14, hour: 11, minute: 39, second: 2, micro: 0, offsetMin: null });
    expect(zh.records.map((r) => r.stamp)).toEqual(c.records.map((r) => r.stamp));
    expect(zh.records.map((r) => [r.host, r.ident, r.pid, r.message])).toEqual(c.records.map((r) => [r.host, r.ident, r.pid, r.message]));
  });

  it('short-precise zh_CN: localized month with microseconds equals the C-locale short-precise rendering', () => {
    const zh = run('short-precise-zh_CN-localized-months');
    const c = run('short-precise-microseconds');
    expect(zh.records[0]!.stamp).toMatchObject({ month: 9, day: 14, micro: 118734 });
    expect(zh.records.map((r) => r.stamp)).toEqual(c.records.map((r) => r.stamp));
    expect(zh.records.map((r) => r.message)).toEqual(c.records.map((r) => r.message));
  });

  it('short-iso: "+0800" (no colon) gives offsetMin 480 and the year', () => {
    const r = run('short-iso-offset-without-colon');
    expect(r.records[0]!.stamp).toEqual({ year: 2024, yearShift: 0, month: 9, day: 14, hour: 11, minute: 39, second: 2, micro: 0, offsetMin: 480 });
    expect(r.records.every((rec) => rec.stamp?.offsetMin === 480)).toBe(true);
  });

  it('short-iso --utc: "+0000" gives offsetMin 0 and the UTC wall clock', () => {
    const r = run('short-iso-utc-zero-offset');
    expect(r.records[0]!.stamp).toEqual({ year: 2024, yearShift: 0, month: 9, day: 14, hour: 3, minute: 39, second: 2, micro: 0, offsetMin: 0 });
  });

  it('short-iso-precise: microseconds and offset together', () => {
    const r = run('short-iso-precise-offset-without-colon');
    expect(r.records[3]!.stamp).toEqual({ year: 2024, yearShift: 0, month: 9, day: 14, hour: 11, minute: 39, second: 41, micro: 903312, offsetMin: 480 });
  });

  it('short-full: "CST" is ambiguous, so the year is kept and offsetMin stays null', () => {
    const r = run('short-full-zone-abbreviation');
    expect(r.records[0]!.raw.startsWith('Sat 2024-09-14 11:39:02 CST centos79 kubelet[1789]:')).toBe(true);
    expect(r.records[0]!.stamp).toEqual({ year: 2024, yearShift: 0, month: 9, day: 14, hour: 11, minute: 39, second: 2, micro: 0, offsetMin: null });
    expect(r.records.every((rec) => rec.stamp?.offsetMin === null)).toBe(true);
  });

  it('with-unit: the unit name stands where the identifier is; PID 1 stays systemd', () => {
    const r = run('with-unit-unit-name-as-identifier');
    expect([...new Set(r.records.map((rec) => rec.ident))].sort()).toEqual([
      'containerd.service',
      'cri-docker.service',
      'docker.service',
      'kubelet.service',
      'session-412.scope',
      'systemd',
    ]);
    expect(r.records[0]!.stamp).toMatchObject({ year: 2024, offsetMin: null });
  });

  it('short-unix: an absolute instant (absUs) and no wall-clock stamp', () => {
    const r = run('short-unix-epoch-microseconds');
    expect(r.records[0]).toMatchObject({ stamp: null, absUs: 1726285142118734, ident: 'kubelet' });
    expect(r.records[20]!.absUs).toBe(1726285540518003);
  });

  it('short-unix instants equal the short-iso-precise stamps resolved with their own offset, entry by entry', () => {
    const unix = run('short-unix-epoch-microseconds').records;
    const iso = run('short-iso-precise-offset-without-colon').records;
    expect(unix).toHaveLength(iso.length);
    iso.forEach((rec, i) => {
      const s = rec.stamp!;
      expect(stampToUs(s, s.year!, s.offsetMin!)).toBe(unix[i]!.absUs);
    });
  });

  it('short-monotonic: records are timeless and the parser says so', () => {
    const r = run('short-monotonic-timeless');
    expect(r.records.every((rec) => rec.stamp === null && rec.absUs === null)).toBe(true);
    expect(r.records[0]).toMatchObject({ host: 'centos79', ident: 'kubelet', pid: 1789 });
    expect(r.notes.length).toBeGreaterThan(0);
    expect(new Set(r.notes)).toEqual(new Set(['short-monotonic: records have no wall clock and are timeless']));
  });

  it('-x: "░░ " catalog lines are skipped, never appended to a message, and the entries equal plain short', () => {
    const x = run('x-catalog-lines-skipped');
    const plain = run('short-english-months');
    expect(x.records.some((rec) => rec.message.includes('░░') || rec.raw.includes('░░'))).toBe(false);
    expect(x.records.map((rec) => rec.message)).toEqual(plain.records.map((rec) => rec.message));
    expect(x.records.map((rec) => rec.stamp)).toEqual(plain.records.map((rec) => rec.stamp));
  });

  it('-u kubelet.service: only kubelet entries', () => {
    const r = run('unit-filter-kubelet-only');
    expect(r.records.map((rec) => rec.ident)).toEqual(Array(7).fill('kubelet'));
  });

  it('kubelet err=< blocks: each journald entry is its own record, indented bodies kept for the stitcher', () => {
    const r = run('short-iso-kubelet-err-multiline-blocks');
    const byLine = (n: number) => r.records.find((rec) => rec.source.line === n)!;
    expect(byLine(15).message.endsWith('"RunPodSandbox from runtime service failed" err=<')).toBe(true);
    expect(byLine(16).message).toMatch(/^\s+rpc error: code = Unknown desc = \[failed to set up sandbox container "f26f7b48/);
    expect(byLine(19).message).toBe(' >');
    expect(byLine(16)).toMatchObject({ ident: 'kubelet', pid: 1533, host: 'par-worker-2', stamp: { year: 2025, month: 10, day: 14, offsetMin: 120 } });
  });

  it('sos short-precise (C locale, America/Bogota): English months, host from the journal', () => {
    const r = run('short-precise-sos-c-locale-systemd-252-units');
    expect(r.records[0]).toMatchObject({ host: 'bog-edge-04', ident: 'kubelet', pid: 1477, stamp: { year: null, month: 8, day: 19, hour: 11, minute: 32, second: 57, micro: 719917 } });
  });

  it('seed field report: zh_CN line whose message starts with glued CNI JSON', () => {
    const r = run('short-zh_CN-seed-glued-cni-json');
    expect(r.records[0]).toMatchObject({
      stamp: { year: null, month: 9, day: 14, hour: 11, minute: 39, second: 49, micro: 0, offsetMin: null },
      host: 'centos79',
      ident: 'cri-dockerd',
      pid: 9246,
    });
    expect(r.records[0]!.message.startsWith('{"cniVersion":"0.3.1","hairpinMode":true,')).toBe(true);
    expect(r.records[0]!.message).toContain(`/containers/${FB7C}/resolv.conf`);
  });
});

describe('journal-short: journalctl marker lines', () => {
  const lines = fixture('journal-short', 'short-english-months').split('\n');

  it('"-- Boot <id> --" between entries is skipped, flushes nothing wrongly and is not unparsed', () => {
    // inserted after the uninstall-docker block (line 8), where journalctl prints it on a boot change
    const text = [...lines.slice(0, 8), '-- Boot 7d4b2e91c0a34f6f8e2d1a5b9c3e7f10 --', ...lines.slice(8)].join('\n');
    const r = runFormat(journalShort, text);
    expect(r.counters).toEqual({ lines: 26, records: 21, events: 2, skipped: 5, unparsed: 0 });
    expect(r.records[3]!.message.split('\n')).toHaveLength(5);
    expect(r.records.some((rec) => rec.raw.includes('-- Boot'))).toBe(false);
    // The boot ends on the entry before the marker (line 4 and its continuations) and starts on the one after it,
    // at that entry's time and the marker's line.
    const [ended, started] = r.events;
    expect(ended).toMatchObject({ kind: 'boot.ended', source: { line: 4 }, attrs: { boot: null, via: 'journalctl marker' } });
    expect(ended!.stamp).toMatchObject({ month: 9, day: 14, hour: 11, minute: 39, second: 41 });
    expect(ended!.text).toMatch(/^Sep 14 11:39:41 centos79 uninstall-docker\[27310\]/);
    expect(started).toMatchObject({ kind: 'boot.started', source: { line: 9 }, text: '-- Boot 7d4b2e91c0a34f6f8e2d1a5b9c3e7f10 --', attrs: { boot: '7d4b2e91c0a34f6f8e2d1a5b9c3e7f10', previous: null } });
    expect(started!.stamp).toMatchObject({ month: 9, day: 14, hour: 11, minute: 39, second: 42 });
  });

  it('the boot events are the same whether the entries around the marker are built or only counted (fast path)', () => {
    const text = [...lines.slice(0, 8), '-- Boot 7d4b2e91c0a34f6f8e2d1a5b9c3e7f10 --', ...lines.slice(8)].join('\n');
    const slow = runFormat(journalShort, text).events;
    const quiet = runFormatQuiet(journalShort, text).events;
    expect(quiet).toEqual(slow);
    expect(quiet.map((e) => e.kind)).toEqual(['boot.ended', 'boot.started']);
  });

  it('"-- No entries --" alone: one skipped line, no record, and detect() does not claim the file', () => {
    const r = runFormat(journalShort, '-- No entries --\n');
    expect(r.counters).toEqual({ lines: 1, records: 0, events: 0, skipped: 1, unparsed: 0 });
    expect(journalShort.detect(headOf('-- No entries --\n'))).toBeNull();
  });

  it('journalctl 219 "-- Logs begin at … --" header and "-- Reboot --" are skipped; detect() still claims the file', () => {
    const text = [
      '-- Logs begin at Sat 2024-09-14 11:39:02 CST, end at Sat 2024-09-14 11:45:40 CST. --',
      ...lines.slice(0, 3),
      '-- Reboot --',
      ...lines.slice(3),
    ].join('\n');
    const r = runFormat(journalShort, text);
    expect(r.counters).toEqual({ lines: 27, records: 21, events: 2, skipped: 6, unparsed: 0 });
    // "-- Reboot --" names no boot; the header is no boundary.
    expect(r.events.map((e) => [e.kind, e.source.line, e.attrs.boot])).toEqual([
      ['boot.ended', 4, null],
      ['boot.started', 5, null],
    ]);
    expect(journalShort.detect(headOf(text))).not.toBeNull();
  });
});

describe('journal-short: year-less stamps across New Year', () => {
  it('counts a December → January step as one rollover, not a small step back', () => {
    const text = [
      STOPPING.replace('Sep 14 11:39:42', 'Dec 31 23:59:59'),
      STOPPING.replace('Sep 14 11:39:42', 'Jan 01 00:00:01'),
      STOPPING.replace('Sep 14 11:39:42', 'Jan 01 00:00:00'),
    ].join('\n');
    const r = runFormat(journalShort, text);
    expect(r.records.map((rec) => [rec.stamp!.month, rec.stamp!.yearShift])).toEqual([
      [12, 0],
      [1, 1],
      [1, 1],
    ]);
  });

  it('zh_CN two-digit months ("11月 06", as in the catalogue\'s real log) read as November', () => {
    const r = runFormat(journalShort, STOPPING.replace('Sep 14', '11月 06'));
    expect(r.records[0]!.stamp).toMatchObject({ month: 11, day: 6 });
  });
});

describe('journal-short: lines it must refuse', () => {
  const refuse = (bad: string) => runFormat(journalShort, [STOPPING, bad, SIGNAL].join('\n'));

  const cases: [string, string, RegExp][] = [
    ['a line cut inside the timestamp', 'Sep 14 11:39:4', /no journalctl timestamp/],
    ['a line whose start was cut off (older sos kept the tail)', SIGNAL.slice(30), /no journalctl timestamp/],
    ['a stamp with nothing after the host', 'Sep 14 11:39:42 centos79', /no "<host> <identifier>:" after the timestamp/],
    ['an impossible date, Feb 30', STOPPING.replace('Sep 14', 'Feb 30'), /no journalctl timestamp/],
    ['an impossible ISO date', STOPPING.replace('Sep 14 11:39:42', '2024-02-30T11:39:42+0800'), /no journalctl timestamp/],
    ['hour 25', STOPPING.replace('11:39:42', '25:39:42'), /no journalctl timestamp/],
    ['a month name journalctl never prints', STOPPING.replace('Sep', 'Sept'), /no journalctl timestamp/],
  ];

  for (const [what, bad, reason] of cases) {
    it(`${what}: counted as unparsed with a reason, neighbours intact`, () => {
      const r = refuse(bad);
      expect(r.counters).toEqual({ lines: 3, records: 2, events: 0, skipped: 0, unparsed: 1 });
      expect(r.unparsed[0]).toMatchObject({ line: 2, text: bad });
      expect(r.unparsed[0]!.reason).toMatch(reason);
      expect(r.records[0]!.message).toBe('Stopping Docker Application Container Engine...');
      expect(r.records[1]!.source.line).toBe(3);
    });
  }

  it('indented lines after a refused line are not glued onto an earlier entry', () => {
    const r = runFormat(journalShort, [STOPPING, 'Sep 14 11:39:4', '                                                  ● docker.service'].join('\n'));
    expect(r.counters).toEqual({ lines: 3, records: 1, events: 0, skipped: 0, unparsed: 2 });
    expect(r.unparsed[1]!.reason).toBe('continuation line with no entry before it');
    expect(r.records[0]!.message).toBe('Stopping Docker Application Container Engine...');
  });

  it('an indented line at the top of the file is unparsed, not dropped', () => {
    const r = runFormat(journalShort, '   Main PID: 1234 (dockerd)\n' + STOPPING);
    expect(r.counters).toEqual({ lines: 2, records: 1, events: 0, skipped: 0, unparsed: 1 });
  });

  it('CRLF line ends are stripped, counters unchanged', () => {
    const crlf = fixture('journal-short', 'short-english-months').replace(/\n/g, '\r\n');
    const r = runFormat(journalShort, crlf);
    expect(r.counters).toEqual(GOLDEN['short-english-months']);
    expect(r.records.some((rec) => rec.message.includes('\r'))).toBe(false);
  });

  it('never throws on garbage; every line is accounted for', () => {
    const garbage = ['\u0000\u0001\u0002', '\r', '    ', 'x'.repeat(200_000), '[', ']: :', '[ 1.000001]', '1726285142.1 centos79 k[1]: x', '░', '9月', 'Sep', '-', 'Sat 2024-09-14'];
    const r = runFormat(journalShort, garbage.join('\n'));
    expect(r.counters.lines).toBe(garbage.length);
    // every line is exactly one of: record start, skipped, unparsed
    expect(r.counters.records + r.counters.skipped + r.counters.unparsed).toBe(garbage.length);
    expect(r.counters.records).toBe(0);
    expect(r.counters.unparsed).toBe(garbage.length - 1); // only the lone "\r" (an empty line) is skipped
  });
});

describe('journal-short: detect() refuses other formats', () => {
  it('an iptables-save line', () => {
    expect(journalShort.detect(headOf('-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"cbr0\\" id: \\"' + FB7C + '\\"" -m multiport --dports 443,80,9001,10001 -j CNI-DN-b24a4eb3a38dc5843c23a'))).toBeNull();
  });

  it('a whole iptables -nvL listing', () => {
    expect(journalShort.detect(headOf(fixture('iptables-list', 'nvL-t-nat')))).toBeNull();
  });

  it('a deploy log', () => {
    expect(journalShort.detect(headOf(fixture('deploy-log', 'python-logging-name-level-chinese-steps')))).toBeNull();
  });

  it('a file where journal lines are the minority', () => {
    const text = [STOPPING, ...fixture('iptables-save', 'save-t-nat').split('\n').slice(0, 5)].join('\n');
    expect(journalShort.detect(headOf(text))).toBeNull();
  });

  it('cutTimestamp() alone finds no stamp in a `date` line or a klog header', () => {
    expect(cutTimestamp('Tue Aug 19 15:02:37 -05 2025')).toBeNull();
    expect(cutTimestamp('I0914 11:39:02.118431    1789 kubelet.go:2430] "SyncLoop DELETE"')).toBeNull();
  });
});
