// dpkg -l: the runtime packages' versions become version.seen state; every other row is a counted skip.

import { describe, expect, it } from 'vitest';
import { dpkgList } from '../../src/formats/dpkg-list.js';
import { upstreamOfDeb } from '../../src/formats/_packages.js';
import { describeCapturedCases, type CapturedCase } from '../helpers/captured-cases.js';
import { fixture } from '../helpers/fixtures.js';
import { runFormat } from '../helpers/run-format.js';

const PATH = 'sos_commands/dpkg/dpkg_-l';
const CASES: Record<string, CapturedCase> = {
  'debian12-full': { path: PATH, counters: { lines: 863, records: 0, events: 6, skipped: 857, unparsed: 0 }, score: 0.95 },
  'debian12-runtime-packages': { path: 'installed-debs', counters: { lines: 12, records: 0, events: 6, skipped: 6, unparsed: 0 }, score: 0.95 },
};

describe('dpkg-list: captured cases', () => describeCapturedCases(dpkgList, CASES));

describe('dpkg-list: versions', () => {
  it('gives each runtime package its program and upstream version, the package version kept beside it', () => {
    const r = runFormat(dpkgList, fixture('dpkg-list', 'debian12-runtime-packages'), PATH);
    expect(r.events.map((e) => [e.kind, e.domain, e.source.line, e.attrs.software, e.attrs.version, e.attrs.package, e.attrs.packageVersion])).toEqual([
      ['version.seen', 'capture', 7, 'containerd', '1.6.20', 'containerd', '1.6.20~ds1-1+deb12u3'],
      ['version.seen', 'capture', 8, 'cni-plugins', '1.1.1', 'containernetworking-plugins', '1.1.1+ds1-3+b5'],
      ['version.seen', 'capture', 9, 'dockerd', '20.10.24', 'docker.io', '20.10.24+dfsg1-1+deb12u1+b6'],
      ['version.seen', 'capture', 10, 'iptables', '1.8.9', 'iptables', '1.8.9-2'],
      ['version.seen', 'capture', 11, 'nft', '1.0.6', 'nftables', '1.0.6-2+deb12u2'],
      ['version.seen', 'capture', 12, 'runc', '1.1.5', 'runc', '1.1.5+ds1-1+deb12u1'],
    ]);
  });

  it('reads only installed rows: removed-but-configured ("rc") and unpacked ("iU") are skipped', () => {
    const head = fixture('dpkg-list', 'debian12-runtime-packages').split('\n').slice(0, 5).join('\n');
    const rows = ['rc  containerd                  1.6.20~ds1-1+deb12u3        amd64        open and reliable container runtime', 'iU  runc                        1.1.5+ds1-1+deb12u1         amd64        Open Container Project - runtime'];
    const r = runFormat(dpkgList, `${head}\n${rows.join('\n')}\n`, PATH);
    expect(r.events).toEqual([]);
    expect(r.counters.skipped).toBe(7);
  });

  it('strips the epoch, the Debian revision and repackaging suffixes', () => {
    expect(upstreamOfDeb('5:24.0.7-1~debian.12~bookworm')).toBe('24.0.7');
    expect(upstreamOfDeb('1.6.28-1')).toBe('1.6.28');
    expect(upstreamOfDeb('1.29.0-1.1')).toBe('1.29.0');
    expect(upstreamOfDeb('24.0.7-0ubuntu2~22.04.1')).toBe('24.0.7');
  });
});
