/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the machine layer (hw/ppc/spapr_irq.c) through the public
 * API of include/hw/ppc/spapr_irq.h.
 *
 * Expectations come from the headers, docs/specs/policy.md and the facts
 * (sections 1-3 and 8); numbers and messages are written out by hand.
 * The XICS model is tested through the same API by test-xics-conformance;
 * here only the layer's dispatch is.  Under -accel kvm-sim the in-kernel
 * backends run on the simulated host: what they hold in its "kernel" is
 * read through spapr_irq_get_host() and spapr_host_sim_stats().
 */
#include <errno.h>
#include <string.h>

#include <glib.h>
#include <libfdt.h>

#include "hw/ppc/spapr_host.h"
#include "hw/ppc/spapr_irq.h"

/* Messages fixed by docs/specs/policy.md. */
#define MSG_CAS_INVALID "guest requested an invalid interrupt mode"
#define MSG_CAS_NO_XIVE                                                        \
    "Guest requested unavailable interrupt mode (XIVE), try the "              \
    "ic-mode=xive or ic-mode=dual machine property"
#define MSG_CAS_NO_XICS                                                        \
    "Guest requested unavailable interrupt mode (XICS), either don't set "     \
    "the ic-mode machine property or try ic-mode=xics or ic-mode=dual"
#define MSG_DUAL_ON       "KVM is incompatible with ic-mode=dual,kernel-irqchip=on"
#define MSG_XIVE_NEEDS_P9 "XIVE-only machines require a POWER9 CPU"
#define FALLBACK_PREFIX   "kernel_irqchip allowed but unavailable: "
#define FALLBACK_SUFFIX   ", Falling back to kernel-irqchip=off"
#define STATE_PREFIX      "interrupt state: "

/* hcall numbers (facts sections 5 and 6). */
#define OP_H_EOI                 0x64
#define OP_H_CPPR                0x68
#define OP_H_IPI                 0x6C
#define OP_H_IPOLL               0x70
#define OP_H_XIRR                0x74
#define OP_H_XIRR_X              0x2FC
#define OP_H_INT_GET_SOURCE_INFO 0x3A8
#define OP_H_INT_RESET           0x3D0

static const uint32_t xics_hcalls[] = {OP_H_EOI,   OP_H_CPPR, OP_H_IPI,
                                       OP_H_IPOLL, OP_H_XIRR, OP_H_XIRR_X};

static void set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
    unsigned *count = opaque;

    if (count) {
        (*count)++;
    }
}

static const SpaprIrqCallbacks callbacks = {
    .set_cpu_irq = set_cpu_irq,
};

/* Builds a configuration from a NULL-terminated list of option name and
 * argument pairs, e.g. {"-machine", "ic-mode=xics", NULL}. */
static SpaprIrqConfig *cfg_from(const char *const *opts)
{
    SpaprIrqConfig *cfg = spapr_irq_config_new();

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

static SpaprIrq *create_cfg_ok(const SpaprIrqConfig *cfg)
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

static SpaprIrq *create_ok(const char *const *opts)
{
    g_autoptr(SpaprIrqConfig) cfg = cfg_from(opts);

    return create_cfg_ok(cfg);
}

/* Creation that must fail with @code; returns the message (caller frees).*/
static char *create_fail(const char *const *opts, int code)
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

static void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle)) {
        g_test_message("\"%s\" does not contain \"%s\"", haystack, needle);
    }
    g_assert_nonnull(strstr(haystack, needle));
}

static void cas_ok(SpaprIrq *irq, uint8_t byte23)
{
    g_autoptr(GError) err = NULL;

    if (!spapr_irq_cas(irq, byte23, &err)) {
        g_test_message("cas(0x%02x): %s", byte23, err ? err->message : "?");
    }
    g_assert_no_error(err);
}

static void reset_ok(SpaprIrq *irq)
{
    g_autoptr(GError) err = NULL;

    if (!spapr_irq_reset(irq, &err)) {
        g_test_message("reset: %s", err ? err->message : "?");
    }
    g_assert_no_error(err);
}

static void cpu_add_ok(SpaprIrq *irq, uint32_t cpu_index)
{
    g_autoptr(GError) err = NULL;

    g_assert_true(spapr_irq_cpu_add(irq, cpu_index, -1, &err));
    g_assert_no_error(err);
}

static void claim_ok(SpaprIrq *irq, uint32_t irqn, bool lsi)
{
    g_autoptr(GError) err = NULL;

    if (!spapr_irq_claim(irq, irqn, lsi, &err)) {
        g_test_message("claim(0x%x): %s", irqn, err ? err->message : "?");
    }
    g_assert_no_error(err);
}

/* ------------------------------------------------------------------ */
/* Creation under tcg                                                   */
/* ------------------------------------------------------------------ */

typedef struct ModeCase {
    const char *machine;
    SpaprIcMode ic_mode;
    SpaprIcMode offered;
    uint8_t byte23;
    bool has_xics, has_xive;
    SpaprIntcKind start;
} ModeCase;

static const ModeCase tcg_modes[] = {
    {"pseries,ic-mode=xics", SPAPR_IC_MODE_XICS, SPAPR_IC_MODE_XICS, 0x00, true,
     false, SPAPR_INTC_XICS},
    {"pseries,ic-mode=xive", SPAPR_IC_MODE_XIVE, SPAPR_IC_MODE_XIVE, 0x40,
     false, true, SPAPR_INTC_XIVE},
    {"pseries,ic-mode=dual", SPAPR_IC_MODE_DUAL, SPAPR_IC_MODE_DUAL, 0x80, true,
     true, SPAPR_INTC_XICS},
    /* The default is dual. */
    {"pseries", SPAPR_IC_MODE_DUAL, SPAPR_IC_MODE_DUAL, 0x80, true, true,
     SPAPR_INTC_XICS},
};

static void test_create_tcg_modes(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(tcg_modes); i++) {
        const ModeCase *c = &tcg_modes[i];
        const char *opts[] = {"-machine", c->machine, NULL};
        SpaprIrq *irq;

        g_test_message("-machine %s", c->machine);
        irq = create_ok(opts);
        const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);
        const SpaprHostCaps *caps = spapr_irq_get_host_caps(irq);

        g_assert_nonnull(plan);
        g_assert_cmpint(plan->ic_mode, ==, c->ic_mode);
        g_assert_cmpint(plan->offered, ==, c->offered);
        g_assert_cmphex(plan->platform_byte23, ==, c->byte23);
        g_assert_cmpint(plan->has[SPAPR_INTC_XICS], ==, c->has_xics);
        g_assert_cmpint(plan->has[SPAPR_INTC_XIVE], ==, c->has_xive);
        g_assert_cmpint(plan->start_active, ==, c->start);
        /* tcg: power9 by default, every controller emulated. */
        g_assert_cmpint(plan->cpu, ==, SPAPR_CPU_POWER9);
        g_assert_cmpint(plan->isa, ==, SPAPR_CPU_POWER9);
        g_assert_false(plan->kvm);
        g_assert_false(plan->secure);
        g_assert_cmpint(plan->kernel_irqchip, ==, SPAPR_KERNEL_IRQCHIP_ALLOWED);
        if (c->has_xics) {
            g_assert_cmpint(plan->impl[SPAPR_INTC_XICS], ==,
                            SPAPR_INTC_IMPL_EMULATED);
        }
        if (c->has_xive) {
            g_assert_cmpint(plan->impl[SPAPR_INTC_XIVE], ==,
                            SPAPR_INTC_IMPL_EMULATED);
        }
        /* -smp 1 under tcg: vsmt 1, one server. */
        g_assert_cmpuint(plan->topo.smp_cpus, ==, 1);
        g_assert_cmpuint(plan->topo.max_cpus, ==, 1);
        g_assert_cmpuint(plan->topo.vsmt, ==, 1);
        g_assert_cmpuint(plan->topo.nr_servers, ==, 1);

        g_assert_nonnull(caps);
        g_assert_cmpstr(caps->name, ==, "tcg");
        g_assert_false(caps->kvm);
        g_assert_false(caps->xics);
        g_assert_false(caps->xive);

        g_assert_cmpint(spapr_irq_active(irq), ==, c->start);
        g_assert_cmpint(spapr_irq_active_impl(irq), ==,
                        SPAPR_INTC_IMPL_EMULATED);
        g_assert_nonnull(spapr_irq_warnings(irq));
        g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);
        spapr_irq_destroy(&irq);
        g_assert_null(irq);
    }
}

static void test_create_topology(void)
{
    const char *opts[] = {"-smp", "2,maxcpus=6", "-machine", "vsmt=2", NULL};
    SpaprIrq *irq = create_ok(opts);
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);

    g_assert_cmpuint(plan->topo.smp_cpus, ==, 2);
    g_assert_cmpuint(plan->topo.max_cpus, ==, 6);
    g_assert_cmpuint(plan->topo.cores, ==, 6);
    g_assert_cmpuint(plan->topo.vsmt, ==, 2);
    /* 6 * 2 / 1 */
    g_assert_cmpuint(plan->topo.nr_servers, ==, 12);
    spapr_irq_destroy(&irq);
}

static void test_create_power8(void)
{
    /* -cpu power8: dual is offered as xics. */
    {
        const char *opts[] = {"-cpu", "power8", NULL};
        SpaprIrq *irq = create_ok(opts);
        const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);

        g_assert_cmpint(plan->ic_mode, ==, SPAPR_IC_MODE_DUAL);
        g_assert_cmpint(plan->offered, ==, SPAPR_IC_MODE_XICS);
        g_assert_cmphex(plan->platform_byte23, ==, 0x00);
        g_assert_true(plan->has[SPAPR_INTC_XICS]);
        g_assert_false(plan->has[SPAPR_INTC_XIVE]);
        g_assert_cmpint(plan->cpu, ==, SPAPR_CPU_POWER8);
        g_assert_cmpint(plan->isa, ==, SPAPR_CPU_POWER8);
        g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
        spapr_irq_destroy(&irq);
    }
    /* max-cpu-compat=power8 on the default power9. */
    {
        const char *opts[] = {"-machine", "max-cpu-compat=power8", NULL};
        SpaprIrq *irq = create_ok(opts);
        const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);

        g_assert_cmpint(plan->offered, ==, SPAPR_IC_MODE_XICS);
        g_assert_cmphex(plan->platform_byte23, ==, 0x00);
        g_assert_false(plan->has[SPAPR_INTC_XIVE]);
        g_assert_cmpint(plan->cpu, ==, SPAPR_CPU_POWER9);
        g_assert_cmpint(plan->isa, ==, SPAPR_CPU_POWER8);
        spapr_irq_destroy(&irq);
    }
    /* power10 offers dual. */
    {
        const char *opts[] = {"-cpu", "power10", NULL};
        SpaprIrq *irq = create_ok(opts);
        const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);

        g_assert_cmpint(plan->offered, ==, SPAPR_IC_MODE_DUAL);
        g_assert_cmphex(plan->platform_byte23, ==, 0x80);
        g_assert_cmpint(plan->isa, ==, SPAPR_CPU_POWER10);
        spapr_irq_destroy(&irq);
    }
}

