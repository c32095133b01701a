/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: machine options, parsed with QEMU's spelling.
 *
 *   -machine [pseries][,ic-mode=xics|xive|dual][,kernel-irqchip=on|off|split]
 *            [,max-cpu-compat=power8|power9|power10][,vsmt=N][,dumpdtb=FILE]
 *            [,confidential-guest-support=ID]
 *   -object pef-guest,id=ID
 *   -cpu power8|power9|power10
 *   -smp N[,maxcpus=M][,sockets=S][,cores=C][,threads=T]
 *   -accel tcg|kvm|kvm-sim[,host=PROFILE][,fail=N[:ERRNO]]
 *
 * A configuration is filled by the parse functions below (in any order, each
 * option may be repeated: the last value wins, as in QEMU) and then handed
 * to spapr_irq_plan_resolve() or spapr_irq_create().  Parsing only checks
 * each value on its own; cross-option rules (compat above the CPU model,
 * topology products, host limits) are checked when the plan is resolved.
 */
#ifndef HW_PPC_SPAPR_IRQ_CONFIG_H
#define HW_PPC_SPAPR_IRQ_CONFIG_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef enum SpaprIcMode {
    SPAPR_IC_MODE_XICS,
    SPAPR_IC_MODE_XIVE,
    SPAPR_IC_MODE_DUAL,
} SpaprIcMode;

typedef enum SpaprKernelIrqchip {
    SPAPR_KERNEL_IRQCHIP_ALLOWED, /* option absent: try KVM, else emulate */
    SPAPR_KERNEL_IRQCHIP_ON,
    SPAPR_KERNEL_IRQCHIP_OFF,
    SPAPR_KERNEL_IRQCHIP_SPLIT, /* parsed for QEMU compatibility, refused */
} SpaprKernelIrqchip;

/* CPU generations; the value is the POWER generation number. */
typedef enum SpaprCpuModel {
    SPAPR_CPU_NONE = 0, /* no -cpu / no max-cpu-compat given */
    SPAPR_CPU_POWER8 = 8,
    SPAPR_CPU_POWER9 = 9,
    SPAPR_CPU_POWER10 = 10,
} SpaprCpuModel;

typedef enum SpaprAccel {
    SPAPR_ACCEL_TCG,     /* no kernel irqchip exists at all */
    SPAPR_ACCEL_KVM,     /* the real /dev/kvm */
    SPAPR_ACCEL_KVM_SIM, /* a simulated POWER KVM host (see host=) */
} SpaprAccel;

#define SPAPR_IRQ_DEFAULT_KVM_DEVICE "/dev/kvm"

typedef struct SpaprIrqConfig {
    SpaprIcMode ic_mode;               /* default dual */
    SpaprKernelIrqchip kernel_irqchip; /* default allowed */
    SpaprCpuModel max_cpu_compat;      /* NONE: no limit */
    SpaprCpuModel cpu;                 /* NONE: the accelerator's default */
    uint32_t vsmt;                     /* 0: default */
    /* -smp as given; 0 means "not given" and is derived at resolve time. */
    uint32_t smp_cpus, max_cpus, sockets, cores, threads;
    char *dumpdtb;                    /* NULL: none */
    char *confidential_guest_support; /* object id, NULL: none */
    GPtrArray *pef_guests;            /* ids of -object pef-guest (char *) */
    SpaprAccel accel;                 /* default tcg */
    char *accel_host;                 /* kvm-sim profile; NULL: default */
    /* kvm-sim fault injection (fail=N[:errno]): host call N counted from
     * the host's opening fails with -accel_fail_errno; 0: none. */
    uint32_t accel_fail_nth;
    int accel_fail_errno;
    char *kvm_device; /* device node for -accel kvm; default /dev/kvm */
} SpaprIrqConfig;

/* Returns a configuration holding QEMU's defaults.  Never fails. */
SpaprIrqConfig *spapr_irq_config_new(void);
/* Frees @cfg and everything it owns.  NULL is accepted. */
void spapr_irq_config_free(SpaprIrqConfig *cfg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SpaprIrqConfig, spapr_irq_config_free)

/*
 * Parse the argument of one option.  Each returns false with
 * SPAPR_IRQ_ERROR_INVALID_OPTION when a value is malformed; the message
 * names the property and lists the accepted values, e.g.
 *   Bad value for "ic-mode" property: "bogus" (accepted: xics, xive, dual)
 * On failure @cfg may hold the properties before the bad one.
 */
bool spapr_irq_config_parse_machine(SpaprIrqConfig *cfg, const char *arg,
                                    GError **errp);
bool spapr_irq_config_parse_cpu(SpaprIrqConfig *cfg, const char *arg,
                                GError **errp);
bool spapr_irq_config_parse_smp(SpaprIrqConfig *cfg, const char *arg,
                                GError **errp);
bool spapr_irq_config_parse_accel(SpaprIrqConfig *cfg, const char *arg,
                                  GError **errp);
bool spapr_irq_config_parse_object(SpaprIrqConfig *cfg, const char *arg,
                                   GError **errp);

/*
 * Parse one option by name ("-machine", "-M", "-cpu", "-smp", "-accel",
 * "-object"; one or two leading dashes).  Returns false with
 * SPAPR_IRQ_ERROR_INVALID_OPTION for an unknown option name.
 */
bool spapr_irq_config_parse_option(SpaprIrqConfig *cfg, const char *name,
                                   const char *arg, GError **errp);
/* True if @name is an option spapr_irq_config_parse_option() takes. */
bool spapr_irq_config_is_option(const char *name);

/* Names of enumeration values, as spelled on the command line. */
const char *spapr_ic_mode_name(SpaprIcMode mode);
const char *spapr_kernel_irqchip_name(SpaprKernelIrqchip k); /* "allowed" */
const char *spapr_cpu_model_name(SpaprCpuModel cpu); /* "power9", "none" */
const char *spapr_accel_name(SpaprAccel accel);

G_END_DECLS

#endif
