#!/usr/bin/env bash
# build-samples.sh [REPO_ROOT]
#
# Rebuilds the program-output files of samples/hostport-stale-dnat/ and
# samples/variants/*/ from real programs (see the SOURCE.md files; they are
# documentation and are NOT rewritten by this script):
#
#   * /work/shared/tools/repro-hostport.sh (real CNI bridge/host-local/portmap, real
#     iptables) under libfaketime, clock frozen at 2024-09-14 11:50:00 Asia/Shanghai
#     (`faketime -f`: the run takes about a second, a running clock would make the
#     iptables-save header say 11:50:00 or 11:50:01 from run to run)
#   * scripts/make-clean-teardown-cni.sh   (same plugins, proper teardown of pod A), same clock
#   * scripts/make-clean-teardown-journal.sh (systemd-journal-remote + journalctl)
#   * scripts/make-nft-listings.sh        (same plugins, iptables-nft, listed by nft: the sos 4.7 pair)
#   * scripts/make-sample-deploy-log.py    (Python logging)
#   * coreutils date under faketime, hostname(1) inside `unshare --uts`
#   * scripts/make-sample-journal.sh      (the incident journal: /work/shared/reference/real-outputs/journal/scenario.export
#     with the daemons' start lines added, systemd-journal-remote + journalctl in zh_CN.UTF-8)
#
# Needs root (network / UTS / mount namespaces) and:
#   apt-get install -y libfaketime faketime containernetworking-plugins iptables iproute2 jq systemd-journal-remote
set -euo pipefail
umask 022

ROOT=${1:-$(cd "$(dirname "$0")/.." && pwd)}
SHARED=${SHARED:-/work/shared}
CLOCK='2024-09-14 11:50:00'
export TZ=Asia/Shanghai

S=$ROOT/samples
MAIN=$S/hostport-stale-dnat
V=$S/variants
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/build-samples.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT

# ---- real program runs
TRAFFIC_DEMO=0 faketime -f "$CLOCK" bash "$SHARED/tools/repro-hostport.sh" "$SCRATCH/repro" > "$SCRATCH/repro.log" 2>&1 \
  || { cat "$SCRATCH/repro.log" >&2; exit 1; }
faketime -f "$CLOCK" bash "$ROOT/scripts/make-clean-teardown-cni.sh" "$SCRATCH/clean-cni" > "$SCRATCH/clean-cni.log" 2>&1 \
  || { cat "$SCRATCH/clean-cni.log" >&2; exit 1; }
bash "$ROOT/scripts/make-clean-teardown-journal.sh" "$SCRATCH/clean-journal" > "$SCRATCH/clean-journal.log" 2>&1 \
  || { cat "$SCRATCH/clean-journal.log" >&2; exit 1; }
bash "$ROOT/scripts/make-sample-journal.sh" "$SCRATCH/sample-journal" > "$SCRATCH/sample-journal.log" 2>&1 \
  || { cat "$SCRATCH/sample-journal.log" >&2; exit 1; }
unshare --uts sh -c 'hostname centos79 && hostname' > "$SCRATCH/hostname"
LC_ALL=C.UTF-8 faketime -f "$CLOCK" date        > "$SCRATCH/date"
LC_ALL=C.UTF-8 faketime -f "$CLOCK" date --utc  > "$SCRATCH/date_--utc"

R=$SCRATCH/repro/final
C=$SCRATCH/clean-cni/final

# ---- common files of the incident node (main bundle + the three dump-form variants)
common() {  # $1 = bundle dir
  local b=$1
  mkdir -p "$b/sos_commands/logs" "$b/sos_commands/date" "$b/var/lib/cni/networks" "$b/var/log/deploy"
  cp "$SCRATCH/hostname" "$b/hostname"
  cp "$SCRATCH/sample-journal/journalctl_--no-pager" "$b/sos_commands/logs/journalctl_--no-pager"
  cp "$SCRATCH/date" "$SCRATCH/date_--utc" "$b/sos_commands/date/"
  rm -rf "$b/var/lib/cni/networks/cbr0"; cp -a "$R/ipam-datadir/cbr0" "$b/var/lib/cni/networks/cbr0"
  TZ=Asia/Shanghai python3 "$ROOT/scripts/make-sample-deploy-log.py" "$b/var/log/deploy/deploy.log" > /dev/null
}

common "$MAIN"
mkdir -p "$MAIN/sos_commands/firewall_tables"
cp "$R/iptables_-t_nat_-nvL" "$MAIN/sos_commands/firewall_tables/iptables_-t_nat_-nvL"

common "$V/iptables-save"
cp "$R/iptables-save" "$V/iptables-save/iptables-save"

