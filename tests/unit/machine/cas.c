/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-machine: CAS and reset (/machine/cas/...): the guest's choice of
 * controller, taken at the next reset (cas-switch=at-reset, the default) or
 * at once (cas-switch=at-cas, QEMU 5.0 and later), and the CAS errors.
 */
#include <errno.h>

#include "fixture.h"
#include "tools/vmm.h"

static void cas_fail(SpaprIrq *irq, uint8_t byte23, const char *msg)
{
    g_autoptr(GError) err = NULL;

    g_assert_false(spapr_irq_cas(irq, byte23, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_CAS);
    g_assert_cmpstr(err->message, ==, msg);
}

void test_cas_dual(void)
{
    const char *opts[] = {"-cpu", "power9", "-machine", "ic-mode=dual", NULL};
    SpaprIrq *irq = create_ok(opts);

    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    cas_ok(irq, 0x40);
    /* The switch happens at reset, not at CAS. */
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    g_assert_cmpint(spapr_irq_active_impl(irq), ==, SPAPR_INTC_IMPL_EMULATED);
    /* A reset forgets the choice: back to XICS. */
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);

    /* CAS for XICS keeps XICS. */
    cas_ok(irq, 0x00);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);

    /* XIVE again, twice in a row with resets in between. */
    cas_ok(irq, 0x40);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    cas_ok(irq, 0x40);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    /* From XIVE, CAS for XICS. */
    cas_ok(irq, 0x00);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);

    /* 0x80 is never valid. */
    cas_fail(irq, 0x80, MSG_CAS_INVALID);
    cas_fail(irq, 0xC0, MSG_CAS_INVALID);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);

    /* No warning under tcg. */
    g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);
    spapr_irq_destroy(&irq);
}

void test_cas_xive_only(void)
{
    const char *opts[] = {"-machine", "ic-mode=xive", NULL};
    SpaprIrq *irq = create_ok(opts);

    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    cas_fail(irq, 0x00, MSG_CAS_NO_XICS);
    cas_fail(irq, 0x80, MSG_CAS_INVALID);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    cas_ok(irq, 0x40);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    /* A reset without CAS keeps XIVE, the start controller. */
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    spapr_irq_destroy(&irq);
}

void test_cas_xics_only(void)
{
    const char *opts[] = {"-machine", "ic-mode=xics", NULL};
    SpaprIrq *irq = create_ok(opts);

    cas_fail(irq, 0x40, MSG_CAS_NO_XIVE);
    cas_fail(irq, 0x80, MSG_CAS_INVALID);
    cas_ok(irq, 0x00);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    spapr_irq_destroy(&irq);
}

void test_cas_dual_power8(void)
{
    const char *opts[] = {"-machine", "ic-mode=dual,max-cpu-compat=power8",
                          NULL};
    SpaprIrq *irq = create_ok(opts);
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);

    g_assert_cmpint(plan->offered, ==, SPAPR_IC_MODE_XICS);
    g_assert_cmphex(plan->platform_byte23, ==, 0x00);
    cas_fail(irq, 0x40, MSG_CAS_NO_XIVE);
    cas_ok(irq, 0x00);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    spapr_irq_destroy(&irq);

    /* Same with -cpu power8. */
    const char *opts8[] = {"-cpu", "power8", NULL};
    irq = create_ok(opts8);
    cas_fail(irq, 0x40, MSG_CAS_NO_XIVE);
    spapr_irq_destroy(&irq);
}

/* ---- cas-switch= (docs/specs/policy.md, CAS) ---- */

#define MSG_BAD_CAS_SWITCH(v)                                                  \
    "Bad value for \"cas-switch\" property: \"" v "\" (accepted: at-reset, "   \
    "at-cas)"

