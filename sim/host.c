/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq-sim: a simulated POWER KVM host ("kvm-sim"), one instance per
 * host,
 * answering the ops as a kernel of its profile would (facts section 4):
 *
 * - one irqchip device (XICS or XIVE) per VM; closing it destroys it only
 *   on a profile with release, otherwise it stays behind ("stale") and
 *   every later create fails with EEXIST;
 * - vCPUs live as long as the VM, as in KVM: closing a vCPU fd does not
 *   free its id (a second create of that id fails with EEXIST);
 * - fds are fake numbers from 1000 up, never reused and never real fds;
 * - mappings are address ranges reserved without access rights (PROT_NONE):
 *   unique addresses that cost no memory, and any direct access faults, so
 *   a backend must go through device_load/device_store as the host ops say;
 * - RTAS tokens defined for the kernel, per VM, as book3s_rtas.c keeps them;
 * - fault injection: the Nth host call from a chosen point fails once with
 *   a chosen errno (spapr_host_sim_fail()).
 *
 * The devices themselves (attributes, vCPU registers, interrupt delivery)
 * are the engines of xics_device.c and xive_device.c, behind the interface
 * of engine.h.  The library reaches the simulator only through the
 * SpaprHostSimulator a program registers (sim.h).
 */
#include "hw/host/kvm_ppc_uapi.h"
#include "hw/intc/xics.h"
#include "sim/engine.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#define SIM_FIRST_FD 1000

static const SpaprHostOps sim_ops;

typedef struct SimMapping {
    void *addr;
    size_t len;
    int dev_fd;
    uint64_t pgoff;
} SimMapping;

/* A memory slot of the VMM on device pages (KVM_SET_USER_MEMORY_REGION). */
typedef struct SimSlot {
    uint64_t gpa, size;
    void *host_ptr;
} SimSlot;

/* An RTAS token the VMM defined for the kernel. */
typedef struct SimRtasToken {
    uint32_t token;
    const SpaprRtasCall *call;
} SimRtasToken;

typedef struct SimHost {
    SpaprHost parent;
    const SpaprHostProfile *profile;
    int next_fd;
    unsigned calls;
    GHashTable *devices;      /* fd -> SimDevice *, the open device fds */
    SimDevice *irqchip;       /* the open irqchip device, NULL if none */
    bool irqchip_stale;       /* one was closed without release */
    unsigned stale_irqchips;  /* how many were closed without release */
    GHashTable *vcpus;        /* vCPU id -> SimVcpu * (owner) */
    GHashTable *vcpu_fds;     /* fd -> SimVcpu *, the open vCPU fds */
    GHashTable *stuck_vcpus;  /* SimVcpu * still held by a stale irqchip */
    GHashTable *mappings;     /* address -> SimMapping * */
    GArray *rtas_tokens;      /* SimRtasToken */
    GHashTable *cap_override; /* cap -> value + 1 (spapr_host_sim_set_cap) */
    GArray *slots;            /* SimSlot */
    unsigned mapped_accesses, mmio_exits;
    unsigned running_violations;
    const char *violation_op;
    const SpaprHostGuest *guest;
    /* Fault injection: call number fail_at fails with -fail_errno. */
    unsigned fail_at;
    int fail_errno;
    unsigned injected;
    const char *failed_op;
} SimHost;

static SimHost *sim_host(SpaprHost *h)
{
    g_assert(h && h->ops == &sim_ops);
    return (SimHost *)h;
}

/*
 * Every host call goes through here: it counts the call and returns the
 * injected failure (0 if none) when the call is the chosen one.
 */
static int sim_call(SpaprHost *h, const char *op, SimHost **sp)
{
    SimHost *s = sim_host(h);

    *sp = s;
    s->calls++;
    if (s->fail_at && s->calls == s->fail_at) {
        s->fail_at = 0;
        s->injected++;
        s->failed_op = op;
        return -s->fail_errno;
    }
    return 0;
}

static int sim_new_fd(SimHost *s)
{
    g_assert(s->next_fd < G_MAXINT);
    return s->next_fd++;
}

static void sim_device_free(gpointer p)
{
    SimDevice *dev = p;

    if (!dev) {
        return;
    }
    if (dev->ops->destroy) {
        dev->ops->destroy(dev);
    }
    g_free(dev);
}

static void sim_mapping_free(gpointer p)
{
    SimMapping *m = p;

    if (!m) {
        return;
    }
    munmap(m->addr, m->len);
    g_free(m);
}

