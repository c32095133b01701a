/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The conformance suites' shared fixture (conformance.h). */
#include "conformance.h"

static void parse_opt(SpaprIrqConfig *cfg, const char *name, const char *arg)
{
    g_autoptr(GError) err = NULL;

    if (!spapr_irq_config_parse_option(cfg, name, arg, &err)) {
        g_test_message("%s %s: %s", name, arg, err ? err->message : "?");
    }
    g_assert_no_error(err);
}

SpaprIrq *conformance_machine(const ConformanceBackend *be, const char *machine,
                              const char *cpu, uint32_t ncpus,
                              uint32_t max_cpus, const SpaprIrqCallbacks *cb)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_irq_config_new();
    g_autoptr(GError) err = NULL;
    g_autofree char *smp = g_strdup_printf("%u,maxcpus=%u", ncpus, max_cpus);
    SpaprIrq *irq;

    parse_opt(cfg, "-machine", machine);
    if (cpu) {
        parse_opt(cfg, "-cpu", cpu);
    }
    parse_opt(cfg, "-smp", smp);
    for (const char *const *a = be->argv; a[0]; a += 2) {
        g_assert(a[1] != NULL);
        parse_opt(cfg, a[0], a[1]);
    }

    irq = spapr_irq_create(cfg, cb, -1, &err);
    if (!irq) {
        g_test_message("create: %s", err ? err->message : "?");
    }
    g_assert_no_error(err);
    g_clear_error(&err);
    g_assert(irq != NULL); /* fatal: nothing to test without it */
    for (uint32_t i = 0; i < ncpus; i++) {
        g_assert_true(spapr_irq_cpu_add(irq, i, -1, &err));
        g_assert_no_error(err);
        g_clear_error(&err);
    }
    g_assert_true(spapr_irq_reset(irq, &err));
    g_assert_no_error(err);
    return irq;
}

int conformance_main(int argc, char **argv, const char *suite,
                     const ConformanceBackend *backends, size_t nbackends,
                     const ConformanceTest *tests, size_t ntests)
{
    g_test_init(&argc, &argv, NULL);
    g_test_set_nonfatal_assertions();

    for (size_t b = 0; b < nbackends; b++) {
        for (size_t t = 0; t < ntests; t++) {
            g_autofree char *path = g_strdup_printf(
                "/%s/%s/%s", suite, backends[b].name, tests[t].name);

            g_test_add_data_func(path, &backends[b], tests[t].fn);
        }
    }
    return g_test_run();
}
