#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# spapr-irq -replay against the QEMU 7.2 traces of a Linux guest, and
# against broken copies of them (TAP output).  docs/specs/replay.md.
set -u
tool=${SPAPR_IRQ_TOOL:?SPAPR_IRQ_TOOL names the spapr-irq binary}
traces=${SPAPR_IRQ_SHARED_DIR:-}/vectors/qemu-7.2/traces
xics_trace=$traces/linux-6.1-smp2-ic-xics.trace
xive_trace=$traces/linux-6.1-smp2-ic-xive.trace
if [ -z "${SPAPR_IRQ_SHARED_DIR:-}" ] || [ ! -r "$xics_trace" ] ||
    [ ! -r "$xive_trace" ]; then
    echo "1..0 # SKIP no QEMU 7.2 traces in \$SPAPR_IRQ_SHARED_DIR/vectors"
    exit 0
fi
. "$(dirname "$0")/tap.sh"

check() {
    if [ "$1" = yes ]; then ok "$2"; else not_ok "$2"; fi
}

# replay MODE TRACE: runs the replay; sets $rc, output in $tmp/out, $tmp/err.
replay() {
    "$tool" -machine "pseries,ic-mode=$1" -cpu power9 -smp 2 -accel tcg \
        -replay "$2" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}

# The summary must be the last line of stdout; sets $events $checked
# $mismatches (empty if it is missing or malformed).
summary() {
    re='^replay: \([0-9][0-9]*\) events, \([0-9][0-9]*\) checked, \([0-9][0-9]*\) mismatches$'
    line=$(tail -n 1 "$tmp/out")
    events=$(echo "$line" | sed -n "s/$re/\1/p")
    checked=$(echo "$line" | sed -n "s/$re/\2/p")
    mismatches=$(echo "$line" | sed -n "s/$re/\3/p")
    [ -n "$events" ] && [ -n "$checked" ] && [ -n "$mismatches" ]
}

has() {
    grep -qF -- "$1" "$tmp/out"
}

# expect_mismatch WHAT LINE WANT GOT: a changed copy is caught at LINE.
expect_mismatch() {
    replay xics "$tmp/copy"
    if [ "$rc" -eq 1 ] && summary && [ "$mismatches" -ge 1 ] &&
        grep "^line $2: " "$tmp/out" | grep -F -- "$3" | grep -qF -- "$4"; then
        ok "$1"
    else
        not_ok "$1"
    fi
}

# (a) the real XICS trace replays without a mismatch.
replay xics "$xics_trace"
if [ "$rc" -eq 0 ] && summary && [ "$mismatches" -eq 0 ] &&
    [ "$checked" -gt "$events" ] && [ "$events" -eq 692 ]; then
    ok "xics trace: 692 events, $checked checked, 0 mismatches, exit 0"
else
    not_ok "xics trace replays with 0 mismatches and checked > events"
fi
check "$(has 'replay: guest chose XICS at CAS (line 2' && echo yes)" \
    "xics trace: the guest's CAS choice is reported"
check "$(has "default pseries set" && echo yes)" \
    "xics trace: the default claims are announced"

# The same trace with CRLF line ends and QEMU's timestamp prefix.
awk '{ printf "%d@1690000000.%06d:%s\r\n", 4242, NR, $0 }' "$xics_trace" \
    >"$tmp/copy"
replay xics "$tmp/copy"
check "$([ "$rc" -eq 0 ] && summary && [ "$mismatches" -eq 0 ] &&
    [ "$events" -eq 692 ] && echo yes)" \
    "xics trace with CRLF and timestamps replays the same"

# (b) an accept value changed.
sed '4s/->0x4000000$/->0x5000000/' "$xics_trace" >"$tmp/copy"
expect_mismatch "changed H_XIRR result is a mismatch at line 4" 4 \
    "0xff000002->0x5000000" "0xff000002->0x4000000"

# (c) an EOI's new XIRR changed.
sed '5s/new XIRR 0xff000000$/new XIRR 0xfe000000/' "$xics_trace" >"$tmp/copy"
expect_mismatch "changed EOI result is a mismatch at line 5" 5 \
    "new XIRR 0xfe000000" "new XIRR 0xff000000"

# A trace that lost an accept line (7): the EOI then finds the IPI still
# presented, and the model's EOI line differs.
awk 'NR != 7' "$xics_trace" >"$tmp/copy"
replay xics "$tmp/copy"
check "$([ "$rc" -eq 1 ] && summary && [ "$mismatches" -ge 1 ] && echo yes)" \
    "a trace missing an accept line mismatches"

