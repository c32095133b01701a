/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XIVE conformance: the TIMA's OS ring: priorities, CPPR, acknowledge, set
 * OS pending, and the raw loads of the ring from the OS page.
 */
#include "fixture.h"

/* ====================================================================== */
/* presentation: priorities, CPPR, ack                                    */
/* ====================================================================== */

void test_cppr_priority(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 2);

    claim(m, MSI_A, false);
    claim(m, MSI_B, false);
    open_queue(m, 0, 6);
    open_queue(m, 0, 2);
    enable_source(m, MSI_A, 0, 6, 0x0a);
    enable_source(m, MSI_B, 0, 2, 0x0b);

    /* CPPR 0 (reset), then 6: a priority-6 event is not signalled. */
    trigger(m, MSI_A);
    expect_os(m, 0, 0x00, 0x00, IPB(6), 6);
    set_cppr(m, 0, 6);
    expect_os(m, 0, 0x00, 6, IPB(6), 6);
    expect_only_line(m, NO_CPU);
    g_assert_cmpuint(m->raises[0], ==, 0);

    /* CPPR 7 (the least favoured priority): the event is signalled. */
    set_cppr(m, 0, 7);
    expect_os(m, 0, NSR_EO, 7, IPB(6), 6);
    expect_only_line(m, 0);

    /* A more favoured event joins. */
    trigger(m, MSI_B);
    expect_os(m, 0, NSR_EO, 7, IPB(6) | IPB(2), 2);
    expect_only_line(m, 0);

    /* The ack takes the most favoured: NSR before, CPPR after. */
    ack_expect(m, 0, 0x8002);
    expect_os(m, 0, 0x00, 2, IPB(6), 6);
    expect_only_line(m, NO_CPU);

    /* Back to CPPR 0xff: priority 6 is signalled again. */
    set_cppr(m, 0, 0xff);
    expect_os(m, 0, NSR_EO, 0xff, IPB(6), 6);
    expect_only_line(m, 0);
    g_assert_cmpuint(m->raises[0], ==, 2);
    ack_expect(m, 0, 0x8006);
    expect_os(m, 0, 0x00, 6, 0x00, 0xff);
    expect_only_line(m, NO_CPU);

    /* An ack with nothing signalled changes nothing: NSR 0, CPPR 6. */
    ack_expect(m, 0, 0x0006);
    expect_os(m, 0, 0x00, 6, 0x00, 0xff);

    /* CPPR values above 7 become 0xff. */
    for (unsigned v = 8; v <= 0xff; v++) {
        set_cppr(m, 0, v);
        expect_os(m, 0, 0x00, 0xff, 0x00, 0xff);
        set_cppr(m, 0, 3);
        expect_os(m, 0, 0x00, 3, 0x00, 0xff);
    }
    for (unsigned v = 0; v <= 7; v++) {
        set_cppr(m, 0, v);
        expect_os(m, 0, 0x00, v, 0x00, 0xff);
    }

    /* Set OS pending: the priority's IPB bit, signalled if it beats the
     * CPPR. */
    set_cppr(m, 0, 4);
    mmio_wr(m, 0, TM_SET_OS_PENDING, 1, 5);
    expect_os(m, 0, 0x00, 4, IPB(5), 5);
    expect_only_line(m, NO_CPU);
    mmio_wr(m, 0, TM_SET_OS_PENDING, 1, 1);
    expect_os(m, 0, NSR_EO, 4, IPB(5) | IPB(1), 1);
    expect_only_line(m, 0);
    ack_expect(m, 0, 0x8001);
    expect_os(m, 0, 0x00, 1, IPB(5), 5);
    set_cppr(m, 0, 0xff);
    ack_expect(m, 0, 0x8005);
    expect_os(m, 0, 0x00, 5, 0x00, 0xff);

    /* The other CPU never saw any of it. */
    expect_os(m, 1, 0x00, 0x00, 0x00, 0xff);
    g_assert_cmpuint(m->raises[1], ==, 0);
    /* The queues hold exactly the two events. */
    expect_qoff(m, 0, 6, 1);
    expect_qoff(m, 0, 2, 1);
}

/* Raw loads of the OS ring from the OS page: NSR..PIPR with AGE hidden,
 * 4-byte halves; what the OS page does not show (the CAM word, 1-byte
 * raw loads) reads as an invalid access (all ones), as QEMU 7.2's
 * xive_tm_raw_read() (a zero access mask or a size below 4 is refused). */
void test_tima_os_ring(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 2);

    claim(m, MSI_A, false);
    open_queue(m, 1, 4);
    enable_source(m, MSI_A, 1, 4, 0x0a);
    set_cppr(m, 1, 0xff);
    trigger(m, MSI_A);

    g_assert_cmphex(os_ring(m, 1), ==, OS_RING(NSR_EO, 0xff, IPB(4), 4));
    g_assert_cmphex(mmio_rd(m, 1, TM_OS_RING, 4), ==, 0x80ff08ffu);
    g_assert_cmphex(mmio_rd(m, 1, TM_OS_RING + 4, 4), ==, 0xff000004u);
    g_assert_cmphex(os_ring(m, 0), ==, OS_RING(0, 0, 0, 0xff));

    for (uint32_t c = 0; c < m->ncpus; c++) {
        uint64_t cam4 = mmio_rd(m, c, TM_OS_CAM, 4);
        uint64_t cam8 = mmio_rd(m, c, TM_OS_CAM, 8);

        if (cam4 == OS_CAM(server_of(m, c)) ||
            (cam8 >> 32) == OS_CAM(server_of(m, c))) {
            g_test_message("CPU %u: the OS page shows the CAM word", c);
        }
        g_assert_cmphex(cam4 & 0xffffffffu, ==, 0xffffffffu);
        g_assert_cmphex(cam8, ==, UINT64_MAX);
        /* 1-byte raw loads (NSR 0x80 on CPU 1, CPPR 0 on CPU 0) are not
         * valid accesses. */
        g_assert_cmphex(mmio_rd(m, c, TM_OS_RING, 1) & 0xff, ==, 0xff);
        g_assert_cmphex(mmio_rd(m, c, TM_OS_CPPR, 1) & 0xff, ==, 0xff);
    }
    /* Loads do not acknowledge. */
    g_assert_cmphex(os_ring(m, 1), ==, OS_RING(NSR_EO, 0xff, IPB(4), 4));
    expect_only_line(m, 1);
    /* The CAM word (NVT 0x400 + server) is what routes events: an event
     * for server 1 reached CPU 1 only. */
    ack_expect(m, 1, 0x8004);
}
