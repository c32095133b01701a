/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-machine's fixture: the callbacks, the creation of machines from
 * option lists and the checks every group of tests uses (declared in
 * fixture.h), and those of the kvm-sim groups.
 */
#include <string.h>

#include "fixture.h"
#include "sim/sim.h"
#include "tools/vmm.h"

static void set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
    unsigned *count = opaque;

    if (count) {
        (*count)++;
    }
}

const SpaprIrqCallbacks callbacks = {
    .set_cpu_irq = set_cpu_irq,
    .map_region = vmm_map_region,
};

/* Builds a configuration from a NULL-terminated list of option name and
 * argument pairs, e.g. {"-machine", "ic-mode=xics", NULL}. */
SpaprIrqConfig *cfg_from(const char *const *opts)
{
    SpaprIrqConfig *cfg = spapr_host_sim_config_new();

    for (; opts && opts[0]; opts += 2) {
        g_autoptr(GError) err = NULL;

        g_assert_nonnull(opts[1]);
        if (!spapr_irq_config_parse_option(cfg, opts[0], opts[1], &err)) {
            g_test_message("%s %s: %s", opts[0], opts[1],
                           err ? err->message : "?");
        }
        g_assert_no_error(err);
    }
    return cfg;
}

SpaprIrq *create_cfg_ok(const SpaprIrqConfig *cfg)
{
    g_autoptr(GError) err = NULL;
    SpaprIrq *irq = spapr_irq_create(cfg, &callbacks, -1, &err);

    if (!irq) {
        g_test_message("create: %s", err ? err->message : "?");
    }
    g_assert_no_error(err);
    g_assert_nonnull(irq);
    return irq;
}

SpaprIrq *create_ok(const char *const *opts)
{
    g_autoptr(SpaprIrqConfig) cfg = cfg_from(opts);

    return create_cfg_ok(cfg);
}

/* Creation that must fail with @code; returns the message (caller frees).*/
char *create_fail(const char *const *opts, int code)
{
    g_autoptr(SpaprIrqConfig) cfg = cfg_from(opts);
    g_autoptr(GError) err = NULL;
    SpaprIrq *irq = spapr_irq_create(cfg, &callbacks, -1, &err);

    if (irq) {
        g_test_message("create unexpectedly succeeded");
        spapr_irq_destroy(&irq);
    }
    g_assert_null(irq);
    g_assert_error(err, SPAPR_IRQ_ERROR, code);
    g_test_message("create: %s", err->message);
    return g_strdup(err->message);
}

void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle)) {
        g_test_message("\"%s\" does not contain \"%s\"", haystack, needle);
    }
    g_assert_nonnull(strstr(haystack, needle));
}

void cas_ok(SpaprIrq *irq, uint8_t byte23)
{
    g_autoptr(GError) err = NULL;

    if (!spapr_irq_cas(irq, byte23, &err)) {
        g_test_message("cas(0x%02x): %s", byte23, err ? err->message : "?");
    }
    g_assert_no_error(err);
}

void reset_ok(SpaprIrq *irq)
{
    g_autoptr(GError) err = NULL;

    if (!spapr_irq_reset(irq, &err)) {
        g_test_message("reset: %s", err ? err->message : "?");
    }
    g_assert_no_error(err);
}

void cpu_add_ok(SpaprIrq *irq, uint32_t cpu_index)
{
    g_autoptr(GError) err = NULL;

    g_assert_true(spapr_irq_cpu_add(irq, cpu_index, -1, &err));
    g_assert_no_error(err);
}

void claim_ok(SpaprIrq *irq, uint32_t irqn, bool lsi)
{
    g_autoptr(GError) err = NULL;

    if (!spapr_irq_claim(irq, irqn, lsi, &err)) {
        g_test_message("claim(0x%x): %s", irqn, err ? err->message : "?");
    }
    g_assert_no_error(err);
}

/* ------------------------------------------------------------------ */
/* The kvm-sim groups                                                  */
/* ------------------------------------------------------------------ */

/* The simulator's counters for the host the layer opened. */
SpaprHostSimStats irq_sim_stats(SpaprIrq *irq)
{
    SpaprHostSimStats st;

    memset(&st, 0xa5, sizeof(st));
    g_assert_true(spapr_host_sim_stats(spapr_irq_get_host(irq), &st));
    return st;
}

void assert_active(SpaprIrq *irq, SpaprIntcKind kind, SpaprIntcImpl impl)
{
    g_assert_cmpint(spapr_irq_active(irq), ==, kind);
    g_assert_cmpint(spapr_irq_active_impl(irq), ==, impl);
}

void assert_info_contains(SpaprIrq *irq, const char *needle)
{
    g_autoptr(GString) info = g_string_new(NULL);

    spapr_irq_print_info(irq, info);
    assert_contains(info->str, needle);
}

/* The in-kernel XICS holds the device, the four RTAS tokens, no mapping. */
void assert_kernel_xics(SpaprIrq *irq, unsigned vcpus)
{
    SpaprHostSimStats st = irq_sim_stats(irq);

    assert_active(irq, SPAPR_INTC_XICS, SPAPR_INTC_IMPL_KVM);
    g_assert_cmpuint(st.open_devices, ==, 1);
    g_assert_cmpuint(st.mappings, ==, 0);
    g_assert_cmpuint(st.rtas_tokens, ==, 4);
    g_assert_cmpuint(st.connected_vcpus, ==, vcpus);
    assert_info_contains(irq, "active: xics (kvm)");
    assert_info_contains(irq, "XICS backend: in-kernel");
}

/* The in-kernel XIVE holds the device and its ESB and TIMA mappings; the
 * XICS RTAS tokens are gone. */
void assert_kernel_xive(SpaprIrq *irq, unsigned vcpus)
{
    SpaprHostSimStats st = irq_sim_stats(irq);

    assert_active(irq, SPAPR_INTC_XIVE, SPAPR_INTC_IMPL_KVM);
    g_assert_cmpuint(st.open_devices, ==, 1);
    g_assert_cmpuint(st.mappings, ==, 2);
    g_assert_cmpuint(st.rtas_tokens, ==, 0);
    g_assert_cmpuint(st.connected_vcpus, ==, vcpus);
    assert_info_contains(irq, "active: xive (kvm)");
    assert_info_contains(irq, "XIVE backend: in-kernel");
}
