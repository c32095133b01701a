/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq-sim: a simulated POWER KVM host ("kvm-sim"), the library the
 * tool and the tests link beside libspapr-irq (which never links it).
 *
 * A program registers the simulator on a configuration before it parses
 * -accel (spapr_irq_config_set_simulator(cfg, spapr_host_sim()), or a
 * configuration made by spapr_host_sim_config_new()); -accel
 * kvm-sim,host=PROFILE then
 * opens a simulated host of that profile: a table row of what one kind of
 * host kernel offers (docs/specs/host.md).  The simulator answers the host
 * layer's ops (hw/host/host.h) as the kernel would, and offers what only a
 * simulation can: counters for leak checks and fault injection.
 */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include "spapr-irq/config.h"

G_BEGIN_DECLS

/* The simulator, as spapr_irq_config_set_simulator() takes it. */
const SpaprHostSimulator *spapr_host_sim(void);
/* spapr_irq_config_new() with the simulator registered: -accel kvm-sim is
 * an accepted value.  Never fails. */
SpaprIrqConfig *spapr_host_sim_config_new(void);

/*
 * One simulated host, a row of data (docs/specs/host.md):
 *  - @kernel: the host kernel (Linux), major * 100 + minor (419 is 4.19, 601 is
 *    6.1); it decides which KVM_ENABLE_CAP cases exist (CONFIG_KVM_XIVE
 *    came with 5.2);
 *  - @xics: the kernel has CONFIG_KVM_XICS (KVM_CAP_IRQ_XICS and the XICS
 *    device), @xics_on_xive: that device is book3s_xive.c (POWER9 and
 *    later) rather than book3s_xics.c;
 *  - @xive: the XIVE native device (KVM_CAP_PPC_IRQ_XIVE);
 *  - @release: closing an irqchip device destroys it;
 *  - @nr_servers: the device has the NR_SERVERS control (5.5 and later,
 *    XICS-on-XIVE and XIVE native only);
 *  - @secure: secure guests (an ultravisor);
 *  - @page_size: the host kernel's page size in bytes (mmap offsets and
 *    the lengths the XIVE device accepts count in these pages).
 */
typedef struct SpaprHostProfile {
    const char *name;
    const char *description;
    SpaprCpuModel cpu;
    unsigned kernel;
    bool xics, xics_on_xive, xive, release, nr_servers, secure;
    uint32_t page_size;
} SpaprHostProfile;

/* The profile table; *n gets its length. */
const SpaprHostProfile *spapr_host_profiles(size_t *n);
/* Looks a profile up by name; NULL if unknown. */
const SpaprHostProfile *spapr_host_profile_find(const char *name);
/* The default profile of -accel kvm-sim (power9-6.1). */
const char *spapr_host_profile_default(void);
/* "power8-4.19, power8-5.10, ..." (caller frees). */
char *spapr_host_profile_names(void);
/* Capabilities of a profile without opening a host (the same answers a
 * probe of that host gives).  Used by `spapr-irq matrix` and the tests. */
void spapr_host_caps_from_profile(const SpaprHostProfile *p,
                                  SpaprHostCaps *caps);

/* Counters of the simulator (for leak checks in tests); false if @h is
 * not a kvm-sim host. */
typedef struct SpaprHostSimStats {
    unsigned open_devices;    /* device fds not closed */
    unsigned open_vcpus;      /* vCPU fds not closed */
    unsigned mappings;        /* live mmaps */
    unsigned connected_vcpus; /* vCPUs connected to an open device */
    unsigned rtas_tokens;     /* RTAS tokens defined in the kernel */
    unsigned stale_irqchips;  /* closed without release (next create EEXIST) */
    unsigned calls;           /* host calls made so far */
    unsigned injected;        /* injected failures that fired */
    /* The op of the last injected failure ("create_device", ...), or
     * NULL. */
    const char *failed_op;
} SpaprHostSimStats;
bool spapr_host_sim_stats(SpaprHost *h, SpaprHostSimStats *stats);

/*
 * Fault injection: the @nth host call from now on (1: the next one) fails
 * with -@err, once; @nth 0 cancels.  Every op counts except destroy, the
 * mapping accesses and the guest side.  A failed close or munmap still
 * releases what it names, as close(2) does.  false if @h is not kvm-sim, or
 * if @nth is not 0 and @err is not a positive errno.
 */
bool spapr_host_sim_fail(SpaprHost *h, unsigned nth, int err);

/*
 * A test hook: from now on KVM_CHECK_EXTENSION of @cap on @h answers
 * @value instead of what the profile says (a kernel that does not
 * advertise a capability: @value 0).  It changes only that answer, not
 * what the kernel does when the capability is used regardless.  Already
 * probed capabilities are not probed again: set it on a host before the
 * machine is created on it.  false if @h is not kvm-sim.
 */
bool spapr_host_sim_set_cap(SpaprHost *h, uint32_t cap, int value);

G_END_DECLS

#endif
