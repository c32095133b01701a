/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fault injection: the in-kernel backends (hw/intc/xics_kvm.c,
 * hw/intc/spapr_xive_kvm.c) and the machine layer's fallback
 * (hw/machine/) against every failure of every host call of the
 * simulated KVM host kvm-sim.
 *
 * For each path below, on every kvm-sim profile with an in-kernel
 * controller, every ic-mode the profile allows and both policies
 * (kernel-irqchip absent = allowed, and on):
 *
 *   start           spapr_irq_create + cpu_add of every CPU + claims of an
 *                   MSI and an LSI (failure counted from the host's
 *                   opening, probes included: -accel kvm-sim,fail=N:EIO)
 *   switch-to-xive  dual machine on XICS: CAS 0x40 + reset
 *   switch-to-xics  dual machine on XIVE: CAS 0x00 + reset
 *   reset           reset without a switch
 *   save            spapr_irq_save
 *   load            spapr_irq_load of a state the same machine saved
 *   stop            spapr_irq_vm_stop of a running VM (its resume makes no
 *                   host call: ESB loads only)
 *
 * the path's host calls are counted on a clean run (N), then for
 * i = 1 .. N a fresh machine is brought to the path's start, host call i
 * of the path fails once with EIO, and the outcome is checked:
 *
 *   allowed  the call succeeds; the active controller falls back to the
 *            emulation with QEMU's warning naming the failure, and the
 *            guest's configuration survives (save, load) or the machine
 *            works again after the reset (switch, reset, start);
 *   on       the call fails with an error naming the failure; the machine
 *            can still be reset and then works;
 *   any      a failed KVM_CREATE_VCPU is an error (no fallback replaces a
 *            vCPU); a failed close, munmap or memory-slot deletion
 *            releases anyway and a failed
 *            KVM_HAS_DEVICE_ATTR means "absent" (QEMU's
 *            kvm_device_check_attr): both change nothing; a failed RTAS
 *            token undefine (the first calls of a switch away from the
 *            in-kernel XICS) is an error under both policies that leaves
 *            the machine as it was, the guest's configuration working on
 *            the kernel's device with every token defined;
 *            probe failures at start make the host look less capable,
 *            with the outcome the policy gives for such a host.
 *
 * Host call N + 1 must not be reached by the path: the enumeration covers
 * every call, and grows with the path.  Before each machine is destroyed
 * the simulator's counters must match what the final state owns (device,
 * mappings, connected vCPUs, RTAS tokens, vCPU fds).
 *
 * Outcome checks do not stop at the first failure: each one that fails
 * prints its case and marks the test failed (g_test_fail()), so that one
 * run lists every failing fault point.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "hw/host/host.h"
#include "sim/sim.h"
#include "spapr-irq/spapr-irq.h"
#include "tools/guest_ram.h"
#include "tools/vmm.h"

#define NCPUS     2
#define MSI       0x1300
#define LSI       0x1200
#define PRIO_A    5 /* the guest's configuration before a path */
#define PRIO_B    6 /* XICS: the configuration a load replaces */
#define EISN_A    0x77
#define EISN_B    0x66 /* XIVE: the configuration a load replaces */
#define FAIL_ERR  EIO
#define MAX_FAILS 40 /* messages printed per test before going quiet */

#define FALLBACK_PREFIX "kernel_irqchip allowed but unavailable: "
#define FALLBACK_SUFFIX ", Falling back to kernel-irqchip=off"

/* XIVE: guest RAM with one 64 KiB event queue. */
#define RAM_SIZE  0x20000
#define QPAGE     0x10000
#define QSIZE_64K 16
/* H_INT_SET_SOURCE_CONFIG: set EISN; H_INT_SET_QUEUE_CONFIG: always
 * notify; H_INT_GET_QUEUE_CONFIG: debug (generation in R4 bit 62, index
 * in R7). */
#define SRC_SET_EISN    0x2ull
#define Q_ALWAYS_NOTIFY 0x1ull
#define Q_DEBUG         0x1ull
#define Q_DEBUG_GEN     (1ull << 62)
#define PRIO_MASKED     0xff
/* ESB management page of a source and two of its loads; TIMA OS page. */
#define ESB_MGMT(lisn)                                                         \
    (SPAPR_XIVE_ESB_BASE + ((uint64_t)(lisn) << 17) + 0x10000)
#define ESB_LOAD_EOI  0x000
#define ESB_SET_PQ_00 0xc00
#define TIMA_OS       (SPAPR_XIVE_TIMA_BASE + 0x20000)
#define TM_OS_CPPR    (TIMA_OS + 0x11)
#define TM_ACK_OS     (TIMA_OS + 0x810)
#define NSR_EO        0x80

/* ------------------------------------------------------------------ */
/* Soft checks                                                          */
/* ------------------------------------------------------------------ */

static unsigned check_failures;

/* Unless @ok, prints what failed (@fmt) in the case @ctx and marks the
 * test failed.  Returns @ok. */
