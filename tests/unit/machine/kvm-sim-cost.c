/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-machine: what the in-kernel paths cost the host, counted (never
 * timed): the host calls of a controller switch, and the vCPU a line
 * change of the kernel reaches among many.
 */
#include "fixture.h"
#include "tools/vmm.h"

#define COST_CPUS 4
#define COST_SMP  G_STRINGIFY(COST_CPUS)
/* vsmt=1: as many servers as vCPUs. */
#define COST_MACHINE "ic-mode=dual,kernel-irqchip=on,cas-switch=at-cas,vsmt=1"
#define COST_MSIS    256
/* What a switch costs besides its sources and vCPUs: the RTAS tokens
 * (4), the old device's close, the new device's creation, probe and
 * NR_SERVERS, two mappings and their two memory slots (xics -> xive);
 * a few to spare. */
#define COST_FIXED 16

/*
 * A xics -> xive switch in the kernel with N claimed sources, all masked
 * as the guest left them after the reset, makes one host call per source
 * (the kernel must be given each source: KVM_DEV_XIVE_GRP_SOURCE) and
 * none to configure them (the kernel creates them masked), plus a fixed
 * number and what each vCPU needs (its connect and thread context).  The
 * way back makes one call per source too (the XICS device's source
 * attribute).
 */
/* CAS @byte23 switches the controller with @sources sources: at least
 * one host call each, and no more than the vCPUs' and the fixed ones
 * besides (counted before any check, as the checks read the kernel). */
static void switch_calls(SpaprIrq *irq, const char *host, uint8_t byte23,
                         unsigned sources)
{
    unsigned calls = irq_sim_stats(irq).calls;

    cas_ok(irq, byte23);
    calls = irq_sim_stats(irq).calls - calls;
    g_test_message("%s: CAS 0x%02x, %u sources, %u vCPUs: %u host calls", host,
                   byte23, sources, COST_CPUS, calls);
    g_assert_cmpuint(calls, >=, sources);
    g_assert_cmpuint(calls, <=, sources + 2 * COST_CPUS + COST_FIXED);
}

void test_kvm_sim_switch_host_calls(void)
{
    static const char *const hosts[] = {"kvm-sim,host=power9-6.1",
                                        "kvm-sim,host=power10-6.1"};

    for (size_t h = 0; h < G_N_ELEMENTS(hosts); h++) {
        const char *opts[] = {"-accel", hosts[h], "-machine", COST_MACHINE,
                              "-smp",   COST_SMP, NULL};
        SpaprIrq *irq = create_ok(opts);
        /* XIVE claims an IPI per server beside the MSIs. */
        const unsigned xive_sources = COST_MSIS + COST_CPUS;

        for (uint32_t c = 0; c < COST_CPUS; c++) {
            cpu_add_ok(irq, c);
        }
        for (uint32_t i = 0; i < COST_MSIS; i++) {
            claim_ok(irq, SPAPR_XIRQ_BASE + i, false);
        }
        reset_ok(irq);
        assert_kernel_xics(irq, COST_CPUS);

        switch_calls(irq, hosts[h], 0x40, xive_sources);
        assert_kernel_xive(irq, COST_CPUS);
        switch_calls(irq, hosts[h], 0x00, COST_MSIS);
        assert_kernel_xics(irq, COST_CPUS);
        g_assert_cmpuint(irq_sim_stats(irq).injected, ==, 0);
        spapr_irq_destroy(&irq);
    }
}

/* ---- the vCPU of a line change ---- */

#define LINE_CPUS 8
#define LINE_IRQ  0x1000

typedef struct LineLog {
    int cpu; /* the last CPU index raised, or -1 */
    unsigned raised;
} LineLog;

static void line_log(void *opaque, uint32_t cpu_index, bool level)
{
    LineLog *log = opaque;

    if (level) {
        log->cpu = (int)cpu_index;
        log->raised++;
    }
}

/* The source aimed at CPU @cpu, raised: the kernel raises that CPU's line,
 * and the layer reports it for that CPU index. */
static void line_deliver(SpaprIrq *irq, LineLog *log, uint32_t cpu)
{
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);
    uint32_t server = spapr_irq_topology_vcpu_id(&plan->topo, cpu);
    uint32_t args[3] = {LINE_IRQ, server, 5}, rets[1] = {0x55};
    uint64_t hargs[1] = {0xff}, hrets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};
    g_autoptr(GError) err = NULL;

    g_assert_true(vmm_rtas(irq, cpu, spapr_irq_rtas_token("ibm,set-xive"), 3,
                           args, 1, rets));
    g_assert_cmpuint(rets[0], ==, SPAPR_RTAS_OUT_SUCCESS);
    g_assert_cmpint(vmm_hcall(irq, cpu, OP_H_CPPR, hargs, 1, hrets), ==,
                    SPAPR_H_SUCCESS);
    *log = (LineLog){.cpu = -1};
    g_assert_true(spapr_irq_set_irq(irq, LINE_IRQ, 1, &err));
    g_assert_no_error(err);
    g_assert_cmpuint(log->raised, ==, 1);
    g_assert_cmpint(log->cpu, ==, (int)cpu);
    g_assert_cmpint(vmm_hcall(irq, cpu, OP_H_XIRR, NULL, 0, hrets), ==,
                    SPAPR_H_SUCCESS);
    /* The CPPR before the accept (0xff) and the source. */
    g_assert_cmphex(hrets[0], ==, 0xff000000 | LINE_IRQ);
    hargs[0] = hrets[0];
    g_assert_cmpint(vmm_hcall(irq, cpu, OP_H_EOI, hargs, 1, hrets), ==,
                    SPAPR_H_SUCCESS);
}

void test_kvm_sim_vcpu_lines(void)
{
    const char *opts[] = {"-accel",   "kvm-sim,host=power9-6.1",
                          "-machine", "ic-mode=xics,kernel-irqchip=on",
                          "-smp",     "cpus=6,maxcpus=" G_STRINGIFY(LINE_CPUS),
                                                                    NULL};
    g_autoptr(SpaprIrqConfig) cfg = cfg_from(opts);
    g_autoptr(GError) err = NULL;
    SpaprIrqCallbacks cb = callbacks;
    LineLog log = {.cpu = -1};
    SpaprIrq *irq;

    cb.set_cpu_irq = line_log;
    cb.opaque = &log;
    irq = spapr_irq_create(cfg, &cb, -1, &err);
    g_assert_no_error(err);
    /* Added out of order: the fds the layer creates do not follow the
     * CPU indexes. */
    for (uint32_t c = LINE_CPUS; c-- > 0;) {
        cpu_add_ok(irq, c);
    }
    claim_ok(irq, LINE_IRQ, false);
    for (uint32_t c = 0; c < LINE_CPUS; c++) {
        line_deliver(irq, &log, c);
    }
    /* A CPU unplugged and plugged again gets its old vCPU back (the layer
     * keeps it, as QEMU parks vCPUs): the lines find it again, and the
     * others stay theirs. */
    spapr_irq_cpu_remove(irq, 3);
    cpu_add_ok(irq, 3);
    for (uint32_t c = 0; c < LINE_CPUS; c++) {
        line_deliver(irq, &log, c);
    }
    spapr_irq_destroy(&irq);
}
