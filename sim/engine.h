/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq-sim: the simulated POWER KVM host, internal interface between
 * its core (host.c: fds, vCPUs, mappings, RTAS tokens, fault injection) and
 * its two device engines (xics_device.c, xive_device.c), which answer as
 * the kernel's XICS and XIVE native devices do
 * (arch/powerpc/kvm/book3s_xics.c, book3s_xive_native.c).
 *
 * An engine may run the emulated model (hw/intc/xics.c, xive.c) inside, but
 * state enters and leaves it only through the uAPI encodings: device
 * attributes, ONE_REG values, KVM_IRQ_LINE levels and loads and stores on
 * the mapped pages.
 */
#ifndef SIM_ENGINE_H
#define SIM_ENGINE_H

#include "hw/host/host.h"
#include "hw/intc/intc.h"
#include "sim/sim.h"

/* The profile of -accel kvm-sim without host=. */
#define SIM_DEFAULT_PROFILE "power9-6.1"

/* The simulated kernel's limits (a POWER9 host kernel's KVM_MAX_VCPUS and
 * KVM_MAX_VCPU_IDS are 2048 and 16384; the engines size their tables at the
 * first vCPU connect, from NR_SERVERS if it was set). */
#define SIM_MAX_VCPUS   2048
#define SIM_MAX_SERVERS 16384

typedef struct SimDevice SimDevice;

/* One vCPU of the VM (the core owns it). */
typedef struct SimVcpu {
    uint32_t id;
    int fd;         /* -1 once closed (the vCPU itself stays) */
    SimDevice *dev; /* the device it is connected to, or NULL */
    uint32_t server;
    uint32_t slot; /* the engine's index for it, set by connect_vcpu */
    bool in_run;   /* inside KVM_RUN (spapr_host_sim_vcpu_run()) */
} SimVcpu;

/*
 * A device engine.  Every member returns 0 or a negative errno, the one the
 * kernel returns for the same input.  The core has looked the fds up and
 * checked what is common (device type, EBUSY on a second vCPU connect).
 * NULL members: the kernel device has no such operation (the core answers
 * -ENXIO for attributes and KVM_IRQ_LINE, -EINVAL for ONE_REG, -ENODEV for
 * mmap, -ENOENT for the guest side).
 */
typedef struct SimEngineOps {
    /* Allocates dev->engine; -ENOMEM. */
    int (*create)(SimDevice *dev);
    /* Frees dev->engine (NULL-safe). */
    void (*destroy)(SimDevice *dev);

    /* KVM_HAS/SET/GET_DEVICE_ATTR.  @val is the user pointer (NULL is
     * -EFAULT where a value is read or written). */
    int (*has_attr)(SimDevice *dev, uint32_t group, uint64_t attr);
    int (*set_attr)(SimDevice *dev, uint32_t group, uint64_t attr,
                    const void *val);
    int (*get_attr)(SimDevice *dev, uint32_t group, uint64_t attr, void *val);

    /* KVM_ENABLE_CAP on a vCPU: connect @v as @server; sets v->slot.  The
     * core sets v->dev and v->server on success. */
    int (*connect_vcpu)(SimDevice *dev, SimVcpu *v, uint32_t server);
    /* The device is closed: forget @v (no errors). */
    void (*disconnect_vcpu)(SimDevice *dev, SimVcpu *v);
    /* KVM_GET/SET_ONE_REG of a connected vCPU (@v->dev == @dev). */
    int (*get_one_reg)(SimDevice *dev, SimVcpu *v, uint64_t id, void *val);
    int (*set_one_reg)(SimDevice *dev, SimVcpu *v, uint64_t id,
                       const void *val);

    /* The connected vCPU @v enters (@in_run) or leaves KVM_RUN: the
     * kernel pushes its interrupt context to the thread on guest entry and
     * pulls it on exit (kvmppc_xive_push_vcpu(), _pull_vcpu()).  Called
     * before v->in_run changes; also when it does not change. */
    void (*vcpu_run)(SimDevice *dev, SimVcpu *v, bool in_run);

    /* KVM_IRQ_LINE; @level is a KVM_INTERRUPT_* value (or 0/1). */
    int (*irq_line)(SimDevice *dev, uint32_t irq, uint32_t level);

    /* Whether @len bytes at page offset @pgoff may be mapped (the kernel's
     * mmap handler); 0 or -EINVAL. */
    int (*mmap_check)(SimDevice *dev, uint64_t pgoff, size_t len);
    /* A load or store at byte @offset of the mapping made at page offset
     * @pgoff, by the guest on @v, or by the VMM (@v NULL).  Big-endian
     * value in *@val.  -EFAULT where the kernel would send SIGBUS. */
    int (*mmio)(SimDevice *dev, SimVcpu *v, uint64_t pgoff, uint64_t offset,
                unsigned size, bool write, uint64_t *val);

    /* A guest hcall the kernel handles: 0 and *@ret, or -ENOENT. */
    int (*hcall)(SimDevice *dev, SimVcpu *v, uint64_t opcode,
                 const uint64_t *args, size_t nargs, uint64_t *rets,
                 int64_t *ret);
    /* A guest RTAS call whose token the VMM defined for @call, one of the
     * XICS calls the kernel handles (rets[0] = status). */
    int (*rtas)(SimDevice *dev, SimVcpu *v, const SpaprRtasCall *call,
                uint32_t nargs, const uint32_t *args, uint32_t nret,
                uint32_t *rets);
} SimEngineOps;

struct SimDevice {
    int fd;
    uint32_t type; /* SPAPR_KVM_DEV_TYPE_XICS or _XIVE */
    const SimEngineOps *ops;
    const SpaprHostProfile *profile;
    /* The host's guest link (set by attach_guest; may have NULL members or
     * be NULL: then memory is not RAM and lines go nowhere). */
    const SpaprHostGuest *const *guest;
    void *engine;
};

extern const SimEngineOps sim_xics_engine;
extern const SimEngineOps sim_xive_engine;

/* Helpers for the engines. */
static inline const SpaprHostGuest *sim_guest(const SimDevice *dev)
{
    return dev->guest ? *dev->guest : NULL;
}

/* Raise or lower the external interrupt of the vCPU with @vcpu_fd. */
static inline void sim_set_vcpu_irq(const SimDevice *dev, int vcpu_fd,
                                    bool level)
{
    const SpaprHostGuest *g = sim_guest(dev);

    if (g && g->set_vcpu_irq && vcpu_fd >= 0) {
        g->set_vcpu_irq(g->opaque, vcpu_fd, level);
    }
}

#endif
