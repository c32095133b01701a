/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every state a machine saves loads back into it and into a fresh machine
 * of the same options (issue 18), on every backend: tcg, and each kvm-sim
 * profile with kernel-irqchip allowed (the in-kernel controllers where the
 * profile has them) and off, for each ic-mode (dual also after a CAS to
 * XIVE).  The vCPUs are connected at each point of a machine's life: added
 * before the first reset (an in-kernel XIVE is already active then), and
 * hot-plugged after it while the VM runs and while it is stopped; each
 * state is saved before the new vCPU ran and after.
 *
 * The regression: a vCPU connected to an active in-kernel XIVE keeps the
 * kernel's initial VP state (kvmppc_xive_native_connect_vcpu(): w01 =
 * 0xff000000, PIPR 0 until the vCPU runs), the save copied it into the
 * model and the load refused it.  Each round trip must also give back the
 * very bytes saved.
 */
#include <glib.h>

#include "sim/sim.h"
#include "spapr-irq/spapr-irq.h"
#include "tools/vmm.h"

#define MAX_CPUS 4

typedef struct Options {
    const char *accel; /* -accel */
    const char *mode;  /* ic-mode */
    bool cas_xive;     /* dual: CAS chose XIVE, applied at the first reset */
} Options;

static void cb_set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
}

static const SpaprIrqCallbacks callbacks = {
    .set_cpu_irq = cb_set_cpu_irq,
    .map_region = vmm_map_region,
};

#define OK(call)                                                               \
    do {                                                                       \
        g_autoptr(GError) err_ = NULL;                                         \
        GError **errp = &err_;                                                 \
        if (!(call)) {                                                         \
            g_test_message("%s: %s", #call, err_ ? err_->message : "?");       \
        }                                                                      \
        g_assert_no_error(err_);                                               \
    } while (0)

/* The machine of @o with CPUs 0 .. @ncpus - 1 added, not reset; NULL if
 * the backend refuses the configuration. */
static SpaprIrq *machine_new(const Options *o, uint32_t ncpus)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;
    g_autofree char *machine = g_strdup_printf("pseries,ic-mode=%s", o->mode);
    g_autofree char *smp = g_strdup_printf("1,maxcpus=%u", MAX_CPUS);
    SpaprIrq *irq;

    if (!spapr_irq_config_parse_option(cfg, "-machine", machine, &err) ||
        !spapr_irq_config_parse_option(cfg, "-smp", smp, &err) ||
        !spapr_irq_config_parse_option(cfg, "-accel", o->accel, &err)) {
        g_error("%s %s: %s", o->accel, o->mode, err->message);
    }
    irq = spapr_irq_create(cfg, &callbacks, -1, &err);
    if (!irq) {
        return NULL;
    }
    if (o->cas_xive && !spapr_irq_get_plan(irq)->has[SPAPR_INTC_XIVE]) {
        spapr_irq_destroy(&irq); /* dual below POWER9: XICS only */
        return NULL;
    }
    for (uint32_t c = 0; c < ncpus; c++) {
        OK(spapr_irq_cpu_add(irq, c, -1, errp));
    }
    OK(spapr_irq_claim(irq, 0x1000, true, errp));
    OK(spapr_irq_claim(irq, 0x1300, false, errp));
    return irq;
}

/* The first reset, with the CAS of @o before it. */
static void first_reset(SpaprIrq *irq, const Options *o)
{
    if (o->cas_xive) {
        OK(vmm_cas(irq, 0x40, errp));
    }
    OK(vmm_reset(irq, errp));
}

/* What a case did: refused by its host, ran, ran with an in-kernel XIVE. */
typedef enum Ran { RAN_REFUSED, RAN, RAN_KERNEL_XIVE } Ran;

static Ran ran_on(SpaprIrq *irq)
{
    return spapr_irq_active(irq) == SPAPR_INTC_XIVE &&
                   spapr_irq_active_impl(irq) == SPAPR_INTC_IMPL_KVM
               ? RAN_KERNEL_XIVE
               : RAN;
}

static GByteArray *save(SpaprIrq *irq)
{
    GByteArray *out = g_byte_array_new();

    OK(vmm_save(irq, out, errp));
    return out;
}

/* @state loads into @irq, whose save then gives @state back. */
static void load_back(SpaprIrq *irq, const GByteArray *state, const char *what)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(GByteArray) again = NULL;

    if (!vmm_load(irq, state->data, state->len, &err)) {
        g_test_message("%s: %s", what, err ? err->message : "?");
    }
    g_assert_no_error(err);
    again = save(irq);
    g_assert_cmpmem(again->data, again->len, state->data, state->len);
}

