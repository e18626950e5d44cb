// RuleTester cases of orphan-ipam-allocation: each invalid bundle names the message and every evidence line of its finding.

import { RULES } from '../../src/rules/index.js';
import { ruleTester } from '../helpers/rule-tester.js';
import * as L from './_lines.js';

const X = 'f831cd2024de93041e5155f152b2cb2d0586d2289af93b831e29bc9fe7bf32e5';
const Y = '2bb6455c9106a1b01e41e3e14cdf23c713b63cc2ede5d7291c3df3176b9d2cad';
const Z = '83abb8008f443a64fa5efc49ea2935ad4ed5f6085d2cf58ad810f4753a632d1c';
const LEASES = 'var/lib/cni/networks/kube-bridge';
const J = 'journal';
const byId = (id: string) => RULES.find((r) => r.meta.id === id)!;

ruleTester(byId('orphan-ipam-allocation'), {
  valid: [
    { name: 'lease of a live sandbox', files: { [J]: L.journal(L.resolv('09:02:19', Z)), [`${LEASES}/10.66.2.39`]: L.lease(Z) } },
    { name: 'lease of a sandbox the logs never mention', files: { [J]: L.journal(L.resolv('09:02:19', X)), [`${LEASES}/10.66.2.39`]: L.lease(Z) } },
    {
      name: 'a sandbox that went down with a reboot\'s shutdown (lease-outlived-reboot names the reboot)',
      files: { [J]: L.journal(L.resolv('09:02:19', Z), L.dockerStopping('14:26:40'), L.dockerSignal('14:26:40'), L.routineExit('14:26:41', Z), L.dockerDown('14:26:43'), L.dockerStopped('14:26:43'), L.bootMarker('5c0e4b2a9d7f41e8b3a6c1d0e9f87a21'), L.kernelBanner('14:28:02')), [`${LEASES}/10.66.2.39`]: L.lease(Z) },
    },
    { name: 'dead sandbox whose lease was released', files: { [J]: L.journal(L.resolv('09:02:19', Z), L.routineExit('10:16:34', Z)), [`${LEASES}/10.66.2.40`]: L.lease(Y) } },
  ],
  invalid: [
    {
      name: 'a sandbox that died hours before a reboot keeps its orphan finding',
      files: { [J]: L.journal(L.resolv('09:02:19', Z), L.routineExit('10:16:34', Z), L.bootMarker('5c0e4b2a9d7f41e8b3a6c1d0e9f87a21'), L.kernelBanner('14:28:02')), [`${LEASES}/10.66.2.39`]: L.lease(Z) },
      errors: [{ containerId: Z, messageId: 'match', evidence: ['node/journal:2', 'node/var/lib/cni/networks/kube-bridge/10.66.2.39:1'], severity: 'medium', summaryIncludes: ['lease 10.66.2.39', 'never started again'] }],
    },
    {
      name: 'lease held by a sandbox removed with docker rm -f',
      files: { [J]: L.journal(L.resolv('09:02:19', Z), L.routineExit('10:16:34', Z)), [`${LEASES}/10.66.2.39`]: L.lease(Z) },
      errors: [{ containerId: Z, messageId: 'match', evidence: ['node/journal:2', 'node/var/lib/cni/networks/kube-bridge/10.66.2.39:1'], severity: 'medium', summaryIncludes: ['lease 10.66.2.39', 'never started again'] }],
    },
  ],
});
