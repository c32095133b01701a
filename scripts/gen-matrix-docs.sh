#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Regenerates docs/specs/matrix/<host>.txt from the tool, one file per
# host (tcg and every kvm-sim profile), and docs/matrix.html, the same
# tables as one page of coloured grids (`matrix --html`).
# tests/cli/check-matrix-docs.sh fails when the files and the tool disagree.
set -eu
tool=${1:-build/spapr-irq}
cd "$(dirname "$0")/.."
out=docs/specs/matrix
mkdir -p "$out"
"$tool" matrix -accel tcg > "$out/tcg.txt"
for p in $("$tool" matrix -accel kvm-sim,host=help | awk 'NR > 1 { print $1 }'); do
    "$tool" matrix -accel "kvm-sim,host=$p" > "$out/$p.txt"
done
"$tool" matrix --html > docs/matrix.html
echo "gen-matrix-docs: wrote docs/matrix.html"
echo "gen-matrix-docs: wrote $(ls "$out" | wc -l) tables to $out"
