#!/usr/bin/env bash
# make-teardown-skipped.sh OUTDIR
#
# Sample bundles of rule teardown-skipped-silently (containerd PR #12923), one per case under OUTDIR:
#   positive-containerd-1-7-24   containerd v1.7.24 restarts while RunPodSandbox is in CNI ADD (the setup result is
#                                never saved); after the restart StopPodSandbox skips the CNI DEL and still logs
#                                `TearDown network for sandbox "<id>" successfully` (pkg/cri/server/sandbox_stop.go
#                                at v1.7.24: the DEL runs only `if sandbox.CNIResult != nil`)
#   negative-containerd-1-7-31   the same on v1.7.31, which runs the DEL anyway; here it fails ("cni config not
#                                initialized", teardownPodNetwork) and 1.7.31 logs its warning `… ignoring because
#                                the sandbox network setup result is nil …` before the same TearDown line
#   unknown-version              the 1.7.24 journal without containerd's start lines (no version in the bundle)
# In every case the sandbox's network state is what CNI ADD left and no DEL removed, made by the real plugins:
#   1. bridge ADD (host-local IPAM) then portmap ADD (prevResult + runtimeConfig.portMappings, hostPort 8080)
#      for the sandbox, in throw-away network namespaces, as libcni runs the containerd-net conflist
#   2. captures: iptables-save (all tables) under libfaketime (the header's clock), the host-local dataDir
# The journal: python3 writes the entries as a Journal Export Format stream, the real systemd-journal-remote stores
# it, the real journalctl renders it (-o short, C locale, UTC) — as scripts/make-clean-teardown-journal.sh does.
# The message texts are containerd's format strings at the release tags (see samples/rules/…/SOURCE.md).
#
# Needs root (network and mount namespaces), jq, iptables, iproute2, faketime, the CNI plugins and
# systemd-journal-remote. Nothing outside the namespaces it creates is touched.
set -euo pipefail
umask 022
OUT=${1:?usage: $0 OUTDIR}
[ "$(id -u)" = 0 ] || { echo "must run as root (network namespaces)" >&2; exit 1; }
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
export TZ=UTC
CLOCK='2026-03-10 10:20:00'
HOST=k8s-node-3
SANDBOX=a8b3d954409d22dc08d70f0c0f19ec8f2a3e65ae72cf3f38b897b84bd0cafc5b
POD_UID=90b24ed0-8f84-47bf-a3da-7450937fefa9
NET_NAME=containerd-net
SUBNET=10.88.0.0/16

if [ -z "${CNI_BIN:-}" ]; then
  for d in /opt/cni/bin /usr/lib/cni /usr/libexec/cni; do
    if [ -x "$d/portmap" ] && [ -x "$d/bridge" ] && [ -x "$d/host-local" ]; then CNI_BIN=$d; break; fi
  done
fi
[ -n "${CNI_BIN:-}" ] || { echo "no CNI plugin directory found; set CNI_BIN" >&2; exit 1; }
. "$(dirname "$0")/_lab.sh"
lab_journal_tools
lab_netns tss
POD_NS=$PODA_NS

# ---------------------------------------------------------------- 1. CNI ADD, no DEL
ip netns add "$NODE_NS"; in_node ip link set lo up
ip netns add "$POD_NS"
mkdir -p "$DATADIR/$NET_NAME"
ARGS="IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0;K8S_POD_INFRA_CONTAINER_ID=$SANDBOX;K8S_POD_UID=$POD_UID"
cni() {  # PLUGIN ; stdin = config ; stdout = result
  in_node env CNI_COMMAND=ADD CNI_CONTAINERID="$SANDBOX" CNI_NETNS="/run/netns/$POD_NS" CNI_IFNAME=eth0 \
    CNI_ARGS="$ARGS" CNI_PATH="$CNI_BIN" "$CNI_BIN/$1"
}
BRIDGE_RESULT=$(jq -n --arg name "$NET_NAME" --arg subnet "$SUBNET" --arg dd "$DATADIR" '{
  cniVersion: "1.0.0", name: $name, type: "bridge", bridge: "cni0", isGateway: true, ipMasq: true, promiscMode: true,
  ipam: { type: "host-local", ranges: [[{ subnet: $subnet }]], routes: [{ dst: "0.0.0.0/0" }], dataDir: $dd } }' | cni bridge)
jq -n --arg name "$NET_NAME" --argjson prev "$BRIDGE_RESULT" '{
  cniVersion: "1.0.0", name: $name, type: "portmap", capabilities: { portMappings: true },
  runtimeConfig: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: "tcp" }] }, prevResult: $prev }' | cni portmap > /dev/null

STATE=$WORK/state
mkdir -p "$STATE/var/lib/cni/networks"
in_node faketime -f "$CLOCK" iptables-save > "$STATE/iptables-save"
cp -a "$DATADIR/$NET_NAME" "$STATE/var/lib/cni/networks/$NET_NAME"
unshare --uts sh -c "hostname $HOST && hostname" > "$STATE/hostname"
{
  dpkg-query -W containernetworking-plugins 2>/dev/null || true
  iptables -V; faketime --version 2>&1 | head -1 || true
  "$JOURNAL_REMOTE" --version | head -1; "$JOURNALCTL" --version | head -1
} > "$WORK/versions.txt" 2>&1

