/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-machine: RTAS calls on the guest's argument buffer
 * (/machine/rtas-guest/...: spapr_irq_rtas_guest(), PAPR's rtas_args in
 * guest RAM, big-endian) and the /rtas token properties
 * (/machine/dt/rtas-tokens: spapr_irq_dt_rtas()).
 */
#include <libfdt.h>
#include <string.h>

#include "fixture.h"
#include "tools/guest_ram.h"

#define RAM_SIZE 4096
#define MSI      0x1000
#define BUF      0x100 /* the rtas_args buffer in guest RAM */

typedef GuestRam Guest;

static void set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
}

/* A machine whose guest RAM is @g (RAM_SIZE bytes, emptied), or that has no
 * guest memory callbacks. */
static SpaprIrq *create_guest(Guest *g, const char *mode, bool with_mem)
{
    const char *opts[] = {"-cpu", "power9", "-machine", mode, NULL};
    g_autoptr(SpaprIrqConfig) cfg = cfg_from(opts);
    SpaprIrqCallbacks cb = {.set_cpu_irq = set_cpu_irq};
    g_autoptr(GError) err = NULL;
    SpaprIrq *irq;

    guest_ram_fini(g);
    guest_ram_init(g, RAM_SIZE);
    if (with_mem) {
        cb.opaque = g;
        cb.mem_read = guest_ram_read;
        cb.mem_write = guest_ram_write;
    }
    irq = spapr_irq_create(cfg, &cb, -1, &err);
    g_assert_no_error(err);
    cpu_add_ok(irq, 0);
    claim_ok(irq, MSI, false);
    reset_ok(irq);
    return irq;
}

/* Word @i of the buffer at @gpa, as the guest sees it (big-endian). */
static uint32_t word(Guest *g, uint64_t gpa, unsigned i)
{
    return guest_ram_be32(g, gpa + 4 * i);
}

static void set_word(Guest *g, uint64_t gpa, unsigned i, uint32_t v)
{
    uint32_t be = GUINT32_TO_BE(v);

    g_assert_true(guest_ram_write(g, gpa + 4 * i, &be, 4));
}

/* Writes rtas_args at @gpa: the call @name's token, the counts, the
 * arguments, and 0x5a5a5a5a in each result word. */
static void put_args(Guest *g, uint64_t gpa, const char *name, uint32_t nargs,
                     const uint32_t *args, uint32_t nret)
{
    set_word(g, gpa, 0, spapr_irq_rtas_token(name));
    set_word(g, gpa, 1, nargs);
    set_word(g, gpa, 2, nret);
    for (uint32_t i = 0; i < nargs; i++) {
        set_word(g, gpa, 3 + i, args[i]);
    }
    for (uint32_t i = 0; i < nret; i++) {
        set_word(g, gpa, 3 + nargs + i, 0x5a5a5a5a);
    }
}

static int64_t call(SpaprIrq *irq, uint64_t gpa)
{
    int64_t hret = 0x77;

    g_assert_true(spapr_irq_rtas_guest(irq, 0, gpa, &hret));
    return hret;
}

