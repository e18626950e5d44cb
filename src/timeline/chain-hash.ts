// portmap chain names: ("CNI-" + prefix + sha512hex(network + containerID)).slice(0, 28) (plugins/pkg/utils).

import { createHash } from 'node:crypto';

/** The CNI-DN-<21 hex> chain portmap creates for a sandbox on a network. */
export function dnatChainName(network: string, containerId: string): string {
  return ('CNI-DN-' + createHash('sha512').update(network + containerId).digest('hex')).slice(0, 28);
}

/** The CNI-<24 hex> chain the bridge plugin creates for ipMasq. */
export function masqChainName(network: string, containerId: string): string {
  return ('CNI-' + createHash('sha512').update(network + containerId).digest('hex')).slice(0, 28);
}
