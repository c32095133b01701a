/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the host layer.  One ops table for the KVM operations the
 * interrupt backends need, with two implementations:
 *
 *   kvm      real ioctls on /dev/kvm (or on a VM fd the VMM hands over)
 *   kvm-sim  a simulated POWER KVM host, one of the profiles below
 *
 * Every op returns 0 (or a non-negative result) on success and a negative
 * errno on failure, like the ioctl it stands for; no op aborts.  Each host
 * instance carries its own state: several hosts live in one process.
 */
#ifndef HW_PPC_SPAPR_HOST_H
#define HW_PPC_SPAPR_HOST_H

#include "hw/ppc/spapr_irq_config.h"
#include <stddef.h>

G_BEGIN_DECLS

typedef struct SpaprHost SpaprHost;

typedef struct SpaprHostOps {
    /* "kvm" or "kvm-sim". */
    const char *name;
    /* KVM_CHECK_EXTENSION on the VM: > 0 supported, 0 not, -errno. */
    int (*check_extension)(SpaprHost *h, uint32_t cap);
    /* KVM_CREATE_DEVICE.  With @test (KVM_CREATE_DEVICE_TEST) only probes
     * and returns 0; otherwise returns the new device fd. */
    int (*create_device)(SpaprHost *h, uint32_t type, bool test);
    /* KVM_SET/GET/HAS_DEVICE_ATTR on a device fd; @val points to the
     * attribute's value (u64 or a struct, per group). */
    int (*set_device_attr)(SpaprHost *h, int dev_fd, uint32_t group,
                           uint64_t attr, const void *val);
    int (*get_device_attr)(SpaprHost *h, int dev_fd, uint32_t group,
                           uint64_t attr, void *val);
    int (*has_device_attr)(SpaprHost *h, int dev_fd, uint32_t group,
                           uint64_t attr);
    /* KVM_CREATE_VCPU on the VM; returns the vCPU fd. */
    int (*create_vcpu)(SpaprHost *h, uint32_t vcpu_id);
    /* KVM_ENABLE_CAP on a vCPU fd with args[0], args[1]. */
    int (*enable_cap_vcpu)(SpaprHost *h, int vcpu_fd, uint32_t cap,
                           uint64_t arg0, uint64_t arg1);
    /* KVM_GET/SET_ONE_REG on a vCPU fd; @val has the register's size. */
    int (*get_one_reg)(SpaprHost *h, int vcpu_fd, uint64_t id, void *val);
    int (*set_one_reg)(SpaprHost *h, int vcpu_fd, uint64_t id, const void *val);
    /* KVM_IRQ_LINE on the VM. */
    int (*irq_line)(SpaprHost *h, uint32_t irq, int level);
    /* mmap of @len bytes of a device fd at page offset @pgoff. */
    int (*mmap_device)(SpaprHost *h, int dev_fd, uint64_t pgoff, size_t len,
                       void **addr);
    int (*munmap_device)(SpaprHost *h, void *addr, size_t len);
    /* close() of a device or vCPU fd. */
    int (*close_fd)(SpaprHost *h, int fd);
    /* Whether closing an irqchip device fd destroys it (so it can be created
     * again): 1 yes, 0 no, -errno if it could not be found out.  May use a
     * scratch VM; never disturbs the host's own VM. */
    int (*probe_release)(SpaprHost *h);
    /* Frees the host; closes what the host opened itself. */
    void (*destroy)(SpaprHost *h);
} SpaprHostOps;

/* Every implementation embeds this first. */
struct SpaprHost {
    const SpaprHostOps *ops;
};

/* What a host can do, as probed through the ops. */
typedef struct SpaprHostCaps {
    char name[48];     /* "tcg", "kvm", "kvm-sim:power9-6.1" */
    bool kvm;          /* false: TCG, no kernel irqchip at all */
    SpaprCpuModel cpu; /* host CPU generation; NONE: not a POWER host */
    bool xics;         /* KVM_CAP_IRQ_XICS and the device can be made */
    bool xive;         /* KVM_CAP_PPC_IRQ_XIVE and the device */
    bool release;      /* irqchip devices are destroyed on close */
    bool nr_servers;   /* the NR_SERVERS control attribute exists */
    bool secure;       /* KVM_CAP_PPC_SECURE_GUEST */
} SpaprHostCaps;

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

/*
 * Opens the host for @cfg's accelerator: NULL (and no error) for tcg.
 * @vm_fd: for -accel kvm, a VM fd owned by the VMM, or -1 to let the host
 * open the device node (cfg->kvm_device) and create its own VM.
 * Errors: SPAPR_IRQ_ERROR_HOST naming the device node when it is missing or
 * not accessible; SPAPR_IRQ_ERROR_INVALID_OPTION for an unknown profile.
 */
bool spapr_host_open(const SpaprIrqConfig *cfg, int vm_fd, SpaprHost **hostp,
                     GError **errp);
/* Destroys *hostp if not NULL and sets it to NULL (idempotent). */
void spapr_host_close(SpaprHost **hostp);

/* Probes @h (NULL for tcg) through its ops.  Host-call failures of the
 * probes count as "not available"; only a broken host (e.g. a VM that
 * cannot be created) is an error (SPAPR_IRQ_ERROR_HOST). */
bool spapr_host_probe(SpaprHost *h, const SpaprIrqConfig *cfg,
                      SpaprHostCaps *caps, GError **errp);

/* Capabilities of a simulated profile without opening a host (the same
 * answers a probe of that host gives).  Used by `spapr-irq matrix`. */
void spapr_host_caps_from_profile(const SpaprHostProfile *p,
                                  SpaprHostCaps *caps);
/* Capabilities of TCG. */
void spapr_host_caps_tcg(SpaprHostCaps *caps);

/* Counters of the simulator (for leak checks in tests); false if @h is
 * not a kvm-sim host. */
typedef struct SpaprHostSimStats {
    unsigned open_devices;   /* device fds not closed */
    unsigned open_vcpus;     /* vCPU fds not closed */
    unsigned mappings;       /* live mmaps */
    unsigned stale_irqchips; /* closed without release (next create EEXIST) */
    unsigned calls;          /* host calls made so far */
} SpaprHostSimStats;
bool spapr_host_sim_stats(SpaprHost *h, SpaprHostSimStats *stats);

G_END_DECLS

#endif
