# Sourced by the fixture scripts (scripts/make-*.sh, capture-*.sh): the two set-ups they all need, written once.
#
# lab_netns PREFIX — throw-away network namespaces for a node and two pods (NODE_NS, PODA_NS, PODB_NS), a work
#   folder WORK with DATADIR (stands for /var/lib/cni/networks), and an EXIT trap that deletes them whatever
#   happens: a namespace left behind keeps its iptables rules and would leak into the next capture.
#   A script with its own teardown (a listener to kill) sets LAB_BEFORE_CLEANUP to a command run first.
# lab_journal_tools — JOURNAL_REMOTE and JOURNALCTL, or one clear sentence and exit 1: Debian ships
#   systemd-journal-remote outside PATH (/lib/systemd), so `command -v` alone misses it.

lab_netns() {
  local prefix=${1:?lab_netns PREFIX}
  NODE_NS=$prefix-node-$$
  PODA_NS=$prefix-podA-$$
  PODB_NS=$prefix-podB-$$
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/$prefix.XXXXXX")
  DATADIR=$WORK/cni-networks
  trap _lab_cleanup EXIT INT TERM
}

_lab_cleanup() {
  local rc=$? ns
  set +e
  [ -n "${LAB_BEFORE_CLEANUP:-}" ] && eval "$LAB_BEFORE_CLEANUP"
  for ns in "$PODB_NS" "$PODA_NS" "$NODE_NS"; do
    ip netns list | awk '{print $1}' | grep -qx "$ns" && ip netns del "$ns"
  done
  rm -rf "$WORK"
  exit $rc
}

in_node() { ip netns exec "$NODE_NS" "$@"; }

lab_journal_tools() {
  local d
  JOURNAL_REMOTE=${JOURNAL_REMOTE:-$(command -v systemd-journal-remote || true)}
  for d in /lib/systemd /usr/lib/systemd; do
    [ -z "$JOURNAL_REMOTE" ] && [ -x "$d/systemd-journal-remote" ] && JOURNAL_REMOTE=$d/systemd-journal-remote
  done
  [ -x "${JOURNAL_REMOTE:-}" ] || { echo "systemd-journal-remote not found (apt-get install systemd-journal-remote)" >&2; exit 1; }
  JOURNALCTL=${JOURNALCTL:-$(command -v journalctl)}
}

# lab_export_to_journal EXPORT JOURNAL MACHINE_ID OUTDIR — a journal export stream into a binary journal file with
#   the real systemd-journal-remote, its log (work paths taken out) and both tools' versions in OUTDIR. As root,
#   /etc/machine-id is bind-mounted over in a private mount namespace: journal-remote writes the machine ID into
#   the file header, and the scenario's host must not become this machine.
lab_export_to_journal() {
  local export=$1 journal=$2 machine_id=$3 out=$4
  printf '%s\n' "$machine_id" > "$WORK/machine-id"
  if [ "$(id -u)" = 0 ] && unshare --mount --propagation private true 2>/dev/null; then
    unshare --mount --propagation private sh -c 'mount --bind "$0" /etc/machine-id && exec "$@"' "$WORK/machine-id" \
      "$JOURNAL_REMOTE" --output="$journal" --split-mode=none "$export" > "$out/systemd-journal-remote.log" 2>&1
  else
    "$JOURNAL_REMOTE" --output="$journal" --split-mode=none "$export" > "$out/systemd-journal-remote.log" 2>&1
  fi
  sed -i "s#$WORK/##g" "$out/systemd-journal-remote.log"
  { "$JOURNAL_REMOTE" --version | head -1; "$JOURNALCTL" --version | head -1; } > "$out/versions.txt"
}
