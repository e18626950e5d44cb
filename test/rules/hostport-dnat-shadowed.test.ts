// RuleTester cases of hostport-dnat-shadowed: each invalid bundle names the message and every evidence line of its finding.

import { hostportDnatShadowed } from '../../src/rules/checks/hostport-dnat-shadowed.js';
import { dnatChainName } from '../../src/timeline/chain-hash.js';
import { ruleTester } from '../helpers/rule-tester.js';
import * as L from './_lines.js';

const X = 'f831cd2024de93041e5155f152b2cb2d0586d2289af93b831e29bc9fe7bf32e5';
const Y = '2bb6455c9106a1b01e41e3e14cdf23c713b63cc2ede5d7291c3df3176b9d2cad';
const jump = (id: string, ip: string, ports = [10080, 10443]): [string, string, string, number[]] => [id, dnatChainName(L.NET, id), ip, ports];
const LEASES = 'var/lib/cni/networks/kube-bridge';
const J = 'journal';

ruleTester(hostportDnatShadowed, {
  valid: [
    { name: 'one jump per hostPort', files: { 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119', [10080]), jump(Y, '10.42.3.122', [10443])]) } },
    { name: 'the same sandbox twice (tcp split in port groups)', files: { 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119', [10080]), jump(X, '10.42.3.119', [10080])]) } },
  ],
  invalid: [
    {
      name: 'dead sandbox above the live one, no lease for it',
      files: { [J]: L.journal(L.resolv('11:32:58', X), L.shimDisconnected('14:26:43', X), L.resolv('14:31:04', Y)), 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119'), jump(Y, '10.42.3.122')]), [`${LEASES}/10.42.3.122`]: L.lease(Y) },
      errors: [{ containerId: X, messageId: 'shadowsGone', evidence: ['node/iptables-save:20', 'node/iptables-save:21', 'node/iptables-save:10', 'node/journal:2', 'node/var/lib/cni/networks/kube-bridge/10.42.3.122:1'], severity: 'critical', summaryIncludes: ['rule 1', 'never started again', 'no lease'] }],
    },
    {
      name: 'its DNAT target IP now leased to another sandbox (no logs at all)',
      files: { 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119'), jump(Y, '10.42.3.119')]), [`${LEASES}/10.42.3.119`]: L.lease(Y) },
      errors: [{ containerId: X, messageId: 'shadowsGone', evidence: ['node/iptables-save:20', 'node/iptables-save:21', 'node/iptables-save:10', 'node/var/lib/cni/networks/kube-bridge/10.42.3.119:1'], severity: 'critical', summaryIncludes: ['now leased to 2bb6455c9106'] }],
    },
    {
      name: 'two jumps for one port with nothing else known: unconfirmed, medium',
      files: { 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119'), jump(Y, '10.42.3.122')]) },
      errors: [{ containerId: X, messageId: 'shadowsUnproven', evidence: ['node/iptables-save:20', 'node/iptables-save:21', 'node/iptables-save:10'], severity: 'medium', summaryIncludes: ['not proven gone'], inconclusive: 'no exit, removal, lease or IP evidence' }],
    },
    {
      name: 'containerd logged the removal of the earlier sandbox (no exit, lease or IP evidence): proven gone',
      files: { [J]: L.journal(L.resolv('11:32:58', Y), L.criStopped('14:26:43', X), L.criRemoveAsked('14:26:43', X), L.criRemoved('14:26:43', X)), 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119'), jump(Y, '10.42.3.122')]) },
      errors: [{ containerId: X, messageId: 'shadowsGone', evidence: ['node/iptables-save:20', 'node/iptables-save:21', 'node/iptables-save:10', 'node/journal:6'], severity: 'critical', summaryIncludes: ['the runtime logged its removal (node/journal:6)'], inconclusive: null }],
    },
    {
      name: 'removal asked for but never confirmed: still unconfirmed, medium',
      files: { [J]: L.journal(L.resolv('11:32:58', Y), L.criStopped('14:26:43', X), L.criRemoveAsked('14:26:43', X)), 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119'), jump(Y, '10.42.3.122')]) },
      errors: [{ containerId: X, messageId: 'shadowsUnproven', evidence: ['node/iptables-save:20', 'node/iptables-save:21', 'node/iptables-save:10'], severity: 'medium', summaryIncludes: ['not proven gone'] }],
    },
  ],
});
