// hostport-dnat-shadowed, stale-hostport-dnat, runtime-stopped-with-live-sandboxes, and the YAML rules.

import { hostportDnatShadowed } from '../../src/rules/checks/hostport-dnat-shadowed.js';
import { runtimeStoppedWithLiveSandboxes } from '../../src/rules/checks/runtime-stopped-with-live-sandboxes.js';
import { staleHostportDnat } from '../../src/rules/checks/stale-hostport-dnat.js';
import { RULES } from '../../src/rules/index.js';
import { dnatChainName } from '../../src/timeline/chain-hash.js';
import { ruleTester } from '../helpers/rule-tester.js';
import * as L from './_lines.js';

const X = 'f831cd2024de93041e5155f152b2cb2d0586d2289af93b831e29bc9fe7bf32e5';
const Y = '2bb6455c9106a1b01e41e3e14cdf23c713b63cc2ede5d7291c3df3176b9d2cad';
const Z = '83abb8008f443a64fa5efc49ea2935ad4ed5f6085d2cf58ad810f4753a632d1c';
const jump = (id: string, ip: string, ports = [10080, 10443]): [string, string, string, number[]] => [id, dnatChainName(L.NET, id), ip, ports];
const LEASES = 'var/lib/cni/networks/kube-bridge';
const J = 'journal';
const byId = (id: string) => RULES.find((r) => r.meta.id === id)!;

