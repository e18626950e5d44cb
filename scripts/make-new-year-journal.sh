#!/usr/bin/env bash
# make-new-year-journal.sh OUTDIR
#
# A journal that crosses New Year's Eve, made by the real programs (as ../shared/tools/make-journal.sh does):
# 1. writes a Journal Export Format stream (OUTDIR/scenario.export) of 14 entries on host "sha-node-7",
#    2024-12-31 23:59:50 → 2025-01-01 00:00:10 +08:00 (Asia/Shanghai): kubelet klog lines (stdout transport, one
#    entry per line, so its `err=<` block is split over four entries), dockerd/containerd logrus lines with
#    time="…+08:00", PID 1 unit messages and a multi-line logger message (binary field form in the stream);
# 2. builds a binary journal with `systemd-journal-remote` (in a private mount namespace with the scenario's
#    machine-id bind-mounted, when run as root, so the file header names the scenario host);
# 3. renders it with `journalctl --file=… --no-pager` under TZ=Asia/Shanghai LC_ALL=C.UTF-8:
#    OUTDIR/input (`-o short`, year-less: the New Year test input) and OUTDIR/renderings/journalctl_<args>
#    (every other output mode, and `-u kubelet.service -o cat`);
# 4. checks that realtime timestamps and MESSAGE bytes survived (OUTDIR/verify.txt).
#
# Needs: python3, systemd-journal-remote (apt-get install systemd-journal-remote), journalctl, xz.
# Re-run: scripts/make-new-year-journal.sh samples/formats/journal-modes/new-year
set -euo pipefail
umask 022
OUT=${1:?usage: $0 OUTDIR}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)

. "$(dirname "$0")/_lab.sh"
lab_journal_tools

