// `nft [-a] list ruleset` and `nft [-a] list table …`: the nat tables iptables-nft and portmap's nftables backend leave.

import type { AttrValue } from '../events/types.js';
import { emitChainDeclared, emitCniRule, type DumpForm, type RuleView } from './_cni-iptables.js';
import { parsePorts, rebuildSpec, type IptRule } from './_iptables-rule.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

// Grammar pieces; real lines from Debian nftables 1.0.6 over iptables-nft 1.8.9 and portmap 1.1.1 / 1.6.2.

// "# Warning: table ip nat is managed by iptables-nft, do not touch!": nft's stderr, which sos records with stdout,
// so it can stand anywhere in the file.
const WARNING = /^# Warning: table \S+ \S+ is managed by \S+, do not touch!$/;
// "table ip nat { # handle 1" / "table ip6 nat {" / "table inet filter { # handle 3"; whatever else a later nft
// prints after the brace as a "#" remark is tolerated, the handle read from it.
const TABLE = /^table (ip|ip6|inet|arp|bridge|netdev) ("?)([^\s"{}]+)\2 \{(?:\s+#(.*))?$/;
// "chain CNI-HOSTPORT-DNAT { # handle 7" (indented by one tab)
const CHAIN = /^chain ("?)([^\s"{}]+)\1 \{(?:\s+#(.*))?$/;
// the handle in a header's remark: "# handle 7"
const HEADER_HANDLE = /(?:^|\s)handle (\d+)(?:\s|$)/;
// "type nat hook prerouting priority dstnat; policy accept;"
const CHAIN_HOOK = /^type \S+ hook \S+ (?:device \S+ )?priority [^;]+;(?: policy \S+;)?$/;
// "comment "CNI portmap plugin"" (portmap's table) / "policy drop;" / "flags dormant" / "devices = { eth0 }"
const DECLARATION = /^(?:policy \S+;|comment ".*"|flags [\w, ]+|devices = \{.*\};?)$/;
// "set allowed { # handle 4" / "map m {" / "flowtable f {": named objects, whose bodies say nothing about hostPorts
const OBJECT = /^(?:set|map|flowtable|counter|quota|limit|ct helper|ct timeout|ct expectation|secmark|synproxy|tunnel) \S+ \{/;
// " # handle 14": the end of a rule line that nft 1.0.6 cut with "XT target DNAT not found\n" on stderr
const LONE_HANDLE = /^# handle \d+$/;
// "\t\tmeta l4proto tcp XT match comment not found" then " XT match multiport not found" then " counter packets 0
// bytes 0 jump CNI-DN-b24a4eb3a38dc5843c23a # handle 25": nft 1.0.6 (src/xt.c) writes "XT match %s not found\n" to
// stderr when libxtables lacks an extension and goes on printing the rule; nft_print() flushes every piece
// (src/print.c), so with stderr kept the rule is cut into lines, each after the first starting with the space nft
// puts between statements.
const CUT_BY_STDERR = /XT (?:match|target) \S+ not found$/;
/** Longest rule rejoined from pieces (a hostile file could make every line a continuation). */
const CUT_MAX = 64 * 1024;
// "… jump CNI-DN-b24a4eb3a38dc5843c23a # handle 25"
const HANDLE = / # handle (\d+)$/;

// Statements inside a rule.
// "jump CNI-DN-b24a4eb3a38dc5843c23a"
const JUMP = /(?:^|\s)(?:jump|goto) "?([^\s"]+)"?(?=\s|$)/;
// "meta l4proto tcp" (iptables-nft's -p) / "ip protocol tcp" / "ip6 nexthdr tcp"
const L4PROTO = /(?:^|\s)(?:meta l4proto|ip protocol|ip6 nexthdr) (tcp|udp|sctp|dccp)(?=\s|$)/;
// "tcp dport { 443, 80, 9001, 10001 }" / "tcp dport 443" / "udp dport 9001-9003"
const DPORT = /(?:^|\s)(tcp|udp|sctp|dccp) dport (?:\{ ([^}]*) \}|(\d[\d-]*|[a-z][\w-]*))(?=\s|$)/;
// nft 0.9.0 (RHEL 8.0/8.1) names ports by /etc/services unless run with -nn: "tcp dport { https, http, 9001 }"
// (src/main.c v0.9.0: "-n … Specify twice to also show Internet services (port numbers) numerically"; numbers became
// the default in 0.9.1, commit a42d2865 "src: Revert --literal, add -S/--service"). Names from Debian netbase's
// /etc/services; a name not here leaves its port unknown, and the rule says so.
const SERVICES: Record<string, number> = {
  'ftp-data': 20, ftp: 21, ssh: 22, telnet: 23, smtp: 25, domain: 53, tftp: 69, http: 80, kerberos: 88, pop3: 110, ntp: 123, 'netbios-ssn': 139, imap2: 143, snmp: 161, bgp: 179,
  ldap: 389, https: 443, 'microsoft-ds': 445, submissions: 465, syslog: 514, printer: 515, rtsp: 554, submission: 587, ipp: 631, ldaps: 636, rsync: 873, imaps: 993, pop3s: 995,
  socks: 1080, openvpn: 1194, 'ms-sql-s': 1433, radius: 1812, nfs: 2049, mysql: 3306, epmd: 4369, sip: 5060, 'sip-tls': 5061, postgresql: 5432, amqp: 5672, x11: 6000, redis: 6379, 'http-alt': 8080, webmin: 10000,
};

/** A port as nft printed it: a number, a range "9001-9003", or a service name; null for a name not known here. */
function portText(p: string): string | null {
  if (/^\d/.test(p)) return p.replace('-', ':');
  const n = SERVICES[p];
  return n === undefined ? null : String(n);
}

// "ip saddr 10.187.2.0/24" / "ip6 saddr fd00:10:187:2::/64"
const SADDR = /(?:^|\s)ip6? saddr (\S+)/;
// "ip daddr 10.187.2.33" (portmap's masquerade rule; a hostIP on a hostports rule)
const DADDR = /(?:^|\s)ip6? daddr (\S+)/;
// "dnat to 10.187.2.33:443" / "dnat to [fd00:10:187:2::2]:443" / "dnat ip to 10.0.0.2:80" (inet tables)
const DNAT = /(?:^|\s)dnat (?:ip6? )?to (\S+)/;
// "masquerade"
const MASQUERADE = /(?:^|\s)masquerade(?=\s|$)/;
// "comment "fb7cdb0a…"": portmap's nftables backend names the container here (iptables-nft's -m comment is dropped)
const COMMENT = /(?:^|\s)comment "((?:[^"\\]|\\.)*)"/;
// An iptables extension nft could not translate, so what it matched or where it DNATs is not in the listing:
//   nft 0.9.1–1.0.5 without libxtables (src/xt.c): nft_print(octx, "# xt_%s", stmt->xt.name)  → "# xt_multiport"
//   nft 1.0.6 (src/xt.c): nft_print(octx, "xt %s %s", typename[…], stmt->xt.name)          → "xt target DNAT"
//   nft 1.0.7+ (src/xt.c): nft_print(octx, "xt %s \"%s\"", typename[…], stmt->xt.name)      → "xt match "multiport""
//   nft 1.0.6 whose libxtables lacks it: fprintf(stderr, "XT target %s not found\n", …), kept by sos mid-rule
//     → "tcp dport 443 counter packets 0 bytes 0 XT target DNAT not found" (Debian 12, table ip6 nat)
const UNTRANSLATED = /(?:^|\s)(?:# xt_(\w+)|xt (?:match|target|watcher) "?(\w+)"?|XT (?:match|target) (\S+) not found)(?=\s|$)/g;

const HEX64 = /^[0-9a-f]{64}$/;
/** Jumps held until their CNI-DN chain's ports are known, and ports remembered per chain: caps for hostile input. */
const PENDING_MAX = 10_000;
const CHAIN_PORTS_MAX = 100_000;

function detect(head: Head): Detection | null {
  const lines = head.lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const tables = lines.filter((l) => TABLE.test(l)).length;
  if (tables === 0) return null;
  const chains = lines.filter((l) => CHAIN.test(l.trim())).length;
  const closes = lines.filter((l) => l.trim() === '}').length;
  if (chains === 0 && closes === 0) return null;
  return { score: 0.9, why: `${tables} "table <family> <name> {" and ${chains} "chain <name> {" lines: nft list ruleset/table` };
}

/** What one rule's statements say, as far as hostPort rules need it. */
interface NftRule {
  jump: string | null;
  proto: string | null;
  /** Comma list of destination ports as iptables writes them ("443,80"); null when the rule shows none. */
  dports: string | null;
  saddr: string | null;
  daddr: string | null;
  dnatTo: string | null;
  masquerade: boolean;
  comment: string | null;
  /** Extensions nft printed without translating them ("multiport", "DNAT"). */
  untranslated: string[];
  /** Ports nft printed as service names this reader does not know (their numbers are not in `dports`). */
  unknownServices: string[];
}

/** Read the statements of one rule line (handle already cut off). */
export function readNftRule(body: string): NftRule {
  const d = DPORT.exec(body);
  let dports: string | null = null;
  const unknownServices: string[] = [];
  if (d) {
    const known: string[] = [];
    for (const p of d[2] !== undefined ? d[2].split(',').map((x) => x.trim()) : [d[3]!]) {
      const t = portText(p);
      if (t === null) unknownServices.push(p);
      else known.push(t);
    }
    dports = known.length > 0 ? known.join(',') : null;
  }
  const untranslated: string[] = [];
  for (const m of body.matchAll(UNTRANSLATED)) untranslated.push(m[1] ?? m[2] ?? m[3]!);
  const comment = COMMENT.exec(body)?.[1]?.replace(/\\(.)/g, '$1') ?? null;
  return {
    jump: JUMP.exec(body)?.[1] ?? null,
    proto: L4PROTO.exec(body)?.[1] ?? d?.[1] ?? null,
    dports,
    saddr: SADDR.exec(body)?.[1] ?? null,
    daddr: DADDR.exec(body)?.[1] ?? null,
    dnatTo: DNAT.exec(body)?.[1] ?? null,
    masquerade: MASQUERADE.test(body),
    comment,
    untranslated,
    unknownServices,
  };
}

/** The handle a table or chain header's "#" remark gives (nft -a), else null. */
function headerHandle(remark: string | undefined): number | null {
  const m = remark === undefined ? null : HEADER_HANDLE.exec(remark);
  return m ? Number(m[1]) : null;
}

/** Why a DNAT rule of this listing shows no address: nft printed the extension untranslated, or failed to load it. */
function hiddenTarget(body: string): string {
  const stderr = /XT target DNAT not found/.test(body);
  return `target not shown by this nft (${stderr ? 'its stderr: "XT target DNAT not found"' : 'printed as an untranslated xt DNAT'})`;
}

interface OpenTable {
  family: string;
  name: string;
  /** nat: iptables-nft's ip/ip6 nat; portmap: portmap's own cni_hostport table; other: read and skipped. */
  kind: 'nat' | 'portmap' | 'other';
}

interface OpenChain {
  name: string;
  position: number;
}

interface HeldJump {
  rule: IptRule;
  lineNo: number;
  text: string;
  view: RuleView;
}

class NftParser implements LineParser {
  private table: OpenTable | null = null;
  private chain: OpenChain | null = null;
  /** Open braces inside a named set/map/object body (0: not in one). */
  private objectDepth = 0;
  private form: DumpForm;
  private formKnown = false;
  private unclosed = 0;
  private readonly held: HeldJump[] = [];
  private readonly chainPorts = new Map<string, string[]>();
  private chainPortCount = 0;
  /** A rule whose line ended in nft's "XT … not found" stderr text: its next lines may be the rest of it. */
  private cut: { lineNo: number; joined: string; raw: string[] } | null = null;

  constructor(private readonly ctx: FormatContext) {
    this.form = /list[_ ]table/.test(ctx.path.split('/').pop() ?? '') ? 'nft list table' : 'nft list ruleset';
  }

  line(raw: string, lineNo: number): void {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.cut) {
      if (text.startsWith(' ') && text.trim() !== '' && this.cut.joined.length < CUT_MAX) {
        this.cut.joined += text;
        this.cut.raw.push(text);
        return this.ctx.skipped(lineNo, "rest of the rule above, cut onto this line by nft's stderr");
      }
      this.flushCut();
    }
    const t = text.trim();
    if (t === '') return this.ctx.skipped(lineNo, 'empty line');
    if (this.objectDepth > 0) return this.objectBody(t, lineNo);
    if (WARNING.test(t)) return this.ctx.skipped(lineNo, "nft's warning on stderr: iptables-nft owns the table");
    if (t === '}') return this.close(lineNo, text);
    const tb = TABLE.exec(t);
    if (tb) return this.openTable(tb, lineNo);
    const ch = CHAIN.exec(t);
    if (ch) return this.openChain(ch[2]!, headerHandle(ch[3]), lineNo, text);
    if (!this.table) return this.ctx.unparsed(lineNo, t.startsWith('#') ? 'a "#" line that is not nft\'s iptables-nft warning' : 'text outside any table', text);
    if (!this.chain) {
      if (OBJECT.test(t)) return this.openObject(t, lineNo);
      if (DECLARATION.test(t)) return this.ctx.skipped(lineNo, 'table attribute');
      return this.ctx.unparsed(lineNo, 'statement in a table outside any chain', text);
    }
    if (CHAIN_HOOK.test(t)) return this.ctx.skipped(lineNo, 'chain type, hook and policy');
    if (DECLARATION.test(t)) return this.ctx.skipped(lineNo, 'chain attribute');
    if (LONE_HANDLE.test(t)) return this.ctx.skipped(lineNo, "handle of the rule above, pushed to its own line by nft's stderr");
    if (CUT_BY_STDERR.test(t)) return void (this.cut = { lineNo, joined: t, raw: [text] });
    this.rule(t, lineNo, text);
  }

  /** Read a rule held because nft's stderr may have cut it: its pieces as one rule, its evidence the lines as written. */
  private flushCut(): void {
    const c = this.cut!;
    this.cut = null;
    this.rule(c.joined, c.lineNo, c.raw.join('\n'));
  }

  private openTable(m: RegExpExecArray, lineNo: number): void {
    if (this.table) this.unclosed++;
    if (!this.formKnown) {
      this.formKnown = true;
      if (headerHandle(m[4]) !== null) this.form = this.form === 'nft list table' ? 'nft -a list table' : 'nft -a list ruleset';
    }
    const family = m[1]!;
    const name = m[3]!;
    const kind = (family === 'ip' || family === 'ip6') && name === 'nat' ? 'nat' : (family === 'ip' || family === 'ip6') && name === 'cni_hostport' ? 'portmap' : 'other';
    this.table = { family, name, kind };
    this.chain = null;
    this.ctx.skipped(lineNo, kind === 'other' ? `table ${family} ${name}: not a table CNI hostPort rules live in` : 'table header');
  }

  private openChain(name: string, handle: number | null, lineNo: number, text: string): void {
    if (!this.table) return this.ctx.unparsed(lineNo, 'chain outside any table', text);
    if (this.chain) this.unclosed++;
    this.chain = { name, position: 0 };
    if (this.table.kind === 'nat' && emitChainDeclared(this.ctx, 'nat', name, lineNo, text, this.form, null, this.view(handle))) return;
    this.ctx.skipped(lineNo, 'chain header');
  }

  private openObject(t: string, lineNo: number): void {
    this.objectDepth = 0;
    this.objectBody(t, lineNo);
  }

  /** A named set/map/object body: braces counted, every line skipped, until its closing brace. */
  private objectBody(t: string, lineNo: number): void {
    for (const c of t) {
      if (c === '{') this.objectDepth++;
      else if (c === '}') this.objectDepth--;
    }
    if (this.objectDepth < 0) this.objectDepth = 0;
    this.ctx.skipped(lineNo, 'named set, map or object of the table');
  }

  private close(lineNo: number, text: string): void {
    if (this.chain) this.chain = null;
    else if (this.table) this.table = null;
    else return this.ctx.unparsed(lineNo, 'closing brace with no open table or chain', text);
    this.ctx.skipped(lineNo, 'closing brace');
  }

  /** The dump a rule belongs to: one per nat table, one per portmap chain (each is its own rule order). */
  private view(handle: number | null): RuleView {
    const t = this.table!;
    const dump = t.kind === 'portmap' ? `${this.ctx.path}#${t.family} ${t.name} ${this.chain?.name ?? ''}` : `${this.ctx.path}#${t.family} ${t.name}`;
    return { dump, family: t.family, nftTable: t.name, handle };
  }

  private rule(t: string, lineNo: number, text: string): void {
    const table = this.table!;
    const chain = this.chain!;
    chain.position++;
    if (table.kind === 'other') return this.ctx.skipped(lineNo, `rule of table ${table.family} ${table.name}`);
    // kube-proxy and others keep tens of thousands of nat rules: only the chains CNI writes are read.
    if (table.kind === 'nat' && !(chain.name === 'CNI-HOSTPORT-DNAT' || chain.name.startsWith('CNI-DN-') || chain.name === 'POSTROUTING'))
      return this.ctx.skipped(lineNo, 'rule that is not a CNI hostPort or masquerade rule');
    const h = HANDLE.exec(t);
    const body = h ? t.slice(0, h.index) : t;
    const r = readNftRule(body);
    const view = this.view(h ? Number(h[1]) : null);
    if (table.kind === 'portmap') return this.portmapRule(r, chain, lineNo, text, view);
    this.natRule(r, body, chain, lineNo, text, view);
  }

  /** iptables-nft's nat table: the same rules iptables lists, minus the -m comment text nft does not print. */
  private natRule(r: NftRule, body: string, chain: OpenChain, lineNo: number, text: string, view: RuleView): void {
    const untranslatedDnat = r.untranslated.includes('DNAT');
    const target = r.jump ?? (r.dnatTo || untranslatedDnat ? 'DNAT' : r.masquerade ? 'MASQUERADE' : null);
    const proto = r.proto ?? 'all';
    const rule: IptRule = {
      table: 'nat',
      chain: chain.name,
      position: chain.position,
      proto: r.proto,
      source: r.saddr,
      dports: r.dports ? parsePorts(r.dports) : [],
      comment: r.comment,
      target,
      toDestination: r.dnatTo,
      spec: rebuildSpec(proto, r.saddr, r.comment, r.dports, target),
      ...(untranslatedDnat && !r.dnatTo ? { targetHidden: hiddenTarget(body) } : {}),
    };
    const commented = chain.name === 'CNI-HOSTPORT-DNAT' || (chain.name === 'POSTROUTING' && /^CNI-[0-9a-f]{24}$/.test(r.jump ?? ''));
    if (commented && r.comment === null) {
      // portmap comments its jumps and bridge its masquerade rules; `iptables -D` needs the comment back, which
      // only a hash-resolved sandbox can give: the head and tail around where it goes.
      view.commentDropped = true;
      view.specHead = rebuildSpec(proto, r.saddr, null, null, null);
      view.specTail = rebuildSpec('all', null, null, r.dports, target);
    }
    if (r.untranslated.length > 0) view.untranslated = r.untranslated;
    if (r.unknownServices.length > 0) view.portsShown = `printed as service names not known here: ${r.unknownServices.join(', ')}`;
    if (chain.name.startsWith('CNI-DN-') && target === 'DNAT') this.rememberPorts(chain.name, rule.dports);
    if (chain.name === 'CNI-HOSTPORT-DNAT' && r.jump?.startsWith('CNI-DN-') && !r.dports && r.untranslated.includes('multiport')) {
      if (this.held.length < PENDING_MAX) return void this.held.push({ rule, lineNo, text, view });
      view.portsShown = 'multiport not shown by this nft';
    }
    if (emitCniRule(this.ctx, rule, lineNo, text, this.form, null, view)) return;
    if (chain.name === 'CNI-HOSTPORT-DNAT' || (chain.name.startsWith('CNI-DN-') && !r.jump)) return this.ctx.unparsed(lineNo, `rule in ${chain.name} with neither a jump nor a DNAT`, text);
    this.ctx.skipped(lineNo, 'rule that is not a CNI hostPort or masquerade rule');
  }

  private rememberPorts(chain: string, ports: number[]): void {
    if (this.chainPortCount >= CHAIN_PORTS_MAX) return;
    let list = this.chainPorts.get(chain);
    if (!list) this.chainPorts.set(chain, (list = []));
    for (const p of ports) if (!list.includes(String(p))) list.push(String(p));
    this.chainPortCount += ports.length;
  }

  /** portmap's nftables backend (plugins ≥ 1.6): one `dnat to` rule per hostPort, commented with the container ID. */
  private portmapRule(r: NftRule, chain: OpenChain, lineNo: number, text: string, view: RuleView): void {
    const id = r.comment ?? '';
    const base = {
      stamp: null,
      absUs: null,
      domain: 'capture' as const,
      ids: HEX64.test(id) ? [id] : [],
      prefixes: [] as string[],
      source: { path: this.ctx.path, line: lineNo },
      text,
    };
    const common: Record<string, AttrValue> = { form: this.form, table: 'cni_hostport', chain: chain.name, position: chain.position, dialect: 'nft', network: null, cniId: id || null, spec: text.trim(), ...view };
    if ((chain.name === 'hostports' || chain.name === 'hostip_hostports') && (r.dnatTo || r.untranslated.length > 0)) {
      const port = r.dports ? parsePorts(r.dports) : [];
      const m = r.dnatTo ? /^\[?([0-9a-fA-F.:]+?)\]?(?::(\d+))?$/.exec(r.dnatTo) : null;
      const hidden: Record<string, AttrValue> = r.dnatTo ? {} : { targetHidden: 'target not shown by this nft' };
      this.ctx.event({ ...base, kind: 'cni.dnat.present', attrs: { ...common, target: null, proto: r.proto, ports: port, hostIp: r.daddr, dnatTo: r.dnatTo } });
      this.ctx.event({ ...base, kind: 'cni.dnat.target', attrs: { ...common, ip: m?.[1] ?? r.dnatTo, port: m?.[2] ? Number(m[2]) : null, proto: r.proto, hostPorts: port, ...hidden } });
      return;
    }
    if (chain.name === 'masquerading' && r.masquerade && r.comment !== null) {
      this.ctx.event({ ...base, kind: 'cni.masq.present', attrs: { ...common, target: null, ip: r.daddr } });
      return;
    }
    if (chain.name === 'hostports' || chain.name === 'hostip_hostports' || chain.name === 'masquerading') return this.ctx.unparsed(lineNo, `rule in portmap's ${chain.name} chain that is not one of its per-container rules`, text);
    this.ctx.skipped(lineNo, "portmap's hook chain rule (jumps into its hostport chains)");
  }

  end(): void {
    if (this.cut) this.flushCut();
    for (const j of this.held) {
      const ports = this.chainPorts.get(j.rule.target!) ?? [];
      const dports = ports.length > 0 ? ports.join(',') : null;
      j.rule.dports = dports ? parsePorts(dports) : [];
      j.rule.spec = rebuildSpec(j.rule.proto ?? 'all', j.rule.source, j.rule.comment, dports, j.rule.target);
      if (j.view.specTail !== undefined) j.view.specTail = rebuildSpec('all', null, null, dports, j.rule.target);
      j.view.portsShown = dports ? `multiport not shown by this nft: ports from the DNAT rules of ${j.rule.target}` : 'multiport not shown by this nft, nor the DNAT rules of its chain';
      emitCniRule(this.ctx, j.rule, j.lineNo, j.text, this.form, null, j.view);
    }
    this.held.length = 0;
    if (this.unclosed > 0) this.ctx.note(`${this.unclosed} table or chain blocks were not closed before the next one began: read as closed`);
    if (this.table) this.ctx.note(`the listing ends inside table ${this.table.family} ${this.table.name}${this.chain ? `, chain ${this.chain.name}` : ''}: cut off?`);
  }
}

