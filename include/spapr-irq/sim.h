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
 *
 * Installed as <spapr-irq/sim.h> with libspapr-irq-sim (pkg-config
 * spapr-irq-sim) for VMM developers: docs/specs/vmm.md runs a VMM on it.
 * In the source tree sim/sim.h includes this header.  The library
 * (hw/, libspapr-irq) never includes it (scripts/check-layers.sh).
 */
#ifndef SPAPR_IRQ_SIM_H
#define SPAPR_IRQ_SIM_H

#include "spapr-irq/config.h"

G_BEGIN_DECLS

/* Marks the functions of this header: libspapr-irq-sim is built with
 * hidden visibility and exports these, nothing else. */
#define SPAPR_IRQ_SIM_API __attribute__((visibility("default")))

/* The simulator, as spapr_irq_config_set_simulator() takes it. */
SPAPR_IRQ_SIM_API const SpaprHostSimulator *spapr_host_sim(void); /* static */
/* spapr_irq_config_new() with the simulator registered: -accel kvm-sim is
 * an accepted value.  The caller's (spapr_irq_config_free()).  Never fails. */
SPAPR_IRQ_SIM_API SpaprIrqConfig *spapr_host_sim_config_new(void);

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

/* The profile table (static); *n gets its length. */
SPAPR_IRQ_SIM_API const SpaprHostProfile *spapr_host_profiles(size_t *n);
/* Looks a profile up by name (a row of the static table); NULL if unknown. */
SPAPR_IRQ_SIM_API const SpaprHostProfile *
spapr_host_profile_find(const char *name);
/* The default profile of -accel kvm-sim (power9-6.1; static). */
SPAPR_IRQ_SIM_API const char *spapr_host_profile_default(void);
/* "power8-4.19, power8-5.10, ..." (caller frees). */
SPAPR_IRQ_SIM_API char *spapr_host_profile_names(void);
/* Capabilities of a profile without opening a host (the same answers a
 * probe of that host gives).  Used by `spapr-irq matrix` and the tests. */
SPAPR_IRQ_SIM_API void spapr_host_caps_from_profile(const SpaprHostProfile *p,
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
    unsigned memory_slots;    /* the VMM's memory slots on device pages */
    unsigned mapped_accesses; /* guest loads and stores served by a slot */
    unsigned mmio_exits;      /* guest accesses that found no slot */
    /* vCPU ioctls issued while that vCPU was in KVM_RUN (a real kernel
     * would have blocked the caller until the vCPU left it), and the op of
     * the last one, or NULL. */
    unsigned running_violations;
    const char *violation_op;
} SpaprHostSimStats;
SPAPR_IRQ_SIM_API bool spapr_host_sim_stats(SpaprHost *h,
                                            SpaprHostSimStats *stats);

/*
 * Fault injection: the @nth host call from now on (1: the next one) fails
 * with -@err, once; @nth 0 cancels.  Every op counts except destroy, the
 * mapping accesses and the guest side.  A failed close or munmap still
 * releases what it names, as close(2) does.  false if @h is not kvm-sim, or
 * if @nth is not 0 and @err is not a positive errno.
 */
SPAPR_IRQ_SIM_API bool spapr_host_sim_fail(SpaprHost *h, unsigned nth, int err);

/*
 * A test hook: from now on KVM_CHECK_EXTENSION of @cap on @h answers
 * @value instead of what the profile says (a kernel that does not
 * advertise a capability: @value 0).  It changes only that answer, not
 * what the kernel does when the capability is used regardless.  Already
 * probed capabilities are not probed again: set it on a host before the
 * machine is created on it.  false if @h is not kvm-sim.
 */
SPAPR_IRQ_SIM_API bool spapr_host_sim_set_cap(SpaprHost *h, uint32_t cap,
                                              int value);

/*
 * -- the VMM's side --
 * What a VMM does with KVM itself, outside the library: the memory slots
 * on the device pages the library hands it (SpaprIrqCallbacks.map_region),
 * and its vCPUs running the guest (KVM_RUN).  The simulator has no guest
 * of its own: a VMM on kvm-sim makes the guest's hcalls, RTAS calls and
 * loads and stores here first, and only what the kernel does not handle
 * exits to the VMM, which forwards it to the library (docs/specs/vmm.md).
 */

/* Whether @h is a kvm-sim host. */
SPAPR_IRQ_SIM_API bool spapr_host_is_sim(const SpaprHost *h);
/*
 * The map_region callback of a VMM on kvm-sim: adds (@map) or removes the
 * memory slot of @region on region->host, as a VMM on real KVM calls
 * KVM_SET_USER_MEMORY_REGION.  A host call (counted, failable by
 * injection: "set_memory_region", "delete_memory_region"; a failed deletion
 * deletes all the same, as close(2) releases).  Errors: -EINVAL if
 * region->host_ptr is not a device mapping
 * of that host covering region->size bytes (the simulator backs no other
 * memory), or if no such slot is there to remove; -EEXIST if the range
 * overlaps a slot.
 */
SPAPR_IRQ_SIM_API int spapr_host_sim_map_region(const SpaprIrqRegion *region,
                                                bool map);

/* The vCPU with @vcpu_fd enters (@in_run) or leaves KVM_RUN.  While it is
 * in, an ioctl on it (KVM_ENABLE_CAP, KVM_GET/SET_ONE_REG) is a violation:
 * counted in the stats and answered -EBUSY (a kernel would block the
 * caller); so is closing, on a profile with release, the irqchip device it
 * is connected to (the release method takes each vCPU's mutex), though the
 * close goes through.  false if @vcpu_fd is not a vCPU of @h. */
SPAPR_IRQ_SIM_API bool spapr_host_sim_vcpu_run(SpaprHost *h, int vcpu_fd,
                                               bool in_run);
SPAPR_IRQ_SIM_API bool spapr_host_sim_vcpu_in_run(SpaprHost *h, int vcpu_fd);

/*
 * The guest on vCPU @vcpu_fd, inside KVM_RUN:
 * - makes interrupt hcall @opcode: 0 with *@ret (the PAPR code) and @rets
 *   if the kernel handled it (an in-kernel XICS, book3s_hv's
 *   kvmppc_xics_hcall()), -ENOENT if it exits to the VMM;
 * - makes the RTAS call with @token: 0 (status in rets[0]) if the VMM
 *   defined @token in the kernel (kvmppc_rtas_hcall()), -ENOENT if it
 *   exits to the VMM;
 * - loads or stores @size bytes at guest physical @gpa: 0 if a memory slot
 *   backs @gpa (the page answered, without an exit), -ENOENT if none does
 *   (KVM_EXIT_MMIO: the VMM forwards it to spapr_irq_mmio_*()), -EFAULT if
 *   the page faults (the guest would take a machine check).
 */
SPAPR_IRQ_SIM_API int spapr_host_sim_guest_hcall(SpaprHost *h, int vcpu_fd,
                                                 uint64_t opcode,
                                                 const uint64_t *args,
                                                 size_t nargs, uint64_t *rets,
                                                 int64_t *ret);
SPAPR_IRQ_SIM_API int spapr_host_sim_guest_rtas(SpaprHost *h, int vcpu_fd,
                                                uint32_t token, uint32_t nargs,
                                                const uint32_t *args,
                                                uint32_t nret, uint32_t *rets);
SPAPR_IRQ_SIM_API int spapr_host_sim_guest_mmio(SpaprHost *h, int vcpu_fd,
                                                uint64_t gpa, unsigned size,
                                                bool write, uint64_t *val);

G_END_DECLS

#endif
