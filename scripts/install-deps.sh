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

missing=""
for p in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
    esac
done

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
