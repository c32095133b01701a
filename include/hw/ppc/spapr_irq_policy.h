/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the backend policy.
 *
 * A pure function from (options, host capabilities) to a plan: which
 * interrupt controllers the guest is offered, which one is active at start,
 * and for each whether it runs in the kernel (KVM) or is emulated -- or the
 * error that stops the machine, with QEMU's message.  A second pure function
 * gives the outcome of CAS for a guest's choice.  Neither touches the host:
 * the caps are probed beforehand (spapr_host_probe()).
 *
 * What the guest is offered (mode, platform-support byte, IRQ numbers)
 * depends on the options only; only the implementation may depend on the
 * host.  docs/specs/policy.md states the rules and their order.
 */
#ifndef HW_PPC_SPAPR_IRQ_POLICY_H
#define HW_PPC_SPAPR_IRQ_POLICY_H

#include "hw/ppc/spapr_host.h"
#include "hw/ppc/spapr_irq_config.h"

G_BEGIN_DECLS

typedef enum SpaprIntcKind {
    SPAPR_INTC_XICS,
    SPAPR_INTC_XIVE,
    SPAPR_INTC_COUNT,
} SpaprIntcKind;

typedef enum SpaprIntcImpl {
    SPAPR_INTC_IMPL_EMULATED,
    SPAPR_INTC_IMPL_KVM,
} SpaprIntcImpl;

/* Values of option vector 5 byte 23 and of the platform-support byte. */
#define SPAPR_OV5_XICS 0x00
#define SPAPR_OV5_XIVE 0x40
#define SPAPR_OV5_BOTH 0x80

/* IRQ number space (facts section 2). */
#define SPAPR_IRQ_IPI      0x0
#define SPAPR_XIRQ_BASE    0x1000
#define SPAPR_IRQ_EPOW     0x1000
#define SPAPR_IRQ_HOTPLUG  0x1001
#define SPAPR_IRQ_VIO      0x1100
#define SPAPR_IRQ_PCI_LSI  0x1200
#define SPAPR_IRQ_MSI      0x1300
#define SPAPR_NR_XIRQS     0x1000
#define SPAPR_NR_MSIS      (SPAPR_XIRQ_BASE + SPAPR_NR_XIRQS - SPAPR_IRQ_MSI)
#define SPAPR_XICS_NR_IRQS 0x1000
#define SPAPR_XIVE_NR_IRQS 0x2000
/* The IPI range must stay below SPAPR_XIRQ_BASE. */
#define SPAPR_MAX_SERVERS SPAPR_XIRQ_BASE
/* PVR values of the compat modes. */
#define SPAPR_PVR_COMPAT_POWER8  0x0f000004u
#define SPAPR_PVR_COMPAT_POWER9  0x0f000005u
#define SPAPR_PVR_COMPAT_POWER10 0x0f000006u

/* Topology and interrupt server numbers (facts section 2). */
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
bool spapr_irq_topology_init(SpaprIrqTopology *topo, const SpaprIrqConfig *cfg,
                             bool kvm, GError **errp);
/* vCPU id (= interrupt server number) of CPU index @cpu_index. */
uint32_t spapr_irq_topology_vcpu_id(const SpaprIrqTopology *topo,
                                    uint32_t cpu_index);

/* The plan for one machine. */
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
    SpaprIntcImpl impl[SPAPR_INTC_COUNT]; /* predicted implementation */
    SpaprIntcKind start_active;
    SpaprIrqTopology topo;
    GPtrArray *warnings; /* char *, emitted at start */
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
bool spapr_irq_plan_resolve(const SpaprIrqConfig *cfg,
                            const SpaprHostCaps *caps, SpaprIrqPlan **planp,
                            GError **errp);
void spapr_irq_plan_free(SpaprIrqPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SpaprIrqPlan, spapr_irq_plan_free)

/*
 * Implementation of controller @kind when it is activated on @caps: KVM if
 * the accelerator is KVM, kernel-irqchip is not off and the host has the
 * device (and, for XIVE, the guest is not secure); else emulated.  When it
 * is emulated although KVM was allowed, *warningp (if not NULL) gets the
 * fallback warning (caller frees), or, under kernel-irqchip=on, an error.
 */
bool spapr_irq_plan_impl(const SpaprIrqPlan *plan, const SpaprHostCaps *caps,
                         SpaprIntcKind kind, SpaprIntcImpl *implp,
                         char **warningp, GError **errp);

