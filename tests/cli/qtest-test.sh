#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The qtest protocol (docs/specs/qtest.md): QEMU's commands and answers and
# the tool's extensions over stdio, then a client written to QEMU's protocol
# document over a unix socket, as libqtest connects (TAP).
set -u
tool=${SPAPR_IRQ_TOOL:?SPAPR_IRQ_TOOL names the spapr-irq binary}
. "$(dirname "$0")/tap.sh"

# session "machine options" <<commands ; runs the tool, answers in $tmp/out
session() {
    "$tool" $1 -qtest stdio >"$tmp/out" 2>"$tmp/err"
    echo $? >"$tmp/rc"
}

# answer N "expected line" description: the Nth answer (comments skipped)
answer() {
    got=$(grep -v '^# ' "$tmp/out" | sed -n "$1p")
    if [ "$got" = "$2" ]; then
        ok "$3"
    else
        echo "# answer $1: got '$got', want '$2'" >>"$tmp/err"
        not_ok "$3"
    fi
}

has() {
    if grep -qF -- "$1" "$tmp/out"; then ok "$2"; else not_ok "$2"; fi
}

rc_is() {
    if [ "$(cat "$tmp/rc")" = "$1" ]; then ok "$2"; else not_ok "$2"; fi
}

# XICS: CPPR, set-xive, fire, the line, accept, EOI.
session "-machine pseries,ic-mode=xics -smp 2" <<'CMDS'
active
hcall 0 0x68 0xff
writel 0x1000 0x1000
writel 0x1004 0
writel 0x1008 5
rtas ibm,set-xive 3 0x1000 1 0x2000
read 0x2000 4
write 0x1000 4 0x00001000
rtas ibm,get-xive 1 0x1000 3 0x2000
read 0x2000 12
irq_intercept_in /machine
irq_set 0x1000 1
lines
hcall 0 0x74
lines
hcall 0 0x64 0xff001000
raises
quit
active
CMDS
rc_is 0 "xics session exits 0"
if grep -q '^#' "$tmp/out"; then
    not_ok "no comment line without comments on (a QEMU client expects none)"
else
    ok "no comment line without comments on (a QEMU client expects none)"
fi
answer 1 "OK xics emulated" "active before CAS"
answer 2 "OK 0 0x0 0x0 0x0 0x0" "H_CPPR"
answer 3 "OK" "writel into guest RAM"
answer 6 "OK 0" "rtas ibm,set-xive on guest buffers"
answer 7 "OK 0x00000000" "its status in the results buffer"
answer 8 "OK" "write"
answer 9 "OK 0" "rtas ibm,get-xive"
answer 10 "OK 0x000000000000000000000005" "status, server and priority, big-endian"
answer 11 "OK" "irq_intercept_in /machine"
answer 12 "IRQ raise 0" "the device line raises CPU 0's line: an async line"
answer 13 "OK" "then the OK of irq_set"
answer 14 "OK 1 0" "lines: CPU 0's line is up"
answer 15 "IRQ lower 0" "H_XIRR lowers it: an async line"
answer 16 "OK 0 0xff001000 0x0 0x0 0x0" "H_XIRR accepts 0x1000 at priority 5"
answer 17 "OK 0 0" "the line is down after the accept"
answer 18 "OK 0 0x0 0x0 0x0 0x0" "H_EOI"
answer 19 "OK 1 0" "the line went up once"
answer 20 "OK" "quit"
answer 21 "" "nothing is answered after quit"

