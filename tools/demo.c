/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: what a guest does with the interrupt layer, step by step,
 * through the same entry points a VMM uses (hcalls, RTAS, set_irq).
 */
#include <stdio.h>

#include "hw/ppc/spapr_irq_error.h"
#include "tools/demo.h"

static void demo_set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
    printf("  cpu %u: external interrupt %s\n", cpu_index,
           level ? "raised" : "lowered");
}

#define DEMO_RAM_SIZE (UINT64_C(1) << 30)

void demo_vm_init(DemoVm *vm)
{
    guest_ram_init(&vm->ram, DEMO_RAM_SIZE);
    vm->cb = (SpaprIrqCallbacks){
        .opaque = &vm->ram,
        .set_cpu_irq = demo_set_cpu_irq,
        .mem_read = guest_ram_read,
        .mem_write = guest_ram_write,
    };
}

void demo_vm_fini(DemoVm *vm)
{
    guest_ram_fini(&vm->ram);
}

bool demo_populate(SpaprIrq *irq, GError **errp)
{
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);

    for (uint32_t i = 0; i < plan->topo.smp_cpus; i++) {
        if (!spapr_irq_cpu_add(irq, i, -1, errp)) {
            return false;
        }
    }
    return spapr_irq_claim(irq, SPAPR_IRQ_EPOW, false, errp) &&
           spapr_irq_claim(irq, SPAPR_IRQ_HOTPLUG, false, errp);
}

bool demo_boot(SpaprIrq *irq, GError **errp)
{
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);
    uint8_t choice;

    if (!spapr_irq_reset(irq, errp)) {
        return false;
    }
    choice =
        spapr_guest_cas_choice(SPAPR_GUEST_XIVE, false, plan->platform_byte23);
    printf("boot: a Linux guest asks for byte 23 = 0x%02x at CAS\n", choice);
    if (!spapr_irq_cas(irq, choice, errp) || !spapr_irq_reset(irq, errp)) {
        return false;
    }
    printf("boot: after CAS and reset the active controller is %s (%s)\n",
           spapr_intc_kind_name(spapr_irq_active(irq)),
           spapr_intc_impl_name(spapr_irq_active_impl(irq)));
    return true;
}

/* Hcall @op with up to five arguments; *ret0 (if not NULL) gets R4. */
static bool hcall5(SpaprIrq *irq, uint32_t cpu, uint64_t op,
                   const uint64_t args[5], uint64_t *ret0, GError **errp)
{
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};
    int64_t rc = spapr_irq_hcall(irq, cpu, op, args, 5, rets);

    if (rc != H_SUCCESS) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE,
                    "demo: hcall 0x%" G_GINT64_MODIFIER "x on CPU %u returned "
                    "%" G_GINT64_FORMAT,
                    op, cpu, rc);
        return false;
    }
    if (ret0) {
        *ret0 = rets[0];
    }
    return true;
}

static bool hcall(SpaprIrq *irq, uint32_t cpu, uint64_t op, uint64_t a0,
                  uint64_t a1, uint64_t *ret0, GError **errp)
{
    uint64_t args[5] = {a0, a1};

    return hcall5(irq, cpu, op, args, ret0, errp);
}

/* The guest takes the interrupt on @cpu: H_XIRR, then H_EOI. */
static bool take(SpaprIrq *irq, uint32_t cpu, uint32_t want, GError **errp)
{
    uint64_t xirr;

    if (!hcall(irq, cpu, H_XIRR, 0, 0, &xirr, errp)) {
        return false;
    }
    printf("  cpu %u: H_XIRR = 0x%08" G_GINT64_MODIFIER "x (source 0x%x)\n",
           cpu, xirr, (unsigned)(xirr & 0xffffff));
    if ((xirr & 0xffffff) != want) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE,
                    "demo: CPU %u accepted source 0x%x, expected 0x%x", cpu,
                    (unsigned)(xirr & 0xffffff), want);
        return false;
    }
    /* Linux clears its own MFRR (its server's) before the EOI. */
    if (want == 2 &&
        !hcall(irq, cpu, H_IPI,
               spapr_irq_topology_vcpu_id(&spapr_irq_get_plan(irq)->topo, cpu),
               0xff, NULL, errp)) {
        return false;
    }
    printf("  cpu %u: H_EOI(0x%08" G_GINT64_MODIFIER "x)\n", cpu, xirr);
    return hcall(irq, cpu, H_EOI, xirr, 0, NULL, errp);
}

