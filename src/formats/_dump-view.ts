// Which rule set an iptables dump shows: address family (ip/ip6) and backend (nf_tables/legacy), from what it says.

/** What a dump says about the rule set it shows: address family and iptables backend, when it says so. */
export interface DumpView {
  family?: 'ip' | 'ip6';
  backend?: 'nf_tables' | 'legacy';
}

// iptables-nft (xtables-save.c, nft-shared.c) prints this, to stdout, when the legacy x_tables are loaded too:
// "# Warning: iptables-legacy tables present, use iptables-legacy-save to see them" (or "… use iptables-legacy …").
export const LEGACY_PRESENT = /^# Warning: ip6?tables-legacy tables present, use (\S+) to see them\s*$/;

/** What the file name tells: sos and hand collections name files after the command ("ip6tables_-t_nat_-nvL", "iptables-legacy-save"). */
export function viewFromPath(path: string): DumpView {
  const name = path.split('/').pop() ?? '';
  const view: DumpView = {};
  if (/(?:^|[_ -])ip6tables/.test(name) || name.startsWith('ip6tables')) view.family = 'ip6';
  if (/ip6?tables-legacy/.test(name)) view.backend = 'legacy';
  else if (/ip6?tables-nft/.test(name)) view.backend = 'nf_tables';
  return view;
}

/** An address column or --to-destination that only IPv6 writes ("::/0", "fd00::/64", "[fd00::2]:443"). */
export function isIp6Address(text: string | null): boolean {
  return text !== null && (text.startsWith('[') || /^[0-9a-fA-F]*:[0-9a-fA-F:]*(\/\d+)?$/.test(text));
}

/** The attrs a dump's view adds to each CNI event: its dump key and only what the dump told (no guessed backend). */
export function viewAttrs(dump: string, view: DumpView): { dump: string } & Record<string, string> {
  return { dump, ...(view.family ? { family: view.family } : {}), ...(view.backend ? { backend: view.backend } : {}) };
}
