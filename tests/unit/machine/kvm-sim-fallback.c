/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-machine: kvm-sim hosts without an in-kernel controller the machine
 * offers, or whose host calls fail (/machine/kvm-sim/on-unavailable,
 * allowed-unavailable, switch-failure, no-irqchip): refused under
 * kernel-irqchip=on, emulated with a warning under allowed.
 */
#include <errno.h>
#include <string.h>

#include "fixture.h"
#include "hw/host/kvm_ppc_uapi.h"

#define MSG_XIVE_UNAVAILABLE                                                   \
    "kernel_irqchip requested but unavailable: KVM_CAP_PPC_IRQ_XIVE"

/* An emulated controller holds nothing in the kernel. */
static void assert_nothing_in_kernel(SpaprIrq *irq)
{
    SpaprHostSimStats st = irq_sim_stats(irq);

    g_assert_cmpuint(st.open_devices, ==, 0);
    g_assert_cmpuint(st.mappings, ==, 0);
    g_assert_cmpuint(st.rtas_tokens, ==, 0);
    g_assert_cmpuint(st.connected_vcpus, ==, 0);
}

void test_kvm_sim_on_unavailable(void)
{
    /* A XIVE machine on hosts without the in-kernel XIVE. */
    static const char *const no_xive[] = {"kvm-sim,host=power9-4.19",
                                          "kvm-sim,host=nested-5.10"};

    for (size_t i = 0; i < G_N_ELEMENTS(no_xive); i++) {
        const char *opts[] = {"-accel", no_xive[i], "-machine",
                              "ic-mode=xive,kernel-irqchip=on", NULL};
        g_autofree char *msg = NULL;

        g_test_message("%s", no_xive[i]);
        msg = create_fail(opts, SPAPR_IRQ_ERROR_HOST);
        g_assert_cmpstr(msg, ==, MSG_XIVE_UNAVAILABLE);
    }
    {
        /* dual and on on a host that releases its XICS but has no XIVE:
         * every controller offered must be in the kernel from the start
         * (policy rule 8), not only at the reset after CAS. */
        const char *opts[] = {"-accel", "kvm-sim,host=nested-5.10", "-machine",
                              "ic-mode=dual,kernel-irqchip=on", NULL};
        g_autofree char *msg = create_fail(opts, SPAPR_IRQ_ERROR_HOST);

        g_assert_cmpstr(msg, ==, MSG_XIVE_UNAVAILABLE);
    }
    {
        /* Without release the dual rule refuses it first. */
        const char *opts[] = {"-accel", "kvm-sim,host=power9-4.19", "-machine",
                              "kernel-irqchip=on", NULL};
        g_autofree char *msg = create_fail(opts, SPAPR_IRQ_ERROR_HOST);

        g_assert_cmpstr(msg, ==, MSG_DUAL_ON);
    }
    {
        /* XICS alone is there on both. */
        static const char *const hosts[] = {"kvm-sim,host=power9-4.19",
                                            "kvm-sim,host=nested-5.10"};

        for (size_t i = 0; i < G_N_ELEMENTS(hosts); i++) {
            const char *opts[] = {"-accel", hosts[i], "-machine",
                                  "ic-mode=xics,kernel-irqchip=on", NULL};
            SpaprIrq *irq = create_ok(opts);

            g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);
            cpu_add_ok(irq, 0);
            assert_kernel_xics(irq, 1);
            reset_ok(irq);
            assert_kernel_xics(irq, 1);
            spapr_irq_destroy(&irq);
        }
    }
    {
        /* No XICS in the kernel either. */
        const char *opts[] = {"-accel", "kvm-sim,host=none", "-machine",
                              "ic-mode=xics,kernel-irqchip=on", NULL};
        g_autofree char *msg = create_fail(opts, SPAPR_IRQ_ERROR_HOST);

        g_assert_cmpstr(msg, ==,
                        "kernel_irqchip requested but unavailable: "
                        "KVM_CAP_IRQ_XICS");
    }
}

