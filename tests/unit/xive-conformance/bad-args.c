/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XIVE conformance: every invalid argument of every XIVE hcall (flags,
 * LISNs, priorities, targets, queue sizes and pages, ESB offsets, too few
 * arguments), the unsupported OS reporting line, CPU indexes that are not
 * vCPUs, and opcodes that are not interrupt hcalls: each is refused and
 * changes nothing.
 */
#include "fixture.h"

/* ====================================================================== */
/* bad input                                                              */
/* ====================================================================== */

/* LISNs that are not claimed sources: the first LISN past the IPIs, and
 * others no backend claims. */
#define N_BAD_LISNS 9
static void bad_lisns(const Machine *m, uint64_t out[N_BAD_LISNS])
{
    const uint64_t lisns[N_BAD_LISNS] = {
        nr_servers(m),
        0xfff,
        0x1000,
        MSI_OFF,
        UNCLAIM,
        0x2000,
        0x10000,
        (UINT64_C(1) << 32) | MSI_A, /* not MSI_A: no truncation */
        UINT64_MAX,
    };

    memcpy(out, lisns, sizeof(lisns));
}
/* Priorities 7 and up are reserved; beyond 0xff too (this library's
 * docs/specs/xive.md; QEMU's uint8_t priority would truncate them). */
static const uint64_t bad_prios[] = {
    7, 8, 0x80, 0xfe, 0x100, 0x105, 0x1ff, (UINT64_C(1) << 32) | 5, UINT64_MAX,
};

/* Servers without a vCPU (CPUs 2..7 were never added) or beyond them. */
static void bad_targets(Machine *m, uint64_t out[8])
{
    out[0] = server_of(m, 2);
    out[1] = server_of(m, 7);
    out[2] = nr_servers(m);
    out[3] = 0x400;
    out[4] = UINT32_MAX;
    out[5] = UINT64_C(1) << 32;                     /* not server 0 */
    out[6] = (UINT64_C(1) << 32) | server_of(m, 1); /* not server 1 */
    out[7] = UINT64_MAX;
}

void test_bad_get_source_info(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    uint64_t lisns[N_BAD_LISNS];
    static const uint64_t flags[] = {0x1, 0x2, 0x8, UINT64_C(1) << 63,
                                     UINT64_MAX};

    for (size_t i = 0; i < G_N_ELEMENTS(flags); i++) {
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_GET_SOURCE_INFO,
                        ((uint64_t[]){flags[i], MSI_A}), 2, SPAPR_H_PARAMETER);
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_GET_SOURCE_INFO,
                        ((uint64_t[]){flags[i], UNCLAIM}), 2,
                        SPAPR_H_PARAMETER);
    }
    bad_lisns(m, lisns);
    for (size_t i = 0; i < N_BAD_LISNS; i++) {
        g_test_message("lisn 0x%" PRIx64, lisns[i]);
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_GET_SOURCE_INFO,
                        ((uint64_t[]){0, lisns[i]}), 2, SPAPR_H_P2);
    }
    CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_GET_SOURCE_INFO,
                    ((uint64_t[]){0}), 1, SPAPR_H_PARAMETER);
    CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_GET_SOURCE_INFO,
                    ((uint64_t[]){0, MSI_A}), 0, SPAPR_H_PARAMETER);
}

