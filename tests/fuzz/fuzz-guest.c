/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-guest: the libFuzzer harness of the guest-facing calls
 * (tests/fuzz/README.md).  The first bytes choose a machine (ic-mode x
 * kernel-irqchip x cas-switch, tcg or kvm-sim with each host profile,
 * optional fail=N[:ERRNO] injection, -smp); the rest is a sequence of
 * operations, one opcode byte and its arguments each: hcalls of XICS and
 * XIVE, RTAS, ESB and TIMA loads and stores of every size (odd ones too),
 * set_irq, claim and free, MSI alloc and free, vCPU hot-plug and unplug,
 * CAS, reset, VM stop and resume, host faults armed at run time, save and
 * load.  On kvm-sim the guest's calls go to the simulated kernel first, as
 * in tools/vmm.c, and only what exits reaches the layer.  It aborts when
 *  - a guest-facing call (hcall, RTAS, MMIO, set_irq) allocates or frees
 *    (counted by ASan's malloc hooks around the library's call alone, with
 *    GLib's caches as the process left them: nothing warmed);
 *  - an hcall returns no PAPR code, an RTAS call no RTAS status;
 *  - a refused load reports no error or leaves the machine's saved state
 *    different, byte for byte;
 *  - a state the machine saved does not load back into it and into a
 *    fresh machine of the same options, or saves differently after that;
 * and the sanitizers abort on any memory error, leak or undefined
 * behaviour.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "sim/sim.h"
#include "tools/vmm.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_OPS  64
#define MAX_OPTS 8
#define MAX_CPUS 8

typedef struct Machine {
    const char *opts[MAX_OPTS * 2 + 1]; /* name, argument, ..., NULL */
    char *owned[MAX_OPTS];              /* the arguments built here */
    SpaprIrq *irq;
    SpaprHost *sim; /* kvm-sim host, or NULL */
    uint32_t max_cpus;
    bool present[MAX_CPUS];
    GByteArray *snapshot; /* a state saved earlier (op SNAPSHOT), or NULL */
} Machine;

static const char *const ic_modes[] = {"xics", "xive", "dual"};
/* kernel-irqchip: on, off, split, or not given (allowed). */
static const char *const irqchips[] = {
    ",kernel-irqchip=on", ",kernel-irqchip=off", ",kernel-irqchip=split", ""};
static const char *const switches[] = {"at-reset", "at-cas"};
static const int errnos[] = {EINVAL, ENOMEM, EBUSY, ENXIO, EFAULT, EPERM};

static void set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
    (void)opaque;
    (void)cpu_index;
    (void)level;
}

static const SpaprIrqCallbacks callbacks = {
    .set_cpu_irq = set_cpu_irq,
    .map_region = vmm_map_region,
};

G_GNUC_NORETURN G_GNUC_PRINTF(2, 3) static void fail(const Machine *m,
                                                     const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "fuzz-guest: machine");
    for (size_t i = 0; m && m->opts[i]; i++) {
        fprintf(stderr, " %s", m->opts[i]);
    }
    fprintf(stderr, ": ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    abort();
}

static void add_opt(Machine *m, size_t *n, const char *name, char *arg)
{
    m->owned[*n / 2] = arg;
    m->opts[(*n)++] = name;
    m->opts[(*n)++] = arg;
    m->opts[*n] = NULL;
}

/* The options of the first bytes of the input (@with_fail false: without
 * fail=, for the fresh machine of a round trip). */
