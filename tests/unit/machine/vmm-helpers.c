/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-machine: what the library does that every VMM would otherwise
 * write (/machine/vmm/...): CAS from the whole option vector 5, the
 * device-tree size hint, the trace filter, the H_INT_* flags, and the
 * callbacks kept as a copy.
 */
#include <libfdt.h>
#include <string.h>

#include "fixture.h"

#define MSI 0x1000
#define LSI 0x1001

/* Option vector 5 as in the guest's CAS table: @len bytes, the length
 * byte first, byte 23 = @byte23 if the vector reaches it. */
static size_t ov5_make(uint8_t *v, size_t len, uint8_t byte23)
{
    memset(v, 0, len + 1);
    v[0] = len - 1;
    for (size_t i = 1; i <= len; i++) {
        v[i] = i == 23 ? byte23 : 0x11; /* other bytes set: ignored */
    }
    return len + 1;
}

void test_vmm_cas_ov5(void)
{
    const char *opts[] = {"-cpu", "power9", "-machine", "ic-mode=dual", NULL};
    SpaprIrq *irq = create_ok(opts);
    uint8_t v[300];
    size_t n;
    g_autoptr(GError) err = NULL;

    cpu_add_ok(irq, 0);
    reset_ok(irq);
    /* 24 bytes, byte 23 = XIVE: XIVE after the reset. */
    n = ov5_make(v, 24, SPAPR_OV5_XIVE);
    g_assert_true(spapr_irq_cas_ov5(irq, v, n, &err));
    g_assert_no_error(err);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    /* Exactly 23 bytes reaches byte 23. */
    n = ov5_make(v, 23, SPAPR_OV5_XIVE);
    g_assert_true(spapr_irq_cas_ov5(irq, v, n, &err));
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);
    /* 22 bytes: byte 23 is 0, XICS (the 0x40 after the vector is not
     * read). */
    n = ov5_make(v, 22, 0);
    v[23] = SPAPR_OV5_XIVE;
    g_assert_true(spapr_irq_cas_ov5(irq, v, n + 1, &err));
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    /* The longest vector (256 bytes). */
    n = ov5_make(v, 256, SPAPR_OV5_XIVE);
    g_assert_true(spapr_irq_cas_ov5(irq, v, n, &err));
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);

    /* A buffer shorter than its length byte says, or empty: refused, the
     * recorded choice (XIVE) unchanged. */
    n = ov5_make(v, 24, SPAPR_OV5_XIVE);
    g_assert_true(spapr_irq_cas_ov5(irq, v, n, &err));
    n = ov5_make(v, 24, 0);
    g_assert_false(spapr_irq_cas_ov5(irq, v, n - 1, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_RANGE);
    assert_contains(err->message, "23 bytes given, its length byte says 24");
    g_clear_error(&err);
    g_assert_false(spapr_irq_cas_ov5(irq, v, 0, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_RANGE);
    g_clear_error(&err);
    g_assert_false(spapr_irq_cas_ov5(irq, NULL, 10, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_RANGE);
    g_clear_error(&err);
    reset_ok(irq);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XIVE);

    /* spapr_irq_cas()'s errors come through: 0x80 is refused. */
    n = ov5_make(v, 24, SPAPR_OV5_BOTH);
    g_assert_false(spapr_irq_cas_ov5(irq, v, n, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_CAS);
    g_assert_cmpstr(err->message, ==, MSG_CAS_INVALID);
    spapr_irq_destroy(&irq);
}

/* The used bytes of a blob (what its total size must at least be). */
static size_t used(const void *fdt)
{
    return fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt);
}

/* spapr_irq_dt() into a blob of the empty tree's size plus @extra. */
static bool dt_fits(SpaprIrq *irq, size_t empty, size_t extra, GError **errp)
{
    g_autofree void *fdt = g_malloc0(empty + extra);

    g_assert_cmpint(fdt_create_empty_tree(fdt, empty + extra), ==, 0);
    return spapr_irq_dt(irq, fdt, errp);
}

static void check_dt_size(SpaprIrq *irq)
{
    g_autofree void *fdt = g_malloc0(65536);
    g_autoptr(GError) err = NULL;
    size_t size = 0, empty;
    int chosen;

    g_assert_cmpint(fdt_create_empty_tree(fdt, 4096), ==, 0);
    empty = used(fdt);
    g_assert_true(spapr_irq_dt_size(irq, &size, &err));
    g_assert_no_error(err);
    g_test_message("%s: %zu bytes", spapr_intc_kind_name(spapr_irq_active(irq)),
                   size);
    g_assert_cmpuint(size, >, 200);
    /* Exact for an empty tree: it fits, one byte less does not. */
    g_assert_true(dt_fits(irq, empty, size, &err));
    g_assert_no_error(err);
    g_assert_false(dt_fits(irq, empty, size - 1, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_NO_SPACE);
    g_clear_error(&err);
    /* An upper bound for a VMM's tree with /chosen and its own names. */
    g_assert_cmpint(fdt_create_empty_tree(fdt, 65536), ==, 0);
    chosen = fdt_add_subnode(fdt, 0, "chosen");
    g_assert_cmpint(fdt_setprop_string(fdt, chosen, "compatible", "x"), ==, 0);
    g_assert_cmpint(fdt_add_subnode(fdt, 0, "memory@0"), >=, 0);
    g_assert_cmpint(fdt_pack(fdt), ==, 0);
    g_assert_cmpint(fdt_open_into(fdt, fdt, used(fdt) + size), ==, 0);
    g_assert_true(spapr_irq_dt(irq, fdt, &err));
    g_assert_no_error(err);
}

void test_vmm_dt_size(void)
{
    const char *xics[] = {"-machine", "ic-mode=xics", "-smp", "4", NULL};
    const char *dual[] = {"-cpu", "power9", "-machine", "ic-mode=dual",
                          "-smp", "8",      NULL};
    SpaprIrq *irq = create_ok(xics);
    size_t s_xics = 0, s_xive = 0;

    check_dt_size(irq);
    g_assert_true(spapr_irq_dt_size(irq, &s_xics, NULL));
    spapr_irq_destroy(&irq);
    /* Dual: the XICS node, then after CAS the larger XIVE node. */
    irq = create_ok(dual);
    cpu_add_ok(irq, 0);
    reset_ok(irq);
    check_dt_size(irq);
    cas_ok(irq, SPAPR_OV5_XIVE);
    reset_ok(irq);
    check_dt_size(irq);
    g_assert_true(spapr_irq_dt_size(irq, &s_xive, NULL));
    g_assert_cmpuint(s_xive, >, s_xics);
    spapr_irq_destroy(&irq);
}

/* ---- the trace filter ---- */

typedef struct Traced {
    unsigned count[SPAPR_TRACE_COUNT];
    unsigned total;
} Traced;

static void on_trace(void *opaque, const SpaprIrqTraceEvent *ev)
{
    Traced *t = opaque;

    t->count[ev->id]++;
    t->total++;
}

static void on_line(void *opaque, uint32_t cpu_index, bool level)
{
}

/* An MSI routed to CPU 0 and fired: ICS and ICP events. */
static void fire(SpaprIrq *irq, Traced *t)
{
    uint32_t args[3] = {MSI, 0, 5}, rets[1];
    uint64_t cppr = 0xff, hrets[SPAPR_IRQ_HCALL_MAX_RETS];

    memset(t, 0, sizeof(*t));
    g_assert_cmpint(spapr_irq_hcall(irq, 0, SPAPR_H_CPPR, &cppr, 1, hrets), ==,
                    SPAPR_H_SUCCESS);
    g_assert_true(spapr_irq_rtas(irq, 0, spapr_irq_rtas_token("ibm,set-xive"),
                                 3, args, 1, rets));
    g_assert_true(spapr_irq_set_irq(irq, MSI, 1, NULL));
    g_assert_true(spapr_irq_set_irq(irq, MSI, 0, NULL));
    g_assert_cmpint(spapr_irq_hcall(irq, 0, SPAPR_H_XIRR, NULL, 0, hrets), ==,
                    SPAPR_H_SUCCESS);
}

static unsigned prefixed(const Traced *t, const char *prefix)
{
    unsigned n = 0;

    for (int id = 0; id < SPAPR_TRACE_COUNT; id++) {
        n += g_str_has_prefix(spapr_irq_trace_name(id), prefix) ? t->count[id]
                                                                : 0;
    }
    return n;
}

void test_vmm_trace_filter(void)
{
    const char *opts[] = {"-machine", "ic-mode=xics", NULL};
    g_autoptr(SpaprIrqConfig) cfg = cfg_from(opts);
    static Traced t;
    SpaprIrqCallbacks cb = {
        .opaque = &t, .set_cpu_irq = on_line, .trace = on_trace};
    const char *icp[] = {"xics_icp_*", NULL};
    const char *not_icp[] = {"*", "-xics_icp_*", NULL};
    const char *one[] = {"xics_ics_set_irq_msi", NULL};
    const char *none[] = {"nomatch*", NULL};
    const char *bad[] = {"xics_*", "no_such_event", NULL};
    g_autoptr(GError) err = NULL;
    SpaprIrq *irq = spapr_irq_create(cfg, &cb, -1, &err);
    unsigned all, icp_n, msi_n;

    g_assert_no_error(err);
    cpu_add_ok(irq, 0);
    claim_ok(irq, MSI, false);
    /* Default: every event. */
    fire(irq, &t);
    all = t.total;
    icp_n = prefixed(&t, "xics_icp_");
    g_assert_cmpuint(icp_n, >, 0);
    g_assert_cmpuint(all, >, icp_n);
    msi_n = t.count[SPAPR_TRACE_XICS_ICS_SET_IRQ_MSI];
    g_assert_cmpuint(msi_n, >, 0);

    g_assert_true(spapr_irq_set_trace_filter(irq, icp, &err));
    g_assert_true(spapr_irq_trace_enabled(irq, SPAPR_TRACE_XICS_ICP_ACCEPT));
    g_assert_false(spapr_irq_trace_enabled(irq, SPAPR_TRACE_XICS_ICS_EOI));
    fire(irq, &t);
    g_assert_cmpuint(t.total, ==, icp_n);
    g_assert_cmpuint(prefixed(&t, "xics_icp_"), ==, icp_n);

    g_assert_true(spapr_irq_set_trace_filter(irq, not_icp, &err));
    fire(irq, &t);
    g_assert_cmpuint(t.total, ==, all - icp_n);
    g_assert_cmpuint(prefixed(&t, "xics_icp_"), ==, 0);

    g_assert_true(spapr_irq_set_trace_filter(irq, one, &err));
    fire(irq, &t);
    g_assert_cmpuint(t.total, ==, msi_n);
    g_assert_cmpuint(t.count[SPAPR_TRACE_XICS_ICS_SET_IRQ_MSI], ==, msi_n);

    /* A glob matching nothing: accepted, nothing delivered. */
    g_assert_true(spapr_irq_set_trace_filter(irq, none, &err));
    fire(irq, &t);
    g_assert_cmpuint(t.total, ==, 0);

    /* An unknown name: QEMU's message, the filter unchanged. */
    g_assert_false(spapr_irq_set_trace_filter(irq, bad, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
    g_assert_cmpstr(err->message, ==,
                    "trace event 'no_such_event' does not exist");
    g_clear_error(&err);
    fire(irq, &t);
    g_assert_cmpuint(t.total, ==, 0);
    g_assert_false(spapr_irq_trace_enabled(irq, SPAPR_TRACE_COUNT));

    /* NULL: every event again. */
    g_assert_true(spapr_irq_set_trace_filter(irq, NULL, &err));
    fire(irq, &t);
    g_assert_cmpuint(t.total, ==, all);
    spapr_irq_destroy(&irq);
}

/* The flags by PAPR's bit numbers (IBM numbering, bit 63 the LSB), and the
 * ones a source reports. */
void test_vmm_hint_flags(void)
{
    const char *opts[] = {"-cpu", "power9", "-machine", "ic-mode=xive", NULL};
    SpaprIrq *irq = create_ok(opts);
    uint64_t args[2] = {0, LSI}, rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    g_assert_cmphex(SPAPR_H_INT_SRC_H_INT_ESB, ==, 0x8);
    g_assert_cmphex(SPAPR_H_INT_SRC_LSI, ==, 0x4);
    g_assert_cmphex(SPAPR_H_INT_SRC_TRIGGER, ==, 0x2);
    g_assert_cmphex(SPAPR_H_INT_SRC_STORE_EOI, ==, 0x1);
    g_assert_cmphex(SPAPR_H_INT_SRC_SET_EISN, ==, 0x2);
    g_assert_cmphex(SPAPR_H_INT_SRC_MASK, ==, 0x1);
    g_assert_cmphex(SPAPR_H_INT_END_ALWAYS_NOTIFY, ==, 0x1);
    g_assert_cmphex(SPAPR_H_INT_END_DEBUG, ==, 0x1);
    g_assert_cmphex(SPAPR_H_INT_ESB_STORE, ==, 0x1);
    cpu_add_ok(irq, 0);
    claim_ok(irq, LSI, true);
    claim_ok(irq, MSI, false);
    g_assert_cmpint(
        spapr_irq_hcall(irq, 0, SPAPR_H_INT_GET_SOURCE_INFO, args, 2, rets), ==,
        SPAPR_H_SUCCESS);
    g_assert_cmphex(rets[0], ==,
                    SPAPR_H_INT_SRC_H_INT_ESB | SPAPR_H_INT_SRC_LSI);
    args[1] = MSI;
    g_assert_cmpint(
        spapr_irq_hcall(irq, 0, SPAPR_H_INT_GET_SOURCE_INFO, args, 2, rets), ==,
        SPAPR_H_SUCCESS);
    g_assert_cmphex(rets[0] & SPAPR_H_INT_SRC_LSI, ==, 0);
    spapr_irq_destroy(&irq);
}

/* spapr_irq_create() copies the callbacks: the VMM's struct may go. */
static void count_line(void *opaque, uint32_t cpu_index, bool level)
{
    (*(unsigned *)opaque)++;
}

void test_vmm_callbacks_copied(void)
{
    const char *opts[] = {"-machine", "ic-mode=xics", NULL};
    g_autoptr(SpaprIrqConfig) cfg = cfg_from(opts);
    static unsigned lines;
    SpaprIrqCallbacks *cb = g_new0(SpaprIrqCallbacks, 1);
    uint32_t args[3] = {MSI, 0, 5}, rets[1];
    uint64_t cppr = 0xff, hrets[SPAPR_IRQ_HCALL_MAX_RETS];
    SpaprIrq *irq;
    GPtrArray *w;

    cb->opaque = &lines;
    cb->set_cpu_irq = count_line;
    irq = spapr_irq_create(cfg, cb, -1, NULL);
    memset(cb, 0, sizeof(*cb));
    g_free(cb);
    cpu_add_ok(irq, 0);
    claim_ok(irq, MSI, false);
    spapr_irq_hcall(irq, 0, SPAPR_H_CPPR, &cppr, 1, hrets);
    spapr_irq_rtas(irq, 0, spapr_irq_rtas_token("ibm,set-xive"), 3, args, 1,
                   rets);
    g_assert_true(spapr_irq_set_irq(irq, MSI, 1, NULL));
    g_assert_cmpuint(lines, ==, 1);
    /* The warnings array is the machine's one array. */
    w = spapr_irq_warnings(irq);
    g_assert_true(spapr_irq_warnings(irq) == w);
    spapr_irq_destroy(&irq);
}
