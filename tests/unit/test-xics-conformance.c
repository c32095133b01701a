/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XICS conformance suite: the guest-visible behaviour of the XICS
 * interrupt controller (PAPR hcalls, RTAS calls, source firing, reset,
 * saved state, trace events), written only against the public API
 * (include/spapr-irq/spapr-irq.h) and parameterised by backend, so that every
 * implementation of XICS (the emulated model, and the in-kernel backend on
 * each kvm-sim profile with a XICS device) runs the same tests.
 *
 * The expected behaviour is QEMU 7.2's (hw/intc/xics.c, xics_spapr.c),
 * with the argument checks of docs/specs/xics.md; every number below is
 * written out by hand.  Each test is registered once per backend as
 * /xics/<backend>/<test>.
 *
 * The vCPU external interrupt lines are observed through the set_cpu_irq
 * callback only: a test asserts the level the layer last reported and how
 * many times a line went up (one rise per presentation).
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "conformance.h"
#include "tools/vmm.h"

/* ---- PAPR numbers (facts section 5) ---- */

#define OP_H_EOI    0x64
#define OP_H_CPPR   0x68
#define OP_H_IPI    0x6C
#define OP_H_IPOLL  0x70
#define OP_H_XIRR   0x74
#define OP_H_XIRR_X 0x2FC

#define TOKEN_SET_XIVE 0x200A
#define TOKEN_GET_XIVE 0x200B
#define TOKEN_INT_OFF  0x200C
#define TOKEN_INT_ON   0x200D

#define RTAS_OK        0x00000000u
#define RTAS_HW_ERR    0xffffffffu /* -1 */
#define RTAS_PARAM_ERR 0xfffffffdu /* -3 */

#define XISR_IPI    0x2
#define PRIO_MASKED 0xff
/* XIRR of an ICP with CPPR @cppr and XISR @xisr. */
#define XIRR(cppr, xisr) (((uint32_t)(cppr) << 24) | (uint32_t)(xisr))

/* The timebase the H_XIRR_X callback reports. */
#define FIXED_TIMEBASE UINT64_C(0x0123456789abcdef)

/* Every machine is -smp N,maxcpus=MAX_CPUS: CPU indexes N..7 exist in
 * the topology but are never added. */
#define MAX_CPUS 8

/* Source numbers used by the tests (claimed per test). */
#define MSI_A   0x1300
#define MSI_B   0x1301
#define MSI_C   0x1302
#define MSI_D   0x1303
#define LSI_L   0x1200
#define LSI_M   0x1201
#define UNCLAIM 0x1fff

/* ---- backends ---- */

typedef ConformanceBackend Backend;

static const Backend backends[] = {
    {"emulated", {"-accel", "tcg", NULL}, true},
    /*
     * The in-kernel backend on the simulated KVM host, one entry per
     * profile that has an in-kernel XICS (sim/profiles.c).
     * Under KVM, vsmt makes server numbers differ from CPU indexes: the
     * tests always go through server_of().
     */
    CONFORMANCE_KVM_SIM("power8-4.19"),
    CONFORMANCE_KVM_SIM("power8-5.10"),
    CONFORMANCE_KVM_SIM("power9-4.19"),
    CONFORMANCE_KVM_SIM("power9-5.2"),
    CONFORMANCE_KVM_SIM("power9-6.1"),
    CONFORMANCE_KVM_SIM("power9-6.1-uv"),
    CONFORMANCE_KVM_SIM("power10-6.1"),
    CONFORMANCE_KVM_SIM("nested-5.10"),
};

/* ---- the machine fixture ---- */

typedef struct Machine {
    const Backend *be;
    SpaprIrq *irq;
    SpaprIrqCallbacks cb;
    uint32_t ncpus;
    bool line[MAX_CPUS];            /* last level reported per CPU */
    unsigned transitions[MAX_CPUS]; /* level changes reported */
    unsigned raises[MAX_CPUS];      /* low -> high changes reported */
    GArray *events;                 /* SpaprIrqTraceEvent, in order */
} Machine;

static void cb_set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
    Machine *m = opaque;

    /* Fatal even with non-fatal assertions: line[] has ncpus entries. */
    g_assert(cpu_index < m->ncpus);
    if (m->line[cpu_index] != level) {
        m->transitions[cpu_index]++;
        if (level) {
            m->raises[cpu_index]++;
        }
    }
    m->line[cpu_index] = level;
}

static uint64_t cb_get_timebase(void *opaque)
{
    return FIXED_TIMEBASE;
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
} MachineOpts;

/* Builds a machine with @opts plus the backend's options, adds its CPUs
 * and resets it.  The ICPs are in their reset state (CPPR 0). */
static Machine *machine_new_opts(const Backend *be, const MachineOpts *opts)
{
    Machine *m = g_new0(Machine, 1);

    g_assert_cmpuint(opts->ncpus, >=, 1);
    g_assert_cmpuint(opts->ncpus, <=, MAX_CPUS);
    m->be = be;
    m->ncpus = opts->ncpus;
    m->events = g_array_new(FALSE, TRUE, sizeof(SpaprIrqTraceEvent));
    m->cb = (SpaprIrqCallbacks){
        .opaque = m,
        .set_cpu_irq = cb_set_cpu_irq,
        .map_region = vmm_map_region,
        .get_timebase = cb_get_timebase,
        .trace = cb_trace,
    };

    m->irq = conformance_machine(be, opts->machine, opts->cpu, m->ncpus,
                                 MAX_CPUS, &m->cb);
    g_assert_cmpint(spapr_irq_active(m->irq), ==, SPAPR_INTC_XICS);
    return m;
}

static Machine *machine_new(const Backend *be, uint32_t ncpus)
{
    MachineOpts opts = {"pseries,ic-mode=xics", NULL, ncpus};

    return machine_new_opts(be, &opts);
}

static void machine_free(Machine *m)
{
    spapr_irq_destroy(&m->irq);
    g_assert_null(m->irq);
    g_array_unref(m->events);
    g_free(m);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Machine, machine_free)

/* Interrupt server number of CPU @cpu. */
static uint32_t server_of(const Machine *m, uint32_t cpu)
{
    return spapr_irq_topology_vcpu_id(&spapr_irq_get_plan(m->irq)->topo, cpu);
}

/* ---- hcalls ---- */

static int64_t hcall(Machine *m, uint32_t cpu, uint64_t opcode,
                     const uint64_t *args, size_t nargs, uint64_t *rets)
{
    uint64_t local[SPAPR_IRQ_HCALL_MAX_RETS];

    return vmm_hcall(m->irq, cpu, opcode, args, nargs, rets ? rets : local);
}

static int64_t hcall1(Machine *m, uint32_t cpu, uint64_t opcode, uint64_t a0)
{
    uint64_t args[1] = {a0};

    return hcall(m, cpu, opcode, args, 1, NULL);
}

