/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XIVE conformance: the sources: the IPI of every server, LSI levels
 * (asserted, asserted while off), and the source hcalls
 * (H_INT_GET_SOURCE_INFO, H_INT_SET/GET_SOURCE_CONFIG, H_INT_SYNC).
 */
#include "fixture.h"

/* ====================================================================== */
/* IPIs                                                                   */
/* ====================================================================== */

/* LISN s is server s's IPI: routed to s, triggered through its ESB, it is
 * delivered to CPU s only, with the configured EISN. */
void test_ipi_every_server(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, MAX_CPUS);

    for (uint32_t c = 0; c < m->ncpus; c++) {
        uint32_t s = server_of(m, c);
        uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];

        hcall_ok(m, SPAPR_H_INT_GET_SOURCE_INFO, ((uint64_t[]){0, s}), 2, rets);
        g_assert_cmphex(rets[0], ==, 0);
        g_assert_cmphex(rets[1], ==, ESB_MGMT(s));
        g_assert_cmphex(rets[2], ==, ESB_TRIG(s));
        g_assert_cmpuint(rets[3], ==, 16);
        open_queue(m, c, 5);
        enable_source(m, s, c, 5, 0x100 + s);
    }
    open_all_cpus(m);

    for (uint32_t c = 0; c < m->ncpus; c++) {
        uint32_t s = server_of(m, c);

        /* Sent by another CPU (the ESB access's CPU does not matter). */
        mmio_wr(m, (c + 1) % m->ncpus, ESB_TRIG(s), 8, 0);
        expect_only_line(m, c);
        for (uint32_t o = 0; o < m->ncpus; o++) {
            expect_qoff(m, o, 5, o == c ? 1 : 0);
            if (o != c) {
                expect_os(m, o, 0x00, 0xff, 0x00, 0xff);
            }
        }
        expect_qentry(m, QPAGE(c, 5), 0, QENTRY(1, 0x100 + s));
        expect_os(m, c, NSR_EO, 0xff, IPB(5), 5);
        ack_expect(m, c, 0x8005);
        expect_only_line(m, NO_CPU);
        g_assert_cmphex(eoi(m, s), ==, 0);
        expect_pq(m, s, PQ_00);
        set_cppr(m, c, 0xff);
        /* Consumed: reset the queue for the next round's checks. */
        open_queue(m, c, 5);
        g_assert_cmpuint(m->raises[c], ==, 1);
    }
}

/* ====================================================================== */
/* LSIs                                                                   */
/* ====================================================================== */

/* An LSI is managed through H_INT_ESB: assert forwards (PQ 00 -> 10), a
 * second assert does not, an EOI while asserted forwards again, a
 * deassert ends it.  Under KVM, QEMU triggers the ESB on every assert (a
 * second one gives PQ 11, still one entry) and its load-EOI of an LSI
 * returns 0 (kvmppc_xive_esb_rw()). */