static void choose(Machine *m, FuzzIn *in)
{
    uint8_t b0 = fuzz_u8(in), b1 = fuzz_u8(in), b2 = fuzz_u8(in),
            b3 = fuzz_u8(in), b4 = fuzz_u8(in);
    size_t nprof, n = 0;
    const SpaprHostProfile *prof = spapr_host_profiles(&nprof);
    unsigned smp = 1 + b4 % 4, max = smp + (b4 / 4) % (MAX_CPUS - smp + 1);

    add_opt(m, &n, "-machine",
            g_strdup_printf("pseries,ic-mode=%s%s,cas-switch=%s",
                            ic_modes[b0 % 3], irqchips[(b0 / 3) % 4],
                            switches[(b0 / 12) % 2]));
    add_opt(m, &n, "-smp", g_strdup_printf("%u,maxcpus=%u", smp, max));
    if (b1 % (nprof + 1) == 0) {
        add_opt(m, &n, "-accel", g_strdup("tcg"));
    } else if (b2 & 0x80) {
        add_opt(m, &n, "-accel",
                g_strdup_printf("kvm-sim,host=%s,fail=%u:%d",
                                prof[b1 % (nprof + 1) - 1].name,
                                (b2 & 0x7f) + 1,
                                errnos[b3 % G_N_ELEMENTS(errnos)]));
    } else {
        add_opt(m, &n, "-accel",
                g_strdup_printf("kvm-sim,host=%s",
                                prof[b1 % (nprof + 1) - 1].name));
    }
}

static void machine_clear(Machine *m)
{
    spapr_irq_destroy(&m->irq);
    if (m->snapshot) {
        g_byte_array_unref(m->snapshot);
    }
    for (size_t i = 0; i < MAX_OPTS; i++) {
        g_free(m->owned[i]);
    }
}

/* Creates the machine of m->opts (without fail= when @no_fail); false if
 * the options or the host refuse it (with an error, checked). */
static bool machine_create(Machine *m, bool no_fail)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;

    for (size_t i = 0; m->opts[i]; i += 2) {
        if (!spapr_irq_config_parse_option(cfg, m->opts[i], m->opts[i + 1],
                                           &err)) {
            fail(m, "option %s %s refused: %s", m->opts[i], m->opts[i + 1],
                 err->message);
        }
    }
    if (no_fail) {
        cfg->accel_fail_nth = 0;
    }
    m->irq = spapr_irq_create(cfg, &callbacks, -1, &err);
    if (!m->irq) {
        if (!err || !err->message) {
            fail(m, "create failed without an error");
        }
        return false;
    }
    m->max_cpus = spapr_irq_get_plan(m->irq)->topo.max_cpus;
    if (m->max_cpus > MAX_CPUS) {
        fail(m, "max_cpus %u", m->max_cpus);
    }
    m->sim = spapr_irq_get_host(m->irq);
    if (m->sim && !spapr_host_is_sim(m->sim)) {
        m->sim = NULL;
    }
    return true;
}

/* ---- the guest-facing calls, as tools/vmm.c makes them, counted ---- */

static unsigned injected(const Machine *m)
{
    SpaprHostSimStats st = {0};

    return m->sim && spapr_host_sim_stats(m->sim, &st) ? st.injected : 0;
}

/* Checks the count of a guest-facing call: none, even when a host call
 * failed in it (nothing is formatted for errp NULL). */
static void check_allocs(const Machine *m, const char *what, unsigned allocs)
{
    if (allocs) {
        fail(m, "%s allocated or freed memory (%u times)", what, allocs);
    }
}

typedef struct Exit {
    SpaprHost *h;
    int fd;
    bool in_run;
} Exit;

static Exit exit_begin(const Machine *m, uint32_t cpu)
{
    Exit e = {m->sim, spapr_irq_cpu_vcpu_fd(m->irq, cpu), false};

    e.in_run = e.h && spapr_host_sim_vcpu_in_run(e.h, e.fd);
    if (e.in_run) {
        spapr_host_sim_vcpu_run(e.h, e.fd, false);
    }
    return e;
}

static void exit_end(const Exit *e)
{
    if (e->in_run) {
        spapr_host_sim_vcpu_run(e->h, e->fd, true);
    }
}

static bool papr_code(int64_t rc)
{
    return rc == SPAPR_H_SUCCESS || rc == SPAPR_H_BUSY ||
           (rc <= SPAPR_H_HARDWARE && rc >= SPAPR_H_PARAMETER) ||
           (rc <= SPAPR_H_P2 && rc >= SPAPR_H_P7);
}

