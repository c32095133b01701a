/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XIVE conformance suite: the guest-visible behaviour of the XIVE
 * interrupt controller of a pseries machine (sPAPR exploitation mode:
 * ESB pages, event queues in guest memory, the TIMA, the H_INT_* hcalls,
 * reset, saved state, trace events, `info pic`), written only against the
 * public API (include/spapr-irq/spapr-irq.h) and parameterised by backend, so
 * that every implementation of XIVE (the emulated model, and the in-kernel
 * backend on each kvm-sim profile with the XIVE device) runs the same
 * tests.
 *
 * The expected behaviour is QEMU 7.2's (hw/intc/xive.c, spapr_xive.c),
 * facts section 6 and the specifics of this library listed in
 * docs/specs/xive.md; every number below and in the tests is written out
 * by hand.  Each test is registered once per backend as
 * /xive/<backend>/<test>.
 *
 * The vCPU external interrupt lines are observed through the set_cpu_irq
 * callback, guest memory is a RAM buffer of the fixture behind the
 * mem_read/mem_write callbacks (the tests read the event queues from it),
 * and trace events arrive through the trace callback.
 *
 * The suite is one executable, test-xive-conformance, built from the files
 * of this folder and ../conformance.c (what it shares with the XICS suite):
 *  - fixture.h, fixture.c: the PAPR and XIVE numbers, the backends, the
 *    machine fixture and the helpers every test uses (hcalls, MMIO, ESB
 *    pages, TIMA, queues, sources, saved state, trace events, info pic),
 *    and the busy machine of the reset, bad-argument and dual tests;
 *  - main.c: the registration of every test, in the order they run;
 *  - reset.c: reset defaults, H_INT_RESET, machine reset;
 *  - esb.c: ESB pages and PQ transitions, LSI pages, coalescing, masking;
 *  - tima.c: CPPR and priorities, the OS ring;
 *  - queues.c: wrap and generation, queue configuration, queues without
 *    always-notify, queues not configured;
 *  - sources.c: IPIs, LSI levels, source info and configuration;
 *  - bad-args.c: every invalid argument of every XIVE hcall, the OS
 *    reporting line, bad CPU indexes, opcodes that are not interrupt hcalls;
 *  - dual.c: XICS calls with XIVE active, a dual machine before CAS;
 *  - state.c: saved state: round trip, corrupt, truncated, byte flips,
 *    other claims;
 *  - trace.c: trace events of a delivery and of an invalid END;
 *  - info-pic.c: the `info pic` text;
 *  - presenter.c: one thread context looked up per event;
 *  - run-state.c: the pages the VMM maps, the VM's run state, stop/save/
 *    resume.
 */
#ifndef TESTS_UNIT_XIVE_CONFORMANCE_FIXTURE_H
#define TESTS_UNIT_XIVE_CONFORMANCE_FIXTURE_H

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "tests/unit/conformance.h"

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

/* The backends every test runs on: the emulated model and kvm-sim ones. */
extern const Backend backends[];
/* The number of entries of backends[]. */
extern const size_t nbackends;

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

typedef struct MachineOpts {
    const char *machine; /* -machine argument */
    const char *cpu;     /* -cpu argument or NULL */
    uint32_t ncpus;
    uint32_t max_cpus;    /* 0: MAX_CPUS */
    SpaprIntcKind active; /* the controller active after reset */
} MachineOpts;

/* Builds a machine with @opts plus the backend's options, reset. */
Machine *machine_new_opts(const Backend *be, const MachineOpts *opts);
/* A pseries,ic-mode=xive power9 machine with @ncpus CPUs, maxcpus 8. */
Machine *machine_new(const Backend *be, uint32_t ncpus);
/* Destroys the machine and frees the fixture. */
void machine_free(Machine *m);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Machine, machine_free)

/* Interrupt server number of CPU @cpu. */
uint32_t server_of(const Machine *m, uint32_t cpu);
/* The number of servers; LISNs 0 .. nr_servers - 1 are the IPIs. */
uint32_t nr_servers(const Machine *m);
/* Skips the test with @why unless @be is the emulated model. */
bool skip_unless_emulated(const Backend *be, const char *why);
/* The controller runs in the KVM device (see fixture.c for what differs). */
bool in_kernel(const Machine *m);

/* ---- hcalls ---- */

