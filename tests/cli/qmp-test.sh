#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The QMP server (TAP output): a QMP client written from QEMU's
# specification (tests/cli/qmp_client.py) drives two spapr-irq processes
# through a session and a migration (tests/cli/qmp-session.py).
# docs/specs/qmp.md.
set -u
tool=${SPAPR_IRQ_TOOL:?SPAPR_IRQ_TOOL names the spapr-irq binary}
here=$(dirname "$0")
if ! command -v python3 >/dev/null; then
    echo "1..0 # SKIP no python3"
    exit 0
fi
tmp=$(mktemp -d)
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT

# wait_socket PATH: until the server listens (bounded).
wait_socket() {
    i=0
    while [ ! -S "$1" ] && [ $i -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
}

machine="-machine pseries,ic-mode=dual -cpu power9 -smp 2 -accel kvm-sim"
printf 'info pic\nquit\n' | "$tool" $machine -qtest stdio |
    sed -n 's/^# //p' | grep -v '^spapr-irq qtest: ' >"$tmp/pic"

"$tool" $machine -qmp "unix:$tmp/src.sock,server=on,wait=off" \
    2>"$tmp/src.err" &
pids="$pids $!"
src=$!
"$tool" $machine -qmp "unix:$tmp/dst.sock,server=on,wait=off" \
    -incoming defer 2>"$tmp/dst.err" &
pids="$pids $!"
dst=$!
"$tool" $machine -qmp "unix:$tmp/third.sock,server=on,wait=off" \
    -incoming "unix:$tmp/mig2.sock" 2>"$tmp/third.err" &
pids="$pids $!"
third=$!
wait_socket "$tmp/src.sock"
wait_socket "$tmp/dst.sock"
wait_socket "$tmp/third.sock"

python3 "$here/qmp-session.py" "$tmp/src.sock" "$tmp/dst.sock" \
    "unix:$tmp/mig.sock" "$tmp/pic" "$tmp/third.sock" "unix:$tmp/mig2.sock" \
    >"$tmp/tap"
status=$?
# The session's plan line comes last: the checks of this script before it.
grep -v '^1\.\.' "$tmp/tap"
n=$(grep -c '^\(not \)\?ok ' "$tmp/tap")

wait "$dst"
rc_dst=$?
wait "$src"
rc_src=$?
wait "$third"
rc_third=$?
pids=
n=$((n + 1))
if [ "$rc_dst" -eq 0 ] && [ "$rc_src" -eq 0 ] && [ "$rc_third" -eq 0 ] &&
    [ ! -e "$tmp/src.sock" ] && [ ! -e "$tmp/dst.sock" ] &&
    [ ! -e "$tmp/third.sock" ]; then
    echo "ok $n - the three processes exit 0 after quit and remove their sockets"
else
    echo "not ok $n - the three processes exit 0 after quit and remove their sockets"
    sed 's/^/# /' "$tmp/src.err" "$tmp/dst.err" "$tmp/third.err"
    status=1
fi

# tcp: a loopback port; anything else is refused.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$tool" $machine -qmp "tcp:127.0.0.1:$port,server=on,wait=off" \
    2>"$tmp/tcp.err" &
tcp=$!
pids="$tcp"
out=$(HERE=$here python3 - "$port" <<'PY'
import sys, time
sys.path.insert(0, __import__("os").environ["HERE"])
from qmp_client import QmpClient
for _ in range(100):
    try:
        c = QmpClient(("127.0.0.1", int(sys.argv[1])))
        break
    except OSError:
        time.sleep(0.1)
c.negotiate()
print(c.cmd("query-status")["status"])
c.cmd("quit")
PY
)
wait "$tcp"
rc=$?
pids=
n=$((n + 1))
if [ "$out" = running ] && [ "$rc" -eq 0 ]; then
    echo "ok $n - -qmp tcp:127.0.0.1:PORT serves QMP"
else
    echo "not ok $n - -qmp tcp:127.0.0.1:PORT serves QMP"
    echo "# got '$out', exit $rc"
    sed 's/^/# /' "$tmp/tcp.err"
    status=1
fi

# SIGTERM: QEMU's SHUTDOWN event with reason host-signal, exit 0.
"$tool" $machine -qmp "unix:$tmp/sig.sock,server=on,wait=off" \
    2>"$tmp/sig.err" &
sig=$!
pids="$sig"
wait_socket "$tmp/sig.sock"
out=$(HERE=$here python3 - "$tmp/sig.sock" "$sig" <<'PY'
import os, signal, sys
sys.path.insert(0, os.environ["HERE"])
from qmp_client import QmpClient
c = QmpClient(sys.argv[1])
c.negotiate()
os.kill(int(sys.argv[2]), signal.SIGTERM)
print(c.event("SHUTDOWN")["data"])
PY
)
wait "$sig"
rc=$?
pids=
n=$((n + 1))
if [ "$out" = "{'guest': False, 'reason': 'host-signal'}" ] && [ "$rc" -eq 0 ] &&
    [ ! -e "$tmp/sig.sock" ]; then
    echo "ok $n - SIGTERM: a SHUTDOWN event (host-signal), exit 0, socket removed"
else
    echo "not ok $n - SIGTERM: a SHUTDOWN event (host-signal), exit 0, socket removed"
    echo "# got '$out', exit $rc"
    status=1
fi

n=$((n + 1))
if ! "$tool" -qmp tcp:0.0.0.0:4444,server=on,wait=off 2>"$tmp/err" &&
    grep -q 'loopback' "$tmp/err"; then
    echo "ok $n - -qmp on a non-loopback address is refused"
else
    echo "not ok $n - -qmp on a non-loopback address is refused"
    status=1
fi
n=$((n + 1))
if ! "$tool" -qmp "unix:$tmp/x.sock" 2>"$tmp/err" &&
    grep -q 'server=on' "$tmp/err" &&
    ! "$tool" -qmp "unix:$tmp/x.sock,server=on" -qtest stdio 2>"$tmp/err" &&
    grep -q -- '-qmp and -qtest exclude each other' "$tmp/err" &&
    ! "$tool" -incoming defer 2>"$tmp/err" &&
    grep -q -- '-incoming defer needs -qmp' "$tmp/err"; then
    echo "ok $n - -qmp without server=on, -qmp with -qtest, -incoming defer alone: refused"
else
    echo "not ok $n - -qmp without server=on, -qmp with -qtest, -incoming defer alone: refused"
    sed 's/^/# /' "$tmp/err"
    status=1
fi
echo "1..$n"
exit $status
