#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The tool as a user meets it: exit codes and messages (TAP output).
set -u
tool=${SPAPR_IRQ_TOOL:?SPAPR_IRQ_TOOL names the spapr-irq binary}
. "$(dirname "$0")/tap.sh"

# expect RC "stderr substring" description -- args...
expect() {
    rc_want=$1 err_want=$2 what=$3
    shift 4
    "$tool" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne "$rc_want" ]; then
        echo "# exit $rc, wanted $rc_want" >>"$tmp/err"
        not_ok "$what"
    elif [ -n "$err_want" ] && ! grep -qF -- "$err_want" "$tmp/err"; then
        echo "# stderr lacks: $err_want" >>"$tmp/err"
        not_ok "$what"
    else
        ok "$what"
    fi
}

# stdout_has "substring" description (after expect)
stdout_has() {
    if grep -qF -- "$1" "$tmp/out"; then ok "$2"; else not_ok "$2"; fi
}

expect 0 "" "default machine runs" --
stdout_has "offered to the guest as dual (platform-support byte 23 = 0x80)" \
    "default machine offers dual"
stdout_has "after CAS and reset the active controller is xive (emulated)" \
    "default machine switches to XIVE after a Linux guest's CAS"

expect 0 "" "xics machine runs the delivery demo" -- -machine pseries,ic-mode=xics -smp 2
stdout_has "cpu 0: H_XIRR = 0xff001000 (source 0x1000)" \
    "the EPOW source is delivered to CPU 0 through XICS"
stdout_has "cpu 1: H_XIRR = 0xff000002 (source 0x2)" "CPU 1 takes an IPI"
stdout_has "CPU 1 server 1 XIRR=ff000000 PP=ff MFRR=ff line low" \
    "info pic shows CPU 1's ICP idle at the end"
stdout_has "  1000 MSI 05 00 server 0 saved 05" \
    "info pic shows the EPOW source configured"
expect 0 "" "xive machine runs the delivery demo" -- -machine pseries,ic-mode=xive -smp 2
stdout_has "cpu 0: TIMA ack = 0x8006, queue entry 0x80000011 (EISN 0x11)" \
    "the EPOW source is delivered to CPU 0 through XIVE (ack and queue entry)"
stdout_has "cpu 1: TIMA ack = 0x8006, queue entry 0x80000010 (EISN 0x10)" \
    "CPU 1 takes an IPI through its queue"
stdout_has "    OS     00   ff  00    ff   ff  00  ff   ff 80000401" \
    "info pic shows CPU 1's OS ring idle, CAM line of NVT 0x401"
stdout_has "  00001000 MSI  -- - valid     0006  00000011" \
    "info pic shows the EPOW EAS routed to END 6 with EISN 0x11"
stdout_has "thread contexts looked up 3" \
    "three deliveries looked at three thread contexts"
expect 0 "" "dumpdtb writes a tree and exits" \
    -- -machine "pseries,ic-mode=xics,dumpdtb=$tmp/x.dtb"
stdout_has "dtb dumped to $tmp/x.dtb. Exiting." "dumpdtb says where it wrote"
if [ -s "$tmp/x.dtb" ] && [ "$(od -An -tx1 -N4 "$tmp/x.dtb" | tr -d ' ')" = d00dfeed ]; then
    ok "dumpdtb file starts with the FDT magic"
else
    not_ok "dumpdtb file starts with the FDT magic"
fi
expect 1 "-replay needs a trace file" "-replay without a file refused" -- -replay

expect 1 'Bad value for "ic-mode" property: "bogus" (accepted: xics, xive, dual)' \
    "ic-mode=bogus names ic-mode and its values" -- -machine pseries,ic-mode=bogus
expect 1 'Bad value for "kernel-irqchip" property: "maybe" (accepted: on, off, split)' \
    "kernel-irqchip=maybe refused" -- -machine pseries,kernel-irqchip=maybe
expect 1 'Bad value for "max-cpu-compat" property' "max-cpu-compat=power7 refused" \
    -- -machine pseries,max-cpu-compat=power7
expect 1 'Bad value for "cpu" property: "power11" (accepted: power8, power9, power10)' \
    "-cpu power11 refused" -- -cpu power11
expect 1 'Bad value for "accel" property: "hvf" (accepted: tcg, kvm, kvm-sim)' \
    "-accel hvf refused" -- -accel hvf
expect 1 'Property "dies" not found for -smp' "-smp dies= refused" -- -smp 2,dies=2
expect 1 'Bad value for "host" property: "power7-3.10"' "unknown kvm-sim profile" \
    -- -accel kvm-sim,host=power7-3.10
expect 1 'unknown option "-bogus"' "unknown option refused" -- -bogus x
expect 1 'requires an argument' "missing argument refused" -- -machine

expect 1 "XIVE-only machines require a POWER9 CPU" "xive on POWER8 refused" \
    -- -machine pseries,ic-mode=xive -cpu power8
expect 1 "Compatibility PVR 0x0f000005 not valid for CPU" "compat above CPU refused" \
    -- -machine pseries,max-cpu-compat=power9 -cpu power8
expect 1 "PEF requires KVM" "secure guest under TCG refused" \
    -- -machine pseries,confidential-guest-support=pef0 -object pef-guest,id=pef0
expect 1 "refers to unknown object 'nope'" "unknown confidential-guest-support object" \
    -- -machine pseries,confidential-guest-support=nope
