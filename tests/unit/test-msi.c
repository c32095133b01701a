/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the MSI allocator through the public API
 * (spapr_irq_msi_alloc() / spapr_irq_msi_free() in
 * include/spapr-irq/spapr-irq.h).
 *
 * Facts section 2: MSIs are 0x1300 .. 0x1fff, 0xD00 numbers.  Every
 * expected number below is written out by hand.
 */
#include <string.h>

#include <glib.h>

#include "spapr-irq/spapr-irq.h"
#include "sim/sim.h"
#include "tools/vmm.h"

#define MSI_FIRST 0x1300u
#define MSI_LAST  0x1fffu
#define MSI_COUNT 0xD00u

static void set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
}

static const SpaprIrqCallbacks callbacks = {
    .set_cpu_irq = set_cpu_irq,
    .map_region = vmm_map_region,
};

/* A machine with the default configuration under tcg. */
static SpaprIrq *machine_new(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;
    SpaprIrq *irq;

    g_assert_cmpint(cfg->accel, ==, SPAPR_ACCEL_TCG);
    irq = spapr_irq_create(cfg, &callbacks, -1, &err);
    g_assert_no_error(err);
    g_assert_nonnull(irq);
    return irq;
}

/* Allocates and requires success; returns the first number. */
static uint32_t alloc_ok(SpaprIrq *irq, uint32_t num, bool align)
{
    g_autoptr(GError) err = NULL;
    uint32_t first = 0xdeadbeef;

    if (!spapr_irq_msi_alloc(irq, num, align, &first, &err)) {
        g_test_message("alloc(%u, %d): %s", num, align,
                       err ? err->message : "?");
    }
    g_assert_no_error(err);
    return first;
}

/* Allocation that must fail with @code. */
static void alloc_fail(SpaprIrq *irq, uint32_t num, bool align, int code)
{
    g_autoptr(GError) err = NULL;
    uint32_t first = 0xdeadbeef;

    g_assert_false(spapr_irq_msi_alloc(irq, num, align, &first, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, code);
    g_assert_nonnull(err->message);
    g_assert_cmpuint(strlen(err->message), >, 0);
    g_test_message("alloc(%u, %d): %s", num, align, err->message);
}

static void test_first(void)
{
    SpaprIrq *irq = machine_new();

    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1300);
    spapr_irq_destroy(&irq);
}

static void test_consecutive(void)
{
    SpaprIrq *irq = machine_new();

    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1300);
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1301);
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1302);
    /* Unaligned blocks follow one another. */
    g_assert_cmphex(alloc_ok(irq, 3, false), ==, 0x1303);
    g_assert_cmphex(alloc_ok(irq, 2, false), ==, 0x1306);
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1308);
    spapr_irq_destroy(&irq);
}

static void test_aligned(void)
{
    SpaprIrq *irq = machine_new();

    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1300);
    /* 4 aligned: the next multiple of 4 (0x1301..0x1303 are skipped). */
    g_assert_cmphex(alloc_ok(irq, 4, true), ==, 0x1304);
    /* The skipped numbers are still free. */
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1301);
    /* 3 aligned: rounded up to 4, so the offset is a multiple of 4. */
    uint32_t three = alloc_ok(irq, 3, true);
    g_assert_cmphex(three, ==, 0x1308);
    g_assert_cmpuint((three - MSI_FIRST) % 4, ==, 0);
    /* 0x130b was left over by the 3-block; 8 aligned starts at 0x1310. */
    g_assert_cmphex(alloc_ok(irq, 8, true), ==, 0x1310);
    /* 2 aligned: 0x1302 is free and even. */
    g_assert_cmphex(alloc_ok(irq, 2, true), ==, 0x1302);
    spapr_irq_destroy(&irq);
}

static void test_aligned_vs_unaligned(void)
{
    SpaprIrq *irq = machine_new();

    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1300);
    /* Without alignment a 3-block starts right after. */
    g_assert_cmphex(alloc_ok(irq, 3, false), ==, 0x1301);
    /* 1 aligned is like unaligned. */
    g_assert_cmphex(alloc_ok(irq, 1, true), ==, 0x1304);
    /* 16 aligned: next multiple of 16. */
    uint32_t sixteen = alloc_ok(irq, 16, true);
    g_assert_cmphex(sixteen, ==, 0x1310);
    /* 5 aligned: rounded up to 8; 0x1308 is a multiple of 8 followed by
     * 5 free numbers (0x1308..0x130c). */
    uint32_t five = alloc_ok(irq, 5, true);
    g_assert_cmphex(five, ==, 0x1308);
    g_assert_cmpuint((five - MSI_FIRST) % 8, ==, 0);
    spapr_irq_destroy(&irq);
}