/* The state of @irq (vCPUs 0 .. @ncpus - 1) loads into itself and into a
 * fresh machine of @o with the same vCPUs, reset as at an incoming
 * migration. */
static void round_trip(SpaprIrq *irq, const Options *o, uint32_t ncpus,
                       const char *when)
{
    g_autoptr(GByteArray) state = save(irq);
    g_autofree char *what =
        g_strdup_printf("%s %s%s, %s", o->accel, o->mode,
                        o->cas_xive ? " (CAS: XIVE)" : "", when);
    SpaprIrq *fresh;

    g_test_message("%s", what);
    load_back(irq, state, what);
    fresh = machine_new(o, ncpus);
    g_assert_nonnull(fresh);
    first_reset(fresh, o);
    load_back(fresh, state, what);
    spapr_irq_destroy(&fresh);
}

/* A case's last step: @irq's vCPUs run, the state saved after is
 * round-tripped (@what), and @irq goes; where they ran. */
static Ran run_round_trip_last(SpaprIrq *irq, const Options *o, uint32_t ncpus,
                               const char *what)
{
    Ran r;

    OK(vmm_vm_resume(irq, errp));
    OK(vmm_vm_stop(irq, errp));
    round_trip(irq, o, ncpus, what);
    r = ran_on(irq);
    spapr_irq_destroy(&irq);
    return r;
}

/* vCPUs added before the first reset; the state saved before and after
 * it, and after the vCPUs ran. */
static Ran case_added_before_reset(const Options *o)
{
    SpaprIrq *irq = machine_new(o, 2);

    if (!irq) {
        return RAN_REFUSED;
    }
    round_trip(irq, o, 2, "vCPUs added before the first reset, not reset");
    first_reset(irq, o);
    round_trip(irq, o, 2, "vCPUs added before the first reset, reset");
    return run_round_trip_last(irq, o, 2,
                               "vCPUs added before the first reset, ran");
}

/* A vCPU hot-plugged after the first reset, while the VM runs, then one
 * while it is stopped (which never runs before the save). */
static Ran case_hotplug(const Options *o)
{
    SpaprIrq *irq = machine_new(o, 1);

    if (!irq) {
        return RAN_REFUSED;
    }
    first_reset(irq, o);
    OK(vmm_vm_resume(irq, errp));
    OK(vmm_cpu_add(irq, 1, errp));
    OK(vmm_vm_stop(irq, errp));
    round_trip(irq, o, 2, "CPU 1 hot-plugged while running");
    OK(vmm_cpu_add(irq, 2, errp));
    round_trip(irq, o, 3, "CPU 2 hot-plugged while stopped, never ran");
    return run_round_trip_last(irq, o, 3,
                               "CPU 2 hot-plugged while stopped, ran");
}

typedef Ran (*CaseFn)(const Options *o);

/* Runs @fn for every backend and ic-mode; the in-kernel XIVE cases must
 * have run. */
static void for_every_backend(CaseFn fn)
{
    static const Options modes[] = {
        {NULL, "xics", false},
        {NULL, "xive", false},
        {NULL, "dual", false},
        {NULL, "dual", true},
    };
    g_autoptr(GPtrArray) accels = g_ptr_array_new_with_free_func(g_free);
    size_t n = 0;
    const SpaprHostProfile *p = spapr_host_profiles(&n);
    unsigned ran = 0, skipped = 0, kernel_xive = 0;

    g_ptr_array_add(accels, g_strdup("tcg"));
    for (size_t i = 0; i < n; i++) {
        g_ptr_array_add(accels, g_strdup_printf("kvm-sim,host=%s", p[i].name));
        g_ptr_array_add(
            accels,
            g_strdup_printf("kvm-sim,host=%s,kernel-irqchip=off", p[i].name));
    }
    for (guint a = 0; a < accels->len; a++) {
        for (size_t m = 0; m < G_N_ELEMENTS(modes); m++) {
            Options o = modes[m];
            Ran r;

            o.accel = g_ptr_array_index(accels, a);
            r = fn(&o);
            skipped += r == RAN_REFUSED;
            ran += r != RAN_REFUSED;
            kernel_xive += r == RAN_KERNEL_XIVE;
        }
    }
    g_test_message("%u configurations, %u refused by their host, %u with "
                   "an in-kernel XIVE host",
                   ran, skipped, kernel_xive);
    g_assert_cmpuint(kernel_xive, >=, 3);
}

static void test_added_before_reset(void)
{
    for_every_backend(case_added_before_reset);
}

static void test_hotplug(void)
{
    for_every_backend(case_hotplug);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/roundtrip/added-before-reset", test_added_before_reset);
    g_test_add_func("/roundtrip/hotplug", test_hotplug);
    return g_test_run();
}