static void hcall(Machine *m, uint32_t cpu, uint64_t opcode,
                  const uint64_t *args, size_t nargs)
{
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};
    int64_t rc;
    unsigned allocs;
    Exit e;

    if (m->sim &&
        spapr_host_sim_guest_hcall(m->sim, spapr_irq_cpu_vcpu_fd(m->irq, cpu),
                                   opcode, args, nargs, rets, &rc) == 0) {
        return; /* the kernel answered */
    }
    e = exit_begin(m, cpu);
    fuzz_alloc_begin();
    rc = spapr_irq_hcall(m->irq, cpu, opcode, args, nargs, rets);
    allocs = fuzz_alloc_end();
    exit_end(&e);
    check_allocs(m, "hcall", allocs);
    if (!papr_code(rc)) {
        fail(m, "hcall 0x%" PRIx64 " returned %" PRId64 ", not a PAPR code",
             opcode, rc);
    }
}

static void rtas(Machine *m, uint32_t cpu, uint32_t token, uint32_t nargs,
                 const uint32_t *args, uint32_t nret)
{
    uint32_t rets[8] = {0x5a5a5a5a};
    unsigned allocs;
    bool ok;
    Exit e;

    if (m->sim &&
        spapr_host_sim_guest_rtas(m->sim, spapr_irq_cpu_vcpu_fd(m->irq, cpu),
                                  token, nargs, args, nret, rets) == 0) {
        return;
    }
    e = exit_begin(m, cpu);
    fuzz_alloc_begin();
    ok = spapr_irq_rtas(m->irq, cpu, token, nargs, args, nret, rets);
    allocs = fuzz_alloc_end();
    exit_end(&e);
    check_allocs(m, "RTAS", allocs);
    if (ok && nret) {
        int32_t st = (int32_t)rets[0];

        if (st != SPAPR_RTAS_OUT_SUCCESS && st != SPAPR_RTAS_OUT_HW_ERROR &&
            st != SPAPR_RTAS_OUT_PARAM_ERROR) {
            fail(m, "RTAS 0x%x returned status %d", token, st);
        }
    }
}

static void mmio(Machine *m, uint32_t cpu, uint64_t addr, unsigned size,
                 bool write, uint64_t val)
{
    unsigned allocs;
    Exit e;

    if (m->sim) {
        int rc = spapr_host_sim_guest_mmio(m->sim,
                                           spapr_irq_cpu_vcpu_fd(m->irq, cpu),
                                           addr, size, write, &val);

        if (rc != -ENOENT) {
            return; /* a memory slot served it */
        }
    }
    e = exit_begin(m, cpu);
    fuzz_alloc_begin();
    if (write) {
        spapr_irq_mmio_write(m->irq, cpu, addr, size, val);
    } else {
        spapr_irq_mmio_read(m->irq, cpu, addr, size, &val);
    }
    allocs = fuzz_alloc_end();
    exit_end(&e);
    check_allocs(m, write ? "MMIO write" : "MMIO read", allocs);
}

static void set_irq(Machine *m, uint32_t irqn, int level)
{
    unsigned allocs;

    fuzz_alloc_begin();
    spapr_irq_set_irq(m->irq, irqn, level, NULL);
    allocs = fuzz_alloc_end();
    check_allocs(m, "set_irq", allocs);
}

/* ---- save and load ---- */

