// RuleTester cases of stale-hostport-dnat: each invalid bundle names the message and every evidence line of its finding.

import { staleHostportDnat } from '../../src/rules/checks/stale-hostport-dnat.js';
import { dnatChainName } from '../../src/timeline/chain-hash.js';
import { ruleTester } from '../helpers/rule-tester.js';
import * as L from './_lines.js';

const X = 'f831cd2024de93041e5155f152b2cb2d0586d2289af93b831e29bc9fe7bf32e5';
const Y = '2bb6455c9106a1b01e41e3e14cdf23c713b63cc2ede5d7291c3df3176b9d2cad';
const jump = (id: string, ip: string, ports = [10080, 10443]): [string, string, string, number[]] => [id, dnatChainName(L.NET, id), ip, ports];
const LEASES = 'var/lib/cni/networks/kube-bridge';
const J = 'journal';

ruleTester(staleHostportDnat, {
  valid: [
    { name: 'live sandbox with its jump', files: { [J]: L.journal(L.resolv('11:32:58', X)), 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119')]), [`${LEASES}/10.42.3.119`]: L.lease(X) } },
    { name: 'stopped, removal asked for, never confirmed: not proven gone', files: { [J]: L.journal(L.criStopped('12:00:00', X), L.criRemoveAsked('12:00:00', X)), 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119', [5044])]) } },
    { name: 'gone sandbox whose jump was removed', files: { [J]: L.journal(L.resolv('11:32:58', X), L.routineExit('12:00:00', X)), 'iptables-save': L.iptablesSave([jump(Y, '10.42.3.122', [5045])]) } },
  ],
  invalid: [
    {
      name: 'containerd removed the sandbox, its jump stays (no exit or lease evidence)',
      files: { [J]: L.journal(L.criStopped('12:00:00', X), L.criRemoveAsked('12:00:00', X), L.criRemoved('12:00:00', X)), 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119', [5044])]) },
      errors: [{ containerId: X, messageId: 'staleJump', evidence: ['node/iptables-save:10', 'node/iptables-save:9', 'node/journal:5'], severity: 'high', summaryIncludes: ['the runtime logged its removal'] }],
    },
    {
      name: 'docker rm -f of a sandbox: routine exit, but the jump and lease stay',
      files: { [J]: L.journal(L.resolv('11:32:58', X), L.routineExit('12:00:00', X)), 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119', [5044])]), [`${LEASES}/10.42.3.119`]: L.lease(X) },
      errors: [{ containerId: X, messageId: 'staleJump', evidence: ['node/iptables-save:10', 'node/iptables-save:9', 'node/journal:2'], severity: 'high', summaryIncludes: ['exited', 'never started again'] }],
    },
  ],
});