static void test_create_errors(void)
{
    {
        const char *opts[] = {"-cpu", "power8", "-machine", "ic-mode=xive",
                              NULL};
        g_autofree char *msg = create_fail(opts, SPAPR_IRQ_ERROR_UNSUPPORTED);
        g_assert_cmpstr(msg, ==, MSG_XIVE_NEEDS_P9);
    }
    {
        const char *opts[] = {"-machine", "max-cpu-compat=power10", NULL};
        g_autofree char *msg = create_fail(opts, SPAPR_IRQ_ERROR_UNSUPPORTED);
        g_assert_cmpstr(msg, ==,
                        "Compatibility PVR 0x0f000006 not valid for CPU");
    }
    {
        const char *opts[] = {"-smp", "2,threads=2", NULL};
        g_autofree char *msg = create_fail(opts, SPAPR_IRQ_ERROR_UNSUPPORTED);
        g_assert_cmpstr(msg, ==,
                        "TCG cannot support more than 1 thread/core on a "
                        "pseries machine");
    }
    {
        const char *opts[] = {"-machine", "confidential-guest-support=sec0",
                              NULL};
        g_autofree char *msg =
            create_fail(opts, SPAPR_IRQ_ERROR_INVALID_OPTION);
        g_assert_cmpstr(msg, ==,
                        "Property 'confidential-guest-support' refers to "
                        "unknown object 'sec0' (expected -object "
                        "pef-guest,id=sec0)");
    }
    {
        const char *opts[] = {"-object", "pef-guest,id=sec0", "-machine",
                              "confidential-guest-support=sec0", NULL};
        g_autofree char *msg = create_fail(opts, SPAPR_IRQ_ERROR_UNSUPPORTED);
        g_assert_cmpstr(msg, ==, "PEF requires KVM");
    }
}

static void test_create_tcg_warnings(void)
{
    {
        const char *opts[] = {"-machine", "kernel-irqchip=on", NULL};
        SpaprIrq *irq = create_ok(opts);
        GPtrArray *w = spapr_irq_warnings(irq);

        g_assert_cmpuint(w->len, ==, 1);
        g_assert_cmpstr(g_ptr_array_index(w, 0), ==,
                        "kernel-irqchip=on is ignored under TCG: every "
                        "interrupt controller is emulated");
        g_assert_cmpint(spapr_irq_active_impl(irq), ==,
                        SPAPR_INTC_IMPL_EMULATED);
        spapr_irq_destroy(&irq);
    }
    {
        const char *opts[] = {"-machine", "kernel-irqchip=split", NULL};
        SpaprIrq *irq = create_ok(opts);
        GPtrArray *w = spapr_irq_warnings(irq);

        g_assert_cmpuint(w->len, ==, 1);
        g_assert_cmpstr(g_ptr_array_index(w, 0), ==,
                        "kernel-irqchip=split is ignored under TCG: every "
                        "interrupt controller is emulated");
        spapr_irq_destroy(&irq);
    }
    {
        const char *opts[] = {"-machine", "kernel-irqchip=off", NULL};
        SpaprIrq *irq = create_ok(opts);

        g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);
        spapr_irq_destroy(&irq);
    }
}

/* ------------------------------------------------------------------ */
/* Creation under kvm-sim                                              */
/* ------------------------------------------------------------------ */

#define MSG_XIVE_UNAVAILABLE                                                   \
    "kernel_irqchip requested but unavailable: KVM_CAP_PPC_IRQ_XIVE"

/* The simulator's counters for the host the layer opened. */
static SpaprHostSimStats irq_sim_stats(SpaprIrq *irq)
{
    SpaprHostSimStats st;

    memset(&st, 0xa5, sizeof(st));
    g_assert_true(spapr_host_sim_stats(spapr_irq_get_host(irq), &st));
    return st;
}

static void assert_active(SpaprIrq *irq, SpaprIntcKind kind, SpaprIntcImpl impl)
{
    g_assert_cmpint(spapr_irq_active(irq), ==, kind);
    g_assert_cmpint(spapr_irq_active_impl(irq), ==, impl);
}

static void assert_info_contains(SpaprIrq *irq, const char *needle)
{
    g_autoptr(GString) info = g_string_new(NULL);

    spapr_irq_print_info(irq, info);
    assert_contains(info->str, needle);
}

static void assert_info_lacks(SpaprIrq *irq, const char *needle)
{
    g_autoptr(GString) info = g_string_new(NULL);

    spapr_irq_print_info(irq, info);
    if (strstr(info->str, needle)) {
        g_test_message("\"%s\" contains \"%s\"", info->str, needle);
    }
    g_assert_null(strstr(info->str, needle));
}

/* The in-kernel XICS holds the device, the four RTAS tokens, no mapping. */
static void assert_kernel_xics(SpaprIrq *irq, unsigned vcpus)
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
static void assert_kernel_xive(SpaprIrq *irq, unsigned vcpus)
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

/* An emulated controller holds nothing in the kernel. */
static void assert_nothing_in_kernel(SpaprIrq *irq)
{
    SpaprHostSimStats st = irq_sim_stats(irq);

    g_assert_cmpuint(st.open_devices, ==, 0);
    g_assert_cmpuint(st.mappings, ==, 0);
    g_assert_cmpuint(st.rtas_tokens, ==, 0);
    g_assert_cmpuint(st.connected_vcpus, ==, 0);
}

static void test_kvm_sim_allowed(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_irq_config_new();
    SpaprIrq *irq;

    cfg->accel = SPAPR_ACCEL_KVM_SIM;
    cfg->accel_host = g_strdup("power9-6.1");
    irq = create_cfg_ok(cfg);

    const SpaprHostCaps *caps = spapr_irq_get_host_caps(irq);
    g_assert_cmpstr(caps->name, ==, "kvm-sim:power9-6.1");
    g_assert_true(caps->kvm);
    g_assert_cmpint(caps->cpu, ==, SPAPR_CPU_POWER9);
    g_assert_true(caps->xics);
    g_assert_true(caps->xive);
    g_assert_true(caps->release);
    g_assert_true(caps->nr_servers);
    g_assert_false(caps->secure);

    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);
    g_assert_true(plan->kvm);
    g_assert_cmpint(plan->kernel_irqchip, ==, SPAPR_KERNEL_IRQCHIP_ALLOWED);
    g_assert_cmpint(plan->cpu, ==, SPAPR_CPU_POWER9);
    g_assert_cmpint(plan->offered, ==, SPAPR_IC_MODE_DUAL);
    g_assert_cmphex(plan->platform_byte23, ==, 0x80);
    g_assert_cmpint(plan->impl[SPAPR_INTC_XICS], ==, SPAPR_INTC_IMPL_KVM);
    g_assert_cmpint(plan->impl[SPAPR_INTC_XIVE], ==, SPAPR_INTC_IMPL_KVM);
    /* KVM: vsmt 8, one CPU -> 8 servers. */
    g_assert_cmpuint(plan->topo.vsmt, ==, 8);
    g_assert_cmpuint(plan->topo.nr_servers, ==, 8);

    /* The policy's prediction holds: XICS in the kernel, no warning. */
    GPtrArray *w = spapr_irq_warnings(irq);
    g_assert_cmpuint(w->len, ==, 0);
    assert_kernel_xics(irq, 0);
    assert_info_lacks(irq, "emulated");
    cpu_add_ok(irq, 0);
    assert_kernel_xics(irq, 1);
    g_assert_cmpuint(irq_sim_stats(irq).open_vcpus, ==, 1);

    /* CAS only records the choice ... */
    cas_ok(irq, 0x40);
    assert_kernel_xics(irq, 1);
    /* ... the reset switches to XIVE, in the kernel too. */
    reset_ok(irq);
    assert_kernel_xive(irq, 1);
    g_assert_cmpuint(irq_sim_stats(irq).stale_irqchips, ==, 0);
    g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);

    /* And back to XICS at the next reset. */
    reset_ok(irq);
    assert_kernel_xics(irq, 1);
    g_assert_cmpuint(irq_sim_stats(irq).stale_irqchips, ==, 0);
    g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);

    spapr_irq_destroy(&irq);
    g_assert_null(irq);
}

static void test_kvm_sim_default_profile(void)
{
    /* Without host= the default profile power9-6.1 is used. */
    const char *opts[] = {"-accel", "kvm-sim", "-smp", "2", NULL};
    SpaprIrq *irq = create_ok(opts);

    g_assert_cmpstr(spapr_irq_get_host_caps(irq)->name, ==,
                    "kvm-sim:power9-6.1");
    g_assert_cmpuint(spapr_irq_get_plan(irq)->topo.nr_servers, ==, 16);
    cpu_add_ok(irq, 0);
    cpu_add_ok(irq, 1);
    assert_kernel_xics(irq, 2);
    g_assert_cmpuint(irq_sim_stats(irq).open_vcpus, ==, 2);
    spapr_irq_destroy(&irq);
}

static void test_kvm_sim_on(void)
{
    {
        /* dual, on, a host that has both and releases them. */
        g_autoptr(SpaprIrqConfig) cfg = spapr_irq_config_new();
        SpaprIrq *irq;

        cfg->accel = SPAPR_ACCEL_KVM_SIM;
        cfg->accel_host = g_strdup("power9-6.1");
        cfg->kernel_irqchip = SPAPR_KERNEL_IRQCHIP_ON;
        irq = create_cfg_ok(cfg);
        g_assert_cmpint(spapr_irq_get_plan(irq)->kernel_irqchip, ==,
                        SPAPR_KERNEL_IRQCHIP_ON);
        g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);
        cpu_add_ok(irq, 0);
        assert_kernel_xics(irq, 1);
        cas_ok(irq, 0x40);
        reset_ok(irq);
        assert_kernel_xive(irq, 1);
        reset_ok(irq);
        assert_kernel_xics(irq, 1);
        g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);
        spapr_irq_destroy(&irq);
    }
    {
        const char *opts[] = {"-accel", "kvm-sim,host=power9-6.1", "-machine",
                              "ic-mode=xive,kernel-irqchip=on", NULL};
        SpaprIrq *irq = create_ok(opts);

        g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);
        assert_kernel_xive(irq, 0);
        cpu_add_ok(irq, 0);
        assert_kernel_xive(irq, 1);
        reset_ok(irq);
        assert_kernel_xive(irq, 1);
        spapr_irq_destroy(&irq);
    }
    {
        const char *opts[] = {"-accel",   "kvm,kernel-irqchip=on",
                              "-accel",   "kvm-sim,host=power10-6.1",
                              "-machine", "ic-mode=xics",
                              NULL};
        SpaprIrq *irq = create_ok(opts);

        g_assert_cmpstr(spapr_irq_get_host_caps(irq)->name, ==,
                        "kvm-sim:power10-6.1");
        g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);
        assert_kernel_xics(irq, 0);
        spapr_irq_destroy(&irq);
    }
}