# An EOI that leaves the IPI's MFRR below the new CPPR: our model presents
# the IPI again, which this trace does not show; the replay reports it and
# goes on with the next guest operation in step.
{
    head -n 4 "$xics_trace"
    echo "xics_icp_eoi icp_eoi: server 1 given XIRR 0x5000000 new XIRR 0x5000000"
    echo "xics_icp_accept icp_accept: XIRR 0x5000002->0x4000000"
    echo "xics_icp_eoi icp_eoi: server 1 given XIRR 0xff000002 new XIRR 0xff000000"
} >"$tmp/copy"
replay xics "$tmp/copy"
check "$([ "$rc" -eq 1 ] && summary && [ "$mismatches" -eq 1 ] &&
    has "line 6: our model emitted 'xics_icp_check_ipi CPU 1 can take IPI mfrr=0x4', which the trace does not show" &&
    echo yes)" "extra model events are reported and the replay stays in step"

# (d) an unknown event inserted as line 11.
awk 'NR == 11 { print "xics_bogus_event foo=1" } { print }' "$xics_trace" \
    >"$tmp/copy"
replay xics "$tmp/copy"
check "$([ "$rc" -eq 1 ] && summary && [ "$events" -eq 693 ] &&
    has "line 11: event 'xics_bogus_event' not understood" &&
    has "replay: 1 events not understood" && echo yes)" \
    "unknown event reported as not understood with its line, exit 1"

# A model step of XICS the model did not take.
awk 'NR == 11 { print "xics_ics_eoi ics_eoi: irq 0x1000" } { print }' \
    "$xics_trace" >"$tmp/copy"
replay xics "$tmp/copy"
check "$([ "$rc" -eq 1 ] && summary && [ "$mismatches" -eq 1 ] &&
    has "line 11: expected 'xics_ics_eoi ics_eoi: irq 0x1000', our model produced nothing" &&
    echo yes)" "a model step the model did not take is a mismatch"

# (e) an empty trace checks nothing.
: >"$tmp/copy"
replay xics "$tmp/copy"
check "$([ "$rc" -eq 1 ] && summary && [ "$checked" -eq 0 ] &&
    [ "$events" -eq 0 ] && echo yes)" "empty trace: exit 1, 0 checked"

# (f) a missing file.
replay xics "$tmp/no-such.trace"
check "$([ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] &&
    grep -qF "$tmp/no-such.trace" "$tmp/err" && echo yes)" \
    "missing trace: exit $rc, the file is named on stderr"

# (g) binary and garbage input.
replay xics "$tool"
check "$([ "$rc" -eq 1 ] && summary && has "not understood" && echo yes)" \
    "a binary file (the tool itself) is not understood, no crash"
{
    printf 'xics_icp_accept \000\377\n\n   \r\n'
    printf 'xics_icp_accept icp_accept: XIRR 0xffffffffffffffffffff->0x1\n'
    printf 'xics_icp_eoi\n%%s%%n%%x\n\377\376garbage\n'
    printf 'xics_icp_check_ipi CPU 99 can take IPI mfrr=0x4\n'
    awk 'BEGIN { for (i = 0; i < 200000; i++) printf "x"; print "" }'
} >"$tmp/copy"
replay xics "$tmp/copy"
check "$([ "$rc" -eq 1 ] && summary && [ "$events" -eq 7 ] &&
    has "line 1: binary data, not understood" &&
    has "line 8: CPU 99 is not present" && echo yes)" \
    "garbage lines: reported by line number, exit 1, no crash"

# (h) the XIVE trace, until the XIVE replay exists.
replay xive "$xive_trace"
check "$([ "$rc" -eq 1 ] && summary && [ "$events" -eq 2079 ] &&
    has "replay: guest chose XIVE at CAS (line 12" &&
    has "line 13: event 'spapr_xive_get_queue_info' not understood" &&
    echo yes)" "xive trace: XIVE chosen, its events not understood, exit 1"

# (i) the machine does not offer what the guest chose.
replay xive "$xics_trace"
check "$([ "$rc" -eq 1 ] && summary && [ "$mismatches" -eq 1 ] &&
    has "line 2: CAS refused: Guest requested unavailable interrupt mode (XICS)" &&
    echo yes)" "xics trace on an ic-mode=xive machine: CAS refused, exit 1"

tap_end
