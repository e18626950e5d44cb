#!/usr/bin/env bash
# The Debian packages the tests or the bench run, installed when missing (as root, with apt-get); otherwise
# named, and the run goes on (the tests that need them fail saying what to install).
#   scripts/system-tools.sh test    xz, zstd, zip, unzip (test/bundle packs archives at test time),
#                                   chromium (the HTML report's browser tests, through playwright-core) and
#                                   locales-all (test/time/locale-months.test.ts reads every locale's month names)
#   scripts/system-tools.sh bench   GNU time (wall time, peak RSS), lnav (the comparison), xz (the .tar.xz input)
set -uo pipefail
case "${1:-}" in
  test) wanted=("xz:xz-utils" "zstd:zstd" "zip:zip" "unzip:unzip" "chromium:chromium" "@locales:locales-all") ;;
  bench) wanted=("/usr/bin/time:time" "lnav:lnav" "xz:xz-utils") ;;
  *) echo "usage: $0 test|bench" >&2; exit 2 ;;
esac
missing=()
# "@locales": no command to look for; a bare system has C, C.utf8 and POSIX, locales-all some 500.
present() {
  case "$1" in
    @locales) [ "$(locale -a 2>/dev/null | wc -l)" -gt 100 ] ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}
for w in "${wanted[@]}"; do
  present "${w%%:*}" || missing+=("${w#*:}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${missing[*]} (apt-get)" >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null && exit 0
  echo "apt-get could not install ${missing[*]}" >&2
else
  echo "missing Debian packages: ${missing[*]} (apt-get install -y ${missing[*]})" >&2
fi
exit 0
