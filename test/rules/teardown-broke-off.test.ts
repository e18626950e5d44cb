import { teardownBrokeOff } from '../../src/rules/checks/teardown-broke-off.js';
import { dnatChainName } from '../../src/timeline/chain-hash.js';
import { ruleTester } from '../helpers/rule-tester.js';
import * as L from './_lines.js';

const X = 'f831cd2024de93041e5155f152b2cb2d0586d2289af93b831e29bc9fe7bf32e5';
const Y = '2bb6455c9106a1b01e41e3e14cdf23c713b63cc2ede5d7291c3df3176b9d2cad';
const dump = (...ids: string[]): string => L.iptablesSave(ids.map((id, i) => [id, dnatChainName(L.NET, id), `10.42.3.${119 + i}`, [10080, 10443]]));
const J = 'journal';

ruleTester(teardownBrokeOff, {
  valid: [
    { name: 'a routine exit (task delete, then shim disconnect 2 ms later)', files: { [J]: L.journal(L.resolv('11:32:58', X), L.routineExit('12:56:18', X)), 'iptables-save': dump(Y) } },
    { name: 'a routine exit logged in the other order (shim first, task delete 30 µs later)', files: { [J]: L.journal(L.resolv('11:32:58', X), L.shimDisconnected('12:56:18', X), L.taskDelete('12:56:18', X)), 'iptables-save': dump(Y) } },
    { name: 'hundreds of routine exits of sandboxes', files: { [J]: L.journal(...Array.from({ length: 200 }, (_, i) => { const id = i.toString(16).padStart(64, 'a'); return [L.resolv('10:00:00', id), ...L.routineExit(`11:${String(i % 60).padStart(2, '0')}:${String(Math.floor(i / 60) + 10).padStart(2, '0')}`, id)]; })), 'iptables-save': dump(Y) } },
    { name: 'an app container (not a sandbox) whose shim died', files: { [J]: L.journal(L.shimDisconnected('14:26:43', X)) } },
    {
      name: 'a sandbox alive when the host rebooted: its shim died in the shutdown\'s docker stop, its lease survived (lease-outlived-reboot)',
      files: { [J]: L.journal(L.resolv('11:32:58', X), L.routineExit('11:40:00', Y), L.dockerStopping('14:26:40'), L.dockerSignal('14:26:40'), L.shimDisconnected('14:26:43', X), L.dockerDown('14:26:43'), L.dockerStopped('14:26:43'), L.bootMarker('5c0e4b2a9d7f41e8b3a6c1d0e9f87a21'), L.kernelBanner('14:28:02')), 'var/lib/cni/networks/kube-bridge/10.42.3.119': L.lease(X) },
    },
    {
      name: 'live-restore: the shim disconnects during a docker restart, the sandbox lives on and exits for real later (routine pair)',
      files: { [J]: L.journal(L.resolv('11:32:58', X), L.routineExit('11:40:00', Y), L.dockerStopping('14:26:40'), L.dockerSignal('14:26:40'), L.shimDisconnected('14:26:43', X), L.dockerDown('14:26:43'), L.dockerStopped('14:26:43'), L.routineExit('15:02:11', X)), 'var/lib/cni/networks/kube-bridge/10.42.3.119': L.lease(X) },
    },
    { name: 'a sandbox exit during a docker stop, with no state left behind', files: { [J]: L.journal(L.resolv('11:32:58', X), L.dockerStopping('14:26:40'), L.dockerSignal('14:26:40'), L.routineExit('14:26:41', X), L.dockerDown('14:26:43'), L.dockerStopped('14:26:43')), 'iptables-save': dump(Y) } },
  ],
  invalid: [
    {
      name: 'shim disconnect with no task delete, DNAT survives',
      files: { [J]: L.journal(L.resolv('11:32:58', X), L.routineExit('11:40:00', Y), L.shimDisconnected('14:26:43', X), L.shimCleanup('14:26:43', X), L.deadShim('14:26:43')), 'iptables-save': dump(X, Y) },
      errors: [{ containerId: X, messageId: 'stateSurvived', evidence: ['node/journal:6', 'node/iptables-save:20'], severity: 'high', summaryIncludes: ['no task delete', 'dnat survived'] }],
    },
    {
      name: 'the same shutdown without the reboot: the shim died in a docker stop and the lease survived',
      files: { [J]: L.journal(L.resolv('11:32:58', X), L.routineExit('11:40:00', Y), L.dockerStopping('14:26:40'), L.dockerSignal('14:26:40'), L.shimDisconnected('14:26:43', X), L.dockerDown('14:26:43'), L.dockerStopped('14:26:43')), 'var/lib/cni/networks/kube-bridge/10.42.3.119': L.lease(X) },
      errors: [{ containerId: X, messageId: 'stateSurvived', evidence: ['node/journal:6', 'node/journal:8', 'node/var/lib/cni/networks/kube-bridge/10.42.3.119:1'], severity: 'high', summaryIncludes: ['no task delete', 'lease survived'] }],
    },
    {
      name: 'Failed to stop sandbox and the lease survives',
      files: { [J]: L.journal(L.resolv('11:32:58', X), L.stopFailed('14:27:01', X)), 'var/lib/cni/networks/kube-bridge/10.42.3.119': L.lease(X) },
      errors: [{ containerId: X, messageId: 'stateSurvived', evidence: ['node/journal:2', 'node/var/lib/cni/networks/kube-bridge/10.42.3.119:1'], severity: 'high', summaryIncludes: ['StopPodSandbox failed', 'lease survived'] }],
    },
    {
      name: 'a routine-looking exit inside a docker stop while its DNAT survives',
      files: { [J]: L.journal(L.resolv('11:32:58', X), L.dockerStopping('14:26:40'), L.dockerSignal('14:26:40'), L.routineExit('14:26:41', X), L.dockerDown('14:26:43'), L.dockerStopped('14:26:43')), 'iptables-save': dump(X, Y) },
      errors: [{ containerId: X, messageId: 'stateSurvived', evidence: ['node/journal:2', 'node/journal:4', 'node/journal:5', 'node/iptables-save:20'], severity: 'high', summaryIncludes: ['while dockerd was stopping'] }],
    },
    {
      name: 'shim died and the collected dump holds no state of it: low',
      files: { [J]: L.journal(L.resolv('11:32:58', X), L.routineExit('11:40:00', Y), L.shimDisconnected('14:26:43', X), L.shimCleanup('14:26:43', X)), 'iptables-save': dump(Y) },
      errors: [{ containerId: X, messageId: 'stateClean', evidence: ['node/journal:6'], severity: 'low', inconclusive: null }],
    },
    {
      name: 'shim died and nothing collected to check: medium',
      files: { [J]: L.journal(L.resolv('11:32:58', X), L.routineExit('11:40:00', Y), L.shimDisconnected('14:26:43', X)) },
      errors: [{ containerId: X, messageId: 'stateUnchecked', evidence: ['node/journal:6'], severity: 'medium', summaryIncludes: ['holds no iptables dump'] }],
    },
  ],
});

