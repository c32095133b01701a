/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The simulated kernel's XIVE native device (sim/xive_device.c),
 * driven directly through its engine ops with a hand-built SimDevice and
 * SimVcpus, as the simulator core calls them.  The guest is a RAM buffer
 * (event queues) and a recorder of the vCPU lines.  Every errno is the one
 * Linux's book3s_xive_native.c returns for the same input; every number
 * below is written out by hand from the uAPI (facts sections 4 and 6).
 */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "hw/host/kvm_ppc_uapi.h"
#include "sim/engine.h"
#include "tools/guest_ram.h"

#define OPS               (&sim_xive_engine)
#define RC(expr, want)    g_assert_cmpint((expr), ==, (want))
#define HX(expr, want)    g_assert_cmphex((expr), ==, (want))
#define GET_REG(v, id, p) OPS->get_one_reg(&f->dev, (v), (id), (p))
#define SET_REG(v, id, p) OPS->set_one_reg(&f->dev, (v), (id), (p))
#define NVCPU             4
#define FD0               40
#define RAM_SIZE          (4u << 20)

/* Attribute groups. */
#define G_CTRL   SPAPR_KVM_DEV_XIVE_GRP_CTRL
#define G_SRC    SPAPR_KVM_DEV_XIVE_GRP_SOURCE
#define G_CFG    SPAPR_KVM_DEV_XIVE_GRP_SOURCE_CONFIG
#define G_EQ     SPAPR_KVM_DEV_XIVE_GRP_EQ_CONFIG
#define G_SYNC   SPAPR_KVM_DEV_XIVE_GRP_SOURCE_SYNC
#define EQ(s, p) (((uint64_t)(s) << 3) | (p))

/* Mappings: the TIMA at page offset 0 (HW, HV, OS, USER pages), the ESB
 * pages at 4 (trigger then management page per LISN, 64 KiB each). */
#define PAGE        0x10000ull
#define PG_TIMA     0
#define PG_ESB      4
#define TM_ACK_OS   (2 * PAGE + 0x810)
#define TM_OS_CPPR  (2 * PAGE + 0x11)
#define ESB_TRIG(l) ((uint64_t)(l) << 17)
#define ESB_MGMT(l) (ESB_TRIG(l) + PAGE)
#define ESB_GET     0x800
#define ESB_SET(pq) (0xc00 + ((pq) << 8))
#define PQ_00       0
#define PQ_01       1
#define PQ_10       2
#define PQ_11       3

typedef struct Fx {
    GuestRam ram; /* first: the guest's opaque is the Fx and the RAM */
    SimDevice dev;
    SpaprHostGuest guest;
    const SpaprHostGuest *gp;
    int line[NVCPU]; /* -1: never reported */
    unsigned reports;
    SimVcpu vcpu[NVCPU];
} Fx;

G_STATIC_ASSERT(G_STRUCT_OFFSET(Fx, ram) == 0);

static void fx_set_vcpu_irq(void *opaque, int fd, bool level)
{
    Fx *f = opaque;

    g_assert_cmpint(fd, >=, FD0);
    g_assert_cmpint(fd, <, FD0 + NVCPU);
    f->line[fd - FD0] = level;
    f->reports++;
}

static void fx_setup(Fx *f, gconstpointer profile)
{
    guest_ram_init(&f->ram, RAM_SIZE);
    f->guest = (SpaprHostGuest){.opaque = f,
                                .mem_read = guest_ram_read,
                                .mem_write = guest_ram_write,
                                .set_vcpu_irq = fx_set_vcpu_irq};
    f->gp = &f->guest;
    f->dev = (SimDevice){.fd = 7,
                         .type = SPAPR_KVM_DEV_TYPE_XIVE,
                         .ops = OPS,
                         .profile = spapr_host_profile_find(profile),
                         .guest = &f->gp};
    g_assert_nonnull(f->dev.profile);
    RC(OPS->create(&f->dev), 0);
    for (int i = 0; i < NVCPU; i++) {
        f->vcpu[i] = (SimVcpu){.id = i, .fd = FD0 + i};
        f->line[i] = -1;
    }
}

static void fx_teardown(Fx *f, gconstpointer profile)
{
    OPS->destroy(&f->dev);
    g_assert_null(f->dev.engine);
    guest_ram_fini(&f->ram);
}

/* ---- helpers ---- */

static int vcpu_connect(Fx *f, int i, uint32_t server)
{
    int rc = OPS->connect_vcpu(&f->dev, &f->vcpu[i], server);

    if (!rc) { /* what the core does */
        f->vcpu[i].dev = &f->dev;
        f->vcpu[i].server = server;
    }
    return rc;
}

/* The guest of vCPU @i opens its CPPR (Linux does at boot; it starts 0). */
static void open_cppr(Fx *f, int i)
{
    uint64_t val = 0xff;

    RC(OPS->mmio(&f->dev, &f->vcpu[i], PG_TIMA, TM_OS_CPPR, 1, true, &val), 0);
}

static int set64(Fx *f, uint32_t group, uint64_t attr, uint64_t v)
{
    return OPS->set_attr(&f->dev, group, attr, &v);
}

static void add_source(Fx *f, uint32_t lisn, uint64_t v)
{
    RC(set64(f, G_SRC, lisn, v), 0);
}

static uint64_t cfg(uint32_t server, uint32_t prio, bool masked, uint32_t eisn)
{
    return prio | (uint64_t)server << 3 | (uint64_t)masked << 32 |
           (uint64_t)eisn << 33;
}

