/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq-bench: the figures of issue 20 (docs/specs/performance.md),
 * each beside its goal.  `make bench` runs it; `--quick` (what `make
 * check` runs, as the meson test bench-quick) makes every figure with tiny
 * counts and checks that each was printed: it asserts nothing about time.
 * `--run ROUND-TRIP COUNT` runs one delivery round trip COUNT times,
 * untimed, for a profiler; `--list` names the round trips.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "models.h"
#include "spapr-irq/sim.h"
#include "tools/state_size.h"
#include "tools/vmm.h"
#include "vm.h"

typedef struct Run {
    bool quick;
    unsigned rounds, iters;
} Run;

/* The vCPU counts of the flat-in-vCPUs figures (over 1 vCPU). */
static const uint32_t ladder[] = {16, 256, 1024, 4096};
/* The hosts of the in-kernel figures: the default profile, and for the
 * switch each kvm-sim profile with both in-kernel devices. */
static const char *const kvm_hosts[] = {"power9-5.2", "power9-6.1",
                                        "power10-6.1"};
#define KVM_HOST_DEFAULT "power9-6.1"
#define MSI_FIRST        SPAPR_IRQ_MSI

static const Goal no_goal = {NULL, 0};

static Vm *vm_ok(const char *accel, const char *mode, const char *extra,
                 uint32_t ncpus)
{
    g_autoptr(GError) err = NULL;
    Vm *vm = vm_new(accel, mode, extra, ncpus, &err);

    if (!vm) {
        g_error("spapr-irq-bench: %s %s %u vCPUs: %s", accel, mode, ncpus,
                err->message);
    }
    return vm;
}

/* ---- delivery round trips against the floor ---- */

typedef struct ModelRun {
    Model m;
    uint32_t src, cpu;
} ModelRun;

static void model_fn(void *opaque, unsigned n)
{
    ModelRun *r = opaque;

    model_round_trips(&r->m, r->src, r->cpu, n);
}

/* An XICS machine on @accel, @ncpus vCPUs, MSI 0x1300 routed to the last
 * CPU at VM_PRIO; CPPR 0xff there. */
static Vm *xics_vm(const char *accel, uint32_t ncpus)
{
    Vm *vm = vm_ok(accel, "xics",
                   g_str_has_prefix(accel, "kvm") ? "kernel-irqchip=on" : NULL,
                   ncpus);

    vm->cpu = ncpus - 1;
    vm->src = MSI_FIRST;
    vm_claim_msis(vm, MSI_FIRST, 1);
    vm_xics_route(vm, MSI_FIRST, vm->cpu, VM_PRIO);
    vm_xics_cppr(vm, vm->cpu, 0xff);
    return vm;
}

/* A XIVE machine, MSI 0x1300 routed to the last CPU. */
static Vm *xive_vm(const char *accel, uint32_t ncpus)
{
    Vm *vm = vm_ok(accel, "xive",
                   g_str_has_prefix(accel, "kvm") ? "kernel-irqchip=on" : NULL,
                   ncpus);

    vm_claim_msis(vm, MSI_FIRST, 1);
    vm_xive_setup(vm, ncpus - 1, MSI_FIRST, MSI_FIRST);
    return vm;
}

/* The delivery round trips, in the order of the figures (Delivery.v[]):
 * the names --run and --list know. */
static const char *const round_trips[] = {
    "floor",    "xics-msi", "xics-ipi", "xive-set-irq",
    "xive-esb", "xive-ipi", "kvmtool",
};

/* The delivery round trips and their models, built once. */
typedef struct Delivery {
    ModelRun floor_run, kt_run;
    Vm *xmsi, *xipi, *vset, *vesb, *vipi;
    Variant v[G_N_ELEMENTS(round_trips)];
} Delivery;