void test_kvm_sim_allowed_unavailable(void)
{
    {
        /* XICS in the kernel, no XIVE there: the switch falls back. */
        static const char *const hosts[] = {"kvm-sim,host=power9-4.19",
                                            "kvm-sim,host=nested-5.10"};

        for (size_t i = 0; i < G_N_ELEMENTS(hosts); i++) {
            const char *opts[] = {"-accel", hosts[i], "-smp", "2", NULL};
            SpaprIrq *irq = create_ok(opts);
            GPtrArray *w = spapr_irq_warnings(irq);

            g_test_message("%s", hosts[i]);
            g_assert_cmpint(spapr_irq_get_plan(irq)->impl[SPAPR_INTC_XIVE], ==,
                            SPAPR_INTC_IMPL_EMULATED);
            g_assert_cmpuint(w->len, ==, 0);
            cpu_add_ok(irq, 0);
            cpu_add_ok(irq, 1);
            assert_kernel_xics(irq, 2);

            cas_ok(irq, 0x40);
            reset_ok(irq);
            assert_active(irq, SPAPR_INTC_XIVE, SPAPR_INTC_IMPL_EMULATED);
            g_assert_cmpuint(w->len, ==, 1);
            g_assert_cmpstr(g_ptr_array_index(w, 0), ==,
                            FALLBACK_PREFIX
                            "KVM_CAP_PPC_IRQ_XIVE" FALLBACK_SUFFIX);
            assert_info_contains(irq, "active: xive (emulated)");
            assert_info_contains(irq, "XIVE backend: emulated");
            assert_nothing_in_kernel(irq);
            spapr_irq_destroy(&irq);
        }
    }
    {
        /* The XICS device of nested-5.10 is released: back in the kernel
         * at the reset after XIVE. */
        const char *opts[] = {"-accel", "kvm-sim,host=nested-5.10", NULL};
        SpaprIrq *irq = create_ok(opts);

        cpu_add_ok(irq, 0);
        cas_ok(irq, 0x40);
        reset_ok(irq);
        assert_active(irq, SPAPR_INTC_XIVE, SPAPR_INTC_IMPL_EMULATED);
        reset_ok(irq);
        assert_kernel_xics(irq, 1);
        g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 1);
        spapr_irq_destroy(&irq);
    }
    {
        /* ic-mode=xive: the fallback is announced at start. */
        const char *opts[] = {"-accel", "kvm-sim,host=power9-4.19", "-machine",
                              "ic-mode=xive", NULL};
        SpaprIrq *irq = create_ok(opts);
        GPtrArray *w = spapr_irq_warnings(irq);

        g_assert_cmpuint(w->len, ==, 1);
        g_assert_cmpstr(g_ptr_array_index(w, 0), ==,
                        FALLBACK_PREFIX "KVM_CAP_PPC_IRQ_XIVE" FALLBACK_SUFFIX);
        assert_active(irq, SPAPR_INTC_XIVE, SPAPR_INTC_IMPL_EMULATED);
        cpu_add_ok(irq, 0);
        assert_nothing_in_kernel(irq);
        spapr_irq_destroy(&irq);
    }
    {
        /* No irqchip at all in the kernel: emulated XICS, warned. */
        const char *opts[] = {"-accel", "kvm-sim,host=none", "-machine",
                              "ic-mode=xics", NULL};
        SpaprIrq *irq = create_ok(opts);
        GPtrArray *w = spapr_irq_warnings(irq);

        g_assert_cmpuint(w->len, ==, 1);
        g_assert_cmpstr(g_ptr_array_index(w, 0), ==,
                        FALLBACK_PREFIX "KVM_CAP_IRQ_XICS" FALLBACK_SUFFIX);
        assert_active(irq, SPAPR_INTC_XICS, SPAPR_INTC_IMPL_EMULATED);
        assert_info_contains(irq, "active: xics (emulated)");
        assert_info_contains(irq, "XICS backend: emulated");
        cpu_add_ok(irq, 0);
        assert_nothing_in_kernel(irq);
        spapr_irq_destroy(&irq);
    }
}

/* A machine switched to XIVE at the reset after CAS, with host call @nth
 * of that reset failed; *@failed_op gets the call that failed, or NULL if
 * the reset made fewer calls.  Returns the reset's outcome. */
static bool switch_with_failure(SpaprIrq *irq, unsigned nth, const char **op,
                                GError **errp)
{
    SpaprHost *host = spapr_irq_get_host(irq);
    unsigned injected = irq_sim_stats(irq).injected;
    bool ok;

    cpu_add_ok(irq, 0);
    cas_ok(irq, 0x40);
    g_assert_true(spapr_host_sim_fail(host, nth, EIO));
    ok = spapr_irq_reset(irq, errp);
    *op = irq_sim_stats(irq).injected > injected ? irq_sim_stats(irq).failed_op
                                                 : NULL;
    g_assert_true(spapr_host_sim_fail(host, 0, EIO));
    return ok;
}