void test_bad_set_source_config(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    uint64_t lisns[N_BAD_LISNS];
    static const uint64_t flags[] = {0x4, 0x8, 0x100, UINT64_C(1) << 63,
                                     UINT64_MAX};
    const uint64_t s1 = server_of(m, 1);
    uint64_t targets[8];

    bad_targets(m, targets);
    for (size_t i = 0; i < G_N_ELEMENTS(flags); i++) {
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_SOURCE_CONFIG,
                        ((uint64_t[]){flags[i], MSI_B, s1, 6, 0x77}), 5,
                        SPAPR_H_PARAMETER);
        /* Flags first: before the LISN, the priority, even prio 0xff. */
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_SOURCE_CONFIG,
                        ((uint64_t[]){flags[i], UNCLAIM, s1, 0xff, 0}), 5,
                        SPAPR_H_PARAMETER);
    }
    bad_lisns(m, lisns);
    for (size_t i = 0; i < N_BAD_LISNS; i++) {
        g_test_message("lisn 0x%" PRIx64, lisns[i]);
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_SOURCE_CONFIG,
                        ((uint64_t[]){SRC_SET_EISN, lisns[i], s1, 6, 1}), 5,
                        SPAPR_H_P2);
        /* The LISN before the priority; prio 0xff resets nothing here. */
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_SOURCE_CONFIG,
                        ((uint64_t[]){0, lisns[i], s1, 7, 1}), 5, SPAPR_H_P2);
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_SOURCE_CONFIG,
                        ((uint64_t[]){0, lisns[i], s1, 0xff, 1}), 5,
                        SPAPR_H_P2);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(bad_prios); i++) {
        g_test_message("prio 0x%" PRIx64, bad_prios[i]);
        CHECK_BAD_HCALL(
            m, before, 0, SPAPR_H_INT_SET_SOURCE_CONFIG,
            ((uint64_t[]){SRC_SET_EISN, MSI_B, s1, bad_prios[i], 0x77}), 5,
            SPAPR_H_P4);
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_SOURCE_CONFIG,
                        ((uint64_t[]){SRC_MASK, MSI_A, s1, bad_prios[i], 0}), 5,
                        SPAPR_H_P4);
        /* The priority before the target. */
        CHECK_BAD_HCALL(
            m, before, 0, SPAPR_H_INT_SET_SOURCE_CONFIG,
            ((uint64_t[]){0, LSI_L, targets[i % 8], bad_prios[i], 0}), 5,
            SPAPR_H_P4);
    }
    for (size_t i = 0; i < 8; i++) {
        g_test_message("target 0x%" PRIx64, targets[i]);
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_SOURCE_CONFIG,
                        ((uint64_t[]){SRC_SET_EISN, MSI_B, targets[i], 6, 1}),
                        5, SPAPR_H_P3);
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_SOURCE_CONFIG,
                        ((uint64_t[]){SRC_MASK, LSI_L, targets[i], 0, 1}), 5,
                        SPAPR_H_P3);
    }
    /* Too few arguments (the eisn). */
    CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_SOURCE_CONFIG,
                    ((uint64_t[]){0, MSI_B, s1, 6, 0}), 4, SPAPR_H_PARAMETER);
    CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_SOURCE_CONFIG,
                    ((uint64_t[]){0, MSI_B, s1, 0xff, 0}), 2,
                    SPAPR_H_PARAMETER);
}

void test_bad_get_source_config(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    uint64_t lisns[N_BAD_LISNS];
    static const uint64_t flags[] = {0x1, 0x2, UINT64_C(1) << 63, UINT64_MAX};

    for (size_t i = 0; i < G_N_ELEMENTS(flags); i++) {
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_GET_SOURCE_CONFIG,
                        ((uint64_t[]){flags[i], MSI_A}), 2, SPAPR_H_PARAMETER);
    }
    bad_lisns(m, lisns);
    for (size_t i = 0; i < N_BAD_LISNS; i++) {
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_GET_SOURCE_CONFIG,
                        ((uint64_t[]){0, lisns[i]}), 2, SPAPR_H_P2);
    }
    CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_GET_SOURCE_CONFIG,
                    ((uint64_t[]){0, MSI_A}), 1, SPAPR_H_PARAMETER);
}