static SimDevice *sim_device(SimHost *s, int fd)
{
    return g_hash_table_lookup(s->devices, GINT_TO_POINTER(fd));
}

static SimVcpu *sim_vcpu(SimHost *s, int fd)
{
    return g_hash_table_lookup(s->vcpu_fds, GINT_TO_POINTER(fd));
}

/*
 * A vCPU ioctl on @v: a kernel takes vcpu->mutex (kvm_vcpu_ioctl()), held
 * by KVM_RUN, so the caller would wait for the vCPU to leave the guest.
 * The simulator cannot wait: it reports the call that would have.
 */
static int sim_vcpu_busy(SimHost *s, SimVcpu *v, const char *op)
{
    if (!v->in_run) {
        return 0;
    }
    s->running_violations++;
    s->violation_op = op;
    return -EBUSY;
}

static const SimEngineOps *sim_engine(SimHost *s, uint32_t type)
{
    switch (type) {
    case SPAPR_KVM_DEV_TYPE_XICS:
        return s->profile->xics ? &sim_xics_engine : NULL;
    case SPAPR_KVM_DEV_TYPE_XIVE:
        return s->profile->xive ? &sim_xive_engine : NULL;
    default:
        return NULL;
    }
}

static int sim_check_extension(SpaprHost *h, uint32_t cap)
{
    SimHost *s;
    int err = sim_call(h, "check_extension", &s);

    if (err) {
        return err;
    }
    if (g_hash_table_contains(s->cap_override, GUINT_TO_POINTER(cap))) {
        return GPOINTER_TO_INT(g_hash_table_lookup(s->cap_override,
                                                   GUINT_TO_POINTER(cap))) -
               1;
    }
    switch (cap) {
    case SPAPR_KVM_CAP_IRQ_XICS:
        return s->profile->xics;
    case SPAPR_KVM_CAP_PPC_IRQ_XIVE:
        return s->profile->xive;
    case SPAPR_KVM_CAP_PPC_SECURE_GUEST:
        return s->profile->secure;
    case SPAPR_KVM_CAP_PPC_RTAS:
        return 1;
    default:
        return 0;
    }
}

static int sim_create_device(SpaprHost *h, uint32_t type, bool test)
{
    SimHost *s;
    int err = sim_call(h, "create_device", &s);
    const SimEngineOps *engine;
    SimDevice *dev;

    if (err) {
        return err;
    }
    engine = sim_engine(s, type);
    if (!engine) {
        return -ENODEV;
    }
    if (test) {
        return 0;
    }
    /* One irqchip per VM, and without release a closed one stays. */
    if (s->irqchip || s->irqchip_stale) {
        return -EEXIST;
    }

    dev = g_new0(SimDevice, 1);
    dev->type = type;
    dev->ops = engine;
    dev->profile = s->profile;
    dev->guest = &s->guest;
    err = engine->create ? engine->create(dev) : 0;
    if (err) {
        g_free(dev);
        return err;
    }
    dev->fd = sim_new_fd(s);
    g_hash_table_insert(s->devices, GINT_TO_POINTER(dev->fd), dev);
    s->irqchip = dev;
    return dev->fd;
}

/* The device of an attribute call: -EBADF for an fd that is not one. */
static int sim_attr_call(SpaprHost *h, const char *op, int dev_fd,
                         SimDevice **devp)
{
    SimHost *s;
    int err = sim_call(h, op, &s);

    if (err) {
        return err;
    }
    *devp = sim_device(s, dev_fd);
    return *devp ? 0 : -EBADF;
}

static int sim_has_device_attr(SpaprHost *h, int dev_fd, uint32_t group,
                               uint64_t attr)
{
    SimDevice *dev;
    int err = sim_attr_call(h, "has_device_attr", dev_fd, &dev);

    if (err) {
        return err;
    }
    return dev->ops->has_attr ? dev->ops->has_attr(dev, group, attr) : -ENXIO;
}

static int sim_set_device_attr(SpaprHost *h, int dev_fd, uint32_t group,
                               uint64_t attr, const void *val)
{
    SimDevice *dev;
    int err = sim_attr_call(h, "set_device_attr", dev_fd, &dev);

    if (err) {
        return err;
    }
    return dev->ops->set_attr ? dev->ops->set_attr(dev, group, attr, val)
                              : -ENXIO;
}

