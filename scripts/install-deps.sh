#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs the Debian packages spapr-irq needs to build and test, if any is
# missing.  Idempotent: does nothing when everything is there.  As root it
# runs apt-get; otherwise it prints the command to run.
set -eu

# chromium: the test matrix-html renders `spapr-irq matrix --html` in it,
# headless (about 90 s to install, ~8 packages, on a loaded machine).
PACKAGES="gcc make meson ninja-build pkg-config python3 clang-format clang-14
libglib2.0-dev libjson-glib-dev libfdt-dev linux-libc-dev linux-libc-dev-ppc64el-cross
chromium"

# Optional: installed when they can be, never a reason to fail.
# qemu-system-ppc: QEMU 7.2's qemu-system-ppc64, the reference the test
# differential compares the tool with (tests/differential/README.md);
# without it that test is skipped and says why.
OPTIONAL="qemu-system-ppc"

installed() {
    case "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" in
    *"install ok installed"*) return 0 ;;
    *) return 1 ;;
    esac
}

missing=""
for p in $PACKAGES; do
    installed "$p" || missing="$missing $p"
done
optional=""
for p in $OPTIONAL; do
    installed "$p" || optional="$optional $p"
done

if [ -n "$optional" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        # shellcheck disable=SC2086
        if ! { apt-get update -qq &&
               apt-get install -y -qq --no-install-recommends $optional; }; then
            echo "install-deps: could not install$optional; the tests that" \
                 "need it are skipped (make check says why)"
        fi
    else
        echo "install-deps: optional packages missing:$optional (their" \
             "tests are skipped); as root: apt-get install -y$optional"
    fi
fi

if [ -z "$missing" ]; then
    exit 0
fi

echo "install-deps: missing Debian packages:$missing"
if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: run this as root, then try again:"
    echo "  apt-get update && apt-get install -y$missing"
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
