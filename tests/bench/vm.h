/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq-bench: the benchmark's VMM.  A machine made through the public
 * API (tools/vmm.h for the guest's side: on kvm-sim the guest's accesses
 * reach the simulated kernel first), a flat guest RAM holding one XIVE
 * queue, and the guest's round trips: what Linux's XICS and XIVE drivers
 * do for one interrupt, timed by the harness.
 */
#ifndef TESTS_BENCH_VM_H
#define TESTS_BENCH_VM_H

#include "spapr-irq/spapr-irq.h"

#define VM_PRIO 5 /* Linux's DEFAULT_PRIORITY */

typedef struct Vm {
    SpaprIrq *irq;
    SpaprIrqCallbacks cb;
    uint8_t *ram;
    uint32_t ncpus;
    /* The XIVE queue of the target CPU: next entry, its generation. */
    uint32_t qidx, qgen;
    /* The round trip's target: CPU, source (IRQ number / LISN), EISN. */
    uint32_t cpu, src, eisn;
    bool line;
    /* On kvm-sim the guest's accesses go through tools/vmm.h (the kernel
     * first); under tcg straight to the layer, as a VMM's exit handler
     * calls it, so that the figures time the layer alone. */
    bool sim;
} Vm;

/*
 * A machine: -machine pseries,ic-mode=@mode[,@extra], -accel @accel,
 * @ncpus vCPUs present, POWER9, the VM reset and running.  On kvm-sim the
 * vCPUs come 8 to a core (threads=8: the vCPU ids stay below 4,096).
 * NULL (with the reason in @errp) if the host refuses it.
 */
Vm *vm_new(const char *accel, const char *mode, const char *extra,
           uint32_t ncpus, GError **errp);
void vm_free(Vm *vm);
uint32_t vm_server(Vm *vm, uint32_t cpu);

/* Claims @n MSIs from @first (numbers past the first 4,096 are ignored). */
void vm_claim_msis(Vm *vm, uint32_t first, uint32_t n);

/* XICS: routes @irqn to @cpu at @prio (ibm,set-xive); sets @cpu's CPPR. */
void vm_xics_route(Vm *vm, uint32_t irqn, uint32_t cpu, uint8_t prio);
void vm_xics_cppr(Vm *vm, uint32_t cpu, uint8_t cppr);
/* Round trips of MSI vm->src on vm->cpu: set_irq -> H_XIRR -> H_EOI. */
void vm_xics_msi(void *vm, unsigned n);
/* Round trips of the IPI of vm->cpu, as Linux's icp_hv takes one: H_IPI
 * -> H_XIRR -> H_IPI 0xff (the handler clears the MFRR) -> H_EOI. */
void vm_xics_ipi(void *vm, unsigned n);

/* XIVE: vm->cpu's queue at VM_PRIO in the guest's RAM, its OS CPPR 0xff;
 * LISN @lisn routed there with EISN @eisn and turned on (PQ 00); it
 * becomes the round trip's source. */
void vm_xive_setup(Vm *vm, uint32_t cpu, uint32_t lisn, uint32_t eisn);
/* Round trips of vm->src on vm->cpu: trigger -> TIMA OS ack (2-byte load
 * at 0x810) -> the queue entry read from RAM -> ESB EOI (load at the
 * management page) -> OS CPPR store 0xff.  Trigger: set_irq, or a store
 * on the ESB trigger page (an MSI, or the CPU's IPI). */
void vm_xive_set_irq(void *vm, unsigned n);
void vm_xive_esb(void *vm, unsigned n);

#endif
