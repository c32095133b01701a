/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq: the error helpers of the library's code (internal). */
#ifndef HW_CORE_FAIL_H
#define HW_CORE_FAIL_H

#include "spapr-irq/error.h"

/* Sets *errp (if errp is not NULL) to a SPAPR_IRQ_ERROR of @code with a
 * printf-style message, and returns false, so that callers can write
 * `return spapr_irq_fail(errp, ...);`. */
bool spapr_irq_fail(GError **errp, SpaprIrqErrorCode code, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/*
 * As spapr_irq_fail(), the message followed by ": <g_strerror(@errnum)>".
 * With errp NULL nothing is formatted and g_strerror() is not called (it
 * allocates glib's message cache the first time it sees an errno): the
 * guest-facing paths, which pass NULL, allocate nothing on failure.
 */
bool spapr_irq_fail_errno(GError **errp, SpaprIrqErrorCode code, int errnum,
                          const char *fmt, ...) G_GNUC_PRINTF(4, 5);
bool spapr_irq_fail_errno_valist(GError **errp, SpaprIrqErrorCode code,
                                 int errnum, const char *fmt, va_list ap)
    G_GNUC_PRINTF(4, 0);

/* The error of an option's bad value (SPAPR_IRQ_ERROR_INVALID_OPTION):
 *   Bad value for "<prop>" property: "<value>" (accepted: <accepted>)
 * Returns false. */
bool spapr_irq_bad_value(GError **errp, const char *prop, const char *value,
                         const char *accepted);

#endif
