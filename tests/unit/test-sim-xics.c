/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The simulated kernel's XICS device (sim/xics_device.c),
 * driven through its engine ops directly, with a hand-built device and
 * vCPUs and a fake guest that records the vCPU lines: every errno of the
 * kernel's book3s_xics.c that the engine reproduces, the source and ICP
 * encodings, delivery through the hcalls, KVM_IRQ_LINE and RTAS.
 */
#include <errno.h>

#include <glib.h>

#include "hw/host/kvm_ppc_uapi.h"
#include "hw/intc/xics.h"
#include "sim/engine.h"

#define NV  4
#define FD0 100

/* A host whose XICS device is book3s_xics.c (POWER8), and one whose is
 * book3s_xive.c's XICS-on-XIVE (POWER9 and later). */
#define LEGACY "power8-5.10"
#define XOX    "power9-6.1"

#define GRP_SRC SPAPR_KVM_DEV_XICS_GRP_SOURCES
#define GRP_CTL SPAPR_KVM_DEV_XICS_GRP_CTRL
#define LEVEL   SPAPR_KVM_XICS_LEVEL_SENSITIVE
#define MASKED  SPAPR_KVM_XICS_MASKED
#define PENDING SPAPR_KVM_XICS_PENDING
#define PRESENT SPAPR_KVM_XICS_PRESENTED
#define QUEUED  SPAPR_KVM_XICS_QUEUED
#define ICP_REG SPAPR_KVM_REG_PPC_ICP_STATE

/* A source attribute value and an ICP_STATE value. */
#define SRC(server, prio, flags)                                               \
    ((uint64_t)(server) | (uint64_t)(prio) << 32 | (flags))
#define ICP(cppr, xisr, mfrr, ppri)                                            \
    ((uint64_t)(cppr) << 56 | (uint64_t)(xisr) << 32 |                         \
     (uint64_t)(mfrr) << 24 | (uint64_t)(ppri) << 16)

static const SimEngineOps *const ops = &sim_xics_engine;

typedef struct Fx {
    bool line[NV];
    unsigned changes;
    uint64_t tb;
    SpaprHostGuest guest;
    const SpaprHostGuest *gp;
    SimDevice dev;
    SimVcpu v[NV];
} Fx;

static void fx_set_vcpu_irq(void *opaque, int fd, bool level)
{
    Fx *f = opaque;

    g_assert_cmpint(fd, >=, FD0);
    g_assert_cmpint(fd, <, FD0 + NV);
    f->line[fd - FD0] = level;
    f->changes++;
}

static uint64_t fx_timebase(void *opaque)
{
    return ((Fx *)opaque)->tb;
}

static Fx *fx_new(const char *profile)
{
    Fx *f = g_new0(Fx, 1);

    f->guest = (SpaprHostGuest){.opaque = f,
                                .set_vcpu_irq = fx_set_vcpu_irq,
                                .get_timebase = fx_timebase};
    f->gp = &f->guest;
    f->dev = (SimDevice){.fd = 50,
                         .type = SPAPR_KVM_DEV_TYPE_XICS,
                         .ops = ops,
                         .profile = spapr_host_profile_find(profile),
                         .guest = &f->gp};
    g_assert_nonnull(f->dev.profile);
    for (int i = 0; i < NV; i++) {
        f->v[i] = (SimVcpu){.id = i, .fd = FD0 + i, .slot = UINT32_MAX};
    }
    g_assert_cmpint(ops->create(&f->dev), ==, 0);
    g_assert_nonnull(f->dev.engine);
    return f;
}

static void fx_free(Fx *f)
{
    for (int i = 0; i < NV; i++) {
        if (f->v[i].dev) {
            ops->disconnect_vcpu(&f->dev, &f->v[i]);
        }
    }
    ops->destroy(&f->dev);
    g_assert_null(f->dev.engine);
    g_free(f);
}

/* Connects vCPU @i as @server, as the core does. */
static int fx_connect(Fx *f, int i, uint32_t server)
{
    int r = ops->connect_vcpu(&f->dev, &f->v[i], server);

    if (r == 0) {
        f->v[i].dev = &f->dev;
        f->v[i].server = server;
    }
    return r;
}

static int set_src(Fx *f, uint64_t irq, uint64_t val)
{
    return ops->set_attr(&f->dev, GRP_SRC, irq, &val);
}

static uint64_t get_src(Fx *f, uint64_t irq)
{
    uint64_t val = 0xdeadbeef;

    g_assert_cmpint(ops->get_attr(&f->dev, GRP_SRC, irq, &val), ==, 0);
    return val;
}

static int set_nr(Fx *f, uint32_t n)
{
    return ops->set_attr(&f->dev, GRP_CTL, SPAPR_KVM_DEV_XICS_NR_SERVERS, &n);
}

static int64_t hc(Fx *f, int i, uint64_t op, uint64_t a0, uint64_t a1,
                  uint64_t *rets)
{
    uint64_t args[2] = {a0, a1}, r[2] = {0};
    int64_t ret = 12345;

    g_assert_cmpint(
        ops->hcall(&f->dev, &f->v[i], op, args, 2, rets ? rets : r, &ret), ==,
        0);
    return ret;
}

static uint64_t icp_get(Fx *f, int i)
{
    uint64_t val = 0xdeadbeef;

    g_assert_cmpint(ops->get_one_reg(&f->dev, &f->v[i], ICP_REG, &val), ==, 0);
    return val;
}

static int icp_set(Fx *f, int i, uint64_t val)
{
    return ops->set_one_reg(&f->dev, &f->v[i], ICP_REG, &val);
}

