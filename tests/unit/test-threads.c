/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Many machines at once (issue 18, point 4 of "Deliver"): 32 machines in
 * 8 threads, each machine created, driven and destroyed by one thread
 * only, the 4 machines of a thread alive together and driven in turn, so
 * that all 32 live in the process at the same time.  The machines mix the
 * ic-modes (xics, xive, dual), the kernel-irqchip policy (on, allowed,
 * off), cas-switch (at-reset, at-cas) and the hosts (tcg, and kvm-sim with
 * each profile of sim/profiles.c).  Each one: created, vCPUs added, IRQs
 * claimed, reset; a guest takes interrupts of every kind (MSIs by set_irq
 * or ESB store, an LSI, an IPI) in a loop of hcalls, RTAS calls and MMIO;
 * CAS with one byte-23 choice then the other (under cas-switch=at-reset
 * each followed by the CAS reboot, under at-cas switching at once);
 * saved with an interrupt in flight, loaded back (the state saved after
 * the load is byte-identical, and so is a fresh machine's of the same
 * options that loads it), the guest then takes the interrupt in flight
 * exactly once; destroyed.
 *
 * What it asserts is behaviour: every interrupt raised is taken exactly
 * once, on its CPU; every state round-trips; nothing about timing.  Its
 * point is `make check-tsan`, which runs it under ThreadSanitizer: the
 * library has no global mutable state (docs/specs/api.md), so machines
 * in different threads share nothing and TSan must find no race.
 *
 * Written against the public API, tools/vmm.h (the VMM on kvm-sim) and
 * <sim/sim.h>, as tests/unit/test-migration.c is.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "sim/sim.h"
#include "spapr-irq/spapr-irq.h"
#include "tools/guest_ram.h"
#include "tools/vmm.h"
#include "vm-fixture.h"

#define N_THREADS  8
#define N_MACHINES 32
#define PER_THREAD (N_MACHINES / N_THREADS)
/* Guest rounds per traffic phase (each raises 4 interrupts). */
#define ROUNDS 150

/* The guest (PAPR numbers, RAM layout, MSI_A, MSI_B, LSI_L: vm-fixture.h):
 * its sources and where it routes them: MSI A and the IPI to CPU 1, MSI B
 * and the LSI to CPU 0. */
#define IPI_LISN  1    /* XIVE: CPU 1's IPI, triggered by CPU 0 */
#define EISN_IPI1 0x11 /* its EISN (0 reads as an empty queue entry) */

typedef enum Src { SRC_MSI_A, SRC_MSI_B, SRC_LSI, SRC_IPI, SRC_COUNT } Src;
static const uint32_t want_cpu[SRC_COUNT] = {1, 0, 0, 1};

/* ---- machines ---- */

static const char *const modes[] = {"xics", "xive", "dual"};
/* NULL: kernel-irqchip not given (allowed). */
static const char *const kics[] = {"on", NULL, "off"};

typedef struct Vm {
    /* What it was asked for and what it got (written by its thread, read
     * by the main thread after the join). */
    unsigned index;
    const Host *host;
    const char *mode, *kic;
    bool at_cas;
    bool ran[SPAPR_INTC_COUNT][2]; /* [kind][impl] seen running traffic */
    unsigned ops, taken_total, roundtrips, cas_refused;

    SpaprIrq *irq;
    VmGuest g;
    unsigned takes[MAX_CPUS][SRC_COUNT];
} Vm;

static void ok(bool ret, GError *err, const Vm *vm, const char *what)
{
    if (!ret) {
        g_printerr("machine %u (%s, %s, kernel-irqchip=%s): %s: %s\n",
                   vm->index, vm->host->name, vm->mode,
                   vm->kic ? vm->kic : "allowed", what,
                   err ? err->message : "?");
    }
    g_assert_no_error(err);
    g_assert_true(ret);
}

#define OK(vm, call, what)                                                     \
    do {                                                                       \
        g_autoptr(GError) err_ = NULL;                                         \
        GError **errp = &err_;                                                 \
        bool r_ = (call);                                                      \
        ok(r_, err_, vm, what);                                                \
    } while (0)

