#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The qtest-style protocol (docs/specs/qtest.md), driven over stdio (TAP).
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
rtas ibm,set-xive 0x1000 0 5
rtas ibm,get-xive 0x1000
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
has "# spapr-irq qtest: 2 CPUs of 2, active xics" "banner"
answer 1 "OK xics emulated" "active before CAS"
answer 2 "OK 0 0x0 0x0 0x0 0x0" "H_CPPR"
answer 3 "OK 0" "ibm,set-xive"
answer 4 "OK 0 0x0 0x5" "ibm,get-xive reads back server and priority"
answer 5 "OK" "irq_set"
answer 6 "OK 1 0" "CPU 0's line is up"
answer 7 "OK 0 0xff001000 0x0 0x0 0x0" "H_XIRR accepts 0x1000 at priority 5"
answer 8 "OK 0 0" "the line is down after the accept"
answer 9 "OK 0 0x0 0x0 0x0 0x0" "H_EOI"
answer 10 "OK 1 0" "the line went up once"
answer 11 "OK" "quit"
answer 12 "" "nothing is answered after quit"

# Dual on kvm-sim: CAS picks XIVE at the next reset; a reset without CAS
# returns to XICS; XIVE MMIO and RAM.
session "-machine pseries -accel kvm-sim,host=power9-6.1 -smp 2" <<'CMDS'
reset
cas 0x40
active
reset
active
hcall 0 0x3a8 0 0x1000
info pic
readq 0 0x6030203180000
memwrite 0x100 0xdeadbeef
memread 0x100 4
reset
active
CMDS
rc_is 0 "dual session exits 0 at the end of the input"
answer 3 "OK xics kvm" "CAS is applied at the next reset only"
answer 5 "OK xive kvm" "after CAS and reset: the in-kernel XIVE"
has "XIVE backend: in-kernel" "info pic as comments"
answer 9 "OK" "memwrite"
answer 10 "OK 0xdeadbeef" "memread"
answer 12 "OK xics kvm" "a reset without CAS returns to XICS"

# Errors: one ERR answer each, the session goes on.
session "-machine pseries,ic-mode=xics" <<'CMDS'
bogus 1
hcall
hcall x 0x68
hcall 1 0x68 0xff
readq 0 0x1000
rtas ibm,nothing 1
irq_set 0x1fff 1
claim 0x1500 dma
cas 0x80
memread 0x100 5000
memwrite 0x100 0xabc
info cpus
writeb 0 0x6030203180000 0x100
active
CMDS
answer 1 'ERR unknown command "bogus"' "unknown command"
answer 2 "ERR hcall takes 2 to 18 arguments" "too few arguments"
answer 3 'ERR bad CPU index "x"' "bad CPU index"
answer 4 'ERR bad CPU index "1"' "CPU index beyond maxcpus"
answer 5 "ERR 0x1000 is not an interrupt controller region" "MMIO outside the regions"
answer 6 'ERR unknown RTAS call "ibm,nothing"' "unknown RTAS call"
answer 7 "ERR IRQ 8191 (0x1fff) is not claimed" "irq_set of an unclaimed IRQ"
answer 8 'ERR bad kind "dma" (msi or lsi)' "bad claim kind"
answer 9 "ERR guest requested an invalid interrupt mode" "CAS refused with QEMU's message"
answer 10 'ERR bad size "5000"' "memread too large"
answer 11 'ERR bad data "0xabc"' "odd hex data"
answer 12 'ERR unknown info "cpus" (pic)' "unknown info"
answer 13 'ERR bad value "0x100"' "value too wide for writeb"
answer 14 "OK xics emulated" "the session went on"

# The guest profile: refused before set-up, then a dual boot to XIVE, a
# device interrupt, an IPI, another kernel at the next boot.
session "-machine pseries -smp 2 -accel kvm-sim,host=power9-6.1" <<'CMDS'
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
answer 1 "ERR guest: the xics controller is not set up (guest setup after CAS and reset)" \
    "guest take before set-up is refused"
answer 2 "OK 0x40" "guest cas: the Linux guest asks for XIVE on a dual machine"
answer 4 "OK xive kvm" "the switch to XIVE at reset, in the kernel"
answer 5 "OK xive" "guest setup on XIVE"
answer 8 "OK 0 1" "the source fires on CPU 1"
answer 9 "OK eisn 0x1000" "CPU 1 takes EISN 0x1000"
answer 10 "OK none" "once"
answer 12 "OK eisn 0x10" "CPU 0 takes the IPI's EISN"
answer 13 "OK kvm-sim devices=1 vcpus=2 mappings=2 connected=2 tokens=0 stale=0 slots=2 mapped=17 exits=0 violations=0" \
    "host: one in-kernel XIVE, both vCPUs connected, ESB and TIMA mapped into the guest, the guest's 17 accesses served there"
answer 14 "OK" "guest use legacy"
answer 16 "OK xics kvm" "the reboot returns the dual machine to XICS"
answer 17 "OK 0x00" "the legacy guest asks for XICS"
answer 19 "OK xics" "guest setup on XICS"
answer 21 "OK xirr 0xff000002" "CPU 1 takes the XICS IPI"
answer 22 "ERR guest: IRQ 0x1234 is not claimed" "an unclaimed source is refused"
answer 23 'ERR Bad value for "-guest": "windows" (linux[,xive=off][,secure=on] or legacy[,secure=on])' \
    "an unknown profile is refused"
answer 24 'ERR unknown guest command "fly" (cas, setup, enable, ipi, take, use)' \
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
answer 1 "ERR quit takes 0 to 0 arguments" "quit with an argument is refused"
answer 2 "ERR guest take takes 1 to 1 arguments" "a guest subcommand's word count is checked"
answer 3 "OK xics emulated" "the session went on after the refused quit"
answer 4 "OK" "quit"
answer 5 "" "nothing is read after quit"

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