/* The XIVE device cannot be created at the switch: under on the reset
 * fails and XICS stays in the kernel; under allowed XIVE is emulated. */
void test_kvm_sim_switch_failure(void)
{
    const char *on[] = {"-accel", "kvm-sim,host=power9-6.1", "-machine",
                        "kernel-irqchip=on", NULL};
    const char *allowed[] = {"-accel", "kvm-sim,host=power9-6.1", NULL};
    bool seen = false;

    for (unsigned nth = 1; nth < 64 && !seen; nth++) {
        SpaprIrq *irq = create_ok(on);
        g_autoptr(GError) err = NULL;
        const char *op = NULL;
        bool ok = switch_with_failure(irq, nth, &op, &err);

        if (!op) {
            g_assert_true(ok);
            spapr_irq_destroy(&irq);
            break; /* past the reset's last call */
        }
        if (strcmp(op, "create_device") != 0) {
            spapr_irq_destroy(&irq);
            continue;
        }
        seen = true;
        g_assert_false(ok);
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_HOST);
        g_test_message("reset: %s", err->message);
        assert_contains(err->message, g_strerror(EIO));
        g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);
        /* The previous controller is given back, in the kernel. */
        assert_kernel_xics(irq, 1);
        /* The CAS choice was used up: the next reset keeps XICS, and the
         * guest's next CAS switches. */
        reset_ok(irq);
        assert_kernel_xics(irq, 1);
        cas_ok(irq, 0x40);
        reset_ok(irq);
        assert_kernel_xive(irq, 1);
        spapr_irq_destroy(&irq);

        irq = create_ok(allowed);
        g_clear_error(&err);
        g_assert_true(switch_with_failure(irq, nth, &op, &err));
        g_assert_no_error(err);
        g_assert_cmpstr(op, ==, "create_device");
        assert_active(irq, SPAPR_INTC_XIVE, SPAPR_INTC_IMPL_EMULATED);
        g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 1);
        g_test_message("warning: %s",
                       (char *)g_ptr_array_index(spapr_irq_warnings(irq), 0));
        g_assert_true(g_str_has_prefix(
            g_ptr_array_index(spapr_irq_warnings(irq), 0), FALLBACK_PREFIX));
        g_assert_true(g_str_has_suffix(
            g_ptr_array_index(spapr_irq_warnings(irq), 0), FALLBACK_SUFFIX));
        assert_contains(g_ptr_array_index(spapr_irq_warnings(irq), 0),
                        g_strerror(EIO));
        assert_nothing_in_kernel(irq);
        spapr_irq_destroy(&irq);
    }
    /* The switch creates the XIVE device. */
    g_assert_true(seen);
}

void test_kvm_sim_no_irqchip(void)
{
    /* A host without an in-kernel controller: the policy itself predicts
     * emulation and gives the one start warning. */
    const char *opts[] = {"-accel", "kvm-sim,host=none", NULL};
    SpaprIrq *irq = create_ok(opts);
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);
    GPtrArray *w = spapr_irq_warnings(irq);

    g_assert_cmpint(plan->impl[SPAPR_INTC_XICS], ==, SPAPR_INTC_IMPL_EMULATED);
    g_assert_cmpuint(w->len, ==, 1);
    g_assert_cmpstr(g_ptr_array_index(w, 0), ==,
                    FALLBACK_PREFIX "KVM_CAP_IRQ_XICS" FALLBACK_SUFFIX);
    g_assert_cmpint(spapr_irq_active_impl(irq), ==, SPAPR_INTC_IMPL_EMULATED);

    /* CAS to XIVE adds the XIVE warning at reset. */
    cas_ok(irq, 0x40);
    reset_ok(irq);
    g_assert_cmpuint(w->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(w, 1), ==,
                    FALLBACK_PREFIX "KVM_CAP_PPC_IRQ_XIVE" FALLBACK_SUFFIX);
    assert_active(irq, SPAPR_INTC_XIVE, SPAPR_INTC_IMPL_EMULATED);
    assert_nothing_in_kernel(irq);
    spapr_irq_destroy(&irq);
}

/* A kernel without KVM_CAP_PPC_RTAS (spapr_host_sim_set_cap()): the XICS
 * connect asks for it before defining the RTAS tokens (QEMU's
 * kvmppc_define_rtas_kernel_token() answers -ENOENT without it).  A dual
 * machine in the kernel's XIVE goes back to XICS at the next reset: under
 * on the reset fails naming the capability and XIVE stays; under allowed
 * XICS is emulated with the fallback warning. */
