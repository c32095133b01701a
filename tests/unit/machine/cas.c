/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-machine: CAS and reset (/machine/cas/...): the guest's choice of
 * controller, taken at the next reset, and the CAS errors.
 */
#include "fixture.h"

static void cas_fail(SpaprIrq *irq, uint8_t byte23, const char *msg)
{
    g_autoptr(GError) err = NULL;

    g_assert_false(spapr_irq_cas(irq, byte23, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_CAS);
    g_assert_cmpstr(err->message, ==, msg);
}

void test_cas_dual(void)
{
    const char *opts[] = {"-cpu", "power9", "-machine", "ic-mode=dual", NULL};
    SpaprIrq *irq = create_ok(opts);

    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    cas_ok(irq, 0x40);
    /* The switch happens at reset, not at CAS. */
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    g_assert_cmpint(spapr_irq_active_impl(irq), ==, SPAPR_INTC_IMPL_EMULATED);
    /* A reset forgets the choice: back to XICS. */
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);

    /* CAS for XICS keeps XICS. */
    cas_ok(irq, 0x00);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);

    /* XIVE again, twice in a row with resets in between. */
    cas_ok(irq, 0x40);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    cas_ok(irq, 0x40);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    /* From XIVE, CAS for XICS. */
    cas_ok(irq, 0x00);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);

    /* 0x80 is never valid. */
    cas_fail(irq, 0x80, MSG_CAS_INVALID);
    cas_fail(irq, 0xC0, MSG_CAS_INVALID);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);

    /* No warning under tcg. */
    g_assert_cmpuint(spapr_irq_warnings(irq)->len, ==, 0);
    spapr_irq_destroy(&irq);
}

void test_cas_xive_only(void)
{
    const char *opts[] = {"-machine", "ic-mode=xive", NULL};
    SpaprIrq *irq = create_ok(opts);

    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    cas_fail(irq, 0x00, MSG_CAS_NO_XICS);
    cas_fail(irq, 0x80, MSG_CAS_INVALID);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    cas_ok(irq, 0x40);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    /* A reset without CAS keeps XIVE, the start controller. */
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    spapr_irq_destroy(&irq);
}

void test_cas_xics_only(void)
{
    const char *opts[] = {"-machine", "ic-mode=xics", NULL};
    SpaprIrq *irq = create_ok(opts);

    cas_fail(irq, 0x40, MSG_CAS_NO_XIVE);
    cas_fail(irq, 0x80, MSG_CAS_INVALID);
    cas_ok(irq, 0x00);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    spapr_irq_destroy(&irq);
}

void test_cas_dual_power8(void)
{
    const char *opts[] = {"-machine", "ic-mode=dual,max-cpu-compat=power8",
                          NULL};
    SpaprIrq *irq = create_ok(opts);
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);

    g_assert_cmpint(plan->offered, ==, SPAPR_IC_MODE_XICS);
    g_assert_cmphex(plan->platform_byte23, ==, 0x00);
    cas_fail(irq, 0x40, MSG_CAS_NO_XIVE);
    cas_ok(irq, 0x00);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    spapr_irq_destroy(&irq);

    /* Same with -cpu power8. */
    const char *opts8[] = {"-cpu", "power8", NULL};
    irq = create_ok(opts8);
    cas_fail(irq, 0x40, MSG_CAS_NO_XIVE);
    spapr_irq_destroy(&irq);
}
