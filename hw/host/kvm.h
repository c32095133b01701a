/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the real KVM host, hw/host/kvm.c (internal; the host layer's
 * common part and the unit tests use it).
 */
#ifndef HW_HOST_KVM_H
#define HW_HOST_KVM_H

#include "hw/host/host.h"

G_BEGIN_DECLS

/* A host is the real KVM iff its ops point here. */
extern const SpaprHostOps spapr_host_kvm_ops;

/*
 * Opens cfg->kvm_device (default /dev/kvm) and, when @vm_fd is negative,
 * creates the VM; a non-negative @vm_fd belongs to the VMM and is never
 * closed.  Errors: SPAPR_IRQ_ERROR_HOST naming the device node.
 */
bool spapr_host_kvm_open(const SpaprIrqConfig *cfg, int vm_fd,
                         SpaprHost **hostp, GError **errp);
/* The host CPU generation named by the "cpu" lines of a /proc/cpuinfo
 * text (POWER8, POWER9, POWER10); SPAPR_CPU_NONE if there is none. */
SpaprCpuModel spapr_host_parse_cpuinfo(const char *text);

G_END_DECLS

#endif