static void cas_switch_bad(const char *arg, const char *msg)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_irq_config_new();
    g_autoptr(GError) err = NULL;

    cfg->cas_switch = SPAPR_CAS_SWITCH_AT_CAS;
    g_assert_false(spapr_irq_config_parse_machine(cfg, arg, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
    g_assert_cmpstr(err->message, ==, msg);
    /* A bad value changes nothing. */
    g_assert_cmpint(cfg->cas_switch, ==, SPAPR_CAS_SWITCH_AT_CAS);
}

void test_cas_switch_option(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_irq_config_new();
    g_autoptr(GError) err = NULL;

    /* The default is today's behaviour: the switch at the next reset. */
    g_assert_cmpint(cfg->cas_switch, ==, SPAPR_CAS_SWITCH_AT_RESET);
    g_assert_true(
        spapr_irq_config_parse_machine(cfg, "pseries,cas-switch=at-cas", &err));
    g_assert_no_error(err);
    g_assert_cmpint(cfg->cas_switch, ==, SPAPR_CAS_SWITCH_AT_CAS);
    /* The last value wins; QEMU's spelling is case-insensitive. */
    g_assert_true(spapr_irq_config_parse_option(
        cfg, "-M", "ic-mode=dual,cas-switch=AT-RESET", &err));
    g_assert_no_error(err);
    g_assert_cmpint(cfg->cas_switch, ==, SPAPR_CAS_SWITCH_AT_RESET);
    g_assert_cmpstr(spapr_cas_switch_name(SPAPR_CAS_SWITCH_AT_RESET), ==,
                    "at-reset");
    g_assert_cmpstr(spapr_cas_switch_name(SPAPR_CAS_SWITCH_AT_CAS), ==,
                    "at-cas");

    cas_switch_bad("cas-switch=now", MSG_BAD_CAS_SWITCH("now"));
    cas_switch_bad("pseries,cas-switch=", MSG_BAD_CAS_SWITCH(""));
    /* A bare key means "on", which is not a value of cas-switch. */
    cas_switch_bad("pseries,cas-switch", MSG_BAD_CAS_SWITCH("on"));

    /* The plan carries it, under every accelerator. */
    const char *opts[] = {"-machine", "cas-switch=at-cas", NULL};
    SpaprIrq *irq = create_ok(opts);
    g_assert_cmpint(spapr_irq_get_plan(irq)->cas_switch, ==,
                    SPAPR_CAS_SWITCH_AT_CAS);
    spapr_irq_destroy(&irq);
    irq = create_ok(NULL);
    g_assert_cmpint(spapr_irq_get_plan(irq)->cas_switch, ==,
                    SPAPR_CAS_SWITCH_AT_RESET);
    spapr_irq_destroy(&irq);
}

/* XIVE's hcalls answer only with XIVE active (H_FUNCTION otherwise). */
static int64_t xive_source_info(SpaprIrq *irq, uint32_t lisn)
{
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    return vmm_hcall(irq, 0, OP_H_INT_GET_SOURCE_INFO, (uint64_t[]){0, lisn}, 2,
                     rets);
}

void test_cas_at_cas_tcg(void)
{
    const char *opts[] = {"-machine", "ic-mode=dual,cas-switch=at-cas", NULL};
    const char *xive_opts[] = {"-machine", "ic-mode=xive,cas-switch=at-cas",
                               NULL};
    SpaprIrq *irq = create_ok(opts);
    bool lsi = true;

    cpu_add_ok(irq, 0);
    claim_ok(irq, 0x1300, false);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    g_assert_cmpint(xive_source_info(irq, 0x1300), ==, SPAPR_H_FUNCTION);

    /* The errors are those of at-reset, and change nothing. */
    cas_fail(irq, 0x80, MSG_CAS_INVALID);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);

    /* CAS for XIVE switches at once: the guest's next call finds XIVE,
     * emulated, and the claims made before CAS. */
    cas_ok(irq, 0x40);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    g_assert_cmpint(spapr_irq_active_impl(irq), ==, SPAPR_INTC_IMPL_EMULATED);
    g_assert_true(spapr_irq_is_claimed(irq, 0x1300, &lsi));
    g_assert_false(lsi);
    g_assert_cmpint(xive_source_info(irq, 0x1300), ==, SPAPR_H_SUCCESS);
    /* The same choice again: nothing changes. */
    cas_ok(irq, 0x40);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);

    /* A reset forgets CAS, as QEMU's does (ov5_cas is cleared): a dual
     * machine is back on XICS until the next CAS. */
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    g_assert_cmpint(xive_source_info(irq, 0x1300), ==, SPAPR_H_FUNCTION);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);

    /* From XIVE, CAS for XICS switches back at once. */
    cas_ok(irq, 0x40);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    cas_ok(irq, 0x00);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    g_assert_cmpint(xive_source_info(irq, 0x1300), ==, SPAPR_H_FUNCTION);
    g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);
    spapr_irq_destroy(&irq);

    /* A XIVE-only machine: CAS for XIVE keeps it, for XICS is refused. */
    irq = create_ok(xive_opts);
    reset_ok(irq);
    cas_fail(irq, 0x00, MSG_CAS_NO_XICS);
    cas_ok(irq, 0x40);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    spapr_irq_destroy(&irq);
}

