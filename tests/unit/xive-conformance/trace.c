/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XIVE conformance: the trace events of a delivery, an acknowledge, an
 * hcall, and an event whose END is not configured (emulated model only).
 */
#include "fixture.h"

/* ====================================================================== */
/* trace events                                                           */
/* ====================================================================== */

/* A delivery: xive_presenter_notify (NVT) then xive_tctx_notify (the
 * registers after the update); the ack: xive_tctx_accept. */
void test_trace_delivery(const void *data)
{
    const Backend *be = data;
    g_autoptr(Machine) m = NULL;
    const SpaprIrqTraceEvent *ev;
    uint32_t s1;
    int pn, tn, acc;

    if (skip_unless_emulated(be, "trace events come from the model")) {
        return;
    }
    m = machine_new(be, 2);
    s1 = server_of(m, 1);
    claim(m, MSI_A, false);
    open_queue(m, 1, 5);
    enable_source(m, MSI_A, 1, 5, 0x55);
    set_cppr(m, 1, 0xff);

    g_array_set_size(m->events, 0);
    trigger(m, MSI_A);
    log_events(m);
    pn = find_event(m, "xive_presenter_notify", 0);
    tn = find_event(m, "xive_tctx_notify", 0);
    g_assert_cmpint(pn, >=, 0);
    g_assert_cmpint(tn, >, pn);
    g_assert_cmpuint(count_events(m, "xive_presenter_notify"), ==, 1);
    g_assert_cmpuint(count_events(m, "xive_tctx_notify"), ==, 1);
    ev = event_at(m, pn); /* nvt blk, nvt idx, ring */
    g_assert_cmphex(ev->a[0], ==, 0);
    g_assert_cmphex(ev->a[1], ==, 0x400 + s1);
    g_assert_cmphex(ev->a[2], ==, 0x10);
    ev = event_at(m, tn); /* cpu, ring, ipb, pipr, cppr, nsr */
    g_assert_cmphex(ev->a[0], ==, 1);
    g_assert_cmphex(ev->a[1], ==, 0x10);
    g_assert_cmphex(ev->a[2], ==, IPB(5));
    g_assert_cmphex(ev->a[3], ==, 5);
    g_assert_cmphex(ev->a[4], ==, 0xff);
    g_assert_cmphex(ev->a[5], ==, NSR_EO);

    g_array_set_size(m->events, 0);
    ack_expect(m, 1, 0x8005);
    log_events(m);
    acc = find_event(m, "xive_tctx_accept", 0);
    g_assert_cmpint(acc, >=, 0);
    ev = event_at(m, acc);
    g_assert_cmphex(ev->a[0], ==, 1);
    g_assert_cmphex(ev->a[1], ==, 0x10);
    g_assert_cmphex(ev->a[2], ==, 0x00);
    g_assert_cmphex(ev->a[3], ==, 0xff);
    g_assert_cmphex(ev->a[4], ==, 5);
    g_assert_cmphex(ev->a[5], ==, 0x00);
    g_assert_cmpint(find_event(m, "xive_tctx_notify", 0), <, 0);

    /* Held back by the CPPR: presented to the NVT, not signalled. */
    g_assert_cmphex(eoi(m, MSI_A), ==, 0);
    g_array_set_size(m->events, 0);
    trigger(m, MSI_A);
    log_events(m);
    g_assert_cmpuint(count_events(m, "xive_presenter_notify"), ==, 1);
    g_assert_cmpuint(count_events(m, "xive_tctx_notify"), ==, 0);

    /* The hcalls trace their arguments on entry. */
    g_array_set_size(m->events, 0);
    hcall_ok(m, SPAPR_H_INT_GET_SOURCE_INFO, ((uint64_t[]){0, MSI_A}), 2, NULL);
    g_assert_cmpuint(m->events->len, ==, 1);
    ev = event_at(m, 0);
    g_assert_cmpstr(ev_name(ev), ==, "spapr_xive_get_source_info");
    g_assert_cmphex(ev->a[0], ==, 0);
    g_assert_cmphex(ev->a[1], ==, MSI_A);
}

/* An event whose END is not configured traces xive_router_end_notify and
 * reaches no presenter. */
void test_trace_end_invalid(const void *data)
{
    const Backend *be = data;
    g_autoptr(Machine) m = NULL;
    const SpaprIrqTraceEvent *ev;
    int i;

    if (skip_unless_emulated(be, "trace events come from the model")) {
        return;
    }
    m = machine_new(be, 2);
    claim(m, MSI_A, false);
    enable_source(m, MSI_A, 1, 3, 0x33);
    g_array_set_size(m->events, 0);
    trigger(m, MSI_A);
    log_events(m);
    i = find_event(m, "xive_router_end_notify", 0);
    g_assert_cmpint(i, >=, 0);
    ev = event_at(m, i); /* end blk, end idx, end data */
    g_assert_cmphex(ev->a[0], ==, 0);
    g_assert_cmphex(ev->a[1], ==, server_of(m, 1) * 8 + 3);
    g_assert_cmphex(ev->a[2], ==, 0x33);
    g_assert_cmpint(find_event(m, "xive_presenter_notify", 0), <, 0);
}
