#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Migration of the tool's machines between two processes (TAP): the demo
# over tcp on loopback, a unix socket, file: and exec:, the qtest commands
# migrate and migrate-status, a refused connection, the stream cut at every
# 64-byte boundary, the connection cut and the destination killed while it
# receives (the source resumes and goes on delivering), a bit flip, two
# network namespaces joined by a veth pair (when the machine allows), and
# analyze-migration in text and JSON.
set -u
tool=${SPAPR_IRQ_TOOL:?SPAPR_IRQ_TOOL names the spapr-irq binary}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
proxy="$here/migproxy.py"
relay="$here/migrelay.py"
M="-smp 4"
LOST0="96 taken (32 IPIs), 0 lost or misdelivered"

check() { # check "description" command...
    d=$1
    shift
    if "$@"; then
        ok "$d"
    else
        not_ok "$d"
        for f in src dst; do
            [ -f "$tmp/$f" ] && tail -4 "$tmp/$f" | sed "s/^/# $f: /"
        done
    fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits (at most 10 s) until something listens on port $1 (in the caller's
# network namespace); wait_listen_cmd prints the same as a command.
wait_listen() {
    sh -c "$(wait_listen_cmd "$1")"
}
wait_listen_cmd() {
    echo "python3 - $1 <<'PY'"
    cat <<'PY'
import sys, time
port = "%04X" % int(sys.argv[1])
for _ in range(200):
    for f in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(f).read().splitlines()[1:]
        except OSError:
            continue
        for l in lines:
            w = l.split()
            if w[1].endswith(":" + port) and w[3] == "0A":
                sys.exit(0)
    time.sleep(0.05)
sys.exit(1)
PY
    echo PY
}

wait_file() { # waits (at most 10 s) for a path to exist
    i=0
    while [ ! -e "$1" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
    [ -e "$1" ]
}

# dest URI: starts the destination in the background (output in $tmp/dst).
dest() {
    "$tool" $M -incoming "$1" >"$tmp/dst" 2>&1 &
    dpid=$!
}
dest_wait() { wait "$dpid"; r=$?; }
src() { # src URI: the source demo, output in $tmp/src, status in $src_rc
    "$tool" $M -migrate "$1" >"$tmp/src" 2>&1
    src_rc=$?
}

# A successful migration: the source completed and stopped, the
# destination took every interrupt once.
migrated() { # migrated TRANSPORT
    dest_wait
    check "$1: source exits 0" [ "$src_rc" = 0 ]
    check "$1: source reports completed" grep -q "completed bytes" "$tmp/src"
    check "$1: source stops after completion" \
        grep -q "the source stops" "$tmp/src"
    check "$1: destination exits 0" [ "$r" = 0 ]
    check "$1: destination takes every interrupt once" \
        grep -qF "burst: 96 interrupts fired in 8 rounds, $LOST0" "$tmp/dst"
}

# The source failed and went on delivering.
resumed() { # resumed WHAT
    check "$1: source exits 1" [ "$src_rc" = 1 ]
    check "$1: source reports the failure" grep -q "^migrate .*: failed" "$tmp/src"
    check "$1: source resumes and delivers every interrupt" \
        grep -qF "burst: 96 interrupts fired in 8 rounds, $LOST0" "$tmp/src"
}

# ---- tcp on loopback ----
port=$(free_port)
dest "tcp:127.0.0.1:$port"
wait_listen "$port"
src "tcp:127.0.0.1:$port"
migrated "tcp"
cp "$tmp/src" "$tmp/src.tcp"

# ---- unix socket ----
sock="$tmp/mig.sock"
dest "unix:$sock"
wait_file "$sock"
sleep 0.1
src "unix:$sock"
migrated "unix"
check "unix: the socket file is removed" [ ! -e "$sock" ]

# ---- file: ----
src "file:$tmp/demo.mig"
dest "file:$tmp/demo.mig"
migrated "file"

# ---- exec: ----
src "exec:cat > '$tmp/exec.mig'"
dest "exec:cat '$tmp/exec.mig'"
migrated "exec"
check "exec: the stream equals file:'s" cmp -s "$tmp/exec.mig" "$tmp/demo.mig"

# ---- other hosts and guests, over file: ----
for v in "-accel kvm-sim,host=power9-6.1" \
    "-accel kvm-sim,host=power8-4.19 -machine pseries,ic-mode=xics" \
    "-guest legacy" "-machine pseries,ic-mode=xive -guest linux"; do
    M="-smp 4 $v"
    src "file:$tmp/v.mig"
    dest "file:$tmp/v.mig"
    migrated "$v"
done
M="-smp 4"

# ---- the qtest commands ----
sock="$tmp/q.sock"
"$tool" -smp 2 -qtest stdio -incoming "unix:$sock" >"$tmp/qdst" 2>&1 <<'CMDS' &
comments on
guest take 1
guest take 1
guest take 0
guest enable 0x1000 0
irq_set 0x1000 1
guest take 0
quit
CMDS
qpid=$!
wait_file "$sock"
sleep 0.1
"$tool" -smp 2 -qtest stdio >"$tmp/qsrc" 2>&1 <<CMDS
reset
guest cas
reset
guest setup
guest enable 0x1000 1
irq_set 0x1000 1
guest ipi 0 1
migrate-status
migrate unix:$sock
migrate-status
guest take 1
quit
CMDS
wait "$qpid"
qrc=$?
ans() { grep -v '^# ' "$1" | sed -n "$2p"; }
check "qtest: migrate-status before: none" \
    [ "$(ans "$tmp/qsrc" 8)" = "OK none bytes 0 total-ms 0.000 downtime-ms 0.000" ]
check "qtest: migrate answers completed" \
    sh -c "grep -v '^# ' '$tmp/qsrc' | sed -n 9p | grep -q '^OK completed bytes [0-9]* total-ms'"
check "qtest: migrate-status after: completed" \
    sh -c "grep -v '^# ' '$tmp/qsrc' | sed -n 10p | grep -q '^OK completed bytes [0-9]* total-ms [0-9.]* downtime-ms'"
check "qtest: the source's VM is stopped after completion" \
    sh -c "grep -v '^# ' '$tmp/qsrc' | sed -n 11p | grep -q '^FAIL the VM was migrated away'"
check "qtest: the destination exits 0" [ "$qrc" = 0 ]
check "qtest: the destination says it migrated in" \
    grep -q "^# spapr-irq qtest: migrated in from unix:" "$tmp/qdst"
check "qtest: the in-flight IPI and device interrupt are taken on CPU 1" \
    sh -c "[ \"\$(grep -v '^# ' '$tmp/qdst' | sed -n 2,4p | sort | tr '\n' ' ')\" = 'OK eisn 0x10 OK eisn 0x1000 OK none ' ]"
check "qtest: the migrated guest goes on taking interrupts" \
    [ "$(ans "$tmp/qdst" 7)" = "OK eisn 0x1000" ]

# ---- a refused connection: the source resumes ----
port=$(free_port)
src "tcp:127.0.0.1:$port"
resumed "refused"
check "refused: the reason is named" grep -q "Connection refused" "$tmp/src"

# ---- not loopback, bad URIs ----
"$tool" $M -migrate tcp:192.0.2.1:4444 >"$tmp/out" 2>"$tmp/err"
check "a non-loopback address is refused (exit 1)" [ $? = 1 ]
check "... with a clear message" grep -q "only loopback addresses" "$tmp/err"
"$tool" $M -incoming ftp:x >"$tmp/out" 2>"$tmp/err"
check "a bad URI is refused (exit 1)" [ $? = 1 ]
check "... with a clear message" grep -q "bad migration URI" "$tmp/err"

# ---- the stream cut at every 64-byte boundary (file:) ----
M="-smp 2 -machine pseries,ic-mode=xics"
src "file:$tmp/small.mig"
size=$(wc -c <"$tmp/small.mig")
cuts=0
bad=0
off=0
while [ "$off" -lt "$size" ]; do
    head -c "$off" "$tmp/small.mig" >"$tmp/cut.mig"
    "$tool" $M -incoming "file:$tmp/cut.mig" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" != 1 ] || ! grep -q "spapr-irq: migration stream: \(truncated\|bad magic\)" "$tmp/err" ||
        grep -q "burst:" "$tmp/out"; then
        bad=$((bad + 1))
        echo "# cut at $off: exit $rc: $(cat "$tmp/err")"
    fi
    cuts=$((cuts + 1))
    off=$((off + 64))
done
echo "# stream of $size bytes cut at $cuts 64-byte boundaries"
check "every cut of the stream is refused with a clear error ($cuts cuts)" [ "$bad" = 0 ]

# ---- a bit flip anywhere is refused ----
python3 - "$tmp/small.mig" "$tmp/flip.mig" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[len(b) // 2] ^= 0x10
open(sys.argv[2], "wb").write(b)
PY
"$tool" $M -incoming "file:$tmp/flip.mig" >"$tmp/out" 2>"$tmp/err"
check "a bit flip is refused (exit 1)" [ $? = 1 ]
check "... as a CRC32C mismatch" grep -q "CRC32C mismatch" "$tmp/err"

# ---- the connection cut mid-stream (tcp through a relay) ----
M="-smp 4"
full=$(wc -c <"$tmp/demo.mig")
for limit in 0 64 $((full / 4)) $((full / 2)) $((full - 4)); do
    port=$(free_port)
    dest "tcp:127.0.0.1:$port"
    wait_listen "$port"
    rm -f "$tmp/pport"
    python3 "$proxy" "$tmp/pport" "$port" "$limit" &
    ppid=$!
    wait_file "$tmp/pport"
    src "tcp:127.0.0.1:$(cat "$tmp/pport")"
    dest_wait
    wait "$ppid"
    resumed "cut after $limit bytes"
    check "cut after $limit bytes: destination exits 1" [ "$r" = 1 ]
    check "cut after $limit bytes: destination names the error" \
        grep -q "spapr-irq: migration stream: truncated" "$tmp/dst"
done

# ---- the destination killed while it receives ----
port=$(free_port)
dest "tcp:127.0.0.1:$port"
wait_listen "$port"
rm -f "$tmp/pport" "$tmp/pport.cut"
python3 "$proxy" "$tmp/pport" "$port" $((full / 2)) hold &
ppid=$!
wait_file "$tmp/pport"
# Once the destination has half of the stream, it is killed.
( wait_file "$tmp/pport.cut" && kill -9 "$dpid" 2>/dev/null
  sleep 0.2; kill "$ppid" 2>/dev/null ) &
kpid=$!
src "tcp:127.0.0.1:$(cat "$tmp/pport")"
wait "$kpid"
wait "$dpid" 2>/dev/null
wait "$ppid" 2>/dev/null
check "destination killed: it was killed mid-stream" [ -e "$tmp/pport.cut" ]
resumed "destination killed"

# ---- two network namespaces joined by a veth pair ----
# The tool speaks to loopback only; in each namespace a relay joins the
# namespace's loopback to the veth link, so the stream crosses it.
netns_skip=""
if [ "$(id -u)" != 0 ]; then
    netns_skip="not root"
elif ! command -v ip >/dev/null 2>&1; then
    netns_skip="no ip command (iproute2)"
fi
ns="spirq$$"
if [ -z "$netns_skip" ] && ! ip netns add "${ns}a" 2>"$tmp/err"; then
    netns_skip="cannot create a network namespace: $(head -1 "$tmp/err")"
fi
if [ -z "$netns_skip" ]; then
    cleanup_ns() { ip netns del "${ns}a" 2>/dev/null; ip netns del "${ns}b" 2>/dev/null; }
    if ip netns add "${ns}b" && ip link add "${ns}x" type veth peer name "${ns}y" &&
        ip link set "${ns}x" netns "${ns}a" && ip link set "${ns}y" netns "${ns}b" &&
        ip -n "${ns}a" addr add 10.231.0.1/30 dev "${ns}x" &&
        ip -n "${ns}b" addr add 10.231.0.2/30 dev "${ns}y" &&
        ip -n "${ns}a" link set "${ns}x" up && ip -n "${ns}b" link set "${ns}y" up &&
        ip -n "${ns}a" link set lo up && ip -n "${ns}b" link set lo up; then
        # destination in b on its loopback; a relay in b from the veth to it;
        # a relay in a from a's loopback to b's veth address.
        ip netns exec "${ns}b" "$tool" $M -incoming tcp:127.0.0.1:4444 >"$tmp/dst" 2>&1 &
        dpid=$!
        ip netns exec "${ns}b" sh -c "$(wait_listen_cmd 4444)"
        ip netns exec "${ns}b" python3 "$relay" 10.231.0.2 5555 127.0.0.1 4444 &
        rb=$!
        ip netns exec "${ns}b" sh -c "$(wait_listen_cmd 5555)"
        ip netns exec "${ns}a" python3 "$relay" 127.0.0.1 4444 10.231.0.2 5555 &
        ra=$!
        ip netns exec "${ns}a" sh -c "$(wait_listen_cmd 4444)"
        ip netns exec "${ns}a" "$tool" $M -migrate tcp:127.0.0.1:4444 >"$tmp/src" 2>&1
        src_rc=$?
        wait "$ra" "$rb" 2>/dev/null
        migrated "netns+veth"
    else
        netns_skip="cannot set up the veth pair"
    fi
    cleanup_ns
fi
if [ -n "$netns_skip" ]; then
    n=$((n + 1))
    echo "ok $n # SKIP two network namespaces over veth: $netns_skip"
fi

# ---- analyze-migration ----
"$tool" analyze-migration "$tmp/demo.mig" >"$tmp/out" 2>"$tmp/err"
check "analyze-migration exits 0" [ $? = 0 ]
check "analyze-migration names the envelope" grep -q 'migration stream "SPIRQMIG" version 1' "$tmp/out"
for s in spapr-irq vmm-ram vmm-guest; do
    check "analyze-migration lists section $s" grep -q "^section \"$s\"" "$tmp/out"
done
check "analyze-migration prints the walker's fields" grep -q "^    header\.[a-z_]* = 0x" "$tmp/out"
"$tool" analyze-migration "$tmp/demo.mig" --json >"$tmp/out" 2>"$tmp/err"
check "analyze-migration --json exits 0" [ $? = 0 ]
check "analyze-migration --json is JSON with the three sections and fields" python3 - "$tmp/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
names = [s["name"] for s in d["sections"]]
assert names == ["spapr-irq", "vmm-ram", "vmm-guest"], names
assert d["magic"] == "SPIRQMIG" and d["version"] == 1
f = d["sections"][0]["fields"]
assert f and all({"section", "field", "value", "offset", "size"} <= set(x) for x in f)
assert d["sections"][1]["runs"]
PY
"$tool" analyze-migration "$tmp/flip.mig" >"$tmp/out" 2>"$tmp/err"
check "analyze-migration of a corrupted stream exits 1" [ $? = 1 ]
check "... naming the CRC mismatch" grep -q "CRC32C mismatch" "$tmp/err"
"$tool" analyze-migration >"$tmp/out" 2>"$tmp/err"
check "analyze-migration without a file exits 1" [ $? = 1 ]

tap_end
