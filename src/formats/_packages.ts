// Package names and versions of the runtime stack, as distributions ship it: which program a package holds, and
// the upstream version inside a package version.

import type { FormatContext } from './types.js';

/** Package → the program it installs (the names the Software table and `when:` use). */
const PACKAGES: Readonly<Record<string, string>> = {
  // Docker's own repositories (docker-ce, containerd.io), Debian/Ubuntu (docker.io, containerd), Fedora/Azure (moby-*).
  'docker-ce': 'dockerd',
  'docker-engine': 'dockerd',
  'docker.io': 'dockerd',
  'moby-engine': 'dockerd',
  'containerd.io': 'containerd',
  containerd: 'containerd',
  'moby-containerd': 'containerd',
  'cri-dockerd': 'cri-dockerd',
  kubelet: 'kubelet',
  iptables: 'iptables',
  'iptables-nft': 'iptables',
  'iptables-legacy': 'iptables',
  nftables: 'nft',
  runc: 'runc',
  'containerd.io-runc': 'runc',
  'containernetworking-plugins': 'cni-plugins',
  'kubernetes-cni': 'cni-plugins',
};

/** The program a package installs, or null for packages podmortem does not follow. */
export function packageSoftware(name: string): string | null {
  return Object.hasOwn(PACKAGES, name) ? PACKAGES[name]! : null;
}

/**
 * The upstream version in a Debian package version: without the epoch ("5:"), the Debian revision (after the last
 * '-') and repackaging suffixes ("~ds1", "+dfsg1"): "5:24.0.7-1~debian.12~bookworm" → "24.0.7",
 * "1.6.20~ds1-1+deb12u3" → "1.6.20", "20.10.24+dfsg1-1+deb12u1+b6" → "20.10.24".
 */
export function upstreamOfDeb(version: string): string {
  let v = version.replace(/^\d+:/, '');
  const dash = v.lastIndexOf('-');
  if (dash > 0) v = v.slice(0, dash);
  return v.replace(/[~+].*$/, '');
}

/** What a package row says of one followed program: its upstream version and the row's own details. */
export interface PackageSeen {
  software: string;
  version: string;
  package: string;
  packageVersion: string;
  [detail: string]: string | null;
}

/** A followed package's row as a version.seen at capture time (a package list says what is installed, not since when it ran). */
export function packageSeen(ctx: FormatContext, lineNo: number, text: string, seen: PackageSeen): void {
  ctx.event({
    kind: 'version.seen',
    stamp: null,
    absUs: null,
    domain: 'capture',
    ids: [],
    prefixes: [],
    attrs: { ...seen, via: 'package list' },
    source: { path: ctx.path, line: lineNo },
    text,
  });
}
