/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the calls that go to the active controller only: set_irq, the
 * guest's hcalls and RTAS calls (found through the controllers' tables,
 * hw/intc/intc.h), MMIO, the device tree and `info pic`.  Nothing on the
 * guest's paths allocates.
 */
#include "hw/core/fail.h"
#include "hw/machine/dt.h"
#include "hw/machine/machine.h"

/* Why set_irq refuses @irqn, in the order of the checks: out of range, no
 * active controller, not claimed.  Out of line: the guest's path keeps its
 * usual case alone. */
static __attribute__((noinline, cold)) bool
set_irq_refused(SpaprIrq *irq, uint32_t irqn, GError **errp)
{
    if (!spapr_machine_check_irq(irqn, errp) ||
        !spapr_machine_require_active(irq, errp)) {
        return false;
    }
    return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_STATE,
                          "IRQ %u (0x%x) is not claimed", irqn, irqn);
}

bool spapr_irq_set_irq(SpaprIrq *irq, uint32_t irqn, int level, GError **errp)
{
    SpaprIntc *intc = spapr_machine_active(irq);
    uint32_t i = irqn - SPAPR_XIRQ_BASE; /* wraps below the base */

    if (G_LIKELY(intc && i < SPAPR_NR_XIRQS && irq->irq_map[i] != IRQ_FREE)) {
        return intc->ops->set_irq(intc, irqn, level, errp);
    }
    return set_irq_refused(irq, irqn, errp);
}

/* The hcall of a controller's table with @opcode, and that controller. */
static const SpaprHcall *find_hcall(uint64_t opcode, SpaprIntcKind *kindp)
{
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        const SpaprHcall *h =
            spapr_hcall_find(spapr_intc_ops_by_kind[k]->hcalls, opcode);

        if (h) {
            *kindp = k;
            return h;
        }
    }
    return NULL;
}

bool spapr_irq_is_hcall(uint64_t opcode)
{
    SpaprIntcKind kind;

    return find_hcall(opcode, &kind) != NULL;
}

int64_t spapr_irq_hcall(SpaprIrq *irq, uint32_t cpu_index, uint64_t opcode,
                        const uint64_t *args, size_t nargs,
                        uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS])
{
    SpaprIntc *intc = spapr_machine_active(irq);
    SpaprIntcKind kind;
    const SpaprHcall *h = spapr_hcall_index_find(&irq->hcalls, opcode, &kind);

    if (!h) {
        return SPAPR_H_FUNCTION;
    }
    if (!intc || irq->active != kind) {
        return spapr_intc_ops_by_kind[kind]->hcall_inactive;
    }
    if (cpu_index >= irq->ctx.max_cpus || !irq->cpus[cpu_index].present) {
        return SPAPR_H_HARDWARE;
    }
    return intc->ops->hcall(intc, cpu_index, h, args, nargs, rets);
}

const SpaprRtasCall *spapr_machine_rtas_call(const SpaprIrq *irq,
                                             uint32_t token,
                                             SpaprIntcKind *kindp)
{
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        const SpaprRtasCall *c =
            spapr_rtas_find_token(spapr_intc_ops_by_kind[k]->rtas_calls, token);

        /* QEMU 7.2 defines the XICS tokens only when the machine has an
         * ICS (ics_spapr_realize()): on a XIVE-only machine they are
         * unknown tokens, the VMM's answer. */
        if (c) {
            *kindp = k;
            return irq->plan->has[k] ? c : NULL;
        }
    }
    return NULL;
}

bool spapr_irq_rtas_describe(const char *name, uint32_t *tokenp,
                             uint32_t *nargsp, uint32_t *nretp)
{
    const SpaprRtasCall *c = NULL;

    for (int k = 0; name && !c && k < SPAPR_INTC_COUNT; k++) {
        c = spapr_rtas_find_name(spapr_intc_ops_by_kind[k]->rtas_calls, name);
    }
    if (!c) {
        return false;
    }
    if (tokenp) {
        *tokenp = c->token;
    }
    if (nargsp) {
        *nargsp = c->nargs;
    }
    if (nretp) {
        *nretp = c->nret;
    }
    return true;
}