expect 0 "kernel-irqchip=on is ignored under TCG" "kernel-irqchip=on warns under TCG" \
    -- -machine pseries,kernel-irqchip=on
expect 1 "kernel_irqchip split mode not supported on pseries" "split refused under KVM" \
    -- -machine pseries,kernel-irqchip=split -accel kvm-sim
expect 1 "CPU model power10 is not supported by this KVM host (host CPU: POWER9)" \
    "-cpu above the host's generation refused" -- -cpu power10 -accel kvm-sim,host=power9-6.1
expect 1 "KVM is incompatible with ic-mode=dual,kernel-irqchip=on" \
    "dual+on refused on a host without release" \
    -- -machine pseries,kernel-irqchip=on -accel kvm-sim,host=power9-4.19
expect 0 "" "in-kernel XIVE under on runs on power9-6.1" \
    -- -machine pseries,ic-mode=xive,kernel-irqchip=on \
    -accel kvm-sim,host=power9-6.1
stdout_has "active at start: xive (kvm)" "the XIVE runs in the kernel"
stdout_has "XIVE backend: in-kernel" "info pic names the in-kernel backend"
expect 1 "kernel_irqchip requested but unavailable: KVM_CAP_PPC_IRQ_XIVE" \
    "in-kernel XIVE under on stops on power9-4.19, naming the capability" \
    -- -machine pseries,ic-mode=xive,kernel-irqchip=on \
    -accel kvm-sim,host=power9-4.19
expect 0 "" "in-kernel XICS under on runs on power8-4.19 (no release)" \
    -- -machine pseries,ic-mode=xics,kernel-irqchip=on \
    -accel kvm-sim,host=power8-4.19 -smp 2
stdout_has "active at start: xics (kvm)" "the XICS runs in the kernel"
expect 1 "XIVE: setting NR_SERVERS failed: Cannot allocate memory" \
    "fail=N:ERRNO reproduces an injected failure under on" \
    -- -machine pseries,ic-mode=xive,kernel-irqchip=on \
    -accel kvm-sim,host=power9-6.1,fail=9:ENOMEM
expect 0 "kernel_irqchip allowed but unavailable: XIVE: setting NR_SERVERS failed" \
    "fail=N under allowed falls back to emulation with a warning" \
    -- -machine pseries,ic-mode=xive -accel kvm-sim,host=power9-6.1,fail=9
stdout_has "xive (emulated)" "the fallback is the emulated XIVE"

expect 0 "" "host=help lists the profiles" -- -accel kvm-sim,host=help
for p in power8-4.19 power8-5.10 power9-4.19 power9-5.2 power9-6.1 \
    power9-6.1-uv power10-6.1 nested-5.10 none; do
    stdout_has "$p" "profile $p listed"
done

# The real /dev/kvm of this (x86) machine: no in-kernel XICS or XIVE.
if [ -r /dev/kvm ] && [ -w /dev/kvm ] && [ "$(uname -m)" != ppc64le ]; then
    expect 1 "kernel_irqchip requested but unavailable: KVM_CAP_IRQ_XICS" \
        "real KVM: kernel-irqchip=on names the missing capability" \
        -- -machine pseries,kernel-irqchip=on -accel kvm
    expect 0 "kernel_irqchip allowed but unavailable: KVM_CAP_IRQ_XICS, Falling back to kernel-irqchip=off" \
        "real KVM: allowed plans emulation and warns" -- -accel kvm
    stdout_has "active at start: xics (emulated)" "real KVM: XICS emulated"
else
    n=$((n + 1))
    echo "ok $n # SKIP /dev/kvm not usable here or a POWER host"
fi

# matrix
expect 0 "" "matrix of power9-4.19" -- matrix -accel kvm-sim,host=power9-4.19
if grep -q '^dual .* on .*refused' "$tmp/out" &&
    grep -qF "KVM is incompatible with ic-mode=dual,kernel-irqchip=on" "$tmp/out"; then
    ok "matrix power9-4.19 refuses dual+on with QEMU's message"
else
    not_ok "matrix power9-4.19 refuses dual+on with QEMU's message"
fi
expect 0 "" "matrix --json" -- matrix -accel kvm-sim,host=power9-4.19 --json
if python3 - "$tmp/out" <<'PY'
import json, sys
cells = json.load(open(sys.argv[1]))
keys = ["host", "ic_mode", "kernel_irqchip", "compat", "guest", "secure",
        "start_ok", "start_error", "offered", "platform_byte23",
        "start_active", "start_impl", "cas_ok", "cas_error", "cas_active",
        "cas_impl", "warnings"]
assert len(cells) == 72, len(cells)
for c in cells:
    assert list(c) == keys, list(c)
bad = [c for c in cells if c["ic_mode"] == "dual" and c["kernel_irqchip"] == "on"
       and c["compat"] == "power9" and not c["secure"]]
assert bad and all(not c["start_ok"] and c["start_error"] ==
                   "KVM is incompatible with ic-mode=dual,kernel-irqchip=on"
                   for c in bad), bad
ok = [c for c in cells if c["start_ok"]]
assert ok and all(isinstance(c["platform_byte23"], int) for c in ok)
PY
then ok "matrix --json parses, 72 cells with exactly the documented keys"
else not_ok "matrix --json parses, 72 cells with exactly the documented keys"
fi

tap_end
