#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# -trace PATTERN, -trace events=FILE and -D FILE (TAP output): a replayed
# QEMU 7.2 trace logs exactly the trace's own lines for the events enabled.
# tools/trace_log.h, README.
set -u
tool=${SPAPR_IRQ_TOOL:?SPAPR_IRQ_TOOL names the spapr-irq binary}
traces=${SPAPR_IRQ_SHARED_DIR:-}/vectors/qemu-7.2/traces
. "$(dirname "$0")/tap.sh"

check() {
    if [ "$1" = yes ]; then ok "$2"; else not_ok "$2"; fi
}

# replay TRACE MODE SMP OPTIONS...: replays with the trace options; sets $rc.
replay() {
    t=$1 mode=$2 smp=$3
    shift 3
    "$tool" -machine "pseries,ic-mode=$mode" -cpu power9 -smp "$smp" \
        -accel tcg -replay "$traces/$t.trace" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}

# same TRACE REGEX LOG: LOG holds exactly the trace's lines matching REGEX
# (and at least one).
same() {
    grep -E "$2" "$traces/$1.trace" >"$tmp/want"
    [ -s "$tmp/want" ] && cmp -s "$tmp/want" "$3"
}

# The options without a trace: listing, warnings, refusals.
"$tool" -trace help >"$tmp/out" 2>"$tmp/err"
check "$([ $? -eq 0 ] && grep -qx xive_source_esb_read "$tmp/out" &&
    grep -qx xics_icp_accept "$tmp/out" && echo yes)" \
    "-trace help lists the events by QEMU's names"

"$tool" -trace help -trace no_such_event >"$tmp/out" 2>"$tmp/err"
check "$(grep -qx "spapr-irq: warning: trace event 'no_such_event' does not exist" \
    "$tmp/err" && echo yes)" \
    "an event name that does not exist is QEMU's warning"

printf '# a comment\n\nxive_tctx_*\nno_such_event\n' >"$tmp/events"
"$tool" -trace "events=$tmp/events" -trace help >"$tmp/out" 2>"$tmp/err"
check "$(grep -qx "spapr-irq: $tmp/events:4: warning: trace event 'no_such_event' does not exist" \
    "$tmp/err" && [ "$(wc -l <"$tmp/err")" -eq 1 ] && echo yes)" \
    "events=FILE: the warning names the file and line; comments, empty lines and matching patterns are quiet"

"$tool" -trace 'nothing_*' -trace help >"$tmp/out" 2>"$tmp/err"
check "$([ ! -s "$tmp/err" ] && echo yes)" \
    "a pattern that matches nothing is quiet, as in QEMU"

"$tool" -D /nonexistent/dir/log >"$tmp/out" 2>"$tmp/err"
check "$([ $? -eq 1 ] && grep -q '^spapr-irq: -D /nonexistent/dir/log: ' "$tmp/err" &&
    echo yes)" "-D on a file that cannot be created is an error"

"$tool" -trace 'x=1' >"$tmp/out" 2>"$tmp/err"
check "$([ $? -eq 1 ] && grep -q 'expected \[enable=\]PATTERN' "$tmp/err" &&
    echo yes)" "-trace with an unknown key is refused"

# The qtest server's machine logs its events too: an ESB load on IPI 0.
printf 'readq 0x6010000010800\nquit\n' |
    "$tool" -machine pseries,ic-mode=xive -cpu power9 -accel tcg \
    -trace 'xive_source_esb_read' -qtest stdio >"$tmp/out" 2>"$tmp/err"
check "$([ $? -eq 0 ] &&
    grep -qx 'xive_source_esb_read @0x10800 IRQ 0x0 val=0x1' "$tmp/err" &&
    echo yes)" "-trace with -qtest logs the machine's events"

if [ -z "${SPAPR_IRQ_SHARED_DIR:-}" ] ||
    [ ! -r "$traces/linux-6.1-smp2-ic-xive.trace" ]; then
    echo "# SKIP the replays: no QEMU 7.2 traces in \$SPAPR_IRQ_SHARED_DIR/vectors"
    tap_end
    exit
fi

# The acceptance: -trace 'xive_*' -D FILE of a replayed trace equals the
# trace's own xive_* lines.
for t in linux-6.1-smp2-ic-xive linux-6.1-smp2-ic-dual \
    linux-6.1-smp2-dual-reboot; do
    replay "$t" dual 2 -trace 'xive_*' -D "$tmp/log"
    check "$([ "$rc" -eq 0 ] && same "$t" '^xive_' "$tmp/log" && echo yes)" \
        "$t: -trace 'xive_*' -D FILE equals the trace's xive_* lines"
done

t=linux-6.1-smp2-maxcpus4-dual-cpu-hotplug
replay "$t" dual 2,maxcpus=4 -trace 'xive_*' -trace 'xics_*' -D "$tmp/log"
check "$([ "$rc" -eq 0 ] && same "$t" '^(xive|xics)_' "$tmp/log" && echo yes)" \
    "$t: two patterns log both families, in the trace's order"

replay linux-6.1-smp2-ic-xics xics 2 -trace 'xics_*' -D "$tmp/log"
check "$([ "$rc" -eq 0 ] && same linux-6.1-smp2-ic-xics '^xics_' "$tmp/log" &&
    echo yes)" "linux-6.1-smp2-ic-xics: -trace 'xics_*' equals the trace's xics_* lines"

# events=FILE with a disabling line; no -D: the lines go to stderr.
printf 'xive_*\n-xive_tctx_*\n' >"$tmp/events"
replay linux-6.1-smp2-ic-xive dual 2 -trace "events=$tmp/events"
check "$([ "$rc" -eq 0 ] &&
    same linux-6.1-smp2-ic-xive '^xive_(source|router|presenter)' "$tmp/err" &&
    echo yes)" "events=FILE: xive_* without xive_tctx_*, on stderr without -D"

# The log is the model's: a trace the model does not follow shows it.
sed 's/^\(xive_source_esb_read @0x10c00 IRQ 0x0\) val=0x1$/\1 val=0x0/' \
    "$traces/linux-6.1-smp2-ic-xive.trace" >"$tmp/copy.trace"
"$tool" -machine pseries,ic-mode=dual -cpu power9 -smp 2 -accel tcg \
    -replay "$tmp/copy.trace" -trace 'xive_source_esb_read' -D "$tmp/log" \
    >"$tmp/out" 2>"$tmp/err"
check "$(grep -qx 'xive_source_esb_read @0x10c00 IRQ 0x0 val=0x1' "$tmp/log" &&
    ! grep -q 'val=0x0$' "$tmp/log" && echo yes)" \
    "the log holds the model's values, not the trace's"

tap_end
