/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq: device-tree helpers shared by the controllers (internal). */
#ifndef HW_PPC_SPAPR_IRQ_DT_H
#define HW_PPC_SPAPR_IRQ_DT_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "hw/ppc/spapr_irq_policy.h"

/* Sets *errp for libfdt error @fdt_err (negative) while writing @what and
 * returns false: SPAPR_IRQ_ERROR_NO_SPACE when the blob is full,
 * SPAPR_IRQ_ERROR_INVALID_OPTION otherwise (a bad blob from the caller). */
bool spapr_irq_fdt_fail(GError **errp, int fdt_err, const char *what);

/* Sets the (23, @byte23) pair of /chosen/ibm,arch-vec-5-platform-support,
 * keeping the VMM's other pairs; creates /chosen and the property if they
 * do not exist. */
bool spapr_irq_dt_platform_support(void *fdt, uint8_t byte23, GError **errp);

/* Writes a core's ibm,ppc-interrupt-server#s and ibm,ppc-interrupt-gserver#s
 * on @cpu_node, as QEMU's spapr_dt_cpu() (the same for XICS and XIVE). */
bool spapr_irq_dt_cpu_servers(void *fdt, int cpu_node, const SpaprIrqPlan *plan,
                              uint32_t cpu_index, GError **errp);

#endif
