#!/usr/bin/env bash
# make-reboot-journal.sh OUTDIR
#
# Journals of the bundles samples/rules/lease-outlived-reboot/positive (the node rebooted while pod A's sandbox
# fb7cdb0a... was running) and samples/rules/lease-outlived-reboot/negative (the same lines, docker stopped
# and started again without a reboot), node centos79 (Asia/Shanghai, 2024-09-14) as the demo bundle.
#
# Boot 7d4b2e91...: pod A's sandbox starts (cri-dockerd resolv.conf line, kubelet PLEG ContainerStarted); at
# 11:39:42 systemd stops docker (dockerd "Processing signal 'terminated'"), A's shim disconnects with no task delete,
# "Daemon shutdown complete", "Stopped". With the reboot, boot 5c0e4b2a... follows: the CentOS 7.9 kernel banner,
# journald's "Journal started", docker starts, and pod A's new sandbox 0961bad2... starts. Without it, the same
# entries after the stop stay in boot 7d4b2e91... and the kernel and journald lines are left out.
#
# Same method as make-clean-teardown-journal.sh / /work/shared/tools/make-journal.sh:
#   1. python3 writes the entries as Journal Export Format streams (OUTDIR/<variant>/scenario.export)
#   2. the real systemd-journal-remote turns each into a binary journal file (machine-id bind-mounted when root)
#   3. the real journalctl renders it: TZ=Asia/Shanghai LC_ALL=C journalctl --file=<journal> --no-pager -o short
#      -> OUTDIR/<variant>/journalctl_--no-pager, and the reboot journal in the other modes -> OUTDIR/reboot/renderings/
#   4. round-trip check of timestamps, boot ids and MESSAGE bytes -> OUTDIR/<variant>/verify.txt
# Where the texts come from: every daemon line is a line of the demo bundle's journal
# (/work/shared/reference/real-outputs/journal/scenario.export) or of samples/variants/clean-teardown, with pod A's
# sandbox id where the original names pod B's; the kernel banner is CentOS 7.9's as quoted from a real
# /var/log/messages (code index file 34067364929); "Journal started" is journald's own text (src/journal/journald.c).
set -euo pipefail
umask 022
OUT=${1:?usage: $0 OUTDIR}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)

. "$(dirname "$0")/_lab.sh"
lab_journal_tools
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rebootjournal.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
SCEN_MACHINE_ID=3c1f0e6a8b2d4f7e9a5c1b3d5e7f9a2b

for VARIANT in reboot noreboot; do
mkdir -p "$OUT/$VARIANT"
python3 - "$OUT/$VARIANT/scenario.export" "$OUT/$VARIANT/scenario.expected.json" "$SCEN_MACHINE_ID" "$VARIANT" <<'PY'
import json, sys
from datetime import datetime, timezone, timedelta

out_export, out_expected, MACHINE_ID, VARIANT = sys.argv[1:5]
CST = timezone(timedelta(hours=8))
HOST = "centos79"
BOOT1, BOOT1_AT = "7d4b2e91c0a34f6f8e2d1a5b9c3e7f10", datetime(2024, 9, 2, 8, 12, 33, 417201, tzinfo=CST)
BOOT2, BOOT2_AT = "5c0e4b2a9d7f41e8b3a6c1d0e9f87a21", datetime(2024, 9, 14, 11, 41, 8, 200113, tzinfo=CST)
A = "fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138"
B = "0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2"
POD_UID_A, POD_UID_B = "6f0a3c2e-5b1d-4c7a-9e8f-2d4b6a8c0e1f", "0b9d7e5c-3a1f-4e2d-8c6b-9f0e1d2c3b4a"
REBOOT = VARIANT == "reboot"

def usec(dt):
    return int(dt.timestamp()) * 1000000 + dt.microsecond

units = {  # unit -> (comm, exe, cmdline, pid in boot 1, pid in boot 2)   (as in make-journal.sh)
  "kubelet.service":    ("kubelet", "/usr/bin/kubelet", "/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/cri-dockerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9", 1789, 1012),
  "docker.service":     ("dockerd", "/usr/bin/dockerd", "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock", 1234, 1187),
  "containerd.service": ("containerd", "/usr/bin/containerd", "/usr/bin/containerd", 1101, 998),
  "cri-docker.service": ("cri-dockerd", "/usr/bin/cri-dockerd", "/usr/bin/cri-dockerd --container-runtime-endpoint fd:// --network-plugin=cni --pod-infra-container-image=registry.k8s.io/pause:3.9", 1530, 1240),
}
entries = []
def boot_of(t):
    return (BOOT2, BOOT2_AT) if REBOOT and t >= BOOT2_AT else (BOOT1, BOOT1_AT)