static int sim_get_device_attr(SpaprHost *h, int dev_fd, uint32_t group,
                               uint64_t attr, void *val)
{
    SimDevice *dev;
    int err = sim_attr_call(h, "get_device_attr", dev_fd, &dev);

    if (err) {
        return err;
    }
    return dev->ops->get_attr ? dev->ops->get_attr(dev, group, attr, val)
                              : -ENXIO;
}

static int sim_create_vcpu(SpaprHost *h, uint32_t vcpu_id)
{
    SimHost *s;
    int err = sim_call(h, "create_vcpu", &s);
    SimVcpu *v;

    if (err) {
        return err;
    }
    if (g_hash_table_contains(s->vcpus, GUINT_TO_POINTER(vcpu_id))) {
        return -EEXIST;
    }
    v = g_new0(SimVcpu, 1);
    v->id = vcpu_id;
    v->fd = sim_new_fd(s);
    g_hash_table_insert(s->vcpus, GUINT_TO_POINTER(vcpu_id), v);
    g_hash_table_insert(s->vcpu_fds, GINT_TO_POINTER(v->fd), v);
    return v->fd;
}

/* Whether @cap is a case of kvm_vcpu_ioctl_enable_cap() in this kernel:
 * KVM_CAP_IRQ_XICS with CONFIG_KVM_XICS, KVM_CAP_PPC_IRQ_XIVE with
 * CONFIG_KVM_XIVE (Linux 5.2, and only beside CONFIG_KVM_XICS). */
static bool sim_cap_enablable(const SpaprHostProfile *p, uint32_t cap)
{
    switch (cap) {
    case SPAPR_KVM_CAP_IRQ_XICS:
        return p->xics;
    case SPAPR_KVM_CAP_PPC_IRQ_XIVE:
        return p->xics && p->kernel >= 502;
    default:
        return false;
    }
}

/*
 * KVM_ENABLE_CAP on a vCPU, in the order of kvm_vcpu_ioctl_enable_cap()
 * (arch/powerpc/kvm/powerpc.c): a cap the kernel has no case for -EINVAL;
 * then fdget(args[0]) (-EBADF: not an open fd); for the XIVE cap,
 * xive_enabled() (-ENXIO: the host does not run XIVE, i.e. a POWER8);
 * kvm_device_from_filp() (-EPERM: an fd that is not a KVM device); then
 * the connect function of the kernel's XICS device (kvmppc_xics_connect_vcpu
 * or, on POWER9 and later, kvmppc_xive_connect_vcpu) or
 * kvmppc_xive_native_connect_vcpu: a device of the other type -EPERM
 * ("Wrong ops"), a vCPU already connected -EBUSY, then the engine's checks.
 */
static int sim_enable_cap_vcpu(SpaprHost *h, int vcpu_fd, uint32_t cap,
                               uint64_t arg0, uint64_t arg1)
{
    SimHost *s;
    int err = sim_call(h, "enable_cap_vcpu", &s);
    SimVcpu *v;
    SimDevice *dev;
    bool xive_cap = cap == SPAPR_KVM_CAP_PPC_IRQ_XIVE;

    if (err) {
        return err;
    }
    v = sim_vcpu(s, vcpu_fd);
    if (!v) {
        return -EBADF; /* the ioctl's own fd */
    }
    err = sim_vcpu_busy(s, v, "enable_cap_vcpu");
    if (err) {
        return err;
    }
    if (!sim_cap_enablable(s->profile, cap)) {
        return -EINVAL;
    }
    /* args[0] is an int fd for fdget(). */
    if (arg0 > G_MAXINT ||
        (!sim_device(s, (int)arg0) && !sim_vcpu(s, (int)arg0))) {
        return -EBADF;
    }
    if (xive_cap && s->profile->cpu < SPAPR_CPU_POWER9) {
        return -ENXIO;
    }
    dev = sim_device(s, (int)arg0);
    if (!dev) {
        return -EPERM; /* a vCPU fd: not a KVM device */
    }
    if (xive_cap != (dev->type == SPAPR_KVM_DEV_TYPE_XIVE)) {
        return -EPERM;
    }
    /* irq_type is no longer KVMPPC_IRQ_DEFAULT. */
    if (v->dev || g_hash_table_contains(s->stuck_vcpus, v)) {
        return -EBUSY;
    }
    if (arg1 > G_MAXUINT32) {
        return -EINVAL;
    }
    if (!dev->ops->connect_vcpu) {
        return -EINVAL;
    }
    err = dev->ops->connect_vcpu(dev, v, (uint32_t)arg1);
    if (err) {
        return err;
    }
    v->dev = dev;
    v->server = (uint32_t)arg1;
    return 0;
}

