#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Instructions per delivery round trip (docs/specs/performance.md): each
# round trip of spapr-irq-bench run untimed (--run) under callgrind for
# 100,000 and 300,000 round trips; the difference over 200,000 leaves out
# the set-up.  Deterministic, unlike the times: the machine's load does not
# move it.  Needs valgrind (apt-get install valgrind).
# Usage: scripts/bench-instructions.sh [BENCH-BINARY]
set -eu
BENCH=${1:-build-bench/tests/bench/spapr-irq-bench}
if ! command -v valgrind >/dev/null 2>&1; then
    echo "bench-instructions: valgrind is not installed" >&2
    exit 77
fi
[ -x "$BENCH" ] || { echo "bench-instructions: no $BENCH (make bench builds it)" >&2; exit 1; }

count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BENCH" \
        --run "$1" "$2" 2>&1 | awk '/refs:/ { gsub(",", "", $NF); print $NF }'
}

# The floor first: the others are given over it.
for rt in $("$BENCH" --list); do
    a=$(count "$rt" 100000)
    b=$(count "$rt" 300000)
    n=$(((b - a) / 200000))
    [ "$rt" = floor ] && floor=$n
    awk -v rt="$rt" -v n="$n" -v f="$floor" \
        'BEGIN { printf "%-13s %5d instructions per round trip (%.2fx the floor)\n", rt, n, n / f }'
done
