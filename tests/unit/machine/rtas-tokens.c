/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-machine: the kernel RTAS tokens of the in-kernel XICS when the
 * machine leaves it (/machine/kvm-sim/rtas-tokens/...; docs/specs/kvm.md,
 * "Leaving the in-kernel XICS"): they are undefined before anything else;
 * a failed undefine fails the switch (or the fallback) and leaves the
 * machine on the kernel's XICS, every token defined and the guest's calls
 * answered there; a teardown releases the device whatever fails.
 */
#include <errno.h>
#include <string.h>

#include "fixture.h"
#include "hw/intc/intc.h"
#include "tools/vmm.h"

#define MSI  0x1000
#define PRIO 5

/* xics_rtas_calls[] in the order the kernel gets them (QEMU's). */
static const char *const rtas_names[] = {"ibm,set-xive", "ibm,get-xive",
                                         "ibm,int-on", "ibm,int-off"};

static uint32_t server_of(SpaprIrq *irq, uint32_t cpu_index)
{
    return spapr_irq_topology_vcpu_id(&spapr_irq_get_plan(irq)->topo,
                                      cpu_index);
}

static uint32_t rtas(SpaprIrq *irq, const char *name, uint32_t nargs,
                     const uint32_t *args, uint32_t nret, uint32_t *rets)
{
    rets[0] = 0x5a5a5a5a;
    g_assert_true(
        vmm_rtas(irq, 0, spapr_irq_rtas_token(name), nargs, args, nret, rets));
    return rets[0];
}

/* The guest on XICS: CPPR 0xff on CPU 0, the MSI to CPU 0 at PRIO. */
static void xics_configure(SpaprIrq *irq)
{
    uint64_t cppr = 0xff, hrets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};
    uint32_t args[3] = {MSI, server_of(irq, 0), PRIO}, rets[1];

    g_assert_cmpint(vmm_hcall(irq, 0, OP_H_CPPR, &cppr, 1, hrets), ==,
                    SPAPR_H_SUCCESS);
    g_assert_cmpint(rtas(irq, "ibm,set-xive", 3, args, 1, rets), ==,
                    SPAPR_RTAS_OUT_SUCCESS);
}

/* What the guest configured answers: ibm,get-xive reads it back, and the
 * MSI makes an H_XIRR / H_EOI round trip. */
static void xics_round_trip(SpaprIrq *irq)
{
    uint64_t hrets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};
    uint64_t xirr = 0xff000000u | MSI;
    uint32_t args[1] = {MSI}, rets[3] = {0};
    g_autoptr(GError) err = NULL;

    g_assert_cmpint(rtas(irq, "ibm,get-xive", 1, args, 3, rets), ==,
                    SPAPR_RTAS_OUT_SUCCESS);
    g_assert_cmpuint(rets[1], ==, server_of(irq, 0));
    g_assert_cmpuint(rets[2], ==, PRIO);
    g_assert_true(spapr_irq_set_irq(irq, MSI, 1, &err));
    g_assert_no_error(err);
    g_assert_cmpint(vmm_hcall(irq, 0, OP_H_XIRR, NULL, 0, hrets), ==,
                    SPAPR_H_SUCCESS);
    g_assert_cmphex(hrets[0], ==, xirr);
    g_assert_cmpint(vmm_hcall(irq, 0, OP_H_EOI, &xirr, 1, hrets), ==,
                    SPAPR_H_SUCCESS);
}

/* A dual machine (kernel-irqchip=on if @on) on XICS in the kernel, CPU 0
 * added, the MSI claimed and configured. */
static SpaprIrq *tokens_machine(bool on, const char *smp)
{
    const char *opts[] = {
        "-accel",   "kvm-sim,host=power9-6.1",
        "-machine", on ? "ic-mode=dual,kernel-irqchip=on" : "ic-mode=dual",
        "-smp",     smp,
        NULL};
    SpaprIrq *irq = create_ok(opts);

    cpu_add_ok(irq, 0);
    claim_ok(irq, MSI, false);
    assert_kernel_xics(irq, 1);
    xics_configure(irq);
    xics_round_trip(irq);
    return irq;
}