/* Creates machine @vm's SpaprIrq for its host, mode, kernel-irqchip and
 * cas-switch, with CPUs 0 and 1, the guest's IRQs claimed, reset; false
 * with @errp if the host or the policy refuses the combination. */
static bool vm_create(Vm *vm, GError **errp)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autofree char *machine = g_strdup_printf(
        "pseries,ic-mode=%s,vsmt=8%s%s%s", vm->mode,
        vm->kic ? ",kernel-irqchip=" : "", vm->kic ? vm->kic : "",
        vm->at_cas ? ",cas-switch=at-cas" : "");
    g_autofree char *smp = g_strdup_printf("%u,maxcpus=%u", NCPUS, MAX_CPUS);
    g_autofree char *accel =
        vm->host->prof ? g_strdup_printf("kvm-sim,host=%s", vm->host->name)
                       : g_strdup("tcg");

    if (!spapr_irq_config_parse_option(cfg, "-machine", machine, errp) ||
        !spapr_irq_config_parse_option(cfg, "-smp", smp, errp) ||
        !spapr_irq_config_parse_option(cfg, "-accel", accel, errp)) {
        return false;
    }
    vm->irq = spapr_irq_create(cfg, &vm->g.cb, -1, errp);
    if (!vm->irq) {
        return false;
    }
    for (uint32_t i = 0; i < NCPUS; i++) {
        if (!spapr_irq_cpu_add(vm->irq, i, -1, errp)) {
            return false;
        }
    }
    return spapr_irq_claim(vm->irq, MSI_A, false, errp) &&
           spapr_irq_claim(vm->irq, MSI_B, false, errp) &&
           spapr_irq_claim(vm->irq, LSI_L, true, errp) &&
           vmm_reset(vm->irq, errp);
}

static Vm *vm_alloc(unsigned index, const Host *host)
{
    Vm *vm = g_new0(Vm, 1);

    vm->index = index;
    vm->host = host;
    vm_guest_init(&vm->g);
    return vm;
}

static void vm_free(Vm *vm)
{
    if (!vm) {
        return;
    }
    spapr_irq_destroy(&vm->irq);
    vm_guest_fini(&vm->g);
    g_free(vm);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Vm, vm_free)

/* A fresh machine with @vm's options (the destination of a load). */
static Vm *vm_twin(const Vm *vm)
{
    g_autoptr(Vm) twin = vm_alloc(vm->index, vm->host);

    twin->mode = vm->mode;
    twin->kic = vm->kic;
    twin->at_cas = vm->at_cas;
    OK(twin, vm_create(twin, errp), "create the twin");
    return g_steal_pointer(&twin);
}

/* ---- the guest's accesses (counted) ---- */

static uint32_t server_of(Vm *vm, uint32_t cpu)
{
    return spapr_irq_topology_vcpu_id(&spapr_irq_get_plan(vm->irq)->topo, cpu);
}

