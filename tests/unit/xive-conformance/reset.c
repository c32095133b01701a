/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XIVE conformance: the state after a machine reset (reset defaults), and
 * the two resets a guest sees: H_INT_RESET and a machine reset.
 */
#include "fixture.h"

/* ====================================================================== */
/* reset state                                                            */
/* ====================================================================== */

/* XIVE is active from the start; after reset every source (the IPIs the
 * controller claimed, and device sources) is off with a masked EAS, every
 * thread context has CPPR 0, and no queue is configured. */
void test_reset_defaults(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 2);
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];

    for (uint32_t c = 0; c < m->ncpus; c++) {
        expect_os(m, c, 0x00, 0x00, 0x00, 0xff);
        expect_line(m, c, false);
    }
    /* The IPIs: LISN 0 .. nr_servers - 1, claimed as MSIs. */
    for (uint32_t s = 0; s < nr_servers(m); s++) {
        expect_pq(m, s, PQ_01);
        expect_source_masked(m, s, 0);
    }
    /* LISN nr_servers is not claimed. */
    CHECK_H(__LINE__, "H_INT_GET_SOURCE_INFO LISN nr_servers",
            hcall(m, 0, SPAPR_H_INT_GET_SOURCE_INFO,
                  (uint64_t[]){0, nr_servers(m)}, 2, NULL),
            SPAPR_H_P2);

    claim(m, MSI_A, false);
    claim(m, LSI_L, true);
    expect_pq(m, MSI_A, PQ_01);
    expect_pq(m, LSI_L, PQ_01);
    expect_source_masked(m, MSI_A, 0);
    expect_source_masked(m, LSI_L, 0);

    /* No queue: order 0, nothing configured. */
    for (uint64_t prio = 0; prio < 7; prio++) {
        hcall_ok(m, SPAPR_H_INT_GET_QUEUE_INFO,
                 ((uint64_t[]){0, server_of(m, 1), prio}), 3, rets);
        g_assert_cmphex(rets[1], ==, 0);
        queue_config(m, 1, prio, false, rets);
        g_assert_cmphex(rets[0], ==, 0);
        g_assert_cmphex(rets[1], ==, 0);
        g_assert_cmphex(rets[2], ==, 0);
        g_assert_cmphex(rets[3], ==, 0);
    }

    /* CPPR 0 holds back even a priority-0 event until the guest sets it. */
    open_queue(m, 0, 0);
    enable_source(m, 0, 0, 0, 0x77);
    trigger(m, 0);
    expect_qentry(m, QPAGE(0, 0), 0, QENTRY(1, 0x77));
    expect_os(m, 0, 0x00, 0x00, IPB(0), 0);
    expect_only_line(m, NO_CPU);
    g_assert_cmpuint(m->raises[0], ==, 0);

    set_cppr(m, 0, 0xff);
    expect_os(m, 0, NSR_EO, 0xff, IPB(0), 0);
    expect_only_line(m, 0);
    ack_expect(m, 0, 0x8000);
    expect_os(m, 0, 0x00, 0x00, 0x00, 0xff);
    expect_only_line(m, NO_CPU);
}

/* ====================================================================== */
/* resets                                                                 */
/* ====================================================================== */

/* H_INT_RESET: every source off, every EAS valid and masked, every END
 * reset; claims stay; the thread contexts are not touched (QEMU resets
 * the SpaprXive device only). */
