#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# What a VMM gets: installs BUILD_DIR into a scratch DESTDIR and checks that
#  - the installed headers define no unprefixed PAPR name (H_*, RTAS_*);
#  - libspapr-irq.so exports exactly the functions the installed headers
#    declare SPAPR_IRQ_API: nothing of the simulator, the tool or the
#    library's internals;
#  - a VMM that defines QEMU's PAPR names first builds against the installed
#    headers through pkg-config with -Wall -Wextra -Werror, links the shared
#    library only, and runs a machine on TCG (and is told that kvm-sim needs
#    a registered simulator);
#  - libspapr-irq-sim.so exports exactly the functions <spapr-irq/sim.h>
#    declares SPAPR_IRQ_SIM_API;
#  - the VMM loop of docs/specs/vmm.md (its one ```c block) builds against
#    the install with pkg-config spapr-irq spapr-irq-sim and runs: a dual
#    machine on kvm-sim through CAS, a burst of interrupts and a reset.
#
#   scripts/check-install.sh BUILD_DIR
set -eu
build=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
meson install -C "$build" --destdir "$scratch/root" --quiet >/dev/null
prefix=$(meson introspect "$build" --buildoptions |
    python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')
root="$scratch/root$prefix"
headers="$root/include/spapr-irq"
so=$(find "$root" -name 'libspapr-irq.so' | head -n 1)
pc=$(find "$root" -name 'spapr-irq.pc' | head -n 1)
sim_so=$(find "$root" -name 'libspapr-irq-sim.so' | head -n 1)
sim_pc=$(find "$root" -name 'spapr-irq-sim.pc' | head -n 1)
[ -d "$headers" ] && [ -n "$so" ] && [ -n "$pc" ] && [ -n "$sim_so" ] &&
    [ -n "$sim_pc" ] && [ -f "$headers/sim.h" ] || {
    echo "check-install: headers, libspapr-irq.so, spapr-irq.pc," \
        "libspapr-irq-sim.so, spapr-irq-sim.pc or sim.h missing" >&2
    exit 1
}

python3 - "$headers" "$so" "$sim_so" <<'PY'
import os, re, subprocess, sys
headers, so, sim_so = sys.argv[1:]

def code_of(names):
    text = "".join(open(os.path.join(headers, h)).read() for h in names)
    return text, re.sub(r'^\s*#.*$', '', text, flags=re.M)

def declared(code, marker):
    return set(re.findall(marker + r'\b[^;{]*?\b(\w+)\s*\(', code))

def exported(path):
    nm = subprocess.run(["nm", "-D", "--defined-only", path],
                        capture_output=True, text=True, check=True).stdout
    return {l.split()[-1] for l in nm.splitlines()
            if len(l.split()) == 3 and l.split()[1] in "TDRBW"}

names = sorted(os.listdir(headers))
text, code = code_of(names)
bad = re.findall(r'^\s*#\s*define\s+((?:H|RTAS)_\w+)', text, re.M)
errors = ["installed header defines unprefixed %s" % b for b in bad]
counts = []
# The library: SPAPR_IRQ_API of every header; the simulator: the
# SPAPR_IRQ_SIM_API of sim.h, the one header the library never includes.
for path, want in ((so, declared(code, "SPAPR_IRQ_API")),
                   (sim_so, declared(code_of(["sim.h"])[1],
                                     "SPAPR_IRQ_SIM_API"))):
    got = exported(path)
    lib = os.path.basename(path)
    errors += ["%s exports %s, which is not public" % (lib, s)
               for s in sorted(got - want)]
    errors += ["%s does not export public %s" % (lib, s)
               for s in sorted(want - got)]
    counts.append(len(got))
if len(declared(code, "SPAPR_IRQ_SIM_API")) != counts[1]:
    errors.append("SPAPR_IRQ_SIM_API used outside sim.h")
# Every function sim.h declares is marked (an unmarked one would be hidden).
sim_code = re.sub(r'/\*.*?\*/', '', code_of(["sim.h"])[1], flags=re.S)
errors += ["sim.h declares %s without SPAPR_IRQ_SIM_API" % f for f in
           sorted(set(re.findall(r'\b(spapr_\w+)\s*\(', sim_code)) -
                  declared(sim_code, "SPAPR_IRQ_SIM_API"))]
for e in errors:
    print("check-install: " + e, file=sys.stderr)
if errors:
    sys.exit(1)
print("check-install: %d headers in include/spapr-irq/, no unprefixed H_* or "
      "RTAS_* macro; libspapr-irq.so exports the %d public functions and "
      "libspapr-irq-sim.so the %d of sim.h, nothing else"
      % (len(names), counts[0], counts[1]))
PY

cat >"$scratch/vmm.c" <<'EOF'
/* A VMM with QEMU's own PAPR names, then the library's header. */
#define H_SUCCESS        0
#define H_HARDWARE       (-1)
#define H_EOI            0x64
#define H_XIRR           0x74
#define RTAS_OUT_SUCCESS 0
#include <spapr-irq/spapr-irq.h>
#include <stdio.h>

static void set_cpu_irq(void *opaque, uint32_t cpu, bool level)
{
    (void)opaque, (void)cpu, (void)level;
}

int main(void)
{
    SpaprIrqCallbacks cb = {.set_cpu_irq = set_cpu_irq};
    SpaprIrqConfig *cfg = spapr_irq_config_new();
    GError *err = NULL;
    SpaprIrq *irq;
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};
    int64_t rc;

    if (spapr_irq_config_parse_accel(cfg, "kvm-sim", &err)) {
        return 1; /* the library alone has no simulator */
    }
    printf("-accel kvm-sim: %s\n", err->message);
    g_clear_error(&err);
    irq = spapr_irq_create(cfg, &cb, -1, &err);
    if (!irq || !spapr_irq_cpu_add(irq, 0, -1, &err) ||
        !spapr_irq_claim(irq, SPAPR_IRQ_MSI, false, &err) ||
        !spapr_irq_reset(irq, &err)) {
        fprintf(stderr, "%s\n", err ? err->message : "?");
        return 1;
    }
    rc = spapr_irq_hcall(irq, 0, H_XIRR, NULL, 0, rets);
    printf("H_XIRR: %lld, XIRR 0x%llx, %s\n", (long long)rc,
           (unsigned long long)rets[0], g_quark_to_string(SPAPR_IRQ_ERROR));
    spapr_irq_destroy(&irq);
    spapr_irq_config_free(cfg);
    return rc == SPAPR_H_SUCCESS && H_HARDWARE == SPAPR_H_HARDWARE ? 0 : 1;
}
EOF
# The .pc files as installed, with their prefix moved into the scratch root.
mkdir "$scratch/pc"
sed "s|^prefix=.*|prefix=$root|" "$pc" >"$scratch/pc/spapr-irq.pc"
sed "s|^prefix=.*|prefix=$root|" "$sim_pc" >"$scratch/pc/spapr-irq-sim.pc"
flags=$(PKG_CONFIG_PATH="$scratch/pc" pkg-config --cflags --libs spapr-irq)
# shellcheck disable=SC2086
cc -std=c11 -Wall -Wextra -Werror -o "$scratch/vmm" "$scratch/vmm.c" $flags
if ! LD_LIBRARY_PATH=$(dirname "$so") "$scratch/vmm" >"$scratch/vmm.out"; then
    sed 's/^/check-install: vmm: /' "$scratch/vmm.out" >&2
    echo "check-install: the VMM built against the installed library failed" >&2
    exit 1
