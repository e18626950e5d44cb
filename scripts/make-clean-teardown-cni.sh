#!/usr/bin/env bash
# make-clean-teardown-cni.sh OUTDIR
#
# Negative control for samples/hostport-stale-dnat: the same node, but pod A is
# torn down PROPERLY. Uses the real CNI plugins (bridge + host-local, portmap)
# through the CNI protocol, exactly the way /work/shared/tools/repro-hostport.sh
# drives them (same network config, same CNI_ARGS, same ids, same IPAM seed),
# inside throw-away network namespaces this script creates and deletes:
#
#   1. pod A fb7cdb0a...: bridge ADD, portmap ADD (prevResult + runtimeConfig.portMappings)
#   2. proper teardown, in libcni's DelNetworkList order (reverse plugin order)
#      while pod A's netns still exists: portmap DEL (runtimeConfig.portMappings;
#      no prevResult for cniVersion 0.3.1, as libcni does), then bridge DEL;
#      then the netns goes away (pause container stopped)
#   3. pod B 0961bad2...: bridge ADD, portmap ADD with the same hostPorts
#   4. captures: iptables-save, iptables -t nat -S / -nvL, the host-local dataDir
#
# Run it under libfaketime to get the scenario clock into iptables-save's header:
#   TZ=Asia/Shanghai faketime -f '2024-09-14 11:50:00' bash scripts/make-clean-teardown-cni.sh /tmp/clean
# (-f freezes the fake clock, so the header reads exactly 11:50:00 on every run)
# Needs root (network namespaces), jq, iptables, iproute2 and the CNI plugins
# (Debian: apt-get install containernetworking-plugins -> /usr/lib/cni).
# Nothing outside the namespaces it creates is touched.
set -euo pipefail
umask 022

OUT=${1:?usage: $0 OUTDIR}
[ "$(id -u)" = 0 ] || { echo "must run as root (network namespaces)" >&2; exit 1; }

NET_NAME=cbr0
SUBNET=10.187.2.0/24
LAST_RESERVED=10.187.2.32
POD_A_ID=fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138
POD_B_ID=0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2
POD_NAMESPACE=default
POD_NAME=hostport-app-0
HOSTPORTS=443,80,9001,10001
BRIDGE=cni0
MTU=1450

if [ -z "${CNI_BIN:-}" ]; then
  for d in /opt/cni/bin /usr/lib/cni /usr/libexec/cni; do
    if [ -x "$d/portmap" ] && [ -x "$d/bridge" ] && [ -x "$d/host-local" ]; then CNI_BIN=$d; break; fi
  done
fi
[ -n "${CNI_BIN:-}" ] || { echo "no CNI plugin directory found; set CNI_BIN" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq is required" >&2; exit 1; }

. "$(dirname "$0")/_lab.sh"
lab_netns cniclean

mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
mkdir -p "$OUT/cni" "$OUT/final"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$OUT/run.log" >&2; }

{
  echo "# package owning the plugins"; dpkg-query -S "$(readlink -f "$CNI_BIN/portmap")" 2>/dev/null || true
  dpkg-query -W containernetworking-plugins 2>/dev/null || true
  "$CNI_BIN/portmap" </dev/null 2>&1 | head -1 || true
  echo "# iptables"; iptables -V
  echo "# kernel"; uname -r
} > "$OUT/versions.txt" 2>&1

ip netns add "$NODE_NS"
in_node ip link set lo up
mkdir -p "$DATADIR/$NET_NAME"
printf '%s' "$LAST_RESERVED" > "$DATADIR/$NET_NAME/last_reserved_ip.0"
NET16=$(echo "$SUBNET" | awk -F. '{print $1"."$2".0.0/16"}')

bridge_conf() {
  jq -n --arg name "$NET_NAME" --arg br "$BRIDGE" --arg subnet "$SUBNET" \
        --arg dd "$DATADIR" --arg net16 "$NET16" --argjson mtu "$MTU" '{
    cniVersion: "0.3.1", name: $name, type: "bridge", bridge: $br, mtu: $mtu,
    isGateway: true, isDefaultGateway: true, ipMasq: false, hairpinMode: true,
    ipam: { type: "host-local", subnet: $subnet, dataDir: $dd,
            routes: [ { dst: $net16 } ] } }'
}
PORTMAPS=$(IFS=,; out="[]"; for p in $HOSTPORTS; do
  out=$(jq -c --argjson p "$p" '. + [{hostPort:$p, containerPort:$p, protocol:"tcp"}]' <<<"$out"); done; echo "$out")
portmap_conf() {  # $1 = prevResult JSON or null
  jq -n --arg name "$NET_NAME" --argjson pm "$PORTMAPS" --argjson prev "$1" '{
    cniVersion: "0.3.1", name: $name, type: "portmap", snat: true,
    capabilities: { portMappings: true },
    runtimeConfig: { portMappings: $pm } } + (if $prev == null then {} else {prevResult: $prev} end)'
}
run_cni() {  # LABEL PLUGIN CMD CONTAINERID NETNS_PATH ; stdin = config
  local label=$1 plugin=$2 cmd=$3 cid=$4 nspath=$5 rc=0
  local args="IgnoreUnknown=1;K8S_POD_NAMESPACE=$POD_NAMESPACE;K8S_POD_NAME=$POD_NAME;K8S_POD_INFRA_CONTAINER_ID=$cid"
  local base="$OUT/cni/$label"
  cat > "$base.stdin.json"
  in_node env CNI_COMMAND="$cmd" CNI_CONTAINERID="$cid" CNI_NETNS="$nspath" \
      CNI_IFNAME=eth0 CNI_ARGS="$args" CNI_PATH="$CNI_BIN" \
      "$plugin" < "$base.stdin.json" > "$base.stdout.json" 2> "$base.stderr" || rc=$?
  echo "$rc" > "$base.rc"
  sed -i "s#$DATADIR#/var/lib/cni/networks#g" "$base.stdin.json" "$base.stdout.json" "$base.stderr"
  log "$label: $(basename "$plugin") $cmd rc=$rc"
  return $rc
}