WORK=$(mktemp -d "${TMPDIR:-/tmp}/newyear.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# ------------------------------------------------------------------ 1. export stream
MACHINE_ID=5b7e2c90d41f4a3e8c6d0f1a2b3c4d5e
python3 - "$OUT/scenario.export" "$OUT/scenario.expected.json" "$MACHINE_ID" <<'PY'
import json, struct, sys
from datetime import datetime, timezone, timedelta

out_export, out_expected, MACHINE_ID = sys.argv[1], sys.argv[2], sys.argv[3]
CST = timezone(timedelta(hours=8))
HOST = "sha-node-7"
BOOT_ID = "e1c4a7b20d9f4e6a8b3c5d7e9f0a1b2c"
SEQNUM_ID = "9a8b7c6d5e4f40312a1b2c3d4e5f6a7b"
BOOT_AT = datetime(2024, 12, 20, 9, 0, 4, 250001, tzinfo=CST)
OLD = "3f5d8e1a9b7c4d2e6f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e"
NEW = "c2e4a6b8d0f1e3c5a7b9d1f3e5c7a9b1d3f5e7c9a1b3d5f7e9c1a3b5d7f9e1c3"

units = {
  "kubelet.service": ("kubelet", "/usr/bin/kubelet", "/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/cri-dockerd.sock", 2211),
  "docker.service": ("dockerd", "/usr/bin/dockerd", "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock", 1302),
  "containerd.service": ("containerd", "/usr/bin/containerd", "/usr/bin/containerd", 1188),
}
entries = []
def add(t, msg, unit=None, pid=None, transport="stdout", extra=None):
    e = {"t": t, "MESSAGE": msg, "PRIORITY": "6", "_TRANSPORT": transport}
    if unit in units:
        comm, exe, cmd, upid = units[unit]
        e.update({"_SYSTEMD_UNIT": unit, "_SYSTEMD_CGROUP": "/system.slice/" + unit, "_SYSTEMD_SLICE": "system.slice",
                  "_COMM": comm, "_EXE": exe, "_CMDLINE": cmd, "SYSLOG_IDENTIFIER": comm, "_PID": str(pid or upid), "SYSLOG_FACILITY": "3"})
    if extra: e.update(extra)
    entries.append(e)

def T(y, mo, d, h, mi, s, us): return datetime(y, mo, d, h, mi, s, us, tzinfo=CST)
def gots(dt): return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%09d" % (dt.microsecond * 1000 + 211) + "+08:00"
def klog(level, dt, pid, src, body): return "%s%s %s.%06d    %d %s] %s" % (level, dt.strftime("%m%d"), dt.strftime("%H:%M:%S"), max(dt.microsecond - 230, 0), pid, src, body)
pid1 = {"SYSLOG_IDENTIFIER": "systemd", "SYSLOG_FACILITY": "3", "_PID": "1", "_COMM": "systemd", "_EXE": "/usr/lib/systemd/systemd",
        "_CMDLINE": "/usr/lib/systemd/systemd --switched-root --system --deserialize 22", "_SYSTEMD_CGROUP": "/", "UNIT": "docker.service"}

t = T(2024, 12, 31, 23, 59, 50, 104233)
add(t, klog("I", t, 2211, "kubelet.go:2430", '"SyncLoop DELETE" source="api" pods=["default/newyear-app-0"]'), "kubelet.service")
t = T(2024, 12, 31, 23, 59, 51, 201877)
add(t, 'time="%s" level=info msg="shim disconnected" id=%s namespace=moby' % (gots(t), OLD), "containerd.service")
t = T(2024, 12, 31, 23, 59, 51, 202530)
add(t, 'time="%s" level=info msg="ignoring event" container=%s module=libcontainerd namespace=moby topic=/tasks/delete type="*events.TaskDelete"' % (gots(t), OLD), "docker.service")
t = T(2024, 12, 31, 23, 59, 53, 640112)
add(t, "upgrade-docker: stopping docker for the 2025 package upgrade\n● docker.service - Docker Application Container Engine\n   Active: active (running) since Fri 2024-12-20 09:01:12 CST; 1 weeks 4 days ago",
    transport="syslog", extra={"SYSLOG_IDENTIFIER": "upgrade-docker", "SYSLOG_FACILITY": "1", "_PID": "30517", "_COMM": "logger",
    "_EXE": "/usr/bin/logger", "_CMDLINE": "logger -t upgrade-docker", "_SYSTEMD_UNIT": "session-88.scope", "_SYSTEMD_CGROUP": "/user.slice/user-0.slice/session-88.scope"})
t = T(2024, 12, 31, 23, 59, 54, 3981)
add(t, "Stopping Docker Application Container Engine...", transport="journal", extra=dict(pid1, MESSAGE_ID="de5b426a63be47a7b6ac3eaac82e2f6f"))
t = T(2024, 12, 31, 23, 59, 54, 7020)
add(t, 'time="%s" level=info msg="Processing signal \'terminated\'"' % gots(t), "docker.service")
# kubelet's multi-line err=< block: one journal entry per line of its stdout (same identifier and PID)
t = T(2024, 12, 31, 23, 59, 58, 918004)
add(t, klog("E", t, 2211, "log.go:32", '"StopPodSandbox from runtime service failed" err=<'), "kubelet.service")
add(T(2024, 12, 31, 23, 59, 58, 918031), "\trpc error: code = Unknown desc = failed to stop sandbox %s: Cannot connect to the Docker daemon at unix:///var/run/docker.sock." % OLD, "kubelet.service")
add(T(2024, 12, 31, 23, 59, 58, 918040), "\tIs the docker daemon running?", "kubelet.service")
add(T(2024, 12, 31, 23, 59, 58, 918049), " > podSandboxID=\"%s\"" % OLD, "kubelet.service")
t = T(2025, 1, 1, 0, 0, 1, 500306)
add(t, 'time="%s" level=info msg="Daemon shutdown complete"' % gots(t), "docker.service")
t = T(2025, 1, 1, 0, 0, 1, 560120)
add(t, "Stopped Docker Application Container Engine.", transport="journal", extra=dict(pid1, MESSAGE_ID="9d1aaa27d60140bd96365438aad20286"))
t = T(2025, 1, 1, 0, 0, 5, 77215)
add(t, 'time="%s" level=info msg="Starting up"' % gots(t), "docker.service", pid=31044)
t = T(2025, 1, 1, 0, 0, 10, 4118)
add(t, klog("I", t, 2211, "kubelet.go:2461", '"SyncLoop (PLEG): event for pod" pod="default/newyear-app-0" event={"ID":"8e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b","Type":"ContainerStarted","Data":"%s"}' % NEW), "kubelet.service")

def usec(dt): return int(dt.timestamp()) * 1000000 + dt.microsecond
def printable(b):
    try: s = b.decode("utf-8")
    except UnicodeDecodeError: return False
    return not any((ord(c) < 32 and c != "\t") or 0x7f <= ord(c) <= 0x9f for c in s)
def field(k, v):
    v = v.encode("utf-8") if isinstance(v, str) else v
    return (k.encode() + b"=" + v + b"\n") if printable(v) else (k.encode() + b"\n" + struct.pack("<Q", len(v)) + v + b"\n")

expected = []
with open(out_export, "wb") as f:
    for i, e in enumerate(entries, start=1):
        rt, mono = usec(e["t"]), usec(e["t"]) - usec(BOOT_AT)
        fields = [("__CURSOR", "s=%s;i=%x;b=%s;m=%x;t=%x;x=%016x" % (SEQNUM_ID, i, BOOT_ID, mono, rt, i * 0x9e3779b97f4a7c15 % (1 << 64))),
                  ("__REALTIME_TIMESTAMP", str(rt)), ("__MONOTONIC_TIMESTAMP", str(mono)), ("_BOOT_ID", BOOT_ID)]
        for k in ("PRIORITY", "SYSLOG_FACILITY", "SYSLOG_IDENTIFIER", "MESSAGE_ID", "UNIT"):
            if k in e: fields.append((k, e[k]))
        fields += [("_UID", "0"), ("_GID", "0"), ("_MACHINE_ID", MACHINE_ID), ("_HOSTNAME", HOST), ("_TRANSPORT", e["_TRANSPORT"])]
        for k in ("_PID", "_COMM", "_EXE", "_CMDLINE", "_SYSTEMD_CGROUP", "_SYSTEMD_UNIT", "_SYSTEMD_SLICE"):
            if k in e: fields.append((k, e[k]))
        fields.append(("MESSAGE", e["MESSAGE"]))
        for k, v in fields: f.write(field(k, v))
        f.write(b"\n")
        expected.append({"__REALTIME_TIMESTAMP": str(rt), "local_time": e["t"].isoformat(timespec="microseconds"),
                         "MESSAGE_hex": e["MESSAGE"].encode().hex(), "ident": e.get("SYSLOG_IDENTIFIER"), "pid": e.get("_PID")})
json.dump(expected, open(out_expected, "w"), indent=1)
print("%d entries" % len(entries), file=sys.stderr)
PY

# ------------------------------------------------------------------ 2. binary journal
J=$WORK/sha-node-7.journal
lab_export_to_journal "$OUT/scenario.export" "$J" "$MACHINE_ID" "$OUT"

# ------------------------------------------------------------------ 3. renderings
jc() { # output file, journalctl args...
  local out=$1; shift
  env TZ=Asia/Shanghai LC_ALL=C.UTF-8 SYSTEMD_COLORS=0 "$JOURNALCTL" --file="$J" --no-pager "$@" > "$out"
}
jc "$OUT/input" -o short
mkdir -p "$OUT/renderings"
for mode in short-iso short-iso-precise short-precise short-full short-monotonic short-unix \
            with-unit verbose export json json-pretty json-seq cat; do
  jc "$OUT/renderings/journalctl_-o_$mode" -o "$mode"
done
jc "$OUT/renderings/journalctl_--no-pager_-u_kubelet.service_-o_cat" -u kubelet.service -o cat

# ------------------------------------------------------------------ 4. verification
TZ=Asia/Shanghai "$JOURNALCTL" --file="$J" --no-pager -a -o json > "$WORK/all.json"
python3 - "$OUT/scenario.expected.json" "$WORK/all.json" > "$OUT/verify.txt" <<'PY'
import json, sys
exp = json.load(open(sys.argv[1]))
got = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
fail = len(exp) != len(got)
print("entries: generated %d, read back %d" % (len(exp), len(got)))
for i, (e, g) in enumerate(zip(exp, got), 1):
    m = g["MESSAGE"]
    ok = e["__REALTIME_TIMESTAMP"] == g["__REALTIME_TIMESTAMP"] and (bytes(m) if isinstance(m, list) else m.encode()).hex() == e["MESSAGE_hex"]
    print("%s entry %2d %s" % ("PASS" if ok else "FAIL", i, e["local_time"]))
    fail |= not ok
print("RESULT:", "FAIL" if fail else "PASS")
sys.exit(1 if fail else 0)
PY
grep '^RESULT' "$OUT/verify.txt"
