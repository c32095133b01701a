/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit test of the host layer: the profile table, the simulated hosts
 * (kvm-sim) and the real /dev/kvm host as far as this machine has one.
 */
#include "hw/ppc/kvm_ppc_uapi.h"
#include "hw/ppc/spapr_host.h"
#include "hw/ppc/spapr_host_internal.h"
#include "hw/ppc/spapr_irq_error.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#if defined(__powerpc__) || defined(__powerpc64__)
#define BUILD_HOST_IS_POWER 1
#else
#define BUILD_HOST_IS_POWER 0
#endif

#define XICS_CAP  SPAPR_KVM_CAP_IRQ_XICS
#define XIVE_CAP  SPAPR_KVM_CAP_PPC_IRQ_XIVE
#define XICS_TYPE SPAPR_KVM_DEV_TYPE_XICS
#define XIVE_TYPE SPAPR_KVM_DEV_TYPE_XIVE

/* The profile table as specified, written out independently. */
typedef struct ExpectedProfile {
    const char *name;
    SpaprCpuModel cpu;
    bool xics, xics_on_xive, xive, release, nr_servers, secure;
} ExpectedProfile;

static const ExpectedProfile expected_profiles[] = {
    /* name, cpu, xics, xics_on_xive, xive, release, nr_servers, secure */
    {"power8-4.19", SPAPR_CPU_POWER8, true, false, false, false, false, false},
    {"power8-5.10", SPAPR_CPU_POWER8, true, false, false, true, true, false},
    {"power9-4.19", SPAPR_CPU_POWER9, true, true, false, false, false, false},
    {"power9-5.2", SPAPR_CPU_POWER9, true, true, true, true, false, false},
    {"power9-6.1", SPAPR_CPU_POWER9, true, true, true, true, true, false},
    {"power9-6.1-uv", SPAPR_CPU_POWER9, true, true, true, true, true, true},
    {"power10-6.1", SPAPR_CPU_POWER10, true, true, true, true, true, false},
    {"nested-5.10", SPAPR_CPU_POWER9, true, false, false, true, true, false},
    {"none", SPAPR_CPU_POWER9, false, false, false, false, false, false},
};

#define EXPECTED_NAMES                                                         \
    "power8-4.19, power8-5.10, power9-4.19, power9-5.2, power9-6.1, "          \
    "power9-6.1-uv, power10-6.1, nested-5.10, none"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

/* Only the fields the host layer reads; the rest stays zero. */
static void cfg_init(SpaprIrqConfig *cfg, SpaprAccel accel, const char *host,
                     const char *kvm_device)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->accel = accel;
    cfg->accel_host = g_strdup(host);
    cfg->kvm_device = g_strdup(kvm_device);
}

static void cfg_clear(SpaprIrqConfig *cfg)
{
    g_clear_pointer(&cfg->accel_host, g_free);
    g_clear_pointer(&cfg->kvm_device, g_free);
}

static SpaprHost *open_sim(const char *profile)
{
    SpaprIrqConfig cfg;
    SpaprHost *h = NULL;
    GError *err = NULL;

    cfg_init(&cfg, SPAPR_ACCEL_KVM_SIM, profile, NULL);
    g_assert_true(spapr_host_open(&cfg, -1, &h, &err));
    g_assert_no_error(err);
    g_assert_nonnull(h);
    g_assert_cmpstr(h->ops->name, ==, "kvm-sim");
    cfg_clear(&cfg);
    return h;
}

static SpaprHostSimStats sim_stats(SpaprHost *h)
{
    SpaprHostSimStats st;

    memset(&st, 0xa5, sizeof(st));
    g_assert_true(spapr_host_sim_stats(h, &st));
    return st;
}

static void assert_sim_idle(SpaprHost *h)
{
    SpaprHostSimStats st = sim_stats(h);

    g_assert_cmpuint(st.open_devices, ==, 0);
    g_assert_cmpuint(st.open_vcpus, ==, 0);
    g_assert_cmpuint(st.mappings, ==, 0);
}

static void assert_caps_equal(const SpaprHostCaps *a, const SpaprHostCaps *b)
{
    g_assert_cmpstr(a->name, ==, b->name);
    g_assert_cmpint(a->kvm, ==, b->kvm);
    g_assert_cmpint(a->cpu, ==, b->cpu);
    g_assert_cmpint(a->xics, ==, b->xics);
    g_assert_cmpint(a->xive, ==, b->xive);
    g_assert_cmpint(a->release, ==, b->release);
    g_assert_cmpint(a->nr_servers, ==, b->nr_servers);
    g_assert_cmpint(a->secure, ==, b->secure);
}

static const ExpectedProfile *expected_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(expected_profiles); i++) {
        if (strcmp(expected_profiles[i].name, name) == 0) {
            return &expected_profiles[i];
        }
    }
    g_assert_not_reached();
}

/* ------------------------------------------------------------------ */
/* Profiles                                                            */
/* ------------------------------------------------------------------ */

static void test_profiles_table(void)
{
    size_t n = 0;
    const SpaprHostProfile *p = spapr_host_profiles(&n);

    g_assert_nonnull(p);
    g_assert_cmpuint(n, ==, G_N_ELEMENTS(expected_profiles));
    for (size_t i = 0; i < n; i++) {
        const ExpectedProfile *e = &expected_profiles[i];

        g_test_message("profile %s", e->name);
        g_assert_cmpstr(p[i].name, ==, e->name);
        g_assert_nonnull(p[i].description);
        g_assert_cmpuint(strlen(p[i].description), >, 10);
        g_assert_null(strchr(p[i].description, '\n'));
        g_assert_cmpint(p[i].cpu, ==, e->cpu);
        g_assert_cmpint(p[i].xics, ==, e->xics);
        g_assert_cmpint(p[i].xics_on_xive, ==, e->xics_on_xive);
        g_assert_cmpint(p[i].xive, ==, e->xive);
        g_assert_cmpint(p[i].release, ==, e->release);
        g_assert_cmpint(p[i].nr_servers, ==, e->nr_servers);
        g_assert_cmpint(p[i].secure, ==, e->secure);
        g_assert_true(spapr_host_profile_find(e->name) == &p[i]);
    }
}

static void test_profiles_find(void)
{
    const SpaprHostProfile *p;

    g_assert_cmpstr(spapr_host_profile_default(), ==, "power9-6.1");
    p = spapr_host_profile_find(spapr_host_profile_default());
    g_assert_nonnull(p);
    g_assert_cmpstr(p->name, ==, "power9-6.1");

    g_assert_null(spapr_host_profile_find("bogus"));
    g_assert_null(spapr_host_profile_find(""));
    g_assert_null(spapr_host_profile_find("POWER9-6.1"));
    g_assert_null(spapr_host_profile_find("power9-6"));
    g_assert_null(spapr_host_profile_find(NULL));
}

