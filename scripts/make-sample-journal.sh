#!/usr/bin/env bash
# make-sample-journal.sh OUTDIR [SCENARIO_EXPORT]
#
# Journal of the incident sample (samples/hostport-stale-dnat and its dump-form variants): the 21 entries of
# /work/shared/reference/real-outputs/journal/scenario.export, byte for byte, plus the start lines a real node's
# journal carries and that scenario lacks, so that the report can name the versions that ran:
#
#   2024-09-02 (the node's boot, BOOT_AT of make-journal.sh; `systemctl status docker` in entry 4 says docker was
#   active since Mon 2024-09-02 08:13:10 CST) — each daemon's start line, under the PID the scenario gives it:
#     containerd[1101]  "starting containerd" revision=… version=1.6.33     (containerd.io 1.6.33, CentOS 7 package)
#     dockerd[1234]     "Docker daemon" commit=311b9ff graphdriver=overlay2 version=24.0.7
#     cri-dockerd[1530] "Starting cri-dockerd 0.3.14 (683f70f)"             (the last release with a CentOS 7 rpm)
#     kubelet[1789]     server.go:467] "Kubelet version" kubeletVersion="v1.28.13"
#   2024-09-14 11:44:03 — the reinstalled docker's start (deploy.log: "重新安装docker (26.1.4)"), between its
#     "Starting up" and "API listen on /run/docker.sock" (both in the scenario):
#     dockerd[28871]    "Docker daemon" commit=de5c9cf containerd-snapshotter=false storage-driver=overlay2 version=26.1.4
#
# The texts are the upstream format strings at those releases (see samples/hostport-stale-dnat/SOURCE.md for the
# source lines); they are scenario texts, written here, not captured from a node. Storage and rendering are real:
#   1. python3 merges the added entries into a copy of scenario.export in time order (OUTDIR/scenario.export;
#      the original entries keep their exact bytes)
#   2. the real systemd-journal-remote turns it into a binary journal file (lab_export_to_journal)
#   3. the real journalctl renders it as make-journal.sh rendered the original (zh_CN.UTF-8, -o short):
#      TZ=Asia/Shanghai LC_ALL=zh_CN.UTF-8 SYSTEMD_COLORS=0 journalctl --file=<journal> --no-pager -o short
#      -> OUTDIR/journalctl_--no-pager
#   4. round-trip check of timestamps and MESSAGE bytes -> OUTDIR/verify.txt
# Without the added entries step 3 reproduces the original rendering byte for byte (checked: OUTDIR/verify.txt).
# Needs: python3, systemd-journal-remote, journalctl, the zh_CN.UTF-8 locale (Debian: locales-all).
set -euo pipefail
umask 022
OUT=${1:?usage: $0 OUTDIR [SCENARIO_EXPORT]}
SRC=${2:-${SHARED:-/work/shared}/reference/real-outputs/journal/scenario.export}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)

. "$(dirname "$0")/_lab.sh"
lab_journal_tools

