// lease-outlived-reboot: a sandbox running when its host rebooted left its lease on disk; the reboot is its cause.

import { RULES } from '../../src/rules/index.js';
import { ruleTester } from '../helpers/rule-tester.js';
import * as L from './_lines.js';

const X = 'f831cd2024de93041e5155f152b2cb2d0586d2289af93b831e29bc9fe7bf32e5';
const Z = '83abb8008f443a64fa5efc49ea2935ad4ed5f6085d2cf58ad810f4753a632d1c';
const BOOT = '5c0e4b2a9d7f41e8b3a6c1d0e9f87a21';
const LEASES = 'var/lib/cni/networks/kube-bridge';
const J = 'journal';
const byId = (id: string) => RULES.find((r) => r.meta.id === id)!;
/** A clean reboot's shutdown: systemd stops docker, the sandbox's shim goes with no task delete. */
const shutdown = (id: string): string[] => [L.dockerStopping('14:26:40'), L.dockerSignal('14:26:40'), L.shimDisconnected('14:26:43', id), L.dockerDown('14:26:43'), L.dockerStopped('14:26:43')];

ruleTester(byId('lease-outlived-reboot'), {
  valid: [
    { name: 'a live sandbox and no reboot', files: { [J]: L.journal(L.resolv('09:02:19', Z)), [`${LEASES}/10.66.2.39`]: L.lease(Z) } },
    { name: 'a sandbox that exited hours before the reboot (orphan-ipam-allocation)', files: { [J]: L.journal(L.resolv('09:02:19', Z), L.routineExit('10:16:34', Z), L.bootMarker(BOOT), L.kernelBanner('14:40:02')), [`${LEASES}/10.66.2.39`]: L.lease(Z) } },
    { name: 'a sandbox alive at the reboot whose lease is gone', files: { [J]: L.journal(L.resolv('09:02:19', Z), L.bootMarker(BOOT), L.kernelBanner('14:40:02')), [`${LEASES}/10.66.2.40`]: L.lease(X) } },
    { name: 'journald restarted (Journal started alone) is no reboot', files: { [J]: L.journal(L.resolv('09:02:19', Z), L.journaldStarted('14:40:02')), [`${LEASES}/10.66.2.39`]: L.lease(Z) } },
    { name: 'a sandbox first seen after the reboot', files: { [J]: L.journal(L.bootMarker(BOOT), L.kernelBanner('14:40:02'), L.resolv('14:45:19', Z)), [`${LEASES}/10.66.2.39`]: L.lease(Z) } },
  ],
  invalid: [
    {
      name: 'a sandbox alive at a clean reboot (docker stopped by the shutdown)',
      files: { [J]: L.journal(L.resolv('09:02:19', Z), ...shutdown(Z), L.bootMarker(BOOT), L.kernelBanner('14:40:02'), L.journaldStarted('14:40:04')), [`${LEASES}/10.66.2.39`]: L.lease(Z) },
      errors: [
        {
          containerId: Z,
          messageId: 'match',
          severity: 'medium',
          summaryIncludes: ['lease 10.66.2.39', 'boot 5c0e4b2a9d7f (kernel 3.10.0-1160.el7.x86_64) began at 2025-08-19 19:40:02Z (node/journal:7)', 'went down with the shutdown (shim.disconnected at node/journal:4)'],
          evidence: ['node/journal:7', `node/${LEASES}/10.66.2.39:1`],
        },
      ],
    },
    {
      name: 'a sandbox alive at an unclean reboot, systemd 219 ("-- Reboot --", no boot ID)',
      files: { [J]: L.journal(L.resolv('09:02:19', Z), L.REBOOT_MARKER, L.kernelBanner('14:40:02')), [`${LEASES}/10.66.2.39`]: L.lease(Z) },
      errors: [{ containerId: Z, messageId: 'match', summaryIncludes: ['a new boot (kernel 3.10.0-1160.el7.x86_64) began at 2025-08-19 19:40:02Z (node/journal:2)', 'no exit of it was logged before the reboot'], evidence: ['node/journal:2', `node/${LEASES}/10.66.2.39:1`] }],
    },
    {
      name: 'a reboot shown only by the kernel banner (a syslog file, no journalctl marker)',
      files: { [J]: L.journal(L.resolv('09:02:19', Z), L.kernelBanner('14:40:02'), L.journaldStarted('14:40:04')), [`${LEASES}/10.66.2.39`]: L.lease(Z) },
      errors: [{ containerId: Z, messageId: 'match', summaryIncludes: ['a new boot (kernel 3.10.0-1160.el7.x86_64) began at 2025-08-19 19:40:02Z (node/journal:2)'], evidence: ['node/journal:2', `node/${LEASES}/10.66.2.39:1`] }],
    },
  ],
});
