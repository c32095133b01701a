/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The XIVE model tells the VMM of a vCPU's external interrupt line only
 * when its level changes (issue 20): set_cpu_irq is called once to raise
 * the line and once to lower it over a delivery, not on every ack nor on
 * every event presented while the line is already up.  Each test counts
 * every call of the callback, and checks that no call repeats the level
 * the VMM already has.  Run on the emulated model and on the in-kernel
 * XIVE of kvm-sim (whose simulated kernel runs the same model).
 */
#include <string.h>

#include "tests/unit/conformance.h"
#include "tools/vmm.h"

#define MAX_CPUS 2
#define RAM_SIZE (UINT64_C(64) << 20 | 0x10000)
#define QPAGE    0x100000u /* 64 KiB queues, as Linux (and the kernel) use */
#define QPAGE_B  0x110000u
#define LISN_A   0x1100u
#define LISN_B   0x1101u

#define ESB_MGMT(lisn)                                                         \
    (SPAPR_XIVE_ESB_BASE + ((uint64_t)(lisn) << 17) + 0x10000)
#define ESB_EOI     0x000
#define ESB_SET_PQ0 0xc00
#define TIMA_OS     (SPAPR_XIVE_TIMA_BASE + 0x20000)
#define TM_ACK_OS   (TIMA_OS + 0x810)
#define TM_OS_CPPR  (TIMA_OS + 0x11)

typedef struct Lines {
    SpaprIrqCallbacks cb;
    SpaprIrq *irq;
    uint8_t *ram;
    bool level[MAX_CPUS];
    unsigned calls[MAX_CPUS];
    /* Calls that gave the VMM the level it already had. */
    unsigned repeats[MAX_CPUS];
} Lines;

static void cb_set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
    Lines *l = opaque;

    g_assert(cpu_index < MAX_CPUS);
    l->calls[cpu_index]++;
    if (l->level[cpu_index] == level) {
        l->repeats[cpu_index]++;
    }
    l->level[cpu_index] = level;
}

static bool cb_mem_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
    Lines *l = opaque;

    if (len > RAM_SIZE || gpa > RAM_SIZE - len) {
        return false;
    }
    memcpy(buf, l->ram + gpa, len);
    return true;
}

static bool cb_mem_write(void *opaque, uint64_t gpa, const void *buf,
                         size_t len)
{
    Lines *l = opaque;

    if (len > RAM_SIZE || gpa > RAM_SIZE - len) {
        return false;
    }
    memcpy(l->ram + gpa, buf, len);
    return true;
}

static const ConformanceBackend backends[] = {
    {"emulated", {"-accel", "tcg", NULL}, true},
    CONFORMANCE_KVM_SIM("power9-6.1"),
};

static uint64_t rd(Lines *l, uint64_t addr, unsigned size)
{
    uint64_t val = 0;

    g_assert_true(vmm_mmio_read(l->irq, 0, addr, size, &val));
    return val;
}

static void wr(Lines *l, uint64_t addr, unsigned size, uint64_t val)
{
    g_assert_true(vmm_mmio_write(l->irq, 0, addr, size, val));
}

static void hcall_ok(Lines *l, uint64_t opcode, const uint64_t *args)
{
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];

    g_assert_cmpint(vmm_hcall(l->irq, 0, opcode, args, 5, rets), ==,
                    SPAPR_H_SUCCESS);
}

/* A XIVE machine, CPU 0's queue at priorities 3 and 5 (always notify),
 * LISN_A routed to priority 5 (EISN 0xa), LISN_B to 3 (EISN 0xb), both
 * on, CPU 0's CPPR 0xff; the callback counts from here. */
static Lines *lines_new(const ConformanceBackend *be)
{
    Lines *l = g_new0(Lines, 1);
    g_autoptr(GError) err = NULL;

    l->ram = g_malloc0(RAM_SIZE);
    l->cb = (SpaprIrqCallbacks){
        .opaque = l,
        .set_cpu_irq = cb_set_cpu_irq,
        .mem_read = cb_mem_read,
        .mem_write = cb_mem_write,
        .map_region = vmm_map_region,
    };
    l->irq = conformance_machine(be, "pseries,ic-mode=xive", "power9", 1,
                                 MAX_CPUS, &l->cb);
    g_assert_true(spapr_irq_claim(l->irq, LISN_A, false, &err));
    g_assert_true(spapr_irq_claim(l->irq, LISN_B, false, &err));
    hcall_ok(l, SPAPR_H_INT_SET_QUEUE_CONFIG,
             (const uint64_t[5]){1, 0, 5, QPAGE, 16});
    hcall_ok(l, SPAPR_H_INT_SET_QUEUE_CONFIG,
             (const uint64_t[5]){1, 0, 3, QPAGE_B, 16});
    hcall_ok(l, SPAPR_H_INT_SET_SOURCE_CONFIG,
             (const uint64_t[5]){2, LISN_A, 0, 5, 0xa});
    hcall_ok(l, SPAPR_H_INT_SET_SOURCE_CONFIG,
             (const uint64_t[5]){2, LISN_B, 0, 3, 0xb});
    rd(l, ESB_MGMT(LISN_A) + ESB_SET_PQ0, 8);
    rd(l, ESB_MGMT(LISN_B) + ESB_SET_PQ0, 8);
    wr(l, TM_OS_CPPR, 1, 0xff);
    g_assert_false(l->level[0]);
    memset(l->calls, 0, sizeof(l->calls));
    memset(l->repeats, 0, sizeof(l->repeats));
    return l;
}