static int64_t hcall2(Machine *m, uint32_t cpu, uint64_t opcode, uint64_t a0,
                      uint64_t a1)
{
    uint64_t args[2] = {a0, a1};

    return hcall(m, cpu, opcode, args, 2, NULL);
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

/* H_CPPR on @cpu. */
static void set_cppr_at(int line, Machine *m, uint32_t cpu, uint64_t cppr)
{
    CHECK_H(line, "H_CPPR", hcall1(m, cpu, OP_H_CPPR, cppr), SPAPR_H_SUCCESS);
}
#define set_cppr(m, cpu, cppr) set_cppr_at(__LINE__, m, cpu, cppr)

/* H_IPI from @cpu to the server of CPU @target. */
static void send_ipi_at(int line, Machine *m, uint32_t cpu, uint32_t target,
                        uint64_t mfrr)
{
    CHECK_H(line, "H_IPI", hcall2(m, cpu, OP_H_IPI, server_of(m, target), mfrr),
            SPAPR_H_SUCCESS);
}
#define send_ipi(m, cpu, target, mfrr)                                         \
    send_ipi_at(__LINE__, m, cpu, target, mfrr)

/* H_XIRR on @cpu: returns the XIRR. */
static uint32_t accept_at(int line, Machine *m, uint32_t cpu)
{
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    CHECK_H(line, "H_XIRR", hcall(m, cpu, OP_H_XIRR, NULL, 0, rets),
            SPAPR_H_SUCCESS);
    g_assert_cmphex(rets[0], <=, UINT32_MAX);
    return rets[0];
}
#define accept(m, cpu) accept_at(__LINE__, m, cpu)

/* H_XIRR on @cpu that must return @want. */
static void accept_expect_at(int line, Machine *m, uint32_t cpu, uint32_t want)
{
    uint32_t got = accept_at(line, m, cpu);

    if (got != want) {
        g_test_message("line %d: H_XIRR on CPU %u returned 0x%08x, want "
                       "0x%08x",
                       line, cpu, got, want);
    }
    g_assert_cmphex(got, ==, want);
}
#define accept_expect(m, cpu, want) accept_expect_at(__LINE__, m, cpu, want)

/* H_EOI on @cpu. */
static void eoi_at(int line, Machine *m, uint32_t cpu, uint64_t xirr)
{
    CHECK_H(line, "H_EOI", hcall1(m, cpu, OP_H_EOI, xirr), SPAPR_H_SUCCESS);
}
#define eoi(m, cpu, xirr) eoi_at(__LINE__, m, cpu, xirr)

/* H_IPOLL (from CPU 0) of CPU @target's server: XIRR and MFRR. */
static void ipoll(Machine *m, uint32_t target, uint32_t *xirr, uint32_t *mfrr)
{
    uint64_t args[1] = {server_of(m, target)};
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    g_assert_cmpint(hcall(m, 0, OP_H_IPOLL, args, 1, rets), ==,
                    SPAPR_H_SUCCESS);
    g_assert_cmphex(rets[0], <=, UINT32_MAX);
    g_assert_cmphex(rets[1], <=, 0xff);
    *xirr = rets[0];
    *mfrr = rets[1];
}

static void expect_ipoll_at(int line, Machine *m, uint32_t target,
                            uint32_t want_xirr, uint32_t want_mfrr)
{
    uint32_t xirr, mfrr;

    ipoll(m, target, &xirr, &mfrr);
    if (xirr != want_xirr || mfrr != want_mfrr) {
        g_test_message("line %d: H_IPOLL of CPU %u: XIRR 0x%08x MFRR 0x%02x, "
                       "want XIRR 0x%08x MFRR 0x%02x",
                       line, target, xirr, mfrr, want_xirr, want_mfrr);
    }
    g_assert_cmphex(xirr, ==, want_xirr);
    g_assert_cmphex(mfrr, ==, want_mfrr);
}
#define expect_ipoll(m, target, xirr, mfrr)                                    \
    expect_ipoll_at(__LINE__, m, target, xirr, mfrr)

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

/* Source @irqn is presented (not accepted) on CPU @cpu whose CPPR is
 * @cppr: the line is raised and H_IPOLL shows the source. */
static void expect_presented_at(int line, Machine *m, uint32_t cpu,
                                uint8_t cppr, uint32_t irqn)
{
    uint32_t xirr, mfrr;

    expect_line_at(line, m, cpu, true);
    ipoll(m, cpu, &xirr, &mfrr);
    if (xirr != XIRR(cppr, irqn)) {
        g_test_message("line %d: CPU %u has XIRR 0x%08x, want 0x%08x", line,
                       cpu, xirr, XIRR(cppr, irqn));
    }
    g_assert_cmphex(xirr, ==, XIRR(cppr, irqn));
}
#define expect_presented(m, cpu, cppr, irqn)                                   \
    expect_presented_at(__LINE__, m, cpu, cppr, irqn)

/* Nothing is presented on CPU @cpu whose CPPR is @cppr: line low, XISR 0.*/
static void expect_idle_at(int line, Machine *m, uint32_t cpu, uint8_t cppr)
{
    uint32_t xirr, mfrr;

    expect_line_at(line, m, cpu, false);
    ipoll(m, cpu, &xirr, &mfrr);
    if (xirr != XIRR(cppr, 0)) {
        g_test_message("line %d: CPU %u has XIRR 0x%08x, want 0x%08x", line,
                       cpu, xirr, XIRR(cppr, 0));
    }
    g_assert_cmphex(xirr, ==, XIRR(cppr, 0));
}
#define expect_idle(m, cpu, cppr) expect_idle_at(__LINE__, m, cpu, cppr)

/* Accepts @irqn on @cpu (presented with CPPR @cppr) and EOIs it. */
static void accept_eoi_at(int line, Machine *m, uint32_t cpu, uint8_t cppr,
                          uint32_t irqn)
{
    accept_expect_at(line, m, cpu, XIRR(cppr, irqn));
    expect_line_at(line, m, cpu, false);
    eoi_at(line, m, cpu, XIRR(cppr, irqn));
}
#define accept_eoi(m, cpu, cppr, irqn)                                         \
    accept_eoi_at(__LINE__, m, cpu, cppr, irqn)

/* The guest's first step: CPPR 0xff on every CPU (reset leaves CPPR 0). */
static void open_all_cpus(Machine *m)
{
    for (uint32_t c = 0; c < m->ncpus; c++) {
        set_cppr(m, c, 0xff);
    }
}

/* A machine with @ncpus CPUs whose CPPRs are all 0xff. */
static Machine *machine_start(const Backend *be, uint32_t ncpus)
{
    Machine *m = machine_new(be, ncpus);

    open_all_cpus(m);
    return m;
}

/* ---- sources and RTAS ---- */

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

/* Fires MSI @irqn (or asserts LSI @irqn). */
static void fire(Machine *m, uint32_t irqn)
{
    set_level(m, irqn, 1);
}

/* An interrupt RTAS call by CPU 0; returns rets[0] (the status). */
static uint32_t rtas(Machine *m, uint32_t token, uint32_t nargs,
                     const uint32_t *args, uint32_t nret, uint32_t *rets)
{
    g_assert_cmpuint(nret, >=, 1);
    rets[0] = 0x5a5a5a5a;
    g_assert_true(vmm_rtas(m->irq, 0, token, nargs, args, nret, rets));
    return rets[0];
}

static uint32_t set_xive(Machine *m, uint32_t irqn, uint32_t server,
                         uint32_t prio)
{
    uint32_t args[3] = {irqn, server, prio}, rets[1];

    return rtas(m, TOKEN_SET_XIVE, 3, args, 1, rets);
}

static uint32_t get_xive(Machine *m, uint32_t irqn, uint32_t *server,
                         uint32_t *prio)
{
    uint32_t args[1] = {irqn}, rets[3] = {0, 0x5a5a5a5a, 0x5a5a5a5a};
    uint32_t status = rtas(m, TOKEN_GET_XIVE, 1, args, 3, rets);

    *server = rets[1];
    *prio = rets[2];
    return status;
}

static uint32_t int_off(Machine *m, uint32_t irqn)
{
    uint32_t args[1] = {irqn}, rets[1];

    return rtas(m, TOKEN_INT_OFF, 1, args, 1, rets);
}

static uint32_t int_on(Machine *m, uint32_t irqn)
{
    uint32_t args[1] = {irqn}, rets[1];

    return rtas(m, TOKEN_INT_ON, 1, args, 1, rets);
}

/* set-xive @irqn to CPU @cpu's server at @prio, which must succeed. */
static void configure_at(int line, Machine *m, uint32_t irqn, uint32_t cpu,
                         uint32_t prio)
{
    uint32_t st = set_xive(m, irqn, server_of(m, cpu), prio);

    if (st != RTAS_OK) {
        g_test_message("line %d: set-xive 0x%x -> CPU %u prio 0x%x: status "
                       "0x%08x",
                       line, irqn, cpu, prio, st);
    }
    g_assert_cmphex(st, ==, RTAS_OK);
}
#define configure(m, irqn, cpu, prio) configure_at(__LINE__, m, irqn, cpu, prio)

static void expect_xive_at(int line, Machine *m, uint32_t irqn, uint32_t server,
                           uint32_t prio)
{
    uint32_t s, p, st = get_xive(m, irqn, &s, &p);

    if (st != RTAS_OK || s != server || p != prio) {
        g_test_message("line %d: get-xive 0x%x: status 0x%08x server %u prio "
                       "0x%x, want 0 %u 0x%x",
                       line, irqn, st, s, p, server, prio);
    }
    g_assert_cmphex(st, ==, RTAS_OK);
    g_assert_cmpuint(s, ==, server);
    g_assert_cmphex(p, ==, prio);
}
#define expect_xive(m, irqn, server, prio)                                     \
    expect_xive_at(__LINE__, m, irqn, server, prio)

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

/* Event @i; a missing one fails the test and reads as all ones. */
static const SpaprIrqTraceEvent *event_at(Machine *m, int i)
{
    static const SpaprIrqTraceEvent missing = {
        .id = SPAPR_TRACE_XICS_ICP_CHECK_IPI,
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

static bool skip_unless_emulated(const Backend *be, const char *why)
{
    if (!be->emulated) {
        g_test_skip(why);
        return true;
    }
    return false;
}

/* ==== presentation ==== */

/* After reset every ICP has XIRR 0 (CPPR 0: nothing can be presented),
 * MFRR 0xff, and the lines are low; CPPR 0xff opens the CPU and the
 * waiting source is resent then. */
static void test_reset_cppr_zero(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 2);

    for (uint32_t c = 0; c < m->ncpus; c++) {
        expect_ipoll(m, c, 0x00000000, 0xff);
        expect_line(m, c, false);
    }
    claim(m, MSI_A, false);
    configure(m, MSI_A, 0, 0);
    fire(m, MSI_A);
    expect_idle(m, 0, 0x00);
    g_assert_cmpuint(m->raises[0], ==, 0);

    set_cppr(m, 0, 0xff);
    expect_presented(m, 0, 0xff, MSI_A);
    expect_line(m, 1, false);
}

/* The basic cycle: fire, present, accept (CPPR <- priority), EOI (CPPR
 * restored from the given XIRR). */
static void test_present_accept_eoi(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);

    claim(m, MSI_A, false);
    configure(m, MSI_A, 0, 5);
    expect_only_line(m, NO_CPU);

    fire(m, MSI_A);
    expect_presented(m, 0, 0xff, MSI_A);
    expect_only_line(m, 0);
    g_assert_cmpuint(m->raises[0], ==, 1);

    accept_expect(m, 0, XIRR(0xff, MSI_A));
    expect_line(m, 0, false);
    expect_ipoll(m, 0, XIRR(5, 0), 0xff);

    eoi(m, 0, XIRR(0xff, MSI_A));
    expect_idle(m, 0, 0xff);
    g_assert_cmpuint(m->raises[0], ==, 1);
    g_assert_cmpuint(m->transitions[0], ==, 2);
}

/* A source at a priority not more favoured than CPPR is rejected and
 * waits; lowering CPPR (a larger value) with nothing pending resends it. */
static void test_cppr_blocks_then_resend(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);

    claim(m, MSI_A, false);
    claim(m, MSI_B, false);
    configure(m, MSI_A, 0, 5);
    configure(m, MSI_B, 0, 7);
    set_cppr(m, 0, 5);

    fire(m, MSI_A); /* priority == CPPR */
    fire(m, MSI_B); /* priority > CPPR */
    expect_idle(m, 0, 5);
    g_assert_cmpuint(m->raises[0], ==, 0);

    set_cppr(m, 0, 6); /* A (5) fits now, B (7) still not */
    expect_presented(m, 0, 6, MSI_A);
    accept_expect(m, 0, XIRR(6, MSI_A));
    eoi(m, 0, XIRR(6, MSI_A)); /* CPPR back to 6: B still blocked */
    expect_idle(m, 0, 6);

    set_cppr(m, 0, 0xff);
    expect_presented(m, 0, 0xff, MSI_B);
    accept_eoi(m, 0, 0xff, MSI_B);
    expect_idle(m, 0, 0xff);
    g_assert_cmpuint(m->raises[0], ==, 2);
}

/* A more favoured source preempts a pending one, which is resent once
 * the CPU is idle again. */
static void test_preemption(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);

    claim(m, MSI_A, false);
    claim(m, MSI_B, false);
    configure(m, MSI_A, 0, 5);
    configure(m, MSI_B, 0, 3);

    fire(m, MSI_A);
    expect_presented(m, 0, 0xff, MSI_A);
    fire(m, MSI_B);
    expect_presented(m, 0, 0xff, MSI_B);

    accept_expect(m, 0, XIRR(0xff, MSI_B));
    expect_idle(m, 0, 3);
    eoi(m, 0, XIRR(0xff, MSI_B));

    expect_presented(m, 0, 0xff, MSI_A);
    accept_eoi(m, 0, 0xff, MSI_A);
    expect_idle(m, 0, 0xff);
    expect_line(m, 1, false);
}

/* A less favoured source does not preempt; it is delivered after the
 * pending one is accepted and EOI'd. */
