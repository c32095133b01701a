/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-machine: hcalls and RTAS (/machine/hcall/..., /machine/rtas/...): which
 * calls are the layer's, and what they answer while XICS or XIVE is active.
 */
#include "fixture.h"
#include "tools/vmm.h"

static const uint32_t xics_hcalls[] = {OP_H_EOI,   OP_H_CPPR, OP_H_IPI,
                                       OP_H_IPOLL, OP_H_XIRR, OP_H_XIRR_X};

void test_is_hcall(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(xics_hcalls); i++) {
        g_assert_true(spapr_irq_is_hcall(xics_hcalls[i]));
    }
    /* 0x3A8, 0x3AC, ..., 0x3D0: the 11 XIVE hcalls. */
    static const uint64_t xive[] = {0x3A8, 0x3AC, 0x3B0, 0x3B4, 0x3B8, 0x3BC,
                                    0x3C0, 0x3C4, 0x3C8, 0x3CC, 0x3D0};
    for (size_t i = 0; i < G_N_ELEMENTS(xive); i++) {
        g_assert_true(spapr_irq_is_hcall(xive[i]));
    }

    static const uint64_t no[] = {
        0x3A4, 0x3D4, 0x3AA, 0x3A9, 0x3CF,           0,         0x60,
        0x78,  0x2F8, 0x300, 0x66,  0x10000003A8ull, UINT64_MAX};
    for (size_t i = 0; i < G_N_ELEMENTS(no); i++) {
        g_test_message("is_hcall(0x%" G_GINT64_MODIFIER "x)", no[i]);
        g_assert_false(spapr_irq_is_hcall(no[i]));
    }
}

void test_hcall_xics_active(void)
{
    const char *opts[] = {"-machine", "ic-mode=dual", NULL};
    SpaprIrq *irq = create_ok(opts);
    uint64_t args[8] = {0};
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    cpu_add_ok(irq, 0);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    /* Every XIVE hcall answers SPAPR_H_FUNCTION while XICS is active. */
    for (uint64_t op = 0x3A8; op <= 0x3D0; op += 4) {
        g_assert_cmpint(vmm_hcall(irq, 0, op, args, 8, rets), ==,
                        SPAPR_H_FUNCTION);
    }
    g_assert_cmpint(vmm_hcall(irq, 0, OP_H_INT_GET_SOURCE_INFO, args, 2, rets),
                    ==, -2);
    /* Not an interrupt hcall. */
    g_assert_cmpint(vmm_hcall(irq, 0, 0x3A4, args, 8, rets), ==,
                    SPAPR_H_FUNCTION);
    g_assert_cmpint(vmm_hcall(irq, 0, 0x4, args, 8, rets), ==,
                    SPAPR_H_FUNCTION);
    g_assert_cmpint(vmm_hcall(irq, 0, 0, args, 0, rets), ==, SPAPR_H_FUNCTION);
    g_assert_cmpint(vmm_hcall(irq, 0, 0x3D4, args, 8, rets), ==,
                    SPAPR_H_FUNCTION);
    spapr_irq_destroy(&irq);
}

void test_hcall_xive_active(void)
{
    const char *opts[] = {"-cpu", "power9", "-machine", "ic-mode=dual", NULL};
    SpaprIrq *irq = create_ok(opts);
    uint64_t args[8] = {0};
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    cpu_add_ok(irq, 0);
    cas_ok(irq, 0x40);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    /* XICS hcalls fail with SPAPR_H_HARDWARE while XIVE is active. */
    g_assert_cmpint(vmm_hcall(irq, 0, OP_H_XIRR, args, 0, rets), ==,
                    SPAPR_H_HARDWARE);
    g_assert_cmpint(vmm_hcall(irq, 0, OP_H_XIRR, args, 0, rets), ==, -1);
    for (size_t i = 0; i < G_N_ELEMENTS(xics_hcalls); i++) {
        g_assert_cmpint(vmm_hcall(irq, 0, xics_hcalls[i], args, 2, rets), ==,
                        SPAPR_H_HARDWARE);
    }
    /* Unknown opcode: SPAPR_H_FUNCTION. */
    g_assert_cmpint(vmm_hcall(irq, 0, 0x3A4, args, 8, rets), ==,
                    SPAPR_H_FUNCTION);
    g_assert_cmpint(vmm_hcall(irq, 0, 0x1234, args, 8, rets), ==,
                    SPAPR_H_FUNCTION);

    /* A reset without CAS brings XICS back: XIVE hcalls are refused. */
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    g_assert_cmpint(vmm_hcall(irq, 0, OP_H_INT_RESET, args, 1, rets), ==,
                    SPAPR_H_FUNCTION);
    spapr_irq_destroy(&irq);
}