# 1. pod A
ip netns add "$PODA_NS"
bridge_conf | run_cni podA-1-bridge-ADD "$CNI_BIN/bridge" ADD "$POD_A_ID" "/run/netns/$PODA_NS"
A_RESULT_REAL=$(sed "s#/var/lib/cni/networks#$DATADIR#g" "$OUT/cni/podA-1-bridge-ADD.stdout.json")
portmap_conf "$A_RESULT_REAL" | run_cni podA-2-portmap-ADD "$CNI_BIN/portmap" ADD "$POD_A_ID" "/run/netns/$PODA_NS"
A_IP=$(jq -r '.ips[0].address' "$OUT/cni/podA-1-bridge-ADD.stdout.json" | cut -d/ -f1)
log "pod A got $A_IP"

# 2. proper teardown: portmap DEL, bridge DEL (netns still there), then the netns goes
portmap_conf null | run_cni podA-3-portmap-DEL "$CNI_BIN/portmap" DEL "$POD_A_ID" "/run/netns/$PODA_NS"
bridge_conf      | run_cni podA-4-bridge-DEL  "$CNI_BIN/bridge"  DEL "$POD_A_ID" "/run/netns/$PODA_NS"
ip netns del "$PODA_NS"
log "pod A torn down properly (portmap DEL + bridge DEL), netns deleted"

# 3. pod B
ip netns add "$PODB_NS"
bridge_conf | run_cni podB-1-bridge-ADD "$CNI_BIN/bridge" ADD "$POD_B_ID" "/run/netns/$PODB_NS"
B_RESULT_REAL=$(sed "s#/var/lib/cni/networks#$DATADIR#g" "$OUT/cni/podB-1-bridge-ADD.stdout.json")
portmap_conf "$B_RESULT_REAL" | run_cni podB-2-portmap-ADD "$CNI_BIN/portmap" ADD "$POD_B_ID" "/run/netns/$PODB_NS"
B_IP=$(jq -r '.ips[0].address' "$OUT/cni/podB-1-bridge-ADD.stdout.json" | cut -d/ -f1)
log "pod B got $B_IP"

# 4. captures (sos-style names)
F=$OUT/final
in_node iptables-save                        > "$F/iptables-save"
in_node iptables -t nat -S                   > "$F/iptables_-t_nat_-S"
in_node iptables -t nat -nvL                 > "$F/iptables_-t_nat_-nvL"
cp -a "$DATADIR" "$F/ipam-datadir"
( cd "$DATADIR" && find . -type f | sort | while read -r f; do
    printf '== %s\n' "$f"; od -c "$f" | sed 's/^/   /'; done ) > "$F/ipam-datadir.od.txt"

# 5. checks
V=$OUT/verify.txt; : > "$V"; FAIL=0
chk() { if eval "$2"; then echo "PASS: $1" >> "$V"; else echo "FAIL: $1" >> "$V"; FAIL=1; fi; }
CH_A=CNI-DN-$(printf '%s' "$NET_NAME$POD_A_ID" | sha512sum | cut -c1-21)
CH_B=CNI-DN-$(printf '%s' "$NET_NAME$POD_B_ID" | sha512sum | cut -c1-21)
chk "pod A got 10.187.2.33, pod B 10.187.2.34" "[ '$A_IP' = 10.187.2.33 ] && [ '$B_IP' = 10.187.2.34 ]"
chk "all CNI calls rc=0" "! grep -vqx 0 '$OUT'/cni/*.rc"
chk "no chain $CH_A (pod A) left" "! grep -q -- '$CH_A' '$F/iptables_-t_nat_-S'"
chk "no rule mentions pod A's id" "! grep -q '$POD_A_ID' '$F/iptables_-t_nat_-S'"
chk "live chain $CH_B exists" "grep -qx -- '-N $CH_B' '$F/iptables_-t_nat_-S'"
chk "exactly one jump in CNI-HOSTPORT-DNAT" "[ \$(grep -c -- '^-A CNI-HOSTPORT-DNAT ' '$F/iptables_-t_nat_-S') -eq 1 ]"
chk "IPAM holds only $B_IP (pod B)" "[ \"\$(ls '$DATADIR/$NET_NAME' | sort | tr '\n' ' ')\" = '10.187.2.34 last_reserved_ip.0 lock ' ] && head -c 64 '$DATADIR/$NET_NAME/10.187.2.34' | grep -qx '$POD_B_ID'"
cat "$V" >&2

grep -rlF "$WORK" "$OUT" 2>/dev/null | while read -r f; do sed -i "s#$WORK#<tmp>#g" "$f"; done || true
grep -rlE "$NODE_NS|$PODA_NS|$PODB_NS" "$OUT" 2>/dev/null | while read -r f; do
  sed -i "s#$NODE_NS#<node-netns>#g; s#$PODA_NS#<podA-netns>#g; s#$PODB_NS#<podB-netns>#g" "$f"; done || true
exit $FAIL
