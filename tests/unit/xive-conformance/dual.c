/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XIVE conformance: the other controller: XICS hcalls and RTAS calls with
 * XIVE active, and a dual machine (ic-mode=dual) before and after CAS.
 */
#include "fixture.h"
#include "tools/vmm.h"

/* ====================================================================== */
/* the other controller                                                   */
/* ====================================================================== */

#define OP_H_EOI    0x64
#define OP_H_CPPR   0x68
#define OP_H_IPI    0x6C
#define OP_H_IPOLL  0x70
#define OP_H_XIRR   0x74
#define OP_H_XIRR_X 0x2FC

/* On a XIVE-only machine every XICS hcall answers SPAPR_H_HARDWARE and, as
 * QEMU 7.2 defines no XICS RTAS token without an ICS, every XICS RTAS call
 * is not the layer's (the VMM's answer for an unknown token; before issue
 * 17 the layer answered -1); nothing changes. */
void test_xics_calls_fail(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    const uint64_t s0 = server_of(m, 0);
    static const char *const rtas_names[] = {"ibm,set-xive", "ibm,get-xive",
                                             "ibm,int-off", "ibm,int-on"};
    const struct {
        uint64_t op;
        uint64_t args[2];
        size_t nargs;
    } calls[] = {
        {OP_H_CPPR, {0xff, 0}, 1}, {OP_H_IPI, {s0, 0x05}, 2},
        {OP_H_IPOLL, {s0, 0}, 1},  {OP_H_XIRR, {0, 0}, 0},
        {OP_H_XIRR_X, {0, 0}, 0},  {OP_H_EOI, {0xff000000, 0}, 1},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(calls); i++) {
        g_assert_true(spapr_irq_is_hcall(calls[i].op));
        CHECK_BAD_HCALL(m, before, 0, calls[i].op, calls[i].args,
                        calls[i].nargs, SPAPR_H_HARDWARE);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(rtas_names); i++) {
        uint32_t args[3] = {MSI_A, (uint32_t)s0, 5};
        uint32_t rets[3] = {0x5a5a5a5a, 0, 0};
        uint32_t token = spapr_irq_rtas_token(rtas_names[i]);

        g_assert_cmphex(token, !=, 0);
        g_assert_false(vmm_rtas(m->irq, 0, token, i == 0 ? 3 : 1, args,
                                i == 1 ? 3 : 1, rets));
        g_assert_cmphex(rets[0], ==, 0x5a5a5a5a);
        expect_busy_unchanged(m, before);
    }
}

/* A dual machine before CAS runs XICS: every XIVE hcall answers
 * SPAPR_H_FUNCTION and the XIVE MMIO regions are not the layer's.  After CAS
 * (XIVE) and reset, XIVE works; a reset without CAS returns to XICS. */
