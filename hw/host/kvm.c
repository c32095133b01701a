/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the real KVM host.  Each op is a thin wrapper of one ioctl (or
 * mmap/close) returning -errno; nothing here aborts on a host failure.
 *
 * The ioctl request numbers come from the build machine's <linux/kvm.h>
 * (their encoding is per architecture); the POWER-only numbers from
 * kvm_ppc_uapi.h, which the build proves equal to the real headers.
 */
#include "hw/host/kvm.h"
#include "hw/host/kvm_ppc_uapi.h"
#include "hw/core/fail.h"
#include "spapr-irq/error.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

/* <linux/kvm.h> defines the request on every architecture, but its
 * argument struct only in POWER's asm/kvm.h: encode it with our copy (the
 * build proves the layouts equal). */
#define SPAPR_KVM_PPC_RTAS_DEFINE_TOKEN                                        \
    _IOW(KVMIO, 0xac, struct spapr_kvm_rtas_token_args)

typedef struct KvmHost {
    SpaprHost parent;
    char *node;        /* the device node, e.g. /dev/kvm */
    int kvm_fd;        /* the device node, owned; -1 if not open */
    int vm_fd;         /* the VM; -1 if none */
    bool owns_vm;      /* false: the VMM's, never closed here */
    SpaprCpuModel cpu; /* host CPU generation (/proc/cpuinfo) */
} KvmHost;

static KvmHost *kvm_host(SpaprHost *h)
{
    g_assert(h && h->ops == &spapr_host_kvm_ops);
    return (KvmHost *)h;
}

/* ioctl() returning its result or -errno; retried on EINTR. */
static int kvm_ioctl(int fd, unsigned long req, unsigned long arg)
{
    int r;

    do {
        r = ioctl(fd, req, arg);
    } while (r < 0 && errno == EINTR);
    return r < 0 ? -errno : r;
}

static int kvm_create_vm(int kvm_fd)
{
    /* Machine type 0: the kernel's default (KVM-HV if it can, else PR). */
    return kvm_ioctl(kvm_fd, KVM_CREATE_VM, 0);
}

static int kvm_create_device_on(int vm_fd, uint32_t type, bool test)
{
    struct kvm_create_device cd;
    int r;

    memset(&cd, 0, sizeof(cd));
    cd.type = type;
    cd.flags = test ? KVM_CREATE_DEVICE_TEST : 0;
    r = kvm_ioctl(vm_fd, KVM_CREATE_DEVICE, (unsigned long)&cd);
    if (r < 0) {
        return r;
    }
    return test ? 0 : (int)cd.fd;
}

static int kvm_device_attr(int dev_fd, unsigned long req, uint32_t group,
                           uint64_t attr, const void *val)
{
    struct kvm_device_attr a;
    int r;

    memset(&a, 0, sizeof(a));
    a.group = group;
    a.attr = attr;
    a.addr = (uint64_t)(uintptr_t)val;
    r = kvm_ioctl(dev_fd, req, (unsigned long)&a);
    return r < 0 ? r : 0;
}

static int kvm_close(int fd)
{
    /* On Linux the fd is gone even when close() reports EINTR. */
    if (close(fd) < 0 && errno != EINTR) {
        return -errno;
    }
    return 0;
}

static int kvm_check_extension(SpaprHost *h, uint32_t cap)
{
    KvmHost *k = kvm_host(h);
    int r = kvm_ioctl(k->vm_fd, KVM_CHECK_EXTENSION, cap);

    /* Kernels without KVM_CAP_CHECK_EXTENSION_VM only answer on the
     * system fd. */
    if (r < 0 && k->kvm_fd >= 0) {
        r = kvm_ioctl(k->kvm_fd, KVM_CHECK_EXTENSION, cap);
    }
    return r;
}

static int kvm_create_device(SpaprHost *h, uint32_t type, bool test)
{
    return kvm_create_device_on(kvm_host(h)->vm_fd, type, test);
}

static int kvm_set_device_attr(SpaprHost *h, int dev_fd, uint32_t group,
                               uint64_t attr, const void *val)
{
    return kvm_device_attr(dev_fd, KVM_SET_DEVICE_ATTR, group, attr, val);
}

static int kvm_get_device_attr(SpaprHost *h, int dev_fd, uint32_t group,
                               uint64_t attr, void *val)
{
    return kvm_device_attr(dev_fd, KVM_GET_DEVICE_ATTR, group, attr, val);
}