static void test_kvm_sim_on_unavailable(void)
{
    /* A XIVE machine on hosts without the in-kernel XIVE. */
    static const char *const no_xive[] = {"kvm-sim,host=power9-4.19",
                                          "kvm-sim,host=nested-5.10"};

    for (size_t i = 0; i < G_N_ELEMENTS(no_xive); i++) {
        const char *opts[] = {"-accel", no_xive[i], "-machine",
                              "ic-mode=xive,kernel-irqchip=on", NULL};
        g_autofree char *msg = NULL;

        g_test_message("%s", no_xive[i]);
        msg = create_fail(opts, SPAPR_IRQ_ERROR_HOST);
        g_assert_cmpstr(msg, ==, MSG_XIVE_UNAVAILABLE);
    }
    {
        /* dual and on on a host that releases its XICS but has no XIVE:
         * every controller offered must be in the kernel from the start
         * (policy rule 8), not only at the reset after CAS. */
        const char *opts[] = {"-accel", "kvm-sim,host=nested-5.10", "-machine",
                              "ic-mode=dual,kernel-irqchip=on", NULL};
        g_autofree char *msg = create_fail(opts, SPAPR_IRQ_ERROR_HOST);

        g_assert_cmpstr(msg, ==, MSG_XIVE_UNAVAILABLE);
    }
    {
        /* Without release the dual rule refuses it first. */
        const char *opts[] = {"-accel", "kvm-sim,host=power9-4.19", "-machine",
                              "kernel-irqchip=on", NULL};
        g_autofree char *msg = create_fail(opts, SPAPR_IRQ_ERROR_HOST);

        g_assert_cmpstr(msg, ==, MSG_DUAL_ON);
    }
    {
        /* XICS alone is there on both. */
        static const char *const hosts[] = {"kvm-sim,host=power9-4.19",
                                            "kvm-sim,host=nested-5.10"};

        for (size_t i = 0; i < G_N_ELEMENTS(hosts); i++) {
            const char *opts[] = {"-accel", hosts[i], "-machine",
                                  "ic-mode=xics,kernel-irqchip=on", NULL};
            SpaprIrq *irq = create_ok(opts);

            g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);
            cpu_add_ok(irq, 0);
            assert_kernel_xics(irq, 1);
            reset_ok(irq);
            assert_kernel_xics(irq, 1);
            spapr_irq_destroy(&irq);
        }
    }
    {
        /* No XICS in the kernel either. */
        const char *opts[] = {"-accel", "kvm-sim,host=none", "-machine",
                              "ic-mode=xics,kernel-irqchip=on", NULL};
        g_autofree char *msg = create_fail(opts, SPAPR_IRQ_ERROR_HOST);

        g_assert_cmpstr(msg, ==,
                        "kernel_irqchip requested but unavailable: "
                        "KVM_CAP_IRQ_XICS");
    }
}

static void test_kvm_sim_allowed_unavailable(void)
{
    {
        /* XICS in the kernel, no XIVE there: the switch falls back. */
        static const char *const hosts[] = {"kvm-sim,host=power9-4.19",
                                            "kvm-sim,host=nested-5.10"};

        for (size_t i = 0; i < G_N_ELEMENTS(hosts); i++) {
            const char *opts[] = {"-accel", hosts[i], "-smp", "2", NULL};
            SpaprIrq *irq = create_ok(opts);
            GPtrArray *w = spapr_irq_warnings(irq);

            g_test_message("%s", hosts[i]);
            g_assert_cmpint(spapr_irq_get_plan(irq)->impl[SPAPR_INTC_XIVE], ==,
                            SPAPR_INTC_IMPL_EMULATED);
            g_assert_cmpuint(w->len, ==, 0);
            cpu_add_ok(irq, 0);
            cpu_add_ok(irq, 1);
            assert_kernel_xics(irq, 2);

            cas_ok(irq, 0x40);
            reset_ok(irq);
            assert_active(irq, SPAPR_INTC_XIVE, SPAPR_INTC_IMPL_EMULATED);
            g_assert_cmpuint(w->len, ==, 1);
            g_assert_cmpstr(g_ptr_array_index(w, 0), ==,
                            FALLBACK_PREFIX
                            "KVM_CAP_PPC_IRQ_XIVE" FALLBACK_SUFFIX);
            assert_info_contains(irq, "active: xive (emulated)");
            assert_info_contains(irq, "XIVE backend: emulated");
            assert_nothing_in_kernel(irq);
            spapr_irq_destroy(&irq);
        }
    }
    {
        /* The XICS device of nested-5.10 is released: back in the kernel
         * at the reset after XIVE. */
        const char *opts[] = {"-accel", "kvm-sim,host=nested-5.10", NULL};
        SpaprIrq *irq = create_ok(opts);

        cpu_add_ok(irq, 0);
        cas_ok(irq, 0x40);
        reset_ok(irq);
        assert_active(irq, SPAPR_INTC_XIVE, SPAPR_INTC_IMPL_EMULATED);
        reset_ok(irq);
        assert_kernel_xics(irq, 1);
        g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 1);
        spapr_irq_destroy(&irq);
    }
    {
        /* ic-mode=xive: the fallback is announced at start. */
        const char *opts[] = {"-accel", "kvm-sim,host=power9-4.19", "-machine",
                              "ic-mode=xive", NULL};
        SpaprIrq *irq = create_ok(opts);
        GPtrArray *w = spapr_irq_warnings(irq);

        g_assert_cmpuint(w->len, ==, 1);
        g_assert_cmpstr(g_ptr_array_index(w, 0), ==,
                        FALLBACK_PREFIX "KVM_CAP_PPC_IRQ_XIVE" FALLBACK_SUFFIX);
        assert_active(irq, SPAPR_INTC_XIVE, SPAPR_INTC_IMPL_EMULATED);
        cpu_add_ok(irq, 0);
        assert_nothing_in_kernel(irq);
        spapr_irq_destroy(&irq);
    }
    {
        /* No irqchip at all in the kernel: emulated XICS, warned. */
        const char *opts[] = {"-accel", "kvm-sim,host=none", "-machine",
                              "ic-mode=xics", NULL};
        SpaprIrq *irq = create_ok(opts);
        GPtrArray *w = spapr_irq_warnings(irq);

        g_assert_cmpuint(w->len, ==, 1);
        g_assert_cmpstr(g_ptr_array_index(w, 0), ==,
                        FALLBACK_PREFIX "KVM_CAP_IRQ_XICS" FALLBACK_SUFFIX);
        assert_active(irq, SPAPR_INTC_XICS, SPAPR_INTC_IMPL_EMULATED);
        assert_info_contains(irq, "active: xics (emulated)");
        assert_info_contains(irq, "XICS backend: emulated");
        cpu_add_ok(irq, 0);
        assert_nothing_in_kernel(irq);
        spapr_irq_destroy(&irq);
    }
}

/* A machine switched to XIVE at the reset after CAS, with host call @nth
 * of that reset failed; *@failed_op gets the call that failed, or NULL if
 * the reset made fewer calls.  Returns the reset's outcome. */
static bool switch_with_failure(SpaprIrq *irq, unsigned nth, const char **op,
                                GError **errp)
{
    SpaprHost *host = spapr_irq_get_host(irq);
    unsigned injected = irq_sim_stats(irq).injected;
    bool ok;

    cpu_add_ok(irq, 0);
    cas_ok(irq, 0x40);
    g_assert_true(spapr_host_sim_fail(host, nth, EIO));
    ok = spapr_irq_reset(irq, errp);
    *op = irq_sim_stats(irq).injected > injected ? irq_sim_stats(irq).failed_op
                                                 : NULL;
    g_assert_true(spapr_host_sim_fail(host, 0, EIO));
    return ok;
}

/* The XIVE device cannot be created at the switch: under on the reset
 * fails and XICS stays in the kernel; under allowed XIVE is emulated. */
static void test_kvm_sim_switch_failure(void)
{
    const char *on[] = {"-accel", "kvm-sim,host=power9-6.1", "-machine",
                        "kernel-irqchip=on", NULL};
    const char *allowed[] = {"-accel", "kvm-sim,host=power9-6.1", NULL};
    bool seen = false;

    for (unsigned nth = 1; nth < 64 && !seen; nth++) {
        SpaprIrq *irq = create_ok(on);
        g_autoptr(GError) err = NULL;
        const char *op = NULL;
        bool ok = switch_with_failure(irq, nth, &op, &err);

        if (!op) {
            g_assert_true(ok);
            spapr_irq_destroy(&irq);
            break; /* past the reset's last call */
        }
        if (strcmp(op, "create_device") != 0) {
            spapr_irq_destroy(&irq);
            continue;
        }
        seen = true;
        g_assert_false(ok);
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_HOST);
        g_test_message("reset: %s", err->message);
        assert_contains(err->message, g_strerror(EIO));
        g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);
        /* The previous controller is given back, in the kernel. */
        assert_kernel_xics(irq, 1);
        /* The CAS choice was used up: the next reset keeps XICS, and the
         * guest's next CAS switches. */
        reset_ok(irq);
        assert_kernel_xics(irq, 1);
        cas_ok(irq, 0x40);
        reset_ok(irq);
        assert_kernel_xive(irq, 1);
        spapr_irq_destroy(&irq);

        irq = create_ok(allowed);
        g_clear_error(&err);
        g_assert_true(switch_with_failure(irq, nth, &op, &err));
        g_assert_no_error(err);
        g_assert_cmpstr(op, ==, "create_device");
        assert_active(irq, SPAPR_INTC_XIVE, SPAPR_INTC_IMPL_EMULATED);
        g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 1);
        g_test_message("warning: %s",
                       (char *)g_ptr_array_index(spapr_irq_warnings(irq), 0));
        g_assert_true(g_str_has_prefix(
            g_ptr_array_index(spapr_irq_warnings(irq), 0), FALLBACK_PREFIX));
        g_assert_true(g_str_has_suffix(
            g_ptr_array_index(spapr_irq_warnings(irq), 0), FALLBACK_SUFFIX));
        assert_contains(g_ptr_array_index(spapr_irq_warnings(irq), 0),
                        g_strerror(EIO));
        assert_nothing_in_kernel(irq);
        spapr_irq_destroy(&irq);
    }
    /* The switch creates the XIVE device. */
    g_assert_true(seen);
}

/* What the layer holds in the kernel just before it is destroyed (the host
 * goes with it). */
static void test_kvm_sim_teardown_stats(void)
{
    const char *opts[] = {"-accel", "kvm-sim,host=power9-6.1", "-smp", "4",
                          NULL};
    SpaprIrq *irq = create_ok(opts);
    SpaprHostSimStats st;

    for (uint32_t c = 0; c < 4; c++) {
        cpu_add_ok(irq, c);
    }
    cas_ok(irq, 0x40);
    reset_ok(irq);
    st = irq_sim_stats(irq);
    assert_active(irq, SPAPR_INTC_XIVE, SPAPR_INTC_IMPL_KVM);
    g_assert_cmpuint(st.open_devices, ==, 1);
    g_assert_cmpuint(st.mappings, ==, 2);
    g_assert_cmpuint(st.connected_vcpus, ==, 4);
    g_assert_cmpuint(st.open_vcpus, ==, 4);
    g_assert_cmpuint(st.rtas_tokens, ==, 0);
    g_assert_cmpuint(st.stale_irqchips, ==, 0);
    g_assert_cmpuint(st.injected, ==, 0);
    g_assert_null(st.failed_op);
    spapr_irq_destroy(&irq);

    irq = create_ok(opts);
    for (uint32_t c = 0; c < 4; c++) {
        cpu_add_ok(irq, c);
    }
    cas_ok(irq, 0x40);
    reset_ok(irq);
    reset_ok(irq);
    st = irq_sim_stats(irq);
    assert_active(irq, SPAPR_INTC_XICS, SPAPR_INTC_IMPL_KVM);
    g_assert_cmpuint(st.open_devices, ==, 1);
    g_assert_cmpuint(st.mappings, ==, 0);
    g_assert_cmpuint(st.rtas_tokens, ==, 4);
    g_assert_cmpuint(st.connected_vcpus, ==, 4);
    g_assert_cmpuint(st.open_vcpus, ==, 4);
    g_assert_cmpuint(st.stale_irqchips, ==, 0);
    g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);
    /* LSan checks the rest goes with the layer. */
    spapr_irq_destroy(&irq);
    g_assert_null(irq);
}