static int route(Fx *f, uint32_t lisn, uint32_t server, uint32_t prio,
                 uint32_t eisn)
{
    return set64(f, G_CFG, lisn, cfg(server, prio, false, eisn));
}

static int eq_set(Fx *f, uint32_t server, uint32_t prio, uint32_t flags,
                  uint64_t qaddr, uint32_t qshift, uint32_t tog, uint32_t idx)
{
    struct spapr_kvm_ppc_xive_eq eq = {.flags = flags,
                                       .qshift = qshift,
                                       .qaddr = qaddr,
                                       .qtoggle = tog,
                                       .qindex = idx};

    return OPS->set_attr(&f->dev, G_EQ, EQ(server, prio), &eq);
}

/* A source routed to (server, prio) with EISN = LISN, PQ 00. */
#define LIVE_SOURCE(l, server, prio)                                           \
    do {                                                                       \
        add_source(f, (l), 0);                                                 \
        RC(route(f, (l), (server), (prio), (l)), 0);                           \
        SET_PQ((l), PQ_00);                                                    \
    } while (0)

/* A 64 KiB queue in its initial state. */
static void open_queue(Fx *f, uint32_t server, uint32_t prio, uint64_t qaddr)
{
    RC(eq_set(f, server, prio, 1, qaddr, 16, 1, 0), 0);
}

static struct spapr_kvm_ppc_xive_eq eq_get(Fx *f, uint32_t server,
                                           uint32_t prio)
{
    struct spapr_kvm_ppc_xive_eq eq;

    memset(&eq, 0xa5, sizeof(eq));
    RC(OPS->get_attr(&f->dev, G_EQ, EQ(server, prio), &eq), 0);
    return eq;
}

static void assert_eq_off(Fx *f, uint32_t server, uint32_t prio)
{
    struct spapr_kvm_ppc_xive_eq eq = eq_get(f, server, prio), zero = {0};

    g_assert_cmpmem(&eq, sizeof(eq), &zero, sizeof(zero));
}

/* Loads and stores by the VMM (v NULL) or the guest on vCPU @v. */
static uint64_t load(Fx *f, SimVcpu *v, uint64_t pg, uint64_t off,
                     unsigned size)
{
    uint64_t val = 0x1234;

    RC(OPS->mmio(&f->dev, v, pg, off, size, false, &val), 0);
    return val;
}

static void store(Fx *f, SimVcpu *v, uint64_t pg, uint64_t off, unsigned size,
                  uint64_t val)
{
    RC(OPS->mmio(&f->dev, v, pg, off, size, true, &val), 0);
}

/* ESB accesses by the VMM: get PQ, set PQ (the old one back), EOI, trigger. */
#define PQ(l)        load(f, NULL, PG_ESB, ESB_MGMT(l) + ESB_GET, 8)
#define SET_PQ(l, v) load(f, NULL, PG_ESB, ESB_MGMT(l) + ESB_SET(v), 8)
#define EOI(l)       load(f, NULL, PG_ESB, ESB_MGMT(l), 8)
#define TRIGGER(l)   store(f, NULL, PG_ESB, ESB_TRIG(l), 8, 0)

static int mmio_rc(Fx *f, SimVcpu *v, uint64_t pg, uint64_t off, bool write)
{
    uint64_t val = 0;

    return OPS->mmio(&f->dev, v, pg, off, 8, write, &val);
}

static uint32_t qentry(Fx *f, uint64_t gpa)
{
    return guest_ram_be32(&f->ram, gpa);
}

/* ---- tests ---- */

static void test_lifetime(void)
{
    SimDevice d = {.type = SPAPR_KVM_DEV_TYPE_XIVE,
                   .ops = OPS,
                   .profile = spapr_host_profile_find("power9-6.1")};
    SimVcpu v = {.fd = FD0};
    uint64_t lisn_cfg = 0;

    /* No hcalls, RTAS or KVM_IRQ_LINE: the VMM handles them. */
    g_assert_null(OPS->hcall);
    g_assert_null(OPS->rtas);
    g_assert_null(OPS->irq_line);
    /* Never initialised, then initialised, with no guest at all. */
    RC(OPS->create(&d), 0);
    g_assert_nonnull(d.engine);
    OPS->destroy(&d);
    g_assert_null(d.engine);
    OPS->destroy(&d);
    RC(OPS->create(&d), 0);
    RC(OPS->connect_vcpu(&d, &v, 3), 0);
    RC(OPS->set_attr(&d, G_SRC, 9, &lisn_cfg), 0);
    OPS->disconnect_vcpu(&d, &v);
    OPS->destroy(&d);
    g_assert_null(d.engine);
}