void test_dual_before_cas(const void *data)
{
    MachineOpts opts = {"pseries,ic-mode=dual", "power9", 2, 0,
                        SPAPR_INTC_XICS};
    g_autoptr(Machine) m = machine_new_opts(data, &opts);
    g_autoptr(GError) err = NULL;
    g_autoptr(GByteArray) before = NULL;
    static const uint64_t regions[] = {ESB_TRIG(0), ESB_MGMT(MSI_A) + 0x800,
                                       TM_OS_RING, TM_ACK_OS, TIMA_USER};
    XiveCall calls[11];
    uint64_t v = 0;

    claim(m, MSI_A, false);
    xive_calls(m, calls);
    before = save(m);
    for (size_t j = 0; j < G_N_ELEMENTS(calls); j++) {
        CHECK_H(__LINE__, hcall_name(calls[j].op),
                hcall(m, 0, calls[j].op, calls[j].args, calls[j].nargs, NULL),
                SPAPR_H_FUNCTION);
        expect_state(m, before);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(regions); i++) {
        g_assert_false(vmm_mmio_read(m->irq, 0, regions[i], 8, &v));
        g_assert_false(vmm_mmio_write(m->irq, 0, regions[i], 8, 0));
    }
    expect_state(m, before);
    CHECK_H(__LINE__, "H_CPPR",
            hcall(m, 0, OP_H_CPPR, (uint64_t[]){0xff}, 1, NULL),
            SPAPR_H_SUCCESS);

    /* CAS chooses XIVE; the switch happens at the reset. */
    g_assert_true(spapr_irq_cas(m->irq, SPAPR_OV5_XIVE, &err));
    g_assert_no_error(err);
    CHECK_H(
        __LINE__, "H_INT_GET_SOURCE_INFO before the reset",
        hcall(m, 0, SPAPR_H_INT_GET_SOURCE_INFO, (uint64_t[]){0, 0}, 2, NULL),
        SPAPR_H_FUNCTION);
    g_assert_true(spapr_irq_reset(m->irq, &err));
    g_assert_no_error(err);
    g_assert_cmpint(spapr_irq_active(m->irq), ==, SPAPR_INTC_XIVE);
    for (size_t j = 0; j < G_N_ELEMENTS(calls); j++) {
        CHECK_H(__LINE__, hcall_name(calls[j].op),
                hcall(m, 0, calls[j].op, calls[j].args, calls[j].nargs, NULL),
                calls[j].ok);
    }
    CHECK_H(__LINE__, "H_CPPR",
            hcall(m, 0, OP_H_CPPR, (uint64_t[]){0xff}, 1, NULL),
            SPAPR_H_HARDWARE);
    expect_os(m, 0, 0x00, 0x00, 0x00, 0xff);
    expect_pq(m, MSI_A, PQ_01);
    /* The claim made before CAS reached XIVE too. */
    open_queue(m, 1, 5);
    enable_source(m, MSI_A, 1, 5, 0x0a);
    set_cppr(m, 1, 0xff);
    trigger(m, MSI_A);
    expect_only_line(m, 1);
    ack_expect(m, 1, 0x8005);

    /* A reset without CAS: back to XICS. */
    g_assert_true(spapr_irq_reset(m->irq, &err));
    g_assert_no_error(err);
    g_assert_cmpint(spapr_irq_active(m->irq), ==, SPAPR_INTC_XICS);
    for (size_t j = 0; j < G_N_ELEMENTS(calls); j++) {
        CHECK_H(__LINE__, hcall_name(calls[j].op),
                hcall(m, 0, calls[j].op, calls[j].args, calls[j].nargs, NULL),
                SPAPR_H_FUNCTION);
    }
    g_assert_false(vmm_mmio_read(m->irq, 0, TM_OS_RING, 8, &v));
}

/* A machine reset of a dual machine resets both controllers, as QEMU 7.2
 * does: the XIVE a reset without CAS leaves inactive is reset too (its
 * sources back to PQ 01, its queues and thread contexts reset), so the
 * saved state equals that of a machine whose XIVE was never used. */
void test_dual_reset_inactive_xive(const void *data)
{
    MachineOpts opts = {"pseries,ic-mode=dual", "power9", 2, 0,
                        SPAPR_INTC_XICS};
    g_autoptr(Machine) used = machine_new_opts(data, &opts);
    g_autoptr(Machine) fresh = machine_new_opts(data, &opts);
    g_autoptr(GByteArray) a = NULL;
    g_autoptr(GByteArray) b = NULL;
    Machine *ms[2] = {used, fresh};

    for (int i = 0; i < 2; i++) {
        g_autoptr(GError) err = NULL;

        claim(ms[i], MSI_A, false);
        g_assert_true(spapr_irq_cas(ms[i]->irq, SPAPR_OV5_XIVE, &err));
        g_assert_no_error(err);
        g_assert_true(spapr_irq_reset(ms[i]->irq, &err));
        g_assert_no_error(err);
        g_assert_cmpint(spapr_irq_active(ms[i]->irq), ==, SPAPR_INTC_XIVE);
    }
    /* The guest uses XIVE: a queue, a source enabled, a CPPR. */
    open_queue(used, 1, 5);
    enable_source(used, MSI_A, 1, 5, 0x0a);
    set_cppr(used, 1, 0xff);
    expect_pq(used, MSI_A, PQ_00);
    for (int i = 0; i < 2; i++) {
        g_autoptr(GError) err = NULL;

        /* A reset without CAS: back to XICS, XIVE inactive. */
        g_assert_true(spapr_irq_reset(ms[i]->irq, &err));
        g_assert_no_error(err);
        g_assert_cmpint(spapr_irq_active(ms[i]->irq), ==, SPAPR_INTC_XICS);
    }
    a = save(used);
    b = save(fresh);
    assert_same_bytes(a, b);
}