ruleTester(teardownBrokeOff, {
  valid: [
    {
      name: "containerd's unit journal alone: a shim disconnect cannot be told from a routine exit",
      files: { [J]: L.journal(L.resolv('11:32:58', X), L.shimDisconnected('14:26:43', X), L.shimCleanup('14:26:43', X)), 'iptables-save': dump(X, Y) },
    },
    {
      name: 'a containerd CRI node (namespace k8s.io) where the shim line is every exit',
      files: {
        [J]: L.journal(L.resolv('11:32:58', X), L.routineExit('11:40:00', Y), L.shimDisconnected('14:26:43', X).replace('namespace=moby', 'namespace=k8s.io')),
        'iptables-save': dump(Y),
      },
    },
  ],
  invalid: [
    {
      name: 'the same lone shim disconnect when dockerd task deletes are in the bundle',
      files: { [J]: L.journal(L.resolv('11:32:58', X), L.routineExit('11:40:00', Y), L.shimDisconnected('14:26:43', X), L.shimCleanup('14:26:43', X)), 'iptables-save': dump(X, Y) },
      errors: [{ containerId: X, messageId: 'stateSurvived', evidence: ['node/journal:6', 'node/iptables-save:20'], severity: 'high', summaryIncludes: ['no task delete'] }],
    },
  ],
});

