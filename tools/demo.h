/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: the main demo of the default run (tools/demo.c).  A guest
 * profile boots on the machine (reset, CAS, the switch at reset), takes a
 * burst of interrupts across its CPUs, and reboots once.
 */
#ifndef TOOLS_DEMO_H
#define TOOLS_DEMO_H

#include <stdio.h>

#include "spapr-irq/spapr-irq.h"
#include "tools/guest.h"
#include "tools/guest_ram.h"
#include "tools/trace_log.h"

/* The VMM side of the demo: the guest has 1 GiB of (sparse) RAM for its
 * XIVE event queues; each CPU's line raises are counted. */
typedef struct DemoVm {
    SpaprIrqCallbacks cb;
    GuestRam ram;
    uint32_t max_cpus;
    unsigned *raises; /* per CPU index, allocated by demo_vm_attach() */
    TraceLog *trace;  /* -trace, or NULL */
    FILE *out;        /* the walk-through; stdout unless quiet */
} DemoVm;

void demo_vm_init(DemoVm *vm);
/* -q: the walk-through goes nowhere, the summary line to stdout only.
 * False if /dev/null cannot be opened. */
bool demo_vm_set_quiet(DemoVm *vm);
/* Sizes the per-CPU counters for @irq's machine. */
void demo_vm_attach(DemoVm *vm, const SpaprIrq *irq);
void demo_vm_fini(DemoVm *vm);

/* Adds the CPUs present at start and claims QEMU's default pseries IRQs. */
bool demo_populate(SpaprIrq *irq, GError **errp);

/*
 * Without -accel, the demo runs on the best host there is: the real
 * /dev/kvm when its kernel has an in-kernel interrupt controller, else
 * TCG.  Sets @cfg's accelerator and prints the choice and why.
 */
void demo_pick_host(SpaprIrqConfig *cfg, FILE *out);

/*
 * The walk-through: boot (reset, CAS, the switch and why), set-up by guest
 * profile @p, a burst of interrupts across the CPUs (each must be taken
 * exactly once, on its CPU), info pic, a summary line, then a reboot that
 * shows the machine back on XICS before CAS (a dual machine), and the
 * second CAS.  Returns false if the machine misbehaved.
 */
bool demo_run(SpaprIrq *irq, DemoVm *vm, const GuestProfile *p, GError **errp);

/*
 * Migration of the demo (README, docs/specs/qtest.md).  The source
 * (-migrate URI) boots as demo_run() does, fires the first round of the
 * burst, and migrates with those interrupts in flight: on success it stops
 * there (*@migrated); on failure it resumes and finishes the burst.  The
 * destination (demo_incoming(), -incoming URI) builds the same machine and
 * devices, waits for the stream, loads it, resumes, and finishes the burst
 * (the first round's interrupts taken from the source's state): every
 * interrupt must be taken once, on its CPU.
 */
bool demo_run_migrate(SpaprIrq *irq, DemoVm *vm, const GuestProfile *p,
                      const char *uri, bool *migrated, GError **errp);
bool demo_incoming(SpaprIrq *irq, DemoVm *vm, const GuestProfile *p,
                   const char *uri, GError **errp);

#endif