static int64_t hcall(Vm *vm, uint32_t cpu, uint64_t op, const uint64_t *args,
                     size_t nargs, uint64_t *rets)
{
    uint64_t local[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    vm->ops++;
    return vmm_hcall(vm->irq, cpu, op, args, nargs, rets ? rets : local);
}

#define HCALL_OK(vm, cpu, op, ...)                                             \
    do {                                                                       \
        const uint64_t a_[] = {__VA_ARGS__};                                   \
        g_assert_cmpint(hcall(vm, cpu, op, a_, G_N_ELEMENTS(a_), NULL), ==,    \
                        SPAPR_H_SUCCESS);                                      \
    } while (0)

static uint64_t mmio_rd(Vm *vm, uint32_t cpu, uint64_t addr, unsigned size)
{
    uint64_t v = 0x5a5a5a5a5a5a5a5aull;

    vm->ops++;
    g_assert_true(vmm_mmio_read(vm->irq, cpu, addr, size, &v));
    return v;
}

static void mmio_wr(Vm *vm, uint32_t cpu, uint64_t addr, unsigned size,
                    uint64_t val)
{
    vm->ops++;
    g_assert_true(vmm_mmio_write(vm->irq, cpu, addr, size, val));
}

static void set_level(Vm *vm, uint32_t irqn, int level)
{
    vm->ops++;
    OK(vm, spapr_irq_set_irq(vm->irq, irqn, level, errp), "set_irq");
}

static void set_xive(Vm *vm, uint32_t irqn, uint32_t server, uint32_t prio)
{
    const uint32_t args[3] = {irqn, server, prio};
    uint32_t rets[1] = {0xdead};

    vm->ops++;
    g_assert_true(vmm_rtas(vm->irq, 0, TOKEN_SET_XIVE, 3, args, 1, rets));
    g_assert_cmphex(rets[0], ==, 0);
}

static void take(Vm *vm, uint32_t cpu, Src src)
{
    vm->takes[cpu][src]++;
    vm->taken_total++;
}

/* ---- the guest on XICS ---- */

static void xics_setup(Vm *vm)
{
    for (uint32_t c = 0; c < NCPUS; c++) {
        HCALL_OK(vm, c, OP_H_CPPR, 0xff);
    }
    set_xive(vm, MSI_A, server_of(vm, want_cpu[SRC_MSI_A]), PRIO);
    set_xive(vm, MSI_B, server_of(vm, want_cpu[SRC_MSI_B]), PRIO);
    set_xive(vm, LSI_L, server_of(vm, want_cpu[SRC_LSI]), PRIO);
}

static void xics_raise(Vm *vm)
{
    set_level(vm, MSI_A, 1);
    set_level(vm, MSI_B, 1);
    set_level(vm, LSI_L, 1);
    HCALL_OK(vm, 0, OP_H_IPI, server_of(vm, want_cpu[SRC_IPI]), 4);
}

static void xics_drain(Vm *vm)
{
    for (unsigned round = 0; round < 16; round++) {
        bool any = false;

        for (uint32_t c = 0; c < NCPUS; c++) {
            uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};
            uint32_t xisr;

            g_assert_cmpint(hcall(vm, c, OP_H_XIRR, NULL, 0, rets), ==,
                            SPAPR_H_SUCCESS);
            xisr = rets[0] & 0xffffff;
            if (!xisr) {
                continue;
            }
            any = true;
            switch (xisr) {
            case XISR_IPI:
                take(vm, c, SRC_IPI);
                HCALL_OK(vm, c, OP_H_IPI, server_of(vm, c), 0xff);
                break;
            case LSI_L:
                take(vm, c, SRC_LSI);
                set_level(vm, LSI_L, 0); /* the device is served */
                break;
            case MSI_A:
                take(vm, c, SRC_MSI_A);
                break;
            case MSI_B:
                take(vm, c, SRC_MSI_B);
                break;
            default:
                g_assert_not_reached();
            }
            HCALL_OK(vm, c, OP_H_EOI, rets[0] & 0xffffffff);
        }
        if (!any) {
            return;
        }
    }
    g_assert_not_reached();
}

/* ---- the guest on XIVE ---- */

static void xive_setup(Vm *vm)
{
    static const uint32_t on[] = {IPI_LISN, LSI_L, MSI_A, MSI_B};

    guest_ram_fini(&vm->g.ram); /* empty again */
    guest_ram_init(&vm->g.ram, RAM_SIZE);
    memset(vm->g.qidx, 0, sizeof(vm->g.qidx));
    for (uint32_t c = 0; c < NCPUS; c++) {
        HCALL_OK(vm, c, SPAPR_H_INT_SET_QUEUE_CONFIG, Q_ALWAYS_NOTIFY,
                 server_of(vm, c), PRIO, QPAGE(c), QSIZE_64K);
        mmio_wr(vm, c, TM_OS_CPPR, 1, 0xff);
    }
    HCALL_OK(vm, 0, SPAPR_H_INT_SET_SOURCE_CONFIG, SRC_SET_EISN, IPI_LISN,
             server_of(vm, want_cpu[SRC_IPI]), PRIO, EISN_IPI1);
    HCALL_OK(vm, 0, SPAPR_H_INT_SET_SOURCE_CONFIG, SRC_SET_EISN, LSI_L,
             server_of(vm, want_cpu[SRC_LSI]), PRIO, LSI_L);
    HCALL_OK(vm, 0, SPAPR_H_INT_SET_SOURCE_CONFIG, SRC_SET_EISN, MSI_A,
             server_of(vm, want_cpu[SRC_MSI_A]), PRIO, MSI_A);
    HCALL_OK(vm, 0, SPAPR_H_INT_SET_SOURCE_CONFIG, SRC_SET_EISN, MSI_B,
             server_of(vm, want_cpu[SRC_MSI_B]), PRIO, MSI_B);
    for (size_t i = 0; i < G_N_ELEMENTS(on); i++) {
        mmio_rd(vm, 0, ESB_MGMT(on[i]) + ESB_SET_PQ(PQ_00), 8);
    }
}

