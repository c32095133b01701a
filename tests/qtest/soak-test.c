/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Soak test: 1,000 consecutive reboots of one dual machine, alternating a
 * Linux guest (which picks XIVE at CAS) and a legacy one (XICS), on
 *   (a) power9-6.1 with kernel-irqchip=on: every controller in the kernel,
 *       devices released on close;
 *   (b) power9-4.19 with kernel-irqchip absent: no in-kernel XIVE, and the
 *       in-kernel XICS is not released on close, so once closed (the first
 *       switch to XIVE) it cannot be created again and XICS is emulated.
 * Every cycle delivers a device interrupt and an IPI; the tool's open file
 * descriptors and the kvm-sim host's counters must not grow.  Leaks inside
 * the tool are LeakSanitizer's business in the ASan build: the tool's exit
 * status at quit must be 0.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "qtest-client.h"

#define N_CYCLES 1000
#define N_CPUS   2
#define SOURCE   0x1000u /* EPOW, claimed by the tool at start */

#define WARN_XIVE_CAP                                                          \
    "kernel_irqchip allowed but unavailable: KVM_CAP_PPC_IRQ_XIVE, Falling "   \
    "back to kernel-irqchip=off"
#define WARN_XICS_EEXIST                                                       \
    "kernel_irqchip allowed but unavailable: XICS: creating the KVM device "   \
    "failed: File exists, Falling back to kernel-irqchip=off"

typedef struct SoakHost {
    const char *name;            /* kvm-sim profile */
    const char *machine;         /* -machine */
    bool xive_in_kernel;         /* XIVE is served by the kernel */
    bool release;                /* a closed XICS can be created again */
    guint max_stale;             /* irqchips closed without release, at most */
    const char *const *warnings; /* the only warnings allowed */
} SoakHost;

static const char *const no_warnings[] = {NULL};
static const char *const old_host_warnings[] = {WARN_XIVE_CAP, WARN_XICS_EEXIST,
                                                NULL};

static const SoakHost soak_hosts[] = {
    {"power9-6.1", "pseries,kernel-irqchip=on", true, true, 0, no_warnings},
    {"power9-4.19", "pseries", false, false, 1, old_host_warnings},
};

typedef struct Soak {
    const SoakHost *h;
    QtClient *qc;
    int cycle;
    bool xics_closed; /* the in-kernel XICS was closed without release */
    bool failed;
} Soak;

static const char *tool_path;

