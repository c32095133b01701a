/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-machine: the migration stream (/machine/stream/...,
 * docs/specs/migration.md): its checksum, the walk over every byte, the
 * size and speed at 4,096 vCPUs, golden streams, crafted inconsistent
 * streams and the refusals of a destination that does not fit.
 */
#include <string.h>

#include "../conformance.h"
#include "fixture.h"
#include "tools/state_size.h"
#include "tools/vmm.h"

/* CRC32C bit by bit: an implementation independent of the library's. */
static uint32_t crc32c_bitwise(const uint8_t *b, size_t n)
{
    uint32_t crc = 0xffffffffu;

    for (size_t i = 0; i < n; i++) {
        crc ^= b[i];
        for (int k = 0; k < 8; k++) {
            crc = crc & 1 ? (crc >> 1) ^ 0x82f63b78u : crc >> 1;
        }
    }
    return ~crc;
}

static uint32_t be32(const uint8_t *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 |
           b[3];
}

static void put32(uint8_t *b, uint32_t v)
{
    b[0] = v >> 24;
    b[1] = v >> 16;
    b[2] = v >> 8;
    b[3] = v;
}

/* A stream's trailer recomputed after an edit. */
static void restamp(GByteArray *s)
{
    put32(s->data + s->len - 4, crc32c_bitwise(s->data, s->len - 4));
}

static GByteArray *save_ok(SpaprIrq *irq)
{
    GByteArray *b = g_byte_array_new();
    g_autoptr(GError) err = NULL;

    g_assert_true(spapr_irq_save(irq, b, &err));
    g_assert_no_error(err);
    return b;
}

/* Refused with STATE, @needle in the message, the machine unchanged. */
static void refused(SpaprIrq *irq, const uint8_t *buf, size_t len,
                    const char *needle)
{
    g_autoptr(GByteArray) before = save_ok(irq);
    g_autoptr(GByteArray) after = NULL;
    g_autoptr(GError) err = NULL;

    g_assert_false(spapr_irq_load(irq, buf, len, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE);
    g_test_message("refused: %s", err->message);
    if (needle) {
        assert_contains(err->message, needle);
    }
    after = save_ok(irq);
    g_assert_cmpmem(before->data, before->len, after->data, after->len);
}

/* ---- the walk ---- */

typedef struct Visit {
    char *section, *field;
    uint64_t value;
    size_t offset, size;
} Visit;

static void visit_free(gpointer p)
{
    Visit *v = p;

    g_free(v->section);
    g_free(v->field);
    g_free(v);
}

static void collect(void *opaque, const char *section, const char *field,
                    uint64_t value, size_t offset, size_t size)
{
    Visit *v = g_new0(Visit, 1);

    v->section = g_strdup(section);
    v->field = g_strdup(field);
    v->value = value;
    v->offset = offset;
    v->size = size;
    g_ptr_array_add(opaque, v);
}

static GPtrArray *walk_ok(const GByteArray *s)
{
    GPtrArray *v = g_ptr_array_new_with_free_func(visit_free);
    g_autoptr(GError) err = NULL;

    g_assert_true(spapr_irq_state_walk(s->data, s->len, collect, v, &err));
    g_assert_no_error(err);
    return v;
}

/* The visit of @field in @section. */
static const Visit *find(GPtrArray *v, const char *section, const char *field)
{
    for (guint i = 0; i < v->len; i++) {
        const Visit *x = g_ptr_array_index(v, i);

        if (!strcmp(x->section, section) && !strcmp(x->field, field)) {
            return x;
        }
    }
    g_test_message("no field %s / %s", section, field);
    g_assert_not_reached();
}

/* ---- machines ---- */

/* A machine with its -smp vCPUs present. */
static SpaprIrq *machine(const char *const *opts)
{
    SpaprIrq *irq = create_ok(opts);
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);

    for (uint32_t c = 0; c < plan->topo.smp_cpus; c++) {
        cpu_add_ok(irq, c);
    }
    return irq;
}

/* -smp 2 dual POWER9: MSI 0x1000 at server 1 priority 5, LSI 0x1001
 * asserted at server 0 priority 4 (presented: XIRR), MSI 0x1002
 * untouched. */