static bool check(bool ok, const char *ctx, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

static bool check(bool ok, const char *ctx, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *what = NULL;

    if (ok) {
        return true;
    }
    va_start(ap, fmt);
    what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (check_failures++ < MAX_FAILS) {
        g_test_message("FAIL %s: %s", ctx, what);
    }
    g_test_fail();
    return false;
}

/* ------------------------------------------------------------------ */
/* Cases                                                                */
/* ------------------------------------------------------------------ */

typedef enum PathId {
    PATH_START,
    PATH_TO_XIVE,
    PATH_TO_XICS,
    PATH_RESET,
    PATH_SAVE,
    PATH_LOAD,
    PATH_STOP,
    PATH_COUNT,
} PathId;

static const char *const path_names[PATH_COUNT] = {
    "start", "switch-to-xive", "switch-to-xics", "reset",
    "save",  "load",           "stop",
};

/* One machine configuration: profile, ic-mode, policy. */
typedef struct Combo {
    const SpaprHostProfile *profile;
    SpaprIcMode mode;
    SpaprKernelIrqchip policy;
} Combo;

/* One registered test: a path on a profile, over its combos. */
typedef struct TestCase {
    const SpaprHostProfile *profile;
    PathId path;
    GArray *combos; /* Combo */
} TestCase;

/* Outcome classes of a fault point. */
typedef enum Outcome {
    OUT_TOLERATED, /* as the clean run */
    OUT_FALLBACK,  /* success on the emulation, with the warning */
    OUT_ERROR,     /* the call failed */
    OUT_OTHER,     /* none of these */
    OUT_COUNT,
} Outcome;

static const char *const outcome_names[OUT_COUNT] = {
    "tolerated",
    "fallback",
    "error",
    "other",
};

static unsigned total_points;

static SpaprIrqConfig *combo_cfg(const Combo *c, unsigned fail_nth)
{
    SpaprIrqConfig *cfg = spapr_host_sim_config_new();
    g_autofree char *machine = g_strdup_printf(
        "pseries,ic-mode=%s%s", spapr_ic_mode_name(c->mode),
        c->policy == SPAPR_KERNEL_IRQCHIP_ON ? ",kernel-irqchip=on" : "");
    g_autofree char *accel =
        fail_nth ? g_strdup_printf("kvm-sim,host=%s,fail=%u:EIO",
                                   c->profile->name, fail_nth)
                 : g_strdup_printf("kvm-sim,host=%s", c->profile->name);
    const char *opts[] = {"-machine", machine, "-accel", accel,
                          "-smp",     "2",     NULL};

    for (const char *const *o = opts; o[0]; o += 2) {
        g_autoptr(GError) err = NULL;

        if (!spapr_irq_config_parse_option(cfg, o[0], o[1], &err)) {
            g_test_message("%s %s: %s", o[0], o[1], err->message);
        }
        g_assert_no_error(err);
    }
    return cfg;
}

/* The plan of @c on a host answering as its profile, or NULL when the
 * configuration is refused there. */
static SpaprIrqPlan *combo_plan(const Combo *c)
{
    g_autoptr(SpaprIrqConfig) cfg = combo_cfg(c, 0);
    SpaprHostCaps caps;
    SpaprIrqPlan *plan = NULL;

    spapr_host_caps_from_profile(c->profile, &caps);
    if (!spapr_irq_plan_resolve(cfg, &caps, &plan, NULL)) {
        return NULL;
    }
    return plan;
}

static bool path_applies(const Combo *c, PathId path)
{
    g_autoptr(SpaprIrqPlan) plan = combo_plan(c);

    if (!plan) {
        return false;
    }
    if (path == PATH_TO_XIVE || path == PATH_TO_XICS) {
        return plan->offered == SPAPR_IC_MODE_DUAL;
    }
    return true;
}

static char *combo_name(const Combo *c)
{
    return g_strdup_printf("%s ic-mode=%s kernel-irqchip=%s", c->profile->name,
                           spapr_ic_mode_name(c->mode),
                           spapr_kernel_irqchip_name(c->policy));
}

/* ------------------------------------------------------------------ */
/* The machine                                                          */
/* ------------------------------------------------------------------ */

typedef struct Machine {
    GuestRam ram; /* first: the callbacks' opaque is the Machine and the RAM */
    const Combo *c;
    SpaprIrq *irq;
    SpaprHost *host;
    SpaprIrqCallbacks cb;
    bool line[NCPUS];
    unsigned raises[NCPUS];
    bool present[NCPUS];
    bool vcpu_made[NCPUS];
    unsigned nvcpus; /* vCPU fds the layer created */
    bool claimed_msi, claimed_lsi;
} Machine;

G_STATIC_ASSERT(G_STRUCT_OFFSET(Machine, ram) == 0);

static void cb_set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
    Machine *m = opaque;

    g_assert(cpu_index < NCPUS);
    if (level && !m->line[cpu_index]) {
        m->raises[cpu_index]++;
    }
    m->line[cpu_index] = level;
}

static Machine *machine_alloc(const Combo *c)
{
    Machine *m = g_new0(Machine, 1);

    m->c = c;
    guest_ram_init(&m->ram, RAM_SIZE);
    m->cb = (SpaprIrqCallbacks){
        .opaque = m,
        .set_cpu_irq = cb_set_cpu_irq,
        .map_region = vmm_map_region,
        .mem_read = guest_ram_read,
        .mem_write = guest_ram_write,
    };
    return m;
}

static void machine_free(Machine *m)
{
    spapr_irq_destroy(&m->irq);
    g_assert_null(m->irq);
    guest_ram_fini(&m->ram);
    g_free(m);
}

static SpaprHostSimStats sim_stats(Machine *m)
{
    SpaprHostSimStats st;

    g_assert_true(spapr_host_sim_stats(m->host, &st));
    return st;
}

static uint32_t server0(Machine *m)
{
    return spapr_irq_topology_vcpu_id(&spapr_irq_get_plan(m->irq)->topo, 0);
}

/* The start path's first step: the layer, on the host it opens. */
static bool create_step(Machine *m, const SpaprIrqConfig *cfg, GError **errp)
{
    m->irq = spapr_irq_create(cfg, &m->cb, -1, errp);
    if (!m->irq) {
        return false;
    }
    m->host = spapr_irq_get_host(m->irq);
    g_assert_nonnull(m->host);
    return true;
}

static bool cpu_step(Machine *m, uint32_t cpu, GError **errp)
{
    unsigned injected = sim_stats(m).injected;
    bool ok = spapr_irq_cpu_add(m->irq, cpu, -1, errp);
    SpaprHostSimStats st = sim_stats(m);
    /* The layer creates the vCPU first and keeps it whatever fails after. */
    bool no_vcpu = !ok && st.injected > injected &&
                   g_strcmp0(st.failed_op, "create_vcpu") == 0;

    if (!m->vcpu_made[cpu] && !no_vcpu) {
        m->vcpu_made[cpu] = true;
        m->nvcpus++;
    }
    m->present[cpu] = ok;
    return ok;
}

/* The rest of the start path: every CPU, then the claims, stopping at the
 * first error as a VMM would.  What is done is skipped: after an error it
 * tries the rest again. */