/* The hcall @opcode by CPU @cpu; @rets may be NULL. */
int64_t hcall(Machine *m, uint32_t cpu, uint64_t opcode, const uint64_t *args,
              size_t nargs, uint64_t *rets);
/* The name of the XIVE hcall @op ("hcall" for others). */
const char *hcall_name(uint64_t op);

/* Fails the test, naming @line and @what, unless @got is @want. */
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
void hcall_ok_at(int line, Machine *m, uint64_t op, const uint64_t *args,
                 size_t nargs, uint64_t *rets);
#define hcall_ok(m, op, args, nargs, rets)                                     \
    hcall_ok_at(__LINE__, m, op, args, nargs, rets)

/* H_INT_SET_QUEUE_CONFIG for CPU @cpu's server at @prio. */
void set_queue_at(int line, Machine *m, uint32_t cpu, uint64_t prio,
                  uint64_t qpage, uint64_t qsize, uint64_t flags);
#define set_queue(m, cpu, prio, qpage, qsize, flags)                           \
    set_queue_at(__LINE__, m, cpu, prio, qpage, qsize, flags)

/* The usual guest queue: 64 KiB at QPAGE(cpu, prio), always notify. */
#define open_queue(m, cpu, prio)                                               \
    set_queue_at(__LINE__, m, cpu, prio, QPAGE(cpu, prio), QSIZE_64K,          \
                 Q_ALWAYS_NOTIFY)

/* H_INT_SET_SOURCE_CONFIG of @lisn to CPU @cpu's server. */
void set_source_at(int line, Machine *m, uint64_t lisn, uint32_t cpu,
                   uint64_t prio, uint64_t eisn, uint64_t flags);
#define set_source(m, lisn, cpu, prio, eisn, flags)                            \
    set_source_at(__LINE__, m, lisn, cpu, prio, eisn, flags)
#define route(m, lisn, cpu, prio, eisn)                                        \
    set_source_at(__LINE__, m, lisn, cpu, prio, eisn, SRC_SET_EISN)

/* H_INT_GET_SOURCE_CONFIG: target, priority, EISN. */
void expect_source_at(int line, Machine *m, uint64_t lisn, uint64_t target,
                      uint64_t prio, uint64_t eisn);
#define expect_source(m, lisn, target, prio, eisn)                             \
    expect_source_at(__LINE__, m, lisn, target, prio, eisn)

/* A masked source: priority 0xff, EISN @eisn (the target is not checked). */
void expect_source_masked_at(int line, Machine *m, uint64_t lisn,
                             uint64_t eisn);
#define expect_source_masked(m, lisn, eisn)                                    \
    expect_source_masked_at(__LINE__, m, lisn, eisn)

/* H_INT_GET_QUEUE_CONFIG with the debug flag: R4..R7. */
void queue_config(Machine *m, uint32_t cpu, uint64_t prio, bool debug,
                  uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS]);
/* The queue's offset counter (entries written since the last wrap). */
uint64_t qoff(Machine *m, uint32_t cpu, uint64_t prio);
/* The queue's generation bit. */
unsigned qgen(Machine *m, uint32_t cpu, uint64_t prio);
/* Entry @i of the queue at @qpage, as the guest reads it (big-endian). */
uint32_t qentry(Machine *m, uint64_t qpage, uint32_t i);

/* A queue entry: the generation bit, then the EISN. */
#define QENTRY(gen, eisn) (((uint32_t)(gen) << 31) | (uint32_t)(eisn))

/* Entry @i of the queue at @qpage is @want. */
void expect_qentry_at(int line, Machine *m, uint64_t qpage, uint32_t i,
                      uint32_t want);
#define expect_qentry(m, qpage, i, want)                                       \
    expect_qentry_at(__LINE__, m, qpage, i, want)

/* The queue of (CPU @cpu, @prio) holds @want entries. */
void expect_qoff_at(int line, Machine *m, uint32_t cpu, uint64_t prio,
                    uint64_t want);
#define expect_qoff(m, cpu, prio, want)                                        \
    expect_qoff_at(__LINE__, m, cpu, prio, want)

/* ---- MMIO: ESB pages and TIMA ---- */

/* An MMIO load by CPU @cpu, which must be the layer's. */
uint64_t mmio_rd(Machine *m, uint32_t cpu, uint64_t addr, unsigned size);
/* An MMIO store by CPU @cpu, which must be the layer's. */
void mmio_wr(Machine *m, uint32_t cpu, uint64_t addr, unsigned size,
             uint64_t val);