/* The default, spelled out: CAS records, the next reset switches. */
void test_cas_at_reset(void)
{
    const char *opts[] = {"-machine", "ic-mode=dual,cas-switch=at-reset", NULL};
    SpaprIrq *irq = create_ok(opts);

    reset_ok(irq);
    cas_ok(irq, 0x40);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    spapr_irq_destroy(&irq);
}

/* With a KVM host the switch at CAS closes one kernel device and connects
 * every vCPU to the other: refused while the VM runs, as a reset is. */
void test_cas_at_cas_kvm_sim(void)
{
    const char *opts[] = {"-accel",   "kvm-sim,host=power9-6.1",
                          "-machine", "ic-mode=dual,cas-switch=at-cas",
                          "-smp",     "2",
                          NULL};
    SpaprIrq *irq = create_ok(opts);
    g_autoptr(GError) err = NULL;

    cpu_add_ok(irq, 0);
    cpu_add_ok(irq, 1);
    reset_ok(irq);
    assert_kernel_xics(irq, 2);
    g_assert_true(vmm_vm_resume(irq, &err));

    /* Running: a CAS that would switch is refused and changes nothing ... */
    g_assert_false(spapr_irq_cas(irq, 0x40, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE);
    assert_contains(err->message, "a switch at CAS (cas-switch=at-cas)");
    assert_contains(err->message, "spapr_irq_vm_stop()");
    g_clear_error(&err);
    assert_kernel_xics(irq, 2);
    /* ... one that keeps the controller needs no vCPU. */
    cas_ok(irq, 0x00);
    assert_kernel_xics(irq, 2);
    /* The CAS errors come first. */
    cas_fail(irq, 0x80, MSG_CAS_INVALID);
    g_assert_cmpuint(irq_sim_stats(irq).running_violations, ==, 0);

    /* Stopped, CAS switches to XIVE in the kernel at once. */
    g_assert_true(vmm_vm_stop(irq, &err));
    cas_ok(irq, 0x40);
    assert_kernel_xive(irq, 2);
    g_assert_cmpuint(irq_sim_stats(irq).stale_irqchips, ==, 0);
    g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);
    g_assert_true(vmm_vm_resume(irq, &err));
    cas_ok(irq, 0x40);
    assert_kernel_xive(irq, 2);

    /* vmm_cas() pauses the VM around it, as QEMU's CAS runs with the other
     * vCPUs halted; then a reset takes the machine back to XICS. */
    g_assert_true(vmm_cas(irq, 0x00, &err));
    g_assert_no_error(err);
    assert_kernel_xics(irq, 2);
    g_assert_true(spapr_irq_vm_running(irq));
    g_assert_true(vmm_cas(irq, 0x40, &err));
    assert_kernel_xive(irq, 2);
    g_assert_true(vmm_reset(irq, &err));
    g_assert_no_error(err);
    assert_kernel_xics(irq, 2);
    g_assert_cmpuint(irq_sim_stats(irq).running_violations, ==, 0);
    g_assert_cmpuint(irq_sim_stats(irq).stale_irqchips, ==, 0);
    spapr_irq_destroy(&irq);
}

/* Saved after a switch at CAS: the stream's active controller carries it
 * and its CAS record has nothing pending (the format is unchanged). */