void test_rtas_guest_calls(void)
{
    Guest g = {0};
    SpaprIrq *irq = create_guest(&g, "ic-mode=xics", true);
    uint32_t set[3] = {MSI, 0, 5}, get[1] = {MSI};

    /* ibm,set-xive then ibm,get-xive: the status and the results come
     * back big-endian after the arguments. */
    put_args(&g, BUF, "ibm,set-xive", 3, set, 1);
    g_assert_cmpint(call(irq, BUF), ==, SPAPR_H_SUCCESS);
    g_assert_cmphex(word(&g, BUF, 6), ==, SPAPR_RTAS_OUT_SUCCESS);
    put_args(&g, BUF, "ibm,get-xive", 1, get, 3);
    g_assert_cmpint(call(irq, BUF), ==, SPAPR_H_SUCCESS);
    g_assert_cmphex(word(&g, BUF, 4), ==, SPAPR_RTAS_OUT_SUCCESS);
    g_assert_cmphex(word(&g, BUF, 5), ==, 0); /* server */
    g_assert_cmphex(word(&g, BUF, 6), ==, 5); /* priority */

    /* Counts other than the call's: status -3 only, the rest untouched. */
    put_args(&g, BUF, "ibm,get-xive", 1, get, 2);
    g_assert_cmpint(call(irq, BUF), ==, SPAPR_H_SUCCESS);
    g_assert_cmphex(word(&g, BUF, 4), ==, (uint32_t)SPAPR_RTAS_OUT_PARAM_ERROR);
    g_assert_cmphex(word(&g, BUF, 5), ==, 0x5a5a5a5a);
    /* A failed call writes its status only. */
    get[0] = 0x42;
    put_args(&g, BUF, "ibm,get-xive", 1, get, 3);
    g_assert_cmpint(call(irq, BUF), ==, SPAPR_H_SUCCESS);
    g_assert_cmphex(word(&g, BUF, 4), ==, (uint32_t)SPAPR_RTAS_OUT_PARAM_ERROR);
    g_assert_cmphex(word(&g, BUF, 5), ==, 0x5a5a5a5a);
    g_assert_cmphex(word(&g, BUF, 6), ==, 0x5a5a5a5a);

    /* A token that is not an interrupt call: the VMM's, nothing written. */
    set_word(&g, BUF, 0, 0x2001);
    set_word(&g, BUF, 3, 0x11);
    {
        int64_t hret = 0x77;

        g_assert_false(spapr_irq_rtas_guest(irq, 0, BUF, &hret));
        g_assert_cmpint(hret, ==, 0x77);
        g_assert_cmphex(word(&g, BUF, 3), ==, 0x11);
    }
    spapr_irq_destroy(&irq);
    guest_ram_fini(&g);
}

void test_rtas_guest_bad_buffer(void)
{
    Guest g = {0};
    SpaprIrq *irq = create_guest(&g, "ic-mode=xics", true);
    uint32_t set[3] = {MSI, 0, 5}, get[1] = {MSI};
    /* rtas_args of ibm,set-xive ending exactly at the end of RAM, and
     * one whose status word lies past it. */
    uint64_t fits = RAM_SIZE - 7 * 4, cut = RAM_SIZE - 6 * 4;

    /* The header outside RAM: H_PARAMETER (QEMU: token 0). */
    g_assert_cmpint(call(irq, RAM_SIZE + 0x1000), ==, SPAPR_H_PARAMETER);
    g_assert_cmpint(call(irq, RAM_SIZE - 8), ==, SPAPR_H_PARAMETER);

    put_args(&g, fits, "ibm,set-xive", 3, set, 1);
    g_assert_cmpint(call(irq, fits), ==, SPAPR_H_SUCCESS);
    g_assert_cmphex(word(&g, fits, 6), ==, SPAPR_RTAS_OUT_SUCCESS);

    /* The results cannot be written: the call ran, H_PARAMETER. */
    set[2] = 7;
    put_args(&g, cut, "ibm,set-xive", 3, set, 0);
    set_word(&g, cut, 2, 1);
    g_assert_cmpint(call(irq, cut), ==, SPAPR_H_PARAMETER);
    put_args(&g, BUF, "ibm,get-xive", 1, get, 3);
    g_assert_cmpint(call(irq, BUF), ==, SPAPR_H_SUCCESS);
    g_assert_cmphex(word(&g, BUF, 6), ==, 7);

    /* The arguments cannot be read: nothing ran, H_PARAMETER. */
    set_word(&g, RAM_SIZE - 12, 0, spapr_irq_rtas_token("ibm,set-xive"));
    set_word(&g, RAM_SIZE - 12, 1, 3);
    set_word(&g, RAM_SIZE - 12, 2, 1);
    g_assert_cmpint(call(irq, RAM_SIZE - 12), ==, SPAPR_H_PARAMETER);
    put_args(&g, BUF, "ibm,get-xive", 1, get, 3);
    g_assert_cmpint(call(irq, BUF), ==, SPAPR_H_SUCCESS);
    g_assert_cmphex(word(&g, BUF, 6), ==, 7);
    spapr_irq_destroy(&irq);

    /* A VMM without guest memory callbacks: the buffer is unreadable. */
    irq = create_guest(&g, "ic-mode=xics", false);
    put_args(&g, BUF, "ibm,get-xive", 1, get, 3);
    g_assert_cmpint(call(irq, BUF), ==, SPAPR_H_PARAMETER);
    spapr_irq_destroy(&irq);
    guest_ram_fini(&g);
}