# ---------------------------------------------------------------- 2. journals
journal() {  # CASE VERSION(1.7.24|1.7.31) WITH_START(1|0)
  local case=$1 version=$2 with_start=$3
  local dir=$OUT/$case/$HOST
  rm -rf "$dir"; mkdir -p "$dir/sos_commands/logs"
  cp -a "$STATE/." "$dir/"
  python3 - "$WORK/$case.export" "$version" "$with_start" "$SANDBOX" "$POD_UID" "$HOST" <<'PY'
import sys
from datetime import datetime, timezone, timedelta
out, version, with_start, sandbox, pod_uid, host = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4], sys.argv[5], sys.argv[6]
REVISION = {"1.7.24": "88bf19b2105c8b17560993bee28a01ddc2f97182", "1.7.31": "96caa5dff04a9f1c0f6f0938feae22b6ca7eb0be"}[version]
BOOT_ID, MACHINE_ID = "4f2d8c1e9b7a4e3f8d6c5b4a39281706", "b1e0c9d8a7f64e5d9c3b2a1f0e9d8c7b"
BOOT_AT = datetime(2026, 3, 10, 9, 58, 40, 112003, tzinfo=timezone.utc)
T = lambda mm, ss, us: datetime(2026, 3, 10, 10, mm, ss, us, tzinfo=timezone.utc)
def gots(dt):  # logrus RFC3339Nano as containerd prints it
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%09d" % (dt.microsecond * 1000 + 417) + "Z"
entries = []
def add(t, pid, level, msg, extra=""):
    m = 'time="%s" level=%s msg="%s"%s' % (gots(t), level, msg.replace('"', '\\"'), extra)
    entries.append((t, pid, m))
if with_start:
    # cmd/containerd/command/main.go: WithFields{"version", "revision"}.Info("starting containerd"); "containerd successfully booted in %fs"
    add(T(2, 11, 402118), 812, "info", "starting containerd", " revision=%s version=v%s" % (REVISION, version))
    add(T(2, 11, 483770), 812, "info", "containerd successfully booted in 0.082913s")
# pkg/cri/instrument/instrumented_service.go: Infof("RunPodSandbox for %+v", r.GetConfig().GetMetadata()) — gogo %+v in 1.7
add(T(14, 3, 517264), 812, "info", "RunPodSandbox for &PodSandboxMetadata{Name:web-0,Uid:%s,Namespace:default,Attempt:0,}" % pod_uid)
# containerd is killed during CNI ADD (before the result is saved) and restarted by systemd
if with_start:
    add(T(14, 5, 730115), 2291, "info", "starting containerd", " revision=%s version=v%s" % (REVISION, version))
    add(T(14, 5, 811402), 2291, "info", "containerd successfully booted in 0.080817s")
# instrumented_service.go: Infof("StopPodSandbox for %q", …); sandbox_stop.go; "… returns successfully"
add(T(14, 9, 204551), 2291, "info", 'StopPodSandbox for "%s"' % sandbox)
if version == "1.7.31":
    # pkg/cri/server/sandbox_stop.go (v1.7.31): WithError(err).Warnf(…); err from teardownPodNetwork
    add(T(14, 9, 206012), 2291, "warning", 'failed to destroy network for sandbox "%s"; and ignoring because the sandbox network setup result is nil indicating the network setup never completed' % sandbox, ' error="cni config not initialized"')
add(T(14, 9, 231877), 2291, "info", 'TearDown network for sandbox "%s" successfully' % sandbox)
add(T(14, 9, 232301), 2291, "info", 'StopPodSandbox for "%s" returns successfully' % sandbox)
add(T(14, 9, 244170), 2291, "info", 'RemovePodSandbox for "%s"' % sandbox)
add(T(14, 9, 262935), 2291, "info", 'RemovePodSandbox "%s" returns successfully' % sandbox)
usec = lambda dt: int(dt.timestamp()) * 1000000 + dt.microsecond
with open(out, "wb") as f:
    for t, pid, msg in entries:
        fields = [("__REALTIME_TIMESTAMP", str(usec(t))), ("__MONOTONIC_TIMESTAMP", str(usec(t) - usec(BOOT_AT))), ("_BOOT_ID", BOOT_ID),
                  ("PRIORITY", "6"), ("SYSLOG_FACILITY", "3"), ("SYSLOG_IDENTIFIER", "containerd"), ("_UID", "0"), ("_GID", "0"),
                  ("_MACHINE_ID", MACHINE_ID), ("_HOSTNAME", host), ("_TRANSPORT", "stdout"), ("_PID", str(pid)),
                  ("_COMM", "containerd"), ("_EXE", "/usr/local/bin/containerd"), ("_CMDLINE", "/usr/local/bin/containerd"),
                  ("_SYSTEMD_CGROUP", "/system.slice/containerd.service"), ("_SYSTEMD_UNIT", "containerd.service"),
                  ("_SYSTEMD_SLICE", "system.slice"), ("MESSAGE", msg)]
        for k, v in fields:
            f.write(k.encode() + b"=" + v.encode() + b"\n")
        f.write(b"\n")
PY
  local j=$WORK/$case.journal
  printf '%s\n' b1e0c9d8a7f64e5d9c3b2a1f0e9d8c7b > "$WORK/machine-id"
  unshare --mount --propagation private sh -c 'mount --bind "$0" /etc/machine-id && exec "$@"' "$WORK/machine-id" \
    "$JOURNAL_REMOTE" --output="$j" --split-mode=none "$WORK/$case.export" > /dev/null 2>&1
  env TZ=UTC LC_ALL=C SYSTEMD_COLORS=0 "$JOURNALCTL" --file="$j" --no-pager -o short-precise > "$dir/sos_commands/logs/journalctl_--no-pager_-o_short-precise"
  cp "$WORK/versions.txt" "$OUT/$case/versions.txt"
}
journal positive-containerd-1-7-24 1.7.24 1
journal negative-containerd-1-7-31 1.7.31 1
journal unknown-version 1.7.24 0
echo "done: $OUT" >&2