/* Outcome of CAS. */
typedef struct SpaprIrqCasResult {
    SpaprIntcKind active; /* the controller the guest chose */
    bool change;          /* it is not the one active now: switch at reset */
    SpaprIntcImpl impl;   /* its implementation, when @change */
    char *warning;        /* NULL or the fallback warning of the activation */
} SpaprIrqCasResult;

/*
 * The guest sent option vector 5 byte 23 = @ov5_byte23 (bit 0x40: XIVE,
 * else XICS; bit 0x80 is refused) while @active_now is active.  Errors
 * (SPAPR_IRQ_ERROR_CAS) carry QEMU's messages, e.g. "Guest requested
 * unavailable interrupt mode (XIVE), try the ic-mode=xive or ic-mode=dual
 * machine property"; SPAPR_IRQ_ERROR_HOST if the chosen controller cannot
 * be activated under kernel-irqchip=on.
 */
bool spapr_irq_plan_cas(const SpaprIrqPlan *plan, const SpaprHostCaps *caps,
                        SpaprIntcKind active_now, uint8_t ov5_byte23,
                        SpaprIrqCasResult *res, GError **errp);
void spapr_irq_cas_result_clear(SpaprIrqCasResult *res);

const char *spapr_intc_kind_name(SpaprIntcKind kind); /* "xics" */
const char *spapr_intc_impl_name(SpaprIntcImpl impl); /* "kvm" */

/* Kinds of guest the decision table knows (facts section 8). */
typedef enum SpaprGuestKind {
    SPAPR_GUEST_LINUX,          /* XIVE-capable, Linux's CAS rule */
    SPAPR_GUEST_LINUX_XIVE_OFF, /* the same, booted with xive=off */
    SPAPR_GUEST_LEGACY,         /* older than XIVE: always asks for XICS */
} SpaprGuestKind;

/* What a guest of @kind asks for at CAS (option vector 5 byte 23) when
 * offered @platform_byte23.  Linux with xive=off still asks for XIVE
 * when only XIVE is offered (it warns "Ignoring cmdline option
 * xive=off"). */
uint8_t spapr_guest_cas_choice(SpaprGuestKind kind, uint8_t platform_byte23);
/* "linux", "linux,xive=off", "legacy". */
const char *spapr_guest_kind_name(SpaprGuestKind kind);

/* One cell of `spapr-irq matrix` (docs/specs/matrix.md). */
typedef struct SpaprIrqMatrixCell {
    char *host;
    SpaprIcMode ic_mode;
    SpaprKernelIrqchip kernel_irqchip; /* allowed, on or off */
    SpaprCpuModel compat;
    SpaprGuestKind guest; /* the guest that runs CAS */
    bool secure;          /* a pef-guest is attached */
    bool start_ok;
    char *start_error;   /* NULL when start_ok */
    SpaprIcMode offered; /* valid when start_ok */
    uint8_t platform_byte23;
    SpaprIntcKind start_active;
    SpaprIntcImpl start_impl;
    bool cas_ok; /* valid when start_ok */
    char *cas_error;
    SpaprIntcKind cas_active; /* valid when cas_ok */
    SpaprIntcImpl cas_impl;
    GPtrArray *warnings; /* start warnings, then CAS warnings */
} SpaprIrqMatrixCell;

/*
 * Every cell for one host (108): ic-mode {xics, xive, dual} x
 * kernel-irqchip {allowed, on, off} x compat {power8, power9} x guest
 * {linux, linux,xive=off, legacy} x secure {off, on}, with -cpu at the
 * host's default and -smp 1.  @accel and @accel_host name the host as on the
 * command line.  Returns an array of SpaprIrqMatrixCell * (free with
 * g_ptr_array_unref()).
 */
GPtrArray *spapr_irq_matrix_compute(const SpaprHostCaps *caps, SpaprAccel accel,
                                    const char *accel_host);
/* Renders the cells as a readable table (headed by what @caps says of the
 * host, if not NULL) or as the JSON array of docs/specs/matrix.md.  Caller
 * frees. */
char *spapr_irq_matrix_to_text(GPtrArray *cells, const SpaprHostCaps *caps);
char *spapr_irq_matrix_to_json(GPtrArray *cells);

G_END_DECLS

#endif
