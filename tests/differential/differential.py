#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The differential test: QEMU 7.2 and the spapr-irq tool side by side.

For each machine configuration (ic-mode xics, xive, dual x -smp 1, 4 x
-cpu power9, power10) it starts qemu-system-ppc64 and the tool with the same
machine options, both with "-qtest stdio", sends both the same commands
(a systematic sweep, then seeded random sequences) and compares every
answer line (QEMU's power-down request, for EPOW, goes through its QMP
monitor).  A difference is either an entry of the table of deliberate
differences (differences.ini, each with its reason) or a failure; an entry
that matched nothing in a full run is a failure too.  README.md says what
is compared and what QEMU's qtest cannot reach.

Usage: differential.py [--tool PATH] [--qemu PATH] [--table FILE]
                       [--config NAME]... [--seed N] [--random N]
                       [--show N] [--dump FILE] [--self-test]
Prints TAP: one test per configuration, one for the table's liveness,
the totals as comments.  Without qemu-system-ppc64 (QEMU 7.2) the test is
skipped with the reason.
"""
import argparse
import configparser
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))

MODES = ("xics", "xive", "dual")
SMPS = (1, 4)
CPUS = ("power9", "power10")

# QEMU's options beyond the machine's: no default devices, no display, the
# qtest log away from the answers, the tool's guest RAM size (1 GiB; QEMU's
# default is 512 MiB), and the TCG spectre capabilities QEMU would otherwise
# warn about (they are no interrupt controller's business; the tool has
# none of them).
QEMU_CAPS = (",cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken"
             ",cap-ccf-assist=off")
QEMU_EXTRA = ["-m", "1G", "-nodefaults", "-display", "none",
              "-qtest-log", "/dev/null"]

# QEMU's pseries machine creates its default PCI host bridge even with
# -nodefaults, which claims the four LSIs 0x1200..0x1203; the tool claims
# only EPOW and hot-plug (docs/specs/qtest.md), so it gets these claims
# through its own extension first (their answers are not compared).
OURS_SETUP = ["claim 0x%x lsi" % n for n in range(0x1200, 0x1204)]

ESB_BASE = 0x0006010000000000
ESB_SHIFT = 17  # two 64 KiB pages per source: trigger, then management
ESB_IRQS = 0x2000
END_ESB_BASE = ESB_BASE + (ESB_IRQS << ESB_SHIFT)  # QEMU's end_base
TIMA_BASE = 0x0006030203180000
RAM_SIZE = 1 << 30
ARGS, RETS = 0x10000, 0x11000  # the RTAS buffers in guest RAM

SIZES = (("b", 1), ("w", 2), ("l", 4), ("q", 8))
# One offset of each class of an ESB page (QEMU's xive_source_esb_read()
# and _write() cases, their edges and a few in between), aligned to 8, and
# unaligned ones in each class (QEMU's memory core refuses those).
ESB_OFFSETS = (0x000, 0x008, 0x3f8, 0x400, 0x408, 0x7f8, 0x800, 0x808,
               0xa00, 0xbf8, 0xc00, 0xc08, 0xcf8, 0xd00, 0xe00, 0xe80,
               0xf00, 0xff8, 0x1000, 0xfff8,
               0x001, 0x404, 0x7ff, 0x802, 0xc01, 0xd04, 0xe06, 0xf07)
RTAS_CALLS = (("ibm,set-xive", 3, 1), ("ibm,get-xive", 1, 3),
              ("ibm,int-off", 1, 1), ("ibm,int-on", 1, 1))
SERVERS = (0, 1, 3, 4, 0x400, 0xffffffff)
PRIOS = (0, 5, 0xfe, 0xff, 0x100)


# EPOW through QEMU's own power-down request: QMP "system_powerdown" on
# QEMU (spapr_powerdown_req() pulses the EPOW source, 0x1000); the tool has
# no power-down request, and gets the same pulse of the same source through
# its extension (qemu_irq_pulse(): the line up, then down).  The marker
# stands in the command list where both happen; its answer is "OK" once the
# request went through.
POWERDOWN = "@powerdown"
EPOW_IRQ = 0x1000
OURS_POWERDOWN = ["irq_set 0x%x 1" % EPOW_IRQ, "irq_set 0x%x 0" % EPOW_IRQ]


def config_name(mode, smp, cpu):
    return "%s smp=%d %s" % (mode, smp, cpu)


def config_slug(name):
    return name.replace(" smp=", "-").replace(" ", "-")


class Config:
    def __init__(self, mode, smp, cpu):
        self.mode, self.smp, self.cpu = mode, smp, cpu
        self.name = config_name(mode, smp, cpu)

    def machine(self):
        return "pseries,ic-mode=%s" % self.mode

    def qemu_argv(self, qemu):
        return [qemu, "-machine", self.machine() + QEMU_CAPS, "-cpu",
                self.cpu, "-smp", str(self.smp)] + QEMU_EXTRA + \
               ["-qtest", "stdio"]

    def ours_argv(self, tool):
        return [tool, "-machine", self.machine(), "-cpu", self.cpu, "-smp",
                str(self.smp), "-nodefaults", "-qtest", "stdio"]

    def sources(self):
        """The ESB sources of the sweep: IPIs, MSIs, LSIs, unclaimed ones
        (inside and at the ends of the number space)."""
        ipis = [0, self.smp - 1, self.smp]  # the last CPU's, one past
        return sorted(set(ipis + [0x1000, 0x1001, 0x1200, 0x1203, 0x1204,
                                  0x1300, 0x1fff, 0x800]))

    @property
    def rtas(self):
        # QEMU 7.2's qtest_rtas_call() compares the name with every token's
        # name, and a XIVE-only machine leaves the XICS tokens unnamed: it
        # crashes on strcmp(NULL).  No RTAS on xive (README.md).
        return self.mode != "xive"


# ---- the command sequences ----

def esb_addr(irq, page, off):
    return ESB_BASE + (irq << ESB_SHIFT) + (page << 16) + off


def esb_sweep(cfg, out):
    """Every offset class x access size x page x PQ state x source: the PQ
    set (load SET_PQ_xx on the management page), the access, then PQ."""
    for irq in cfg.sources():
        mgmt = esb_addr(irq, 1, 0)
        for page in (0, 1):
            for off in ESB_OFFSETS:
                for pq in range(4):
                    for letter, size in SIZES:
                        addr = esb_addr(irq, page, off)
                        out.append("readq 0x%x" % (mgmt + 0xc00 + 0x100 * pq))
                        out.append("read%s 0x%x" % (letter, addr))
                        out.append("readq 0x%x" % (mgmt + 0x800))
                        out.append("readq 0x%x" % (mgmt + 0xc00 + 0x100 * pq))
                        out.append("write%s 0x%x 0x%x" % (letter, addr,
                                                          0x5a5a5a5a5a5a5a5a))
                        out.append("readq 0x%x" % (mgmt + 0x800))


def end_esb_sweep(cfg, out):
    """QEMU's END ESB pages (after the source ESBs), before any queue."""
    for end in (0, 7, 8 * cfg.smp - 1, 8 * cfg.smp):
        for page in (0, 1):
            for off in (0x000, 0x800, 0xc00, 0xf00):
                addr = END_ESB_BASE + (end << 17) + (page << 16) + off
                out.append("readq 0x%x" % addr)
                out.append("writeq 0x%x 0" % addr)


