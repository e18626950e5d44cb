#!/usr/bin/env bash
# make-clean-teardown-journal.sh OUTDIR
#
# Journal of the negative-control bundle samples/variants/clean-teardown: the same
# node (centos79, boot 7d4b2e91..., Asia/Shanghai, 2024-09-14) as the incident
# journal of /work/shared/reference/real-outputs/journal, but pod A is deleted
# ROUTINELY: kubelet kills the app container, the app container and then the
# sandbox fb7cdb0a... exit normally (dockerd "ignoring event ... /tasks/delete"
# followed by containerd's routine shim-disconnect trio), kubelet REMOVEs the
# pod, and at 11:45 the new sandbox 0961bad2... starts. Docker is never stopped.
#
# Same method as /work/shared/tools/make-journal.sh:
#   1. python3 writes the entries as a Journal Export Format stream (OUTDIR/scenario.export)
#   2. the real systemd-journal-remote turns it into a binary journal file
#      (in a private mount namespace with the scenario's /etc/machine-id bind-mounted,
#      when root; the host is not touched)
#   3. the real journalctl renders it:
#      TZ=Asia/Shanghai LC_ALL=C journalctl --file=<journal> --no-pager -o short
#      -> OUTDIR/journalctl_--no-pager
#   4. round-trip check of timestamps and MESSAGE bytes -> OUTDIR/verify.txt
# Needs: python3, systemd-journal-remote (Debian: apt-get install systemd-journal-remote), journalctl.
set -euo pipefail
umask 022
OUT=${1:?usage: $0 OUTDIR}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)

. "$(dirname "$0")/_lab.sh"
lab_journal_tools

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cleanjournal.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

SCEN_MACHINE_ID=3c1f0e6a8b2d4f7e9a5c1b3d5e7f9a2b    # same host as the incident journal

# ---------------------------------------------------------------- 1. export stream
python3 - "$OUT/scenario.export" "$OUT/scenario.expected.json" "$SCEN_MACHINE_ID" <<'PY'
import json, struct, sys
from datetime import datetime, timezone, timedelta

out_export, out_expected, MACHINE_ID = sys.argv[1], sys.argv[2], sys.argv[3]
CST = timezone(timedelta(hours=8))                 # Asia/Shanghai
HOST = "centos79"
BOOT_ID = "7d4b2e91c0a34f6f8e2d1a5b9c3e7f10"         # same boot as the incident journal
BOOT_AT = datetime(2024, 9, 2, 8, 12, 33, 417201, tzinfo=CST)

SANDBOX_OLD = "fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138"
SANDBOX_NEW = "0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2"
APP = "5e1c0d9a7b3f8c2e4a6b0d1f3e5a7c9b2d4f6a8c0e2b4d6f8a0c1e3b5d7f9a2c"  # app container (CONTAINER_ID_FULL in the incident journal)
POD_UID_OLD = "6f0a3c2e-5b1d-4c7a-9e8f-2d4b6a8c0e1f"
POD_UID_NEW = "0b9d7e5c-3a1f-4e2d-8c6b-9f0e1d2c3b4a"

def usec(dt):
    return int(dt.timestamp()) * 1000000 + dt.microsecond

units = {  # unit -> (comm, exe, cmdline, pid)   (as in make-journal.sh)
  "kubelet.service":    ("kubelet", "/usr/bin/kubelet", "/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/cri-dockerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9", 1789),
  "docker.service":     ("dockerd", "/usr/bin/dockerd", "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock", 1234),
  "containerd.service": ("containerd", "/usr/bin/containerd", "/usr/bin/containerd", 1101),
  "cri-docker.service": ("cri-dockerd", "/usr/bin/cri-dockerd", "/usr/bin/cri-dockerd --container-runtime-endpoint fd:// --network-plugin=cni --pod-infra-container-image=registry.k8s.io/pause:3.9", 1530),
}