/* The guest's interrupt path runs in the kernel: RTAS, KVM_IRQ_LINE and
 * the hcalls all reach the simulated XICS. */
static void test_kvm_sim_xics_path(void)
{
    const char *opts[] = {"-accel", "kvm-sim,host=power9-6.1", NULL};
    SpaprIrqCallbacks cb = callbacks;
    unsigned count = 0;
    g_autoptr(SpaprIrqConfig) cfg = cfg_from(opts);
    g_autoptr(GError) err = NULL;
    uint32_t args[3] = {0x1000, 0, 5}, rets[3] = {0x55, 0x55, 0x55};
    uint64_t hargs[1] = {0xff}, hrets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};
    SpaprIrq *irq;
    unsigned calls;

    cb.opaque = &count;
    irq = spapr_irq_create(cfg, &cb, -1, &err);
    g_assert_no_error(err);
    g_assert_nonnull(irq);
    cpu_add_ok(irq, 0);
    claim_ok(irq, 0x1000, false);
    assert_kernel_xics(irq, 1);

    calls = irq_sim_stats(irq).calls;
    g_assert_cmpint(spapr_irq_hcall(irq, 0, OP_H_CPPR, hargs, 1, hrets), ==,
                    H_SUCCESS);
    g_assert_true(spapr_irq_rtas(irq, 0, spapr_irq_rtas_token("ibm,set-xive"),
                                 3, args, 1, rets));
    g_assert_cmpuint(rets[0], ==, RTAS_OUT_SUCCESS);
    /* Guest calls are not host calls. */
    g_assert_cmpuint(irq_sim_stats(irq).calls, ==, calls);

    count = 0;
    g_assert_true(spapr_irq_set_irq(irq, 0x1000, 1, &err));
    g_assert_no_error(err);
    /* One KVM_IRQ_LINE, and the kernel raised the vCPU's line. */
    g_assert_cmpuint(irq_sim_stats(irq).calls, ==, calls + 1);
    g_assert_cmpuint(count, >=, 1);
    memset(hrets, 0, sizeof(hrets));
    g_assert_cmpint(spapr_irq_hcall(irq, 0, OP_H_XIRR, NULL, 0, hrets), ==,
                    H_SUCCESS);
    g_assert_cmphex(hrets[0], ==, 0xff001000);
    g_assert_cmpuint(irq_sim_stats(irq).injected, ==, 0);
    spapr_irq_destroy(&irq);
}

static void test_kvm_sim_off(void)
{
    const char *opts[] = {"-accel", "kvm-sim,host=power9-6.1", "-machine",
                          "kernel-irqchip=off", NULL};
    SpaprIrq *irq = create_ok(opts);
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);

    g_assert_true(plan->kvm);
    g_assert_cmpint(plan->impl[SPAPR_INTC_XICS], ==, SPAPR_INTC_IMPL_EMULATED);
    g_assert_cmpint(plan->impl[SPAPR_INTC_XIVE], ==, SPAPR_INTC_IMPL_EMULATED);
    g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);
    g_assert_cmpint(spapr_irq_active_impl(irq), ==, SPAPR_INTC_IMPL_EMULATED);

    /* Neither does a switch warn. */
    cas_ok(irq, 0x40);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);
    spapr_irq_destroy(&irq);
}

static void test_kvm_sim_host_errors(void)
{
    {
        const char *opts[] = {"-accel", "kvm-sim,host=power9-4.19", "-machine",
                              "ic-mode=dual,kernel-irqchip=on", NULL};
        g_autofree char *msg = create_fail(opts, SPAPR_IRQ_ERROR_HOST);
        g_assert_cmpstr(msg, ==, MSG_DUAL_ON);
    }
    {
        const char *opts[] = {"-accel", "kvm-sim,host=none", "-machine",
                              "kernel-irqchip=on", NULL};
        g_autofree char *msg = create_fail(opts, SPAPR_IRQ_ERROR_HOST);
        g_assert_cmpstr(msg, ==,
                        "kernel_irqchip requested but unavailable: "
                        "KVM_CAP_IRQ_XICS");
    }
    {
        const char *opts[] = {"-accel", "kvm-sim,host=power9-6.1", "-cpu",
                              "power10", NULL};
        g_autofree char *msg = create_fail(opts, SPAPR_IRQ_ERROR_UNSUPPORTED);
        g_assert_cmpstr(msg, ==,
                        "CPU model power10 is not supported by this KVM host "
                        "(host CPU: POWER9)");
    }
    {
        const char *opts[] = {"-accel", "kvm-sim,host=power9-6.1", "-machine",
                              "kernel-irqchip=split", NULL};
        g_autofree char *msg = create_fail(opts, SPAPR_IRQ_ERROR_UNSUPPORTED);
        g_assert_cmpstr(msg, ==,
                        "kernel_irqchip split mode not supported on pseries");
    }
    {
        const char *opts[] = {"-accel",   "kvm-sim,host=power9-6.1",
                              "-object",  "pef-guest,id=s",
                              "-machine", "confidential-guest-support=s",
                              NULL};
        g_autofree char *msg = create_fail(opts, SPAPR_IRQ_ERROR_HOST);
        g_assert_cmpstr(msg, ==,
                        "KVM implementation does not support Secure VMs");
    }
    {
        /* An unknown profile set behind the parser's back. */
        g_autoptr(SpaprIrqConfig) cfg = spapr_irq_config_new();
        g_autoptr(GError) err = NULL;
        SpaprIrq *irq;

        cfg->accel = SPAPR_ACCEL_KVM_SIM;
        cfg->accel_host = g_strdup("no-such-host");
        irq = spapr_irq_create(cfg, &callbacks, -1, &err);
        g_assert_null(irq);
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
        assert_contains(err->message, "no-such-host");
    }
}

static void test_kvm_sim_no_irqchip(void)
{
    /* A host without an in-kernel controller: the policy itself predicts
     * emulation and gives the one start warning. */
    const char *opts[] = {"-accel", "kvm-sim,host=none", NULL};
    SpaprIrq *irq = create_ok(opts);
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);
    GPtrArray *w = spapr_irq_warnings(irq);

    g_assert_cmpint(plan->impl[SPAPR_INTC_XICS], ==, SPAPR_INTC_IMPL_EMULATED);
    g_assert_cmpuint(w->len, ==, 1);
    g_assert_cmpstr(g_ptr_array_index(w, 0), ==,
                    FALLBACK_PREFIX "KVM_CAP_IRQ_XICS" FALLBACK_SUFFIX);
    g_assert_cmpint(spapr_irq_active_impl(irq), ==, SPAPR_INTC_IMPL_EMULATED);

    /* CAS to XIVE adds the XIVE warning at reset. */
    cas_ok(irq, 0x40);
    reset_ok(irq);
    g_assert_cmpuint(w->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(w, 1), ==,
                    FALLBACK_PREFIX "KVM_CAP_PPC_IRQ_XIVE" FALLBACK_SUFFIX);
    assert_active(irq, SPAPR_INTC_XIVE, SPAPR_INTC_IMPL_EMULATED);
    assert_nothing_in_kernel(irq);
    spapr_irq_destroy(&irq);
}

static void test_kvm_missing_device(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_irq_config_new();
    g_autoptr(GError) err = NULL;
    SpaprIrq *irq;

    cfg->accel = SPAPR_ACCEL_KVM;
    g_free(cfg->kvm_device);
    cfg->kvm_device = g_strdup("/nonexistent/spapr-irq-test/kvm");
    irq = spapr_irq_create(cfg, &callbacks, -1, &err);
    g_assert_null(irq);
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_HOST);
    assert_contains(err->message, "/nonexistent/spapr-irq-test/kvm");
}

static void test_sim_host_api(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_irq_config_new();
    g_autoptr(GError) err = NULL;
    SpaprHost *host = NULL;
    SpaprHostSimStats stats;
    SpaprHostCaps caps;

    /* tcg: no host at all. */
    g_assert_true(spapr_host_open(cfg, -1, &host, &err));
    g_assert_no_error(err);
    g_assert_null(host);
    g_assert_false(spapr_host_sim_stats(NULL, &stats));

    cfg->accel = SPAPR_ACCEL_KVM_SIM;
    cfg->accel_host = g_strdup("power9-6.1");
    g_assert_true(spapr_host_open(cfg, -1, &host, &err));
    g_assert_no_error(err);
    g_assert_nonnull(host);
    g_assert_cmpstr(host->ops->name, ==, "kvm-sim");

    g_assert_true(spapr_host_probe(host, cfg, &caps, &err));
    g_assert_no_error(err);
    g_assert_cmpstr(caps.name, ==, "kvm-sim:power9-6.1");
    g_assert_true(caps.xics);
    g_assert_true(caps.xive);

    memset(&stats, 0xff, sizeof(stats));
    g_assert_true(spapr_host_sim_stats(host, &stats));
    /* Probing leaves nothing open. */
    g_assert_cmpuint(stats.open_devices, ==, 0);
    g_assert_cmpuint(stats.open_vcpus, ==, 0);
    g_assert_cmpuint(stats.mappings, ==, 0);
    g_assert_cmpuint(stats.connected_vcpus, ==, 0);
    g_assert_cmpuint(stats.rtas_tokens, ==, 0);
    g_assert_cmpuint(stats.stale_irqchips, ==, 0);
    g_assert_cmpuint(stats.calls, >, 0);
    g_assert_cmpuint(stats.injected, ==, 0);
    g_assert_null(stats.failed_op);

    /* Fault injection reaches the simulator only. */
    g_assert_false(spapr_host_sim_fail(NULL, 1, EIO));
    g_assert_true(spapr_host_sim_fail(host, 1, EIO));
    g_assert_cmpint(host->ops->check_extension(host, 92), ==, -EIO);
    g_assert_true(spapr_host_sim_stats(host, &stats));
    g_assert_cmpuint(stats.injected, ==, 1);
    g_assert_cmpstr(stats.failed_op, ==, "check_extension");

    spapr_host_close(&host);
    g_assert_null(host);
    spapr_host_close(&host);
    g_assert_null(host);
}

/* ------------------------------------------------------------------ */
/* vCPUs                                                               */
/* ------------------------------------------------------------------ */

static void test_cpu_add(void)
{
    const char *opts[] = {"-smp", "2,maxcpus=4", NULL};
    SpaprIrq *irq = create_ok(opts);

    for (uint32_t i = 0; i < 4; i++) {
        cpu_add_ok(irq, i);
    }
    {
        g_autoptr(GError) err = NULL;

        g_assert_false(spapr_irq_cpu_add(irq, 4, -1, &err));
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_RANGE);
    }
    {
        g_autoptr(GError) err = NULL;

        g_assert_false(spapr_irq_cpu_add(irq, UINT32_MAX, -1, &err));
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_RANGE);
    }
    {
        g_autoptr(GError) err = NULL;

        g_assert_false(spapr_irq_cpu_add(irq, 1, -1, &err));
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_BUSY);
    }
    /* Remove, then add again. */
    spapr_irq_cpu_remove(irq, 1);
    cpu_add_ok(irq, 1);
    {
        g_autoptr(GError) err = NULL;

        g_assert_false(spapr_irq_cpu_add(irq, 1, -1, &err));
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_BUSY);
    }
    /* Removing an absent or out-of-range vCPU is a no-op. */
    spapr_irq_cpu_remove(irq, 2);
    spapr_irq_cpu_remove(irq, 2);
    spapr_irq_cpu_remove(irq, 4);
    spapr_irq_cpu_remove(irq, UINT32_MAX);
    cpu_add_ok(irq, 2);
    /* Destroying with vCPUs present frees them (ASan checks). */
    spapr_irq_destroy(&irq);
}

