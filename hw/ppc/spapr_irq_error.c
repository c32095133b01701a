/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq: the library's error domain. */
#include "hw/ppc/spapr_irq_fail.h"

G_DEFINE_QUARK(spapr - irq - error - quark, spapr_irq_error)

bool spapr_irq_fail(GError **errp, SpaprIrqErrorCode code, const char *fmt, ...)
{
    va_list ap;

    if (errp) {
        va_start(ap, fmt);
        *errp = g_error_new_valist(SPAPR_IRQ_ERROR, code, fmt, ap);
        va_end(ap);
    }
    return false;
}