static void test_profiles_names(void)
{
    g_autofree char *names = spapr_host_profile_names();

    g_assert_cmpstr(names, ==, EXPECTED_NAMES);
}

/* ------------------------------------------------------------------ */
/* TCG                                                                 */
/* ------------------------------------------------------------------ */

static void test_tcg(void)
{
    SpaprIrqConfig cfg;
    SpaprHost *h = (SpaprHost *)&cfg; /* must be overwritten */
    SpaprHostCaps caps, tcg;
    SpaprHostSimStats st;
    GError *err = NULL;

    cfg_init(&cfg, SPAPR_ACCEL_TCG, NULL, NULL);
    g_assert_true(spapr_host_open(&cfg, -1, &h, &err));
    g_assert_no_error(err);
    g_assert_null(h);

    memset(&caps, 0xff, sizeof(caps));
    g_assert_true(spapr_host_probe(NULL, &cfg, &caps, &err));
    g_assert_no_error(err);
    g_assert_cmpstr(caps.name, ==, "tcg");
    g_assert_false(caps.kvm);
    g_assert_cmpint(caps.cpu, ==, SPAPR_CPU_NONE);
    g_assert_false(caps.xics);
    g_assert_false(caps.xive);
    g_assert_false(caps.release);
    g_assert_false(caps.nr_servers);
    g_assert_false(caps.secure);

    memset(&tcg, 0x5a, sizeof(tcg));
    spapr_host_caps_tcg(&tcg);
    assert_caps_equal(&caps, &tcg);

    g_assert_false(spapr_host_sim_stats(NULL, &st));
    spapr_host_close(&h);
    g_assert_null(h);
    cfg_clear(&cfg);
}

/* ------------------------------------------------------------------ */
/* kvm-sim: opening and probing                                        */
/* ------------------------------------------------------------------ */

static void test_sim_probe(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(expected_profiles); i++) {
        const ExpectedProfile *e = &expected_profiles[i];
        const SpaprHostProfile *p = spapr_host_profile_find(e->name);
        g_autofree char *name = g_strdup_printf("kvm-sim:%s", e->name);
        SpaprHost *h;
        SpaprHostCaps caps, from, again;
        SpaprHostSimStats st;
        GError *err = NULL;

        g_test_message("profile %s", e->name);
        g_assert_nonnull(p);
        h = open_sim(e->name);
        st = sim_stats(h);
        g_assert_cmpuint(st.calls, ==, 0);
        g_assert_cmpuint(st.stale_irqchips, ==, 0);

        memset(&caps, 0x5a, sizeof(caps));
        g_assert_true(spapr_host_probe(h, NULL, &caps, &err));
        g_assert_no_error(err);

        /* Against the specification... */
        g_assert_cmpstr(caps.name, ==, name);
        g_assert_true(caps.kvm);
        g_assert_cmpint(caps.cpu, ==, e->cpu);
        g_assert_cmpint(caps.xics, ==, e->xics);
        g_assert_cmpint(caps.xive, ==, e->xive);
        g_assert_cmpint(caps.release, ==, e->release);
        g_assert_cmpint(caps.nr_servers, ==, e->nr_servers);
        g_assert_cmpint(caps.secure, ==, e->secure);

        /* ... and against the probe-free answer of `matrix`. */
        memset(&from, 0xa5, sizeof(from));
        spapr_host_caps_from_profile(p, &from);
        assert_caps_equal(&caps, &from);

        /* The probe went through the ops and left nothing behind. */
        st = sim_stats(h);
        g_assert_cmpuint(st.calls, >, 0);
        g_assert_cmpuint(st.stale_irqchips, ==, 0);
        assert_sim_idle(h);

        /* Probing is repeatable. */
        g_assert_true(spapr_host_probe(h, NULL, &again, &err));
        g_assert_no_error(err);
        assert_caps_equal(&caps, &again);
        g_assert_cmpuint(sim_stats(h).stale_irqchips, ==, 0);

        /* So an irqchip can still be created after the probe. */
        if (e->xics) {
            int fd = h->ops->create_device(h, XICS_TYPE, false);

            g_assert_cmpint(fd, >=, 0);
            g_assert_cmpint(h->ops->close_fd(h, fd), ==, 0);
        } else {
            g_assert_cmpint(h->ops->create_device(h, XICS_TYPE, false), ==,
                            -ENODEV);
            g_assert_cmpint(h->ops->probe_release(h), ==, -ENODEV);
        }
        if (!e->xive) {
            g_assert_cmpint(h->ops->create_device(h, XIVE_TYPE, true), ==,
                            -ENODEV);
        }
        assert_sim_idle(h);

        spapr_host_close(&h);
        g_assert_null(h);
        spapr_host_close(&h);
    }
}

static void test_sim_default_profile(void)
{
    SpaprHost *h = open_sim(NULL);
    SpaprHostCaps caps;
    GError *err = NULL;

    g_assert_true(spapr_host_probe(h, NULL, &caps, &err));
    g_assert_no_error(err);
    g_assert_cmpstr(caps.name, ==, "kvm-sim:power9-6.1");
    spapr_host_close(&h);
}

