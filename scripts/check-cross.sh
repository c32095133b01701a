#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The whole test suite built for another architecture and run under
# qemu-user: by default s390x, big-endian, which proves that nothing in the
# library, the simulator or the tool depends on the host's byte order.
#
#   scripts/check-cross.sh [s390x|ppc64el]      (or CROSS_ARCH=...)
#
# What it does, each step skipped when already done:
#  1. installs, as scripts/install-deps.sh does (root: apt-get; otherwise it
#     prints the command), the cross compiler gcc-ARCH-linux-gnu,
#     qemu-user-static and pkg-config, and adds ARCH to dpkg's foreign
#     architectures (`dpkg --add-architecture`, then `apt-get update`) so that
#     apt knows the ARCH packages;
#  2. builds a private sysroot in build-cross-ARCH/sysroot/: apt-get
#     --download-only with APT::Architecture=ARCH and an empty dpkg status
#     downloads libc6-dev, libglib2.0-dev, libjson-glib-dev and libfdt-dev
#     with all their dependencies into build-cross-ARCH/debs/, each .deb is
#     unpacked with dpkg-deb -x (multiarch -dev packages of a foreign
#     architecture cannot be installed beside the native ones on Debian 12:
#     libfdt-dev has no Multi-Arch field).  A stamp holding the package list
#     makes a second run reuse it without downloading anything;
#  3. writes the meson cross file build-cross-ARCH/cross.ini (meson 1.0
#     spells the key `pkgconfig`; the sysroot's .pc files through sys_root
#     and pkg_config_libdir);
#  4. registers qemu-ARCH-static in binfmt_misc with flag F (mounting
#     /proc/sys/fs/binfmt_misc first if needed): the shell tests start the
#     ARCH tool directly.  Without the privilege to do so it prints why and
#     passes (exit 0, "SKIP"), like scripts/check-fuzz.sh without clang;
#  5. builds in build-cross-ARCH/ and runs `meson test` there with
#     QEMU_LD_PREFIX=sysroot, a timeout multiplier of 4
#     (CROSS_TIMEOUT_MULTIPLIER) and at most 2 tests at a time
#     (CROSS_JOBS).
#
# Byte order of the saved state: tests/data/*.bin are golden streams
# written on x86_64 (little-endian).  The tests that read them pass on
# s390x: /machine/stream/golden-xics and /machine/stream/golden-dual-cas of
# test-machine (tests/unit/machine/stream.c) and the state-round-trip cases
# /xive/emulated/... and /xive/kvm-sim:power9-6.1/... of
# test-xive-conformance (tests/unit/xive-conformance/state.c).  Each checks
# that the machine saves the file byte for byte and that a fresh machine
# loads it and saves it back unchanged: a state saved on either byte order
# loads on the other, so the stream is host-byte-order independent
# (docs/specs/migration.md).  tests/unit/test-migration.c has no golden file.
#
# Takes about 4 minutes on this 2-core machine from a clean build-cross-s390x
# (the sysroot, 82 packages, included), 11 when the machine is loaded.
# Warm (sysroot and build there), the test run alone: about 3 minutes.
# The emulation's own artefacts are handled by the tests: test-host skips
# its mincore() checks when mincore() misbehaves on a PROT_NONE page
# (qemu-user 7.2), and cli-test.sh asks the tool, not `uname -m`, whether
# the host's real KVM is usable; the real-KVM tests skip (qemu-user passes
# no KVM ioctl through).
set -eu
cd "$(dirname "$0")/.."

arch=${1:-${CROSS_ARCH:-s390x}}
case "$arch" in
s390x) triplet=s390x-linux-gnu qemu=s390x cpu_family=s390x cpu=s390x
    endian=big ;;
ppc64el) triplet=powerpc64le-linux-gnu qemu=ppc64le cpu_family=ppc64
    cpu=ppc64le endian=little ;;
*)
    echo "check-cross: unknown CROSS_ARCH '$arch' (s390x or ppc64el)" >&2
    exit 2
    ;;
esac
dir=${CROSS_BUILD:-build-cross-$arch}
jobs=${CROSS_JOBS:-2}
mult=${CROSS_TIMEOUT_MULTIPLIER:-4}
sysroot=$PWD/$dir/sysroot
debs=$PWD/$dir/debs
qemu_bin=/usr/bin/qemu-$qemu-static
SYSROOT_PACKAGES="libc6-dev libglib2.0-dev libjson-glib-dev libfdt-dev"
say() { echo "check-cross: $*"; }

# 1. The host's tools (the same convention as scripts/install-deps.sh).
scripts/install-deps.sh
missing=""
for p in "gcc-$triplet" qemu-user-static pkg-config; do
    case "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
    esac