static void test_no_preemption_less_favoured(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);

    claim(m, MSI_A, false);
    claim(m, MSI_B, false);
    configure(m, MSI_A, 0, 3);
    configure(m, MSI_B, 0, 5);

    fire(m, MSI_A);
    fire(m, MSI_B);
    expect_presented(m, 0, 0xff, MSI_A);

    accept_expect(m, 0, XIRR(0xff, MSI_A));
    expect_idle(m, 0, 3); /* B (5) is not above CPPR 3 */
    eoi(m, 0, XIRR(0xff, MSI_A));

    expect_presented(m, 0, 0xff, MSI_B);
    accept_eoi(m, 0, 0xff, MSI_B);
    expect_idle(m, 0, 0xff);
    g_assert_cmpuint(m->raises[0], ==, 2);
}

/* Equal priority: the first pending source stays presented. */
static void test_equal_priority_first_stays(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);

    claim(m, MSI_A, false);
    claim(m, MSI_B, false);
    configure(m, MSI_A, 0, 5);
    configure(m, MSI_B, 0, 5);

    fire(m, MSI_B);
    fire(m, MSI_A);
    expect_presented(m, 0, 0xff, MSI_B);

    accept_eoi(m, 0, 0xff, MSI_B);
    expect_presented(m, 0, 0xff, MSI_A);
    accept_eoi(m, 0, 0xff, MSI_A);
    expect_idle(m, 0, 0xff);
}

/* Raising CPPR to or above the pending priority rejects the pending
 * source (XISR cleared, line lowered); lowering CPPR again resends it. */
static void test_cppr_raise_rejects_pending(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);

    claim(m, MSI_A, false);
    configure(m, MSI_A, 0, 5);
    fire(m, MSI_A);
    expect_presented(m, 0, 0xff, MSI_A);

    set_cppr(m, 0, 4);
    expect_idle(m, 0, 4);

    set_cppr(m, 0, 0xff);
    expect_presented(m, 0, 0xff, MSI_A);
    g_assert_cmpuint(m->raises[0], ==, 2);
    accept_eoi(m, 0, 0xff, MSI_A);
    expect_idle(m, 0, 0xff);
}

/* ==== LSI ==== */

/* An LSI still asserted at EOI is presented again; one deasserted before
 * EOI is not. */
static void test_lsi_level(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);

    claim(m, LSI_L, true);
    configure(m, LSI_L, 1, 5);

    set_level(m, LSI_L, 1);
    expect_presented(m, 1, 0xff, LSI_L);
    accept_expect(m, 1, XIRR(0xff, LSI_L));
    expect_idle(m, 1, 5);
    eoi(m, 1, XIRR(0xff, LSI_L)); /* still asserted: fires again */
    expect_presented(m, 1, 0xff, LSI_L);
    g_assert_cmpuint(m->raises[1], ==, 2);

    accept_expect(m, 1, XIRR(0xff, LSI_L));
    set_level(m, LSI_L, 0); /* the device deasserts before the EOI */
    eoi(m, 1, XIRR(0xff, LSI_L));
    expect_idle(m, 1, 0xff);
    g_assert_cmpuint(m->raises[1], ==, 2);
    expect_line(m, 0, false);
}

/* An LSI asserted while masked is delivered when unmasked, by set-xive or
 * by int-on. */
static void test_lsi_masked_then_unmasked(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);

    claim(m, LSI_L, true);
    claim(m, LSI_M, true);

    /* Masked since claimed (priority 0xff). */
    expect_xive(m, LSI_L, 0, PRIO_MASKED);
    set_level(m, LSI_L, 1);
    expect_only_line(m, NO_CPU);
    configure(m, LSI_L, 1, 5);
    expect_presented(m, 1, 0xff, LSI_L);
    accept_expect(m, 1, XIRR(0xff, LSI_L));
    set_level(m, LSI_L, 0);
    eoi(m, 1, XIRR(0xff, LSI_L));
    expect_idle(m, 1, 0xff);

    /* Turned off by int-off, asserted, turned on again. */
    configure(m, LSI_M, 0, 6);
    g_assert_cmphex(int_off(m, LSI_M), ==, RTAS_OK);
    set_level(m, LSI_M, 1);
    expect_only_line(m, NO_CPU);
    g_assert_cmphex(int_on(m, LSI_M), ==, RTAS_OK);
    expect_presented(m, 0, 0xff, LSI_M);
    accept_expect(m, 0, XIRR(0xff, LSI_M));
    set_level(m, LSI_M, 0);
    eoi(m, 0, XIRR(0xff, LSI_M));
    expect_idle(m, 0, 0xff);
}

/* An asserted LSI that is rejected (preempted, or pushed out by a CPPR
 * raise) is presented again once the CPU is idle. */
static void test_lsi_rejected_resent(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);

    claim(m, LSI_L, true);
    claim(m, MSI_A, false);
    configure(m, LSI_L, 0, 5);
    configure(m, MSI_A, 0, 3);

    set_level(m, LSI_L, 1);
    expect_presented(m, 0, 0xff, LSI_L);
    fire(m, MSI_A); /* preempts L */
    expect_presented(m, 0, 0xff, MSI_A);
    accept_eoi(m, 0, 0xff, MSI_A);
    expect_presented(m, 0, 0xff, LSI_L);

    set_cppr(m, 0, 5); /* pushes L out */
    expect_idle(m, 0, 5);
    set_cppr(m, 0, 0xff);
    expect_presented(m, 0, 0xff, LSI_L);

    accept_expect(m, 0, XIRR(0xff, LSI_L));
    set_level(m, LSI_L, 0);
    eoi(m, 0, XIRR(0xff, LSI_L));
    expect_idle(m, 0, 0xff);
    /* L, (A took over the raised line), L again, L after the CPPR dance.*/
    g_assert_cmpuint(m->raises[0], ==, 3);
}

/* Asserting an LSI twice while it is in flight presents it once. */
static void test_lsi_double_assert_once(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);

    claim(m, LSI_L, true);
    configure(m, LSI_L, 0, 5);

    set_level(m, LSI_L, 1);
    set_level(m, LSI_L, 1);
    expect_presented(m, 0, 0xff, LSI_L);
    accept_expect(m, 0, XIRR(0xff, LSI_L));
    set_level(m, LSI_L, 1); /* in flight (accepted, not EOI'd) */
    expect_idle(m, 0, 5);
    set_level(m, LSI_L, 0);
    eoi(m, 0, XIRR(0xff, LSI_L));
    expect_idle(m, 0, 0xff);
    g_assert_cmpuint(m->raises[0], ==, 1);
}

/* ==== MSI ==== */

/*
 * An MSI is an edge: fired twice while it is presented and not accepted,
 * the second message is rejected (the ICP is busy with an equal priority)
 * and remembered as rejected, so it is delivered again after the EOI of the
 * first.  Two messages, two deliveries, as QEMU 7.2 (icp_irq() rejects,
 * ics_reject() marks the MSI, icp_eoi() resends) and KVM's XICS do.
 */
static void test_msi_double_fire_twice(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);

    claim(m, MSI_A, false);
    configure(m, MSI_A, 0, 5);

    fire(m, MSI_A);
    fire(m, MSI_A);
    expect_presented(m, 0, 0xff, MSI_A);
    g_assert_cmpuint(m->raises[0], ==, 1);
    accept_eoi(m, 0, 0xff, MSI_A);
    /* The second message. */
    expect_presented(m, 0, 0xff, MSI_A);
    g_assert_cmpuint(m->raises[0], ==, 2);
    accept_eoi(m, 0, 0xff, MSI_A);
    expect_idle(m, 0, 0xff);
    g_assert_cmpuint(m->raises[0], ==, 2);
}

/* set_irq(MSI, 0) does nothing. */
static void test_msi_level_zero_noop(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);
    g_autoptr(GByteArray) before = NULL;

    claim(m, MSI_A, false);
    configure(m, MSI_A, 0, 5);
    before = save(m);

    set_level(m, MSI_A, 0);
    expect_idle(m, 0, 0xff);
    expect_state(m, before);

    /* Nothing was remembered either: masked, "fired" with 0, unmasked. */
    g_assert_cmphex(int_off(m, MSI_A), ==, RTAS_OK);
    set_level(m, MSI_A, 0);
    g_assert_cmphex(int_on(m, MSI_A), ==, RTAS_OK);
    expect_idle(m, 0, 0xff);
    g_assert_cmpuint(m->raises[0], ==, 0);
}

/* A masked MSI that fires is remembered and delivered on unmask, by
 * set-xive or by int-on after int-off. */
static void test_msi_masked_pending(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);

    claim(m, MSI_A, false);
    claim(m, MSI_B, false);

    /* Masked by set-xive priority 0xff. */
    configure(m, MSI_A, 1, PRIO_MASKED);
    fire(m, MSI_A);
    expect_only_line(m, NO_CPU);
    expect_idle(m, 1, 0xff);
    configure(m, MSI_A, 1, 5);
    expect_presented(m, 1, 0xff, MSI_A);
    accept_eoi(m, 1, 0xff, MSI_A);
    expect_idle(m, 1, 0xff);

    /* Masked by int-off. */
    configure(m, MSI_B, 0, 6);
    g_assert_cmphex(int_off(m, MSI_B), ==, RTAS_OK);
    fire(m, MSI_B);
    expect_only_line(m, NO_CPU);
    g_assert_cmphex(int_on(m, MSI_B), ==, RTAS_OK);
    expect_presented(m, 0, 0xff, MSI_B);
    accept_eoi(m, 0, 0xff, MSI_B);
    expect_idle(m, 0, 0xff);

    /* Delivered once: unmasking again brings nothing. */
    g_assert_cmphex(int_off(m, MSI_B), ==, RTAS_OK);
    g_assert_cmphex(int_on(m, MSI_B), ==, RTAS_OK);
    configure(m, MSI_A, 1, PRIO_MASKED);
    configure(m, MSI_A, 1, 5);
    expect_only_line(m, NO_CPU);
}

/* A masked MSI that never fired is not delivered on unmask. */
static void test_msi_masked_never_fired(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);

    claim(m, MSI_A, false);
    claim(m, MSI_B, false);
    configure(m, MSI_A, 0, PRIO_MASKED);
    configure(m, MSI_A, 0, 5);
    configure(m, MSI_B, 1, 5);
    g_assert_cmphex(int_off(m, MSI_B), ==, RTAS_OK);
    g_assert_cmphex(int_on(m, MSI_B), ==, RTAS_OK);
    expect_idle(m, 0, 0xff);
    expect_idle(m, 1, 0xff);
    g_assert_cmpuint(m->raises[0] + m->raises[1], ==, 0);
}

/* int-off masks and keeps the server; int-on restores the priority of
 * before int-off. */
