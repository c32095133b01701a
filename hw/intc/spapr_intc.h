/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the controller ops table (internal).
 *
 * One instance per controller the machine has (XICS, XIVE).  The machine
 * layer (hw/ppc/spapr_irq.c) fans some calls out to every controller and
 * sends the others to the active one only:
 *
 *   every controller: claim, free, cpu_create, cpu_destroy, save, load,
 *                     destroy
 *   active only:      set_irq, hcall, rtas, mmio_read/write, dt, dt_cpu,
 *                     print_info, reset
 *   the switch:       activate, deactivate
 *
 * Each member's comment says what NULL means.  Per-instance data lives in
 * the structure that embeds SpaprIntc; there is no global state.
 */
#ifndef HW_INTC_SPAPR_INTC_H
#define HW_INTC_SPAPR_INTC_H

#include "hw/ppc/spapr_irq.h"

typedef struct SpaprIntc SpaprIntc;

/* RTAS tokens of the interrupt calls, as QEMU numbers them (the machine
 * layer maps names to them; XICS implements them). */
#define SPAPR_RTAS_SET_XIVE 0x200A /* ibm,set-xive */
#define SPAPR_RTAS_GET_XIVE 0x200B /* ibm,get-xive */
#define SPAPR_RTAS_INT_OFF  0x200C /* ibm,int-off */
#define SPAPR_RTAS_INT_ON   0x200D /* ibm,int-on */

/* What a controller is given at creation; owned by the machine layer and
 * valid for the controller's lifetime. */
typedef struct SpaprIntcContext {
    const SpaprIrqPlan *plan;
    const SpaprIrqCallbacks *cb;
    SpaprHost *host; /* NULL under tcg */
} SpaprIntcContext;

typedef struct SpaprIntcOps {
    const char *name;
    SpaprIntcKind kind;

    /* -- every controller -- */
    /* Claim @irqn as LSI or MSI.  The machine layer has checked the range
     * and that the number is free (it keeps the one IRQ map).  NULL: the
     * controller keeps no per-source state yet. */
    bool (*claim)(SpaprIntc *intc, uint32_t irqn, bool lsi, GError **errp);
    /* Free @irqn.  NULL: as for claim. */
    void (*free)(SpaprIntc *intc, uint32_t irqn);
    /* Create the per-vCPU presenter.  NULL: nothing per vCPU. */
    bool (*cpu_create)(SpaprIntc *intc, uint32_t cpu_index, uint32_t vcpu_id,
                       int vcpu_fd, GError **errp);
    /* Destroy it; safe if cpu_create failed or was not called. */
    void (*cpu_destroy)(SpaprIntc *intc, uint32_t cpu_index);
    /* Serialise / restore the controller's state; load validates all of
     * @buf before it changes anything.  NULL: not implemented yet
     * (SPAPR_IRQ_ERROR_NOT_IMPLEMENTED). */
    bool (*save)(SpaprIntc *intc, GByteArray *out, GError **errp);
    bool (*load)(SpaprIntc *intc, const uint8_t *buf, size_t len,
                 GError **errp);
    /* Free everything.  Required; must cope with a partly built instance. */
    void (*destroy)(SpaprIntc *intc);

    /* -- the switch -- */
    /* Become the active controller with implementation @impl (KVM:
     * connect to the kernel and push the model).  On failure nothing may be
     * left half connected.  NULL: nothing to do for the emulated
     * implementation; KVM is SPAPR_IRQ_ERROR_NOT_IMPLEMENTED. */
    bool (*activate)(SpaprIntc *intc, SpaprIntcImpl impl, GError **errp);
    /* Stop being active (close an in-kernel device; the model keeps the
     * last state pushed or pulled).  Idempotent.  NULL: nothing to do. */
    void (*deactivate)(SpaprIntc *intc);

    /* -- the active controller only -- */
    /* Set an IRQ's level; the machine layer has checked that @irqn is in
     * range and claimed.  NULL: SPAPR_IRQ_ERROR_NOT_IMPLEMENTED. */
    bool (*set_irq)(SpaprIntc *intc, uint32_t irqn, int level, GError **errp);
    /* One of the controller's hcalls; returns a PAPR code.  NULL: every
     * hcall answers H_FUNCTION. */
    int64_t (*hcall)(SpaprIntc *intc, uint32_t cpu_index, uint64_t opcode,
                     const uint64_t *args, size_t nargs, uint64_t *rets);
    /* One of the controller's RTAS calls; writes rets[0] = status.  NULL:
     * every call answers RTAS_OUT_HW_ERROR. */
    void (*rtas)(SpaprIntc *intc, uint32_t cpu_index, uint32_t token,
                 uint32_t nargs, const uint32_t *args, uint32_t nret,
                 uint32_t *rets);
    /* MMIO in the controller's regions; false if @addr is not one of them.
     * NULL: the controller has no MMIO regions. */
    bool (*mmio_read)(SpaprIntc *intc, uint32_t cpu_index, uint64_t addr,
                      unsigned size, uint64_t *valp);
    bool (*mmio_write)(SpaprIntc *intc, uint32_t cpu_index, uint64_t addr,
                       unsigned size, uint64_t val);
    /* Device-tree node (and root properties).  NULL: not implemented yet
     * (SPAPR_IRQ_ERROR_NOT_IMPLEMENTED).  dt_cpu: properties of a CPU node
     * beyond the interrupt servers the machine layer writes for every
     * controller; NULL: none. */
    bool (*dt)(SpaprIntc *intc, void *fdt, uint32_t phandle, GError **errp);
    bool (*dt_cpu)(SpaprIntc *intc, void *fdt, int cpu_node, uint32_t cpu_index,
                   GError **errp);
    /* `info pic` text.  NULL: a line saying it is not implemented yet. */
    void (*print_info)(SpaprIntc *intc, GString *out);
    /* Machine reset of the active controller's model (an in-kernel backend
     * is then pushed by kvm_push).  NULL: nothing to reset. */
    bool (*reset)(SpaprIntc *intc, GError **errp);

    /*
     * -- the in-kernel backend, while the controller is active in KVM --
     * The model stays the state representation; these move it to and from
     * the kernel.  Host failures are SPAPR_IRQ_ERROR_HOST naming the call;
     * the machine layer decides on a fallback.  NULL: the controller has
     * no in-kernel backend.
     */
    /* Kernel -> model (QEMU's pre_save), leaving the kernel as it was. */
    bool (*kvm_pull)(SpaprIntc *intc, GError **errp);
    /* Model -> kernel, all of it (QEMU's post_load). */
    bool (*kvm_push)(SpaprIntc *intc, GError **errp);
    /* Connect a vCPU created while in the kernel and push its state. */
    bool (*kvm_cpu_connect)(SpaprIntc *intc, uint32_t cpu_index, GError **errp);
    /* Push a source claimed while in the kernel. */
    bool (*kvm_claim)(SpaprIntc *intc, uint32_t irqn, GError **errp);
} SpaprIntcOps;

struct SpaprIntc {
    const SpaprIntcOps *ops;
    const SpaprIntcContext *ctx;
};

/* Constructors (hw/intc/xics_spapr.c, hw/intc/spapr_xive.c). */
SpaprIntc *spapr_xics_create(const SpaprIntcContext *ctx, GError **errp);
SpaprIntc *spapr_xive_create(const SpaprIntcContext *ctx, GError **errp);

#endif
