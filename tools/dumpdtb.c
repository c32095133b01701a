/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: dumpdtb=FILE, a flattened device tree of the machine with
 * the nodes the interrupt layer writes into (root, /chosen, /cpus) and what
 * it writes there.
 */
#include <libfdt.h>

#include "hw/core/fdt.h"
#include "tools/dumpdtb.h"

/* The first blob size tried; doubled on -FDT_ERR_NOSPACE up to the max. */
#define DUMPDTB_SIZE     (64 * 1024)
#define DUMPDTB_MAX_SIZE (16 * 1024 * 1024)

/* Returns true if @ret (a libfdt result) is not an error; otherwise sets
 * *errp naming @what and returns false. */
static bool fdt_ok(int ret, const char *what, GError **errp)
{
    return ret >= 0 || spapr_irq_fdt_fail(errp, ret, what);
}

/* The name QEMU gives the CPU nodes of a model. */
static const char *cpu_fw_name(SpaprCpuModel cpu)
{
    switch (cpu) {
    case SPAPR_CPU_POWER8:
        return "PowerPC,POWER8";
    case SPAPR_CPU_POWER10:
        return "PowerPC,POWER10";
    case SPAPR_CPU_POWER9:
    default:
        return "PowerPC,POWER9";
    }
}

static bool dt_root(void *fdt, GError **errp)
{
    return fdt_ok(fdt_setprop_u32(fdt, 0, "#address-cells", 2),
                  "#address-cells", errp) &&
           fdt_ok(fdt_setprop_u32(fdt, 0, "#size-cells", 2), "#size-cells",
                  errp) &&
           fdt_ok(fdt_setprop_string(fdt, 0, "compatible", "qemu,pseries"),
                  "compatible", errp) &&
           fdt_ok(fdt_setprop_string(fdt, 0, "model",
                                     "IBM pSeries (emulated by qemu)"),
                  "model", errp) &&
           fdt_ok(fdt_setprop_string(fdt, 0, "device_type", "chrp"),
                  "device_type", errp) &&
           fdt_ok(fdt_add_subnode(fdt, 0, "chosen"), "/chosen", errp);
}

static bool dt_cpus(SpaprIrq *irq, void *fdt, GError **errp)
{
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);
    const char *fw_name = cpu_fw_name(plan->cpu);
    uint32_t threads = plan->topo.threads;
    uint32_t cores = (plan->topo.smp_cpus + threads - 1) / threads;
    int cpus = fdt_add_subnode(fdt, 0, "cpus");

    if (!fdt_ok(cpus, "/cpus", errp) ||
        !fdt_ok(fdt_setprop_u32(fdt, cpus, "#address-cells", 1),
                "/cpus/#address-cells", errp) ||
        !fdt_ok(fdt_setprop_u32(fdt, cpus, "#size-cells", 0),
                "/cpus/#size-cells", errp)) {
        return false;
    }
    /* Backwards, as QEMU: fdt_add_subnode() puts each node first. */
    for (uint32_t core = cores; core-- > 0;) {
        uint32_t i = core * threads;
        uint32_t id = spapr_irq_topology_vcpu_id(&plan->topo, i);
        g_autofree char *name = g_strdup_printf("%s@%x", fw_name, id);
        int node = fdt_add_subnode(fdt, cpus, name);

        if (!fdt_ok(node, name, errp) ||
            !fdt_ok(fdt_setprop_string(fdt, node, "device_type", "cpu"), name,
                    errp) ||
            !fdt_ok(fdt_setprop_u32(fdt, node, "reg", id), name, errp) ||
            !spapr_irq_dt_cpu(irq, fdt, node, i, errp)) {
            return false;
        }
    }
    return true;
}

/* Builds the blob in @size bytes into *fdtp (caller frees, also on
 * failure). */
static bool dt_build(SpaprIrq *irq, int size, void **fdtp, GError **errp)
{
    void *fdt = g_malloc0(size);

    *fdtp = fdt;
    return fdt_ok(fdt_create_empty_tree(fdt, size), "the empty tree", errp) &&
           dt_root(fdt, errp) && dt_cpus(irq, fdt, errp) &&
           spapr_irq_dt(irq, fdt, errp) &&
           fdt_ok(fdt_pack(fdt), "the packed tree", errp);
}

bool dumpdtb_write(SpaprIrq *irq, const char *path, GError **errp)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(GError) io_err = NULL;
    g_autofree void *fdt = NULL;
    int size = DUMPDTB_SIZE;

    while (!dt_build(irq, size, &fdt, &err)) {
        if (!g_error_matches(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_NO_SPACE) ||
            size >= DUMPDTB_MAX_SIZE) {
            g_propagate_error(errp, g_steal_pointer(&err));
            return false;
        }
        g_clear_error(&err);
        g_clear_pointer(&fdt, g_free);
        size *= 2;
    }
    if (!g_file_set_contents(path, fdt, fdt_totalsize(fdt), &io_err)) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_IO,
                    "cannot write the device tree to %s: %s", path,
                    io_err->message);
        return false;
    }
    return true;
}