/* The vCPU of a ONE_REG call, connected to an interrupt device. */
static int sim_one_reg_call(SpaprHost *h, const char *op, int vcpu_fd,
                            uint64_t id, SimVcpu **vp)
{
    SimHost *s;
    int err = sim_call(h, op, &s);

    if (err) {
        return err;
    }
    *vp = sim_vcpu(s, vcpu_fd);
    if (!*vp) {
        return -EBADF;
    }
    err = sim_vcpu_busy(s, *vp, op);
    if (err) {
        return err;
    }
    if (id != SPAPR_KVM_REG_PPC_ICP_STATE && id != SPAPR_KVM_REG_PPC_VP_STATE) {
        return -EINVAL;
    }
    /* kvmppc_get_one_reg: no ICP and no XIVE vCPU. */
    return (*vp)->dev ? 0 : -ENXIO;
}

static int sim_get_one_reg(SpaprHost *h, int vcpu_fd, uint64_t id, void *val)
{
    SimVcpu *v;
    int err = sim_one_reg_call(h, "get_one_reg", vcpu_fd, id, &v);

    if (err) {
        return err;
    }
    if (!val) {
        return -EFAULT;
    }
    return v->dev->ops->get_one_reg
               ? v->dev->ops->get_one_reg(v->dev, v, id, val)
               : -EINVAL;
}

static int sim_set_one_reg(SpaprHost *h, int vcpu_fd, uint64_t id,
                           const void *val)
{
    SimVcpu *v;
    int err = sim_one_reg_call(h, "set_one_reg", vcpu_fd, id, &v);

    if (err) {
        return err;
    }
    if (!val) {
        return -EFAULT;
    }
    return v->dev->ops->set_one_reg
               ? v->dev->ops->set_one_reg(v->dev, v, id, val)
               : -EINVAL;
}

static int sim_irq_line(SpaprHost *h, uint32_t irq, int level)
{
    SimHost *s;
    int err = sim_call(h, "irq_line", &s);

    if (err) {
        return err;
    }
    /* kvm_vm_ioctl_irq_line(): -ENXIO without an irqchip
     * (irqchip_in_kernel(): kvm->arch.xics or kvm->arch.xive, which a
     * device closed without release leaves set), else 0 whatever
     * kvm_set_irq() answered (its status is not returned). */
    if (!s->irqchip) {
        return s->irqchip_stale ? 0 : -ENXIO;
    }
    if (s->irqchip->ops->irq_line) {
        s->irqchip->ops->irq_line(s->irqchip, irq, (uint32_t)level);
    }
    return 0;
}

static int sim_mmap_device(SpaprHost *h, int dev_fd, uint64_t pgoff, size_t len,
                           void **addr)
{
    SimHost *s;
    int err = sim_call(h, "mmap_device", &s);
    SimDevice *dev;
    SimMapping *m;
    void *p;

    g_assert(addr);

    if (err) {
        return err;
    }
    dev = sim_device(s, dev_fd);
    if (!dev || !dev->ops->mmap_check) {
        return -ENODEV;
    }
    if (len == 0) {
        return -EINVAL;
    }
    err = dev->ops->mmap_check(dev, pgoff, len);
    if (err) {
        return err;
    }
    /* Address space only: a direct access faults. */
    p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
             -1, 0);
    if (p == MAP_FAILED) {
        return -ENOMEM;
    }
    m = g_new0(SimMapping, 1);
    m->addr = p;
    m->len = len;
    m->dev_fd = dev_fd;
    m->pgoff = pgoff;
    g_hash_table_insert(s->mappings, p, m);
    *addr = p;
    return 0;
}

static int sim_munmap_device(SpaprHost *h, void *addr, size_t len)
{
    SimHost *s;
    int err = sim_call(h, "munmap_device", &s);
    SimMapping *m = addr ? g_hash_table_lookup(s->mappings, addr) : NULL;

    if (!m || m->len != len) {
        return err ? err : -EINVAL;
    }
    /* Even a failed call releases the mapping (see spapr_host_sim_fail). */
    g_hash_table_remove(s->mappings, addr);
    return err;
}