entries = []
def add(t, msg, unit):
    c, exe, cmd, pid = units[unit]
    entries.append({"t": t, "MESSAGE": msg, "PRIORITY": "6", "_TRANSPORT": "stdout",
                    "_SYSTEMD_UNIT": unit, "_SYSTEMD_CGROUP": "/system.slice/" + unit,
                    "_SYSTEMD_SLICE": "system.slice", "_COMM": c, "_EXE": exe, "_CMDLINE": cmd,
                    "SYSLOG_IDENTIFIER": c, "_PID": str(pid), "SYSLOG_FACILITY": "3"})

D = lambda hh, mm, ss, us: datetime(2024, 9, 14, hh, mm, ss, us, tzinfo=CST)
def gots(dt):   # logrus RFC3339NanoFixed, as dockerd/containerd print it
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%09d" % (dt.microsecond * 1000 + 300) + "+08:00"
def klog(dt, sev, file_line, body):   # klog header: Lmmdd hh:mm:ss.uuuuuu, pid right-aligned in 7 columns
    return "%s%s %s %7d %s] %s" % (sev, dt.strftime("%m%d"), dt.strftime("%H:%M:%S.%f"), 1789, file_line, body)

def routine_exit(t_event, cid):
    """dockerd task-delete event, then containerd's routine shim-disconnect trio 3 ms later."""
    add(t_event, 'time="%s" level=info msg="ignoring event" container=%s module=libcontainerd namespace=moby topic=/tasks/delete type="*events.TaskDelete"' % (gots(t_event), cid), "docker.service")
    t1 = t_event + timedelta(microseconds=3000)
    add(t1, 'time="%s" level=info msg="shim disconnected" id=%s namespace=moby' % (gots(t1), cid), "containerd.service")
    t2 = t1 + timedelta(microseconds=212)
    add(t2, 'time="%s" level=warning msg="cleaning up after shim disconnected" id=%s namespace=moby' % (gots(t2), cid), "containerd.service")
    t3 = t2 + timedelta(microseconds=606)
    add(t3, 'time="%s" level=info msg="cleaning up dead shim" namespace=moby' % gots(t3), "containerd.service")

# kubelet: pod deleted through the API, app container killed with the grace period
t = D(11, 39, 2, 118734)
add(t, klog(D(11, 39, 2, 118431), "I", "kubelet.go:2430", '"SyncLoop DELETE" source="api" pods=["default/hostport-app-0"]'), "kubelet.service")
t = D(11, 39, 2, 241907)
add(t, klog(D(11, 39, 2, 241622), "I", "kuberuntime_container.go:742",
            '"Killing container with a grace period" pod="default/hostport-app-0" podUID=%s containerName="app" containerID="docker://%s" gracePeriod=30' % (POD_UID_OLD, APP)), "kubelet.service")
# the app container exits, then the sandbox (after cri-dockerd's TearDownPod, which logs nothing)
routine_exit(D(11, 39, 33, 100200), APP)
routine_exit(D(11, 39, 35, 417553), SANDBOX_OLD)
t = D(11, 39, 36, 52388)
add(t, klog(D(11, 39, 36, 52104), "I", "kubelet.go:2424", '"SyncLoop REMOVE" source="api" pods=["default/hostport-app-0"]'), "kubelet.service")
# the redeployed pod's sandbox starts (docker was never stopped)
t = D(11, 45, 12, 664019)
add(t, 'time="%s" level=info msg="Will attempt to re-write config file /var/lib/docker/containers/%s/resolv.conf as [nameserver 10.96.0.10 search default.svc.cluster.local svc.cluster.local cluster.local options ndots:5]"' % (t.strftime("%Y-%m-%dT%H:%M:%S+08:00"), SANDBOX_NEW), "cri-docker.service")
t = D(11, 45, 13, 2741)
add(t, klog(D(11, 45, 13, 2410), "I", "kubelet.go:2461",
            '"SyncLoop (PLEG): event for pod" pod="default/hostport-app-0" event={"ID":"%s","Type":"ContainerStarted","Data":"%s"}' % (POD_UID_NEW, SANDBOX_NEW)), "kubelet.service")

