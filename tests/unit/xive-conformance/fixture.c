/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XIVE conformance suite: the fixture every test uses (declared in
 * fixture.h): the backends, the machine with its callbacks, guest RAM and
 * trace events, and the helpers for hcalls, ESB pages, the TIMA, queues,
 * sources, saved state, trace events and `info pic`; and the busy machine
 * of the reset, bad-argument and dual tests.
 */
#include "fixture.h"
#include "tools/vmm.h"

/* ---- backends ---- */

const Backend backends[] = {
    {"emulated", {"-accel", "tcg", NULL}, true},
    /*
     * The in-kernel backend on the simulated KVM host, one entry per
     * profile that has an in-kernel XIVE (sim/profiles.c).
     * Under KVM, vsmt spaces the server numbers: the tests go through
     * server_of() and nr_servers().  Where QEMU shows a guest something
     * else under KVM, the test asserts that (in_kernel()).
     */
    CONFORMANCE_KVM_SIM("power9-5.2"),
    CONFORMANCE_KVM_SIM("power9-6.1"),
    CONFORMANCE_KVM_SIM("power9-6.1-uv"),
    CONFORMANCE_KVM_SIM("power10-6.1"),
};
const size_t nbackends = G_N_ELEMENTS(backends);

/* ---- the machine fixture ---- */

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

/* Builds a machine with @opts plus the backend's options, adds its CPUs
 * and resets it: every source is off (PQ 01), every CPPR is 0. */
Machine *machine_new_opts(const Backend *be, const MachineOpts *opts)
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
        .map_region = vmm_map_region,
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
Machine *machine_new(const Backend *be, uint32_t ncpus)
{
    MachineOpts opts = {"pseries,ic-mode=xive", "power9", ncpus, 0,
                        SPAPR_INTC_XIVE};

    return machine_new_opts(be, &opts);
}

void machine_free(Machine *m)
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

/* Interrupt server number of CPU @cpu. */
uint32_t server_of(const Machine *m, uint32_t cpu)
{
    return spapr_irq_topology_vcpu_id(&spapr_irq_get_plan(m->irq)->topo, cpu);
}

/* The number of servers; LISNs 0 .. nr_servers - 1 are the IPIs. */
uint32_t nr_servers(const Machine *m)
{
    return spapr_irq_get_plan(m->irq)->topo.nr_servers;
}

bool skip_unless_emulated(const Backend *be, const char *why)
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
bool in_kernel(const Machine *m)
{
    return !m->be->emulated;
}

/* ---- hcalls ---- */

int64_t hcall(Machine *m, uint32_t cpu, uint64_t opcode, const uint64_t *args,
              size_t nargs, uint64_t *rets)
{
    uint64_t local[SPAPR_IRQ_HCALL_MAX_RETS];

    return vmm_hcall(m->irq, cpu, opcode, args, nargs, rets ? rets : local);
}

const char *hcall_name(uint64_t op)
{
    switch (op) {
    case SPAPR_H_INT_GET_SOURCE_INFO:
        return "H_INT_GET_SOURCE_INFO";
    case SPAPR_H_INT_SET_SOURCE_CONFIG:
        return "H_INT_SET_SOURCE_CONFIG";
    case SPAPR_H_INT_GET_SOURCE_CONFIG:
        return "H_INT_GET_SOURCE_CONFIG";
    case SPAPR_H_INT_GET_QUEUE_INFO:
        return "H_INT_GET_QUEUE_INFO";
    case SPAPR_H_INT_SET_QUEUE_CONFIG:
        return "H_INT_SET_QUEUE_CONFIG";
    case SPAPR_H_INT_GET_QUEUE_CONFIG:
        return "H_INT_GET_QUEUE_CONFIG";
    case SPAPR_H_INT_SET_OS_REPORTING_LINE:
        return "H_INT_SET_OS_REPORTING_LINE";
    case SPAPR_H_INT_GET_OS_REPORTING_LINE:
        return "H_INT_GET_OS_REPORTING_LINE";
    case SPAPR_H_INT_ESB:
        return "H_INT_ESB";
    case SPAPR_H_INT_SYNC:
        return "H_INT_SYNC";
    case SPAPR_H_INT_RESET:
        return "H_INT_RESET";
    default:
        return "hcall";
    }
}

