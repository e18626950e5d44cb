#!/usr/bin/env bash
# capture-firewall-views.sh MODE OUTDIR
#
# Every firewall view a node bundle can carry, captured from real programs: Debian's iptables 1.8.9 (legacy and
# nf_tables backends, iptables and ip6tables), nft 1.0.6 and the real CNI plugins (bridge + host-local + portmap,
# driven by the CNI protocol as /work/shared/tools/repro-hostport.sh does), all inside network namespaces named
# views-* that this script creates and deletes. The host's own interfaces and tables are never touched.
#
# MODE (PORTMAPS, a JSON list of portMappings, overrides the hostPorts 443, 80, 9001, 10001/tcp)
#   dual-stack-nft     the founding incident (pod A's portmap DEL never runs, pod B takes the same hostPorts) on a
#                      dual-stack network: iptables-nft + ip6tables-nft rules, captured in every form sos and hand
#                      collections hold (iptables-save, -S, -nvL, ip6tables-*, nft list ruleset, nft -a list ruleset)
#   legacy-beside-nft  pod A set up through iptables-legacy, pod B through iptables-nft (a node whose iptables
#                      moved from legacy to nf_tables), A torn down without portmap DEL: two kernel rule sets, each
#                      with its own CNI-HOSTPORT-DNAT; captures of both backends and a connection probe that shows
#                      which DNAT the kernel applies
#
# IDs, network (cbr0), subnet and address order are those of the bundled sample, so under
#   TZ=Asia/Shanghai faketime -f '2024-09-14 11:50:00' bash scripts/capture-firewall-views.sh MODE OUT
# the v4 listings are the same capture as samples/hostport-stale-dnat's -nvL file.
set -euo pipefail
umask 022

MODE=${1:?usage: $0 dual-stack-nft|legacy-beside-nft OUTDIR}
OUT=${2:?usage: $0 MODE OUTDIR}
[ "$(id -u)" = 0 ] || { echo "must run as root (network namespaces)" >&2; exit 1; }
case "$MODE" in dual-stack-nft|legacy-beside-nft) ;; *) echo "unknown MODE $MODE" >&2; exit 2 ;; esac

CNI_BIN=${CNI_BIN:-/usr/lib/cni}
NET_NAME=cbr0
SUBNET4=10.187.2.0/24
SUBNET6=fd00:187:2::/64
POD_A_ID=fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138
POD_B_ID=0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2
PORTMAPS=${PORTMAPS:-'[{"hostPort":443,"containerPort":443,"protocol":"tcp"},{"hostPort":80,"containerPort":80,"protocol":"tcp"},{"hostPort":9001,"containerPort":9001,"protocol":"tcp"},{"hostPort":10001,"containerPort":10001,"protocol":"tcp"}]'}

. "$(dirname "$0")/_lab.sh"
lab_netns views
LISTENER=""
LAB_BEFORE_CLEANUP='[ -n "$LISTENER" ] && kill "$LISTENER" 2>/dev/null && wait "$LISTENER" 2>/dev/null'


mkdir -p "$OUT/final" "$OUT/cni" "$DATADIR/$NET_NAME"
OUT=$(cd "$OUT" && pwd)
printf '%s' 10.187.2.32 > "$DATADIR/$NET_NAME/last_reserved_ip.0"

# go-iptables runs `iptables`/`ip6tables` from PATH: a shim folder per backend picks legacy or nf_tables.
shim() {  # $1 = legacy|nft → folder
  local d=$WORK/shim-$1 t sfx
  if [ ! -d "$d" ]; then
    mkdir -p "$d"
    for t in iptables ip6tables; do for sfx in "" -save -restore; do ln -s "$(command -v "$t-$1$sfx")" "$d/$t$sfx"; done; done
  fi
  echo "$d"
}


bridge_conf() {  # $1 = dual|v4
  local ranges
  if [ "$1" = dual ]; then ranges='[[{"subnet":"'$SUBNET4'"}],[{"subnet":"'$SUBNET6'"}]]'; else ranges='[[{"subnet":"'$SUBNET4'"}]]'; fi
  jq -n --arg name "$NET_NAME" --arg dd "$DATADIR" --argjson ranges "$ranges" '{
    cniVersion: "0.3.1", name: $name, type: "bridge", bridge: "cni0", mtu: 1450,
    isGateway: true, isDefaultGateway: true, ipMasq: false, hairpinMode: true,
    ipam: { type: "host-local", ranges: $ranges, dataDir: $dd } }'
}

portmap_conf() {  # $1 = prevResult
  jq -n --arg name "$NET_NAME" --argjson pm "$PORTMAPS" --argjson prev "$1" '{
    cniVersion: "0.3.1", name: $name, type: "portmap", snat: true,
    capabilities: { portMappings: true }, runtimeConfig: { portMappings: $pm }, prevResult: $prev }'
}

# run_cni LABEL BACKEND PLUGIN CMD CONTAINERID NETNS (stdin = config) → stdout of the plugin in cni/LABEL.out
run_cni() {
  local label=$1 backend=$2 plugin=$3 cmd=$4 cid=$5 ns=$6 rc=0
  in_node env PATH="$(shim "$backend"):$PATH" CNI_COMMAND="$cmd" CNI_CONTAINERID="$cid" CNI_NETNS="/run/netns/$ns" \
    CNI_IFNAME=eth0 CNI_ARGS="IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=hostport-app-0;K8S_POD_INFRA_CONTAINER_ID=$cid" \
    CNI_PATH="$CNI_BIN" "$CNI_BIN/$plugin" > "$OUT/cni/$label.out" 2> "$OUT/cni/$label.err" || rc=$?
  sed -i "s#$DATADIR#/var/lib/cni/networks#g" "$OUT/cni/$label.out" "$OUT/cni/$label.err"
  echo "$label: $plugin $cmd ($backend) rc=$rc" >> "$OUT/run.log"
  return $rc
}

