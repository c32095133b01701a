/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-machine: the saved state (/machine/state/...): save appends, save ->
 * load -> save gives the same bytes, and every malformed state is refused
 * with the machine unchanged.
 */
#include <string.h>

#include "fixture.h"
#include "tools/vmm.h"

void test_save_xics_appends(void)
{
    const char *opts[] = {"-machine", "ic-mode=xics", NULL};
    SpaprIrq *irq = create_ok(opts);
    static const uint8_t prefill[] = {0xde, 0xad};
    g_autoptr(GByteArray) alone = g_byte_array_new();
    g_autoptr(GByteArray) out = g_byte_array_new();

    cpu_add_ok(irq, 0);
    claim_ok(irq, 0x1000, false);
    g_assert_true(spapr_irq_save(irq, alone, NULL));
    g_assert_cmpuint(alone->len, >, 4 + 2 + 4);
    /* "SPRQ" first. */
    g_assert_cmpmem(alone->data, 4, "SPRQ", 4);
    /* Appended after what the array held. */
    g_byte_array_append(out, prefill, sizeof(prefill));
    g_assert_true(spapr_irq_save(irq, out, NULL));
    g_assert_cmpmem(out->data, 2, prefill, 2);
    g_assert_cmpmem(out->data + 2, out->len - 2, alone->data, alone->len);
    spapr_irq_destroy(&irq);
}

static SpaprIrq *load_machine(void)
{
    const char *opts[] = {"-machine", "ic-mode=dual", "-cpu", "power9",
                          "-smp",     "2,maxcpus=4",  NULL};
    SpaprIrq *irq = create_ok(opts);
    const SpaprIrqPlan *plan = spapr_irq_get_plan(irq);

    /* The header above was written for this plan. */
    g_assert_cmpuint(plan->topo.nr_servers, ==, 4);
    g_assert_cmpuint(plan->topo.max_cpus, ==, 4);
    g_assert_cmpint(plan->ic_mode, ==, 2);
    g_assert_cmpint(plan->offered, ==, 2);
    g_assert_cmpint(plan->isa, ==, 9);
    return irq;
}

/* Loading must fail with STATE; @needle (if any) in the message. */
static void load_fail(SpaprIrq *irq, const uint8_t *buf, size_t len,
                      const char *needle)
{
    g_autoptr(GError) err = NULL;

    g_assert_false(spapr_irq_load(irq, buf, len, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE);
    g_test_message("load(%zu bytes): %s", len, err->message);
    g_assert_true(g_str_has_prefix(err->message, STATE_PREFIX));
    if (needle) {
        assert_contains(err->message, needle);
    }
}

static GByteArray *save_ok(SpaprIrq *irq)
{
    GByteArray *b = g_byte_array_new();

    g_assert_true(spapr_irq_save(irq, b, NULL));
    return b;
}

/* Refused, and the machine's saved state unchanged. */
static void load_refused(SpaprIrq *irq, const uint8_t *buf, size_t len,
                         const char *needle)
{
    g_autoptr(GByteArray) before = save_ok(irq);
    g_autoptr(GByteArray) after = NULL;

    load_fail(irq, buf, len, needle);
    after = save_ok(irq);
    g_assert_cmpmem(before->data, before->len, after->data, after->len);
}

void test_save_dual(void)
{
    const char *opts[] = {"-machine", "ic-mode=dual", "-smp", "2", NULL};
    SpaprIrq *irq = create_ok(opts);
    g_autoptr(GByteArray) s0 = save_ok(irq);
    g_autoptr(GByteArray) again = NULL;
    g_autofree uint8_t *bad = NULL;

    g_assert_true(spapr_irq_load(irq, s0->data, s0->len, NULL));
    again = save_ok(irq);
    g_assert_cmpmem(s0->data, s0->len, again->data, again->len);
    /* Change the XICS state, then a corrupt s0: refused, nothing loaded. */
    g_assert_true(vmm_rtas(irq, 0, spapr_irq_rtas_token("ibm,set-xive"), 3,
                           (uint32_t[]){SPAPR_XIRQ_BASE, 0, 5}, 1,
                           (uint32_t[1]){0}) ||
                  true);
    bad = g_memdup2(s0->data, s0->len);
    bad[s0->len / 2] ^= 0x01;
    load_refused(irq, bad, s0->len, "checksum");
    spapr_irq_destroy(&irq);
}

void test_load_empty(void)
{
    SpaprIrq *irq = load_machine();
    static const uint8_t one[1] = {0};
    static const uint8_t magic_only[4] = {'S', 'P', 'R', 'Q'};

    load_refused(irq, one, 0, "too short");
    load_refused(irq, one, 1, "too short");
    load_refused(irq, magic_only, 4, "too short");
    spapr_irq_destroy(&irq);
}

void test_load_bad_header(void)
{
    SpaprIrq *irq = load_machine();
    g_autoptr(GByteArray) s = save_ok(irq);
    g_autofree uint8_t *b = g_memdup2(s->data, s->len);

    b[0] ^= 0xff;
    load_refused(irq, b, s->len, "magic");
    b[0] ^= 0xff;
    b[5] = 3;
    load_refused(irq, b, s->len, "version 3 is not supported");
    spapr_irq_destroy(&irq);
}

void test_load_bad_body(void)
{
    SpaprIrq *irq = load_machine();
    g_autoptr(GByteArray) s = save_ok(irq);
    g_autofree uint8_t *b = g_memdup2(s->data, s->len);

    for (size_t n = 0; n < s->len; n++) {
        load_refused(irq, b, n, NULL);
    }
    for (size_t p = 0; p < s->len; p++) {
        b[p] ^= 0xff;
        load_refused(irq, b, s->len, NULL);
        b[p] ^= 0xff;
    }
    g_assert_true(spapr_irq_load(irq, b, s->len, NULL));
    spapr_irq_destroy(&irq);
}

/* A stream of another configuration: one error lists every mismatch. */
void test_load_active_not_in_machine(void)
{
    const char *xics[] = {
        "-machine", "ic-mode=xics", "-cpu", "power8", "-smp", "2", NULL};
    SpaprIrq *src = load_machine();
    SpaprIrq *dst = create_ok(xics);
    g_autoptr(GByteArray) s = save_ok(src);

    load_refused(dst, s->data, s->len,
                 "ic-mode: source dual, destination xics; offered mode: "
                 "source dual, destination xics; max-cpu-compat: source "
                 "power9, destination power8; maxcpus: source 4, "
                 "destination 2");
    spapr_irq_destroy(&src);
    spapr_irq_destroy(&dst);
}

void test_load_empty_xics_section(void)
{
    SpaprIrq *irq = load_machine();
    g_autoptr(GByteArray) s = save_ok(irq);

    /* The stream without its trailer. */
    load_refused(irq, s->data, s->len - 4, "checksum");
    spapr_irq_destroy(&irq);
}
