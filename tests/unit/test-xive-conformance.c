/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XIVE conformance suite: the guest-visible behaviour of the XIVE
 * interrupt controller of a pseries machine (sPAPR exploitation mode:
 * ESB pages, event queues in guest memory, the TIMA, the H_INT_* hcalls,
 * reset, saved state, trace events, `info pic`), written only against the
 * public API (include/hw/ppc/spapr_irq.h) and parameterised by backend, so
 * that every implementation of XIVE (the emulated model, and the in-kernel
 * backend on each kvm-sim profile with the XIVE device) runs the same
 * tests.
 *
 * The expected behaviour is QEMU 7.2's (hw/intc/xive.c, spapr_xive.c),
 * facts section 6 and the specifics of this library listed in
 * docs/specs/xive.md; every number below is written out by hand.  Each
 * test is registered once per backend as /xive/<backend>/<test>.
 *
 * The vCPU external interrupt lines are observed through the set_cpu_irq
 * callback, guest memory is a RAM buffer of the fixture behind the
 * mem_read/mem_write callbacks (the tests read the event queues from it),
 * and trace events arrive through the trace callback.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "conformance.h"

/* ---- PAPR and XIVE numbers (facts section 6) ---- */

/* H_INT_GET_SOURCE_INFO flags (IBM bits 60, 61 of R4). */
#define SRC_INFO_H_INT_ESB 0x8ull
#define SRC_INFO_LSI       0x4ull
/* H_INT_SET_SOURCE_CONFIG flags: bit 62 set EISN, bit 63 mask. */
#define SRC_SET_EISN 0x2ull
#define SRC_MASK     0x1ull
/* H_INT_SET_QUEUE_CONFIG flag bit 63: always notify; H_INT_GET_QUEUE_CONFIG
 * flag bit 63: debug, which returns the generation in R4.  PAPR names IBM
 * bit 62 for it; QEMU 7.2 (h_int_get_queue_config()) shifts it by 62, i.e.
 * IBM bit 1, and that is what a guest sees. */
#define Q_ALWAYS_NOTIFY 0x1ull
#define Q_DEBUG         0x1ull
#define Q_DEBUG_GEN     (1ull << 62)
/* H_INT_ESB flag bit 63: store (else load). */
#define ESB_STORE 0x1ull

#define PRIO_MASKED 0xff

/* ESB pages: trigger page at ESB_BASE + (lisn << 17), management page
 * 64 KiB above it. */
#define ESB_TRIG(lisn) (SPAPR_XIVE_ESB_BASE + ((uint64_t)(lisn) << 17))
#define ESB_MGMT(lisn) (ESB_TRIG(lisn) + 0x10000)
/* Management page offsets. */
#define ESB_EOI        0x000 /* load: EOI */
#define ESB_TRIGGER    0x000 /* store: trigger */
#define ESB_STORE_EOI  0x400 /* store: store-EOI (not advertised) */
#define ESB_GET        0x800 /* load: PQ */
#define ESB_INJECT     0x800 /* store: forward without PQ */
#define ESB_SET_PQ(pq) (0xc00 + ((uint32_t)(pq) << 8))
#define PQ_00          0x0
#define PQ_01          0x1 /* off */
#define PQ_10          0x2 /* pending */
#define PQ_11          0x3 /* queued */
/* QEMU's END ESB pages follow the source ESB pages (0x2000 sources of
 * 1 << 17 bytes), 1 << 18 bytes per END (H_INT_GET_QUEUE_INFO R4). */
#define END_ESB(server, prio)                                                  \
    (SPAPR_XIVE_ESB_BASE + (UINT64_C(0x2000) << 17) +                          \
     ((uint64_t)((server)*8 + (prio)) << 18))

/* TIMA: the OS page, and in it the OS ring (16 bytes at 0x10). */
#define TIMA_OS           (SPAPR_XIVE_TIMA_BASE + 0x20000)
#define TIMA_USER         (SPAPR_XIVE_TIMA_BASE + 0x30000)
#define TM_OS_RING        (TIMA_OS + 0x10)
#define TM_OS_CPPR        (TIMA_OS + 0x11)
#define TM_OS_CAM         (TIMA_OS + 0x18)
#define TM_ACK_OS         (TIMA_OS + 0x810)
#define TM_SET_OS_PENDING (TIMA_OS + 0x812)
#define NSR_EO            0x80
/* OS CAM word of server @s: valid bit | NVT 0x400 + s. */
#define OS_CAM(s) (0x80000000u | (0x400u + (s)))

/* The 8-byte raw load of the OS ring: NSR CPPR IPB LSMFB ACK_CNT INC AGE
 * PIPR, with LSMFB and ACK_CNT at their reset value 0xff, INC 0 and AGE
 * not readable from the OS page (0). */
#define OS_RING(nsr, cppr, ipb, pipr)                                          \
    (((uint64_t)(nsr) << 56) | ((uint64_t)(cppr) << 48) |                      \
     ((uint64_t)(ipb) << 40) | (UINT64_C(0xff) << 32) |                        \
     (UINT64_C(0xff) << 24) | (uint64_t)(pipr))
#define IPB(prio) (0x80u >> (prio))

/* Every machine is -smp N,maxcpus=MAX_CPUS: CPU indexes N..7 exist in the
 * topology but are never added.  Their server numbers, and the number of
 * servers (hence of IPIs), depend on the accelerator's vsmt: 0..7 under
 * TCG, 0, 8, .. 56 of 64 under KVM; the tests ask the plan (server_of(),
 * nr_servers()). */
#define MAX_CPUS 8

/* Guest RAM: 64 MiB and one 64 KiB page more, so that a 2 MiB or 16 MiB
 * queue at 64 MiB is aligned but only partly in RAM. */
#define RAM_SIZE (UINT64_C(64) << 20 | 0x10000)
/* Queue page of (CPU, priority) for 64 KiB queues: 4 MiB .. 8 MiB. */
#define QPAGE(cpu, prio)                                                       \
    (UINT64_C(0x400000) + ((uint64_t)((cpu)*8 + (prio)) << 16))
#define QSIZE_64K 16

/* Device sources used by the tests (claimed per test). */
#define MSI_A   0x1300
#define MSI_B   0x1301
#define MSI_C   0x1302
#define MSI_D   0x1303
#define MSI_OFF 0x1305 /* never claimed */
#define LSI_L   0x1200
#define LSI_M   0x1201
#define UNCLAIM 0x1fff

/* ---- backends ---- */

typedef ConformanceBackend Backend;

static const Backend backends[] = {
    {"emulated", {"-accel", "tcg", NULL}, true},
    /*
     * The in-kernel backend on the simulated KVM host, one entry per
     * profile that has an in-kernel XIVE (hw/ppc/spapr_host_profiles.c).
     * Under KVM, vsmt spaces the server numbers: the tests go through
     * server_of() and nr_servers().  Where QEMU shows a guest something
     * else under KVM, the test asserts that (in_kernel()).
     */
    CONFORMANCE_KVM_SIM("power9-5.2"),
    CONFORMANCE_KVM_SIM("power9-6.1"),
    CONFORMANCE_KVM_SIM("power9-6.1-uv"),
    CONFORMANCE_KVM_SIM("power10-6.1"),
};

/* ---- the machine fixture ---- */

typedef struct MemWrite {
    uint64_t gpa;
    size_t len;
} MemWrite;

typedef struct Machine {
    const Backend *be;
    SpaprIrq *irq;
    SpaprIrqCallbacks cb;
    uint32_t ncpus;    /* CPUs 0..ncpus-1 are added */
    uint32_t max_cpus; /* -smp maxcpus */
    bool *line;        /* last level reported per CPU */
    unsigned *raises;  /* low -> high changes reported per CPU */
    GArray *events;    /* SpaprIrqTraceEvent, in order */
    uint8_t *ram;      /* RAM_SIZE bytes of guest memory */
    GArray *writes;    /* MemWrite: every guest memory write */
    unsigned bad_mem;  /* accesses outside RAM (refused) */
} Machine;

static void cb_set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
    Machine *m = opaque;

    /* Fatal even with non-fatal assertions: line[] has max_cpus entries. */
    g_assert(cpu_index < m->max_cpus);
    if (level && !m->line[cpu_index]) {
        m->raises[cpu_index]++;
    }
    m->line[cpu_index] = level;
}

static bool in_ram(uint64_t gpa, size_t len)
{
    return len <= RAM_SIZE && gpa <= RAM_SIZE - len;
}

static bool cb_mem_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
    Machine *m = opaque;

    if (!in_ram(gpa, len)) {
        m->bad_mem++;
        return false;
    }
    memcpy(buf, m->ram + gpa, len);
    return true;
}

static bool cb_mem_write(void *opaque, uint64_t gpa, const void *buf,
                         size_t len)
{
    Machine *m = opaque;
    MemWrite w = {gpa, len};

    if (!in_ram(gpa, len)) {
        m->bad_mem++;
        return false;
    }
    memcpy(m->ram + gpa, buf, len);
    g_array_append_val(m->writes, w);
    return true;
}

static void cb_trace(void *opaque, const SpaprIrqTraceEvent *ev)
{
    Machine *m = opaque;

    g_array_append_val(m->events, *ev);
}

typedef struct MachineOpts {
    const char *machine; /* -machine argument */
    const char *cpu;     /* -cpu argument or NULL */
    uint32_t ncpus;
    uint32_t max_cpus;    /* 0: MAX_CPUS */
    SpaprIntcKind active; /* the controller active after reset */
} MachineOpts;

/* Builds a machine with @opts plus the backend's options, adds its CPUs
 * and resets it: every source is off (PQ 01), every CPPR is 0. */
static Machine *machine_new_opts(const Backend *be, const MachineOpts *opts)
{
    Machine *m = g_new0(Machine, 1);
    uint32_t max_cpus = opts->max_cpus ? opts->max_cpus : MAX_CPUS;

    /* Fatal: the arrays below are sized by these. */
    g_assert(opts->ncpus >= 1 && opts->ncpus <= max_cpus);
    m->be = be;
    m->ncpus = opts->ncpus;
    m->max_cpus = max_cpus;
    m->line = g_new0(bool, max_cpus);
    m->raises = g_new0(unsigned, max_cpus);
    m->events = g_array_new(FALSE, TRUE, sizeof(SpaprIrqTraceEvent));
    m->writes = g_array_new(FALSE, TRUE, sizeof(MemWrite));
    m->ram = g_malloc0(RAM_SIZE);
    m->cb = (SpaprIrqCallbacks){
        .opaque = m,
        .set_cpu_irq = cb_set_cpu_irq,
        .mem_read = cb_mem_read,
        .mem_write = cb_mem_write,
        .trace = cb_trace,
    };

    m->irq = conformance_machine(be, opts->machine, opts->cpu, m->ncpus,
                                 max_cpus, &m->cb);
    g_assert_cmpint(spapr_irq_active(m->irq), ==, opts->active);
    return m;
}

/* -machine pseries,ic-mode=xive -cpu power9 -smp @ncpus,maxcpus=8. */
static Machine *machine_new(const Backend *be, uint32_t ncpus)
{
    MachineOpts opts = {"pseries,ic-mode=xive", "power9", ncpus, 0,
                        SPAPR_INTC_XIVE};

    return machine_new_opts(be, &opts);
}

static void machine_free(Machine *m)
{
    spapr_irq_destroy(&m->irq);
    g_assert_null(m->irq);
    g_array_unref(m->events);
    g_array_unref(m->writes);
    g_free(m->ram);
    g_free(m->line);
    g_free(m->raises);
    g_free(m);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Machine, machine_free)

/* Interrupt server number of CPU @cpu. */
static uint32_t server_of(const Machine *m, uint32_t cpu)
{
    return spapr_irq_topology_vcpu_id(&spapr_irq_get_plan(m->irq)->topo, cpu);
}

/* The number of servers; LISNs 0 .. nr_servers - 1 are the IPIs. */
static uint32_t nr_servers(const Machine *m)
{
    return spapr_irq_get_plan(m->irq)->topo.nr_servers;
}

static bool skip_unless_emulated(const Backend *be, const char *why)
{
    if (!be->emulated) {
        g_test_skip(why);
        return true;
    }
    return false;
}

/*
 * The controller runs in the KVM device.  Where QEMU 7.2 shows a guest
 * something else under KVM than under TCG, a test asserts what QEMU does
 * under KVM on that backend; docs/specs/kvm.md lists these differences:
 * queues without always-notify, sources routed to a priority without a
 * queue, and an LSI's PQ bits and load-EOI value.
 */
static bool in_kernel(const Machine *m)
{
    return !m->be->emulated;
}

/* ---- hcalls ---- */

static int64_t hcall(Machine *m, uint32_t cpu, uint64_t opcode,
                     const uint64_t *args, size_t nargs, uint64_t *rets)
{
    uint64_t local[SPAPR_IRQ_HCALL_MAX_RETS];

    return spapr_irq_hcall(m->irq, cpu, opcode, args, nargs,
                           rets ? rets : local);
}

static const char *hcall_name(uint64_t op)
{
    switch (op) {
    case H_INT_GET_SOURCE_INFO:
        return "H_INT_GET_SOURCE_INFO";
    case H_INT_SET_SOURCE_CONFIG:
        return "H_INT_SET_SOURCE_CONFIG";
    case H_INT_GET_SOURCE_CONFIG:
        return "H_INT_GET_SOURCE_CONFIG";
    case H_INT_GET_QUEUE_INFO:
        return "H_INT_GET_QUEUE_INFO";
    case H_INT_SET_QUEUE_CONFIG:
        return "H_INT_SET_QUEUE_CONFIG";
    case H_INT_GET_QUEUE_CONFIG:
        return "H_INT_GET_QUEUE_CONFIG";
    case H_INT_SET_OS_REPORTING_LINE:
        return "H_INT_SET_OS_REPORTING_LINE";
    case H_INT_GET_OS_REPORTING_LINE:
        return "H_INT_GET_OS_REPORTING_LINE";
    case H_INT_ESB:
        return "H_INT_ESB";
    case H_INT_SYNC:
        return "H_INT_SYNC";
    case H_INT_RESET:
        return "H_INT_RESET";
    default:
        return "hcall";
    }
}

