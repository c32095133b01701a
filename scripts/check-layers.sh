#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Dependencies point down only (docs/design.md).  Fails when a file
# includes a file of a higher layer, or when the library (BUILD_DIR's
# libspapr-irq.a, if given) holds an object of the simulator or the tool.
#
#   scripts/check-layers.sh [BUILD_DIR]
#
# The layers, lowest first; a file may include its own layer and those
# below it:
#   0 include/spapr-irq/{types,error,trace,config}.h   basic types, options
#   1 hw/core/        error, saved-state, libfdt and trace helpers
#   2 hw/host/        the host interface and the real /dev/kvm
#   3 hw/plan/, include/spapr-irq/plan.h                pure policy
#   4 hw/intc/        the controllers
#   5 hw/machine/, include/spapr-irq/spapr-irq.h        the machine layer
#   6 sim/            the simulated KVM host (libspapr-irq-sim)
#   7 tools/          the spapr-irq tool
#   8 tests/
set -eu
cd "$(dirname "$0")/.."
python3 - "${1:-}" <<'PY'
import os, re, subprocess, sys

LAYERS = [
    ("include/spapr-irq/plan.h", 3, "plan"),
    ("include/spapr-irq/spapr-irq.h", 5, "machine"),
    ("include/spapr-irq/", 0, "basic types"),
    ("hw/core/", 1, "core"),
    ("hw/host/", 2, "host"),
    ("hw/plan/", 3, "plan"),
    ("hw/intc/", 4, "intc"),
    ("hw/machine/", 5, "machine"),
    ("sim/", 6, "simulator"),
    ("tools/", 7, "tool"),
    ("tests/", 8, "tests"),
]

def layer(path):
    for prefix, rank, name in LAYERS:
        if path == prefix or path.startswith(prefix):
            return rank, name
    return None

def tracked():
    out = subprocess.run(["git", "ls-files", "--cached", "--others",
                          "--exclude-standard", "*.c", "*.h"],
                         capture_output=True, text=True)
    if out.returncode == 0:
        return [f for f in out.stdout.split() if os.path.exists(f)]
    return [os.path.join(d, f) for top in ("hw", "include", "sim", "tools",
            "tests") for d, _, fs in os.walk(top) for f in fs
            if f.endswith((".c", ".h"))]

def resolve(src, name):
    for base in (os.path.dirname(src), "include", "."):
        p = os.path.normpath(os.path.join(base, name))
        if os.path.exists(p):
            return p
    return None

inc = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
bad = []
files = tracked()
for f in files:
    me = layer(f)
    if me is None:
        continue
    with open(f, encoding="utf-8") as fh:
        text = fh.read()
    for m in inc.finditer(text):
        target = resolve(f, m.group(1))
        them = layer(target) if target else None
        if them and them[0] > me[0]:
            line = text.count("\n", 0, m.start()) + 1
            bad.append("%s:%d: %s (layer %d, %s) includes %s (layer %d, %s)"
                       % (f, line, f, me[0], me[1], target, them[0], them[1]))
build = sys.argv[1]
members = 0
if build:
    lib = os.path.join(build, "libspapr-irq.a")
    out = subprocess.run(["ar", "t", lib], capture_output=True, text=True,
                         check=True)
    for obj in out.stdout.split():
        members += 1
        if not obj.startswith("hw_"):
            bad.append("%s links %s: the library holds objects of hw/ only "
                       "(no simulator, tool or test)" % (lib, obj))
for b in bad:
    print(b, file=sys.stderr)
if bad:
    print("check-layers: %d upward dependencies (docs/design.md)" % len(bad),
          file=sys.stderr)
    sys.exit(1)
print("check-layers: %d files include only their own layer or below%s"
      % (len(files), ", the library links %d objects of hw/" % members
         if build else ""))
PY
