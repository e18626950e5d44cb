#!/usr/bin/env bash
# make-nft-listings.sh OUTDIR
#
# The stale-hostPort incident (pod A's portmap DEL never runs, pod B gets the same
# hostPorts) made by the real CNI plugins in throw-away network namespaces, then
# listed by the real nft the way sos and support engineers list it:
#
#   MODE=iptables  (default) portmap's iptables backend through iptables-nft: the
#                  nat table is iptables-nft's `table ip nat` (and `table ip6 nat`
#                  with DUALSTACK=1); captures `nft list ruleset`, `nft -a list
#                  ruleset`, `nft list table ip nat` (stderr kept, as sos keeps it:
#                  the "# Warning: table ip nat is managed by iptables-nft" line),
#                  and the iptables views of the same moment (-nvL, -S, save)
#   MODE=nftables  portmap's native backend (`"backend": "nftables"`, plugins >= 1.6;
#                  PORTMAP_BIN must be such a portmap): `table ip cni_hostport`;
#                  captures `nft list ruleset`, `nft -a list ruleset`,
#                  `nft -a list table ip cni_hostport`
#
# NFT="env LD_LIBRARY_PATH=… /path/to/nft" lists with another nft build (e.g. one configured --without-xtables,
# which prints the iptables extensions it cannot translate instead of translating them).
# EMPTY_TABLE=1 adds an empty `table inet filter` before the captures (a node whose
# firewall service created its table and no rules).
#
# Namespaces are named nft-<role>-<pid> and deleted on exit; nothing outside them is
# touched. Needs root, jq, nft, iptables (nf_tables), iproute2 and the CNI plugins
# (Debian: /usr/lib/cni from containernetworking-plugins).
set -euo pipefail
umask 022

OUT=${1:?usage: $0 OUTDIR}
[ "$(id -u)" = 0 ] || { echo "must run as root (network namespaces)" >&2; exit 1; }

MODE=${MODE:-iptables}
DUALSTACK=${DUALSTACK:-0}
EMPTY_TABLE=${EMPTY_TABLE:-0}
NET_NAME=${NET_NAME:-cbr0}
SUBNET=${SUBNET:-10.187.2.0/24}
SUBNET6=${SUBNET6:-fd00:10:187:2::/64}
LAST_RESERVED=${LAST_RESERVED:-10.187.2.32}
POD_A_ID=${POD_A_ID:-fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138}
POD_B_ID=${POD_B_ID:-0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2}
HOSTPORTS=${HOSTPORTS:-443,80,9001,10001}
CNI_BIN=${CNI_BIN:-/usr/lib/cni}
PORTMAP_BIN=${PORTMAP_BIN:-$CNI_BIN/portmap}
NFT=${NFT:-nft}

. "$(dirname "$0")/_lab.sh"
lab_netns nft


mkdir -p "$OUT" "$DATADIR/$NET_NAME"
printf '%s' "$LAST_RESERVED" > "$DATADIR/$NET_NAME/last_reserved_ip.0"

{
  echo "# nft ($NFT)"; $NFT --version
  echo "# iptables"; iptables -V
  echo "# portmap ($PORTMAP_BIN)"; "$PORTMAP_BIN" </dev/null 2>&1 | head -1 || true
  echo "# bridge, host-local ($CNI_BIN)"; "$CNI_BIN/bridge" </dev/null 2>&1 | head -1 || true
  dpkg-query -W nftables iptables containernetworking-plugins 2>/dev/null || true
  echo "# kernel"; uname -r
  echo "# MODE=$MODE DUALSTACK=$DUALSTACK EMPTY_TABLE=$EMPTY_TABLE"
} > "$OUT/versions.txt" 2>&1

ip netns add "$NODE_NS"
in_node ip link set lo up