static void test_cpu_add_range_default(void)
{
    /* Default -smp: maxcpus 1. */
    SpaprIrq *irq = create_ok(NULL);
    g_autoptr(GError) err = NULL;

    g_assert_false(spapr_irq_cpu_add(irq, 1, -1, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_RANGE);
    cpu_add_ok(irq, 0);
    spapr_irq_destroy(&irq);
}

/* ------------------------------------------------------------------ */
/* IRQ numbers                                                         */
/* ------------------------------------------------------------------ */

static void claim_fail(SpaprIrq *irq, uint32_t irqn, bool lsi, int code,
                       const char *needle)
{
    g_autoptr(GError) err = NULL;

    g_assert_false(spapr_irq_claim(irq, irqn, lsi, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, code);
    g_test_message("claim(0x%x): %s", irqn, err->message);
    if (needle) {
        assert_contains(err->message, needle);
    }
}

static void test_claim_range(void)
{
    SpaprIrq *irq = create_ok(NULL);

    claim_fail(irq, 0x0fff, false, SPAPR_IRQ_ERROR_RANGE, "0x1000");
    claim_fail(irq, 0x0fff, false, SPAPR_IRQ_ERROR_RANGE, "0x1fff");
    claim_fail(irq, 0x2000, true, SPAPR_IRQ_ERROR_RANGE, "0x1000");
    claim_fail(irq, 0x2000, true, SPAPR_IRQ_ERROR_RANGE, "0x1fff");
    claim_fail(irq, 0, false, SPAPR_IRQ_ERROR_RANGE, NULL);
    claim_fail(irq, UINT32_MAX, false, SPAPR_IRQ_ERROR_RANGE, NULL);
    g_assert_false(spapr_irq_is_claimed(irq, 0x0fff, NULL));
    g_assert_false(spapr_irq_is_claimed(irq, 0x2000, NULL));
    /* Both ends of the range are claimable. */
    claim_ok(irq, 0x1000, false);
    claim_ok(irq, 0x1fff, true);
    spapr_irq_destroy(&irq);
}

static void test_claim_busy(void)
{
    SpaprIrq *irq = create_ok(NULL);
    bool lsi = true;

    claim_ok(irq, 0x1000, false);
    claim_fail(irq, 0x1000, false, SPAPR_IRQ_ERROR_BUSY, "is not free");
    /* On error nothing changes: still an MSI. */
    claim_fail(irq, 0x1000, true, SPAPR_IRQ_ERROR_BUSY, "is not free");
    g_assert_true(spapr_irq_is_claimed(irq, 0x1000, &lsi));
    g_assert_false(lsi);
    spapr_irq_destroy(&irq);
}

static void test_claim_lsi_flag(void)
{
    SpaprIrq *irq = create_ok(NULL);
    bool lsi;

    claim_ok(irq, 0x1200, true);
    claim_ok(irq, 0x1300, false);
    lsi = false;
    g_assert_true(spapr_irq_is_claimed(irq, 0x1200, &lsi));
    g_assert_true(lsi);
    lsi = true;
    g_assert_true(spapr_irq_is_claimed(irq, 0x1300, &lsi));
    g_assert_false(lsi);
    /* Unclaimed: false, and not an LSI. */
    lsi = true;
    g_assert_false(spapr_irq_is_claimed(irq, 0x1201, &lsi));
    g_assert_false(lsi);
    /* Out of range: false. */
    g_assert_false(spapr_irq_is_claimed(irq, 0x0, NULL));
    g_assert_false(spapr_irq_is_claimed(irq, UINT32_MAX, NULL));
    spapr_irq_destroy(&irq);
}

static void test_claim_free(void)
{
    SpaprIrq *irq = create_ok(NULL);
    bool lsi;

    claim_ok(irq, 0x1100, false);
    claim_ok(irq, 0x1101, true);
    claim_ok(irq, 0x1102, false);
    claim_ok(irq, 0x1104, false);
    /* Free a range of 3: 0x1100..0x1102. */
    spapr_irq_free(irq, 0x1100, 3);
    g_assert_false(spapr_irq_is_claimed(irq, 0x1100, NULL));
    g_assert_false(spapr_irq_is_claimed(irq, 0x1101, NULL));
    g_assert_false(spapr_irq_is_claimed(irq, 0x1102, NULL));
    g_assert_true(spapr_irq_is_claimed(irq, 0x1104, NULL));
    /* Claim again, with the other type. */
    claim_ok(irq, 0x1101, false);
    g_assert_true(spapr_irq_is_claimed(irq, 0x1101, &lsi));
    g_assert_false(lsi);
    claim_ok(irq, 0x1100, true);
    g_assert_true(spapr_irq_is_claimed(irq, 0x1100, &lsi));
    g_assert_true(lsi);

    /* Free of unclaimed or out-of-range numbers is ignored. */
    spapr_irq_free(irq, 0x1500, 10);
    spapr_irq_free(irq, 0, 0x1000);
    spapr_irq_free(irq, 0x2000, 0x100);
    spapr_irq_free(irq, UINT32_MAX, 2);
    spapr_irq_free(irq, 0x1100, 0);
    g_assert_true(spapr_irq_is_claimed(irq, 0x1100, NULL));
    g_assert_true(spapr_irq_is_claimed(irq, 0x1101, NULL));
    g_assert_true(spapr_irq_is_claimed(irq, 0x1104, NULL));

    /* A range straddling the lower end frees the in-range part. */
    claim_ok(irq, 0x1000, false);
    spapr_irq_free(irq, 0x0ffe, 3);
    g_assert_false(spapr_irq_is_claimed(irq, 0x1000, NULL));
    /* And the upper end. */
    claim_ok(irq, 0x1fff, false);
    spapr_irq_free(irq, 0x1fff, 0x10);
    g_assert_false(spapr_irq_is_claimed(irq, 0x1fff, NULL));
    claim_ok(irq, 0x1fff, true);
    spapr_irq_destroy(&irq);
}

static void test_claim_every_mode(void)
{
    static const char *const machines[] = {"ic-mode=xics", "ic-mode=xive",
                                           "ic-mode=dual"};

    for (size_t i = 0; i < G_N_ELEMENTS(machines); i++) {
        const char *opts[] = {"-machine", machines[i], NULL};
        SpaprIrq *irq = create_ok(opts);

        claim_ok(irq, 0x1000, false);
        claim_ok(irq, 0x1200, true);
        claim_fail(irq, 0x1200, false, SPAPR_IRQ_ERROR_BUSY, NULL);
        claim_fail(irq, 0x0fff, false, SPAPR_IRQ_ERROR_RANGE, NULL);
        spapr_irq_free(irq, 0x1200, 1);
        claim_ok(irq, 0x1200, false);
        /* Claims survive a CAS switch. */
        if (i == 2) {
            cas_ok(irq, 0x40);
            reset_ok(irq);
            g_assert_true(spapr_irq_is_claimed(irq, 0x1000, NULL));
            claim_fail(irq, 0x1000, true, SPAPR_IRQ_ERROR_BUSY, NULL);
        }
        spapr_irq_destroy(&irq);
    }
}

static void test_set_irq(void)
{
    static const char *const machines[] = {"ic-mode=xics", "ic-mode=xive",
                                           "ic-mode=dual"};

    for (size_t i = 0; i < G_N_ELEMENTS(machines); i++) {
        const char *opts[] = {"-machine", machines[i], NULL};
        SpaprIrq *irq = create_ok(opts);

        claim_ok(irq, 0x1000, false);
        claim_ok(irq, 0x1200, true);
        for (int level = 0; level <= 1; level++) {
            g_autoptr(GError) e1 = NULL;
            g_autoptr(GError) e2 = NULL;

            /* Both controllers take the level of a claimed IRQ. */
            g_assert_true(spapr_irq_set_irq(irq, 0x1000, level, &e1));
            g_assert_no_error(e1);
            g_assert_true(spapr_irq_set_irq(irq, 0x1200, level, &e2));
            g_assert_no_error(e2);
        }
        {
            g_autoptr(GError) err = NULL;

            /* Unclaimed: refused whatever the controller. */
            g_assert_false(spapr_irq_set_irq(irq, 0x1001, 1, &err));
            g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE);
            assert_contains(err->message, "not claimed");
        }
        {
            g_autoptr(GError) err = NULL;

            g_assert_false(spapr_irq_set_irq(irq, 0x0fff, 1, &err));
            g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_RANGE);
        }
        {
            g_autoptr(GError) err = NULL;

            g_assert_false(spapr_irq_set_irq(irq, 0x2000, 1, &err));
            g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_RANGE);
        }
        spapr_irq_destroy(&irq);
    }
}

/* ------------------------------------------------------------------ */
/* hcalls and RTAS                                                     */
/* ------------------------------------------------------------------ */

static void test_is_hcall(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(xics_hcalls); i++) {
        g_assert_true(spapr_irq_is_hcall(xics_hcalls[i]));
    }
    /* 0x3A8, 0x3AC, ..., 0x3D0: the 11 XIVE hcalls. */
    static const uint64_t xive[] = {0x3A8, 0x3AC, 0x3B0, 0x3B4, 0x3B8, 0x3BC,
                                    0x3C0, 0x3C4, 0x3C8, 0x3CC, 0x3D0};
    for (size_t i = 0; i < G_N_ELEMENTS(xive); i++) {
        g_assert_true(spapr_irq_is_hcall(xive[i]));
    }

    static const uint64_t no[] = {
        0x3A4, 0x3D4, 0x3AA, 0x3A9, 0x3CF,           0,         0x60,
        0x78,  0x2F8, 0x300, 0x66,  0x10000003A8ull, UINT64_MAX};
    for (size_t i = 0; i < G_N_ELEMENTS(no); i++) {
        g_test_message("is_hcall(0x%" G_GINT64_MODIFIER "x)", no[i]);
        g_assert_false(spapr_irq_is_hcall(no[i]));
    }
}

static void test_hcall_xics_active(void)
{
    const char *opts[] = {"-machine", "ic-mode=dual", NULL};
    SpaprIrq *irq = create_ok(opts);
    uint64_t args[8] = {0};
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    cpu_add_ok(irq, 0);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    /* Every XIVE hcall answers H_FUNCTION while XICS is active. */
    for (uint64_t op = 0x3A8; op <= 0x3D0; op += 4) {
        g_assert_cmpint(spapr_irq_hcall(irq, 0, op, args, 8, rets), ==,
                        H_FUNCTION);
    }
    g_assert_cmpint(
        spapr_irq_hcall(irq, 0, OP_H_INT_GET_SOURCE_INFO, args, 2, rets), ==,
        -2);
    /* Not an interrupt hcall. */
    g_assert_cmpint(spapr_irq_hcall(irq, 0, 0x3A4, args, 8, rets), ==,
                    H_FUNCTION);
    g_assert_cmpint(spapr_irq_hcall(irq, 0, 0x4, args, 8, rets), ==,
                    H_FUNCTION);
    g_assert_cmpint(spapr_irq_hcall(irq, 0, 0, args, 0, rets), ==, H_FUNCTION);
    g_assert_cmpint(spapr_irq_hcall(irq, 0, 0x3D4, args, 8, rets), ==,
                    H_FUNCTION);
    spapr_irq_destroy(&irq);
}