static void xive_raise(Vm *vm)
{
    mmio_wr(vm, 0, ESB_TRIG(MSI_A), 8, 0);
    set_level(vm, MSI_B, 1); /* an MSI through set_irq */
    mmio_wr(vm, 0, ESB_TRIG(IPI_LISN), 8, 0);
    set_level(vm, LSI_L, 1);
}

static void xive_drain(Vm *vm)
{
    for (unsigned round = 0; round < 16; round++) {
        bool any = false;

        for (uint32_t c = 0; c < NCPUS; c++) {
            uint32_t eisn;

            if (mmio_rd(vm, c, TM_ACK_OS, 2) & 0x8000) {
                any = true;
            }
            while ((eisn = vm_queue_pop(&vm->g, c)) != 0) {
                any = true;
                switch (eisn) {
                case EISN_IPI1:
                    take(vm, c, SRC_IPI);
                    mmio_rd(vm, c, ESB_MGMT(IPI_LISN) + ESB_EOI, 8);
                    break;
                case LSI_L:
                    take(vm, c, SRC_LSI);
                    set_level(vm, LSI_L, 0);
                    HCALL_OK(vm, c, SPAPR_H_INT_ESB, 0, LSI_L, ESB_EOI, 0);
                    break;
                case MSI_A:
                case MSI_B:
                    take(vm, c, eisn == MSI_A ? SRC_MSI_A : SRC_MSI_B);
                    mmio_rd(vm, c, ESB_MGMT(eisn) + ESB_EOI, 8);
                    break;
                default:
                    g_assert_not_reached();
                }
            }
            mmio_wr(vm, c, TM_OS_CPPR, 1, 0xff);
        }
        if (!any) {
            return;
        }
    }
    g_assert_not_reached();
}

/* ---- the phases ---- */

static bool xive_active(Vm *vm)
{
    return spapr_irq_active(vm->irq) == SPAPR_INTC_XIVE;
}

static void drain(Vm *vm)
{
    if (xive_active(vm)) {
        xive_drain(vm);
    } else {
        xics_drain(vm);
    }
    for (uint32_t c = 0; c < MAX_CPUS; c++) {
        g_assert_false(vm->g.line[c]);
    }
}

/* @rounds of the guest raising one of each source and taking them: each
 * exactly once, on its CPU.  @setup: the guest configures the controller
 * first (after a reset). */
static void traffic(Vm *vm, bool setup, unsigned rounds)
{
    bool xive = xive_active(vm);

    vm->ran[spapr_irq_active(vm->irq)][spapr_irq_active_impl(vm->irq)] = true;
    if (setup) {
        if (xive) {
            xive_setup(vm);
        } else {
            xics_setup(vm);
        }
    }
    for (unsigned r = 0; r < rounds; r++) {
        unsigned before[MAX_CPUS][SRC_COUNT];

        memcpy(before, vm->takes, sizeof(before));
        if (xive) {
            xive_raise(vm);
        } else {
            xics_raise(vm);
        }
        drain(vm);
        for (uint32_t c = 0; c < MAX_CPUS; c++) {
            for (unsigned s = 0; s < SRC_COUNT; s++) {
                g_assert_cmpuint(vm->takes[c][s] - before[c][s], ==,
                                 c == want_cpu[s]);
            }
        }
    }
}