static void delivery_init(Delivery *d)
{
    *d = (Delivery){.floor_run = {.src = 1, .cpu = 0},
                    .kt_run = {.src = 1, .cpu = 0}};
    d->xmsi = xics_vm("tcg", 1);
    d->xipi = xics_vm("tcg", 1);
    d->vset = xive_vm("tcg", 1);
    d->vesb = xive_vm("tcg", 1);
    d->vipi = vm_ok("tcg", "xive", NULL, 1);
    model_floor_init(&d->floor_run.m);
    model_kvmtool_init(&d->kt_run.m);
    model_kvmtool_route(&d->kt_run.m, 1, 0, VM_PRIO);
    /* The IPI of CPU 0 is LISN 0 (its server), EISN 0x10. */
    vm_xive_setup(d->vipi, 0, vm_server(d->vipi, 0), 0x10);
    d->v[0] = VARIANT(round_trips[0], model_fn, &d->floor_run);
    d->v[1] = VARIANT(round_trips[1], vm_xics_msi, d->xmsi);
    d->v[2] = VARIANT(round_trips[2], vm_xics_ipi, d->xipi);
    d->v[3] = VARIANT(round_trips[3], vm_xive_set_irq, d->vset);
    d->v[4] = VARIANT(round_trips[4], vm_xive_esb, d->vesb);
    d->v[5] = VARIANT(round_trips[5], vm_xive_esb, d->vipi);
    d->v[6] = VARIANT(round_trips[6], model_fn, &d->kt_run);
}

static void delivery_fini(Delivery *d)
{
    vm_free(d->xmsi);
    vm_free(d->xipi);
    vm_free(d->vset);
    vm_free(d->vesb);
    vm_free(d->vipi);
}

static void delivery(const Run *run)
{
    Delivery d;
    Variant *v = d.v;
    const Goal xics = {"<= 2.5x the floor", 2.5}, xive = {"<= 3x the floor", 3};

    delivery_init(&d);
    bench_run(v, G_N_ELEMENTS(d.v), run->rounds, run->iters);

    g_autofree char *fl = g_strdup_printf("median %.1f ns", v[0].median);
    bench_figure("floor", "floor model round trip (tcg figures' unit)",
                 v[0].best, " ns", fl, no_goal);
    bench_ratio("xics-msi",
                "XICS MSI round trip (set_irq, H_XIRR, H_EOI) / floor", &v[1],
                &v[0], xics);
    bench_ratio("xics-ipi",
                "XICS IPI round trip (H_IPI, H_XIRR, H_IPI 0xff, H_EOI) / "
                "floor",
                &v[2], &v[0], xics);
    bench_ratio("xive-set-irq", "XIVE round trip, trigger by set_irq / floor",
                &v[3], &v[0], xive);
    bench_ratio("xive-esb", "XIVE round trip, trigger by ESB store / floor",
                &v[4], &v[0], xive);
    bench_ratio("xive-ipi", "XIVE IPI round trip (ESB store) / floor", &v[5],
                &v[0], xive);
    bench_ratio("xics-vs-kvmtool",
                "XICS MSI round trip / kvmtool model's (nothing waiting)",
                &v[1], &v[6], (Goal){"< 1x (stay faster than kvmtool)", 1});
    delivery_fini(&d);
}

/* The round trips' names to @f, each between @pre and @post. */
static void list_round_trips(FILE *f, const char *pre, const char *post)
{
    for (size_t i = 0; i < G_N_ELEMENTS(round_trips); i++) {
        fprintf(f, "%s%s%s", pre, round_trips[i], post);
    }
}

/* --run NAME COUNT: one delivery round trip, COUNT times, untimed, for a
 * profiler (docs/specs/performance.md: instructions per round trip). */
static int run_one(const char *name, const char *count)
{
    Delivery d;
    char *end;
    unsigned long n = strtoul(count, &end, 10);
    size_t i = 0;

    if (*end || !*count || n > UINT_MAX) {
        fprintf(stderr, "spapr-irq-bench: --run: '%s' is not a count\n", count);
        return 2;
    }
    while (i < G_N_ELEMENTS(round_trips) && strcmp(round_trips[i], name)) {
        i++;
    }
    if (i == G_N_ELEMENTS(round_trips)) {
        fprintf(stderr,
                "spapr-irq-bench: --run: no round trip '%s' (one of:", name);
        list_round_trips(stderr, " ", "");
        fprintf(stderr, ")\n");
        return 2;
    }
    delivery_init(&d);
    d.v[i].fn(d.v[i].ctx, (unsigned)n);
    delivery_fini(&d);
    return 0;
}