static bool same(const GByteArray *a, const GByteArray *b)
{
    return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

static GByteArray *save(Machine *m)
{
    GByteArray *out = g_byte_array_new();

    if (!spapr_irq_save(m->irq, out, NULL)) {
        g_byte_array_unref(out);
        return NULL;
    }
    return out;
}

/* @st, saved by @m, loads back into @m and saves the same (unless the
 * host fails a call on the way: fail=N). */
static void load_back(Machine *m, const GByteArray *st, const char *when)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(GByteArray) again = g_byte_array_new();
    unsigned inj = injected(m);

    if (!spapr_irq_load(m->irq, st->data, st->len, &err)) {
        if (injected(m) == inj) {
            fail(m, "%s: a state it saved does not load back: %s", when,
                 err->message);
        }
        /* The host failed the load: the machine must still hold @st. */
        g_clear_error(&err);
        inj = injected(m);
        if (!spapr_irq_save(m->irq, again, &err)) {
            if (injected(m) == inj) {
                fail(m, "%s: no save after a load the host failed: %s", when,
                     err->message);
            }
        } else if (!same(st, again)) {
            fail(m, "%s: a load the host failed changed the machine", when);
        }
        return;
    }
    inj = injected(m);
    if (!spapr_irq_save(m->irq, again, &err)) {
        if (injected(m) == inj) {
            fail(m, "%s: no save after loading back: %s", when, err->message);
        }
    } else if (!same(st, again)) {
        fail(m, "%s: save -> load -> save differs", when);
    }
}

/* @st, saved by @m, loads into a fresh machine of the same options (with
 * the same vCPUs and claims) and saves the same there. */
static void load_fresh(Machine *m, const GByteArray *st)
{
    Machine f = {0};
    g_autoptr(GError) err = NULL;
    g_autoptr(GByteArray) again = NULL;

    memcpy(f.opts, m->opts, sizeof(f.opts));
    if (!machine_create(&f, true)) {
        spapr_irq_destroy(&f.irq);
        return; /* the options need the injected failure to be created */
    }
    for (uint32_t i = 0; i < m->max_cpus; i++) {
        if (m->present[i] && !spapr_irq_cpu_add(f.irq, i, -1, &err)) {
            fail(m, "fresh machine: cpu_add %u: %s", i, err->message);
        }
    }
    /* The destination's devices claim their IRQs, as QEMU's do. */
    for (uint32_t irqn = SPAPR_XIRQ_BASE;
         irqn < SPAPR_XIRQ_BASE + SPAPR_NR_XIRQS; irqn++) {
        bool lsi;

        if (spapr_irq_is_claimed(m->irq, irqn, &lsi) &&
            !spapr_irq_claim(f.irq, irqn, lsi, &err)) {
            fail(m, "fresh machine: claim 0x%x: %s", irqn, err->message);
        }
    }
    if (!spapr_irq_reset(f.irq, &err)) {
        fail(m, "fresh machine: reset: %s", err->message);
    }
    if (!spapr_irq_load(f.irq, st->data, st->len, &err)) {
        fail(m, "a state it saved does not load into a fresh machine: %s",
             err->message);
    } else {
        again = save(&f);
        if (!again || !same(st, again)) {
            fail(m, "save -> load into a fresh machine -> save differs");
        }
    }
    spapr_irq_destroy(&f.irq);
}

/* Loads @buf; refused, the machine must not have changed; accepted, what
 * it saves then must load back. */
static void load(Machine *m, const uint8_t *buf, size_t len)
{
    g_autoptr(GByteArray) before = save(m);
    g_autoptr(GError) err = NULL;
    unsigned inj;

    if (!before) {
        return; /* not saveable now (VM running with a KVM host, ...) */
    }
    inj = injected(m);
    if (!spapr_irq_load(m->irq, buf, len, &err)) {
        g_autoptr(GByteArray) after = NULL;
        unsigned inj_load = injected(m) - inj;

        if (!err || !err->message) {
            fail(m, "a load was refused without an error");
        }
        inj = injected(m);
        after = save(m);
        if (!after) {
            if (injected(m) == inj) {
                fail(m, "no save after a refused load (%s)", err->message);
            }
            return; /* the host failed the save (fail=N) */
        }
        if (!same(before, after)) {
            fail(m,
                 "a refused load changed the machine (%s; host failures "
                 "during the load: %u)",
                 err->message, inj_load);
        }
        return;
    }
    if (err) {
        fail(m, "a load accepted with an error set");
    }
    {
        g_autoptr(GByteArray) after = NULL;

        inj = injected(m);
        after = save(m);
        if (!after) {
            if (injected(m) == inj) {
                fail(m, "a machine does not save after an accepted load");
            }
            return; /* the host failed the save (fail=N) */
        }
        load_back(m, after, "after an accepted load");
    }
}