/* CAS with @byte23, then (cas-switch=at-reset) the CAS reboot that applies
 * it; at-cas switches at once.  A mode the machine does not offer is
 * refused (SPAPR_IRQ_ERROR_CAS) and the machine runs on. */
static void cas(Vm *vm, uint8_t byte23)
{
    g_autoptr(GError) err = NULL;
    bool offered =
        strcmp(vm->mode, "dual") == 0 ||
        (byte23 == SPAPR_OV5_XIVE) == (strcmp(vm->mode, "xive") == 0);

    bool accepted = vmm_cas(vm->irq, byte23, &err);

    if (accepted) {
        g_assert_no_error(err);
        g_assert_true(offered);
    } else {
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_CAS);
        /* dual under a POWER8 compat offers XICS only */
        g_assert_true(!offered || byte23 == SPAPR_OV5_XIVE);
        vm->cas_refused++;
    }
    if (!vm->at_cas) {
        /* at-reset: the CAS reboot applies the choice */
        OK(vm, vmm_reset(vm->irq, errp), "reset after CAS");
    }
    if (accepted) {
        bool xive = byte23 == SPAPR_OV5_XIVE &&
                    spapr_irq_get_plan(vm->irq)->offered != SPAPR_IC_MODE_XICS;

        g_assert_cmpint(spapr_irq_active(vm->irq), ==,
                        xive ? SPAPR_INTC_XIVE : SPAPR_INTC_XICS);
    }
}

static GByteArray *save(Vm *vm)
{
    GByteArray *out = g_byte_array_new();

    OK(vm, spapr_irq_save(vm->irq, out, errp), "save");
    return out;
}

/* Stopped with MSI A in flight; saved; loaded back; the state saved after
 * the load is the state loaded, and so is a fresh twin's that loads it;
 * resumed, the guest takes MSI A once. */
static void save_load(Vm *vm)
{
    g_autoptr(GByteArray) s0 = NULL;
    g_autoptr(GByteArray) s1 = NULL;
    g_autoptr(GByteArray) s2 = NULL;
    g_autoptr(Vm) twin = NULL;
    unsigned before = vm->takes[want_cpu[SRC_MSI_A]][SRC_MSI_A];

    if (xive_active(vm)) {
        mmio_wr(vm, 0, ESB_TRIG(MSI_A), 8, 0);
    } else {
        set_level(vm, MSI_A, 1);
    }
    g_assert_true(vm->g.line[want_cpu[SRC_MSI_A]]);
    OK(vm, vmm_vm_stop(vm->irq, errp), "stop");
    s0 = save(vm);
    OK(vm, spapr_irq_load(vm->irq, s0->data, s0->len, errp), "load back");
    s1 = save(vm);
    g_assert_cmpmem(s1->data, s1->len, s0->data, s0->len);

    twin = vm_twin(vm);
    OK(twin, vmm_vm_stop(twin->irq, errp), "stop the twin");
    OK(twin, spapr_irq_load(twin->irq, s0->data, s0->len, errp),
       "load into the twin");
    s2 = save(twin);
    g_assert_cmpmem(s2->data, s2->len, s0->data, s0->len);
    g_clear_pointer(&twin, vm_free);
    vm->roundtrips += 2;

    OK(vm, vmm_vm_resume(vm->irq, errp), "resume");
    drain(vm);
    g_assert_cmpuint(vm->takes[want_cpu[SRC_MSI_A]][SRC_MSI_A], ==, before + 1);
}

typedef enum Step {
    STEP_CREATE,
    STEP_BOOT,
    STEP_CAS1,
    STEP_CAS2,
    STEP_SAVE_LOAD,
    STEP_DESTROY,
    STEP_COUNT
} Step;

/* Creates @vm with its asked-for options, or, when the host or the policy
 * refuses them, the first of a fixed list of fallbacks it accepts. */
