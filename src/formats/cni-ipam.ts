// host-local IPAM data dir: <dataDir>/<network>/<ip> files holding "<containerID>\r\n<ifname>".

import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

// plugins/ipam/host-local/backend/disk: file name = ip.String(); "last_reserved_ip.<rangeID>"; "lock".
const IP_NAME = /^(?:\d{1,3}\.){3}\d{1,3}$|^[0-9a-fA-F:_]*:[0-9a-fA-F:_]*$|^[0-9a-fA-F_]+_[0-9a-fA-F_]+$/;
const BOOKKEEPING = /^(last_reserved_ip\.\d+|lock)$/;

/** Network and file name when the path looks like …/<network>/<file> under a host-local data dir. */
export function ipamPath(path: string): { network: string; name: string } | null {
  // By position, not split: every file sniffed asks (a /proc of 200,000 members, one array each).
  const end = path.lastIndexOf('/');
  if (end === -1) return null;
  const name = path.slice(end + 1);
  const network = path.slice(path.lastIndexOf('/', end - 1) + 1, end);
  if (!name || !network) return null;
  return { network, name };
}

function detect(head: Head): Detection | null {
  const p = ipamPath(head.path);
  if (!p) return null;
  const underNetworks = /(^|\/)networks\/[^/]+\/[^/]+$/.test(head.path);
  if (BOOKKEEPING.test(p.name) && underNetworks) return { score: 0.9, why: `host-local bookkeeping file ${p.name}` };
  if (!IP_NAME.test(p.name)) return null;
  // v0.8.0+: "<id>\r\n<ifname>", no trailing newline; older: "<id>" alone.
  const content = /^([0-9a-f]{64}|[^\s]{1,256})(\r?\n[^\s]{1,64})?\s*$/.exec(head.text);
  if (!content) return null;
  const hexId = /^[0-9a-f]{64}$/.test(content[1]!);
  if (!hexId && !underNetworks) return null;
  return { score: hexId ? 0.95 : 0.7, why: `file named by an IP holding a container ID${underNetworks ? ' under networks/' : ''}` };
}

class IpamParser implements LineParser {
  private readonly network: string;
  private readonly name: string;
  private id: string | null = null;
  private ifname: string | null = null;

  constructor(private readonly ctx: FormatContext) {
    // A bare name (no network folder) only when called outside the sniffer; it must not throw.
    const p = ipamPath(ctx.path) ?? { network: '', name: ctx.path };
    this.network = p.network;
    this.name = p.name;
  }

  line(text: string, lineNo: number): void {
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (BOOKKEEPING.test(this.name)) return this.ctx.skipped(lineNo, `host-local ${this.name}`);
    // Line 1 (the ID) is the line the lease event cites, or counted unparsed at the end when empty.
    if (lineNo === 1) this.id = text.trim();
    else if (lineNo === 2) {
      this.ifname = text.trim();
      this.ctx.skipped(lineNo, 'interface name of the lease');
    } else if (text.trim() !== '') this.ctx.unparsed(lineNo, 'a lease file has two lines: container ID and interface', text);
    else this.ctx.skipped(lineNo, 'empty line');
  }

  end(): void {
    const folder = this.ctx.path.split('/').slice(0, -1).join('/');
    this.ctx.event({
      kind: 'ipam.folder',
      stamp: null,
      absUs: null,
      domain: 'capture',
      ids: [],
      prefixes: [],
      attrs: { network: this.network, folder },
      source: { path: this.ctx.path, line: 1 },
      text: `${folder}/`,
    });
    if (BOOKKEEPING.test(this.name)) return;
    if (!this.id) {
      this.ctx.unparsed(1, 'empty lease file', '');
      return;
    }
    const ip = this.name.replace(/_/g, ':'); // Windows builds write ':' as '_'
    this.ctx.event({
      kind: 'ipam.lease',
      stamp: null,
      absUs: null,
      domain: 'capture',
      ids: /^[0-9a-f]{64}$/.test(this.id) ? [this.id] : [],
      prefixes: [],
      attrs: { network: this.network, ip, ifname: this.ifname, cniId: this.id, file: this.ctx.path },
      source: { path: this.ctx.path, line: 1 },
      text: this.ifname ? `${this.id}\\r\\n${this.ifname}` : this.id,
    });
  }
}

export const cniIpam: Format = {
  id: 'cni-ipam',
  title: 'host-local IPAM data dir (/var/lib/cni/networks/<net>/)',
  reference: 'https://github.com/containernetworking/plugins/blob/main/plugins/ipam/host-local/backend/disk/backend.go',
  samples: ['0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2\r', 'eth0'],
  detect,
  open: (ctx) => new IpamParser(ctx),
};