static bool start_rest(Machine *m, GError **errp)
{
    for (uint32_t c = 0; c < NCPUS; c++) {
        if (!m->present[c] && !cpu_step(m, c, errp)) {
            return false;
        }
    }
    if (!m->claimed_msi) {
        if (!spapr_irq_claim(m->irq, MSI, false, errp)) {
            return false;
        }
        m->claimed_msi = true;
    }
    if (!m->claimed_lsi) {
        if (!spapr_irq_claim(m->irq, LSI, true, errp)) {
            return false;
        }
        m->claimed_lsi = true;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* The guest's configuration and a delivery                             */
/* ------------------------------------------------------------------ */

static int64_t hcall(Machine *m, uint64_t opcode, const uint64_t *args,
                     size_t nargs, uint64_t *rets)
{
    uint64_t local[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    return vmm_hcall(m->irq, 0, opcode, args, nargs, rets ? rets : local);
}

static uint32_t rtas(Machine *m, const char *name, uint32_t nargs,
                     const uint32_t *args, uint32_t nret, uint32_t *rets)
{
    uint32_t token = spapr_irq_rtas_token(name);

    g_assert_cmpuint(token, !=, 0);
    rets[0] = 0x5a5a5a5a;
    if (!vmm_rtas(m->irq, 0, token, nargs, args, nret, rets)) {
        return 0xdeadbeef;
    }
    return rets[0];
}

static bool xics_active(Machine *m)
{
    return spapr_irq_active(m->irq) == SPAPR_INTC_XICS;
}

/* XICS: CPPR 0xff on CPU 0, the MSI to server 0 at @prio.  XIVE: a queue
 * of server 0 at PRIO_A, the MSI routed to it with @eisn and enabled
 * (PQ 00), CPPR 0xff. */
static bool configure(Machine *m, unsigned value, const char *ctx)
{
    bool ok = true;

    if (xics_active(m)) {
        uint64_t cppr = 0xff;
        uint32_t args[3] = {MSI, server0(m), value}, rets[1];

        ok &= check(hcall(m, SPAPR_H_CPPR, &cppr, 1, NULL) == SPAPR_H_SUCCESS,
                    ctx, "H_CPPR failed");
        ok &= check(rtas(m, "ibm,set-xive", 3, args, 1, rets) ==
                        SPAPR_RTAS_OUT_SUCCESS,
                    ctx, "ibm,set-xive failed: status 0x%x", rets[0]);
    } else {
        uint64_t q[5] = {Q_ALWAYS_NOTIFY, server0(m), PRIO_A, QPAGE, QSIZE_64K};
        uint64_t s[5] = {SRC_SET_EISN, MSI, server0(m), PRIO_A, value};
        uint64_t pq = 0;
        int64_t rc;

        rc = hcall(m, SPAPR_H_INT_SET_QUEUE_CONFIG, q, 5, NULL);
        ok &= check(rc == SPAPR_H_SUCCESS, ctx,
                    "H_INT_SET_QUEUE_CONFIG returned %" PRId64, rc);
        rc = hcall(m, SPAPR_H_INT_SET_SOURCE_CONFIG, s, 5, NULL);
        ok &= check(rc == SPAPR_H_SUCCESS, ctx,
                    "H_INT_SET_SOURCE_CONFIG returned %" PRId64, rc);
        ok &= check(
            vmm_mmio_read(m->irq, 0, ESB_MGMT(MSI) + ESB_SET_PQ_00, 8, &pq),
            ctx, "ESB load not taken");
        ok &= check(vmm_mmio_write(m->irq, 0, TM_OS_CPPR, 1, 0xff), ctx,
                    "TIMA store not taken");
    }
    return ok;
}

/* The configuration of configure(@value) reads back (@value
 * PRIO_MASKED: the reset configuration). */
static bool expect_config(Machine *m, unsigned value, const char *ctx)
{
    if (xics_active(m)) {
        uint32_t args[1] = {MSI}, rets[3] = {0};
        uint32_t st = rtas(m, "ibm,get-xive", 1, args, 3, rets);

        if (!check(st == SPAPR_RTAS_OUT_SUCCESS, ctx,
                   "ibm,get-xive status 0x%x", st)) {
            return false;
        }
        if (value == PRIO_MASKED) {
            return check(rets[2] == PRIO_MASKED, ctx,
                         "after reset the MSI has priority 0x%x, want 0xff",
                         rets[2]);
        }
        return check(rets[1] == server0(m) && rets[2] == value, ctx,
                     "ibm,get-xive: server %u priority 0x%x, want %u 0x%x",
                     rets[1], rets[2], server0(m), value);
    } else {
        uint64_t args[3] = {0, MSI, 0}, rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};
        int64_t rc = hcall(m, SPAPR_H_INT_GET_SOURCE_CONFIG, args, 2, rets);
        bool ok;

        if (!check(rc == SPAPR_H_SUCCESS, ctx,
                   "H_INT_GET_SOURCE_CONFIG returned %" PRId64, rc)) {
            return false;
        }
        if (value == PRIO_MASKED) {
            return check(rets[1] == PRIO_MASKED, ctx,
                         "after reset the MSI has priority 0x%" PRIx64
                         ", want 0xff",
                         rets[1]);
        }
        ok = check(
            rets[0] == server0(m) && rets[1] == PRIO_A && rets[2] == value, ctx,
            "H_INT_GET_SOURCE_CONFIG: target %" PRIu64 " priority %" PRIu64
            " EISN 0x%" PRIx64 ", want %u %u 0x%x",
            rets[0], rets[1], rets[2], server0(m), PRIO_A, value);
        args[0] = 0;
        args[1] = server0(m);
        args[2] = PRIO_A;
        rc = hcall(m, SPAPR_H_INT_GET_QUEUE_CONFIG, args, 3, rets);
        ok &= check(rc == SPAPR_H_SUCCESS && rets[1] == QPAGE &&
                        rets[2] == QSIZE_64K,
                    ctx,
                    "H_INT_GET_QUEUE_CONFIG: %" PRId64 ", page 0x%" PRIx64
                    " size %" PRIu64,
                    rc, rets[1], rets[2]);
        return ok;
    }
}

/* Fires the MSI configured by configure(@value): CPU 0's line goes up, the
 * guest accepts it, and EOIs it. */
static bool deliver(Machine *m, unsigned value, const char *ctx)
{
    g_autoptr(GError) err = NULL;
    unsigned raises = m->raises[0];
    bool ok = true;

    if (xics_active(m)) {
        uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0}, xirr;

        ok &= check(spapr_irq_set_irq(m->irq, MSI, 1, &err), ctx, "set_irq: %s",
                    err ? err->message : "?");
        ok &= check(m->line[0] && m->raises[0] == raises + 1, ctx,
                    "the MSI did not raise CPU 0's line");
        ok &= check(hcall(m, SPAPR_H_XIRR, NULL, 0, rets) == SPAPR_H_SUCCESS &&
                        rets[0] == (0xff000000u | MSI),
                    ctx, "H_XIRR returned 0x%" PRIx64 ", want 0x%x", rets[0],
                    0xff000000u | MSI);
        ok &= check(!m->line[0], ctx, "CPU 0's line stays up after H_XIRR");
        xirr = 0xff000000u | MSI;
        ok &= check(hcall(m, SPAPR_H_EOI, &xirr, 1, NULL) == SPAPR_H_SUCCESS,
                    ctx, "H_EOI failed");
    } else {
        uint64_t args[3] = {Q_DEBUG, server0(m), PRIO_A};
        uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0}, v = 0;
        uint64_t index, gen;
        uint8_t entry[4] = {0};
        uint32_t want;

        if (!check(hcall(m, SPAPR_H_INT_GET_QUEUE_CONFIG, args, 3, rets) ==
                       SPAPR_H_SUCCESS,
                   ctx, "H_INT_GET_QUEUE_CONFIG (debug) failed")) {
            return false;
        }
        gen = !!(rets[0] & Q_DEBUG_GEN);
        index = rets[3];
        if (!check(index < (1u << QSIZE_64K) / 4, ctx,
                   "queue index %" PRIu64 " out of the queue", index)) {
            return false;
        }
        ok &= check(spapr_irq_set_irq(m->irq, MSI, 1, &err), ctx, "set_irq: %s",
                    err ? err->message : "?");
        ok &= check(m->line[0] && m->raises[0] == raises + 1, ctx,
                    "the MSI did not raise CPU 0's line");
        ok &= check(guest_ram_read(&m->ram, QPAGE + 4 * index, entry, 4), ctx,
                    "queue entry %" PRIu64 " is outside the RAM", index);
        want = (uint32_t)gen << 31 | value;
        ok &=
            check(((uint32_t)entry[0] << 24 | (uint32_t)entry[1] << 16 |
                   (uint32_t)entry[2] << 8 | entry[3]) == want,
                  ctx, "queue entry %" PRIu64 " is %02x%02x%02x%02x, want %08x",
                  index, entry[0], entry[1], entry[2], entry[3], want);
        ok &= check(vmm_mmio_read(m->irq, 0, TM_ACK_OS, 2, &v) &&
                        v == (NSR_EO << 8 | PRIO_A),
                    ctx, "OS ack returned 0x%" PRIx64 ", want 0x%x", v,
                    NSR_EO << 8 | PRIO_A);
        ok &= check(!m->line[0], ctx, "CPU 0's line stays up after the ack");
        ok &=
            check(vmm_mmio_read(m->irq, 0, ESB_MGMT(MSI) + ESB_LOAD_EOI, 8, &v),
                  ctx, "ESB EOI not taken");
        ok &= check(vmm_mmio_write(m->irq, 0, TM_OS_CPPR, 1, 0xff), ctx,
                    "TIMA store not taken");
    }
    return ok;
}