/* ---- flat in vCPUs ---- */

/* The largest vCPU count @host gives an in-kernel @mode machine, of
 * 4,096, 2,048, 1,024, ...: the one the kernel accepts every vCPU of. */
static uint32_t kvm_max_cpus(const char *accel, const char *mode)
{
    for (uint32_t n = 4096; n >= 8; n /= 2) {
        g_autoptr(GError) err = NULL;
        Vm *vm = vm_new(accel, mode, "kernel-irqchip=on", n, &err);

        if (vm) {
            vm_free(vm);
            return n;
        }
    }
    g_error("spapr-irq-bench: %s %s: not even 8 vCPUs", accel, mode);
}

static void scaling(const Run *run, const char *ctl, const char *accel,
                    uint32_t max)
{
    bool kvm = g_str_has_prefix(accel, "kvm");
    bool xics = !strcmp(ctl, "xics");
    uint32_t sizes[8];
    size_t n = 0;
    Variant v[8];
    Vm *vms[8];

    sizes[n++] = 1;
    if (kvm) {
        sizes[n++] = 8;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(ladder) && ladder[i] < max; i++) {
        sizes[n++] = ladder[i];
    }
    sizes[n++] = max;
    for (size_t i = 0; i < n; i++) {
        vms[i] = xics ? xics_vm(accel, sizes[i]) : xive_vm(accel, sizes[i]);
        v[i] = VARIANT("", xics ? vm_xics_msi : vm_xive_set_irq, vms[i]);
    }
    bench_run(v, n, run->rounds, run->iters);
    for (size_t i = 1; i < n; i++) {
        g_autofree char *id = NULL;
        g_autofree char *what = NULL;
        bool is_max = sizes[i] == max;

        if (sizes[i] == 8) {
            continue;
        }
        id = is_max && kvm ? g_strdup_printf("%s-kvm-max", ctl)
                           : g_strdup_printf("%s-%s-%u", ctl,
                                             kvm ? "kvm" : "tcg", sizes[i]);
        what = g_strdup_printf("%s %s MSI round trip, %u vCPUs / 1 vCPU",
                               kvm ? "in-kernel" : "emulated", ctl, sizes[i]);
        bench_ratio(id, what, &v[i], &v[0],
                    kvm ? no_goal : (Goal){"<= 1.06", 1.06});
    }
    if (kvm) {
        g_autofree char *id = g_strdup_printf("%s-kvm-max-vs-8", ctl);
        g_autofree char *what = g_strdup_printf(
            "in-kernel %s MSI round trip, %u vCPUs / 8 vCPUs", ctl, max);

        bench_ratio(id, what, &v[n - 1], &v[1],
                    max >= 2048 ? (Goal){"<= 1.2 (2048 over 8)", 1.2}
                                : no_goal);
    }
    for (size_t i = 0; i < n; i++) {
        vm_free(vms[i]);
    }
}

/* ---- XICS EOI with sources waiting for a resend ---- */

static const uint32_t waiting[] = {0, 1, 16, 1024};

/* XICS, 2 vCPUs: MSI 0x1300 to CPU 0 at @rt_prio is the round trip's;
 * @nwait more MSIs to @wait_cpu at VM_PRIO, raised while that CPU's CPPR
 * is @wait_cppr (more favoured): each is rejected and waits. */
