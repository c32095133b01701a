/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: what a VMM does around the layer, for the tool's own
 * machines (the qtest server, the guest profiles, the demo, the replays)
 * and the tests: it is a VMM like any other (docs/specs/vmm.md).
 *
 * On kvm-sim the guest's actions go to the simulated kernel first, as a
 * vCPU inside KVM_RUN would: the hcalls and RTAS calls the kernel answers,
 * the loads and stores on the memory slots of the XIVE pages; only what
 * exits reaches the layer, from the vCPU's own thread (the vCPU leaves
 * KVM_RUN for it).  Under tcg everything goes to the layer.  Nothing here
 * keeps state of its own: the run marks are the simulator's, the slots are
 * the simulator's, so every function takes the layer only.
 */
#ifndef TOOLS_VMM_H
#define TOOLS_VMM_H

#include "spapr-irq/spapr-irq.h"

G_BEGIN_DECLS

/* The map_region callback body of a VMM on kvm-sim (a memory slot on the
 * simulated host); -EOPNOTSUPP elsewhere (the tool runs no guest on real
 * KVM, so it has no slots to give). */
int vmm_map_region(void *opaque, const SpaprIrqRegion *region, bool map);

/* The guest on vCPU @cpu_index makes an hcall, an RTAS call, a load or a
 * store; as spapr_irq_hcall(), spapr_irq_rtas(), spapr_irq_mmio_read()
 * and spapr_irq_mmio_write() answer (an access served by a memory slot
 * answers true). */
int64_t vmm_hcall(SpaprIrq *irq, uint32_t cpu_index, uint64_t opcode,
                  const uint64_t *args, size_t nargs,
                  uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS]);
bool vmm_rtas(SpaprIrq *irq, uint32_t cpu_index, uint32_t token, uint32_t nargs,
              const uint32_t *args, uint32_t nret, uint32_t *rets);
bool vmm_mmio_read(SpaprIrq *irq, uint32_t cpu_index, uint64_t addr,
                   unsigned size, uint64_t *valp);
bool vmm_mmio_write(SpaprIrq *irq, uint32_t cpu_index, uint64_t addr,
                    unsigned size, uint64_t val);

/* The VM starts running (spapr_irq_vm_resume(), then every present vCPU
 * enters KVM_RUN) or stops (every vCPU leaves it, then
 * spapr_irq_vm_stop()). */
bool vmm_vm_resume(SpaprIrq *irq, GError **errp);
bool vmm_vm_stop(SpaprIrq *irq, GError **errp);
/* A vCPU added (spapr_irq_cpu_add()) while the VM runs enters KVM_RUN. */
bool vmm_cpu_add(SpaprIrq *irq, uint32_t cpu_index, GError **errp);
/* A vCPU unplugged while the VM runs leaves KVM_RUN, then
 * spapr_irq_cpu_remove(). */
void vmm_cpu_remove(SpaprIrq *irq, uint32_t cpu_index);
/* A reset as QEMU makes it: the vCPUs paused around it (stop, reset,
 * resume if the VM ran). */
bool vmm_reset(SpaprIrq *irq, GError **errp);
/* CAS as QEMU makes it: with cas-switch=at-cas, which switches at once, the
 * vCPUs paused around it as for a reset; else spapr_irq_cas() alone. */
bool vmm_cas(SpaprIrq *irq, uint8_t byte23, GError **errp);
/* A save as a migration makes it: the VM stopped around it if it ran. */
bool vmm_save(SpaprIrq *irq, GByteArray *out, GError **errp);
/* A load, the VM stopped around it if it ran. */
bool vmm_load(SpaprIrq *irq, const uint8_t *buf, size_t len, GError **errp);
/* `info pic` as QEMU's monitor prints it: while the VM runs, each vCPU's
 * state is read on its own thread first (run_on_cpu()). */
void vmm_print_info(SpaprIrq *irq, GString *out);

G_END_DECLS

#endif
