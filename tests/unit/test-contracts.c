/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every return code include/spapr-irq/spapr-irq.h states for the guest's
 * entry points (spapr_irq_hcall(), spapr_irq_rtas(), spapr_irq_mmio_*()),
 * one table row each, on the machines and backends the statement is about;
 * and the before-first-reset rule (issue 18, "Contracts").
 */
#include <string.h>

#include <glib.h>

#include "sim/sim.h"
#include "spapr-irq/spapr-irq.h"
#include "tools/guest_ram.h"
#include "tools/vmm.h"

#define MSI        0x1300
#define NOT_HCALL  0x4 /* H_REMOVE: not an interrupt hcall */
#define NOT_RTAS   0x2001
#define ESB_GET(l) (SPAPR_XIVE_ESB_BASE + ((uint64_t)(l) << 17) + 0x10800)
#define TIMA_OS    (SPAPR_XIVE_TIMA_BASE + 0x20000)
#define ALL_ONES   UINT64_MAX

/* The guest's RAM (XIVE queue pages), one per process. */
#define RAM_SIZE 0x20000u
static GuestRam ram; /* guest_ram_init() in main() */

static void cb_set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
}

static const SpaprIrqCallbacks callbacks = {
    .opaque = &ram,
    .set_cpu_irq = cb_set_cpu_irq,
    .mem_read = guest_ram_read,
    .mem_write = guest_ram_write,
    .map_region = vmm_map_region,
};

/* The machines of the rows. */
typedef enum Phase {
    RESET,         /* reset once */
    NOT_RESET,     /* never reset */
    CAS_XIVE_RESET /* CAS chose XIVE, then reset */
} Phase;

typedef struct Machine {
    const char *machine, *accel;
    Phase phase;
} Machine;

static const Machine XICS_TCG = {"pseries,ic-mode=xics", "tcg", RESET};
static const Machine XIVE_TCG = {"pseries,ic-mode=xive", "tcg", RESET};
static const Machine DUAL_TCG = {"pseries,ic-mode=dual", "tcg", RESET};
static const Machine DUAL_TCG_XIVE = {"pseries,ic-mode=dual", "tcg",
                                      CAS_XIVE_RESET};
static const Machine XIVE_KVM = {"pseries,ic-mode=xive",
                                 "kvm-sim,host=power9-6.1", RESET};
static const Machine XICS_KVM = {"pseries,ic-mode=xics",
                                 "kvm-sim,host=power9-6.1", RESET};
static const Machine DUAL_KVM_XIVE = {
    "pseries,ic-mode=dual", "kvm-sim,host=power9-6.1", CAS_XIVE_RESET};

/* @m with -smp 1,maxcpus=2 (CPU 0 added, CPU 1 not), MSI claimed. */
static SpaprIrq *machine_new(const Machine *m)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;
    SpaprIrq *irq;

    g_assert_true(
        spapr_irq_config_parse_option(cfg, "-machine", m->machine, &err));
    g_assert_true(
        spapr_irq_config_parse_option(cfg, "-smp", "1,maxcpus=2", &err));
    g_assert_true(spapr_irq_config_parse_option(cfg, "-accel", m->accel, &err));
    irq = spapr_irq_create(cfg, &callbacks, -1, &err);
    g_assert_no_error(err);
    g_assert_true(spapr_irq_cpu_add(irq, 0, -1, &err));
    g_assert_true(spapr_irq_claim(irq, MSI, false, &err));
    if (m->phase == CAS_XIVE_RESET) {
        g_assert_true(spapr_irq_cas(irq, 0x40, &err));
    }
    if (m->phase != NOT_RESET) {
        g_assert_true(vmm_reset(irq, &err));
    }
    g_assert_no_error(err);
    return irq;
}

/* ---- hcall ---- */

typedef struct HcallRow {
    const char *statement;
    const Machine *m;
    uint32_t cpu;
    uint64_t opcode;
    uint64_t args[5];
    int64_t want;
} HcallRow;