/* The kernel's RTAS calls, by name (the XICS table, hw/intc/xics_rtas.c). */
#define SIM_RTAS_SET_XIVE "ibm,set-xive"
#define SIM_RTAS_GET_XIVE "ibm,get-xive"
#define SIM_RTAS_INT_OFF  "ibm,int-off"
#define SIM_RTAS_INT_ON   "ibm,int-on"

static uint32_t rtas(Fx *f, const char *name, uint32_t nargs,
                     const uint32_t *args, uint32_t *rets)
{
    const SpaprRtasCall *call = spapr_rtas_find_name(xics_rtas_calls, name);
    uint32_t nret = g_str_equal(name, SIM_RTAS_GET_XIVE) ? 3 : 1;

    g_assert_nonnull(call);
    rets[0] = 0xdead;
    g_assert_cmpint(ops->rtas(&f->dev, &f->v[0], call, nargs, args, nret, rets),
                    ==, 0);
    return rets[0];
}

/* Accepts on vCPU @i (H_XIRR) and returns the XIRR. */
static uint64_t accept(Fx *f, int i)
{
    uint64_t rets[2] = {0};

    g_assert_cmpint(hc(f, i, SPAPR_H_XIRR, 0, 0, rets), ==, SPAPR_H_SUCCESS);
    return rets[0];
}

static void test_destroy_without_init(void)
{
    Fx *f = fx_new("power9-6.1");
    SimDevice bare = {.ops = ops};
    uint32_t args[1] = {0x1000}, rets[3] = {0};
    uint64_t val = 0;

    g_assert_null(ops->mmap_check);
    g_assert_null(ops->mmio);
    /* Nothing built yet: every read answers "no such thing". */
    g_assert_cmpint(ops->get_attr(&f->dev, GRP_SRC, 0x1000, &val), ==, -ENOENT);
    g_assert_cmpint(ops->irq_line(&f->dev, 0x1000, SPAPR_KVM_INTERRUPT_SET), ==,
                    -EINVAL);
    g_assert_cmpint(ops->get_one_reg(&f->dev, &f->v[0], ICP_REG, &val), ==,
                    -ENXIO);
    g_assert_cmpint(hc(f, 0, SPAPR_H_XIRR, 0, 0, NULL), ==, SPAPR_H_HARDWARE);
    g_assert_cmpint((int32_t)rtas(f, SIM_RTAS_GET_XIVE, 1, args, rets), ==, -3);
    g_assert_cmpuint(f->changes, ==, 0);
    fx_free(f);
    ops->destroy(&bare); /* engine NULL */
    g_assert_null(bare.engine);
}

static void test_has_attr(void)
{
    Fx *p9 = fx_new("power9-6.1"), *p8 = fx_new("power8-4.19");
    Fx *p8n = fx_new("power8-5.10");

    g_assert_cmpint(ops->has_attr(&p9->dev, GRP_SRC, 0), ==, -ENXIO);
    g_assert_cmpint(ops->has_attr(&p9->dev, GRP_SRC, 1), ==, 0);
    g_assert_cmpint(ops->has_attr(&p9->dev, GRP_SRC, 0x1000), ==, 0);
    g_assert_cmpint(ops->has_attr(&p9->dev, GRP_SRC, (1 << 20) - 1), ==, 0);
    g_assert_cmpint(ops->has_attr(&p9->dev, GRP_SRC, 1 << 20), ==, -ENXIO);
    g_assert_cmpint(ops->has_attr(&p9->dev, GRP_SRC, 1ULL << 32 | 0x1000), ==,
                    -ENXIO);
    g_assert_cmpint(ops->has_attr(&p9->dev, GRP_CTL, 1), ==, 0);
    /* book3s_xics.c never had NR_SERVERS, 5.10 or not. */
    g_assert_cmpint(ops->has_attr(&p8n->dev, GRP_CTL, 1), ==, -ENXIO);
    g_assert_cmpint(ops->has_attr(&p8->dev, GRP_CTL, 1), ==, -ENXIO);
    g_assert_cmpint(ops->has_attr(&p9->dev, GRP_CTL, 2), ==, -ENXIO);
    g_assert_cmpint(ops->has_attr(&p9->dev, 3, 1), ==, -ENXIO);
    fx_free(p9);
    fx_free(p8);
    fx_free(p8n);
}