static void test_has_attr(Fx *f, gconstpointer data)
{
    bool nr = f->dev.profile->nr_servers;

    RC(OPS->has_attr(&f->dev, G_CTRL, 1), 0);
    RC(OPS->has_attr(&f->dev, G_CTRL, 2), 0);
    RC(OPS->has_attr(&f->dev, G_CTRL, 3), nr ? 0 : -ENXIO);
    RC(OPS->has_attr(&f->dev, G_CTRL, 4), -ENXIO);
    RC(OPS->has_attr(&f->dev, G_CTRL, 0), -ENXIO);
    for (uint32_t g = G_SRC; g <= G_SYNC; g++) {
        if (g == G_EQ) {
            continue;
        }
        RC(OPS->has_attr(&f->dev, g, 0), 0);
        RC(OPS->has_attr(&f->dev, g, 0x2000), 0);
        RC(OPS->has_attr(&f->dev, g, 0xfffff), 0);
        RC(OPS->has_attr(&f->dev, g, 0x100000), -ENXIO);
    }
    RC(OPS->has_attr(&f->dev, G_EQ, EQ(99999, 7)), 0);
    RC(OPS->has_attr(&f->dev, 0, 1), -ENXIO);
    RC(OPS->has_attr(&f->dev, 6, 0), -ENXIO);
    if (!nr) { /* power9-5.2: no NR_SERVERS, every server number */
        uint32_t n = 4;

        RC(OPS->set_attr(&f->dev, G_CTRL, 3, &n), -ENXIO);
        RC(vcpu_connect(f, 0, SIM_MAX_SERVERS), -EINVAL);
        RC(vcpu_connect(f, 0, SIM_MAX_SERVERS - 1), 0);
    }
}

static void test_ctrl(Fx *f, gconstpointer data)
{
    uint32_t n;
    uint64_t buf = 0;

    RC(OPS->set_attr(&f->dev, G_CTRL, 1, NULL), 0);
    RC(OPS->set_attr(&f->dev, G_CTRL, 2, NULL), 0);
    RC(OPS->set_attr(&f->dev, G_CTRL, 9, &buf), -ENXIO);
    RC(OPS->set_attr(&f->dev, 6, 0, &buf), -ENXIO);
    for (uint64_t a = 1; a <= 3; a++) {
        RC(OPS->get_attr(&f->dev, G_CTRL, a, &buf), -ENXIO);
    }
    RC(OPS->get_attr(&f->dev, 6, 0, &buf), -ENXIO);
    RC(OPS->set_attr(&f->dev, G_CTRL, 3, NULL), -EFAULT);
    n = 0;
    RC(OPS->set_attr(&f->dev, G_CTRL, 3, &n), -EINVAL);
    n = SIM_MAX_SERVERS + 1;
    RC(OPS->set_attr(&f->dev, G_CTRL, 3, &n), -EINVAL);
    n = SIM_MAX_SERVERS;
    RC(OPS->set_attr(&f->dev, G_CTRL, 3, &n), 0);
    /* A source before NR_SERVERS: its state survives the new size. */
    add_source(f, 0x30, 0);
    HX(SET_PQ(0x30, PQ_10), PQ_01);
    n = 4;
    RC(OPS->set_attr(&f->dev, G_CTRL, 3, &n), 0);
    HX(PQ(0x30), PQ_10);
    RC(set64(f, G_SYNC, 0x30, 0), 0);
    RC(vcpu_connect(f, 0, 4), -EINVAL);
    RC(vcpu_connect(f, 0, 3), 0);
    /* Frozen once a vCPU connected. */
    n = 8;
    RC(OPS->set_attr(&f->dev, G_CTRL, 3, &n), -EBUSY);
    RC(vcpu_connect(f, 1, 4), -EINVAL);
}

static void test_connect(Fx *f, gconstpointer data)
{
    SimVcpu *many = g_new0(SimVcpu, SIM_MAX_VCPUS + 1);

    RC(vcpu_connect(f, 0, 5), 0);
    RC(vcpu_connect(f, 1, 5), -EEXIST);
    RC(vcpu_connect(f, 1, 6), 0);
    g_assert_cmpuint(f->vcpu[0].slot, !=, f->vcpu[1].slot);
    /* The queue config sees the servers that are connected. */
    assert_eq_off(f, 6, 0);
    OPS->disconnect_vcpu(&f->dev, &f->vcpu[1]);
    RC(OPS->get_attr(&f->dev, G_EQ, EQ(6, 0), &(uint8_t[64]){0}), -ENOENT);
    RC(vcpu_connect(f, 2, 6), 0);
    /* SIM_MAX_VCPUS thread contexts, then -ENOSPC. */
    for (uint32_t i = 0; i < SIM_MAX_VCPUS - 2; i++) {
        many[i].fd = -1;
        RC(OPS->connect_vcpu(&f->dev, &many[i], 100 + i), 0);
    }
    RC(OPS->connect_vcpu(&f->dev, &many[SIM_MAX_VCPUS], 99), -ENOSPC);
    OPS->disconnect_vcpu(&f->dev, &many[7]);
    RC(OPS->connect_vcpu(&f->dev, &many[SIM_MAX_VCPUS], 99), 0);
    g_assert_cmpuint(many[SIM_MAX_VCPUS].slot, ==, many[7].slot);
    g_free(many);
}