def add(t, msg, unit, transport="stdout"):
    c, exe, cmd, pid1, pid2 = units[unit]
    pid = pid2 if boot_of(t)[0] == BOOT2 else pid1
    entries.append({"t": t, "MESSAGE": msg, "PRIORITY": "6", "_TRANSPORT": transport, "_SYSTEMD_UNIT": unit,
                    "_SYSTEMD_CGROUP": "/system.slice/" + unit, "_SYSTEMD_SLICE": "system.slice", "_COMM": c,
                    "_EXE": exe, "_CMDLINE": cmd, "SYSLOG_IDENTIFIER": c, "_PID": str(pid), "SYSLOG_FACILITY": "3"})
def systemd(t, msg, unit):
    # PID 1's job lines, as in the demo journal (UNIT= names the unit, _SYSTEMD_UNIT is absent)
    entries.append({"t": t, "MESSAGE": msg, "PRIORITY": "6", "_TRANSPORT": "journal", "UNIT": unit, "_COMM": "systemd",
                    "_EXE": "/usr/lib/systemd/systemd", "_CMDLINE": "/usr/lib/systemd/systemd --switched-root --system --deserialize 22",
                    "SYSLOG_IDENTIFIER": "systemd", "_PID": "1", "SYSLOG_FACILITY": "3", "_SYSTEMD_CGROUP": "/"})
def kernel(t, msg):
    entries.append({"t": t, "MESSAGE": msg, "PRIORITY": "5", "_TRANSPORT": "kernel", "SYSLOG_IDENTIFIER": "kernel", "SYSLOG_FACILITY": "0"})
def journald(t, msg):
    entries.append({"t": t, "MESSAGE": msg, "PRIORITY": "6", "_TRANSPORT": "driver", "_COMM": "systemd-journal",
                    "_EXE": "/usr/lib/systemd/systemd-journald", "_CMDLINE": "/usr/lib/systemd/systemd-journald",
                    "SYSLOG_IDENTIFIER": "systemd-journald", "_PID": "312", "SYSLOG_FACILITY": "3",
                    "_SYSTEMD_UNIT": "systemd-journald.service", "_SYSTEMD_CGROUP": "/system.slice/systemd-journald.service", "_SYSTEMD_SLICE": "system.slice"})

D = lambda hh, mm, ss, us: datetime(2024, 9, 14, hh, mm, ss, us, tzinfo=CST)
def gots(dt):   # logrus RFC3339NanoFixed, as dockerd/containerd print it
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%09d" % (dt.microsecond * 1000 + 387) + "+08:00"
def klog(dt, sev, file_line, body, pid):
    return "%s%s %s %7d %s] %s" % (sev, dt.strftime("%m%d"), dt.strftime("%H:%M:%S.%f"), pid, file_line, body)
def resolv(dt, sid):
    return 'time="%s" level=info msg="Will attempt to re-write config file /var/lib/docker/containers/%s/resolv.conf as [nameserver 10.96.0.10 search default.svc.cluster.local svc.cluster.local cluster.local options ndots:5]"' % (dt.strftime("%Y-%m-%dT%H:%M:%S+08:00"), sid)
def pleg(dt, uid, sid, pid):
    return klog(dt, "I", "kubelet.go:2461", '"SyncLoop (PLEG): event for pod" pod="default/hostport-app-0" event={"ID":"%s","Type":"ContainerStarted","Data":"%s"}' % (uid, sid), pid)

# boot 1: pod A's sandbox starts
t = D(11, 20, 5, 318004); add(t, resolv(t, A), "cri-docker.service")
t = D(11, 20, 6, 702215); add(t, pleg(D(11, 20, 6, 701932), POD_UID_A, A, 1789), "kubelet.service")
# docker is stopped while A runs: its shim goes with no task delete
t = D(11, 39, 42, 12004); systemd(t, "Stopping Docker Application Container Engine...", "docker.service")
t = D(11, 39, 42, 15893); add(t, 'time="%s" level=info msg="Processing signal \'terminated\'"' % gots(t), "docker.service")
t = D(11, 39, 43, 530117); add(t, 'time="%s" level=info msg="shim disconnected" id=%s namespace=moby' % (gots(t), A), "containerd.service")
t = D(11, 39, 45, 2210); add(t, 'time="%s" level=info msg="Daemon shutdown complete"' % gots(t), "docker.service")
t = D(11, 39, 45, 64455); systemd(t, "Stopped Docker Application Container Engine.", "docker.service")
if REBOOT:
    # boot 2: the kernel banner (CentOS 7.9), journald starts
    kernel(BOOT2_AT, "Linux version 3.10.0-1160.el7.x86_64 (mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5 20150623 (Red Hat 4.8.5-44) (GCC) ) #1 SMP Mon Oct 19 16:18:59 UTC 2020")
    journald(D(11, 41, 10, 911302), "Journal started")
