#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# A one-connection TCP relay for the network-namespace test of
# tests/cli/migration-test.sh:
#   migrelay.py LISTEN_HOST LISTEN_PORT TARGET_HOST TARGET_PORT
# accepts one connection and relays both ways until both ends close.  Every
# wait is bounded (30 s).
import select, socket, sys

lh, lp, th, tp = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind((lh, lp))
ls.listen(1)
ls.settimeout(30)
c, _ = ls.accept()
t = socket.create_connection((th, tp), timeout=30)
ends = [c, t]
while ends:
    r, _, _ = select.select(ends, [], [], 30)
    if not r:
        break
    for s in r:
        d = s.recv(65536)
        o = t if s is c else c
        if d:
            o.sendall(d)
        else:
            ends.remove(s)
            try:
                o.shutdown(socket.SHUT_WR)
            except OSError:
                pass