/* The value configure() takes: config A (before a path), config B (what
 * a load replaces). */
static unsigned config_a(Machine *m)
{
    return xics_active(m) ? PRIO_A : EISN_A;
}

static unsigned config_b(Machine *m)
{
    return xics_active(m) ? PRIO_B : EISN_B;
}

/* Configure, read back, deliver: the machine works. */
static bool works(Machine *m, const char *ctx)
{
    bool ok = true;

    if (!m->present[0] || !m->claimed_msi) {
        return check(false, ctx, "no CPU 0 or no MSI to deliver to");
    }
    ok &= configure(m, config_a(m), ctx);
    ok &= expect_config(m, config_a(m), ctx);
    ok &= deliver(m, config_a(m), ctx);
    return ok;
}

/* ------------------------------------------------------------------ */
/* What the final state owns                                            */
/* ------------------------------------------------------------------ */

/*
 * Whether a controller is active, from `info pic` ("active: none" after a
 * switch that failed both ways); checks that the getters agree with it.
 */
static bool active_valid(Machine *m, const char *ctx)
{
    g_autoptr(GString) info = g_string_new(NULL);
    g_autofree char *want = NULL;

    spapr_irq_print_info(m->irq, info);
    if (strstr(info->str, "\nactive: none\n")) {
        return false;
    }
    want = g_strdup_printf("\nactive: %s (%s)\n",
                           spapr_intc_kind_name(spapr_irq_active(m->irq)),
                           spapr_intc_impl_name(spapr_irq_active_impl(m->irq)));
    check(strstr(info->str, want) != NULL, ctx, "`info pic` does not say%s",
          want);
    return true;
}

static void check_resources(Machine *m, const char *ctx)
{
    SpaprHostSimStats st;
    bool valid = active_valid(m, ctx);
    SpaprIntcKind kind = spapr_irq_active(m->irq);
    bool kvm = valid && spapr_irq_active_impl(m->irq) == SPAPR_INTC_IMPL_KVM;
    unsigned present = 0;
    unsigned devices = kvm ? 1 : 0;
    unsigned mappings = kvm && kind == SPAPR_INTC_XIVE ? 2 : 0;
    /* No token ever outlives the kernel XICS it points to. */
    unsigned tokens = kvm && kind == SPAPR_INTC_XICS ? 4 : 0;

    st = sim_stats(m);
    for (uint32_t c = 0; c < NCPUS; c++) {
        present += m->present[c];
    }
    check(st.open_devices == devices, ctx, "%u open devices, want %u (%s %s)",
          st.open_devices, devices,
          valid ? spapr_intc_kind_name(kind) : "none active",
          valid ? spapr_intc_impl_name(spapr_irq_active_impl(m->irq)) : "");
    check(st.mappings == mappings, ctx, "%u mappings, want %u", st.mappings,
          mappings);
    check(st.connected_vcpus == (kvm ? present : 0), ctx,
          "%u connected vCPUs, want %u", st.connected_vcpus, kvm ? present : 0);
    check(st.rtas_tokens == tokens, ctx, "%u RTAS tokens, want %u",
          st.rtas_tokens, tokens);
    check(st.open_vcpus == m->nvcpus, ctx, "%u vCPU fds, want %u",
          st.open_vcpus, m->nvcpus);
    if (m->c->profile->release) {
        check(st.stale_irqchips == 0, ctx,
              "%u stale irqchips on a host with release", st.stale_irqchips);
    }
}

/* ------------------------------------------------------------------ */
/* One path                                                             */
/* ------------------------------------------------------------------ */

/* What a clean run of a path on a combo ends with. */
typedef struct Reference {
    unsigned calls_before; /* host calls before the path */
    unsigned calls;        /* host calls of the path */
    SpaprIntcKind kind;
    SpaprIntcImpl impl;
    GPtrArray *new_warnings; /* char *, the path's own */
    GByteArray *saved;       /* PATH_SAVE: the state saved */
    unsigned probe_calls;    /* PATH_START: the probes' host calls */
    unsigned outcomes[OUT_COUNT];
    /* ops[i]: the op of host call i of the path (as failure i shows). */
    const char **ops;
    /* PATH_START under on: the ops of the same ic-mode under allowed,
     * whose start makes the same calls (the policy only changes what a
     * failure does); they name the calls of a create that fails. */
    const char *const *peer_ops;
    unsigned peer_calls;
} Reference;

static void reference_clear(Reference *r)
{
    g_clear_pointer(&r->new_warnings, g_ptr_array_unref);
    g_clear_pointer(&r->saved, g_byte_array_unref);
    g_clear_pointer(&r->ops, g_free);
}

/* A machine at the start of @path (not PATH_START): started, reset,
 * (PATH_TO_XICS: switched to XIVE), configured with config A; for
 * PATH_LOAD *@state is the state with config A, and config B is set. */
static Machine *machine_at(const Combo *c, PathId path, GByteArray **state)
{
    g_autoptr(SpaprIrqConfig) cfg = combo_cfg(c, 0);
    g_autoptr(GError) err = NULL;
    g_autofree char *ctx = combo_name(c);
    Machine *m = machine_alloc(c);

    if (!create_step(m, cfg, &err) || !start_rest(m, &err) ||
        !spapr_irq_reset(m->irq, &err)) {
        g_test_message("%s: bringing up: %s", ctx, err ? err->message : "?");
    }
    g_assert_no_error(err);
    if (path == PATH_TO_XICS) {
        g_assert_true(spapr_irq_cas(m->irq, 0x40, &err));
        g_assert_no_error(err);
        g_assert_true(spapr_irq_reset(m->irq, &err));
        g_assert_no_error(err);
        g_assert_cmpint(spapr_irq_active(m->irq), ==, SPAPR_INTC_XIVE);
    }
    g_assert_true(configure(m, config_a(m), ctx));
    if (path == PATH_LOAD) {
        *state = g_byte_array_new();
        g_assert_true(spapr_irq_save(m->irq, *state, &err));
        g_assert_no_error(err);
        g_assert_true(configure(m, config_b(m), ctx));
        g_assert_true(expect_config(m, config_b(m), ctx));
    }
    if (path == PATH_STOP) {
        g_assert_true(vmm_vm_resume(m->irq, &err));
        g_assert_no_error(err);
    }
    return m;
}

static bool run_path(Machine *m, PathId path, const GByteArray *state,
                     GByteArray *out, GError **errp)
{
    switch (path) {
    case PATH_TO_XIVE:
        return spapr_irq_cas(m->irq, 0x40, errp) &&
               spapr_irq_reset(m->irq, errp);
    case PATH_TO_XICS:
        return spapr_irq_cas(m->irq, 0x00, errp) &&
               spapr_irq_reset(m->irq, errp);
    case PATH_RESET:
        return spapr_irq_reset(m->irq, errp);
    case PATH_SAVE:
        return spapr_irq_save(m->irq, out, errp);
    case PATH_LOAD:
        return spapr_irq_load(m->irq, state->data, state->len, errp);
    case PATH_STOP:
        return vmm_vm_stop(m->irq, errp);
    default:
        g_assert_not_reached();
    }
}

