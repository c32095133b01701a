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

expect 0 "" "default machine runs (the make run demo)" -- -smp 4
stdout_has "offered to the guest as dual (platform-support byte 23 = 0x80)" \
    "default machine offers dual"
stdout_has "  CAS: the machine offers byte 23 = 0x80 (either); the linux guest asks for 0x40 (XIVE)" \
    "the Linux guest asks for XIVE at CAS"
stdout_has "  after CAS and reset: xive (" \
    "default machine switches to XIVE after a Linux guest's CAS"
stdout_has "burst: 96 interrupts fired in 8 rounds, 96 taken (32 IPIs), 0 lost or misdelivered" \
    "the burst is taken once each across 4 CPUs"
stdout_has "summary: dual machine, linux guest, xive chosen at CAS" "one-line summary"
if sed -n '/^reboot:/,$p' "$tmp/out" | grep -q "^  reset, before CAS: xics ("; then
    ok "after the reboot the machine is back on XICS before CAS"
else
    not_ok "after the reboot the machine is back on XICS before CAS"
fi
if grep -qE "^host: /dev/kvm (is not usable|has no in-kernel|offers in-kernel)" "$tmp/out"; then
    ok "without -accel the demo says which host it picked and why"
else
    not_ok "without -accel the demo says which host it picked and why"
fi

# With the XIVE in the kernel the guest's ESB and TIMA accesses go through
# the pages the tool mapped into it: none exits to the VMM (so the library's
# MMIO entry serves none), and no vCPU ioctl is made while the vCPUs run.
for host in power9-6.1 power10-6.1; do
    expect 0 "" "the demo on kvm-sim $host" -- -smp 4 -accel kvm-sim,host=$host
    if grep -qE "^kvm-sim: [1-9][0-9]* guest accesses served by the 2 memory slots on the XIVE pages, 0 exits to the VMM, 0 vCPU ioctls while running$" "$tmp/out"; then
        ok "$host: the demo's interrupts go through the mapped XIVE pages"
    else
        not_ok "$host: the demo's interrupts go through the mapped XIVE pages"
    fi
done

# cas-switch=at-cas: the switch during CAS (QEMU 5.0 and later), no reset
# after it; the VM stopped around it, so no vCPU ioctl while running.
expect 0 "" "the demo with cas-switch=at-cas on kvm-sim" -- -smp 2 \
    -accel kvm-sim,host=power9-6.1 -machine pseries,cas-switch=at-cas
stdout_has "  CAS: switch xics (kvm) -> xive (kvm)" "at-cas: CAS switches to the in-kernel XIVE"
stdout_has "  after CAS: xive (kvm)" "at-cas: XIVE active after CAS, without a reset"
stdout_has "0 exits to the VMM, 0 vCPU ioctls while running" "at-cas: no vCPU ioctl while running"
if sed -n '/^reboot:/,$p' "$tmp/out" | grep -q "^  reset, before CAS: xics ("; then
    ok "at-cas: after the reboot the machine is back on XICS before CAS"
else
    not_ok "at-cas: after the reboot the machine is back on XICS before CAS"
fi
expect 1 'Bad value for "cas-switch" property: "soon" (accepted: at-reset, at-cas)' \
    "a bad cas-switch value names the property and the accepted values" \
    -- -machine pseries,cas-switch=soon

expect 0 "" "xics machine runs the demo" -- -machine pseries,ic-mode=xics -smp 2 -accel tcg
stdout_has "burst: 80 interrupts fired in 8 rounds, 80 taken (16 IPIs), 0 lost or misdelivered" \
    "XICS: every interrupt of the burst taken once"
stdout_has "CPU 1 server 1 XIRR=ff000000 PP=ff MFRR=ff line low" \
    "info pic shows CPU 1's ICP idle at the end"
stdout_has "  1200 LSI 05 00 server 1 saved 05" \
    "info pic shows the PCI LSI routed to server 1 at priority 5"
expect 0 "" "xive machine runs the demo" -- -machine pseries,ic-mode=xive -smp 2 -accel tcg
stdout_has "burst: 80 interrupts fired in 8 rounds, 80 taken (16 IPIs), 0 lost or misdelivered" \
    "XIVE: every interrupt of the burst taken once"
stdout_has "    OS     00   ff  00    ff   ff  00  ff   ff 80000401" \
    "info pic shows CPU 1's OS ring idle, CAM line of NVT 0x401"
stdout_has "  00001000 MSI  -- - valid     0006  00001000" \
    "info pic shows the EPOW EAS routed to END 6 with EISN 0x1000"
stdout_has "thread contexts looked up 80" \
    "80 deliveries looked at 80 thread contexts"