static bool fail(Soak *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static bool fail(Soak *s, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_test_message("FAIL soak on %s, cycle %d of %d: %s", s->h->name, s->cycle,
                   N_CYCLES, msg);
    if (!s->failed) {
        g_test_fail();
    }
    s->failed = true;
    return false;
}

static bool fail_gerror(Soak *s, GError *err)
{
    fail(s, "%s", err ? err->message : "unknown error");
    g_clear_error(&err);
    return false;
}

static bool cmd_ok(Soak *s, const char *expect_rest, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
static bool cmd_ok(Soak *s, const char *expect_rest, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *cmd = NULL;
    GError *err = NULL;

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (!qt_client_expect(s->qc, expect_rest, &err, "%s", cmd)) {
        return fail_gerror(s, err);
    }
    return true;
}

/* XICS implementation when it becomes active again. */
static const char *xics_impl(Soak *s)
{
    return s->xics_closed ? "emulated" : "kvm";
}

static bool check_active(Soak *s, const char *kind, const char *impl,
                         const char *when)
{
    GError *err = NULL;
    g_autofree char *k = NULL;
    g_autofree char *i = NULL;

    if (!qt_client_active(s->qc, &k, &i, &err)) {
        return fail_gerror(s, err);
    }
    if (!g_str_equal(k, kind) || !g_str_equal(i, impl)) {
        return fail(s, "%s: active is \"%s %s\", expected \"%s %s\"", when, k,
                    i, kind, impl);
    }
    return true;
}

static bool check_lines(Soak *s, guint32 want, const char *when)
{
    GError *err = NULL;
    guint32 up;
    guint n;

    if (!qt_client_lines(s->qc, &up, &n, &err)) {
        return fail_gerror(s, err);
    }
    if (n != N_CPUS || up != want) {
        return fail(s, "%s: lines mask 0x%x of %u CPUs, expected 0x%x", when,
                    up, n, want);
    }
    return true;
}

static bool check_take(Soak *s, guint cpu, QtTaken kind, guint32 value,
                       const char *what)
{
    GError *err = NULL;

    if (!qt_client_expect_take(s->qc, cpu, kind, value, what, &err)) {
        return fail_gerror(s, err);
    }
    return true;
}

static bool cycle(Soak *s, bool linux_guest)
{
    const char *kind = linux_guest ? "xive" : "xics";
    const char *impl;
    guint cpu = s->cycle % N_CPUS;
    guint other = (cpu + 1) % N_CPUS;
    QtTaken tk = linux_guest ? QT_TAKEN_EISN : QT_TAKEN_XIRR;

    if (!cmd_ok(s, "", "guest use %s", linux_guest ? "linux" : "legacy") ||
        !cmd_ok(s, "", "reset") ||
        !check_active(s, "xics", xics_impl(s), "after the first reset") ||
        !cmd_ok(s, linux_guest ? "0x40" : "0x00", "guest cas") ||
        !cmd_ok(s, "", "reset")) {
        return false;
    }
    if (linux_guest) {
        /* XICS was active and is closed now. */
        if (!s->h->release && !s->xics_closed) {
            s->xics_closed = true;
        }
        impl = s->h->xive_in_kernel ? "kvm" : "emulated";
    } else {
        impl = xics_impl(s);
    }
    if (!check_active(s, kind, impl, "after CAS") ||
        !cmd_ok(s, kind, "guest setup") ||
        !cmd_ok(s, "", "guest enable 0x%x %u", SOURCE, cpu) ||
        !cmd_ok(s, "", "irq_set 0x%x 1", SOURCE) ||
        !cmd_ok(s, "", "irq_set 0x%x 0", SOURCE) ||
        !check_lines(s, 1u << cpu, "device interrupt fired") ||
        !check_take(s, cpu, tk, linux_guest ? SOURCE : 0xff000000u | SOURCE,
                    "device interrupt") ||
        !check_take(s, cpu, QT_TAKEN_NONE, 0, "device interrupt, again") ||
        !check_lines(s, 0, "device interrupt taken") ||
        !cmd_ok(s, "", "guest ipi %u %u", cpu, other) ||
        !check_lines(s, 1u << other, "IPI sent") ||
        !check_take(s, other, tk, linux_guest ? 0x10 : 0xff000002u, "IPI") ||
        !check_take(s, other, QT_TAKEN_NONE, 0, "IPI, again") ||
        !check_lines(s, 0, "IPI taken")) {
        return false;
    }
    return true;
}

static bool warning_allowed(const SoakHost *h, const char *w)
{
    for (int i = 0; h->warnings[i]; i++) {
        if (g_str_equal(h->warnings[i], w)) {
            return true;
        }
    }
    return false;
}

static void test_soak(gconstpointer data)
{
    const SoakHost *h = data;
    g_autofree char *accel = g_strdup_printf("kvm-sim,host=%s", h->name);
    const char *argv[] = {tool_path, "-machine", h->machine, "-smp",
                          "2",       "-accel",   accel,      "-guest",
                          "linux",   "-qtest",   "stdio",    NULL};
    Soak s = {.h = h};
    GError *err = NULL;
    int fds_first = -1, fds_last = -1, fds_max = -1;
    guint mappings_base[2] = {G_MAXUINT, G_MAXUINT}; /* [linux guest] */
    QtHostCounters last = {0};
    gint64 t0 = g_get_monotonic_time();
    const GPtrArray *warnings;

    s.qc = qt_client_spawn(argv, &err);
    if (!s.qc) {
        fail_gerror(&s, err);
        return;
    }
    if (!qt_client_started(s.qc)) {
        fail(&s, "the machine did not start: exit status %d, stderr \"%s\"",
             qt_client_exit_status(s.qc), qt_client_stderr(s.qc));
        goto out;
    }
    for (s.cycle = 1; s.cycle <= N_CYCLES; s.cycle++) {
        bool linux_guest = s.cycle % 2 == 1;
        QtHostCounters hc;
        bool in_kernel;
        int fds;

        if (!cycle(&s, linux_guest)) {
            goto out;
        }
        if (!qt_client_host(s.qc, &hc, &err)) {
            fail_gerror(&s, err);
            goto out;
        }
        in_kernel = linux_guest ? h->xive_in_kernel : !s.xics_closed;
        if (!hc.kvm_sim || hc.devices > 1 || hc.stale > h->max_stale ||
            hc.devices != (in_kernel ? 1u : 0u) ||
            hc.connected != (in_kernel ? (guint)N_CPUS : 0u)) {
            fail(&s,
                 "host: devices=%u connected=%u stale=%u; expected "
                 "devices=%u connected=%u stale<=%u",
                 hc.devices, hc.connected, hc.stale, in_kernel ? 1u : 0u,
                 in_kernel ? (guint)N_CPUS : 0u, h->max_stale);
            goto out;
        }
        /* Mappings depend on the controller: compare like with like. */
        if (mappings_base[linux_guest] == G_MAXUINT) {
            mappings_base[linux_guest] = hc.mappings;
        } else if (hc.mappings > mappings_base[linux_guest]) {
            fail(&s, "host mappings grew from %u to %u",
                 mappings_base[linux_guest], hc.mappings);
            goto out;
        }
        last = hc;
        fds = qt_client_count_fds(s.qc);
        if (fds < 0) {
            fail(&s, "cannot count /proc/%d/fd", (int)qt_client_pid(s.qc));
            goto out;
        }
        if (s.cycle == 1) {
            fds_first = fds_max = fds;
        }
        fds_max = MAX(fds_max, fds);
        fds_last = fds;
    }
    s.cycle = N_CYCLES;
    printf("# soak: %d cycles on %s, fds %d -> %d (max %d), %.2f s\n", N_CYCLES,
           h->name, fds_first, fds_last, fds_max,
           (g_get_monotonic_time() - t0) / 1e6);
    printf("# soak: host %s after cycle %d: devices=%u vcpus=%u mappings=%u "
           "(xics %u, xive %u) connected=%u tokens=%u stale=%u\n",
           h->name, N_CYCLES, last.devices, last.vcpus, last.mappings,
           mappings_base[0], mappings_base[1], last.connected, last.tokens,
           last.stale);
    fflush(stdout);
    if (fds_last != fds_first || fds_max != fds_first) {
        fail(&s, "open fds: %d after cycle 1, %d after cycle %d (max %d)",
             fds_first, fds_last, N_CYCLES, fds_max);
    }
    warnings = qt_client_warnings(s.qc);
    for (guint i = 0; i < warnings->len; i++) {
        const char *w = g_ptr_array_index(warnings, i);

        if (!warning_allowed(h, w)) {
            fail(&s, "unexpected warning \"%s\"", w);
            break;
        }
    }
    if (!qt_client_quit(s.qc, &err)) {
        fail_gerror(&s, err);
    }
out:
    if (s.failed) {
        g_test_message("command line: %s", qt_client_cmdline(s.qc));
    }
    qt_client_free(s.qc);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    /* A failing cell is reported and the next one runs. */
    g_test_set_nonfatal_assertions();
    tool_path = g_getenv("SPAPR_IRQ_TOOL");
    if (!tool_path || !tool_path[0]) {
        fprintf(stderr, "soak-test: SPAPR_IRQ_TOOL must name the spapr-irq "
                        "binary\n");
        return 2;
    }
    for (guint i = 0; i < G_N_ELEMENTS(soak_hosts); i++) {
        g_autofree char *path = g_strdup_printf("/soak/%s", soak_hosts[i].name);

        g_test_add_data_func(path, &soak_hosts[i], test_soak);
    }
    return g_test_run();
}