static void test_hcall_xive_active(void)
{
    const char *opts[] = {"-cpu", "power9", "-machine", "ic-mode=dual", NULL};
    SpaprIrq *irq = create_ok(opts);
    uint64_t args[8] = {0};
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    cpu_add_ok(irq, 0);
    cas_ok(irq, 0x40);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    /* XICS hcalls fail with H_HARDWARE while XIVE is active. */
    g_assert_cmpint(spapr_irq_hcall(irq, 0, OP_H_XIRR, args, 0, rets), ==,
                    H_HARDWARE);
    g_assert_cmpint(spapr_irq_hcall(irq, 0, OP_H_XIRR, args, 0, rets), ==, -1);
    for (size_t i = 0; i < G_N_ELEMENTS(xics_hcalls); i++) {
        g_assert_cmpint(spapr_irq_hcall(irq, 0, xics_hcalls[i], args, 2, rets),
                        ==, H_HARDWARE);
    }
    /* Unknown opcode: H_FUNCTION. */
    g_assert_cmpint(spapr_irq_hcall(irq, 0, 0x3A4, args, 8, rets), ==,
                    H_FUNCTION);
    g_assert_cmpint(spapr_irq_hcall(irq, 0, 0x1234, args, 8, rets), ==,
                    H_FUNCTION);

    /* A reset without CAS brings XICS back: XIVE hcalls are refused. */
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    g_assert_cmpint(spapr_irq_hcall(irq, 0, OP_H_INT_RESET, args, 1, rets), ==,
                    H_FUNCTION);
    spapr_irq_destroy(&irq);
}

static void test_hcall_single_mode(void)
{
    uint64_t args[8] = {0};
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    /* ic-mode=xive: XIVE is active from the start. */
    {
        const char *opts[] = {"-machine", "ic-mode=xive", NULL};
        SpaprIrq *irq = create_ok(opts);

        cpu_add_ok(irq, 0);
        for (size_t i = 0; i < G_N_ELEMENTS(xics_hcalls); i++) {
            g_assert_cmpint(
                spapr_irq_hcall(irq, 0, xics_hcalls[i], args, 2, rets), ==,
                H_HARDWARE);
        }
        spapr_irq_destroy(&irq);
    }
    /* ic-mode=xics: XIVE hcalls never pass. */
    {
        const char *opts[] = {"-machine", "ic-mode=xics", NULL};
        SpaprIrq *irq = create_ok(opts);

        cpu_add_ok(irq, 0);
        for (uint64_t op = 0x3A8; op <= 0x3D0; op += 4) {
            g_assert_cmpint(spapr_irq_hcall(irq, 0, op, args, 8, rets), ==,
                            H_FUNCTION);
        }
        spapr_irq_destroy(&irq);
    }
}

static void test_rtas_tokens(void)
{
    g_assert_cmphex(spapr_irq_rtas_token("ibm,set-xive"), ==, 0x200A);
    g_assert_cmphex(spapr_irq_rtas_token("ibm,get-xive"), ==, 0x200B);
    g_assert_cmphex(spapr_irq_rtas_token("ibm,int-off"), ==, 0x200C);
    g_assert_cmphex(spapr_irq_rtas_token("ibm,int-on"), ==, 0x200D);
    g_assert_cmphex(spapr_irq_rtas_token("ibm,foo"), ==, 0);
    g_assert_cmphex(spapr_irq_rtas_token(""), ==, 0);
    g_assert_cmphex(spapr_irq_rtas_token("ibm,set-xive "), ==, 0);
    g_assert_cmphex(spapr_irq_rtas_token("set-xive"), ==, 0);
    g_assert_cmphex(spapr_irq_rtas_token("ibm,os-term"), ==, 0);
}

static void test_rtas_unknown_token(void)
{
    const char *opts[] = {"-machine", "ic-mode=dual", NULL};
    SpaprIrq *irq = create_ok(opts);
    static const uint32_t tokens[] = {0,      0x2000,  0x2009,
                                      0x200E, 0x200A0, UINT32_MAX};
    uint32_t args[3] = {0x1000, 0, 5};

    cpu_add_ok(irq, 0);
    for (size_t i = 0; i < G_N_ELEMENTS(tokens); i++) {
        uint32_t rets[3] = {0x12345678, 0x12345678, 0x12345678};

        g_assert_false(spapr_irq_rtas(irq, 0, tokens[i], 3, args, 3, rets));
        /* Untouched: the VMM handles it. */
        g_assert_cmphex(rets[0], ==, 0x12345678);
    }
    /* A known token is an interrupt RTAS call whatever the result. */
    {
        uint32_t rets[3] = {0};

        g_assert_true(spapr_irq_rtas(irq, 0, 0x200B, 1, args, 3, rets));
    }
    spapr_irq_destroy(&irq);
}

static void test_rtas_xive_active(void)
{
    const char *opts[] = {"-machine", "ic-mode=dual", NULL};
    SpaprIrq *irq = create_ok(opts);
    static const uint32_t tokens[] = {0x200A, 0x200B, 0x200C, 0x200D};
    uint32_t args[3] = {0x1000, 0, 5};

    cpu_add_ok(irq, 0);
    claim_ok(irq, 0x1000, false);
    cas_ok(irq, 0x40);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);

    {
        uint32_t rets[3] = {0x12345678, 0x12345678, 0x12345678};

        g_assert_true(spapr_irq_rtas(
            irq, 0, spapr_irq_rtas_token("ibm,get-xive"), 1, args, 3, rets));
        g_assert_cmphex(rets[0], ==, 0xffffffffu);
        g_assert_cmpint((int32_t)rets[0], ==, RTAS_OUT_HW_ERROR);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(tokens); i++) {
        uint32_t rets[3] = {0x12345678, 0x12345678, 0x12345678};

        g_assert_true(spapr_irq_rtas(irq, 0, tokens[i], 3, args, 1, rets));
        g_assert_cmphex(rets[0], ==, 0xffffffffu);
    }
    /* nret 0: no status is written. */
    {
        uint32_t rets[1] = {0x12345678};

        g_assert_true(spapr_irq_rtas(irq, 0, 0x200C, 1, args, 0, rets));
        g_assert_cmphex(rets[0], ==, 0x12345678);
    }
    spapr_irq_destroy(&irq);
}

/* ------------------------------------------------------------------ */
/* CAS and reset                                                       */
/* ------------------------------------------------------------------ */

static void cas_fail(SpaprIrq *irq, uint8_t byte23, const char *msg)
{
    g_autoptr(GError) err = NULL;

    g_assert_false(spapr_irq_cas(irq, byte23, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_CAS);
    g_assert_cmpstr(err->message, ==, msg);
}

static void test_cas_dual(void)
{
    const char *opts[] = {"-cpu", "power9", "-machine", "ic-mode=dual", NULL};
    SpaprIrq *irq = create_ok(opts);

    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    cas_ok(irq, 0x40);
    /* The switch happens at reset, not at CAS. */
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    g_assert_cmpint(spapr_irq_active_impl(irq), ==, SPAPR_INTC_IMPL_EMULATED);
    /* A reset forgets the choice: back to XICS. */
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);

    /* CAS for XICS keeps XICS. */
    cas_ok(irq, 0x00);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);

    /* XIVE again, twice in a row with resets in between. */
    cas_ok(irq, 0x40);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    cas_ok(irq, 0x40);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    /* From XIVE, CAS for XICS. */
    cas_ok(irq, 0x00);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);

    /* 0x80 is never valid. */
    cas_fail(irq, 0x80, MSG_CAS_INVALID);
    cas_fail(irq, 0xC0, MSG_CAS_INVALID);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);

    /* No warning under tcg. */
    g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);
    spapr_irq_destroy(&irq);
}

static void test_cas_xive_only(void)
{
    const char *opts[] = {"-machine", "ic-mode=xive", NULL};
    SpaprIrq *irq = create_ok(opts);

    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    cas_fail(irq, 0x00, MSG_CAS_NO_XICS);
    cas_fail(irq, 0x80, MSG_CAS_INVALID);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    cas_ok(irq, 0x40);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    /* A reset without CAS keeps XIVE, the start controller. */
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    spapr_irq_destroy(&irq);
}

static void test_cas_xics_only(void)
{
    const char *opts[] = {"-machine", "ic-mode=xics", NULL};
    SpaprIrq *irq = create_ok(opts);

    cas_fail(irq, 0x40, MSG_CAS_NO_XIVE);
    cas_fail(irq, 0x80, MSG_CAS_INVALID);
    cas_ok(irq, 0x00);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    spapr_irq_destroy(&irq);
}

static void test_cas_dual_power8(void)
{
    const char *opts[] = {"-machine", "ic-mode=dual,max-cpu-compat=power8",
                          NULL};
    SpaprIrq *irq = create_ok(opts);
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);

    g_assert_cmpint(plan->offered, ==, SPAPR_IC_MODE_XICS);
    g_assert_cmphex(plan->platform_byte23, ==, 0x00);
    cas_fail(irq, 0x40, MSG_CAS_NO_XIVE);
    cas_ok(irq, 0x00);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    spapr_irq_destroy(&irq);

    /* Same with -cpu power8. */
    const char *opts8[] = {"-cpu", "power8", NULL};
    irq = create_ok(opts8);
    cas_fail(irq, 0x40, MSG_CAS_NO_XIVE);
    spapr_irq_destroy(&irq);
}

/* ------------------------------------------------------------------ */
/* Device tree                                                         */
/* ------------------------------------------------------------------ */

/* The (23, value) pair of /chosen's platform-support property, or -1. */
static int platform_byte23(const void *fdt, int *npairs)
{
    int chosen = fdt_path_offset(fdt, "/chosen");
    const uint8_t *p;
    int len = 0, val = -1;

    g_assert_cmpint(chosen, >=, 0);
    p = fdt_getprop(fdt, chosen, "ibm,arch-vec-5-platform-support", &len);
    g_assert_nonnull(p);
    g_assert_cmpint(len % 2, ==, 0);
    *npairs = len / 2;
    for (int i = 0; i < len; i += 2) {
        if (p[i] == 23) {
            g_assert_cmpint(val, ==, -1); /* only one pair for byte 23 */
            val = p[i + 1];
        }
    }
    return val;
}