WORK=$(mktemp -d "${TMPDIR:-/tmp}/samplejournal.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

SCEN_MACHINE_ID=3c1f0e6a8b2d4f7e9a5c1b3d5e7f9a2b    # the incident journal's host

# ---------------------------------------------------------------- 1. export stream
python3 - "$SRC" "$OUT/scenario.export" "$OUT/scenario.expected.json" "$SCEN_MACHINE_ID" <<'PY'
import json, struct, sys
from datetime import datetime, timezone, timedelta

src, out_export, out_expected, MACHINE_ID = sys.argv[1:5]
CST = timezone(timedelta(hours=8))                  # Asia/Shanghai
HOST = "centos79"
BOOT_ID = "7d4b2e91c0a34f6f8e2d1a5b9c3e7f10"          # the scenario's one boot (make-journal.sh)
BOOT_AT = datetime(2024, 9, 2, 8, 12, 33, 417201, tzinfo=CST)

def usec(dt):
    return int(dt.timestamp()) * 1000000 + dt.microsecond

def parse_export(data):
    """Entries of a Journal Export Format stream as (raw bytes, {field: bytes}); binary fields are
    KEY\\n<le64 length><bytes>\\n, so an entry ends at the first empty line outside a binary value."""
    entries, i, n = [], 0, len(data)
    while i < n:
        start, fields = i, {}
        while i < n and data[i:i + 1] != b"\n":
            nl = data.index(b"\n", i)
            line = data[i:nl]
            if b"=" in line:
                k, v = line.split(b"=", 1)
                i = nl + 1
            else:
                k = line
                size = struct.unpack("<Q", data[nl + 1:nl + 9])[0]
                v = data[nl + 9:nl + 9 + size]
                i = nl + 9 + size + 1
            fields[k.decode()] = v
        i += 1                                        # the empty line closing the entry
        entries.append((data[start:i], fields))
    return entries

units = {  # unit -> (comm, exe, cmdline): as in make-journal.sh
  "kubelet.service":    ("kubelet", "/usr/bin/kubelet", "/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/cri-dockerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9"),
  "docker.service":     ("dockerd", "/usr/bin/dockerd", "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock"),
  "containerd.service": ("containerd", "/usr/bin/containerd", "/usr/bin/containerd"),
  "cri-docker.service": ("cri-dockerd", "/usr/bin/cri-dockerd", "/usr/bin/cri-dockerd --container-runtime-endpoint fd:// --network-plugin=cni --pod-infra-container-image=registry.k8s.io/pause:3.9"),
}

def entry(t, msg, unit, pid):
    """One stdout-transport entry of a unit, with make-journal.sh's fields in its order (no __CURSOR:
    systemd-journal-remote assigns its own)."""
    comm, exe, cmd = units[unit]
    rt, mono = usec(t), usec(t) - usec(BOOT_AT)
    fields = [("__REALTIME_TIMESTAMP", str(rt)), ("__MONOTONIC_TIMESTAMP", str(mono)), ("_BOOT_ID", BOOT_ID),
              ("PRIORITY", "6"), ("SYSLOG_FACILITY", "3"), ("SYSLOG_IDENTIFIER", comm), ("_UID", "0"), ("_GID", "0"),
              ("_CAP_EFFECTIVE", "1fffffffff"), ("_SELINUX_CONTEXT", "system_u:system_r:unconfined_service_t:s0"),
              ("_MACHINE_ID", MACHINE_ID), ("_HOSTNAME", HOST), ("_TRANSPORT", "stdout"), ("_PID", str(pid)),
              ("_COMM", comm), ("_EXE", exe), ("_CMDLINE", cmd), ("_SYSTEMD_CGROUP", "/system.slice/" + unit),
              ("_SYSTEMD_UNIT", unit), ("_SYSTEMD_SLICE", "system.slice"), ("MESSAGE", msg)]
    raw = b"".join(k.encode() + b"=" + v.encode() + b"\n" for k, v in fields) + b"\n"
    return raw, {k: v.encode() for k, v in fields}

def gots(dt, ns=387):   # logrus RFC3339Nano as dockerd/containerd print it (make-journal.sh's 387 ns tail)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%09d" % (dt.microsecond * 1000 + ns) + "+08:00"

B = lambda hh, mm, ss, us: datetime(2024, 9, 2, hh, mm, ss, us, tzinfo=CST)
added = []
# containerd v1.6.33 cmd/containerd/command/main.go:177-180 (fields sorted by logrus: revision, version); Docker's
# containerd.io package sets Version without the "v" (`containerd containerd.io 1.6.33 d2d58213…`).
t = B(8, 13, 2, 614471)
added.append(entry(t, 'time="%s" level=info msg="starting containerd" revision=d2d58213f83a351ca8f528a95fbd145f5654e957 version=1.6.33' % gots(t), "containerd.service", 1101))
# moby v24.0.7 daemon/daemon.go:1159-1163 (commit, graphdriver, version); docker-ce sets GitCommit to 7 hex digits.
t = B(8, 13, 10, 287530)
added.append(entry(t, 'time="%s" level=info msg="Docker daemon" commit=311b9ff graphdriver=overlay2 version=24.0.7' % gots(t), "docker.service", 1234))
# cri-dockerd v0.3.14 cmd/server.go:147 `logrus.Infof("Starting %s %s", version.PlatformName, version.FullVersion())`,
# FullVersion = Version + " (" + GitCommit + ")", GitCommit = `git log -1 --pretty='%h'` (Makefile).
t = B(8, 13, 11, 502214)
added.append(entry(t, 'time="%s" level=info msg="Starting cri-dockerd 0.3.14 (683f70f)"' % t.strftime("%Y-%m-%dT%H:%M:%S+08:00"), "cri-docker.service", 1530))
# kubernetes cmd/kubelet/app/server.go Run: klog.InfoS("Kubelet version", "kubeletVersion", version.Get()), line 467
# in the 1.28 series; klog header Lmmdd hh:mm:ss.uuuuuu, pid right-aligned in 7 columns.
t = B(8, 13, 13, 402377)
added.append(entry(t, 'I0902 08:13:13.402118    1789 server.go:467] "Kubelet version" kubeletVersion="v1.28.13"', "kubelet.service", 1789))
# moby v26.1.4 daemon/daemon.go:1247-1252 (commit, containerd-snapshotter, storage-driver, version).
t = datetime(2024, 9, 14, 11, 44, 3, 71406, tzinfo=CST)
added.append(entry(t, 'time="%s" level=info msg="Docker daemon" commit=de5c9cf containerd-snapshotter=false storage-driver=overlay2 version=26.1.4' % gots(t), "docker.service", 28871))

original = parse_export(open(src, "rb").read())
rt = lambda e: int(e[1]["__REALTIME_TIMESTAMP"])
merged = sorted(original + added, key=rt)            # stable: the original order among equal times
with open(out_export, "wb") as f:
    for raw, _ in merged:
        f.write(raw)
json.dump([{"__REALTIME_TIMESTAMP": e[1]["__REALTIME_TIMESTAMP"].decode(), "__MONOTONIC_TIMESTAMP": e[1]["__MONOTONIC_TIMESTAMP"].decode(),
            "_BOOT_ID": e[1]["_BOOT_ID"].decode(), "MESSAGE_hex": e[1]["MESSAGE"].hex(), "added": any(e is a for a in added)} for e in merged],
          open(out_expected, "w"), indent=1)
print("%d entries (%d original, %d added)" % (len(merged), len(original), len(added)), file=sys.stderr)
PY

# ---------------------------------------------------------------- 2. binary journals (the original, as a check, and the sample's)
render() { env TZ=Asia/Shanghai LC_ALL=zh_CN.UTF-8 SYSTEMD_COLORS=0 "$JOURNALCTL" --file="$1" --no-pager -o short; }
mkdir -p "$WORK/orig"
lab_export_to_journal "$SRC" "$WORK/orig.journal" "$SCEN_MACHINE_ID" "$WORK/orig"
J=$WORK/centos79.journal
lab_export_to_journal "$OUT/scenario.export" "$J" "$SCEN_MACHINE_ID" "$OUT"

# ---------------------------------------------------------------- 3. rendering (sos file name)
render "$J" > "$OUT/journalctl_--no-pager"

# ---------------------------------------------------------------- 4. checks
ORIG_RENDERING=$(dirname "$SRC")/renderings/journalctl_-o_short.zh_CN.UTF-8
TZ=Asia/Shanghai "$JOURNALCTL" --file="$J" --no-pager -a -o json > "$WORK/all.json"
python3 - "$OUT/scenario.expected.json" "$WORK/all.json" > "$OUT/verify.txt" <<'PY'
import json, sys
exp = json.load(open(sys.argv[1]))
got = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
msgbytes = lambda v: bytes(v) if isinstance(v, list) else v.encode("utf-8")
fail = len(exp) != len(got)
print("entries: generated %d, read back %d" % (len(exp), len(got)))
for i, (e, g) in enumerate(zip(exp, got), 1):
    probs = [k for k in ("__REALTIME_TIMESTAMP", "__MONOTONIC_TIMESTAMP", "_BOOT_ID") if e[k] != g.get(k)]
    if msgbytes(g["MESSAGE"]).hex() != e["MESSAGE_hex"]: probs.append("MESSAGE")
    print("%s entry %2d%s %s" % ("FAIL" if probs else "PASS", i, " (added)" if e["added"] else "", ",".join(probs)))
    fail |= bool(probs)
print("RESULT:", "FAIL" if fail else "PASS")
sys.exit(fail)
PY
if render "$WORK/orig.journal" | cmp -s - "$ORIG_RENDERING"; then
  echo "original export re-rendered: byte-identical to $(basename "$ORIG_RENDERING")" >> "$OUT/verify.txt"
else
  echo "original export re-rendered: DIFFERS from $ORIG_RENDERING" >> "$OUT/verify.txt"; exit 1
fi
grep '^RESULT' "$OUT/verify.txt"
