/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq: the MSI number allocator. */
#include <string.h>

#include "hw/machine/msi.h"
#include "spapr-irq/error.h"

static bool bit_test(const SpaprMsiAllocator *a, uint32_t i)
{
    return a->used[i / 64] >> (i % 64) & 1;
}

static void bit_assign(SpaprMsiAllocator *a, uint32_t i, bool v)
{
    uint64_t mask = UINT64_C(1) << (i % 64);

    a->used[i / 64] = v ? a->used[i / 64] | mask : a->used[i / 64] & ~mask;
}

void spapr_msi_reset(SpaprMsiAllocator *a)
{
    memset(a->used, 0, sizeof(a->used));
}

bool spapr_msi_alloc(SpaprMsiAllocator *a, uint32_t num, bool align,
                     uint32_t *firstp, GError **errp)
{
    uint32_t step = 1;

    if (num == 0 || num > SPAPR_NR_MSIS) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_RANGE,
                    "cannot allocate a block of %u MSIs (1 to %u)", num,
                    SPAPR_NR_MSIS);
        return false;
    }
    if (align) {
        while (step < num) {
            step <<= 1;
        }
    }
    /* First fit: start candidates at multiples of @step, skip past a used
     * number inside a candidate block. */
    for (uint32_t start = 0; start + num <= SPAPR_NR_MSIS; start += step) {
        uint32_t i;

        for (i = 0; i < num && !bit_test(a, start + i); i++) {
        }
        if (i == num) {
            for (i = 0; i < num; i++) {
                bit_assign(a, start + i, true);
            }
            *firstp = SPAPR_IRQ_MSI + start;
            return true;
        }
        /* The block at start fails at start + i: the next candidate that
         * can succeed lies beyond it. */
        start = (start + i) / step * step;
    }
    g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_NO_SPACE,
                "can't find a free %u-IRQ block of MSIs", num);
    return false;
}

void spapr_msi_free(SpaprMsiAllocator *a, uint32_t first, uint32_t num)
{
    /* Clamp [first, first + num) to the MSI range in 64 bits, rather than
     * looping over every number of a huge @num. */
    uint64_t lo = MAX((uint64_t)first, (uint64_t)SPAPR_IRQ_MSI);
    uint64_t hi =
        MIN((uint64_t)first + num, (uint64_t)SPAPR_IRQ_MSI + SPAPR_NR_MSIS);

    for (uint64_t n = lo; n < hi; n++) {
        bit_assign(a, (uint32_t)(n - SPAPR_IRQ_MSI), false);
    }
}

bool spapr_msi_is_used(const SpaprMsiAllocator *a, uint32_t irqn)
{
    return irqn >= SPAPR_IRQ_MSI && irqn < SPAPR_IRQ_MSI + SPAPR_NR_MSIS &&
           bit_test(a, irqn - SPAPR_IRQ_MSI);
}