static Vm *waiting_vm(uint32_t nwait, uint32_t wait_cpu, uint8_t wait_cppr,
                      uint8_t rt_prio)
{
    Vm *vm = vm_ok("tcg", "xics", NULL, 2);

    vm->cpu = 0;
    vm->src = MSI_FIRST;
    vm_claim_msis(vm, MSI_FIRST, 1 + nwait);
    vm_xics_route(vm, MSI_FIRST, 0, rt_prio);
    vm_xics_cppr(vm, 0, 0xff);
    vm_xics_cppr(vm, 1, 0xff);
    vm_xics_cppr(vm, wait_cpu, wait_cppr);
    for (uint32_t i = 1; i <= nwait; i++) {
        vm_xics_route(vm, MSI_FIRST + i, wait_cpu, VM_PRIO);
        spapr_irq_set_irq(vm->irq, MSI_FIRST + i, 1, NULL);
    }
    return vm;
}

static void eoi_waiting(const Run *run)
{
    size_t n = G_N_ELEMENTS(waiting);
    Variant v[2 * G_N_ELEMENTS(waiting)];
    Vm *vms[G_N_ELEMENTS(waiting)];
    ModelRun kt[G_N_ELEMENTS(waiting)];

    /* Elsewhere: CPU 1's CPPR 0 refuses everything. */
    for (size_t i = 0; i < n; i++) {
        vms[i] = waiting_vm(waiting[i], 1, 0, VM_PRIO);
        v[i] = VARIANT("", vm_xics_msi, vms[i]);
    }
    bench_run(v, n, run->rounds, run->iters);
    for (size_t i = 1; i < n; i++) {
        g_autofree char *id = g_strdup_printf("eoi-elsewhere-%u", waiting[i]);
        g_autofree char *what = g_strdup_printf(
            "XICS MSI round trip on CPU 0, %u sources waiting on CPU 1 / "
            "none",
            waiting[i]);

        bench_ratio(id, what, &v[i], &v[0], (Goal){"<= 1.1", 1.1});
    }
    for (size_t i = 0; i < n; i++) {
        vm_free(vms[i]);
    }

    /* On the EOI-ing CPU: its CPPR 4 refuses the waiting sources (priority
     * 5), the round trip's MSI at 3 gets through, and each EOI (CPPR back
     * to 4) presents the waiting ones again.  kvmtool's model the same. */
    for (size_t i = 1; i < n; i++) {
        ModelRun *k = &kt[i];

        vms[i] = waiting_vm(waiting[i], 0, 4, 3);
        model_kvmtool_init(&k->m);
        k->src = 1;
        k->cpu = 0;
        model_kvmtool_route(&k->m, 1, 0, 3);
        k->m.ops->set_cppr(&k->m, 0, 4);
        for (uint32_t s = 2; s < 2 + waiting[i]; s++) {
            model_kvmtool_route(&k->m, s, 0, VM_PRIO);
            k->m.ops->trigger(&k->m, s);
        }
        v[2 * (i - 1)] = VARIANT("", vm_xics_msi, vms[i]);
        v[2 * (i - 1) + 1] = VARIANT("", model_fn, k);
    }
    bench_run(v, 2 * (n - 1), run->rounds, run->iters / 4 + 1);
    for (size_t i = 1; i < n; i++) {
        g_autofree char *id = g_strdup_printf("eoi-self-%u", waiting[i]);
        g_autofree char *what = g_strdup_printf(
            "XICS round trip, %u sources waiting on the EOI-ing CPU / "
            "kvmtool model's full scan",
            waiting[i]);

        bench_ratio(id, what, &v[2 * (i - 1)], &v[2 * (i - 1) + 1],
                    (Goal){"<= 1 (no slower than kvmtool)", 1});
        vm_free(vms[i]);
    }
}

/* ---- the controller switch ---- */

typedef struct SwitchCost {
    double to_xive_us, to_xics_us; /* fastest round */
    unsigned to_xive_calls, to_xics_calls;
} SwitchCost;

static unsigned host_calls(Vm *vm)
{
    SpaprHostSimStats st = {0};

    return spapr_host_sim_stats(spapr_irq_get_host(vm->irq), &st) ? st.calls
                                                                  : 0;
}

/* A dual machine with 4,096 claimed MSIs, the VM stopped: CAS to XIVE and
 * the reset that applies it, then the reset that returns to XICS. */
