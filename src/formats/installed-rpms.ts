// sos's rpm package list (root symlink `installed-rpms`, sos_commands/rpm/sh_-c_rpm_--nodigest_-qa_--qf_…): the
// installed version of the runtime packages, as version.seen state at capture time.

import { packageSeen, packageSoftware } from './_packages.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

// sos's query (sos/report/plugins/rpm.py; 3.x ran it through awk, 4.x through rpm's own padding):
// `rpm --nodigest -qa --qf '%-59{NVRA} %{INSTALLTIME:date}\n' | sort -V`: NVRA padded to 59 columns (longer ones
// are followed by one space), then the install date as rpm's locale prints it. The architecture is the last dot
// field, one of rpm's arch names; gpg-pubkey rows say "(none)".
const ROW = /^(\S+)\.(x86_64|noarch|i[3-6]86|aarch64|ppc64le|ppc64|s390x|armv7hl|armv7hnl|riscv64|\(none\))(?: +(\S.*))?$/;
// name-version-release: the release and the version hold no '-', the name may.
const NVR = /^(.+)-([^-]+)-([^-]+)$/;

/** RHEL/CentOS/Fedora package names that hold a followed program under a name Debian uses for something else. */
const RPM_ONLY: Readonly<Record<string, string>> = {
  docker: 'dockerd', // RHEL/CentOS 7 extras (docker-1.13.1-…el7)
  'docker-io': 'dockerd', // Fedora ≤ 21
};

function rowOf(text: string): { name: string; version: string; release: string; arch: string; installed: string | null } | null {
  const m = ROW.exec(text);
  if (!m) return null;
  const nvr = NVR.exec(m[1]!);
  if (!nvr) return null;
  return { name: nvr[1]!, version: nvr[2]!, release: nvr[3]!, arch: m[2]!, installed: m[3] ?? null };
}

function detect(head: Head): Detection | null {
  const lines = head.lines.filter((l) => l.trim() !== '');
  // The last head line may be cut mid-row.
  const whole = lines.length > 1 ? lines.slice(0, -1) : lines;
  const rows = whole.filter((l) => rowOf(l.replace(/\r$/, '')) !== null).length;
  if (rows < 3 || rows < whole.length * 0.8) return null;
  return { score: 0.9, why: `rpm -qa rows (name-version-release.arch, install date): ${rows} of ${whole.length} head lines` };
}

class InstalledRpmsParser implements LineParser {
  constructor(private readonly ctx: FormatContext) {}

  line(text: string, lineNo: number): void {
    text = text.replace(/\r$/, '');
    if (text.trim() === '') return this.ctx.skipped(lineNo, 'empty line');
    const row = rowOf(text);
    // Not a row: what the shell sos ran printed before rpm did (a real report starts with
    // "shell-init: error retrieving current directory: …"), or rpm's own errors ("error: rpmdb: …").
    if (row === null) return this.ctx.unparsed(lineNo, 'not an rpm -qa row (name-version-release.arch)', text);
    const software = Object.hasOwn(RPM_ONLY, row.name) ? RPM_ONLY[row.name]! : packageSoftware(row.name);
    if (software === null) return this.ctx.skipped(lineNo, 'package podmortem does not follow');
    // rpm's VERSION is the upstream release as packaged ("26.1.4", "1.6.33"); the RELEASE ("1.el7", "3.1.el7")
    // is the packager's, kept in packageVersion.
    packageSeen(this.ctx, lineNo, text, { software, version: row.version, package: row.name, packageVersion: `${row.version}-${row.release}`, arch: row.arch, installed: row.installed });
  }

  end(): void {}
}

export const installedRpms: Format = {
  id: 'installed-rpms',
  title: 'rpm -qa with install dates (sos installed-rpms)',
  reference: 'https://github.com/sosreport/sos/blob/main/sos/report/plugins/rpm.py',
  samples: [
    'containernetworking-plugins-0.8.1-1.module+el8.1.0+3402+f73c5901.x86_64 Fri Sep 27 11:51:33 2019',
    'cri-o-1.14.10-0.21.dev.rhaos4.2.git0d4a906.el8.x86_64       Fri Sep 27 11:51:34 2019',
    'iptables-1.8.2-9.el8_0.1.x86_64                             Fri Sep 27 11:51:33 2019',
    'iptables-libs-1.8.2-9.el8_0.1.x86_64                        Fri Sep 27 11:51:33 2019',
    'nftables-0.9.0-8.el8.x86_64                                 Fri Sep 27 11:51:33 2019',
    'runc-1.0.0-61.rc8.rhaos4.1.git3cbe540.el8.x86_64            Fri Sep 27 11:51:34 2019',
  ],
  detect,
  open: (ctx: FormatContext) => new InstalledRpmsParser(ctx),
};
