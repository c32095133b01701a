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

# reported LINE WANT GOT: a message of line LINE names WANT and GOT.
reported() {
    grep "^line $1: " "$tmp/out" | grep -F -- "$2" | grep -qF -- "$3"
}

# first_at LINE: the first mismatch reported is at line LINE.
first_at() {
    [ "$(grep -m 1 '^line [0-9]*: ' "$tmp/out" | cut -d: -f1)" = "line $1" ]
}

# expect_mismatch WHAT LINE WANT GOT: a changed copy is caught at LINE.
expect_mismatch() {
    replay xics "$tmp/copy"
    if [ "$rc" -eq 1 ] && summary && [ "$mismatches" -ge 1 ] &&
        reported "$2" "$3" "$4"; then
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
# What the replayer supplies is announced, with PAPR's names.
check "$(has "default pseries set" &&
    has "supplied the XICS driver's untraced H_CPPR(0xff) on 2 CPUs (line 3)" &&
    echo yes)" \
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

# A line naming a CPU the machine does not have, then an accept: reported,
# never an index past the CPU arrays (fuzz-replay's finding; the ASan
# build runs this too).
printf 'xive_tctx_sc target=1\nxics_icp_accept icp_accept: XIRR 0xf->0x50\nia\n' \
    >"$tmp/copy"
"$tool" -machine pseries,ic-mode=dual -cpu power9 -smp 1 -accel tcg \
    -replay "$tmp/copy" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "$([ "$rc" -eq 1 ] && summary && [ ! -s "$tmp/err" ] && echo yes)" \
    "a CPU past the machine's: reported, exit 1, nothing on stderr"

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

# (h) the real XIVE trace replays without a mismatch.
replay xive "$xive_trace"
if [ "$rc" -eq 0 ] && summary && [ "$mismatches" -eq 0 ] &&
    [ "$checked" -gt "$events" ] && [ "$events" -eq 2079 ] &&
    has "replay: guest chose XIVE at CAS (line 12" &&
    ! has "not understood"; then
    ok "xive trace: 2079 events, $checked checked, 0 mismatches, exit 0"
else
    not_ok "xive trace replays with 0 mismatches and checked > events"
fi
xive_checked=${checked:-0}

awk '{ printf "%d@1690000000.%06d:%s\r\n", 4242, NR, $0 }' "$xive_trace" \
    >"$tmp/copy"
replay xive "$tmp/copy"
check "$([ "$rc" -eq 0 ] && summary && [ "$mismatches" -eq 0 ] &&
    [ "$events" -eq 2079 ] && [ "$checked" -eq "$xive_checked" ] &&
    echo yes)" "xive trace with CRLF and timestamps replays the same"

# expect_xive WHAT LINE WANT GOT [FIRST]: a changed copy of the XIVE trace
# is caught at LINE (the first mismatch is at FIRST, LINE by default).
expect_xive() {
    replay xive "$tmp/copy"
    if [ "$rc" -eq 1 ] && summary && [ "$mismatches" -ge 1 ] &&
        reported "$2" "$3" "$4" && first_at "${5:-$2}"; then
        ok "$1"
    else
        not_ok "$1"
    fi
}

# A TIMA read value: the ack of line 31 runs ahead of its line (its
# xive_tctx_accept comes first); the value and the line are checked.
sed '31s/val=0x8006$/val=0x8005/' "$xive_trace" >"$tmp/copy"
expect_xive "changed TIMA read value is a mismatch at line 31" 31 \
    "TIMA read value: expected 0x8005" "got 0x8006"
check "$(reported 31 "expected 'xive_tctx_tm_read @0x20810 sz=2 val=0x8005'" \
    "got 'xive_tctx_tm_read @0x20810 sz=2 val=0x8006'" && echo yes)" \
    "changed TIMA read value: its line is compared too"

# An ack without an exception (line 248, no effect line): its CPU is the
# one line 247's xive_presenter_notify found (NVT 0x401: CPU 1).
sed '248s/val=0x6$/val=0x7/' "$xive_trace" >"$tmp/copy"
expect_xive "changed value of an ack without exception: line 248" 248 \
    "TIMA read value: expected 0x7" "got 0x6"