static void test_sim_unknown_profile(void)
{
    SpaprIrqConfig cfg;
    SpaprHost *h = (SpaprHost *)&cfg; /* must be reset to NULL */
    GError *err = NULL;

    cfg_init(&cfg, SPAPR_ACCEL_KVM_SIM, "power7-3.10", NULL);
    g_assert_false(spapr_host_open(&cfg, -1, &h, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
    g_assert_null(h);
    g_test_message("%s", err->message);
    g_assert_nonnull(strstr(err->message, "\"host\""));
    g_assert_nonnull(strstr(err->message, "\"power7-3.10\""));
    g_assert_nonnull(strstr(err->message, EXPECTED_NAMES));
    g_assert_cmpstr(err->message, ==,
                    "Bad value for \"host\" property: \"power7-3.10\" "
                    "(accepted: " EXPECTED_NAMES ")");
    g_clear_error(&err);
    cfg_clear(&cfg);
}

/* ------------------------------------------------------------------ */
/* kvm-sim: irqchip lifetime                                           */
/* ------------------------------------------------------------------ */

static void test_sim_no_release(void)
{
    static const char *const names[] = {"power8-4.19", "power9-4.19"};

    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        SpaprHost *h = open_sim(names[i]);
        int fd;

        g_test_message("profile %s", names[i]);
        g_assert_cmpint(h->ops->probe_release(h), ==, 0);
        fd = h->ops->create_device(h, XICS_TYPE, false);
        g_assert_cmpint(fd, >=, 0);
        g_assert_cmpuint(sim_stats(h).open_devices, ==, 1);
        g_assert_cmpint(h->ops->close_fd(h, fd), ==, 0);
        g_assert_cmpuint(sim_stats(h).stale_irqchips, ==, 1);
        assert_sim_idle(h);

        /* The closed device is still there, for good. */
        g_assert_cmpint(h->ops->create_device(h, XICS_TYPE, false), ==,
                        -EEXIST);
        g_assert_cmpint(h->ops->create_device(h, XICS_TYPE, false), ==,
                        -EEXIST);
        /* A TEST create only asks whether the type exists. */
        g_assert_cmpint(h->ops->create_device(h, XICS_TYPE, true), ==, 0);
        g_assert_cmpint(h->ops->create_device(h, XIVE_TYPE, false), ==,
                        -ENODEV);
        /* The fd itself is gone. */
        g_assert_cmpint(h->ops->close_fd(h, fd), ==, -EBADF);
        g_assert_cmpuint(sim_stats(h).stale_irqchips, ==, 1);
        assert_sim_idle(h);
        spapr_host_close(&h);
    }
}

static void test_sim_release(void)
{
    static const char *const names[] = {"power8-5.10", "power9-5.2",
                                        "power9-6.1",  "power9-6.1-uv",
                                        "power10-6.1", "nested-5.10"};

    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        const ExpectedProfile *e = expected_find(names[i]);
        SpaprHost *h = open_sim(names[i]);
        int fd1, fd2;

        g_test_message("profile %s", names[i]);
        g_assert_cmpint(h->ops->probe_release(h), ==, 1);
        fd1 = h->ops->create_device(h, XICS_TYPE, false);
        g_assert_cmpint(fd1, >=, 0);
        g_assert_cmpint(h->ops->close_fd(h, fd1), ==, 0);
        fd2 = h->ops->create_device(h, XICS_TYPE, false);
        g_assert_cmpint(fd2, >=, 0);
        g_assert_cmpint(fd2, !=, fd1);
        g_assert_cmpint(h->ops->close_fd(h, fd2), ==, 0);

        /* dual: XICS, then XIVE, then XICS again (CAS, reset, reboot). */
        if (e->xive) {
            fd1 = h->ops->create_device(h, XIVE_TYPE, false);
            g_assert_cmpint(fd1, >=, 0);
            g_assert_cmpint(h->ops->close_fd(h, fd1), ==, 0);
            fd1 = h->ops->create_device(h, XICS_TYPE, false);
            g_assert_cmpint(fd1, >=, 0);
            g_assert_cmpint(h->ops->close_fd(h, fd1), ==, 0);
        } else {
            g_assert_cmpint(h->ops->create_device(h, XIVE_TYPE, false), ==,
                            -ENODEV);
        }
        g_assert_cmpuint(sim_stats(h).stale_irqchips, ==, 0);
        assert_sim_idle(h);
        spapr_host_close(&h);
    }
}

static void test_sim_one_irqchip(void)
{
    SpaprHost *h = open_sim("power9-6.1");
    int xics, xive;

    xics = h->ops->create_device(h, XICS_TYPE, false);
    g_assert_cmpint(xics, >=, 0);
    g_assert_cmpint(h->ops->create_device(h, XICS_TYPE, false), ==, -EEXIST);
    g_assert_cmpint(h->ops->create_device(h, XIVE_TYPE, false), ==, -EEXIST);
    g_assert_cmpint(h->ops->create_device(h, XIVE_TYPE, true), ==, 0);
    g_assert_cmpint(h->ops->create_device(h, 12345, false), ==, -ENODEV);
    g_assert_cmpuint(sim_stats(h).open_devices, ==, 1);
    g_assert_cmpint(h->ops->close_fd(h, xics), ==, 0);

    xive = h->ops->create_device(h, XIVE_TYPE, false);
    g_assert_cmpint(xive, >=, 0);
    g_assert_cmpint(h->ops->create_device(h, XICS_TYPE, false), ==, -EEXIST);
    g_assert_cmpint(h->ops->close_fd(h, xive), ==, 0);
    g_assert_cmpint(h->ops->close_fd(h, xive), ==, -EBADF);
    g_assert_cmpint(h->ops->close_fd(h, -1), ==, -EBADF);
    g_assert_cmpint(h->ops->close_fd(h, 0), ==, -EBADF);
    assert_sim_idle(h);
    spapr_host_close(&h);
}

/* ------------------------------------------------------------------ */
/* kvm-sim: vCPUs                                                      */
/* ------------------------------------------------------------------ */

static void test_sim_enable_cap(void)
{
    SpaprHost *h = open_sim("power9-6.1");
    const SpaprHostOps *o = h->ops;
    int dev, v0, v1, v2;

    v0 = o->create_vcpu(h, 0);
    v1 = o->create_vcpu(h, 1);
    g_assert_cmpint(v0, >=, 0);
    g_assert_cmpint(v1, >=, 0);
    g_assert_cmpint(v1, !=, v0);
    g_assert_cmpint(o->create_vcpu(h, 0), ==, -EEXIST);
    g_assert_cmpuint(sim_stats(h).open_vcpus, ==, 2);

    /* No device yet. */
    g_assert_cmpint(o->enable_cap_vcpu(h, v0, XIVE_CAP, 1000, 0), ==, -EBADF);

    dev = o->create_device(h, XIVE_TYPE, false);
    g_assert_cmpint(dev, >=, 0);
    g_assert_cmpint(o->enable_cap_vcpu(h, v0, XIVE_CAP, dev, 0), ==, 0);
    g_assert_cmpint(o->enable_cap_vcpu(h, v0, XIVE_CAP, dev, 0), ==, -EBUSY);
    g_assert_cmpint(o->enable_cap_vcpu(h, v0, XIVE_CAP, dev, 7), ==, -EBUSY);

    /* Wrong cap for the device, unknown cap, fds that are not ours. */
    g_assert_cmpint(o->enable_cap_vcpu(h, v1, XICS_CAP, dev, 1), ==, -EINVAL);
    g_assert_cmpint(o->enable_cap_vcpu(h, v1, 12345, dev, 1), ==, -EINVAL);
    g_assert_cmpint(o->enable_cap_vcpu(h, v1, XIVE_CAP, 99999, 1), ==, -EBADF);
    g_assert_cmpint(o->enable_cap_vcpu(h, v1, XIVE_CAP, (uint64_t)v0, 1), ==,
                    -EBADF);
    g_assert_cmpint(o->enable_cap_vcpu(h, v1, XIVE_CAP, UINT64_MAX, 1), ==,
                    -EBADF);
    g_assert_cmpint(o->enable_cap_vcpu(h, dev, XIVE_CAP, dev, 1), ==, -EBADF);
    /* One vCPU per server. */
    g_assert_cmpint(o->enable_cap_vcpu(h, v1, XIVE_CAP, dev, 0), ==, -EEXIST);
    g_assert_cmpint(o->enable_cap_vcpu(h, v1, XIVE_CAP, dev, 1), ==, 0);

    /* Closing the device drops the connections: a new one can take them. */
    g_assert_cmpint(o->close_fd(h, dev), ==, 0);
    dev = o->create_device(h, XICS_TYPE, false);
    g_assert_cmpint(dev, >=, 0);
    g_assert_cmpint(o->enable_cap_vcpu(h, v0, XIVE_CAP, dev, 0), ==, -EINVAL);
    g_assert_cmpint(o->enable_cap_vcpu(h, v0, XICS_CAP, dev, 0), ==, 0);
    g_assert_cmpint(o->enable_cap_vcpu(h, v0, XICS_CAP, dev, 0), ==, -EBUSY);
    g_assert_cmpint(o->enable_cap_vcpu(h, v1, XICS_CAP, dev, 1), ==, 0);

    /* A closed vCPU fd is gone, but the vCPU (its id) stays, as in KVM. */
    g_assert_cmpint(o->close_fd(h, v1), ==, 0);
    g_assert_cmpint(o->close_fd(h, v1), ==, -EBADF);
    g_assert_cmpint(o->enable_cap_vcpu(h, v1, XICS_CAP, dev, 2), ==, -EBADF);
    g_assert_cmpint(o->create_vcpu(h, 1), ==, -EEXIST);
    v2 = o->create_vcpu(h, 2);
    g_assert_cmpint(v2, >=, 0);
    g_assert_cmpint(o->enable_cap_vcpu(h, v2, XICS_CAP, dev, 1), ==, -EEXIST);
    g_assert_cmpint(o->enable_cap_vcpu(h, v2, XICS_CAP, dev, 2), ==, 0);

    g_assert_cmpint(o->close_fd(h, dev), ==, 0);
    g_assert_cmpint(o->close_fd(h, v0), ==, 0);
    g_assert_cmpint(o->close_fd(h, v2), ==, 0);
    assert_sim_idle(h);
    spapr_host_close(&h);
}