static void test_int_off_on(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);
    uint32_t s1;

    claim(m, MSI_A, false);
    claim(m, LSI_L, true);
    s1 = server_of(m, 1);

    configure(m, MSI_A, 1, 5);
    g_assert_cmphex(int_off(m, MSI_A), ==, RTAS_OK);
    expect_xive(m, MSI_A, s1, PRIO_MASKED);
    g_assert_cmphex(int_on(m, MSI_A), ==, RTAS_OK);
    expect_xive(m, MSI_A, s1, 5);

    /* The same for an LSI. */
    configure(m, LSI_L, 1, 3);
    g_assert_cmphex(int_off(m, LSI_L), ==, RTAS_OK);
    expect_xive(m, LSI_L, s1, PRIO_MASKED);
    g_assert_cmphex(int_on(m, LSI_L), ==, RTAS_OK);
    expect_xive(m, LSI_L, s1, 3);

    /* Fired while off: delivered at int-on, with the restored priority. */
    g_assert_cmphex(int_off(m, MSI_A), ==, RTAS_OK);
    fire(m, MSI_A);
    expect_only_line(m, NO_CPU);
    set_cppr(m, 1, 6);
    g_assert_cmphex(int_on(m, MSI_A), ==, RTAS_OK);
    expect_presented(m, 1, 6, MSI_A);
    accept_expect(m, 1, XIRR(6, MSI_A));
    expect_ipoll(m, 1, XIRR(5, 0), 0xff);
    eoi(m, 1, XIRR(0xff, MSI_A));
    expect_idle(m, 1, 0xff);
}

/* ==== IPIs ==== */

/* H_IPI to each server raises that CPU's line only; the guest's
 * accept / clear MFRR / EOI sequence leaves it idle. */
static void test_ipi_every_server(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 4);

    for (uint32_t t = 0; t < m->ncpus; t++) {
        send_ipi(m, 0, t, 4);
        expect_only_line(m, t);
        expect_ipoll(m, t, XIRR(0xff, XISR_IPI), 4);
        for (uint32_t o = 0; o < m->ncpus; o++) {
            if (o != t) {
                expect_ipoll(m, o, XIRR(0xff, 0), 0xff);
            }
        }

        accept_expect(m, t, XIRR(0xff, XISR_IPI));
        expect_only_line(m, NO_CPU);
        expect_ipoll(m, t, XIRR(4, 0), 4);

        send_ipi(m, t, t, 0xff);
        eoi(m, t, XIRR(0xff, XISR_IPI));
        expect_only_line(m, NO_CPU);
        expect_ipoll(m, t, XIRR(0xff, 0), 0xff);
        g_assert_cmpuint(m->raises[t], ==, 1);
    }
}

/* MFRR left below CPPR at EOI presents the IPI again. */
static void test_ipi_not_cleared_represented(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);

    send_ipi(m, 0, 1, 4);
    accept_expect(m, 1, XIRR(0xff, XISR_IPI));
    eoi(m, 1, XIRR(0xff, XISR_IPI));
    expect_presented(m, 1, 0xff, XISR_IPI);
    expect_ipoll(m, 1, XIRR(0xff, XISR_IPI), 4);
    g_assert_cmpuint(m->raises[1], ==, 2);

    accept_expect(m, 1, XIRR(0xff, XISR_IPI));
    send_ipi(m, 1, 1, 0xff);
    eoi(m, 1, XIRR(0xff, XISR_IPI));
    expect_idle(m, 1, 0xff);
}

/* MFRR not more favoured than CPPR presents nothing (the IPI waits for
 * CPPR to go down). */
static void test_ipi_mfrr_not_favoured(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);

    send_ipi(m, 0, 1, 0xff);
    expect_idle(m, 1, 0xff);

    set_cppr(m, 1, 5);
    send_ipi(m, 0, 1, 5);
    expect_ipoll(m, 1, XIRR(5, 0), 5);
    send_ipi(m, 0, 1, 6);
    expect_ipoll(m, 1, XIRR(5, 0), 6);
    expect_only_line(m, NO_CPU);
    g_assert_cmpuint(m->raises[1], ==, 0);

    set_cppr(m, 1, 0xff);
    expect_presented(m, 1, 0xff, XISR_IPI);
    accept_expect(m, 1, XIRR(0xff, XISR_IPI));
    expect_ipoll(m, 1, XIRR(6, 0), 6);
    send_ipi(m, 1, 1, 0xff);
    eoi(m, 1, XIRR(0xff, XISR_IPI));
    expect_idle(m, 1, 0xff);
}

/* An IPI more favoured than a pending source preempts it; the source is
 * resent after the IPI is handled. */
static void test_ipi_preempts_source(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);

    claim(m, MSI_A, false);
    configure(m, MSI_A, 1, 5);
    fire(m, MSI_A);
    expect_presented(m, 1, 0xff, MSI_A);

    send_ipi(m, 0, 1, 3);
    expect_presented(m, 1, 0xff, XISR_IPI);
    expect_ipoll(m, 1, XIRR(0xff, XISR_IPI), 3);

    accept_expect(m, 1, XIRR(0xff, XISR_IPI));
    expect_idle(m, 1, 3);
    send_ipi(m, 1, 1, 0xff);
    eoi(m, 1, XIRR(0xff, XISR_IPI));

    expect_presented(m, 1, 0xff, MSI_A);
    accept_eoi(m, 1, 0xff, MSI_A);
    expect_idle(m, 1, 0xff);
    expect_line(m, 0, false);
}

/* A pending source more favoured than MFRR is not preempted by the IPI,
 * which is presented after the source is handled. */
static void test_ipi_no_preempt_favoured_source(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);

    claim(m, MSI_A, false);
    configure(m, MSI_A, 1, 3);
    fire(m, MSI_A);
    send_ipi(m, 0, 1, 5);
    expect_presented(m, 1, 0xff, MSI_A);
    expect_ipoll(m, 1, XIRR(0xff, MSI_A), 5);

    accept_expect(m, 1, XIRR(0xff, MSI_A));
    expect_idle(m, 1, 3);
    eoi(m, 1, XIRR(0xff, MSI_A));

    expect_presented(m, 1, 0xff, XISR_IPI);
    accept_expect(m, 1, XIRR(0xff, XISR_IPI));
    send_ipi(m, 1, 1, 0xff);
    eoi(m, 1, XIRR(0xff, XISR_IPI));
    expect_idle(m, 1, 0xff);
}

/* ==== polling, H_XIRR_X, routing ==== */

/* H_IPOLL reads any server's XIRR and MFRR without changing anything. */
static void test_ipoll_no_side_effects(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);
    g_autoptr(GByteArray) before = NULL;
    uint32_t x1, f1, x2, f2;
    unsigned transitions;

    claim(m, MSI_A, false);
    configure(m, MSI_A, 1, 5);
    fire(m, MSI_A);
    send_ipi(m, 0, 1, 0x20); /* MFRR set, not presented (5 < 0x20) */
    transitions = m->transitions[1];
    before = save(m);

    ipoll(m, 1, &x1, &f1);
    ipoll(m, 1, &x2, &f2);
    g_assert_cmphex(x1, ==, XIRR(0xff, MSI_A));
    g_assert_cmphex(f1, ==, 0x20);
    g_assert_cmphex(x2, ==, x1);
    g_assert_cmphex(f2, ==, f1);
    /* Polled from the polled CPU itself too. */
    {
        uint64_t args[1] = {server_of(m, 1)};
        uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

        g_assert_cmpint(hcall(m, 1, OP_H_IPOLL, args, 1, rets), ==,
                        SPAPR_H_SUCCESS);
        g_assert_cmphex(rets[0], ==, x1);
        g_assert_cmphex(rets[1], ==, f1);
    }
    expect_line(m, 1, true);
    g_assert_cmpuint(m->transitions[1], ==, transitions);
    expect_state(m, before);

    accept_expect(m, 1, XIRR(0xff, MSI_A));
    expect_ipoll(m, 1, XIRR(5, 0), 0x20);
    send_ipi(m, 1, 1, 0xff);
    eoi(m, 1, XIRR(0xff, MSI_A));
    expect_idle(m, 1, 0xff);
}

/* H_XIRR_X is H_XIRR plus the timebase. */
static void test_xirr_x_timebase(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    claim(m, MSI_A, false);
    configure(m, MSI_A, 0, 5);
    fire(m, MSI_A);

    g_assert_cmpint(hcall(m, 0, OP_H_XIRR_X, NULL, 0, rets), ==,
                    SPAPR_H_SUCCESS);
    g_assert_cmphex(rets[0], ==, XIRR(0xff, MSI_A));
    g_assert_cmphex(rets[1], ==, FIXED_TIMEBASE);
    expect_idle(m, 0, 5);

    /* With nothing pending: XIRR with XISR 0, CPPR unchanged by the
     * (empty) pending priority 0xff. */
    eoi(m, 0, XIRR(0xff, MSI_A));
    memset(rets, 0, sizeof(rets));
    g_assert_cmpint(hcall(m, 0, OP_H_XIRR_X, NULL, 0, rets), ==,
                    SPAPR_H_SUCCESS);
    g_assert_cmphex(rets[0], ==, XIRR(0xff, 0));
    g_assert_cmphex(rets[1], ==, FIXED_TIMEBASE);
    expect_idle(m, 0, 0xff);
}

/* set-xive routes a source to one server's CPU only; get-xive reads the
 * routing back. */
static void test_routing(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 4);

    claim(m, MSI_A, false);
    configure(m, MSI_A, 1, 5);
    expect_xive(m, MSI_A, server_of(m, 1), 5);
    fire(m, MSI_A);
    expect_only_line(m, 1);
    expect_presented(m, 1, 0xff, MSI_A);
    accept_eoi(m, 1, 0xff, MSI_A);

    for (uint32_t t = 0; t < m->ncpus; t++) {
        configure(m, MSI_A, t, 2 + t);
        expect_xive(m, MSI_A, server_of(m, t), 2 + t);
        fire(m, MSI_A);
        expect_only_line(m, t);
        expect_presented(m, t, 0xff, MSI_A);
        accept_expect(m, t, XIRR(0xff, MSI_A));
        expect_ipoll(m, t, XIRR(2 + t, 0), 0xff);
        eoi(m, t, XIRR(0xff, MSI_A));
        expect_only_line(m, NO_CPU);
    }
}

/* 100 sources rejected together are then delivered exactly once each, in
 * ascending source order, whatever order they fired in. */