static void test_nr_servers(void)
{
    Fx *f = fx_new("power8-4.19");
    uint32_t n = 4;

    g_assert_cmpint(set_nr(f, 4), ==, -ENXIO); /* no such attribute */
    fx_free(f);

    f = fx_new("power9-6.1");
    g_assert_cmpint(ops->set_attr(&f->dev, GRP_CTL, 1, NULL), ==, -EFAULT);
    g_assert_cmpint(set_nr(f, 0), ==, -EINVAL);
    g_assert_cmpint(set_nr(f, SIM_MAX_SERVERS + 1), ==, -EINVAL);
    g_assert_cmpint(set_nr(f, SIM_MAX_SERVERS), ==, 0);
    g_assert_cmpint(set_nr(f, 4), ==, 0);
    g_assert_cmpint(ops->get_attr(&f->dev, GRP_CTL, 1, &n), ==, -ENXIO);
    g_assert_cmpint(ops->set_attr(&f->dev, GRP_CTL, 2, &n), ==, -ENXIO);
    g_assert_cmpint(fx_connect(f, 0, 4), ==, -EINVAL);
    g_assert_cmpint(fx_connect(f, 0, 3), ==, 0);
    g_assert_cmpint(set_nr(f, 8), ==, -EBUSY);
    g_assert_cmpint(fx_connect(f, 1, 4), ==, -EINVAL); /* still 4 */
    /* Frozen for the device's life, even with no vCPU left. */
    ops->disconnect_vcpu(&f->dev, &f->v[0]);
    f->v[0].dev = NULL;
    g_assert_cmpint(set_nr(f, 8), ==, -EBUSY);
    fx_free(f);

    /* A source write builds the model first; NR_SERVERS may still grow. */
    f = fx_new("power9-6.1");
    g_assert_cmpint(set_nr(f, 2), ==, 0);
    /* XICS-on-XIVE: no such server, accepted and left untargeted. */
    g_assert_cmpint(set_src(f, 0x1000, SRC(7, 5, MASKED)), ==, 0);
    g_assert_cmpint(set_src(f, 0x1000, SRC(7, 0xff, MASKED)), ==, 0);
    g_assert_cmpint(set_nr(f, 8), ==, 0);
    g_assert_cmpint(fx_connect(f, 0, 7), ==, 0);
    g_assert_cmpint(set_src(f, 0x1000, SRC(7, 5, MASKED)), ==, 0);
    g_assert_cmpint(fx_connect(f, 1, 8), ==, -EINVAL);
    fx_free(f);
}

static void test_connect(void)
{
    Fx *f = fx_new("power9-6.1");
    SimVcpu *many = g_new0(SimVcpu, SIM_MAX_VCPUS + 1);

    g_assert_cmpint(fx_connect(f, 0, SIM_MAX_SERVERS), ==, -EINVAL);
    g_assert_cmpint(fx_connect(f, 0, SIM_MAX_SERVERS - 1), ==, 0);
    g_assert_cmpint(fx_connect(f, 1, 0), ==, 0);
    g_assert_cmpint(hc(f, 0, SPAPR_H_CPPR, 0xff, 0, NULL), ==, SPAPR_H_SUCCESS);
    g_assert_cmpuint(f->v[0].slot, <, SIM_MAX_VCPUS);
    g_assert_cmpuint(f->v[1].slot, <, SIM_MAX_VCPUS);
    g_assert_cmpuint(f->v[0].slot, !=, f->v[1].slot);
    g_assert_cmpint(fx_connect(f, 2, 0), ==, -EEXIST);
    g_assert_cmpint(fx_connect(f, 2, SIM_MAX_SERVERS - 1), ==, -EEXIST);

    /* An IPI raises vCPU 0; its disconnect lowers the line and frees the
     * server for another vCPU. */
    g_assert_cmpint(hc(f, 1, SPAPR_H_IPI, SIM_MAX_SERVERS - 1, 5, NULL), ==,
                    SPAPR_H_SUCCESS);
    g_assert_true(f->line[0]);
    ops->disconnect_vcpu(&f->dev, &f->v[0]);
    f->v[0].dev = NULL;
    g_assert_false(f->line[0]);
    g_assert_cmpint(hc(f, 0, SPAPR_H_XIRR, 0, 0, NULL), ==, SPAPR_H_HARDWARE);
    g_assert_cmpint(fx_connect(f, 2, SIM_MAX_SERVERS - 1), ==, 0);
    g_assert_cmpuint(icp_get(f, 2), ==, ICP(0, 0, 0xff, 0xff));
    fx_free(f);

    /* The vCPU table is full at SIM_MAX_VCPUS. */
    f = fx_new("power9-6.1");
    for (uint32_t i = 0; i <= SIM_MAX_VCPUS; i++) {
        many[i] = (SimVcpu){.id = i, .fd = -1};
    }
    for (uint32_t i = 0; i < SIM_MAX_VCPUS; i++) {
        g_assert_cmpint(ops->connect_vcpu(&f->dev, &many[i], i), ==, 0);
        g_assert_cmpuint(many[i].slot, ==, i);
    }
    g_assert_cmpint(
        ops->connect_vcpu(&f->dev, &many[SIM_MAX_VCPUS], SIM_MAX_VCPUS), ==,
        -ENOSPC);
    ops->disconnect_vcpu(&f->dev, &many[17]);
    g_assert_cmpint(
        ops->connect_vcpu(&f->dev, &many[SIM_MAX_VCPUS], SIM_MAX_VCPUS), ==, 0);
    g_assert_cmpuint(many[SIM_MAX_VCPUS].slot, ==, 17);
    fx_free(f);
    g_free(many);
}

static void test_source_errors(void)
{
    Fx *f = fx_new(LEGACY);
    uint64_t val = SRC(0, 5, 0);

    g_assert_cmpint(fx_connect(f, 0, 0), ==, 0);
    g_assert_cmpint(set_src(f, 0, val), ==, -ENOENT);
    g_assert_cmpint(set_src(f, 0xfff, val), ==, -ENOENT); /* not modelled */
    g_assert_cmpint(set_src(f, 0x2000, val), ==, -ENOENT);
    g_assert_cmpint(set_src(f, 1 << 20, val), ==, -ENOENT);
    g_assert_cmpint(ops->get_attr(&f->dev, GRP_SRC, 0xfff, &val), ==, -ENOENT);
    g_assert_cmpint(ops->get_attr(&f->dev, GRP_SRC, 0x1000, &val), ==, -ENOENT);
    g_assert_cmpint(ops->get_attr(&f->dev, GRP_SRC, 0x1000, NULL), ==, -ENOENT);
    g_assert_cmpint(ops->set_attr(&f->dev, GRP_SRC, 0x1000, NULL), ==, -EFAULT);
    /* A priority needs a connected server, even when MASKED is set. */
    g_assert_cmpint(set_src(f, 0x1000, SRC(9, 5, 0)), ==, -EINVAL);
    g_assert_cmpint(set_src(f, 0x1000, SRC(9, 5, MASKED)), ==, -EINVAL);
    g_assert_cmpint(ops->get_attr(&f->dev, GRP_SRC, 0x1000, &val), ==, -ENOENT);
    g_assert_cmpint(set_src(f, 0x1000, SRC(9, 0xff, MASKED)), ==, 0);
    g_assert_cmpint(ops->get_attr(&f->dev, GRP_SRC, 0x1000, NULL), ==, -EFAULT);
    g_assert_cmpint(ops->set_attr(&f->dev, 3, 0x1000, &val), ==, -ENXIO);
    g_assert_cmpint(ops->get_attr(&f->dev, 3, 0x1000, &val), ==, -ENXIO);
    fx_free(f);
}