common "$V/iptables-S"
mkdir -p "$V/iptables-S/sos_commands/networking"
cp "$R/iptables_-t_nat_-S" "$V/iptables-S/sos_commands/networking/iptables_-t_nat_-S"

common "$V/iptables-nvL"
mkdir -p "$V/iptables-nvL/sos_commands/firewall_tables"
cp "$R/iptables_-t_nat_-nvL" "$V/iptables-nvL/sos_commands/firewall_tables/iptables_-t_nat_-nvL"

# ---- negative control: proper teardown
CT=$V/clean-teardown
mkdir -p "$CT/sos_commands/logs" "$CT/sos_commands/date" "$CT/sos_commands/firewall_tables" "$CT/var/lib/cni/networks"
cp "$SCRATCH/hostname" "$CT/hostname"
cp "$SCRATCH/clean-journal/journalctl_--no-pager" "$CT/sos_commands/logs/journalctl_--no-pager"
cp "$SCRATCH/date" "$SCRATCH/date_--utc" "$CT/sos_commands/date/"
cp "$C/iptables_-t_nat_-nvL" "$CT/sos_commands/firewall_tables/iptables_-t_nat_-nvL"
rm -rf "$CT/var/lib/cni/networks/cbr0"; cp -a "$C/ipam-datadir/cbr0" "$CT/var/lib/cni/networks/cbr0"

# ---- nft views (scripts/make-nft-listings.sh, Debian's nft and plugins). The bundles that need builds from upstream
# source (variants/portmap-nftables-backend: portmap 1.6.2; variants/nft-xt-untranslated: nft without libxtables) are
# made by the same script with PORTMAP_BIN / NFT set, as their SOURCE.md files say; they are not rebuilt here.
NL=$V/nft-list-ruleset
common "$NL"
mkdir -p "$NL/sos_commands/firewall_tables"
cp "$SHARED/reference/real-outputs/hostport/final/nft_list_ruleset" "$NL/sos_commands/firewall_tables/nft_-a_list_ruleset"
bash "$ROOT/scripts/make-nft-listings.sh" "$SCRATCH/nft-v4" > "$SCRATCH/nft-v4.log" 2>&1 || { cat "$SCRATCH/nft-v4.log" >&2; exit 1; }
for b in "$V/sos-4.7-nft" "$V/sos-4.7-nvL-twin"; do
  mkdir -p "$b/sos_commands/logs" "$b/sos_commands/date" "$b/sos_commands/firewall_tables" "$b/etc/cni/net.d"
  cp "$SCRATCH/hostname" "$b/hostname"
  cp "$SCRATCH/sample-journal/journalctl_--no-pager" "$b/sos_commands/logs/journalctl_--no-pager"
  cp "$SCRATCH/date" "$SCRATCH/date_--utc" "$b/sos_commands/date/"
  cp "$ROOT/samples/formats/cni-conflist/conflist-flannel-portmap-seed/input" "$b/etc/cni/net.d/10-flannel.conflist"
done
cp "$SCRATCH/nft-v4/nft_-a_list_ruleset" "$V/sos-4.7-nft/sos_commands/firewall_tables/nft_-a_list_ruleset"
cp "$SCRATCH/nft-v4/iptables_-t_nat_-nvL" "$V/sos-4.7-nvL-twin/sos_commands/firewall_tables/iptables_-t_nat_-nvL"

# ---- what the runs said
echo "== repro-hostport.sh verify.txt";      cat "$SCRATCH/repro/verify.txt"
echo "== repro-hostport.sh versions.txt";    cat "$SCRATCH/repro/versions.txt"
echo "== make-clean-teardown-cni.sh verify"; cat "$SCRATCH/clean-cni/verify.txt"
echo "== make-sample-journal.sh";           cat "$SCRATCH/sample-journal/verify.txt" "$SCRATCH/sample-journal/versions.txt" "$SCRATCH/sample-journal/systemd-journal-remote.log"
echo "== make-clean-teardown-journal.sh";    cat "$SCRATCH/clean-journal/verify.txt" "$SCRATCH/clean-journal/versions.txt" "$SCRATCH/clean-journal/systemd-journal-remote.log"
echo "== iptables-save headers";             head -1 "$R/iptables-save" "$C/iptables-save"

# ---- file times: the collection moment (kernel mtimes are not faked by libfaketime; git does not keep them)
for b in "$MAIN" "$V/iptables-save" "$V/iptables-S" "$V/iptables-nvL" "$CT" "$NL" "$V/sos-4.7-nft" "$V/sos-4.7-nvL-twin"; do
  find "$b" -exec touch -h -d '2024-09-14 11:50:00 +0800' {} +
done