void test_cas_at_cas_state(void)
{
    const char *at_cas[] = {"-machine", "ic-mode=dual,cas-switch=at-cas,vsmt=8",
                            NULL};
    const char *at_reset[] = {"-machine", "ic-mode=dual,vsmt=8", NULL};
    const char *kvm[] = {"-accel", "kvm-sim,host=power9-6.1", "-machine",
                         "ic-mode=dual,cas-switch=at-cas,vsmt=8", NULL};
    /* vsmt=8: the servers of KVM's default on every machine. */
    const char *const *dests[] = {at_cas, at_reset, kvm};
    g_autoptr(GByteArray) state = g_byte_array_new();
    g_autoptr(GError) err = NULL;
    SpaprIrq *src = create_ok(at_cas);

    cpu_add_ok(src, 0);
    claim_ok(src, 0x1300, false);
    reset_ok(src);
    cas_ok(src, 0x40);
    g_assert_true(spapr_irq_save(src, state, &err));
    g_assert_no_error(err);
    spapr_irq_destroy(&src);

    for (size_t i = 0; i < G_N_ELEMENTS(dests); i++) {
        SpaprIrq *dst = create_ok(dests[i]);

        cpu_add_ok(dst, 0);
        claim_ok(dst, 0x1300, false);
        reset_ok(dst);
        g_assert_true(spapr_irq_load(dst, state->data, state->len, &err));
        g_assert_no_error(err);
        g_assert_cmpint(spapr_irq_active(dst), ==, SPAPR_INTC_XIVE);
        g_assert_cmpint(spapr_irq_active_impl(dst), ==,
                        i == 2 ? SPAPR_INTC_IMPL_KVM
                               : SPAPR_INTC_IMPL_EMULATED);
        /* Nothing was pending: the next reset goes back to XICS. */
        reset_ok(dst);
        g_assert_cmpint(spapr_irq_active(dst), ==, SPAPR_INTC_XICS);
        spapr_irq_destroy(&dst);
    }
}

/*
 * Every host call of a switch at CAS failing in turn: the CAS fails with
 * the host's error and the previous controller is given back in the
 * kernel (the guest may retry), or, under allowed, the chosen one falls
 * back to emulation with its warning; never a controller lost.
 */
void test_cas_at_cas_failures(void)
{
    const char *modes[] = {"ic-mode=dual,cas-switch=at-cas,kernel-irqchip=on",
                           "ic-mode=dual,cas-switch=at-cas"};
    unsigned failed = 0, fell_back = 0;

    for (size_t m = 0; m < G_N_ELEMENTS(modes); m++) {
        const char *opts[] = {"-accel", "kvm-sim,host=power9-6.1", "-machine",
                              modes[m], NULL};

        for (unsigned nth = 1;; nth++) {
            SpaprIrq *irq = create_ok(opts);
            SpaprHost *host = spapr_irq_get_host(irq);
            g_autoptr(GError) err = NULL;
            unsigned injected;
            bool ok;

            cpu_add_ok(irq, 0);
            reset_ok(irq);
            injected = irq_sim_stats(irq).injected;
            g_assert_true(spapr_host_sim_fail(host, nth, EIO));
            ok = spapr_irq_cas(irq, 0x40, &err);
            g_assert_true(spapr_host_sim_fail(host, 0, EIO));
            if (irq_sim_stats(irq).injected == injected) {
                /* Past the switch's last call. */
                g_assert_true(ok);
                assert_kernel_xive(irq, 1);
                spapr_irq_destroy(&irq);
                break;
            }
            g_test_message("%s, call %u (%s): %s", modes[m], nth,
                           irq_sim_stats(irq).failed_op,
                           ok ? "switched" : err->message);
            if (!ok) {
                failed++;
                g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_HOST);
                assert_contains(err->message, g_strerror(EIO));
                assert_kernel_xics(irq, 1);
                /* The guest's CAS again: it switches. */
                cas_ok(irq, 0x40);
                assert_kernel_xive(irq, 1);
            } else if (spapr_irq_active_impl(irq) == SPAPR_INTC_IMPL_EMULATED) {
                fell_back++;
                g_assert_cmpint(m, ==, 1);
                assert_active(irq, SPAPR_INTC_XIVE, SPAPR_INTC_IMPL_EMULATED);
                g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 1);
                g_assert_true(g_str_has_prefix(
                    g_ptr_array_index(spapr_irq_warnings(irq), 0),
                    FALLBACK_PREFIX));
            } else {
                assert_kernel_xive(irq, 1);
            }
            g_assert_cmpuint(irq_sim_stats(irq).stale_irqchips, ==, 0);
            /* Whatever happened, a reset is the reboot: XICS. */
            reset_ok(irq);
            assert_active(irq, SPAPR_INTC_XICS, SPAPR_INTC_IMPL_KVM);
            spapr_irq_destroy(&irq);
        }
    }
    g_assert_cmpuint(failed, >, 0);
    g_assert_cmpuint(fell_back, >, 0);
}