/* ---- the operations ---- */

static const uint64_t xics_hcalls[] = {
    SPAPR_H_EOI,   SPAPR_H_CPPR, SPAPR_H_IPI,
    SPAPR_H_IPOLL, SPAPR_H_XIRR, SPAPR_H_XIRR_X,
};

static const uint64_t xive_hcalls[] = {
    SPAPR_H_INT_GET_SOURCE_INFO,
    SPAPR_H_INT_SET_SOURCE_CONFIG,
    SPAPR_H_INT_GET_SOURCE_CONFIG,
    SPAPR_H_INT_GET_QUEUE_INFO,
    SPAPR_H_INT_SET_QUEUE_CONFIG,
    SPAPR_H_INT_GET_QUEUE_CONFIG,
    SPAPR_H_INT_SET_OS_REPORTING_LINE,
    SPAPR_H_INT_GET_OS_REPORTING_LINE,
    SPAPR_H_INT_ESB,
    SPAPR_H_INT_SYNC,
    SPAPR_H_INT_RESET,
};

static const char *const rtas_calls[] = {"ibm,set-xive", "ibm,get-xive",
                                         "ibm,int-on", "ibm,int-off"};

/* An argument: mostly values that mean something (IRQ numbers, CPU
 * indexes, priorities, queue pages, flags), sometimes anything. */
static uint64_t arg(FuzzIn *in)
{
    uint8_t sel = fuzz_u8(in);

    switch (sel % 8) {
    case 0:
        return sel >> 3;
    case 1:
        return SPAPR_XIRQ_BASE + fuzz_u16(in) % 0x1010;
    case 2:
        return fuzz_u64(in);
    case 3:
        return (sel >> 3) < 8 ? (sel >> 3) : 0xff;
    case 4:
        return fuzz_u8(in) % 12;
    case 5:
        return (uint64_t)fuzz_u16(in) << 16; /* a guest page */
    case 6:
        return UINT64_MAX - (sel >> 3);
    default:
        return fuzz_u32(in);
    }
}

static uint32_t cpu_arg(const Machine *m, FuzzIn *in)
{
    return fuzz_u8(in) % (m->max_cpus + 2);
}

static uint64_t mmio_addr(FuzzIn *in)
{
    uint8_t sel = fuzz_u8(in);
    uint16_t off = fuzz_u16(in);

    switch (sel % 4) {
    case 0: /* an ESB page of a source: trigger or management */
        return SPAPR_XIVE_ESB_BASE +
               (uint64_t)(fuzz_u16(in) % 0x1100) * 0x20000 +
               (sel & 4 ? 0x10000 : 0) + (off & 0xfff8);
    case 1: /* the TIMA: four 64 KiB pages */
        return SPAPR_XIVE_TIMA_BASE + (uint64_t)(sel >> 2 & 3) * 0x10000 +
               (off & 0xfff);
    case 2:
        return SPAPR_XIVE_TIMA_BASE + (uint64_t)(sel >> 2 & 3) * 0x10000 + off;
    default:
        return fuzz_u64(in);
    }
}

static unsigned mmio_size(FuzzIn *in)
{
    static const unsigned sizes[] = {1, 2, 4, 8, 1, 2,  4,  8,
                                     0, 3, 5, 6, 7, 16, 32, 0x80000000u};

    return sizes[fuzz_u8(in) % G_N_ELEMENTS(sizes)];
}

/* A migration stops the VM around save and load (tools/vmm.c): false if
 * the stop failed (a host failure), nothing to do then. */
static bool pause_vm(Machine *m, bool *was_running)
{
    *was_running = spapr_irq_vm_running(m->irq);
    return !*was_running || vmm_vm_stop(m->irq, NULL);
}

static void resume_vm(Machine *m, bool was_running)
{
    if (was_running) {
        vmm_vm_resume(m->irq, NULL);
    }
}