static void step_create(Vm *vm)
{
    const char *const asked_mode = vm->mode, *const asked_kic = vm->kic;
    const struct {
        const char *mode, *kic;
    } tries[] = {
        {asked_mode, asked_kic}, {asked_mode, NULL}, {asked_mode, "off"},
        {"dual", NULL},          {"xics", "off"},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(tries); i++) {
        g_autoptr(GError) err = NULL;

        vm->mode = tries[i].mode;
        vm->kic = tries[i].kic;
        if (vm_create(vm, &err)) {
            OK(vm, vmm_vm_resume(vm->irq, errp), "resume");
            return;
        }
        g_assert_nonnull(err);
        spapr_irq_destroy(&vm->irq);
        memset(vm->g.line, 0, sizeof(vm->g.line));
    }
    g_assert_not_reached();
}

static void step(Vm *vm, Step s)
{
    bool dual = strcmp(vm->mode, "dual") == 0;
    bool xive = strcmp(vm->mode, "xive") == 0;

    switch (s) {
    case STEP_CREATE:
        step_create(vm);
        break;
    case STEP_BOOT:
        traffic(vm, true, ROUNDS);
        break;
    case STEP_CAS1:
        /* dual: XICS; the others: the mode they do not offer first */
        cas(vm, dual || xive ? SPAPR_OV5_XICS : SPAPR_OV5_XIVE);
        traffic(vm, true, ROUNDS);
        break;
    case STEP_CAS2:
        cas(vm, dual || xive ? SPAPR_OV5_XIVE : SPAPR_OV5_XICS);
        traffic(vm, true, ROUNDS);
        break;
    case STEP_SAVE_LOAD:
        save_load(vm);
        traffic(vm, false, ROUNDS);
        break;
    case STEP_DESTROY:
        OK(vm, vmm_vm_stop(vm->irq, errp), "stop");
        spapr_irq_destroy(&vm->irq);
        g_assert_null(vm->irq);
        break;
    default:
        g_assert_not_reached();
    }
}

/* ---- the threads ---- */

typedef struct Worker {
    Vm *vms[PER_THREAD];
    gint *ready; /* the start line: every thread begins together */
} Worker;

static gpointer worker_run(gpointer opaque)
{
    Worker *w = opaque;

    g_atomic_int_inc(w->ready);
    while (g_atomic_int_get(w->ready) < N_THREADS) {
        g_thread_yield();
    }
    for (Step s = 0; s < STEP_COUNT; s++) {
        for (unsigned i = 0; i < PER_THREAD; i++) {
            step(w->vms[i], s);
        }
    }
    return NULL;
}

/*
 * GLib allocates some of its own locks on first use (the GRWLock of its
 * error-domain table, taken by every g_set_error()) and publishes them with
 * atomics inside libglib, which is not instrumented: under TSan the first
 * use from two threads at once looks like a race in GLib.  It is not the
 * library's state; one error made here, before the threads start, has
 * GLib make that lock first.
 */
