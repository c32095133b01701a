/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XIVE conformance: the event queues: wrap and generation bit, queue
 * configuration (sizes, H_INT_GET_QUEUE_INFO/_CONFIG, reset by qsize 0),
 * queues without always-notify, and sources routed to no queue.
 */
#include "fixture.h"

/* ====================================================================== */
/* event queues                                                           */
/* ====================================================================== */

/* 1030 events into a 4 KiB queue (1024 entries): entries 0..5 are
 * overwritten with generation 0, 6..1023 keep generation 1, the offset is
 * 6; nothing outside the queue page is written.  The KVM device takes
 * 64 KiB queues only (a 4 KiB one is H_HARDWARE, test_queue_config): there
 * 16390 events into 16384 entries. */
void test_queue_wrap_generation(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 1);
    const unsigned qsize = in_kernel(m) ? 16 : 12;
    const uint64_t qpage = in_kernel(m) ? 0x130000 : 0x123000;
    const uint64_t qbytes = UINT64_C(1) << qsize;
    const uint32_t entries = qbytes / 4, events = entries + 6;
    const uint8_t sentinel = 0xa5;

    claim(m, MSI_A, false);
    memset(m->ram + qpage - 0x1000, sentinel, 0x1000);
    memset(m->ram + qpage + qbytes, sentinel, 0x1000);
    set_queue(m, 0, 3, qpage, qsize, Q_ALWAYS_NOTIFY);
    g_assert_cmpuint(qgen(m, 0, 3), ==, 1);
    expect_qoff(m, 0, 3, 0);
    enable_source(m, MSI_A, 0, 3, 0);
    set_cppr(m, 0, 0xff);
    g_array_set_size(m->writes, 0);

    for (uint32_t i = 0; i < events; i++) {
        route(m, MSI_A, 0, 3, 0x1000 + i);
        trigger(m, MSI_A);
        if (eoi(m, MSI_A) != 0) {
            g_test_message("event %u: the EOI re-notified", i);
            g_test_fail();
        }
        if (i == entries - 1) {
            /* Exactly full: wrapped, generation flipped. */
            expect_qoff(m, 0, 3, 0);
            g_assert_cmpuint(qgen(m, 0, 3), ==, 0);
        }
    }
    for (uint32_t j = 0; j < entries; j++) {
        uint32_t want = j < events - entries ? QENTRY(0, 0x1000 + entries + j)
                                             : QENTRY(1, 0x1000 + j);

        if (qentry(m, qpage, j) != want) {
            expect_qentry(m, qpage, j, want);
            break;
        }
    }
    expect_qoff(m, 0, 3, events - entries);
    g_assert_cmpuint(qgen(m, 0, 3), ==, 0);

    /* Only the queue page was written, one 4-byte entry per event. */
    g_assert_cmpuint(m->writes->len, ==, events);
    for (guint i = 0; i < m->writes->len; i++) {
        const MemWrite *w = &g_array_index(m->writes, MemWrite, i);

        if (w->gpa < qpage || w->len > qbytes ||
            w->gpa - qpage > qbytes - w->len) {
            g_test_message("write %u at 0x%" PRIx64 " (%zu bytes) is outside "
                           "the queue",
                           i, w->gpa, w->len);
            g_test_fail();
            break;
        }
        g_assert_cmpuint(w->gpa, ==, qpage + 4 * (i % entries));
    }
    for (uint32_t k = 0; k < 0x1000; k++) {
        if (m->ram[qpage - 0x1000 + k] != sentinel ||
            m->ram[qpage + qbytes + k] != sentinel) {
            g_test_message("a byte next to the queue changed (offset %u)", k);
            g_test_fail();
            break;
        }
    }
    g_assert_cmpuint(m->bad_mem, ==, 0);

    /* One delivery per event (always notify): the IPB bit, one signal. */
    expect_os(m, 0, NSR_EO, 0xff, IPB(3), 3);
    ack_expect(m, 0, 0x8003);
}

/* The KVM device takes qsize 16 only (xive_native_validate_queue_size());
 * QEMU 7.2 with KVM answers H_HARDWARE to 12, 21 and 24 and keeps the END
 * as it was (h_int_set_queue_config()), which TCG accepts. */