static SpaprIrq *busy_dual(const char *smp)
{
    const char *opts[] = {
        "-machine", "ic-mode=dual", "-cpu", "power9", "-smp", smp, NULL};
    SpaprIrq *irq = machine(opts);
    uint32_t tok = spapr_irq_rtas_token("ibm,set-xive"), ret[1];
    uint32_t s1 = spapr_irq_topology_vcpu_id(&spapr_irq_get_plan(irq)->topo, 1);

    g_assert_true(spapr_irq_claim(irq, 0x1000, false, NULL));
    g_assert_true(spapr_irq_claim(irq, 0x1001, true, NULL));
    g_assert_true(spapr_irq_claim(irq, 0x1002, false, NULL));
    g_assert_true(
        vmm_rtas(irq, 0, tok, 3, (uint32_t[]){0x1000, s1, 5}, 1, ret));
    g_assert_cmpint(ret[0], ==, 0);
    g_assert_true(vmm_rtas(irq, 0, tok, 3, (uint32_t[]){0x1001, 0, 4}, 1, ret));
    g_assert_cmpint(ret[0], ==, 0);
    g_assert_true(spapr_irq_set_irq(irq, 0x1001, 1, NULL));
    /* CPU 0 opens its CPPR: the LSI is presented. */
    {
        uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];

        g_assert_cmpint(
            vmm_hcall(irq, 0, SPAPR_H_CPPR, (uint64_t[]){0xff}, 1, rets), ==,
            SPAPR_H_SUCCESS);
    }
    return irq;
}

/* A twin with the same options and claims, nothing configured. */
static SpaprIrq *twin_dual(const char *smp)
{
    const char *opts[] = {
        "-machine", "ic-mode=dual", "-cpu", "power9", "-smp", smp, NULL};
    SpaprIrq *irq = machine(opts);

    g_assert_true(spapr_irq_claim(irq, 0x1000, false, NULL));
    g_assert_true(spapr_irq_claim(irq, 0x1001, true, NULL));
    g_assert_true(spapr_irq_claim(irq, 0x1002, false, NULL));
    return irq;
}

/* ---- tests ---- */

void test_stream_crc(void)
{
    SpaprIrq *irq = busy_dual("2");
    g_autoptr(GByteArray) s = save_ok(irq);

    g_assert_cmphex(crc32c_bitwise((const uint8_t *)"123456789", 9), ==,
                    0xe3069283u);
    g_assert_cmphex(be32(s->data + s->len - 4), ==,
                    crc32c_bitwise(s->data, s->len - 4));
    spapr_irq_destroy(&irq);
}

/* The walk names every byte once, in order, and the sections the spec
 * names; a twin loads the stream and saves the same bytes. */
void test_stream_walk(void)
{
    SpaprIrq *a = busy_dual("2");
    SpaprIrq *b = twin_dual("2");
    g_autoptr(GByteArray) s = save_ok(a);
    g_autoptr(GByteArray) sb = NULL;
    g_autoptr(GPtrArray) v = walk_ok(s);
    size_t at = 0;

    for (guint i = 0; i < v->len; i++) {
        const Visit *x = g_ptr_array_index(v, i);

        g_test_message("%4zu+%zu %-8s %-32s 0x%" G_GINT64_MODIFIER "x",
                       x->offset, x->size, x->section, x->field,
                       (guint64)x->value);
        g_assert_cmpuint(x->offset, ==, at);
        at += x->size;
    }
    g_assert_cmpuint(at, ==, s->len);
    g_assert_cmphex(find(v, "header", "magic")->value, ==, 0x53505251);
    g_assert_cmpuint(find(v, "header", "version")->value, ==, 2);
    g_assert_cmphex(
        find(v, "xics", "source 0x1000 server")->value, ==,
        spapr_irq_topology_vcpu_id(&spapr_irq_get_plan(a)->topo, 1));
    g_assert_cmphex(find(v, "xics", "source 0x1001 priority")->value, ==, 4);
    /* The LSI presented to CPU 0 and not accepted travels as asserted and
     * not sent, the presenter with CPPR 0xff and no XISR (the stream's one
     * form of it: docs/specs/migration.md, "XICS"). */
    g_assert_cmphex(find(v, "cpu 0", "xics.xirr")->value, ==, 0xff000000);
    g_assert_cmphex(find(v, "xics", "source 0x1001 status")->value, ==, 0x01);
    find(v, "xive", "length");
    find(v, "trailer", "crc32c");
    g_assert_true(spapr_irq_load(b, s->data, s->len, NULL));
    sb = save_ok(b);
    g_assert_cmpmem(sb->data, sb->len, s->data, s->len);
    spapr_irq_destroy(&a);
    spapr_irq_destroy(&b);
}