static void test_sim_one_reg(void)
{
    SpaprHost *h = open_sim("power9-6.1");
    const SpaprHostOps *o = h->ops;
    uint64_t icp = 0x0500000000ff0000ULL, icp_out = 1;
    uint8_t vp[16], vp_out[16];
    int v0, v1;

    for (size_t i = 0; i < sizeof(vp); i++) {
        vp[i] = (uint8_t)(0x10 + i);
    }
    v0 = o->create_vcpu(h, 0);
    v1 = o->create_vcpu(h, 8);
    g_assert_cmpint(v0, >=, 0);
    g_assert_cmpint(v1, >=, 0);

    /* A fresh vCPU reads zeros. */
    g_assert_cmpint(
        o->get_one_reg(h, v0, SPAPR_KVM_REG_PPC_ICP_STATE, &icp_out), ==, 0);
    g_assert_cmpuint(icp_out, ==, 0);

    g_assert_cmpint(o->set_one_reg(h, v0, SPAPR_KVM_REG_PPC_ICP_STATE, &icp),
                    ==, 0);
    g_assert_cmpint(o->set_one_reg(h, v0, SPAPR_KVM_REG_PPC_VP_STATE, vp), ==,
                    0);
    g_assert_cmpint(
        o->get_one_reg(h, v0, SPAPR_KVM_REG_PPC_ICP_STATE, &icp_out), ==, 0);
    g_assert_cmpuint(icp_out, ==, icp);
    memset(vp_out, 0, sizeof(vp_out));
    g_assert_cmpint(o->get_one_reg(h, v0, SPAPR_KVM_REG_PPC_VP_STATE, vp_out),
                    ==, 0);
    g_assert_cmpmem(vp_out, sizeof(vp_out), vp, sizeof(vp));

    /* Per vCPU. */
    g_assert_cmpint(
        o->get_one_reg(h, v1, SPAPR_KVM_REG_PPC_ICP_STATE, &icp_out), ==, 0);
    g_assert_cmpuint(icp_out, ==, 0);

    /* Unknown register, unknown fd. */
    g_assert_cmpint(o->get_one_reg(h, v0, SPAPR_KVM_REG_PPC | 0x1234, vp_out),
                    ==, -EINVAL);
    g_assert_cmpint(o->set_one_reg(h, v0, 0, vp), ==, -EINVAL);
    g_assert_cmpint(
        o->get_one_reg(h, 4242, SPAPR_KVM_REG_PPC_ICP_STATE, &icp_out), ==,
        -EBADF);
    g_assert_cmpint(o->set_one_reg(h, -1, SPAPR_KVM_REG_PPC_ICP_STATE, &icp),
                    ==, -EBADF);

    g_assert_cmpint(o->close_fd(h, v0), ==, 0);
    g_assert_cmpint(
        o->get_one_reg(h, v0, SPAPR_KVM_REG_PPC_ICP_STATE, &icp_out), ==,
        -EBADF);
    g_assert_cmpint(o->close_fd(h, v1), ==, 0);
    assert_sim_idle(h);
    spapr_host_close(&h);
}

/* ------------------------------------------------------------------ */
/* kvm-sim: device attributes, IRQ lines, mappings                     */
/* ------------------------------------------------------------------ */