static SwitchCost switch_cost(const Run *run, const char *accel, uint32_t ncpus)
{
    Vm *vm = vm_ok(accel, "dual", NULL, ncpus);
    SpaprIntcImpl want = g_str_has_prefix(accel, "kvm")
                             ? SPAPR_INTC_IMPL_KVM
                             : SPAPR_INTC_IMPL_EMULATED;
    SwitchCost c = {G_MAXDOUBLE, G_MAXDOUBLE, 0, 0};
    g_autoptr(GError) err = NULL;

    vm_claim_msis(vm, SPAPR_XIRQ_BASE, SPAPR_NR_XIRQS);
    if (!vmm_vm_stop(vm->irq, &err)) {
        g_error("spapr-irq-bench: stop: %s", err->message);
    }
    for (unsigned r = 0; r < (run->quick ? 1 : run->rounds / 4 + 2); r++) {
        unsigned k0 = host_calls(vm), k1, k2;
        uint64_t t0 = bench_now_ns(), t1, t2;
        bool ok = spapr_irq_cas(vm->irq, SPAPR_OV5_XIVE, &err) &&
                  spapr_irq_reset(vm->irq, &err);

        t1 = bench_now_ns();
        k1 = host_calls(vm);
        if (!ok || spapr_irq_active(vm->irq) != SPAPR_INTC_XIVE ||
            spapr_irq_active_impl(vm->irq) != want) {
            g_error("spapr-irq-bench: %s %u vCPUs: no switch to XIVE (%s)",
                    accel, ncpus, err ? err->message : "the wrong backend");
        }
        ok = spapr_irq_reset(vm->irq, &err);
        t2 = bench_now_ns();
        k2 = host_calls(vm);
        if (!ok || spapr_irq_active(vm->irq) != SPAPR_INTC_XICS ||
            spapr_irq_active_impl(vm->irq) != want) {
            g_error("spapr-irq-bench: %s %u vCPUs: no switch back (%s)", accel,
                    ncpus, err ? err->message : "the wrong backend");
        }
        c.to_xive_us = MIN(c.to_xive_us, (t1 - t0) / 1e3);
        c.to_xics_us = MIN(c.to_xics_us, (t2 - t1) / 1e3);
        c.to_xive_calls = k1 - k0;
        c.to_xics_calls = k2 - k1;
    }
    vm_free(vm);
    return c;
}

static void switch_figures(const Run *run, const char *host, const char *accel,
                           uint32_t ncpus, bool is_max)
{
    SwitchCost c = switch_cost(run, accel, ncpus);
    bool kvm = g_str_has_prefix(accel, "kvm");
    g_autofree char *idn =
        is_max && kvm ? g_strdup("max") : g_strdup_printf("%u", ncpus);
    g_autofree char *id1 = g_strdup_printf("switch-%s-%s-to-xive", host, idn);
    g_autofree char *id2 = g_strdup_printf("switch-%s-%s-to-xics", host, idn);
    g_autofree char *w1 = g_strdup_printf(
        "switch xics->xive (CAS + reset), %s, %u vCPU(s), 4096 MSIs", host,
        ncpus);
    g_autofree char *w2 = g_strdup_printf(
        "switch xive->xics (reset), %s, %u vCPU(s), 4096 MSIs", host, ncpus);
    g_autofree char *d1 = NULL, *d2 = NULL;
    Goal g = no_goal;

    if (kvm) {
        d1 = g_strdup_printf("%u host calls; simulator time included",
                             c.to_xive_calls);
        d2 = g_strdup_printf("%u host calls; simulator time included",
                             c.to_xics_calls);
        if (ncpus >= 2048) {
            g = (Goal){"<= 1000 us of library time at 2048 vCPUs", 1000};
        }
    } else {
        g = (Goal){"<= 100 us", 100};
    }
    bench_figure(id1, w1, c.to_xive_us, " us", d1, g);
    bench_figure(id2, w2, c.to_xics_us, " us", d2, g);
}

/* ---- save + load, RSS ---- */