def epow_sweep(cfg, out):
    """The power-down request from each PQ state of the EPOW source (read
    back through its ESB on XIVE; on XICS its effects show in no qtest
    answer, but every answer after it is compared), then ibm,get-xive."""
    mgmt = esb_addr(EPOW_IRQ, 1, 0)
    for pq in range(4):
        out.append("readq 0x%x" % (mgmt + 0xc00 + 0x100 * pq))
        for _ in range(2):
            out.append(POWERDOWN)
            out.append("readq 0x%x" % (mgmt + 0x800))
    if cfg.rtas:
        rtas(out, "ibm,set-xive", 3, [EPOW_IRQ, 0, 5], 1)
        out.append(POWERDOWN)
        rtas(out, "ibm,get-xive", 1, [EPOW_IRQ], 3)


def rtas(out, name, nargs, args, nret):
    """One call: its arguments written, the results poisoned, the call, the
    results read back (labelled with the call they belong to)."""
    words = (list(args) + [0] * 4)[:max(nargs, len(args), 1)]
    out.append("write 0x%x %d 0x%s" % (ARGS, 4 * len(words), "".join(
        "%08x" % (w & 0xffffffff) for w in words)))
    out.append("memset 0x%x 32 0xaa" % RETS)
    call = "rtas %s %d 0x%x %d 0x%x" % (name, nargs, ARGS, nret, RETS)
    out.append(call)
    out.append("read 0x%x 16" % RETS)


