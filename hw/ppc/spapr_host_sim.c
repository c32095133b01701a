/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: a simulated POWER KVM host ("kvm-sim"), one instance per host,
 * answering the ops as a kernel of its profile would (facts section 4):
 *
 * - one irqchip device (XICS or XIVE) per VM; closing it destroys it only
 *   on a profile with release, otherwise it stays behind ("stale") and
 *   every later create fails with EEXIST;
 * - vCPUs live as long as the VM, as in KVM: closing a vCPU fd does not
 *   free its id (a second create of that id fails with EEXIST);
 * - fds are fake numbers from 1000 up, never reused and never real fds.
 *
 * Device attributes are stored per (group, attribute) for now; their
 * semantics (sources, queues, thread contexts) come in a later milestone.
 */
#include "hw/ppc/spapr_host.h"
#include "hw/ppc/kvm_ppc_uapi.h"
#include "hw/ppc/spapr_host_internal.h"

#include <errno.h>
#include <string.h>

#define SIM_FIRST_FD        1000
#define SIM_XIVE_PAGE_SIZE  (64 * 1024)
#define SIM_XIVE_TIMA_PAGES 4

typedef struct SimAttrKey {
    uint32_t group;
    uint64_t attr;
} SimAttrKey;

typedef struct SimDevice {
    int fd;
    uint32_t type;      /* SPAPR_KVM_DEV_TYPE_XICS or _XIVE */
    GHashTable *attrs;  /* SimAttrKey * -> GBytes * (last value set) */
    GHashTable *levels; /* irq -> level of the last KVM_IRQ_LINE (XICS) */
} SimDevice;

typedef struct SimVcpu {
    uint32_t id;
    int fd;         /* -1 once closed (the vCPU itself stays) */
    SimDevice *dev; /* the device it is connected to, or NULL */
    uint32_t server;
    uint64_t icp_state;   /* KVM_REG_PPC_ICP_STATE */
    uint8_t vp_state[16]; /* KVM_REG_PPC_VP_STATE */
} SimVcpu;

typedef struct SimMapping {
    void *addr;
    size_t len;
    int dev_fd;
    uint64_t pgoff;
} SimMapping;

typedef struct SimHost {
    SpaprHost parent;
    const SpaprHostProfile *profile;
    int next_fd;
    unsigned calls;
    GHashTable *devices;     /* fd -> SimDevice *, the open device fds */
    SimDevice *irqchip;      /* the open irqchip device, NULL if none */
    bool irqchip_stale;      /* one was closed without release */
    unsigned stale_irqchips; /* how many were closed without release */
    GHashTable *vcpus;       /* vCPU id -> SimVcpu * (owner) */
    GHashTable *vcpu_fds;    /* fd -> SimVcpu *, the open vCPU fds */
    GHashTable *mappings;    /* address -> SimMapping * */
} SimHost;

static SimHost *sim_host(SpaprHost *h)
{
    g_assert(h && h->ops == &spapr_host_sim_ops);
    return (SimHost *)h;
}

/* Every op goes through here: it counts the host calls. */
static SimHost *sim_call(SpaprHost *h)
{
    SimHost *s = sim_host(h);

    s->calls++;
    return s;
}

static int sim_new_fd(SimHost *s)
{
    g_assert(s->next_fd < G_MAXINT);
    return s->next_fd++;
}

static guint sim_attr_key_hash(gconstpointer p)
{
    const SimAttrKey *k = p;
    uint64_t v = k->attr * 0x9e3779b97f4a7c15ULL + k->group;

    return (guint)(v ^ (v >> 32));
}

static gboolean sim_attr_key_equal(gconstpointer a, gconstpointer b)
{
    const SimAttrKey *x = a, *y = b;

    return x->group == y->group && x->attr == y->attr;
}

static void sim_device_free(gpointer p)
{
    SimDevice *dev = p;

    if (!dev) {
        return;
    }
    g_clear_pointer(&dev->attrs, g_hash_table_unref);
    g_clear_pointer(&dev->levels, g_hash_table_unref);
    g_free(dev);
}