#define CHECK_H(line, what, got, want)                                         \
    do {                                                                       \
        int64_t got_ = (got);                                                  \
        if (got_ != (want)) {                                                  \
            g_test_message("line %d: %s returned %" PRId64 ", want %d", line,  \
                           what, got_, (int)(want));                           \
        }                                                                      \
        g_assert_cmpint(got_, ==, (want));                                     \
    } while (0)

/* An hcall by CPU 0 that must succeed. */
static void hcall_ok_at(int line, Machine *m, uint64_t op, const uint64_t *args,
                        size_t nargs, uint64_t *rets)
{
    CHECK_H(line, hcall_name(op), hcall(m, 0, op, args, nargs, rets),
            H_SUCCESS);
}
#define hcall_ok(m, op, args, nargs, rets)                                     \
    hcall_ok_at(__LINE__, m, op, args, nargs, rets)

/* H_INT_SET_QUEUE_CONFIG for CPU @cpu's server at @prio. */
static void set_queue_at(int line, Machine *m, uint32_t cpu, uint64_t prio,
                         uint64_t qpage, uint64_t qsize, uint64_t flags)
{
    uint64_t args[5] = {flags, server_of(m, cpu), prio, qpage, qsize};

    hcall_ok_at(line, m, H_INT_SET_QUEUE_CONFIG, args, 5, NULL);
}
#define set_queue(m, cpu, prio, qpage, qsize, flags)                           \
    set_queue_at(__LINE__, m, cpu, prio, qpage, qsize, flags)

/* The usual guest queue: 64 KiB at QPAGE(cpu, prio), always notify. */
#define open_queue(m, cpu, prio)                                               \
    set_queue_at(__LINE__, m, cpu, prio, QPAGE(cpu, prio), QSIZE_64K,          \
                 Q_ALWAYS_NOTIFY)

/* H_INT_SET_SOURCE_CONFIG of @lisn to CPU @cpu's server. */
static void set_source_at(int line, Machine *m, uint64_t lisn, uint32_t cpu,
                          uint64_t prio, uint64_t eisn, uint64_t flags)
{
    uint64_t args[5] = {flags, lisn, server_of(m, cpu), prio, eisn};

    hcall_ok_at(line, m, H_INT_SET_SOURCE_CONFIG, args, 5, NULL);
}
#define set_source(m, lisn, cpu, prio, eisn, flags)                            \
    set_source_at(__LINE__, m, lisn, cpu, prio, eisn, flags)
#define route(m, lisn, cpu, prio, eisn)                                        \
    set_source_at(__LINE__, m, lisn, cpu, prio, eisn, SRC_SET_EISN)

/* H_INT_GET_SOURCE_CONFIG: target, priority, EISN. */
static void expect_source_at(int line, Machine *m, uint64_t lisn,
                             uint64_t target, uint64_t prio, uint64_t eisn)
{
    uint64_t args[2] = {0, lisn}, rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    hcall_ok_at(line, m, H_INT_GET_SOURCE_CONFIG, args, 2, rets);
    if (rets[0] != target || rets[1] != prio || rets[2] != eisn) {
        g_test_message(
            "line %d: source 0x%" PRIx64 ": target %" PRIu64 " prio 0x%" PRIx64
            " eisn 0x%" PRIx64 ", want %" PRIu64 " 0x%" PRIx64 " 0x%" PRIx64,
            line, lisn, rets[0], rets[1], rets[2], target, prio, eisn);
    }
    g_assert_cmpuint(rets[0], ==, target);
    g_assert_cmphex(rets[1], ==, prio);
    g_assert_cmphex(rets[2], ==, eisn);
}
#define expect_source(m, lisn, target, prio, eisn)                             \
    expect_source_at(__LINE__, m, lisn, target, prio, eisn)

/* A masked source: priority 0xff, EISN @eisn (the target is not checked:
 * QEMU derives it from the END, which may not be configured). */
static void expect_source_masked_at(int line, Machine *m, uint64_t lisn,
                                    uint64_t eisn)
{
    uint64_t args[2] = {0, lisn}, rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    hcall_ok_at(line, m, H_INT_GET_SOURCE_CONFIG, args, 2, rets);
    if (rets[1] != PRIO_MASKED || rets[2] != eisn) {
        g_test_message("line %d: source 0x%" PRIx64 ": prio 0x%" PRIx64
                       " eisn 0x%" PRIx64 ", want masked, eisn 0x%" PRIx64,
                       line, lisn, rets[1], rets[2], eisn);
    }
    g_assert_cmphex(rets[1], ==, PRIO_MASKED);
    g_assert_cmphex(rets[2], ==, eisn);
}
#define expect_source_masked(m, lisn, eisn)                                    \
    expect_source_masked_at(__LINE__, m, lisn, eisn)

/* H_INT_GET_QUEUE_CONFIG with the debug flag: R4..R7. */
static void queue_config(Machine *m, uint32_t cpu, uint64_t prio, bool debug,
                         uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS])
{
    uint64_t args[3] = {debug ? Q_DEBUG : 0, server_of(m, cpu), prio};

    memset(rets, 0xa5, SPAPR_IRQ_HCALL_MAX_RETS * sizeof(rets[0]));
    hcall_ok(m, H_INT_GET_QUEUE_CONFIG, args, 3, rets);
}

/* The queue's offset counter (entries written since the last wrap). */
static uint64_t qoff(Machine *m, uint32_t cpu, uint64_t prio)
{
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];

    queue_config(m, cpu, prio, true, rets);
    return rets[3];
}

/* The queue's generation bit. */
static unsigned qgen(Machine *m, uint32_t cpu, uint64_t prio)
{
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];

    queue_config(m, cpu, prio, true, rets);
    return (rets[0] & Q_DEBUG_GEN) ? 1 : 0;
}

/* Entry @i of the queue at @qpage, as the guest reads it (big-endian). */
static uint32_t qentry(Machine *m, uint64_t qpage, uint32_t i)
{
    const uint8_t *p = m->ram + qpage + 4 * (uint64_t)i;

    g_assert(in_ram(qpage + 4 * (uint64_t)i, 4));
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

#define QENTRY(gen, eisn) (((uint32_t)(gen) << 31) | (uint32_t)(eisn))

static void expect_qentry_at(int line, Machine *m, uint64_t qpage, uint32_t i,
                             uint32_t want)
{
    uint32_t got = qentry(m, qpage, i);

    if (got != want) {
        g_test_message("line %d: queue @0x%" PRIx64 " entry %u is 0x%08x, "
                       "want 0x%08x",
                       line, qpage, i, got, want);
    }
    g_assert_cmphex(got, ==, want);
}
#define expect_qentry(m, qpage, i, want)                                       \
    expect_qentry_at(__LINE__, m, qpage, i, want)

static void expect_qoff_at(int line, Machine *m, uint32_t cpu, uint64_t prio,
                           uint64_t want)
{
    uint64_t got = qoff(m, cpu, prio);

    if (got != want) {
        g_test_message("line %d: queue of CPU %u prio %" PRIu64
                       " holds %" PRIu64 " entries, want %" PRIu64,
                       line, cpu, prio, got, want);
    }
    g_assert_cmpuint(got, ==, want);
}
#define expect_qoff(m, cpu, prio, want)                                        \
    expect_qoff_at(__LINE__, m, cpu, prio, want)

/* ---- MMIO: ESB pages and TIMA ---- */

static uint64_t mmio_rd(Machine *m, uint32_t cpu, uint64_t addr, unsigned size)
{
    uint64_t v = 0x5a5a5a5a5a5a5a5aull;

    g_assert_true(spapr_irq_mmio_read(m->irq, cpu, addr, size, &v));
    return v;
}

static void mmio_wr(Machine *m, uint32_t cpu, uint64_t addr, unsigned size,
                    uint64_t val)
{
    g_assert_true(spapr_irq_mmio_write(m->irq, cpu, addr, size, val));
}

/* 8-byte load / store on the management page of @lisn (by CPU 0). */
static uint64_t esb_load(Machine *m, uint32_t lisn, uint32_t off)
{
    return mmio_rd(m, 0, ESB_MGMT(lisn) + off, 8);
}

static void esb_store(Machine *m, uint32_t lisn, uint32_t off, uint64_t val)
{
    mmio_wr(m, 0, ESB_MGMT(lisn) + off, 8, val);
}

/* A store to the trigger page: what a device or a guest IPI does. */
static void trigger(Machine *m, uint32_t lisn)
{
    mmio_wr(m, 0, ESB_TRIG(lisn), 8, 0);
}

/* EOI by a management page load; returns 1 if the source re-notified. */
static uint64_t eoi(Machine *m, uint32_t lisn)
{
    return esb_load(m, lisn, ESB_EOI);
}

static uint64_t get_pq(Machine *m, uint32_t lisn)
{
    return esb_load(m, lisn, ESB_GET);
}

/* Sets PQ; returns the old PQ. */
static uint64_t set_pq(Machine *m, uint32_t lisn, uint8_t pq)
{
    return esb_load(m, lisn, ESB_SET_PQ(pq));
}

static void expect_pq_at(int line, Machine *m, uint32_t lisn, uint64_t want)
{
    uint64_t got = get_pq(m, lisn);

    if (got != want) {
        g_test_message("line %d: PQ of 0x%x is 0x%" PRIx64 ", want 0x%" PRIx64,
                       line, lisn, got, want);
    }
    g_assert_cmphex(got, ==, want);
}
#define expect_pq(m, lisn, want) expect_pq_at(__LINE__, m, lisn, want)

/* H_INT_ESB load at @off of @lisn's management page: R4. */
static uint64_t hesb_load(Machine *m, uint32_t lisn, uint64_t off)
{
    uint64_t args[4] = {0, lisn, off, 0}, rets[SPAPR_IRQ_HCALL_MAX_RETS];

    rets[0] = 0x5a5a5a5a;
    hcall_ok(m, H_INT_ESB, args, 4, rets);
    return rets[0];
}

static void hesb_store(Machine *m, uint32_t lisn, uint64_t off, uint64_t data)
{
    uint64_t args[4] = {ESB_STORE, lisn, off, data};
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    hcall_ok(m, H_INT_ESB, args, 4, rets);
    /* QEMU: R4 is -1 after a store. */
    g_assert_cmphex(rets[0], ==, UINT64_MAX);
}

static void set_cppr(Machine *m, uint32_t cpu, uint8_t cppr)
{
    mmio_wr(m, cpu, TM_OS_CPPR, 1, cppr);
}

/* The OS ring's acknowledge: NSR before << 8 | CPPR after. */
static uint64_t ack(Machine *m, uint32_t cpu)
{
    return mmio_rd(m, cpu, TM_ACK_OS, 2);
}

static void ack_expect_at(int line, Machine *m, uint32_t cpu, uint64_t want)
{
    uint64_t got = ack(m, cpu);

    if (got != want) {
        g_test_message("line %d: ack on CPU %u returned 0x%04" PRIx64
                       ", want 0x%04" PRIx64,
                       line, cpu, got, want);
    }
    g_assert_cmphex(got, ==, want);
}
#define ack_expect(m, cpu, want) ack_expect_at(__LINE__, m, cpu, want)

static uint64_t os_ring(Machine *m, uint32_t cpu)
{
    return mmio_rd(m, cpu, TM_OS_RING, 8);
}

static void expect_os_at(int line, Machine *m, uint32_t cpu, uint8_t nsr,
                         uint8_t cppr, uint8_t ipb, uint8_t pipr)
{
    uint64_t got = os_ring(m, cpu), want = OS_RING(nsr, cppr, ipb, pipr);

    if (got != want) {
        g_test_message("line %d: CPU %u OS ring %016" PRIx64 " (NSR %02x CPPR "
                       "%02x IPB %02x PIPR %02x), want %016" PRIx64,
                       line, cpu, got, (unsigned)(got >> 56) & 0xff,
                       (unsigned)(got >> 48) & 0xff,
                       (unsigned)(got >> 40) & 0xff, (unsigned)got & 0xff,
                       want);
    }
    g_assert_cmphex(got, ==, want);
}
#define expect_os(m, cpu, nsr, cppr, ipb, pipr)                                \
    expect_os_at(__LINE__, m, cpu, nsr, cppr, ipb, pipr)

static void expect_line_at(int line, Machine *m, uint32_t cpu, bool level)
{
    if (m->line[cpu] != level) {
        g_test_message("line %d: CPU %u's interrupt line is %s, want %s", line,
                       cpu, m->line[cpu] ? "raised" : "low",
                       level ? "raised" : "low");
    }
    g_assert_cmpint(m->line[cpu], ==, level);
}
#define expect_line(m, cpu, level) expect_line_at(__LINE__, m, cpu, level)

/* Every CPU's line is low, except @raised's (if < ncpus) which is high. */
static void expect_only_line_at(int line, Machine *m, uint32_t raised)
{
    for (uint32_t c = 0; c < m->ncpus; c++) {
        expect_line_at(line, m, c, c == raised);
    }
}
#define expect_only_line(m, cpu) expect_only_line_at(__LINE__, m, cpu)
#define NO_CPU                   UINT32_MAX

static void open_all_cpus(Machine *m)
{
    for (uint32_t c = 0; c < m->ncpus; c++) {
        set_cppr(m, c, 0xff);
    }
}

/* ---- sources ---- */

static void claim(Machine *m, uint32_t irqn, bool lsi)
{
    g_autoptr(GError) err = NULL;

    g_assert_true(spapr_irq_claim(m->irq, irqn, lsi, &err));
    g_assert_no_error(err);
}

static void set_level(Machine *m, uint32_t irqn, int level)
{
    g_autoptr(GError) err = NULL;

    g_assert_true(spapr_irq_set_irq(m->irq, irqn, level, &err));
    g_assert_no_error(err);
}

/* Routes @lisn to (CPU @cpu, @prio) with @eisn and turns it on (PQ 00), as
 * a guest does: the queue must be configured. */
static void enable_source_at(int line, Machine *m, uint32_t lisn, uint32_t cpu,
                             uint64_t prio, uint64_t eisn)
{
    set_source_at(line, m, lisn, cpu, prio, eisn, SRC_SET_EISN);
    set_pq(m, lisn, PQ_00);
    expect_pq_at(line, m, lisn, PQ_00);
}
#define enable_source(m, lisn, cpu, prio, eisn)                                \
    enable_source_at(__LINE__, m, lisn, cpu, prio, eisn)

/* ---- saved state ---- */

static GByteArray *save(Machine *m)
{
    return conformance_save(m->irq);
}

static void assert_same_bytes(const GByteArray *a, const GByteArray *b)
{
    g_assert_cmpmem(a->data, a->len, b->data, b->len);
}

/* The machine's state equals @before (nothing changed). */
static void expect_state_at(int line, Machine *m, const GByteArray *before)
{
    conformance_expect_state(line, m->irq, before);
}
#define expect_state(m, before) expect_state_at(__LINE__, m, before)

static uint8_t *dup_bytes(const uint8_t *data, size_t len)
{
    return conformance_dup_bytes(data, len);
}

static void expect_load_fails_at(int line, Machine *m, const uint8_t *buf,
                                 size_t len)
{
    g_autoptr(GError) err = NULL;

    if (spapr_irq_load(m->irq, buf, len, &err)) {
        g_test_message("line %d: a load of %zu bytes succeeded", line, len);
    }
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE);
}
#define expect_load_fails(m, buf, len)                                         \
    expect_load_fails_at(__LINE__, m, buf, len)