static void test_many_sources_ascending(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);
    const uint32_t n = 100, base = 0x1400;

    for (uint32_t i = 0; i < n; i++) {
        claim(m, base + i, false);
        configure(m, base + i, 0, 5);
    }
    set_cppr(m, 0, 4);
    for (uint32_t i = n; i-- > 0;) {
        fire(m, base + i);
    }
    expect_idle(m, 0, 4);
    g_assert_cmpuint(m->raises[0], ==, 0);

    set_cppr(m, 0, 0xff);
    for (uint32_t i = 0; i < n; i++) {
        expect_presented(m, 0, 0xff, base + i);
        accept_eoi(m, 0, 0xff, base + i);
    }
    expect_idle(m, 0, 0xff);
    g_assert_cmpuint(m->raises[0], ==, n);
    expect_line(m, 1, false);
}

/* One resend pass visits every waiting source, whatever its server:
 * sources waiting for two CPUs, interleaved by number, are delivered to
 * the CPU that opens up, the others keep waiting for theirs. */
static void test_resend_every_waiting_source(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 2);
    const uint32_t base = 0x1500, n = 8;

    for (uint32_t i = 0; i < n; i++) {
        claim(m, base + i, false);
        configure(m, base + i, i % 2, 5);
    }
    set_cppr(m, 0, 4);
    set_cppr(m, 1, 4);
    for (uint32_t i = 0; i < n; i++) {
        fire(m, base + i);
    }
    expect_only_line(m, NO_CPU);

    set_cppr(m, 1, 0xff); /* odd sources target CPU 1 */
    expect_only_line(m, 1);
    for (uint32_t i = 1; i < n; i += 2) {
        expect_presented(m, 1, 0xff, base + i);
        accept_eoi(m, 1, 0xff, base + i);
    }
    expect_idle(m, 1, 0xff);
    expect_idle(m, 0, 4);

    set_cppr(m, 0, 0xff);
    for (uint32_t i = 0; i < n; i += 2) {
        expect_presented(m, 0, 0xff, base + i);
        accept_eoi(m, 0, 0xff, base + i);
    }
    expect_only_line(m, NO_CPU);
    g_assert_cmpuint(m->raises[0], ==, n / 2);
    g_assert_cmpuint(m->raises[1], ==, n / 2);
}

/* ==== bad input ==== */

/* A machine with something to lose: a source presented on CPU 0, an MFRR
 * set on CPU 1, a configured source. */
static Machine *machine_busy(const Backend *be)
{
    Machine *m = machine_start(be, 2);

    claim(m, MSI_A, false);
    claim(m, MSI_B, false);
    claim(m, LSI_L, true);
    configure(m, MSI_A, 0, 5);
    configure(m, MSI_B, 1, 6);
    configure(m, LSI_L, 1, 4);
    fire(m, MSI_A);
    set_cppr(m, 1, 7);
    send_ipi(m, 0, 1, 0x30);
    expect_presented(m, 0, 0xff, MSI_A);
    expect_ipoll(m, 1, XIRR(7, 0), 0x30);
    return m;
}

static void expect_busy_unchanged_at(int line, Machine *m,
                                     const GByteArray *before)
{
    expect_state_at(line, m, before);
    expect_presented_at(line, m, 0, 0xff, MSI_A);
    expect_ipoll_at(line, m, 1, XIRR(7, 0), 0x30);
    expect_line_at(line, m, 1, false);
    expect_xive_at(line, m, MSI_B, server_of(m, 1), 6);
}
#define expect_busy_unchanged(m, before)                                       \
    expect_busy_unchanged_at(__LINE__, m, before)

#define CHECK_BAD_HCALL(m, before, cpu, op, args, nargs, want)                 \
    do {                                                                       \
        uint64_t rets_[SPAPR_IRQ_HCALL_MAX_RETS] = {0};                        \
        CHECK_H(__LINE__, #op, hcall(m, cpu, op, args, nargs, rets_), want);   \
        expect_busy_unchanged(m, before);                                      \
    } while (0)

/* H_IPI, H_IPOLL and H_CPPR with bad arguments or too few of them. */
static void test_bad_hcall_args(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    const uint64_t bad_servers[] = {4096, 99, UINT64_MAX, server_of(m, 5),
                                    UINT64_C(1) << 32};

    for (size_t i = 0; i < G_N_ELEMENTS(bad_servers); i++) {
        uint64_t ipi[2] = {bad_servers[i], 3};
        uint64_t poll[1] = {bad_servers[i]};

        g_test_message("bad server %" PRIu64, bad_servers[i]);
        CHECK_BAD_HCALL(m, before, 0, OP_H_IPI, ipi, 2, SPAPR_H_PARAMETER);
        CHECK_BAD_HCALL(m, before, 0, OP_H_IPOLL, poll, 1, SPAPR_H_PARAMETER);
    }
    {
        uint64_t ipi[2] = {server_of(m, 1), 0x100};
        uint64_t ipi0[2] = {server_of(m, 0), UINT64_C(0x1000000003)};

        CHECK_BAD_HCALL(m, before, 0, OP_H_IPI, ipi, 2, SPAPR_H_PARAMETER);
        CHECK_BAD_HCALL(m, before, 0, OP_H_IPI, ipi0, 2, SPAPR_H_PARAMETER);
        CHECK_BAD_HCALL(m, before, 0, OP_H_IPI, ipi, 1, SPAPR_H_PARAMETER);
    }
    {
        uint64_t cppr[1] = {0x100};
        uint64_t cppr_big[1] = {UINT64_C(0x100000000)};

        CHECK_BAD_HCALL(m, before, 0, OP_H_CPPR, cppr, 1, SPAPR_H_PARAMETER);
        CHECK_BAD_HCALL(m, before, 0, OP_H_CPPR, cppr_big, 1,
                        SPAPR_H_PARAMETER);
    }
    {
        /* Too few arguments: nargs 0 (the args are valid otherwise). */
        uint64_t args[2] = {server_of(m, 1), 0x01};

        CHECK_BAD_HCALL(m, before, 0, OP_H_IPI, args, 0, SPAPR_H_PARAMETER);
        CHECK_BAD_HCALL(m, before, 0, OP_H_IPOLL, args, 0, SPAPR_H_PARAMETER);
        args[0] = 0x02;
        CHECK_BAD_HCALL(m, before, 0, OP_H_CPPR, args, 0, SPAPR_H_PARAMETER);
        args[0] = XIRR(0x00, 0);
        CHECK_BAD_HCALL(m, before, 0, OP_H_EOI, args, 0, SPAPR_H_PARAMETER);
    }
}

/* H_EOI with a bad XIRR; XISR 0 and 2 are fine. */
static void test_bad_eoi(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);

    /* Above 32 bits: refused, nothing changes (not even CPPR). */
    CHECK_BAD_HCALL(m, before, 0, OP_H_EOI,
                    ((uint64_t[]){UINT64_C(0x1ff000000) | MSI_A}), 1,
                    SPAPR_H_PARAMETER);
    CHECK_BAD_HCALL(m, before, 1, OP_H_EOI,
                    ((uint64_t[]){UINT64_C(0xffffffff00000000)}), 1,
                    SPAPR_H_PARAMETER);

    /* Accept on CPU 0 (CPPR 5), then EOI naming a source that is not
     * claimed (in range) or out of the ICS: SPAPR_H_PARAMETER, but the CPPR is
     * restored from the top byte (as KVM does). */
    accept_expect(m, 0, XIRR(0xff, MSI_A));
    expect_ipoll(m, 0, XIRR(5, 0), 0xff);
    CHECK_H(__LINE__, "H_EOI unclaimed",
            hcall1(m, 0, OP_H_EOI, XIRR(0x80, UNCLAIM)), SPAPR_H_PARAMETER);
    expect_idle(m, 0, 0x80);
    CHECK_H(__LINE__, "H_EOI out of range",
            hcall1(m, 0, OP_H_EOI, XIRR(0xff, 0x5)), SPAPR_H_PARAMETER);
    expect_idle(m, 0, 0xff);
    CHECK_H(__LINE__, "H_EOI above the ICS",
            hcall1(m, 0, OP_H_EOI, XIRR(0x90, 0x2000)), SPAPR_H_PARAMETER);
    expect_idle(m, 0, 0x90);
    /* The other CPU and the sources did not notice. */
    expect_ipoll(m, 1, XIRR(7, 0), 0x30);
    expect_xive(m, MSI_A, server_of(m, 0), 5);
    expect_xive(m, MSI_B, server_of(m, 1), 6);

    /* XISR 0 and XISR 2 (the IPI) are accepted. */
    CHECK_H(__LINE__, "H_EOI XISR 0", hcall1(m, 0, OP_H_EOI, XIRR(0xff, 0)),
            SPAPR_H_SUCCESS);
    expect_idle(m, 0, 0xff);
    CHECK_H(__LINE__, "H_EOI XISR 2",
            hcall1(m, 0, OP_H_EOI, XIRR(0xff, XISR_IPI)), SPAPR_H_SUCCESS);
    expect_idle(m, 0, 0xff);

    /* The machine still works. */
    fire(m, MSI_A);
    expect_presented(m, 0, 0xff, MSI_A);
    accept_eoi(m, 0, 0xff, MSI_A);
    expect_idle(m, 0, 0xff);
}

/* Hcalls from a CPU index that was never added or is out of range. */
static void test_bad_cpu_index(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    const uint32_t bad_cpus[] = {7, 2, MAX_CPUS, UINT32_MAX};
    const uint64_t ops[] = {OP_H_EOI,   OP_H_CPPR, OP_H_IPI,
                            OP_H_IPOLL, OP_H_XIRR, OP_H_XIRR_X};

    for (size_t i = 0; i < G_N_ELEMENTS(bad_cpus); i++) {
        for (size_t j = 0; j < G_N_ELEMENTS(ops); j++) {
            uint64_t args[2] = {0, 0xff};

            switch (ops[j]) {
            case OP_H_EOI:
                args[0] = XIRR(0xff, 0);
                break;
            case OP_H_CPPR:
                args[0] = 0xff;
                break;
            default:
                args[0] = server_of(m, 0);
                break;
            }
            g_test_message("cpu %u op 0x%" PRIx64, bad_cpus[i], ops[j]);
            CHECK_BAD_HCALL(m, before, bad_cpus[i], ops[j], args, 2,
                            SPAPR_H_HARDWARE);
        }
    }
}

#define CHECK_BAD_RTAS(m, before, token, nargs, args, nret, want)              \
    do {                                                                       \
        uint32_t rets_[3] = {0x5a5a5a5a, 0x5a5a5a5a, 0x5a5a5a5a};              \
        uint32_t st_ = rtas(m, token, nargs, args, nret, rets_);               \
        if (st_ != (want)) {                                                   \
            g_test_message("line %d: RTAS 0x%x status 0x%08x, want 0x%08x",    \
                           __LINE__, token, st_, (uint32_t)(want));            \
        }                                                                      \
        g_assert_cmphex(st_, ==, (want));                                      \
        expect_busy_unchanged(m, before);                                      \
    } while (0)

