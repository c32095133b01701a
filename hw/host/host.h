/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the host layer (internal).  One ops table for the KVM
 * operations the interrupt backends need, with two implementations:
 *
 *   kvm      real ioctls on /dev/kvm (or on a VM fd the VMM hands over),
 *            hw/host/kvm.c, the only one the library holds;
 *   kvm-sim  a simulated POWER KVM host (sim/), which a program registers
 *            on its configuration (SpaprHostSimulator below).
 *
 * Every op returns 0 (or a non-negative result) on success and a negative
 * errno on failure, like the ioctl it stands for; no op aborts.  Each host
 * instance carries its own state: several hosts live in one process.
 */
#ifndef HW_HOST_HOST_H
#define HW_HOST_HOST_H

#include "spapr-irq/config.h"

G_BEGIN_DECLS

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
    /* What only this implementation knows of itself, for
     * spapr_host_probe(): fills caps->name and caps->cpu and, when
     * caps->xics is set, caps->release and caps->nr_servers (probes that
     * need an irqchip device).  Errors: SPAPR_IRQ_ERROR_HOST for a broken
     * host. */
    bool (*probe)(SpaprHost *h, SpaprHostCaps *caps, GError **errp);
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
     * -- the guest's side --
     * A real kernel reaches the VM's memory and vCPUs itself; the
     * simulator is given them by the machine layer.  NULL on real KVM.
     * What a vCPU does inside KVM_RUN (the hcalls and RTAS calls the kernel
     * answers, the loads and stores on memory slots) is not the library's:
     * the VMM runs its vCPUs (on kvm-sim, through sim/sim.h).
     */
    /* Gives the host the guest's memory and vCPU lines (NULL detaches). */
    void (*attach_guest)(SpaprHost *h, const SpaprHostGuest *guest);
} SpaprHostOps;

/* Every implementation embeds this first. */
struct SpaprHost {
    const SpaprHostOps *ops;
};

/*
 * A simulated POWER KVM host, as a program registers it on its
 * configuration for -accel kvm-sim (spapr_irq_config_set_simulator()).
 * The library never links one: the option parser and spapr_host_open()
 * reach it only through this table.
 */
struct SpaprHostSimulator {
    /* The profile of -accel kvm-sim without host=. */
    const char *default_profile;
    /* Whether @name is a profile. */
    bool (*has_profile)(const char *name);
    /* The profile names, "a, b, c" (caller frees). */
    char *(*profile_names)(void);
    /* A new host of profile @name (has_profile() said yes) whose host call
     * @fail_nth, counted from the opening, fails with -@fail_errno (0:
     * none).  Never fails. */
    SpaprHost *(*open)(const char *name, uint32_t fail_nth, int fail_errno);
};

/*
 * The simulator registered on @cfg, checking that there is one and, if
 * @name is not NULL, that it has profile @name.  Errors
 * (SPAPR_IRQ_ERROR_INVALID_OPTION) say which: no simulator registered, or
 * a bad value of the "host" property (with the profiles).
 */
const SpaprHostSimulator *spapr_host_registered_sim(const SpaprIrqConfig *cfg,
                                                    const char *name,
                                                    GError **errp);

/*
 * Opens the host for @cfg's accelerator: NULL (and no error) for tcg.
 * @vm_fd: for -accel kvm, a VM fd owned by the VMM, or -1 to let the host
 * open the device node (cfg->kvm_device) and create its own VM.
 * Errors: SPAPR_IRQ_ERROR_HOST naming the device node when it is missing or
 * not accessible; SPAPR_IRQ_ERROR_INVALID_OPTION for kvm-sim without a
 * registered simulator or with an unknown profile.
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

/* Capabilities of TCG. */
void spapr_host_caps_tcg(SpaprHostCaps *caps);

G_END_DECLS

#endif