add_pod() {  # $1 = A|B  $2 = backend  $3 = dual|v4
  local who=$1 backend=$2 stack=$3 id ns result
  if [ "$who" = A ]; then id=$POD_A_ID; ns=$PODA_NS; else id=$POD_B_ID; ns=$PODB_NS; fi
  ip netns add "$ns"
  bridge_conf "$stack" | run_cni "pod$who-bridge-ADD" "$backend" bridge ADD "$id" "$ns"
  result=$(sed "s#/var/lib/cni/networks#$DATADIR#g" "$OUT/cni/pod$who-bridge-ADD.out")
  portmap_conf "$result" | run_cni "pod$who-portmap-ADD" "$backend" portmap ADD "$id" "$ns"
}

# The broken teardown of the founding incident: A's netns goes with the runtime, only the bridge DEL (IPAM release)
# runs, portmap DEL never does.
break_pod_a() {  # $1 = backend  $2 = stack
  ip netns del "$PODA_NS"
  bridge_conf "$2" | run_cni podA-bridge-DEL "$1" bridge DEL "$POD_A_ID" "$PODA_NS"
}

capture() {  # $1 = file name (sos style)  $2... = command run in the node netns; stderr kept, as sos keeps it
  local name=$1; shift
  in_node "$@" > "$OUT/final/$name" 2>&1 || echo "# $name: exit $?" >> "$OUT/run.log"
}

versions() {
  {
    echo "# iptables"; iptables-legacy -V; iptables-nft -V; ip6tables-legacy -V; ip6tables-nft -V
    echo "# nft"; nft -v
    echo "# CNI plugins"; dpkg-query -S "$(readlink -f "$CNI_BIN/portmap")"; dpkg-query -W containernetworking-plugins iptables nftables
    echo "# kernel"; uname -r
    echo "# libfaketime"; dpkg-query -W libfaketime 2>/dev/null || true
  } > "$OUT/versions.txt" 2>&1
}

ip netns add "$NODE_NS"
in_node ip link set lo up
versions

if [ "$MODE" = dual-stack-nft ]; then
  add_pod A nft dual
  break_pod_a nft dual
  add_pod B nft dual
  capture iptables-save                   iptables-nft-save
  capture iptables-nft-save               iptables-nft-save
  capture iptables-save_-t_nat            iptables-nft-save -t nat
  capture iptables_-t_nat_-S              iptables-nft -t nat -S
  capture iptables_-t_nat_-nvL            iptables-nft -t nat -nvL
  capture ip6tables-save                  ip6tables-nft-save
  capture ip6tables_-t_nat_-S             ip6tables-nft -t nat -S
  capture ip6tables_-t_nat_-nvL           ip6tables-nft -t nat -nvL
  capture nft_-a_list_ruleset             nft -a list ruleset
  capture nft_list_ruleset                nft list ruleset
else
  add_pod A legacy v4
  break_pod_a legacy v4
  add_pod B nft v4
  capture iptables-legacy-save            iptables-legacy-save
  capture iptables-nft-save               iptables-nft-save
  capture iptables-legacy_-t_nat_-nvL     iptables-legacy -t nat -nvL
  capture iptables_-t_nat_-nvL            iptables-nft -t nat -nvL
  capture nft_-a_list_ruleset             nft -a list ruleset
  # Which DNAT the kernel applies when both rule sets map the same port: connect from the node to 127.0.0.1:443
  # (OUTPUT → CNI-HOSTPORT-DNAT in both tables) while pod B listens and pod A's address is dead.
  in_node sysctl -qw net.ipv4.conf.cni0.route_localnet=1 || true
  ip netns exec "$PODB_NS" timeout 30 python3 -c '
import socket
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1); s.bind(("0.0.0.0",443)); s.listen(5)
while True:
    c,a=s.accept(); c.sendall(b"hello from pod B\n"); c.close()' &
  LISTENER=$!
  sleep 1
  { echo "probe 127.0.0.1:443 from the node netns (legacy table: jump for pod A, nf_tables table: jump for pod B)"
    in_node timeout 6 bash -c 'exec 3<>/dev/tcp/127.0.0.1/443 && IFS= read -r -t 4 l <&3 && echo "connected: $l"' 2>&1 || echo "no connection (rc=$?)"
    echo "legacy counters after the probe:"; in_node iptables-legacy -t nat -nvL CNI-HOSTPORT-DNAT
    echo "nf_tables counters after the probe:"; in_node iptables-nft -t nat -nvL CNI-HOSTPORT-DNAT
  } > "$OUT/probe.txt" 2>&1
fi

cp -a "$DATADIR/$NET_NAME" "$OUT/final/ipam-$NET_NAME"
grep -rlF "$WORK" "$OUT" 2>/dev/null | while read -r f; do sed -i "s#$WORK#<tmp>#g" "$f"; done || true
grep -rlE "$NODE_NS|$PODA_NS|$PODB_NS" "$OUT" 2>/dev/null | while read -r f; do
  sed -i "s#$NODE_NS#<node-netns>#g; s#$PODA_NS#<podA-netns>#g; s#$PODB_NS#<podB-netns>#g" "$f"; done || true