# The same ack between two equally near thread-context lines naming
# different CPUs: a CPPR store of CPU 0 (no change: its CPPR is 0xff since
# line 238) inserted after line 245 puts xive_tctx_set_cppr target=0 three
# lines before the ack (now line 250) and target=1 three lines after.  The
# CPU notified just before it (line 249, NVT 0x401) is the one that acks;
# the earlier of the two would be CPU 0, whose ack reads 0xff.
awk '{ print } NR == 245 { print "xive_tctx_tm_write @0x20011 sz=1 val=0xff"
    print "xive_tctx_set_cppr target=0 ring=0x10 IBP=0x00 PIPR=0xff new CPPR=0xff NSR=0x00" }' \
    "$xive_trace" >"$tmp/copy"
replay xive "$tmp/copy"
check "$([ "$rc" -eq 0 ] && summary && [ "$mismatches" -eq 0 ] &&
    [ "$events" -eq 2081 ] && echo yes)" \
    "an ack between two equally near CPUs runs on the CPU notified before it"

# An ESB read value (the EOI of IPI 0).
sed '32s/val=0x2$/val=0x3/' "$xive_trace" >"$tmp/copy"
expect_xive "changed ESB read value is a mismatch at line 32" 32 \
    "ESB read value: expected 0x3" "got 0x2"

# A TIMA store attributed to the other CPU: the CPPR store of line 250
# runs on the CPU its xive_tctx_set_cppr (line 251) names, now CPU 0,
# whose state differs.  (The ack of line 248 keeps the CPU line 247
# notified.)
sed '251s/target=1/target=0/' "$xive_trace" >"$tmp/copy"
expect_xive "TIMA store on the wrong CPU is a mismatch at line 251" 251 \
    "expected 'xive_tctx_set_cppr target=0 ring=0x10 IBP=0x02 PIPR=0x06" \
    "got 'xive_tctx_set_cppr target=0 ring=0x10 IBP=0x00 PIPR=0xff"

# A changed hcall argument: IPI 0 routed to priority 5, whose queue the
# guest never configured; the first trigger (line 27) shows it at line 28.
sed '18s/priority=0x6/priority=0x5/' "$xive_trace" >"$tmp/copy"
expect_xive "changed H_INT_SET_SOURCE_CONFIG priority: mismatch at line 28" \
    28 "expected 'xive_presenter_notify found NVT 0x0/0x400 ring=0x10'" \
    "got 'xive_router_end_notify END 0x00/0x0005 -> enqueue 0x00000010'"

# A changed hcall argument QEMU refuses: the guest went on, so the return
# code must be H_SUCCESS.
sed '14s/qsize=0x10$/qsize=0x11/' "$xive_trace" >"$tmp/copy"
expect_xive "changed H_INT_SET_QUEUE_CONFIG qsize: return code at line 14" \
    14 "H_INT_SET_QUEUE_CONFIG return code" "expected 0, got -58"

# The event queue entries: IPI 0's queue moved to another page between
# its first event (line 27) and the ack (line 30, now 31): the entry the
# guest takes before its EOI (line 32, now 33) is not in the queue.
awk 'NR == 30 { print "spapr_xive_set_queue_config flags=0x1 target=0x0 " \
    "priority=0x6 qpage=0x3600000 qsize=0x10" } { print }' "$xive_trace" \
    >"$tmp/copy"
expect_xive "event queue entry checked at the EOI (line 33)" 33 \
    "event queue entry at 0x3600000 (server 0 priority 6)" \
    "expected 0x80000010, got 0x0"

# A model step the trace shows but no read caused (an ack's accept line
# before an hcall): our model produced nothing.
awk 'NR == 17 { print "xive_tctx_accept target=0 ring=0x10 IBP=0x00 " \
    "PIPR=0xff CPPR=0x06 NSR=0x00 ACK" } { print }' "$xive_trace" >"$tmp/copy"