static void sim_close_device(SimHost *s, SimDevice *dev)
{
    GHashTableIter it;
    gpointer value;
    bool release = s->profile->release;

    g_hash_table_iter_init(&it, s->vcpus);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        SimVcpu *v = value;

        if (v->dev != dev) {
            continue;
        }
        /* The release method takes each vCPU's mutex (kvmppc_xics_release,
         * kvmppc_xive_release, kvmppc_xive_native_release): the close
         * would wait for a vCPU inside KVM_RUN. */
        if (release) {
            sim_vcpu_busy(s, v, "close_fd");
        }
        if (dev->ops->disconnect_vcpu) {
            dev->ops->disconnect_vcpu(dev, v);
        }
        v->dev = NULL;
        /* Without release the device lives on with its vCPUs. */
        if (!release) {
            g_hash_table_add(s->stuck_vcpus, v);
        }
    }
    if (dev == s->irqchip) {
        s->irqchip = NULL;
        if (!release) {
            s->irqchip_stale = true;
            s->stale_irqchips++;
        }
    }
    /* Frees @dev. */
    g_hash_table_remove(s->devices, GINT_TO_POINTER(dev->fd));
}

static int sim_close_fd(SpaprHost *h, int fd)
{
    SimHost *s;
    int err = sim_call(h, "close_fd", &s);
    SimDevice *dev = sim_device(s, fd);
    SimVcpu *v;

    /* close(2) releases the fd even when it reports an error. */
    if (dev) {
        sim_close_device(s, dev);
        return err;
    }
    v = sim_vcpu(s, fd);
    if (v) {
        g_hash_table_remove(s->vcpu_fds, GINT_TO_POINTER(fd));
        v->fd = -1;
        return err;
    }
    return err ? err : -EBADF;
}

static int sim_probe_release(SpaprHost *h)
{
    SimHost *s;
    int err = sim_call(h, "probe_release", &s);

    if (err) {
        return err;
    }
    if (!s->profile->xics) {
        return -ENODEV;
    }
    return s->profile->release ? 1 : 0;
}

/* The RTAS calls the kernel handles (book3s_rtas.c rtas_handlers[]) are
 * the four of XICS: their names are the XICS table's (xics_rtas.c). */
static int sim_define_rtas_token(SpaprHost *h, const char *name, uint32_t token)
{
    SimHost *s;
    int err = sim_call(h, "define_rtas_token", &s);
    const SpaprRtasCall *call;
    SimRtasToken t;

    if (err) {
        return err;
    }
    if (!name) {
        return -EFAULT;
    }
    call = spapr_rtas_find_name(xics_rtas_calls, name);
    if (token == 0) {
        /* Undefining an undefined name is not an error. */
        for (guint j = 0; call && j < s->rtas_tokens->len; j++) {
            if (g_array_index(s->rtas_tokens, SimRtasToken, j).call == call) {
                g_array_remove_index(s->rtas_tokens, j);
                break;
            }
        }
        return 0;
    }
    for (guint j = 0; j < s->rtas_tokens->len; j++) {
        if (g_array_index(s->rtas_tokens, SimRtasToken, j).token == token) {
            return -EEXIST;
        }
    }
    if (!call) {
        return -ENOENT;
    }
    t.token = token;
    t.call = call;
    g_array_append_val(s->rtas_tokens, t);
    return 0;
}

/* ---- mappings and the guest side (not host calls) ---- */

/* The device and place behind @addr, or -EFAULT. */
static int sim_resolve(SimHost *s, void *addr, unsigned size, SimDevice **devp,
                       uint64_t *pgoffp, uint64_t *offsetp)
{
    GHashTableIter it;
    gpointer value;
    uintptr_t a = (uintptr_t)addr;

    if (size != 1 && size != 2 && size != 4 && size != 8) {
        return -EINVAL;
    }
    g_hash_table_iter_init(&it, s->mappings);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        SimMapping *m = value;
        uintptr_t base = (uintptr_t)m->addr;

        if (a >= base && a - base <= m->len - size) {
            *devp = sim_device(s, m->dev_fd);
            *pgoffp = m->pgoff;
            *offsetp = a - base;
            return *devp && (*devp)->ops->mmio ? 0 : -EFAULT;
        }
    }
    return -EFAULT;
}

