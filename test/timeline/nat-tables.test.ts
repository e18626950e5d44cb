// The pieces of the firewall-view merge that do not need a bundle: namespace of a dump path, order comparison.

import { describe, expect, it } from 'vitest';
import { markInversions, netnsOf } from '../../src/timeline/nat-tables.js';

describe('netnsOf: sos networking per-namespace dumps', () => {
  it('sos ≥ 4.3: namespaces/<ns>/ip_netns_exec_<ns>_iptables-save', () => {
    expect(netnsOf('b/sos_commands/networking/namespaces/cni-4f2a/ip_netns_exec_cni-4f2a_iptables-save')).toBe('cni-4f2a');
  });
  it('sos < 4.3: ip_netns_exec_<ns>_iptables-save directly under networking/', () => {
    expect(netnsOf('b/sos_commands/networking/ip_netns_exec_kind-node1_ip6tables-save')).toBe('kind-node1');
  });
  it('the node\'s own dumps have none', () => {
    expect(netnsOf('b/sos_commands/firewall_tables/iptables_-t_nat_-nvL')).toBeNull();
    expect(netnsOf('b/iptables-save')).toBeNull();
  });
});

describe('markInversions: which shared keys another view orders differently', () => {
  const marked = (a: string[], b: string[]) => {
    const out: string[] = [];
    markInversions(a, b, (k) => out.push(k));
    return out;
  };
  it('same order, extra or missing keys: nothing marked', () => {
    expect(marked(['a', 'b', 'c'], ['a', 'x', 'b', 'c'])).toEqual([]);
    expect(marked(['a', 'b', 'c'], ['a', 'c'])).toEqual([]);
  });
  it('every key out of place against another is marked (both ends of each swapped pair); a key in place (a) is not', () => {
    expect(marked(['a', 'b', 'c', 'd'], ['a', 'd', 'c', 'b'])).toEqual(['b', 'c', 'd']);
    expect(marked(['a', 'b'], ['b', 'a'])).toEqual(['a', 'b']);
    expect(marked(['a', 'b', 'c'], ['c', 'b', 'a'])).toEqual(['a', 'b', 'c']);
  });
});
