// RuleTester cases of runtime-stopped-with-live-sandboxes: each invalid bundle names the message and every evidence line of its finding.

import { runtimeStoppedWithLiveSandboxes } from '../../src/rules/checks/runtime-stopped-with-live-sandboxes.js';
import { dnatChainName } from '../../src/timeline/chain-hash.js';
import { ruleTester } from '../helpers/rule-tester.js';
import * as L from './_lines.js';

const X = 'f831cd2024de93041e5155f152b2cb2d0586d2289af93b831e29bc9fe7bf32e5';
const jump = (id: string, ip: string, ports = [10080, 10443]): [string, string, string, number[]] => [id, dnatChainName(L.NET, id), ip, ports];
const J = 'journal';

ruleTester(runtimeStoppedWithLiveSandboxes, {
  valid: [
    { name: 'docker restarted with no sandbox running', files: { [J]: L.journal(L.resolv('11:32:58', X), L.routineExit('12:00:00', X), L.dockerStopping('14:26:40'), L.dockerSignal('14:26:40'), L.dockerDown('14:26:43'), L.dockerStopped('14:26:43')) } },
    {
      name: 'the docker stop of a reboot\'s shutdown (the sandbox ends at the reboot: lease-outlived-reboot)',
      files: { [J]: L.journal(L.resolv('11:32:58', X), L.dockerStopping('14:26:40'), L.dockerSignal('14:26:40'), L.shimDisconnected('14:26:43', X), L.dockerDown('14:26:43'), L.dockerStopped('14:26:43'), L.bootMarker('5c0e4b2a9d7f41e8b3a6c1d0e9f87a21'), L.kernelBanner('14:40:02')), 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119')]) },
    },
    {
      name: 'live-restore: its shim disconnects inside the stop but the sandbox lives on and exits for real later',
      files: { [J]: L.journal(L.resolv('11:32:58', X), L.dockerStopping('14:26:40'), L.dockerSignal('14:26:40'), L.shimDisconnected('14:26:43', X), L.dockerDown('14:26:43'), L.dockerStopped('14:26:43'), L.routineExit('15:02:11', X)), 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119')]) },
    },
    { name: 'live-restore: the sandbox lives through the stop', files: { [J]: L.journal(L.resolv('11:32:58', X), L.dockerStopping('14:26:40'), L.dockerSignal('14:26:40'), L.dockerDown('14:26:43'), L.dockerStopped('14:26:43')) } },
  ],
  invalid: [
    {
      name: 'docker stopped while a hostPort sandbox ran; its shim died inside the stop',
      files: { [J]: L.journal(L.resolv('11:32:58', X), L.dockerStopping('14:26:40'), L.dockerSignal('14:26:40'), L.shimDisconnected('14:26:43', X), L.dockerDown('14:26:43'), L.dockerStopped('14:26:43')), 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119')]) },
      errors: [{ containerId: X, messageId: 'killedWithHostPorts', evidence: ['node/journal:2', 'node/journal:4', 'node/journal:6', 'node/iptables-save:13'], severity: 'high', summaryIncludes: ['dockerd was stopped at 2025-08-19 19:26:40Z by systemd', 'with hostPorts tcp/10080,10443'] }],
    },
    {
      name: 'docker stopped while a sandbox without hostPorts ran: medium',
      files: { [J]: L.journal(L.resolv('11:32:58', X), L.dockerStopping('14:26:40'), L.dockerSignal('14:26:40'), L.shimDisconnected('14:26:43', X), L.dockerDown('14:26:43'), L.dockerStopped('14:26:43')) },
      errors: [{ containerId: X, messageId: 'killed', evidence: ['node/journal:2', 'node/journal:4', 'node/journal:6'], severity: 'medium' }],
    },
  ],
});