done
foreign=""
dpkg --print-foreign-architectures | grep -qx "$arch" || foreign=yes
if [ -n "$missing$foreign" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        say "missing Debian packages:$missing${foreign:+ (and the $arch architecture)}"
        say "run this as root, then try again:"
        [ -z "$foreign" ] || echo "  dpkg --add-architecture $arch"
        echo "  apt-get update && apt-get install -y$missing"
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    [ -z "$foreign" ] || dpkg --add-architecture "$arch"
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    if [ -n "$missing" ]; then
        # shellcheck disable=SC2086
        apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
            --no-install-recommends $missing
    fi
fi

# 2. The private sysroot, downloaded once.
stamp=$sysroot/.spapr-irq-sysroot
if [ "$(cat "$stamp" 2>/dev/null)" != "$arch $SYSROOT_PACKAGES" ]; then
    say "sysroot for $arch in $sysroot: downloading $SYSROOT_PACKAGES"
    t0=$(date +%s)
    rm -rf "$sysroot" "$debs"
    mkdir -p "$sysroot" "$debs/partial"
    : >"$dir/empty-status"
    apt_opts="-o APT::Architecture=$arch -o APT::Architectures=$arch
        -o Dir::State::status=$PWD/$dir/empty-status
        -o Dir::Cache::archives=$debs -o Debug::NoLocking=1"
    # shellcheck disable=SC2086
    download() {
        apt-get $apt_opts -qq -y --download-only --no-install-recommends \
            install $SYSROOT_PACKAGES >"$dir/apt.log" 2>&1
    }
    # The package lists may predate the architecture: update once, retry.
    if ! download && ! { [ "$(id -u)" -eq 0 ] &&
        apt-get -o DPkg::Lock::Timeout=600 update -qq && download; }; then
        cat "$dir/apt.log" >&2
        say "downloading the $arch sysroot failed (is '$arch' in" \
            "dpkg --print-foreign-architectures and apt-get update done?)" >&2
        exit 1
    fi
    n=0
    for deb in "$debs"/*.deb; do
        dpkg-deb -x "$deb" "$sysroot"
        n=$((n + 1))
    done
    # Absolute symbolic links point into the host: make them relative to
    # the sysroot so that the linker and qemu find the $arch files.
    find "$sysroot" -type l -lname '/*' | while read -r l; do
        t=$(readlink "$l")
        ln -sfn "$sysroot$t" "$l"
    done
    echo "$arch $SYSROOT_PACKAGES" >"$stamp"
    say "sysroot ready: $n packages unpacked in $(($(date +%s) - t0)) s"
else
    say "sysroot for $arch: reusing $sysroot"
fi

# 3. The meson cross file.
cross=$PWD/$dir/cross.ini
cat >"$cross.new" <<EOF
# Written by scripts/check-cross.sh
[binaries]
c = '$triplet-gcc'
ar = '$triplet-ar'
strip = '$triplet-strip'
pkgconfig = 'pkg-config'
exe_wrapper = '$qemu_bin'

[built-in options]
c_args = ['--sysroot=$sysroot']
c_link_args = ['--sysroot=$sysroot']

[properties]
sys_root = '$sysroot'
pkg_config_libdir = ['$sysroot/usr/lib/$triplet/pkgconfig', '$sysroot/usr/share/pkgconfig']

[host_machine]
system = 'linux'
cpu_family = '$cpu_family'
cpu = '$cpu'
endian = '$endian'
EOF
wipe=""
if cmp -s "$cross" "$cross.new"; then
    rm -f "$cross.new"
else
    mv "$cross.new" "$cross"
    [ ! -f "$dir/build.ninja" ] || wipe=--wipe
fi

# 4. binfmt_misc: the shell tests run the $arch tool directly.
skip() {
    say "SKIP: $*"
    exit 0
}
bm=/proc/sys/fs/binfmt_misc
if [ ! -e "$bm/register" ]; then
    mount -t binfmt_misc binfmt_misc "$bm" 2>"$dir/mount.log" ||
        skip "binfmt_misc is not mounted and cannot be mounted here" \
            "($(cat "$dir/mount.log")): the shell tests could not start" \
            "the $arch tool"
fi
entry=$bm/qemu-$qemu
if [ -e "$entry" ] && ! grep -qx enabled "$entry"; then
    echo -1 >"$entry" 2>/dev/null || true
fi
if [ ! -e "$entry" ]; then
    # The magic and mask that qemu-user-static gives update-binfmts.
    magic=$(sed -n 's/^magic //p' "/usr/share/binfmts/qemu-$qemu" 2>/dev/null)
    mask=$(sed -n 's/^mask //p' "/usr/share/binfmts/qemu-$qemu" 2>/dev/null)
    if [ -z "$magic" ] || [ -z "$mask" ]; then
        skip "no magic for qemu-$qemu in /usr/share/binfmts/qemu-$qemu"
    fi
    printf '%s\n' ":qemu-$qemu:M::$magic:$mask:$qemu_bin:F" \
        >"$bm/register" 2>"$dir/binfmt.log" ||
        skip "cannot register $qemu_bin in binfmt_misc" \
            "($(cat "$dir/binfmt.log")): the shell tests could not start" \
            "the $arch tool"
    say "registered $qemu_bin in binfmt_misc (flags F)"
fi
say "binfmt_misc: $(tr '\n' ' ' <"$entry")"

# 5. Build and test.
export QEMU_LD_PREFIX="$sysroot"
if [ -n "$wipe" ] || [ ! -f "$dir/build.ninja" ]; then
    meson setup $wipe "$dir" --cross-file "$cross" -Dwerror=true
fi
ninja -C "$dir" -j "$jobs"
say "meson test in $dir under qemu-$qemu (timeout x$mult, $jobs at a time)"
rc=0
meson test -C "$dir" --print-errorlogs --timeout-multiplier "$mult" \
    --num-processes "$jobs" || rc=$?
# One closing line for the $arch run (and its boot cells), as make check's.
scripts/test-summary.sh "$dir" || rc=1
exit "$rc"