static void expect_queue_size_refused(Machine *m, uint32_t cpu, uint64_t prio,
                                      uint64_t qpage, uint64_t qsize)
{
    uint64_t before[SPAPR_IRQ_HCALL_MAX_RETS], after[SPAPR_IRQ_HCALL_MAX_RETS];

    queue_config(m, cpu, prio, true, before);
    CHECK_H(__LINE__, "H_INT_SET_QUEUE_CONFIG",
            hcall(m, 0, SPAPR_H_INT_SET_QUEUE_CONFIG,
                  (uint64_t[]){Q_ALWAYS_NOTIFY, server_of(m, cpu), prio, qpage,
                               qsize},
                  5, NULL),
            SPAPR_H_HARDWARE);
    queue_config(m, cpu, prio, true, after);
    g_assert_cmpmem(before, sizeof(before), after, sizeof(after));
}

/* Queue sizes 12, 16, 21, 24 (16 only in the kernel); H_INT_GET_QUEUE_INFO
 * and _CONFIG report them; qsize 0 resets the queue; a new configuration
 * restarts the queue (offset 0, generation 1).  Every queue notifies
 * always, as guests configure them (test_queue_not_always_notify has the
 * other kind). */
void test_queue_config(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 2);
    static const struct {
        uint32_t cpu;
        uint64_t prio, qpage, qsize, flags;
    } qs[] = {
        {0, 0, 0x1000, 12, Q_ALWAYS_NOTIFY},
        {0, 6, 0x3ff0000, 16, Q_ALWAYS_NOTIFY}, /* 63 MiB + 960 KiB */
        {1, 2, 0x200000, 21, Q_ALWAYS_NOTIFY},
        {1, 5, 0x3000000, 24, Q_ALWAYS_NOTIFY}, /* 48 MiB .. 64 MiB */
        {1, 6, 0x4000000, 16, Q_ALWAYS_NOTIFY}, /* the 64 KiB above 64 MiB */
    };
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];
    const uint64_t big = in_kernel(m) ? 16 : 21;

    for (size_t i = 0; i < G_N_ELEMENTS(qs); i++) {
        uint32_t s = server_of(m, qs[i].cpu);

        if (in_kernel(m) && qs[i].qsize != 16) {
            expect_queue_size_refused(m, qs[i].cpu, qs[i].prio, qs[i].qpage,
                                      qs[i].qsize);
            continue;
        }
        set_queue(m, qs[i].cpu, qs[i].prio, qs[i].qpage, qs[i].qsize,
                  qs[i].flags);
        hcall_ok(m, SPAPR_H_INT_GET_QUEUE_INFO,
                 ((uint64_t[]){0, s, qs[i].prio}), 3, rets);
        g_assert_cmphex(rets[0], ==, END_ESB(s, qs[i].prio));
        g_assert_cmpuint(rets[1], ==, qs[i].qsize);
        queue_config(m, qs[i].cpu, qs[i].prio, false, rets);
        g_assert_cmphex(rets[0], ==, qs[i].flags);
        g_assert_cmphex(rets[1], ==, qs[i].qpage);
        g_assert_cmpuint(rets[2], ==, qs[i].qsize);
        g_assert_cmpuint(rets[3], ==, 0);
        queue_config(m, qs[i].cpu, qs[i].prio, true, rets);
        g_assert_cmphex(rets[0], ==, qs[i].flags | Q_DEBUG_GEN);
        g_assert_cmphex(rets[1], ==, qs[i].qpage);
        g_assert_cmpuint(rets[2], ==, qs[i].qsize);
        g_assert_cmpuint(rets[3], ==, 0);
    }
    /* The END ESB addresses of other (server, prio) pairs. */
    hcall_ok(m, SPAPR_H_INT_GET_QUEUE_INFO,
             ((uint64_t[]){0, server_of(m, 1), 0}), 3, rets);
    g_assert_cmphex(rets[0], ==, END_ESB(server_of(m, 1), 0));
    g_assert_cmpuint(rets[1], ==, 0);

    /* Events go to the 2 MiB queue (64 KiB in the kernel); reconfiguring
     * restarts it. */
    if (in_kernel(m)) {
        set_queue(m, 1, 2, 0x200000, big, Q_ALWAYS_NOTIFY);
        /* A queue in use keeps its place when refused a new size. */
        expect_queue_size_refused(m, 1, 2, 0x400000, 21);
    }
    claim(m, MSI_A, false);
    enable_source(m, MSI_A, 1, 2, 0x2a);
    for (int i = 0; i < 3; i++) {
        trigger(m, MSI_A);
        eoi(m, MSI_A);
    }
    expect_qoff(m, 1, 2, 3);
    expect_qentry(m, 0x200000, 2, QENTRY(1, 0x2a));
    set_queue(m, 1, 2, 0x400000, big, Q_ALWAYS_NOTIFY);
    expect_qoff(m, 1, 2, 0);
    g_assert_cmpuint(qgen(m, 1, 2), ==, 1);
    trigger(m, MSI_A);
    eoi(m, MSI_A);
    expect_qentry(m, 0x400000, 0, QENTRY(1, 0x2a));
    expect_qoff(m, 1, 2, 1);

    /* qsize 0 resets the queue (any qpage) and stops queueing. */
    hcall_ok(m, SPAPR_H_INT_SET_QUEUE_CONFIG,
             ((uint64_t[]){Q_ALWAYS_NOTIFY, server_of(m, 1), 2, 0x123, 0}), 5,
             NULL);
    hcall_ok(m, SPAPR_H_INT_GET_QUEUE_INFO,
             ((uint64_t[]){0, server_of(m, 1), 2}), 3, rets);
    g_assert_cmpuint(rets[1], ==, 0);
    queue_config(m, 1, 2, true, rets);
    g_assert_cmphex(rets[0], ==, 0);
    g_assert_cmphex(rets[1], ==, 0);
    g_assert_cmphex(rets[2], ==, 0);
    g_assert_cmphex(rets[3], ==, 0);
    g_array_set_size(m->writes, 0);
    trigger(m, MSI_A);
    eoi(m, MSI_A);
    g_assert_cmpuint(m->writes->len, ==, 0);
    /* CPU 1 (CPPR 0) only ever got the priority-2 events. */
    expect_os(m, 1, 0x00, 0x00, IPB(2), 2);
}

