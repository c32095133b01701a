/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-machine: the host under the layer (/machine/kvm-sim/host-errors,
 * host-api, /machine/kvm/missing-device): creations the host refuses, the
 * host API of the simulator, and a /dev/kvm that is not there.
 */
#include <errno.h>
#include <string.h>

#include "fixture.h"
#include "sim/sim.h"

void test_kvm_sim_host_errors(void)
{
    {
        const char *opts[] = {"-accel", "kvm-sim,host=power9-4.19", "-machine",
                              "ic-mode=dual,kernel-irqchip=on", NULL};
        g_autofree char *msg = create_fail(opts, SPAPR_IRQ_ERROR_HOST);
        g_assert_cmpstr(msg, ==, MSG_DUAL_ON);
    }
    {
        const char *opts[] = {"-accel", "kvm-sim,host=none", "-machine",
                              "kernel-irqchip=on", NULL};
        g_autofree char *msg = create_fail(opts, SPAPR_IRQ_ERROR_HOST);
        g_assert_cmpstr(msg, ==,
                        "kernel_irqchip requested but unavailable: "
                        "KVM_CAP_IRQ_XICS");
    }
    {
        const char *opts[] = {"-accel", "kvm-sim,host=power9-6.1", "-cpu",
                              "power10", NULL};
        g_autofree char *msg = create_fail(opts, SPAPR_IRQ_ERROR_UNSUPPORTED);
        g_assert_cmpstr(msg, ==,
                        "CPU model power10 is not supported by this KVM host "
                        "(host CPU: POWER9)");
    }
    {
        const char *opts[] = {"-accel", "kvm-sim,host=power9-6.1", "-machine",
                              "kernel-irqchip=split", NULL};
        g_autofree char *msg = create_fail(opts, SPAPR_IRQ_ERROR_UNSUPPORTED);
        g_assert_cmpstr(msg, ==,
                        "kernel_irqchip split mode not supported on pseries");
    }
    {
        const char *opts[] = {"-accel",   "kvm-sim,host=power9-6.1",
                              "-object",  "pef-guest,id=s",
                              "-machine", "confidential-guest-support=s",
                              NULL};
        g_autofree char *msg = create_fail(opts, SPAPR_IRQ_ERROR_HOST);
        g_assert_cmpstr(msg, ==,
                        "KVM implementation does not support Secure VMs");
    }
    {
        /* An unknown profile set behind the parser's back. */
        g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
        g_autoptr(GError) err = NULL;
        SpaprIrq *irq;

        cfg->accel = SPAPR_ACCEL_KVM_SIM;
        cfg->accel_host = g_strdup("no-such-host");
        irq = spapr_irq_create(cfg, &callbacks, -1, &err);
        g_assert_null(irq);
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
        assert_contains(err->message, "no-such-host");
    }
}

void test_kvm_missing_device(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;
    SpaprIrq *irq;

    cfg->accel = SPAPR_ACCEL_KVM;
    g_free(cfg->kvm_device);
    cfg->kvm_device = g_strdup("/nonexistent/spapr-irq-test/kvm");
    irq = spapr_irq_create(cfg, &callbacks, -1, &err);
    g_assert_null(irq);
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_HOST);
    assert_contains(err->message, "/nonexistent/spapr-irq-test/kvm");
}

void test_sim_host_api(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;
    SpaprHost *host = NULL;
    SpaprHostSimStats stats;
    SpaprHostCaps caps;

    /* tcg: no host at all. */
    g_assert_true(spapr_host_open(cfg, -1, &host, &err));
    g_assert_no_error(err);
    g_assert_null(host);
    g_assert_false(spapr_host_sim_stats(NULL, &stats));

    cfg->accel = SPAPR_ACCEL_KVM_SIM;
    cfg->accel_host = g_strdup("power9-6.1");
    g_assert_true(spapr_host_open(cfg, -1, &host, &err));
    g_assert_no_error(err);
    g_assert_nonnull(host);
    g_assert_cmpstr(host->ops->name, ==, "kvm-sim");

    g_assert_true(spapr_host_probe(host, cfg, &caps, &err));
    g_assert_no_error(err);
    g_assert_cmpstr(caps.name, ==, "kvm-sim:power9-6.1");
    g_assert_true(caps.xics);
    g_assert_true(caps.xive);

    memset(&stats, 0xff, sizeof(stats));
    g_assert_true(spapr_host_sim_stats(host, &stats));
    /* Probing leaves nothing open. */
    g_assert_cmpuint(stats.open_devices, ==, 0);
    g_assert_cmpuint(stats.open_vcpus, ==, 0);
    g_assert_cmpuint(stats.mappings, ==, 0);
    g_assert_cmpuint(stats.connected_vcpus, ==, 0);
    g_assert_cmpuint(stats.rtas_tokens, ==, 0);
    g_assert_cmpuint(stats.stale_irqchips, ==, 0);
    g_assert_cmpuint(stats.calls, >, 0);
    g_assert_cmpuint(stats.injected, ==, 0);
    g_assert_null(stats.failed_op);

    /* Fault injection reaches the simulator only. */
    g_assert_false(spapr_host_sim_fail(NULL, 1, EIO));
    g_assert_true(spapr_host_sim_fail(host, 1, EIO));
    g_assert_cmpint(host->ops->check_extension(host, 92), ==, -EIO);
    g_assert_true(spapr_host_sim_stats(host, &stats));
    g_assert_cmpuint(stats.injected, ==, 1);
    g_assert_cmpstr(stats.failed_op, ==, "check_extension");

    spapr_host_close(&host);
    g_assert_null(host);
    spapr_host_close(&host);
    g_assert_null(host);
}