static void test_dt_dual_switch(void)
{
    const char *opts[] = {"-cpu", "power9", "-machine", "ic-mode=dual", NULL};
    SpaprIrq *irq = create_ok(opts);
    g_autofree void *fdt = g_malloc0(16384);
    static const uint8_t vmm_pairs[] = {24, 0xc0, 26, 0x40};
    const fdt32_t *prio;
    int chosen, cpu, npairs, len;

    cpu_add_ok(irq, 0);
    reset_ok(irq);
    /* Before CAS: the XICS node, byte 23 = 0x80, the VMM's pairs kept. */
    g_assert_cmpint(fdt_create_empty_tree(fdt, 16384), ==, 0);
    chosen = fdt_add_subnode(fdt, 0, "chosen");
    g_assert_cmpint(fdt_setprop(fdt, chosen, "ibm,arch-vec-5-platform-support",
                                vmm_pairs, sizeof(vmm_pairs)),
                    ==, 0);
    g_assert_true(spapr_irq_dt(irq, fdt, NULL));
    g_assert_cmpstr(
        fdt_get_name(fdt, fdt_path_offset(fdt, "/interrupt-controller"), NULL),
        ==, "interrupt-controller");
    g_assert_null(fdt_getprop(fdt, 0, "ibm,plat-res-int-priorities", NULL));
    g_assert_cmpint(platform_byte23(fdt, &npairs), ==, 0x80);
    g_assert_cmpint(npairs, ==, 3);

    /* After CAS (XIVE) and reset: the XIVE node and the reserved
     * priorities; the platform still offers both. */
    cas_ok(irq, 0x40);
    reset_ok(irq);
    g_assert_cmpint(fdt_create_empty_tree(fdt, 16384), ==, 0);
    g_assert_true(spapr_irq_dt(irq, fdt, NULL));
    {
        /* libfdt matches a name without its unit address: look at it. */
        int node = fdt_path_offset(fdt, "/interrupt-controller");

        g_assert_cmpint(node, >=, 0);
        g_assert_cmpstr(fdt_get_name(fdt, node, NULL), ==,
                        "interrupt-controller@60302031b0000");
        g_assert_cmpint(fdt_next_subnode(fdt, node), <, 0); /* only one */
    }
    prio = fdt_getprop(fdt, 0, "ibm,plat-res-int-priorities", &len);
    g_assert_nonnull(prio);
    g_assert_cmpint(len, ==, 8);
    g_assert_cmpuint(fdt32_to_cpu(prio[0]), ==, 7);
    g_assert_cmpuint(fdt32_to_cpu(prio[1]), ==, 0xf8);
    g_assert_cmpint(platform_byte23(fdt, &npairs), ==, 0x80);
    g_assert_cmpint(npairs, ==, 1);

    /* CPU properties, whatever the controller; bad index refused. */
    cpu = fdt_add_subnode(fdt, 0, "cpu");
    g_assert_true(spapr_irq_dt_cpu(irq, fdt, cpu, 0, NULL));
    g_assert_nonnull(fdt_getprop(fdt, cpu, "ibm,ppc-interrupt-server#s", NULL));
    {
        g_autoptr(GError) err = NULL;

        g_assert_false(spapr_irq_dt_cpu(irq, fdt, cpu, 4096, &err));
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_RANGE);
    }
    /* A blob without room: NO_SPACE, named. */
    {
        g_autoptr(GError) err = NULL;
        char small[128];

        g_assert_cmpint(fdt_create_empty_tree(small, sizeof(small)), ==, 0);
        g_assert_false(spapr_irq_dt(irq, small, &err));
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_NO_SPACE);
        assert_contains(err->message, "XIVE node");
    }
    spapr_irq_destroy(&irq);
}

/* ------------------------------------------------------------------ */
/* Saved state                                                         */
/* ------------------------------------------------------------------ */

static void test_save_xics_appends(void)
{
    const char *opts[] = {"-machine", "ic-mode=xics", NULL};
    SpaprIrq *irq = create_ok(opts);
    static const uint8_t prefill[] = {0xde, 0xad};
    g_autoptr(GByteArray) alone = g_byte_array_new();
    g_autoptr(GByteArray) out = g_byte_array_new();

    cpu_add_ok(irq, 0);
    claim_ok(irq, 0x1000, false);
    g_assert_true(spapr_irq_save(irq, alone, NULL));
    g_assert_cmpuint(alone->len, >, 0x1000);
    /* "SPRQ" first. */
    g_assert_cmpmem(alone->data, 4, "SPRQ", 4);
    /* Appended after what the array held. */
    g_byte_array_append(out, prefill, sizeof(prefill));
    g_assert_true(spapr_irq_save(irq, out, NULL));
    g_assert_cmpmem(out->data, 2, prefill, 2);
    g_assert_cmpmem(out->data + 2, out->len - 2, alone->data, alone->len);
    spapr_irq_destroy(&irq);
}

static void put_u8(GByteArray *b, uint8_t v)
{
    g_byte_array_append(b, &v, 1);
}

static void put_be16(GByteArray *b, uint16_t v)
{
    uint8_t x[2] = {(uint8_t)(v >> 8), (uint8_t)v};

    g_byte_array_append(b, x, 2);
}

static void put_be32(GByteArray *b, uint32_t v)
{
    uint8_t x[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8),
                    (uint8_t)v};

    g_byte_array_append(b, x, 4);
}

typedef struct StateHeader {
    uint32_t magic;
    uint16_t version;
    uint8_t ic_mode, offered, isa;
    uint32_t nr_servers, max_cpus;
} StateHeader;

/*
 * The header of a tcg dual power9 machine with -smp 2,maxcpus=4
 * (vsmt 1: nr_servers 4).  Enum values: SpaprIcMode DUAL = 2, ISA = the
 * POWER generation 9.
 */
static const StateHeader good_header = {
    .magic = 0x53505251, /* "SPRQ" */
    .version = 1,
    .ic_mode = 2,
    .offered = 2,
    .isa = 9,
    .nr_servers = 4,
    .max_cpus = 4,
};

static GByteArray *build_header(const StateHeader *h)
{
    GByteArray *b = g_byte_array_new();

    put_be32(b, h->magic);
    put_be16(b, h->version);
    put_u8(b, h->ic_mode);
    put_u8(b, h->offered);
    put_u8(b, h->isa);
    put_be32(b, h->nr_servers);
    put_be32(b, h->max_cpus);
    return b;
}

/* Appends the rest of the layer's header: active, CAS record, IRQ map
 * (all zero), then one empty section per controller (kinds 0 and 1). */
static void build_rest(GByteArray *b, uint8_t active)
{
    static const uint8_t zeros[0x1000];

    put_u8(b, active);
    put_u8(b, 0);
    put_u8(b, 0);
    g_byte_array_append(b, zeros, sizeof(zeros));
    put_u8(b, 0);
    put_be32(b, 0);
    put_u8(b, 1);
    put_be32(b, 0);
}

static SpaprIrq *load_machine(void)
{
    const char *opts[] = {"-machine", "ic-mode=dual", "-cpu", "power9",
                          "-smp",     "2,maxcpus=4",  NULL};
    SpaprIrq *irq = create_ok(opts);
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);

    /* The header above was written for this plan. */
    g_assert_cmpuint(plan->topo.nr_servers, ==, 4);
    g_assert_cmpuint(plan->topo.max_cpus, ==, 4);
    g_assert_cmpint(plan->ic_mode, ==, 2);
    g_assert_cmpint(plan->offered, ==, 2);
    g_assert_cmpint(plan->isa, ==, 9);
    return irq;
}