static void test_source_encoding(void)
{
    /* Set then get, bit for bit.  vCPU 0's CPPR is 0, so nothing is
     * presented and an unmasked pending MSI is rejected (PENDING). */
    static const uint64_t same[] = {
        SRC(0, 5, 0),
        SRC(0, 6, MASKED),
        SRC(0xfedcba98, 0xff, MASKED),
        SRC(0, 7, LEVEL | PENDING | MASKED),
        SRC(0, 4, PENDING | MASKED),
        SRC(0, 3, LEVEL),
        SRC(0, 0, LEVEL | PENDING),
        SRC(0, 2, PENDING),
    };
    /* Normalised by the kernel: value set, value read. */
    static const uint64_t changed[][2] = {
        {SRC(0, 0xff, 0), SRC(0, 0xff, MASKED)},
        {SRC(0, 5, PRESENT | QUEUED), SRC(0, 5, 0)},
        {SRC(0, 5, 1ULL << 50), SRC(0, 5, 0)},
        {SRC(0, 0xff, LEVEL | PENDING), SRC(0, 0xff, LEVEL | PENDING | MASKED)},
    };
    Fx *f = fx_new(LEGACY);

    g_assert_cmpint(fx_connect(f, 0, 0), ==, 0);
    for (size_t i = 0; i < G_N_ELEMENTS(same); i++) {
        g_assert_cmpint(set_src(f, 0x1100 + i, same[i]), ==, 0);
        g_assert_cmphex(get_src(f, 0x1100 + i), ==, same[i]);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(changed); i++) {
        g_assert_cmpint(set_src(f, 0x1200 + i, changed[i][0]), ==, 0);
        g_assert_cmphex(get_src(f, 0x1200 + i), ==, changed[i][1]);
    }
    /* A write replaces the source: the LSI becomes an idle MSI. */
    g_assert_cmpint(set_src(f, 0x1106, SRC(0, 3, 0)), ==, 0);
    g_assert_cmphex(get_src(f, 0x1106), ==, SRC(0, 3, 0));
    g_assert_false(f->line[0]);
    fx_free(f);
}

