// `dpkg -l` (sos: sos_commands/dpkg/dpkg_-l, root symlink installed-debs): the installed version of the runtime
// packages, as version.seen state at capture time.

import { packageSeen, packageSoftware, upstreamOfDeb } from './_packages.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

// dpkg-query's list header (src/query/main.cc list_format_init): three legend lines, the column titles, the rule.
const LEGEND = /^(?:Desired=Unknown\/Install\/Remove\/Purge\/Hold|\| Status=|\|\/ Err\?=|\|\|\/ Name +Version|\+\+\+-=+)/;
// A row: the three state letters (desired, status, error flag; blank when none), name[:arch], version, architecture, description.
const ROW = /^([uihrp])([ncHUFWtfi ])([ R]) (\S+) +(\S+) +(\S+)(?: +(.*))?$/;

function detect(head: Head): Detection | null {
  const first = head.lines.find((l) => l.trim() !== '') ?? '';
  if (!first.startsWith('Desired=Unknown/Install/Remove/Purge/Hold')) return null;
  const rows = head.lines.filter((l) => ROW.test(l) || LEGEND.test(l)).length;
  return { score: 0.95, why: `dpkg -l legend "Desired=Unknown/Install/Remove/Purge/Hold", ${rows} header or package rows` };
}

class DpkgParser implements LineParser {
  constructor(private readonly ctx: FormatContext) {}

  line(text: string, lineNo: number): void {
    text = text.replace(/\r$/, '');
    if (text.trim() === '') return this.ctx.skipped(lineNo, 'empty line');
    if (LEGEND.test(text)) return this.ctx.skipped(lineNo, 'dpkg -l header');
    const m = ROW.exec(text);
    if (!m) return this.ctx.unparsed(lineNo, 'not a dpkg -l row', text);
    // "ii" installed, "hi" installed and held; "rc" (removed, configuration left), "un", "iU" (unpacked) are not a
    // version that runs.
    if (m[2] !== 'i') return this.ctx.skipped(lineNo, 'package not installed');
    const pkg = m[4]!.replace(/:[\w-]+$/, '');
    const software = packageSoftware(pkg);
    if (software === null) return this.ctx.skipped(lineNo, 'package podmortem does not follow');
    packageSeen(this.ctx, lineNo, text, { software, version: upstreamOfDeb(m[5]!), package: pkg, packageVersion: m[5]! });
  }

  end(): void {}
}

export const dpkgList: Format = {
  id: 'dpkg-list',
  title: 'dpkg -l (installed Debian packages)',
  reference: 'https://github.com/sosreport/sos/blob/main/sos/report/plugins/dpkg.py',
  samples: [
    'Desired=Unknown/Install/Remove/Purge/Hold',
    '| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend',
    '|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)',
    '||/ Name                        Version                     Architecture Description',
    '+++-===========================-===========================-============-==============================================================',
    'ii  adduser                     3.134                       all          add and remove users and groups',
    'ii  containerd                  1.6.20~ds1-1+deb12u3        amd64        open and reliable container runtime',
    'ii  docker.io                   20.10.24+dfsg1-1+deb12u1+b6 amd64        Linux container runtime',
  ],
  detect,
  open: (ctx: FormatContext) => new DpkgParser(ctx),
};
