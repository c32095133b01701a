#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# spapr-irq as a meson subproject (README.md, "Use the library"): a consumer
# project in a scratch folder, with this source tree as
# subprojects/spapr-irq (a symlink), asks for dependency('spapr-irq') only:
# no fallback:, no wrap file.  It must configure (our
# meson.override_dependency()), build only the library (no tool, no tests),
# build and run the consumer's program against it, and its `meson test
# --list` must show its own test and none of ours; -Dspapr-irq:tests=enabled
# brings ours back.  TAP output.
set -u
src=${SPAPR_IRQ_SOURCE_DIR:?}
. "$src/tests/cli/tap.sh"

c="$tmp/consumer"
mkdir -p "$c/subprojects"
ln -s "$src" "$c/subprojects/spapr-irq"
cat >"$c/meson.build" <<'EOF'
project('consumer', 'c', default_options : ['c_std=c11'])
vmm = executable('vmm', 'vmm.c', dependencies : dependency('spapr-irq'))
test('consumer-vmm', vmm)
EOF
cat >"$c/vmm.c" <<'EOF'
/* The consumer: a dual machine through CAS (option vector 5) to XIVE. */
#include <spapr-irq/spapr-irq.h>
#include <stdio.h>

static unsigned raised;

static void line(void *opaque, uint32_t cpu_index, bool level)
{
    raised += level && opaque == NULL && cpu_index == 0;
}

int main(void)
{
    static const SpaprIrqCallbacks callbacks = {.set_cpu_irq = line};
    g_autoptr(SpaprIrqConfig) config = spapr_irq_config_new();
    g_autoptr(GError) error = NULL;
    uint8_t vector5[1 + 24] = {24 - 1, [23] = SPAPR_OV5_XIVE};
    SpaprIrq *machine = NULL;
    bool ok = spapr_irq_config_parse_option(config, "-M", "pseries,ic-mode=dual",
                                            &error) &&
              spapr_irq_config_parse_option(config, "-cpu", "power9", &error) &&
              (machine = spapr_irq_create(config, &callbacks, -1, &error)) &&
              spapr_irq_cpu_add(machine, 0, -1, &error) &&
              spapr_irq_cas_ov5(machine, vector5, sizeof(vector5), &error) &&
              spapr_irq_reset(machine, &error);

    if (ok) {
        printf("consumer: active %s\n",
               spapr_intc_kind_name(spapr_irq_active(machine)));
    } else {
        fprintf(stderr, "consumer: %s\n", error ? error->message : "?");
    }
    spapr_irq_destroy(&machine);
    return ok ? 0 : 1;
}
EOF

if meson setup "$c/build" "$c" >"$tmp/out" 2>"$tmp/err" &&
    grep -q "Dependency spapr-irq found: YES .*(overridden)" "$tmp/out"; then
    ok "dependency('spapr-irq') alone finds the subproject (override_dependency)"
else
    not_ok "dependency('spapr-irq') alone finds the subproject (override_dependency)"
fi

if ninja -C "$c/build" >"$tmp/out" 2>"$tmp/err" &&
    "$c/build/vmm" >"$tmp/out" 2>"$tmp/err" &&
    grep -qx "consumer: active xive" "$tmp/out"; then
    ok "the consumer builds against the library and runs (CAS from OV5 to XIVE)"
else
    not_ok "the consumer builds against the library and runs (CAS from OV5 to XIVE)"
fi

sub="$c/build/subprojects/spapr-irq"
if [ -e "$sub/libspapr-irq.a" ] && [ ! -e "$sub/spapr-irq" ] &&
    [ ! -e "$sub/tests" ]; then
    ok "as a subproject only the library is built: no tool, no tests"
else
    ls "$sub" >"$tmp/out" 2>&1
    not_ok "as a subproject only the library is built: no tool, no tests"
fi

if meson test -C "$c/build" --no-rebuild --list >"$tmp/out" 2>"$tmp/err" &&
    [ "$(grep -cv '^ninja' "$tmp/out")" = 1 ] &&
    grep -q "consumer-vmm" "$tmp/out" && ! grep -q "spapr-irq" "$tmp/out"; then
    ok "the consumer's meson test --list shows its own test and none of ours"
else
    not_ok "the consumer's meson test --list shows its own test and none of ours"
fi

# The option itself: configured (not built), our tests are listed again.
if meson setup --reconfigure "$c/build" "$c" -Dspapr-irq:tests=enabled \
    >"$tmp/out" 2>"$tmp/err" &&
    meson test -C "$c/build" --no-rebuild --list >"$tmp/out" 2>"$tmp/err" &&
    grep -q "spapr-irq:unit / test-machine" "$tmp/out"; then
    ok "-Dspapr-irq:tests=enabled registers our tests in the consumer"
else
    not_ok "-Dspapr-irq:tests=enabled registers our tests in the consumer"
fi
tap_end
