/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq tool: the guest walk-through of the default run (tools/demo.c).*/
#ifndef TOOLS_DEMO_H
#define TOOLS_DEMO_H

#include "hw/ppc/spapr_irq.h"
#include "tools/guest_ram.h"

/* The VMM side of the demo: interrupt lines are printed, the guest has
 * 1 GiB of (sparse) RAM for its XIVE event queues. */
typedef struct DemoVm {
    SpaprIrqCallbacks cb;
    GuestRam ram;
} DemoVm;

void demo_vm_init(DemoVm *vm);
void demo_vm_fini(DemoVm *vm);

/* Adds the CPUs present at start and claims QEMU's default pseries IRQs. */
bool demo_populate(SpaprIrq *irq, GError **errp);

/* Boots a Linux guest's interrupt negotiation: reset, CAS, reset. */
bool demo_boot(SpaprIrq *irq, GError **errp);

/* Has the guest configure a device interrupt and take it, and send an IPI
 * to every CPU, through the active controller's hcalls, RTAS calls and
 * MMIO (XIVE: queues in @vm's RAM, ESB and TIMA accesses); prints each
 * step.  Returns false if the controller did not behave. */
bool demo_deliver(SpaprIrq *irq, DemoVm *vm, GError **errp);

#endif
