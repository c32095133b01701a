/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the machine layer's own state and the functions its files
 * share (internal).  The machine layer implements the public API of
 * spapr-irq/spapr-irq.h:
 *
 *   machine.c   create/destroy, the host probe, vCPUs, claims, MSIs
 *   activate.c  which controller is active and how: activation under the
 *               fallback rule, a failed kernel call, the switch, CAS, reset
 *   dispatch.c  set_irq, hcalls, RTAS, MMIO, device tree, `info pic`:
 *               the active controller only, found through its tables
 *   state.c     saved state
 *   run.c       the VM's run state: stop, resume, the vCPU-thread rule
 *   msi.c       the MSI number allocator;  dt.c  the device-tree parts
 *               written for every controller
 *   callbacks.c the VMM's callbacks as the controllers see them, and the
 *               trace filter
 *   rtas_args.c RTAS calls on the guest's argument buffer
 */
#ifndef HW_MACHINE_MACHINE_H
#define HW_MACHINE_MACHINE_H

#include "hw/intc/intc.h"
#include "hw/machine/msi.h"
#include "spapr-irq/spapr-irq.h"

/* State of an IRQ number in the map. */
enum { IRQ_FREE = 0, IRQ_MSI = 1, IRQ_LSI = 2 };

typedef struct SpaprIrqCpu {
    bool present;
    int vcpu_fd;    /* -1: none */
    bool owns_vcpu; /* the layer created vcpu_fd (kept while removed) */
} SpaprIrqCpu;

struct SpaprIrq {
    SpaprIrqCallbacks cb; /* the VMM's, copied at create; the controllers
                             call it directly */
    bool trace_on[SPAPR_TRACE_COUNT]; /* the trace filter's events */
    SpaprHost *host;
    SpaprHostCaps caps;
    SpaprIrqPlan *plan;
    SpaprIntcContext ctx;
    SpaprIntc *intc[SPAPR_INTC_COUNT];
    SpaprHcallIndex hcalls; /* every controller's hcalls by opcode */
    bool active_valid;
    SpaprIntcKind active;
    SpaprIntcImpl active_impl;
    bool cas_pending;
    SpaprIntcKind cas_choice;
    GPtrArray *warnings;
    uint8_t irq_map[SPAPR_NR_XIRQS];
    SpaprMsiAllocator msi;
    SpaprIrqCpu *cpus; /* plan->topo.max_cpus entries */
    /* vCPU fd -> lowest present CPU index with that fd, plus one (what a
     * line change of the kernel looks up); whether two present CPUs ever
     * shared an fd (a VMM's mistake: a removal then looks for the next). */
    GHashTable *cpu_by_fd;
    bool cpu_fd_shared;
    SpaprHostGuest guest; /* what a simulated kernel reaches of the guest */
    bool vm_running;      /* spapr_irq_vm_resume() .. spapr_irq_vm_stop() */
};

/* Records a warning (taken). */
void spapr_machine_warn(SpaprIrq *irq, char *msg);
/* The active controller, or NULL (a failed switch under kernel-irqchip=on
 * can leave the machine without one).  Inline: every guest access asks. */
static inline SpaprIntc *spapr_machine_active(const SpaprIrq *irq)
{
    return irq->active_valid ? irq->intc[irq->active] : NULL;
}
/* The active controller, or NULL with SPAPR_IRQ_ERROR_STATE. */
SpaprIntc *spapr_machine_require_active(const SpaprIrq *irq, GError **errp);
bool spapr_machine_in_kernel(const SpaprIrq *irq);
/* Whether @cpu_index is below maxcpus, else SPAPR_IRQ_ERROR_RANGE. */
bool spapr_machine_check_cpu(const SpaprIrq *irq, uint32_t cpu_index,
                             GError **errp);
/* Whether @irqn is a device IRQ number (SPAPR_XIRQ_BASE ..), else
 * SPAPR_IRQ_ERROR_RANGE. */
bool spapr_machine_check_irq(uint32_t irqn, GError **errp);

/* dispatch.c */
/* The interrupt RTAS call with @token this machine answers, and the kind
 * of its controller; NULL if the VMM answers @token. */
const SpaprRtasCall *spapr_machine_rtas_call(const SpaprIrq *irq,
                                             uint32_t token,
                                             SpaprIntcKind *kindp);

/* callbacks.c */
/* Turns every event of the trace filter on and fills irq->guest (what a
 * simulated kernel reaches of the guest, which finds a vCPU by its fd in
 * irq->cpu_by_fd). */
void spapr_machine_callbacks_init(SpaprIrq *irq);
/* CPU @cpu_index becomes present or not, with its vcpu_fd as it is now
 * (the line changes of the kernel find it by that fd from then on). */
void spapr_machine_cpu_present(SpaprIrq *irq, uint32_t cpu_index, bool present);
/* Frees what spapr_machine_callbacks_init() made (idempotent). */
void spapr_machine_callbacks_fini(SpaprIrq *irq);

/* run.c */
/* Whether @what (a call needing every vCPU out of KVM_RUN, named in the
 * error) may run now: the VM is stopped, or no controller runs in the
 * kernel (with @may_connect, none may be connected there by the call
 * either).  Else SPAPR_IRQ_ERROR_STATE. */
bool spapr_machine_check_stopped(const SpaprIrq *irq, const char *what,
                                 bool may_connect, GError **errp);

/* activate.c */
/* Makes @kind active as the plan says (plan->impl[]), recording the
 * warning @announce (NULL: none) first.  A failed in-kernel activation goes
 * through the fallback rule (hw/plan/fallback.h). */
bool spapr_machine_activate(SpaprIrq *irq, SpaprIntcKind kind,
                            const char *announce, GError **errp);
void spapr_machine_deactivate(SpaprIrq *irq);
/* Makes @kind active: the old controller's pre_deactivate first (if it
 * fails, nothing has changed), then its deactivation and @kind's
 * activation; on failure gives the machine its previous controller back
 * where it can. */
bool spapr_machine_switch(SpaprIrq *irq, SpaprIntcKind kind, GError **errp);
/*
 * An op of controller @intc failed with @err (taken).  A failed kernel call
 * (SPAPR_IRQ_ERROR_HOST of the active controller while it runs in the
 * kernel) goes through the fallback rule: under kernel-irqchip=on it is the
 * caller's error; under allowed the controller goes on emulated, with
 * QEMU's warning, unless its pre_deactivate fails (then it stays in the
 * kernel and the caller gets both errors); with @salvage the kernel holds
 * the newest state, which is read back first.  Any other error is the
 * caller's.  Returns false on an error for the caller.
 */
bool spapr_machine_kernel_failed(SpaprIrq *irq, SpaprIntc *intc, GError *err,
                                 bool salvage, GError **errp);
/* The active controller's pre_save (its backend's state into the model) and
 * post_load (the model to its backend), a failure going to
 * spapr_machine_kernel_failed(). */
bool spapr_machine_pre_save(SpaprIrq *irq, GError **errp);
bool spapr_machine_post_load(SpaprIrq *irq, GError **errp);

#endif
