/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-machine: the device tree (/machine/dt/...): the interrupt controller
 * node, the platform-support byte 23 and the CPU properties, before and
 * after a CAS switch.
 */
#include <libfdt.h>

#include "fixture.h"

/* The (23, value) pair of /chosen's platform-support property, or -1. */
static int platform_byte23(const void *fdt, int *npairs)
{
    int chosen = fdt_path_offset(fdt, "/chosen");
    const uint8_t *p;
    int len = 0, val = -1;

    g_assert_cmpint(chosen, >=, 0);
    p = fdt_getprop(fdt, chosen, "ibm,arch-vec-5-platform-support", &len);
    g_assert_nonnull(p);
    g_assert_cmpint(len % 2, ==, 0);
    *npairs = len / 2;
    for (int i = 0; i < len; i += 2) {
        if (p[i] == 23) {
            g_assert_cmpint(val, ==, -1); /* only one pair for byte 23 */
            val = p[i + 1];
        }
    }
    return val;
}

void test_dt_dual_switch(void)
{
    const char *opts[] = {"-cpu", "power9", "-machine", "ic-mode=dual", NULL};
    SpaprIrq *irq = create_ok(opts);
    g_autofree void *fdt = g_malloc0(16384);
    static const uint8_t vmm_pairs[] = {24, 0xc0, 26, 0x40};
    const fdt32_t *prio;
    int chosen, cpu, npairs, len;

    cpu_add_ok(irq, 0);
    reset_ok(irq);
    /* Before CAS: the XICS node, byte 23 = 0x80, the VMM's pairs kept. */
    g_assert_cmpint(fdt_create_empty_tree(fdt, 16384), ==, 0);
    chosen = fdt_add_subnode(fdt, 0, "chosen");
    g_assert_cmpint(fdt_setprop(fdt, chosen, "ibm,arch-vec-5-platform-support",
                                vmm_pairs, sizeof(vmm_pairs)),
                    ==, 0);
    g_assert_true(spapr_irq_dt(irq, fdt, NULL));
    g_assert_cmpstr(
        fdt_get_name(fdt, fdt_path_offset(fdt, "/interrupt-controller"), NULL),
        ==, "interrupt-controller");
    g_assert_null(fdt_getprop(fdt, 0, "ibm,plat-res-int-priorities", NULL));
    g_assert_cmpint(platform_byte23(fdt, &npairs), ==, 0x80);
    g_assert_cmpint(npairs, ==, 3);

    /* After CAS (XIVE) and reset: the XIVE node and the reserved
     * priorities; the platform still offers both. */
    cas_ok(irq, 0x40);
    reset_ok(irq);
    g_assert_cmpint(fdt_create_empty_tree(fdt, 16384), ==, 0);
    g_assert_true(spapr_irq_dt(irq, fdt, NULL));
    {
        /* libfdt matches a name without its unit address: look at it. */
        int node = fdt_path_offset(fdt, "/interrupt-controller");

        g_assert_cmpint(node, >=, 0);
        g_assert_cmpstr(fdt_get_name(fdt, node, NULL), ==,
                        "interrupt-controller@60302031b0000");
        g_assert_cmpint(fdt_next_subnode(fdt, node), <, 0); /* only one */
    }
    prio = fdt_getprop(fdt, 0, "ibm,plat-res-int-priorities", &len);
    g_assert_nonnull(prio);
    g_assert_cmpint(len, ==, 8);
    g_assert_cmpuint(fdt32_to_cpu(prio[0]), ==, 7);
    g_assert_cmpuint(fdt32_to_cpu(prio[1]), ==, 0xf8);
    g_assert_cmpint(platform_byte23(fdt, &npairs), ==, 0x80);
    g_assert_cmpint(npairs, ==, 1);

    /* CPU properties, whatever the controller; bad index refused. */
    cpu = fdt_add_subnode(fdt, 0, "cpu");
    g_assert_true(spapr_irq_dt_cpu(irq, fdt, cpu, 0, NULL));
    g_assert_nonnull(fdt_getprop(fdt, cpu, "ibm,ppc-interrupt-server#s", NULL));
    {
        g_autoptr(GError) err = NULL;

        g_assert_false(spapr_irq_dt_cpu(irq, fdt, cpu, 4096, &err));
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_RANGE);
    }
    /* A blob without room: NO_SPACE, named. */
    {
        g_autoptr(GError) err = NULL;
        char small[128];

        g_assert_cmpint(fdt_create_empty_tree(small, sizeof(small)), ==, 0);
        g_assert_false(spapr_irq_dt(irq, small, &err));
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_NO_SPACE);
        assert_contains(err->message, "XIVE node");
    }
    spapr_irq_destroy(&irq);
}
