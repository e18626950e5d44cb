// RuleTester cases of setup-broke-off: each invalid bundle names the message and every evidence line of its finding.

import { RULES } from '../../src/rules/index.js';
import { ruleTester } from '../helpers/rule-tester.js';
import * as L from './_lines.js';

const Y = '2bb6455c9106a1b01e41e3e14cdf23c713b63cc2ede5d7291c3df3176b9d2cad';
const Z = '83abb8008f443a64fa5efc49ea2935ad4ed5f6085d2cf58ad810f4753a632d1c';
const LEASES = 'var/lib/cni/networks/kube-bridge';
const J = 'journal';
const byId = (id: string) => RULES.find((r) => r.meta.id === id)!;

ruleTester(byId('setup-broke-off'), {
  valid: [
    { name: 'setup failed and the cleanup released everything', files: { [J]: L.journal(L.resolv('10:07:44', Z), L.addFailed('10:07:45', Z), L.routineExit('10:07:45', Z)), [`${LEASES}/10.77.4.55`]: L.lease(Y) } },
    { name: 'lease of a sandbox whose setup succeeded', files: { [J]: L.journal(L.resolv('10:07:44', Z)), [`${LEASES}/10.77.4.54`]: L.lease(Z) } },
  ],
  invalid: [
    {
      name: 'portmap ADD failed, the bridge lease stayed',
      files: { [J]: L.journal(L.resolv('10:07:44', Z), L.addFailed('10:07:45', Z), L.routineExit('10:07:45', Z)), [`${LEASES}/10.77.4.54`]: L.lease(Z) },
      errors: [{ containerId: Z, messageId: 'match', evidence: ['node/journal:2', 'node/var/lib/cni/networks/kube-bridge/10.77.4.54:1'], severity: 'medium', summaryIncludes: ['failed its network setup', 'lease 10.77.4.54'] }],
    },
  ],
});