void test_hcall_single_mode(void)
{
    uint64_t args[8] = {0};
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    /* ic-mode=xive: XIVE is active from the start. */
    {
        const char *opts[] = {"-machine", "ic-mode=xive", NULL};
        SpaprIrq *irq = create_ok(opts);

        cpu_add_ok(irq, 0);
        for (size_t i = 0; i < G_N_ELEMENTS(xics_hcalls); i++) {
            g_assert_cmpint(vmm_hcall(irq, 0, xics_hcalls[i], args, 2, rets),
                            ==, SPAPR_H_HARDWARE);
        }
        spapr_irq_destroy(&irq);
    }
    /* ic-mode=xics: XIVE hcalls never pass. */
    {
        const char *opts[] = {"-machine", "ic-mode=xics", NULL};
        SpaprIrq *irq = create_ok(opts);

        cpu_add_ok(irq, 0);
        for (uint64_t op = 0x3A8; op <= 0x3D0; op += 4) {
            g_assert_cmpint(vmm_hcall(irq, 0, op, args, 8, rets), ==,
                            SPAPR_H_FUNCTION);
        }
        spapr_irq_destroy(&irq);
    }
}

void test_rtas_tokens(void)
{
    g_assert_cmphex(spapr_irq_rtas_token("ibm,set-xive"), ==, 0x200A);
    g_assert_cmphex(spapr_irq_rtas_token("ibm,get-xive"), ==, 0x200B);
    g_assert_cmphex(spapr_irq_rtas_token("ibm,int-off"), ==, 0x200C);
    g_assert_cmphex(spapr_irq_rtas_token("ibm,int-on"), ==, 0x200D);
    g_assert_cmphex(spapr_irq_rtas_token("ibm,foo"), ==, 0);
    g_assert_cmphex(spapr_irq_rtas_token(""), ==, 0);
    g_assert_cmphex(spapr_irq_rtas_token("ibm,set-xive "), ==, 0);
    g_assert_cmphex(spapr_irq_rtas_token("set-xive"), ==, 0);
    g_assert_cmphex(spapr_irq_rtas_token("ibm,os-term"), ==, 0);
}

void test_rtas_unknown_token(void)
{
    const char *opts[] = {"-machine", "ic-mode=dual", NULL};
    SpaprIrq *irq = create_ok(opts);
    static const uint32_t tokens[] = {0,      0x2000,  0x2009,
                                      0x200E, 0x200A0, UINT32_MAX};
    uint32_t args[3] = {0x1000, 0, 5};

    cpu_add_ok(irq, 0);
    for (size_t i = 0; i < G_N_ELEMENTS(tokens); i++) {
        uint32_t rets[3] = {0x12345678, 0x12345678, 0x12345678};

        g_assert_false(vmm_rtas(irq, 0, tokens[i], 3, args, 3, rets));
        /* Untouched: the VMM handles it. */
        g_assert_cmphex(rets[0], ==, 0x12345678);
    }
    /* A known token is an interrupt RTAS call whatever the result. */
    {
        uint32_t rets[3] = {0};

        g_assert_true(vmm_rtas(irq, 0, 0x200B, 1, args, 3, rets));
    }
    spapr_irq_destroy(&irq);
}

void test_rtas_xive_active(void)
{
    const char *opts[] = {"-machine", "ic-mode=dual", NULL};
    SpaprIrq *irq = create_ok(opts);
    static const uint32_t tokens[] = {0x200A, 0x200B, 0x200C, 0x200D};
    uint32_t args[3] = {0x1000, 0, 5};

    cpu_add_ok(irq, 0);
    claim_ok(irq, 0x1000, false);
    cas_ok(irq, 0x40);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);

    {
        uint32_t rets[3] = {0x12345678, 0x12345678, 0x12345678};

        g_assert_true(vmm_rtas(irq, 0, spapr_irq_rtas_token("ibm,get-xive"), 1,
                               args, 3, rets));
        g_assert_cmphex(rets[0], ==, 0xffffffffu);
        g_assert_cmpint((int32_t)rets[0], ==, SPAPR_RTAS_OUT_HW_ERROR);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(tokens); i++) {
        uint32_t rets[3] = {0x12345678, 0x12345678, 0x12345678};

        g_assert_true(vmm_rtas(irq, 0, tokens[i], 3, args, 1, rets));
        g_assert_cmphex(rets[0], ==, 0xffffffffu);
    }
    /* nret 0: no status is written. */
    {
        uint32_t rets[1] = {0x12345678};

        g_assert_true(vmm_rtas(irq, 0, 0x200C, 1, args, 0, rets));
        g_assert_cmphex(rets[0], ==, 0x12345678);
    }
    spapr_irq_destroy(&irq);
}