static int sim_access(SpaprHost *h, SimVcpu *v, void *addr, unsigned size,
                      bool write, uint64_t *val)
{
    SimHost *s = sim_host(h);
    SimDevice *dev;
    uint64_t pgoff, offset;
    int err = sim_resolve(s, addr, size, &dev, &pgoff, &offset);

    if (err) {
        return err;
    }
    return dev->ops->mmio(dev, v, pgoff, offset, size, write, val);
}

static int sim_device_load(SpaprHost *h, void *addr, unsigned size,
                           uint64_t *val)
{
    g_assert(val);
    return sim_access(h, NULL, addr, size, false, val);
}

static int sim_device_store(SpaprHost *h, void *addr, unsigned size,
                            uint64_t val)
{
    return sim_access(h, NULL, addr, size, true, &val);
}

static void sim_attach_guest(SpaprHost *h, const SpaprHostGuest *guest)
{
    sim_host(h)->guest = guest;
}

/* The profile's name and CPU, and what a probe on an XICS device finds. */
static bool sim_probe(SpaprHost *h, SpaprHostCaps *caps, GError **errp)
{
    SpaprHostCaps profile;

    /* What the profile says, but the release probe is a host call (it
     * counts, and can fail by injection).  The simulator answers without
     * creating a device, so the probe leaves no stale irqchip behind on a
     * host without release. */
    spapr_host_caps_from_profile(sim_host(h)->profile, &profile);
    g_strlcpy(caps->name, profile.name, sizeof(caps->name));
    caps->cpu = profile.cpu;
    caps->page_size = profile.page_size;
    caps->release = caps->xics && sim_probe_release(h) == 1;
    caps->nr_servers = caps->xics && profile.nr_servers;
    return true;
}

static void sim_destroy(SpaprHost *h)
{
    SimHost *s = sim_host(h);

    /* vcpu_fds and stuck_vcpus borrow from vcpus: drop them first. */
    g_clear_pointer(&s->vcpu_fds, g_hash_table_unref);
    g_clear_pointer(&s->stuck_vcpus, g_hash_table_unref);
    s->irqchip = NULL;
    /* Devices before vCPUs: an engine may look at its vCPUs. */
    g_clear_pointer(&s->devices, g_hash_table_unref);
    g_clear_pointer(&s->vcpus, g_hash_table_unref);
    g_clear_pointer(&s->mappings, g_hash_table_unref);
    g_clear_pointer(&s->rtas_tokens, g_array_unref);
    g_clear_pointer(&s->slots, g_array_unref);
    g_clear_pointer(&s->cap_override, g_hash_table_unref);
    g_free(s);
}

static const SpaprHostOps sim_ops = {
    .name = "kvm-sim",
    .check_extension = sim_check_extension,
    .create_device = sim_create_device,
    .set_device_attr = sim_set_device_attr,
    .get_device_attr = sim_get_device_attr,
    .has_device_attr = sim_has_device_attr,
    .create_vcpu = sim_create_vcpu,
    .enable_cap_vcpu = sim_enable_cap_vcpu,
    .get_one_reg = sim_get_one_reg,
    .set_one_reg = sim_set_one_reg,
    .irq_line = sim_irq_line,
    .mmap_device = sim_mmap_device,
    .munmap_device = sim_munmap_device,
    .close_fd = sim_close_fd,
    .probe_release = sim_probe_release,
    .define_rtas_token = sim_define_rtas_token,
    .probe = sim_probe,
    .destroy = sim_destroy,
    .device_load = sim_device_load,
    .device_store = sim_device_store,
    .attach_guest = sim_attach_guest,
};

static SpaprHost *sim_new(const SpaprHostProfile *p)
{
    SimHost *s;

    g_assert(p);

    s = g_new0(SimHost, 1);
    s->parent.ops = &sim_ops;
    s->profile = p;
    s->next_fd = SIM_FIRST_FD;
    s->devices = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                       sim_device_free);
    s->vcpus =
        g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    s->vcpu_fds = g_hash_table_new(g_direct_hash, g_direct_equal);
    s->stuck_vcpus = g_hash_table_new(g_direct_hash, g_direct_equal);
    s->mappings = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                        sim_mapping_free);
    s->rtas_tokens = g_array_new(FALSE, FALSE, sizeof(SimRtasToken));
    s->slots = g_array_new(FALSE, FALSE, sizeof(SimSlot));
    s->cap_override = g_hash_table_new(g_direct_hash, g_direct_equal);
    return &s->parent;
}