/* ---- trace events ---- */

static const char *ev_name(const SpaprIrqTraceEvent *ev)
{
    return conformance_event_name(ev);
}

static void log_events(Machine *m)
{
    conformance_log_events(m->events);
}

/* Index of the first event named @name at or after @from, or -1. */
static int find_event(Machine *m, const char *name, guint from)
{
    return conformance_find_event(m->events, name, from);
}

static unsigned count_events(Machine *m, const char *name)
{
    unsigned n = 0;

    for (int i = find_event(m, name, 0); i >= 0;
         i = find_event(m, name, i + 1)) {
        n++;
    }
    return n;
}

/* Event @i; a missing one fails the test and reads as all ones. */
static const SpaprIrqTraceEvent *event_at(Machine *m, int i)
{
    static const SpaprIrqTraceEvent missing = {
        .id = SPAPR_TRACE_XIVE_TCTX_NOTIFY,
        .a = {UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX,
              UINT64_MAX},
    };

    if (i < 0 || (guint)i >= m->events->len) {
        g_test_message("no trace event %d (%u recorded)", i, m->events->len);
        g_test_fail();
        return &missing;
    }
    return &g_array_index(m->events, SpaprIrqTraceEvent, i);
}

/* ---- info pic ---- */

static char *info_pic(Machine *m)
{
    GString *out = g_string_new(NULL);

    spapr_irq_print_info(m->irq, out);
    return g_string_free(out, FALSE);
}

/* The "thread contexts looked up N" count of the "XIVE:" line, or -1. */
static int64_t tctx_lookups(Machine *m)
{
    g_autofree char *text = info_pic(m);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    static const char key[] = "thread contexts looked up ";

    for (int i = 0; lines[i]; i++) {
        const char *p;

        if (!g_str_has_prefix(lines[i], "XIVE:")) {
            continue;
        }
        p = strstr(lines[i], key);
        if (p) {
            return g_ascii_strtoll(p + strlen(key), NULL, 10);
        }
    }
    g_test_message("no \"XIVE: ... %s N\" line in:\n%s", key, text);
    return -1;
}

/* ====================================================================== */
/* reset state                                                            */
/* ====================================================================== */

/* XIVE is active from the start; after reset every source (the IPIs the
 * controller claimed, and device sources) is off with a masked EAS, every
 * thread context has CPPR 0, and no queue is configured. */
static void test_reset_defaults(const void *data)
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
            hcall(m, 0, H_INT_GET_SOURCE_INFO, (uint64_t[]){0, nr_servers(m)},
                  2, NULL),
            H_P2);

    claim(m, MSI_A, false);
    claim(m, LSI_L, true);
    expect_pq(m, MSI_A, PQ_01);
    expect_pq(m, LSI_L, PQ_01);
    expect_source_masked(m, MSI_A, 0);
    expect_source_masked(m, LSI_L, 0);

    /* No queue: order 0, nothing configured. */
    for (uint64_t prio = 0; prio < 7; prio++) {
        hcall_ok(m, H_INT_GET_QUEUE_INFO,
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
/* ESB: the PQ state machine                                              */
/* ====================================================================== */

typedef enum EsbKind {
    K_TRIGGER,    /* trigger: 00 -> 10 +fwd, 10/11 -> 11, 01 stays */
    K_EOI,        /* load: 00/10 -> 00, 11 -> 10 +fwd, 01 stays; ret fwd */
    K_GET,        /* load: returns PQ */
    K_SET,        /* load or store: PQ <- arg, load returns the old PQ */
    K_IGNORED,    /* nothing */
    K_INJECT,     /* forward, PQ unchanged */
    K_ALL_ONES,   /* load from the trigger page: all ones, nothing */
    K_LEVEL_ZERO, /* set_irq(MSI, 0): nothing */
} EsbKind;

typedef enum EsbWay {
    W_TRIG_PAGE, /* MMIO on the trigger page */
    W_MGMT_PAGE, /* MMIO on the management page */
    W_HCALL,     /* H_INT_ESB on the management page */
    W_SET_IRQ,   /* spapr_irq_set_irq() */
} EsbWay;

typedef struct EsbOp {
    const char *name;
    EsbWay way;
    bool load;
    uint32_t off;
    EsbKind kind;
    uint8_t arg; /* K_SET: the new PQ; W_SET_IRQ: the level */
} EsbOp;

static const EsbOp esb_ops[] = {
    {"trigger page store +0x0", W_TRIG_PAGE, false, 0x0, K_TRIGGER, 0},
    {"trigger page store +0x400", W_TRIG_PAGE, false, 0x400, K_TRIGGER, 0},
    {"trigger page store +0x800", W_TRIG_PAGE, false, 0x800, K_TRIGGER, 0},
    {"trigger page store +0xc00", W_TRIG_PAGE, false, 0xc00, K_TRIGGER, 0},
    {"trigger page store +0xd00", W_TRIG_PAGE, false, 0xd00, K_TRIGGER, 0},
    {"trigger page store +0xfff8", W_TRIG_PAGE, false, 0xfff8, K_TRIGGER, 0},
    {"trigger page load +0x0", W_TRIG_PAGE, true, 0x0, K_ALL_ONES, 0},
    {"trigger page load +0x800", W_TRIG_PAGE, true, 0x800, K_ALL_ONES, 0},
    {"trigger page load +0xc00", W_TRIG_PAGE, true, 0xc00, K_ALL_ONES, 0},
    {"trigger page load +0xf00", W_TRIG_PAGE, true, 0xf00, K_ALL_ONES, 0},
    {"set_irq level 1", W_SET_IRQ, false, 0, K_TRIGGER, 1},
    {"set_irq level 0", W_SET_IRQ, false, 0, K_LEVEL_ZERO, 0},
#define MGMT_OPS(way)                                                          \
    {"store 0x000 (trigger)", way, false, 0x000, K_TRIGGER, 0},                \
        {"store 0x3f8 (trigger)", way, false, 0x3f8, K_TRIGGER, 0},            \
        {"load 0x000 (EOI)", way, true, 0x000, K_EOI, 0},                      \
        {"load 0x400 (EOI)", way, true, 0x400, K_EOI, 0},                      \
        {"load 0x7f8 (EOI)", way, true, 0x7f8, K_EOI, 0},                      \
        {"store 0x400 (store-EOI)", way, false, 0x400, K_IGNORED, 0},          \
        {"store 0x7f8 (store-EOI)", way, false, 0x7f8, K_IGNORED, 0},          \
        {"load 0x800 (get)", way, true, 0x800, K_GET, 0},                      \
        {"load 0xbf8 (get)", way, true, 0xbf8, K_GET, 0},                      \
        {"store 0x800 (inject)", way, false, 0x800, K_INJECT, 0},              \
        {"store 0xbf8 (inject)", way, false, 0xbf8, K_INJECT, 0},              \
        {"load 0xc00 (set 00)", way, true, 0xc00, K_SET, PQ_00},               \
        {"load 0xcf8 (set 00)", way, true, 0xcf8, K_SET, PQ_00},               \
        {"load 0xd00 (set 01)", way, true, 0xd00, K_SET, PQ_01},               \
        {"load 0xdf8 (set 01)", way, true, 0xdf8, K_SET, PQ_01},               \
        {"load 0xe00 (set 10)", way, true, 0xe00, K_SET, PQ_10},               \
        {"load 0xe80 (set 10)", way, true, 0xe80, K_SET, PQ_10},               \
        {"load 0xf00 (set 11)", way, true, 0xf00, K_SET, PQ_11},               \
        {"load 0xff8 (set 11)", way, true, 0xff8, K_SET, PQ_11},               \
        {"store 0xc00 (set 00)", way, false, 0xc00, K_SET, PQ_00},             \
        {"store 0xcf8 (set 00)", way, false, 0xcf8, K_SET, PQ_00},             \
        {"store 0xd00 (set 01)", way, false, 0xd00, K_SET, PQ_01},             \
        {"store 0xe00 (set 10)", way, false, 0xe00, K_SET, PQ_10},             \
        {"store 0xef8 (set 10)", way, false, 0xef8, K_SET, PQ_10},             \
        {"store 0xf00 (set 11)", way, false, 0xf00, K_SET, PQ_11},             \
    {                                                                          \
        "store 0xff8 (set 11)", way, false, 0xff8, K_SET, PQ_11                \
    }
    MGMT_OPS(W_MGMT_PAGE),
    MGMT_OPS(W_HCALL),
#undef MGMT_OPS
};

static const char *const way_names[] = {"trigger page", "management page",
                                        "H_INT_ESB", "set_irq"};

static uint8_t pq_after_trigger(uint8_t pq)
{
    switch (pq) {
    case PQ_00:
        return PQ_10;
    case PQ_10:
    case PQ_11:
        return PQ_11;
    default:
        return PQ_01;
    }
}

static uint8_t pq_after_eoi(uint8_t pq)
{
    switch (pq) {
    case PQ_00:
    case PQ_10:
        return PQ_00;
    case PQ_11:
        return PQ_10;
    default:
        return PQ_01;
    }
}

/* Runs @op on @lisn; returns the loaded value (all ones for a store). */
static uint64_t run_esb_op(Machine *m, uint32_t lisn, const EsbOp *op)
{
    switch (op->way) {
    case W_TRIG_PAGE:
        if (op->load) {
            return mmio_rd(m, 0, ESB_TRIG(lisn) + op->off, 8);
        }
        mmio_wr(m, 0, ESB_TRIG(lisn) + op->off, 8, 0);
        return UINT64_MAX;
    case W_MGMT_PAGE:
        if (op->load) {
            return esb_load(m, lisn, op->off);
        }
        esb_store(m, lisn, op->off, 0);
        return UINT64_MAX;
    case W_HCALL:
        if (op->load) {
            return hesb_load(m, lisn, op->off);
        }
        hesb_store(m, lisn, op->off, 0);
        return UINT64_MAX;
    case W_SET_IRQ:
        set_level(m, lisn, op->arg);
        return UINT64_MAX;
    }
    g_assert_not_reached();
}

/* Every PQ state x every ESB operation, on both pages, through H_INT_ESB
 * and set_irq: the new PQ, the loaded value and whether the event was
 * forwarded (one queue entry per forward). */
static void test_esb_pq_transitions(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 1);
    const uint32_t lisn = MSI_A;

    claim(m, lisn, false);
    open_queue(m, 0, 5);
    enable_source(m, lisn, 0, 5, 0x4a);
    set_cppr(m, 0, 0xff);

    for (size_t i = 0; i < G_N_ELEMENTS(esb_ops); i++) {
        const EsbOp *op = &esb_ops[i];

        for (uint8_t pq = 0; pq < 4; pq++) {
            uint64_t before, ret, want_ret = UINT64_MAX, fwd, got_pq;
            uint8_t want_pq = pq;
            bool want_fwd = false;

            set_pq(m, lisn, pq);
            before = qoff(m, 0, 5);
            ret = run_esb_op(m, lisn, op);
            switch (op->kind) {
            case K_TRIGGER:
                want_pq = pq_after_trigger(pq);
                want_fwd = pq == PQ_00;
                break;
            case K_EOI:
                want_pq = pq_after_eoi(pq);
                want_fwd = pq == PQ_11;
                want_ret = want_fwd;
                break;
            case K_GET:
                want_ret = pq;
                break;
            case K_SET:
                want_pq = op->arg;
                want_ret = op->load ? pq : UINT64_MAX;
                break;
            case K_INJECT:
                want_fwd = true;
                break;
            case K_IGNORED:
            case K_ALL_ONES:
            case K_LEVEL_ZERO:
                break;
            }
            got_pq = get_pq(m, lisn);
            fwd = qoff(m, 0, 5) - before;
            if (got_pq != want_pq || fwd != want_fwd ||
                (op->load && ret != want_ret)) {
                g_test_message(
                    "%s %s with PQ %u%u: PQ 0x%" PRIx64 " forwarded %" PRIu64
                    " returned 0x%" PRIx64
                    "; want PQ 0x%x forwarded %d returned 0x%" PRIx64,
                    way_names[op->way], op->name, pq >> 1, pq & 1, got_pq, fwd,
                    ret, want_pq, want_fwd, want_ret);
            }
            g_assert_cmphex(got_pq, ==, want_pq);
            g_assert_cmpuint(fwd, ==, want_fwd);
            if (op->load) {
                g_assert_cmphex(ret, ==, want_ret);
            }
            if (want_fwd) {
                expect_qentry(m, QPAGE(0, 5), before, QENTRY(1, 0x4a));
            }
        }
    }
    /* Delivered events reached the CPU. */
    expect_only_line(m, 0);
    ack_expect(m, 0, 0x8005);
}

/* An LSI has the same ESB; through the management page (H_INT_ESB) its
 * PQ moves as an MSI's, and a trigger-page store triggers it. */
static void test_esb_lsi_pages(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 1);

    claim(m, LSI_L, true);
    open_queue(m, 0, 4);
    route(m, LSI_L, 0, 4, 0x1c);
    g_assert_cmphex(hesb_load(m, LSI_L, ESB_SET_PQ(PQ_00)), ==, PQ_01);
    g_assert_cmphex(hesb_load(m, LSI_L, ESB_GET), ==, PQ_00);
    hesb_store(m, LSI_L, ESB_SET_PQ(PQ_11), 0);
    g_assert_cmphex(hesb_load(m, LSI_L, ESB_GET), ==, PQ_11);
    g_assert_cmphex(hesb_load(m, LSI_L, ESB_SET_PQ(PQ_00)), ==, PQ_11);
    expect_qoff(m, 0, 4, 0);

    /* Not asserted: an EOI of 10 gives 00 and nothing is forwarded. */
    hesb_load(m, LSI_L, ESB_SET_PQ(PQ_10));
    g_assert_cmphex(hesb_load(m, LSI_L, ESB_EOI), ==, 0);
    g_assert_cmphex(hesb_load(m, LSI_L, ESB_GET), ==, PQ_00);
    expect_qoff(m, 0, 4, 0);

    /* A store to the trigger page triggers (00 -> 10, forwarded). */
    trigger(m, LSI_L);
    g_assert_cmphex(hesb_load(m, LSI_L, ESB_GET), ==, PQ_10);
    expect_qoff(m, 0, 4, 1);
    expect_qentry(m, QPAGE(0, 4), 0, QENTRY(1, 0x1c));
}