void test_h_int_reset(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    static const uint32_t claimed[] = {0, 1, 7, MSI_A, MSI_B, LSI_L};
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];

    route(m, 1, 1, 6, 0x101);
    set_pq(m, 1, PQ_00);
    hcall_ok(m, SPAPR_H_INT_RESET, ((uint64_t[]){0}), 1, NULL);

    for (size_t i = 0; i < G_N_ELEMENTS(claimed); i++) {
        expect_pq(m, claimed[i], PQ_01);
        expect_source_masked(m, claimed[i], 0);
        hcall_ok(m, SPAPR_H_INT_GET_SOURCE_INFO, ((uint64_t[]){0, claimed[i]}),
                 2, rets);
    }
    for (uint32_t c = 0; c < m->ncpus; c++) {
        for (uint64_t prio = 0; prio < 7; prio++) {
            hcall_ok(m, SPAPR_H_INT_GET_QUEUE_INFO,
                     ((uint64_t[]){0, server_of(m, c), prio}), 3, rets);
            g_assert_cmpuint(rets[1], ==, 0);
            queue_config(m, c, prio, true, rets);
            g_assert_cmphex(rets[0], ==, 0);
            g_assert_cmphex(rets[1], ==, 0);
            g_assert_cmphex(rets[2], ==, 0);
            g_assert_cmphex(rets[3], ==, 0);
        }
    }
    /* The thread contexts are as they were. */
    expect_os(m, 0, NSR_EO, 0xff, IPB(5), 5);
    expect_os(m, 1, 0x00, 6, IPB(6), 6);
    expect_only_line(m, 0);

    /* Nothing flows until the guest configures again. */
    g_array_set_size(m->writes, 0);
    trigger(m, MSI_A);
    set_level(m, LSI_L, 1);
    expect_pq(m, MSI_A, PQ_01);
    set_pq(m, MSI_A, PQ_00);
    trigger(m, MSI_A);
    expect_pq(m, MSI_A, PQ_10);
    g_assert_cmpuint(m->writes->len, ==, 0);

    open_queue(m, 1, 2);
    enable_source(m, MSI_A, 1, 2, 0x2a);
    set_cppr(m, 1, 0xff);
    trigger(m, MSI_A);
    expect_qentry(m, QPAGE(1, 2), 0, QENTRY(1, 0x2a));
    expect_os(m, 1, NSR_EO, 0xff, IPB(6) | IPB(2), 2);
}

/* Machine reset: sources off, EASs masked, ENDs and thread contexts reset,
 * lines low; claims stay. */
void test_machine_reset(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GError) err = NULL;
    static const uint32_t claimed[] = {0, 1, MSI_A, MSI_B, LSI_L};
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];
    bool lsi = false;

    g_assert_true(spapr_irq_reset(m->irq, &err));
    g_assert_no_error(err);
    g_assert_cmpint(spapr_irq_active(m->irq), ==, SPAPR_INTC_XIVE);

    expect_only_line(m, NO_CPU);
    for (uint32_t c = 0; c < m->ncpus; c++) {
        expect_os(m, c, 0x00, 0x00, 0x00, 0xff);
        queue_config(m, c, c ? 6 : 5, true, rets);
        g_assert_cmphex(rets[1], ==, 0);
        g_assert_cmphex(rets[2], ==, 0);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(claimed); i++) {
        expect_pq(m, claimed[i], PQ_01);
        expect_source_masked(m, claimed[i], 0);
    }
    g_assert_true(spapr_irq_is_claimed(m->irq, MSI_A, &lsi));
    g_assert_false(lsi);
    g_assert_true(spapr_irq_is_claimed(m->irq, LSI_L, &lsi));
    g_assert_true(lsi);

    /* The LSI's assertion was forgotten: turned on, nothing fires. */
    open_queue(m, 1, 6);
    route(m, LSI_L, 1, 6, 0x1c);
    g_assert_cmphex(hesb_load(m, LSI_L, ESB_SET_PQ(PQ_00)), ==, PQ_01);
    g_assert_cmphex(hesb_load(m, LSI_L, ESB_EOI), ==, 0);
    expect_qoff(m, 1, 6, 0);

    /* The guest starts over. */
    open_all_cpus(m);
    enable_source(m, MSI_A, 1, 6, 0x0a);
    trigger(m, MSI_A);
    expect_qentry(m, QPAGE(1, 6), 0, QENTRY(1, 0x0a));
    expect_only_line(m, 1);
    ack_expect(m, 1, 0x8006);
}