static bool deliver_xics(SpaprIrq *irq, GError **errp)
{
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);
    uint32_t args[3] = {SPAPR_IRQ_EPOW, 0, 5};
    uint32_t rets[1];

    printf("deliver: ibm,set-xive(0x%x, server 0, priority 5)\n",
           SPAPR_IRQ_EPOW);
    if (!spapr_irq_rtas(irq, 0, spapr_irq_rtas_token("ibm,set-xive"), 3, args,
                        1, rets) ||
        rets[0] != RTAS_OUT_SUCCESS) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE,
                    "demo: ibm,set-xive failed");
        return false;
    }
    for (uint32_t cpu = 0; cpu < plan->topo.smp_cpus; cpu++) {
        if (!hcall(irq, cpu, H_CPPR, 0xff, 0, NULL, errp)) {
            return false;
        }
    }
    printf("deliver: the EPOW source fires\n");
    if (!spapr_irq_set_irq(irq, SPAPR_IRQ_EPOW, 1, errp) ||
        !spapr_irq_set_irq(irq, SPAPR_IRQ_EPOW, 0, errp) ||
        !take(irq, 0, SPAPR_IRQ_EPOW, errp)) {
        return false;
    }
    for (uint32_t cpu = 0; cpu < plan->topo.smp_cpus; cpu++) {
        uint32_t server = spapr_irq_topology_vcpu_id(&plan->topo, cpu);

        printf("deliver: CPU 0 sends an IPI to server %u (H_IPI mfrr 4)\n",
               server);
        if (!hcall(irq, 0, H_IPI, server, 4, NULL, errp) ||
            !take(irq, cpu, 2, errp)) {
            return false;
        }
    }
    return true;
}

/* ---- XIVE, the way Linux's spapr XIVE driver uses it ---- */

#define XIVE_PRIO     6
#define XIVE_QSHIFT   16 /* 64 KiB queues, as ibm,xive-eq-sizes says */
#define XIVE_QBASE    UINT64_C(0x1000000)
#define EISN_IPI      0x10
#define EISN_EPOW     0x11
#define TIMA_OS       (SPAPR_XIVE_TIMA_BASE + 0x20000)
#define ESB_SET_PQ_00 0xc00
#define ESB_SET_PQ_01 0xd00

/* What the guest keeps per CPU: its queue and where it reads next. */
typedef struct DemoQueue {
    uint64_t qpage;
    uint32_t idx;
    uint32_t toggle;
} DemoQueue;

static uint64_t esb_mgmt(uint32_t lisn)
{
    return SPAPR_XIVE_ESB_BASE + ((uint64_t)lisn << 17) + 0x10000;
}

static bool mmio_read(SpaprIrq *irq, uint32_t cpu, uint64_t addr, unsigned size,
                      uint64_t *val, GError **errp)
{
    if (!spapr_irq_mmio_read(irq, cpu, addr, size, val)) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE,
                    "demo: MMIO 0x%" G_GINT64_MODIFIER "x is not the "
                    "controller's",
                    addr);
        return false;
    }
    return true;
}

static bool set_cppr(SpaprIrq *irq, uint32_t cpu, uint8_t cppr)
{
    return spapr_irq_mmio_write(irq, cpu, TIMA_OS + 0x11, 1, cppr);
}

/* H_INT_GET_SOURCE_INFO, mask (set PQ 01), route to @server at priority 6
 * with @eisn, unmask (set PQ 00). */
static bool xive_route(SpaprIrq *irq, uint32_t lisn, uint32_t server,
                       uint32_t eisn, GError **errp)
{
    uint64_t info[5] = {0, lisn}, cfg[5] = {0x2, lisn, server, XIVE_PRIO, eisn};
    uint64_t flags, old;

    return hcall5(irq, 0, H_INT_GET_SOURCE_INFO, info, &flags, errp) &&
           mmio_read(irq, 0, esb_mgmt(lisn) + ESB_SET_PQ_01, 8, &old, errp) &&
           hcall5(irq, 0, H_INT_SET_SOURCE_CONFIG, cfg, NULL, errp) &&
           mmio_read(irq, 0, esb_mgmt(lisn) + ESB_SET_PQ_00, 8, &old, errp);
}

/* The guest takes an interrupt on @cpu: ack through the TIMA, read the
 * queue, EOI the source through its ESB, CPPR back to 0xff. */
