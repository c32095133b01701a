/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq: libfdt errors as the library's errors. */
#include <libfdt.h>

#include "hw/core/fail.h"
#include "hw/core/fdt.h"

bool spapr_irq_fdt_fail(GError **errp, int fdt_err, const char *what)
{
    return spapr_irq_fail(
        errp,
        fdt_err == -FDT_ERR_NOSPACE ? SPAPR_IRQ_ERROR_NO_SPACE
                                    : SPAPR_IRQ_ERROR_INVALID_OPTION,
        "device tree: cannot write %s: %s", what, fdt_strerror(fdt_err));
}