/* The kind the path ends on; @before: the one active before it. */
static SpaprIntcKind path_target(Machine *m, PathId path, SpaprIntcKind before)
{
    switch (path) {
    case PATH_TO_XIVE:
        return SPAPR_INTC_XIVE;
    case PATH_TO_XICS:
        return SPAPR_INTC_XICS;
    case PATH_RESET:
        return spapr_irq_get_plan(m->irq)->start_active;
    default:
        return before;
    }
}

/* What the guest sees after a successful path (clean, tolerated or
 * fallback). */
static void check_after_success(Machine *m, PathId path, const Reference *ref,
                                const GByteArray *state, const GByteArray *out,
                                const char *ctx)
{
    g_autoptr(GError) err = NULL;

    switch (path) {
    case PATH_START:
        works(m, ctx);
        break;
    case PATH_TO_XIVE:
    case PATH_TO_XICS:
    case PATH_RESET:
        /* The reset's configuration, then a working machine. */
        expect_config(m, PRIO_MASKED, ctx);
        works(m, ctx);
        break;
    case PATH_SAVE:
        if (ref && ref->saved) {
            check(out->len == ref->saved->len &&
                      memcmp(out->data, ref->saved->data, out->len) == 0,
                  ctx, "saved state (%u bytes) differs from the clean run's",
                  out->len);
        }
        expect_config(m, config_a(m), ctx);
        deliver(m, config_a(m), ctx);
        break;
    case PATH_LOAD: {
        g_autoptr(GByteArray) again = g_byte_array_new();

        expect_config(m, config_a(m), ctx);
        if (check(spapr_irq_save(m->irq, again, &err), ctx,
                  "save after load: %s", err ? err->message : "?")) {
            check(again->len == state->len &&
                      memcmp(again->data, state->data, state->len) == 0,
                  ctx,
                  "the state saved after the load differs from the one "
                  "loaded");
        }
        deliver(m, config_a(m), ctx);
        break;
    }
    case PATH_STOP: {
        g_autoptr(GByteArray) stopped = g_byte_array_new();

        /* Stopped: the state can be saved; running again, it works. */
        expect_config(m, config_a(m), ctx);
        check(spapr_irq_save(m->irq, stopped, &err), ctx,
              "save after the stop: %s", err ? err->message : "?");
        g_clear_error(&err);
        check(vmm_vm_resume(m->irq, &err), ctx, "resume: %s",
              err ? err->message : "?");
        deliver(m, config_a(m), ctx);
        break;
    }
    default:
        g_assert_not_reached();
    }
}

/* Whether the warnings from @before on are exactly @want. */
static bool warnings_equal_from(GPtrArray *w, guint before, GPtrArray *want)
{
    if (w->len - before != want->len) {
        return false;
    }
    for (guint i = 0; i < want->len; i++) {
        if (g_strcmp0(g_ptr_array_index(w, before + i),
                      g_ptr_array_index(want, i)) != 0) {
            return false;
        }
    }
    return true;
}

static GPtrArray *warnings_from(GPtrArray *w, guint before)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

    for (guint i = before; i < w->len; i++) {
        g_ptr_array_add(out, g_strdup(g_ptr_array_index(w, i)));
    }
    return out;
}

/* Which outcome a successful path had. */
static Outcome classify_success(Machine *m, guint warn_before,
                                const Reference *ref, bool probe_window)
{
    GPtrArray *w = spapr_irq_warnings(m->irq);
    const char *last = w->len ? g_ptr_array_index(w, w->len - 1) : "";

    if (spapr_irq_active(m->irq) == ref->kind &&
        spapr_irq_active_impl(m->irq) == ref->impl &&
        warnings_equal_from(w, warn_before, ref->new_warnings)) {
        return OUT_TOLERATED;
    }
    if (spapr_irq_active(m->irq) == ref->kind &&
        spapr_irq_active_impl(m->irq) == SPAPR_INTC_IMPL_EMULATED &&
        w->len == warn_before + 1 && g_str_has_prefix(last, FALLBACK_PREFIX) &&
        g_str_has_suffix(last, FALLBACK_SUFFIX) &&
        (probe_window || strstr(last, g_strerror(FAIL_ERR)))) {
        return OUT_FALLBACK;
    }
    return OUT_OTHER;
}

/* The outcomes a failure of @op may have under @policy; @leaving_xics:
 * the path switches away from the in-kernel XICS. */
static unsigned allowed_outcomes(const char *op, SpaprKernelIrqchip policy,
                                 bool leaving_xics)
{
    unsigned fail = policy == SPAPR_KERNEL_IRQCHIP_ON ? 1u << OUT_ERROR
                                                      : 1u << OUT_FALLBACK;

    if (!op) {
        return 0;
    }
    if (g_str_equal(op, "create_vcpu")) {
        return 1u << OUT_ERROR;
    }
    /* Released anyway (close(2), munmap(2)); "absent" (QEMU's
     * kvm_device_check_attr). */
    if (g_str_equal(op, "close_fd") || g_str_equal(op, "munmap_device") ||
        g_str_equal(op, "delete_memory_region") ||
        g_str_equal(op, "has_device_attr")) {
        return 1u << OUT_TOLERATED;
    }
    /* Leaving the in-kernel XICS, the calls are undefines: the switch
     * fails and the machine stays as it was (kvm.md).  Otherwise a define
     * (connect) fails as any kernel call, and an undefine undoing a failed
     * connect is tried again before the emulation takes over (tolerated). */
    if (g_str_equal(op, "define_rtas_token")) {
        return leaving_xics ? 1u << OUT_ERROR : 1u << OUT_TOLERATED | fail;
    }
    return fail;
}

/* After an error: the message names the failure; the machine (if any) can
 * be reset and then works. */
