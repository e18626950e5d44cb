#!/usr/bin/env bash
# samples/rules/dnat-chain-mismatch/positive: the incident's nat table (samples/variants/iptables-save, real
# iptables-save of the real CNI run) after someone ran only the first of podmortem's cleanup commands for the stale
# sandbox: the CNI-HOSTPORT-DNAT jump is gone, its CNI-DN chain stays, reached by nothing. Real iptables in a
# throw-away network namespace, dumped by real iptables-save under libfaketime at the bundle's collection time.
# Needs root (ip netns). Usage: sudo bash scripts/make-dnat-chain-mismatch-sample.sh OUTDIR
set -euo pipefail
OUT=${1:?usage: $0 OUTDIR}
HERE=$(cd "$(dirname "$0")/.." && pwd)
. "$(dirname "$0")/_lab.sh"
lab_netns dcm
mkdir -p "$OUT"
ip netns add "$NODE_NS"
in_node iptables-restore < "$HERE/samples/variants/iptables-save/iptables-save"
# The first command of podmortem's remediation for sandbox fb7cdb0a…, and not the -F/-X that follow it.
in_node iptables -t nat -D CNI-HOSTPORT-DNAT -p tcp -m comment --comment 'dnat name: "cbr0" id: "fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138"' -m multiport --dports 443,80,9001,10001 -j CNI-DN-b24a4eb3a38dc5843c23a
TZ=Asia/Shanghai faketime -f '2024-09-14 11:50:00' ip netns exec "$NODE_NS" iptables-save > "$OUT/iptables-save"
{ iptables-save --version; dpkg-query -W libfaketime iptables; } > "$OUT/versions.txt"
