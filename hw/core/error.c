/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq: the library's error domain and its helpers. */
#include "hw/core/fail.h"

/* Written out rather than with G_DEFINE_QUARK: no static cache (the
 * library has no global mutable state) and a name the formatter cannot
 * split. */
GQuark spapr_irq_error_quark(void)
{
    return g_quark_from_static_string("spapr-irq-error-quark");
}

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

bool spapr_irq_fail_errno_valist(GError **errp, SpaprIrqErrorCode code,
                                 int errnum, const char *fmt, va_list ap)
{
    g_autofree char *msg = NULL;

    if (!errp) {
        return false;
    }
    msg = g_strdup_vprintf(fmt, ap);
    *errp =
        g_error_new(SPAPR_IRQ_ERROR, code, "%s: %s", msg, g_strerror(errnum));
    return false;
}

bool spapr_irq_fail_errno(GError **errp, SpaprIrqErrorCode code, int errnum,
                          const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    spapr_irq_fail_errno_valist(errp, code, errnum, fmt, ap);
    va_end(ap);
    return false;
}

bool spapr_irq_bad_value(GError **errp, const char *prop, const char *value,
                         const char *accepted)
{
    return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_INVALID_OPTION,
                          "Bad value for \"%s\" property: \"%s\" (accepted: "
                          "%s)",
                          prop, value, accepted);
}