void test_rtas_guest_modes(void)
{
    Guest g = {0};
    SpaprIrq *irq = create_guest(&g, "ic-mode=dual", true);
    uint32_t get[1] = {MSI};
    int64_t hret = 0x77;

    /* Dual after CAS chose XIVE: the XICS calls answer -1. */
    cas_ok(irq, SPAPR_OV5_XIVE);
    reset_ok(irq);
    put_args(&g, BUF, "ibm,get-xive", 1, get, 3);
    g_assert_cmpint(call(irq, BUF), ==, SPAPR_H_SUCCESS);
    g_assert_cmphex(word(&g, BUF, 4), ==, (uint32_t)SPAPR_RTAS_OUT_HW_ERROR);
    g_assert_cmphex(word(&g, BUF, 5), ==, 0x5a5a5a5a);
    spapr_irq_destroy(&irq);

    /* XIVE-only: the XICS tokens are the VMM's (QEMU defines none). */
    irq = create_guest(&g, "ic-mode=xive", true);
    put_args(&g, BUF, "ibm,get-xive", 1, get, 3);
    g_assert_false(spapr_irq_rtas_guest(irq, 0, BUF, &hret));
    g_assert_cmpint(hret, ==, 0x77);
    g_assert_cmphex(word(&g, BUF, 4), ==, 0x5a5a5a5a);
    spapr_irq_destroy(&irq);
    guest_ram_fini(&g);
}

/* The /rtas node's properties: name -> token, one cell each. */
void test_dt_rtas_tokens(void)
{
    static const char *const names[] = {"ibm,set-xive", "ibm,get-xive",
                                        "ibm,int-on", "ibm,int-off"};
    static const uint32_t tokens[] = {0x200A, 0x200B, 0x200D, 0x200C};
    static const char *const modes[] = {"ic-mode=xics", "ic-mode=dual",
                                        "ic-mode=xive"};
    Guest g = {0};

    for (unsigned m = 0; m < G_N_ELEMENTS(modes); m++) {
        SpaprIrq *irq = create_guest(&g, modes[m], true);
        g_autofree void *fdt = g_malloc0(4096);
        g_autoptr(GError) err = NULL;
        bool xics = m < 2;
        int rtas, n = 0, off;

        g_assert_cmpint(fdt_create_empty_tree(fdt, 4096), ==, 0);
        rtas = fdt_add_subnode(fdt, 0, "rtas");
        g_assert_true(spapr_irq_dt_rtas(irq, fdt, rtas, &err));
        g_assert_no_error(err);
        fdt_for_each_property_offset(off, fdt, rtas)
        {
            n++;
        }
        g_assert_cmpint(n, ==, xics ? 4 : 0);
        for (unsigned i = 0; xics && i < G_N_ELEMENTS(names); i++) {
            int len = 0;
            const fdt32_t *v = fdt_getprop(fdt, rtas, names[i], &len);

            g_assert_nonnull(v);
            g_assert_cmpint(len, ==, 4);
            g_assert_cmphex(fdt32_to_cpu(*v), ==, tokens[i]);
        }
        /* A full blob: SPAPR_IRQ_ERROR_NO_SPACE. */
        if (xics) {
            g_assert_cmpint(fdt_create_empty_tree(fdt, 128), ==, 0);
            rtas = fdt_add_subnode(fdt, 0, "rtas");
            g_assert_false(spapr_irq_dt_rtas(irq, fdt, rtas, &err));
            g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_NO_SPACE);
        }
        spapr_irq_destroy(&irq);
    }
    guest_ram_fini(&g);
}
