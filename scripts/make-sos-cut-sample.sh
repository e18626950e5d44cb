#!/usr/bin/env bash
# make-sos-cut-sample.sh SOS_SRC [REPO_ROOT]
#
# Builds samples/variants/sos-journal-cut/: a real `sos report` (run from a sos source tree, SOS_SRC, e.g.
# `git archive` of github.com/sosreport/sos) collecting a containerd journal bigger than its --journal-size, so
# that sos cuts it and says so in sos_reports/manifest.json and sos_logs/sos.log. The journal is built by the real
# systemd-journal-remote from scripts/make-sos-cut-journal.py's export stream and read by the real journalctl
# (sos runs it) inside a private mount namespace where it is /var/log/journal; the host's journal is not touched.
# The iptables dump, date and hostname are the incident sample's (samples/hostport-stale-dnat, real program output).
# Needs root, python3, systemd-journal-remote.
set -euo pipefail
SOS_SRC=${1:?usage: $0 SOS_SRC [REPO_ROOT]}
ROOT=${2:-$(cd "$(dirname "$0")/.." && pwd)}
OUT=$ROOT/samples/variants/sos-journal-cut
MAIN=$ROOT/samples/hostport-stale-dnat
W=$(mktemp -d "${TMPDIR:-/tmp}/sos-cut.XXXXXX")
trap 'rm -rf "$W"' EXIT
MID=a1b2c3d4e5f60718293a4b5c6d7e8f90
echo "$MID" > "$W/machine-id"
mkdir -p "$W/journal/$MID" "$W/sos"
python3 "$ROOT/scripts/make-sos-cut-journal.py" "$W/scenario.export" "$MID"
JR=$(command -v systemd-journal-remote || echo /usr/lib/systemd/systemd-journal-remote)
unshare --mount --propagation private sh -c 'mount --bind "$0/machine-id" /etc/machine-id && exec "$@"' "$W" \
  "$JR" --output="$W/journal/$MID/system.journal" --split-mode=none "$W/scenario.export"
unshare --mount --propagation private sh -c 'mount --bind "$0/machine-id" /etc/machine-id && mount --bind "$0/journal" /var/log/journal && cd "$1" && TZ=Asia/Shanghai exec python3 bin/sos report --batch -o containerd --journal-size 1 --tmp-dir "$0/sos" --build --label cut' "$W" "$SOS_SRC"
S=$(echo "$W"/sos/sosreport-*)
rm -rf "$OUT/sos_commands/containerd" "$OUT/sos_strings" "$OUT/sos_reports" "$OUT/sos_logs"
mkdir -p "$OUT/sos_commands/containerd" "$OUT/sos_strings" "$OUT/sos_reports" "$OUT/sos_logs" "$OUT/sos_commands/date" "$OUT/sos_commands/firewall_tables"
cp -a "$S/sos_strings/containerd" "$OUT/sos_strings/"
cp -a "$S/sos_commands/containerd/journalctl_--no-pager_--unit_containerd" "$OUT/sos_commands/containerd/"
cp "$S/sos_reports/manifest.json" "$OUT/sos_reports/"
cp "$S/sos_logs/sos.log" "$S/sos_logs/ui.log" "$OUT/sos_logs/"
cp "$S/version.txt" "$OUT/"
cp "$MAIN/hostname" "$OUT/"
cp "$MAIN/sos_commands/date/date" "$MAIN/sos_commands/date/date_--utc" "$OUT/sos_commands/date/"
cp "$MAIN/sos_commands/firewall_tables/iptables_-t_nat_-nvL" "$OUT/sos_commands/firewall_tables/"
