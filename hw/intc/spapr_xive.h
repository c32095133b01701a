/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the sPAPR XIVE controller (internal): the XIVE model behind
 * the controller ops table.  spapr_xive.c holds the ops, MMIO, device tree
 * and `info pic`; spapr_xive_hcall.c the hcalls; spapr_xive_state.c the
 * saved state; spapr_xive_kvm.c the in-kernel backend.
 */
#ifndef HW_INTC_SPAPR_XIVE_H
#define HW_INTC_SPAPR_XIVE_H

#include "hw/intc/intc_kvm.h"
#include "hw/intc/xive.h"

#include <stddef.h>

/* The END ESB pages follow the source ESB pages, 1 << 18 bytes per END
 * (QEMU's end_base and stride; reported by H_INT_GET_QUEUE_INFO, not
 * modelled as MMIO). */
#define SPAPR_XIVE_END_BASE                                                    \
    (SPAPR_XIVE_ESB_BASE + ((uint64_t)XIVE_NR_IRQS << XIVE_ESB_SHIFT))
#define SPAPR_XIVE_END_ESB_SHIFT 18

#define SPAPR_XIVE_KVM_ESB_LEN ((size_t)XIVE_NR_IRQS << XIVE_ESB_SHIFT)
#define SPAPR_XIVE_KVM_TM_LEN  ((size_t)XIVE_TM_SIZE)

typedef struct SpaprXive {
    SpaprIntc parent;
    Xive x;
    SpaprIntcKvm kvm;
    /* The device's ESB pages (page offset 4) and TIMA (page offset 0) while
     * in the kernel, or NULL. */
    void *esb_map;
    void *tm_map;
    /* The VMM has a memory slot on each (map_region said yes). */
    bool esb_slot, tm_slot;
    /* The VM is stopped and the sources held: masked in the kernel, their
     * PQ bits in the model until the VM runs again (vm_stop). */
    bool held;
} SpaprXive;

/* Priorities the guest may use: 0..6; 7 and up are reserved (the device
 * tree's ibm,plat-res-int-priorities). */
#define XIVE_RESERVED_PRIO_FIRST 7
#define XIVE_RESERVED_PRIO_COUNT 0xf8

static inline Xive *spapr_xive_model(SpaprIntc *intc)
{
    return &((SpaprXive *)intc)->x;
}

static inline SpaprXive *spapr_xive_of_model(Xive *x)
{
    return (SpaprXive *)((char *)x - offsetof(SpaprXive, x));
}

/* Whether the controller runs in the kernel now (spapr_xive_kvm.c). */
static inline bool spapr_xive_in_kernel(Xive *x)
{
    return spapr_intc_kvm_running(&spapr_xive_of_model(x)->kvm);
}

/* The hcalls (spapr_xive_hcall.c): the table, and the dispatcher, which
 * traces the hcall on entry, then checks the argument count. */
extern const SpaprHcall spapr_xive_hcalls[];
int64_t spapr_xive_hcall(Xive *x, const SpaprHcall *h, const uint64_t *args,
                         size_t nargs, uint64_t *rets);

/* spapr_xive_kvm.c, QEMU's spapr_xive_kvm.c in behaviour.  Failures are
 * SPAPR_IRQ_ERROR_HOST naming the call; nothing aborts. */
/* Create the device, size it, map the ESB and TIMA pages and hand them to
 * the VMM (map_region), connect every present vCPU, declare the claimed
 * sources, push the model.  On failure everything made so far is undone. */
bool spapr_xive_kvm_connect(SpaprXive *s, GError **errp);
/* Unmap, close; idempotent, safe on a partial connect. */
void spapr_xive_kvm_disconnect(SpaprXive *s);
bool spapr_xive_kvm_cpu_connect(SpaprXive *s, uint32_t cpu_index,
                                GError **errp);
/* Declare one source (KVM_DEV_XIVE_GRP_SOURCE: LSI, asserted). */
bool spapr_xive_kvm_source_reset(SpaprXive *s, uint32_t lisn, GError **errp);
/* Model -> kernel: device reset, queues, source targets, thread contexts,
 * then the PQ bits (the kernel's documented restore order); while the
 * sources are held the PQ bits wait for vm_resume, as QEMU's post_load. */
bool spapr_xive_kvm_push(SpaprXive *s, GError **errp);
/* Kernel -> model, reopening nothing: the PQ bits through ESB loads without
 * side effect (unless held: the model has them), EQ_SYNC, the queue
 * positions, and with @vcpus the thread contexts (QEMU's pre_save and
 * kvmppc_xive_synchronize_state). */
bool spapr_xive_kvm_pull(SpaprXive *s, bool vcpus, GError **errp);
/* One vCPU's thread context (QEMU's kvmppc_xive_cpu_get_state). */
bool spapr_xive_kvm_pull_tctx(SpaprXive *s, uint32_t cpu_index, GError **errp);
/* The VM stops: mask every source keeping its PQ bits in the model
 * (PENDING catches a trigger while stopped), then EQ_SYNC; the VM resumes:
 * the PQ bits back, and what came while stopped fired again
 * (kvmppc_xive_change_state_handler; facts section 9). */
bool spapr_xive_kvm_hold(SpaprXive *s, GError **errp);
void spapr_xive_kvm_release(SpaprXive *s);
bool spapr_xive_kvm_set_irq(SpaprXive *s, uint32_t lisn, int level,
                            GError **errp);
/* The hcalls' kernel parts; false means SPAPR_H_HARDWARE. */
bool spapr_xive_kvm_set_source_config(SpaprXive *s, uint32_t lisn,
                                      uint64_t eas);
bool spapr_xive_kvm_set_queue_config(SpaprXive *s, uint32_t end_idx,
                                     const XiveEnd *end);
bool spapr_xive_kvm_get_queue_config(SpaprXive *s, uint32_t end_idx,
                                     XiveEnd *end);
bool spapr_xive_kvm_sync_source(SpaprXive *s, uint32_t lisn);
bool spapr_xive_kvm_reset(SpaprXive *s);
/* H_INT_ESB on the management page of @lisn. */
uint64_t spapr_xive_kvm_esb_rw(SpaprXive *s, uint32_t lisn, uint64_t offset,
                               uint64_t data, bool write);

bool spapr_xive_save(SpaprIntc *intc, GByteArray *out, GError **errp);
bool spapr_xive_check(SpaprIntc *intc, const uint8_t *buf, size_t len,
                      GError **errp);
void spapr_xive_load(SpaprIntc *intc, const uint8_t *buf, size_t len);
extern const SpaprStateTable spapr_xive_state_tables[3];

#endif
