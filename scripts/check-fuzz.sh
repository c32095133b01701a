#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs the state loader's libFuzzer harness (tests/fuzz/README.md) for
# FUZZ_TIME seconds (default 60) on a scratch copy of the corpus in the
# repo, which it never writes.  Builds it first in FUZZ_BUILD (default
# build-fuzz/) with clang, ASan+UBSan and libFuzzer's coverage in every
# object.  Without a clang that links -fsanitize=fuzzer it prints why and
# passes.  Fails on any crash, leak, sanitizer report, timeout or abort of
# the harness; the input that did it is kept in FUZZ_BUILD/crashes/.
#
#   scripts/check-fuzz.sh [extra libFuzzer flags...]
set -eu
cd "$(dirname "$0")/.."
build=${FUZZ_BUILD:-build-fuzz}
time=${FUZZ_TIME:-60}
rss=${FUZZ_RSS_MB:-2048}

cc=${FUZZ_CC:-}
if [ -z "$cc" ]; then
    for c in clang-14 clang; do
        if command -v "$c" >/dev/null 2>&1; then
            cc=$c
            break
        fi
    done
fi
if [ -z "$cc" ]; then
    echo "check-fuzz: SKIP: no clang (install the Debian package clang-14:" \
        "scripts/install-deps.sh)"
    exit 0
fi
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
    '{ return (int)(n && d[0]) * 0; }' >"$probe/p.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$probe/p.c" \
    -o "$probe/p" >"$probe/log" 2>&1; then
    echo "check-fuzz: SKIP: $cc cannot link -fsanitize=fuzzer:"
    sed 's/^/  /' "$probe/log" | head -5
    exit 0
fi

if [ ! -f "$build/build.ninja" ]; then
    CC=$cc meson setup "$build" -Dwerror=true -Dfuzz=true \
        -Dbuildtype=debugoptimized -Db_sanitize=address,undefined \
        -Db_lundef=false \
        -Dc_args="-fsanitize=fuzzer-no-link -fno-sanitize-recover=all"
fi
ninja -C "$build" tests/fuzz/fuzz-load

work="$probe/corpus"
mkdir -p "$work" "$build/crashes"
cp tests/fuzz/corpus/load/* "$work"/
if [ -d tests/data ]; then
    find tests/data -maxdepth 1 -name '*.bin' -exec cp {} "$work"/ \;
fi
echo "check-fuzz: fuzz-load for ${time}s on a copy of tests/fuzz/corpus/load" \
    "($(find "$work" -type f | wc -l) inputs), rss limit ${rss} MB"
set +e
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/tests/fuzz/fuzz-load" -max_total_time="$time" \
    -rss_limit_mb="$rss" -timeout=30 -print_final_stats=1 \
    -artifact_prefix="$build/crashes/" "$@" "$work" \
    >"$probe/fuzz.log" 2>&1
rc=$?
set -e
if [ $rc -ne 0 ]; then
    cat "$probe/fuzz.log"
    echo "check-fuzz: FAIL (exit $rc): the input is in $build/crashes/;" \
        "reproduce: $build/tests/fuzz/fuzz-load $build/crashes/FILE" >&2
    exit 1
fi
grep -E '^(INFO: seed corpus|#[0-9]+ *DONE|stat::number_of_executed_units|Done )' \
    "$probe/fuzz.log" || true
echo "check-fuzz: PASS"