/* Loading must fail with STATE; @needle (if any) in the message. */
static void load_fail(SpaprIrq *irq, const uint8_t *buf, size_t len,
                      const char *needle)
{
    g_autoptr(GError) err = NULL;

    g_assert_false(spapr_irq_load(irq, buf, len, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE);
    g_test_message("load(%zu bytes): %s", len, err->message);
    g_assert_true(g_str_has_prefix(err->message, STATE_PREFIX));
    if (needle) {
        assert_contains(err->message, needle);
    }
}

/* Offset of the section of controller @kind in a saved state (after the
 * layer's header: magic, version, 3 bytes, 2 x u32, 3 bytes, IRQ map). */
static size_t section_offset(const GByteArray *b, uint8_t kind)
{
    size_t off = 4 + 2 + 3 + 8 + 3 + 0x1000;

    while (off + 5 <= b->len) {
        uint32_t len = (uint32_t)b->data[off + 1] << 24 |
                       (uint32_t)b->data[off + 2] << 16 |
                       (uint32_t)b->data[off + 3] << 8 | b->data[off + 4];

        if (b->data[off] == kind) {
            return off + 5;
        }
        off += 5 + len;
    }
    g_assert_not_reached();
}

static void test_save_dual(void)
{
    const char *opts[] = {"-machine", "ic-mode=dual", "-smp", "2", NULL};
    SpaprIrq *irq = create_ok(opts);
    g_autoptr(GByteArray) s0 = g_byte_array_new();
    g_autoptr(GByteArray) s1 = g_byte_array_new();
    g_autoptr(GByteArray) bad = NULL;
    g_autoptr(GByteArray) after = g_byte_array_new();
    g_autoptr(GByteArray) again = g_byte_array_new();
    uint32_t args[3] = {0x1000, 1, 5}, rets[1];
    size_t xive_off;

    cpu_add_ok(irq, 0);
    cpu_add_ok(irq, 1);
    claim_ok(irq, 0x1000, false);
    claim_ok(irq, 0x1200, true);
    /* Both controllers' sections are saved; save -> load -> save gives
     * the same bytes. */
    g_assert_true(spapr_irq_save(irq, s0, NULL));
    g_assert_true(spapr_irq_load(irq, s0->data, s0->len, NULL));
    g_assert_true(spapr_irq_save(irq, again, NULL));
    g_assert_cmpmem(s0->data, s0->len, again->data, again->len);

    /* Change the XICS state, then load s0 with a broken XIVE section: the
     * XICS section of s0 loads first and must be undone. */
    g_assert_true(spapr_irq_rtas(irq, 0, spapr_irq_rtas_token("ibm,set-xive"),
                                 3, args, 1, rets));
    g_assert_cmpint((int32_t)rets[0], ==, 0);
    g_assert_true(spapr_irq_save(irq, s1, NULL));
    g_assert_true(s1->len != s0->len ||
                  memcmp(s1->data, s0->data, s0->len) != 0);
    bad = g_byte_array_new();
    g_byte_array_append(bad, s0->data, s0->len);
    xive_off = section_offset(bad, SPAPR_INTC_XIVE);
    bad->data[xive_off + 1] ^= 0x7f; /* the XIVE version */
    load_fail(irq, bad->data, bad->len, "XIVE: version");
    g_assert_true(spapr_irq_save(irq, after, NULL));
    g_assert_cmpmem(s1->data, s1->len, after->data, after->len);
    spapr_irq_destroy(&irq);
}

static void load_header_fail(SpaprIrq *irq, const StateHeader *h,
                             const char *needle)
{
    g_autoptr(GByteArray) b = build_header(h);

    /* The header alone, and followed by the rest. */
    load_fail(irq, b->data, b->len, needle);
    build_rest(b, 0);
    load_fail(irq, b->data, b->len, needle);
}

static void test_load_empty(void)
{
    SpaprIrq *irq = load_machine();
    static const uint8_t one[1] = {0x53};
    static const uint8_t magic_only[4] = {0x53, 0x50, 0x52, 0x51};

    load_fail(irq, one, 0, NULL);
    load_fail(irq, one, 1, NULL);
    load_fail(irq, magic_only, 4, NULL);
    spapr_irq_destroy(&irq);
}

static void test_load_bad_header(void)
{
    SpaprIrq *irq = load_machine();
    StateHeader h;

    h = good_header;
    h.magic = 0x53505252;
    load_header_fail(irq, &h, "magic");
    /* The magic is big-endian: its little-endian image is wrong. */
    h = good_header;
    h.magic = 0x51525053;
    load_header_fail(irq, &h, "magic");
    h = good_header;
    h.magic = 0;
    load_header_fail(irq, &h, "magic");

    h = good_header;
    h.version = 2;
    load_header_fail(irq, &h, "version");
    h = good_header;
    h.version = 0;
    load_header_fail(irq, &h, "version");
    /* Little-endian version 1. */
    h = good_header;
    h.version = 0x0100;
    load_header_fail(irq, &h, "version");

    h = good_header;
    h.ic_mode = 0;
    load_header_fail(irq, &h, "ic-mode");

    h = good_header;
    h.offered = 0;
    load_header_fail(irq, &h, NULL);

    h = good_header;
    h.isa = 8;
    load_header_fail(irq, &h, NULL);

    h = good_header;
    h.nr_servers = 32;
    load_header_fail(irq, &h, "nr_servers");
    h = good_header;
    h.nr_servers = 0x04000000; /* 4 in little-endian */
    load_header_fail(irq, &h, "nr_servers");

    h = good_header;
    h.max_cpus = 8;
    load_header_fail(irq, &h, NULL);

    /* The machine is unchanged. */
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    spapr_irq_destroy(&irq);
}

static void test_load_bad_body(void)
{
    SpaprIrq *irq = load_machine();

    /* A good header cut short right after it. */
    {
        g_autoptr(GByteArray) b = build_header(&good_header);

        load_fail(irq, b->data, b->len, NULL);
        put_u8(b, 0);
        load_fail(irq, b->data, b->len, NULL);
    }
    /* The IRQ map cut short. */
    {
        g_autoptr(GByteArray) b = build_header(&good_header);

        build_rest(b, 0);
        /* 17 header bytes, 3 bytes of active and CAS, half the map. */
        load_fail(irq, b->data, 17 + 3 + 0x800, NULL);
    }
    /* The IRQ map does not match the machine's claims. */
    {
        g_autoptr(GByteArray) b = build_header(&good_header);

        claim_ok(irq, 0x1000, false);
        build_rest(b, 0);
        load_fail(irq, b->data, b->len, "0x1000");
        spapr_irq_free(irq, 0x1000, 1);
    }
    g_assert_false(spapr_irq_is_claimed(irq, 0x1000, NULL));
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    spapr_irq_destroy(&irq);
}

static void test_load_active_not_in_machine(void)
{
    /* An xics-only machine cannot load a state where XIVE (1) is active. */
    const char *opts[] = {"-machine", "ic-mode=xics", NULL};
    SpaprIrq *irq = create_ok(opts);
    StateHeader h = {
        .magic = 0x53505251,
        .version = 1,
        .ic_mode = 0,
        .offered = 0,
        .isa = 9,
        .nr_servers = 1,
        .max_cpus = 1,
    };
    g_autoptr(GByteArray) b = build_header(&h);

    put_u8(b, 1);
    put_u8(b, 0);
    put_u8(b, 0);
    for (int i = 0; i < 0x1000; i++) {
        put_u8(b, 0);
    }
    put_u8(b, 0);
    put_be32(b, 0);
    load_fail(irq, b->data, b->len, NULL);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    spapr_irq_destroy(&irq);
}

static void test_load_empty_xics_section(void)
{
    static const uint8_t zeros[0x1000];

    /* Dual: the empty XICS section is refused, the machine unchanged. */
    {
        SpaprIrq *irq = load_machine();
        g_autoptr(GByteArray) b = build_header(&good_header);

        build_rest(b, 0);
        load_fail(irq, b->data, b->len, "XICS: truncated header");
        g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
        spapr_irq_destroy(&irq);
    }
    /* XICS only: a well-formed layer header gets past the layer's checks;
     * the empty XICS section is refused by the controller. */
    {
        const char *opts[] = {"-machine", "ic-mode=xics", "-smp", "2,maxcpus=4",
                              NULL};
        SpaprIrq *irq = create_ok(opts);
        StateHeader h = good_header;
        g_autoptr(GByteArray) b = NULL;

        h.ic_mode = 0;
        h.offered = 0;
        b = build_header(&h);
        put_u8(b, 0); /* active: XICS */
        put_u8(b, 0);
        put_u8(b, 0);
        g_byte_array_append(b, zeros, sizeof(zeros));
        put_u8(b, 0); /* the XICS section, empty */
        put_be32(b, 0);
        load_fail(irq, b->data, b->len, "XICS: truncated header");
        g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
        spapr_irq_destroy(&irq);
    }
}

/* ------------------------------------------------------------------ */
/* info, destroy, several machines                                     */
/* ------------------------------------------------------------------ */

static void test_print_info(void)
{
    {
        SpaprIrq *irq = create_ok(NULL);
        g_autoptr(GString) out = g_string_new("before\n");

        spapr_irq_print_info(irq, out);
        /* Appended, not replaced. */
        g_assert_true(g_str_has_prefix(out->str, "before\n"));
        assert_contains(out->str, "active: xics (emulated)");
        g_assert_null(strstr(out->str, "active: xive"));

        cas_ok(irq, 0x40);
        reset_ok(irq);
        g_string_truncate(out, 0);
        spapr_irq_print_info(irq, out);
        assert_contains(out->str, "active: xive (emulated)");
        g_assert_null(strstr(out->str, "active: xics"));
        spapr_irq_destroy(&irq);
    }
    {
        const char *opts[] = {"-machine", "ic-mode=xive", NULL};
        SpaprIrq *irq = create_ok(opts);
        g_autoptr(GString) out = g_string_new(NULL);

        spapr_irq_print_info(irq, out);
        assert_contains(out->str, "active: xive (emulated)");
        spapr_irq_destroy(&irq);
    }
}

static void test_destroy(void)
{
    SpaprIrq *irq = create_ok(NULL);
    SpaprIrq *none = NULL;

    cpu_add_ok(irq, 0);
    claim_ok(irq, 0x1000, true);
    spapr_irq_destroy(&irq);
    g_assert_null(irq);
    /* A second call is a no-op. */
    spapr_irq_destroy(&irq);
    g_assert_null(irq);
    /* A NULL pointer value is accepted. */
    spapr_irq_destroy(&none);
    g_assert_null(none);
}

static void test_two_machines(void)
{
    const char *opts_a[] = {"-machine", "ic-mode=dual", "-smp", "2", NULL};
    const char *opts_b[] = {"-machine", "ic-mode=xics", NULL};
    SpaprIrq *a = create_ok(opts_a);
    SpaprIrq *b = create_ok(opts_b);
    bool lsi;

    g_assert_cmpuint(spapr_irq_get_plan(a)->topo.max_cpus, ==, 2);
    g_assert_cmpuint(spapr_irq_get_plan(b)->topo.max_cpus, ==, 1);

    claim_ok(a, 0x1000, true);
    g_assert_false(spapr_irq_is_claimed(b, 0x1000, NULL));
    claim_ok(b, 0x1000, false);
    g_assert_true(spapr_irq_is_claimed(a, 0x1000, &lsi));
    g_assert_true(lsi);
    g_assert_true(spapr_irq_is_claimed(b, 0x1000, &lsi));
    g_assert_false(lsi);
    spapr_irq_free(a, 0x1000, 1);
    g_assert_false(spapr_irq_is_claimed(a, 0x1000, NULL));
    g_assert_true(spapr_irq_is_claimed(b, 0x1000, NULL));

    cpu_add_ok(a, 0);
    cpu_add_ok(a, 1);
    cpu_add_ok(b, 0);

    cas_ok(a, 0x40);
    reset_ok(a);
    g_assert_cmpint(spapr_irq_active(a), ==, SPAPR_INTC_XIVE);
    g_assert_cmpint(spapr_irq_active(b), ==, SPAPR_INTC_XICS);
    reset_ok(b);
    g_assert_cmpint(spapr_irq_active(a), ==, SPAPR_INTC_XIVE);

    spapr_irq_destroy(&a);
    /* b lives on. */
    g_assert_true(spapr_irq_is_claimed(b, 0x1000, NULL));
    claim_ok(b, 0x1001, false);
    spapr_irq_destroy(&b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/machine/create/tcg-modes", test_create_tcg_modes);
    g_test_add_func("/machine/create/topology", test_create_topology);
    g_test_add_func("/machine/create/power8", test_create_power8);
    g_test_add_func("/machine/create/errors", test_create_errors);
    g_test_add_func("/machine/create/tcg-warnings", test_create_tcg_warnings);
    g_test_add_func("/machine/kvm-sim/allowed", test_kvm_sim_allowed);
    g_test_add_func("/machine/kvm-sim/default-profile",
                    test_kvm_sim_default_profile);
    g_test_add_func("/machine/kvm-sim/on", test_kvm_sim_on);
    g_test_add_func("/machine/kvm-sim/on-unavailable",
                    test_kvm_sim_on_unavailable);
    g_test_add_func("/machine/kvm-sim/allowed-unavailable",
                    test_kvm_sim_allowed_unavailable);
    g_test_add_func("/machine/kvm-sim/teardown-stats",
                    test_kvm_sim_teardown_stats);
    g_test_add_func("/machine/kvm-sim/xics-path", test_kvm_sim_xics_path);
    g_test_add_func("/machine/kvm-sim/switch-failure",
                    test_kvm_sim_switch_failure);
    g_test_add_func("/machine/kvm-sim/off", test_kvm_sim_off);
    g_test_add_func("/machine/kvm-sim/host-errors", test_kvm_sim_host_errors);
    g_test_add_func("/machine/kvm-sim/no-irqchip", test_kvm_sim_no_irqchip);
    g_test_add_func("/machine/kvm-sim/host-api", test_sim_host_api);
    g_test_add_func("/machine/kvm/missing-device", test_kvm_missing_device);
    g_test_add_func("/machine/cpu/add", test_cpu_add);
    g_test_add_func("/machine/cpu/add-range-default",
                    test_cpu_add_range_default);
    g_test_add_func("/machine/claim/range", test_claim_range);
    g_test_add_func("/machine/claim/busy", test_claim_busy);
    g_test_add_func("/machine/claim/lsi-flag", test_claim_lsi_flag);
    g_test_add_func("/machine/claim/free", test_claim_free);
    g_test_add_func("/machine/claim/every-mode", test_claim_every_mode);
    g_test_add_func("/machine/set-irq", test_set_irq);
    g_test_add_func("/machine/hcall/is-hcall", test_is_hcall);
    g_test_add_func("/machine/hcall/xics-active", test_hcall_xics_active);
    g_test_add_func("/machine/hcall/xive-active", test_hcall_xive_active);
    g_test_add_func("/machine/hcall/single-mode", test_hcall_single_mode);
    g_test_add_func("/machine/rtas/tokens", test_rtas_tokens);
    g_test_add_func("/machine/rtas/unknown-token", test_rtas_unknown_token);
    g_test_add_func("/machine/rtas/xive-active", test_rtas_xive_active);
    g_test_add_func("/machine/cas/dual", test_cas_dual);
    g_test_add_func("/machine/cas/xive-only", test_cas_xive_only);
    g_test_add_func("/machine/cas/xics-only", test_cas_xics_only);
    g_test_add_func("/machine/cas/dual-power8", test_cas_dual_power8);
    g_test_add_func("/machine/state/save-dual", test_save_dual);
    g_test_add_func("/machine/state/save-xics", test_save_xics_appends);
    g_test_add_func("/machine/state/load-empty", test_load_empty);
    g_test_add_func("/machine/state/load-bad-header", test_load_bad_header);
    g_test_add_func("/machine/state/load-bad-body", test_load_bad_body);
    g_test_add_func("/machine/state/load-active-not-in-machine",
                    test_load_active_not_in_machine);
    g_test_add_func("/machine/state/load-empty-xics-section",
                    test_load_empty_xics_section);
    g_test_add_func("/machine/dt/dual-switch", test_dt_dual_switch);
    g_test_add_func("/machine/print-info", test_print_info);
    g_test_add_func("/machine/destroy", test_destroy);
    g_test_add_func("/machine/two-machines", test_two_machines);

    return g_test_run();
}