/* Two triggers give one queue entry (PQ 11) until the EOI, which
 * re-notifies once (11 -> 10); the next EOI ends it (10 -> 00). */
static void test_coalescing(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 2);

    claim(m, MSI_A, false);
    open_queue(m, 1, 6);
    enable_source(m, MSI_A, 1, 6, 0x0a);
    open_all_cpus(m);

    trigger(m, MSI_A);
    expect_pq(m, MSI_A, PQ_10);
    expect_qoff(m, 1, 6, 1);
    trigger(m, MSI_A);
    expect_pq(m, MSI_A, PQ_11);
    set_level(m, MSI_A, 1); /* a device message: coalesced too */
    expect_pq(m, MSI_A, PQ_11);
    expect_qoff(m, 1, 6, 1);
    expect_only_line(m, 1);
    g_assert_cmpuint(m->raises[1], ==, 1);

    ack_expect(m, 1, 0x8006);
    expect_only_line(m, NO_CPU);
    set_cppr(m, 1, 0xff);
    expect_only_line(m, NO_CPU);

    /* EOI: re-notify. */
    g_assert_cmphex(eoi(m, MSI_A), ==, 1);
    expect_pq(m, MSI_A, PQ_10);
    expect_qoff(m, 1, 6, 2);
    expect_qentry(m, QPAGE(1, 6), 0, QENTRY(1, 0x0a));
    expect_qentry(m, QPAGE(1, 6), 1, QENTRY(1, 0x0a));
    expect_only_line(m, 1);
    g_assert_cmpuint(m->raises[1], ==, 2);
    ack_expect(m, 1, 0x8006);
    set_cppr(m, 1, 0xff);

    /* EOI: done. */
    g_assert_cmphex(eoi(m, MSI_A), ==, 0);
    expect_pq(m, MSI_A, PQ_00);
    expect_qoff(m, 1, 6, 2);
    expect_only_line(m, NO_CPU);
    g_assert_cmpuint(m->raises[1], ==, 2);

    /* And it fires again. */
    trigger(m, MSI_A);
    expect_qoff(m, 1, 6, 3);
    expect_only_line(m, 1);
}

/* ====================================================================== */
/* masking                                                                */
/* ====================================================================== */

/* The mask flag of H_INT_SET_SOURCE_CONFIG masks the EAS: the source
 * still moves its PQ but nothing reaches a queue; unmasked, the pending
 * event is delivered by the EOI re-notify of PQ 11. */
static void test_mask_eas(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 2);

    claim(m, MSI_A, false);
    open_queue(m, 0, 5);
    set_source(m, MSI_A, 0, 5, 0x0a, SRC_SET_EISN | SRC_MASK);
    set_pq(m, MSI_A, PQ_00);
    open_all_cpus(m);
    expect_source(m, MSI_A, server_of(m, 0), PRIO_MASKED, 0x0a);

    trigger(m, MSI_A);
    expect_pq(m, MSI_A, PQ_10);
    trigger(m, MSI_A);
    expect_pq(m, MSI_A, PQ_11);
    expect_qoff(m, 0, 5, 0);
    expect_os(m, 0, 0x00, 0xff, 0x00, 0xff);
    expect_only_line(m, NO_CPU);
    g_assert_cmpuint(m->writes->len, ==, 0);

    /* Unmasking delivers nothing by itself. */
    route(m, MSI_A, 0, 5, 0x0a);
    expect_source(m, MSI_A, server_of(m, 0), 5, 0x0a);
    expect_qoff(m, 0, 5, 0);
    expect_only_line(m, NO_CPU);

    /* The EOI of 11 forwards again, now through the unmasked EAS. */
    g_assert_cmphex(eoi(m, MSI_A), ==, 1);
    expect_pq(m, MSI_A, PQ_10);
    expect_qoff(m, 0, 5, 1);
    expect_qentry(m, QPAGE(0, 5), 0, QENTRY(1, 0x0a));
    expect_only_line(m, 0);
    ack_expect(m, 0, 0x8005);
    set_cppr(m, 0, 0xff);
    g_assert_cmphex(eoi(m, MSI_A), ==, 0);

    /* The mask flag alone keeps the EISN (no set-EISN flag). */
    set_source(m, MSI_A, 0, 5, 0x999, SRC_MASK);
    expect_source(m, MSI_A, server_of(m, 0), PRIO_MASKED, 0x0a);
    trigger(m, MSI_A);
    expect_pq(m, MSI_A, PQ_10);
    expect_qoff(m, 0, 5, 1);
    expect_only_line(m, NO_CPU);
}

/* PQ 01 (off) masks at the source: triggers and device messages are
 * dropped; PQ 00 lets the next one through. */
static void test_mask_pq_off(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 2);

    claim(m, MSI_A, false);
    open_queue(m, 1, 3);
    route(m, MSI_A, 1, 3, 0x33); /* PQ stays 01 after reset */
    open_all_cpus(m);

    trigger(m, MSI_A);
    set_level(m, MSI_A, 1);
    mmio_wr(m, 0, ESB_MGMT(MSI_A) + ESB_TRIGGER, 8, 0);
    expect_pq(m, MSI_A, PQ_01);
    expect_qoff(m, 1, 3, 0);
    g_assert_cmphex(eoi(m, MSI_A), ==, 0);
    expect_pq(m, MSI_A, PQ_01);
    expect_only_line(m, NO_CPU);

    g_assert_cmphex(set_pq(m, MSI_A, PQ_00), ==, PQ_01);
    expect_qoff(m, 1, 3, 0);
    trigger(m, MSI_A);
    expect_pq(m, MSI_A, PQ_10);
    expect_qoff(m, 1, 3, 1);
    expect_qentry(m, QPAGE(1, 3), 0, QENTRY(1, 0x33));
    expect_only_line(m, 1);

    /* Turned off while pending: the EOI leaves it off. */
    esb_store(m, MSI_A, ESB_SET_PQ(PQ_01), 0);
    expect_pq(m, MSI_A, PQ_01);
    g_assert_cmphex(eoi(m, MSI_A), ==, 0);
    expect_pq(m, MSI_A, PQ_01);
    expect_qoff(m, 1, 3, 1);
}

/* ====================================================================== */
/* presentation: priorities, CPPR, ack                                    */
/* ====================================================================== */

static void test_cppr_priority(const void *data)
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
static void test_tima_os_ring(const void *data)
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

/* ====================================================================== */
/* event queues                                                           */
/* ====================================================================== */

/* 1030 events into a 4 KiB queue (1024 entries): entries 0..5 are
 * overwritten with generation 0, 6..1023 keep generation 1, the offset is
 * 6; nothing outside the queue page is written. */
static void test_queue_wrap_generation(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 1);
    const uint64_t qpage = 0x123000;
    const uint32_t entries = 1024, events = 1030;
    const uint8_t sentinel = 0xa5;

    claim(m, MSI_A, false);
    memset(m->ram + qpage - 0x1000, sentinel, 0x1000);
    memset(m->ram + qpage + 0x1000, sentinel, 0x1000);
    set_queue(m, 0, 3, qpage, 12, Q_ALWAYS_NOTIFY);
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

        if (w->gpa < qpage || w->len > 0x1000 ||
            w->gpa - qpage > 0x1000 - w->len) {
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
            m->ram[qpage + 0x1000 + k] != sentinel) {
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

/* Queue sizes 12, 16, 21, 24; H_INT_GET_QUEUE_INFO and _CONFIG report
 * them; qsize 0 resets the queue; a new configuration restarts the queue
 * (offset 0, generation 1).  Every queue notifies always, as guests
 * configure them (test_queue_not_always_notify has the other kind). */
static void test_queue_config(const void *data)
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

    for (size_t i = 0; i < G_N_ELEMENTS(qs); i++) {
        uint32_t s = server_of(m, qs[i].cpu);

        set_queue(m, qs[i].cpu, qs[i].prio, qs[i].qpage, qs[i].qsize,
                  qs[i].flags);
        hcall_ok(m, H_INT_GET_QUEUE_INFO, ((uint64_t[]){0, s, qs[i].prio}), 3,
                 rets);
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
    hcall_ok(m, H_INT_GET_QUEUE_INFO, ((uint64_t[]){0, server_of(m, 1), 0}), 3,
             rets);
    g_assert_cmphex(rets[0], ==, END_ESB(server_of(m, 1), 0));
    g_assert_cmpuint(rets[1], ==, 0);

    /* Events go to the 2 MiB queue; reconfiguring restarts it. */
    claim(m, MSI_A, false);
    enable_source(m, MSI_A, 1, 2, 0x2a);
    for (int i = 0; i < 3; i++) {
        trigger(m, MSI_A);
        eoi(m, MSI_A);
    }
    expect_qoff(m, 1, 2, 3);
    expect_qentry(m, 0x200000, 2, QENTRY(1, 0x2a));
    set_queue(m, 1, 2, 0x400000, 21, Q_ALWAYS_NOTIFY);
    expect_qoff(m, 1, 2, 0);
    g_assert_cmpuint(qgen(m, 1, 2), ==, 1);
    trigger(m, MSI_A);
    eoi(m, MSI_A);
    expect_qentry(m, 0x400000, 0, QENTRY(1, 0x2a));
    expect_qoff(m, 1, 2, 1);

    /* qsize 0 resets the queue (any qpage) and stops queueing. */
    hcall_ok(m, H_INT_SET_QUEUE_CONFIG,
             ((uint64_t[]){Q_ALWAYS_NOTIFY, server_of(m, 1), 2, 0x123, 0}), 5,
             NULL);
    hcall_ok(m, H_INT_GET_QUEUE_INFO, ((uint64_t[]){0, server_of(m, 1), 2}), 3,
             rets);
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
 * not support END ESBs); QEMU answers H_HARDWARE.  The queue stays as it
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
            hcall(m, 0, H_INT_SET_QUEUE_CONFIG,
                  (uint64_t[]){0, s0, 5, QPAGE(0, 6), QSIZE_64K}, 5, NULL),
            H_HARDWARE);
    CHECK_H(__LINE__, "H_INT_SET_QUEUE_CONFIG (new queue)",
            hcall(m, 0, H_INT_SET_QUEUE_CONFIG,
                  (uint64_t[]){0, s0, 4, QPAGE(0, 4), QSIZE_64K}, 5, NULL),
            H_HARDWARE);
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

static void test_queue_not_always_notify(const void *data)
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
 * answers with H_HARDWARE) and the source stays masked. */