static void save_load(const Run *run)
{
    Vm *a = vm_ok("tcg", "dual", NULL, 4096),
       *b = vm_ok("tcg", "dual", NULL, 4096);
    g_autoptr(GByteArray) s = g_byte_array_new();
    g_autoptr(GError) err = NULL;
    double best = G_MAXDOUBLE;
    uint64_t visible;

    vm_claim_msis(a, SPAPR_XIRQ_BASE, SPAPR_NR_XIRQS);
    vm_claim_msis(b, SPAPR_XIRQ_BASE, SPAPR_NR_XIRQS);
    if (!vmm_reset(a->irq, &err) || !vmm_reset(b->irq, &err)) {
        g_error("spapr-irq-bench: reset: %s", err->message);
    }
    visible = state_visible_size(spapr_irq_get_plan(a->irq), SPAPR_NR_XIRQS);
    for (unsigned r = 0; r < run->rounds; r++) {
        uint64_t t0 = bench_now_ns();

        g_byte_array_set_size(s, 0);
        if (!spapr_irq_save(a->irq, s, &err) ||
            !spapr_irq_load(b->irq, s->data, s->len, &err)) {
            g_error("spapr-irq-bench: save/load: %s", err->message);
        }
        best = MIN(best, (bench_now_ns() - t0) / 1e3);
    }
    g_autofree char *d = g_strdup_printf(
        "%u bytes over %" G_GUINT64_FORMAT " guest-visible", s->len, visible);
    bench_figure("save-load-time",
                 "save + load, dual, tcg, 4096 vCPUs, 4096 MSIs, after reset",
                 best, " us", NULL, no_goal);
    bench_figure("stream-size", "stream size / guest-visible state",
                 (double)s->len / visible, "x", d,
                 (Goal){"<= 1.05 (the migration test's bound)", 1.05});
    vm_free(a);
    vm_free(b);
}

static long rss_pages(void)
{
    long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");

    if (!f || fscanf(f, "%ld %ld", &size, &resident) != 2) {
        g_error("spapr-irq-bench: /proc/self/statm unreadable");
    }
    fclose(f);
    return resident;
}

/* The resident pages a machine of 4,096 vCPUs adds, measured first thing
 * in the process (before any machine was freed, whose memory the heap
 * would hand out again). */
#define RSS_CPUS 4096
static long rss_measure(void)
{
    long before = rss_pages(), after;
    Vm *vm = vm_ok("tcg", "dual", NULL, RSS_CPUS);

    after = rss_pages();
    vm_free(vm);
    return (after - before) * sysconf(_SC_PAGESIZE);
}

static void rss_figure(long bytes)
{
    g_autofree char *d = g_strdup_printf(
        "%ld KiB for the machine, from /proc/self/statm", bytes / 1024);

    bench_figure("rss-tcg-dual",
                 "RSS per vCPU, tcg, dual, 4096 vCPUs (fixed costs included)",
                 (double)bytes / RSS_CPUS, " bytes", d, no_goal);
}

/* ---- main ---- */

static GPtrArray *figure_ids(void)
{
    GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
    static const char *const fixed[] = {
        "floor",    "xics-msi", "xics-ipi",       "xive-set-irq",
        "xive-esb", "xive-ipi", "xics-vs-kvmtool"};

    for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++) {
        g_ptr_array_add(ids, g_strdup(fixed[i]));
    }
    for (int x = 0; x < 2; x++) {
        const char *ctl = x ? "xive" : "xics";

        for (size_t i = 0; i < G_N_ELEMENTS(ladder); i++) {
            g_ptr_array_add(ids, g_strdup_printf("%s-tcg-%u", ctl, ladder[i]));
        }
    }
    for (size_t i = 1; i < G_N_ELEMENTS(waiting); i++) {
        g_ptr_array_add(ids, g_strdup_printf("eoi-elsewhere-%u", waiting[i]));
        g_ptr_array_add(ids, g_strdup_printf("eoi-self-%u", waiting[i]));
    }
    g_ptr_array_add(ids, g_strdup("switch-tcg-4096-to-xive"));
    g_ptr_array_add(ids, g_strdup("switch-tcg-4096-to-xics"));
    g_ptr_array_add(ids, g_strdup("save-load-time"));
    g_ptr_array_add(ids, g_strdup("stream-size"));
    g_ptr_array_add(ids, g_strdup("rss-tcg-dual"));
    return ids;
}