/* Without always-notify, QEMU's END coalesces notifications with its ESn
 * bits (xive_router_end_notify()): the first event is signalled, later
 * ones are only queued, as no one EOIs the END ESB on sPAPR.  The flag
 * reads back as 0, and the coalescing is part of the saved state. */
static void test_queue_not_always_notify_emulated(Machine *m)
{
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];
    g_autoptr(GByteArray) state = NULL;
    g_autoptr(Machine) twin = NULL;
    g_autoptr(GError) err = NULL;

    set_queue(m, 0, 5, QPAGE(0, 5), QSIZE_64K, 0);
    queue_config(m, 0, 5, false, rets);
    g_assert_cmphex(rets[0], ==, 0);
    enable_source(m, MSI_A, 0, 5, 0x0a);
    set_cppr(m, 0, 0xff);

    trigger(m, MSI_A);
    expect_qoff(m, 0, 5, 1);
    expect_os(m, 0, NSR_EO, 0xff, IPB(5), 5);
    ack_expect(m, 0, 0x8005);
    set_cppr(m, 0, 0xff);
    g_assert_cmphex(eoi(m, MSI_A), ==, 0);

    trigger(m, MSI_A);
    expect_qoff(m, 0, 5, 2);
    expect_qentry(m, QPAGE(0, 5), 1, QENTRY(1, 0x0a));
    expect_os(m, 0, 0x00, 0xff, 0x00, 0xff);
    expect_only_line(m, NO_CPU);
    g_assert_cmpuint(m->raises[0], ==, 1);

    /* A machine loaded from this state coalesces too. */
    g_assert_cmphex(eoi(m, MSI_A), ==, 0);
    state = save(m);
    twin = machine_new(m->be, 1);
    claim(twin, MSI_A, false);
    g_assert_true(spapr_irq_load(twin->irq, state->data, state->len, &err));
    g_assert_no_error(err);
    trigger(twin, MSI_A);
    expect_qoff(twin, 0, 5, 3);
    expect_os(twin, 0, 0x00, 0xff, 0x00, 0xff);
    expect_only_line(twin, NO_CPU);

    /* A new configuration starts a fresh END: signalled again. */
    set_queue(m, 0, 5, QPAGE(0, 5), QSIZE_64K, 0);
    trigger(m, MSI_A);
    expect_os(m, 0, NSR_EO, 0xff, IPB(5), 5);
    expect_only_line(m, 0);
}