static void test_queue_not_configured(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 2);

    claim(m, MSI_A, false);
    if (in_kernel(m)) {
        CHECK_H(
            __LINE__, "H_INT_SET_SOURCE_CONFIG",
            hcall(m, 0, H_INT_SET_SOURCE_CONFIG,
                  (uint64_t[]){SRC_SET_EISN, MSI_A, server_of(m, 1), 4, 0x0a},
                  5, NULL),
            H_HARDWARE);
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

/* ====================================================================== */
/* IPIs                                                                   */
/* ====================================================================== */

/* LISN s is server s's IPI: routed to s, triggered through its ESB, it is
 * delivered to CPU s only, with the configured EISN. */
static void test_ipi_every_server(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, MAX_CPUS);

    for (uint32_t c = 0; c < m->ncpus; c++) {
        uint32_t s = server_of(m, c);
        uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];

        hcall_ok(m, H_INT_GET_SOURCE_INFO, ((uint64_t[]){0, s}), 2, rets);
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
static void test_lsi_level(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 2);
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];

    claim(m, LSI_L, true);
    hcall_ok(m, H_INT_GET_SOURCE_INFO, ((uint64_t[]){0, LSI_L}), 2, rets);
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
static void test_lsi_asserted_while_off(const void *data)
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

static void test_source_info(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 1);
    const uint32_t msis[] = {0, nr_servers(m) - 1, MSI_A, 0x1fff};
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];

    claim(m, MSI_A, false);
    claim(m, 0x1fff, false);
    claim(m, LSI_L, true);
    for (size_t i = 0; i < G_N_ELEMENTS(msis); i++) {
        memset(rets, 0x5a, sizeof(rets));
        hcall_ok(m, H_INT_GET_SOURCE_INFO, ((uint64_t[]){0, msis[i]}), 2, rets);
        /* No store-EOI (bit 63), two pages, no H_INT_ESB needed. */
        g_assert_cmphex(rets[0], ==, 0);
        g_assert_cmphex(rets[1], ==, ESB_MGMT(msis[i]));
        g_assert_cmphex(rets[2], ==, ESB_TRIG(msis[i]));
        g_assert_cmpuint(rets[3], ==, 16);
    }
    hcall_ok(m, H_INT_GET_SOURCE_INFO, ((uint64_t[]){0, LSI_L}), 2, rets);
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
static void test_source_config(const void *data)
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
    hcall_ok(m, H_INT_SET_SOURCE_CONFIG,
             ((uint64_t[]){SRC_SET_EISN, MSI_A, UINT64_MAX, 0xff, 0x66}), 5,
             NULL);
    expect_source_masked(m, MSI_A, 0);
    hcall_ok(m, H_INT_SET_SOURCE_CONFIG,
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

        hcall_ok(m, H_INT_SYNC, ((uint64_t[]){0, MSI_A}), 2, NULL);
        hcall_ok(m, H_INT_SYNC, ((uint64_t[]){0, LSI_L}), 2, NULL);
        hcall_ok(m, H_INT_SYNC, ((uint64_t[]){0, 0}), 2, NULL);
        expect_state(m, before);
    }
}

/* ====================================================================== */
/* resets                                                                 */
/* ====================================================================== */

/* A machine with something in every corner, on CPUs 0 and 1:
 *  - queues (0, 5) and (1, 6), 64 KiB, always notify;
 *  - MSI A -> (0, 5) EISN 0xa, fired: CPU 0's line is up (CPPR 0xff);
 *  - MSI B -> (1, 6) EISN 0xb, masked by the EAS, fired: PQ 10;
 *  - LSI L -> (1, 6) EISN 0x1c, asserted: queued, not signalled (CPPR 6). */
static Machine *machine_busy(const Backend *be)
{
    Machine *m = machine_new(be, 2);

    claim(m, MSI_A, false);
    claim(m, MSI_B, false);
    claim(m, LSI_L, true);
    open_queue(m, 0, 5);
    open_queue(m, 1, 6);
    enable_source(m, MSI_A, 0, 5, 0x0a);
    set_source(m, MSI_B, 1, 6, 0x0b, SRC_SET_EISN | SRC_MASK);
    set_pq(m, MSI_B, PQ_00);
    enable_source(m, LSI_L, 1, 6, 0x1c);
    set_cppr(m, 0, 0xff);
    set_cppr(m, 1, 6);
    trigger(m, MSI_A);
    trigger(m, MSI_B);
    set_level(m, LSI_L, 1);
    expect_os(m, 0, NSR_EO, 0xff, IPB(5), 5);
    expect_os(m, 1, 0x00, 6, IPB(6), 6);
    expect_only_line(m, 0);
    return m;
}

static void expect_busy_unchanged_at(int line, Machine *m,
                                     const GByteArray *before)
{
    expect_state_at(line, m, before);
    expect_only_line_at(line, m, 0);
    expect_os_at(line, m, 0, NSR_EO, 0xff, IPB(5), 5);
    expect_os_at(line, m, 1, 0x00, 6, IPB(6), 6);
    expect_pq_at(line, m, MSI_A, PQ_10);
    expect_pq_at(line, m, MSI_B, PQ_10);
    expect_pq_at(line, m, LSI_L, PQ_10);
}
#define expect_busy_unchanged(m, before)                                       \
    expect_busy_unchanged_at(__LINE__, m, before)

/* H_INT_RESET: every source off, every EAS valid and masked, every END
 * reset; claims stay; the thread contexts are not touched (QEMU resets
 * the SpaprXive device only). */
static void test_h_int_reset(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    static const uint32_t claimed[] = {0, 1, 7, MSI_A, MSI_B, LSI_L};
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];

    route(m, 1, 1, 6, 0x101);
    set_pq(m, 1, PQ_00);
    hcall_ok(m, H_INT_RESET, ((uint64_t[]){0}), 1, NULL);

    for (size_t i = 0; i < G_N_ELEMENTS(claimed); i++) {
        expect_pq(m, claimed[i], PQ_01);
        expect_source_masked(m, claimed[i], 0);
        hcall_ok(m, H_INT_GET_SOURCE_INFO, ((uint64_t[]){0, claimed[i]}), 2,
                 rets);
    }
    for (uint32_t c = 0; c < m->ncpus; c++) {
        for (uint64_t prio = 0; prio < 7; prio++) {
            hcall_ok(m, H_INT_GET_QUEUE_INFO,
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
static void test_machine_reset(const void *data)
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

/* ====================================================================== */
/* bad input                                                              */
/* ====================================================================== */

#define CHECK_BAD_HCALL(m, before, cpu, op, args, nargs, want)                 \
    do {                                                                       \
        uint64_t rets_[SPAPR_IRQ_HCALL_MAX_RETS] = {0};                        \
        CHECK_H(__LINE__, hcall_name(op),                                      \
                hcall(m, cpu, op, args, nargs, rets_), want);                  \
        expect_busy_unchanged(m, before);                                      \
    } while (0)

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

static void test_bad_get_source_info(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    uint64_t lisns[N_BAD_LISNS];
    static const uint64_t flags[] = {0x1, 0x2, 0x8, UINT64_C(1) << 63,
                                     UINT64_MAX};

    for (size_t i = 0; i < G_N_ELEMENTS(flags); i++) {
        CHECK_BAD_HCALL(m, before, 0, H_INT_GET_SOURCE_INFO,
                        ((uint64_t[]){flags[i], MSI_A}), 2, H_PARAMETER);
        CHECK_BAD_HCALL(m, before, 0, H_INT_GET_SOURCE_INFO,
                        ((uint64_t[]){flags[i], UNCLAIM}), 2, H_PARAMETER);
    }
    bad_lisns(m, lisns);
    for (size_t i = 0; i < N_BAD_LISNS; i++) {
        g_test_message("lisn 0x%" PRIx64, lisns[i]);
        CHECK_BAD_HCALL(m, before, 0, H_INT_GET_SOURCE_INFO,
                        ((uint64_t[]){0, lisns[i]}), 2, H_P2);
    }
    CHECK_BAD_HCALL(m, before, 0, H_INT_GET_SOURCE_INFO, ((uint64_t[]){0}), 1,
                    H_PARAMETER);
    CHECK_BAD_HCALL(m, before, 0, H_INT_GET_SOURCE_INFO,
                    ((uint64_t[]){0, MSI_A}), 0, H_PARAMETER);
}

static void test_bad_set_source_config(const void *data)
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
        CHECK_BAD_HCALL(m, before, 0, H_INT_SET_SOURCE_CONFIG,
                        ((uint64_t[]){flags[i], MSI_B, s1, 6, 0x77}), 5,
                        H_PARAMETER);
        /* Flags first: before the LISN, the priority, even prio 0xff. */
        CHECK_BAD_HCALL(m, before, 0, H_INT_SET_SOURCE_CONFIG,
                        ((uint64_t[]){flags[i], UNCLAIM, s1, 0xff, 0}), 5,
                        H_PARAMETER);
    }
    bad_lisns(m, lisns);
    for (size_t i = 0; i < N_BAD_LISNS; i++) {
        g_test_message("lisn 0x%" PRIx64, lisns[i]);
        CHECK_BAD_HCALL(m, before, 0, H_INT_SET_SOURCE_CONFIG,
                        ((uint64_t[]){SRC_SET_EISN, lisns[i], s1, 6, 1}), 5,
                        H_P2);
        /* The LISN before the priority; prio 0xff resets nothing here. */
        CHECK_BAD_HCALL(m, before, 0, H_INT_SET_SOURCE_CONFIG,
                        ((uint64_t[]){0, lisns[i], s1, 7, 1}), 5, H_P2);
        CHECK_BAD_HCALL(m, before, 0, H_INT_SET_SOURCE_CONFIG,
                        ((uint64_t[]){0, lisns[i], s1, 0xff, 1}), 5, H_P2);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(bad_prios); i++) {
        g_test_message("prio 0x%" PRIx64, bad_prios[i]);
        CHECK_BAD_HCALL(
            m, before, 0, H_INT_SET_SOURCE_CONFIG,
            ((uint64_t[]){SRC_SET_EISN, MSI_B, s1, bad_prios[i], 0x77}), 5,
            H_P4);
        CHECK_BAD_HCALL(m, before, 0, H_INT_SET_SOURCE_CONFIG,
                        ((uint64_t[]){SRC_MASK, MSI_A, s1, bad_prios[i], 0}), 5,
                        H_P4);
        /* The priority before the target. */
        CHECK_BAD_HCALL(
            m, before, 0, H_INT_SET_SOURCE_CONFIG,
            ((uint64_t[]){0, LSI_L, targets[i % 8], bad_prios[i], 0}), 5, H_P4);
    }
    for (size_t i = 0; i < 8; i++) {
        g_test_message("target 0x%" PRIx64, targets[i]);
        CHECK_BAD_HCALL(m, before, 0, H_INT_SET_SOURCE_CONFIG,
                        ((uint64_t[]){SRC_SET_EISN, MSI_B, targets[i], 6, 1}),
                        5, H_P3);
        CHECK_BAD_HCALL(m, before, 0, H_INT_SET_SOURCE_CONFIG,
                        ((uint64_t[]){SRC_MASK, LSI_L, targets[i], 0, 1}), 5,
                        H_P3);
    }
    /* Too few arguments (the eisn). */
    CHECK_BAD_HCALL(m, before, 0, H_INT_SET_SOURCE_CONFIG,
                    ((uint64_t[]){0, MSI_B, s1, 6, 0}), 4, H_PARAMETER);
    CHECK_BAD_HCALL(m, before, 0, H_INT_SET_SOURCE_CONFIG,
                    ((uint64_t[]){0, MSI_B, s1, 0xff, 0}), 2, H_PARAMETER);
}

static void test_bad_get_source_config(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    uint64_t lisns[N_BAD_LISNS];
    static const uint64_t flags[] = {0x1, 0x2, UINT64_C(1) << 63, UINT64_MAX};

    for (size_t i = 0; i < G_N_ELEMENTS(flags); i++) {
        CHECK_BAD_HCALL(m, before, 0, H_INT_GET_SOURCE_CONFIG,
                        ((uint64_t[]){flags[i], MSI_A}), 2, H_PARAMETER);
    }
    bad_lisns(m, lisns);
    for (size_t i = 0; i < N_BAD_LISNS; i++) {
        CHECK_BAD_HCALL(m, before, 0, H_INT_GET_SOURCE_CONFIG,
                        ((uint64_t[]){0, lisns[i]}), 2, H_P2);
    }
    CHECK_BAD_HCALL(m, before, 0, H_INT_GET_SOURCE_CONFIG,
                    ((uint64_t[]){0, MSI_A}), 1, H_PARAMETER);
}

static void test_bad_get_queue_info(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    const uint64_t s0 = server_of(m, 0);
    uint64_t targets[8];

    bad_targets(m, targets);
    CHECK_BAD_HCALL(m, before, 0, H_INT_GET_QUEUE_INFO,
                    ((uint64_t[]){1, s0, 5}), 3, H_PARAMETER);
    CHECK_BAD_HCALL(m, before, 0, H_INT_GET_QUEUE_INFO,
                    ((uint64_t[]){UINT64_C(1) << 63, targets[0], 7}), 3,
                    H_PARAMETER);
    for (size_t i = 0; i < G_N_ELEMENTS(bad_prios); i++) {
        CHECK_BAD_HCALL(m, before, 0, H_INT_GET_QUEUE_INFO,
                        ((uint64_t[]){0, s0, bad_prios[i]}), 3, H_P3);
        /* The priority before the target. */
        CHECK_BAD_HCALL(m, before, 0, H_INT_GET_QUEUE_INFO,
                        ((uint64_t[]){0, targets[i % 8], bad_prios[i]}), 3,
                        H_P3);
    }
    for (size_t i = 0; i < 8; i++) {
        CHECK_BAD_HCALL(m, before, 0, H_INT_GET_QUEUE_INFO,
                        ((uint64_t[]){0, targets[i], 5}), 3, H_P2);
    }
    CHECK_BAD_HCALL(m, before, 0, H_INT_GET_QUEUE_INFO, ((uint64_t[]){0, s0}),
                    2, H_PARAMETER);
}

static void test_bad_set_queue_config(const void *data)
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
        CHECK_BAD_HCALL(m, before, 0, H_INT_SET_QUEUE_CONFIG,
                        ((uint64_t[]){flags[i], s1, 6, QPAGE(1, 6), 16}), 5,
                        H_PARAMETER);
        CHECK_BAD_HCALL(m, before, 0, H_INT_SET_QUEUE_CONFIG,
                        ((uint64_t[]){flags[i], targets[0], 7, 3, 0}), 5,
                        H_PARAMETER);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(bad_prios); i++) {
        CHECK_BAD_HCALL(m, before, 0, H_INT_SET_QUEUE_CONFIG,
                        ((uint64_t[]){0, s1, bad_prios[i], QPAGE(1, 6), 16}), 5,
                        H_P3);
        /* Before the target, and before a reset (qsize 0). */
        CHECK_BAD_HCALL(m, before, 0, H_INT_SET_QUEUE_CONFIG,
                        ((uint64_t[]){0, targets[i % 8], bad_prios[i], 0, 0}),
                        5, H_P3);
    }
    for (size_t i = 0; i < 8; i++) {
        CHECK_BAD_HCALL(m, before, 0, H_INT_SET_QUEUE_CONFIG,
                        ((uint64_t[]){0, targets[i], 5, QPAGE(0, 5), 16}), 5,
                        H_P2);
        CHECK_BAD_HCALL(m, before, 0, H_INT_SET_QUEUE_CONFIG,
                        ((uint64_t[]){0, targets[i], 5, 0, 0}), 5, H_P2);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(qsizes); i++) {
        g_test_message("qsize %" PRIu64, qsizes[i]);
        CHECK_BAD_HCALL(m, before, 0, H_INT_SET_QUEUE_CONFIG,
                        ((uint64_t[]){0, s0, 5, 0x1000000, qsizes[i]}), 5,
                        H_P5);
        /* The size before the page. */
        CHECK_BAD_HCALL(m, before, 0, H_INT_SET_QUEUE_CONFIG,
                        ((uint64_t[]){0, s0, 5, 0x8000004, qsizes[i]}), 5,
                        H_P5);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(bad_pages); i++) {
        g_test_message("qpage 0x%" PRIx64 " qsize %" PRIu64, bad_pages[i].qpage,
                       bad_pages[i].qsize);
        CHECK_BAD_HCALL(m, before, 0, H_INT_SET_QUEUE_CONFIG,
                        ((uint64_t[]){Q_ALWAYS_NOTIFY, s0, 5,
                                      bad_pages[i].qpage, bad_pages[i].qsize}),
                        5, H_P4);
    }
    CHECK_BAD_HCALL(m, before, 0, H_INT_SET_QUEUE_CONFIG,
                    ((uint64_t[]){0, s0, 5, QPAGE(0, 5), 16}), 4, H_PARAMETER);
    CHECK_BAD_HCALL(m, before, 0, H_INT_SET_QUEUE_CONFIG,
                    ((uint64_t[]){0, s0, 5, 0, 0}), 3, H_PARAMETER);
}