static int kvm_has_device_attr(SpaprHost *h, int dev_fd, uint32_t group,
                               uint64_t attr)
{
    return kvm_device_attr(dev_fd, KVM_HAS_DEVICE_ATTR, group, attr, NULL);
}

static int kvm_create_vcpu(SpaprHost *h, uint32_t vcpu_id)
{
    return kvm_ioctl(kvm_host(h)->vm_fd, KVM_CREATE_VCPU, vcpu_id);
}

static int kvm_enable_cap_vcpu(SpaprHost *h, int vcpu_fd, uint32_t cap,
                               uint64_t arg0, uint64_t arg1)
{
    struct kvm_enable_cap ec;
    int r;

    memset(&ec, 0, sizeof(ec));
    ec.cap = cap;
    ec.args[0] = arg0;
    ec.args[1] = arg1;
    r = kvm_ioctl(vcpu_fd, KVM_ENABLE_CAP, (unsigned long)&ec);
    return r < 0 ? r : 0;
}

static int kvm_one_reg(int vcpu_fd, unsigned long req, uint64_t id,
                       const void *val)
{
    struct kvm_one_reg reg;
    int r;

    memset(&reg, 0, sizeof(reg));
    reg.id = id;
    reg.addr = (uint64_t)(uintptr_t)val;
    r = kvm_ioctl(vcpu_fd, req, (unsigned long)&reg);
    return r < 0 ? r : 0;
}

static int kvm_get_one_reg(SpaprHost *h, int vcpu_fd, uint64_t id, void *val)
{
    return kvm_one_reg(vcpu_fd, KVM_GET_ONE_REG, id, val);
}

static int kvm_set_one_reg(SpaprHost *h, int vcpu_fd, uint64_t id,
                           const void *val)
{
    return kvm_one_reg(vcpu_fd, KVM_SET_ONE_REG, id, val);
}

static int kvm_irq_line(SpaprHost *h, uint32_t irq, int level)
{
    struct kvm_irq_level il;
    int r;

    memset(&il, 0, sizeof(il));
    il.irq = irq;
    il.level = (uint32_t)level;
    r = kvm_ioctl(kvm_host(h)->vm_fd, KVM_IRQ_LINE, (unsigned long)&il);
    return r < 0 ? r : 0;
}

static int kvm_mmap_device(SpaprHost *h, int dev_fd, uint64_t pgoff, size_t len,
                           void **addr)
{
    uint64_t page = (uint64_t)getpagesize();
    void *p;

    g_assert(addr);

    /* The byte offset must fit an off_t. */
    if (pgoff > (uint64_t)G_MAXINT64 / page ||
        (sizeof(off_t) < sizeof(uint64_t) && pgoff * page > G_MAXINT32)) {
        return -EINVAL;
    }
    p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, dev_fd,
             (off_t)(pgoff * page));
    if (p == MAP_FAILED) {
        return -errno;
    }
    *addr = p;
    return 0;
}

static int kvm_munmap_device(SpaprHost *h, void *addr, size_t len)
{
    return munmap(addr, len) < 0 ? -errno : 0;
}

static int kvm_close_fd(SpaprHost *h, int fd)
{
    KvmHost *k = kvm_host(h);

    /* The node and the VM are not the caller's to close. */
    if (fd < 0 || fd == k->kvm_fd || fd == k->vm_fd) {
        return -EBADF;
    }
    return kvm_close(fd);
}

/*
 * QEMU's heuristic: on a scratch VM, create an XICS device, close it and
 * create it again; EEXIST means the first one is still there, i.e. no
 * release on close.  The NR_SERVERS attribute is looked up on the first.
 */
static int kvm_scratch_probe(KvmHost *k, int *release, bool *nr_servers)
{
    int vm, dev;

    *release = -ENODEV;
    *nr_servers = false;

    g_assert(k->kvm_fd >= 0);
    vm = kvm_create_vm(k->kvm_fd);
    if (vm < 0) {
        return vm;
    }

    dev = kvm_create_device_on(vm, KVM_DEV_TYPE_XICS, false);
    if (dev < 0) {
        /* No XICS device: release is meaningless, not "no". */
        *release = dev;
    } else {
        *nr_servers = kvm_device_attr(dev, KVM_HAS_DEVICE_ATTR,
                                      SPAPR_KVM_DEV_XICS_GRP_CTRL,
                                      SPAPR_KVM_DEV_XICS_NR_SERVERS, NULL) == 0;
        kvm_close(dev);

        dev = kvm_create_device_on(vm, KVM_DEV_TYPE_XICS, false);
        if (dev >= 0) {
            kvm_close(dev);
            *release = 1;
        } else if (dev == -EEXIST) {
            *release = 0;
        } else {
            *release = dev;
        }
    }

    kvm_close(vm);
    return 0;
}

