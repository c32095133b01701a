#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# scripts/test-summary.sh on made-up meson logs: it names each skipped
# test and subtest under its reason, says when the shared folder is
# missing, counts meson's tests apart from the TAP subtests, and fails on
# a failed subtest.  TAP output.
set -u
src=${SPAPR_IRQ_SOURCE_DIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; failed=$((failed + 1)); }
# expect FILE LINE: the summary printed exactly this line.
expect() {
    if grep -qxF -- "$2" "$1"; then
        ok "prints: $2"
    else
        not_ok "does not print: $2"
        sed 's/^/# /' "$1"
    fi
}

# A build dir whose tests got SPAPR_IRQ_SHARED_DIR=$2, with the results
# (one JSON object a line, as meson writes them) on standard input.
make_build() {
    mkdir -p "$1/meson-logs" "$1/meson-info"
    printf '[{"name": "t", "env": {"SPAPR_IRQ_SHARED_DIR": "%s"}}]\n' "$2" \
        >"$1/meson-info/intro-tests.json"
    cat >"$1/meson-logs/testlog.json"
}

make_build "$tmp/b1" "$tmp/no-shared" <<'EOF'
{"name": "spapr-irq:unit / test-a", "result": "OK", "stdout": "ok 1 /a/one\nok 2 /a/two # SKIP the model only\n1..2\n"}
{"name": "spapr-irq:cli / replay", "result": "SKIP", "stdout": "1..0 # SKIP no traces here\n"}
{"name": "spapr-irq:cli / cli", "result": "OK", "stdout": "ok 1 - runs\nok 2 # SKIP no /dev/kvm\n1..2\n"}
EOF
scripts=$src/scripts
if "$scripts/test-summary.sh" "$tmp/b1" >"$tmp/out1"; then
    ok "a run with skips only passes"
else
    not_ok "a run with skips only fails"
fi
expect "$tmp/out1" "shared: $tmp/no-shared NOT FOUND: the QEMU 7.2 reference vectors and traces were not compared (their tests are skipped below)"
expect "$tmp/out1" "check: 3 tests: 2 OK, 1 skipped, 0 failed (meson's count, all builds)"
expect "$tmp/out1" "check: subtests: 2 passed, 0 failed, 3 skipped"
expect "$tmp/out1" "skipped: the model only (1 in $tmp/b1)"
expect "$tmp/out1" "    /a/two"
expect "$tmp/out1" "skipped: no traces here (1 in $tmp/b1)"
expect "$tmp/out1" "    replay"
expect "$tmp/out1" "skipped: no /dev/kvm (1 in $tmp/b1)"
expect "$tmp/out1" "    cli"

mkdir -p "$tmp/shared"
make_build "$tmp/b2" "$tmp/shared" <<'EOF'
{"name": "spapr-irq:unit / test-a", "result": "FAIL", "stdout": "ok 1 /a/one\nnot ok 2 /a/two\n1..2\n"}
{"name": "spapr-irq:unit / test-b", "result": "TIMEOUT", "stdout": ""}
EOF
if "$scripts/test-summary.sh" "$tmp/b2" >"$tmp/out2"; then
    not_ok "a run with a failed subtest passes"
else
    ok "a run with a failed subtest fails"
fi
expect "$tmp/out2" "shared: $tmp/shared found"
expect "$tmp/out2" "failed: $tmp/b2: /a/two"
expect "$tmp/out2" "failed: $tmp/b2: test-b: TIMEOUT"
expect "$tmp/out2" "check: subtests: 1 passed, 2 failed, 0 skipped"

# The differential test's totals line is repeated, with its build; its
# skip (no QEMU 7.2) is named under its reason.
make_build "$tmp/b3" "$tmp/shared" <<'EOF'
{"name": "spapr-irq:differential / differential", "result": "OK", "stdout": "ok 1 - xics smp=1 power9\n# differential: 12 configurations, 7 answers compared with QEMU 7.2, 0 differences outside the table, 1 in it (a 1), 0.1 s\n1..1\n"}
{"name": "spapr-irq:differential / differential-self-test", "result": "SKIP", "stdout": "1..0 # SKIP no qemu-system-ppc64 here\n"}
EOF
"$scripts/test-summary.sh" "$tmp/b3" >"$tmp/out3"
expect "$tmp/out3" "differential: 12 configurations, 7 answers compared with QEMU 7.2, 0 differences outside the table, 1 in it (a 1), 0.1 s ($tmp/b3)"
expect "$tmp/out3" "skipped: no qemu-system-ppc64 here (1 in $tmp/b3)"
echo "1..$n"
[ "$failed" -eq 0 ]