static const HcallRow hcall_rows[] = {
    {"not an interrupt hcall", &XICS_TCG, 0, NOT_HCALL, {0}, SPAPR_H_FUNCTION},
    {"not an interrupt hcall", &XIVE_KVM, 0, NOT_HCALL, {0}, SPAPR_H_FUNCTION},
    {"XIVE hcall, XIVE not active (xics)",
     &XICS_TCG,
     0,
     SPAPR_H_INT_GET_SOURCE_INFO,
     {0, MSI},
     SPAPR_H_FUNCTION},
    {"XIVE hcall, XIVE not active (dual)",
     &DUAL_TCG,
     0,
     SPAPR_H_INT_GET_SOURCE_INFO,
     {0, MSI},
     SPAPR_H_FUNCTION},
    {"XIVE hcall, XIVE not active (in-kernel XICS)",
     &XICS_KVM,
     0,
     SPAPR_H_INT_RESET,
     {0},
     SPAPR_H_FUNCTION},
    {"XICS hcall, XICS not active (xive)",
     &XIVE_TCG,
     0,
     SPAPR_H_CPPR,
     {0xff},
     SPAPR_H_HARDWARE},
    {"XICS hcall, XICS not active (dual after CAS)",
     &DUAL_TCG_XIVE,
     0,
     SPAPR_H_XIRR,
     {0},
     SPAPR_H_HARDWARE},
    {"XICS hcall, XICS not active (in-kernel XIVE)",
     &DUAL_KVM_XIVE,
     0,
     SPAPR_H_EOI,
     {2},
     SPAPR_H_HARDWARE},
    {"XICS hcall reaching the layer, XICS in the kernel",
     &XICS_KVM,
     0,
     SPAPR_H_CPPR,
     {0xff},
     SPAPR_H_HARDWARE},
    {"the active XICS", &DUAL_TCG, 0, SPAPR_H_CPPR, {0xff}, SPAPR_H_SUCCESS},
    {"the active XIVE",
     &DUAL_TCG_XIVE,
     0,
     SPAPR_H_INT_GET_SOURCE_INFO,
     {0, MSI},
     SPAPR_H_SUCCESS},
    {"vCPU not added (XICS)",
     &XICS_TCG,
     1,
     SPAPR_H_CPPR,
     {0xff},
     SPAPR_H_HARDWARE},
    {"vCPU not added (XIVE)",
     &XIVE_TCG,
     1,
     SPAPR_H_INT_GET_SOURCE_INFO,
     {0, MSI},
     SPAPR_H_HARDWARE},
    {"vCPU out of range",
     &XIVE_KVM,
     99,
     SPAPR_H_INT_GET_SOURCE_INFO,
     {0, MSI},
     SPAPR_H_HARDWARE},
    {"in-kernel XIVE, the kernel call fails (queue without ALWAYS_NOTIFY)",
     &XIVE_KVM,
     0,
     SPAPR_H_INT_SET_QUEUE_CONFIG,
     {0, 0, 5, 0x10000, 16},
     SPAPR_H_HARDWARE},
    {"emulated XIVE accepts the same queue",
     &XIVE_TCG,
     0,
     SPAPR_H_INT_SET_QUEUE_CONFIG,
     {0, 0, 5, 0x10000, 16},
     SPAPR_H_SUCCESS},
};

static void test_hcall(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(hcall_rows); i++) {
        const HcallRow *r = &hcall_rows[i];
        SpaprIrq *irq = machine_new(r->m);
        uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];
        int64_t got = spapr_irq_hcall(irq, r->cpu, r->opcode, r->args,
                                      G_N_ELEMENTS(r->args), rets);

        g_test_message("%s (%s %s, 0x%" G_GINT64_MODIFIER
                       "x): %" G_GINT64_FORMAT,
                       r->statement, r->m->machine, r->m->accel,
                       (guint64)r->opcode, (gint64)got);
        g_assert_cmpint(got, ==, r->want);
        spapr_irq_destroy(&irq);
    }
}

/* ---- RTAS ---- */

typedef struct RtasRow {
    const char *statement;
    const Machine *m;
    const char *call; /* NULL: NOT_RTAS */
    uint32_t nret;
    bool want_handled;
    uint32_t want_status; /* rets[0] when handled and nret > 0 */
} RtasRow;

static const RtasRow rtas_rows[] = {
    {"not an interrupt RTAS call", &XICS_TCG, NULL, 1, false, 0},
    {"XICS call on a XIVE-only machine: the VMM's", &XIVE_TCG, "ibm,get-xive",
     3, false, 0},
    {"XICS call, XIVE active on a dual machine", &DUAL_TCG_XIVE, "ibm,get-xive",
     3, true, (uint32_t)SPAPR_RTAS_OUT_HW_ERROR},
    {"XICS call, XIVE active in the kernel", &DUAL_KVM_XIVE, "ibm,int-off", 1,
     true, (uint32_t)SPAPR_RTAS_OUT_HW_ERROR},
    {"XICS call, XICS active", &XICS_TCG, "ibm,get-xive", 3, true,
     SPAPR_RTAS_OUT_SUCCESS},
    {"nret 0: nothing written", &DUAL_TCG_XIVE, "ibm,int-on", 0, true, 0},
};

