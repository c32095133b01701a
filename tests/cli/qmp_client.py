# SPDX-License-Identifier: GPL-2.0-or-later
"""A QMP client written from QEMU's QMP specification (docs/interop/
qmp-spec): Python's standard library only, as Debian 12 has no qemu.qmp.

The server greets with {"QMP": {"version": ..., "capabilities": [...]}};
the client negotiates with qmp_capabilities, then sends
{"execute": NAME, "arguments": {...}, "id": ID} and reads {"return": ...}
or {"error": {"class": ..., "desc": ...}} with the same id; asynchronous
events {"event": NAME, "data": {...}, "timestamp": {...}} may come at any
time and are kept until asked for."""

import json
import socket
import time


class QmpError(Exception):
    def __init__(self, error):
        super().__init__(f"{error['class']}: {error['desc']}")
        self.cls = error["class"]
        self.desc = error["desc"]


class QmpClient:
    def __init__(self, address, timeout=30.0):
        """address: a path (unix socket) or (host, port) (tcp)."""
        family = socket.AF_UNIX if isinstance(address, str) else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(address)
        self.buf = ""
        self.decoder = json.JSONDecoder()
        self.events = []
        self.next_id = 0
        self.greeting = self._read()
        if "QMP" not in self.greeting:
            raise RuntimeError(f"not a QMP greeting: {self.greeting!r}")

    def _read(self):
        """The next message from the server."""
        while True:
            text = self.buf.lstrip()
            if text:
                try:
                    msg, end = self.decoder.raw_decode(text)
                    self.buf = text[end:]
                    return msg
                except json.JSONDecodeError:
                    pass
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("the server closed the connection")
            self.buf += data.decode("utf-8")

    def send_raw(self, text):
        self.sock.sendall(text.encode("utf-8"))

    def reply(self):
        """The next answer; events before it are kept."""
        while True:
            msg = self._read()
            if "event" in msg:
                self.events.append(msg)
            else:
                return msg

    def execute_raw(self, command, arguments=None):
        """The whole answer ({"return": ...} or {"error": ...}, "id")."""
        self.next_id += 1
        req = {"execute": command, "id": self.next_id}
        if arguments is not None:
            req["arguments"] = arguments
        self.send_raw(json.dumps(req) + "\n")
        msg = self.reply()
        if msg.get("id") != self.next_id:
            raise RuntimeError(f"answer {msg!r} to request id {self.next_id}")
        return msg

    def cmd(self, command, **arguments):
        msg = self.execute_raw(command, arguments or None)
        if "error" in msg:
            raise QmpError(msg["error"])
        return msg["return"]

    def negotiate(self):
        return self.cmd("qmp_capabilities")

    def event(self, name, timeout=10.0):
        """Waits for event @name (kept or still to come) and returns it."""
        deadline = time.monotonic() + timeout
        while True:
            for i, ev in enumerate(self.events):
                if ev["event"] == name:
                    return self.events.pop(i)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {name} event")
            self.sock.settimeout(left)
            try:
                msg = self._read()
            finally:
                self.sock.settimeout(30.0)
            if "event" not in msg:
                raise RuntimeError(f"unexpected answer {msg!r}")
            self.events.append(msg)

    def close(self):
        self.sock.close()
