#!/usr/bin/env bash
# capture-installed-rpms.sh OUTFILE
#
# An `installed-rpms` listing of a CentOS 7.9 kubeadm node with docker and cri-dockerd, printed by the real rpm:
# samples/formats/installed-rpms/centos79-runtime-stub-packages/input.
#
# The packages are stubs: rpmbuild makes one empty package per NAME-VERSION-RELEASE.ARCH below (the names,
# versions and releases of the real CentOS 7 packages: Docker's el7 repository, Mirantis' cri-dockerd el7 rpm,
# pkgs.k8s.io's v1.28 rpms, CentOS 7.9's own), rpm records them in a throw-away database (--root, --justdb: no
# file is written outside it) under libfaketime at each package's install time, and rpm lists them with sos's
# query (sos/report/plugins/rpm.py): rpm --nodigest -qa --qf '%-59{NVRA} %{INSTALLTIME:date}\n' | sort -V,
# in the C locale as sos runs commands. So the layout, padding, date and order are rpm's and sort's; the package
# headers are scenario values.
# Needs: rpm (Debian: apt-get install rpm, which has rpmbuild), faketime.
set -euo pipefail
OUT=${1:?usage: $0 OUTFILE}
W=$(mktemp -d "${TMPDIR:-/tmp}/installed-rpms.XXXXXX")
trap 'rm -rf "$W"' EXIT
export TZ=Asia/Shanghai

# name version release arch epoch install-time(+08:00)
PKGS=(
  "bash 4.2.46 35.el7_9 x86_64 0 2024-03-05 10:12:41"
  "kernel 3.10.0 1160.el7 x86_64 0 2024-03-05 10:13:02"
  "iptables 1.4.21 35.el7 x86_64 0 2024-03-05 10:12:58"
  "conntrack-tools 1.4.4 7.el7 x86_64 0 2024-03-05 10:20:17"
  "container-selinux 2.119.2 1.911c772.el7_8 noarch 2 2024-03-05 10:31:44"
  "docker-ce 24.0.7 1.el7 x86_64 3 2024-03-05 10:31:49"
  "docker-ce-cli 24.0.7 1.el7 x86_64 1 2024-03-05 10:31:47"
  "containerd.io 1.6.33 3.1.el7 x86_64 0 2024-06-20 16:02:11"
  "cri-dockerd 0.3.14 3.el7 x86_64 0 2024-06-20 16:05:37"
  "kubernetes-cni 1.2.0 150500.2.1 x86_64 0 2024-08-20 09:41:05"
  "cri-tools 1.28.0 150500.1.1 x86_64 0 2024-08-20 09:41:05"
  "kubelet 1.28.13 150500.1.1 x86_64 0 2024-08-20 09:41:06"
  "kubectl 1.28.13 150500.1.1 x86_64 0 2024-08-20 09:41:06"
  "kubeadm 1.28.13 150500.1.1 x86_64 0 2024-08-20 09:41:07"
)

mkdir -p "$W/rpmbuild/SPECS" "$W/root"
rpm --root "$W/root" --initdb
for p in "${PKGS[@]}"; do
  read -r name version release arch epoch day clock <<< "$p"
  cat > "$W/rpmbuild/SPECS/$name.spec" <<SPEC
Name: $name
Version: $version
Release: $release
Epoch: $epoch
Summary: stub of $name for an installed-rpms listing
License: none
BuildArch: $arch
%description
Empty stand-in carrying the package header only.
%files
SPEC
  rpmbuild --quiet -bb --define "_topdir $W/rpmbuild" --define '_build_id_links none' "$W/rpmbuild/SPECS/$name.spec" > /dev/null
  faketime -f "$day $clock" rpm --root "$W/root" -i --justdb --nodeps --ignorearch --ignoreos --noscripts \
    "$W/rpmbuild/RPMS/$arch/$name-$version-$release.$arch.rpm"
done
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin TZ=Asia/Shanghai LC_ALL=C \
  sh -c "rpm --root '$W/root' --nodigest -qa --qf='%-59{NVRA} %{INSTALLTIME:date}\n' | sort -V" > "$OUT"
rpm --version