/* Each undefine of the xics -> xive switch at reset fails in turn. */
void test_rtas_tokens_undefine_failure(void)
{
    for (int on = 0; on <= 1; on++) {
        for (unsigned i = 0; i < G_N_ELEMENTS(rtas_names); i++) {
            SpaprIrq *irq = tokens_machine(on, "1");
            SpaprHost *host = spapr_irq_get_host(irq);
            SpaprHostSimStats before = irq_sim_stats(irq), st;
            guint warnings = spapr_irq_warnings(irq)->len;
            g_autoptr(GError) err = NULL;
            g_autofree char *want = g_strdup_printf(
                "XICS: undefining the kernel RTAS token of %s failed: %s",
                rtas_names[i], g_strerror(EIO));
            bool ok;

            g_test_message("kernel-irqchip=%s, undefine %u fails",
                           on ? "on" : "allowed", i + 1);
            cas_ok(irq, 0x40);
            g_assert_true(spapr_host_sim_fail(host, i + 1, EIO));
            ok = spapr_irq_reset(irq, &err);
            st = irq_sim_stats(irq);
            g_assert_true(spapr_host_sim_fail(host, 0, EIO));

            g_assert_false(ok);
            g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_HOST);
            g_assert_cmpstr(err->message, ==, want);
            g_assert_cmpuint(st.injected, ==, before.injected + 1);
            g_assert_cmpstr(st.failed_op, ==, "define_rtas_token");
            /* The undefines up to the failed one, the ones done defined
             * again, and nothing else. */
            g_assert_cmpuint(st.calls - before.calls, ==, 2 * i + 1);
            g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, warnings);
            /* XICS in the kernel as before: the device, the vCPU, every
             * token, the guest's configuration and a delivery. */
            assert_kernel_xics(irq, 1);
            g_assert_cmpuint(st.open_vcpus, ==, 1);
            xics_round_trip(irq);

            /* The guest's next CAS switches; back at the next reset. */
            cas_ok(irq, 0x40);
            reset_ok(irq);
            assert_kernel_xive(irq, 1);
            reset_ok(irq);
            assert_kernel_xics(irq, 1);
            xics_configure(irq);
            xics_round_trip(irq);

            /* What the kernel holds as the machine goes: its own. */
            st = irq_sim_stats(irq);
            g_assert_cmpuint(st.open_devices, ==, 1);
            g_assert_cmpuint(st.rtas_tokens, ==, 4);
            g_assert_cmpuint(st.connected_vcpus, ==, 1);
            g_assert_cmpuint(st.open_vcpus, ==, 1);
            g_assert_cmpuint(st.mappings, ==, 0);
            g_assert_cmpuint(st.stale_irqchips, ==, 0);
            spapr_irq_destroy(&irq);
            g_assert_null(irq);
        }
    }
}

/* A switch undefines the four tokens first, then closes the device; back
 * on XICS they are defined again. */
void test_rtas_tokens_switch(void)
{
    SpaprIrq *irq = tokens_machine(false, "1");
    SpaprHost *host = spapr_irq_get_host(irq);
    uint32_t args[1] = {MSI}, rets[3];
    SpaprHostSimStats st;

    /* Host call 5 of the switch is the close of the XICS device (released
     * even when close(2) fails): the four before it are the undefines. */
    cas_ok(irq, 0x40);
    g_assert_true(spapr_host_sim_fail(host, 5, EIO));
    reset_ok(irq);
    st = irq_sim_stats(irq);
    g_assert_true(spapr_host_sim_fail(host, 0, EIO));
    g_assert_cmpuint(st.injected, ==, 1);
    g_assert_cmpstr(st.failed_op, ==, "close_fd");
    assert_kernel_xive(irq, 1);
    g_assert_cmpuint(st.rtas_tokens, ==, 0);
    g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);
    /* The XICS calls fail under XIVE (the layer's answer, not a kernel
     * device's). */
    g_assert_cmpint((int32_t)rtas(irq, "ibm,get-xive", 1, args, 3, rets), ==,
                    SPAPR_RTAS_OUT_HW_ERROR);

    reset_ok(irq);
    assert_kernel_xics(irq, 1);
    xics_configure(irq);
    xics_round_trip(irq);
    spapr_irq_destroy(&irq);
}