/* RTAS calls with a bad IRQ, server, priority or argument count. */
static void test_bad_rtas(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    /* Out of the ICS range only: an unclaimed IRQ in range is acted on
     * (test_rtas_unclaimed). */
    const uint32_t bad_irqs[] = {0xfff, 0x2000, 0, 2, UINT32_MAX};
    const uint32_t s1 = server_of(m, 1);

    g_assert_cmphex(spapr_irq_rtas_token("ibm,set-xive"), ==, TOKEN_SET_XIVE);
    g_assert_cmphex(spapr_irq_rtas_token("ibm,get-xive"), ==, TOKEN_GET_XIVE);
    g_assert_cmphex(spapr_irq_rtas_token("ibm,int-off"), ==, TOKEN_INT_OFF);
    g_assert_cmphex(spapr_irq_rtas_token("ibm,int-on"), ==, TOKEN_INT_ON);

    for (size_t i = 0; i < G_N_ELEMENTS(bad_irqs); i++) {
        uint32_t set[3] = {bad_irqs[i], s1, 5}, one[1] = {bad_irqs[i]};

        g_test_message("bad irq 0x%x", bad_irqs[i]);
        CHECK_BAD_RTAS(m, before, TOKEN_SET_XIVE, 3, set, 1, RTAS_PARAM_ERR);
        CHECK_BAD_RTAS(m, before, TOKEN_GET_XIVE, 1, one, 3, RTAS_PARAM_ERR);
        CHECK_BAD_RTAS(m, before, TOKEN_INT_OFF, 1, one, 1, RTAS_PARAM_ERR);
        CHECK_BAD_RTAS(m, before, TOKEN_INT_ON, 1, one, 1, RTAS_PARAM_ERR);
    }
    {
        /* Unknown servers: a CPU never added, beyond every server. */
        const uint32_t servers[] = {server_of(m, 7), 4096, 99, UINT32_MAX};

        for (size_t i = 0; i < G_N_ELEMENTS(servers); i++) {
            uint32_t set[3] = {MSI_B, servers[i], 5};

            CHECK_BAD_RTAS(m, before, TOKEN_SET_XIVE, 3, set, 1,
                           RTAS_PARAM_ERR);
        }
    }
    {
        uint32_t set[3] = {MSI_B, s1, 0x100};

        CHECK_BAD_RTAS(m, before, TOKEN_SET_XIVE, 3, set, 1, RTAS_PARAM_ERR);
        set[2] = UINT32_MAX;
        CHECK_BAD_RTAS(m, before, TOKEN_SET_XIVE, 3, set, 1, RTAS_PARAM_ERR);
    }
    {
        /* Wrong argument or result counts, with otherwise valid calls. */
        uint32_t set[4] = {MSI_B, s1, 2, 0}, one[2] = {MSI_B, 0};

        CHECK_BAD_RTAS(m, before, TOKEN_SET_XIVE, 2, set, 1, RTAS_PARAM_ERR);
        CHECK_BAD_RTAS(m, before, TOKEN_SET_XIVE, 4, set, 1, RTAS_PARAM_ERR);
        CHECK_BAD_RTAS(m, before, TOKEN_SET_XIVE, 3, set, 2, RTAS_PARAM_ERR);
        CHECK_BAD_RTAS(m, before, TOKEN_GET_XIVE, 1, one, 1, RTAS_PARAM_ERR);
        CHECK_BAD_RTAS(m, before, TOKEN_GET_XIVE, 1, one, 2, RTAS_PARAM_ERR);
        CHECK_BAD_RTAS(m, before, TOKEN_GET_XIVE, 0, one, 3, RTAS_PARAM_ERR);
        CHECK_BAD_RTAS(m, before, TOKEN_GET_XIVE, 2, one, 3, RTAS_PARAM_ERR);
        CHECK_BAD_RTAS(m, before, TOKEN_INT_OFF, 0, one, 1, RTAS_PARAM_ERR);
        CHECK_BAD_RTAS(m, before, TOKEN_INT_OFF, 1, one, 2, RTAS_PARAM_ERR);
        CHECK_BAD_RTAS(m, before, TOKEN_INT_ON, 2, one, 1, RTAS_PARAM_ERR);
        CHECK_BAD_RTAS(m, before, TOKEN_INT_ON, 1, one, 3, RTAS_PARAM_ERR);
    }
    {
        /* nret 0: nowhere for a status, the results are left alone. */
        const uint32_t tokens[] = {TOKEN_SET_XIVE, TOKEN_GET_XIVE,
                                   TOKEN_INT_OFF, TOKEN_INT_ON};
        uint32_t args[3] = {MSI_B, s1, 2};

        for (size_t i = 0; i < G_N_ELEMENTS(tokens); i++) {
            uint32_t rets[3] = {0xdeadbeef, 0xdeadbeef, 0xdeadbeef};

            g_assert_true(vmm_rtas(m->irq, 0, tokens[i],
                                   tokens[i] == TOKEN_SET_XIVE ? 3 : 1, args, 0,
                                   rets));
            g_assert_cmphex(rets[0], ==, 0xdeadbeef);
            g_assert_cmphex(rets[1], ==, 0xdeadbeef);
            g_assert_cmphex(rets[2], ==, 0xdeadbeef);
            expect_busy_unchanged(m, before);
        }
    }
    /* A token that is not an interrupt RTAS call is the VMM's. */
    {
        uint32_t args[1] = {MSI_B}, rets[1] = {0xdeadbeef};

        g_assert_false(vmm_rtas(m->irq, 0, 0x2001, 1, args, 1, rets));
        g_assert_cmphex(rets[0], ==, 0xdeadbeef);
        expect_busy_unchanged(m, before);
    }
}

/* set_irq on an unclaimed or out-of-range IRQ. */
static void test_bad_set_irq(const void *data)
{
    g_autoptr(Machine) m = machine_busy(data);
    g_autoptr(GByteArray) before = save(m);
    const uint32_t unclaimed[] = {UNCLAIM, 0x1000, MSI_D};
    const uint32_t outside[] = {0, 2, 0xfff, 0x2000, UINT32_MAX};

    for (size_t i = 0; i < G_N_ELEMENTS(unclaimed); i++) {
        for (int level = 0; level <= 1; level++) {
            g_autoptr(GError) err = NULL;

            g_assert_false(
                spapr_irq_set_irq(m->irq, unclaimed[i], level, &err));
            g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE);
            expect_busy_unchanged(m, before);
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(outside); i++) {
        for (int level = 0; level <= 1; level++) {
            g_autoptr(GError) err = NULL;

            g_assert_false(spapr_irq_set_irq(m->irq, outside[i], level, &err));
            g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_RANGE);
            expect_busy_unchanged(m, before);
        }
    }
}

/* ==== XIVE active ==== */

/* Runs every XICS hcall and RTAS call, with valid arguments, on a
 * machine; checks they all answer @hcall_want / @rtas_want. */
static void check_xics_calls(Machine *m, int64_t hcall_want, uint32_t rtas_want)
{
    const uint32_t s0 = server_of(m, 0);
    struct {
        uint64_t op;
        uint64_t args[2];
        size_t nargs;
    } calls[] = {
        {OP_H_CPPR, {0xff, 0}, 1}, {OP_H_IPI, {s0, 0xff}, 2},
        {OP_H_IPOLL, {s0, 0}, 1},  {OP_H_XIRR, {0, 0}, 0},
        {OP_H_XIRR_X, {0, 0}, 0},  {OP_H_EOI, {XIRR(0xff, 0), 0}, 1},
    };
    uint32_t set[3] = {MSI_A, s0, 5}, one[1] = {MSI_A};

    for (size_t i = 0; i < G_N_ELEMENTS(calls); i++) {
        CHECK_H(__LINE__, "XICS hcall",
                hcall(m, 0, calls[i].op, calls[i].args, calls[i].nargs, NULL),
                hcall_want);
    }
    {
        uint32_t rets[3];

        g_assert_cmphex(rtas(m, TOKEN_SET_XIVE, 3, set, 1, rets), ==,
                        rtas_want);
        g_assert_cmphex(rtas(m, TOKEN_GET_XIVE, 1, one, 3, rets), ==,
                        rtas_want);
        g_assert_cmphex(rtas(m, TOKEN_INT_OFF, 1, one, 1, rets), ==, rtas_want);
        g_assert_cmphex(rtas(m, TOKEN_INT_ON, 1, one, 1, rets), ==, rtas_want);
    }
}

/* Once the guest chose XIVE at CAS and the machine reset, every XICS
 * hcall answers SPAPR_H_HARDWARE and every XICS RTAS call -1. */
static void test_xive_active(const void *data)
{
    const Backend *be = data;
    MachineOpts opts = {"pseries,ic-mode=dual", "power9", 2};
    g_autoptr(Machine) m = NULL;
    g_autoptr(GError) err = NULL;

    if (skip_unless_emulated(be, "XIVE is only checked emulated")) {
        return;
    }
    m = machine_new_opts(be, &opts);
    claim(m, MSI_A, false);

    /* XICS first: the calls work. */
    check_xics_calls(m, SPAPR_H_SUCCESS, RTAS_OK);

    g_assert_true(spapr_irq_cas(m->irq, SPAPR_OV5_XIVE, &err));
    g_assert_no_error(err);
    g_clear_error(&err);
    g_assert_true(spapr_irq_reset(m->irq, &err));
    g_assert_no_error(err);
    g_clear_error(&err);
    g_assert_cmpint(spapr_irq_active(m->irq), ==, SPAPR_INTC_XIVE);
    check_xics_calls(m, SPAPR_H_HARDWARE, RTAS_HW_ERR);
    check_xics_calls(m, SPAPR_H_HARDWARE, RTAS_HW_ERR);

    /* A reset without a new CAS returns the dual machine to XICS. */
    g_assert_true(spapr_irq_reset(m->irq, &err));
    g_assert_no_error(err);
    g_clear_error(&err);
    g_assert_cmpint(spapr_irq_active(m->irq), ==, SPAPR_INTC_XICS);
    check_xics_calls(m, SPAPR_H_SUCCESS, RTAS_OK);
}

/* ==== reset ==== */

