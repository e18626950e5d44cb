// `iptables [-t nat] -nvL [--line-numbers]` (and -nL): the listing sosreport collects.

import { emitChainDeclared, emitCniRule } from './_cni-iptables.js';
import { parsePorts, protoName, rebuildSpec, type IptRule } from './_iptables-rule.js';
import type { Detection, Format, FormatContext, Head, LineParser } from './types.js';

// "Chain CNI-HOSTPORT-DNAT (2 references)" / "Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)"
const CHAIN = /^Chain (\S+) \((?:policy \S+(?: \S+ packets, \S+ bytes)?|\d+ references?)\)\s*$/;
// " pkts bytes target     prot opt in     out     source               destination"
const HEADER = /^\s*(num\s+)?(pkts\s+bytes\s+)?target\s+prot\s+opt\s/;

function detect(head: Head): Detection | null {
  const chains = head.lines.filter((l) => CHAIN.test(l)).length;
  const headers = head.lines.filter((l) => HEADER.test(l)).length;
  if (chains === 0 || headers === 0) return null;
  return { score: 0.9, why: `${chains} "Chain … (…)" headers with column headers: iptables -L listing` };
}

/** The -nvL "extra" column text → comment, ports and DNAT destination. */
function readExtra(extra: string): { comment: string | null; dports: string | null; to: string | null } {
  const comment = /\/\* (.*?) \*\//.exec(extra)?.[1] ?? null;
  const rest = extra.replace(/\/\* .*? \*\//, '');
  const multi = /multiport dports (\S+)/.exec(rest)?.[1];
  const single = /\b(?:tcp|udp|sctp|dccp) dpts?:(\S+)/.exec(rest)?.[1];
  const to = /\bto:(\S+)/.exec(rest)?.[1] ?? null;
  return { comment, dports: multi ?? single ?? null, to };
}

class ListParser implements LineParser {
  private chain: string | null = null;
  private lineNumbers = false;
  private verbose = true;
  private position = 0;
  private readonly table: string;

  constructor(private readonly ctx: FormatContext) {
    const m = /(?:^|[_ ])-t[_ ]?([a-z]+)/.exec(ctx.path.split('/').pop() ?? '');
    if (m) this.table = m[1]!;
    else {
      this.table = 'nat';
      ctx.note('no "-t <table>" in the file name: assumed the nat table');
    }
  }

  line(text: string, lineNo: number): void {
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return this.ctx.skipped(lineNo, 'empty line');
    const c = CHAIN.exec(text);
    if (c) {
      this.chain = c[1]!;
      this.position = 0;
      if (!emitChainDeclared(this.ctx, this.table, this.chain, lineNo, text, 'iptables -nvL', null)) this.ctx.skipped(lineNo, 'chain header');
      return;
    }
    const h = HEADER.exec(text);
    if (h) {
      this.lineNumbers = Boolean(h[1]);
      this.verbose = Boolean(h[2]);
      return this.ctx.skipped(lineNo, 'column header');
    }
    if (!this.chain) return this.ctx.unparsed(lineNo, 'rule before any "Chain" header', text);
    const tokens = text.trim().split(/\s+/);
    const skip = (this.lineNumbers ? 1 : 0) + (this.verbose ? 2 : 0);
    // The opt column ("--", "-f", "!f") anchors the row: the target column is empty for rules without -j.
    let opt = -1;
    for (let i = skip + 1; i < Math.min(tokens.length, skip + 3); i++) {
      if (/^(--|-f|!f)$/.test(tokens[i]!)) {
        opt = i;
        break;
      }
    }
    if (opt < 0) return this.ctx.unparsed(lineNo, 'no prot/opt columns where a rule row has them', text);
    const target = opt - 2 >= skip ? tokens[skip]! : null;
    const proto = protoName(tokens[opt - 1]!);
    const sourceIdx = this.verbose ? opt + 3 : opt + 1;
    const source = tokens[sourceIdx] ?? null;
    const extra = tokens.slice(sourceIdx + 2).join(' ');
    const x = readExtra(extra);
    this.position++;
    const rule: IptRule = {
      table: this.table,
      chain: this.chain,
      position: this.position,
      proto: proto === 'all' ? null : proto,
      source,
      dports: x.dports ? parsePorts(x.dports) : [],
      comment: x.comment,
      target,
      toDestination: x.to,
      spec: rebuildSpec(proto, source, x.comment, x.dports, target),
    };
    if (!emitCniRule(this.ctx, rule, lineNo, text, 'iptables -nvL', null)) this.ctx.skipped(lineNo, 'rule that is not a CNI hostPort or masquerade rule');
  }

  end(): void {}
}

export const iptablesList: Format = {
  id: 'iptables-list',
  title: 'iptables -nvL / -nL listing (sosreport firewall_tables, networking)',
  reference: 'https://git.netfilter.org/iptables/tree/iptables/iptables.c (print_firewall)',
  samples: [
    'Chain CNI-HOSTPORT-DNAT (2 references)',
    ' pkts bytes target     prot opt in     out     source               destination         ',
    '    0     0 CNI-DN-b24a4eb3a38dc5843c23a  6    --  *      *       0.0.0.0/0            0.0.0.0/0            /* dnat name: "cbr0" id: "fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138" */ multiport dports 443,80,9001,10001',
    '    0     0 DNAT       6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:443 to:10.187.2.33:443',
  ],
  detect,
  open: (ctx) => new ListParser(ctx),
};
