/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the MSI number allocator (internal).  A bitmap over
 * SPAPR_IRQ_MSI .. SPAPR_XIRQ_BASE + SPAPR_NR_XIRQS - 1 (0xD00 numbers),
 * first fit, optionally aligned.
 */
#ifndef HW_MACHINE_MSI_H
#define HW_MACHINE_MSI_H

#include "spapr-irq/types.h"

typedef struct SpaprMsiAllocator {
    uint64_t used[(SPAPR_NR_MSIS + 63) / 64];
} SpaprMsiAllocator;

/* Marks every number free. */
void spapr_msi_reset(SpaprMsiAllocator *a);
/* See spapr_irq_msi_alloc() in spapr-irq/spapr-irq.h. */
bool spapr_msi_alloc(SpaprMsiAllocator *a, uint32_t num, bool align,
                     uint32_t *firstp, GError **errp);
/* Frees the numbers of [first, first + num) that are in the MSI range. */
void spapr_msi_free(SpaprMsiAllocator *a, uint32_t first, uint32_t num);
/* Whether MSI number @irqn is allocated. */
bool spapr_msi_is_used(const SpaprMsiAllocator *a, uint32_t irqn);

#endif
