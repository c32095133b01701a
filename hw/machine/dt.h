/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq: the device-tree parts the machine layer writes (internal). */
#ifndef HW_MACHINE_DT_H
#define HW_MACHINE_DT_H

#include "spapr-irq/plan.h"

/* Sets the (23, @byte23) pair of /chosen/ibm,arch-vec-5-platform-support,
 * keeping the VMM's other pairs; creates /chosen and the property if they
 * do not exist. */
bool spapr_irq_dt_platform_support(void *fdt, uint8_t byte23, GError **errp);

/* Writes a core's ibm,ppc-interrupt-server#s and ibm,ppc-interrupt-gserver#s
 * on @cpu_node, as QEMU's spapr_dt_cpu() (the same for XICS and XIVE). */
bool spapr_irq_dt_cpu_servers(void *fdt, int cpu_node, const SpaprIrqPlan *plan,
                              uint32_t cpu_index, GError **errp);

#endif