# docker starts again (at boot, or by hand), and pod A's new sandbox starts
t = D(11, 42, 1, 301822); systemd(t, "Starting Docker Application Container Engine...", "docker.service")
t = D(11, 42, 1, 912640); add(t, 'time="%s" level=info msg="Starting up"' % gots(t), "docker.service")
t = D(11, 42, 3, 118277); add(t, 'time="%s" level=info msg="API listen on /run/docker.sock"' % gots(t), "docker.service")
t = D(11, 42, 3, 120905); systemd(t, "Started Docker Application Container Engine.", "docker.service")
t = D(11, 45, 12, 664019); add(t, resolv(t, B), "cri-docker.service")
t = D(11, 45, 13, 2741); add(t, pleg(D(11, 45, 13, 2410), POD_UID_B, B, 1012 if REBOOT else 1789), "kubelet.service")

entries.sort(key=lambda e: e["t"])
def field(k, v):
    return k.encode() + b"=" + v.encode("utf-8") + b"\n"
expected = []
with open(out_export, "wb") as f:
    for e in entries:
        boot, boot_at = boot_of(e["t"])
        rt, mono = usec(e["t"]), usec(e["t"]) - usec(boot_at)
        fields = [("__REALTIME_TIMESTAMP", str(rt)), ("__MONOTONIC_TIMESTAMP", str(mono)), ("_BOOT_ID", boot),
                  ("PRIORITY", e["PRIORITY"]), ("SYSLOG_FACILITY", e["SYSLOG_FACILITY"]), ("SYSLOG_IDENTIFIER", e["SYSLOG_IDENTIFIER"])]
        if e["_TRANSPORT"] != "kernel":
            fields += [("_UID", "0"), ("_GID", "0"), ("_CAP_EFFECTIVE", "1fffffffff")]
        fields += [("_SELINUX_CONTEXT", "system_u:system_r:kernel_t:s0" if e["_TRANSPORT"] == "kernel" else "system_u:system_r:unconfined_service_t:s0"),
                   ("_MACHINE_ID", MACHINE_ID), ("_HOSTNAME", HOST), ("_TRANSPORT", e["_TRANSPORT"])]
        for k in ("UNIT", "_PID", "_COMM", "_EXE", "_CMDLINE", "_SYSTEMD_CGROUP", "_SYSTEMD_UNIT", "_SYSTEMD_SLICE"):
            if k in e: fields.append((k, e[k]))
        fields.append(("MESSAGE", e["MESSAGE"]))
        for k, v in fields: f.write(field(k, v))
        f.write(b"\n")
        expected.append({"__REALTIME_TIMESTAMP": str(rt), "__MONOTONIC_TIMESTAMP": str(mono), "_BOOT_ID": boot,
                         "MESSAGE_hex": e["MESSAGE"].encode().hex(), "local_time": e["t"].isoformat(timespec="microseconds")})
json.dump(expected, open(out_expected, "w"), indent=1)
print("%s: %d entries" % (VARIANT, len(entries)), file=sys.stderr)
PY

J=$WORK/$VARIANT.journal
lab_export_to_journal "$OUT/$VARIANT/scenario.export" "$J" "$SCEN_MACHINE_ID" "$OUT/$VARIANT"
env TZ=Asia/Shanghai LC_ALL=C SYSTEMD_COLORS=0 "$JOURNALCTL" --file="$J" --no-pager -o short > "$OUT/$VARIANT/journalctl_--no-pager"
if [ "$VARIANT" = reboot ]; then
  mkdir -p "$OUT/reboot/renderings"
  for MODE in short-iso short-precise short-monotonic verbose json json-pretty export cat; do
    env TZ=Asia/Shanghai LC_ALL=C SYSTEMD_COLORS=0 "$JOURNALCTL" --file="$J" --no-pager -a -o $MODE > "$OUT/reboot/renderings/journalctl_-a_-o_$MODE"
  done
  env TZ=Asia/Shanghai LC_ALL=C SYSTEMD_COLORS=0 "$JOURNALCTL" --file="$J" --no-pager --list-boots > "$OUT/reboot/renderings/journalctl_--list-boots"
fi
TZ=Asia/Shanghai "$JOURNALCTL" --file="$J" --no-pager -a -o json > "$WORK/all.json"
python3 - "$OUT/$VARIANT/scenario.expected.json" "$WORK/all.json" > "$OUT/$VARIANT/verify.txt" <<'PY'
import json, sys
exp = json.load(open(sys.argv[1]))
got = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
fail = len(exp) != len(got)
print("entries: generated %d, read back %d" % (len(exp), len(got)))
for i, (e, g) in enumerate(zip(exp, got), 1):
    probs = [k for k in ("__REALTIME_TIMESTAMP", "__MONOTONIC_TIMESTAMP", "_BOOT_ID") if e[k] != g.get(k)]
    if g["MESSAGE"].encode().hex() != e["MESSAGE_hex"]: probs.append("MESSAGE")
    print("%s entry %2d %s %s %s" % ("FAIL" if probs else "PASS", i, e["local_time"], e["_BOOT_ID"][:8], ",".join(probs)))
    fail |= bool(probs)
print("RESULT:", "FAIL" if fail else "PASS")
sys.exit(fail)
PY
grep '^RESULT' "$OUT/$VARIANT/verify.txt"
done
