/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-machine: creation under tcg (/machine/create/...): the plan of each
 * ic-mode, the topology, POWER8 and POWER10 offers, the refusals and the
 * warnings of kernel-irqchip under TCG.
 */
#include "fixture.h"

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

void test_create_tcg_modes(void)
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

void test_create_topology(void)
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

void test_create_power8(void)
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

void test_create_errors(void)
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

void test_create_tcg_warnings(void)
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
