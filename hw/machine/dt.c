/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: what the machine layer writes into the device tree for every
 * controller: the platform-support pair for option vector 5 byte 23, a
 * CPU node's interrupt servers (docs/specs/xics.md, "Device tree") and the
 * /rtas tokens; and the size of the controller's fragment.
 */
#include <libfdt.h>
#include <string.h>

#include "hw/core/fdt.h"
#include "hw/machine/dt.h"
#include "hw/machine/machine.h"

bool spapr_irq_dt_platform_support(void *fdt, uint8_t byte23, GError **errp)
{
    static const char prop[] = "ibm,arch-vec-5-platform-support";
    uint8_t pairs[256];
    const uint8_t *old;
    int chosen, len = 0, ret;
    bool found = false;

    chosen = fdt_path_offset(fdt, "/chosen");
    if (chosen == -FDT_ERR_NOTFOUND) {
        chosen = fdt_add_subnode(fdt, 0, "chosen");
    }
    if (chosen < 0) {
        return spapr_irq_fdt_fail(errp, chosen, "/chosen");
    }
    old = fdt_getprop(fdt, chosen, prop, &len);
    if (!old) {
        len = 0;
    }
    if (len % 2 || len > (int)sizeof(pairs) - 2) {
        return spapr_irq_fdt_fail(errp, -FDT_ERR_BADVALUE, prop);
    }
    if (len) {
        memcpy(pairs, old, len);
    }
    for (int i = 0; i < len; i += 2) {
        if (pairs[i] == SPAPR_OV5_BYTE_INTC) {
            pairs[i + 1] = byte23;
            found = true;
        }
    }
    if (!found) {
        pairs[len++] = SPAPR_OV5_BYTE_INTC;
        pairs[len++] = byte23;
    }
    ret = fdt_setprop(fdt, chosen, prop, pairs, len);
    if (ret < 0) {
        return spapr_irq_fdt_fail(errp, ret, prop);
    }
    return true;
}

/* Threads a core shows the guest: with a compat mode, at most that mode's
 * max_vthreads, which QEMU's compat table sets to 8 for POWER8, POWER9 (for
 * POWER8-compat guests) and POWER10 (ppc_compat_max_vthreads()). */
static uint32_t dt_smt_threads(const SpaprIrqPlan *plan)
{
    uint32_t threads = plan->topo.threads;

    return plan->compat == SPAPR_CPU_NONE ? threads : MIN(threads, 8);
}

bool spapr_irq_dt_cpu_servers(void *fdt, int cpu_node, const SpaprIrqPlan *plan,
                              uint32_t cpu_index, GError **errp)
{
    uint32_t id = spapr_irq_topology_vcpu_id(&plan->topo, cpu_index);
    uint32_t n = dt_smt_threads(plan);
    g_autofree uint32_t *servers = g_new(uint32_t, n);
    g_autofree uint32_t *gservers = g_new(uint32_t, 2 * n);
    int ret;

    for (uint32_t i = 0; i < n; i++) {
        servers[i] = cpu_to_fdt32(id + i);
        gservers[2 * i] = cpu_to_fdt32(id + i);
        gservers[2 * i + 1] = 0; /* QEMU's: group queues go to CPU 0 */
    }
    if ((ret = fdt_setprop(fdt, cpu_node, "ibm,ppc-interrupt-server#s", servers,
                           n * sizeof(uint32_t))) < 0 ||
        (ret = fdt_setprop(fdt, cpu_node, "ibm,ppc-interrupt-gserver#s",
                           gservers, 2 * n * sizeof(uint32_t))) < 0) {
        return spapr_irq_fdt_fail(errp, ret, "the CPU's interrupt servers");
    }
    return true;
}

bool spapr_irq_dt_rtas(SpaprIrq *irq, void *fdt, int rtas_node, GError **errp)
{
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        const SpaprRtasCall *c = spapr_intc_ops_by_kind[k]->rtas_calls;

        /* The calls spapr_irq_rtas() answers: those of the controllers the
         * machine has (spapr_machine_rtas_call()). */
        for (; irq->plan->has[k] && c && c->name; c++) {
            int ret = fdt_setprop_u32(fdt, rtas_node, c->name, c->token);

            if (ret < 0) {
                return spapr_irq_fdt_fail(errp, ret, c->name);
            }
        }
    }
    return true;
}

/* The bytes of @fdt's blocks in use (header, reservations, structure,
 * strings): what its total size must at least be. */
static size_t dt_used(const void *fdt)
{
    return fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt);
}

bool spapr_irq_dt_size(SpaprIrq *irq, size_t *sizep, GError **errp)
{
    /* Written into an empty scratch blob, doubled until it fits. */
    for (size_t cap = 4096;; cap *= 2) {
        g_autofree void *fdt = g_malloc(cap);
        g_autoptr(GError) err = NULL;
        size_t empty;

        if (fdt_create_empty_tree(fdt, cap) != 0) {
            return spapr_irq_fdt_fail(errp, -FDT_ERR_NOSPACE, "a scratch blob");
        }
        empty = dt_used(fdt);
        if (spapr_irq_dt(irq, fdt, &err)) {
            *sizep = dt_used(fdt) - empty;
            return true;
        }
        if (!g_error_matches(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_NO_SPACE) ||
            cap >= ((size_t)1 << 20)) {
            g_propagate_error(errp, g_steal_pointer(&err));
            return false;
        }
    }
}
