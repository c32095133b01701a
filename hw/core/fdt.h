/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq: the one libfdt error helper (internal). */
#ifndef HW_CORE_FDT_H
#define HW_CORE_FDT_H

#include "spapr-irq/error.h"

/* Sets *errp for libfdt error @fdt_err (negative) while writing @what and
 * returns false: SPAPR_IRQ_ERROR_NO_SPACE when the blob is full,
 * SPAPR_IRQ_ERROR_INVALID_OPTION otherwise (a bad blob from the caller). */
bool spapr_irq_fdt_fail(GError **errp, int fdt_err, const char *what);

#endif