/*
 * 4,096 vCPUs, dual, tcg, 4,096 claimed MSIs, right after reset (no valid
 * END).  The guest-visible state as state_visible_size() counts it
 * (tools/state_size.h).  The stream must be at most 1.05 times that; the
 * time is printed, never asserted.
 */
void test_stream_size_4096(void)
{
    const char *opts[] = {"-machine", "ic-mode=dual", "-cpu", "power9",
                          "-smp",     "4096",         NULL};
    SpaprIrq *a = machine(opts);
    SpaprIrq *b = machine(opts);
    g_autoptr(GByteArray) s = NULL;
    g_autoptr(GError) err = NULL;
    const SpaprIrqPlan *plan = spapr_irq_get_plan(a);
    uint64_t visible, t0, t1, t2;
    uint32_t nmsi = 0;

    for (uint32_t i = 0; i < SPAPR_NR_XIRQS; i++) {
        g_assert_true(spapr_irq_claim(a, SPAPR_XIRQ_BASE + i, false, NULL));
        g_assert_true(spapr_irq_claim(b, SPAPR_XIRQ_BASE + i, false, NULL));
        nmsi++;
    }
    g_assert_true(spapr_irq_reset(a, NULL));
    g_assert_true(spapr_irq_reset(b, NULL));
    visible = state_visible_size(plan, nmsi);
    s = g_byte_array_sized_new(4096);
    t0 = g_get_monotonic_time();
    g_assert_true(spapr_irq_save(a, s, &err));
    t1 = g_get_monotonic_time();
    g_assert_true(spapr_irq_load(b, s->data, s->len, &err));
    t2 = g_get_monotonic_time();
    g_assert_no_error(err);
    g_test_message("4096 vCPUs, %u MSIs, after reset: stream %u bytes, "
                   "guest-visible state %" G_GUINT64_FORMAT
                   " bytes, ratio %.4f; save %" G_GUINT64_FORMAT
                   " us + load %" G_GUINT64_FORMAT " us = %" G_GUINT64_FORMAT
                   " us",
                   nmsi, s->len, visible, (double)s->len / visible, t1 - t0,
                   t2 - t1, t2 - t0);
    g_assert_cmpuint(plan->topo.max_cpus, ==, 4096);
    g_assert_cmpfloat((double)s->len, <=, 1.05 * visible);
    spapr_irq_destroy(&a);
    spapr_irq_destroy(&b);
}