static void test_rtas(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(rtas_rows); i++) {
        const RtasRow *r = &rtas_rows[i];
        SpaprIrq *irq = machine_new(r->m);
        const uint32_t args[] = {MSI, 0, 5};
        uint32_t rets[4] = {0xdead, 0xdead, 0xdead, 0xdead};
        uint32_t token = r->call ? spapr_irq_rtas_token(r->call) : NOT_RTAS;
        bool handled = spapr_irq_rtas(irq, 0, token, 1, args, r->nret, rets);

        g_test_message("%s (%s %s): %d, 0x%x", r->statement, r->m->machine,
                       r->m->accel, handled, rets[0]);
        g_assert_cmpint(handled, ==, r->want_handled);
        if (!handled || r->nret == 0) {
            g_assert_cmphex(rets[0], ==, 0xdead);
        } else {
            g_assert_cmphex(rets[0], ==, r->want_status);
        }
        spapr_irq_destroy(&irq);
    }
}

/* ---- MMIO ---- */

typedef struct MmioRow {
    const char *statement;
    const Machine *m;
    uint32_t cpu;
    uint64_t addr;
    unsigned size;
    bool want_mine;
    bool check_value;
    uint64_t want_value; /* of the read, when mine and checked */
} MmioRow;

static const MmioRow mmio_rows[] = {
    {"XICS active: no region", &XICS_TCG, 0, ESB_GET(MSI), 8, false, false, 0},
    {"XIVE inactive on dual", &DUAL_TCG, 0, TIMA_OS + 0x10, 4, false, false, 0},
    {"outside the regions", &XIVE_TCG, 0, 0x1000, 8, false, false, 0},
    {"XIVE in the kernel: the VMM's slots", &XIVE_KVM, 0, ESB_GET(MSI), 8,
     false, false, 0},
    {"XIVE in the kernel, TIMA", &XIVE_KVM, 0, TIMA_OS + 0x10, 4, false, false,
     0},
    {"XIVE in the kernel, bad size", &XIVE_KVM, 0, ESB_GET(MSI), 3, false,
     false, 0},
    {"ESB load of 8 bytes: the PQ bits", &XIVE_TCG, 0, ESB_GET(MSI), 8, true,
     false, 0},
    {"ESB load of 4 bytes: 0", &XIVE_TCG, 0, ESB_GET(MSI), 4, true, true, 0},
    {"ESB load of 1 byte: 0", &XIVE_TCG, 0, ESB_GET(MSI), 1, true, true, 0},
    {"ESB load of 3 bytes: refused, all ones", &XIVE_TCG, 0, ESB_GET(MSI), 3,
     true, true, ALL_ONES},
    {"ESB load of 0 bytes: refused, all ones", &XIVE_TCG, 0, ESB_GET(MSI), 0,
     true, true, ALL_ONES},
    {"ESB load of 16 bytes: refused, all ones", &XIVE_TCG, 0, ESB_GET(MSI), 16,
     true, true, ALL_ONES},
    {"TIMA load of 3 bytes: refused, all ones", &XIVE_TCG, 0, TIMA_OS + 0x10, 3,
     true, true, ALL_ONES},
    {"TIMA load of 16 bytes: refused, all ones", &XIVE_TCG, 0, TIMA_OS + 0x10,
     16, true, true, ALL_ONES},
    {"TIMA load of a vCPU not added: all ones", &XIVE_TCG, 1, TIMA_OS + 0x10, 4,
     true, true, ALL_ONES},
    {"TIMA load of 4 bytes", &XIVE_TCG, 0, TIMA_OS + 0x10, 4, true, false, 0},
    {"dual after CAS: the XIVE's regions", &DUAL_TCG_XIVE, 0, ESB_GET(MSI), 8,
     true, false, 0},
};

static GByteArray *save(SpaprIrq *irq)
{
    g_autoptr(GError) err = NULL;
    GByteArray *out = g_byte_array_new();

    g_assert_true(spapr_irq_save(irq, out, &err));
    return out;
}

static void test_mmio(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(mmio_rows); i++) {
        const MmioRow *r = &mmio_rows[i];
        SpaprIrq *irq = machine_new(r->m);
        uint64_t v = 0x1234;
        bool mine = spapr_irq_mmio_read(irq, r->cpu, r->addr, r->size, &v);

        g_test_message("%s (%s %s): %d, 0x%" G_GINT64_MODIFIER "x",
                       r->statement, r->m->machine, r->m->accel, mine,
                       (guint64)v);
        g_assert_cmpint(mine, ==, r->want_mine);
        if (mine && r->check_value) {
            g_assert_cmphex(v, ==, r->want_value);
        }
        /* A write answers the same; a refused one changes nothing. */
        {
            g_autoptr(GByteArray) before = save(irq);
            g_autoptr(GByteArray) after = NULL;
            bool refused = r->check_value && r->want_value == ALL_ONES;

            g_assert_cmpint(
                spapr_irq_mmio_write(irq, r->cpu, r->addr, r->size, 0), ==,
                r->want_mine);
            after = save(irq);
            if (refused) {
                g_assert_cmpmem(after->data, after->len, before->data,
                                before->len);
            }
        }
        spapr_irq_destroy(&irq);
    }
}