ruleTester(hostportDnatShadowed, {
  valid: [
    { name: 'one jump per hostPort', files: { 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119', [10080]), jump(Y, '10.42.3.122', [10443])]) } },
    { name: 'the same sandbox twice (tcp split in port groups)', files: { 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119', [10080]), jump(X, '10.42.3.119', [10080])]) } },
  ],
  invalid: [
    {
      name: 'dead sandbox above the live one, no lease for it',
      files: { [J]: L.journal(L.resolv('11:32:58', X), L.shimDisconnected('14:26:43', X), L.resolv('14:31:04', Y)), 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119'), jump(Y, '10.42.3.122')]), [`${LEASES}/10.42.3.122`]: L.lease(Y) },
      errors: [{ containerId: X, severity: 'critical', summaryIncludes: ['rule 1', 'never started again', 'no lease'] }],
    },
    {
      name: 'its DNAT target IP now leased to another sandbox (no logs at all)',
      files: { 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119'), jump(Y, '10.42.3.119')]), [`${LEASES}/10.42.3.119`]: L.lease(Y) },
      errors: [{ containerId: X, severity: 'critical', summaryIncludes: ['now leased to 2bb6455c9106'] }],
    },
    {
      name: 'two jumps for one port with nothing else known: unconfirmed, medium',
      files: { 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119'), jump(Y, '10.42.3.122')]) },
      errors: [{ containerId: X, severity: 'medium', summaryIncludes: ['not proven gone'], inconclusive: 'no exit, removal, lease or IP evidence' }],
    },
    {
      name: 'containerd logged the removal of the earlier sandbox (no exit, lease or IP evidence): proven gone',
      files: { [J]: L.journal(L.resolv('11:32:58', Y), L.criStopped('14:26:43', X), L.criRemoveAsked('14:26:43', X), L.criRemoved('14:26:43', X)), 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119'), jump(Y, '10.42.3.122')]) },
      errors: [{ containerId: X, severity: 'critical', summaryIncludes: ['the runtime logged its removal (node/journal:6)'], evidence: ['node/journal:6'], inconclusive: null }],
    },
    {
      name: 'removal asked for but never confirmed: still unconfirmed, medium',
      files: { [J]: L.journal(L.resolv('11:32:58', Y), L.criStopped('14:26:43', X), L.criRemoveAsked('14:26:43', X)), 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119'), jump(Y, '10.42.3.122')]) },
      errors: [{ containerId: X, severity: 'medium', summaryIncludes: ['not proven gone'] }],
    },
  ],
});

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
      errors: [{ containerId: X, severity: 'high', summaryIncludes: ['the runtime logged its removal'], evidence: ['node/journal:5'] }],
    },
    {
      name: 'docker rm -f of a sandbox: routine exit, but the jump and lease stay',
      files: { [J]: L.journal(L.resolv('11:32:58', X), L.routineExit('12:00:00', X)), 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119', [5044])]), [`${LEASES}/10.42.3.119`]: L.lease(X) },
      errors: [{ containerId: X, severity: 'high', summaryIncludes: ['exited', 'never started again'] }],
    },
  ],
});

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
      errors: [{ containerId: X, severity: 'high', summaryIncludes: ['dockerd was stopped at 2025-08-19 19:26:40Z by systemd', 'with hostPorts tcp/10080,10443'] }],
    },
  ],
});

ruleTester(byId('orphan-ipam-allocation'), {
  valid: [
    { name: 'lease of a live sandbox', files: { [J]: L.journal(L.resolv('09:02:19', Z)), [`${LEASES}/10.66.2.39`]: L.lease(Z) } },
    { name: 'lease of a sandbox the logs never mention', files: { [J]: L.journal(L.resolv('09:02:19', X)), [`${LEASES}/10.66.2.39`]: L.lease(Z) } },
    { name: 'a sandbox that went down with a reboot (lease-outlived-reboot names the reboot)', files: { [J]: L.journal(L.resolv('09:02:19', Z), L.dockerStopping('14:26:40'), L.dockerSignal('14:26:40'), L.routineExit('14:26:41', Z), L.dockerDown('14:26:43'), L.dockerStopped('14:26:43'), L.bootMarker('5c0e4b2a9d7f41e8b3a6c1d0e9f87a21'), L.kernelBanner('14:28:02')), [`${LEASES}/10.66.2.39`]: L.lease(Z) } },
    { name: 'dead sandbox whose lease was released', files: { [J]: L.journal(L.resolv('09:02:19', Z), L.routineExit('10:16:34', Z)), [`${LEASES}/10.66.2.40`]: L.lease(Y) } },
  ],
  invalid: [
    {
      name: 'lease held by a sandbox removed with docker rm -f',
      files: { [J]: L.journal(L.resolv('09:02:19', Z), L.routineExit('10:16:34', Z)), [`${LEASES}/10.66.2.39`]: L.lease(Z) },
      errors: [{ containerId: Z, severity: 'medium', summaryIncludes: ['lease 10.66.2.39', 'never started again'] }],
    },
  ],
});

ruleTester(byId('setup-broke-off'), {
  valid: [
    { name: 'setup failed and the cleanup released everything', files: { [J]: L.journal(L.resolv('10:07:44', Z), L.addFailed('10:07:45', Z), L.routineExit('10:07:45', Z)), [`${LEASES}/10.77.4.55`]: L.lease(Y) } },
    { name: 'lease of a sandbox whose setup succeeded', files: { [J]: L.journal(L.resolv('10:07:44', Z)), [`${LEASES}/10.77.4.54`]: L.lease(Z) } },
  ],
  invalid: [
    {
      name: 'portmap ADD failed, the bridge lease stayed',
      files: { [J]: L.journal(L.resolv('10:07:44', Z), L.addFailed('10:07:45', Z), L.routineExit('10:07:45', Z)), [`${LEASES}/10.77.4.54`]: L.lease(Z) },
      errors: [{ containerId: Z, severity: 'medium', summaryIncludes: ['failed its network setup', 'lease 10.77.4.54'] }],
    },
  ],
});

ruleTester(byId('dnat-chain-mismatch'), {
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
      errors: [{ containerId: null, summaryIncludes: [`${dnatChainName(L.NET, Z)} exists`] }],
    },
    {
      name: 'a chain left behind after its jump was deleted by hand',
      files: { [J]: L.journal(L.resolv('11:32:58', X)), [`${LEASES}/10.42.3.119`]: L.lease(X), 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119')]).replace(/^-A CNI-HOSTPORT-DNAT .*\n/m, '') },
      errors: [{ containerId: X, severity: 'low', summaryIncludes: ['no CNI-HOSTPORT-DNAT rule jumps to it', '10.42.3.119'] }],
    },
    {
      name: "a jump whose chain is not the hash of its comment's network and ID",
      files: { 'iptables-save': L.iptablesSave([jump(X, '10.42.3.119')]).replace(`id: \\"${X}\\"`, `id: \\"${Y}\\"`) },
      errors: [{ containerId: Y, severity: 'low', summaryIncludes: [`portmap would have used ${dnatChainName(L.NET, Y)}`] }],
    },
  ],
});