/* An hcall by CPU 0 that must succeed. */
void hcall_ok_at(int line, Machine *m, uint64_t op, const uint64_t *args,
                 size_t nargs, uint64_t *rets)
{
    CHECK_H(line, hcall_name(op), hcall(m, 0, op, args, nargs, rets),
            SPAPR_H_SUCCESS);
}

/* H_INT_SET_QUEUE_CONFIG for CPU @cpu's server at @prio. */
void set_queue_at(int line, Machine *m, uint32_t cpu, uint64_t prio,
                  uint64_t qpage, uint64_t qsize, uint64_t flags)
{
    uint64_t args[5] = {flags, server_of(m, cpu), prio, qpage, qsize};

    hcall_ok_at(line, m, SPAPR_H_INT_SET_QUEUE_CONFIG, args, 5, NULL);
}

/* H_INT_SET_SOURCE_CONFIG of @lisn to CPU @cpu's server. */
void set_source_at(int line, Machine *m, uint64_t lisn, uint32_t cpu,
                   uint64_t prio, uint64_t eisn, uint64_t flags)
{
    uint64_t args[5] = {flags, lisn, server_of(m, cpu), prio, eisn};

    hcall_ok_at(line, m, SPAPR_H_INT_SET_SOURCE_CONFIG, args, 5, NULL);
}

/* H_INT_GET_SOURCE_CONFIG: target, priority, EISN. */
void expect_source_at(int line, Machine *m, uint64_t lisn, uint64_t target,
                      uint64_t prio, uint64_t eisn)
{
    uint64_t args[2] = {0, lisn}, rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    hcall_ok_at(line, m, SPAPR_H_INT_GET_SOURCE_CONFIG, args, 2, rets);
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

/* A masked source: priority 0xff, EISN @eisn (the target is not checked:
 * QEMU derives it from the END, which may not be configured). */
void expect_source_masked_at(int line, Machine *m, uint64_t lisn, uint64_t eisn)
{
    uint64_t args[2] = {0, lisn}, rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    hcall_ok_at(line, m, SPAPR_H_INT_GET_SOURCE_CONFIG, args, 2, rets);
    if (rets[1] != PRIO_MASKED || rets[2] != eisn) {
        g_test_message("line %d: source 0x%" PRIx64 ": prio 0x%" PRIx64
                       " eisn 0x%" PRIx64 ", want masked, eisn 0x%" PRIx64,
                       line, lisn, rets[1], rets[2], eisn);
    }
    g_assert_cmphex(rets[1], ==, PRIO_MASKED);
    g_assert_cmphex(rets[2], ==, eisn);
}

/* H_INT_GET_QUEUE_CONFIG with the debug flag: R4..R7. */
void queue_config(Machine *m, uint32_t cpu, uint64_t prio, bool debug,
                  uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS])
{
    uint64_t args[3] = {debug ? Q_DEBUG : 0, server_of(m, cpu), prio};

    memset(rets, 0xa5, SPAPR_IRQ_HCALL_MAX_RETS * sizeof(rets[0]));
    hcall_ok(m, SPAPR_H_INT_GET_QUEUE_CONFIG, args, 3, rets);
}

/* The queue's offset counter (entries written since the last wrap). */
uint64_t qoff(Machine *m, uint32_t cpu, uint64_t prio)
{
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];

    queue_config(m, cpu, prio, true, rets);
    return rets[3];
}