expect 0 "" "a legacy guest keeps a dual machine on XICS" -- -guest legacy -smp 2 -accel tcg
stdout_has "the legacy guest asks for 0x00 (XICS)" "the legacy guest asks for XICS"
stdout_has "summary: dual machine, legacy guest, xics chosen at CAS" \
    "the legacy guest runs on XICS"
expect 0 "" "linux,xive=off on an XIVE-only machine runs" \
    -- -machine pseries,ic-mode=xive -guest linux,xive=off -accel tcg
stdout_has "  guest: Ignoring cmdline option xive=off" \
    "linux,xive=off offered XIVE only says it ignores xive=off, as Linux does"
expect 1 'Bad value for "-guest": "windows"' "an unknown guest profile is refused" \
    -- -guest windows
expect 1 'guest profile "linux,secure=on" needs a machine with confidential-guest-support' \
    "a secure guest needs confidential-guest-support" -- -guest linux,secure=on
expect 1 "Guest requested unavailable interrupt mode (XICS)" \
    "a legacy guest on an XIVE-only machine fails at CAS" \
    -- -machine pseries,ic-mode=xive -guest legacy -accel tcg
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
expect 1 "spapr-irq: -bogus: invalid option" "unknown option refused in QEMU's words" -- -bogus x
expect 1 'spapr-irq: -machine: requires an argument' "missing argument refused in QEMU's words" -- -machine

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
# Issue 18: an empty fail= raised a GLib-CRITICAL (fatal here: the suite
# runs with G_DEBUG=fatal-criticals) and printed "(null)".
expect 1 'Bad value for "fail" property: ""' \
    "an empty fail= is refused, naming the property" \
    -- -accel kvm-sim,fail=
if grep -qF "(null)" "$tmp/err" || grep -qF "CRITICAL" "$tmp/err"; then
    not_ok "an empty fail= prints no (null) and no CRITICAL"
else
    ok "an empty fail= prints no (null) and no CRITICAL"
fi

expect 0 "" "host=help lists the profiles" -- -accel kvm-sim,host=help
for p in power8-4.19 power8-5.10 power9-4.19 power9-5.2 power9-6.1 \
    power9-6.1-uv power10-6.1 nested-5.10 none; do
    stdout_has "$p" "profile $p listed"
done

# The real /dev/kvm of a KVM host that is not POWER: no in-kernel XICS or
# XIVE.  Whether this is one is asked of the tool's own probe (the demo's
# "host:" line), not of /dev/kvm's mode or `uname -m`: under qemu-user the
# shell's machine is not the tool's, and no KVM ioctl is passed through.
"$tool" -smp 1 >"$tmp/out" 2>"$tmp/err"
kvm_host=$(grep -m1 '^host: /dev/kvm ' "$tmp/out" || true)
case "$kvm_host" in
"host: /dev/kvm has no in-kernel XICS or XIVE"*)
    expect 1 "kernel_irqchip requested but unavailable: KVM_CAP_IRQ_XICS" \
        "real KVM: kernel-irqchip=on names the missing capability" \
        -- -machine pseries,kernel-irqchip=on -accel kvm
    expect 0 "kernel_irqchip allowed but unavailable: KVM_CAP_IRQ_XICS, Falling back to kernel-irqchip=off" \
        "real KVM: allowed plans emulation and warns" -- -accel kvm
    stdout_has "active at start: xics (emulated)" "real KVM: XICS emulated"
    ;;
*)
    n=$((n + 1))
    echo "ok $n # SKIP real KVM: the tool's probe: ${kvm_host:-no host line}"
    ;;
esac

# ---- QEMU's command-line habits (issue 19, point 1) ----
# stdout_is "text" description (after expect): the whole of stdout
stdout_is() {
    if printf '%s\n' "$1" | cmp -s - "$tmp/out"; then ok "$2"; else not_ok "$2"; fi
}
for m in -machine -M; do
    expect 0 "" "$m help exits 0" -- $m help
    stdout_is "Supported machines are:
pseries              pSeries Logical Partition (PAPR compliant) (default)" \
        "$m help lists the machine in QEMU's form"
done
expect 0 "" "-machine pseries,help exits 0" -- -machine pseries,help
if [ "$(head -n 1 "$tmp/out")" = "pseries-machine options:" ] &&
    [ "$(sed 1d "$tmp/out" | sed 's/=.*//' | tr -d ' ' | tr '\n' ' ')" = \
        "cas-switch confidential-guest-support dumpdtb ic-mode kernel-irqchip max-cpu-compat vsmt " ]; then
    ok "-machine pseries,help lists every property, sorted, as QEMU does"
else
    not_ok "-machine pseries,help lists every property, sorted, as QEMU does"
fi
stdout_has '  ic-mode=<string>       - Specifies the interrupt controller mode (xics, xive, dual) (default: "dual")' \
    "ic-mode: QEMU's row, its values and default"