static void test_source(Fx *f, gconstpointer data)
{
    uint64_t v = 0;

    RC(set64(f, G_SRC, 0x100000, 0), -E2BIG);
    RC(set64(f, G_SRC, 0x2000, 0), -E2BIG); /* limit */
    RC(OPS->set_attr(&f->dev, G_SRC, 1, NULL), -EFAULT);
    RC(set64(f, G_CFG, 0x100000, 0), -ENOENT);
    RC(set64(f, G_CFG, 0x2000, 0), -ENOENT);
    RC(set64(f, G_CFG, 1, 0), -EINVAL); /* not valid */
    RC(set64(f, G_SYNC, 0x100000, 0), -ENOENT);
    RC(set64(f, G_SYNC, 1, 0), -ENOENT);
    RC(mmio_rc(f, NULL, PG_ESB, ESB_MGMT(1) + ESB_GET, false), -EFAULT);

    RC(vcpu_connect(f, 0, 0), 0);
    add_source(f, 1, 0);
    HX(PQ(1), PQ_01);
    RC(set64(f, G_SYNC, 1, 0), 0);
    RC(OPS->set_attr(&f->dev, G_CFG, 1, NULL), -EFAULT);
    RC(route(f, 1, 0, 7, 0), -EINVAL); /* reserved */
    RC(route(f, 1, 1, 5, 0), -EINVAL); /* no server */
    RC(route(f, 1, 0, 5, 0), -EBUSY);  /* no queue */
    RC(set64(f, G_CFG, 1, cfg(77, 5, true, 9)), 0);
    for (uint32_t g = G_SRC; g <= G_SYNC; g++) {
        if (g != G_EQ) {
            RC(OPS->get_attr(&f->dev, g, 1, &v), -ENXIO);
        }
    }

    /* Writing the source again unroutes it and turns it off. */
    open_queue(f, 0, 5, 0x10000);
    RC(route(f, 1, 0, 5, 0x11), 0);
    SET_PQ(1, PQ_00);
    add_source(f, 1, 0);
    HX(PQ(1), PQ_01);
    SET_PQ(1, PQ_00);
    TRIGGER(1);
    HX(qentry(f, 0x10000), 0);
    RC(f->line[0], -1);

    /* The management page: set-PQ loads return the old PQ, 0x800 reads
     * it, set-PQ stores; a load from the trigger page reads all ones. */
    HX(SET_PQ(1, PQ_11), PQ_10);
    HX(SET_PQ(1, PQ_10), PQ_11);
    HX(SET_PQ(1, PQ_01), PQ_10);
    HX(PQ(1), PQ_01);
    store(f, NULL, PG_ESB, ESB_MGMT(1) + ESB_SET(PQ_10), 8, 0);
    HX(PQ(1), PQ_10);
    store(f, NULL, PG_ESB, ESB_MGMT(1) + ESB_SET(PQ_00), 8, 0);
    HX(PQ(1), PQ_00);
    HX(load(f, NULL, PG_ESB, ESB_TRIG(1), 8), UINT64_MAX);
    g_assert_cmpuint(f->reports, ==, 0);
}

static void test_eq_config(Fx *f, gconstpointer data)
{
    const uint32_t AN = SPAPR_KVM_XIVE_EQ_ALWAYS_NOTIFY;
    struct spapr_kvm_ppc_xive_eq eq;

    RC(OPS->set_attr(&f->dev, G_EQ, EQ(0, 5), NULL), -EFAULT);
    RC(eq_set(f, 0, 5, AN, 0x10000, 16, 1, 0), -ENOENT);
    RC(OPS->get_attr(&f->dev, G_EQ, EQ(0, 5), &eq), -ENOENT);
    RC(vcpu_connect(f, 0, 0), 0);
    RC(eq_set(f, 0, 7, AN, 0x10000, 16, 1, 0), -EINVAL);
    RC(OPS->get_attr(&f->dev, G_EQ, EQ(0, 7), &eq), -EINVAL);
    RC(OPS->get_attr(&f->dev, G_EQ, EQ(0, 5), NULL), -EFAULT);
    RC(eq_set(f, 0, 5, 0, 0x10000, 16, 1, 0), -EINVAL);
    RC(eq_set(f, 0, 5, 3, 0x10000, 16, 1, 0), -EINVAL);
    RC(eq_set(f, 0, 5, AN, 0x10000, 15, 1, 0), -EINVAL);
    RC(eq_set(f, 0, 5, AN, 0x10000, 13, 1, 0), -EINVAL);
    RC(eq_set(f, 0, 5, AN, 0x11000, 16, 1, 0), -EINVAL);
    RC(eq_set(f, 0, 5, AN, RAM_SIZE, 16, 1, 0), -EINVAL);
    /* xive_native_validate_queue_size(): 16 only; the sizes PAPR and TCG
     * also take are -EINVAL, aligned and in RAM as they are. */
    RC(eq_set(f, 0, 5, AN, 0x11000, 12, 1, 0), -EINVAL);
    RC(eq_set(f, 0, 5, AN, 0x200000, 21, 1, 0), -EINVAL);
    RC(eq_set(f, 0, 5, AN, 0, 24, 1, 0), -EINVAL);
    assert_eq_off(f, 0, 5);
    RC(eq_set(f, 0, 5, AN, 0x20000, 16, 1, 0), 0);

    /* Round trip; toggle 1 index 0 is the initial state. */
    eq = eq_get(f, 0, 5);
    g_assert_cmpuint(eq.flags, ==, AN);
    g_assert_cmpuint(eq.qshift, ==, 16);
    HX(eq.qaddr, 0x20000);
    g_assert_cmpuint(eq.qtoggle, ==, 1);
    g_assert_cmpuint(eq.qindex, ==, 0);
    g_assert_cmpuint(eq.pad[0] | eq.pad[39], ==, 0);
    RC(eq_set(f, 0, 5, AN, 0x20000, 16, 0, 16383), 0);
    eq = eq_get(f, 0, 5);
    g_assert_cmpuint(eq.qtoggle, ==, 0);
    g_assert_cmpuint(eq.qindex, ==, 16383);

    /* An event lands at the restored index with the restored generation
     * and wraps the queue (16384 entries). */
    LIVE_SOURCE(0x40, 0, 5);
    TRIGGER(0x40);
    HX(qentry(f, 0x20000 + 4 * 16383), 0x00000040);
    eq = eq_get(f, 0, 5);
    g_assert_cmpuint(eq.qtoggle, ==, 1);
    g_assert_cmpuint(eq.qindex, ==, 0);

    /* qshift 0 deconfigures whatever the flags. */
    RC(eq_set(f, 0, 5, 0xdead, 0x999, 0, 7, 7), 0);
    assert_eq_off(f, 0, 5);
    /* Without guest memory no queue is RAM. */
    f->guest.mem_read = NULL;
    RC(eq_set(f, 0, 5, AN, 0x10000, 16, 1, 0), -EINVAL);
    f->gp = NULL;
    RC(eq_set(f, 0, 5, AN, 0x10000, 16, 1, 0), -EINVAL);
}