ruleTester(teardownBrokeOff, {
  valid: [{ name: 'three hundred routine exits on a node whose DNAT state is clean', files: { [J]: L.journal(...Array.from({ length: 300 }, (_, i) => { const id = (i + 1).toString(16).padStart(64, 'c'); return [L.resolv('09:00:00', id), ...L.routineExit(`1${Math.floor(i / 60)}:${String(i % 60).padStart(2, '0')}:30`, id)]; })), 'iptables-save': dump(Y) } }],
  invalid: [
    {
      name: 'three hundred routine exits and one broken teardown: exactly the broken one',
      files: {
        [J]: L.journal(
          ...Array.from({ length: 300 }, (_, i) => {
            const id = (i + 1).toString(16).padStart(64, 'c');
            return [L.resolv('09:00:00', id), ...L.routineExit(`1${Math.floor(i / 60)}:${String(i % 60).padStart(2, '0')}:30`, id)];
          }),
          L.resolv('09:00:01', X),
          L.shimDisconnected('15:26:43', X),
          L.shimCleanup('15:26:43', X),
        ),
        'iptables-save': dump(X, Y),
      },
      errors: [{ containerId: X, messageId: 'stateSurvived', evidence: ['node/journal:1502', 'node/iptables-save:20'], severity: 'high' }],
    },
  ],
});

ruleTester(teardownBrokeOff, {
  valid: [
    {
      name: "dockerd's journal ends before the shim disconnect: its absence of a task delete proves nothing",
      files: {
        'sos_commands/docker/journalctl_--no-pager_--unit_docker': L.journal(L.resolv('11:32:58', X), L.taskDelete('11:40:00', Y)),
        'sos_commands/containerd/journalctl_--no-pager_--unit_containerd': L.journal(L.shimDisconnected('14:26:43', X), L.shimCleanup('14:26:43', X)),
        'iptables-save': dump(X, Y),
      },
    },
    {
      name: "dockerd's journal starts one second before the shim disconnect (cut by sos): the task delete may be before its first line",
      files: {
        'sos_commands/docker/journalctl_--no-pager_--unit_docker': L.journal(L.taskDelete('14:26:42', Y), L.taskDelete('15:00:00', Y)),
        'sos_commands/containerd/journalctl_--no-pager_--unit_containerd': L.journal(L.resolv('11:32:58', X), L.shimDisconnected('14:26:43', X), L.shimCleanup('14:26:43', X)),
        'iptables-save': dump(X, Y),
      },
    },
  ],
  invalid: [
    {
      name: "the same shim disconnect while dockerd's journal still runs",
      files: {
        'sos_commands/docker/journalctl_--no-pager_--unit_docker': L.journal(L.resolv('11:32:58', X), L.taskDelete('11:40:00', Y), L.taskDelete('15:00:00', Y)),
        'sos_commands/containerd/journalctl_--no-pager_--unit_containerd': L.journal(L.shimDisconnected('14:26:43', X), L.shimCleanup('14:26:43', X)),
        'iptables-save': dump(X, Y),
      },
      errors: [{ containerId: X, messageId: 'stateSurvived', evidence: ['node/sos_commands/containerd/journalctl_--no-pager_--unit_containerd:1', 'node/iptables-save:20'], severity: 'high', summaryIncludes: ['no task delete'] }],
    },
  ],
});