static void test_delivery(void)
{
    Fx *f = fx_new(LEGACY);
    uint64_t rets[2] = {0};

    f->tb = 0x123456789abcULL;
    g_assert_cmpint(fx_connect(f, 0, 0), ==, 0);
    g_assert_cmpint(fx_connect(f, 1, 1), ==, 0);
    g_assert_cmpint(hc(f, 1, SPAPR_H_CPPR, 0xff, 0, NULL), ==, SPAPR_H_SUCCESS);
    g_assert_false(f->line[1]);

    /* A pending MSI more favoured than CPPR raises its server's line. */
    g_assert_cmpint(set_src(f, 0x1010, SRC(1, 5, PENDING)), ==, 0);
    g_assert_true(f->line[1]);
    g_assert_false(f->line[0]);
    g_assert_cmphex(get_src(f, 0x1010), ==, SRC(1, 5, 0));
    g_assert_cmphex(icp_get(f, 1), ==, ICP(0xff, 0x1010, 0xff, 5));
    g_assert_cmphex(accept(f, 1), ==, 0xff001010);
    g_assert_false(f->line[1]);
    g_assert_cmphex(icp_get(f, 1), ==, ICP(5, 0, 0xff, 0xff));
    g_assert_cmpint(hc(f, 1, SPAPR_H_EOI, 0xff001010, 0, NULL), ==,
                    SPAPR_H_SUCCESS);
    g_assert_cmphex(icp_get(f, 1), ==, ICP(0xff, 0, 0xff, 0xff));
    g_assert_false(f->line[1]);

    /* An LSI: presented, accepted with the timebase (H_XIRR_X), resent at
     * EOI while still asserted, quiet once lowered. */
    g_assert_cmpint(set_src(f, 0x1011, SRC(1, 4, LEVEL | PENDING)), ==, 0);
    g_assert_true(f->line[1]);
    g_assert_cmphex(get_src(f, 0x1011), ==,
                    SRC(1, 4, LEVEL | PENDING | PRESENT));
    g_assert_cmpint(hc(f, 1, SPAPR_H_XIRR_X, 0, 0, rets), ==, SPAPR_H_SUCCESS);
    g_assert_cmphex(rets[0], ==, 0xff001011);
    g_assert_cmphex(rets[1], ==, f->tb);
    g_assert_false(f->line[1]);
    g_assert_cmpint(hc(f, 1, SPAPR_H_EOI, 0xff001011, 0, NULL), ==,
                    SPAPR_H_SUCCESS);
    g_assert_true(f->line[1]);
    g_assert_cmphex(accept(f, 1), ==, 0xff001011);
    g_assert_cmpint(ops->irq_line(&f->dev, 0x1011, SPAPR_KVM_INTERRUPT_UNSET),
                    ==, 0);
    g_assert_cmpint(hc(f, 1, SPAPR_H_EOI, 0xff001011, 0, NULL), ==,
                    SPAPR_H_SUCCESS);
    g_assert_false(f->line[1]);
    g_assert_cmphex(get_src(f, 0x1011), ==, SRC(1, 4, LEVEL));

    /* Less favoured than CPPR: rejected, then resent when CPPR drops. */
    g_assert_cmpint(hc(f, 1, SPAPR_H_CPPR, 4, 0, NULL), ==, SPAPR_H_SUCCESS);
    g_assert_cmpint(set_src(f, 0x1012, SRC(1, 6, PENDING)), ==, 0);
    g_assert_false(f->line[1]);
    g_assert_cmphex(get_src(f, 0x1012), ==, SRC(1, 6, PENDING));
    g_assert_cmpint(hc(f, 1, SPAPR_H_CPPR, 0xff, 0, NULL), ==, SPAPR_H_SUCCESS);
    g_assert_true(f->line[1]);
    g_assert_cmphex(get_src(f, 0x1012), ==, SRC(1, 6, 0));
    g_assert_cmphex(accept(f, 1), ==, 0xff001012);
    g_assert_cmpint(hc(f, 1, SPAPR_H_EOI, 0xff001012, 0, NULL), ==,
                    SPAPR_H_SUCCESS);

    /* IPIs between vCPUs, H_IPOLL, and the errors. */
    g_assert_cmpint(hc(f, 0, SPAPR_H_IPI, 1, 3, NULL), ==, SPAPR_H_SUCCESS);
    g_assert_true(f->line[1]);
    g_assert_false(f->line[0]);
    g_assert_cmpint(hc(f, 0, SPAPR_H_IPOLL, 1, 0, rets), ==, SPAPR_H_SUCCESS);
    g_assert_cmphex(rets[0], ==, 0xff000002);
    g_assert_cmphex(rets[1], ==, 3);
    g_assert_cmphex(accept(f, 1), ==, 0xff000002);
    g_assert_cmpint(hc(f, 0, SPAPR_H_IPI, 9, 3, NULL), ==, SPAPR_H_PARAMETER);
    g_assert_cmpint(hc(f, 2, SPAPR_H_CPPR, 0xff, 0, NULL), ==,
                    SPAPR_H_HARDWARE);
    g_assert_cmpint(ops->hcall(&f->dev, &f->v[0], SPAPR_H_INT_RESET, rets, 2,
                               rets, (int64_t[1]){0}),
                    ==, -ENOENT);
    fx_free(f);
}

static void test_icp_state(void)
{
    static const uint64_t bad[] = {
        ICP(0xff, 0, 0xff, 5),     /* nothing pending needs 0xff */
        ICP(6, 2, 4, 3),           /* IPI: pending != MFRR */
        ICP(4, 2, 4, 4),           /* IPI: pending not below CPPR */
        ICP(6, 0x1020, 3, 3),      /* source: pending not below MFRR */
        ICP(3, 0x1020, 0xff, 3),   /* source: pending not below CPPR */
        ICP(6, 0x1021, 0xff, 3),   /* no such source */
        ICP(6, 0x500, 0xff, 3),    /* outside the model */
        ICP(6, 0xffffff, 0xff, 3), /* outside the kernel */
    };
    Fx *f = fx_new(LEGACY), *p8 = fx_new("power8-4.19");
    Fx *x = fx_new(XOX);
    const uint64_t idle = ICP(0xff, 0, 0xff, 0xff);
    const uint64_t vp = SPAPR_KVM_REG_PPC_VP_STATE;
    uint64_t val[2] = {0};

    g_assert_cmpint(fx_connect(f, 0, 0), ==, 0);
    g_assert_cmpint(fx_connect(p8, 0, 0), ==, 0);
    g_assert_cmpint(fx_connect(x, 0, 0), ==, 0);
    g_assert_cmpint(set_src(f, 0x1020, SRC(0, 5, MASKED)), ==, 0);
    g_assert_cmphex(icp_get(f, 0), ==, ICP(0, 0, 0xff, 0xff));

    g_assert_cmpint(icp_set(f, 0, ICP(5, 0x1020, 0xff, 3)), ==, 0);
    g_assert_cmphex(icp_get(f, 0), ==, ICP(5, 0x1020, 0xff, 3));
    g_assert_true(f->line[0]);
    g_assert_cmpint(icp_set(f, 0, idle), ==, 0);
    g_assert_false(f->line[0]);
    g_assert_cmpint(icp_set(f, 0, ICP(6, 2, 4, 4) | 0xffff), ==, 0);
    g_assert_cmphex(icp_get(f, 0), ==, ICP(6, 2, 4, 4));
    g_assert_true(f->line[0]);
    g_assert_cmphex(accept(f, 0), ==, 0x06000002);
    g_assert_cmpint(icp_set(f, 0, idle), ==, 0);
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_assert_cmpint(icp_set(f, 0, bad[i]), ==, -EINVAL);
        g_assert_cmphex(icp_get(f, 0), ==, idle);
    }
    g_assert_false(f->line[0]);

    g_assert_cmpint(ops->set_one_reg(&f->dev, &f->v[0], ICP_REG, NULL), ==,
                    -EFAULT);
    g_assert_cmpint(ops->get_one_reg(&f->dev, &f->v[0], ICP_REG, NULL), ==,
                    -EFAULT);
    g_assert_cmpint(ops->get_one_reg(&f->dev, &f->v[1], ICP_REG, val), ==,
                    -ENXIO);
    g_assert_cmpint(icp_set(f, 1, idle), ==, -ENXIO);
    /* VP_STATE: an XICS vCPU of an XICS-on-XIVE host (not a XIVE one)
     * -EPERM, of a genuine XICS host -ENXIO. */
    g_assert_cmpint(ops->get_one_reg(&x->dev, &x->v[0], vp, val), ==, -EPERM);
    g_assert_cmpint(ops->set_one_reg(&x->dev, &x->v[0], vp, val), ==, -EPERM);
    g_assert_cmpint(ops->get_one_reg(&f->dev, &f->v[0], vp, val), ==, -ENXIO);
    g_assert_cmpint(ops->get_one_reg(&p8->dev, &p8->v[0], vp, val), ==, -ENXIO);
    g_assert_cmpint(ops->set_one_reg(&p8->dev, &p8->v[0], vp, val), ==, -ENXIO);
    g_assert_cmpint(ops->get_one_reg(&f->dev, &f->v[0], ICP_REG + 2, val), ==,
                    -EINVAL);
    g_assert_cmpint(ops->set_one_reg(&f->dev, &f->v[0], ICP_REG + 2, val), ==,
                    -EINVAL);
    fx_free(f);
    fx_free(p8);
    fx_free(x);
}