/* Queue + source, a VMM store on the trigger page, the entry in RAM, the
 * line, the guest's ack through the TIMA, the EOI. */
static void test_delivery(Fx *f, gconstpointer data)
{
    SimVcpu *v1 = &f->vcpu[1];
    uint8_t vp[16];
    unsigned reports;

    RC(vcpu_connect(f, 0, 0), 0);
    RC(vcpu_connect(f, 1, 1), 0);
    open_queue(f, 1, 5, 0x10000);
    open_cppr(f, 0);
    open_cppr(f, 1);
    add_source(f, 0x100, 0);
    RC(route(f, 0x100, 1, 5, 0x1234), 0);
    TRIGGER(0x100); /* PQ 01: dropped */
    HX(qentry(f, 0x10000), 0);
    HX(SET_PQ(0x100, PQ_00), PQ_01);

    TRIGGER(0x100);
    HX(qentry(f, 0x10000), 0x80001234);
    HX(PQ(0x100), PQ_10);
    RC(f->line[1], 1);
    RC(f->line[0], -1);
    /* The guest of vCPU 1 acks: NSR before, CPPR after. */
    HX(load(f, v1, PG_TIMA, TM_ACK_OS, 2), 0x8005);
    RC(f->line[1], 0);
    RC(GET_REG(v1, SPAPR_KVM_REG_PPC_VP_STATE, vp), 0);
    HX(vp[1], 5);    /* CPPR */
    HX(vp[2], 0);    /* IPB */
    HX(vp[7], 0xff); /* PIPR */
    HX(EOI(0x100), 0);
    HX(PQ(0x100), PQ_00);

    /* CPPR 5 holds the next one back (IPB only); CPPR 0xff lets it in. */
    TRIGGER(0x100);
    HX(qentry(f, 0x10004), 0x80001234);
    RC(f->line[1], 0);
    store(f, v1, PG_TIMA, TM_OS_CPPR, 1, 0xff);
    RC(f->line[1], 1);
    g_assert_cmpuint(eq_get(f, 1, 5).qindex, ==, 2);

    /* Coalescing: 10 -> 11, the EOI of 11 forwards again (returns 1). */
    TRIGGER(0x100);
    HX(PQ(0x100), PQ_11);
    HX(qentry(f, 0x10008), 0);
    HX(EOI(0x100), 1);
    HX(PQ(0x100), PQ_10);
    HX(qentry(f, 0x10008), 0x80001234);
    /* The guest reaches the ESB pages too. */
    HX(load(f, v1, PG_ESB, ESB_MGMT(0x100), 8), 0);
    HX(PQ(0x100), PQ_00);

    /* With no guest attached, events go nowhere and nothing breaks. */
    f->gp = NULL;
    reports = f->reports;
    TRIGGER(0x100);
    HX(PQ(0x100), PQ_10);
    g_assert_cmpuint(f->reports, ==, reports);
    f->gp = &f->guest;
    g_assert_cmpuint(eq_get(f, 1, 5).qindex, ==, 3); /* the write failed */
}

/* kvmppc_xive_select_target and the act_* shortcut. */
static void test_select_target(Fx *f, gconstpointer data)
{
    for (int i = 0; i < 3; i++) {
        RC(vcpu_connect(f, i, i), 0);
        open_cppr(f, i);
    }
    open_queue(f, 2, 6, 0x20000);
    open_queue(f, 0, 2, 0x30000);
    open_queue(f, 2, 2, 0x40000);
    for (uint32_t l = 0x10; l < 0x14; l++) {
        add_source(f, l, 0);
        SET_PQ(l, PQ_00);
    }
    RC(route(f, 0x10, 3, 6, 1), -EINVAL);
    RC(route(f, 0x10, 1, 4, 1), -EBUSY);
    /* Server 1 has no queue 6: server 2 gets it. */
    RC(route(f, 0x10, 1, 6, 0x10), 0);
    TRIGGER(0x10);
    HX(qentry(f, 0x20000), 0x80000010);
    RC(f->line[2], 1);
    RC(f->line[1], -1);
    /* Queue 2 on servers 0 and 2: the lowest server. */
    RC(route(f, 0x11, 1, 2, 0x11), 0);
    TRIGGER(0x11);
    HX(qentry(f, 0x30000), 0x80000011);
    HX(qentry(f, 0x40000), 0);

    /* Masked with the active (server, prio, EISN): nothing changes. */
    RC(route(f, 0x12, 2, 6, 0x12), 0);
    RC(set64(f, G_CFG, 0x12, cfg(2, 6, true, 0x12)), 0);
    TRIGGER(0x12);
    HX(qentry(f, 0x20004), 0x80000012);
    /* Masked otherwise: unrouted, PQ untouched. */
    SET_PQ(0x12, PQ_00);
    RC(set64(f, G_CFG, 0x12, cfg(2, 6, true, 0x13)), 0);
    HX(PQ(0x12), PQ_00);
    TRIGGER(0x12);
    HX(qentry(f, 0x20008), 0);
    HX(PQ(0x12), PQ_10);
}

