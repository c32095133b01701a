/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: private declarations shared by the files of the host layer
 * (spapr_host.c, spapr_host_kvm.c, spapr_host_sim.c, spapr_host_profiles.c).
 * Not installed; the unit test may use it.
 */
#ifndef HW_PPC_SPAPR_HOST_INTERNAL_H
#define HW_PPC_SPAPR_HOST_INTERNAL_H

#include "hw/ppc/spapr_host.h"

G_BEGIN_DECLS

/* The two implementations; a host is of a kind iff its ops point here. */
extern const SpaprHostOps spapr_host_kvm_ops;
extern const SpaprHostOps spapr_host_sim_ops;

/*
 * Real KVM.  Opens cfg->kvm_device (default /dev/kvm) and, when @vm_fd is
 * negative, creates the VM; a non-negative @vm_fd belongs to the VMM and is
 * never closed.  Errors: SPAPR_IRQ_ERROR_HOST naming the device node.
 */
bool spapr_host_kvm_open(const SpaprIrqConfig *cfg, int vm_fd,
                         SpaprHost **hostp, GError **errp);
/* The host CPU generation read from /proc/cpuinfo at open. */
SpaprCpuModel spapr_host_kvm_cpu(SpaprHost *h);
/*
 * The probes that need a real irqchip device, run on a scratch VM (a second
 * KVM_CREATE_VM on the device node) so the host's own VM is not touched:
 * @release gets 1/0 (destroyed on close or not) or -errno (e.g. -ENODEV
 * without an in-kernel XICS), @nr_servers whether the XICS NR_SERVERS
 * control attribute exists.  Fails with SPAPR_IRQ_ERROR_HOST, naming the
 * device node, only when the scratch VM cannot be created at all.
 */
bool spapr_host_kvm_probe_scratch(SpaprHost *h, int *release, bool *nr_servers,
                                  GError **errp);
/* The host CPU generation named by the "cpu" lines of a /proc/cpuinfo
 * text (POWER8, POWER9, POWER10); SPAPR_CPU_NONE if there is none. */
SpaprCpuModel spapr_host_parse_cpuinfo(const char *text);

/* Simulated host of profile @p (never NULL; @p must outlive the host). */
SpaprHost *spapr_host_sim_new(const SpaprHostProfile *p);
/* The profile of a kvm-sim host. */
const SpaprHostProfile *spapr_host_sim_profile(SpaprHost *h);
/* Counters of a kvm-sim host (see spapr_host_sim_stats()). */
void spapr_host_sim_get_stats(SpaprHost *h, SpaprHostSimStats *stats);
/* Fault injection on a kvm-sim host (see spapr_host_sim_fail()). */
bool spapr_host_sim_fail_after(SpaprHost *h, unsigned nth, int err);

G_END_DECLS

#endif
