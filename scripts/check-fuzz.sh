#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs the libFuzzer harnesses of tests/fuzz/ (tests/fuzz/README.md) in
# turn, each for FUZZ_TIME seconds (default 30: `make check-fuzz`; `make
# fuzz` passes 1800), on a scratch copy of its corpus in the repo, which it
# never writes.  Builds them first in FUZZ_BUILD (default build-fuzz/) with
# clang, ASan+UBSan and libFuzzer's coverage in every object.  Without a
# clang that links -fsanitize=fuzzer it prints why and passes.  Fails on
# any crash, leak, sanitizer report, broken invariant, timeout or abort of
# a harness; the input that did it is kept in FUZZ_BUILD/crashes/<harness>/.
#
#   FUZZ_HARNESSES  the harnesses to run (default: all five, in the order
#                   below)
#   FUZZ_KEEP=1     fuzz FUZZ_BUILD/corpus/<harness>/ instead of a scratch
#                   copy (made from the repo's corpus the first time), so
#                   that long runs build on each other (`make fuzz`)
#   FUZZ_RSS_MB     libFuzzer's -rss_limit_mb (default 2048)
#   FUZZ_STRICT=1   turns off the known-finding guards of the harnesses
#
#   scripts/check-fuzz.sh [extra libFuzzer flags...]
set -eu
cd "$(dirname "$0")/.."
build=${FUZZ_BUILD:-build-fuzz}
time=${FUZZ_TIME:-30}
rss=${FUZZ_RSS_MB:-2048}
harnesses=${FUZZ_HARNESSES:-fuzz-guest fuzz-load fuzz-qtest fuzz-options fuzz-replay}

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
targets=
for h in $harnesses; do
    targets="$targets tests/fuzz/$h"
done
# shellcheck disable=SC2086
ninja -C "$build" $targets

failed=
for h in $harnesses; do
    name=${h#fuzz-}
    if [ "${FUZZ_KEEP:-0}" = 1 ]; then
        work="$build/corpus/$name"
    else
        work="$probe/corpus-$name"
    fi
    if [ ! -d "$work" ]; then
        mkdir -p "$work"
        cp tests/fuzz/corpus/"$name"/* "$work"/
        if [ "$name" = load ] && [ -d tests/data ]; then
            find tests/data -maxdepth 1 -name '*.bin' -exec cp {} "$work"/ \;
        fi
    fi
    # Trace slices and qtest scripts are longer than libFuzzer's default
    # 4096-byte limit.
    maxlen=4096
    case $name in
    replay) maxlen=8192 ;;
    esac
    mkdir -p "$build/crashes/$name"
    echo "check-fuzz: $h for ${time}s on $work" \
        "($(find "$work" -type f | wc -l) inputs)"
    set +e
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$build/tests/fuzz/$h" -max_total_time="$time" -max_len="$maxlen" \
        -rss_limit_mb="$rss" -timeout=30 -print_final_stats=1 \
        -artifact_prefix="$build/crashes/$name/" "$@" "$work" \
        >"$probe/$name.log" 2>&1 &
    pid=$!
    # A progress line every 20 s (make check must never be silent for 30):
    # libFuzzer's latest status line.
    waited=0
    while kill -0 "$pid" 2>/dev/null; do
        sleep 1
        waited=$((waited + 1))
        if [ $((waited % 20)) -eq 0 ]; then
            last=$(grep -E '^#[0-9]+' "$probe/$name.log" | tail -n 1)
            echo "  $h: ${waited}s ${last:-(starting)}"
        fi
    done
    wait "$pid"
    rc=$?
    set -e
    if [ $rc -ne 0 ]; then
        cat "$probe/$name.log"
        echo "check-fuzz: $h FAILED (exit $rc): the input is in" \
            "$build/crashes/$name/; reproduce:" \
            "$build/tests/fuzz/$h $build/crashes/$name/FILE" >&2
        failed="$failed $h"
        continue
    fi
    # The figures of the run: executions, coverage, features.
    grep -E '^#[0-9]+[[:space:]]+DONE' "$probe/$name.log" | sed "s/^/  $h: /" || true
done
if [ -n "$failed" ]; then
    echo "check-fuzz: FAIL:$failed" >&2
    exit 1
fi
echo "check-fuzz: PASS"