static void op_snapshot(Machine *m)
{
    GByteArray *st;
    bool was;

    if (!pause_vm(m, &was)) {
        return;
    }
    st = save(m);
    if (st) {
        if (m->snapshot) {
            g_byte_array_unref(m->snapshot);
        }
        m->snapshot = st;
        load_back(m, st, "snapshot");
        load_fresh(m, st);
    }
    resume_vm(m, was);
}

/* Save, then load a copy with a few bytes changed. */
static void op_mutated_load(Machine *m, FuzzIn *in)
{
    g_autoptr(GByteArray) st = NULL;
    uint8_t n = fuzz_u8(in) % 4;
    bool was;

    if (!pause_vm(m, &was)) {
        return;
    }
    st = save(m);
    if (!st) {
        resume_vm(m, was);
        return;
    }
    for (uint8_t i = 0; i < n && st->len; i++) {
        uint32_t pos = fuzz_u32(in) % st->len;

        st->data[pos] ^= fuzz_u8(in) | 1;
    }
    if (fuzz_u8(in) & 1) {
        g_byte_array_set_size(st, fuzz_u32(in) % (st->len + 1));
    }
    load(m, st->data, st->len);
    resume_vm(m, was);
}

/* One of the @n hcalls of @table, on a CPU and with up to @max arguments
 * (at most 8), all from @in. */
static void hcall_of(Machine *m, FuzzIn *in, const uint64_t *table, size_t n,
                     size_t max)
{
    uint32_t cpu = cpu_arg(m, in);
    uint8_t op = fuzz_u8(in);
    uint64_t args[8];

    g_assert(max <= G_N_ELEMENTS(args));
    for (size_t i = 0; i < max; i++) {
        args[i] = arg(in);
    }
    hcall(m, cpu, table[op % n], args, op / n % (max + 1));
}

