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
    g_assert_cmpuint(alone->len, >, 0x1000);
    /* "SPRQ" first. */
    g_assert_cmpmem(alone->data, 4, "SPRQ", 4);
    /* Appended after what the array held. */
    g_byte_array_append(out, prefill, sizeof(prefill));
    g_assert_true(spapr_irq_save(irq, out, NULL));
    g_assert_cmpmem(out->data, 2, prefill, 2);
    g_assert_cmpmem(out->data + 2, out->len - 2, alone->data, alone->len);
    spapr_irq_destroy(&irq);
}

static void put_u8(GByteArray *b, uint8_t v)
{
    g_byte_array_append(b, &v, 1);
}

static void put_be16(GByteArray *b, uint16_t v)
{
    uint8_t x[2] = {(uint8_t)(v >> 8), (uint8_t)v};

    g_byte_array_append(b, x, 2);
}

static void put_be32(GByteArray *b, uint32_t v)
{
    uint8_t x[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8),
                    (uint8_t)v};

    g_byte_array_append(b, x, 4);
}

typedef struct StateHeader {
    uint32_t magic;
    uint16_t version;
    uint8_t ic_mode, offered, isa;
    uint32_t nr_servers, max_cpus;
} StateHeader;

/*
 * The header of a tcg dual power9 machine with -smp 2,maxcpus=4
 * (vsmt 1: nr_servers 4).  Enum values: SpaprIcMode DUAL = 2, ISA = the
 * POWER generation 9.
 */
static const StateHeader good_header = {
    .magic = 0x53505251, /* "SPRQ" */
    .version = 1,
    .ic_mode = 2,
    .offered = 2,
    .isa = 9,
    .nr_servers = 4,
    .max_cpus = 4,
};

static GByteArray *build_header(const StateHeader *h)
{
    GByteArray *b = g_byte_array_new();

    put_be32(b, h->magic);
    put_be16(b, h->version);
    put_u8(b, h->ic_mode);
    put_u8(b, h->offered);
    put_u8(b, h->isa);
    put_be32(b, h->nr_servers);
    put_be32(b, h->max_cpus);
    return b;
}

/* Appends the rest of the layer's header: active, CAS record, IRQ map
 * (all zero), then one empty section per controller (kinds 0 and 1). */
