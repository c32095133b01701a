/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the sPAPR XIVE controller (internal): the XIVE model behind
 * the controller ops table.  spapr_xive.c holds the ops, hcalls, MMIO,
 * device tree and `info pic`; spapr_xive_state.c the saved state.
 */
#ifndef HW_INTC_SPAPR_XIVE_H
#define HW_INTC_SPAPR_XIVE_H

#include "hw/intc/spapr_intc.h"
#include "hw/intc/xive.h"

/* The END ESB pages follow the source ESB pages, 1 << 18 bytes per END
 * (QEMU's end_base and stride; reported by H_INT_GET_QUEUE_INFO, not
 * modelled as MMIO). */
#define SPAPR_XIVE_END_BASE                                                    \
    (SPAPR_XIVE_ESB_BASE + ((uint64_t)XIVE_NR_IRQS << XIVE_ESB_SHIFT))
#define SPAPR_XIVE_END_ESB_SHIFT 18

typedef struct SpaprXive {
    SpaprIntc parent;
    Xive x;
} SpaprXive;

static inline Xive *spapr_xive_model(SpaprIntc *intc)
{
    return &((SpaprXive *)intc)->x;
}

bool spapr_xive_save(SpaprIntc *intc, GByteArray *out, GError **errp);
bool spapr_xive_load(SpaprIntc *intc, const uint8_t *buf, size_t len,
                     GError **errp);

#endif