static bool is_sim(const SpaprHost *h)
{
    return h && h->ops == &sim_ops;
}

bool spapr_host_is_sim(const SpaprHost *h)
{
    return is_sim(h);
}

/* ---- the VMM's side (sim.h) ---- */

/* The mapping of @s that covers [@p, @p + @len), or NULL. */
static SimMapping *sim_mapping_covering(SimHost *s, void *p, uint64_t len)
{
    GHashTableIter it;
    gpointer value;
    uintptr_t a = (uintptr_t)p;

    g_hash_table_iter_init(&it, s->mappings);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        SimMapping *m = value;
        uintptr_t base = (uintptr_t)m->addr;

        if (a >= base && a - base < m->len && len <= m->len - (a - base)) {
            return m;
        }
    }
    return NULL;
}

/* KVM_SET_USER_MEMORY_REGION, as kvm_set_memory_region() checks it for a
 * slot added (overlap: -EEXIST) or deleted. */
int spapr_host_sim_map_region(const SpaprIrqRegion *region, bool map)
{
    SimHost *s;
    int err;

    g_assert(region && is_sim(region->host));
    /* A deletion fails as close(2) does: the slot goes all the same. */
    err = sim_call(region->host,
                   map ? "set_memory_region" : "delete_memory_region", &s);
    if (err && map) {
        return err;
    }
    for (guint i = 0; i < s->slots->len; i++) {
        SimSlot *slot = &g_array_index(s->slots, SimSlot, i);
        bool overlap = region->gpa < slot->gpa + slot->size &&
                       slot->gpa < region->gpa + region->size;

        if (!map && slot->gpa == region->gpa && slot->size == region->size) {
            g_array_remove_index(s->slots, i);
            return err;
        }
        if (map && overlap) {
            return -EEXIST;
        }
    }
    if (!map) {
        return err ? err : -EINVAL;
    }
    if (region->size == 0 || region->gpa + region->size < region->gpa ||
        !sim_mapping_covering(s, region->host_ptr, region->size)) {
        return -EINVAL;
    }
    g_array_append_val(
        s->slots, ((SimSlot){region->gpa, region->size, region->host_ptr}));
    return 0;
}

bool spapr_host_sim_vcpu_run(SpaprHost *h, int vcpu_fd, bool in_run)
{
    SimVcpu *v = is_sim(h) ? sim_vcpu(sim_host(h), vcpu_fd) : NULL;

    if (v) {
        if (v->dev && v->dev->ops->vcpu_run) {
            v->dev->ops->vcpu_run(v->dev, v, in_run);
        }
        v->in_run = in_run;
    }
    return v != NULL;
}

bool spapr_host_sim_vcpu_in_run(SpaprHost *h, int vcpu_fd)
{
    SimVcpu *v = is_sim(h) ? sim_vcpu(sim_host(h), vcpu_fd) : NULL;

    return v && v->in_run;
}

/* The vCPU of a guest action, connected to the open irqchip. */
static SimVcpu *sim_guest_vcpu(SimHost *s, int vcpu_fd)
{
    SimVcpu *v = sim_vcpu(s, vcpu_fd);

    return v && v->dev && v->dev == s->irqchip ? v : NULL;
}

/* book3s_hv: the XICS hcalls go to the in-kernel XICS when the vCPU is
 * connected to one (kvmppc_xics_enabled()); all else exits. */
int spapr_host_sim_guest_hcall(SpaprHost *h, int vcpu_fd, uint64_t opcode,
                               const uint64_t *args, size_t nargs,
                               uint64_t *rets, int64_t *ret)
{
    SimHost *s = sim_host(h);
    SimVcpu *v = sim_guest_vcpu(s, vcpu_fd);

    if (!v || !v->dev->ops->hcall) {
        return -ENOENT;
    }
    return v->dev->ops->hcall(v->dev, v, opcode, args, nargs, rets, ret);
}

/* kvmppc_rtas_hcall(): a token defined in the kernel is handled there,
 * any other exits to the VMM. */
