/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XIVE conformance: the presenter looks up one thread context per event,
 * whatever the number of vCPUs (emulated model only).
 */
#include "fixture.h"

/* ====================================================================== */
/* the presenter: one thread context per event                            */
/* ====================================================================== */

/* With 2048 vCPUs, an event for vCPU 0 and one for vCPU 2047 each look up
 * exactly one thread context (QEMU scans them all). */
void test_presenter_constant_time(const void *data)
{
    const Backend *be = data;
    MachineOpts opts = {"pseries,ic-mode=xive", "power9", 2048, 2048,
                        SPAPR_INTC_XIVE};
    g_autoptr(Machine) m = NULL;
    const uint32_t cpus[2] = {0, 2047};
    int64_t n0, n1, n2;

    if (skip_unless_emulated(be, "the thread context count is the model's")) {
        return;
    }
    m = machine_new_opts(be, &opts);
    for (int i = 0; i < 2; i++) {
        uint32_t c = cpus[i], s = server_of(m, c);

        g_assert_cmpuint(s, ==, c);
        set_queue(m, c, 5, 0x100000 + 0x10000 * i, 12, Q_ALWAYS_NOTIFY);
        enable_source(m, s, c, 5, 0x500 + i);
        set_cppr(m, c, 0xff);
    }

    n0 = tctx_lookups(m);
    trigger(m, server_of(m, 0));
    n1 = tctx_lookups(m);
    trigger(m, server_of(m, 2047));
    n2 = tctx_lookups(m);
    g_test_message("thread contexts looked up: %" PRId64 " for vCPU 0, "
                   "%" PRId64 " for vCPU 2047",
                   n1 - n0, n2 - n1);
    g_assert_cmpint(n0, >=, 0);
    g_assert_cmpint(n1 - n0, ==, 1);
    g_assert_cmpint(n2 - n1, ==, 1);

    expect_qentry(m, 0x100000, 0, QENTRY(1, 0x500));
    expect_qentry(m, 0x110000, 0, QENTRY(1, 0x501));
    for (uint32_t c = 0; c < m->ncpus; c++) {
        if (m->line[c] != (c == 0 || c == 2047)) {
            expect_line(m, c, c == 0 || c == 2047);
        }
    }
    ack_expect(m, 2047, 0x8005);
    ack_expect(m, 0, 0x8005);
}