static void test_sim_xics_attrs(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(expected_profiles); i++) {
        const ExpectedProfile *e = &expected_profiles[i];
        SpaprHost *h;
        const SpaprHostOps *o;
        uint64_t v64, out64;
        uint32_t n32, out32;
        int dev;

        if (!e->xics) {
            continue;
        }
        g_test_message("profile %s", e->name);
        h = open_sim(e->name);
        o = h->ops;
        dev = o->create_device(h, XICS_TYPE, false);
        g_assert_cmpint(dev, >=, 0);

        g_assert_cmpint(o->has_device_attr(h, dev, SPAPR_KVM_DEV_XICS_GRP_CTRL,
                                           SPAPR_KVM_DEV_XICS_NR_SERVERS),
                        ==, e->nr_servers ? 0 : -ENXIO);
        g_assert_cmpint(
            o->has_device_attr(h, dev, SPAPR_KVM_DEV_XICS_GRP_CTRL, 77), ==,
            -ENXIO);
        g_assert_cmpint(
            o->has_device_attr(h, dev, SPAPR_KVM_DEV_XICS_GRP_SOURCES, 4096),
            ==, 0);
        g_assert_cmpint(o->has_device_attr(h, dev, 99, 0), ==, -ENXIO);
        g_assert_cmpint(
            o->has_device_attr(h, 4242, SPAPR_KVM_DEV_XICS_GRP_SOURCES, 4096),
            ==, -EBADF);

        /* A source never set reads 0; a set one reads back. */
        out64 = 0xdeadbeef;
        g_assert_cmpint(o->get_device_attr(h, dev,
                                           SPAPR_KVM_DEV_XICS_GRP_SOURCES, 4097,
                                           &out64),
                        ==, 0);
        g_assert_cmpuint(out64, ==, 0);
        v64 =
            SPAPR_KVM_XICS_MASKED | (5ULL << SPAPR_KVM_XICS_PRIORITY_SHIFT) | 3;
        g_assert_cmpint(o->set_device_attr(
                            h, dev, SPAPR_KVM_DEV_XICS_GRP_SOURCES, 4097, &v64),
                        ==, 0);
        g_assert_cmpint(o->get_device_attr(h, dev,
                                           SPAPR_KVM_DEV_XICS_GRP_SOURCES, 4097,
                                           &out64),
                        ==, 0);
        g_assert_cmpuint(out64, ==, v64);
        g_assert_cmpint(o->get_device_attr(h, dev,
                                           SPAPR_KVM_DEV_XICS_GRP_SOURCES, 4098,
                                           &out64),
                        ==, 0);
        g_assert_cmpuint(out64, ==, 0);
        g_assert_cmpint(o->set_device_attr(h, dev, 99, 0, &v64), ==, -ENXIO);
        g_assert_cmpint(o->get_device_attr(h, dev, 99, 0, &out64), ==, -ENXIO);
        g_assert_cmpint(o->set_device_attr(h, 4242,
                                           SPAPR_KVM_DEV_XICS_GRP_SOURCES, 4097,
                                           &v64),
                        ==, -EBADF);

        n32 = 16;
        g_assert_cmpint(o->set_device_attr(h, dev, SPAPR_KVM_DEV_XICS_GRP_CTRL,
                                           SPAPR_KVM_DEV_XICS_NR_SERVERS, &n32),
                        ==, e->nr_servers ? 0 : -ENXIO);
        if (e->nr_servers) {
            out32 = 0;
            g_assert_cmpint(
                o->get_device_attr(h, dev, SPAPR_KVM_DEV_XICS_GRP_CTRL,
                                   SPAPR_KVM_DEV_XICS_NR_SERVERS, &out32),
                ==, 0);
            g_assert_cmpuint(out32, ==, 16);
            n32 = 0;
            g_assert_cmpint(
                o->set_device_attr(h, dev, SPAPR_KVM_DEV_XICS_GRP_CTRL,
                                   SPAPR_KVM_DEV_XICS_NR_SERVERS, &n32),
                ==, -EINVAL);
        }

        /* Values live with the device: a new one starts empty. */
        if (e->release) {
            g_assert_cmpint(o->close_fd(h, dev), ==, 0);
            dev = o->create_device(h, XICS_TYPE, false);
            g_assert_cmpint(dev, >=, 0);
            out64 = 1;
            g_assert_cmpint(o->get_device_attr(h, dev,
                                               SPAPR_KVM_DEV_XICS_GRP_SOURCES,
                                               4097, &out64),
                            ==, 0);
            g_assert_cmpuint(out64, ==, 0);
        }
        g_assert_cmpint(o->close_fd(h, dev), ==, 0);
        assert_sim_idle(h);
        spapr_host_close(&h);
    }
}

static void test_sim_xive_attrs(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(expected_profiles); i++) {
        const ExpectedProfile *e = &expected_profiles[i];
        struct spapr_kvm_ppc_xive_eq eq, eq_out;
        SpaprHost *h;
        const SpaprHostOps *o;
        uint64_t v64, out64;
        int dev;

        if (!e->xive) {
            continue;
        }
        g_test_message("profile %s", e->name);
        h = open_sim(e->name);
        o = h->ops;
        dev = o->create_device(h, XIVE_TYPE, false);
        g_assert_cmpint(dev, >=, 0);

        g_assert_cmpint(o->has_device_attr(h, dev, SPAPR_KVM_DEV_XIVE_GRP_CTRL,
                                           SPAPR_KVM_DEV_XIVE_RESET),
                        ==, 0);
        g_assert_cmpint(o->has_device_attr(h, dev, SPAPR_KVM_DEV_XIVE_GRP_CTRL,
                                           SPAPR_KVM_DEV_XIVE_EQ_SYNC),
                        ==, 0);
        g_assert_cmpint(o->has_device_attr(h, dev, SPAPR_KVM_DEV_XIVE_GRP_CTRL,
                                           SPAPR_KVM_DEV_XIVE_NR_SERVERS),
                        ==, e->nr_servers ? 0 : -ENXIO);
        g_assert_cmpint(
            o->has_device_attr(h, dev, SPAPR_KVM_DEV_XIVE_GRP_CTRL, 99), ==,
            -ENXIO);
        g_assert_cmpint(
            o->has_device_attr(h, dev, SPAPR_KVM_DEV_XIVE_GRP_SOURCE, 32), ==,
            0);
        g_assert_cmpint(o->has_device_attr(
                            h, dev, SPAPR_KVM_DEV_XIVE_GRP_SOURCE_CONFIG, 32),
                        ==, 0);
        g_assert_cmpint(o->has_device_attr(h, dev,
                                           SPAPR_KVM_DEV_XIVE_GRP_EQ_CONFIG,
                                           (0 << 3) | 7),
                        ==, 0);
        g_assert_cmpint(
            o->has_device_attr(h, dev, SPAPR_KVM_DEV_XIVE_GRP_SOURCE_SYNC, 32),
            ==, 0);
        g_assert_cmpint(o->has_device_attr(h, dev, 6, 0), ==, -ENXIO);
        g_assert_cmpint(o->has_device_attr(h, dev, 0, 0), ==, -ENXIO);

        /* Controls take no value. */
        g_assert_cmpint(o->set_device_attr(h, dev, SPAPR_KVM_DEV_XIVE_GRP_CTRL,
                                           SPAPR_KVM_DEV_XIVE_RESET, NULL),
                        ==, 0);

        v64 = (3ULL << SPAPR_KVM_XIVE_SOURCE_SERVER_SHIFT) | 6;
        g_assert_cmpint(o->set_device_attr(h, dev,
                                           SPAPR_KVM_DEV_XIVE_GRP_SOURCE_CONFIG,
                                           32, &v64),
                        ==, 0);
        out64 = 0;
        g_assert_cmpint(o->get_device_attr(h, dev,
                                           SPAPR_KVM_DEV_XIVE_GRP_SOURCE_CONFIG,
                                           32, &out64),
                        ==, 0);
        g_assert_cmpuint(out64, ==, v64);
        /* Same attribute id in another group is another attribute. */
        out64 = 1;
        g_assert_cmpint(o->get_device_attr(
                            h, dev, SPAPR_KVM_DEV_XIVE_GRP_SOURCE, 32, &out64),
                        ==, 0);
        g_assert_cmpuint(out64, ==, 0);

        /* The EQ configuration is a whole struct. */
        memset(&eq, 0, sizeof(eq));
        eq.flags = SPAPR_KVM_XIVE_EQ_ALWAYS_NOTIFY;
        eq.qshift = 16;
        eq.qaddr = 0x12340000;
        eq.qtoggle = 1;
        eq.qindex = 77;
        g_assert_cmpint(o->set_device_attr(h, dev,
                                           SPAPR_KVM_DEV_XIVE_GRP_EQ_CONFIG,
                                           (1 << 3) | 6, &eq),
                        ==, 0);
        memset(&eq_out, 0xff, sizeof(eq_out));
        g_assert_cmpint(o->get_device_attr(h, dev,
                                           SPAPR_KVM_DEV_XIVE_GRP_EQ_CONFIG,
                                           (1 << 3) | 6, &eq_out),
                        ==, 0);
        g_assert_cmpmem(&eq_out, sizeof(eq_out), &eq, sizeof(eq));
        memset(&eq_out, 0xff, sizeof(eq_out));
        g_assert_cmpint(o->get_device_attr(h, dev,
                                           SPAPR_KVM_DEV_XIVE_GRP_EQ_CONFIG,
                                           (2 << 3) | 6, &eq_out),
                        ==, 0);
        g_assert_cmpuint(eq_out.qaddr, ==, 0);
        g_assert_cmpuint(eq_out.flags, ==, 0);
        g_assert_cmpuint(eq_out.pad[39], ==, 0);

        g_assert_cmpint(o->close_fd(h, dev), ==, 0);
        assert_sim_idle(h);
        spapr_host_close(&h);
    }
}

