/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-machine: IRQ numbers (/machine/claim/..., /machine/set-irq): claiming,
 * freeing and the LSI flag in the range 0x1000-0x1fff, and setting the
 * level of a claimed IRQ.
 */
#include "fixture.h"

static void claim_fail(SpaprIrq *irq, uint32_t irqn, bool lsi, int code,
                       const char *needle)
{
    g_autoptr(GError) err = NULL;

    g_assert_false(spapr_irq_claim(irq, irqn, lsi, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, code);
    g_test_message("claim(0x%x): %s", irqn, err->message);
    if (needle) {
        assert_contains(err->message, needle);
    }
}

void test_claim_range(void)
{
    SpaprIrq *irq = create_ok(NULL);

    claim_fail(irq, 0x0fff, false, SPAPR_IRQ_ERROR_RANGE, "0x1000");
    claim_fail(irq, 0x0fff, false, SPAPR_IRQ_ERROR_RANGE, "0x1fff");
    claim_fail(irq, 0x2000, true, SPAPR_IRQ_ERROR_RANGE, "0x1000");
    claim_fail(irq, 0x2000, true, SPAPR_IRQ_ERROR_RANGE, "0x1fff");
    claim_fail(irq, 0, false, SPAPR_IRQ_ERROR_RANGE, NULL);
    claim_fail(irq, UINT32_MAX, false, SPAPR_IRQ_ERROR_RANGE, NULL);
    g_assert_false(spapr_irq_is_claimed(irq, 0x0fff, NULL));
    g_assert_false(spapr_irq_is_claimed(irq, 0x2000, NULL));
    /* Both ends of the range are claimable. */
    claim_ok(irq, 0x1000, false);
    claim_ok(irq, 0x1fff, true);
    spapr_irq_destroy(&irq);
}

void test_claim_busy(void)
{
    SpaprIrq *irq = create_ok(NULL);
    bool lsi = true;

    claim_ok(irq, 0x1000, false);
    claim_fail(irq, 0x1000, false, SPAPR_IRQ_ERROR_BUSY, "is not free");
    /* On error nothing changes: still an MSI. */
    claim_fail(irq, 0x1000, true, SPAPR_IRQ_ERROR_BUSY, "is not free");
    g_assert_true(spapr_irq_is_claimed(irq, 0x1000, &lsi));
    g_assert_false(lsi);
    spapr_irq_destroy(&irq);
}

void test_claim_lsi_flag(void)
{
    SpaprIrq *irq = create_ok(NULL);
    bool lsi;

    claim_ok(irq, 0x1200, true);
    claim_ok(irq, 0x1300, false);
    lsi = false;
    g_assert_true(spapr_irq_is_claimed(irq, 0x1200, &lsi));
    g_assert_true(lsi);
    lsi = true;
    g_assert_true(spapr_irq_is_claimed(irq, 0x1300, &lsi));
    g_assert_false(lsi);
    /* Unclaimed: false, and not an LSI. */
    lsi = true;
    g_assert_false(spapr_irq_is_claimed(irq, 0x1201, &lsi));
    g_assert_false(lsi);
    /* Out of range: false. */
    g_assert_false(spapr_irq_is_claimed(irq, 0x0, NULL));
    g_assert_false(spapr_irq_is_claimed(irq, UINT32_MAX, NULL));
    spapr_irq_destroy(&irq);
}

void test_claim_free(void)
{
    SpaprIrq *irq = create_ok(NULL);
    bool lsi;

    claim_ok(irq, 0x1100, false);
    claim_ok(irq, 0x1101, true);
    claim_ok(irq, 0x1102, false);
    claim_ok(irq, 0x1104, false);
    /* Free a range of 3: 0x1100..0x1102. */
    spapr_irq_free(irq, 0x1100, 3);
    g_assert_false(spapr_irq_is_claimed(irq, 0x1100, NULL));
    g_assert_false(spapr_irq_is_claimed(irq, 0x1101, NULL));
    g_assert_false(spapr_irq_is_claimed(irq, 0x1102, NULL));
    g_assert_true(spapr_irq_is_claimed(irq, 0x1104, NULL));
    /* Claim again, with the other type. */
    claim_ok(irq, 0x1101, false);
    g_assert_true(spapr_irq_is_claimed(irq, 0x1101, &lsi));
    g_assert_false(lsi);
    claim_ok(irq, 0x1100, true);
    g_assert_true(spapr_irq_is_claimed(irq, 0x1100, &lsi));
    g_assert_true(lsi);

    /* Free of unclaimed or out-of-range numbers is ignored. */
    spapr_irq_free(irq, 0x1500, 10);
    spapr_irq_free(irq, 0, 0x1000);
    spapr_irq_free(irq, 0x2000, 0x100);
    spapr_irq_free(irq, UINT32_MAX, 2);
    spapr_irq_free(irq, 0x1100, 0);
    g_assert_true(spapr_irq_is_claimed(irq, 0x1100, NULL));
    g_assert_true(spapr_irq_is_claimed(irq, 0x1101, NULL));
    g_assert_true(spapr_irq_is_claimed(irq, 0x1104, NULL));

    /* A range straddling the lower end frees the in-range part. */
    claim_ok(irq, 0x1000, false);
    spapr_irq_free(irq, 0x0ffe, 3);
    g_assert_false(spapr_irq_is_claimed(irq, 0x1000, NULL));
    /* And the upper end. */
    claim_ok(irq, 0x1fff, false);
    spapr_irq_free(irq, 0x1fff, 0x10);
    g_assert_false(spapr_irq_is_claimed(irq, 0x1fff, NULL));
    claim_ok(irq, 0x1fff, true);
    spapr_irq_destroy(&irq);
}

void test_claim_free_wrap(void)
{
    SpaprIrq *irq = create_ok(NULL);

    claim_ok(irq, 0x1000, false);
    claim_ok(irq, 0x1001, true);
    /* Issue 18: [0xffffffff, 0x100001001) wraps past 4 GiB: nothing of it
     * is in the IRQ range.  Before the fix the range was checked on the
     * number cut to 32 bits and irq_map indexed with the 64-bit one: a
     * write 4 GiB past the map, and IRQ 0x1000 freed. */
    spapr_irq_free(irq, UINT32_MAX, 0x1002);
    spapr_irq_free(irq, 0xfffff000, 0x2002);
    g_assert_true(spapr_irq_is_claimed(irq, 0x1000, NULL));
    g_assert_true(spapr_irq_is_claimed(irq, 0x1001, NULL));
    spapr_irq_destroy(&irq);
}

void test_claim_free_huge(void)
{
    SpaprIrq *irq = create_ok(NULL);
    bool lsi = false;

    /* Issue 18: a free of a huge range is clamped to 0x1000..0x1fff, not
     * looped over every number (seconds per call before the fix: the test
     * ran into its timeout). */
    for (uint32_t i = 0; i < 8; i++) {
        claim_ok(irq, 0x1000 + i, false);
        claim_ok(irq, 0x1fff - i, true);
        spapr_irq_free(irq, 0x1000 + i + 1, UINT32_MAX);
        g_assert_true(spapr_irq_is_claimed(irq, 0x1000 + i, &lsi));
        g_assert_false(lsi);
        g_assert_false(spapr_irq_is_claimed(irq, 0x1fff - i, NULL));
    }
    spapr_irq_free(irq, 0x1000, UINT32_MAX);
    for (uint32_t n = 0x1000; n < 0x2000; n++) {
        g_assert_false(spapr_irq_is_claimed(irq, n, NULL));
    }
    claim_ok(irq, 0x1000, true);
    spapr_irq_free(irq, 0, UINT32_MAX);
    g_assert_false(spapr_irq_is_claimed(irq, 0x1000, NULL));
    spapr_irq_destroy(&irq);
}

void test_claim_every_mode(void)
{
    static const char *const machines[] = {"ic-mode=xics", "ic-mode=xive",
                                           "ic-mode=dual"};

    for (size_t i = 0; i < G_N_ELEMENTS(machines); i++) {
        const char *opts[] = {"-machine", machines[i], NULL};
        SpaprIrq *irq = create_ok(opts);

        claim_ok(irq, 0x1000, false);
        claim_ok(irq, 0x1200, true);
        claim_fail(irq, 0x1200, false, SPAPR_IRQ_ERROR_BUSY, NULL);
        claim_fail(irq, 0x0fff, false, SPAPR_IRQ_ERROR_RANGE, NULL);
        spapr_irq_free(irq, 0x1200, 1);
        claim_ok(irq, 0x1200, false);
        /* Claims survive a CAS switch. */
        if (i == 2) {
            cas_ok(irq, 0x40);
            reset_ok(irq);
            g_assert_true(spapr_irq_is_claimed(irq, 0x1000, NULL));
            claim_fail(irq, 0x1000, true, SPAPR_IRQ_ERROR_BUSY, NULL);
        }
        spapr_irq_destroy(&irq);
    }
}

void test_set_irq(void)
{
    static const char *const machines[] = {"ic-mode=xics", "ic-mode=xive",
                                           "ic-mode=dual"};

    for (size_t i = 0; i < G_N_ELEMENTS(machines); i++) {
        const char *opts[] = {"-machine", machines[i], NULL};
        SpaprIrq *irq = create_ok(opts);

        claim_ok(irq, 0x1000, false);
        claim_ok(irq, 0x1200, true);
        for (int level = 0; level <= 1; level++) {
            g_autoptr(GError) e1 = NULL;
            g_autoptr(GError) e2 = NULL;

            /* Both controllers take the level of a claimed IRQ. */
            g_assert_true(spapr_irq_set_irq(irq, 0x1000, level, &e1));
            g_assert_no_error(e1);
            g_assert_true(spapr_irq_set_irq(irq, 0x1200, level, &e2));
            g_assert_no_error(e2);
        }
        {
            g_autoptr(GError) err = NULL;

            /* Unclaimed: refused whatever the controller. */
            g_assert_false(spapr_irq_set_irq(irq, 0x1001, 1, &err));
            g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE);
            assert_contains(err->message, "not claimed");
        }
        {
            g_autoptr(GError) err = NULL;

            g_assert_false(spapr_irq_set_irq(irq, 0x0fff, 1, &err));
            g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_RANGE);
        }
        {
            g_autoptr(GError) err = NULL;

            g_assert_false(spapr_irq_set_irq(irq, 0x2000, 1, &err));
            g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_RANGE);
        }
        spapr_irq_destroy(&irq);
    }
}
