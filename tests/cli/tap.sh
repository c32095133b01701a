# SPDX-License-Identifier: GPL-2.0-or-later
# TAP helpers shared by the scripts of tests/cli (sourced).  Each test runs
# the tool into "$tmp/out" and "$tmp/err"; a failure shows them as comments.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

ok() {
    n=$((n + 1))
    echo "ok $n - $1"
}

not_ok() {
    n=$((n + 1))
    failed=$((failed + 1))
    echo "not ok $n - $1"
    { tail -20 "$tmp/out"; head -20 "$tmp/err"; } 2>/dev/null | sed 's/^/# /'
}

# Prints the plan; the exit status says whether every test passed.
tap_end() {
    echo "1..$n"
    [ "$failed" -eq 0 ]
}
