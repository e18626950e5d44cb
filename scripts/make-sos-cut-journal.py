#!/usr/bin/env python3
# make-sos-cut-journal.py OUT.export MACHINE_ID -- the journal export stream of samples/variants/sos-journal-cut (see its SOURCE.md).
# Export stream of a containerd node whose journal is longer than 1 MiB: sandbox A starts at its beginning,
# containerd's own chatter fills it, sandbox B starts near its end (journal export format, systemd's documentation).
import datetime as dt, sys
A = "fb7cdb0a4f8da673da0a9818ec9a1576f953a8e8decf87a081827c11e4aa7138"
B = "0961bad27f1a52a28701b7038120b8188e7a78df21f57a08428f021ab3c071e2"
HOST, BOOT, MACHINE = "centos79", "7d4b2e91c0a84f5e9a3b6c1d2e8f0a47", sys.argv[2]
CST = dt.timezone(dt.timedelta(hours=8))
BOOT_AT = dt.datetime(2024, 9, 14, 8, 55, 0, tzinfo=CST)
out = open(sys.argv[1], "wb")
def us(t): return int(t.timestamp() * 1_000_000)
def entry(t, ident, pid, msg):
    f = [("__REALTIME_TIMESTAMP", str(us(t))), ("__MONOTONIC_TIMESTAMP", str(us(t) - us(BOOT_AT))), ("_BOOT_ID", BOOT),
         ("PRIORITY", "6"), ("SYSLOG_FACILITY", "3"), ("SYSLOG_IDENTIFIER", ident), ("_PID", str(pid)), ("_UID", "0"), ("_GID", "0"),
         ("_MACHINE_ID", MACHINE), ("_HOSTNAME", HOST), ("_TRANSPORT", "stdout"), ("_SYSTEMD_UNIT", ident + ".service"), ("_COMM", ident), ("MESSAGE", msg)]
    for k, v in f: out.write(k.encode() + b"=" + v.encode() + b"\n")
    out.write(b"\n")
def gots(t): return t.astimezone(CST).isoformat(timespec="microseconds")
def meta(name, uid): return "&PodSandboxMetadata{Name:%s,Uid:%s,Namespace:default,Attempt:0,}" % (name, uid)
t = dt.datetime(2024, 9, 14, 9, 0, 0, 120000, tzinfo=CST)
entry(t, "containerd", 1101, 'time="%s" level=info msg="RunPodSandbox for %s"' % (gots(t), meta("hostport-app-0", "6f0a3c2e-5b1d-4c7a-9e8f-2d4b6a8c0e1f")))
t += dt.timedelta(milliseconds=820)
entry(t, "containerd", 1101, 'time="%s" level=info msg="RunPodSandbox for %s returns sandbox id \\"%s\\""' % (gots(t), meta("hostport-app-0", "6f0a3c2e-5b1d-4c7a-9e8f-2d4b6a8c0e1f"), A))
# containerd's own chatter every 0.75 s for two and a half hours: ~3.2 MB of `journalctl --unit containerd`.
for i in range(12000):
    t = dt.datetime(2024, 9, 14, 9, 0, 5, tzinfo=CST) + dt.timedelta(milliseconds=750 * i + 7)
    if i % 2 == 0:
        entry(t, "containerd", 1101, 'time="%s" level=info msg="cleaning up dead shim" namespace=k8s.io' % gots(t))
    else:
        entry(t, "containerd", 1101, 'time="%s" level=info msg="ImageUpdate event name:\\"registry.k8s.io/pause:3.9\\" labels:{key:\\"io.cri-containerd.image\\" value:\\"managed\\"}"' % gots(t))
t = dt.datetime(2024, 9, 14, 11, 45, 12, 664019, tzinfo=CST)
entry(t, "containerd", 1101, 'time="%s" level=info msg="RunPodSandbox for %s"' % (gots(t), meta("hostport-app-0", "0b9d7e5c-3a1f-4e2d-8c6b-9f0e1d2c3b4a")))
t += dt.timedelta(milliseconds=910)
entry(t, "containerd", 1101, 'time="%s" level=info msg="RunPodSandbox for %s returns sandbox id \\"%s\\""' % (gots(t), meta("hostport-app-0", "0b9d7e5c-3a1f-4e2d-8c6b-9f0e1d2c3b4a"), B))
