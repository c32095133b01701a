/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the sPAPR XIVE controller (sources, routing, queues, thread
 * contexts, sPAPR hcalls, ESB and TIMA MMIO).
 *
 * Foundation stage: the controller exists, takes part in the fan-out calls
 * and can be activated emulated; its model comes with the XIVE milestone.
 * Every op left NULL answers "not implemented yet" through the machine
 * layer (see spapr_intc.h).
 */
#include "hw/intc/spapr_intc.h"

typedef struct SpaprXive {
    SpaprIntc parent;
} SpaprXive;

static void xive_destroy(SpaprIntc *intc)
{
    g_free((SpaprXive *)intc);
}

static const SpaprIntcOps xive_ops = {
    .name = "XIVE",
    .kind = SPAPR_INTC_XIVE,
    .destroy = xive_destroy,
};

SpaprIntc *spapr_xive_create(const SpaprIntcContext *ctx, GError **errp)
{
    SpaprXive *xive = g_new0(SpaprXive, 1);

    xive->parent.ops = &xive_ops;
    xive->parent.ctx = ctx;
    return &xive->parent;
}
