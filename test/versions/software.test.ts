// Versions per host: the report's hosts[].components, read from the programs' own lines and dump headers.

import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PmEvent } from '../../src/events/types.js';
import { analyze } from '../../src/report.js';
import { buildSoftware } from '../../src/versions/software.js';
import { timestampDesc } from '../../src/render/_timesketch.js';

const SAMPLES = path.resolve(__dirname, '../../samples');
const opts = { tz: null, year: null, host: null };

async function hosts(dir: string) {
  return (await analyze([path.join(SAMPLES, dir)], opts, 'test')).report.hosts;
}

describe('software versions per host', () => {
  it('names dockerd, cri-dockerd and kubelet with the line each version is read from (sos dev bundle)', async () => {
    const [h] = await hosts('dev-bundles/sos-short-precise-zh-deploy/sosreport-bog-edge-04-2025-08-19-mqtrvzk');
    expect(h!.name).toBe('bog-edge-04');
    const row = (name: string) => {
      const c = h!.components.find((x) => x.name === name)!;
      return { version: c.version, detail: c.detail, since: c.since, until: c.until, via: c.via, at: c.evidence.map((e) => `${e.path.split('/').pop()}:${e.line}`), text: c.evidence[0]!.text };
    };
    const journal = 'journalctl_--no-pager_-o_short-precise';
    expect(row('dockerd')).toMatchObject({ version: '28.3.3', since: '2025-08-19T19:30:53.590204Z', until: null, via: ['self'], at: [`${journal}:69`] });
    expect(row('dockerd').text).toContain('msg="Docker daemon" commit=980b856 containerd-snapshotter=false storage-driver=overlay2 version=28.3.3');
    expect(row('cri-dockerd')).toMatchObject({ version: '0.3.16', at: [`${journal}:74`] });
    expect(row('cri-dockerd').text).toContain('Starting cri-dockerd 0.3.16 (7119864)');
    expect(row('kubelet')).toMatchObject({ version: 'v1.31.4', at: [`${journal}:86`] });
    expect(row('kubelet').text).toContain('"Kubelet version" kubeletVersion="v1.31.4"');
    expect(row('iptables')).toMatchObject({ version: '1.8.9', detail: 'nf_tables', via: ['iptables-save'], at: ['iptables-save:1'] });
    // containerd logs here, but never its start line: listed, version unknown, over its lines.
    expect(row('containerd')).toMatchObject({ version: null, via: [] });
  });

  it('gives each daemon start the version it brought up (systemd\'s "Starting" and the daemon\'s own start line)', async () => {
    const { timeline } = await analyze([path.join(SAMPLES, 'dev-bundles/sos-short-precise-zh-deploy/sosreport-bog-edge-04-2025-08-19-mqtrvzk')], opts, 'test');
    const starts = timeline.events.filter((e) => e.kind === 'daemon.starting').map((e) => [e.source.line, e.attrs.daemon, e.attrs.via ?? null, e.attrs.version ?? null]);
    expect(starts).toEqual(expect.arrayContaining([
      [expect.any(Number), 'dockerd', 'systemd', '28.3.3'],
      [expect.any(Number), 'dockerd', 'self', '28.3.3'],
      [expect.any(Number), 'cri-dockerd', 'systemd', '0.3.16'],
      [74, 'cri-dockerd', null, '0.3.16'],
    ]));
  });

  it('names the bundled sample\'s versions from the start lines of its journal; the docker reinstall gives dockerd two spans', async () => {
    const [h] = await hosts('hostport-stale-dnat');
    expect(h!.name).toBe('centos79');
    expect(h!.components.map((c) => [c.name, c.version, c.since, c.until, c.via, c.evidence.map((e) => e.line)])).toEqual([
      ['containerd', '1.6.33', '2024-09-02T00:13:02.614471Z', null, ['self'], [1]],
      // Started at boot (24.0.7), then reinstalled and started again (deploy.log "重新安装docker (26.1.4)").
      ['dockerd', '24.0.7', '2024-09-02T00:13:10.287530Z', '2024-09-14T03:44:03.071406Z', ['self'], [2]],
      ['dockerd', '26.1.4', '2024-09-14T03:44:03.071406Z', null, ['self'], [25]],
      ['cri-dockerd', '0.3.14', '2024-09-02T00:13:11.000000Z', null, ['self'], [3]],
      ['kubelet', 'v1.28.13', '2024-09-02T00:13:13.402118Z', null, ['self'], [4]],
    ]);
    const text = (name: string, version: string) => h!.components.find((c) => c.name === name && c.version === version)!.evidence[0]!.text;
    expect(text('dockerd', '24.0.7')).toContain('msg="Docker daemon" commit=311b9ff graphdriver=overlay2 version=24.0.7');
    expect(text('dockerd', '26.1.4')).toContain('msg="Docker daemon" commit=de5c9cf containerd-snapshotter=false storage-driver=overlay2 version=26.1.4');
    expect(text('cri-dockerd', '0.3.14')).toContain('msg="Starting cri-dockerd 0.3.14 (683f70f)"');
    expect(text('kubelet', 'v1.28.13')).toContain('server.go:467] "Kubelet version" kubeletVersion="v1.28.13"');
  });

  it('gives the bundled sample\'s docker restart the version it brought up', async () => {
    const { timeline } = await analyze([path.join(SAMPLES, 'hostport-stale-dnat')], opts, 'test');
    const starts = timeline.events.filter((e) => e.kind === 'daemon.starting' && e.attrs.daemon === 'dockerd').map((e) => [e.source.line, e.attrs.version ?? null]);
    // systemd's "Starting Docker Application Container Engine..." (23) and dockerd's "Starting up" (24), before its version line (25).
    expect(starts).toEqual([[23, '26.1.4'], [24, '26.1.4']]);
  });
});

