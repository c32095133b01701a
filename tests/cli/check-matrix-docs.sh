#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# docs/specs/matrix/<host>.txt and docs/matrix.html must equal what the
# tool prints now (regenerate with `make matrix-docs`).  TAP output.
set -u
tool=${SPAPR_IRQ_TOOL:?}
src=${SPAPR_IRQ_SOURCE_DIR:?}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
n=0
failed=0
hosts="tcg $("$tool" matrix -accel kvm-sim,host=help | awk 'NR > 1 { print $1 }')"
for h in $hosts; do
    n=$((n + 1))
    if [ "$h" = tcg ]; then accel=tcg; else accel="kvm-sim,host=$h"; fi
    doc="$src/docs/specs/matrix/$h.txt"
    if ! "$tool" matrix -accel "$accel" >"$tmp"; then
        echo "not ok $n - $h: the tool failed"; failed=$((failed + 1))
    elif [ ! -f "$doc" ]; then
        echo "not ok $n - $h: $doc is missing (make matrix-docs)"; failed=$((failed + 1))
    elif ! diff -u "$doc" "$tmp" | sed 's/^/# /' | head -40 | grep . ; then
        echo "ok $n - docs/specs/matrix/$h.txt matches the tool"
    else
        echo "not ok $n - docs/specs/matrix/$h.txt differs from the tool (make matrix-docs)"
        failed=$((failed + 1))
    fi
done
n=$((n + 1))
if ! "$tool" matrix --html >"$tmp"; then
    echo "not ok $n - matrix --html: the tool failed"; failed=$((failed + 1))
elif cmp -s "$src/docs/matrix.html" "$tmp"; then
    echo "ok $n - docs/matrix.html matches the tool"
else
    echo "not ok $n - docs/matrix.html differs from the tool (make matrix-docs)"
    failed=$((failed + 1))
fi
echo "1..$n"
[ "$failed" -eq 0 ]