static void test_reset(Fx *f, gconstpointer data)
{
    uint8_t before[16], after[16];

    RC(vcpu_connect(f, 0, 0), 0);
    open_cppr(f, 0);
    open_queue(f, 0, 5, 0x10000);
    LIVE_SOURCE(0x20, 0, 5);
    add_source(f, 0x21, 0);
    SET_PQ(0x21, PQ_00);
    TRIGGER(0x20);
    RC(f->line[0], 1);
    RC(GET_REG(&f->vcpu[0], SPAPR_KVM_REG_PPC_VP_STATE, before), 0);
    HX(before[2], 0x04); /* IPB: priority 5 */

    RC(OPS->set_attr(&f->dev, G_CTRL, 1, NULL), 0);
    HX(PQ(0x20), PQ_01);
    HX(PQ(0x21), PQ_01);
    assert_eq_off(f, 0, 5);
    RC(GET_REG(&f->vcpu[0], SPAPR_KVM_REG_PPC_VP_STATE, after), 0);
    g_assert_cmpmem(before, 16, after, 16);
    RC(set64(f, G_SYNC, 0x20, 0), 0);
    RC(route(f, 0x20, 0, 5, 0x20), -EBUSY);
    open_queue(f, 0, 5, 0x10000);
    SET_PQ(0x20, PQ_00);
    TRIGGER(0x20); /* unrouted */
    g_assert_cmpuint(eq_get(f, 0, 5).qindex, ==, 0);
}

static void test_vp_state(Fx *f, gconstpointer data)
{
    const uint64_t VP = SPAPR_KVM_REG_PPC_VP_STATE;
    /* kvmppc_xive_native_connect_vcpu(): w01 = 0xff000000 (ACK_CNT), PIPR
     * 0 until the vCPU runs (the model derives 0xff from the empty IPB). */
    const uint8_t fresh[16] = {0, 0, 0, 0, 0xff, 0, 0, 0};
    const uint8_t ran[16] = {0, 0, 0, 0, 0xff, 0, 0, 0xff};
    const uint8_t pend[16] = {0x80, 0x07, 0x02, 0x11, 0x22, 0x33, 0x44, 6};
    uint8_t vp[16];
    uint64_t icp = 0;
    SimVcpu *v = &f->vcpu[0];

    RC(vcpu_connect(f, 0, 2), 0);
    RC(GET_REG(v, VP, vp), 0);
    g_assert_cmpmem(vp, 16, fresh, 16);
    RC(GET_REG(v, VP, NULL), -EFAULT);
    RC(SET_REG(v, VP, NULL), -EFAULT);
    RC(GET_REG(v, SPAPR_KVM_REG_PPC_ICP_STATE, &icp), -ENXIO);
    RC(SET_REG(v, SPAPR_KVM_REG_PPC_ICP_STATE, &icp), -ENXIO);
    RC(GET_REG(v, VP + 1, vp), -EINVAL);
    RC(SET_REG(v, VP - 1, vp), -EINVAL);

    /* Bytes 0-7 in, the line follows NSR; bytes 8-15 are ignored. */
    memcpy(vp, pend, 16);
    vp[12] = 0x99;
    RC(SET_REG(v, VP, vp), 0);
    RC(f->line[0], 1);
    memset(vp, 0x5a, 16);
    RC(GET_REG(v, VP, vp), 0);
    g_assert_cmpmem(vp, 16, pend, 16);
    /* The guest sees them through the TIMA OS ring (AGE is not readable). */
    HX(load(f, v, PG_TIMA, 2 * PAGE + 0x10, 8), 0x8007021122330006ull);
    HX(load(f, v, PG_TIMA, TM_ACK_OS, 2), 0x8006);
    RC(f->line[0], 0);
    RC(SET_REG(v, VP, pend), 0);
    RC(f->line[0], 1);
    RC(SET_REG(v, VP, fresh), 0);
    RC(f->line[0], 0);
    /* What was set reads back as set, PIPR 0 included. */
    RC(GET_REG(v, VP, vp), 0);
    g_assert_cmpmem(vp, 16, fresh, 16);

    /* A vCPU that ran reads the PIPR the hardware derived. */
    RC(vcpu_connect(f, 1, 3), 0);
    RC(GET_REG(&f->vcpu[1], VP, vp), 0);
    g_assert_cmpmem(vp, 16, fresh, 16);
    HX(load(f, &f->vcpu[1], PG_TIMA, 2 * PAGE + 0x10, 8),
       0x00000000ff0000ffull);
    RC(GET_REG(&f->vcpu[1], VP, vp), 0);
    g_assert_cmpmem(vp, 16, ran, 16);
}