static void test_aligned_large(void)
{
    SpaprIrq *irq = machine_new();

    /* 0x800 aligned: offset 0 fits; offset 0x800 would need up to 0xfff,
     * beyond the 0xD00 numbers. */
    g_assert_cmphex(alloc_ok(irq, 0x800, true), ==, 0x1300);
    alloc_fail(irq, 0x800, true, SPAPR_IRQ_ERROR_NO_SPACE);
    /* Unaligned, the remaining 0x500 numbers fit. */
    g_assert_cmphex(alloc_ok(irq, 0x500, false), ==, 0x1b00);
    alloc_fail(irq, 1, false, SPAPR_IRQ_ERROR_NO_SPACE);
    spapr_irq_destroy(&irq);
}

/* The header: @align aligns relative to 0x1300, as QEMU's bitmap index. */
static void test_aligned_relative(void)
{
    SpaprIrq *irq = machine_new();

    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1300);
    /* 0x1300 + 0x200, not the absolute multiple of 0x200 (0x1400). */
    g_assert_cmphex(alloc_ok(irq, 0x200, true), ==, 0x1500);
    /* Up to 0x100 relative and absolute agree: 0x1400 is both. */
    g_assert_cmphex(alloc_ok(irq, 0x100, true), ==, 0x1400);
    g_assert_cmphex(alloc_ok(irq, 0x80, true), ==, 0x1380);
    spapr_irq_destroy(&irq);
}

static void test_free_reuse(void)
{
    SpaprIrq *irq = machine_new();

    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1300);
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1301);
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1302);
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1303);
    spapr_irq_msi_free(irq, 0x1302, 1);
    spapr_irq_msi_free(irq, 0x1300, 1);
    /* The lowest free number comes first. */
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1300);
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1302);
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1304);

    /* Freeing a block frees all of it. */
    spapr_irq_msi_free(irq, 0x1300, 5);
    g_assert_cmphex(alloc_ok(irq, 5, false), ==, 0x1300);
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1305);

    /* Freeing twice is harmless. */
    spapr_irq_msi_free(irq, 0x1305, 1);
    spapr_irq_msi_free(irq, 0x1305, 1);
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1305);
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1306);
    spapr_irq_destroy(&irq);
}

static void test_fragmentation(void)
{
    SpaprIrq *irq = machine_new();

    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1300);
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1301);
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1302);
    spapr_irq_msi_free(irq, 0x1301, 1);
    /* A 2-block does not fit into the 1-number hole. */
    g_assert_cmphex(alloc_ok(irq, 2, false), ==, 0x1303);
    /* The hole is still there for a single number. */
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1301);
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1305);

    /* A 2-number hole takes an unaligned 2-block but not an aligned one
     * when it starts at an odd offset. */
    spapr_irq_msi_free(irq, 0x1301, 2); /* hole 0x1301..0x1302 */
    g_assert_cmphex(alloc_ok(irq, 2, true), ==, 0x1306);
    g_assert_cmphex(alloc_ok(irq, 2, false), ==, 0x1301);
    spapr_irq_destroy(&irq);
}

static void test_exhaust(void)
{
    SpaprIrq *irq = machine_new();

    for (uint32_t i = 0; i < MSI_COUNT; i++) {
        g_autoptr(GError) err = NULL;
        uint32_t first = 0;

        if (!spapr_irq_msi_alloc(irq, 1, false, &first, &err)) {
            g_test_message("alloc #%u: %s", i, err->message);
        }
        g_assert_no_error(err);
        g_assert_cmphex(first, ==, MSI_FIRST + i);
    }
    /* The last one was 0x1fff. */
    alloc_fail(irq, 1, false, SPAPR_IRQ_ERROR_NO_SPACE);
    alloc_fail(irq, 1, true, SPAPR_IRQ_ERROR_NO_SPACE);
    alloc_fail(irq, 2, false, SPAPR_IRQ_ERROR_NO_SPACE);

    /* Freeing the last number makes it available again, alone. */
    spapr_irq_msi_free(irq, MSI_LAST, 1);
    alloc_fail(irq, 2, false, SPAPR_IRQ_ERROR_NO_SPACE);
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1fff);
    alloc_fail(irq, 1, false, SPAPR_IRQ_ERROR_NO_SPACE);

    /* Freeing everything empties the allocator. */
    spapr_irq_msi_free(irq, MSI_FIRST, MSI_COUNT);
    g_assert_cmphex(alloc_ok(irq, MSI_COUNT, false), ==, 0x1300);
    spapr_irq_destroy(&irq);
}