replay xive "$tmp/copy"
check "$([ "$rc" -eq 1 ] && summary && [ "$mismatches" -eq 1 ] &&
    has "line 17: expected 'xive_tctx_accept target=0 ring=0x10 IBP=0x00 PIPR=0xff CPPR=0x06 NSR=0x00 ACK', our model produced nothing" &&
    echo yes)" "a XIVE step that no guest read caused is a mismatch"

# The dual trace on a dual machine: the guest chose XIVE.
replay dual "$traces/linux-6.1-smp2-ic-dual.trace"
check "$([ "$rc" -eq 0 ] && summary && [ "$mismatches" -eq 0 ] &&
    [ "$events" -eq 1871 ] && [ "$checked" -gt "$events" ] && echo yes)" \
    "dual trace on ic-mode=dual: XIVE chosen, 0 mismatches, exit 0"

# The xics and xive traces on a dual machine: the guest's choice (XICS,
# XIVE) is one a dual machine offers, so each replays cleanly.
replay dual "$xics_trace"
check "$([ "$rc" -eq 0 ] && summary && [ "$mismatches" -eq 0 ] &&
    [ "$events" -eq 692 ] && [ "$checked" -gt "$events" ] &&
    has "guest chose XICS at CAS" && echo yes)" \
    "xics trace on ic-mode=dual: XICS kept, 0 mismatches, exit 0"
replay dual "$xive_trace"
check "$([ "$rc" -eq 0 ] && summary && [ "$mismatches" -eq 0 ] &&
    [ "$events" -eq 2079 ] && [ "$checked" -gt "$events" ] &&
    has "guest chose XIVE at CAS" && echo yes)" \
    "xive trace on ic-mode=dual: XIVE chosen, 0 mismatches, exit 0"
# The dual trace on an XIVE-only machine: the guest chose XIVE, offered.
replay xive "$traces/linux-6.1-smp2-ic-dual.trace"
check "$([ "$rc" -eq 0 ] && summary && [ "$mismatches" -eq 0 ] && echo yes)" \
    "dual trace on ic-mode=xive: 0 mismatches, exit 0"

# (i) the machine does not offer what the guest chose.  The XICS trace
# shows no claims: our model's setup claim lines (the XIVE IPIs, the
# default claims) are dropped, not counted.
replay xive "$xics_trace"
check "$([ "$rc" -eq 1 ] && summary && [ "$mismatches" -eq 1 ] &&
    has "dropped the 10 claim lines our model emitted at setup" &&
    has "line 2: CAS refused: Guest requested unavailable interrupt mode (XICS)" &&
    echo yes)" "xics trace on an ic-mode=xive machine: CAS refused, exit 1"

# (j) a guest's life after boot (vectors README): each trace replays on
# the machine its .cmd file shows, 0 mismatches, 0 not understood, more
# than 5,000 checks.  replay_smp MODE SMP TRACE.
replay_smp() {
    "$tool" -machine "pseries,ic-mode=$1" -cpu power9 -smp "$2" -accel tcg \
        -replay "$3" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}
life_ok() {
    [ "$rc" -eq 0 ] && summary && [ "$mismatches" -eq 0 ] &&
        [ "$checked" -gt 5000 ] && ! grep -q "not understood" "$tmp/out"
}
reboot_trace=$traces/linux-6.1-smp2-dual-reboot.trace
affinity_trace=$traces/linux-6.1-smp4-xics-affinity-offline.trace
hotplug_trace=$traces/linux-6.1-smp2-maxcpus4-dual-cpu-hotplug.trace
replay_smp dual 2 "$reboot_trace"; summary || true
check "$(life_ok && echo yes)" \
    "reboot trace: 0 mismatches, 0 not understood, $checked checked"
# QEMU 7.2 switched during CAS (its XIVE operations follow CAS at once):
# the replay does too, and makes the reboot's machine reset itself.
check "$(has "replay: line 13 shows the trace's QEMU switched during CAS: replaying with -machine cas-switch=at-cas" &&
    has "replay: line 3274: a second CAS: the guest rebooted, the machine resets" &&
    echo yes)" "reboot trace: switched during CAS, reset at the second CAS"
