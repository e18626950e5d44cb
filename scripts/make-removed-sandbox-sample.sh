#!/usr/bin/env bash
# make-removed-sandbox-sample.sh [REPO_ROOT]
#
# Builds samples/variants/removed-sandbox/: a containerd node whose stale hostPort DNAT belongs to a sandbox
# whose removal containerd logged. The journal is five containerd lines copied verbatim from
# containerd/containerd#7276 (see the sample's SOURCE.md); the iptables dump is a real run of the real CNI
# plugins (/work/shared/tools/repro-hostport.sh) with that sandbox as pod A, under libfaketime at a moment
# after the removal. Needs root (network namespaces) and the packages build-samples.sh lists.
#
# NETNS_PREFIX: the prefix of the network namespaces the run creates (default cnirepro-, the script's own).
set -euo pipefail
umask 022

ROOT=${1:-$(cd "$(dirname "$0")/.." && pwd)}
SHARED=${SHARED:-/work/shared}
CLOCK='2022-08-10 15:10:00'
export TZ=Asia/Shanghai
# The sandbox containerd stopped and removed in containerd/containerd#7276; pod B is repro-hostport.sh's own.
POD_A=fd0ff0413d152cfd6b1d8e5a5fdb3a0b1dc958054f580a3b32cc9eba6899b410
OUT=$ROOT/samples/variants/removed-sandbox
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/removed-sandbox.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT

sed "s/cnirepro-/${NETNS_PREFIX:-cnirepro-}/g" "$SHARED/tools/repro-hostport.sh" > "$SCRATCH/repro-hostport.sh"
POD_A_ID=$POD_A TRAFFIC_DEMO=0 faketime -f "$CLOCK" bash "$SCRATCH/repro-hostport.sh" "$SCRATCH/repro" > "$SCRATCH/repro.log" 2>&1 \
  || { cat "$SCRATCH/repro.log" >&2; exit 1; }

mkdir -p "$OUT/sos_commands/logs" "$OUT/sos_commands/date" "$OUT/sos_commands/firewall_tables"
unshare --uts sh -c 'hostname node-17 && hostname' > "$OUT/hostname"
LC_ALL=C.UTF-8 faketime -f "$CLOCK" date       > "$OUT/sos_commands/date/date"
LC_ALL=C.UTF-8 faketime -f "$CLOCK" date --utc > "$OUT/sos_commands/date/date_--utc"
cp "$SCRATCH/repro/final/iptables_-t_nat_-nvL" "$OUT/sos_commands/firewall_tables/iptables_-t_nat_-nvL"
# containerd/containerd#7276 (containerd 1.6, journalctl -u containerd), the lines of sandbox $POD_A, verbatim.
cat > "$OUT/sos_commands/logs/journalctl_--no-pager" <<LINES
Aug 10 15:05:23 node-17 containerd[2514]: time="2022-08-10T15:05:23.911464274+08:00" level=info msg="StopPodSandbox for \\"$POD_A\\""
Aug 10 15:05:23 node-17 containerd[2514]: time="2022-08-10T15:05:23.911703268+08:00" level=info msg="TearDown network for sandbox \\"$POD_A\\" successfully"
Aug 10 15:05:23 node-17 containerd[2514]: time="2022-08-10T15:05:23.911739191+08:00" level=info msg="StopPodSandbox for \\"$POD_A\\" returns successfully"
Aug 10 15:05:23 node-17 containerd[2514]: time="2022-08-10T15:05:23.912158317+08:00" level=info msg="RemovePodSandbox for \\"$POD_A\\""
Aug 10 15:05:23 node-17 containerd[2514]: time="2022-08-10T15:05:23.916186205+08:00" level=info msg="RemovePodSandbox \\"$POD_A\\" returns successfully"
LINES
echo "== verify.txt"; cat "$SCRATCH/repro/verify.txt"
echo "== versions.txt"; cat "$SCRATCH/repro/versions.txt"
find "$OUT" -exec touch -h -d '2022-08-10 15:10:00 +0800' {} +