static void test_sim_irq_line(void)
{
    SpaprHost *h = open_sim("power9-6.1");
    SpaprHost *none = open_sim("none");
    int dev;

    g_assert_cmpint(h->ops->irq_line(h, 4096, 1), ==, -ENXIO);
    dev = h->ops->create_device(h, XIVE_TYPE, false);
    g_assert_cmpint(dev, >=, 0);
    g_assert_cmpint(h->ops->irq_line(h, 4096, 1), ==, -ENXIO);
    g_assert_cmpint(h->ops->close_fd(h, dev), ==, 0);

    dev = h->ops->create_device(h, XICS_TYPE, false);
    g_assert_cmpint(dev, >=, 0);
    g_assert_cmpint(h->ops->irq_line(h, 4096, 1), ==, 0);
    g_assert_cmpint(h->ops->irq_line(h, 4096, 0), ==, 0);
    g_assert_cmpint(h->ops->irq_line(h, 0, 1), ==, 0);
    g_assert_cmpint(h->ops->close_fd(h, dev), ==, 0);
    g_assert_cmpint(h->ops->irq_line(h, 4096, 1), ==, -ENXIO);

    g_assert_cmpint(none->ops->irq_line(none, 4096, 1), ==, -ENXIO);
    spapr_host_close(&h);
    spapr_host_close(&none);
}

static void test_sim_mmap(void)
{
    SpaprHost *h = open_sim("power10-6.1");
    const SpaprHostOps *o = h->ops;
    const size_t page = 64 * 1024;
    void *tima = NULL, *esb = NULL, *bad = NULL, *leftover = NULL;
    int dev;

    dev = o->create_device(h, XIVE_TYPE, false);
    g_assert_cmpint(dev, >=, 0);

    g_assert_cmpint(o->mmap_device(h, dev, SPAPR_KVM_XIVE_TIMA_PAGE_OFFSET,
                                   4 * page, &tima),
                    ==, 0);
    g_assert_nonnull(tima);
    ((volatile uint8_t *)tima)[4 * page - 1] = 0xaa;
    g_assert_cmpint(
        o->mmap_device(h, dev, SPAPR_KVM_XIVE_ESB_PAGE_OFFSET, 8 * page, &esb),
        ==, 0);
    g_assert_nonnull(esb);
    g_assert_true(esb != tima);
    g_assert_cmpuint(((uint8_t *)esb)[8 * page - 1], ==, 0);
    g_assert_cmpuint(sim_stats(h).mappings, ==, 2);

    /* Between the TIMA and the ESB pages, a TIMA too big, nothing at all. */
    g_assert_cmpint(o->mmap_device(h, dev, 2, page, &bad), ==, -EINVAL);
    g_assert_cmpint(
        o->mmap_device(h, dev, SPAPR_KVM_XIVE_TIMA_PAGE_OFFSET, 5 * page, &bad),
        ==, -EINVAL);
    g_assert_cmpint(
        o->mmap_device(h, dev, SPAPR_KVM_XIVE_ESB_PAGE_OFFSET, 0, &bad), ==,
        -EINVAL);
    g_assert_cmpint(
        o->mmap_device(h, 4242, SPAPR_KVM_XIVE_ESB_PAGE_OFFSET, page, &bad), ==,
        -ENODEV);
    g_assert_null(bad);
    g_assert_cmpuint(sim_stats(h).mappings, ==, 2);

    /* Unmapping: exact address and length. */
    g_assert_cmpint(o->munmap_device(h, tima, 2 * page), ==, -EINVAL);
    g_assert_cmpint(o->munmap_device(h, (uint8_t *)tima + page, page), ==,
                    -EINVAL);
    g_assert_cmpint(o->munmap_device(h, &bad, page), ==, -EINVAL);
    g_assert_cmpint(o->munmap_device(h, tima, 4 * page), ==, 0);
    g_assert_cmpint(o->munmap_device(h, tima, 4 * page), ==, -EINVAL);
    g_assert_cmpint(o->munmap_device(h, esb, 8 * page), ==, 0);
    g_assert_cmpuint(sim_stats(h).mappings, ==, 0);

    /* XICS has nothing to map. */
    g_assert_cmpint(o->close_fd(h, dev), ==, 0);
    dev = o->create_device(h, XICS_TYPE, false);
    g_assert_cmpint(dev, >=, 0);
    g_assert_cmpint(
        o->mmap_device(h, dev, SPAPR_KVM_XIVE_ESB_PAGE_OFFSET, page, &bad), ==,
        -ENODEV);
    g_assert_cmpint(o->close_fd(h, dev), ==, 0);

    /* A mapping outlives its fd, as in the kernel; destroy frees it. */
    dev = o->create_device(h, XIVE_TYPE, false);
    g_assert_cmpint(dev, >=, 0);
    g_assert_cmpint(o->mmap_device(h, dev, SPAPR_KVM_XIVE_TIMA_PAGE_OFFSET,
                                   page, &leftover),
                    ==, 0);
    g_assert_cmpint(o->close_fd(h, dev), ==, 0);
    g_assert_cmpuint(sim_stats(h).mappings, ==, 1);
    g_assert_cmpuint(sim_stats(h).open_devices, ==, 0);
    spapr_host_close(&h); /* LSan checks the mapping is freed */
}