/* The KVM device refuses a queue without always-notify (EINVAL: it does
 * not support END ESBs); QEMU answers SPAPR_H_HARDWARE.  The queue stays as it
 * was, configured or not, and events are signalled one by one. */
static void test_queue_not_always_notify_kernel(Machine *m)
{
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];
    g_autoptr(GByteArray) before = NULL;
    const uint64_t s0 = server_of(m, 0);

    open_queue(m, 0, 5);
    enable_source(m, MSI_A, 0, 5, 0x0a);
    set_cppr(m, 0, 0xff);
    before = save(m);
    CHECK_H(__LINE__, "H_INT_SET_QUEUE_CONFIG (configured queue)",
            hcall(m, 0, SPAPR_H_INT_SET_QUEUE_CONFIG,
                  (uint64_t[]){0, s0, 5, QPAGE(0, 6), QSIZE_64K}, 5, NULL),
            SPAPR_H_HARDWARE);
    CHECK_H(__LINE__, "H_INT_SET_QUEUE_CONFIG (new queue)",
            hcall(m, 0, SPAPR_H_INT_SET_QUEUE_CONFIG,
                  (uint64_t[]){0, s0, 4, QPAGE(0, 4), QSIZE_64K}, 5, NULL),
            SPAPR_H_HARDWARE);
    expect_state(m, before);
    queue_config(m, 0, 5, false, rets);
    g_assert_cmphex(rets[0], ==, Q_ALWAYS_NOTIFY);
    g_assert_cmphex(rets[1], ==, QPAGE(0, 5));
    queue_config(m, 0, 4, false, rets);
    g_assert_cmphex(rets[0], ==, 0);
    g_assert_cmphex(rets[1], ==, 0);
    g_assert_cmpuint(rets[2], ==, 0);

    for (unsigned i = 1; i <= 2; i++) {
        trigger(m, MSI_A);
        expect_qoff(m, 0, 5, i);
        expect_qentry(m, QPAGE(0, 5), i - 1, QENTRY(1, 0x0a));
        expect_os(m, 0, NSR_EO, 0xff, IPB(5), 5);
        g_assert_cmpuint(m->raises[0], ==, i);
        ack_expect(m, 0, 0x8005);
        set_cppr(m, 0, 0xff);
        g_assert_cmphex(eoi(m, MSI_A), ==, 0);
    }
    g_assert_cmpuint(m->bad_mem, ==, 0);
}

void test_queue_not_always_notify(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 1);

    claim(m, MSI_A, false);
    if (in_kernel(m)) {
        test_queue_not_always_notify_kernel(m);
    } else {
        test_queue_not_always_notify_emulated(m);
    }
}

/* A source routed to a queue that is not configured: nothing is written
 * or signalled (QEMU: the END is not valid).  In the kernel the route
 * itself fails (no vCPU has a queue of that priority: EBUSY, which QEMU
 * answers with SPAPR_H_HARDWARE) and the source stays masked. */
void test_queue_not_configured(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 2);

    claim(m, MSI_A, false);
    if (in_kernel(m)) {
        CHECK_H(
            __LINE__, "H_INT_SET_SOURCE_CONFIG",
            hcall(m, 0, SPAPR_H_INT_SET_SOURCE_CONFIG,
                  (uint64_t[]){SRC_SET_EISN, MSI_A, server_of(m, 1), 4, 0x0a},
                  5, NULL),
            SPAPR_H_HARDWARE);
        expect_source_masked(m, MSI_A, 0);
        set_pq(m, MSI_A, PQ_00);
    } else {
        enable_source(m, MSI_A, 1, 4, 0x0a);
    }
    open_all_cpus(m);
    trigger(m, MSI_A);
    expect_pq(m, MSI_A, PQ_10);
    g_assert_cmpuint(m->writes->len, ==, 0);
    expect_os(m, 1, 0x00, 0xff, 0x00, 0xff);
    expect_only_line(m, NO_CPU);
    /* Configured later: the next event goes through. */
    open_queue(m, 1, 4);
    if (in_kernel(m)) {
        route(m, MSI_A, 1, 4, 0x0a);
    }
    g_assert_cmphex(eoi(m, MSI_A), ==, 0);
    trigger(m, MSI_A);
    expect_qentry(m, QPAGE(1, 4), 0, QENTRY(1, 0x0a));
    expect_only_line(m, 1);
}
