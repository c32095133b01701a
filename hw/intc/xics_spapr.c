/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the sPAPR XICS controller (ICS + ICPs, PAPR hcalls and RTAS).
 *
 * Foundation stage: the controller exists, takes part in the fan-out calls
 * and can be activated emulated; its model, hcalls, RTAS calls, device tree
 * and state come with the XICS milestone.  Every op left NULL answers
 * "not implemented yet" through the machine layer (see spapr_intc.h).
 */
#include "hw/intc/spapr_intc.h"

typedef struct SpaprXics {
    SpaprIntc parent;
} SpaprXics;

static void xics_destroy(SpaprIntc *intc)
{
    g_free((SpaprXics *)intc);
}

static const SpaprIntcOps xics_ops = {
    .name = "XICS",
    .kind = SPAPR_INTC_XICS,
    .destroy = xics_destroy,
};

SpaprIntc *spapr_xics_create(const SpaprIntcContext *ctx, GError **errp)
{
    SpaprXics *xics = g_new0(SpaprXics, 1);

    xics->parent.ops = &xics_ops;
    xics->parent.ctx = ctx;
    return &xics->parent;
}