static bool xive_take(SpaprIrq *irq, DemoVm *vm, DemoQueue *q, uint32_t cpu,
                      uint32_t lisn, uint32_t want, GError **errp)
{
    uint64_t ack, old_pq;
    uint32_t entry = guest_ram_be32(&vm->ram, q->qpage + 4 * q->idx);

    if (!mmio_read(irq, cpu, TIMA_OS + 0x810, 2, &ack, errp)) {
        return false;
    }
    printf("  cpu %u: TIMA ack = 0x%04" G_GINT64_MODIFIER "x, queue entry "
           "0x%08x (EISN 0x%x)\n",
           cpu, ack, entry, entry & 0x7fffffff);
    if (ack != (0x8000u | XIVE_PRIO) || (entry >> 31) == q->toggle ||
        (entry & 0x7fffffff) != want) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE,
                    "demo: CPU %u acked 0x%" G_GINT64_MODIFIER "x with queue "
                    "entry 0x%08x, expected 0x%04x and EISN 0x%x",
                    cpu, ack, entry, 0x8000u | XIVE_PRIO, want);
        return false;
    }
    if (++q->idx == (1u << XIVE_QSHIFT) / 4) {
        q->idx = 0;
        q->toggle ^= 1;
    }
    if (!mmio_read(irq, cpu, esb_mgmt(lisn) + ESB_SET_PQ_00, 8, &old_pq,
                   errp)) {
        return false;
    }
    printf("  cpu %u: EOI of LISN 0x%x (set PQ 00, was %" G_GINT64_MODIFIER
           "u%" G_GINT64_MODIFIER "u)\n",
           cpu, lisn, old_pq >> 1, old_pq & 1);
    return set_cppr(irq, cpu, 0xff);
}

static bool deliver_xive(SpaprIrq *irq, DemoVm *vm, GError **errp)
{
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);
    g_autofree DemoQueue *q = g_new0(DemoQueue, plan->topo.smp_cpus);

    for (uint32_t cpu = 0; cpu < plan->topo.smp_cpus; cpu++) {
        uint32_t server = spapr_irq_topology_vcpu_id(&plan->topo, cpu);
        uint64_t qcfg[5] = {0x1, server, XIVE_PRIO,
                            XIVE_QBASE + ((uint64_t)cpu << XIVE_QSHIFT),
                            XIVE_QSHIFT};

        q[cpu].qpage = qcfg[3];
        printf("deliver: CPU %u: queue for priority %d at 0x%" G_GINT64_MODIFIER
               "x (H_INT_SET_QUEUE_CONFIG), CPPR 0xff, IPI LISN 0x%x\n",
               cpu, XIVE_PRIO, qcfg[3], server);
        if (!hcall5(irq, cpu, H_INT_SET_QUEUE_CONFIG, qcfg, NULL, errp) ||
            !set_cppr(irq, cpu, 0xff) ||
            !xive_route(irq, server, server, EISN_IPI, errp)) {
            return false;
        }
    }
    printf("deliver: route EPOW (LISN 0x%x) to server 0, priority %d, EISN "
           "0x%x; it fires\n",
           SPAPR_IRQ_EPOW, XIVE_PRIO, EISN_EPOW);
    if (!xive_route(irq, SPAPR_IRQ_EPOW, 0, EISN_EPOW, errp) ||
        !spapr_irq_set_irq(irq, SPAPR_IRQ_EPOW, 1, errp) ||
        !xive_take(irq, vm, &q[0], 0, SPAPR_IRQ_EPOW, EISN_EPOW, errp)) {
        return false;
    }
    for (uint32_t cpu = 0; cpu < plan->topo.smp_cpus; cpu++) {
        uint32_t server = spapr_irq_topology_vcpu_id(&plan->topo, cpu);
        uint64_t trigger = SPAPR_XIVE_ESB_BASE + ((uint64_t)server << 17);

        printf("deliver: CPU 0 sends an IPI to server %u (store to the "
               "trigger page of LISN 0x%x)\n",
               server, server);
        if (!spapr_irq_mmio_write(irq, 0, trigger, 8, 0) ||
            !xive_take(irq, vm, &q[cpu], cpu, server, EISN_IPI, errp)) {
            return false;
        }
    }
    return true;
}

bool demo_deliver(SpaprIrq *irq, DemoVm *vm, GError **errp)
{
    if (spapr_irq_active(irq) == SPAPR_INTC_XIVE) {
        return deliver_xive(irq, vm, errp);
    }
    return deliver_xics(irq, errp);
}
