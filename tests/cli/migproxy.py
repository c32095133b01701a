#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# A one-connection TCP relay on loopback for tests/cli/migration-test.sh:
#   migproxy.py PORTFILE TARGET_PORT LIMIT [HOLD]
# listens on 127.0.0.1 (a free port, written to PORTFILE once listening),
# accepts one connection, connects to 127.0.0.1:TARGET_PORT and relays both
# ways.  LIMIT >= 0: after LIMIT bytes from the client it cuts both
# connections (or, with HOLD, stops relaying, creates PORTFILE.cut and
# waits to be killed).
# Every wait is bounded (30 s).
import os, select, socket, sys, time

portfile, target, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
hold = len(sys.argv) > 4
ls = socket.socket()
ls.bind(("127.0.0.1", 0))
ls.listen(1)
with open(portfile + ".tmp", "w") as f:
    f.write(str(ls.getsockname()[1]))
os.rename(portfile + ".tmp", portfile)
ls.settimeout(30)
c, _ = ls.accept()
t = socket.create_connection(("127.0.0.1", target), timeout=30)
sent = 0
ends = [c, t]
deadline = time.time() + 30
while time.time() < deadline:
    r, _, _ = select.select(ends, [], [], 1)
    for s in r:
        data = s.recv(65536)
        if s is c:
            if limit >= 0 and sent + len(data) >= limit:
                t.sendall(data[: limit - sent])
                sent = limit
                if hold:
                    open(portfile + ".cut", "w").close()
                    time.sleep(30)
                c.close()
                t.close()
                sys.exit(0)
            if not data:
                t.shutdown(socket.SHUT_WR)
                ends.remove(c)
            else:
                t.sendall(data)
                sent += len(data)
        else:
            if not data:
                c.close()
                t.close()
                sys.exit(0)
            c.sendall(data)