/* QEMU 7.2's ics_valid_irq() checks the range only: the RTAS calls act on
 * an IRQ in 0x1000..0x1fff that was never claimed as on a claimed one
 * (get-xive of 0x1002 answers 0, server 0, priority 0xff). */
static void test_rtas_unclaimed(const void *data)
{
    g_autoptr(Machine) m = machine_new(data, 2);
    const uint32_t s1 = server_of(m, 1);
    const uint32_t irqs[] = {0x1002, 0x1000, UNCLAIM};

    if (skip_unless_emulated(data, "the in-kernel XICS gives the kernel's "
                                   "answer (docs/specs/xics.md)")) {
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(irqs); i++) {
        g_test_message("unclaimed irq 0x%x", irqs[i]);
        expect_xive(m, irqs[i], 0, 0xff);
        g_assert_cmphex(set_xive(m, irqs[i], s1, 5), ==, RTAS_OK);
        expect_xive(m, irqs[i], s1, 5);
        g_assert_cmphex(int_off(m, irqs[i]), ==, RTAS_OK);
        expect_xive(m, irqs[i], s1, 0xff);
        g_assert_cmphex(int_on(m, irqs[i]), ==, RTAS_OK);
        expect_xive(m, irqs[i], s1, 5);
    }
    /* Nothing was presented: no source of these is ever triggered. */
    g_assert_cmpuint(m->raises[0], ==, 0);
    g_assert_cmpuint(m->raises[1], ==, 0);
}

/* A machine reset of a dual machine resets both controllers, as QEMU 7.2
 * does: the XICS a CAS switch leaves inactive is reset too, so the saved
 * state after the switch equals that of a machine whose XICS was never
 * used. */
static void test_reset_inactive_xics(const void *data)
{
    const Backend *be = data;
    MachineOpts opts = {"pseries,ic-mode=dual", "power9", 2};
    g_autoptr(Machine) used = NULL;
    g_autoptr(Machine) fresh = NULL;
    g_autoptr(GByteArray) a = NULL;
    g_autoptr(GByteArray) b = NULL;
    Machine *ms[2];

    if (skip_unless_emulated(be, "XIVE is only checked emulated")) {
        return;
    }
    used = machine_new_opts(be, &opts);
    fresh = machine_new_opts(be, &opts);
    ms[0] = used;
    ms[1] = fresh;
    for (int i = 0; i < 2; i++) {
        claim(ms[i], MSI_A, false);
    }
    /* The guest uses XICS before CAS: a source routed, a CPPR, an MFRR. */
    configure(used, MSI_A, 1, 5);
    g_assert_cmpint(hcall1(used, 0, OP_H_CPPR, 4), ==, SPAPR_H_SUCCESS);
    g_assert_cmpint(hcall2(used, 0, OP_H_IPI, server_of(used, 1), 6), ==,
                    SPAPR_H_SUCCESS);
    for (int i = 0; i < 2; i++) {
        g_autoptr(GError) err = NULL;

        g_assert_true(spapr_irq_cas(ms[i]->irq, SPAPR_OV5_XIVE, &err));
        g_assert_no_error(err);
        g_assert_true(spapr_irq_reset(ms[i]->irq, &err));
        g_assert_no_error(err);
        g_assert_cmpint(spapr_irq_active(ms[i]->irq), ==, SPAPR_INTC_XIVE);
    }
    a = save(used);
    b = save(fresh);
    assert_same_bytes(a, b);
}

static void test_reset(const void *data)
{
    g_autoptr(Machine) m = machine_start(data, 4);
    g_autoptr(GError) err = NULL;
    bool lsi = false;

    claim(m, MSI_A, false);
    claim(m, MSI_B, false);
    claim(m, LSI_L, true);
    configure(m, MSI_A, 1, 5);
    configure(m, MSI_B, 2, 6);
    configure(m, LSI_L, 3, 4);
    g_assert_cmphex(int_off(m, MSI_B), ==, RTAS_OK);
    fire(m, MSI_A);
    fire(m, MSI_B);
    set_level(m, LSI_L, 1);
    send_ipi(m, 0, 0, 3);
    set_cppr(m, 2, 9);
    expect_line(m, 0, true);
    expect_line(m, 1, true);
    expect_line(m, 3, true);

    g_assert_true(spapr_irq_reset(m->irq, &err));
    g_assert_no_error(err);
    g_clear_error(&err);

    expect_only_line(m, NO_CPU);
    for (uint32_t c = 0; c < m->ncpus; c++) {
        expect_ipoll(m, c, 0x00000000, 0xff);
    }
    if (conformance_xics_on_xive(data)) {
        /* XICS-on-XIVE: the reset pushes each source masked to server 0,
         * which xive_set_source() leaves untargeted, and ibm,get-xive
         * answers the server it was last targeted at (act_server). */
        expect_xive(m, MSI_A, server_of(m, 1), PRIO_MASKED);
        expect_xive(m, MSI_B, server_of(m, 2), PRIO_MASKED);
        expect_xive(m, LSI_L, server_of(m, 3), PRIO_MASKED);
    } else {
        expect_xive(m, MSI_A, 0, PRIO_MASKED);
        expect_xive(m, MSI_B, 0, PRIO_MASKED);
        expect_xive(m, LSI_L, 0, PRIO_MASKED);
    }

    /* Claims survive. */
    g_assert_true(spapr_irq_is_claimed(m->irq, MSI_A, &lsi));
    g_assert_false(lsi);
    g_assert_true(spapr_irq_is_claimed(m->irq, LSI_L, &lsi));
    g_assert_true(lsi);
    open_all_cpus(m);
    set_level(m, LSI_L, 0);
    configure(m, MSI_A, 2, 5);
    fire(m, MSI_A);
    expect_only_line(m, 2);
    accept_eoi(m, 2, 0xff, MSI_A);
    expect_only_line(m, NO_CPU);
}

/* ==== saved state ==== */

static const uint32_t state_msis[] = {MSI_A, MSI_B, MSI_C};
static const uint32_t state_lsis[] = {LSI_L};

static void claim_state_sources(Machine *m)
{
    for (size_t i = 0; i < G_N_ELEMENTS(state_msis); i++) {
        claim(m, state_msis[i], false);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(state_lsis); i++) {
        claim(m, state_lsis[i], true);
    }
}

/*
 * A machine with state in every corner: MSI A presented on CPU 0 (not
 * accepted), LSI L asserted and presented on CPU 1, MSI B masked and
 * pending, MSI C turned off by int-off (saved priority 7), MFRR 0x10 on
 * CPU 1 (waiting behind L).
 */
static Machine *machine_stateful(const Backend *be)
{
    Machine *m = machine_start(be, 2);

    claim_state_sources(m);
    configure(m, MSI_A, 0, 5);
    configure(m, LSI_L, 1, 6);
    configure(m, MSI_B, 1, PRIO_MASKED);
    configure(m, MSI_C, 1, 7);
    g_assert_cmphex(int_off(m, MSI_C), ==, RTAS_OK);
    fire(m, MSI_A);
    set_level(m, LSI_L, 1);
    fire(m, MSI_B);
    send_ipi(m, 0, 1, 0x10);
    expect_presented(m, 0, 0xff, MSI_A);
    expect_presented(m, 1, 0xff, LSI_L);
    expect_ipoll(m, 1, XIRR(0xff, LSI_L), 0x10);
    return m;
}

/* A fresh machine with the same options, CPUs and claims. */
static Machine *machine_twin(const Backend *be)
{
    Machine *m = machine_start(be, 2);

    claim_state_sources(m);
    return m;
}

/* A heap copy of exactly @len bytes (ASan sees any read beyond). */
static uint8_t *dup_bytes(const uint8_t *data, size_t len)
{
    return conformance_dup_bytes(data, len);
}

static void expect_load_fails(Machine *m, const uint8_t *buf, size_t len)
{
    g_autoptr(GError) err = NULL;

    g_assert_false(spapr_irq_load(m->irq, buf, len, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE);
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

    g_assert_true(spapr_irq_load(b->irq, s1->data, s1->len, &err));
    g_assert_no_error(err);
    sb = save(b);
    assert_same_bytes(sb, s1);

    /* Lines and registers as on the source machine. */
    for (uint32_t c = 0; c < a->ncpus; c++) {
        uint32_t xa, fa, xb, fb;

        expect_line(b, c, a->line[c]);
        ipoll(a, c, &xa, &fa);
        ipoll(b, c, &xb, &fb);
        g_assert_cmphex(xb, ==, xa);
        g_assert_cmphex(fb, ==, fa);
    }
    expect_presented(b, 0, 0xff, MSI_A);
    expect_presented(b, 1, 0xff, LSI_L);
    expect_xive(b, MSI_A, server_of(b, 0), 5);
    expect_xive(b, LSI_L, server_of(b, 1), 6);
    /* XICS-on-XIVE: MSI B, masked since its claim, was never targeted:
     * ibm,get-xive answers its act_server, 0 (kvmppc_xive_get_xive). */
    expect_xive(b, MSI_B, conformance_xics_on_xive(data) ? 0 : server_of(b, 1),
                PRIO_MASKED);
    expect_xive(b, MSI_C, server_of(b, 1), PRIO_MASKED);

    /* The same XIRR is accepted on both machines. */
    accept_expect(a, 0, XIRR(0xff, MSI_A));
    accept_expect(b, 0, XIRR(0xff, MSI_A));
    expect_idle(b, 0, 5);

    /* The masked-pending MSI is delivered on unmask (CPPR 5 on CPU 0). */
    configure(b, MSI_B, 0, 4);
    expect_presented(b, 0, 5, MSI_B);
    accept_eoi(b, 0, 5, MSI_B);
    eoi(b, 0, XIRR(0xff, MSI_A));
    expect_idle(b, 0, 0xff);

    /* The saved priority survived: int-on restores 7. */
    g_assert_cmphex(int_on(b, MSI_C), ==, RTAS_OK);
    expect_xive(b, MSI_C, server_of(b, 1), 7);

    /* The LSI is still asserted (re-fires after EOI) and MFRR 0x10 waits
     * behind it. */
    accept_expect(b, 1, XIRR(0xff, LSI_L));
    set_level(b, LSI_L, 0);
    eoi(b, 1, XIRR(0xff, LSI_L));
    expect_presented(b, 1, 0xff, XISR_IPI);
    expect_ipoll(b, 1, XIRR(0xff, XISR_IPI), 0x10);
    accept_expect(b, 1, XIRR(0xff, XISR_IPI));
    send_ipi(b, 1, 1, 0xff);
    eoi(b, 1, XIRR(0xff, XISR_IPI));
    expect_only_line(b, NO_CPU);
}

/* Corrupt state is refused and leaves the target machine as it was. */
static void test_state_corrupt(const void *data)
{
    g_autoptr(Machine) a = machine_stateful(data);
    g_autoptr(Machine) b = machine_twin(data);
    g_autoptr(GByteArray) s = save(a);
    g_autoptr(GByteArray) before = NULL;
    g_autofree uint8_t *buf = dup_bytes(s->data, s->len);
    bool lines[MAX_CPUS];

    /* Give the target state of its own, to see that it is kept. */
    configure(b, MSI_C, 1, 2);
    fire(b, MSI_C);
    expect_presented(b, 1, 0xff, MSI_C);
    before = save(b);
    memcpy(lines, b->line, sizeof(lines));

    /* The last byte (the checksum's) changed. */
    buf[s->len - 1] ^= 0x7;
    expect_load_fails(b, buf, s->len);
    expect_state(b, before);
    g_assert_cmpmem(b->line, sizeof(lines), lines, sizeof(lines));

    /* A bad layer header. */
    memcpy(buf, s->data, s->len);
    buf[0] ^= 0xff;
    expect_load_fails(b, buf, s->len);
    expect_state(b, before);

    /* Trailing garbage. */
    {
        g_autofree uint8_t *longer = g_malloc0(s->len + 1);

        memcpy(longer, s->data, s->len);
        expect_load_fails(b, longer, s->len + 1);
        expect_state(b, before);
    }
    expect_presented(b, 1, 0xff, MSI_C);
    expect_line(b, 0, false);
}

/* Every truncation is refused, without a crash and without a change. */
static void test_state_truncated(const void *data)
{
    g_autoptr(Machine) a = machine_stateful(data);
    g_autoptr(Machine) b = machine_twin(data);
    g_autoptr(GByteArray) s = save(a);
    g_autoptr(GByteArray) before = save(b);

    for (size_t len = 0; len < s->len; len++) {
        g_autoptr(GError) err = NULL;
        g_autofree uint8_t *buf = dup_bytes(s->data, len);

        if (spapr_irq_load(b->irq, buf, len, &err)) {
            g_test_message("load of %zu of %u bytes succeeded", len, s->len);
        }
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE);
    }
    expect_state(b, before);
    expect_only_line(b, NO_CPU);
}