describe('versions from a package list', () => {
  it('dpkg -l in a sos bundle: the installed versions at the capture time, via "package list"', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'pm-dpkg-'));
    try {
      const node = path.join(tmp, 'sosreport-node-1');
      mkdirSync(path.join(node, 'sos_commands/dpkg'), { recursive: true });
      mkdirSync(path.join(node, 'sos_commands/date'), { recursive: true });
      cpSync(path.join(SAMPLES, 'formats/dpkg-list/debian12-runtime-packages/input'), path.join(node, 'sos_commands/dpkg/dpkg_-l'));
      writeFileSync(path.join(node, 'sos_commands/date/date'), 'Mon Dec  7 17:29:00 UTC 2026\n');
      writeFileSync(path.join(node, 'hostname'), 'node-1\n');
      const { report } = await analyze([node], opts, 'test');
      const h = report.hosts.find((x) => x.name === 'node-1')!;
      expect(h.components.map((c) => [c.name, c.version, c.since, c.via, c.evidence[0]!.line])).toEqual([
        ['containerd', '1.6.20', '2026-12-07T17:29:00.000000Z', ['package list'], 7],
        ['dockerd', '20.10.24', '2026-12-07T17:29:00.000000Z', ['package list'], 9],
        ['iptables', '1.8.9', '2026-12-07T17:29:00.000000Z', ['package list'], 10],
        ['cni-plugins', '1.1.1', '2026-12-07T17:29:00.000000Z', ['package list'], 8],
        ['nft', '1.0.6', '2026-12-07T17:29:00.000000Z', ['package list'], 11],
        ['runc', '1.1.5', '2026-12-07T17:29:00.000000Z', ['package list'], 12],
      ]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('versions from sos installed-rpms', () => {
  it('the rpm list in a sos report (file and its root link): each runtime package once, at the capture time, via "package list"', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'pm-rpms-'));
    try {
      const node = path.join(tmp, 'sosreport-node-7');
      const listing = 'sos_commands/rpm/sh_-c_rpm_--nodigest_-qa_--qf_-59_NVRA_INSTALLTIME_date_sort_-V';
      mkdirSync(path.join(node, 'sos_commands/rpm'), { recursive: true });
      mkdirSync(path.join(node, 'sos_commands/date'), { recursive: true });
      cpSync(path.join(SAMPLES, 'formats/installed-rpms/centos79-runtime-stub-packages/input'), path.join(node, listing));
      symlinkSync(listing, path.join(node, 'installed-rpms'));
      // The bundled sample's `date` (coreutils under libfaketime); nothing else here says CST is +08:00, so --tz does.
      cpSync(path.join(SAMPLES, 'hostport-stale-dnat/sos_commands/date/date'), path.join(node, 'sos_commands/date/date'));
      writeFileSync(path.join(node, 'hostname'), 'node-7\n');
      const { report } = await analyze([node], { ...opts, tz: 'Asia/Shanghai' }, 'test');
      const h = report.hosts.find((x) => x.name === 'node-7')!;
      expect(h.components.map((c) => [c.name, c.version, c.since, c.via, `${c.evidence[0]!.path.split('/').slice(1).join('/')}:${c.evidence[0]!.line}`])).toEqual([
        ['containerd', '1.6.33', '2024-09-14T03:50:00.000000Z', ['package list'], `${listing}:3`],
        ['dockerd', '24.0.7', '2024-09-14T03:50:00.000000Z', ['package list'], `${listing}:7`],
        ['cri-dockerd', '0.3.14', '2024-09-14T03:50:00.000000Z', ['package list'], `${listing}:5`],
        ['kubelet', '1.28.13', '2024-09-14T03:50:00.000000Z', ['package list'], `${listing}:13`],
        ['iptables', '1.4.21', '2024-09-14T03:50:00.000000Z', ['package list'], `${listing}:9`],
        ['cni-plugins', '1.2.0', '2024-09-14T03:50:00.000000Z', ['package list'], `${listing}:14`],
      ]);
      expect(h.components.every((c) => c.evidence.length === 1)).toBe(true);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

/** A version.seen event of `name` at `t` seconds. */
function seen(name: string, version: string, t: number, seq: number, via = 'self'): PmEvent {
  return { kind: 'version.seen', time: t * 1e6, stamp: null, absUs: null, domain: 'journal', clockKey: '', host: 'h', ids: [], prefixes: [], attrs: { software: name, version, via }, source: { path: 'j', line: seq }, text: `${name} ${version}`, seq };
}

describe('buildSoftware', () => {
  it('gives an upgrade two spans, the first ending where the second begins; one version seen twice is one span', () => {
    const spans = buildSoftware([seen('dockerd', '24.0.7', 10, 1), seen('dockerd', '24.0.7', 20, 2), seen('dockerd', '25.0.3', 30, 3), seen('kubelet', 'v1.29.0', 5, 4)], []);
    expect(spans.map((s) => [s.name, s.version, s.since, s.until, s.evidence.map((e) => e.seq)])).toEqual([
      ['dockerd', '24.0.7', 10e6, 30e6, [1, 2]],
      ['dockerd', '25.0.3', 30e6, null, [3]],
      ['kubelet', 'v1.29.0', 5e6, null, [4]],
    ]);
  });

  it('reads "v1.7.24" and "1.7.24" as one version', () => {
    expect(buildSoftware([seen('containerd', 'v1.7.24', 1, 1), seen('containerd', '1.7.24', 2, 2)], []).length).toBe(1);
  });
});

describe('version lines in the Timesketch export', () => {
  it('say a listing was captured when the version was read off state, and a log entry when a daemon logged it', () => {
    const listed = { ...seen('containerd', '1.6.22', 1, 1, 'docker version'), domain: 'capture' as const };
    expect(timestampDesc(listed)).toBe('docker version captured');
    expect(timestampDesc(seen('dockerd', '28.3.3', 1, 1))).toBe('Journal entry');
  });
});