void test_kvm_sim_no_rtas_cap(void)
{
    static const char *const kics[] = {"kernel-irqchip=on", NULL};
    const char *reason = "XICS: the kernel does not handle RTAS calls (no "
                         "KVM_CAP_PPC_RTAS)";

    for (size_t i = 0; i < G_N_ELEMENTS(kics); i++) {
        const char *opts[] = {"-accel", "kvm-sim,host=power9-6.1",
                              kics[i] ? "-machine" : NULL, kics[i], NULL};
        SpaprIrq *irq = create_ok(opts);
        g_autoptr(GError) err = NULL;
        g_autofree char *warning = NULL;

        cpu_add_ok(irq, 0);
        cas_ok(irq, 0x40);
        reset_ok(irq);
        assert_kernel_xive(irq, 1);
        g_assert_true(spapr_host_sim_set_cap(spapr_irq_get_host(irq),
                                             SPAPR_KVM_CAP_PPC_RTAS, 0));
        if (kics[i]) {
            g_assert_false(spapr_irq_reset(irq, &err));
            g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_HOST);
            g_test_message("reset: %s", err->message);
            assert_contains(err->message, "KVM_CAP_PPC_RTAS");
            /* The failed call's error, as the fallback passes it on. */
            g_assert_cmpstr(err->message, ==, reason);
            assert_kernel_xive(irq, 1);
            g_assert_cmpuint(irq_sim_stats(irq).rtas_tokens, ==, 0);
        } else {
            reset_ok(irq);
            assert_active(irq, SPAPR_INTC_XICS, SPAPR_INTC_IMPL_EMULATED);
            warning =
                g_strdup_printf(FALLBACK_PREFIX "%s" FALLBACK_SUFFIX, reason);
            g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 1);
            g_assert_cmpstr(g_ptr_array_index(spapr_irq_warnings(irq), 0), ==,
                            warning);
            assert_nothing_in_kernel(irq);
        }
        spapr_irq_destroy(&irq);
    }
}

/* A 4 KiB-page host: the XIVE device cannot map the 4 x 64 KiB TIMA
 * (kvmppc_xive_native_mmap()), so in-kernel XIVE is unavailable there:
 * refused under on, emulated with the warning under allowed; XICS stays
 * in the kernel. */
void test_kvm_sim_4k_pages(void)
{
    const char *reason = "in-kernel XIVE needs 64 KiB host pages (the KVM "
                         "device cannot map the 4 x 64 KiB TIMA)";
    const char *on[] = {"-accel", "kvm-sim,host=power9-6.1-4k", "-machine",
                        "ic-mode=xive,kernel-irqchip=on", NULL};
    const char *allowed[] = {"-accel", "kvm-sim,host=power9-6.1-4k", "-machine",
                             "ic-mode=xive", NULL};
    const char *dual[] = {"-accel", "kvm-sim,host=power9-6.1-4k", NULL};
    g_autofree char *msg = create_fail(on, SPAPR_IRQ_ERROR_HOST);
    g_autofree char *want_msg =
        g_strdup_printf("kernel_irqchip requested but unavailable: %s", reason);
    g_autofree char *warning =
        g_strdup_printf(FALLBACK_PREFIX "%s" FALLBACK_SUFFIX, reason);
    SpaprIrq *irq;

    g_assert_cmpstr(msg, ==, want_msg);

    irq = create_ok(allowed);
    cpu_add_ok(irq, 0);
    assert_active(irq, SPAPR_INTC_XIVE, SPAPR_INTC_IMPL_EMULATED);
    g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 1);
    g_assert_cmpstr(g_ptr_array_index(spapr_irq_warnings(irq), 0), ==, warning);
    assert_nothing_in_kernel(irq);
    spapr_irq_destroy(&irq);

    /* dual: XICS in the kernel, XIVE emulated after CAS. */
    irq = create_ok(dual);
    cpu_add_ok(irq, 0);
    assert_kernel_xics(irq, 1);
    cas_ok(irq, 0x40);
    reset_ok(irq);
    assert_active(irq, SPAPR_INTC_XIVE, SPAPR_INTC_IMPL_EMULATED);
    assert_nothing_in_kernel(irq);
    spapr_irq_destroy(&irq);
}