int main(int argc, char **argv)
{
    Run run = {.rounds = 15, .iters = 20000};
    g_autoptr(GPtrArray) ids = figure_ids();
    g_autofree char *kaccel =
        g_strdup_printf("kvm-sim,host=%s", KVM_HOST_DEFAULT);
    uint32_t kmax[2];
    uint64_t t0 = bench_now_ns();
    long rss_bytes = rss_measure();

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) {
            run = (Run){.quick = true, .rounds = 2, .iters = 50};
        } else if (!strcmp(argv[i], "--run") && argc == 4) {
            return run_one(argv[2], argv[3]);
        } else if (!strcmp(argv[i], "--list") && argc == 2) {
            list_round_trips(stdout, "", "\n");
            return 0;
        } else {
            fprintf(stderr, "usage: spapr-irq-bench [--quick | --list | --run "
                            "ROUND-TRIP COUNT]\n");
            return 2;
        }
    }
    /* The hosts' own figures, whose ids name the host's largest count. */
    for (int x = 0; x < 2; x++) {
        const char *ctl = x ? "xive" : "xics";

        kmax[x] = kvm_max_cpus(kaccel, ctl);
        for (size_t i = 0; i < G_N_ELEMENTS(ladder) && ladder[i] < kmax[x];
             i++) {
            g_ptr_array_add(ids, g_strdup_printf("%s-kvm-%u", ctl, ladder[i]));
        }
        g_ptr_array_add(ids, g_strdup_printf("%s-kvm-max", ctl));
        g_ptr_array_add(ids, g_strdup_printf("%s-kvm-max-vs-8", ctl));
    }
    for (size_t h = 0; h < G_N_ELEMENTS(kvm_hosts); h++) {
        for (int k = 0; k < 3; k++) {
            static const char *const n[] = {"1", "256", "max"};

            g_ptr_array_add(ids, g_strdup_printf("switch-%s-%s-to-xive",
                                                 kvm_hosts[h], n[k]));
            g_ptr_array_add(ids, g_strdup_printf("switch-%s-%s-to-xics",
                                                 kvm_hosts[h], n[k]));
        }
    }
    g_ptr_array_add(ids, NULL);
    bench_expect((const char *const *)ids->pdata);

    printf("spapr-irq-bench%s: %u rounds of %u round trips, interleaved; "
           "each figure the fastest round (median in brackets)\n",
           run.quick ? " --quick (counts too small to mean anything)" : "",
           run.rounds, run.iters);
    delivery(&run);
    scaling(&run, "xics", "tcg", 4096);
    scaling(&run, "xive", "tcg", 4096);
    scaling(&run, "xics", kaccel, kmax[0]);
    scaling(&run, "xive", kaccel, kmax[1]);
    eoi_waiting(&run);
    switch_figures(&run, "tcg", "tcg", 4096, true);
    for (size_t h = 0; h < G_N_ELEMENTS(kvm_hosts); h++) {
        g_autofree char *accel =
            g_strdup_printf("kvm-sim,host=%s", kvm_hosts[h]);
        uint32_t max = kvm_max_cpus(accel, "dual");

        switch_figures(&run, kvm_hosts[h], accel, 1, false);
        switch_figures(&run, kvm_hosts[h], accel, 256, false);
        switch_figures(&run, kvm_hosts[h], accel, max, true);
    }
    save_load(&run);
    rss_figure(rss_bytes);
    printf("spapr-irq-bench: %u figure(s) not meeting their goal; %.1f s\n",
           bench_not_met(), (bench_now_ns() - t0) / 1e9);
    return bench_check_all() ? 0 : 1;
}