/* The queue's generation bit. */
unsigned qgen(Machine *m, uint32_t cpu, uint64_t prio)
{
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];

    queue_config(m, cpu, prio, true, rets);
    return (rets[0] & Q_DEBUG_GEN) ? 1 : 0;
}

/* Entry @i of the queue at @qpage, as the guest reads it (big-endian). */
uint32_t qentry(Machine *m, uint64_t qpage, uint32_t i)
{
    const uint8_t *p = m->ram + qpage + 4 * (uint64_t)i;

    g_assert(in_ram(qpage + 4 * (uint64_t)i, 4));
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

void expect_qentry_at(int line, Machine *m, uint64_t qpage, uint32_t i,
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

void expect_qoff_at(int line, Machine *m, uint32_t cpu, uint64_t prio,
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

/* ---- MMIO: ESB pages and TIMA ---- */

uint64_t mmio_rd(Machine *m, uint32_t cpu, uint64_t addr, unsigned size)
{
    uint64_t v = 0x5a5a5a5a5a5a5a5aull;

    g_assert_true(vmm_mmio_read(m->irq, cpu, addr, size, &v));
    return v;
}

void mmio_wr(Machine *m, uint32_t cpu, uint64_t addr, unsigned size,
             uint64_t val)
{
    g_assert_true(vmm_mmio_write(m->irq, cpu, addr, size, val));
}

/* 8-byte load / store on the management page of @lisn (by CPU 0). */
uint64_t esb_load(Machine *m, uint32_t lisn, uint32_t off)
{
    return mmio_rd(m, 0, ESB_MGMT(lisn) + off, 8);
}

void esb_store(Machine *m, uint32_t lisn, uint32_t off, uint64_t val)
{
    mmio_wr(m, 0, ESB_MGMT(lisn) + off, 8, val);
}

/* A store to the trigger page: what a device or a guest IPI does. */
void trigger(Machine *m, uint32_t lisn)
{
    mmio_wr(m, 0, ESB_TRIG(lisn), 8, 0);
}

/* EOI by a management page load; returns 1 if the source re-notified. */
uint64_t eoi(Machine *m, uint32_t lisn)
{
    return esb_load(m, lisn, ESB_EOI);
}

uint64_t get_pq(Machine *m, uint32_t lisn)
{
    return esb_load(m, lisn, ESB_GET);
}

/* Sets PQ; returns the old PQ. */
uint64_t set_pq(Machine *m, uint32_t lisn, uint8_t pq)
{
    return esb_load(m, lisn, ESB_SET_PQ(pq));
}

void expect_pq_at(int line, Machine *m, uint32_t lisn, uint64_t want)
{
    uint64_t got = get_pq(m, lisn);

    if (got != want) {
        g_test_message("line %d: PQ of 0x%x is 0x%" PRIx64 ", want 0x%" PRIx64,
                       line, lisn, got, want);
    }
    g_assert_cmphex(got, ==, want);
}

/* H_INT_ESB load at @off of @lisn's management page: R4. */
uint64_t hesb_load(Machine *m, uint32_t lisn, uint64_t off)
{
    uint64_t args[4] = {0, lisn, off, 0}, rets[SPAPR_IRQ_HCALL_MAX_RETS];

    rets[0] = 0x5a5a5a5a;
    hcall_ok(m, SPAPR_H_INT_ESB, args, 4, rets);
    return rets[0];
}

void hesb_store(Machine *m, uint32_t lisn, uint64_t off, uint64_t data)
{
    uint64_t args[4] = {ESB_STORE, lisn, off, data};
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    hcall_ok(m, SPAPR_H_INT_ESB, args, 4, rets);
    /* QEMU: R4 is -1 after a store. */
    g_assert_cmphex(rets[0], ==, UINT64_MAX);
}

void set_cppr(Machine *m, uint32_t cpu, uint8_t cppr)
{
    mmio_wr(m, cpu, TM_OS_CPPR, 1, cppr);
}

/* The OS ring's acknowledge: NSR before << 8 | CPPR after. */
static uint64_t ack(Machine *m, uint32_t cpu)
{
    return mmio_rd(m, cpu, TM_ACK_OS, 2);
}

void ack_expect_at(int line, Machine *m, uint32_t cpu, uint64_t want)
{
    uint64_t got = ack(m, cpu);

    if (got != want) {
        g_test_message("line %d: ack on CPU %u returned 0x%04" PRIx64
                       ", want 0x%04" PRIx64,
                       line, cpu, got, want);
    }
    g_assert_cmphex(got, ==, want);
}

uint64_t os_ring(Machine *m, uint32_t cpu)
{
    return mmio_rd(m, cpu, TM_OS_RING, 8);
}

void expect_os_at(int line, Machine *m, uint32_t cpu, uint8_t nsr, uint8_t cppr,
                  uint8_t ipb, uint8_t pipr)
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

void expect_line_at(int line, Machine *m, uint32_t cpu, bool level)
{
    if (m->line[cpu] != level) {
        g_test_message("line %d: CPU %u's interrupt line is %s, want %s", line,
                       cpu, m->line[cpu] ? "raised" : "low",
                       level ? "raised" : "low");
    }
    g_assert_cmpint(m->line[cpu], ==, level);
}

/* Every CPU's line is low, except @raised's (if < ncpus) which is high. */
void expect_only_line_at(int line, Machine *m, uint32_t raised)
{
    for (uint32_t c = 0; c < m->ncpus; c++) {
        expect_line_at(line, m, c, c == raised);
    }
}

void open_all_cpus(Machine *m)
{
    for (uint32_t c = 0; c < m->ncpus; c++) {
        set_cppr(m, c, 0xff);
    }
}

/* ---- sources ---- */

void claim(Machine *m, uint32_t irqn, bool lsi)
{
    g_autoptr(GError) err = NULL;

    g_assert_true(spapr_irq_claim(m->irq, irqn, lsi, &err));
    g_assert_no_error(err);
}

void set_level(Machine *m, uint32_t irqn, int level)
{
    g_autoptr(GError) err = NULL;

    g_assert_true(spapr_irq_set_irq(m->irq, irqn, level, &err));
    g_assert_no_error(err);
}

/* Routes @lisn to (CPU @cpu, @prio) with @eisn and turns it on (PQ 00), as
 * a guest does: the queue must be configured. */
void enable_source_at(int line, Machine *m, uint32_t lisn, uint32_t cpu,
                      uint64_t prio, uint64_t eisn)
{
    set_source_at(line, m, lisn, cpu, prio, eisn, SRC_SET_EISN);
    set_pq(m, lisn, PQ_00);
    expect_pq_at(line, m, lisn, PQ_00);
}

/* ---- saved state ---- */

GByteArray *save(Machine *m)
{
    return conformance_save(m->irq);
}

void assert_same_bytes(const GByteArray *a, const GByteArray *b)
{
    g_assert_cmpmem(a->data, a->len, b->data, b->len);
}

/* The machine's state equals @before (nothing changed). */
void expect_state_at(int line, Machine *m, const GByteArray *before)
{
    conformance_expect_state(line, m->irq, before);
}

uint8_t *dup_bytes(const uint8_t *data, size_t len)
{
    return conformance_dup_bytes(data, len);
}

void expect_load_fails_at(int line, Machine *m, const uint8_t *buf, size_t len)
{
    g_autoptr(GError) err = NULL;

    if (spapr_irq_load(m->irq, buf, len, &err)) {
        g_test_message("line %d: a load of %zu bytes succeeded", line, len);
    }
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE);
}

/* ---- trace events ---- */

const char *ev_name(const SpaprIrqTraceEvent *ev)
{
    return conformance_event_name(ev);
}

void log_events(Machine *m)
{
    conformance_log_events(m->events);
}

/* Index of the first event named @name at or after @from, or -1. */
int find_event(Machine *m, const char *name, guint from)
{
    return conformance_find_event(m->events, name, from);
}

unsigned count_events(Machine *m, const char *name)
{
    unsigned n = 0;

    for (int i = find_event(m, name, 0); i >= 0;
         i = find_event(m, name, i + 1)) {
        n++;
    }
    return n;
}

/* Event @i; a missing one fails the test and reads as all ones. */
const SpaprIrqTraceEvent *event_at(Machine *m, int i)
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

char *info_pic(Machine *m)
{
    GString *out = g_string_new(NULL);

    spapr_irq_print_info(m->irq, out);
    return g_string_free(out, FALSE);
}

/* The "thread contexts looked up N" count of the "XIVE:" line, or -1. */
int64_t tctx_lookups(Machine *m)
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

/* ---- the busy machine (reset, bad-args and dual tests) ---- */

/* A machine with something in every corner, on CPUs 0 and 1:
 *  - queues (0, 5) and (1, 6), 64 KiB, always notify;
 *  - MSI A -> (0, 5) EISN 0xa, fired: CPU 0's line is up (CPPR 0xff);
 *  - MSI B -> (1, 6) EISN 0xb, masked by the EAS, fired: PQ 10;
 *  - LSI L -> (1, 6) EISN 0x1c, asserted: queued, not signalled (CPPR 6). */
Machine *machine_busy(const Backend *be)
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

void expect_busy_unchanged_at(int line, Machine *m, const GByteArray *before)
{
    expect_state_at(line, m, before);
    expect_only_line_at(line, m, 0);
    expect_os_at(line, m, 0, NSR_EO, 0xff, IPB(5), 5);
    expect_os_at(line, m, 1, 0x00, 6, IPB(6), 6);
    expect_pq_at(line, m, MSI_A, PQ_10);
    expect_pq_at(line, m, MSI_B, PQ_10);
    expect_pq_at(line, m, LSI_L, PQ_10);
}

/* Fills @out with every XIVE hcall, with valid arguments for @m. */
void xive_calls(Machine *m, XiveCall out[11])
{
    const uint64_t s0 = server_of(m, 0);
    const XiveCall calls[11] = {
        {SPAPR_H_INT_GET_SOURCE_INFO, {0, 0}, 2, SPAPR_H_SUCCESS},
        {SPAPR_H_INT_GET_QUEUE_INFO, {0, s0, 5}, 3, SPAPR_H_SUCCESS},
        {SPAPR_H_INT_SET_QUEUE_CONFIG,
         {1, s0, 5, QPAGE(0, 5), 16},
         5,
         SPAPR_H_SUCCESS},
        {SPAPR_H_INT_GET_QUEUE_CONFIG, {0, s0, 5}, 3, SPAPR_H_SUCCESS},
        /* After the queue: the kernel refuses a target without one. */
        {SPAPR_H_INT_SET_SOURCE_CONFIG,
         {SRC_SET_EISN, 0, s0, 5, 1},
         5,
         SPAPR_H_SUCCESS},
        {SPAPR_H_INT_GET_SOURCE_CONFIG, {0, 0}, 2, SPAPR_H_SUCCESS},
        {SPAPR_H_INT_SET_OS_REPORTING_LINE, {0, 0x100000}, 2, SPAPR_H_FUNCTION},
        {SPAPR_H_INT_GET_OS_REPORTING_LINE,
         {0, s0, 0x100000},
         3,
         SPAPR_H_FUNCTION},
        {SPAPR_H_INT_ESB, {0, 0, ESB_SET_PQ(PQ_00), 0}, 4, SPAPR_H_SUCCESS},
        {SPAPR_H_INT_SYNC, {0, 0}, 2, SPAPR_H_SUCCESS},
        {SPAPR_H_INT_RESET, {0}, 1, SPAPR_H_SUCCESS},
    };

    memcpy(out, calls, sizeof(calls));
}