/* State saved with other claims does not load. */
static void test_state_claims_differ(const void *data)
{
    g_autoptr(Machine) a = machine_stateful(data);
    g_autoptr(GByteArray) s = save(a);

    {
        /* One claim more. */
        g_autoptr(Machine) b = machine_twin(data);
        g_autoptr(GByteArray) before = NULL;

        claim(b, MSI_D, false);
        before = save(b);
        expect_load_fails(b, s->data, s->len);
        expect_state(b, before);
    }
    {
        /* One claim less. */
        g_autoptr(Machine) b = machine_start(data, 2);
        g_autoptr(GByteArray) before = NULL;

        claim(b, MSI_A, false);
        claim(b, MSI_B, false);
        claim(b, LSI_L, true);
        before = save(b);
        expect_load_fails(b, s->data, s->len);
        expect_state(b, before);
    }
    {
        /* The same number claimed as an LSI instead of an MSI. */
        g_autoptr(Machine) b = machine_start(data, 2);
        g_autoptr(GByteArray) before = NULL;

        claim(b, MSI_A, false);
        claim(b, MSI_B, false);
        claim(b, MSI_C, true);
        claim(b, LSI_L, true);
        before = save(b);
        expect_load_fails(b, s->data, s->len);
        expect_state(b, before);
    }
}

/* ==== trace events ==== */

/* A fired MSI that is presented traces set_irq_msi, icp_irq, icp_raise;
 * H_XIRR traces icp_accept with the old and new XIRR. */
static void test_trace_present_accept(const void *data)
{
    const Backend *be = data;
    g_autoptr(Machine) m = NULL;
    static const char *const want[] = {"xics_ics_set_irq_msi", "xics_icp_irq",
                                       "xics_icp_raise"};
    const SpaprIrqTraceEvent *ev;
    int i;

    if (skip_unless_emulated(be, "trace events come from the model")) {
        return;
    }
    m = machine_start(be, 2);
    claim(m, MSI_A, false);
    configure(m, MSI_A, 1, 5);

    g_array_set_size(m->events, 0);
    fire(m, MSI_A);
    log_events(m);
    g_assert_cmpuint(m->events->len, ==, G_N_ELEMENTS(want));
    for (guint k = 0; k < G_N_ELEMENTS(want); k++) {
        g_assert_cmpstr(ev_name(event_at(m, k)), ==, want[k]);
    }
    ev = event_at(m, 0); /* srcno, irq */
    g_assert_cmphex(ev->a[0], ==, MSI_A - 0x1000);
    g_assert_cmphex(ev->a[1], ==, MSI_A);
    ev = event_at(m, 1); /* server, irq, priority */
    g_assert_cmphex(ev->a[0], ==, server_of(m, 1));
    g_assert_cmphex(ev->a[1], ==, MSI_A);
    g_assert_cmphex(ev->a[2], ==, 5);
    ev = event_at(m, 2); /* new xirr, new pending priority */
    g_assert_cmphex(ev->a[0], ==, XIRR(0xff, MSI_A));
    g_assert_cmphex(ev->a[1], ==, 5);

    g_array_set_size(m->events, 0);
    accept_expect(m, 1, XIRR(0xff, MSI_A));
    log_events(m);
    i = find_event(m, "xics_icp_accept", 0);
    g_assert_cmpint(i, >=, 0);
    ev = event_at(m, i);
    g_assert_cmphex(ev->a[0], ==, XIRR(0xff, MSI_A));
    g_assert_cmphex(ev->a[1], ==, XIRR(5, 0));
    g_assert_cmpint(find_event(m, "xics_icp_accept", i + 1), <, 0);
}

/* A preemption traces xics_ics_reject for the preempted source only. */
static void test_trace_reject(const void *data)
{
    const Backend *be = data;
    g_autoptr(Machine) m = NULL;
    const SpaprIrqTraceEvent *ev;
    int irq_ev, rej;

    if (skip_unless_emulated(be, "trace events come from the model")) {
        return;
    }
    m = machine_start(be, 2);
    claim(m, MSI_A, false);
    claim(m, MSI_B, false);
    configure(m, MSI_A, 0, 5);
    configure(m, MSI_B, 0, 3);
    fire(m, MSI_A);

    g_array_set_size(m->events, 0);
    fire(m, MSI_B);
    log_events(m);
    irq_ev = find_event(m, "xics_icp_irq", 0);
    g_assert_cmpint(irq_ev, >=, 0);
    g_assert_cmphex(event_at(m, irq_ev)->a[1], ==, MSI_B);
    rej = find_event(m, "xics_ics_reject", 0);
    g_assert_cmpint(rej, >, irq_ev);
    ev = event_at(m, rej); /* irq, srcno */
    g_assert_cmphex(ev->a[0], ==, MSI_A);
    g_assert_cmphex(ev->a[1], ==, MSI_A - 0x1000);
    g_assert_cmpint(find_event(m, "xics_ics_reject", rej + 1), <, 0);
    g_assert_cmpint(find_event(m, "xics_icp_raise", 0), >, irq_ev);
    g_assert_cmphex(event_at(m, find_event(m, "xics_icp_raise", 0))->a[0], ==,
                    XIRR(0xff, MSI_B));

    /* The rejected source is resent once nothing is pending. */
    accept_expect(m, 0, XIRR(0xff, MSI_B));
    g_array_set_size(m->events, 0);
    set_cppr(m, 0, 0xff);
    log_events(m);
    irq_ev = find_event(m, "xics_icp_irq", 0);
    g_assert_cmpint(irq_ev, >=, 0);
    g_assert_cmphex(event_at(m, irq_ev)->a[1], ==, MSI_A);
    expect_presented(m, 0, 0xff, MSI_A);
}

/* ==== registration ==== */

static const ConformanceTest tests[] = {
    {"reset-cppr-zero", test_reset_cppr_zero},
    {"present-accept-eoi", test_present_accept_eoi},
    {"cppr-blocks-then-resend", test_cppr_blocks_then_resend},
    {"preemption", test_preemption},
    {"no-preemption-less-favoured", test_no_preemption_less_favoured},
    {"equal-priority-first-stays", test_equal_priority_first_stays},
    {"cppr-raise-rejects-pending", test_cppr_raise_rejects_pending},
    {"lsi-level", test_lsi_level},
    {"lsi-masked-then-unmasked", test_lsi_masked_then_unmasked},
    {"lsi-rejected-resent", test_lsi_rejected_resent},
    {"lsi-double-assert-once", test_lsi_double_assert_once},
    {"msi-double-fire-twice", test_msi_double_fire_twice},
    {"msi-level-zero-noop", test_msi_level_zero_noop},
    {"msi-masked-pending", test_msi_masked_pending},
    {"msi-masked-never-fired", test_msi_masked_never_fired},
    {"int-off-on", test_int_off_on},
    {"ipi-every-server", test_ipi_every_server},
    {"ipi-not-cleared-represented", test_ipi_not_cleared_represented},
    {"ipi-mfrr-not-favoured", test_ipi_mfrr_not_favoured},
    {"ipi-preempts-source", test_ipi_preempts_source},
    {"ipi-no-preempt-favoured-source", test_ipi_no_preempt_favoured_source},
    {"ipoll-no-side-effects", test_ipoll_no_side_effects},
    {"xirr-x-timebase", test_xirr_x_timebase},
    {"routing", test_routing},
    {"many-sources-ascending", test_many_sources_ascending},
    {"resend-every-waiting-source", test_resend_every_waiting_source},
    {"bad-hcall-args", test_bad_hcall_args},
    {"bad-eoi", test_bad_eoi},
    {"bad-cpu-index", test_bad_cpu_index},
    {"bad-rtas", test_bad_rtas},
    {"rtas-unclaimed", test_rtas_unclaimed},
    {"bad-set-irq", test_bad_set_irq},
    {"xive-active", test_xive_active},
    {"reset", test_reset},
    {"reset-inactive-xics", test_reset_inactive_xics},
    {"state-round-trip", test_state_round_trip},
    {"state-corrupt", test_state_corrupt},
    {"state-truncated", test_state_truncated},
    {"state-claims-differ", test_state_claims_differ},
    {"trace-present-accept", test_trace_present_accept},
    {"trace-reject", test_trace_reject},
};

int main(int argc, char **argv)
{
    return conformance_main(argc, argv, "xics", backends,
                            G_N_ELEMENTS(backends), tests, G_N_ELEMENTS(tests));
}
