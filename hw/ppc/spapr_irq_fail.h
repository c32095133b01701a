/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq: the one error helper of the library's code (internal). */
#ifndef HW_PPC_SPAPR_IRQ_FAIL_H
#define HW_PPC_SPAPR_IRQ_FAIL_H

#include <stdbool.h>

#include "hw/ppc/spapr_irq_error.h"

/* Sets *errp (if errp is not NULL) to a SPAPR_IRQ_ERROR of @code with a
 * printf-style message, and returns false, so that callers can write
 * `return spapr_irq_fail(errp, ...);`. */
bool spapr_irq_fail(GError **errp, SpaprIrqErrorCode code, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

#endif
