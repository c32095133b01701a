#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Dependencies point down only (docs/design.md).  Fails when
#  - a C file includes a header of a layer it may not use (quoted includes,
#    and <spapr-irq/...> includes of the public headers);
#  - a C file is in no layer, or a quoted include does not resolve;
#  - with BUILD_DIR: libspapr-irq.a holds an object from outside hw/, or the
#    static or shared library defines a symbol of the simulator or the tool.
#
#   scripts/check-layers.sh [BUILD_DIR]
#
# The layers, lowest first, and what each may include (besides itself):
#   basic    include/spapr-irq/{types,error,trace,config}.h
#   core     hw/core/          basic
#   host     hw/host/          basic, core
#   plan     hw/plan/, include/spapr-irq/plan.h    basic, core, host (the
#            parser reaches a registered simulator through the host layer)
#   intc     hw/intc/          basic, core, host (never plan or machine)
#   machine  hw/machine/, include/spapr-irq/spapr-irq.h   all of the above
#   sim      sim/, include/spapr-irq/sim.h (installed for VMMs; no layer
#            below may include it)   basic, core, host, intc
#   tools    tools/            everything but tests
#   tests    tests/            everything
set -eu
build=""
if [ $# -gt 0 ]; then
    build=$(cd "$1" && pwd)
fi
cd "$(dirname "$0")/.."
python3 - "$build" <<'PY'
import os, re, subprocess, sys

LAYERS = [  # (path prefix, layer), most specific first
    ("include/spapr-irq/plan.h", "plan"),
    ("include/spapr-irq/spapr-irq.h", "machine"),
    ("include/spapr-irq/sim.h", "sim"),
    ("include/spapr-irq/", "basic"),
    ("hw/core/", "core"),
    ("hw/host/", "host"),
    ("hw/plan/", "plan"),
    ("hw/intc/", "intc"),
    ("hw/machine/", "machine"),
    ("sim/", "sim"),
    ("tools/", "tools"),
    ("tests/", "tests"),
]
MAY = {
    "basic": {"basic"},
    "core": {"basic", "core"},
    "host": {"basic", "core", "host"},
    "plan": {"basic", "core", "host", "plan"},
    "intc": {"basic", "core", "host", "intc"},
    "machine": {"basic", "core", "host", "plan", "intc", "machine"},
    "sim": {"basic", "core", "host", "intc", "sim"},
    "tools": {"basic", "core", "host", "plan", "intc", "machine", "sim",
              "tools"},
    "tests": {l for _, l in LAYERS},
}

def layer(path):
    for prefix, name in LAYERS:
        if path == prefix or path.startswith(prefix):
            return name
    return None

def sources():
    try:
        out = subprocess.run(["git", "ls-files", "--cached", "--others",
                              "--exclude-standard", "*.c", "*.h"],
                             capture_output=True, text=True)
        if out.returncode == 0:
            return [f for f in out.stdout.split() if os.path.exists(f)]
    except OSError:
        pass  # no git: a tarball
    return sorted(os.path.join(d, f)[2:] for d, _, fs in os.walk(".")
                  for f in fs if f.endswith((".c", ".h"))
                  and not d.startswith(("./build", "./.git")))

def resolve(src, name, quoted):
    bases = [os.path.dirname(src), "include", "."] if quoted else ["include"]
    for base in bases:
        p = os.path.normpath(os.path.join(base, name))
        if os.path.exists(p):
            return p
    return None

inc = re.compile(r'^\s*#\s*include\s+(?:"([^"]+)"|<(spapr-irq/[^>]+)>)', re.M)
bad = []
files = sources()
for f in files:
    me = layer(f)
    if me is None:
        bad.append("%s: in no layer (docs/design.md)" % f)
        continue
    with open(f, encoding="utf-8") as fh:
        text = fh.read()
    for m in inc.finditer(text):
        name = m.group(1) or m.group(2)
        line = text.count("\n", 0, m.start()) + 1
        target = resolve(f, name, m.group(1) is not None)
        if target is None:
            if m.group(1) is not None and name.startswith("SPAPR_"):
                continue  # a header named by a macro (kvm_uapi_check_ppc.c)
            bad.append("%s:%d: \"%s\" does not resolve" % (f, line, name))
            continue
        them = layer(target)
        if them not in MAY[me]:
            bad.append("%s:%d: layer %s includes %s (layer %s)"
                       % (f, line, me, target, them))

members = 0
if sys.argv[1]:
    build = sys.argv[1]
    lib = os.path.join(build, "libspapr-irq.a")
    out = subprocess.run(["ar", "t", lib], capture_output=True, text=True,
                         check=True)
    for obj in out.stdout.split():
        members += 1
        if not obj.startswith("hw_"):
            bad.append("%s holds %s: the library is hw/ only" % (lib, obj))
    foreign = re.compile(r"^(sim_|spapr_host_sim|spapr_host_profile|"
                         r"spapr_host_caps_from_profile|matrix_|guest_)")
    for path, args in ((lib, ["nm", "--defined-only", "-g"]),
                       (os.path.join(build, "libspapr-irq.so"),
                        ["nm", "-D", "--defined-only"])):
        out = subprocess.run(args + [path], capture_output=True, text=True,
                             check=True)
        for l in out.stdout.splitlines():
            parts = l.split()  # "address type name"; skip member headers
            sym = parts[2] if len(parts) == 3 else ""
            if foreign.match(sym):
                bad.append("%s defines %s, a symbol of the simulator or the "
                           "tool" % (path, sym))
for b in bad:
    print("check-layers: " + b, file=sys.stderr)
if bad:
    print("check-layers: %d problems (docs/design.md)" % len(bad),
          file=sys.stderr)
    sys.exit(1)
print("check-layers: %d files include only what their layer may use%s"
      % (len(files), "; the library holds %d objects of hw/ and no symbol "
         "of the simulator or the tool" % members if sys.argv[1] else ""))
PY