/* 8-byte load on the management page of @lisn (by CPU 0). */
uint64_t esb_load(Machine *m, uint32_t lisn, uint32_t off);
/* 8-byte store on the management page of @lisn (by CPU 0). */
void esb_store(Machine *m, uint32_t lisn, uint32_t off, uint64_t val);
/* A store to the trigger page: what a device or a guest IPI does. */
void trigger(Machine *m, uint32_t lisn);
/* EOI by a management page load; returns 1 if the source re-notified. */
uint64_t eoi(Machine *m, uint32_t lisn);
/* The PQ bits of @lisn. */
uint64_t get_pq(Machine *m, uint32_t lisn);
/* Sets PQ; returns the old PQ. */
uint64_t set_pq(Machine *m, uint32_t lisn, uint8_t pq);
/* The PQ bits of @lisn are @want. */
void expect_pq_at(int line, Machine *m, uint32_t lisn, uint64_t want);
#define expect_pq(m, lisn, want) expect_pq_at(__LINE__, m, lisn, want)

/* H_INT_ESB load at @off of @lisn's management page: R4. */
uint64_t hesb_load(Machine *m, uint32_t lisn, uint64_t off);
/* H_INT_ESB store of @data at @off of @lisn's management page. */
void hesb_store(Machine *m, uint32_t lisn, uint64_t off, uint64_t data);

/* Stores @cppr to CPU @cpu's OS CPPR. */
void set_cppr(Machine *m, uint32_t cpu, uint8_t cppr);
/* The OS ring's acknowledge on CPU @cpu returns @want. */
void ack_expect_at(int line, Machine *m, uint32_t cpu, uint64_t want);
#define ack_expect(m, cpu, want) ack_expect_at(__LINE__, m, cpu, want)

/* The 8-byte raw load of CPU @cpu's OS ring. */
uint64_t os_ring(Machine *m, uint32_t cpu);
/* CPU @cpu's OS ring is OS_RING(@nsr, @cppr, @ipb, @pipr). */
void expect_os_at(int line, Machine *m, uint32_t cpu, uint8_t nsr, uint8_t cppr,
                  uint8_t ipb, uint8_t pipr);
#define expect_os(m, cpu, nsr, cppr, ipb, pipr)                                \
    expect_os_at(__LINE__, m, cpu, nsr, cppr, ipb, pipr)

/* CPU @cpu's interrupt line is at @level. */
void expect_line_at(int line, Machine *m, uint32_t cpu, bool level);
#define expect_line(m, cpu, level) expect_line_at(__LINE__, m, cpu, level)

/* Every CPU's line is low, except @raised's (if < ncpus) which is high. */
void expect_only_line_at(int line, Machine *m, uint32_t raised);
#define expect_only_line(m, cpu) expect_only_line_at(__LINE__, m, cpu)
/* expect_only_line(m, NO_CPU): every line is low. */
#define NO_CPU UINT32_MAX

/* Sets every added CPU's CPPR to 0xff. */
void open_all_cpus(Machine *m);

/* ---- sources ---- */

/* Claims @irqn (an LSI if @lsi), which must succeed. */
void claim(Machine *m, uint32_t irqn, bool lsi);
/* spapr_irq_set_irq() of @irqn at @level, which must succeed. */
void set_level(Machine *m, uint32_t irqn, int level);
/* Routes @lisn to (CPU @cpu, @prio) with @eisn and turns it on (PQ 00). */
void enable_source_at(int line, Machine *m, uint32_t lisn, uint32_t cpu,
                      uint64_t prio, uint64_t eisn);
#define enable_source(m, lisn, cpu, prio, eisn)                                \
    enable_source_at(__LINE__, m, lisn, cpu, prio, eisn)

/* ---- saved state ---- */

/* The machine's saved state. */
GByteArray *save(Machine *m);
/* @a and @b hold the same bytes. */
void assert_same_bytes(const GByteArray *a, const GByteArray *b);
/* The machine's state equals @before (nothing changed). */
void expect_state_at(int line, Machine *m, const GByteArray *before);
#define expect_state(m, before) expect_state_at(__LINE__, m, before)