RTAS_IRQS = (0, 1, 2, 0xfff, 0x1000, 0x1001, 0x1200, 0x1203, 0x1204,
             0x1300, 0x1fff, 0x2000, 0xffffffff)


def rtas_sweep(cfg, out):
    """Every interrupt RTAS call with good and bad arguments and counts, on
    claimed, unclaimed and out-of-range IRQs."""
    if not cfg.rtas:
        return
    for irq in RTAS_IRQS:
        for server in SERVERS:
            for prio in PRIOS:
                rtas(out, "ibm,set-xive", 3, [irq, server, prio], 1)
                rtas(out, "ibm,get-xive", 1, [irq], 3)
        rtas(out, "ibm,set-xive", 3, [irq, cfg.smp - 1, 5], 1)
        for name in ("ibm,int-off", "ibm,int-on"):
            rtas(out, name, 1, [irq], 1)
            rtas(out, "ibm,get-xive", 1, [irq], 3)
        for name, nargs, nret in RTAS_CALLS:
            args = [irq, 0, 7, 0]
            for n in (0, nargs - 1, nargs + 1):
                if n >= 0:
                    rtas(out, name, n, args, nret)
            for n in (0, nret - 1, nret + 1):
                if n >= 0 and n != nret:
                    rtas(out, name, nargs, args, n)
    rtas(out, "ibm,nothing", 0, [], 1)


def unassigned_sweep(cfg, out):
    """Guest RAM's end, and addresses no device answers."""
    addrs = [RAM_SIZE - 8, RAM_SIZE, 0x100000000, 0x6000000000000,
             ESB_BASE - 8, 0x6030000000000, 0x7000000000000,
             0xfffffffffffffff8]
    if cfg.mode == "xics":
        # The TIMA's pages, unassigned without a XIVE (where there is one,
        # a qtest access crashes QEMU 7.2: README.md).
        addrs += [TIMA_BASE + page * 0x10000 + off for page in range(4)
                  for off in (0x10, 0x810)]
    for addr in addrs:
        for letter, size in SIZES:
            out.append("read%s 0x%x" % (letter, addr))
            out.append("write%s 0x%x 0x1234567890abcdef" % (letter, addr))
            out.append("read%s 0x%x" % (letter, addr))
    for addr in (RAM_SIZE - 8, RAM_SIZE):
        out.append("read 0x%x 16" % addr)
        out.append("b64read 0x%x 16" % addr)
        out.append("memset 0x%x 16 0x55" % addr)
        out.append("write 0x%x 4 0x01020304" % addr)