static void test_whole_range(void)
{
    SpaprIrq *irq = machine_new();

    g_assert_cmphex(alloc_ok(irq, 0xD00, false), ==, 0x1300);
    alloc_fail(irq, 1, false, SPAPR_IRQ_ERROR_NO_SPACE);
    spapr_irq_msi_free(irq, 0x1300, 0xD00);
    /* Aligned: next power of two 0x1000 > 0xD00, offset 0 still fits. */
    g_assert_cmphex(alloc_ok(irq, 0xD00, true), ==, 0x1300);
    spapr_irq_destroy(&irq);
}

static void test_no_space_keeps_state(void)
{
    SpaprIrq *irq = machine_new();

    g_assert_cmphex(alloc_ok(irq, 0xCFF, false), ==, 0x1300);
    /* Only 0x1fff is free: a 2-block fails ... */
    alloc_fail(irq, 2, false, SPAPR_IRQ_ERROR_NO_SPACE);
    /* ... and leaves 0x1fff free. */
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1fff);
    spapr_irq_destroy(&irq);
}

static void test_range_errors(void)
{
    SpaprIrq *irq = machine_new();

    alloc_fail(irq, 0, false, SPAPR_IRQ_ERROR_RANGE);
    alloc_fail(irq, 0, true, SPAPR_IRQ_ERROR_RANGE);
    alloc_fail(irq, 0xD01, false, SPAPR_IRQ_ERROR_RANGE);
    alloc_fail(irq, 0xD01, true, SPAPR_IRQ_ERROR_RANGE);
    alloc_fail(irq, 0x1000, false, SPAPR_IRQ_ERROR_RANGE);
    alloc_fail(irq, UINT32_MAX, false, SPAPR_IRQ_ERROR_RANGE);
    alloc_fail(irq, UINT32_MAX, true, SPAPR_IRQ_ERROR_RANGE);

    /* errp may be NULL. */
    uint32_t first = 0;
    g_assert_false(spapr_irq_msi_alloc(irq, 0, false, &first, NULL));

    /* Nothing was taken by the failures. */
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1300);
    spapr_irq_destroy(&irq);
}

static void test_free_out_of_range(void)
{
    SpaprIrq *irq = machine_new();

    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1300);
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1301);

    /* Entirely outside: ignored. */
    spapr_irq_msi_free(irq, 0x1000, 0x300);
    spapr_irq_msi_free(irq, 0x12ff, 1);
    spapr_irq_msi_free(irq, 0x2000, 16);
    spapr_irq_msi_free(irq, 0, 0);
    spapr_irq_msi_free(irq, UINT32_MAX, 2);
    spapr_irq_msi_free(irq, 0x1300, 0);
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1302);

    /* Straddling the lower end: only 0x1300 is freed. */
    spapr_irq_msi_free(irq, 0x12ff, 2);
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1300);
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1303);

    /* Straddling the upper end. */
    spapr_irq_msi_free(irq, MSI_FIRST, MSI_COUNT);
    g_assert_cmphex(alloc_ok(irq, MSI_COUNT, false), ==, 0x1300);
    spapr_irq_msi_free(irq, 0x1ffe, 100);
    g_assert_cmphex(alloc_ok(irq, 2, false), ==, 0x1ffe);
    alloc_fail(irq, 1, false, SPAPR_IRQ_ERROR_NO_SPACE);
    spapr_irq_destroy(&irq);
}

/*
 * Issue 18: a free whose end passes 4 GiB is clamped to the MSI range, not
 * looped over number by number (before the fix each of the 130 calls
 * below took about 2 s, and the test ran into its 120 s timeout).  Effects
 * asserted: the in-range numbers are free, nothing below 0x1300 was touched.
 */
