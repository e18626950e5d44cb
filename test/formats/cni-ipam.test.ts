import { describe, expect, it } from 'vitest';
import { cniIpam, ipamPath } from '../../src/formats/cni-ipam.js';
import { FORMATS } from '../../src/formats/index.js';
import { fixture, fixtureCases } from '../helpers/fixtures.js';
import { headOf, runFormat } from '../helpers/run-format.js';

type Counters = ReturnType<typeof runFormat>['counters'];

const B096 = '0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2';
const DIR = 'var/lib/cni/networks/cbr0';

// host-local names each file after what it holds, so every case runs under its real name in the data dir.
// lease: "<id>\r\neth0" = 2 lines, the ID line cited by the events, the interface line skipped; bookkeeping files are skipped; the empty lock has no line at all.
// Every file also states that its folder was collected (ipam.folder).
const CASES: Record<string, { path: string; counters: Counters }> = {
  'lease-crlf-no-trailing-newline': { path: `${DIR}/10.187.2.34`, counters: { lines: 2, records: 0, events: 2, skipped: 1, unparsed: 0 } },
  'bookkeeping-last-reserved-ip': { path: `${DIR}/last_reserved_ip.0`, counters: { lines: 1, records: 0, events: 1, skipped: 1, unparsed: 0 } },
  'bookkeeping-lock-empty': { path: `${DIR}/lock`, counters: { lines: 0, records: 0, events: 1, skipped: 0, unparsed: 0 } },
};

const run = (c: string, path = CASES[c]!.path) => runFormat(cniIpam, fixture('cni-ipam', c), path);

describe('cni-ipam: captured cases', () => {
  it('every case folder has a golden entry', () => {
    expect(fixtureCases('cni-ipam')).toEqual(Object.keys(CASES).sort());
  });

  it('the lease capture is byte-exact: CRLF between id and ifname, no trailing newline', () => {
    expect(fixture('cni-ipam', 'lease-crlf-no-trailing-newline')).toBe(`${B096}\r\neth0`);
    expect(fixture('cni-ipam', 'bookkeeping-lock-empty')).toBe('');
  });

  for (const [c, { path, counters }] of Object.entries(CASES)) {
    it(`${c}: golden counters`, () => {
      expect(run(c).counters).toEqual(counters);
    });

    it(`${c}: every file states the folder it lies in`, () => {
      const folder = run(c).events.filter((e) => e.kind === 'ipam.folder');
      expect(folder).toHaveLength(1);
      expect(folder[0]!.attrs).toEqual({ network: 'cbr0', folder: DIR });
      expect(folder[0]!.source).toEqual({ path, line: 1 });
    });
  }

  it('detect(): a lease file (64-hex id) is claimed, under networks/ or not, above every other format', () => {
    for (const path of [`${DIR}/10.187.2.34`, 'final/ipam-datadir/cbr0/10.187.2.34']) {
      const head = headOf(fixture('cni-ipam', 'lease-crlf-no-trailing-newline'), path);
      const mine = cniIpam.detect(head);
      expect(mine?.score).toBe(0.95);
      for (const other of FORMATS.filter((f) => f.id !== 'cni-ipam')) expect(other.detect(head)?.score ?? 0).toBeLessThan(mine!.score);
    }
  });

  it('detect(): bookkeeping files are claimed only under a networks/<net>/ folder', () => {
    expect(cniIpam.detect(headOf(fixture('cni-ipam', 'bookkeeping-last-reserved-ip'), `${DIR}/last_reserved_ip.0`))?.score).toBe(0.9);
    expect(cniIpam.detect(headOf(fixture('cni-ipam', 'bookkeeping-lock-empty'), `${DIR}/lock`))?.score).toBe(0.9);
    expect(cniIpam.detect(headOf(fixture('cni-ipam', 'bookkeeping-last-reserved-ip'), 'final/ipam-datadir/cbr0/last_reserved_ip.0'))).toBeNull();
  });
});

describe('cni-ipam: the lease', () => {
  it('ip from the file name, id and ifname from "<id>\\r\\neth0", network from the folder', () => {
    const lease = run('lease-crlf-no-trailing-newline').events.find((e) => e.kind === 'ipam.lease')!;
    expect(lease).toEqual({
      kind: 'ipam.lease',
      stamp: null,
      absUs: null,
      domain: 'capture',
      ids: [B096],
      prefixes: [],
      attrs: { network: 'cbr0', ip: '10.187.2.34', ifname: 'eth0', cniId: B096, file: `${DIR}/10.187.2.34` },
      source: { path: `${DIR}/10.187.2.34`, line: 1 },
      text: `${B096}\\r\\neth0`,
    });
  });

  it('pre-v0.8.0 lease holding only the id: ifname null', () => {
    const r = runFormat(cniIpam, `${B096}\n`, `${DIR}/10.187.2.34`);
    const lease = r.events.find((e) => e.kind === 'ipam.lease')!;
    expect(lease.attrs).toMatchObject({ ip: '10.187.2.34', ifname: null, cniId: B096 });
    expect(lease.text).toBe(B096);
    expect(r.counters.unparsed).toBe(0);
  });

  it('a non-hex owner is kept as cniId but names no container id', () => {
    const r = runFormat(cniIpam, 'dummy\r\neth0', `${DIR}/10.187.2.40`);
    const lease = r.events.find((e) => e.kind === 'ipam.lease')!;
    expect(lease.ids).toEqual([]);
    expect(lease.attrs.cniId).toBe('dummy');
  });
});

describe('cni-ipam: files it must refuse', () => {
  it('a lease file with a third non-empty line: that line is unparsed', () => {
    const r = runFormat(cniIpam, `${B096}\r\neth0\r\nextra`, `${DIR}/10.187.2.34`);
    expect(r.counters).toEqual({ lines: 3, records: 0, events: 2, skipped: 1, unparsed: 1 });
    expect(r.unparsed[0]).toEqual({ line: 3, reason: 'a lease file has two lines: container ID and interface', text: 'extra' });
  });

  it('an empty file named by an IP: "empty lease file", and still a folder fact', () => {
    const r = runFormat(cniIpam, '', `${DIR}/10.187.2.34`);
    expect(r.counters).toEqual({ lines: 0, records: 0, events: 1, skipped: 0, unparsed: 1 });
    expect(r.unparsed[0]!.reason).toBe('empty lease file');
  });
});

describe('cni-ipam: detect() refuses other files', () => {
  it('a journal line in a file named like a lease', () => {
    expect(cniIpam.detect(headOf('Sep 14 11:39:42 centos79 systemd[1]: Stopping Docker Application Container Engine...', `${DIR}/10.187.2.34`))).toBeNull();
  });

  it('a lease text in a file not named by an IP', () => {
    expect(cniIpam.detect(headOf(`${B096}\r\neth0`, 'bundle/journal'))).toBeNull();
  });

  it('a host name in an IP-named file outside networks/ (not a container id)', () => {
    expect(cniIpam.detect(headOf('bog-edge-04', 'final/ipam-datadir/cbr0/10.187.2.34'))).toBeNull();
  });

  it('ipamPath needs a folder', () => {
    expect(ipamPath('10.187.2.34')).toBeNull();
    expect(ipamPath(`${DIR}/10.187.2.34`)).toEqual({ network: 'cbr0', name: '10.187.2.34' });
  });
});