/* Crafted streams with a valid checksum: each inconsistency named. */
void test_stream_inconsistent(void)
{
    SpaprIrq *a = busy_dual("2");
    SpaprIrq *b = twin_dual("2");
    g_autoptr(GByteArray) s = save_ok(a);
    g_autoptr(GPtrArray) v = walk_ok(s);
    const Visit *xics_kind = find(v, "xics", "kind");
    const Visit *xive_kind = find(v, "xive", "kind");
    size_t xics_len = 5 + find(v, "xics", "length")->value;
    size_t xive_len = 5 + find(v, "xive", "length")->value;
    struct {
        const char *section, *field;
        uint32_t value;
        const char *needle;
    } edits[] = {
        {"xics", "source 0x1000 server", 0xffff, "targets server 65535"},
        {"xics", "source 0x1001 status", 0xff, "status 0xff"},
        {"xics", "source runs", 0xffffffff, "runs do not fit"},
        {"xics", "source run 0 count", 0x800, "truncated"},
        {"xics", "source run 0 first", 0x1005, "0x1005 is not claimed"},
        {"header", "ic_mode", 9, "out of range"},
        {"header", "active", 7, "out of range"},
        {"header", "cpus run 0 count", 3, "run 0"},
        {"cpu 0", "xics.xirr", 0xff001003, "0x1003 is not a claimed source"},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(edits); i++) {
        g_autoptr(GByteArray) c = g_byte_array_new();
        const Visit *x = find(v, edits[i].section, edits[i].field);
        uint8_t b4[4];

        g_byte_array_append(c, s->data, s->len);
        put32(b4, edits[i].value);
        memcpy(c->data + x->offset, b4 + 4 - x->size, x->size);
        restamp(c);
        refused(b, c->data, c->len, edits[i].needle);
    }
    /* Sections: missing, duplicated, reordered, unknown, trailing bytes. */
    {
        g_autoptr(GByteArray) c = g_byte_array_new();

        g_byte_array_append(c, s->data, xive_kind->offset);
        g_byte_array_append(c, s->data + s->len - 4, 4);
        restamp(c);
        refused(b, c->data, c->len, "section xive is missing");
    }
    {
        g_autoptr(GByteArray) c = g_byte_array_new();

        g_byte_array_append(c, s->data, s->len - 4);
        g_byte_array_append(c, s->data + xive_kind->offset, xive_len);
        g_byte_array_append(c, s->data + s->len - 4, 4);
        restamp(c);
        refused(b, c->data, c->len, "duplicate or out of order");
    }
    {
        g_autoptr(GByteArray) c = g_byte_array_new();

        g_byte_array_append(c, s->data, xics_kind->offset);
        g_byte_array_append(c, s->data + xive_kind->offset, xive_len);
        g_byte_array_append(c, s->data + xics_kind->offset, xics_len);
        g_byte_array_append(c, s->data + s->len - 4, 4);
        restamp(c);
        refused(b, c->data, c->len, "duplicate or out of order");
    }
    {
        g_autoptr(GByteArray) c = g_byte_array_new();
        static const uint8_t unknown[5] = {7, 0, 0, 0, 0};

        g_byte_array_append(c, s->data, s->len - 4);
        g_byte_array_append(c, unknown, sizeof(unknown));
        g_byte_array_append(c, s->data + s->len - 4, 4);
        restamp(c);
        refused(b, c->data, c->len, "unknown section 7");
    }
    {
        g_autoptr(GByteArray) c = g_byte_array_new();
        uint8_t len4[4];

        /* One byte more in the XICS section (its length says so). */
        g_byte_array_append(c, s->data, xics_kind->offset + xics_len);
        g_byte_array_append(c, (const uint8_t *)"", 1);
        g_byte_array_append(c, s->data + xics_kind->offset + xics_len,
                            s->len - xics_kind->offset - xics_len);
        put32(len4, xics_len - 5 + 1);
        memcpy(c->data + xics_kind->offset + 1, len4, 4);
        restamp(c);
        refused(b, c->data, c->len, "XICS: 1 trailing bytes");
    }
    /* Version and magic, checksum fixed or not. */
    {
        g_autoptr(GByteArray) c = g_byte_array_new();

        g_byte_array_append(c, s->data, s->len);
        c->data[5] = 1;
        restamp(c);
        refused(b, c->data, c->len, "format version 1 is not supported");
        c->data[5] = 2;
        c->data[0] = 'X';
        refused(b, c->data, c->len, "bad magic");
        c->data[0] = 'S';
        c->data[10] ^= 1;
        refused(b, c->data, c->len, "checksum mismatch");
    }
    /* The untouched stream still loads. */
    g_assert_true(spapr_irq_load(b, s->data, s->len, NULL));
    spapr_irq_destroy(&a);
    spapr_irq_destroy(&b);
}

/* Each kind of mismatch, and several in one error. */
void test_stream_mismatch(void)
{
    SpaprIrq *src = busy_dual("2");
    g_autoptr(GByteArray) s = save_ok(src);
    static const struct {
        const char *opts[9];
        const char *needle;
    } dst[] = {
        {{"-machine", "ic-mode=xive", "-cpu", "power9", "-smp", "2"},
         "ic-mode: source dual, destination xive"},
        {{"-machine", "ic-mode=dual", "-cpu", "power9", "-machine",
          "max-cpu-compat=power8", "-smp", "2"},
         "offered mode: source dual, destination xics; max-cpu-compat: "
         "source power9, destination power8"},
        {{"-machine", "ic-mode=dual", "-cpu", "power9", "-smp", "2,maxcpus=4"},
         "maxcpus: source 2, destination 4"},
        {{"-machine", "ic-mode=dual", "-cpu", "power10", "-smp", "2"},
         "max-cpu-compat: source power9, destination power10"},
        {{"-machine", "ic-mode=xics", "-cpu", "power8", "-smp", "1"},
         "ic-mode: source dual, destination xics; offered mode: source "
         "dual, destination xics; max-cpu-compat: source power9, "
         "destination power8; maxcpus: source 2, destination 1; "
         "nr_servers: source 2, destination 1; present vCPUs: source 2, "
         "destination 1"},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(dst); i++) {
        SpaprIrq *d = machine(dst[i].opts);

        g_assert_true(spapr_irq_claim(d, 0x1000, false, NULL));
        g_assert_true(spapr_irq_claim(d, 0x1001, true, NULL));
        g_assert_true(spapr_irq_claim(d, 0x1002, false, NULL));
        refused(d, s->data, s->len, dst[i].needle);
        spapr_irq_destroy(&d);
    }
    /* Claims: an LSI where the source has an MSI, one missing. */
    {
        SpaprIrq *d = twin_dual("2");

        spapr_irq_free(d, 0x1002, 1);
        g_assert_true(spapr_irq_claim(d, 0x1002, true, NULL));
        g_assert_true(spapr_irq_claim(d, 0x1003, false, NULL));
        refused(d, s->data, s->len,
                "claimed IRQs (2 differ, the first 0x1002): source msi, "
                "destination lsi");
        spapr_irq_destroy(&d);
    }
    spapr_irq_destroy(&src);
}

