/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: what the two in-kernel backends (xics_kvm.c, spapr_xive_kvm.c)
 * share: the KVM device fd, the vCPUs and their connections, whether the
 * model's vCPU lines are muted (the kernel drives them), and the device
 * creation and vCPU connection steps (internal).
 */
#ifndef HW_INTC_INTC_KVM_H
#define HW_INTC_INTC_KVM_H

#include "hw/intc/intc.h"

typedef struct SpaprIntcKvm {
    const SpaprIntcContext *ctx;
    /* The model's vCPU lines are muted: set when the controller is
     * activated in the kernel, cleared (and the lines driven from the model
     * again) when it is activated emulated.  A deactivation leaves it. */
    bool muted;
    int fd;          /* the KVM device, or -1 */
    int *vcpu_fd;    /* by CPU index (max_cpus entries); -1: none */
    bool *connected; /* by CPU index: KVM_ENABLE_CAP done on this device */
} SpaprIntcKvm;

/* The controller runs in the kernel now: activated there, its device
 * open.  Every op asks this, the guest's calls as well as the fan-out ops
 * (claim, cpu_create), which reach inactive controllers too. */
static inline bool spapr_intc_kvm_running(const SpaprIntcKvm *k)
{
    return k->muted && k->fd >= 0;
}

void spapr_intc_kvm_init(SpaprIntcKvm *k, const SpaprIntcContext *ctx);
/* Frees the tables; the caller has disconnected.  Safe twice. */
void spapr_intc_kvm_fini(SpaprIntcKvm *k);

static inline SpaprHost *spapr_intc_kvm_host(const SpaprIntcKvm *k)
{
    return k->ctx->host;
}

/* Sets SPAPR_IRQ_ERROR_HOST "<message>: <strerror(-rc)>" and returns
 * false. */
bool spapr_intc_kvm_fail(GError **errp, int rc, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/* KVM_CREATE_DEVICE of @type, then NR_SERVERS (@group, @attr) when the
 * device has it (QEMU's kvm_device_check_attr).  @who names the controller
 * in errors.  On failure the device made is closed. */
bool spapr_intc_kvm_create(SpaprIntcKvm *k, uint32_t type, uint32_t group,
                           uint64_t attr, const char *who, GError **errp);
/* KVM_ENABLE_CAP(@cap, fd, @server) on CPU @cpu's vCPU, once. */
bool spapr_intc_kvm_connect_vcpu(SpaprIntcKvm *k, uint32_t cpu, uint32_t cap,
                                 uint32_t server, const char *who,
                                 GError **errp);
/* Closes the device (close(2) releases even when it fails) and forgets the
 * connections; idempotent. */
void spapr_intc_kvm_close(SpaprIntcKvm *k);

#endif
