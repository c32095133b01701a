/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the backend policy.
 *
 * A pure function from (options, host capabilities) to a plan: which
 * interrupt controllers the guest is offered, which one is active at start,
 * and for each whether it runs in the kernel (KVM) or is emulated -- or the
 * error that stops the machine, with QEMU's message.  A second pure function
 * gives the outcome of CAS for a guest's choice.  Neither touches the host:
 * the caps are probed beforehand (spapr_irq_host_probe()).
 *
 * What the guest is offered (mode, platform-support byte, IRQ numbers)
 * depends on the options only; only the implementation may depend on the
 * host.  docs/specs/policy.md states the rules and their order.
 */
#ifndef SPAPR_IRQ_PLAN_H
#define SPAPR_IRQ_PLAN_H

#include "spapr-irq/config.h"

G_BEGIN_DECLS

/* PVR values of the compat modes. */
#define SPAPR_PVR_COMPAT_POWER8  0x0f000004u
#define SPAPR_PVR_COMPAT_POWER9  0x0f000005u
#define SPAPR_PVR_COMPAT_POWER10 0x0f000006u

/* Topology and interrupt server numbers (docs/specs/policy.md). */
typedef struct SpaprIrqTopology {
    uint32_t smp_cpus; /* CPUs present at start */
    uint32_t max_cpus; /* possible CPUs */
    uint32_t sockets, cores, threads;
    uint32_t vsmt;       /* virtual SMT mode */
    uint32_t nr_servers; /* ceil(max_cpus * vsmt / threads) */
} SpaprIrqTopology;

/*
 * Derives the topology from -smp and vsmt for an accelerator (@kvm: vsmt
 * defaults to max(8, threads) under KVM, threads under TCG).  Errors
 * (SPAPR_IRQ_ERROR_UNSUPPORTED) name the -smp property or vsmt at fault.
 */
SPAPR_IRQ_API bool spapr_irq_topology_init(SpaprIrqTopology *topo,
                                           const SpaprIrqConfig *cfg, bool kvm,
                                           GError **errp);
/* vCPU id (= interrupt server number) of CPU index @cpu_index. */
SPAPR_IRQ_API uint32_t spapr_irq_topology_vcpu_id(const SpaprIrqTopology *topo,
                                                  uint32_t cpu_index);

/* The plan for one machine.  Its strings and arrays (fallback[], warnings)
 * are the plan's, freed with it. */
typedef struct SpaprIrqPlan {
    SpaprIcMode ic_mode; /* as asked on the command line */
    SpaprIcMode offered; /* as offered: dual is xics below ISA 3.00 */
    uint8_t platform_byte23;
    SpaprCpuModel cpu;    /* CPU model in use */
    SpaprCpuModel isa;    /* effective ISA: min(cpu, max-cpu-compat) */
    SpaprCpuModel compat; /* max-cpu-compat as given; NONE: none */
    SpaprKernelIrqchip kernel_irqchip;
    bool kvm;                   /* the accelerator is KVM (real or simulated) */
    bool secure;                /* a pef-guest is attached */
    bool has[SPAPR_INTC_COUNT]; /* controllers the machine has */
    /* How each controller the machine has runs when it is activated, and,
     * where KVM was allowed but cannot run it, the fallback warning
     * (kernel-irqchip allowed; else NULL).  The machine activates by
     * these; the start controller's warning is also in @warnings. */
    SpaprIntcImpl impl[SPAPR_INTC_COUNT];
    char *fallback[SPAPR_INTC_COUNT];
    SpaprIntcKind start_active;
    SpaprIrqTopology topo;
    GPtrArray *warnings;       /* char *, emitted at start */
    SpaprCasSwitch cas_switch; /* -machine cas-switch= as given */
} SpaprIrqPlan;

/*
 * Resolves @cfg against @caps.  On success *planp is a new plan (free it
 * with spapr_irq_plan_free()).  Errors: SPAPR_IRQ_ERROR_INVALID_OPTION
 * (confidential-guest-support names no pef-guest object),
 * SPAPR_IRQ_ERROR_UNSUPPORTED or SPAPR_IRQ_ERROR_HOST with QEMU's
 * message, e.g.
 *   XIVE-only machines require a POWER9 CPU
 *   KVM is incompatible with ic-mode=dual,kernel-irqchip=on
 *   kernel_irqchip requested but unavailable: KVM_CAP_PPC_IRQ_XIVE
 */
SPAPR_IRQ_API bool spapr_irq_plan_resolve(const SpaprIrqConfig *cfg,
                                          const SpaprHostCaps *caps,
                                          SpaprIrqPlan **planp, GError **errp);
SPAPR_IRQ_API void spapr_irq_plan_free(SpaprIrqPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SpaprIrqPlan, spapr_irq_plan_free)

/*
 * CAS: the guest sent option vector 5 byte 23 = @ov5_byte23 (bit 0x40:
 * XIVE, else XICS; bit 0x80 is refused).  *@choicep gets the controller the
 * guest chose; it runs as @plan->impl[] says.  Errors (SPAPR_IRQ_ERROR_CAS)
 * carry QEMU's messages, e.g. "Guest requested unavailable interrupt mode
 * (XIVE), try the ic-mode=xive or ic-mode=dual machine property".
 */
SPAPR_IRQ_API bool spapr_irq_plan_cas(const SpaprIrqPlan *plan,
                                      uint8_t ov5_byte23,
                                      SpaprIntcKind *choicep, GError **errp);

/* The warning a switch of the active controller from @from (SPAPR_INTC_COUNT:
 * none) to @to announces: @to's fallback warning, NULL if there is none or
 * if @to is @from.  The start controller's is a start warning instead.  The
 * string is the plan's, valid until spapr_irq_plan_free(). */
SPAPR_IRQ_API const char *
spapr_irq_plan_switch_warning(const SpaprIrqPlan *plan, SpaprIntcKind from,
                              SpaprIntcKind to);

/* Static strings. */
SPAPR_IRQ_API const char *spapr_intc_kind_name(SpaprIntcKind kind); /* "xics" */
SPAPR_IRQ_API const char *spapr_intc_impl_name(SpaprIntcImpl impl); /* "kvm" */

G_END_DECLS

#endif