void test_bad_get_queue_info(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    const uint64_t s0 = server_of(m, 0);
    uint64_t targets[8];

    bad_targets(m, targets);
    CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_GET_QUEUE_INFO,
                    ((uint64_t[]){1, s0, 5}), 3, SPAPR_H_PARAMETER);
    CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_GET_QUEUE_INFO,
                    ((uint64_t[]){UINT64_C(1) << 63, targets[0], 7}), 3,
                    SPAPR_H_PARAMETER);
    for (size_t i = 0; i < G_N_ELEMENTS(bad_prios); i++) {
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_GET_QUEUE_INFO,
                        ((uint64_t[]){0, s0, bad_prios[i]}), 3, SPAPR_H_P3);
        /* The priority before the target. */
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_GET_QUEUE_INFO,
                        ((uint64_t[]){0, targets[i % 8], bad_prios[i]}), 3,
                        SPAPR_H_P3);
    }
    for (size_t i = 0; i < 8; i++) {
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_GET_QUEUE_INFO,
                        ((uint64_t[]){0, targets[i], 5}), 3, SPAPR_H_P2);
    }
    CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_GET_QUEUE_INFO,
                    ((uint64_t[]){0, s0}), 2, SPAPR_H_PARAMETER);
}

void test_bad_set_queue_config(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    const uint64_t s0 = server_of(m, 0), s1 = server_of(m, 1);
    static const uint64_t flags[] = {0x2, 0x3, UINT64_C(1) << 63, UINT64_MAX};
    static const uint64_t qsizes[] = {
        1,          11, 13, 15, 17, 20,
        22,         23, 25, 32, 64, (UINT64_C(1) << 32) | 12,
        UINT64_MAX,
    };
    static const struct {
        uint64_t qpage, qsize;
    } bad_pages[] = {
        {0x100004, 12},                     /* misaligned */
        {0x100800, 12},                     /* misaligned */
        {0x101000, 16},                     /* 4 KiB aligned only */
        {0x300000, 21},                     /* 1 MiB aligned only */
        {0x1000000 + 0x200000, 24},         /* 2 MiB aligned only */
        {0x4010000, 12},                    /* just above RAM */
        {0x4010000, 16},                    /* just above RAM */
        {0x4000000, 21},                    /* first 64 KiB in RAM only */
        {0x4000000, 24},                    /* first 64 KiB in RAM only */
        {0x8000000, 16},                    /* 128 MiB: no RAM */
        {UINT64_C(1) << 40, 12},            /* no RAM */
        {UINT64_C(1) << 60, 12},            /* no RAM */
        {UINT64_C(0xfffffffffffff000), 12}, /* no RAM; wraps */
        {UINT64_C(0xffffffffff000000), 24}, /* no RAM; wraps */
    };
    uint64_t targets[8];

    bad_targets(m, targets);
    for (size_t i = 0; i < G_N_ELEMENTS(flags); i++) {
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_QUEUE_CONFIG,
                        ((uint64_t[]){flags[i], s1, 6, QPAGE(1, 6), 16}), 5,
                        SPAPR_H_PARAMETER);
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_QUEUE_CONFIG,
                        ((uint64_t[]){flags[i], targets[0], 7, 3, 0}), 5,
                        SPAPR_H_PARAMETER);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(bad_prios); i++) {
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_QUEUE_CONFIG,
                        ((uint64_t[]){0, s1, bad_prios[i], QPAGE(1, 6), 16}), 5,
                        SPAPR_H_P3);
        /* Before the target, and before a reset (qsize 0). */
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_QUEUE_CONFIG,
                        ((uint64_t[]){0, targets[i % 8], bad_prios[i], 0, 0}),
                        5, SPAPR_H_P3);
    }
    for (size_t i = 0; i < 8; i++) {
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_QUEUE_CONFIG,
                        ((uint64_t[]){0, targets[i], 5, QPAGE(0, 5), 16}), 5,
                        SPAPR_H_P2);
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_QUEUE_CONFIG,
                        ((uint64_t[]){0, targets[i], 5, 0, 0}), 5, SPAPR_H_P2);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(qsizes); i++) {
        g_test_message("qsize %" PRIu64, qsizes[i]);
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_QUEUE_CONFIG,
                        ((uint64_t[]){0, s0, 5, 0x1000000, qsizes[i]}), 5,
                        SPAPR_H_P5);
        /* The size before the page. */
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_QUEUE_CONFIG,
                        ((uint64_t[]){0, s0, 5, 0x8000004, qsizes[i]}), 5,
                        SPAPR_H_P5);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(bad_pages); i++) {
        g_test_message("qpage 0x%" PRIx64 " qsize %" PRIu64, bad_pages[i].qpage,
                       bad_pages[i].qsize);
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_QUEUE_CONFIG,
                        ((uint64_t[]){Q_ALWAYS_NOTIFY, s0, 5,
                                      bad_pages[i].qpage, bad_pages[i].qsize}),
                        5, SPAPR_H_P4);
    }
    CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_QUEUE_CONFIG,
                    ((uint64_t[]){0, s0, 5, QPAGE(0, 5), 16}), 4,
                    SPAPR_H_PARAMETER);
    CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_QUEUE_CONFIG,
                    ((uint64_t[]){0, s0, 5, 0, 0}), 3, SPAPR_H_PARAMETER);
}