replay_smp xics 4 "$affinity_trace"; summary || true
check "$(life_ok && echo yes)" \
    "affinity-offline trace: 0 mismatches, 0 not understood, $checked checked"
replay_smp dual 4 "$affinity_trace"; summary || true
check "$(life_ok && echo yes)" \
    "affinity-offline trace on ic-mode=dual: 0 mismatches, $checked checked"
# A QEMU 4.x-like trace: CAS rebooted the guest (a second CAS before any
# controller operation); the replay switches at that reset instead.
dual_trace=$traces/linux-6.1-smp2-ic-dual.trace
awk 'NR == 13 { print "spapr_cas_pvr current=0x0, explicit_match=1, new=0xf000005";
    print "spapr_cas_continue Copy changes to the guest: 14698 bytes" }
    { print }' "$dual_trace" >"$tmp/copy"
"$tool" -machine pseries,ic-mode=dual,cas-switch=at-cas -cpu power9 -smp 2 \
    -accel tcg -replay "$tmp/copy" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "$([ "$rc" -eq 0 ] && summary && [ "$mismatches" -eq 0 ] &&
    has "replay: line 13 shows the trace's QEMU switched at the reboot CAS asked for: replaying with -machine cas-switch=at-reset" &&
    ! has "a second CAS" && echo yes)" \
    "a trace whose CAS rebooted the guest replays with cas-switch=at-reset"
replay_smp dual 2,maxcpus=4 "$hotplug_trace"; summary || true
check "$(life_ok && has "CPU 2 added (server 2) at line 3414" &&
    has "CPU 2 removed after line 5003" && echo yes)" \
    "cpu-hotplug trace: CPU 2 added and removed, 0 mismatches, $checked checked"
# A XICS CPU that comes up during the run: the 4-CPU trace on -smp
# 3,maxcpus=4 (its .cmd copied so), where CPU 3 is added at the first line
# naming it (QEMU prints the ICP's CPU index in check_ipi and EOI lines)
# and gets the XICS driver's untraced H_CPPR(0xff), as a hot-plugged CPU
# does (Linux's xics_setup_cpu()).
mkdir -p "$tmp/hp"
cp "$affinity_trace" "$tmp/hp/x.trace"
echo 'qemu-system-ppc64 -M pseries\,ic-mode=xics -cpu power9 -smp 3\,maxcpus=4' \
    >"$tmp/hp/x.cmd"
replay_smp xics 3,maxcpus=4 "$tmp/hp/x.trace"; summary || true
check "$(life_ok && has "CPU 3 added (server 3) at line 15" &&
    has "supplied the XICS driver's untraced setup of CPU 3" && echo yes)" \
    "XICS CPU added during the run: set up as Linux does, 0 mismatches"
# The .cmd's -machine: vsmt (as the trace's accelerator resolves it) and
# max-cpu-compat must match ours; properties we do not have are named.
echo 'qemu-system-ppc64 -M pseries\,ic-mode=xics\,vsmt=2\,cap-cfpc=broken -cpu power9 -smp 3\,maxcpus=4 -accel tcg' \
    >"$tmp/hp/x.cmd"
replay_smp xics 3,maxcpus=4 "$tmp/hp/x.trace"; summary || true
check "$([ "$rc" -eq 2 ] &&
    has "replay: the trace's -machine property 'cap-cfpc=broken' is not one of ours: ignored" &&
    has "replay: this trace needs -machine vsmt=2 (its .cmd file: -machine pseries,ic-mode=xics,vsmt=2,cap-cfpc=broken)" &&
    echo yes)" "a .cmd with vsmt=2: 'this trace needs -machine vsmt=2', exit 2"
# Without the .cmd's maxcpus the replayer says what it needs, replays nothing.
replay_smp dual 2 "$hotplug_trace"; summary || true
check "$([ "$rc" -eq 2 ] &&
    has "replay: this trace needs -smp 2,maxcpus=4" && echo yes)" \
    "cpu-hotplug trace on -smp 2: 'this trace needs -smp 2,maxcpus=4', exit 2"

tap_end
