#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The QMP session of tests/cli/qmp-test.sh (TAP lines on stdout).

Usage: qmp-session.py SRC_SOCKET DST_SOCKET MIGRATION_URI QTEST_INFO_PIC
                      THIRD_SOCKET THIRD_URI
  SRC_SOCKET   a running `spapr-irq -qmp unix:SRC_SOCKET,server=on,wait=off`
  DST_SOCKET   the same machine with -incoming defer
  QTEST_INFO_PIC  a file with the qtest server's `info pic` text of the
               same machine
  THIRD_SOCKET the same machine with -incoming THIRD_URI
"""

import sys
import time

sys.path.insert(0, __import__("os").path.dirname(__file__))
from qmp_client import QmpClient, QmpError  # noqa: E402

n = 0
failed = 0


def check(cond, what, detail=""):
    global n, failed
    n += 1
    if cond:
        print(f"ok {n} - {what}")
    else:
        failed += 1
        print(f"not ok {n} - {what}")
        for line in str(detail).splitlines():
            print(f"# {line}")
    sys.stdout.flush()


def error_of(client, command, **args):
    try:
        client.cmd(command, **args)
    except QmpError as e:
        return (e.cls, e.desc)
    return None


def is_timestamp(ev):
    ts = ev.get("timestamp", {})
    return (set(ts) == {"seconds", "microseconds"} and
            all(isinstance(v, int) for v in ts.values()) and
            0 <= ts["microseconds"] < 1000000 and
            abs(ts["seconds"] - time.time()) < 600)


def status_is(client, status, what):
    st = client.cmd("query-status")
    check(st == {"status": status, "singlestep": False,
                 "running": status == "running"}, what, st)


src_path, dst_path, uri, qtest_pic, third_path, third_uri = sys.argv[1:7]

src = QmpClient(src_path)
check(src.greeting == {"QMP": {"version": {"qemu": {"micro": 0, "minor": 2,
                                                     "major": 7},
                                           "package": ""},
                               "capabilities": ["oob"]}},
      "the greeting is QEMU 7.2's", src.greeting)

err = error_of(src, "query-status")
check(err == ("CommandNotFound",
              "Expecting capabilities negotiation with 'qmp_capabilities'"),
      "a command before qmp_capabilities is refused as QEMU refuses it", err)
check(src.negotiate() == {}, "qmp_capabilities answers {}")
err = error_of(src, "qmp_capabilities")
check(err == ("CommandNotFound",
              "Capabilities negotiation is already complete, command ignored"),
      "a second qmp_capabilities is refused", err)

status_is(src, "running", "query-status: running")

check(src.cmd("stop") == {}, "stop answers {}")
ev = src.event("STOP")
check(set(ev) == {"event", "timestamp"} and is_timestamp(ev),
      "stop: a STOP event with its timestamp", ev)
status_is(src, "paused", "query-status: paused")

check(src.cmd("cont") == {}, "cont answers {}")
ev = src.event("RESUME")
check(ev["event"] == "RESUME" and is_timestamp(ev), "cont: a RESUME event", ev)
status_is(src, "running", "query-status: running again")

pic = src.cmd("human-monitor-command", **{"command-line": "info pic"})
with open(qtest_pic) as f:
    want = f.read()
check(isinstance(pic, str) and pic.endswith("\r\n") and
      pic.replace("\r\n", "\n") == want,
      "human-monitor-command info pic: the monitor's text (\\r\\n lines), "
      "the same as the qtest server's info pic", pic)
out = src.cmd("human-monitor-command", **{"command-line": "info status"})
check(out == "VM status: running\r\n", "human-monitor-command info status", out)

check(src.cmd("system_reset") == {}, "system_reset answers {}")
ev = src.event("RESET")
check(ev.get("data") == {"guest": False, "reason": "host-qmp-system-reset"},
      "system_reset: a RESET event with QEMU's data", ev)

# Errors as QEMU words them, with the request's id.
msg = src.execute_raw("no-such-command")
check(msg == {"error": {"class": "CommandNotFound",
                        "desc": "The command no-such-command has not been found"},
              "id": src.next_id}, "an unknown command: CommandNotFound, id echoed", msg)
err = error_of(src, "migrate")
check(err == ("GenericError", "Parameter 'uri' is missing"),
      "migrate without uri: Parameter 'uri' is missing", err)
err = error_of(src, "query-status", bogus=1)
check(err == ("GenericError", "Parameter 'bogus' is unexpected"),
      "an unexpected argument is refused", err)
err = error_of(src, "migrate", uri=5)
check(err == ("GenericError", "Invalid parameter type for 'uri', expected: string"),
      "an argument of the wrong type is refused", err)
err = error_of(src, "migrate-incoming", uri="unix:/nonexistent")
check(err == ("GenericError", "For use with '-incoming defer'"),
      "migrate-incoming without -incoming defer is refused", err)
src.send_raw('{"execute": "query-status", "id": {"a": [1, "x"]}}')
msg = src.reply()
check(msg.get("id") == {"a": [1, "x"]} and "return" in msg,
      "any JSON id is echoed as sent", msg)
src.send_raw('[1, 2]')
msg = src.reply()
check(msg == {"error": {"class": "GenericError",
                        "desc": "QMP input must be a JSON object"}},
      "a message that is not an object is refused", msg)
src.send_raw('{"execute": }')
msg = src.reply()
check(msg.get("error", {}).get("class") == "GenericError" and
      msg["error"]["desc"].startswith("JSON parse error"),
      "bad JSON: a parse error, and the session goes on", msg)
check(src.cmd("query-status")["running"] is True, "the session goes on")

# A migration between two processes, polled with query-migrate.
dst = QmpClient(dst_path)
dst.negotiate()
status_is(dst, "inmigrate", "the destination (-incoming defer): inmigrate")
check(src.cmd("query-migrate") == {}, "query-migrate before migrate: {}")
for c in (src, dst):
    c.cmd("migrate-set-capabilities",
          capabilities=[{"capability": "events", "state": True}])
check(dst.cmd("migrate-incoming", uri=uri) == {}, "migrate-incoming answers {}")
check(dst.event("MIGRATION")["data"] == {"status": "setup"},
      "the destination listens: MIGRATION setup")
err = error_of(dst, "migrate-incoming", uri=uri)
check(err == ("GenericError", "The incoming migration has already been started"),
      "a second migrate-incoming is refused", err)

check(src.cmd("migrate", uri=uri) == {}, "migrate answers {}")
status = None
for _ in range(300):
    info = src.cmd("query-migrate")
    status = info.get("status")
    if status in ("completed", "failed"):
        break
    time.sleep(0.1)
check(status == "completed" and info.get("total-time", -1) >= 0 and
      info.get("downtime", -1) >= 0,
      "query-migrate polled until completed", info)
states = [src.event("MIGRATION")["data"]["status"] for _ in range(3)]
check(states == ["setup", "active", "completed"],
      "the source's MIGRATION events: setup, active, completed", states)
ev = src.event("STOP")
check(ev["event"] == "STOP", "the source stopped for the migration")
status_is(src, "postmigrate", "the source: postmigrate")

states = [dst.event("MIGRATION")["data"]["status"] for _ in range(2)]
check(states == ["active", "completed"],
      "the destination's MIGRATION events: active, completed", states)
dst.event("RESUME")
status_is(dst, "running", "the destination runs after the load")
dpic = dst.cmd("human-monitor-command", **{"command-line": "info pic"})
check(dpic == pic, "the destination's info pic is the source's", dpic)

# The destination migrates on, to a machine started with -incoming URI.
third = QmpClient(third_path)
third.negotiate()
status_is(third, "inmigrate", "-incoming URI: inmigrate until the stream comes")
dst.cmd("migrate", uri=third_uri)
for _ in range(300):
    info = dst.cmd("query-migrate")
    if info.get("status") in ("completed", "failed"):
        break
    time.sleep(0.1)
check(info.get("status") == "completed", "a second migration, from the "
      "destination to a third machine, completes", info)
third.event("RESUME")
status_is(third, "running", "-incoming URI: running after the load")
check(third.cmd("human-monitor-command", **{"command-line": "info pic"}) == pic,
      "the third machine's info pic is the first's")
status_is(dst, "postmigrate", "the destination is now a source: postmigrate")
check(dst.cmd("cont") == {} and dst.event("RESUME")["event"] == "RESUME",
      "cont after a migration runs the source again, as in QEMU")
third.cmd("quit")
third.close()

check(dst.cmd("system_reset") == {} and
      dst.event("RESET")["data"]["reason"] == "host-qmp-system-reset",
      "system_reset on the destination: RESET")
check(dst.cmd("quit") == {}, "quit answers {}")
ev = dst.event("SHUTDOWN")
check(ev.get("data") == {"guest": False, "reason": "host-qmp-quit"},
      "quit: a SHUTDOWN event", ev)
try:
    dst.reply()
    closed = False
except (EOFError, ConnectionResetError):
    closed = True
check(closed, "quit: the server closes the connection")
src.cmd("quit")
src.close()
dst.close()

print(f"1..{n}")
sys.exit(1 if failed else 0)