static void check_after_error(Machine *m, PathId path, const GError *err,
                              const char *expect_msg, unsigned before_config,
                              SpaprIntcKind kind_before,
                              SpaprIntcImpl impl_before, const char *ctx)
{
    g_autoptr(GError) rerr = NULL;

    if (!check(err != NULL, ctx, "failed without an error")) {
        return;
    }
    /* A stop that failed is tried again (a reset needs the VM stopped). */
    if (path == PATH_STOP && m->irq) {
        check(spapr_irq_vm_running(m->irq), ctx,
              "a failed stop left the VM stopped for the layer");
        check(vmm_vm_stop(m->irq, &rerr), ctx, "stop again: %s",
              rerr ? rerr->message : "?");
        g_clear_error(&rerr);
    }
    check(err->domain == SPAPR_IRQ_ERROR && err->message && *err->message, ctx,
          "error without domain or message");
    if (expect_msg) {
        check(g_str_equal(err->message, expect_msg), ctx,
              "error \"%s\", want \"%s\"", err->message, expect_msg);
    } else {
        check(strstr(err->message, g_strerror(FAIL_ERR)) != NULL &&
                  (strstr(err->message, "failed") ||
                   strstr(err->message, "unable") ||
                   strstr(err->message, "kernel_irqchip")),
              ctx, "error \"%s\" does not name the failure", err->message);
    }
    if (!m->irq) {
        return;
    }
    if (path != PATH_START) {
        /* The controller active before: a failed switch gives it back,
         * and the others leave it in place. */
        bool valid = active_valid(m, ctx);

        check(valid && spapr_irq_active(m->irq) == kind_before &&
                  spapr_irq_active_impl(m->irq) == impl_before,
              ctx, "after the error: active %s %s, before the path %s %s",
              valid ? spapr_intc_kind_name(spapr_irq_active(m->irq)) : "none",
              valid ? spapr_intc_impl_name(spapr_irq_active_impl(m->irq)) : "",
              spapr_intc_kind_name(kind_before),
              spapr_intc_impl_name(impl_before));
        check_resources(m, ctx);
    }
    /* A failed save or load leaves the machine as it was. */
    if ((path == PATH_SAVE || path == PATH_LOAD) && before_config) {
        expect_config(m, before_config, ctx);
    }
    if (path == PATH_START) {
        /* What failed can be tried again. */
        check(start_rest(m, &rerr), ctx, "start retried: %s",
              rerr ? rerr->message : "?");
        g_clear_error(&rerr);
    }
    if (check(spapr_irq_reset(m->irq, &rerr), ctx, "reset after the error: %s",
              rerr ? rerr->message : "?")) {
        if (m->present[0] && m->claimed_msi) {
            expect_config(m, PRIO_MASKED, ctx);
            works(m, ctx);
        }
    }
}

/* The probes' host calls at start (they come first). */
static unsigned probe_calls(const Combo *c)
{
    g_autoptr(SpaprIrqConfig) cfg = combo_cfg(c, 0);
    g_autoptr(GError) err = NULL;
    SpaprHost *h = NULL;
    SpaprHostCaps caps;
    SpaprHostSimStats st;

    g_assert_true(spapr_host_open(cfg, -1, &h, &err));
    g_assert_no_error(err);
    g_assert_true(spapr_host_probe(h, cfg, &caps, &err));
    g_assert_no_error(err);
    g_assert_true(spapr_host_sim_stats(h, &st));
    spapr_host_close(&h);
    return st.calls;
}

/* The plan the layer gets when probe call @nth fails: *@plan, or the
 * error's message in *@msg; *@op: the op that failed. */
static void probe_predict(const Combo *c, unsigned nth, SpaprHostCaps *caps,
                          SpaprIrqPlan **plan, char **msg, const char **op)
{
    g_autoptr(SpaprIrqConfig) cfg = combo_cfg(c, nth);
    g_autoptr(GError) err = NULL;
    SpaprHost *h = NULL;
    SpaprHostSimStats st;

    *plan = NULL;
    *msg = NULL;
    g_assert_true(spapr_host_open(cfg, -1, &h, &err));
    g_assert_no_error(err);
    g_assert_true(spapr_host_probe(h, cfg, caps, &err));
    g_assert_no_error(err);
    g_assert_true(spapr_host_sim_stats(h, &st));
    g_assert_cmpuint(st.injected, ==, 1);
    *op = st.failed_op;
    spapr_host_close(&h);
    if (!spapr_irq_plan_resolve(cfg, caps, plan, &err)) {
        *msg = g_strdup(err->message);
    }
}

/*
 * One run of the start path with failure point @nth counted from the
 * host's opening; @nth 0: the clean run, which fills @ref.
 */