/* A g_malloc'ed copy of @len bytes. */
uint8_t *dup_bytes(const uint8_t *data, size_t len);
/* A load of @len bytes of @buf fails with a state error. */
void expect_load_fails_at(int line, Machine *m, const uint8_t *buf, size_t len);
#define expect_load_fails(m, buf, len)                                         \
    expect_load_fails_at(__LINE__, m, buf, len)

/* ---- trace events ---- */

/* The event's name. */
const char *ev_name(const SpaprIrqTraceEvent *ev);
/* Logs every recorded event as test messages. */
void log_events(Machine *m);
/* Index of the first event named @name at or after @from, or -1. */
int find_event(Machine *m, const char *name, guint from);
/* The number of recorded events named @name. */
unsigned count_events(Machine *m, const char *name);
/* Event @i; a missing one fails the test and reads as all ones. */
const SpaprIrqTraceEvent *event_at(Machine *m, int i);

/* ---- info pic ---- */

/* The `info pic` text (g_free it). */
char *info_pic(Machine *m);
/* The "thread contexts looked up N" count of the "XIVE:" line, or -1. */
int64_t tctx_lookups(Machine *m);

/* ---- the busy machine (reset, bad-args and dual tests) ---- */

/* A 2-CPU machine with queues, sources fired, masked and asserted. */
Machine *machine_busy(const Backend *be);
/* The busy machine is as it was: state @before, lines, OS rings, PQs. */
void expect_busy_unchanged_at(int line, Machine *m, const GByteArray *before);
#define expect_busy_unchanged(m, before)                                       \
    expect_busy_unchanged_at(__LINE__, m, before)

/* Hcall @op by CPU @cpu returns @want and leaves the busy machine as is. */
#define CHECK_BAD_HCALL(m, before, cpu, op, args, nargs, want)                 \
    do {                                                                       \
        uint64_t rets_[SPAPR_IRQ_HCALL_MAX_RETS] = {0};                        \
        CHECK_H(__LINE__, hcall_name(op),                                      \
                hcall(m, cpu, op, args, nargs, rets_), want);                  \
        expect_busy_unchanged(m, before);                                      \
    } while (0)

/* Every XIVE hcall with valid arguments (on a 2-CPU machine). */
typedef struct XiveCall {
    uint64_t op;
    uint64_t args[5];
    size_t nargs;
    int64_t ok; /* the answer with XIVE active */
} XiveCall;

/* Fills @out with every XIVE hcall, with valid arguments for @m. */
void xive_calls(Machine *m, XiveCall out[11]);

/* ---- the tests, registered by main.c ---- */

/* reset.c */
/* After reset: sources off and masked, CPPR 0, no queue configured. */
void test_reset_defaults(const void *data);
/* H_INT_RESET: sources, EASs and ENDs reset; claims and TIMA kept. */
void test_h_int_reset(const void *data);
/* Machine reset: sources, EASs, ENDs and thread contexts reset. */
void test_machine_reset(const void *data);
void test_esb_access_sizes(const void *data);
void test_dual_reset_inactive_xive(const void *data);

/* esb.c */
/* Every PQ state x every ESB operation, on every way to the ESB. */
void test_esb_pq_transitions(const void *data);
/* An LSI's ESB: PQ through H_INT_ESB, a trigger-page store triggers. */
void test_esb_lsi_pages(const void *data);
/* Two triggers give one queue entry until the EOI re-notifies. */
void test_coalescing(const void *data);
/* The mask flag of H_INT_SET_SOURCE_CONFIG masks the EAS. */
void test_mask_eas(const void *data);
/* PQ 01 (off) drops triggers and device messages. */
void test_mask_pq_off(const void *data);

/* tima.c */
/* CPPR and priorities, the acknowledge, set OS pending. */
void test_cppr_priority(const void *data);
/* Raw loads of the OS ring from the OS page. */
void test_tima_os_ring(const void *data);

/* queues.c */
/* A full 4 KiB queue wraps and flips its generation bit. */
void test_queue_wrap_generation(const void *data);
/* Queue sizes, H_INT_GET_QUEUE_INFO/_CONFIG, reconfiguration, qsize 0. */
void test_queue_config(const void *data);
/* A queue without always-notify: coalesced (model) or refused (kernel). */
void test_queue_not_always_notify(const void *data);
/* A source routed to a queue that is not configured. */
void test_queue_not_configured(const void *data);