static void test_irq_line(void)
{
    Fx *f = fx_new(LEGACY);
    uint32_t args[1] = {0x1030}, rets[3] = {0};
    unsigned changes;

    g_assert_cmpint(fx_connect(f, 0, 0), ==, 0);
    g_assert_cmpint(hc(f, 0, SPAPR_H_CPPR, 0xff, 0, NULL), ==, SPAPR_H_SUCCESS);
    g_assert_cmpint(ops->irq_line(&f->dev, 0x1030, 1), ==, -EINVAL);
    g_assert_cmpint(ops->irq_line(&f->dev, 0x500, 1), ==, -EINVAL);
    g_assert_cmpint(ops->irq_line(&f->dev, 0x2000, 1), ==, -EINVAL);

    /* A masked MSI: lowering is a no-op, an edge is kept pending and
     * delivered by ibm,int-on. */
    g_assert_cmpint(set_src(f, 0x1030, SRC(0, 5, MASKED)), ==, 0);
    changes = f->changes;
    g_assert_cmpint(ops->irq_line(&f->dev, 0x1030, 0), ==, 0);
    g_assert_cmpint(ops->irq_line(&f->dev, 0x1030, SPAPR_KVM_INTERRUPT_UNSET),
                    ==, 0);
    g_assert_cmphex(get_src(f, 0x1030), ==, SRC(0, 5, MASKED));
    g_assert_cmpint(ops->irq_line(&f->dev, 0x1030, SPAPR_KVM_INTERRUPT_SET), ==,
                    0);
    g_assert_cmphex(get_src(f, 0x1030), ==, SRC(0, 5, MASKED | PENDING));
    g_assert_cmpuint(f->changes, ==, changes);
    g_assert_cmpint(rtas(f, SIM_RTAS_INT_ON, 1, args, rets), ==, 0);
    g_assert_true(f->line[0]);
    g_assert_cmphex(get_src(f, 0x1030), ==, SRC(0, 5, 0));
    g_assert_cmphex(accept(f, 0), ==, 0xff001030);
    g_assert_cmpint(hc(f, 0, SPAPR_H_EOI, 0xff001030, 0, NULL), ==,
                    SPAPR_H_SUCCESS);

    /* An unmasked MSI: any level other than UNSET is an edge. */
    g_assert_cmpint(ops->irq_line(&f->dev, 0x1030, 7), ==, 0);
    g_assert_true(f->line[0]);
    g_assert_cmphex(accept(f, 0), ==, 0xff001030);
    g_assert_cmpint(hc(f, 0, SPAPR_H_EOI, 0xff001030, 0, NULL), ==,
                    SPAPR_H_SUCCESS);

    /* An LSI follows its level. */
    g_assert_cmpint(set_src(f, 0x1031, SRC(0, 5, LEVEL)), ==, 0);
    g_assert_cmpint(
        ops->irq_line(&f->dev, 0x1031, SPAPR_KVM_INTERRUPT_SET_LEVEL), ==, 0);
    g_assert_true(f->line[0]);
    g_assert_cmphex(get_src(f, 0x1031), ==,
                    SRC(0, 5, LEVEL | PENDING | PRESENT));
    g_assert_cmphex(accept(f, 0), ==, 0xff001031);
    g_assert_cmpint(ops->irq_line(&f->dev, 0x1031, SPAPR_KVM_INTERRUPT_UNSET),
                    ==, 0);
    g_assert_cmphex(get_src(f, 0x1031), ==, SRC(0, 5, LEVEL | PRESENT));
    g_assert_cmpint(hc(f, 0, SPAPR_H_EOI, 0xff001031, 0, NULL), ==,
                    SPAPR_H_SUCCESS);
    g_assert_false(f->line[0]);
    g_assert_cmphex(get_src(f, 0x1031), ==, SRC(0, 5, LEVEL));
    fx_free(f);
}