/* ---- before the first reset ---- */

/* The answers of a guest's XIVE start (queue, route, ESB, sync, reset). */
static void xive_answers(SpaprIrq *irq, int64_t out[6])
{
    static const struct {
        uint64_t op, args[5];
    } seq[] = {
        {SPAPR_H_INT_GET_SOURCE_INFO, {0, MSI}},
        {SPAPR_H_INT_SET_QUEUE_CONFIG,
         {1 /* ALWAYS_NOTIFY */, 0, 5, 0x10000, 16}},
        {SPAPR_H_INT_SET_SOURCE_CONFIG, {0x2 /* SET_EISN */, MSI, 0, 5, MSI}},
        {SPAPR_H_INT_GET_SOURCE_CONFIG, {0, MSI}},
        {SPAPR_H_INT_SYNC, {0, MSI}},
        {SPAPR_H_INT_RESET, {0}},
    };
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];

    for (size_t i = 0; i < G_N_ELEMENTS(seq); i++) {
        out[i] = spapr_irq_hcall(irq, 0, seq[i].op, seq[i].args, 5, rets);
    }
}

/* The header: the start controller answers before the first reset as
 * after it, in the kernel too; a dual machine is XICS until a reset. */
static void test_before_first_reset(void)
{
    static const Machine before[] = {
        {"pseries,ic-mode=xive", "kvm-sim,host=power9-6.1", NOT_RESET},
        {"pseries,ic-mode=xive", "kvm-sim,host=power9-6.1-uv", NOT_RESET},
        {"pseries,ic-mode=xive", "kvm-sim,host=power10-6.1", NOT_RESET},
        {"pseries,ic-mode=xive", "tcg", NOT_RESET},
    };
    static const int64_t want[6] = {SPAPR_H_SUCCESS, SPAPR_H_SUCCESS,
                                    SPAPR_H_SUCCESS, SPAPR_H_SUCCESS,
                                    SPAPR_H_SUCCESS, SPAPR_H_SUCCESS};

    for (size_t i = 0; i < G_N_ELEMENTS(before); i++) {
        Machine after = before[i];
        SpaprIrq *a = machine_new(&before[i]);
        SpaprIrq *b;
        int64_t got_a[6], got_b[6];

        after.phase = RESET;
        b = machine_new(&after);
        xive_answers(a, got_a);
        xive_answers(b, got_b);
        g_test_message("%s %s", before[i].machine, before[i].accel);
        g_assert_cmpmem(got_a, sizeof(got_a), want, sizeof(want));
        g_assert_cmpmem(got_b, sizeof(got_b), want, sizeof(want));
        spapr_irq_destroy(&a);
        spapr_irq_destroy(&b);
    }
    {
        static const Machine dual = {"pseries,ic-mode=dual",
                                     "kvm-sim,host=power9-6.1", NOT_RESET};
        SpaprIrq *irq = machine_new(&dual);
        uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];
        const uint64_t cppr[] = {0xff};
        g_autoptr(GError) err = NULL;

        /* XICS until a reset applies a CAS choice. */
        g_assert_true(spapr_irq_cas(irq, 0x40, &err));
        g_assert_cmpint(
            spapr_irq_hcall(irq, 0, SPAPR_H_INT_RESET, cppr, 1, rets), ==,
            SPAPR_H_FUNCTION);
        g_assert_true(vmm_reset(irq, &err));
        g_assert_cmpint(spapr_irq_hcall(irq, 0, SPAPR_H_INT_RESET,
                                        (const uint64_t[]){0}, 1, rets),
                        ==, SPAPR_H_SUCCESS);
        spapr_irq_destroy(&irq);
    }
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    guest_ram_init(&ram, RAM_SIZE);

    g_test_add_func("/contracts/hcall", test_hcall);
    g_test_add_func("/contracts/rtas", test_rtas);
    g_test_add_func("/contracts/mmio", test_mmio);
    g_test_add_func("/contracts/before-first-reset", test_before_first_reset);
    ret = g_test_run();
    guest_ram_fini(&ram);
    return ret;
}
