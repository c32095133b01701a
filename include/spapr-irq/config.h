/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: machine options, parsed with QEMU's spelling.
 *
 *   -machine [pseries][,ic-mode=xics|xive|dual][,kernel-irqchip=on|off|split]
 *            [,max-cpu-compat=power8|power9|power10][,vsmt=N][,dumpdtb=FILE]
 *            [,confidential-guest-support=ID][,cas-switch=at-reset|at-cas]
 *   -object pef-guest,id=ID
 *   -cpu power8|power9|power10
 *   -smp N[,maxcpus=M][,sockets=S][,cores=C][,threads=T]
 *   -accel tcg|kvm|kvm-sim[,host=PROFILE][,fail=N[:ERRNO]]
 *
 * kvm-sim is accepted only when the program registered a simulated host
 * on the configuration (spapr_irq_config_set_simulator()): the library
 * itself runs on TCG or the real /dev/kvm only.
 *
 * A configuration is filled by the parse functions below (in any order, each
 * option may be repeated: the last value wins, as in QEMU) and then handed
 * to spapr_irq_plan_resolve() or spapr_irq_create().  Parsing only checks
 * each value on its own; cross-option rules (compat above the CPU model,
 * topology products, host limits) are checked when the plan is resolved.
 */
#ifndef SPAPR_IRQ_CONFIG_H
#define SPAPR_IRQ_CONFIG_H

#include "spapr-irq/types.h"

G_BEGIN_DECLS

#define SPAPR_IRQ_DEFAULT_KVM_DEVICE "/dev/kvm"

/* A simulated POWER KVM host a program registers for -accel kvm-sim
 * (opaque; the spapr-irq-sim library of the source tree provides one). */
typedef struct SpaprHostSimulator SpaprHostSimulator;

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
    /* The simulated host behind -accel kvm-sim; NULL: none registered. */
    const SpaprHostSimulator *simulator;
    char *accel_host; /* kvm-sim profile; NULL: default */
    /* kvm-sim fault injection (fail=N[:errno]): host call N counted from
     * the host's opening fails with -accel_fail_errno; 0: none. */
    uint32_t accel_fail_nth;
    int accel_fail_errno;
    char *kvm_device; /* device node for -accel kvm; default /dev/kvm */
    SpaprCasSwitch cas_switch; /* default at-reset */
} SpaprIrqConfig;

/* Returns a configuration holding QEMU's defaults, the caller's (free it
 * with spapr_irq_config_free()).  Never fails. */
SPAPR_IRQ_API SpaprIrqConfig *spapr_irq_config_new(void);
/* Registers the simulated host that -accel kvm-sim opens (NULL removes
 * it); parse -accel after this call.  Never fails. */
SPAPR_IRQ_API void
spapr_irq_config_set_simulator(SpaprIrqConfig *cfg,
                               const SpaprHostSimulator *sim);
/* Frees @cfg and everything it owns.  NULL is accepted. */
SPAPR_IRQ_API void spapr_irq_config_free(SpaprIrqConfig *cfg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SpaprIrqConfig, spapr_irq_config_free)

/*
 * Parse the argument of one option.  Each returns false with
 * SPAPR_IRQ_ERROR_INVALID_OPTION when a value is malformed; the message
 * names the property and lists the accepted values, e.g.
 *   Bad value for "ic-mode" property: "bogus" (accepted: xics, xive, dual)
 * On failure @cfg may hold the properties before the bad one.
 */
SPAPR_IRQ_API bool spapr_irq_config_parse_machine(SpaprIrqConfig *cfg,
                                                  const char *arg,
                                                  GError **errp);
SPAPR_IRQ_API bool spapr_irq_config_parse_cpu(SpaprIrqConfig *cfg,
                                              const char *arg, GError **errp);
SPAPR_IRQ_API bool spapr_irq_config_parse_smp(SpaprIrqConfig *cfg,
                                              const char *arg, GError **errp);
SPAPR_IRQ_API bool spapr_irq_config_parse_accel(SpaprIrqConfig *cfg,
                                                const char *arg, GError **errp);
SPAPR_IRQ_API bool spapr_irq_config_parse_object(SpaprIrqConfig *cfg,
                                                 const char *arg,
                                                 GError **errp);

/*
 * Parse one option by name ("-machine", "-M", "-cpu", "-smp", "-accel",
 * "-object"; one or two leading dashes).  Returns false with
 * SPAPR_IRQ_ERROR_INVALID_OPTION for an unknown option name.
 */
SPAPR_IRQ_API bool spapr_irq_config_parse_option(SpaprIrqConfig *cfg,
                                                 const char *name,
                                                 const char *arg,
                                                 GError **errp);
/* True if @name is an option spapr_irq_config_parse_option() takes. */
SPAPR_IRQ_API bool spapr_irq_config_is_option(const char *name);

/*
 * QEMU's help requests.  If @arg of option @name asks for help, returns the
 * listing QEMU prints, made from the tables the parser reads (caller
 * frees); else NULL (and the option is parsed as usual):
 *   -machine help, -M help      "Supported machines are:" and the machine
 *   -machine pseries,help       "pseries-machine options:", each property
 *                               with its type, accepted values and default
 *   -cpu help                   the CPU models, "PowerPC power9"
 *   -accel help                 "Accelerators supported in QEMU binary:"
 *                               (kvm-sim only with a registered simulator)
 *   -object help                "List of user creatable objects:"
 * "?" is accepted for "help", as in QEMU.  Never fails.
 */
SPAPR_IRQ_API char *spapr_irq_config_help(const SpaprIrqConfig *cfg,
                                          const char *name, const char *arg);

/* Names of enumeration values, as spelled on the command line (static
 * strings). */
SPAPR_IRQ_API const char *spapr_ic_mode_name(SpaprIcMode mode);
SPAPR_IRQ_API const char *
spapr_kernel_irqchip_name(SpaprKernelIrqchip k); /* "allowed" */
SPAPR_IRQ_API const char *
spapr_cpu_model_name(SpaprCpuModel cpu); /* "power9", "none" */
SPAPR_IRQ_API const char *spapr_accel_name(SpaprAccel accel);
SPAPR_IRQ_API const char *
spapr_cas_switch_name(SpaprCasSwitch when); /* "at-reset" */

G_END_DECLS

#endif