# Dual on kvm-sim: CAS picks XIVE at the next reset; a reset without CAS
# returns to XICS; XIVE MMIO and RAM.
session "-machine pseries -accel kvm-sim,host=power9-6.1 -smp 2" <<'CMDS'
comments on
reset
cas 0x40
active
reset
active
hcall 0 0x3a8 0 0x1000
info pic
cpu 1
readq 0x60302031a0010
writew 0x100 0xdead
readl 0x100
b64write 0x104 4 vu8=
read 0x100 8
memset 0x102 3 0x11
b64read 0x100 8
reset
active
CMDS
rc_is 0 "dual session exits 0 at the end of the input"
has "# spapr-irq qtest: 2 CPUs of 2, active xics" "the banner comes with comments on"
answer 1 "OK" "comments on"
answer 4 "OK xics kvm" "CAS is applied at the next reset only"
answer 6 "OK xive kvm" "after CAS and reset: the in-kernel XIVE"
has "XIVE backend: in-kernel" "info pic as comments"
answer 9 "OK" "cpu 1"
answer 10 "OK 0x000000ffff0000ff" "readq of CPU 1's TIMA OS ring (an in-kernel slot)"
answer 12 "OK 0x00000000dead0000" "readl: guest RAM is big-endian, 16 digits as QEMU"
answer 14 "OK 0xdead0000beef0000" "b64write (short data zero-filled), read"
answer 16 "OK 3q0RERHvAAA=" "memset, b64read"
answer 18 "OK xics kvm" "a reset without CAS returns to XICS"

# Errors: one FAIL answer each, the session goes on.
session "-machine pseries,ic-mode=xics" <<'CMDS'
bogus 1
hcall
hcall x 0x68
hcall 1 0x68 0xff
readq 0x7000000000000
rtas ibm,nothing 0 0 0 0
irq_set 0x1fff 1
claim 0x1500 dma
cas 0x80
read 0x100 0
write 0x100 2 0xabzz
info cpus
cpu 1
irq_intercept_in /machine/unattached
rtas ibm,set-xive 3 0x40000000 1 0
set_irq_in /machine unnamed-gpio-in 0x1000 1
outb 0x10 1
comments maybe
writeb 0x100 0x1ff
readb 0x100
active
CMDS
answer 1 "FAIL Unknown command 'bogus'" "unknown command, QEMU's words"
answer 2 "FAIL hcall takes 2 to 18 arguments" "too few arguments"
answer 3 'FAIL bad CPU index "x"' "bad CPU index"
answer 4 'FAIL bad CPU index "1"' "CPU index beyond maxcpus"
answer 5 "OK 0x0000000000000000" "an access nowhere reads 0, as QEMU's unassigned memory"
answer 6 "OK 18446744073709551612" "an RTAS call the machine lacks: H_PARAMETER, as QEMU"
answer 7 "FAIL IRQ 8191 (0x1fff) is not claimed" "irq_set of an unclaimed IRQ"
answer 8 'FAIL bad kind "dma" (msi or lsi)' "bad claim kind"
answer 9 "FAIL guest requested an invalid interrupt mode" "CAS refused with QEMU's message"
answer 10 'FAIL bad size "0"' "read of 0 bytes"
answer 11 'FAIL bad data "0xabzz"' "bad hex data"
answer 12 'FAIL unknown info "cpus" (pic)' "unknown info"
answer 13 'FAIL bad CPU index "1"' "cpu beyond maxcpus"
answer 14 "FAIL Unknown device" "irq_intercept_in of another QOM path"
answer 15 "FAIL ARGS not in guest RAM" "rtas arguments outside RAM"
answer 16 "OK" "set_irq_in: the device line of a claimed IRQ"
answer 17 "FAIL pseries has no I/O ports" "outb"
answer 18 'FAIL bad comments "maybe" (on or off)' "comments takes on or off"
answer 19 "OK" "writeb truncates the value, as QEMU"
answer 20 "OK 0x00000000000000ff" "readb: the answer has 16 digits, as QEMU"
answer 21 "OK xics emulated" "the session went on"

# The guest profile: refused before set-up, then a dual boot to XIVE, a
# device interrupt, an IPI, another kernel at the next boot.
session "-machine pseries -smp 2 -accel kvm-sim,host=power9-6.1" <<'CMDS'
comments on
guest take 0
guest cas
reset
active
guest setup
guest enable 0x1000 1
irq_set 0x1000 1
lines
guest take 1
guest take 1
guest ipi 1 0
guest take 0
host
guest use legacy
reset
active
guest cas
reset
guest setup
guest ipi 0 1
guest take 1
guest enable 0x1234 0
guest use windows
guest fly
quit
CMDS
rc_is 0 "guest session exits 0"
answer 2 "FAIL guest: the xics controller is not set up (guest setup after CAS and reset)" \
    "guest take before set-up is refused"