static int kvm_probe_release(SpaprHost *h)
{
    int release;
    bool nr_servers;
    int r = kvm_scratch_probe(kvm_host(h), &release, &nr_servers);

    return r < 0 ? r : release;
}

static int kvm_define_rtas_token(SpaprHost *h, const char *name, uint32_t token)
{
    struct spapr_kvm_rtas_token_args args;

    if (!name || strlen(name) >= sizeof(args.name)) {
        return -EINVAL;
    }
    memset(&args, 0, sizeof(args));
    g_strlcpy(args.name, name, sizeof(args.name));
    args.token = token;
    return kvm_ioctl(kvm_host(h)->vm_fd, SPAPR_KVM_PPC_RTAS_DEFINE_TOKEN,
                     (unsigned long)&args);
}

/*
 * Loads and stores on a device mapping (ESB pages): big-endian accesses of
 * the given size, as QEMU's xive_esb_rw() does on its mapping.
 */
static int kvm_device_load(SpaprHost *h, void *addr, unsigned size,
                           uint64_t *val)
{
    switch (size) {
    case 1:
        *val = *(volatile uint8_t *)addr;
        return 0;
    case 2:
        *val = GUINT16_FROM_BE(*(volatile uint16_t *)addr);
        return 0;
    case 4:
        *val = GUINT32_FROM_BE(*(volatile uint32_t *)addr);
        return 0;
    case 8:
        *val = GUINT64_FROM_BE(*(volatile uint64_t *)addr);
        return 0;
    default:
        return -EINVAL;
    }
}

static int kvm_device_store(SpaprHost *h, void *addr, unsigned size,
                            uint64_t val)
{
    switch (size) {
    case 1:
        *(volatile uint8_t *)addr = (uint8_t)val;
        return 0;
    case 2:
        *(volatile uint16_t *)addr = GUINT16_TO_BE((uint16_t)val);
        return 0;
    case 4:
        *(volatile uint32_t *)addr = GUINT32_TO_BE((uint32_t)val);
        return 0;
    case 8:
        *(volatile uint64_t *)addr = GUINT64_TO_BE(val);
        return 0;
    default:
        return -EINVAL;
    }
}

static void kvm_destroy(SpaprHost *h)
{
    KvmHost *k = kvm_host(h);

    if (k->owns_vm && k->vm_fd >= 0) {
        kvm_close(k->vm_fd);
    }
    if (k->kvm_fd >= 0) {
        kvm_close(k->kvm_fd);
    }
    g_free(k->node);
    g_free(k);
}

/* The name, the CPU read from /proc/cpuinfo at open, and the probes that
 * need a real XICS device, on a scratch VM so that the host's own VM is not
 * touched.  Only a scratch VM that cannot be created is an error. */
static bool kvm_probe(SpaprHost *h, SpaprHostCaps *caps, GError **errp)
{
    KvmHost *k = kvm_host(h);
    int release, r;
    bool nr_servers;

    g_strlcpy(caps->name, "kvm", sizeof(caps->name));
    caps->cpu = k->cpu;
    caps->page_size = (uint32_t)getpagesize();
    if (!caps->xics) {
        return true;
    }
    r = kvm_scratch_probe(k, &release, &nr_servers);
    if (r < 0) {
        return spapr_irq_fail_errno(errp, SPAPR_IRQ_ERROR_HOST, -r,
                                    "Could not create a scratch KVM virtual "
                                    "machine on %s to probe the in-kernel "
                                    "XICS device",
                                    k->node);
    }
    caps->release = release == 1;
    caps->nr_servers = nr_servers;
    return true;
}

