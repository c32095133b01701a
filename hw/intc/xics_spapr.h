/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the sPAPR XICS controller (internal): the XICS model behind
 * the controller ops table (xics_spapr.c), and its in-kernel backend
 * (xics_kvm.c), which drives the KVM XICS device from the same model, so
 * that saved state does not depend on the backend.
 */
#ifndef HW_INTC_XICS_SPAPR_H
#define HW_INTC_XICS_SPAPR_H

#include "hw/intc/intc_kvm.h"
#include "hw/intc/xics.h"

typedef struct SpaprXics {
    SpaprIntc parent;
    Xics x;
    SpaprIntcKvm kvm;
    /* The RTAS calls whose tokens are defined in the kernel (xics_kvm.c):
     * bit i for xics_rtas_calls[i]. */
    uint32_t tokens_defined;
    /* The sources the open kernel device was given (bit n: source n), freed
     * ones included: the kernel keeps a source once set, and a read-back
     * reads them all (xics_kvm_pull()). */
    uint64_t kernel_srcs[XICS_NR_SOURCES / 64];
} SpaprXics;

/* xics_kvm.c.  Every function returns false with SPAPR_IRQ_ERROR_HOST
 * naming the failed call; none aborts on a host failure. */
/* Create the device, define the RTAS tokens, size it, connect every
 * present vCPU, push the model (sources, then presenters).  On failure
 * everything made so far is undone. */
bool xics_kvm_connect(SpaprXics *s, GError **errp);
/* Undefine the tokens, then close the device; idempotent, safe on a
 * partial connect; the model is kept.  A token the kernel fails to
 * undefine stays defined (teardown goes on). */
void xics_kvm_disconnect(SpaprXics *s);
/* Undefine every defined token, first of all when the XICS stops being
 * active in the kernel.  If one fails, the ones undefined here are defined
 * again (best effort, the message says if not), the error names the RTAS
 * call, and the device is untouched. */
bool xics_kvm_undefine_tokens(SpaprXics *s, GError **errp);
/* Undefine every token still defined (left by a failed undefine), each
 * tried once; false with the first failure if one stays defined. */
bool xics_kvm_drop_tokens(SpaprXics *s, GError **errp);
/* Connect one vCPU and push its presenter (a vCPU added while in kernel).*/
bool xics_kvm_cpu_connect(SpaprXics *s, uint32_t cpu_index, GError **errp);
/* Model -> kernel: every claimed source, then every presenter. */
bool xics_kvm_push(SpaprXics *s, GError **errp);
bool xics_kvm_push_source(SpaprXics *s, uint32_t srcno, GError **errp);
/* Kernel -> model: every claimed source, and with @vcpus every presenter
 * (QEMU's pre_save; without, the VM runs and only the device is read, as
 * QEMU's ics_synchronize_state).  On failure the items read so far are in
 * the model. */
bool xics_kvm_pull(SpaprXics *s, bool vcpus, GError **errp);
/* One presenter (QEMU's icp_get_kvm_state, on the vCPU's thread). */
bool xics_kvm_pull_icp(SpaprXics *s, uint32_t cpu_index, GError **errp);
bool xics_kvm_set_irq(SpaprXics *s, uint32_t srcno, int level, GError **errp);

#endif