static void test_rtas(void)
{
    Fx *f = fx_new(LEGACY);
    uint32_t rets[3] = {0};

    g_assert_cmpint(fx_connect(f, 0, 0), ==, 0);
    g_assert_cmpint(fx_connect(f, 1, 1), ==, 0);
    g_assert_cmpint(set_src(f, 0x1040, SRC(0, 0xff, MASKED)), ==, 0);
    g_assert_cmpint(
        rtas(f, SIM_RTAS_SET_XIVE, 3, (uint32_t[]){0x1040, 1, 7}, rets), ==, 0);
    g_assert_cmphex(get_src(f, 0x1040), ==, SRC(1, 7, 0));
    g_assert_cmpint(rtas(f, SIM_RTAS_GET_XIVE, 1, (uint32_t[]){0x1040}, rets),
                    ==, 0);
    g_assert_cmpuint(rets[1], ==, 1);
    g_assert_cmpuint(rets[2], ==, 7);
    g_assert_cmpint(rtas(f, SIM_RTAS_INT_OFF, 1, (uint32_t[]){0x1040}, rets),
                    ==, 0);
    g_assert_cmphex(get_src(f, 0x1040), ==, SRC(1, 7, MASKED));
    g_assert_cmpint(rtas(f, SIM_RTAS_INT_ON, 1, (uint32_t[]){0x1040}, rets), ==,
                    0);
    g_assert_cmphex(get_src(f, 0x1040), ==, SRC(1, 7, 0));
    /* Parameter errors: unknown server, unset source, argument count. */
    g_assert_cmpint((int32_t)rtas(f, SIM_RTAS_SET_XIVE, 3,
                                  (uint32_t[]){0x1040, 9, 7}, rets),
                    ==, -3);
    g_assert_cmpint(
        (int32_t)rtas(f, SIM_RTAS_INT_ON, 1, (uint32_t[]){0x1041}, rets), ==,
        -3);
    g_assert_cmpint(
        (int32_t)rtas(f, SIM_RTAS_INT_OFF, 2, (uint32_t[]){0x1040, 0}, rets),
        ==, -3);
    g_assert_cmphex(get_src(f, 0x1040), ==, SRC(1, 7, 0));
    /* A call the kernel does not handle. */
    g_assert_cmpint(
        ops->rtas(&f->dev, &f->v[0],
                  &(const SpaprRtasCall){"ibm,bogus", 99, 1, 1, NULL}, 1,
                  (uint32_t[]){0x1040}, 1, rets),
        ==, -ENOENT);
    fx_free(f);
}

/* XICS-on-XIVE (book3s_xive.c xive_set_source): a source aimed at a server
 * that does not exist is accepted and left untargeted: it reads back with
 * the last server it was targeted at (0) and the guest's priority, an edge
 * reaches no vCPU, ibm,int-on fails, and ibm,set-xive to a real server
 * targets it.  book3s_xics.c answers -EINVAL. */
static void test_xox_untargeted(void)
{
    Fx *x = fx_new(XOX), *l = fx_new(LEGACY);
    uint32_t rets[3] = {0};

    g_assert_cmpint(fx_connect(x, 0, 0), ==, 0);
    g_assert_cmpint(fx_connect(l, 0, 0), ==, 0);
    g_assert_cmpint(hc(x, 0, SPAPR_H_CPPR, 0xff, 0, NULL), ==, SPAPR_H_SUCCESS);
    g_assert_cmpint(set_src(l, 0x1300, SRC(9, 5, 0)), ==, -EINVAL);
    g_assert_cmpint(set_src(x, 0x1300, SRC(9, 5, 0)), ==, 0);
    g_assert_cmphex(get_src(x, 0x1300), ==, SRC(0, 5, 0));
    g_assert_cmpint(
        (int32_t)rtas(x, SIM_RTAS_INT_ON, 1, (uint32_t[]){0x1300}, rets), ==,
        -3);
    g_assert_false(x->line[0]);
    /* Even a pending one stays quiet while untargeted. */
    g_assert_cmpint(set_src(x, 0x1301, SRC(9, 4, PENDING)), ==, 0);
    g_assert_false(x->line[0]);
    /* Re-targeted by the guest: delivered from now on. */
    g_assert_cmpint(
        rtas(x, SIM_RTAS_SET_XIVE, 3, (uint32_t[]){0x1300, 0, 5}, rets), ==, 0);
    g_assert_cmphex(get_src(x, 0x1300), ==, SRC(0, 5, 0));
    g_assert_cmpint(ops->irq_line(&x->dev, 0x1300, SPAPR_KVM_INTERRUPT_SET), ==,
                    0);
    g_assert_true(x->line[0]);
    g_assert_cmphex(accept(x, 0), ==, 0xff001300);
    fx_free(x);
    fx_free(l);
}

/* XICS-on-XIVE ICP_STATE (kvmppc_xive_set_icp / _get_icp): no consistency
 * check, CPPR and MFRR kept, XISR and pending priority not kept; an XISR
 * naming a valid source re-triggers it, one naming no source yet is parked
 * and makes that source pending when it is set. */