const SpaprHostOps spapr_host_kvm_ops = {
    .name = "kvm",
    .check_extension = kvm_check_extension,
    .create_device = kvm_create_device,
    .set_device_attr = kvm_set_device_attr,
    .get_device_attr = kvm_get_device_attr,
    .has_device_attr = kvm_has_device_attr,
    .create_vcpu = kvm_create_vcpu,
    .enable_cap_vcpu = kvm_enable_cap_vcpu,
    .get_one_reg = kvm_get_one_reg,
    .set_one_reg = kvm_set_one_reg,
    .irq_line = kvm_irq_line,
    .mmap_device = kvm_mmap_device,
    .munmap_device = kvm_munmap_device,
    .close_fd = kvm_close_fd,
    .probe_release = kvm_probe_release,
    .define_rtas_token = kvm_define_rtas_token,
    .probe = kvm_probe,
    .destroy = kvm_destroy,
    .device_load = kvm_device_load,
    .device_store = kvm_device_store,
    /* The kernel reaches the guest itself: attach_guest stays NULL. */
};

/* "POWER9 (architected), altivec supported" -> 9; "POWER8E (raw)" -> 8. */
static SpaprCpuModel cpu_from_name(const char *v)
{
    char *end;
    long gen;

    if (g_ascii_strncasecmp(v, "POWER", 5) != 0 || !g_ascii_isdigit(v[5])) {
        return SPAPR_CPU_NONE;
    }
    gen = strtol(v + 5, &end, 10);
    if (g_ascii_isdigit(*end)) {
        return SPAPR_CPU_NONE;
    }
    switch (gen) {
    case 8:
        return SPAPR_CPU_POWER8;
    case 9:
        return SPAPR_CPU_POWER9;
    case 10:
        return SPAPR_CPU_POWER10;
    default:
        return SPAPR_CPU_NONE;
    }
}

SpaprCpuModel spapr_host_parse_cpuinfo(const char *text)
{
    g_auto(GStrv) lines = NULL;

    if (!text) {
        return SPAPR_CPU_NONE;
    }
    lines = g_strsplit(text, "\n", -1);
    for (size_t i = 0; lines[i]; i++) {
        char *colon = strchr(lines[i], ':');

        if (!colon) {
            continue;
        }
        *colon = '\0';
        /* Only the key "cpu" itself ("cpu family" on x86 is another). */
        if (strcmp(g_strstrip(lines[i]), "cpu") == 0) {
            return cpu_from_name(g_strstrip(colon + 1));
        }
    }
    return SPAPR_CPU_NONE;
}

static SpaprCpuModel read_host_cpu(void)
{
    g_autofree char *text = NULL;

    if (!g_file_get_contents("/proc/cpuinfo", &text, NULL, NULL)) {
        return SPAPR_CPU_NONE;
    }
    return spapr_host_parse_cpuinfo(text);
}

bool spapr_host_kvm_open(const SpaprIrqConfig *cfg, int vm_fd,
                         SpaprHost **hostp, GError **errp)
{
    const char *node =
        cfg->kvm_device ? cfg->kvm_device : SPAPR_IRQ_DEFAULT_KVM_DEVICE;
    KvmHost *k;
    int r;

    g_assert(hostp);

    k = g_new0(KvmHost, 1);
    k->parent.ops = &spapr_host_kvm_ops;
    k->node = g_strdup(node);
    k->vm_fd = -1;

    k->kvm_fd = open(node, O_RDWR | O_CLOEXEC);
    if (k->kvm_fd < 0) {
        int err = errno;

        spapr_irq_fail_errno(errp, SPAPR_IRQ_ERROR_HOST, err,
                             "Could not access KVM kernel module: %s", node);
        goto fail;
    }

    r = kvm_ioctl(k->kvm_fd, KVM_GET_API_VERSION, 0);
    if (r != KVM_API_VERSION) {
        if (r < 0) {
            spapr_irq_fail_errno(errp, SPAPR_IRQ_ERROR_HOST, -r,
                                 "%s is not a KVM device node of API version "
                                 "%d",
                                 node, KVM_API_VERSION);
        } else {
            spapr_irq_fail(errp, SPAPR_IRQ_ERROR_HOST,
                           "%s is not a KVM device node of API version %d: "
                           "version mismatch",
                           node, KVM_API_VERSION);
        }
        goto fail;
    }

    if (vm_fd >= 0) {
        k->vm_fd = vm_fd;
        k->owns_vm = false;
    } else {
        r = kvm_create_vm(k->kvm_fd);
        if (r < 0) {
            spapr_irq_fail_errno(errp, SPAPR_IRQ_ERROR_HOST, -r,
                                 "Could not create a KVM virtual machine on %s",
                                 node);
            goto fail;
        }
        k->vm_fd = r;
        k->owns_vm = true;
    }

    k->cpu = read_host_cpu();
    *hostp = &k->parent;
    return true;

fail:
    kvm_destroy(&k->parent);
    return false;
}
