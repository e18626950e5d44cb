// Reading one iptables rule (save/-S argument form or -nvL column form) into the fields rules need.

export interface IptRule {
  table: string;
  chain: string;
  /** 1-based position inside its chain in this dump. */
  position: number;
  proto: string | null;
  source: string | null;
  dports: number[];
  comment: string | null;
  target: string | null;
  /** DNAT destination "ip:port" when the target is DNAT. */
  toDestination: string | null;
  /** The rule spec that `iptables -t <table> -D <chain> <spec>` takes, shell-quoted. */
  spec: string;
  /** Why a DNAT rule's destination is not shown (a listing that could not translate the target). */
  targetHidden?: string;
}

/** Split an iptables-save argument line into tokens, honouring its double quotes and backslashes. */
export function tokenize(text: string): string[] | null {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (i >= text.length) break;
    let tok = '';
    while (i < text.length && text[i] !== ' ' && text[i] !== '\t') {
      const c = text[i]!;
      if (c === '"') {
        i++;
        let closed = false;
        while (i < text.length) {
          const d = text[i]!;
          if (d === '\\' && i + 1 < text.length) {
            tok += text[i + 1];
            i += 2;
            continue;
          }
          if (d === '"') {
            closed = true;
            i++;
            break;
          }
          tok += d;
          i++;
        }
        if (!closed) return null;
      } else if (c === '\\' && i + 1 < text.length) {
        tok += text[i + 1];
        i += 2;
      } else {
        tok += c;
        i++;
      }
    }
    tokens.push(tok);
  }
  return tokens;
}

/** Port list "443,80,9001:9003" → numbers (ranges expanded up to 64 ports, else ends only). */
export function parsePorts(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const [a, b] = part.split(':');
    const lo = Number(a);
    if (!Number.isInteger(lo)) continue;
    const hi = b === undefined ? lo : Number(b);
    if (!Number.isInteger(hi) || hi < lo) continue;
    if (hi - lo > 64) out.push(lo, hi);
    else for (let p = lo; p <= hi; p++) out.push(p);
  }
  return out;
}

const PROTO_NUMBERS: Record<string, string> = { '0': 'all', '1': 'icmp', '6': 'tcp', '17': 'udp', '132': 'sctp', '58': 'ipv6-icmp' };

/** iptables ≥ 1.8.8 prints protocol numbers in -nvL; older ones print names. */
export function protoName(text: string): string {
  return PROTO_NUMBERS[text] ?? text.toLowerCase();
}

/** Quote a token for a POSIX shell the way iptables-save quotes comments. */
export function shellQuote(tok: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(tok)) return tok;
  return '"' + tok.replace(/(["\\$`])/g, '\\$1') + '"';
}

/** Fields of a save/-S rule given the tokens after "-A <chain>". */
export function ruleFromArgs(table: string, chain: string, position: number, args: string[]): IptRule {
  const rule: IptRule = { table, chain, position, proto: null, source: null, dports: [], comment: null, target: null, toDestination: null, spec: args.map(shellQuote).join(' ') };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    switch (a) {
      case '-p':
      case '--protocol':
        rule.proto = next ? protoName(next) : null;
        i++;
        break;
      case '-s':
      case '--source':
        rule.source = next ?? null;
        i++;
        break;
      case '--comment':
        rule.comment = next ?? null;
        i++;
        break;
      case '--dports':
      case '--destination-ports':
      case '--dport':
      case '--destination-port':
        if (next) rule.dports.push(...parsePorts(next));
        i++;
        break;
      case '-j':
      case '--jump':
      case '-g':
      case '--goto':
        rule.target = next ?? null;
        i++;
        break;
      case '--to-destination':
        rule.toDestination = next ?? null;
        i++;
        break;
      default:
        break;
    }
  }
  return rule;
}

/** The argument form of a listed rule, as portmap and bridge create them, for `iptables -D`. */
export function rebuildSpec(proto: string, source: string | null, comment: string | null, dports: string | null, target: string | null): string {
  const parts: string[] = [];
  if (source && source !== '0.0.0.0/0' && source !== '::/0') parts.push('-s', source.includes('/') ? source : `${source}/${source.includes(':') ? 128 : 32}`);
  if (proto !== 'all') parts.push('-p', proto);
  if (comment !== null) parts.push('-m', 'comment', '--comment', shellQuote(comment));
  if (dports) parts.push('-m', 'multiport', '--dports', dports);
  if (target) parts.push('-j', target);
  return parts.join(' ');
}