fi
sed 's/^/check-install: vmm: /' "$scratch/vmm.out"
want='-accel kvm-sim: Bad value for "accel" property: "kvm-sim" (accepted: tcg, kvm)'
if ! grep -qxF -- "$want" "$scratch/vmm.out"; then
    echo "check-install: the library alone must refuse kvm-sim: $want" >&2
    exit 1
fi
echo "check-install: a VMM with its own H_* and RTAS_* names built against the installed headers (pkg-config) and ran"

# The VMM loop of docs/specs/vmm.md, as the page shows it: its one ```c
# block, built against the install (libfdt is the example's own: a VMM
# builds its device tree with it) and run on kvm-sim.
doc=docs/specs/vmm.md
blocks=$(grep -c '^```c$' "$doc" || true)
if [ "$blocks" != 1 ]; then
    echo "check-install: $doc must hold exactly one \`\`\`c block" \
        "(the VMM loop), found $blocks" >&2
    exit 1
fi
sed -n '/^```c$/,/^```$/{/^```/d;p}' "$doc" >"$scratch/vmm-loop.c"
flags=$(PKG_CONFIG_PATH="$scratch/pc" \
    pkg-config --cflags --libs spapr-irq spapr-irq-sim)
# shellcheck disable=SC2086
cc -std=c11 -Wall -Wextra -Werror -o "$scratch/vmm-loop" \
    "$scratch/vmm-loop.c" $flags -lfdt
if ! LD_LIBRARY_PATH=$(dirname "$so"):$(dirname "$sim_so") \
    "$scratch/vmm-loop" >"$scratch/vmm-loop.out" 2>&1; then
    sed 's/^/check-install: vmm-loop: /' "$scratch/vmm-loop.out" >&2
    echo "check-install: the VMM loop of $doc failed against the install" >&2
    exit 1
fi
sed 's/^/check-install: vmm-loop: /' "$scratch/vmm-loop.out"
echo "check-install: the VMM loop of $doc built against the installed" \
    "libspapr-irq and libspapr-irq-sim (pkg-config) and ran"