void test_lsi_level(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 2);
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];

    claim(m, LSI_L, true);
    hcall_ok(m, SPAPR_H_INT_GET_SOURCE_INFO, ((uint64_t[]){0, LSI_L}), 2, rets);
    g_assert_cmphex(rets[0], ==, SRC_INFO_H_INT_ESB | SRC_INFO_LSI);
    g_assert_cmphex(rets[1], ==, UINT64_MAX);
    g_assert_cmphex(rets[2], ==, UINT64_MAX);
    g_assert_cmpuint(rets[3], ==, 16);

    open_queue(m, 1, 4);
    route(m, LSI_L, 1, 4, 0x4c);
    g_assert_cmphex(hesb_load(m, LSI_L, ESB_SET_PQ(PQ_00)), ==, PQ_01);
    open_all_cpus(m);

    set_level(m, LSI_L, 1);
    g_assert_cmphex(hesb_load(m, LSI_L, ESB_GET), ==, PQ_10);
    expect_qoff(m, 1, 4, 1);
    expect_qentry(m, QPAGE(1, 4), 0, QENTRY(1, 0x4c));
    expect_only_line(m, 1);
    set_level(m, LSI_L, 1);
    g_assert_cmphex(hesb_load(m, LSI_L, ESB_GET), ==,
                    in_kernel(m) ? PQ_11 : PQ_10);
    expect_qoff(m, 1, 4, 1);

    ack_expect(m, 1, 0x8004);
    set_cppr(m, 1, 0xff);
    expect_only_line(m, NO_CPU);

    /* EOI while still asserted: forwarded again (returns 1). */
    g_assert_cmphex(hesb_load(m, LSI_L, ESB_EOI), ==, in_kernel(m) ? 0 : 1);
    g_assert_cmphex(hesb_load(m, LSI_L, ESB_GET), ==, PQ_10);
    expect_qoff(m, 1, 4, 2);
    expect_qentry(m, QPAGE(1, 4), 1, QENTRY(1, 0x4c));
    expect_only_line(m, 1);
    g_assert_cmpuint(m->raises[1], ==, 2);
    ack_expect(m, 1, 0x8004);
    set_cppr(m, 1, 0xff);

    /* Deasserted before the EOI: done. */
    set_level(m, LSI_L, 0);
    g_assert_cmphex(hesb_load(m, LSI_L, ESB_EOI), ==, 0);
    g_assert_cmphex(hesb_load(m, LSI_L, ESB_GET), ==, PQ_00);
    expect_qoff(m, 1, 4, 2);
    expect_only_line(m, NO_CPU);
    set_level(m, LSI_L, 0);
    g_assert_cmphex(hesb_load(m, LSI_L, ESB_GET), ==, PQ_00);
    expect_qoff(m, 1, 4, 2);
    g_assert_cmpuint(m->raises[1], ==, 2);

    /* And again. */
    set_level(m, LSI_L, 1);
    expect_qoff(m, 1, 4, 3);
    expect_only_line(m, 1);
}

/* An LSI asserted while off (PQ 01) is remembered: turned on (PQ 00) it
 * does not fire by itself, the EOI the guest then does forwards it (the
 * load returns 1; 0 under KVM). */
void test_lsi_asserted_while_off(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 1);

    claim(m, LSI_M, true);
    open_queue(m, 0, 1);
    route(m, LSI_M, 0, 1, 0x4d);
    set_cppr(m, 0, 0xff);

    set_level(m, LSI_M, 1);
    g_assert_cmphex(hesb_load(m, LSI_M, ESB_GET), ==, PQ_01);
    expect_qoff(m, 0, 1, 0);
    g_assert_cmphex(hesb_load(m, LSI_M, ESB_SET_PQ(PQ_00)), ==, PQ_01);
    expect_qoff(m, 0, 1, 0);
    g_assert_cmphex(hesb_load(m, LSI_M, ESB_EOI), ==, in_kernel(m) ? 0 : 1);
    g_assert_cmphex(hesb_load(m, LSI_M, ESB_GET), ==, PQ_10);
    expect_qoff(m, 0, 1, 1);
    expect_qentry(m, QPAGE(0, 1), 0, QENTRY(1, 0x4d));
    expect_only_line(m, 0);
    ack_expect(m, 0, 0x8001);
}

/* ====================================================================== */
/* source hcalls                                                          */
/* ====================================================================== */