static void test_sim_destroy_busy(void)
{
    SpaprHost *h = open_sim("power9-6.1");
    const SpaprHostOps *o = h->ops;
    uint64_t v = 1;
    void *m = NULL;
    int dev, vcpu;

    dev = o->create_device(h, XIVE_TYPE, false);
    vcpu = o->create_vcpu(h, 3);
    g_assert_cmpint(dev, >=, 0);
    g_assert_cmpint(vcpu, >=, 0);
    g_assert_cmpint(o->enable_cap_vcpu(h, vcpu, XIVE_CAP, dev, 3), ==, 0);
    g_assert_cmpint(
        o->set_device_attr(h, dev, SPAPR_KVM_DEV_XIVE_GRP_SOURCE_CONFIG, 5, &v),
        ==, 0);
    g_assert_cmpint(o->mmap_device(h, dev, SPAPR_KVM_XIVE_ESB_PAGE_OFFSET,
                                   2 * 64 * 1024, &m),
                    ==, 0);
    /* Everything still open: destroy releases it all (LSan checks). */
    spapr_host_close(&h);
    g_assert_null(h);
    spapr_host_close(&h);
}

static void test_sim_calls_counted(void)
{
    SpaprHost *h = open_sim("power9-6.1");
    unsigned before = sim_stats(h).calls;

    g_assert_cmpint(h->ops->check_extension(h, XICS_CAP), >, 0);
    g_assert_cmpint(h->ops->check_extension(h, 1), ==, 0);
    g_assert_cmpint(h->ops->close_fd(h, 5), ==, -EBADF);
    g_assert_cmpuint(sim_stats(h).calls, ==, before + 3);
    spapr_host_close(&h);
}

static void test_sim_independent(void)
{
    SpaprHost *a = open_sim("power8-4.19");
    SpaprHost *b = open_sim("power8-4.19");
    SpaprHost *c = open_sim("power9-6.1");
    int fa, fb, va, vb;

    g_assert_true(a != b);

    /* a's stale irqchip is a's alone. */
    fa = a->ops->create_device(a, XICS_TYPE, false);
    g_assert_cmpint(fa, >=, 0);
    g_assert_cmpint(a->ops->close_fd(a, fa), ==, 0);
    g_assert_cmpint(a->ops->create_device(a, XICS_TYPE, false), ==, -EEXIST);
    g_assert_cmpuint(sim_stats(a).stale_irqchips, ==, 1);
    g_assert_cmpuint(sim_stats(b).stale_irqchips, ==, 0);
    g_assert_cmpuint(sim_stats(b).calls, ==, 0);
    fb = b->ops->create_device(b, XICS_TYPE, false);
    g_assert_cmpint(fb, >=, 0);

    /* vCPU ids are per VM. */
    va = a->ops->create_vcpu(a, 0);
    vb = b->ops->create_vcpu(b, 0);
    g_assert_cmpint(va, >=, 0);
    g_assert_cmpint(vb, >=, 0);
    g_assert_cmpint(c->ops->create_vcpu(c, 0), >=, 0);
    g_assert_cmpuint(sim_stats(a).open_vcpus, ==, 1);
    g_assert_cmpuint(sim_stats(b).open_vcpus, ==, 1);
    g_assert_cmpuint(sim_stats(c).open_vcpus, ==, 1);
    g_assert_cmpuint(sim_stats(c).open_devices, ==, 0);

    /* Closing one host's fd leaves the other alone. */
    g_assert_cmpint(b->ops->close_fd(b, fb), ==, 0);
    g_assert_cmpuint(sim_stats(b).stale_irqchips, ==, 1);
    g_assert_cmpint(b->ops->close_fd(b, vb), ==, 0);
    g_assert_cmpuint(sim_stats(a).open_vcpus, ==, 1);

    spapr_host_close(&a);
    /* b and c still work after a is gone. */
    g_assert_cmpint(c->ops->create_device(c, XIVE_TYPE, false), >=, 0);
    g_assert_cmpuint(sim_stats(c).open_devices, ==, 1);
    g_assert_cmpint(b->ops->create_vcpu(b, 1), >=, 0);
    spapr_host_close(&b);
    spapr_host_close(&c);
}

/* ------------------------------------------------------------------ */
/* Real KVM                                                            */
/* ------------------------------------------------------------------ */

/* Opens the real host on /dev/kvm, or skips the test and returns NULL. */
static SpaprHost *open_kvm_or_skip(int vm_fd)
{
    SpaprIrqConfig cfg;
    SpaprHost *h = NULL;
    GError *err = NULL;

    cfg_init(&cfg, SPAPR_ACCEL_KVM, NULL, NULL);
    if (!spapr_host_open(&cfg, vm_fd, &h, &err)) {
        g_autofree char *why = NULL;

        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_HOST);
        g_assert_nonnull(strstr(err->message, "/dev/kvm"));
        g_assert_null(h);
        why = g_strdup_printf("no usable KVM here: %s", err->message);
        g_test_skip(why);
        g_clear_error(&err);
        cfg_clear(&cfg);
        return NULL;
    }
    g_assert_no_error(err);
    g_assert_nonnull(h);
    g_assert_cmpstr(h->ops->name, ==, "kvm");
    cfg_clear(&cfg);
    return h;
}

static void test_kvm_probe(void)
{
    SpaprHost *h = open_kvm_or_skip(-1);
    SpaprHostCaps caps;
    SpaprHostSimStats st;
    GError *err = NULL;

    if (!h) {
        return;
    }
    g_assert_false(spapr_host_sim_stats(h, &st));

    memset(&caps, 0x5a, sizeof(caps));
    g_assert_true(spapr_host_probe(h, NULL, &caps, &err));
    g_assert_no_error(err);
    g_assert_cmpstr(caps.name, ==, "kvm");
    g_assert_true(caps.kvm);
    g_assert_true(!caps.release || caps.xics);
    g_assert_true(!caps.nr_servers || caps.xics);
    if (!BUILD_HOST_IS_POWER) {
        /* A KVM of another architecture has no POWER irqchip at all. */
        g_assert_cmpint(caps.cpu, ==, SPAPR_CPU_NONE);
        g_assert_false(caps.xics);
        g_assert_false(caps.xive);
        g_assert_false(caps.release);
        g_assert_false(caps.nr_servers);
        g_assert_false(caps.secure);

        /* The ops report the kernel's errno. */
        g_assert_cmpint(h->ops->check_extension(h, XICS_CAP), ==, 0);
        g_assert_cmpint(h->ops->create_device(h, XICS_TYPE, true), <, 0);
        g_assert_cmpint(h->ops->create_device(h, XICS_TYPE, false), ==,
                        -ENODEV);
        /* No XICS: whether it is released is unknown, not "no". */
        g_assert_cmpint(h->ops->probe_release(h), ==, -ENODEV);
    }
    g_assert_cmpint(h->ops->has_device_attr(h, -1, 1, 1), ==, -EBADF);
    g_assert_cmpint(h->ops->close_fd(h, -1), ==, -EBADF);

    spapr_host_close(&h);
    g_assert_null(h);
    spapr_host_close(&h);
}