static void run_start(const Combo *c, unsigned nth, Reference *ref)
{
    g_autofree char *cname = combo_name(c);
    g_autofree char *ctx = NULL;
    g_autoptr(SpaprIrqConfig) cfg = combo_cfg(c, nth);
    g_autoptr(GError) err = NULL;
    g_autofree char *predicted_msg = NULL;
    g_autoptr(SpaprIrqPlan) predicted = NULL;
    SpaprHostCaps predicted_caps;
    const char *probe_op = NULL;
    Machine *m = machine_alloc(c);
    bool clean = nth == 0;
    bool probe_window = !clean && nth <= ref->probe_calls;
    bool beyond = !clean && nth > ref->calls;
    SpaprHostSimStats st;
    bool ok;
    Outcome out;

    ctx = g_strdup_printf("%s start, fault %u/%u", cname, nth, ref->calls);
    if (probe_window) {
        probe_predict(c, nth, &predicted_caps, &predicted, &predicted_msg,
                      &probe_op);
    }
    ok = create_step(m, cfg, &err) && start_rest(m, &err);

    if (!m->irq) {
        /* Only create failed: no machine, no host to look at. */
        if (clean || beyond) {
            check(false, ctx, "start failed: %s", err ? err->message : "?");
        } else if (probe_window) {
            ref->ops[nth] = probe_op;
            check(predicted_msg != NULL, ctx,
                  "create failed (%s) on a host probed as able (%s failed)",
                  err ? err->message : "?", probe_op);
            check_after_error(m, PATH_START, err, predicted_msg, 0, 0, 0, ctx);
        } else if (c->policy != SPAPR_KERNEL_IRQCHIP_ON) {
            check(false, ctx, "create failed under allowed: %s",
                  err ? err->message : "?");
        } else {
            const char *op = ref->peer_ops && nth <= ref->peer_calls
                                 ? ref->peer_ops[nth]
                                 : NULL;

            ref->ops[nth] = op;
            if (check(op != NULL, ctx,
                      "no run under allowed names host call %u", nth)) {
                g_free(ctx);
                ctx = g_strdup_printf("%s start, fault %u/%u (%s)", cname, nth,
                                      ref->calls, op);
                check(allowed_outcomes(op, c->policy, false) & 1u << OUT_ERROR,
                      ctx, "outcome error (%s)", err ? err->message : "?");
            }
            check_after_error(m, PATH_START, err, NULL, 0, 0, 0, ctx);
        }
        ref->outcomes[OUT_ERROR] += !clean && !beyond;
        machine_free(m);
        return;
    }

    st = sim_stats(m);
    /* A fault point beyond the path must not be reached; cancel it. */
    g_assert_true(spapr_host_sim_fail(m->host, 0, FAIL_ERR));
    if (clean) {
        g_assert_true(ok);
        ref->calls = st.calls;
        ref->ops = g_new0(const char *, ref->calls + 2);
        if (ref->peer_ops) {
            check(ref->calls == ref->peer_calls, ctx,
                  "%u host calls, %u under kernel-irqchip allowed", ref->calls,
                  ref->peer_calls);
        }
        ref->kind = spapr_irq_active(m->irq);
        ref->impl = spapr_irq_active_impl(m->irq);
        ref->new_warnings = warnings_from(spapr_irq_warnings(m->irq), 0);
        /* Every controller as the policy predicts. */
        check(ref->impl ==
                  spapr_irq_get_plan(m->irq)->impl[spapr_irq_active(m->irq)],
              ctx, "clean start: %s, the policy predicted %s",
              spapr_intc_impl_name(ref->impl),
              spapr_intc_impl_name(
                  spapr_irq_get_plan(m->irq)->impl[spapr_irq_active(m->irq)]));
        check(st.injected == 0, ctx, "a failure fired in a clean run");
        check_after_success(m, PATH_START, NULL, NULL, NULL, ctx);
        check_resources(m, ctx);
        machine_free(m);
        return;
    }
    if (beyond) {
        check(ok, ctx, "start failed: %s", err ? err->message : "?");
        check(st.injected == 0 && st.calls == ref->calls, ctx,
              "failure point %u was reached (%s, %u calls): the enumeration "
              "misses host calls",
              nth, st.failed_op ? st.failed_op : "-", st.calls);
        if (ok) {
            check(classify_success(m, 0, ref, false) == OUT_TOLERATED, ctx,
                  "the outcome differs from the clean run's");
            check_after_success(m, PATH_START, NULL, NULL, NULL, ctx);
        }
        check_resources(m, ctx);
        machine_free(m);
        return;
    }

    if (!check(st.injected == 1, ctx, "the failure did not fire (%u)",
               st.injected)) {
        machine_free(m);
        return;
    }
    g_free(ctx);
    ctx = g_strdup_printf("%s start, fault %u/%u (%s)", cname, nth, ref->calls,
                          st.failed_op);
    ref->ops[nth] = st.failed_op;
    if (ref->peer_ops && nth <= ref->peer_calls) {
        check(g_strcmp0(st.failed_op, ref->peer_ops[nth]) == 0, ctx,
              "host call %u is %s under kernel-irqchip allowed", nth,
              ref->peer_ops[nth]);
    }
    if (probe_window) {
        check(g_strcmp0(st.failed_op, probe_op) == 0, ctx,
              "probe call %u of a host alone is %s", nth, probe_op);
    }

    if (probe_window) {
        /* The machine was built on the host as probed with the failure. */
        const SpaprHostCaps *caps = spapr_irq_get_host_caps(m->irq);

        check(predicted != NULL, ctx, "create succeeded; predicted: %s",
              predicted_msg ? predicted_msg : "?");
        check(caps->xics == predicted_caps.xics &&
                  caps->xive == predicted_caps.xive &&
                  caps->release == predicted_caps.release &&
                  caps->nr_servers == predicted_caps.nr_servers,
              ctx, "the layer's host caps differ from a probe's");
        if (predicted) {
            SpaprIntcKind k = predicted->start_active;

            check(ok, ctx, "start failed: %s", err ? err->message : "?");
            check(spapr_irq_active(m->irq) == k &&
                      spapr_irq_active_impl(m->irq) == predicted->impl[k],
                  ctx, "active %s %s, the policy on this host gives %s %s",
                  spapr_intc_kind_name(spapr_irq_active(m->irq)),
                  spapr_intc_impl_name(spapr_irq_active_impl(m->irq)),
                  spapr_intc_kind_name(k),
                  spapr_intc_impl_name(predicted->impl[k]));
            check(warnings_equal_from(spapr_irq_warnings(m->irq), 0,
                                      predicted->warnings),
                  ctx, "the warnings are not the plan's");
            out = classify_success(m, 0, ref, true);
            ref->outcomes[out]++;
            if (ok) {
                check_after_success(m, PATH_START, NULL, NULL, NULL, ctx);
            }
        }
        check_resources(m, ctx);
        machine_free(m);
        return;
    }

    if (ok) {
        out = classify_success(m, spapr_irq_get_plan(m->irq)->warnings->len,
                               ref, false);
    } else {
        out = OUT_ERROR;
    }
    ref->outcomes[out]++;
    if (!check(allowed_outcomes(st.failed_op, c->policy, false) & 1u << out,
               ctx, "outcome %s (%s)", outcome_names[out],
               err ? err->message
               : spapr_irq_warnings(m->irq)->len
                   ? (const char *)g_ptr_array_index(
                         spapr_irq_warnings(m->irq),
                         spapr_irq_warnings(m->irq)->len - 1)
                   : "no warning")) {
        check_resources(m, ctx);
        machine_free(m);
        return;
    }
    if (out == OUT_ERROR) {
        check_after_error(m, PATH_START, err, NULL, 0, 0, 0, ctx);
    } else {
        check_after_success(m, PATH_START, NULL, NULL, NULL, ctx);
    }
    check_resources(m, ctx);
    machine_free(m);
}

/*
 * One run of @path (not start) with failure point @nth of the path (0:
 * none).  The clean run fills @ref.
 */
static void run_path_at(const Combo *c, PathId path, unsigned nth,
                        Reference *ref)
{
    g_autofree char *cname = combo_name(c);
    g_autofree char *ctx = NULL;
    g_autoptr(GByteArray) state = NULL;
    g_autoptr(GByteArray) out = g_byte_array_new();
    g_autoptr(GError) err = NULL;
    Machine *m = machine_at(c, path, &state);
    bool clean = nth == 0;
    bool beyond = !clean && nth > ref->calls;
    SpaprHostSimStats st0 = sim_stats(m), st;
    guint warn_before = spapr_irq_warnings(m->irq)->len;
    SpaprIntcKind kind_before = spapr_irq_active(m->irq);
    SpaprIntcImpl impl_before = spapr_irq_active_impl(m->irq);
    unsigned before_config = config_a(m);
    bool leaving_xics = path_target(m, path, kind_before) != kind_before &&
                        kind_before == SPAPR_INTC_XICS &&
                        impl_before == SPAPR_INTC_IMPL_KVM;
    Outcome o;
    bool ok;

    if (path == PATH_LOAD) {
        before_config = config_b(m);
    }
    ctx = g_strdup_printf("%s %s, fault %u/%u", cname, path_names[path], nth,
                          ref->calls);
    if (!clean) {
        check(st0.calls == ref->calls_before, ctx,
              "%u host calls before the path, %u in the clean run", st0.calls,
              ref->calls_before);
        g_assert_true(spapr_host_sim_fail(m->host, nth, FAIL_ERR));
    }
    ok = run_path(m, path, state, out, &err);
    st = sim_stats(m);
    g_assert_true(spapr_host_sim_fail(m->host, 0, FAIL_ERR));

    if (clean) {
        SpaprIntcKind target = path_target(m, path, kind_before);

        check(ok, ctx, "clean run failed: %s", err ? err->message : "?");
        ref->calls_before = st0.calls;
        ref->calls = st.calls - st0.calls;
        ref->ops = g_new0(const char *, ref->calls + 2);
        ref->kind = spapr_irq_active(m->irq);
        ref->impl = spapr_irq_active_impl(m->irq);
        ref->new_warnings =
            warnings_from(spapr_irq_warnings(m->irq), warn_before);
        if (path == PATH_SAVE) {
            ref->saved = g_byte_array_ref(out);
        }
        check(ref->kind == target, ctx, "active %s, want %s",
              spapr_intc_kind_name(ref->kind), spapr_intc_kind_name(target));
        /* In the kernel when the policy says so, but for a no-release host
         * coming back to a controller it closed (QEMU refuses
         * dual,kernel-irqchip=on there for this). */
        if (c->profile->release || path != PATH_TO_XICS) {
            check(ref->impl == spapr_irq_get_plan(m->irq)->impl[ref->kind], ctx,
                  "clean run ends %s, the policy predicted %s",
                  spapr_intc_impl_name(ref->impl),
                  spapr_intc_impl_name(
                      spapr_irq_get_plan(m->irq)->impl[ref->kind]));
        } else {
            check(ref->impl == SPAPR_INTC_IMPL_EMULATED &&
                      ref->new_warnings->len == 1 &&
                      strstr(g_ptr_array_index(ref->new_warnings, 0),
                             g_strerror(EEXIST)),
                  ctx,
                  "back to XICS on a host without release: %s, want the "
                  "emulation and a warning naming EEXIST",
                  spapr_intc_impl_name(ref->impl));
        }
        check_after_success(m, path, NULL, state, out, ctx);
        check_resources(m, ctx);
        machine_free(m);
        return;
    }
    if (beyond) {
        check(st.injected == 0 && st.calls - st0.calls == ref->calls, ctx,
              "failure point %u was reached (%s, %u calls): the enumeration "
              "misses host calls",
              nth, st.failed_op ? st.failed_op : "-", st.calls - st0.calls);
        check(ok, ctx, "failed: %s", err ? err->message : "?");
        if (ok) {
            check(classify_success(m, warn_before, ref, false) == OUT_TOLERATED,
                  ctx, "the outcome differs from the clean run's");
            check_after_success(m, path, ref, state, out, ctx);
        }
        check_resources(m, ctx);
        machine_free(m);
        return;
    }

    if (!check(st.injected == 1, ctx, "the failure did not fire (%u)",
               st.injected)) {
        machine_free(m);
        return;
    }
    g_free(ctx);
    ctx = g_strdup_printf("%s %s, fault %u/%u (%s)", cname, path_names[path],
                          nth, ref->calls, st.failed_op);
    ref->ops[nth] = st.failed_op;
    o = ok ? classify_success(m, warn_before, ref, false) : OUT_ERROR;
    ref->outcomes[o]++;
    if (!check(allowed_outcomes(st.failed_op, c->policy, leaving_xics) &
                   1u << o,
               ctx, "outcome %s (%s)", outcome_names[o],
               err ? err->message
               : spapr_irq_warnings(m->irq)->len > warn_before
                   ? (const char *)g_ptr_array_index(
                         spapr_irq_warnings(m->irq),
                         spapr_irq_warnings(m->irq)->len - 1)
                   : "no new warning")) {
        check_resources(m, ctx);
        machine_free(m);
        return;
    }
    if (o == OUT_ERROR) {
        check(spapr_irq_warnings(m->irq)->len == warn_before, ctx,
              "an error that also warns");
        if (leaving_xics && g_str_equal(st.failed_op, "define_rtas_token")) {
            /* Before anything else: the guest's configuration still
             * reads back from the kernel's device, which delivers. */
            expect_config(m, before_config, ctx);
            deliver(m, before_config, ctx);
        }
        check_after_error(m, path, err, NULL, before_config, kind_before,
                          impl_before, ctx);
    } else {
        check_after_success(m, path, ref, state, out, ctx);
    }
    check_resources(m, ctx);
    machine_free(m);
}