/*
 * kvmppc_xive_native_get_vp(): an event for a vCPU out of the guest sets
 * its bit in the NVT's IPB backup, which VP_STATE ORs into the saved w01,
 * PIPR and NSR as the pull left them.  kvmppc_xive_native_set_vp() takes
 * w01 and leaves the backup; the next guest entry merges it (PIPR
 * derived, the exception raised) and spends it.
 */
static void test_vp_ipb_backup(Fx *f, gconstpointer data)
{
    const uint64_t VP = SPAPR_KVM_REG_PPC_VP_STATE;
    /* Pulled with CPPR 0xff and nothing pending. */
    const uint8_t idle[16] = {0, 0xff, 0, 0, 0xff, 0, 0, 0xff};
    /* The backup (priority 5) ORed in; NSR and PIPR as pulled. */
    const uint8_t merged[16] = {0, 0xff, 0x04, 0, 0xff, 0, 0, 0xff};
    /* The same, made consistent (what the library writes back). */
    const uint8_t derived[16] = {0x80, 0xff, 0x04, 0, 0xff, 0, 0, 5};
    /* After the ack: CPPR 5, nothing pending. */
    const uint8_t acked[16] = {0, 5, 0, 0, 0xff, 0, 0, 0xff};
    SimVcpu *v1 = &f->vcpu[1];
    uint8_t vp[16];

    RC(vcpu_connect(f, 1, 1), 0);
    open_queue(f, 1, 5, 0x10000);
    add_source(f, 0x100, 0);
    RC(route(f, 0x100, 1, 5, 0x1234), 0);
    HX(SET_PQ(0x100, PQ_00), PQ_01);
    OPS->vcpu_run(&f->dev, v1, true);
    open_cppr(f, 1);
    OPS->vcpu_run(&f->dev, v1, false);
    RC(GET_REG(v1, VP, vp), 0);
    g_assert_cmpmem(vp, 16, idle, 16);

    /* Out of the guest: queued, the wake-up line raised, PIPR stale. */
    TRIGGER(0x100);
    HX(qentry(f, 0x10000), 0x80001234);
    RC(f->line[1], 1);
    RC(GET_REG(v1, VP, vp), 0);
    g_assert_cmpmem(vp, 16, merged, 16);
    /* SET_ONE_REG keeps the backup: it reads back merged. */
    RC(SET_REG(v1, VP, idle), 0);
    RC(f->line[1], 0);
    RC(GET_REG(v1, VP, vp), 0);
    g_assert_cmpmem(vp, 16, merged, 16);
    RC(SET_REG(v1, VP, derived), 0);
    RC(GET_REG(v1, VP, vp), 0);
    g_assert_cmpmem(vp, 16, derived, 16);

    /* Entry merges it into what was set: taken once, then spent. */
    RC(SET_REG(v1, VP, idle), 0);
    OPS->vcpu_run(&f->dev, v1, true);
    RC(f->line[1], 1);
    HX(load(f, v1, PG_TIMA, TM_ACK_OS, 2), 0x8005);
    RC(f->line[1], 0);
    HX(load(f, v1, PG_TIMA, TM_ACK_OS, 2), 0x0005);
    OPS->vcpu_run(&f->dev, v1, false);
    RC(GET_REG(v1, VP, vp), 0);
    g_assert_cmpmem(vp, 16, acked, 16);
    OPS->vcpu_run(&f->dev, v1, true);
    RC(f->line[1], 0);
    HX(load(f, v1, PG_TIMA, TM_ACK_OS, 2), 0x0005);
}

/* The hardware has no LSI level: an asserted LSI is triggered like an MSI
 * and its EOI does not trigger it again (the emulated model would). */
static void test_lsi(Fx *f, gconstpointer data)
{
    RC(vcpu_connect(f, 0, 0), 0);
    open_queue(f, 0, 4, 0x10000);
    add_source(f, 0x50,
               SPAPR_KVM_XIVE_LEVEL_SENSITIVE | SPAPR_KVM_XIVE_LEVEL_ASSERTED);
    HX(PQ(0x50), PQ_01);
    RC(route(f, 0x50, 0, 4, 0x50), 0);
    SET_PQ(0x50, PQ_00);
    HX(qentry(f, 0x10000), 0); /* asserted: nothing yet */
    TRIGGER(0x50);
    HX(qentry(f, 0x10000), 0x80000050);
    HX(EOI(0x50), 0);
    HX(PQ(0x50), PQ_00);
    HX(qentry(f, 0x10004), 0);
    g_assert_cmpuint(eq_get(f, 0, 4).qindex, ==, 1);
}

static void test_mmap(Fx *f, gconstpointer data)
{
    const size_t esb = (size_t)1 << 37;

    RC(OPS->mmap_check(&f->dev, 0, 4 * PAGE), 0);
    RC(OPS->mmap_check(&f->dev, 0, PAGE), 0);
    RC(OPS->mmap_check(&f->dev, 0, 4 * PAGE + 1), -EINVAL);
    RC(OPS->mmap_check(&f->dev, 0, 0), -EINVAL);
    RC(OPS->mmap_check(&f->dev, 4, esb), 0);
    RC(OPS->mmap_check(&f->dev, 4, esb + 1), -EINVAL);
    for (uint64_t pg = 1; pg < 8; pg++) {
        if (pg != 4) {
            RC(OPS->mmap_check(&f->dev, pg, PAGE), -EINVAL);
        }
    }
}

