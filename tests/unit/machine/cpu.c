/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-machine: vCPUs (/machine/cpu/...): adding and removing them within
 * maxcpus.
 */
#include "fixture.h"

void test_cpu_add(void)
{
    const char *opts[] = {"-smp", "2,maxcpus=4", NULL};
    SpaprIrq *irq = create_ok(opts);

    for (uint32_t i = 0; i < 4; i++) {
        cpu_add_ok(irq, i);
    }
    {
        g_autoptr(GError) err = NULL;

        g_assert_false(spapr_irq_cpu_add(irq, 4, -1, &err));
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_RANGE);
    }
    {
        g_autoptr(GError) err = NULL;

        g_assert_false(spapr_irq_cpu_add(irq, UINT32_MAX, -1, &err));
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_RANGE);
    }
    {
        g_autoptr(GError) err = NULL;

        g_assert_false(spapr_irq_cpu_add(irq, 1, -1, &err));
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_BUSY);
    }
    /* Remove, then add again. */
    spapr_irq_cpu_remove(irq, 1);
    cpu_add_ok(irq, 1);
    {
        g_autoptr(GError) err = NULL;

        g_assert_false(spapr_irq_cpu_add(irq, 1, -1, &err));
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_BUSY);
    }
    /* Removing an absent or out-of-range vCPU is a no-op. */
    spapr_irq_cpu_remove(irq, 2);
    spapr_irq_cpu_remove(irq, 2);
    spapr_irq_cpu_remove(irq, 4);
    spapr_irq_cpu_remove(irq, UINT32_MAX);
    cpu_add_ok(irq, 2);
    /* Destroying with vCPUs present frees them (ASan checks). */
    spapr_irq_destroy(&irq);
}

void test_cpu_add_range_default(void)
{
    /* Default -smp: maxcpus 1. */
    SpaprIrq *irq = create_ok(NULL);
    g_autoptr(GError) err = NULL;

    g_assert_false(spapr_irq_cpu_add(irq, 1, -1, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_RANGE);
    cpu_add_ok(irq, 0);
    spapr_irq_destroy(&irq);
}
