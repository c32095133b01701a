/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-machine: a machine's life (/machine/print-info, /machine/destroy,
 * /machine/two-machines): its info text, its destruction, and two machines
 * side by side.
 */
#include <string.h>

#include "fixture.h"

void test_print_info(void)
{
    {
        SpaprIrq *irq = create_ok(NULL);
        g_autoptr(GString) out = g_string_new("before\n");

        spapr_irq_print_info(irq, out);
        /* Appended, not replaced. */
        g_assert_true(g_str_has_prefix(out->str, "before\n"));
        assert_contains(out->str, "active: xics (emulated)");
        g_assert_null(strstr(out->str, "active: xive"));

        cas_ok(irq, 0x40);
        reset_ok(irq);
        g_string_truncate(out, 0);
        spapr_irq_print_info(irq, out);
        assert_contains(out->str, "active: xive (emulated)");
        g_assert_null(strstr(out->str, "active: xics"));
        spapr_irq_destroy(&irq);
    }
    {
        const char *opts[] = {"-machine", "ic-mode=xive", NULL};
        SpaprIrq *irq = create_ok(opts);
        g_autoptr(GString) out = g_string_new(NULL);

        spapr_irq_print_info(irq, out);
        assert_contains(out->str, "active: xive (emulated)");
        spapr_irq_destroy(&irq);
    }
}

void test_destroy(void)
{
    SpaprIrq *irq = create_ok(NULL);
    SpaprIrq *none = NULL;

    cpu_add_ok(irq, 0);
    claim_ok(irq, 0x1000, true);
    spapr_irq_destroy(&irq);
    g_assert_null(irq);
    /* A second call is a no-op. */
    spapr_irq_destroy(&irq);
    g_assert_null(irq);
    /* A NULL pointer value is accepted. */
    spapr_irq_destroy(&none);
    g_assert_null(none);
}

void test_two_machines(void)
{
    const char *opts_a[] = {"-machine", "ic-mode=dual", "-smp", "2", NULL};
    const char *opts_b[] = {"-machine", "ic-mode=xics", NULL};
    SpaprIrq *a = create_ok(opts_a);
    SpaprIrq *b = create_ok(opts_b);
    bool lsi;

    g_assert_cmpuint(spapr_irq_get_plan(a)->topo.max_cpus, ==, 2);
    g_assert_cmpuint(spapr_irq_get_plan(b)->topo.max_cpus, ==, 1);

    claim_ok(a, 0x1000, true);
    g_assert_false(spapr_irq_is_claimed(b, 0x1000, NULL));
    claim_ok(b, 0x1000, false);
    g_assert_true(spapr_irq_is_claimed(a, 0x1000, &lsi));
    g_assert_true(lsi);
    g_assert_true(spapr_irq_is_claimed(b, 0x1000, &lsi));
    g_assert_false(lsi);
    spapr_irq_free(a, 0x1000, 1);
    g_assert_false(spapr_irq_is_claimed(a, 0x1000, NULL));
    g_assert_true(spapr_irq_is_claimed(b, 0x1000, NULL));

    cpu_add_ok(a, 0);
    cpu_add_ok(a, 1);
    cpu_add_ok(b, 0);

    cas_ok(a, 0x40);
    reset_ok(a);
    g_assert_cmpint(spapr_irq_active(a), ==, SPAPR_INTC_XIVE);
    g_assert_cmpint(spapr_irq_active(b), ==, SPAPR_INTC_XICS);
    reset_ok(b);
    g_assert_cmpint(spapr_irq_active(a), ==, SPAPR_INTC_XIVE);

    spapr_irq_destroy(&a);
    /* b lives on. */
    g_assert_true(spapr_irq_is_claimed(b, 0x1000, NULL));
    claim_ok(b, 0x1001, false);
    spapr_irq_destroy(&b);
}
