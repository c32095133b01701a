#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A qtest client written to QEMU's protocol document (the "QTest Protocol"
comment of QEMU's softmmu/qtest.c, the "rtas" command of hw/ppc/spapr_rtas.c)
and to libqtest's habits: it listens on a unix socket, starts the machine
with "-qtest unix:PATH", sends QEMU's commands in QEMU's exact syntax and
parses the answers as libqtest does: a line "IRQ raise N" / "IRQ lower N"
is asynchronous and updates the level of IRQ N; any other line is the
answer, "OK [values]" or "FAIL <message>".  Nothing here knows the tool's
extensions but the few "hcall"/"cpu" lines the sessions need to set up a
XIVE queue (QEMU has no qtest command for a guest's hcalls); they go through
cmd() like any other line.

Usage: qemu-qtest-client.py TOOL.  Prints "PASS <what>" or "FAILED <what>:
<why>" per check; exits 1 if any failed.
"""
import base64
import os
import socket
import subprocess
import sys
import tempfile

TIMEOUT = 30
failures = 0


def check(what, got, want):
    global failures
    if got == want:
        print("PASS %s" % what)
    else:
        failures += 1
        print("FAILED %s: got %r, want %r" % (what, got, want))


class QTest:
    """libqtest's QTestState, in short."""

    def __init__(self, tool, machine_args):
        self.dir = tempfile.mkdtemp()
        path = os.path.join(self.dir, "qtest.sock")
        lsock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        lsock.bind(path)
        lsock.listen(1)
        lsock.settimeout(TIMEOUT)
        self.proc = subprocess.Popen([tool] + machine_args +
                                     ["-qtest", "unix:" + path],
                                     stdin=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE)
        self.sock, _ = lsock.accept()
        lsock.close()
        self.sock.settimeout(TIMEOUT)
        self.rx = b""
        self.irq_level = {}
        self.irq_lines = []  # every async line, in order

    def recv_line(self):
        while b"\n" not in self.rx:
            data = self.sock.recv(4096)
            if not data:
                raise EOFError("the machine closed the qtest channel")
            self.rx += data
        line, self.rx = self.rx.split(b"\n", 1)
        return line.decode()

    def cmd(self, line):
        """Sends one line; returns the answer's words (async lines taken)."""
        self.sock.sendall((line + "\n").encode())
        while True:
            words = self.recv_line().split(" ")
            if words[0] == "IRQ":
                assert words[1] in ("raise", "lower"), words
                self.irq_level[int(words[2])] = words[1] == "raise"
                self.irq_lines.append(" ".join(words))
                continue
            if words[0] not in ("OK", "FAIL"):
                raise ValueError("answer to %r is %r" % (line, words))
            return words

    def ok(self, line):
        words = self.cmd(line)
        if words[0] != "OK":
            raise ValueError("%r answered %r" % (line, " ".join(words)))
        return words[1:]

    # The accessors of libqtest, with its formats.
    def readq(self, addr):
        return int(self.ok("readq 0x%x" % addr)[0], 0)

    def readl(self, addr):
        return int(self.ok("readl 0x%x" % addr)[0], 0)

    def readw(self, addr):
        return int(self.ok("readw 0x%x" % addr)[0], 0)

    def writeq(self, addr, val):
        self.ok("writeq 0x%x 0x%x" % (addr, val))

    def writel(self, addr, val):
        self.ok("writel 0x%x 0x%x" % (addr, val))

    def writeb(self, addr, val):
        self.ok("writeb 0x%x 0x%x" % (addr, val))

    def memread(self, addr, size):
        return bytes.fromhex(self.ok("read 0x%x 0x%x" % (addr, size))[0][2:])

    def memwrite(self, addr, data):
        self.ok("write 0x%x 0x%x 0x%s" % (addr, len(data), data.hex()))

    def bufread(self, addr, size):
        return base64.b64decode(self.ok("b64read 0x%x 0x%x" % (addr, size))[0])

    def bufwrite(self, addr, data):
        self.ok("b64write 0x%x 0x%x %s" %
                (addr, len(data), base64.b64encode(data).decode()))

    def memset(self, addr, size, pattern):
        self.ok("memset 0x%x 0x%x 0x%x" % (addr, size, pattern))

    def rtas_call(self, name, nargs, args, nret, ret):
        return int(self.ok("rtas %s %u 0x%x %u 0x%x" %
                           (name, nargs, args, nret, ret))[0])

    def irq_intercept_in(self, path):
        self.ok("irq_intercept_in %s" % path)

    def set_irq_in(self, path, name, num, level):
        self.ok("set_irq_in %s %s %d %d" % (path, name, num, level))

    def get_irq(self, num):
        return self.irq_level.get(num, False)

    def quit(self):
        self.sock.close()
        self.proc.wait(TIMEOUT)
        err = self.proc.stderr.read().decode()
        self.proc.stderr.close()
        os.unlink(os.path.join(self.dir, "qtest.sock"))
        os.rmdir(self.dir)
        return self.proc.returncode, err


def be32(*words):
    return b"".join(w.to_bytes(4, "big") for w in words)


def xics_session(tool):
    """RTAS on guest buffers, the device line, the vCPU line's async IRQ."""
    qts = QTest(tool, ["-machine", "pseries,ic-mode=xics", "-smp", "2"])
    check("endianness", qts.ok("endianness"), ["big"])
    qts.irq_intercept_in("/machine")
    check("irq_intercept_in twice on the same path", qts.cmd(
        "irq_intercept_in /machine"), ["OK"])
    check("irq_intercept_in on another path", qts.cmd(
        "irq_intercept_in /machine/other"), ["FAIL", "Unknown", "device"])

    # ibm,set-xive 0x1000 -> server 0, priority 5: the arguments written
    # with writel, the status read back from the results buffer.
    args, rets = 0x10000, 0x11000
    qts.memset(rets, 16, 0xaa)
    qts.writel(args, 0x1000)
    qts.writel(args + 4, 0)
    qts.writel(args + 8, 5)
    check("rtas ibm,set-xive answers OK 0",
          qts.rtas_call("ibm,set-xive", 3, args, 1, rets), 0)
    check("ibm,set-xive status in the guest buffer", qts.readl(rets), 0)
    check("only NRET words written", qts.memread(rets + 4, 4),
          b"\xaa\xaa\xaa\xaa")
    # ibm,get-xive with its argument written by "write".
    qts.memwrite(args, be32(0x1000))
    check("rtas ibm,get-xive answers OK 0",
          qts.rtas_call("ibm,get-xive", 1, args, 3, rets), 0)
    check("ibm,get-xive: status, server, priority (read)",
          qts.memread(rets, 12), be32(0, 0, 5))
    check("ibm,get-xive: the same through b64read", qts.bufread(rets, 12),
          be32(0, 0, 5))
    # A wrong argument count: the call runs, its status is -3, and only
    # the status is stored, as QEMU's handler does.
    qts.memset(rets, 16, 0xaa)
    check("rtas with a bad NARGS still answers OK 0",
          qts.rtas_call("ibm,get-xive", 2, args, 3, rets), 0)
    check("its status is -3 (parameter error), the results untouched",
          qts.memread(rets, 12), be32(0xfffffffd, 0xaaaaaaaa, 0xaaaaaaaa))
    qts.memwrite(args, be32(0x2000))
    check("ibm,get-xive of an IRQ out of the ICS: the status alone",
          (qts.rtas_call("ibm,get-xive", 1, args, 3, rets),
           qts.memread(rets, 12)),
          (0, be32(0xfffffffd, 0xaaaaaaaa, 0xaaaaaaaa)))
    check("an RTAS call the machine does not define: H_PARAMETER, as QEMU",
          qts.rtas_call("ibm,nothing", 0, args, 1, rets), 2**64 - 4)

    # The device line: CPU 0's line goes up, asynchronously, once the
    # guest opened its CPPR (H_CPPR 0xff, the tool's hcall).
    check("H_CPPR", qts.ok("hcall 0 0x68 0xff")[0], "0")
    qts.set_irq_in("/machine", "unnamed-gpio-in", 0x1000, 1)
    check("IRQ raise 0 came before the OK", qts.irq_lines, ["IRQ raise 0"])
    check("get_irq(0)", qts.get_irq(0), True)
    check("get_irq(1)", qts.get_irq(1), False)
    # The guest accepts (H_XIRR, the tool's hcall): the line goes down.
    check("H_XIRR", qts.ok("hcall 0 0x74"), ["0", "0xff001000", "0x0", "0x0",
                                            "0x0"])
    check("IRQ lower 0 came with it", qts.irq_lines,
          ["IRQ raise 0", "IRQ lower 0"])
    check("get_irq(0) after the accept", qts.get_irq(0), False)

    check("unknown command, QEMU's words", qts.cmd("outz 0x10"),
          ["FAIL", "Unknown", "command", "'outz'"])
    check("clock_step 1000", qts.ok("clock_step 1000"), ["1000"])
    check("clock_set 500 (the clock does not go back)",
          qts.ok("clock_set 500"), ["1000"])
    rc, err = qts.quit()
    check("the tool exits 0 when the client closes the channel", rc, 0)
    check("nothing on stderr", err, "")


def xive_session(tool):
    """ESB readq/writeq, the TIMA per vCPU, a queue in guest RAM."""
    esb_trig, esb_eoi = 0x6010020000000, 0x6010020010000  # IRQ 0x1000
    tima_os = 0x60302031a0000  # the TIMA's OS page
    qpage = 0x20000
    qts = QTest(tool, ["-machine", "pseries,ic-mode=xive", "-smp", "2"])
    qts.irq_intercept_in("/machine")
    check("ESB load GET: PQ=01 (off) after reset", qts.readq(esb_eoi + 0x800),
          1)
    check("TIMA OS ring of CPU 0", qts.readq(tima_os + 0x10),
          0x000000ffff0000ff)
    qts.ok("cpu 1")  # the tool's context: the next accesses are CPU 1's
    qts.writeb(tima_os + 0x11, 0xff)  # CPPR 0xff
    check("TIMA OS ring of CPU 1 after its CPPR store",
          qts.readq(tima_os + 0x10), 0x00ff00ffff0000ff)
    # The guest's set-up (hcalls, the tool's): CPU 1's priority 6 queue in
    # RAM, IRQ 0x1000 routed there with EISN 0x1000.
    qts.bufwrite(qpage, bytes(64))
    check("H_INT_SET_QUEUE_CONFIG",
          qts.ok("hcall 1 0x3b8 0 1 6 0x%x 16" % qpage)[0], "0")
    check("H_INT_SET_SOURCE_CONFIG",
          qts.ok("hcall 1 0x3ac 2 0x1000 1 6 0x1000")[0], "0")
    check("ESB load SET_PQ_00 returns the old PQ",
          qts.readq(esb_eoi + 0xc00), 1)
    qts.writeq(esb_trig, 0)  # trigger
    check("the trigger raised CPU 1's line", qts.irq_lines, ["IRQ raise 1"])
    check("ESB load GET: P set", qts.readq(esb_eoi + 0x800), 2)
    check("TIMA ACK_OS_REG on CPU 1: NSR 0x80, CPPR 6",
          qts.readw(tima_os + 0x810), 0x8006)
    check("the ack lowered CPU 1's line", qts.irq_lines,
          ["IRQ raise 1", "IRQ lower 1"])
    check("the event queue holds the EISN with the generation bit",
          qts.memread(qpage, 4), be32(0x80001000))
    check("ESB EOI (SET_PQ_00) returns PQ=10", qts.readq(esb_eoi + 0xc00), 2)
    qts.ok("cpu 0")
    check("CPU 0's TIMA is untouched", qts.readq(tima_os + 0x10),
          0x000000ffff0000ff)
    check("an access outside RAM and the regions reads 0, as QEMU",
          qts.cmd("readq 0x7000000000000"), ["OK", "0x0000000000000000"])
    check("a store there is dropped",
          (qts.cmd("writeq 0x7000000000000 1"), qts.readq(0x7000000000000)),
          (["OK"], 0))
    rc, err = qts.quit()
    check("the tool exits 0 when the client closes the channel", rc, 0)
    check("nothing on stderr", err, "")


def main():
    tool = sys.argv[1]
    xics_session(tool)
    xive_session(tool)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