static void test_bad_get_queue_config(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    const uint64_t s0 = server_of(m, 0);
    static const uint64_t flags[] = {0x2, 0x3, UINT64_C(1) << 63, UINT64_MAX};
    uint64_t targets[8];

    bad_targets(m, targets);
    for (size_t i = 0; i < G_N_ELEMENTS(flags); i++) {
        CHECK_BAD_HCALL(m, before, 0, H_INT_GET_QUEUE_CONFIG,
                        ((uint64_t[]){flags[i], s0, 5}), 3, H_PARAMETER);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(bad_prios); i++) {
        CHECK_BAD_HCALL(m, before, 0, H_INT_GET_QUEUE_CONFIG,
                        ((uint64_t[]){Q_DEBUG, s0, bad_prios[i]}), 3, H_P3);
        CHECK_BAD_HCALL(m, before, 0, H_INT_GET_QUEUE_CONFIG,
                        ((uint64_t[]){0, targets[i % 8], bad_prios[i]}), 3,
                        H_P3);
    }
    for (size_t i = 0; i < 8; i++) {
        CHECK_BAD_HCALL(m, before, 0, H_INT_GET_QUEUE_CONFIG,
                        ((uint64_t[]){Q_DEBUG, targets[i], 5}), 3, H_P2);
    }
    CHECK_BAD_HCALL(m, before, 0, H_INT_GET_QUEUE_CONFIG, ((uint64_t[]){0, s0}),
                    2, H_PARAMETER);
}

/* The OS reporting line is not supported (QEMU): H_FUNCTION. */
static void test_os_reporting_line(const void *data)
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
            CHECK_BAD_HCALL(m, before, 0, H_INT_SET_OS_REPORTING_LINE, args[i],
                            n, H_FUNCTION);
            CHECK_BAD_HCALL(m, before, 1, H_INT_GET_OS_REPORTING_LINE, args[i],
                            n, H_FUNCTION);
        }
    }
}

static void test_bad_esb(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    uint64_t lisns[N_BAD_LISNS];
    static const uint64_t flags[] = {0x2, 0x3, UINT64_C(1) << 63, UINT64_MAX};
    static const uint64_t offsets[] = {0x10000, 0x10008,           0x20000,
                                       0x1fff8, UINT64_C(1) << 32, UINT64_MAX};

    for (size_t i = 0; i < G_N_ELEMENTS(flags); i++) {
        /* A set-PQ-00 load / an EOI: would change the state if run. */
        CHECK_BAD_HCALL(m, before, 0, H_INT_ESB,
                        ((uint64_t[]){flags[i], LSI_L, ESB_SET_PQ(PQ_00), 0}),
                        4, H_PARAMETER);
        CHECK_BAD_HCALL(m, before, 0, H_INT_ESB,
                        ((uint64_t[]){flags[i], UNCLAIM, 0x10000, 0}), 4,
                        H_PARAMETER);
    }
    bad_lisns(m, lisns);
    for (size_t i = 0; i < N_BAD_LISNS; i++) {
        CHECK_BAD_HCALL(m, before, 0, H_INT_ESB,
                        ((uint64_t[]){0, lisns[i], ESB_SET_PQ(PQ_00), 0}), 4,
                        H_P2);
        CHECK_BAD_HCALL(m, before, 0, H_INT_ESB,
                        ((uint64_t[]){ESB_STORE, lisns[i], ESB_TRIGGER, 0}), 4,
                        H_P2);
        CHECK_BAD_HCALL(m, before, 0, H_INT_ESB,
                        ((uint64_t[]){0, lisns[i], 0x10000, 0}), 4, H_P2);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(offsets); i++) {
        g_test_message("offset 0x%" PRIx64, offsets[i]);
        CHECK_BAD_HCALL(m, before, 0, H_INT_ESB,
                        ((uint64_t[]){0, LSI_L, offsets[i], 0}), 4, H_P3);
        CHECK_BAD_HCALL(m, before, 0, H_INT_ESB,
                        ((uint64_t[]){ESB_STORE, MSI_A, offsets[i], 0}), 4,
                        H_P3);
    }
    CHECK_BAD_HCALL(m, before, 0, H_INT_ESB,
                    ((uint64_t[]){0, LSI_L, ESB_SET_PQ(PQ_00), 0}), 3,
                    H_PARAMETER);
    CHECK_BAD_HCALL(m, before, 0, H_INT_ESB,
                    ((uint64_t[]){ESB_STORE, LSI_L, ESB_SET_PQ(PQ_00), 0}), 2,
                    H_PARAMETER);
}

static void test_bad_sync_reset(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    uint64_t lisns[N_BAD_LISNS];
    static const uint64_t flags[] = {0x1, 0x2, UINT64_C(1) << 63, UINT64_MAX};

    for (size_t i = 0; i < G_N_ELEMENTS(flags); i++) {
        CHECK_BAD_HCALL(m, before, 0, H_INT_SYNC,
                        ((uint64_t[]){flags[i], MSI_A}), 2, H_PARAMETER);
        CHECK_BAD_HCALL(m, before, 0, H_INT_RESET, ((uint64_t[]){flags[i]}), 1,
                        H_PARAMETER);
    }
    bad_lisns(m, lisns);
    for (size_t i = 0; i < N_BAD_LISNS; i++) {
        CHECK_BAD_HCALL(m, before, 0, H_INT_SYNC, ((uint64_t[]){0, lisns[i]}),
                        2, H_P2);
    }
    CHECK_BAD_HCALL(m, before, 0, H_INT_SYNC, ((uint64_t[]){0, MSI_A}), 1,
                    H_PARAMETER);
    CHECK_BAD_HCALL(m, before, 0, H_INT_RESET, ((uint64_t[]){0}), 0,
                    H_PARAMETER);
}

/* Every XIVE hcall with valid arguments (on a 2-CPU machine). */
typedef struct XiveCall {
    uint64_t op;
    uint64_t args[5];
    size_t nargs;
    int64_t ok; /* the answer with XIVE active */
} XiveCall;

static void xive_calls(Machine *m, XiveCall out[11])
{
    const uint64_t s0 = server_of(m, 0);
    const XiveCall calls[11] = {
        {H_INT_GET_SOURCE_INFO, {0, 0}, 2, H_SUCCESS},
        {H_INT_GET_QUEUE_INFO, {0, s0, 5}, 3, H_SUCCESS},
        {H_INT_SET_QUEUE_CONFIG, {1, s0, 5, QPAGE(0, 5), 16}, 5, H_SUCCESS},
        {H_INT_GET_QUEUE_CONFIG, {0, s0, 5}, 3, H_SUCCESS},
        /* After the queue: the kernel refuses a target without one. */
        {H_INT_SET_SOURCE_CONFIG, {SRC_SET_EISN, 0, s0, 5, 1}, 5, H_SUCCESS},
        {H_INT_GET_SOURCE_CONFIG, {0, 0}, 2, H_SUCCESS},
        {H_INT_SET_OS_REPORTING_LINE, {0, 0x100000}, 2, H_FUNCTION},
        {H_INT_GET_OS_REPORTING_LINE, {0, s0, 0x100000}, 3, H_FUNCTION},
        {H_INT_ESB, {0, 0, ESB_SET_PQ(PQ_00), 0}, 4, H_SUCCESS},
        {H_INT_SYNC, {0, 0}, 2, H_SUCCESS},
        {H_INT_RESET, {0}, 1, H_SUCCESS},
    };

    memcpy(out, calls, sizeof(calls));
}

/* Hcalls from a CPU index that was never added or is out of range. */
static void test_bad_cpu_index(const void *data)
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
                            calls[j].nargs, H_HARDWARE);
        }
    }
}

/* Opcodes next to the XIVE range are not interrupt hcalls. */
static void test_not_interrupt_hcalls(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    static const uint64_t ops[] = {
        0x3A4, 0x3A9, 0x3AA, 0x3D4, 0x3D1, UINT64_C(1) << 32 | H_INT_RESET};

    for (size_t i = 0; i < G_N_ELEMENTS(ops); i++) {
        g_assert_false(spapr_irq_is_hcall(ops[i]));
        CHECK_BAD_HCALL(m, before, 0, ops[i], ((uint64_t[]){0, 0, 0, 0, 0}), 5,
                        H_FUNCTION);
    }
    for (uint64_t op = H_INT_GET_SOURCE_INFO; op <= H_INT_RESET; op += 4) {
        g_assert_true(spapr_irq_is_hcall(op));
    }
}

/* ====================================================================== */
/* the other controller                                                   */
/* ====================================================================== */

#define OP_H_EOI    0x64
#define OP_H_CPPR   0x68
#define OP_H_IPI    0x6C
#define OP_H_IPOLL  0x70
#define OP_H_XIRR   0x74
#define OP_H_XIRR_X 0x2FC

/* With XIVE active, every XICS hcall answers H_HARDWARE and every XICS
 * RTAS call -1, and nothing changes. */
static void test_xics_calls_fail(const void *data)
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
                        calls[i].nargs, H_HARDWARE);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(rtas_names); i++) {
        uint32_t args[3] = {MSI_A, (uint32_t)s0, 5};
        uint32_t rets[3] = {0x5a5a5a5a, 0, 0};
        uint32_t token = spapr_irq_rtas_token(rtas_names[i]);

        g_assert_cmphex(token, !=, 0);
        g_assert_true(spapr_irq_rtas(m->irq, 0, token, i == 0 ? 3 : 1, args,
                                     i == 1 ? 3 : 1, rets));
        g_assert_cmphex(rets[0], ==, (uint32_t)RTAS_OUT_HW_ERROR);
        expect_busy_unchanged(m, before);
    }
}

/* A dual machine before CAS runs XICS: every XIVE hcall answers
 * H_FUNCTION and the XIVE MMIO regions are not the layer's.  After CAS
 * (XIVE) and reset, XIVE works; a reset without CAS returns to XICS. */
