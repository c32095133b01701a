/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq tool: the dumpdtb= machine property (tools/dumpdtb.c). */
#ifndef TOOLS_DUMPDTB_H
#define TOOLS_DUMPDTB_H

#include "spapr-irq/spapr-irq.h"

/*
 * Writes to @path a flattened device tree of the machine as it is now (call
 * after the CPUs are added and the machine is reset): the root node, /chosen,
 * /cpus with one node per present core named as QEMU names it
 * ("PowerPC,POWER9@<vcpu id>"), and the interrupt parts from
 * spapr_irq_dt() and spapr_irq_dt_cpu().  Errors: those of spapr_irq_dt(),
 * SPAPR_IRQ_ERROR_IO when the file cannot be written.
 */
bool dumpdtb_write(SpaprIrq *irq, const char *path, GError **errp);

#endif