void test_bad_get_queue_config(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    const uint64_t s0 = server_of(m, 0);
    static const uint64_t flags[] = {0x2, 0x3, UINT64_C(1) << 63, UINT64_MAX};
    uint64_t targets[8];

    bad_targets(m, targets);
    for (size_t i = 0; i < G_N_ELEMENTS(flags); i++) {
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_GET_QUEUE_CONFIG,
                        ((uint64_t[]){flags[i], s0, 5}), 3, SPAPR_H_PARAMETER);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(bad_prios); i++) {
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_GET_QUEUE_CONFIG,
                        ((uint64_t[]){Q_DEBUG, s0, bad_prios[i]}), 3,
                        SPAPR_H_P3);
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_GET_QUEUE_CONFIG,
                        ((uint64_t[]){0, targets[i % 8], bad_prios[i]}), 3,
                        SPAPR_H_P3);
    }
    for (size_t i = 0; i < 8; i++) {
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_GET_QUEUE_CONFIG,
                        ((uint64_t[]){Q_DEBUG, targets[i], 5}), 3, SPAPR_H_P2);
    }
    CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_GET_QUEUE_CONFIG,
                    ((uint64_t[]){0, s0}), 2, SPAPR_H_PARAMETER);
}

/* The OS reporting line is not supported (QEMU): SPAPR_H_FUNCTION. */
void test_os_reporting_line(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    static const uint64_t args[][3] = {
        {0, 0x100000, 0},
        {0, UINT64_MAX, 0},
        {1, 0, 0},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(args); i++) {
        for (size_t n = 1; n <= 3; n++) {
            CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SET_OS_REPORTING_LINE,
                            args[i], n, SPAPR_H_FUNCTION);
            CHECK_BAD_HCALL(m, before, 1, SPAPR_H_INT_GET_OS_REPORTING_LINE,
                            args[i], n, SPAPR_H_FUNCTION);
        }
    }
}

