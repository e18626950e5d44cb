#!/usr/bin/env python3
"""Write the demo bundle's deploy log with Python's real `logging` module.

Usage:
    TZ=Asia/Shanghai python3 scripts/make-sample-deploy-log.py [OUTFILE]

OUTFILE defaults to samples/hostport-stale-dnat/var/log/deploy/deploy.log
(relative to the repository root). The log is produced by a stock
logging.FileHandler + logging.Formatter with the format string the seed
incident's deploy tool used:

    %(asctime)s - %(name)s %(levelname)s - %(message)s

Only the clock is changed: each record carries the scenario time it should
have (2024-09-14, Asia/Shanghai), and a logging.Filter copies that time into
record.created / record.msecs before the Formatter renders %(asctime)s
(Formatter.formatTime -> time.localtime(record.created) + default_msec_format
"%s,%03d"). Everything else - level names, separators, encoding - is what
the logging module itself writes.
"""
import logging
import os
import sys
import time
from datetime import datetime, timedelta, timezone

os.environ["TZ"] = "Asia/Shanghai"   # the node's zone; asctime is local time
time.tzset()

CST = timezone(timedelta(hours=8))   # Asia/Shanghai, no DST in 2024

# (hh, mm, ss, ms, level, message) - the uninstall / reinstall run of 2024-09-14
STEPS = [
    (11, 39, 30, 117, logging.INFO, "开始卸载docker..."),
    (11, 39, 31, 404, logging.INFO, "kubectl delete 删除所有资源"),
    (11, 39, 41, 880, logging.INFO, "停止docker"),
    (11, 39, 46, 12, logging.INFO, "卸载docker-ce docker-ce-cli containerd.io cri-dockerd"),
    (11, 40, 20, 551, logging.INFO, "删除 /var/lib/docker /var/lib/cri-dockerd"),
    (11, 43, 40, 219, logging.INFO, "重新安装docker (26.1.4)"),
    (11, 44, 0, 730, logging.INFO, "启动docker"),
    (11, 44, 58, 902, logging.INFO, "部署应用"),
    (11, 45, 35, 64, logging.INFO, "部署完成"),
]


class ScenarioClock(logging.Filter):
    """Give the record the scenario timestamp passed as extra={"scenario_ms": (epoch_s, ms)}."""

    def filter(self, record):
        stamp = getattr(record, "scenario_ms", None)
        if stamp is not None:
            secs, ms = stamp
            record.created = secs + ms / 1000.0
            record.msecs = float(ms)          # exact, no float rounding in ",%03d"
        return True


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        root, "samples", "hostport-stale-dnat", "var", "log", "deploy", "deploy.log")
    os.makedirs(os.path.dirname(out), exist_ok=True)

    handler = logging.FileHandler(out, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s - %(name)s %(levelname)s - %(message)s"))
    handler.addFilter(ScenarioClock())

    log = logging.getLogger("deploy")
    log.setLevel(logging.INFO)
    log.propagate = False
    log.addHandler(handler)

    for hh, mm, ss, ms, level, msg in STEPS:
        epoch = int(datetime(2024, 9, 14, hh, mm, ss, tzinfo=CST).timestamp())
        log.log(level, msg, extra={"scenario_ms": (epoch, ms)})

    handler.close()
    print(out)


if __name__ == "__main__":
    main()