static void test_free_huge_range(void)
{
    SpaprIrq *irq = machine_new();

    g_assert_cmphex(alloc_ok(irq, MSI_COUNT, false), ==, MSI_FIRST);
    for (unsigned i = 0; i < 64; i++) {
        spapr_irq_msi_free(irq, MSI_FIRST, UINT32_MAX);
        g_assert_cmphex(alloc_ok(irq, MSI_COUNT, false), ==, MSI_FIRST);
        spapr_irq_msi_free(irq, MSI_FIRST + 0x10 * i, UINT32_MAX - i);
        g_assert_cmphex(alloc_ok(irq, MSI_COUNT - 0x10 * i, false), ==,
                        MSI_FIRST + 0x10 * i);
    }
    /* A range that starts at 0 and wraps past 4 GiB frees everything. */
    spapr_irq_msi_free(irq, 0, UINT32_MAX);
    spapr_irq_msi_free(irq, UINT32_MAX, UINT32_MAX);
    g_assert_cmphex(alloc_ok(irq, MSI_COUNT, false), ==, MSI_FIRST);
    spapr_irq_destroy(&irq);
}

static void test_not_claimed(void)
{
    SpaprIrq *irq = machine_new();
    g_autoptr(GError) err = NULL;
    bool lsi = true;

    /* Allocation reserves the numbers, it does not claim them. */
    g_assert_cmphex(alloc_ok(irq, 2, false), ==, 0x1300);
    g_assert_false(spapr_irq_is_claimed(irq, 0x1300, &lsi));
    g_assert_false(spapr_irq_is_claimed(irq, 0x1301, NULL));
    g_assert_true(spapr_irq_claim(irq, 0x1300, false, &err));
    g_assert_no_error(err);
    g_assert_true(spapr_irq_is_claimed(irq, 0x1300, &lsi));
    g_assert_false(lsi);
    g_assert_false(spapr_irq_is_claimed(irq, 0x1301, NULL));
    spapr_irq_free(irq, 0x1300, 1);
    g_assert_false(spapr_irq_is_claimed(irq, 0x1300, NULL));
    /* Freeing the claim does not return the number to the allocator. */
    g_assert_cmphex(alloc_ok(irq, 1, false), ==, 0x1302);
    spapr_irq_destroy(&irq);
}

static void test_two_machines(void)
{
    SpaprIrq *a = machine_new();
    SpaprIrq *b = machine_new();

    g_assert_cmphex(alloc_ok(a, 1, false), ==, 0x1300);
    g_assert_cmphex(alloc_ok(a, 1, false), ==, 0x1301);
    /* b starts empty. */
    g_assert_cmphex(alloc_ok(b, 1, false), ==, 0x1300);
    g_assert_cmphex(alloc_ok(a, 1, false), ==, 0x1302);
    /* Freeing in b does not free in a. */
    spapr_irq_msi_free(b, 0x1300, 1);
    g_assert_cmphex(alloc_ok(a, 1, false), ==, 0x1303);
    g_assert_cmphex(alloc_ok(b, 1, false), ==, 0x1300);
    /* Exhausting a leaves b alone. */
    g_assert_cmphex(alloc_ok(a, MSI_COUNT - 4, false), ==, 0x1304);
    alloc_fail(a, 1, false, SPAPR_IRQ_ERROR_NO_SPACE);
    g_assert_cmphex(alloc_ok(b, 1, false), ==, 0x1301);
    /* A new machine after the others is empty too. */
    SpaprIrq *c = machine_new();
    g_assert_cmphex(alloc_ok(c, 1, false), ==, 0x1300);
    spapr_irq_destroy(&a);
    /* b survives a's destruction. */
    g_assert_cmphex(alloc_ok(b, 1, false), ==, 0x1302);
    spapr_irq_destroy(&b);
    spapr_irq_destroy(&c);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/msi/first", test_first);
    g_test_add_func("/msi/consecutive", test_consecutive);
    g_test_add_func("/msi/aligned", test_aligned);
    g_test_add_func("/msi/aligned-vs-unaligned", test_aligned_vs_unaligned);
    g_test_add_func("/msi/aligned-large", test_aligned_large);
    g_test_add_func("/msi/aligned-relative", test_aligned_relative);
    g_test_add_func("/msi/free-reuse", test_free_reuse);
    g_test_add_func("/msi/fragmentation", test_fragmentation);
    g_test_add_func("/msi/exhaust", test_exhaust);
    g_test_add_func("/msi/whole-range", test_whole_range);
    g_test_add_func("/msi/no-space-keeps-state", test_no_space_keeps_state);
    g_test_add_func("/msi/range-errors", test_range_errors);
    g_test_add_func("/msi/free-out-of-range", test_free_out_of_range);
    g_test_add_func("/msi/free-huge-range", test_free_huge_range);
    g_test_add_func("/msi/not-claimed", test_not_claimed);
    g_test_add_func("/msi/two-machines", test_two_machines);

    return g_test_run();
}
