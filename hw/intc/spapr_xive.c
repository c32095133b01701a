/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the sPAPR XIVE controller (sources, routing, queues, thread
 * contexts, sPAPR hcalls, ESB and TIMA MMIO).
 *
 * So far: the controller exists, takes part in the fan-out calls, can be
 * activated emulated and writes its device-tree node.  The model (sources,
 * routing, queues, thread contexts, hcalls, MMIO, state) comes with the rest
 * of the XIVE milestone; every op left NULL answers "not implemented yet"
 * through the machine layer (see spapr_intc.h).
 */
#include <libfdt.h>

#include "hw/intc/spapr_intc.h"
#include "hw/ppc/spapr_irq_dt.h"

#define TIMA_PAGE_SIZE 0x10000ull
#define TIMA_OS_PAGE   (SPAPR_XIVE_TIMA_BASE + 2 * TIMA_PAGE_SIZE)
#define TIMA_USER_PAGE (SPAPR_XIVE_TIMA_BASE + 3 * TIMA_PAGE_SIZE)
/* Priorities the guest may use: 0..6; 7 and up are reserved. */
#define XIVE_RESERVED_PRIO_FIRST 7
#define XIVE_RESERVED_PRIO_COUNT 0xf8

typedef struct SpaprXive {
    SpaprIntc parent;
} SpaprXive;

static void xive_destroy(SpaprIntc *intc)
{
    g_free((SpaprXive *)intc);
}

/*
 * The XIVE node as QEMU's spapr_xive_dt() writes it (facts section 7):
 * interrupt-controller@<TIMA user page>, the TIMA user and OS pages in reg,
 * 64 KiB queues, one LISN per server for the IPIs; and in the root the
 * priorities the platform keeps for itself.
 */
static bool xive_dt(SpaprIntc *intc, void *fdt, uint32_t phandle, GError **errp)
{
    const SpaprIrqPlan *plan = intc->ctx->plan;
    uint64_t reg[4] = {cpu_to_fdt64(TIMA_USER_PAGE),
                       cpu_to_fdt64(TIMA_PAGE_SIZE), cpu_to_fdt64(TIMA_OS_PAGE),
                       cpu_to_fdt64(TIMA_PAGE_SIZE)};
    uint32_t eq_sizes[1] = {cpu_to_fdt32(16)};
    uint32_t lisns[2] = {cpu_to_fdt32(0), cpu_to_fdt32(plan->topo.nr_servers)};
    uint32_t reserved[2] = {cpu_to_fdt32(XIVE_RESERVED_PRIO_FIRST),
                            cpu_to_fdt32(XIVE_RESERVED_PRIO_COUNT)};
    g_autofree char *name =
        g_strdup_printf("interrupt-controller@%" G_GINT64_MODIFIER "x",
                        (guint64)TIMA_USER_PAGE);
    int node = fdt_add_subnode(fdt, 0, name);
    int ret;

    if (node < 0) {
        return spapr_irq_fdt_fail(errp, node, "the XIVE node");
    }
    if ((ret = fdt_setprop_string(fdt, node, "device_type", "power-ivpe")) <
            0 ||
        (ret = fdt_setprop(fdt, node, "reg", reg, sizeof(reg))) < 0 ||
        (ret = fdt_setprop_string(fdt, node, "compatible", "ibm,power-ivpe")) <
            0 ||
        (ret = fdt_setprop(fdt, node, "ibm,xive-eq-sizes", eq_sizes,
                           sizeof(eq_sizes))) < 0 ||
        (ret = fdt_setprop(fdt, node, "ibm,xive-lisn-ranges", lisns,
                           sizeof(lisns))) < 0 ||
        (ret = fdt_setprop_empty(fdt, node, "interrupt-controller")) < 0 ||
        (ret = fdt_setprop_u32(fdt, node, "#interrupt-cells", 2)) < 0 ||
        (ret = fdt_setprop_u32(fdt, node, "linux,phandle", phandle)) < 0 ||
        (ret = fdt_setprop_u32(fdt, node, "phandle", phandle)) < 0) {
        return spapr_irq_fdt_fail(errp, ret, "the XIVE node");
    }
    ret = fdt_setprop(fdt, 0, "ibm,plat-res-int-priorities", reserved,
                      sizeof(reserved));
    if (ret < 0) {
        return spapr_irq_fdt_fail(errp, ret, "ibm,plat-res-int-priorities");
    }
    return true;
}

static const SpaprIntcOps xive_ops = {
    .name = "XIVE",
    .kind = SPAPR_INTC_XIVE,
    .destroy = xive_destroy,
    .dt = xive_dt,
};

SpaprIntc *spapr_xive_create(const SpaprIntcContext *ctx, GError **errp)
{
    SpaprXive *xive = g_new0(SpaprXive, 1);

    xive->parent.ops = &xive_ops;
    xive->parent.ctx = ctx;
    return &xive->parent;
}