/* sources.c */
/* LISN s is server s's IPI, delivered to its CPU only. */
void test_ipi_every_server(const void *data);
/* An LSI's assert, EOI while asserted, and deassert. */
void test_lsi_level(const void *data);
/* An LSI asserted while off fires at the EOI once turned on. */
void test_lsi_asserted_while_off(const void *data);
/* H_INT_GET_SOURCE_INFO of MSIs, IPIs and LSIs. */
void test_source_info(const void *data);
/* H_INT_SET_SOURCE_CONFIG / GET_SOURCE_CONFIG round trips, H_INT_SYNC. */
void test_source_config(const void *data);

/* bad-args.c */
/* Invalid arguments of H_INT_GET_SOURCE_INFO. */
void test_bad_get_source_info(const void *data);
/* Invalid arguments of H_INT_SET_SOURCE_CONFIG. */
void test_bad_set_source_config(const void *data);
/* Invalid arguments of H_INT_GET_SOURCE_CONFIG. */
void test_bad_get_source_config(const void *data);
/* Invalid arguments of H_INT_GET_QUEUE_INFO. */
void test_bad_get_queue_info(const void *data);
/* Invalid arguments of H_INT_SET_QUEUE_CONFIG. */
void test_bad_set_queue_config(const void *data);
/* Invalid arguments of H_INT_GET_QUEUE_CONFIG. */
void test_bad_get_queue_config(const void *data);
/* The OS reporting line hcalls answer SPAPR_H_FUNCTION. */
void test_os_reporting_line(const void *data);
/* Invalid arguments of H_INT_ESB. */
void test_bad_esb(const void *data);
/* Invalid arguments of H_INT_SYNC and H_INT_RESET. */
void test_bad_sync_reset(const void *data);
/* Hcalls from a CPU index that was never added or is out of range. */
void test_bad_cpu_index(const void *data);
/* Opcodes next to the XIVE range are not interrupt hcalls. */
void test_not_interrupt_hcalls(const void *data);

/* dual.c */
/* With XIVE active, every XICS hcall and RTAS call fails. */
void test_xics_calls_fail(const void *data);
/* A dual machine runs XICS before CAS, XIVE after CAS and reset. */
void test_dual_before_cas(const void *data);

/* state.c */
/* A saved state loads onto a twin machine, which carries on alike. */
void test_state_round_trip(const void *data);
/* Corrupted states are refused and leave the target as it was. */
void test_state_corrupt(const void *data);
/* Every truncation of a state is refused, without a change. */
void test_state_truncated(const void *data);
/* Every byte flipped: refused, or loaded and saved back the same. */
void test_state_byte_flips(const void *data);
/* State saved with other claims or other vCPUs does not load. */
void test_state_claims_differ(const void *data);

/* trace.c */
/* The trace events of a delivery, an acknowledge and an hcall. */
void test_trace_delivery(const void *data);
/* An event whose END is not configured reaches no presenter. */
void test_trace_end_invalid(const void *data);

/* info-pic.c */
/* The `info pic` text, and its count of thread context lookups. */
void test_info_pic(const void *data);

/* presenter.c */
/* One thread context looked up per event, with 2048 vCPUs. */
void test_presenter_constant_time(const void *data);

/* state.c */
/* Each XIVE field's own check, behind a right checksum. */
void test_state_fields(const void *data);

/* run-state.c */
/* In the kernel the ESB and TIMA are served by the VMM's slots only. */
void test_run_mapped_pages(const void *data);
/* While the VM runs: no vCPU ioctl; save, load, reset refused in kernel. */
void test_run_no_vcpu_ioctl(const void *data);
/* 1000 stop/save/resume cycles lose and double nothing. */
void test_run_stop_save_resume(const void *data);
/* A failed stop changes nothing: resumed, the sources deliver. */
void test_run_failed_stop(const void *data);
/* A load while stopped keeps the sources held until the resume. */
void test_run_load_stopped(const void *data);
/* An MSI triggered while stopped travels in the stream: delivered once at
 * the destination's resume (emulated and kvm-sim power9-6.1). */
void test_run_trigger_stopped_migrates(const void *data);
/* An MSI for a vCPU out of KVM_RUN: saved, loaded back into the machine
 * and a fresh one, taken once after the resume (kernel backends). */
void test_run_event_out_of_run(const void *data);

#endif
