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

const SpaprIrqCallbacks demo_callbacks = {.set_cpu_irq = demo_set_cpu_irq};

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

static bool hcall(SpaprIrq *irq, uint32_t cpu, uint64_t op, uint64_t a0,
                  uint64_t a1, uint64_t *ret0, GError **errp)
{
    uint64_t args[2] = {a0, a1};
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};
    int64_t rc = spapr_irq_hcall(irq, cpu, op, args, 2, rets);

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
    if (want == 2 && !hcall(irq, cpu, H_IPI, cpu, 0xff, NULL, errp)) {
        return false; /* Linux clears its MFRR before the EOI */
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

bool demo_deliver(SpaprIrq *irq, GError **errp)
{
    if (spapr_irq_active(irq) != SPAPR_INTC_XICS) {
        printf("deliver: interrupt delivery through %s is not implemented "
               "yet\n",
               spapr_intc_kind_name(spapr_irq_active(irq)));
        return true;
    }
    return deliver_xics(irq, errp);
}