/* The fallback after a failed kernel call leaves the kernel as a switch
 * does: the undefines first; one that fails keeps XICS in the kernel. */
void test_rtas_tokens_fallback(void)
{
    SpaprIrq *irq = tokens_machine(false, "2");
    SpaprHost *host = spapr_irq_get_host(irq);
    SpaprHostSimStats before = irq_sim_stats(irq), st;
    g_autoptr(GError) err = NULL;
    g_autofree char *connect = g_strdup_printf(
        "XICS: unable to connect CPU 1 (server %u) to the kernel XICS: %s",
        server_of(irq, 1), g_strerror(EBADF));
    g_autofree char *want = g_strdup_printf(
        "%s; falling back to kernel-irqchip=off failed: XICS: undefining the "
        "kernel RTAS token of ibm,set-xive failed: %s",
        connect, g_strerror(EIO));
    GPtrArray *w = spapr_irq_warnings(irq);
    g_autofree char *warning = NULL;
    uint32_t args[1] = {MSI}, rets[3];

    /* A vCPU fd the kernel does not know: KVM_ENABLE_CAP fails (EBADF),
     * and the next host call, the first undefine, fails too. */
    g_assert_true(spapr_host_sim_fail(host, 2, EIO));
    g_assert_false(spapr_irq_cpu_add(irq, 1, 9999, &err));
    st = irq_sim_stats(irq);
    g_assert_true(spapr_host_sim_fail(host, 0, EIO));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_HOST);
    g_assert_cmpstr(err->message, ==, want);
    g_assert_cmpuint(st.injected, ==, before.injected + 1);
    g_assert_cmpstr(st.failed_op, ==, "define_rtas_token");
    g_assert_cmpuint(st.calls - before.calls, ==, 2);
    g_assert_cmpuint(w->len, ==, 0);
    assert_kernel_xics(irq, 1);
    xics_round_trip(irq);

    /* Without the second failure: the emulation, the configuration read
     * back from the kernel, nothing left there. */
    g_clear_error(&err);
    g_assert_true(spapr_irq_cpu_add(irq, 1, 9999, &err));
    g_assert_no_error(err);
    warning = g_strdup_printf(FALLBACK_PREFIX "%s" FALLBACK_SUFFIX, connect);
    g_assert_cmpuint(w->len, ==, 1);
    g_assert_cmpstr(g_ptr_array_index(w, 0), ==, warning);
    assert_active(irq, SPAPR_INTC_XICS, SPAPR_INTC_IMPL_EMULATED);
    st = irq_sim_stats(irq);
    g_assert_cmpuint(st.open_devices, ==, 0);
    g_assert_cmpuint(st.rtas_tokens, ==, 0);
    g_assert_cmpuint(st.connected_vcpus, ==, 0);
    g_assert_cmpint(rtas(irq, "ibm,get-xive", 1, args, 3, rets), ==,
                    SPAPR_RTAS_OUT_SUCCESS);
    g_assert_cmpuint(rets[1], ==, server_of(irq, 0));
    g_assert_cmpuint(rets[2], ==, PRIO);
    spapr_irq_destroy(&irq);
}

/* The XICS controller in the kernel of the host of @ctx, with
 * CPU 0 connected on vCPU *@vcpu. */