stdout_has '  kernel-irqchip=<OnOffSplit> - Configure KVM in-kernel irqchip (on, off, split)' \
    "kernel-irqchip: QEMU's row and its values"
stdout_has '  max-cpu-compat=<string> - Maximum permitted CPU compatibility mode (power8, power9, power10)' \
    "max-cpu-compat: QEMU's row and its values"
stdout_has '(at-reset, at-cas) (default: "at-reset")' "cas-switch: its values and default"
expect 0 "" "-machine pseries,ic-mode=xics,help lists too" -- -M pseries,ic-mode=xics,help
stdout_has "pseries-machine options:" "a help property anywhere in -machine lists"
expect 0 "" "-cpu help exits 0" -- -cpu help
stdout_is "PowerPC power8
PowerPC power9
PowerPC power10" "-cpu help lists the models -cpu accepts"
expect 0 "" "-accel help exits 0" -- -accel help
stdout_is "Accelerators supported in QEMU binary:
tcg
kvm
kvm-sim" "-accel help lists the accelerators in QEMU's form"
expect 0 "" "-object help exits 0" -- -object help
stdout_has "  pef-guest" "-object help lists pef-guest"
expect 0 "" "-guest help exits 0" -- -guest help
for g in "linux " "linux,xive=off " "legacy "; do
    stdout_has "  $g" "-guest help lists $g"
done
for h in --help -h -help; do
    expect 0 "" "$h after other options wins" -- -smp 2 -bogus $h
    stdout_has "Usage:" "$h prints the usage"
done
expect 0 "" "--help lists every option" -- --help
for o in -machine -M -cpu -smp -accel -object -guest "fail=N" -replay -qtest \
    "stdio|unix:PATH" -incoming -migrate matrix analyze-migration -nodefaults \
    " -q " --version -version; do
    stdout_has "$o" "--help names $o"
done
for v in --version -version; do
    expect 0 "" "$v after other options wins" -- -machine pseries,ic-mode=bogus $v
    stdout_has "spapr-irq version " "$v prints the version"
done
expect 0 "" "-nodefaults is accepted" -- -nodefaults -smp 2 -accel tcg -q

# Options that would be ignored are refused, naming both.
touch "$tmp/empty.log"
expect 1 "spapr-irq: -replay and -qtest exclude each other" \
    "-replay with -qtest refused" -- -replay "$tmp/empty.log" -qtest stdio
expect 1 "spapr-irq: -replay and -guest exclude each other" \
    "-replay with -guest refused" -- -guest legacy -replay "$tmp/empty.log"
expect 1 "spapr-irq: -incoming and -migrate exclude each other" \
    "-incoming with -migrate refused" -- -incoming "unix:$tmp/s" -migrate "unix:$tmp/s"
expect 1 "spapr-irq: -qtest and -migrate exclude each other" \
    "-qtest with -migrate refused" -- -qtest stdio -migrate "unix:$tmp/s"
expect 1 "spapr-irq: -qtest and -machine dumpdtb exclude each other" \
    "-qtest with dumpdtb refused" -- -qtest stdio -machine "pseries,dumpdtb=$tmp/y.dtb"
expect 1 "spapr-irq: -qtest and -q exclude each other" "-qtest with -q refused" \
    -- -q -qtest stdio
for o in "-smp 4" "-machine pseries,ic-mode=xics" "-cpu power9"; do
    expect 1 "spapr-irq: matrix does not take $o: " "matrix refuses $o, naming it" \
        -- matrix $o
done

# The limit stated is the one enforced.
expect 1 "Invalid SMP CPUs 100000. The max CPUs supported by machine 'pseries' is 4096" \
    "-smp 100000 states the limit of 4096" -- -smp 100000
expect 1 "Invalid SMP CPUs 4097. The max CPUs supported by machine 'pseries' is 4096" \
    "-smp 4097 states the same limit" -- -smp 4097
expect 1 "Invalid SMP CPUs 5000. The max CPUs supported by machine 'pseries' is 4096" \
    "maxcpus=5000 states the same limit" -- -smp 1,maxcpus=5000
expect 1 "at most 4096 are supported" "4096 CPUs at vsmt 2 need more servers than there are" \
    -- -smp 4096 -machine pseries,vsmt=2 -accel kvm-sim
if grep -q 16384 "$tmp/err"; then not_ok "no message states 16384"; else ok "no message states 16384"; fi
expect 1 "spapr-irq: -accel hvf: Bad value" "-accel errors carry QEMU's option prefix" -- -accel hvf

# ---- the demo tells the truth at every size (issue 19, point 9) ----
expect 0 "" "the demo at -smp 16" -- -smp 16 -accel tcg
if [ "$(grep -c '^  cpu [0-9]*: took [1-9][0-9]* interrupts' "$tmp/out")" = 16 ] &&
    ! grep -q '^  cpu [0-9]*: took 0 ' "$tmp/out"; then
    ok "-smp 16: every one of the 16 CPUs took interrupts"