static void test_dual_before_cas(const void *data)
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
                H_FUNCTION);
        expect_state(m, before);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(regions); i++) {
        g_assert_false(spapr_irq_mmio_read(m->irq, 0, regions[i], 8, &v));
        g_assert_false(spapr_irq_mmio_write(m->irq, 0, regions[i], 8, 0));
    }
    expect_state(m, before);
    CHECK_H(__LINE__, "H_CPPR",
            hcall(m, 0, OP_H_CPPR, (uint64_t[]){0xff}, 1, NULL), H_SUCCESS);

    /* CAS chooses XIVE; the switch happens at the reset. */
    g_assert_true(spapr_irq_cas(m->irq, SPAPR_OV5_XIVE, &err));
    g_assert_no_error(err);
    CHECK_H(__LINE__, "H_INT_GET_SOURCE_INFO before the reset",
            hcall(m, 0, H_INT_GET_SOURCE_INFO, (uint64_t[]){0, 0}, 2, NULL),
            H_FUNCTION);
    g_assert_true(spapr_irq_reset(m->irq, &err));
    g_assert_no_error(err);
    g_assert_cmpint(spapr_irq_active(m->irq), ==, SPAPR_INTC_XIVE);
    for (size_t j = 0; j < G_N_ELEMENTS(calls); j++) {
        CHECK_H(__LINE__, hcall_name(calls[j].op),
                hcall(m, 0, calls[j].op, calls[j].args, calls[j].nargs, NULL),
                calls[j].ok);
    }
    CHECK_H(__LINE__, "H_CPPR",
            hcall(m, 0, OP_H_CPPR, (uint64_t[]){0xff}, 1, NULL), H_HARDWARE);
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
                H_FUNCTION);
    }
    g_assert_false(spapr_irq_mmio_read(m->irq, 0, TM_OS_RING, 8, &v));
}

/* ====================================================================== */
/* saved state                                                            */
/* ====================================================================== */

static void claim_state_sources(Machine *m)
{
    claim(m, MSI_A, false);
    claim(m, MSI_B, false);
    claim(m, MSI_C, false);
    claim(m, LSI_L, true);
}

/*
 * A machine in the middle of deliveries:
 *  - CPU 0: MSI A (queue (0, 5), always notify) fired twice: PQ 11, one
 *    entry, line up, not acknowledged;
 *  - CPU 1: LSI L (queue (1, 3)) asserted and acknowledged (CPPR 3), OS
 *    pending set for priority 6 (IPB, not signalled);
 *  - MSI B (queue (1, 6), 4 KiB) masked by its EAS, PQ 10;
 *  - MSI C claimed and never configured (off, masked);
 *  - IPI 1 routed to (1, 6).
 */
static Machine *machine_stateful(const Backend *be)
{
    Machine *m = machine_new(be, 2);

    claim_state_sources(m);
    open_queue(m, 0, 5);
    open_queue(m, 1, 3);
    set_queue(m, 1, 6, 0x2000, 12, Q_ALWAYS_NOTIFY);
    open_all_cpus(m);
    enable_source(m, MSI_A, 0, 5, 0x0a);
    trigger(m, MSI_A);
    trigger(m, MSI_A);
    enable_source(m, LSI_L, 1, 3, 0x1c);
    set_level(m, LSI_L, 1);
    ack_expect(m, 1, 0x8003);
    mmio_wr(m, 1, TM_SET_OS_PENDING, 1, 6);
    set_source(m, MSI_B, 1, 6, 0x0b, SRC_SET_EISN | SRC_MASK);
    set_pq(m, MSI_B, PQ_00);
    trigger(m, MSI_B);
    route(m, 1, 1, 6, 0x101);
    expect_os(m, 0, NSR_EO, 0xff, IPB(5), 5);
    expect_os(m, 1, 0x00, 3, IPB(6), 6);
    expect_only_line(m, 0);
    return m;
}

/* A fresh machine with the same options, CPUs and claims. */
static Machine *machine_twin(const Backend *be)
{
    Machine *m = machine_new(be, 2);

    claim_state_sources(m);
    return m;
}

/* Everything a guest can observe without changing it. */
static void expect_same_view(Machine *a, Machine *b)
{
    static const uint32_t lisns[] = {0, 1, MSI_A, MSI_B, MSI_C, LSI_L};

    for (uint32_t c = 0; c < a->ncpus; c++) {
        expect_line(b, c, a->line[c]);
        g_assert_cmphex(os_ring(b, c), ==, os_ring(a, c));
        for (uint64_t prio = 0; prio < 7; prio++) {
            uint64_t ra[SPAPR_IRQ_HCALL_MAX_RETS], rb[SPAPR_IRQ_HCALL_MAX_RETS];

            queue_config(a, c, prio, true, ra);
            queue_config(b, c, prio, true, rb);
            g_assert_cmpmem(ra, sizeof(ra), rb, sizeof(rb));
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(lisns); i++) {
        uint64_t ra[SPAPR_IRQ_HCALL_MAX_RETS], rb[SPAPR_IRQ_HCALL_MAX_RETS];

        g_assert_cmphex(get_pq(b, lisns[i]), ==, get_pq(a, lisns[i]));
        hcall_ok(a, H_INT_GET_SOURCE_CONFIG, ((uint64_t[]){0, lisns[i]}), 2,
                 ra);
        hcall_ok(b, H_INT_GET_SOURCE_CONFIG, ((uint64_t[]){0, lisns[i]}), 2,
                 rb);
        g_assert_cmpmem(ra, 3 * sizeof(ra[0]), rb, 3 * sizeof(rb[0]));
    }
}

static void test_state_round_trip(const void *data)
{
    g_autoptr(Machine) a = machine_stateful(data);
    g_autoptr(Machine) b = machine_twin(data);
    g_autoptr(GByteArray) s1 = save(a);
    g_autoptr(GByteArray) s2 = save(a);
    g_autoptr(GByteArray) sb = NULL;
    g_autoptr(GError) err = NULL;

    assert_same_bytes(s1, s2);
    g_assert_cmpuint(s1->len, >=, 4);
    g_assert_cmpmem(s1->data, 4, "SPRQ", 4);

    /* Migration moves RAM separately: copy it. */
    memcpy(b->ram, a->ram, RAM_SIZE);
    g_assert_true(spapr_irq_load(b->irq, s1->data, s1->len, &err));
    g_assert_no_error(err);
    g_clear_error(&err);
    sb = save(b);
    assert_same_bytes(sb, s1);
    expect_same_view(a, b);
    g_assert_cmpuint(b->raises[0], ==, 1); /* the line came up on load */

    /* Both machines carry on alike. */
    for (int k = 0; k < 2; k++) {
        Machine *x = k ? b : a;

        ack_expect(x, 0, 0x8005);
        set_cppr(x, 0, 0xff);
        g_assert_cmphex(eoi(x, MSI_A), ==, 1); /* PQ 11: re-notify */
        expect_qentry(x, QPAGE(0, 5), 1, QENTRY(1, 0x0a));
        expect_qoff(x, 0, 5, 2);
        expect_only_line(x, 0);
        ack_expect(x, 0, 0x8005);
        set_cppr(x, 0, 0xff);
        g_assert_cmphex(eoi(x, MSI_A), ==, 0);

        /* CPU 1: the LSI is still asserted; CPPR 0xff signals the OS
         * pending priority 6. */
        set_cppr(x, 1, 0xff);
        expect_os(x, 1, NSR_EO, 0xff, IPB(6), 6);
        ack_expect(x, 1, 0x8006);
        g_assert_cmphex(hesb_load(x, LSI_L, ESB_EOI), ==, in_kernel(x) ? 0 : 1);
        expect_qentry(x, QPAGE(1, 3), 1, QENTRY(1, 0x1c));
        set_cppr(x, 1, 0xff);
        expect_os(x, 1, NSR_EO, 0xff, IPB(3), 3);
        ack_expect(x, 1, 0x8003);

        /* The masked source is still masked, still PQ 10. */
        expect_pq(x, MSI_B, PQ_10);
        expect_source(x, MSI_B, server_of(x, 1), PRIO_MASKED, 0x0b);
    }
    {
        g_autoptr(GByteArray) ea = save(a);
        g_autoptr(GByteArray) eb = save(b);

        assert_same_bytes(ea, eb);
        g_assert_cmpmem(a->ram, RAM_SIZE, b->ram, RAM_SIZE);
    }

    /* Loading onto the same machine is a no-op. */
    {
        g_autoptr(GByteArray) s = save(b);
        g_autoptr(GByteArray) again = NULL;

        g_assert_true(spapr_irq_load(b->irq, s->data, s->len, &err));
        g_assert_no_error(err);
        again = save(b);
        assert_same_bytes(again, s);
    }
}

/* The positions where @x and @y differ (same length). */
static GArray *diff_positions(const GByteArray *x, const GByteArray *y)
{
    GArray *pos = g_array_new(FALSE, FALSE, sizeof(size_t));

    g_assert_cmpuint(x->len, ==, y->len);
    for (size_t i = 0; i < x->len && i < y->len; i++) {
        if (x->data[i] != y->data[i]) {
            g_array_append_val(pos, i);
        }
    }
    return pos;
}

/* Loads @buf into @m, which must refuse it and stay as it was. */
static void expect_refused_at(int line, Machine *m, const uint8_t *buf,
                              size_t len, const char *what)
{
    g_autoptr(GByteArray) before = save(m);
    g_autofree bool *lines = g_new(bool, m->max_cpus);
    g_autofree unsigned *raises = g_new(unsigned, m->max_cpus);
    g_autofree uint8_t *copy = dup_bytes(buf, len);

    memcpy(lines, m->line, m->max_cpus * sizeof(bool));
    memcpy(raises, m->raises, m->max_cpus * sizeof(unsigned));
    g_test_message("line %d: %s", line, what);
    expect_load_fails_at(line, m, copy, len);
    expect_state_at(line, m, before);
    g_assert_cmpmem(m->line, m->max_cpus * sizeof(bool), lines,
                    m->max_cpus * sizeof(bool));
    /* Not even a glitch on a line. */
    g_assert_cmpmem(m->raises, m->max_cpus * sizeof(unsigned), raises,
                    m->max_cpus * sizeof(unsigned));
}
#define expect_refused(m, buf, len, what)                                      \
    expect_refused_at(__LINE__, m, buf, len, what)

/*
 * Corrupted states are refused and leave the target as it was.  The
 * fields are found without knowing the format: by the bytes a guest
 * action changes in the saved state of an otherwise identical machine.
 */
static void test_state_corrupt(const void *data)
{
    g_autoptr(Machine) a = machine_stateful(data);
    g_autoptr(Machine) b = machine_twin(data);
    g_autoptr(Machine) t = machine_twin(data);
    g_autoptr(GByteArray) s = save(a);
    g_autofree uint8_t *buf = dup_bytes(s->data, s->len);

    /* The target has state of its own, with its line up. */
    open_queue(b, 1, 2);
    enable_source(b, MSI_C, 1, 2, 0x2c);
    set_cppr(b, 1, 0xff);
    trigger(b, MSI_C);
    expect_only_line(b, 1);

    /* The layer's header. */
    buf[0] ^= 0xff;
    expect_refused(b, buf, s->len, "bad magic");
    memcpy(buf, s->data, s->len);
    {
        g_autofree uint8_t *longer = g_malloc0(s->len + 1);

        memcpy(longer, s->data, s->len);
        expect_refused(b, longer, s->len + 1, "trailing byte");
    }

    /* CPU 1's CPPR: the one byte H_CPPR-like store 0xff -> 5 changes. */
    {
        g_autoptr(GByteArray) x = save(t);
        g_autoptr(GByteArray) y = NULL;
        g_autoptr(GArray) pos = NULL;

        set_cppr(t, 1, 5);
        y = save(t);
        pos = diff_positions(x, y);
        g_assert_cmpuint(pos->len, ==, 1);
        if (pos->len == 1) {
            size_t p = g_array_index(pos, size_t, 0);

            /* No store can make CPPR 0x10 (values above 7 become 0xff). */
            buf[p] = 0x10;
            expect_refused(b, buf, s->len, "CPPR 0x10");
            buf[p] = 0x08;
            expect_refused(b, buf, s->len, "CPPR 8");
            memcpy(buf, s->data, s->len);
        }
        set_cppr(t, 1, 0);
    }
    /* IPB and PIPR of CPU 0 must agree. */
    {
        g_autoptr(GByteArray) x = save(t);
        g_autoptr(GByteArray) y = NULL;
        g_autoptr(GArray) pos = NULL;

        mmio_wr(t, 0, TM_SET_OS_PENDING, 1, 3); /* CPPR 0: not signalled */
        y = save(t);
        pos = diff_positions(x, y);
        g_assert_cmpuint(pos->len, ==, 2);
        for (guint k = 0; k < pos->len; k++) {
            g_autofree uint8_t *c = dup_bytes(y->data, y->len);
            size_t p = g_array_index(pos, size_t, k);

            /* Revert one of the two: IPB without PIPR or the reverse. */
            c[p] = x->data[p];
            expect_refused(b, c, y->len, "IPB and PIPR disagree");
        }
    }
    /* A source's PQ byte with bits no state has. */
    {
        g_autoptr(GByteArray) x = save(t);
        g_autoptr(GByteArray) y = NULL;
        g_autoptr(GArray) pos = NULL;

        set_pq(t, MSI_C, PQ_00);
        y = save(t);
        pos = diff_positions(x, y);
        g_assert_cmpuint(pos->len, ==, 1);
        if (pos->len == 1) {
            size_t p = g_array_index(pos, size_t, 0);

            buf[p] = 0xff;
            expect_refused(b, buf, s->len, "PQ byte 0xff");
            buf[p] = 0xf0;
            expect_refused(b, buf, s->len, "PQ byte 0xf0");
            memcpy(buf, s->data, s->len);
        }
        set_pq(t, MSI_C, PQ_01);
    }
    /* A queue page not aligned to its size: the qpage bits of a 4 KiB
     * queue moved into a 64 KiB one. */
    {
        g_autoptr(GByteArray) z = NULL;
        g_autoptr(GByteArray) y = NULL;
        g_autoptr(GByteArray) x = NULL;
        g_autoptr(GArray) pos = NULL;
        g_autofree uint8_t *c = NULL;

        set_queue(t, 0, 2, 0x110000, 12, Q_ALWAYS_NOTIFY);
        z = save(t);
        set_queue(t, 0, 2, 0x111000, 12, Q_ALWAYS_NOTIFY);
        y = save(t);
        set_queue(t, 0, 2, 0x110000, 16, Q_ALWAYS_NOTIFY);
        x = save(t);
        pos = diff_positions(z, y);
        g_assert_cmpuint(pos->len, >=, 1);
        c = dup_bytes(x->data, x->len);
        for (guint k = 0; k < pos->len; k++) {
            size_t p = g_array_index(pos, size_t, k);

            c[p] = y->data[p];
        }
        expect_refused(b, c, x->len, "64 KiB queue at 0x111000");
        /* (x itself is fine.) */
        set_queue(t, 0, 2, 0, 0, 0);
    }
    /* An EAS that names the END of a server the machine does not have:
     * the END bits of (server 0, prio 2) vs (server 1, prio 2), set. */
    {
        g_autoptr(GByteArray) x = NULL;
        g_autoptr(GByteArray) y = NULL;
        g_autoptr(GArray) pos = NULL;
        g_autofree uint8_t *c = NULL;

        open_queue(t, 0, 2);
        open_queue(t, 1, 2);
        route(t, MSI_C, 0, 2, 0);
        x = save(t);
        route(t, MSI_C, 1, 2, 0);
        y = save(t);
        pos = diff_positions(x, y);
        g_assert_cmpuint(pos->len, >=, 1);
        c = dup_bytes(y->data, y->len);
        for (guint k = 0; k < pos->len; k++) {
            c[g_array_index(pos, size_t, k)] = 0xff;
        }
        expect_refused(b, c, y->len, "EAS to a missing END");
    }

    /* Still the target's own state. */
    expect_only_line(b, 1);
    expect_os(b, 1, NSR_EO, 0xff, IPB(2), 2);
    expect_pq(b, MSI_C, PQ_10);
}

/* Every truncation is refused, without a crash and without a change. */
static void test_state_truncated(const void *data)
{
    g_autoptr(Machine) a = machine_stateful(data);
    g_autoptr(Machine) b = machine_twin(data);
    g_autoptr(GByteArray) s = save(a);
    g_autoptr(GByteArray) before = NULL;

    open_queue(b, 0, 1);
    enable_source(b, MSI_B, 0, 1, 0x2b);
    set_cppr(b, 0, 0xff);
    trigger(b, MSI_B);
    before = save(b);

    for (size_t len = 0; len < s->len; len++) {
        g_autoptr(GError) err = NULL;
        g_autofree uint8_t *buf = dup_bytes(s->data, len);

        if (spapr_irq_load(b->irq, buf, len, &err)) {
            g_test_message("load of %zu of %u bytes succeeded", len, s->len);
            g_test_fail();
            break;
        }
        if (!g_error_matches(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE)) {
            g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE);
            break;
        }
        if (len % 4096 == 0 || len + 64 > s->len) {
            expect_state(b, before);
        }
    }
    expect_state(b, before);
    expect_only_line(b, 0);
    expect_os(b, 0, NSR_EO, 0xff, IPB(1), 1);
}