static void glib_warm_up(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_irq_config_new();
    g_autoptr(GError) err = NULL;

    g_assert_false(spapr_irq_config_parse_option(cfg, "-machine",
                                                 "pseries,ic-mode=x", &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
}

static void test_threads(void)
{
    g_autoptr(GArray) hosts = vm_hosts_new();
    g_autoptr(GHashTable) host_seen = g_hash_table_new(g_str_hash, g_str_equal);
    Vm *vms[N_MACHINES];
    Worker workers[N_THREADS];
    GThread *threads[N_THREADS];
    gint ready = 0;
    bool ran[SPAPR_INTC_COUNT][2] = {{false}};
    unsigned mode_seen[G_N_ELEMENTS(modes)] = {0};
    unsigned ops = 0, taken = 0, roundtrips = 0, cas_refused = 0;
    unsigned in_kernel = 0;
    gint64 t0 = g_get_monotonic_time();

    glib_warm_up();
    /* Machine i: host i mod hosts (tcg and each profile about 3 times),
     * mode i mod 3 (3 and the host count are coprime: each host gets
     * several modes), kernel-irqchip (i / 3) mod 3, cas-switch=at-cas on
     * every other one.  Thread t drives machines t, t + 8, t + 16, t + 24. */
    for (unsigned i = 0; i < N_MACHINES; i++) {
        vms[i] = vm_alloc(i, &g_array_index(hosts, Host, i % hosts->len));
        vms[i]->mode = modes[i % G_N_ELEMENTS(modes)];
        vms[i]->kic = kics[(i / 3) % G_N_ELEMENTS(kics)];
        vms[i]->at_cas = i % 2;
    }
    for (unsigned t = 0; t < N_THREADS; t++) {
        g_autofree char *name = g_strdup_printf("machines-%u", t);

        workers[t].ready = &ready;
        for (unsigned i = 0; i < PER_THREAD; i++) {
            workers[t].vms[i] = vms[t + i * N_THREADS];
        }
        threads[t] = g_thread_new(name, worker_run, &workers[t]);
    }
    for (unsigned t = 0; t < N_THREADS; t++) {
        g_thread_join(threads[t]);
    }

    for (unsigned i = 0; i < N_MACHINES; i++) {
        Vm *vm = vms[i];

        g_autofree char *impls = g_strdup_printf(
            "%s%s%s%s", vm->ran[SPAPR_INTC_XICS][0] ? " xics" : "",
            vm->ran[SPAPR_INTC_XICS][1] ? " xics-kvm" : "",
            vm->ran[SPAPR_INTC_XIVE][0] ? " xive" : "",
            vm->ran[SPAPR_INTC_XIVE][1] ? " xive-kvm" : "");

        g_test_message("machine %2u: %-14s ic-mode=%s kernel-irqchip=%s%s: "
                       "ran%s, %u ops, %u interrupts taken",
                       i, vm->host->name, vm->mode,
                       vm->kic ? vm->kic : "allowed",
                       vm->at_cas ? " cas-switch=at-cas" : "", impls, vm->ops,
                       vm->taken_total);
        in_kernel += vm->ran[SPAPR_INTC_XICS][1] || vm->ran[SPAPR_INTC_XIVE][1];
        g_hash_table_add(host_seen, (gpointer)vm->host->name);
        for (size_t m = 0; m < G_N_ELEMENTS(modes); m++) {
            mode_seen[m] += strcmp(vm->mode, modes[m]) == 0;
        }
        for (unsigned k = 0; k < SPAPR_INTC_COUNT; k++) {
            ran[k][0] |= vm->ran[k][0];
            ran[k][1] |= vm->ran[k][1];
        }
        ops += vm->ops;
        taken += vm->taken_total;
        roundtrips += vm->roundtrips;
        cas_refused += vm->cas_refused;
        g_assert_cmpuint(vm->roundtrips, ==, 2);
        vm_free(vm);
    }
    printf("# threads: %u machines in %u threads (%u with an in-kernel "
           "controller), %u hosts, %u guest ops, %u interrupts taken, %u "
           "state round trips, %u CAS refused, %.2f s\n",
           N_MACHINES, N_THREADS, in_kernel, g_hash_table_size(host_seen), ops,
           taken, roundtrips, cas_refused, (g_get_monotonic_time() - t0) / 1e6);
    /* The mix the test claims: every host, every mode, both controllers
     * both emulated and in the kernel. */
    g_assert_cmpuint(g_hash_table_size(host_seen), ==, hosts->len);
    for (size_t m = 0; m < G_N_ELEMENTS(modes); m++) {
        g_assert_cmpuint(mode_seen[m], >, 0);
    }
    g_assert_true(ran[SPAPR_INTC_XICS][SPAPR_INTC_IMPL_EMULATED]);
    g_assert_true(ran[SPAPR_INTC_XICS][SPAPR_INTC_IMPL_KVM]);
    g_assert_true(ran[SPAPR_INTC_XIVE][SPAPR_INTC_IMPL_EMULATED]);
    g_assert_true(ran[SPAPR_INTC_XIVE][SPAPR_INTC_IMPL_KVM]);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/threads/machines", test_threads);
    return g_test_run();
}