static void test_kvm_vm_fd_not_owned(void)
{
    SpaprHost *h;
    SpaprHostCaps caps;
    GError *err = NULL;
    int kvm, vm;

    kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm < 0) {
        g_autofree char *why =
            g_strdup_printf("/dev/kvm: %s", g_strerror(errno));

        g_test_skip(why);
        return;
    }
    vm = ioctl(kvm, KVM_CREATE_VM, 0);
    if (vm < 0) {
        g_autofree char *why =
            g_strdup_printf("KVM_CREATE_VM: %s", g_strerror(errno));

        close(kvm);
        g_test_skip(why);
        return;
    }

    h = open_kvm_or_skip(vm);
    if (h) {
        /* The host must not close the VMM's VM, even when asked to. */
        g_assert_cmpint(h->ops->close_fd(h, vm), ==, -EBADF);
        g_assert_true(spapr_host_probe(h, NULL, &caps, &err));
        g_assert_no_error(err);
        g_assert_true(caps.kvm);
        spapr_host_close(&h);
        g_assert_cmpint(fcntl(vm, F_GETFD), !=, -1);
        /* The VM still answers. */
        g_assert_cmpint(ioctl(vm, KVM_CHECK_EXTENSION, KVM_CAP_USER_MEMORY), >,
                        0);
    }
    close(vm);
    close(kvm);
}

static void test_kvm_missing_node(void)
{
    SpaprIrqConfig cfg;
    SpaprHost *h = (SpaprHost *)&cfg; /* must be reset to NULL */
    GError *err = NULL;

    cfg_init(&cfg, SPAPR_ACCEL_KVM, NULL, "/nonexistent/kvm");
    g_assert_false(spapr_host_open(&cfg, -1, &h, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_HOST);
    g_assert_null(h);
    g_test_message("%s", err->message);
    g_assert_nonnull(strstr(err->message, "/nonexistent/kvm"));
    g_assert_nonnull(strstr(err->message, g_strerror(ENOENT)));
    g_assert_null(strstr(err->message, "/dev/kvm"));
    g_clear_error(&err);

    /* Also when the VMM hands its own VM over. */
    g_assert_false(spapr_host_open(&cfg, 1000, &h, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_HOST);
    g_assert_nonnull(strstr(err->message, "/nonexistent/kvm"));
    g_assert_null(h);
    g_clear_error(&err);
    cfg_clear(&cfg);
}

static void test_kvm_not_kvm_node(void)
{
    SpaprIrqConfig cfg;
    SpaprHost *h = NULL;
    GError *err = NULL;

    cfg_init(&cfg, SPAPR_ACCEL_KVM, NULL, "/dev/null");
    g_assert_false(spapr_host_open(&cfg, -1, &h, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_HOST);
    g_assert_null(h);
    g_test_message("%s", err->message);
    g_assert_nonnull(strstr(err->message, "/dev/null"));
    g_clear_error(&err);
    cfg_clear(&cfg);
}

/* ------------------------------------------------------------------ */
/* /proc/cpuinfo                                                       */
/* ------------------------------------------------------------------ */

static void test_cpuinfo(void)
{
    static const struct {
        const char *text;
        SpaprCpuModel cpu;
    } cases[] = {
        {"processor\t: 0\n"
         "cpu\t\t: POWER9 (architected), altivec supported\n"
         "clock\t\t: 2166.000000MHz\n",
         SPAPR_CPU_POWER9},
        {"processor\t: 0\ncpu\t\t: POWER8E (raw), altivec supported\n",
         SPAPR_CPU_POWER8},
        {"cpu\t\t: POWER8NVL (raw), altivec supported\n", SPAPR_CPU_POWER8},
        {"cpu\t\t: POWER10 (architected), altivec supported",
         SPAPR_CPU_POWER10},
        {"cpu\t\t: POWER9, altivec supported\n", SPAPR_CPU_POWER9},
        /* x86: "cpu family" is not "cpu". */
        {"processor\t: 0\ncpu family\t: 25\nmodel name\t: AMD EPYC\n",
         SPAPR_CPU_NONE},
        {"cpu family\t: 6\ncpu\t\t: POWER10\n", SPAPR_CPU_POWER10},
        {"cpu\t\t: POWER7 (raw), altivec supported\n", SPAPR_CPU_NONE},
        {"cpu\t\t: POWER100\n", SPAPR_CPU_NONE},
        {"cpu\t\t: POWER\n", SPAPR_CPU_NONE},
        {"cpu\t\t: e5500\n", SPAPR_CPU_NONE},
        {"cpu\n", SPAPR_CPU_NONE},
        {"", SPAPR_CPU_NONE},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_test_message("case %zu", i);
        g_assert_cmpint(spapr_host_parse_cpuinfo(cases[i].text), ==,
                        cases[i].cpu);
    }
    g_assert_cmpint(spapr_host_parse_cpuinfo(NULL), ==, SPAPR_CPU_NONE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/host/profiles/table", test_profiles_table);
    g_test_add_func("/host/profiles/find", test_profiles_find);
    g_test_add_func("/host/profiles/names", test_profiles_names);
    g_test_add_func("/host/tcg", test_tcg);
    g_test_add_func("/host/sim/probe", test_sim_probe);
    g_test_add_func("/host/sim/default-profile", test_sim_default_profile);
    g_test_add_func("/host/sim/unknown-profile", test_sim_unknown_profile);
    g_test_add_func("/host/sim/no-release", test_sim_no_release);
    g_test_add_func("/host/sim/release", test_sim_release);
    g_test_add_func("/host/sim/one-irqchip", test_sim_one_irqchip);
    g_test_add_func("/host/sim/enable-cap", test_sim_enable_cap);
    g_test_add_func("/host/sim/one-reg", test_sim_one_reg);
    g_test_add_func("/host/sim/xics-attrs", test_sim_xics_attrs);
    g_test_add_func("/host/sim/xive-attrs", test_sim_xive_attrs);
    g_test_add_func("/host/sim/irq-line", test_sim_irq_line);
    g_test_add_func("/host/sim/mmap", test_sim_mmap);
    g_test_add_func("/host/sim/destroy-busy", test_sim_destroy_busy);
    g_test_add_func("/host/sim/calls-counted", test_sim_calls_counted);
    g_test_add_func("/host/sim/independent", test_sim_independent);
    g_test_add_func("/host/kvm/probe", test_kvm_probe);
    g_test_add_func("/host/kvm/vm-fd-not-owned", test_kvm_vm_fd_not_owned);
    g_test_add_func("/host/kvm/missing-node", test_kvm_missing_node);
    g_test_add_func("/host/kvm/not-kvm-node", test_kvm_not_kvm_node);
    g_test_add_func("/host/cpuinfo", test_cpuinfo);

    return g_test_run();
}