/* A 4 KiB-page host (kvmppc_xive_native_mmap counts vma_pages()): QEMU's
 * TIMA of 4 x 64 KiB is 64 pages, over the limit of 4; the ESB limit is
 * KVMPPC_XIVE_NR_IRQS * 2 pages of 4 KiB, which QEMU's 0x2000 sources of
 * 128 KiB stay under.  A 64 KiB queue does not fit a 4 KiB host page
 * ("Incompatible host page size"). */
static void test_4k_pages(Fx *f, gconstpointer data)
{
    const uint64_t page4k = 0x1000;
    const size_t esb_limit = (size_t)(1u << 21) * page4k;

    RC(OPS->mmap_check(&f->dev, 0, 4 * PAGE), -EINVAL);
    RC(OPS->mmap_check(&f->dev, 0, 4 * page4k), 0);
    RC(OPS->mmap_check(&f->dev, 0, 4 * page4k + 1), -EINVAL);
    RC(OPS->mmap_check(&f->dev, 4, (size_t)0x2000 << 17), 0);
    RC(OPS->mmap_check(&f->dev, 4, esb_limit), 0);
    RC(OPS->mmap_check(&f->dev, 4, esb_limit + 1), -EINVAL);
    RC(vcpu_connect(f, 0, 0), 0);
    RC(eq_set(f, 0, 5, SPAPR_KVM_XIVE_EQ_ALWAYS_NOTIFY, 0x10000, 16, 1, 0),
       -EINVAL);
    assert_eq_off(f, 0, 5);
}

/* Where the kernel's fault handlers send SIGBUS. */
static void test_mmio_faults(Fx *f, gconstpointer data)
{
    SimVcpu *v0 = &f->vcpu[0];

    RC(vcpu_connect(f, 0, 0), 0);
    add_source(f, 8, 0);
    for (int w = 0; w < 2; w++) {
        RC(mmio_rc(f, v0, PG_TIMA, 0, w), -EFAULT); /* HW */
        RC(mmio_rc(f, v0, PG_TIMA, PAGE + 0x10, w), -EFAULT);
        RC(mmio_rc(f, NULL, PG_TIMA, 2 * PAGE, w), -EFAULT);
        /* vCPU 1 is not connected */
        RC(mmio_rc(f, &f->vcpu[1], PG_TIMA, 2 * PAGE, w), -EFAULT);
        RC(mmio_rc(f, NULL, PG_ESB, ESB_TRIG(9), w), -EFAULT);
        RC(mmio_rc(f, NULL, PG_ESB, ESB_MGMT(0x2000), w), -EFAULT);
        RC(mmio_rc(f, NULL, 5, 0, w), -EFAULT);
    }
    RC(mmio_rc(f, v0, PG_TIMA, 2 * PAGE, false), 0);
    RC(mmio_rc(f, NULL, PG_ESB, ESB_MGMT(8), false), 0);
}

/* Closing: the routes to the vCPU go (PQ 01), its queues too. */
static void test_disconnect(Fx *f, gconstpointer data)
{
    RC(vcpu_connect(f, 0, 0), 0);
    RC(vcpu_connect(f, 1, 1), 0);
    open_queue(f, 1, 6, 0x10000);
    open_queue(f, 0, 6, 0x20000);
    LIVE_SOURCE(0x60, 1, 6);
    LIVE_SOURCE(0x61, 0, 6);
    OPS->disconnect_vcpu(&f->dev, &f->vcpu[1]);
    HX(PQ(0x60), PQ_01);
    HX(PQ(0x61), PQ_00);
    RC(vcpu_connect(f, 2, 1), 0);
    open_cppr(f, 2);
    assert_eq_off(f, 1, 6);
    SET_PQ(0x60, PQ_00);
    TRIGGER(0x60);
    HX(qentry(f, 0x10000), 0);
    RC(f->line[2], -1);
    TRIGGER(0x61);
    HX(qentry(f, 0x20000), 0x80000061);
}

#define ADD(path, profile, fn)                                                 \
    g_test_add(path, Fx, profile, fx_setup, fn, fx_teardown)

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sim-xive/lifetime", test_lifetime);
    ADD("/sim-xive/has-attr/6.1", "power9-6.1", test_has_attr);
    ADD("/sim-xive/has-attr/5.2", "power9-5.2", test_has_attr);
    ADD("/sim-xive/ctrl", "power9-6.1", test_ctrl);
    ADD("/sim-xive/connect", "power9-6.1", test_connect);
    ADD("/sim-xive/source", "power9-6.1", test_source);
    ADD("/sim-xive/eq-config", "power9-6.1", test_eq_config);
    ADD("/sim-xive/delivery", "power9-6.1", test_delivery);
    ADD("/sim-xive/select-target", "power9-6.1", test_select_target);
    ADD("/sim-xive/reset", "power9-6.1", test_reset);
    ADD("/sim-xive/vp-state", "power9-6.1", test_vp_state);
    ADD("/sim-xive/vp-ipb-backup", "power9-6.1", test_vp_ipb_backup);
    ADD("/sim-xive/lsi", "power9-6.1", test_lsi);
    ADD("/sim-xive/mmap", "power9-6.1", test_mmap);
    ADD("/sim-xive/4k-pages", "power9-6.1-4k", test_4k_pages);
    ADD("/sim-xive/mmio-faults", "power9-6.1", test_mmio_faults);
    ADD("/sim-xive/disconnect", "power9-6.1", test_disconnect);
    return g_test_run();
}