export const nftRuleset: Format = {
  id: 'nft-ruleset',
  title: 'nft list ruleset / nft -a list ruleset / nft list table (sosreport firewall_tables)',
  reference: 'https://git.netfilter.org/nftables/tree/src/rule.c (do_list_ruleset, chain_print), src/xt.c (xt_stmt_xlate)',
  samples: [
    '# Warning: table ip nat is managed by iptables-nft, do not touch!',
    'table ip nat { # handle 1',
    '\tchain CNI-HOSTPORT-DNAT { # handle 7',
    '\t\tmeta l4proto tcp  tcp dport { 443, 80, 9001, 10001 } counter packets 0 bytes 0 jump CNI-DN-b24a4eb3a38dc5843c23a # handle 25',
    '\t}',
    '\tchain PREROUTING { # handle 8',
    '\t\ttype nat hook prerouting priority dstnat; policy accept;',
    '\t\tfib daddr type local counter packets 0 bytes 0 jump CNI-HOSTPORT-DNAT # handle 9',
    '\t}',
    '\tchain CNI-DN-b24a4eb3a38dc5843c23a { # handle 12',
    '\t\tip saddr 127.0.0.1 tcp dport 443 counter packets 0 bytes 0 jump CNI-HOSTPORT-SETMARK # handle 14',
    '\t\ttcp dport 443 counter packets 0 bytes 0 dnat to 10.187.2.33:443 # handle 15',
    '\t}',
    '}',
    'table ip cni_hostport { # handle 2',
    '\tcomment "CNI portmap plugin"',
    '\tchain hostports { # handle 1',
    '\t\ttcp dport 443 dnat to 10.187.2.33:443 comment "fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138" # handle 10',
    '\t}',
    '}',
  ],
  detect,
  open: (ctx) => new NftParser(ctx),
};