uint32_t spapr_irq_rtas_token(const char *name)
{
    uint32_t token = 0;

    spapr_irq_rtas_describe(name, &token, NULL, NULL);
    return token;
}

bool spapr_irq_rtas(SpaprIrq *irq, uint32_t cpu_index, uint32_t token,
                    uint32_t nargs, const uint32_t *args, uint32_t nret,
                    uint32_t *rets)
{
    SpaprIntc *intc = spapr_machine_active(irq);
    SpaprIntcKind kind;
    const SpaprRtasCall *call = spapr_machine_rtas_call(irq, token, &kind);

    if (!call) {
        return false;
    }
    if (!intc || irq->active != kind) {
        if (nret > 0) {
            rets[0] = (uint32_t)SPAPR_RTAS_OUT_HW_ERROR;
        }
        return true;
    }
    intc->ops->rtas(intc, cpu_index, call, nargs, args, nret, rets);
    return true;
}

bool spapr_irq_mmio_read(SpaprIrq *irq, uint32_t cpu_index, uint64_t addr,
                         unsigned size, uint64_t *valp)
{
    SpaprIntc *intc = spapr_machine_active(irq);

    return intc && spapr_intc_mmio_read(intc, cpu_index, addr, size, valp);
}

bool spapr_irq_mmio_write(SpaprIrq *irq, uint32_t cpu_index, uint64_t addr,
                          unsigned size, uint64_t val)
{
    SpaprIntc *intc = spapr_machine_active(irq);

    return intc && spapr_intc_mmio_write(intc, cpu_index, addr, size, val);
}

bool spapr_irq_dt(SpaprIrq *irq, void *fdt, GError **errp)
{
    SpaprIntc *intc = spapr_machine_require_active(irq, errp);

    if (!intc) {
        return false;
    }
    return intc->ops->dt(intc, fdt, SPAPR_IRQ_PHANDLE, errp) &&
           spapr_irq_dt_platform_support(fdt, irq->plan->platform_byte23, errp);
}

bool spapr_irq_dt_cpu(SpaprIrq *irq, void *fdt, int cpu_node,
                      uint32_t cpu_index, GError **errp)
{
    SpaprIntc *intc = spapr_machine_require_active(irq, errp);

    if (!intc || !spapr_machine_check_cpu(irq, cpu_index, errp)) {
        return false;
    }
    return spapr_irq_dt_cpu_servers(fdt, cpu_node, irq->plan, cpu_index, errp);
}

void spapr_irq_print_info(SpaprIrq *irq, GString *out)
{
    const SpaprIrqPlan *plan = irq->plan;

    g_string_append_printf(
        out,
        "pseries interrupt layer: ic-mode=%s offered=%s "
        "(byte 23 0x%02x) kernel-irqchip=%s host=%s\n",
        spapr_ic_mode_name(plan->ic_mode), spapr_ic_mode_name(plan->offered),
        plan->platform_byte23, spapr_kernel_irqchip_name(plan->kernel_irqchip),
        irq->caps.name);
    if (irq->active_valid) {
        g_string_append_printf(out, "active: %s (%s)\n",
                               spapr_intc_kind_name(irq->active),
                               spapr_intc_impl_name(irq->active_impl));
    } else {
        g_string_append(out, "active: none\n");
    }
    SpaprIntc *intc = spapr_machine_active(irq);
    g_autoptr(GError) err = NULL;

    if (!intc) {
        return;
    }
    /* An in-kernel controller reads its state back first; while the VM
     * runs, only what needs no vCPU (QEMU reads the rest on each vCPU's
     * thread). */
    if (!intc->ops->pre_save(intc, !irq->vm_running, &err)) {
        g_string_append_printf(out,
                               "reading the state back from the kernel "
                               "failed: %s (what follows may be stale)\n",
                               err->message);
    }
    if (irq->vm_running && spapr_machine_in_kernel(irq)) {
        g_string_append(out, "the VM is running: the vCPUs' interrupt state "
                             "below was not read back from the kernel (it is "
                             "as of the last stop or "
                             "spapr_irq_cpu_synchronize())\n");
    }
    intc->ops->print_info(intc, out);
}
