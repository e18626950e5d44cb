// RuleTester cases of dnat-chain-mismatch: each invalid bundle names the message and every evidence line of its finding.

import { dnatChainMismatch } from '../../src/rules/checks/dnat-chain-mismatch.js';
import { dnatChainName } from '../../src/timeline/chain-hash.js';
import { ruleTester } from '../helpers/rule-tester.js';
import * as L from './_lines.js';

const X = 'f831cd2024de93041e5155f152b2cb2d0586d2289af93b831e29bc9fe7bf32e5';
const Y = '2bb6455c9106a1b01e41e3e14cdf23c713b63cc2ede5d7291c3df3176b9d2cad';
const Z = '83abb8008f443a64fa5efc49ea2935ad4ed5f6085d2cf58ad810f4753a632d1c';
const jump = (id: string, ip: string, ports = [10080, 10443]): [string, string, string, number[]] => [id, dnatChainName(L.NET, id), ip, ports];
const LEASES = 'var/lib/cni/networks/kube-bridge';
const J = 'journal';

ruleTester(dnatChainMismatch, {
  valid: [
    { name: 'portmap-made jumps and chains', files: { 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119'), jump(Y, '10.42.3.122', [5045])]) } },
    {
      name: 'a one-chain listing (-S CNI-HOSTPORT-DNAT) names chains it does not declare',
      files: { 'sos_commands/networking/iptables_-t_nat_-S_CNI-HOSTPORT-DNAT': `-N CNI-HOSTPORT-DNAT\n-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"${L.NET}\\" id: \\"${X}\\"" -m multiport --dports 10080,10443 -j ${dnatChainName(L.NET, X)}\n` },
    },
  ],
  invalid: [
    {
      name: 'a chain no jump reaches, owner unknown to the bundle',
      files: { 'iptables-save': L.iptablesSave([jump(Z, '10.42.3.120')]).replace(/^-A CNI-HOSTPORT-DNAT .*\n/m, '') },
      errors: [{ containerId: null, messageId: 'unreachedChain', evidence: ['node/iptables-save:5', 'node/iptables-save:9', 'node/iptables-save:12'], summaryIncludes: [`${dnatChainName(L.NET, Z)} exists`] }],
    },
    {
      name: 'a chain left behind after its jump was deleted by hand',
      files: { [J]: L.journal(L.resolv('11:32:58', X)), [`${LEASES}/10.42.3.119`]: L.lease(X), 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119')]).replace(/^-A CNI-HOSTPORT-DNAT .*\n/m, '') },
      errors: [{ containerId: X, messageId: 'unreachedChain', evidence: ['node/iptables-save:5', 'node/iptables-save:9', 'node/iptables-save:12'], severity: 'low', summaryIncludes: ['no CNI-HOSTPORT-DNAT rule jumps to it', '10.42.3.119'] }],
    },
    {
      name: "a jump whose chain is not the hash of its comment's network and ID",
      files: { 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119')]).replace(`id: \\"${X}\\"`, `id: \\"${Y}\\"`) },
      errors: [{ containerId: Y, messageId: 'wrongChain', evidence: ['node/iptables-save:13'], severity: 'low', summaryIncludes: [`portmap would have used ${dnatChainName(L.NET, Y)}`] }],
    },
  ],
});