static void test_xox_icp_state(void)
{
    static const uint64_t inconsistent[] = {
        ICP(0xff, 0, 0xff, 5),     ICP(6, 2, 4, 3),
        ICP(3, 0x1020, 0xff, 3),   ICP(6, 0x500, 0xff, 3),
        ICP(6, 0xffffff, 0xff, 3),
    };
    Fx *x = fx_new(XOX), *l = fx_new(LEGACY);

    g_assert_cmpint(fx_connect(x, 0, 0), ==, 0);
    g_assert_cmpint(fx_connect(l, 0, 0), ==, 0);
    for (size_t i = 0; i < G_N_ELEMENTS(inconsistent); i++) {
        uint64_t v = inconsistent[i];

        g_assert_cmpint(icp_set(l, 0, v), ==, -EINVAL);
        g_assert_cmpint(icp_set(x, 0, v), ==, 0);
        g_assert_cmphex(icp_get(x, 0), ==,
                        ICP(v >> 56, 0, (v >> 24) & 0xff, 0xff));
    }
    /* MFRR below CPPR: the IPI. */
    g_assert_cmpint(icp_set(x, 0, ICP(0xff, 0, 4, 0xff)), ==, 0);
    g_assert_true(x->line[0]);
    g_assert_cmphex(accept(x, 0), ==, 0xff000002);
    g_assert_cmpint(icp_set(x, 0, ICP(0xff, 0, 0xff, 0xff)), ==, 0);
    g_assert_false(x->line[0]);

    /* A parked XISR: the source set later is pending and delivered. */
    g_assert_cmpint(icp_set(x, 0, ICP(0xff, 0x1310, 0xff, 5)), ==, 0);
    g_assert_false(x->line[0]);
    g_assert_cmpint(set_src(x, 0x1310, SRC(0, 5, 0)), ==, 0);
    g_assert_true(x->line[0]);
    g_assert_cmphex(accept(x, 0), ==, 0xff001310);
    g_assert_cmpint(hc(x, 0, SPAPR_H_EOI, 0xff001310, 0, NULL), ==,
                    SPAPR_H_SUCCESS);
    /* Taken once: a second set is not pending. */
    g_assert_cmpint(set_src(x, 0x1310, SRC(0, 5, 0)), ==, 0);
    g_assert_false(x->line[0]);
    /* An XISR naming a valid source re-triggers it at once. */
    g_assert_cmpint(icp_set(x, 0, ICP(0xff, 0x1310, 0xff, 5)), ==, 0);
    g_assert_true(x->line[0]);
    g_assert_cmphex(accept(x, 0), ==, 0xff001310);
    fx_free(x);
    fx_free(l);
}

/* XICS-on-XIVE save scan (xive_get_source): the first read takes the
 * state of every valid source; later reads return that state until as
 * many reads as valid sources were made.  book3s_xics.c reads the live
 * state. */
static void test_xox_save_scan(void)
{
    Fx *x = fx_new(XOX), *l = fx_new(LEGACY);
    Fx *both[2] = {x, l};

    for (int i = 0; i < 2; i++) {
        Fx *f = both[i];

        /* CPPR 0: an edge is rejected and stays PENDING. */
        g_assert_cmpint(fx_connect(f, 0, 0), ==, 0);
        g_assert_cmpint(set_src(f, 0x1100, SRC(0, 5, 0)), ==, 0);
        g_assert_cmpint(set_src(f, 0x1101, SRC(0, 5, 0)), ==, 0);
        g_assert_cmphex(get_src(f, 0x1100), ==, SRC(0, 5, 0));
        g_assert_cmpint(ops->irq_line(&f->dev, 0x1101, 1), ==, 0);
    }
    /* Legacy: live.  XICS-on-XIVE: the state of the first read. */
    g_assert_cmphex(get_src(l, 0x1101), ==, SRC(0, 5, PENDING));
    g_assert_cmphex(get_src(x, 0x1101), ==, SRC(0, 5, 0));
    /* Two reads of two sources: the scan is over, the next one is new. */
    g_assert_cmphex(get_src(x, 0x1101), ==, SRC(0, 5, PENDING));
    g_assert_cmphex(get_src(x, 0x1100), ==, SRC(0, 5, 0));

    /* A source set but never read again (freed by the VMM) keeps the count
     * short: the next save reads a stale state. */
    g_assert_cmpint(set_src(x, 0x1102, SRC(0, 5, 0)), ==, 0);
    g_assert_cmphex(get_src(x, 0x1100), ==, SRC(0, 5, 0)); /* scan */
    g_assert_cmphex(get_src(x, 0x1101), ==, SRC(0, 5, PENDING));
    g_assert_cmpint(ops->irq_line(&x->dev, 0x1100, 1), ==, 0);
    g_assert_cmphex(get_src(x, 0x1100), ==, SRC(0, 5, 0));       /* stale */
    g_assert_cmphex(get_src(x, 0x1100), ==, SRC(0, 5, PENDING)); /* new */
    g_assert_cmpint(ops->get_attr(&x->dev, GRP_SRC, 0x1103, NULL), ==, -ENOENT);
    fx_free(x);
    fx_free(l);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sim-xics/destroy-without-init",
                    test_destroy_without_init);
    g_test_add_func("/sim-xics/has-attr", test_has_attr);
    g_test_add_func("/sim-xics/nr-servers", test_nr_servers);
    g_test_add_func("/sim-xics/connect", test_connect);
    g_test_add_func("/sim-xics/source-errors", test_source_errors);
    g_test_add_func("/sim-xics/source-encoding", test_source_encoding);
    g_test_add_func("/sim-xics/delivery", test_delivery);
    g_test_add_func("/sim-xics/icp-state", test_icp_state);
    g_test_add_func("/sim-xics/irq-line", test_irq_line);
    g_test_add_func("/sim-xics/rtas", test_rtas);
    g_test_add_func("/sim-xics/xox/untargeted", test_xox_untargeted);
    g_test_add_func("/sim-xics/xox/icp-state", test_xox_icp_state);
    g_test_add_func("/sim-xics/xox/save-scan", test_xox_save_scan);
    return g_test_run();
}