/* -smp 2 XICS POWER8 (tcg): the sources of busy_dual(), MFRR 0x10 on
 * CPU 1. */
static SpaprIrq *busy_xics(void)
{
    const char *opts[] = {
        "-machine", "ic-mode=xics", "-cpu", "power8", "-smp", "2", NULL};
    SpaprIrq *irq = machine(opts);
    uint32_t tok = spapr_irq_rtas_token("ibm,set-xive"), ret[1];
    uint32_t s1 = spapr_irq_topology_vcpu_id(&spapr_irq_get_plan(irq)->topo, 1);
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];

    g_assert_true(spapr_irq_claim(irq, 0x1000, false, NULL));
    g_assert_true(spapr_irq_claim(irq, 0x1001, true, NULL));
    g_assert_true(
        vmm_rtas(irq, 0, tok, 3, (uint32_t[]){0x1000, s1, 5}, 1, ret));
    g_assert_true(vmm_rtas(irq, 0, tok, 3, (uint32_t[]){0x1001, 0, 4}, 1, ret));
    g_assert_true(spapr_irq_set_irq(irq, 0x1001, 1, NULL));
    g_assert_cmpint(
        vmm_hcall(irq, 0, SPAPR_H_CPPR, (uint64_t[]){0xff}, 1, rets), ==,
        SPAPR_H_SUCCESS);
    g_assert_cmpint(
        vmm_hcall(irq, 0, SPAPR_H_IPI, (uint64_t[]){s1, 0x10}, 2, rets), ==,
        SPAPR_H_SUCCESS);
    return irq;
}

/* A golden stream is produced byte for byte, and loads into a fresh twin
 * (which then saves it again). */
static void golden_round_trip(SpaprIrq *a, SpaprIrq *twin, const char *file)
{
    g_autoptr(GByteArray) s = save_ok(a);
    g_autoptr(GByteArray) g = conformance_golden(file, s);
    g_autoptr(GByteArray) again = NULL;
    g_autoptr(GError) err = NULL;

    g_assert_true(spapr_irq_load(twin, g->data, g->len, &err));
    g_assert_no_error(err);
    again = save_ok(twin);
    g_assert_cmpmem(again->data, again->len, g->data, g->len);
}

void test_stream_golden_xics(void)
{
    const char *opts[] = {
        "-machine", "ic-mode=xics", "-cpu", "power8", "-smp", "2", NULL};
    SpaprIrq *a = busy_xics();
    SpaprIrq *b = machine(opts);

    g_assert_true(spapr_irq_claim(b, 0x1000, false, NULL));
    g_assert_true(spapr_irq_claim(b, 0x1001, true, NULL));
    golden_round_trip(a, b, "stream-xics-tcg.bin");
    spapr_irq_destroy(&a);
    spapr_irq_destroy(&b);
}

/* Dual after CAS chose XIVE, not yet applied by a reset: the CAS record
 * travels; every byte of the stream flipped is refused. */