/* Flip every byte of a saved state (a stride of them under a slow
 * build): a load either fails and changes nothing, or succeeds and the
 * machine then saves exactly what it loaded.  The failure is a state
 * error; in the kernel it may also be the kernel's refusal of a
 * configuration the model accepts (a source routed to a priority no vCPU
 * has a queue for, a queue without always-notify), as for QEMU. */
static void test_state_byte_flips(const void *data)
{
    g_autoptr(Machine) a = machine_stateful(data);
    g_autoptr(Machine) b = machine_twin(data);
    g_autoptr(GByteArray) s = save(a);
    g_autoptr(GByteArray) before = save(b);
    g_autofree uint8_t *buf = dup_bytes(s->data, s->len);
    size_t stride = g_test_slow() ? 1 : 7;
    unsigned accepted = 0, refused = 0, kernel_refused = 0;

    for (size_t i = 0; i < s->len; i += (i < 64 ? 1 : stride)) {
        g_autoptr(GError) err = NULL;

        buf[i] ^= 0xff;
        if (spapr_irq_load(b->irq, buf, s->len, &err)) {
            g_autoptr(GByteArray) got = save(b);

            accepted++;
            if (got->len != s->len || memcmp(got->data, buf, s->len)) {
                g_test_message("byte %zu flipped: loaded, but saves back "
                               "differently",
                               i);
                g_test_fail();
            }
            /* Back to the twin's own state. */
            g_assert_true(
                spapr_irq_load(b->irq, before->data, before->len, NULL));
        } else if (in_kernel(b) && g_error_matches(err, SPAPR_IRQ_ERROR,
                                                   SPAPR_IRQ_ERROR_HOST)) {
            kernel_refused++;
        } else {
            refused++;
            if (!g_error_matches(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE)) {
                g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE);
            }
        }
        buf[i] ^= 0xff;
        if (i % 1024 == 0) {
            expect_state(b, before);
        }
    }
    g_test_message("%u flips refused, %u refused by the kernel, %u accepted",
                   refused, kernel_refused, accepted);
    expect_state(b, before);
    g_assert_cmpuint(refused, >, 0);
}

/* State saved with other claims or other vCPUs does not load. */
static void test_state_claims_differ(const void *data)
{
    g_autoptr(Machine) a = machine_stateful(data);
    g_autoptr(GByteArray) s = save(a);

    {
        g_autoptr(Machine) b = machine_twin(data);

        claim(b, MSI_D, false);
        expect_refused(b, s->data, s->len, "one claim more");
    }
    {
        g_autoptr(Machine) b = machine_new(data, 2);

        claim(b, MSI_A, false);
        claim(b, MSI_B, false);
        claim(b, LSI_L, true);
        expect_refused(b, s->data, s->len, "one claim less");
    }
    {
        g_autoptr(Machine) b = machine_new(data, 2);

        claim(b, MSI_A, false);
        claim(b, MSI_B, false);
        claim(b, MSI_C, true);
        claim(b, LSI_L, true);
        expect_refused(b, s->data, s->len, "an MSI claimed as an LSI");
    }
    {
        g_autoptr(Machine) b = machine_new(data, 2);

        claim(b, MSI_A, false);
        claim(b, MSI_B, false);
        claim(b, MSI_C, false);
        claim(b, LSI_L, false);
        expect_refused(b, s->data, s->len, "an LSI claimed as an MSI");
    }
    {
        g_autoptr(Machine) b = machine_new(data, 3);

        claim_state_sources(b);
        expect_refused(b, s->data, s->len, "one vCPU more");
    }
    {
        MachineOpts opts = {"pseries,ic-mode=xive", "power9", 2, 4,
                            SPAPR_INTC_XIVE};
        g_autoptr(Machine) b = machine_new_opts(data, &opts);

        claim_state_sources(b);
        expect_refused(b, s->data, s->len, "maxcpus 4");
    }
}

/* ====================================================================== */
/* trace events                                                           */
/* ====================================================================== */

/* A delivery: xive_presenter_notify (NVT) then xive_tctx_notify (the
 * registers after the update); the ack: xive_tctx_accept. */
static void test_trace_delivery(const void *data)
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
    hcall_ok(m, H_INT_GET_SOURCE_INFO, ((uint64_t[]){0, MSI_A}), 2, NULL);
    g_assert_cmpuint(m->events->len, ==, 1);
    ev = event_at(m, 0);
    g_assert_cmpstr(ev_name(ev), ==, "spapr_xive_get_source_info");
    g_assert_cmphex(ev->a[0], ==, 0);
    g_assert_cmphex(ev->a[1], ==, MSI_A);
}

/* An event whose END is not configured traces xive_router_end_notify and
 * reaches no presenter. */
static void test_trace_end_invalid(const void *data)
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

/* ====================================================================== */
/* info pic                                                               */
/* ====================================================================== */

static bool has_line_with(const char *text, const char *needle)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    g_autofree char *lower = g_ascii_strdown(needle, -1);

    for (int i = 0; lines[i]; i++) {
        g_autofree char *l = g_ascii_strdown(lines[i], -1);

        if (strstr(l, lower)) {
            return true;
        }
    }
    return false;
}

static void test_info_pic(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 2);
    g_autofree char *text = NULL;
    g_autofree char *end_line = NULL;

    /* The presenter's count is the emulated model's. */
    if (!in_kernel(m)) {
        g_assert_cmpint(tctx_lookups(m), ==, 0);
    }
    claim(m, MSI_A, false);
    claim(m, LSI_L, true);
    set_queue(m, 1, 5, 0x3ab0000, 16, Q_ALWAYS_NOTIFY);
    enable_source(m, MSI_A, 1, 5, 0x0a);
    set_cppr(m, 1, 0xff);
    trigger(m, MSI_A);
    if (!in_kernel(m)) {
        g_assert_cmpint(tctx_lookups(m), ==, 1);
    }
    /* Masked, off, or without a queue: no thread context is looked up. */
    set_source(m, MSI_A, 1, 5, 0, SRC_MASK);
    g_assert_cmphex(eoi(m, MSI_A), ==, 0);
    trigger(m, MSI_A);
    set_level(m, LSI_L, 1);
    if (!in_kernel(m)) {
        g_assert_cmpint(tctx_lookups(m), ==, 1);
    }

    text = info_pic(m);
    g_test_message("%s", text);
    g_assert_true(has_line_with(text, "XIVE:"));
    /* The backend; in the kernel, what follows was read back from it. */
    g_assert_true(has_line_with(text, in_kernel(m) ? "XIVE backend: in-kernel"
                                                   : "XIVE backend: emulated"));
    /* The thread contexts with their OS CAM word. */
    for (uint32_t c = 0; c < m->ncpus; c++) {
        g_autofree char *cam = g_strdup_printf("%08x", OS_CAM(server_of(m, c)));

        g_assert_true(has_line_with(text, cam));
    }
    /* One row per claimed source, none for others. */
    g_assert_true(has_line_with(text, "1300"));
    g_assert_true(has_line_with(text, "1200"));
    g_assert_false(has_line_with(text, "1305"));
    /* The END in use, with its queue and the one entry written. */
    end_line =
        g_strdup_printf("END %04x server %u prio 5 enqueue always-notify "
                        "queue @0x3ab0000 1/16384 gen 1",
                        server_of(m, 1) * 8 + 5, server_of(m, 1));
    g_assert_true(has_line_with(text, end_line));
}

/* ====================================================================== */
/* the presenter: one thread context per event                            */
/* ====================================================================== */

/* With 2048 vCPUs, an event for vCPU 0 and one for vCPU 2047 each look up
 * exactly one thread context (QEMU scans them all). */
static void test_presenter_constant_time(const void *data)
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

/* ==== registration ==== */

static const ConformanceTest tests[] = {
    {"reset-defaults", test_reset_defaults},
    {"esb-pq-transitions", test_esb_pq_transitions},
    {"esb-lsi-pages", test_esb_lsi_pages},
    {"coalescing", test_coalescing},
    {"mask-eas", test_mask_eas},
    {"mask-pq-off", test_mask_pq_off},
    {"cppr-priority", test_cppr_priority},
    {"tima-os-ring", test_tima_os_ring},
    {"queue-wrap-generation", test_queue_wrap_generation},
    {"queue-config", test_queue_config},
    {"queue-not-always-notify", test_queue_not_always_notify},
    {"queue-not-configured", test_queue_not_configured},
    {"ipi-every-server", test_ipi_every_server},
    {"lsi-level", test_lsi_level},
    {"lsi-asserted-while-off", test_lsi_asserted_while_off},
    {"source-info", test_source_info},
    {"source-config", test_source_config},
    {"h-int-reset", test_h_int_reset},
    {"machine-reset", test_machine_reset},
    {"bad-get-source-info", test_bad_get_source_info},
    {"bad-set-source-config", test_bad_set_source_config},
    {"bad-get-source-config", test_bad_get_source_config},
    {"bad-get-queue-info", test_bad_get_queue_info},
    {"bad-set-queue-config", test_bad_set_queue_config},
    {"bad-get-queue-config", test_bad_get_queue_config},
    {"os-reporting-line", test_os_reporting_line},
    {"bad-esb", test_bad_esb},
    {"bad-sync-reset", test_bad_sync_reset},
    {"bad-cpu-index", test_bad_cpu_index},
    {"not-interrupt-hcalls", test_not_interrupt_hcalls},
    {"xics-calls-fail", test_xics_calls_fail},
    {"dual-before-cas", test_dual_before_cas},
    {"state-round-trip", test_state_round_trip},
    {"state-corrupt", test_state_corrupt},
    {"state-truncated", test_state_truncated},
    {"state-byte-flips", test_state_byte_flips},
    {"state-claims-differ", test_state_claims_differ},
    {"trace-delivery", test_trace_delivery},
    {"trace-end-invalid", test_trace_end_invalid},
    {"info-pic", test_info_pic},
    {"presenter-constant-time", test_presenter_constant_time},
};

int main(int argc, char **argv)
{
    return conformance_main(argc, argv, "xive", backends,
                            G_N_ELEMENTS(backends), tests, G_N_ELEMENTS(tests));
}