bridge_conf() {
  jq -n --arg name "$NET_NAME" --arg subnet "$SUBNET" --arg subnet6 "$SUBNET6" --arg dd "$DATADIR" --argjson dual "$DUALSTACK" '{
    cniVersion: "0.4.0", name: $name, type: "bridge", bridge: "cni0", mtu: 1450,
    isGateway: true, isDefaultGateway: true, ipMasq: false, hairpinMode: true,
    ipam: { type: "host-local", dataDir: $dd,
            ranges: ([[{subnet: $subnet}]] + (if $dual == 1 then [[{subnet: $subnet6}]] else [] end)) } }'
}
portmappings() {
  local IFS=, p out="[]"
  for p in $HOSTPORTS; do out=$(jq -c --argjson p "$p" '. + [{hostPort:$p, containerPort:$p, protocol:"tcp"}]' <<<"$out"); done
  echo "$out"
}
portmap_conf() {  # $1 = prevResult
  jq -n --arg name "$NET_NAME" --argjson pm "$(portmappings)" --argjson prev "$1" --arg mode "$MODE" '{
    cniVersion: "0.4.0", name: $name, type: "portmap", snat: true,
    capabilities: { portMappings: true }, runtimeConfig: { portMappings: $pm }, prevResult: $prev }
    + (if $mode == "nftables" then {backend: "nftables"} else {} end)'
}
run_cni() {  # PLUGIN CMD ID NS POD  (stdin = config)
  local args="IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=$5;K8S_POD_INFRA_CONTAINER_ID=$3"
  in_node env CNI_COMMAND="$2" CNI_CONTAINERID="$3" CNI_NETNS="/run/netns/$4" CNI_IFNAME=eth0 \
    CNI_ARGS="$args" CNI_PATH="$CNI_BIN" "$1"
}

# pod A: bridge ADD, portmap ADD
ip netns add "$PODA_NS"
A=$(bridge_conf | run_cni "$CNI_BIN/bridge" ADD "$POD_A_ID" "$PODA_NS" hostport-app-0)
portmap_conf "$A" | run_cni "$PORTMAP_BIN" ADD "$POD_A_ID" "$PODA_NS" hostport-app-0 > /dev/null
# broken teardown: the netns goes, only bridge DEL (IPAM release) runs, never portmap DEL
ip netns del "$PODA_NS"
bridge_conf | run_cni "$CNI_BIN/bridge" DEL "$POD_A_ID" "$PODA_NS" hostport-app-0 > /dev/null
# pod B with the same hostPorts
ip netns add "$PODB_NS"
B=$(bridge_conf | run_cni "$CNI_BIN/bridge" ADD "$POD_B_ID" "$PODB_NS" hostport-app-0)
portmap_conf "$B" | run_cni "$PORTMAP_BIN" ADD "$POD_B_ID" "$PODB_NS" hostport-app-0 > /dev/null
echo "pod A: $(jq -c '[.ips[].address]' <<<"$A")  pod B: $(jq -c '[.ips[].address]' <<<"$B")" >> "$OUT/versions.txt"

[ "$EMPTY_TABLE" = 1 ] && in_node nft add table inet filter

# stderr with stdout, as sos records a command's output
in_node $NFT list ruleset > "$OUT/nft_list_ruleset" 2>&1 || true
in_node $NFT -a list ruleset > "$OUT/nft_-a_list_ruleset" 2>&1 || true
if [ "$MODE" = iptables ]; then
  in_node $NFT list table ip nat > "$OUT/nft_list_table_ip_nat" 2>&1 || true
  in_node iptables -t nat -nvL > "$OUT/iptables_-t_nat_-nvL"
  in_node iptables -t nat -S > "$OUT/iptables_-t_nat_-S"
  in_node iptables-save -t nat > "$OUT/iptables-save_-t_nat"
  [ "$DUALSTACK" = 1 ] && in_node ip6tables -t nat -nvL > "$OUT/ip6tables_-t_nat_-nvL"
else
  in_node $NFT -a list table ip cni_hostport > "$OUT/nft_-a_list_table_ip_cni_hostport" 2>&1 || true
fi
cp -a "$DATADIR/$NET_NAME" "$OUT/ipam-$NET_NAME"
grep -rlF "$WORK" "$OUT" 2>/dev/null | while read -r f; do sed -i "s#$WORK#<tmp>#g" "$f"; done || true
echo "done: $OUT" >&2
