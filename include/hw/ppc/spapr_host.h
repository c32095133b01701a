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

/*
 * What an in-kernel interrupt controller reaches of the guest besides the
 * ops below: its memory (XIVE event queues) and its vCPUs' external
 * interrupt lines.  A real kernel has both through the VM itself; the
 * simulator is given them by the machine layer (attach_guest).
 */
typedef struct SpaprHostGuest {
    void *opaque;
    /* Guest physical memory; false if the range is not RAM. */
    bool (*mem_read)(void *opaque, uint64_t gpa, void *buf, size_t len);
    bool (*mem_write)(void *opaque, uint64_t gpa, const void *buf, size_t len);
    /* The kernel raised or lowered the external interrupt of the vCPU
     * whose fd is @vcpu_fd. */
    void (*set_vcpu_irq)(void *opaque, int vcpu_fd, bool level);
    /* The guest timebase (H_XIRR_X in the kernel); NULL: 0. */
    uint64_t (*get_timebase)(void *opaque);
} SpaprHostGuest;

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
    /* KVM_PPC_RTAS_DEFINE_TOKEN on the VM: the kernel handles RTAS call
     * @name under @token (0 undefines it; undefining an undefined name is
     * not an error).  -EEXIST if @token is taken, -ENOENT for a name the
     * kernel does not handle. */
    int (*define_rtas_token)(SpaprHost *h, const char *name, uint32_t token);
    /* Frees the host; closes what the host opened itself. */
    void (*destroy)(SpaprHost *h);

    /*
     * -- accesses through a device mapping --
     * A big-endian load or store of @size bytes (1, 2, 4, 8) by the VMM at
     * @addr inside a mapping made by mmap_device (an ESB page).  Real KVM:
     * a plain memory access, which cannot fail on a live mapping, so these
     * are not host calls (not counted, never failed by injection).
     * -EFAULT if @addr is not in a mapping (kvm-sim only).
     */
    int (*device_load)(SpaprHost *h, void *addr, unsigned size, uint64_t *val);
    int (*device_store)(SpaprHost *h, void *addr, unsigned size, uint64_t val);

    /*
     * -- the guest side --
     * What a vCPU does inside KVM_RUN and a real kernel handles without the
     * VMM: the hcalls and RTAS calls of an in-kernel XICS, and the guest's
     * own loads and stores to ESB and TIMA pages mapped into it.  NULL on
     * real KVM (the VMM never sees these).  The simulator has no guest of
     * its own: the machine layer forwards the guest's actions here when
     * the active controller is in the kernel.  Not host calls either.
     */
    /* Gives the host the guest's memory and vCPU lines (NULL detaches). */
    void (*attach_guest)(SpaprHost *h, const SpaprHostGuest *guest);
    /* An interrupt hcall of the guest on @vcpu_fd; 0 with *@ret the PAPR
     * code if the kernel handled it, -ENOENT if it does not (no in-kernel
     * XICS: the hcall exits to the VMM). */
    int (*guest_hcall)(SpaprHost *h, int vcpu_fd, uint64_t opcode,
                       const uint64_t *args, size_t nargs, uint64_t *rets,
                       int64_t *ret);
    /* An RTAS call of the guest; 0 if the kernel handled it (status in
     * rets[0]), -ENOENT if @token is not defined in the kernel. */
    int (*guest_rtas)(SpaprHost *h, int vcpu_fd, uint32_t token, uint32_t nargs,
                      const uint32_t *args, uint32_t nret, uint32_t *rets);
    /* A load (@write false, result in *@val) or store by the guest on
     * @vcpu_fd at @addr inside a device mapping; -EFAULT if @addr is not
     * mapped (the guest would take a machine check). */
    int (*guest_mmio)(SpaprHost *h, int vcpu_fd, void *addr, unsigned size,
                      bool write, uint64_t *val);
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