/* ------------------------------------------------------------------ */
/* The tests                                                            */
/* ------------------------------------------------------------------ */

static void test_path(const void *data)
{
    const TestCase *tc = data;
    unsigned points = 0;
    /* PATH_START: the ops of each ic-mode's run under allowed. */
    const char **mode_ops[3] = {NULL};
    unsigned mode_calls[3] = {0};

    check_failures = 0;
    for (guint k = 0; k < tc->combos->len; k++) {
        const Combo *c = &g_array_index(tc->combos, Combo, k);
        g_autofree char *cname = combo_name(c);
        Reference ref = {0};

        if (tc->path == PATH_START) {
            if (c->policy == SPAPR_KERNEL_IRQCHIP_ON) {
                ref.peer_ops = mode_ops[c->mode];
                ref.peer_calls = mode_calls[c->mode];
            }
            ref.probe_calls = probe_calls(c);
            run_start(c, 0, &ref);
            for (unsigned i = 1; i <= ref.calls + 1; i++) {
                run_start(c, i, &ref);
            }
        } else {
            run_path_at(c, tc->path, 0, &ref);
            for (unsigned i = 1; i <= ref.calls + 1; i++) {
                run_path_at(c, tc->path, i, &ref);
            }
        }
        g_autofree char *probes =
            tc->path == PATH_START
                ? g_strdup_printf(" (%u of them probes)", ref.probe_calls)
                : g_strdup("");

        g_test_message("%s %s: %u host calls%s: tolerated %u, fallback %u, "
                       "error %u, other %u",
                       cname, path_names[tc->path], ref.calls, probes,
                       ref.outcomes[OUT_TOLERATED], ref.outcomes[OUT_FALLBACK],
                       ref.outcomes[OUT_ERROR], ref.outcomes[OUT_OTHER]);
        points += ref.calls;
        if (tc->path == PATH_START &&
            c->policy == SPAPR_KERNEL_IRQCHIP_ALLOWED) {
            g_free(mode_ops[c->mode]);
            mode_ops[c->mode] = g_steal_pointer(&ref.ops);
            mode_calls[c->mode] = ref.calls;
        }
        reference_clear(&ref);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(mode_ops); i++) {
        g_free(mode_ops[i]);
    }
    total_points += points;
    if (check_failures > MAX_FAILS) {
        g_test_message("... %u failed checks in all", check_failures);
    }
}

static void test_case_free(gpointer p)
{
    TestCase *tc = p;

    g_array_unref(tc->combos);
    g_free(tc);
}

int main(int argc, char **argv)
{
    static const SpaprIcMode modes[] = {SPAPR_IC_MODE_XICS, SPAPR_IC_MODE_XIVE,
                                        SPAPR_IC_MODE_DUAL};
    static const SpaprKernelIrqchip policies[] = {SPAPR_KERNEL_IRQCHIP_ALLOWED,
                                                  SPAPR_KERNEL_IRQCHIP_ON};
    g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func(test_case_free);
    const SpaprHostProfile *profiles;
    size_t nprofiles;
    int rc;

    g_test_init(&argc, &argv, NULL);
    profiles = spapr_host_profiles(&nprofiles);
    for (size_t p = 0; p < nprofiles; p++) {
        if (!profiles[p].xics && !profiles[p].xive) {
            continue; /* no in-kernel controller at all */
        }
        for (int path = 0; path < PATH_COUNT; path++) {
            TestCase *tc = g_new0(TestCase, 1);
            g_autofree char *name = NULL;

            tc->profile = &profiles[p];
            tc->path = path;
            tc->combos = g_array_new(FALSE, FALSE, sizeof(Combo));
            for (size_t mi = 0; mi < G_N_ELEMENTS(modes); mi++) {
                for (size_t pi = 0; pi < G_N_ELEMENTS(policies); pi++) {
                    Combo c = {&profiles[p], modes[mi], policies[pi]};

                    if (path_applies(&c, path)) {
                        g_array_append_val(tc->combos, c);
                    }
                }
            }
            g_ptr_array_add(cases, tc);
            if (!tc->combos->len) {
                continue;
            }
            name = g_strdup_printf("/kvm-faults/%s/%s", profiles[p].name,
                                   path_names[path]);
            g_test_add_data_func(name, tc, test_path);
        }
    }
    rc = g_test_run();
    printf("# fault points covered: %u\n", total_points);
    return rc;
}