static void run_op(Machine *m, FuzzIn *in)
{
    uint8_t op = fuzz_u8(in);
    uint64_t args[8];
    uint32_t rargs[8];
    uint32_t cpu, n;

    switch (op % 24) {
    case 0:
    case 1: /* an XICS hcall */
        hcall_of(m, in, xics_hcalls, G_N_ELEMENTS(xics_hcalls), 4);
        break;
    case 2:
    case 3:
    case 4: /* a XIVE hcall */
        hcall_of(m, in, xive_hcalls, G_N_ELEMENTS(xive_hcalls), 8);
        break;
    case 5: /* any opcode */
        cpu = cpu_arg(m, in);
        args[0] = fuzz_u16(in);
        hcall(m, cpu, args[0], args + 1, fuzz_u8(in) % 8);
        break;
    case 6:
    case 7: { /* RTAS */
        uint8_t t = fuzz_u8(in);
        uint32_t token =
            t < 0xf0
                ? spapr_irq_rtas_token(rtas_calls[t % G_N_ELEMENTS(rtas_calls)])
                : fuzz_u32(in);

        cpu = cpu_arg(m, in);
        n = fuzz_u8(in);
        for (size_t i = 0; i < 8; i++) {
            rargs[i] = (uint32_t)arg(in);
        }
        rtas(m, cpu, token, n % 6, rargs, (n / 6) % 5);
        break;
    }
    case 8:
    case 9:
    case 10: /* MMIO read */
    case 11:
    case 12: { /* MMIO write (its value last) */
        bool write = op % 24 >= 11;
        uint64_t addr;
        unsigned size;

        cpu = cpu_arg(m, in);
        addr = mmio_addr(in);
        size = mmio_size(in);
        mmio(m, cpu, addr, size, write, write ? arg(in) : 0);
        break;
    }
    case 13:
    case 14: /* set_irq */
        n = (uint32_t)arg(in);
        set_irq(m, n, (int)(fuzz_u8(in) % 4) - 1);
        break;
    case 15: /* claim */
        n = (uint32_t)arg(in);
        spapr_irq_claim(m->irq, n, fuzz_u8(in) & 1, NULL);
        break;
    case 16: { /* free, or an MSI block back */
        uint32_t first = (uint32_t)arg(in);
        uint32_t num = (uint32_t)arg(in);

        if (op & 0x80) {
            spapr_irq_msi_free(m->irq, first, num);
        } else {
            spapr_irq_free(m->irq, first, num);
        }
        break;
    }
    case 17: { /* MSI alloc, then claim the block sometimes */
        uint32_t first = 0, num = fuzz_u8(in);

        num = num < 0xf0 ? num % 33 : fuzz_u32(in);
        if (spapr_irq_msi_alloc(m->irq, num, op & 0x80, &first, NULL) &&
            (op & 0x40)) {
            for (uint32_t i = 0; i < num && i < 4; i++) {
                spapr_irq_claim(m->irq, first + i, false, NULL);
            }
        }
        break;
    }
    case 18: /* vCPU hot-plug, or unplug */
        cpu = cpu_arg(m, in);
        if (op & 0x80) {
            vmm_cpu_remove(m->irq, cpu);
            if (cpu < MAX_CPUS) {
                m->present[cpu] = false;
            }
        } else if (vmm_cpu_add(m->irq, cpu, NULL)) {
            m->present[cpu] = true;
        }
        break;
    case 19: /* CAS */
        vmm_cas(m->irq, fuzz_u8(in), NULL);
        break;
    case 20: /* reset, or VM stop / resume */
        switch (op >> 6) {
        case 0:
        case 1:
            vmm_reset(m->irq, NULL);
            break;
        case 2:
            vmm_vm_stop(m->irq, NULL);
            break;
        default:
            vmm_vm_resume(m->irq, NULL);
            break;
        }
        break;
    case 21: /* a host fault armed now (kvm-sim) */
        n = fuzz_u8(in);
        if (m->sim) {
            spapr_host_sim_fail(m->sim, n % 16 + 1,
                                errnos[(n >> 4) % G_N_ELEMENTS(errnos)]);
        }
        break;
    case 22: /* save, load back here and into a fresh machine */
        if (op & 0x80 && m->snapshot) {
            g_autoptr(GByteArray) st = g_byte_array_ref(m->snapshot);
            bool was;

            if (pause_vm(m, &was)) {
                load(m, st->data, st->len); /* a state of earlier */
                resume_vm(m, was);
            }
        } else {
            op_snapshot(m);
        }
        break;
    default:
        op_mutated_load(m, in);
        break;
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_alloc_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzIn in = {data, size};
    Machine m = {0};
    uint8_t setup;

    choose(&m, &in);
    setup = fuzz_u8(&in);
    if (machine_create(&m, false)) {
        uint32_t smp = spapr_irq_get_plan(m.irq)->topo.smp_cpus;

        /* The VMM's start: its vCPUs (before or after the first reset),
         * the default claims of tools/demo.c's machines: EPOW, an MSI and
         * an LSI. */
        if (setup & 1) {
            spapr_irq_reset(m.irq, NULL);
        }
        for (uint32_t i = 0; i < smp; i++) {
            m.present[i] = spapr_irq_cpu_add(m.irq, i, -1, NULL);
        }
        spapr_irq_claim(m.irq, SPAPR_IRQ_EPOW, false, NULL);
        spapr_irq_claim(m.irq, SPAPR_IRQ_MSI, false, NULL);
        spapr_irq_claim(m.irq, SPAPR_IRQ_PCI_LSI, true, NULL);
        if (!(setup & 1)) {
            spapr_irq_reset(m.irq, NULL);
        }
        if (setup & 2) {
            vmm_vm_resume(m.irq, NULL);
        }
        for (unsigned i = 0; i < MAX_OPS && in.n; i++) {
            run_op(&m, &in);
        }
        /* Every machine's last state loads back. */
        if (m.sim) {
            vmm_vm_stop(m.irq, NULL);
        }
        op_snapshot(&m);
    }
    machine_clear(&m);
    return 0;
}
