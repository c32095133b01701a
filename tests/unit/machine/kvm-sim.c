/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-machine: creation under kvm-sim where the host has what the machine
 * asks for (/machine/kvm-sim/allowed, default-profile, on, teardown-stats,
 * xics-path, off): the controllers the layer holds in the simulated kernel
 * and the switch between them at the reset after CAS.
 */
#include <string.h>

#include "fixture.h"
#include "sim/sim.h"
#include "tools/vmm.h"

static void assert_info_lacks(SpaprIrq *irq, const char *needle)
{
    g_autoptr(GString) info = g_string_new(NULL);

    spapr_irq_print_info(irq, info);
    if (strstr(info->str, needle)) {
        g_test_message("\"%s\" contains \"%s\"", info->str, needle);
    }
    g_assert_null(strstr(info->str, needle));
}

void test_kvm_sim_allowed(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
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

void test_kvm_sim_default_profile(void)
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

void test_kvm_sim_on(void)
{
    {
        /* dual, on, a host that has both and releases them. */
        g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
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

/* What the layer holds in the kernel just before it is destroyed (the host
 * goes with it). */
void test_kvm_sim_teardown_stats(void)
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
void test_kvm_sim_xics_path(void)
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
    g_assert_cmpint(vmm_hcall(irq, 0, OP_H_CPPR, hargs, 1, hrets), ==,
                    SPAPR_H_SUCCESS);
    g_assert_true(vmm_rtas(irq, 0, spapr_irq_rtas_token("ibm,set-xive"), 3,
                           args, 1, rets));
    g_assert_cmpuint(rets[0], ==, SPAPR_RTAS_OUT_SUCCESS);
    /* Guest calls are not host calls. */
    g_assert_cmpuint(irq_sim_stats(irq).calls, ==, calls);

    count = 0;
    g_assert_true(spapr_irq_set_irq(irq, 0x1000, 1, &err));
    g_assert_no_error(err);
    /* One KVM_IRQ_LINE, and the kernel raised the vCPU's line. */
    g_assert_cmpuint(irq_sim_stats(irq).calls, ==, calls + 1);
    g_assert_cmpuint(count, >=, 1);
    memset(hrets, 0, sizeof(hrets));
    g_assert_cmpint(vmm_hcall(irq, 0, OP_H_XIRR, NULL, 0, hrets), ==,
                    SPAPR_H_SUCCESS);
    g_assert_cmphex(hrets[0], ==, 0xff001000);
    g_assert_cmpuint(irq_sim_stats(irq).injected, ==, 0);
    spapr_irq_destroy(&irq);
}

void test_kvm_sim_off(void)
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

/*
 * The in-kernel XICS after a source is freed: the kernel keeps every source
 * it was given (there is no attribute to remove one), and on XICS-on-XIVE
 * (book3s_xive.c) xive_get_source() takes the state of every source at
 * the first read of a save and hands that snapshot out until as many reads
 * as valid sources were made.  A read-back of the claimed sources only
 * would leave the scan open, and every other one would see the state of
 * the one before.  Each read-back must see the kernel's current state.
 */
void test_kvm_sim_xics_freed_source(void)
{
    static const char *const hosts[] = {"kvm-sim,host=power9-6.1",
                                        "kvm-sim,host=power8-5.10"};

    for (size_t h = 0; h < G_N_ELEMENTS(hosts); h++) {
        const char *opts[] = {"-accel", hosts[h], "-machine",
                              "ic-mode=xics,kernel-irqchip=on", NULL};
        SpaprIrq *irq = create_ok(opts);
        uint32_t token = spapr_irq_rtas_token("ibm,set-xive");

        g_test_message("%s", hosts[h]);
        cpu_add_ok(irq, 0);
        claim_ok(irq, 0x1300, false);
        claim_ok(irq, 0x1301, false);
        claim_ok(irq, 0x1302, false);
        reset_ok(irq);
        spapr_irq_free(irq, 0x1301, 1);
        for (uint32_t prio = 6; prio >= 1; prio--) {
            uint32_t args[3] = {0x1300, 0, prio}, rets[1] = {0x55};
            g_autoptr(GString) info = g_string_new(NULL);
            g_autofree char *want =
                g_strdup_printf("1300 MSI %02x 00 server 0", prio);

            g_assert_true(vmm_rtas(irq, 0, token, 3, args, 1, rets));
            g_assert_cmpuint(rets[0], ==, SPAPR_RTAS_OUT_SUCCESS);
            spapr_irq_print_info(irq, info);
            assert_contains(info->str, want);
        }
        spapr_irq_destroy(&irq);
    }
}
