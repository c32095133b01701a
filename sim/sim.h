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

/* One simulated host, a row of data. */
typedef struct SpaprHostProfile {
    const char *name;
    const char *description;
    SpaprCpuModel cpu;
    bool xics, xics_on_xive, xive, release, nr_servers, secure;
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

G_END_DECLS

#endif