void test_source_info(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 1);
    const uint32_t msis[] = {0, nr_servers(m) - 1, MSI_A, 0x1fff};
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];

    claim(m, MSI_A, false);
    claim(m, 0x1fff, false);
    claim(m, LSI_L, true);
    for (size_t i = 0; i < G_N_ELEMENTS(msis); i++) {
        memset(rets, 0x5a, sizeof(rets));
        hcall_ok(m, SPAPR_H_INT_GET_SOURCE_INFO, ((uint64_t[]){0, msis[i]}), 2,
                 rets);
        /* No store-EOI (bit 63), two pages, no H_INT_ESB needed. */
        g_assert_cmphex(rets[0], ==, 0);
        g_assert_cmphex(rets[1], ==, ESB_MGMT(msis[i]));
        g_assert_cmphex(rets[2], ==, ESB_TRIG(msis[i]));
        g_assert_cmpuint(rets[3], ==, 16);
    }
    hcall_ok(m, SPAPR_H_INT_GET_SOURCE_INFO, ((uint64_t[]){0, LSI_L}), 2, rets);
    g_assert_cmphex(rets[0], ==, SRC_INFO_H_INT_ESB | SRC_INFO_LSI);
    g_assert_cmphex(rets[1], ==, UINT64_MAX);
    g_assert_cmphex(rets[2], ==, UINT64_MAX);
    g_assert_cmpuint(rets[3], ==, 16);

    /* Not advertised, so a store-EOI does nothing. */
    open_queue(m, 0, 5);
    enable_source(m, MSI_A, 0, 5, 1);
    trigger(m, MSI_A);
    trigger(m, MSI_A);
    esb_store(m, MSI_A, ESB_STORE_EOI, 0);
    expect_pq(m, MSI_A, PQ_11);
    expect_qoff(m, 0, 5, 1);
}

/* H_INT_SET_SOURCE_CONFIG / GET_SOURCE_CONFIG round trips. */
void test_source_config(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 2);
    const uint32_t s0 = server_of(m, 0), s1 = server_of(m, 1);

    claim(m, MSI_A, false);
    claim(m, LSI_L, true);
    open_queue(m, 1, 4);
    open_queue(m, 0, 6);
    open_queue(m, 0, 0);

    route(m, MSI_A, 1, 4, 0x1234);
    expect_source(m, MSI_A, s1, 4, 0x1234);
    /* Without the set-EISN flag the EISN stays. */
    set_source(m, MSI_A, 0, 6, 0x9999, 0);
    expect_source(m, MSI_A, s0, 6, 0x1234);
    /* The largest EISN (31 bits). */
    route(m, MSI_A, 0, 0, 0x7fffffff);
    expect_source(m, MSI_A, s0, 0, 0x7fffffff);
    set_pq(m, MSI_A, PQ_00);
    trigger(m, MSI_A);
    expect_qentry(m, QPAGE(0, 0), 0, QENTRY(1, 0x7fffffff));
    /* Masked: priority 0xff, target and EISN kept. */
    set_source(m, MSI_A, 1, 4, 0x55, SRC_SET_EISN | SRC_MASK);
    expect_source(m, MSI_A, s1, PRIO_MASKED, 0x55);
    /* Priority 0xff resets the EAS: masked, EISN 0, whatever the target. */
    hcall_ok(m, SPAPR_H_INT_SET_SOURCE_CONFIG,
             ((uint64_t[]){SRC_SET_EISN, MSI_A, UINT64_MAX, 0xff, 0x66}), 5,
             NULL);
    expect_source_masked(m, MSI_A, 0);
    hcall_ok(m, SPAPR_H_INT_SET_SOURCE_CONFIG,
             ((uint64_t[]){SRC_MASK, LSI_L, 7, 0xff, 0}), 5, NULL);
    expect_source_masked(m, LSI_L, 0);
    /* LSIs and IPIs alike. */
    route(m, LSI_L, 1, 4, 0x4c);
    expect_source(m, LSI_L, s1, 4, 0x4c);
    route(m, 1, 0, 6, 0x101);
    expect_source(m, 1, s0, 6, 0x101);
    /* H_INT_SYNC succeeds and changes nothing. */
    {
        g_autoptr(GByteArray) before = save(m);

        hcall_ok(m, SPAPR_H_INT_SYNC, ((uint64_t[]){0, MSI_A}), 2, NULL);
        hcall_ok(m, SPAPR_H_INT_SYNC, ((uint64_t[]){0, LSI_L}), 2, NULL);
        hcall_ok(m, SPAPR_H_INT_SYNC, ((uint64_t[]){0, 0}), 2, NULL);
        expect_state(m, before);
    }
}