static SpaprIntc *kernel_xics(const SpaprIntcContext *ctx, int *vcpu)
{
    g_autoptr(GError) err = NULL;
    SpaprHost *h = ctx->host;
    SpaprHostSimStats st;
    SpaprIntc *intc = spapr_intc_create(&spapr_xics_ops, ctx, &err);

    g_assert_no_error(err);
    *vcpu = h->ops->create_vcpu(h, 0);
    g_assert_cmpint(*vcpu, >=, 0);
    g_assert_true(intc->ops->cpu_create(intc, 0, 0, *vcpu, &err));
    g_assert_true(intc->ops->activate(intc, SPAPR_INTC_IMPL_KVM, &err));
    g_assert_no_error(err);
    g_assert_true(spapr_host_sim_stats(h, &st));
    g_assert_cmpuint(st.rtas_tokens, ==, 4);
    g_assert_cmpuint(st.open_devices, ==, 1);
    g_assert_cmpuint(st.connected_vcpus, ==, 1);
    return intc;
}

/* After the teardown: no device, no connected vCPU, @tokens tokens; the
 * test's vCPU closed. */
static void assert_released(SpaprHost *h, int vcpu, unsigned tokens)
{
    SpaprHostSimStats st;

    g_assert_true(spapr_host_sim_stats(h, &st));
    g_assert_cmpuint(st.injected, ==, 1);
    g_assert_cmpstr(st.failed_op, ==, "define_rtas_token");
    g_assert_cmpuint(st.open_devices, ==, 0);
    g_assert_cmpuint(st.connected_vcpus, ==, 0);
    g_assert_cmpuint(st.mappings, ==, 0);
    g_assert_cmpuint(st.rtas_tokens, ==, tokens);
    g_assert_cmpint(h->ops->close_fd(h, vcpu), ==, 0);
    g_assert_true(spapr_host_sim_stats(h, &st));
    g_assert_cmpuint(st.open_vcpus, ==, 0);
}

/*
 * A teardown releases the device even when an undefine fails: the XICS
 * controller in the kernel of a host the test keeps, with each undefine
 * failing in turn, torn down as spapr_irq_destroy() does (deactivate, then
 * destroy) and by destroy alone; the host's counters are read after the
 * controller is gone.  A token the kernel keeps goes with the VM
 * (spapr_host_close(); LSan checks).
 */
void test_rtas_tokens_teardown(void)
{
    const char *opts[] = {"-accel", "kvm-sim,host=power9-6.1", NULL};

    for (unsigned i = 0; i < G_N_ELEMENTS(rtas_names); i++) {
        for (int alone = 0; alone <= 1; alone++) {
            g_autoptr(SpaprIrqConfig) cfg = cfg_from(opts);
            g_autoptr(GError) err = NULL;
            SpaprIntcContext ctx = {
                .max_cpus = 1, .nr_servers = 8, .cb = &callbacks};
            SpaprHostSimStats st;
            SpaprIntc *intc;
            unsigned calls;
            int vcpu;

            g_assert_true(spapr_host_open(cfg, -1, &ctx.host, &err));
            g_assert_no_error(err);
            intc = kernel_xics(&ctx, &vcpu);
            g_assert_true(spapr_host_sim_stats(ctx.host, &st));
            calls = st.calls;
            g_assert_true(spapr_host_sim_fail(ctx.host, i + 1, EIO));
            if (!alone) {
                /* Four undefines, then the close; destroy tries the
                 * failed one once more. */
                intc->ops->deactivate(intc);
                g_assert_true(spapr_host_sim_stats(ctx.host, &st));
                g_assert_cmpuint(st.calls - calls, ==, 5);
                g_assert_cmpuint(st.open_devices, ==, 0);
                g_assert_cmpuint(st.rtas_tokens, ==, 1);
            }
            intc->ops->cpu_destroy(intc, 0);
            intc->ops->destroy(intc);
            g_assert_true(spapr_host_sim_stats(ctx.host, &st));
            g_assert_cmpuint(st.calls - calls, ==, alone ? 5 : 6);
            assert_released(ctx.host, vcpu, alone ? 1 : 0);
            spapr_host_close(&ctx.host);
        }
    }
}