static void build_rest(GByteArray *b, uint8_t active)
{
    static const uint8_t zeros[0x1000];

    put_u8(b, active);
    put_u8(b, 0);
    put_u8(b, 0);
    g_byte_array_append(b, zeros, sizeof(zeros));
    put_u8(b, 0);
    put_be32(b, 0);
    put_u8(b, 1);
    put_be32(b, 0);
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

/* Offset of the section of controller @kind in a saved state (after the
 * layer's header: magic, version, 3 bytes, 2 x u32, 3 bytes, IRQ map). */
static size_t section_offset(const GByteArray *b, uint8_t kind)
{
    size_t off = 4 + 2 + 3 + 8 + 3 + 0x1000;

    while (off + 5 <= b->len) {
        uint32_t len = (uint32_t)b->data[off + 1] << 24 |
                       (uint32_t)b->data[off + 2] << 16 |
                       (uint32_t)b->data[off + 3] << 8 | b->data[off + 4];

        if (b->data[off] == kind) {
            return off + 5;
        }
        off += 5 + len;
    }
    g_assert_not_reached();
}

void test_save_dual(void)
{
    const char *opts[] = {"-machine", "ic-mode=dual", "-smp", "2", NULL};
    SpaprIrq *irq = create_ok(opts);
    g_autoptr(GByteArray) s0 = g_byte_array_new();
    g_autoptr(GByteArray) s1 = g_byte_array_new();
    g_autoptr(GByteArray) bad = NULL;
    g_autoptr(GByteArray) after = g_byte_array_new();
    g_autoptr(GByteArray) again = g_byte_array_new();
    uint32_t args[3] = {0x1000, 1, 5}, rets[1];
    size_t xive_off;

    cpu_add_ok(irq, 0);
    cpu_add_ok(irq, 1);
    claim_ok(irq, 0x1000, false);
    claim_ok(irq, 0x1200, true);
    /* Both controllers' sections are saved; save -> load -> save gives
     * the same bytes. */
    g_assert_true(spapr_irq_save(irq, s0, NULL));
    g_assert_true(spapr_irq_load(irq, s0->data, s0->len, NULL));
    g_assert_true(spapr_irq_save(irq, again, NULL));
    g_assert_cmpmem(s0->data, s0->len, again->data, again->len);

    /* Change the XICS state, then load s0 with a broken XIVE section: the
     * XICS section of s0 loads first and must be undone. */
    g_assert_true(vmm_rtas(irq, 0, spapr_irq_rtas_token("ibm,set-xive"), 3,
                           args, 1, rets));
    g_assert_cmpint((int32_t)rets[0], ==, 0);
    g_assert_true(spapr_irq_save(irq, s1, NULL));
    g_assert_true(s1->len != s0->len ||
                  memcmp(s1->data, s0->data, s0->len) != 0);
    bad = g_byte_array_new();
    g_byte_array_append(bad, s0->data, s0->len);
    xive_off = section_offset(bad, SPAPR_INTC_XIVE);
    bad->data[xive_off + 1] ^= 0x7f; /* the XIVE version */
    load_fail(irq, bad->data, bad->len, "XIVE: version");
    g_assert_true(spapr_irq_save(irq, after, NULL));
    g_assert_cmpmem(s1->data, s1->len, after->data, after->len);
    spapr_irq_destroy(&irq);
}

static void load_header_fail(SpaprIrq *irq, const StateHeader *h,
                             const char *needle)
{
    g_autoptr(GByteArray) b = build_header(h);

    /* The header alone, and followed by the rest. */
    load_fail(irq, b->data, b->len, needle);
    build_rest(b, 0);
    load_fail(irq, b->data, b->len, needle);
}

void test_load_empty(void)
{
    SpaprIrq *irq = load_machine();
    static const uint8_t one[1] = {0x53};
    static const uint8_t magic_only[4] = {0x53, 0x50, 0x52, 0x51};

    load_fail(irq, one, 0, NULL);
    load_fail(irq, one, 1, NULL);
    load_fail(irq, magic_only, 4, NULL);
    spapr_irq_destroy(&irq);
}

void test_load_bad_header(void)
{
    SpaprIrq *irq = load_machine();
    StateHeader h;

    h = good_header;
    h.magic = 0x53505252;
    load_header_fail(irq, &h, "magic");
    /* The magic is big-endian: its little-endian image is wrong. */
    h = good_header;
    h.magic = 0x51525053;
    load_header_fail(irq, &h, "magic");
    h = good_header;
    h.magic = 0;
    load_header_fail(irq, &h, "magic");

    h = good_header;
    h.version = 2;
    load_header_fail(irq, &h, "version");
    h = good_header;
    h.version = 0;
    load_header_fail(irq, &h, "version");
    /* Little-endian version 1. */
    h = good_header;
    h.version = 0x0100;
    load_header_fail(irq, &h, "version");

    h = good_header;
    h.ic_mode = 0;
    load_header_fail(irq, &h, "ic-mode");

    h = good_header;
    h.offered = 0;
    load_header_fail(irq, &h, NULL);

    h = good_header;
    h.isa = 8;
    load_header_fail(irq, &h, NULL);

    h = good_header;
    h.nr_servers = 32;
    load_header_fail(irq, &h, "nr_servers");
    h = good_header;
    h.nr_servers = 0x04000000; /* 4 in little-endian */
    load_header_fail(irq, &h, "nr_servers");

    h = good_header;
    h.max_cpus = 8;
    load_header_fail(irq, &h, NULL);

    /* The machine is unchanged. */
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    spapr_irq_destroy(&irq);
}

void test_load_bad_body(void)
{
    SpaprIrq *irq = load_machine();

    /* A good header cut short right after it. */
    {
        g_autoptr(GByteArray) b = build_header(&good_header);

        load_fail(irq, b->data, b->len, NULL);
        put_u8(b, 0);
        load_fail(irq, b->data, b->len, NULL);
    }
    /* The IRQ map cut short. */
    {
        g_autoptr(GByteArray) b = build_header(&good_header);

        build_rest(b, 0);
        /* 17 header bytes, 3 bytes of active and CAS, half the map. */
        load_fail(irq, b->data, 17 + 3 + 0x800, NULL);
    }
    /* The IRQ map does not match the machine's claims. */
    {
        g_autoptr(GByteArray) b = build_header(&good_header);

        claim_ok(irq, 0x1000, false);
        build_rest(b, 0);
        load_fail(irq, b->data, b->len, "0x1000");
        spapr_irq_free(irq, 0x1000, 1);
    }
    g_assert_false(spapr_irq_is_claimed(irq, 0x1000, NULL));
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    spapr_irq_destroy(&irq);
}

void test_load_active_not_in_machine(void)
{
    /* An xics-only machine cannot load a state where XIVE (1) is active. */
    const char *opts[] = {"-machine", "ic-mode=xics", NULL};
    SpaprIrq *irq = create_ok(opts);
    StateHeader h = {
        .magic = 0x53505251,
        .version = 1,
        .ic_mode = 0,
        .offered = 0,
        .isa = 9,
        .nr_servers = 1,
        .max_cpus = 1,
    };
    g_autoptr(GByteArray) b = build_header(&h);

    put_u8(b, 1);
    put_u8(b, 0);
    put_u8(b, 0);
    for (int i = 0; i < 0x1000; i++) {
        put_u8(b, 0);
    }
    put_u8(b, 0);
    put_be32(b, 0);
    load_fail(irq, b->data, b->len, NULL);
    g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
    spapr_irq_destroy(&irq);
}

void test_load_empty_xics_section(void)
{
    static const uint8_t zeros[0x1000];

    /* Dual: the empty XICS section is refused, the machine unchanged. */
    {
        SpaprIrq *irq = load_machine();
        g_autoptr(GByteArray) b = build_header(&good_header);

        build_rest(b, 0);
        load_fail(irq, b->data, b->len, "XICS: truncated header");
        g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
        spapr_irq_destroy(&irq);
    }
    /* XICS only: a well-formed layer header gets past the layer's checks;
     * the empty XICS section is refused by the controller. */
    {
        const char *opts[] = {"-machine", "ic-mode=xics", "-smp", "2,maxcpus=4",
                              NULL};
        SpaprIrq *irq = create_ok(opts);
        StateHeader h = good_header;
        g_autoptr(GByteArray) b = NULL;

        h.ic_mode = 0;
        h.offered = 0;
        b = build_header(&h);
        put_u8(b, 0); /* active: XICS */
        put_u8(b, 0);
        put_u8(b, 0);
        g_byte_array_append(b, zeros, sizeof(zeros));
        put_u8(b, 0); /* the XICS section, empty */
        put_be32(b, 0);
        load_fail(irq, b->data, b->len, "XICS: truncated header");
        g_assert_cmpint(spapr_irq_active(irq), ==, SPAPR_INTC_XICS);
        spapr_irq_destroy(&irq);
    }
}