void test_bad_esb(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    uint64_t lisns[N_BAD_LISNS];
    static const uint64_t flags[] = {0x2, 0x3, UINT64_C(1) << 63, UINT64_MAX};
    static const uint64_t offsets[] = {0x10000, 0x10008,           0x20000,
                                       0x1fff8, UINT64_C(1) << 32, UINT64_MAX};

    for (size_t i = 0; i < G_N_ELEMENTS(flags); i++) {
        /* A set-PQ-00 load / an EOI: would change the state if run. */
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_ESB,
                        ((uint64_t[]){flags[i], LSI_L, ESB_SET_PQ(PQ_00), 0}),
                        4, SPAPR_H_PARAMETER);
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_ESB,
                        ((uint64_t[]){flags[i], UNCLAIM, 0x10000, 0}), 4,
                        SPAPR_H_PARAMETER);
    }
    bad_lisns(m, lisns);
    for (size_t i = 0; i < N_BAD_LISNS; i++) {
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_ESB,
                        ((uint64_t[]){0, lisns[i], ESB_SET_PQ(PQ_00), 0}), 4,
                        SPAPR_H_P2);
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_ESB,
                        ((uint64_t[]){ESB_STORE, lisns[i], ESB_TRIGGER, 0}), 4,
                        SPAPR_H_P2);
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_ESB,
                        ((uint64_t[]){0, lisns[i], 0x10000, 0}), 4, SPAPR_H_P2);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(offsets); i++) {
        g_test_message("offset 0x%" PRIx64, offsets[i]);
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_ESB,
                        ((uint64_t[]){0, LSI_L, offsets[i], 0}), 4, SPAPR_H_P3);
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_ESB,
                        ((uint64_t[]){ESB_STORE, MSI_A, offsets[i], 0}), 4,
                        SPAPR_H_P3);
    }
    CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_ESB,
                    ((uint64_t[]){0, LSI_L, ESB_SET_PQ(PQ_00), 0}), 3,
                    SPAPR_H_PARAMETER);
    CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_ESB,
                    ((uint64_t[]){ESB_STORE, LSI_L, ESB_SET_PQ(PQ_00), 0}), 2,
                    SPAPR_H_PARAMETER);
}

void test_bad_sync_reset(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    uint64_t lisns[N_BAD_LISNS];
    static const uint64_t flags[] = {0x1, 0x2, UINT64_C(1) << 63, UINT64_MAX};

    for (size_t i = 0; i < G_N_ELEMENTS(flags); i++) {
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SYNC,
                        ((uint64_t[]){flags[i], MSI_A}), 2, SPAPR_H_PARAMETER);
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_RESET,
                        ((uint64_t[]){flags[i]}), 1, SPAPR_H_PARAMETER);
    }
    bad_lisns(m, lisns);
    for (size_t i = 0; i < N_BAD_LISNS; i++) {
        CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SYNC,
                        ((uint64_t[]){0, lisns[i]}), 2, SPAPR_H_P2);
    }
    CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_SYNC, ((uint64_t[]){0, MSI_A}), 1,
                    SPAPR_H_PARAMETER);
    CHECK_BAD_HCALL(m, before, 0, SPAPR_H_INT_RESET, ((uint64_t[]){0}), 0,
                    SPAPR_H_PARAMETER);
}

/* Hcalls from a CPU index that was never added or is out of range. */
void test_bad_cpu_index(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    static const uint32_t bad_cpus[] = {2, 7, MAX_CPUS, 0x400, UINT32_MAX};
    XiveCall calls[11];

    xive_calls(m, calls);
    for (size_t i = 0; i < G_N_ELEMENTS(bad_cpus); i++) {
        for (size_t j = 0; j < G_N_ELEMENTS(calls); j++) {
            g_test_message("cpu %u %s", bad_cpus[i], hcall_name(calls[j].op));
            CHECK_BAD_HCALL(m, before, bad_cpus[i], calls[j].op, calls[j].args,
                            calls[j].nargs, SPAPR_H_HARDWARE);
        }
    }
}

/* Opcodes next to the XIVE range are not interrupt hcalls. */
void test_not_interrupt_hcalls(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    static const uint64_t ops[] = {
        0x3A4, 0x3A9, 0x3AA,
        0x3D4, 0x3D1, UINT64_C(1) << 32 | SPAPR_H_INT_RESET};

    for (size_t i = 0; i < G_N_ELEMENTS(ops); i++) {
        g_assert_false(spapr_irq_is_hcall(ops[i]));
        CHECK_BAD_HCALL(m, before, 0, ops[i], ((uint64_t[]){0, 0, 0, 0, 0}), 5,
                        SPAPR_H_FUNCTION);
    }
    for (uint64_t op = SPAPR_H_INT_GET_SOURCE_INFO; op <= SPAPR_H_INT_RESET;
         op += 4) {
        g_assert_true(spapr_irq_is_hcall(op));
    }
}