int spapr_host_sim_guest_rtas(SpaprHost *h, int vcpu_fd, uint32_t token,
                              uint32_t nargs, const uint32_t *args,
                              uint32_t nret, uint32_t *rets)
{
    SimHost *s = sim_host(h);
    SimVcpu *v = sim_vcpu(s, vcpu_fd);

    for (guint j = 0; j < s->rtas_tokens->len; j++) {
        const SimRtasToken *t = &g_array_index(s->rtas_tokens, SimRtasToken, j);

        if (t->token != token) {
            continue;
        }
        if (v && v->dev && v->dev == s->irqchip && v->dev->ops->rtas) {
            return v->dev->ops->rtas(v->dev, v, t->call, nargs, args, nret,
                                     rets);
        }
        /* The handler finds no XICS: kvmppc_xics_set_xive() -ENODEV,
         * reported to the guest as a parameter error. */
        if (nret > 0) {
            rets[0] = (uint32_t)-3;
        }
        return 0;
    }
    return -ENOENT;
}

int spapr_host_sim_guest_mmio(SpaprHost *h, int vcpu_fd, uint64_t gpa,
                              unsigned size, bool write, uint64_t *val)
{
    SimHost *s = sim_host(h);

    g_assert(val);
    for (guint i = 0; i < s->slots->len; i++) {
        const SimSlot *slot = &g_array_index(s->slots, SimSlot, i);
        SimVcpu *v;

        if (gpa < slot->gpa || gpa - slot->gpa >= slot->size) {
            continue;
        }
        s->mapped_accesses++;
        v = sim_guest_vcpu(s, vcpu_fd);
        if (!v) {
            return -EFAULT;
        }
        return sim_access(h, v, (uint8_t *)slot->host_ptr + (gpa - slot->gpa),
                          size, write, val);
    }
    s->mmio_exits++;
    return -ENOENT;
}

bool spapr_host_sim_stats(SpaprHost *h, SpaprHostSimStats *stats)
{
    SimHost *s;
    GHashTableIter it;
    gpointer value;

    g_assert(stats);
    if (!is_sim(h)) {
        return false;
    }
    s = sim_host(h);
    memset(stats, 0, sizeof(*stats));
    stats->open_devices = g_hash_table_size(s->devices);
    stats->open_vcpus = g_hash_table_size(s->vcpu_fds);
    stats->mappings = g_hash_table_size(s->mappings);
    g_hash_table_iter_init(&it, s->vcpus);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        stats->connected_vcpus += ((SimVcpu *)value)->dev != NULL;
    }
    stats->rtas_tokens = s->rtas_tokens->len;
    stats->stale_irqchips = s->stale_irqchips;
    stats->calls = s->calls;
    stats->injected = s->injected;
    stats->failed_op = s->failed_op;
    stats->memory_slots = s->slots->len;
    stats->mapped_accesses = s->mapped_accesses;
    stats->mmio_exits = s->mmio_exits;
    stats->running_violations = s->running_violations;
    stats->violation_op = s->violation_op;
    return true;
}

bool spapr_host_sim_fail(SpaprHost *h, unsigned nth, int err)
{
    SimHost *s;

    if (!is_sim(h) || (nth && err <= 0)) {
        return false;
    }
    s = sim_host(h);
    s->fail_at = nth ? s->calls + nth : 0;
    s->fail_errno = err;
    return true;
}

bool spapr_host_sim_set_cap(SpaprHost *h, uint32_t cap, int value)
{
    if (!is_sim(h) || value < 0 || value == G_MAXINT) {
        return false;
    }
    g_hash_table_insert(sim_host(h)->cap_override, GUINT_TO_POINTER(cap),
                        GINT_TO_POINTER(value + 1));
    return true;
}

/* ---- the simulator as a program registers it ---- */

static bool sim_has_profile(const char *name)
{
    return spapr_host_profile_find(name) != NULL;
}

static SpaprHost *sim_open(const char *name, uint32_t fail_nth, int fail_errno)
{
    SpaprHost *h = sim_new(spapr_host_profile_find(name));

    if (fail_nth) {
        spapr_host_sim_fail(h, fail_nth, fail_errno);
    }
    return h;
}

static const SpaprHostSimulator simulator = {
    .default_profile = SIM_DEFAULT_PROFILE,
    .has_profile = sim_has_profile,
    .profile_names = spapr_host_profile_names,
    .open = sim_open,
};

const SpaprHostSimulator *spapr_host_sim(void)
{
    return &simulator;
}

SpaprIrqConfig *spapr_host_sim_config_new(void)
{
    SpaprIrqConfig *cfg = spapr_irq_config_new();

    spapr_irq_config_set_simulator(cfg, &simulator);
    return cfg;
}