else
    not_ok "-smp 16: every one of the 16 CPUs took interrupts"
fi
stdout_has "burst: 192 interrupts fired in 8 rounds, 192 taken (128 IPIs), 0 lost or misdelivered" \
    "-smp 16: 8 IPIs for each of the 16 CPUs"
stdout_has "16 CPUs took 192 interrupts, each once on its CPU, every CPU its 8 IPIs and 4 device interrupts" \
    "-smp 16: the summary says what every CPU took"
expect 0 "" "the demo at -smp 4096" -- -smp 4096 -accel tcg
lines=$(wc -l <"$tmp/out")
if [ "$lines" -le 200 ]; then
    ok "-smp 4096 prints a bounded number of lines ($lines)"
else
    not_ok "-smp 4096 prints a bounded number of lines ($lines)"
fi
if [ "$(grep -c '^  cpus [0-9]*-[0-9]*: took [1-9]' "$tmp/out")" = 16 ]; then
    ok "-smp 4096: 16 lines of CPU ranges, each CPU took interrupts"
else
    not_ok "-smp 4096: 16 lines of CPU ranges, each CPU took interrupts"
fi
stdout_has "4096 CPUs took 36896 interrupts, each once on its CPU, every CPU its 8 IPIs and 1 to 2 device interrupts" \
    "-smp 4096: every CPU its IPIs and a share of the device interrupts"
expect 0 "" "-q: the demo quiet" -- -q -smp 4 -accel tcg
if [ "$(wc -l <"$tmp/out")" = 1 ] && grep -q "^summary: dual machine" "$tmp/out"; then
    ok "-q prints the summary line only"
else
    not_ok "-q prints the summary line only"
fi
expect 0 "" "-q: the demo quiet without -accel" -- -smp 2 -q
if [ "$(wc -l <"$tmp/out")" = 1 ]; then ok "-q hides the host choice too"; else not_ok "-q hides the host choice too"; fi


# matrix
expect 0 "" "matrix of power9-4.19" -- matrix -accel kvm-sim,host=power9-4.19
if grep -q '^dual .* on .*refused' "$tmp/out" &&
    grep -qF "KVM is incompatible with ic-mode=dual,kernel-irqchip=on" "$tmp/out"; then
    ok "matrix power9-4.19 refuses dual+on with QEMU's message"
else
    not_ok "matrix power9-4.19 refuses dual+on with QEMU's message"
fi
if grep -q '^dual  *allowed  *power9 linux,xive=off off  *| dual  *0x80  *| xics (kvm)  *| xics (kvm)  *|$' "$tmp/out"; then
    ok "matrix power9-4.19: a xive=off guest offered both keeps XICS in the kernel"
else
    not_ok "matrix power9-4.19: a xive=off guest offered both keeps XICS in the kernel"
fi
expect 0 "" "matrix --json" -- matrix -accel kvm-sim,host=power9-4.19 --json
if python3 - "$tmp/out" <<'PY'
import json, sys
cells = json.load(open(sys.argv[1]))
keys = ["host", "ic_mode", "kernel_irqchip", "compat", "guest", "secure",
        "start_ok", "start_error", "offered", "platform_byte23",
        "start_active", "start_impl", "cas_ok", "cas_error", "cas_active",
        "cas_impl", "warnings"]
assert len(cells) == 108, len(cells)
for c in cells:
    assert list(c) == keys, list(c)
guests = ["linux", "linux,xive=off", "legacy"]
assert [c["guest"] for c in cells[:6]] == [g for g in guests for _ in (0, 1)]
assert all(sum(c["guest"] == g for c in cells) == 36 for g in guests)
xoff = [c for c in cells if c["ic_mode"] == "dual" and
        c["kernel_irqchip"] == "allowed" and c["compat"] == "power9" and
        c["guest"] == "linux,xive=off" and not c["secure"]]
assert len(xoff) == 1 and xoff[0]["cas_ok"] and \
    xoff[0]["cas_active"] == "xics" and xoff[0]["cas_impl"] == "kvm" and \
    xoff[0]["warnings"] == [], xoff
bad = [c for c in cells if c["ic_mode"] == "dual" and c["kernel_irqchip"] == "on"
       and c["compat"] == "power9" and not c["secure"]]
assert bad and all(not c["start_ok"] and c["start_error"] ==
                   "KVM is incompatible with ic-mode=dual,kernel-irqchip=on"
                   for c in bad), bad
ok = [c for c in cells if c["start_ok"]]
assert ok and all(isinstance(c["platform_byte23"], int) for c in ok)
PY
then ok "matrix --json parses, 108 cells with exactly the documented keys and guests"
else not_ok "matrix --json parses, 108 cells with exactly the documented keys and guests"
fi

tap_end