answer 3 "OK 0x40" "guest cas: the Linux guest asks for XIVE on a dual machine"
answer 5 "OK xive kvm" "the switch to XIVE at reset, in the kernel"
answer 6 "OK xive" "guest setup on XIVE"
answer 9 "OK 0 1" "the source fires on CPU 1"
answer 10 "OK eisn 0x1000" "CPU 1 takes EISN 0x1000"
answer 11 "OK none" "once"
answer 13 "OK eisn 0x10" "CPU 0 takes the IPI's EISN"
answer 14 "OK kvm-sim devices=1 vcpus=2 mappings=2 connected=2 tokens=0 stale=0 slots=2 mapped=17 exits=0 violations=0" \
    "host: one in-kernel XIVE, both vCPUs connected, ESB and TIMA mapped into the guest, the guest's 17 accesses served there"
answer 15 "OK" "guest use legacy"
answer 17 "OK xics kvm" "the reboot returns the dual machine to XICS"
answer 18 "OK 0x00" "the legacy guest asks for XICS"
answer 20 "OK xics" "guest setup on XICS"
answer 22 "OK xirr 0xff000002" "CPU 1 takes the XICS IPI"
answer 23 "FAIL guest: IRQ 0x1234 is not claimed" "an unclaimed source is refused"
answer 24 'FAIL Bad value for "-guest": "windows" (linux[,xive=off][,secure=on] or legacy[,secure=on])' \
    "an unknown profile is refused"
answer 25 'FAIL unknown guest command "fly" (cas, setup, enable, ipi, take, use)' \
    "an unknown guest command is refused"

# A refused "quit" (extra words) does not end the session.
session "-machine pseries -smp 1" <<'CMDS'
quit now
guest take
active
quit
active
CMDS
rc_is 0 "session with a refused quit exits 0"
answer 1 "FAIL quit takes 0 to 0 arguments" "quit with an argument is refused"
answer 2 "FAIL guest take takes 1 to 1 arguments" "a guest subcommand's word count is checked"
answer 3 "OK xics emulated" "the session went on after the refused quit"
answer 4 "OK" "quit"
answer 5 "" "nothing is read after quit"

# A client written to QEMU's protocol document, over a unix socket as
# libqtest connects: RTAS on guest buffers, ESB readq/writeq, the TIMA per
# vCPU, irq_intercept_in and its IRQ lines (tests/cli/qemu-qtest-client.py).
if command -v python3 >/dev/null; then
    python3 "$(dirname "$0")/qemu-qtest-client.py" "$tool" >"$tmp/py" 2>"$tmp/err"
    pyrc=$?
    while IFS= read -r l; do
        case $l in
        "PASS "*) ok "QEMU client: ${l#PASS }" ;;
        "FAILED "*) echo "# $l" >>"$tmp/err"; not_ok "QEMU client: ${l#FAILED }" ;;
        esac
    done <"$tmp/py"
    if [ "$pyrc" -eq 0 ] && [ -s "$tmp/py" ]; then
        ok "QEMU client: the sessions ran to the end"
    else
        not_ok "QEMU client: the sessions ran to the end (exit $pyrc)"
    fi
else
    echo "ok $((n + 1)) - QEMU client # SKIP python3 not found"
    n=$((n + 1))
fi

# Channel errors.
"$tool" -qtest tcp:1 >"$tmp/out" 2>"$tmp/err" </dev/null
if [ $? -eq 1 ] && grep -qF "not stdio or unix:PATH" "$tmp/err"; then
    ok "unknown channel refused"
else
    not_ok "unknown channel refused"
fi
"$tool" -qtest unix:"$tmp/none" >"$tmp/out" 2>"$tmp/err" </dev/null
if [ $? -eq 1 ] && grep -qF "No such file" "$tmp/err"; then
    ok "unix socket that nobody listens on"
else
    not_ok "unix socket that nobody listens on"
fi

tap_end
