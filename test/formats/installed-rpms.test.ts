// installed-rpms (sos's rpm -qa with install dates): the runtime packages' versions become version.seen state;
// every other package is a counted skip, and a line that is no package row is unparsed with its reason.

import { describe, expect, it } from 'vitest';
import { installedRpms } from '../../src/formats/installed-rpms.js';
import { describeCapturedCases, type CapturedCase } from '../helpers/captured-cases.js';
import { fixture } from '../helpers/fixtures.js';
import { runFormat } from '../helpers/run-format.js';

const SOS3 = 'sos_commands/rpm/sh_-c_rpm_--nodigest_-qa_--qf_NAME_-_VERSION_-_RELEASE_._ARCH_INSTALLTIME_date_awk_-F_printf_-59s_s_n_1_2_sort_-V';
const CASES: Record<string, CapturedCase> = {
  'rhcos-4.2-sos-3.6': { path: SOS3, counters: { lines: 395, records: 0, events: 4, skipped: 390, unparsed: 1 }, score: 0.9 },
  'centos79-runtime-stub-packages': { path: 'installed-rpms', counters: { lines: 14, records: 0, events: 6, skipped: 8, unparsed: 0 }, score: 0.9 },
};

describe('installed-rpms: captured cases', () => describeCapturedCases(installedRpms, CASES));

const row = (e: { source: { line: number }; attrs: Record<string, unknown> }) => [e.source.line, e.attrs.software, e.attrs.version, e.attrs.package, e.attrs.packageVersion, e.attrs.installed];

describe('installed-rpms: versions', () => {
  it('a CentOS 7 kubeadm node: docker-ce, containerd.io, cri-dockerd, kubelet, iptables and kubernetes-cni with their lines', () => {
    const r = runFormat(installedRpms, fixture('installed-rpms', 'centos79-runtime-stub-packages'), 'installed-rpms');
    expect(r.events.every((e) => e.kind === 'version.seen' && e.domain === 'capture' && e.attrs.via === 'package list')).toBe(true);
    expect(r.events.map(row)).toEqual([
      [3, 'containerd', '1.6.33', 'containerd.io', '1.6.33-3.1.el7', 'Thu Jun 20 16:02:11 2024'],
      [5, 'cri-dockerd', '0.3.14', 'cri-dockerd', '0.3.14-3.el7', 'Thu Jun 20 16:05:37 2024'],
      [7, 'dockerd', '24.0.7', 'docker-ce', '24.0.7-1.el7', 'Tue Mar  5 10:31:49 2024'],
      [9, 'iptables', '1.4.21', 'iptables', '1.4.21-35.el7', 'Tue Mar  5 10:12:58 2024'],
      [13, 'kubelet', '1.28.13', 'kubelet', '1.28.13-150500.1.1', 'Tue Aug 20 09:41:06 2024'],
      [14, 'cni-plugins', '1.2.0', 'kubernetes-cni', '1.2.0-150500.2.1', 'Tue Aug 20 09:41:05 2024'],
    ]);
    expect(r.events[2]!.text).toBe('docker-ce-24.0.7-1.el7.x86_64                               Tue Mar  5 10:31:49 2024');
  });

  it('a real sos 3.6 report (RHCOS 4.2): iptables, nftables, runc and the CNI plugins; the shell\'s error line is unparsed with its reason', () => {
    const r = runFormat(installedRpms, fixture('installed-rpms', 'rhcos-4.2-sos-3.6'), SOS3);
    expect(r.events.map(row)).toEqual([
      [34, 'cni-plugins', '0.8.1', 'containernetworking-plugins', '0.8.1-1.module+el8.1.0+3402+f73c5901', 'Fri Sep 27 11:51:33 2019'],
      [136, 'iptables', '1.8.2', 'iptables', '1.8.2-9.el8_0.1', 'Fri Sep 27 11:51:33 2019'],
      [273, 'nft', '0.9.0', 'nftables', '0.9.0-8.el8', 'Fri Sep 27 11:51:33 2019'],
      [343, 'runc', '1.0.0', 'runc', '1.0.0-61.rc8.rhaos4.1.git3cbe540.el8', 'Fri Sep 27 11:51:34 2019'],
    ]);
    expect(r.unparsed).toEqual([{ line: 1, reason: 'not an rpm -qa row (name-version-release.arch)', text: expect.stringContaining('shell-init: error retrieving current directory') }]);
  });

  it('reads RHEL\'s own docker package and rows without a date (plain rpm -qa); a name without version and release is unparsed', () => {
    // Rows in the shape of the captured cases: docker-1.13.1-…el7 (RHEL/CentOS 7 extras), `rpm -qa` without --qf.
    const r = runFormat(installedRpms, ['docker-1.13.1-209.git7d71120.el7_9.x86_64                   Mon Jan  8 10:00:00 2024', 'kubelet-1.28.13-150500.1.1.x86_64', 'bash-4.2.46-35.el7_9.x86_64', 'iptables.x86_64', ''].join('\n'), 'installed-rpms');
    expect(r.events.map(row)).toEqual([
      [1, 'dockerd', '1.13.1', 'docker', '1.13.1-209.git7d71120.el7_9', 'Mon Jan  8 10:00:00 2024'],
      [2, 'kubelet', '1.28.13', 'kubelet', '1.28.13-150500.1.1', null],
    ]);
    expect(r.counters).toMatchObject({ skipped: 1, unparsed: 1 });
  });
});
