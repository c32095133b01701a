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
    QtCheck ck; /* the session, and the failures reported */
    int cycle;
    bool xics_closed; /* the in-kernel XICS was closed without release */
} Soak;

static const char *tool_path;

/* Where a soak's failures are: its host and cycle. */
static char *soak_where(const void *opaque)
{
    const Soak *s = opaque;

    return g_strdup_printf("soak on %s, cycle %d of %d", s->h->name, s->cycle,
                           N_CYCLES);
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

    if (!qt_client_active(s->ck.qc, &k, &i, &err)) {
        return qt_check_fail_gerror(&s->ck, err);
    }
    if (!g_str_equal(k, kind) || !g_str_equal(i, impl)) {
        return qt_check_fail(&s->ck,
                             "%s: active is \"%s %s\", expected \"%s %s\"",
                             when, k, i, kind, impl);
    }
    return true;
}

static bool check_lines(Soak *s, guint32 want, const char *when)
{
    guint32 up;
    guint n;

    if (!qt_check_lines(&s->ck, &up, &n)) {
        return false;
    }
    if (n != N_CPUS || up != want) {
        return qt_check_fail(&s->ck,
                             "%s: lines mask 0x%x of %u CPUs, expected 0x%x",
                             when, up, n, want);
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

    if (!qt_check_cmd(&s->ck, "", "guest use %s",
                      linux_guest ? "linux" : "legacy") ||
        !qt_check_cmd(&s->ck, "", "reset") ||
        !check_active(s, "xics", xics_impl(s), "after the first reset") ||
        !qt_check_cmd(&s->ck, linux_guest ? "0x40" : "0x00", "guest cas") ||
        !qt_check_cmd(&s->ck, "", "reset")) {
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
        !qt_check_cmd(&s->ck, kind, "guest setup") ||
        !qt_check_cmd(&s->ck, "", "guest enable 0x%x %u", SOURCE, cpu) ||
        !qt_check_cmd(&s->ck, "", "set_irq_in /machine unnamed-gpio-in 0x%x 1",
                      SOURCE) ||
        !qt_check_cmd(&s->ck, "", "set_irq_in /machine unnamed-gpio-in 0x%x 0",
                      SOURCE) ||
        !check_lines(s, 1u << cpu, "device interrupt fired") ||
        !qt_check_take(&s->ck, cpu, tk,
                       linux_guest ? SOURCE : 0xff000000u | SOURCE,
                       "device interrupt") ||
        !qt_check_take(&s->ck, cpu, QT_TAKEN_NONE, 0,
                       "device interrupt, again") ||
        !check_lines(s, 0, "device interrupt taken") ||
        !qt_check_cmd(&s->ck, "", "guest ipi %u %u", cpu, other) ||
        !check_lines(s, 1u << other, "IPI sent") ||
        !qt_check_take(&s->ck, other, tk, linux_guest ? 0x10 : 0xff000002u,
                       "IPI") ||
        !qt_check_take(&s->ck, other, QT_TAKEN_NONE, 0, "IPI, again") ||
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
    Soak s = {.h = h, .ck = {.where = soak_where}};
    GError *err = NULL;
    int fds_first = -1, fds_last = -1, fds_max = -1;
    guint mappings_base[2] = {G_MAXUINT, G_MAXUINT}; /* [linux guest] */
    QtHostCounters last = {0};
    gint64 t0 = g_get_monotonic_time();
    const GPtrArray *warnings;

    s.ck.opaque = &s;
    s.ck.qc = qt_client_spawn(argv, &err);
    if (!s.ck.qc) {
        qt_check_fail_gerror(&s.ck, err);
        return;
    }
    if (!qt_client_started(s.ck.qc)) {
        qt_check_fail(
            &s.ck, "the machine did not start: exit status %d, stderr \"%s\"",
            qt_client_exit_status(s.ck.qc), qt_client_stderr(s.ck.qc));
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
        if (!qt_client_host(s.ck.qc, &hc, &err)) {
            qt_check_fail_gerror(&s.ck, err);
            goto out;
        }
        in_kernel = linux_guest ? h->xive_in_kernel : !s.xics_closed;
        if (!hc.kvm_sim || hc.devices > 1 || hc.stale > h->max_stale ||
            hc.devices != (in_kernel ? 1u : 0u) ||
            hc.connected != (in_kernel ? (guint)N_CPUS : 0u)) {
            qt_check_fail(&s.ck,
                          "host: devices=%u connected=%u stale=%u; expected "
                          "devices=%u connected=%u stale<=%u",
                          hc.devices, hc.connected, hc.stale,
                          in_kernel ? 1u : 0u, in_kernel ? (guint)N_CPUS : 0u,
                          h->max_stale);
            goto out;
        }
        /* Mappings depend on the controller: compare like with like. */
        if (mappings_base[linux_guest] == G_MAXUINT) {
            mappings_base[linux_guest] = hc.mappings;
        } else if (hc.mappings > mappings_base[linux_guest]) {
            qt_check_fail(&s.ck, "host mappings grew from %u to %u",
                          mappings_base[linux_guest], hc.mappings);
            goto out;
        }
        last = hc;
        fds = qt_client_count_fds(s.ck.qc);
        if (fds < 0) {
            qt_check_fail(&s.ck, "cannot count /proc/%d/fd",
                          (int)qt_client_pid(s.ck.qc));
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
        qt_check_fail(&s.ck,
                      "open fds: %d after cycle 1, %d after cycle %d (max %d)",
                      fds_first, fds_last, N_CYCLES, fds_max);
    }
    warnings = qt_client_warnings(s.ck.qc);
    for (guint i = 0; i < warnings->len; i++) {
        const char *w = g_ptr_array_index(warnings, i);

        if (!warning_allowed(h, w)) {
            qt_check_fail(&s.ck, "unexpected warning \"%s\"", w);
            break;
        }
    }
    if (!qt_client_quit(s.ck.qc, &err)) {
        qt_check_fail_gerror(&s.ck, err);
    }
out:
    if (s.ck.failed) {
        g_test_message("command line: %s", qt_client_cmdline(s.ck.qc));
    }
    qt_client_free(s.ck.qc);
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