static void sim_mapping_free(gpointer p)
{
    SimMapping *m = p;

    if (!m) {
        return;
    }
    g_free(m->addr);
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

static bool sim_type_supported(SimHost *s, uint32_t type)
{
    switch (type) {
    case SPAPR_KVM_DEV_TYPE_XICS:
        return s->profile->xics;
    case SPAPR_KVM_DEV_TYPE_XIVE:
        return s->profile->xive;
    default:
        return false;
    }
}

/*
 * The size of the value of attribute (@group, @attr) of a device of @type,
 * or -ENXIO if the device has no such attribute.
 */
static int sim_attr_size(SimHost *s, uint32_t type, uint32_t group,
                         uint64_t attr)
{
    bool nr_servers = s->profile->nr_servers;

    if (type == SPAPR_KVM_DEV_TYPE_XICS) {
        switch (group) {
        case SPAPR_KVM_DEV_XICS_GRP_SOURCES:
            return sizeof(uint64_t);
        case SPAPR_KVM_DEV_XICS_GRP_CTRL:
            if (attr == SPAPR_KVM_DEV_XICS_NR_SERVERS && nr_servers) {
                return sizeof(uint32_t);
            }
            return -ENXIO;
        default:
            return -ENXIO;
        }
    }

    g_assert(type == SPAPR_KVM_DEV_TYPE_XIVE);
    switch (group) {
    case SPAPR_KVM_DEV_XIVE_GRP_CTRL:
        switch (attr) {
        case SPAPR_KVM_DEV_XIVE_RESET:
        case SPAPR_KVM_DEV_XIVE_EQ_SYNC:
            return 0;
        case SPAPR_KVM_DEV_XIVE_NR_SERVERS:
            return nr_servers ? (int)sizeof(uint32_t) : -ENXIO;
        default:
            return -ENXIO;
        }
    case SPAPR_KVM_DEV_XIVE_GRP_SOURCE:
    case SPAPR_KVM_DEV_XIVE_GRP_SOURCE_CONFIG:
        return sizeof(uint64_t);
    case SPAPR_KVM_DEV_XIVE_GRP_EQ_CONFIG:
        return sizeof(struct spapr_kvm_ppc_xive_eq);
    case SPAPR_KVM_DEV_XIVE_GRP_SOURCE_SYNC:
        return 0;
    default:
        return -ENXIO;
    }
}

static bool sim_is_nr_servers(uint32_t type, uint32_t group, uint64_t attr)
{
    if (type == SPAPR_KVM_DEV_TYPE_XICS) {
        return group == SPAPR_KVM_DEV_XICS_GRP_CTRL &&
               attr == SPAPR_KVM_DEV_XICS_NR_SERVERS;
    }
    return group == SPAPR_KVM_DEV_XIVE_GRP_CTRL &&
           attr == SPAPR_KVM_DEV_XIVE_NR_SERVERS;
}

static int sim_check_extension(SpaprHost *h, uint32_t cap)
{
    SimHost *s = sim_call(h);

    switch (cap) {
    case SPAPR_KVM_CAP_IRQ_XICS:
        return s->profile->xics;
    case SPAPR_KVM_CAP_PPC_IRQ_XIVE:
        return s->profile->xive;
    case SPAPR_KVM_CAP_PPC_SECURE_GUEST:
        return s->profile->secure;
    default:
        return 0;
    }
}

static int sim_create_device(SpaprHost *h, uint32_t type, bool test)
{
    SimHost *s = sim_call(h);
    SimDevice *dev;

    if (!sim_type_supported(s, type)) {
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
    dev->fd = sim_new_fd(s);
    dev->type = type;
    dev->attrs = g_hash_table_new_full(sim_attr_key_hash, sim_attr_key_equal,
                                       g_free, (GDestroyNotify)g_bytes_unref);
    dev->levels = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_hash_table_insert(s->devices, GINT_TO_POINTER(dev->fd), dev);
    s->irqchip = dev;
    return dev->fd;
}

static int sim_has_device_attr(SpaprHost *h, int dev_fd, uint32_t group,
                               uint64_t attr)
{
    SimHost *s = sim_call(h);
    SimDevice *dev = sim_device(s, dev_fd);
    int size;

    if (!dev) {
        return -EBADF;
    }
    size = sim_attr_size(s, dev->type, group, attr);
    return size < 0 ? size : 0;
}

static int sim_set_device_attr(SpaprHost *h, int dev_fd, uint32_t group,
                               uint64_t attr, const void *val)
{
    SimHost *s = sim_call(h);
    SimDevice *dev = sim_device(s, dev_fd);
    SimAttrKey *key;
    int size;

    if (!dev) {
        return -EBADF;
    }
    size = sim_attr_size(s, dev->type, group, attr);
    if (size < 0) {
        return size;
    }
    if (size == 0) {
        /* A control (reset, sync): no value to keep. */
        return 0;
    }
    if (!val) {
        return -EFAULT;
    }
    if (sim_is_nr_servers(dev->type, group, attr)) {
        uint32_t n;

        memcpy(&n, val, sizeof(n));
        if (n == 0) {
            return -EINVAL;
        }
    }

    key = g_new(SimAttrKey, 1);
    key->group = group;
    key->attr = attr;
    g_hash_table_replace(dev->attrs, key, g_bytes_new(val, (gsize)size));
    return 0;
}

static int sim_get_device_attr(SpaprHost *h, int dev_fd, uint32_t group,
                               uint64_t attr, void *val)
{
    SimHost *s = sim_call(h);
    SimDevice *dev = sim_device(s, dev_fd);
    SimAttrKey key = {.group = group, .attr = attr};
    GBytes *stored;
    int size;

    if (!dev) {
        return -EBADF;
    }
    size = sim_attr_size(s, dev->type, group, attr);
    if (size <= 0) {
        return size;
    }
    if (!val) {
        return -EFAULT;
    }
    stored = g_hash_table_lookup(dev->attrs, &key);
    if (stored) {
        g_assert(g_bytes_get_size(stored) == (gsize)size);
        memcpy(val, g_bytes_get_data(stored, NULL), (size_t)size);
    } else {
        memset(val, 0, (size_t)size);
    }
    return 0;
}

static int sim_create_vcpu(SpaprHost *h, uint32_t vcpu_id)
{
    SimHost *s = sim_call(h);
    SimVcpu *v;

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

static int sim_enable_cap_vcpu(SpaprHost *h, int vcpu_fd, uint32_t cap,
                               uint64_t arg0, uint64_t arg1)
{
    SimHost *s = sim_call(h);
    SimVcpu *v = sim_vcpu(s, vcpu_fd);
    SimDevice *dev;
    GHashTableIter it;
    gpointer value;

    if (!v) {
        return -EBADF;
    }
    if (cap != SPAPR_KVM_CAP_IRQ_XICS && cap != SPAPR_KVM_CAP_PPC_IRQ_XIVE) {
        return -EINVAL;
    }
    dev = arg0 <= G_MAXINT ? sim_device(s, (int)arg0) : NULL;
    if (!dev || dev != s->irqchip) {
        return -EBADF;
    }
    if ((cap == SPAPR_KVM_CAP_IRQ_XICS) !=
        (dev->type == SPAPR_KVM_DEV_TYPE_XICS)) {
        return -EINVAL;
    }
    if (arg1 > G_MAXUINT32) {
        return -EINVAL;
    }
    if (v->dev) {
        return -EBUSY;
    }
    /* As both kernels do: one vCPU per server number. */
    g_hash_table_iter_init(&it, s->vcpus);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        SimVcpu *other = value;

        if (other->dev == dev && other->server == (uint32_t)arg1) {
            return -EEXIST;
        }
    }

    v->dev = dev;
    v->server = (uint32_t)arg1;
    return 0;
}

static int sim_one_reg_size(uint64_t id)
{
    switch (id) {
    case SPAPR_KVM_REG_PPC_ICP_STATE:
        return sizeof(uint64_t);
    case SPAPR_KVM_REG_PPC_VP_STATE:
        return 16;
    default:
        return -EINVAL;
    }
}

static void *sim_one_reg_slot(SimVcpu *v, uint64_t id)
{
    return id == SPAPR_KVM_REG_PPC_ICP_STATE ? (void *)&v->icp_state
                                             : (void *)v->vp_state;
}

/* Checks a ONE_REG access; returns the register's size and its slot. */
static int sim_one_reg_access(SpaprHost *h, int vcpu_fd, uint64_t id,
                              const void *val, void **slotp)
{
    SimHost *s = sim_call(h);
    SimVcpu *v = sim_vcpu(s, vcpu_fd);
    int size = sim_one_reg_size(id);

    if (!v) {
        return -EBADF;
    }
    if (size < 0) {
        return size;
    }
    if (!val) {
        return -EFAULT;
    }
    *slotp = sim_one_reg_slot(v, id);
    return size;
}

static int sim_get_one_reg(SpaprHost *h, int vcpu_fd, uint64_t id, void *val)
{
    void *slot;
    int size = sim_one_reg_access(h, vcpu_fd, id, val, &slot);

    if (size < 0) {
        return size;
    }
    memcpy(val, slot, (size_t)size);
    return 0;
}

static int sim_set_one_reg(SpaprHost *h, int vcpu_fd, uint64_t id,
                           const void *val)
{
    void *slot;
    int size = sim_one_reg_access(h, vcpu_fd, id, val, &slot);

    if (size < 0) {
        return size;
    }
    memcpy(slot, val, (size_t)size);
    return 0;
}

static int sim_irq_line(SpaprHost *h, uint32_t irq, int level)
{
    SimHost *s = sim_call(h);

    if (!s->irqchip || s->irqchip->type != SPAPR_KVM_DEV_TYPE_XICS) {
        return -ENXIO;
    }
    g_hash_table_insert(s->irqchip->levels, GUINT_TO_POINTER(irq),
                        GINT_TO_POINTER(level));
    return 0;
}

static int sim_mmap_device(SpaprHost *h, int dev_fd, uint64_t pgoff, size_t len,
                           void **addr)
{
    SimHost *s = sim_call(h);
    SimDevice *dev = sim_device(s, dev_fd);
    SimMapping *m;
    void *p;

    g_assert(addr);

    if (!dev || dev->type != SPAPR_KVM_DEV_TYPE_XIVE) {
        return -ENODEV;
    }
    if (len == 0) {
        return -EINVAL;
    }
    if (pgoff == SPAPR_KVM_XIVE_TIMA_PAGE_OFFSET) {
        if (len > SIM_XIVE_TIMA_PAGES * SIM_XIVE_PAGE_SIZE) {
            return -EINVAL;
        }
    } else if (pgoff < SPAPR_KVM_XIVE_ESB_PAGE_OFFSET) {
        return -EINVAL;
    }

    p = g_try_malloc0(len);
    if (!p) {
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
    SimHost *s = sim_call(h);
    SimMapping *m = addr ? g_hash_table_lookup(s->mappings, addr) : NULL;

    if (!m || m->len != len) {
        return -EINVAL;
    }
    g_hash_table_remove(s->mappings, addr);
    return 0;
}

static void sim_close_device(SimHost *s, SimDevice *dev)
{
    GHashTableIter it;
    gpointer value;

    g_hash_table_iter_init(&it, s->vcpus);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        SimVcpu *v = value;

        if (v->dev == dev) {
            v->dev = NULL;
        }
    }
    if (dev == s->irqchip) {
        s->irqchip = NULL;
        if (!s->profile->release) {
            s->irqchip_stale = true;
            s->stale_irqchips++;
        }
    }
    /* Frees @dev. */
    g_hash_table_remove(s->devices, GINT_TO_POINTER(dev->fd));
}

static int sim_close_fd(SpaprHost *h, int fd)
{
    SimHost *s = sim_call(h);
    SimDevice *dev = sim_device(s, fd);
    SimVcpu *v;

    if (dev) {
        sim_close_device(s, dev);
        return 0;
    }
    v = sim_vcpu(s, fd);
    if (v) {
        g_hash_table_remove(s->vcpu_fds, GINT_TO_POINTER(fd));
        v->fd = -1;
        return 0;
    }
    return -EBADF;
}

static int sim_probe_release(SpaprHost *h)
{
    SimHost *s = sim_call(h);

    if (!s->profile->xics) {
        return -ENODEV;
    }
    return s->profile->release ? 1 : 0;
}

static void sim_destroy(SpaprHost *h)
{
    SimHost *s = sim_host(h);

    /* vcpu_fds borrows from vcpus: drop it first. */
    g_clear_pointer(&s->vcpu_fds, g_hash_table_unref);
    g_clear_pointer(&s->vcpus, g_hash_table_unref);
    s->irqchip = NULL;
    g_clear_pointer(&s->devices, g_hash_table_unref);
    g_clear_pointer(&s->mappings, g_hash_table_unref);
    g_free(s);
}

const SpaprHostOps spapr_host_sim_ops = {
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
    .destroy = sim_destroy,
};

SpaprHost *spapr_host_sim_new(const SpaprHostProfile *p)
{
    SimHost *s;

    g_assert(p);

    s = g_new0(SimHost, 1);
    s->parent.ops = &spapr_host_sim_ops;
    s->profile = p;
    s->next_fd = SIM_FIRST_FD;
    s->devices = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                       sim_device_free);
    s->vcpus =
        g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    s->vcpu_fds = g_hash_table_new(g_direct_hash, g_direct_equal);
    s->mappings = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                        sim_mapping_free);
    return &s->parent;
}

const SpaprHostProfile *spapr_host_sim_profile(SpaprHost *h)
{
    return sim_host(h)->profile;
}

void spapr_host_sim_get_stats(SpaprHost *h, SpaprHostSimStats *stats)
{
    SimHost *s = sim_host(h);

    g_assert(stats);
    stats->open_devices = g_hash_table_size(s->devices);
    stats->open_vcpus = g_hash_table_size(s->vcpu_fds);
    stats->mappings = g_hash_table_size(s->mappings);
    stats->stale_irqchips = s->stale_irqchips;
    stats->calls = s->calls;
}