static void lines_free(Lines *l)
{
    spapr_irq_destroy(&l->irq);
    g_free(l->ram);
    g_free(l);
}

static void trigger(Lines *l, uint32_t lisn)
{
    g_autoptr(GError) err = NULL;

    g_assert_true(spapr_irq_set_irq(l->irq, lisn, 1, &err));
    g_assert_no_error(err);
}

/* The big-endian queue entry @i of the queue at @qpage: generation 1 and
 * the EISN. */
static uint32_t qentry(Lines *l, uint64_t qpage, unsigned i)
{
    uint32_t e;

    memcpy(&e, l->ram + qpage + 4 * i, 4);
    return GUINT32_FROM_BE(e);
}

/* One delivery as Linux makes it: the event, the ack, the queue entry,
 * the EOI, the CPPR back; then an ack that finds nothing (the line is
 * already low).  Two calls: up, then down. */
static void test_round_trip(const void *data)
{
    Lines *l = lines_new(data);

    trigger(l, LISN_A);
    g_assert_true(l->level[0]);
    g_assert_cmpuint(l->calls[0], ==, 1);
    g_assert_cmphex(rd(l, TM_ACK_OS, 2), ==, 0x8005);
    g_assert_false(l->level[0]);
    g_assert_cmphex(qentry(l, QPAGE, 0), ==, 0x8000000a);
    g_assert_cmphex(rd(l, ESB_MGMT(LISN_A) + ESB_EOI, 8), ==, 0);
    wr(l, TM_OS_CPPR, 1, 0xff);
    g_assert_cmphex(rd(l, TM_ACK_OS, 2), ==, 0x00ff);
    g_assert_false(l->level[0]);
    g_assert_cmpuint(l->calls[0], ==, 2);
    g_assert_cmpuint(l->repeats[0], ==, 0);
    lines_free(l);
}

/* A second event at a more favoured priority while the line is up: no
 * second raise.  The ack takes priority 3 and lowers the line; restoring
 * the CPPR presents priority 5, which raises it again; its ack lowers it.
 * Four calls, alternating. */
static void test_line_already_up(const void *data)
{
    Lines *l = lines_new(data);

    trigger(l, LISN_A);
    trigger(l, LISN_B);
    g_assert_true(l->level[0]);
    g_assert_cmpuint(l->calls[0], ==, 1);
    g_assert_cmphex(rd(l, TM_ACK_OS, 2), ==, 0x8003);
    g_assert_false(l->level[0]);
    g_assert_cmphex(qentry(l, QPAGE_B, 0), ==, 0x8000000b);
    g_assert_cmphex(rd(l, ESB_MGMT(LISN_B) + ESB_EOI, 8), ==, 0);
    wr(l, TM_OS_CPPR, 1, 0xff);
    g_assert_true(l->level[0]);
    g_assert_cmphex(rd(l, TM_ACK_OS, 2), ==, 0x8005);
    g_assert_cmphex(qentry(l, QPAGE, 0), ==, 0x8000000a);
    g_assert_cmphex(rd(l, ESB_MGMT(LISN_A) + ESB_EOI, 8), ==, 0);
    wr(l, TM_OS_CPPR, 1, 0xff);
    g_assert_false(l->level[0]);
    g_assert_cmpuint(l->calls[0], ==, 4);
    g_assert_cmpuint(l->repeats[0], ==, 0);
    lines_free(l);
}

int main(int argc, char **argv)
{
    static const ConformanceTest tests[] = {
        {"round-trip", test_round_trip},
        {"line-already-up", test_line_already_up},
    };

    return conformance_main(argc, argv, "xive-lines", backends,
                            G_N_ELEMENTS(backends), tests, G_N_ELEMENTS(tests));
}