entries.sort(key=lambda e: e["t"])

def field(k, v):
    if isinstance(v, str):
        v = v.encode("utf-8")
    return k.encode() + b"=" + v + b"\n"      # all values here are printable UTF-8, single line

expected = []
with open(out_export, "wb") as f:
    for i, e in enumerate(entries, start=1):
        rt, mono = usec(e["t"]), usec(e["t"]) - usec(BOOT_AT)
        fields = [("__REALTIME_TIMESTAMP", str(rt)), ("__MONOTONIC_TIMESTAMP", str(mono)), ("_BOOT_ID", BOOT_ID),
                  ("PRIORITY", e["PRIORITY"]), ("SYSLOG_FACILITY", e["SYSLOG_FACILITY"]),
                  ("SYSLOG_IDENTIFIER", e["SYSLOG_IDENTIFIER"]), ("_UID", "0"), ("_GID", "0"),
                  ("_CAP_EFFECTIVE", "1fffffffff"), ("_SELINUX_CONTEXT", "system_u:system_r:unconfined_service_t:s0"),
                  ("_MACHINE_ID", MACHINE_ID), ("_HOSTNAME", HOST), ("_TRANSPORT", e["_TRANSPORT"])]
        for k in ("_PID", "_COMM", "_EXE", "_CMDLINE", "_SYSTEMD_CGROUP", "_SYSTEMD_UNIT", "_SYSTEMD_SLICE"):
            fields.append((k, e[k]))
        fields.append(("MESSAGE", e["MESSAGE"]))
        for k, v in fields:
            f.write(field(k, v))
        f.write(b"\n")
        expected.append({"__REALTIME_TIMESTAMP": str(rt), "__MONOTONIC_TIMESTAMP": str(mono), "_BOOT_ID": BOOT_ID,
                         "MESSAGE_hex": e["MESSAGE"].encode().hex(), "local_time": e["t"].isoformat(timespec="microseconds")})
json.dump(expected, open(out_expected, "w"), indent=1)
print("%d entries" % len(entries), file=sys.stderr)
PY

# ---------------------------------------------------------------- 2. binary journal
J=$WORK/centos79.journal
lab_export_to_journal "$OUT/scenario.export" "$J" "$SCEN_MACHINE_ID" "$OUT"

# ---------------------------------------------------------------- 3. rendering (sos file name)
env TZ=Asia/Shanghai LC_ALL=C SYSTEMD_COLORS=0 "$JOURNALCTL" --file="$J" --no-pager -o short > "$OUT/journalctl_--no-pager"

# ---------------------------------------------------------------- 4. round trip
TZ=Asia/Shanghai "$JOURNALCTL" --file="$J" --no-pager -a -o json > "$WORK/all.json"
python3 - "$OUT/scenario.expected.json" "$WORK/all.json" > "$OUT/verify.txt" <<'PY'
import json, sys
exp = json.load(open(sys.argv[1]))
got = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
fail = len(exp) != len(got)
print("entries: generated %d, read back %d" % (len(exp), len(got)))
for i, (e, g) in enumerate(zip(exp, got), 1):
    probs = [k for k in ("__REALTIME_TIMESTAMP", "__MONOTONIC_TIMESTAMP", "_BOOT_ID") if e[k] != g.get(k)]
    if g["MESSAGE"].encode().hex() != e["MESSAGE_hex"]: probs.append("MESSAGE")
    print("%s entry %2d %s %s" % ("FAIL" if probs else "PASS", i, e["local_time"], ",".join(probs)))
    fail |= bool(probs)
print("RESULT:", "FAIL" if fail else "PASS")
sys.exit(fail)
PY
grep '^RESULT' "$OUT/verify.txt"