void test_stream_golden_dual_cas(void)
{
    SpaprIrq *a = busy_dual("2");
    SpaprIrq *b = twin_dual("2");
    g_autoptr(GByteArray) s = NULL;
    g_autoptr(GPtrArray) v = NULL;

    g_assert_true(spapr_irq_cas(a, 0x40, NULL));
    golden_round_trip(a, b, "stream-dual-cas-pending.bin");
    s = save_ok(b);
    v = walk_ok(s);
    g_assert_cmpuint(find(v, "header", "cas_pending")->value, ==, 1);
    g_assert_cmpuint(find(v, "header", "cas_choice")->value, ==,
                     SPAPR_INTC_XIVE);
    /* The reset applies the travelled choice on the destination. */
    g_assert_true(spapr_irq_reset(b, NULL));
    g_assert_cmpint(spapr_irq_active(b), ==, SPAPR_INTC_XIVE);
    {
        SpaprIrq *c = twin_dual("2");
        g_autofree uint8_t *buf = g_memdup2(s->data, s->len);

        for (size_t p = 0; p < s->len; p++) {
            buf[p] ^= 0xff;
            refused(c, buf, s->len, NULL);
            buf[p] ^= 0xff;
        }
        g_test_message("%u byte flips refused", s->len);
        spapr_irq_destroy(&c);
    }
    spapr_irq_destroy(&a);
    spapr_irq_destroy(&b);
}

/*
 * The destination's policy refuses: a stream whose active controller is
 * XIVE, loaded into a kvm-sim power9-6.1 machine under kernel-irqchip=on
 * whose XICS is active, each host call of the load's switch failing in
 * turn.  Every failed load is the kernel's error as the policy gives it
 * (on: no fallback), and the destination is as it was: the same state,
 * XICS still active in the kernel.
 */
void test_stream_policy_refusal(void)
{
    const char *on[] = {"-accel",   "kvm-sim,host=power9-6.1",
                        "-machine", "ic-mode=dual,kernel-irqchip=on",
                        "-cpu",     "power9",
                        NULL};
    SpaprIrq *src = create_ok(on);
    g_autoptr(GByteArray) s = NULL;
    unsigned refusals = 0, tolerated = 0;
    bool done = false;

    cpu_add_ok(src, 0);
    g_assert_true(spapr_irq_claim(src, 0x1000, false, NULL));
    g_assert_true(spapr_irq_cas(src, 0x40, NULL));
    g_assert_true(spapr_irq_reset(src, NULL));
    g_assert_cmpint(spapr_irq_active(src), ==, SPAPR_INTC_XIVE);
    s = save_ok(src);
    for (unsigned nth = 1; !done; nth++) {
        SpaprIrq *dst = create_ok(on);
        SpaprHost *host = spapr_irq_get_host(dst);
        g_autoptr(GByteArray) before = NULL;
        g_autoptr(GByteArray) after = NULL;
        g_autoptr(GError) err = NULL;
        unsigned injected;
        bool loaded;

        g_assert_cmpuint(nth, <, 1000);
        cpu_add_ok(dst, 0);
        g_assert_true(spapr_irq_claim(dst, 0x1000, false, NULL));
        g_assert_cmpint(spapr_irq_active(dst), ==, SPAPR_INTC_XICS);
        before = save_ok(dst);
        injected = irq_sim_stats(dst).injected;
        g_assert_true(spapr_host_sim_fail(host, nth, EIO));
        loaded = spapr_irq_load(dst, s->data, s->len, &err);
        g_assert_true(spapr_host_sim_fail(host, 0, EIO));
        /* The load made fewer than @nth calls: every one was tried. */
        done = irq_sim_stats(dst).injected == injected;
        if (!loaded) {
            g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_HOST);
            g_test_message("host call %u failed: %s", nth, err->message);
            g_assert_cmpint(spapr_irq_active(dst), ==, SPAPR_INTC_XICS);
            g_assert_cmpint(spapr_irq_active_impl(dst), ==,
                            SPAPR_INTC_IMPL_KVM);
            after = save_ok(dst);
            g_assert_cmpmem(before->data, before->len, after->data, after->len);
            refusals++;
        } else {
            /* A failure the layer tolerates (a close releases anyway). */
            g_assert_no_error(err);
            g_assert_cmpint(spapr_irq_active(dst), ==, SPAPR_INTC_XIVE);
            g_assert_cmpint(spapr_irq_active_impl(dst), ==,
                            SPAPR_INTC_IMPL_KVM);
            after = save_ok(dst);
            g_assert_cmpmem(s->data, s->len, after->data, after->len);
            tolerated += !done;
        }
        spapr_irq_destroy(&dst);
    }
    g_test_message("host calls of the load failed in turn: %u refused, %u "
                   "tolerated",
                   refusals, tolerated);
    g_assert_cmpuint(refusals, >, 0);
    spapr_irq_destroy(&src);
}