def random_sequence(cfg, rng, count, out):
    """Seeded random ESB accesses, RTAS calls and memory accesses, mixed, so
    that the states left by one reach the next."""
    irqs = cfg.sources() + [rng.randrange(ESB_IRQS) for _ in range(8)]
    while count > 0:
        kind = rng.random()
        if kind > 0.995:
            out.append(POWERDOWN)
            count -= 1
        elif kind < 0.7:
            letter, size = rng.choice(SIZES)
            off = rng.randrange(0x1000 // size) * size
            if rng.random() < 0.1:
                off = rng.randrange(0x1000 - size + 1)  # unaligned too
            addr = esb_addr(rng.choice(irqs), rng.randrange(2), off)
            if rng.random() < 0.5:
                out.append("read%s 0x%x" % (letter, addr))
            else:
                out.append("write%s 0x%x 0x%x" % (letter, addr,
                                                  rng.getrandbits(64)))
            count -= 1
        elif kind < 0.9 and cfg.rtas:
            name, nargs, nret = rng.choice(RTAS_CALLS)
            if rng.random() < 0.1:
                nargs += rng.choice((-1, 1))
            if rng.random() < 0.1:
                nret += rng.choice((-1, 1))
            irq = rng.choice(RTAS_IRQS + (0x1000 + rng.randrange(0x1000),))
            args = [irq, rng.choice(SERVERS[:4]), rng.choice(PRIOS)]
            rtas(out, name, max(nargs, 0), args, max(nret, 0))
            count -= 4
        else:
            # Unassigned memory, or the RTAS buffers: QEMU's RAM holds its
            # firmware (SLOF) and device tree elsewhere, the tool's zeros.
            letter, size = rng.choice(SIZES)
            addr = rng.choice((RAM_SIZE + rng.randrange(RAM_SIZE),
                               ARGS + rng.randrange(16 - size + 1),
                               RETS + rng.randrange(32 - size + 1)))
            out.append("read%s 0x%x" % (letter, addr))
            count -= 1


def commands(cfg, seed, nrandom):
    out = []
    esb_sweep(cfg, out)
    end_esb_sweep(cfg, out)
    epow_sweep(cfg, out)
    rtas_sweep(cfg, out)
    unassigned_sweep(cfg, out)
    random_sequence(cfg, random.Random("%d %s" % (seed, cfg.name)), nrandom,
                    out)
    # Every entry as (command, label): the label names it in reports, and
    # a read of the RTAS results names the call that wrote them.
    labelled, call = [], None
    for c in out:
        words = c.split()
        if words[0] == "rtas":
            call = c
        elif call and words[0].startswith("read") and \
                RETS <= int(words[1], 0) < RETS + 32:
            labelled.append((c, "%s (after %s)" % (c, call)))
            continue
        labelled.append((c, c))
    return labelled


# ---- running the two ----

class Qmp:
    """QEMU's QMP monitor on a unix socket, for system_powerdown."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        for _ in range(300):
            try:
                self.sock.connect(path)
                break
            except OSError:
                time.sleep(0.01)
        self.sock.settimeout(30)
        self.f = self.sock.makefile("rw")
        self.f.readline()  # the greeting
        self.execute("qmp_capabilities")

    def execute(self, cmd):
        """Runs @cmd; "OK", or the error (events are skipped)."""
        self.f.write(json.dumps({"execute": cmd}) + "\n")
        self.f.flush()
        while True:
            line = self.f.readline()
            if not line:
                return "FAIL QMP closed"
            reply = json.loads(line)
            if "return" in reply:
                return "OK"
            if "error" in reply:
                return "FAIL " + reply["error"].get("desc", "?")

    def close(self):
        self.f.close()
        self.sock.close()


def run(argv, setup, cmds, powerdown, doctor=None):
    """Starts @argv, sends @setup then @cmds, and returns (answers to @cmds,
    error or None).  The commands go at once (a writer thread); at each
    POWERDOWN marker, @powerdown is either a list of commands sent in its
    place (their answers must be OK) or a function called once every answer
    before the marker came, the writer waiting for it (QEMU's QMP)."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=err)
        inline = isinstance(powerdown, list)
        marker_done = threading.Semaphore(0)
        stop = threading.Event()

        def write():
            chunk = list(setup)
            try:
                for c in cmds + [None]:
                    if c is None or c == POWERDOWN:
                        if inline and c:
                            chunk += powerdown
                            continue
                        proc.stdin.write("".join(
                            x + "\n" for x in chunk).encode())
                        proc.stdin.flush()
                        chunk = []
                        if c:
                            marker_done.acquire()
                            if stop.is_set():
                                break
                    else:
                        chunk.append(c)
                proc.stdin.close()
            except (BrokenPipeError, OSError):
                pass

        def answer(what):
            line = proc.stdout.readline()
            while line.startswith(b"IRQ "):
                line = proc.stdout.readline()
            if not line:
                raise EOFError("exited (status %s) before answering %r"
                               % (proc.poll(), what))
            return line.decode(errors="replace").rstrip("\n")

        writer = threading.Thread(target=write)
        writer.start()
        answers, problem = [], None
        try:
            for c in setup:
                line = answer(c)
                if not line.startswith("OK"):
                    raise EOFError("set-up %r answered %r" % (c, line))
            for c in cmds:
                if c != POWERDOWN:
                    answers.append(answer(c))
                elif inline:
                    got = [answer(x) for x in powerdown]
                    bad = [g for g in got if not g.startswith("OK")]
                    answers.append(bad[0] if bad else "OK")
                else:
                    answers.append(powerdown())
                    marker_done.release()
        except (EOFError, OSError, ValueError) as e:
            problem = str(e)
        stop.set()
        marker_done.release()
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        writer.join()
        err.seek(0)
        if problem:
            problem += "; stderr: " + err.read().decode(
                errors="replace").strip()[:300]
    if doctor:
        doctor(cmds, answers)
    return answers, problem


class Entry:
    KEYS = ("configs", "command", "qemu", "ours", "reason")

    def __init__(self, name, sec):
        self.name = name
        missing = [k for k in self.KEYS if k not in sec]
        if missing:
            raise ValueError("table entry [%s] lacks %s"
                             % (name, ", ".join(missing)))
        self.re = {k: re.compile(sec[k]) for k in self.KEYS[:4]}
        self.reason = " ".join(sec["reason"].split())
        self.count = 0
        self.configs = set()

    def matches(self, cfg, label, qemu, ours):
        return (self.re["configs"].search(cfg) and
                self.re["command"].search(label) and
                self.re["qemu"].fullmatch(qemu) and
                self.re["ours"].fullmatch(ours))


def load_table(path):
    parser = configparser.ConfigParser(interpolation=None)
    with open(path) as f:
        parser.read_file(f)
    return [Entry(name, parser[name]) for name in parser.sections()]


def qemu_version(qemu):
    try:
        out = subprocess.run([qemu, "--version"], capture_output=True,
                             timeout=30).stdout.decode()
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"version (\d+\.\d+)", out)
    return m.group(1) if m else "unknown"


def doctor_one_esb(cmds, answers):
    """--self-test: the tool's answer to the first ESB load of the PQ on a
    management page after the first 100 commands, changed (value ^ 1), as a
    model whose ESB answer drifted would give it."""
    for i, cmd in enumerate(cmds):
        if i > 100 and re.fullmatch(r"readq 0x601[0-9a-f]*800", cmd) and \
                answers[i].startswith("OK 0x"):
            answers[i] = "OK 0x%016x" % (int(answers[i][3:], 16) ^ 1)
            doctor_one_esb.command = cmd
            return


def describe(cmd):
    """What an address of @cmd is, for a report."""
    words = cmd.split()
    if len(words) < 2 or not words[1].startswith("0x"):
        return ""
    addr = int(words[1], 16)
    if ESB_BASE <= addr < END_ESB_BASE:
        irq = (addr - ESB_BASE) >> ESB_SHIFT
        return " [ESB of IRQ 0x%x, %s page, offset 0x%x]" % (
            irq, ("trigger", "management")[(addr >> 16) & 1], addr & 0xffff)
    return ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", default=os.environ.get("SPAPR_IRQ_TOOL"))
    ap.add_argument("--qemu", default=os.environ.get(
        "SPAPR_IRQ_QEMU", shutil.which("qemu-system-ppc64") or ""))
    ap.add_argument("--table", default=os.path.join(HERE, "differences.ini"))
    ap.add_argument("--config", action="append", default=[],
                    help="only this configuration (e.g. dual-4-power10)")
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--random", type=int, default=6000,
                    help="random commands per configuration")
    ap.add_argument("--show", type=int, default=10,
                    help="unlisted differences shown per configuration")
    ap.add_argument("--dump", metavar="FILE",
                    help="write every unlisted difference to FILE "
                         "(config, command, QEMU, ours; tab-separated)")
    ap.add_argument("--self-test", action="store_true",
                    help="change one of the tool's ESB answers; pass if the "
                         "run fails naming that command")
    opts = ap.parse_args()

    if not opts.tool:
        print("Bail out! no tool: --tool or SPAPR_IRQ_TOOL")
        return 1
    if not opts.qemu or not os.access(opts.qemu, os.X_OK):
        print("1..0 # SKIP no qemu-system-ppc64 (QEMU 7.2; "
              "scripts/install-deps.sh installs Debian's qemu-system-ppc)")
        return 0
    version = qemu_version(opts.qemu)
    if version != "7.2":
        print("1..0 # SKIP %s is QEMU %s, not the reference 7.2"
              % (opts.qemu, version))
        return 0

    table = load_table(opts.table)
    configs = [Config(m, s, c) for m in MODES for s in SMPS for c in CPUS]
    if opts.config:
        configs = [c for c in configs if config_slug(c.name) in opts.config]
    if opts.self_test:
        configs = [c for c in configs if c.mode == "xive"][:1]
    full = len(configs) == len(MODES) * len(SMPS) * len(CPUS)
    print("# QEMU %s (%s), tool %s, seed %d, %d random commands per "
          "configuration" % (version, opts.qemu, opts.tool, opts.seed,
                             opts.random))
    start = time.monotonic()
    # The self-test's own verdict is its only TAP line: the run it checks
    # fails on purpose, and its lines are comments.
    inner = "# " if opts.self_test else ""
    n = total = unlisted_total = 0
    failed = False
    listed_total = 0
    dump = open(opts.dump, "w") if opts.dump else None
    for cfg in configs:
        cmds = commands(cfg, opts.seed, opts.random)
        plain = [c for c, _ in cmds]
        result = {}

        def side(key, argv, setup, powerdown, doctor=None):
            result[key] = run(argv, setup, plain, powerdown, doctor)

        def qemu_side():
            with tempfile.TemporaryDirectory() as d:
                path = os.path.join(d, "qmp.sock")
                qmp = []

                def powerdown():
                    if not qmp:
                        qmp.append(Qmp(path))
                    return qmp[0].execute("system_powerdown")

                side("qemu", cfg.qemu_argv(opts.qemu) +
                     ["-qmp", "unix:%s,server=on,wait=off" % path], [],
                     powerdown)
                if qmp:
                    qmp[0].close()

        doctor = doctor_one_esb if opts.self_test else None
        threads = [threading.Thread(target=qemu_side),
                   threading.Thread(target=side, args=(
                       "ours", cfg.ours_argv(opts.tool), OURS_SETUP,
                       OURS_POWERDOWN, doctor))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        (qa, qerr), (oa, oerr) = result["qemu"], result["ours"]
        n += 1
        problems = []
        if qerr:
            problems.append("QEMU " + qerr)
        if oerr:
            problems.append("the tool " + oerr)
        unlisted = []
        listed = 0
        for i, ((cmd, label), q, o) in enumerate(zip(cmds, qa, oa)):
            if q == o:
                continue
            entry = next((e for e in table
                          if e.matches(cfg.name, label, q, o)), None)
            if entry:
                entry.count += 1
                entry.configs.add(cfg.name)
                listed += 1
            else:
                unlisted.append(("command %d: %s%s" % (i + 1, label,
                                                       describe(cmd)), q, o))
        compared = min(len(qa), len(oa))
        total += compared
        listed_total += listed
        unlisted_total += len(unlisted)
        good = not problems and not unlisted
        failed |= not good
        print("%s%s %d - %s: %d answers compared, %d listed differences, "
              "%d unlisted" % (inner, "ok" if good else "not ok", n, cfg.name,
                               compared, listed, len(unlisted)))
        for p in problems:
            print("# " + p)
        if unlisted:
            print("# machine: %s" % " ".join(cfg.ours_argv("spapr-irq")[1:]))
        for label, q, o in unlisted if dump else []:
            dump.write("%s\t%s\t%s\t%s\n" % (cfg.name, label, q, o))
        for label, q, o in unlisted[:opts.show]:
            print("# unlisted difference: %s\n#     QEMU: %s\n#     ours: %s"
                  % (label, q, o))
        if len(unlisted) > opts.show:
            print("# ... and %d more" % (len(unlisted) - opts.show))

    n += 1
    dead = [e for e in table if e.count == 0]
    if not full or opts.self_test:
        print("%sok %d - table liveness # SKIP not a full run" % (inner, n))
    elif dead:
        failed = True
        print("not ok %d - table liveness: %d entries no longer differ"
              % (n, len(dead)))
        for e in dead:
            print("# entry [%s] matched no difference: remove it, or the "
                  "difference it stands for came back wrong" % e.name)
    else:
        print("ok %d - table liveness: all %d entries matched" % (n,
                                                                 len(table)))
    secs = time.monotonic() - start
    print("# configurations: %d; compared answers: %d; differences: %d "
          "listed, %d unlisted; %.1f s" % (len(configs), total, listed_total,
                                           unlisted_total, secs))
    for e in table:
        print("# table [%s]: %d differences in %d configurations"
              % (e.name, e.count, len(e.configs)))
    # The line make check's closing summary repeats (scripts/test-summary.sh).
    if not opts.self_test:
        print("# differential: %d configurations, %d answers compared with "
              "QEMU %s, %d differences outside the table, %d in it (%s), "
              "%.1f s" % (len(configs), total, version, unlisted_total,
                          listed_total, ", ".join("%s %d" % (e.name, e.count)
                                                  for e in table), secs))

    if opts.self_test:
        cmd = getattr(doctor_one_esb, "command", None)
        n = 1
        named = cmd and failed and unlisted_total == 1
        print("%s %d - self-test: the changed ESB answer (%s) failed the run, "
              "named" % ("ok" if named else "not ok", n, cmd))
        print("1..%d" % n)
        return 0 if named else 1
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
