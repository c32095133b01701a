/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XIVE conformance: the saved state: round trip onto a twin machine,
 * corrupted, truncated and byte-flipped states, and states saved with
 * other claims or other vCPUs.
 */
#include "fixture.h"
#include "hw/core/state.h"

/* ====================================================================== */
/* saved state                                                            */
/* ====================================================================== */

static void claim_state_sources(Machine *m)
{
    claim(m, MSI_A, false);
    claim(m, MSI_B, false);
    claim(m, MSI_C, false);
    claim(m, LSI_L, true);
}

/*
 * A machine in the middle of deliveries:
 *  - CPU 0: MSI A (queue (0, 5), always notify) fired twice: PQ 11, one
 *    entry, line up, not acknowledged;
 *  - CPU 1: LSI L (queue (1, 3)) asserted and acknowledged (CPPR 3), OS
 *    pending set for priority 6 (IPB, not signalled);
 *  - MSI B (queue (1, 6), 4 KiB; 64 KiB in the kernel, which takes no
 *    other size) masked by its EAS, PQ 10;
 *  - MSI C claimed and never configured (off, masked);
 *  - IPI 1 routed to (1, 6).
 */
static Machine *machine_stateful(const Backend *be)
{
    Machine *m = machine_new(be, 2);

    claim_state_sources(m);
    open_queue(m, 0, 5);
    open_queue(m, 1, 3);
    if (in_kernel(m)) {
        open_queue(m, 1, 6);
    } else {
        set_queue(m, 1, 6, 0x2000, 12, Q_ALWAYS_NOTIFY);
    }
    open_all_cpus(m);
    enable_source(m, MSI_A, 0, 5, 0x0a);
    trigger(m, MSI_A);
    trigger(m, MSI_A);
    enable_source(m, LSI_L, 1, 3, 0x1c);
    set_level(m, LSI_L, 1);
    ack_expect(m, 1, 0x8003);
    mmio_wr(m, 1, TM_SET_OS_PENDING, 1, 6);
    set_source(m, MSI_B, 1, 6, 0x0b, SRC_SET_EISN | SRC_MASK);
    set_pq(m, MSI_B, PQ_00);
    trigger(m, MSI_B);
    route(m, 1, 1, 6, 0x101);
    expect_os(m, 0, NSR_EO, 0xff, IPB(5), 5);
    expect_os(m, 1, 0x00, 3, IPB(6), 6);
    expect_only_line(m, 0);
    return m;
}

/* A fresh machine with the same options, CPUs and claims. */
static Machine *machine_twin(const Backend *be)
{
    Machine *m = machine_new(be, 2);

    claim_state_sources(m);
    return m;
}

/* Everything a guest can observe without changing it. */
static void expect_same_view(Machine *a, Machine *b)
{
    static const uint32_t lisns[] = {0, 1, MSI_A, MSI_B, MSI_C, LSI_L};

    for (uint32_t c = 0; c < a->ncpus; c++) {
        expect_line(b, c, a->line[c]);
        g_assert_cmphex(os_ring(b, c), ==, os_ring(a, c));
        for (uint64_t prio = 0; prio < 7; prio++) {
            uint64_t ra[SPAPR_IRQ_HCALL_MAX_RETS], rb[SPAPR_IRQ_HCALL_MAX_RETS];

            queue_config(a, c, prio, true, ra);
            queue_config(b, c, prio, true, rb);
            g_assert_cmpmem(ra, sizeof(ra), rb, sizeof(rb));
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(lisns); i++) {
        uint64_t ra[SPAPR_IRQ_HCALL_MAX_RETS], rb[SPAPR_IRQ_HCALL_MAX_RETS];

        g_assert_cmphex(get_pq(b, lisns[i]), ==, get_pq(a, lisns[i]));
        hcall_ok(a, SPAPR_H_INT_GET_SOURCE_CONFIG, ((uint64_t[]){0, lisns[i]}),
                 2, ra);
        hcall_ok(b, SPAPR_H_INT_GET_SOURCE_CONFIG, ((uint64_t[]){0, lisns[i]}),
                 2, rb);
        g_assert_cmpmem(ra, 3 * sizeof(ra[0]), rb, 3 * sizeof(rb[0]));
    }
}

void test_state_round_trip(const void *data)
{
    g_autoptr(Machine) a = machine_stateful(data);
    g_autoptr(Machine) b = machine_twin(data);
    g_autoptr(GByteArray) s1 = save(a);
    g_autoptr(GByteArray) s2 = save(a);
    g_autoptr(GByteArray) sb = NULL;
    g_autoptr(GError) err = NULL;

    assert_same_bytes(s1, s2);
    g_assert_cmpuint(s1->len, >=, 4);
    g_assert_cmpmem(s1->data, 4, "SPRQ", 4);
    /* Golden streams (docs/specs/migration.md): the emulated XIVE and
     * kvm-sim power9-6.1's in-kernel XIVE, queues and pending interrupts;
     * loaded below. */
    {
        const Backend *be = data;
        const char *file = !strcmp(be->name, "emulated") ? "stream-xive-tcg.bin"
                           : !strcmp(be->name, "kvm-sim:power9-6.1")
                               ? "stream-xive-kvm-sim-power9-6.1.bin"
                               : NULL;

        if (file) {
            g_autoptr(GByteArray) g = conformance_golden(file, s1);
        }
    }

    /* Migration moves RAM separately: copy it. */
    memcpy(b->ram, a->ram, RAM_SIZE);
    g_assert_true(spapr_irq_load(b->irq, s1->data, s1->len, &err));
    g_assert_no_error(err);
    g_clear_error(&err);
    sb = save(b);
    assert_same_bytes(sb, s1);
    expect_same_view(a, b);
    g_assert_cmpuint(b->raises[0], ==, 1); /* the line came up on load */

    /* Both machines carry on alike. */
    for (int k = 0; k < 2; k++) {
        Machine *x = k ? b : a;

        ack_expect(x, 0, 0x8005);
        set_cppr(x, 0, 0xff);
        g_assert_cmphex(eoi(x, MSI_A), ==, 1); /* PQ 11: re-notify */
        expect_qentry(x, QPAGE(0, 5), 1, QENTRY(1, 0x0a));
        expect_qoff(x, 0, 5, 2);
        expect_only_line(x, 0);
        ack_expect(x, 0, 0x8005);
        set_cppr(x, 0, 0xff);
        g_assert_cmphex(eoi(x, MSI_A), ==, 0);

        /* CPU 1: the LSI is still asserted; CPPR 0xff signals the OS
         * pending priority 6. */
        set_cppr(x, 1, 0xff);
        expect_os(x, 1, NSR_EO, 0xff, IPB(6), 6);
        ack_expect(x, 1, 0x8006);
        g_assert_cmphex(hesb_load(x, LSI_L, ESB_EOI), ==, in_kernel(x) ? 0 : 1);
        expect_qentry(x, QPAGE(1, 3), 1, QENTRY(1, 0x1c));
        set_cppr(x, 1, 0xff);
        expect_os(x, 1, NSR_EO, 0xff, IPB(3), 3);
        ack_expect(x, 1, 0x8003);

        /* The masked source is still masked, still PQ 10. */
        expect_pq(x, MSI_B, PQ_10);
        expect_source(x, MSI_B, server_of(x, 1), PRIO_MASKED, 0x0b);
    }
    {
        g_autoptr(GByteArray) ea = save(a);
        g_autoptr(GByteArray) eb = save(b);

        assert_same_bytes(ea, eb);
        g_assert_cmpmem(a->ram, RAM_SIZE, b->ram, RAM_SIZE);
    }

    /* Loading onto the same machine is a no-op. */
    {
        g_autoptr(GByteArray) s = save(b);
        g_autoptr(GByteArray) again = NULL;

        g_assert_true(spapr_irq_load(b->irq, s->data, s->len, &err));
        g_assert_no_error(err);
        again = save(b);
        assert_same_bytes(again, s);
    }
}

/* Loads @buf into @m, which must refuse it and stay as it was. */
static void expect_refused_at(int line, Machine *m, const uint8_t *buf,
                              size_t len, const char *what)
{
    g_autoptr(GByteArray) before = save(m);
    g_autofree bool *lines = g_new(bool, m->max_cpus);
    g_autofree unsigned *raises = g_new(unsigned, m->max_cpus);
    g_autofree uint8_t *copy = dup_bytes(buf, len);

    memcpy(lines, m->line, m->max_cpus * sizeof(bool));
    memcpy(raises, m->raises, m->max_cpus * sizeof(unsigned));
    g_test_message("line %d: %s", line, what);
    expect_load_fails_at(line, m, copy, len);
    expect_state_at(line, m, before);
    g_assert_cmpmem(m->line, m->max_cpus * sizeof(bool), lines,
                    m->max_cpus * sizeof(bool));
    /* Not even a glitch on a line. */
    g_assert_cmpmem(m->raises, m->max_cpus * sizeof(unsigned), raises,
                    m->max_cpus * sizeof(unsigned));
}
#define expect_refused(m, buf, len, what)                                      \
    expect_refused_at(__LINE__, m, buf, len, what)

/*
 * Corrupted states are refused and leave the target as it was: every
 * byte flipped, every truncation (the fields' own checks behind the
 * checksum: tests/unit/machine/stream.c).
 */
void test_state_corrupt(const void *data)
{
    g_autoptr(Machine) a = machine_stateful(data);
    g_autoptr(Machine) b = machine_twin(data);
    g_autoptr(GByteArray) s = save(a);
    g_autofree uint8_t *buf = dup_bytes(s->data, s->len);

    /* The target has state of its own, with its line up. */
    open_queue(b, 1, 2);
    enable_source(b, MSI_C, 1, 2, 0x2c);
    set_cppr(b, 1, 0xff);
    trigger(b, MSI_C);
    expect_only_line(b, 1);

    /* The layer's header. */
    buf[0] ^= 0xff;
    expect_refused(b, buf, s->len, "bad magic");
    memcpy(buf, s->data, s->len);
    {
        g_autofree uint8_t *longer = g_malloc0(s->len + 1);

        memcpy(longer, s->data, s->len);
        expect_refused(b, longer, s->len + 1, "trailing byte");
    }

    /* Every byte flipped (the stream's CRC32C catches each; the fields'
     * own checks are in tests/unit/machine/state.c). */
    for (size_t p = 0; p < s->len; p++) {
        buf[p] ^= 0xff;
        expect_refused(b, buf, s->len, "a byte flipped");
        buf[p] ^= 0xff;
    }
    /* Every truncation. */
    for (size_t n = 0; n < s->len; n++) {
        expect_refused(b, buf, n, "truncated");
    }
}

/* Every truncation is refused, without a crash and without a change. */
void test_state_truncated(const void *data)
{
    g_autoptr(Machine) a = machine_stateful(data);
    g_autoptr(Machine) b = machine_twin(data);
    g_autoptr(GByteArray) s = save(a);
    g_autoptr(GByteArray) before = NULL;

    open_queue(b, 0, 1);
    enable_source(b, MSI_B, 0, 1, 0x2b);
    set_cppr(b, 0, 0xff);
    trigger(b, MSI_B);
    before = save(b);

    for (size_t len = 0; len < s->len; len++) {
        g_autoptr(GError) err = NULL;
        g_autofree uint8_t *buf = dup_bytes(s->data, len);

        if (spapr_irq_load(b->irq, buf, len, &err)) {
            g_test_message("load of %zu of %u bytes succeeded", len, s->len);
            g_test_fail();
            break;
        }
        if (!g_error_matches(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE)) {
            g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE);
            break;
        }
        if (len % 4096 == 0 || len + 64 > s->len) {
            expect_state(b, before);
        }
    }
    expect_state(b, before);
    expect_only_line(b, 0);
    expect_os(b, 0, NSR_EO, 0xff, IPB(1), 1);
}

/* Flip every byte of a saved state (a stride of them under a slow
 * build): a load either fails and changes nothing, or succeeds and the
 * machine then saves exactly what it loaded.  The failure is a state
 * error; in the kernel it may also be the kernel's refusal of a
 * configuration the model accepts (a source routed to a priority no vCPU
 * has a queue for, a queue without always-notify), as for QEMU. */
void test_state_byte_flips(const void *data)
{
    g_autoptr(Machine) a = machine_stateful(data);
    g_autoptr(Machine) b = machine_twin(data);
    g_autoptr(GByteArray) s = save(a);
    g_autoptr(GByteArray) before = save(b);
    g_autofree uint8_t *buf = dup_bytes(s->data, s->len);
    size_t stride = g_test_slow() ? 1 : 7;
    unsigned accepted = 0, refused = 0, kernel_refused = 0;

    for (size_t i = 0; i < s->len; i += (i < 64 ? 1 : stride)) {
        g_autoptr(GError) err = NULL;

        buf[i] ^= 0xff;
        if (spapr_irq_load(b->irq, buf, s->len, &err)) {
            g_autoptr(GByteArray) got = save(b);

            accepted++;
            if (got->len != s->len || memcmp(got->data, buf, s->len)) {
                g_test_message("byte %zu flipped: loaded, but saves back "
                               "differently",
                               i);
                g_test_fail();
            }
            /* Back to the twin's own state. */
            g_assert_true(
                spapr_irq_load(b->irq, before->data, before->len, NULL));
        } else if (in_kernel(b) && g_error_matches(err, SPAPR_IRQ_ERROR,
                                                   SPAPR_IRQ_ERROR_HOST)) {
            kernel_refused++;
        } else {
            refused++;
            if (!g_error_matches(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE)) {
                g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE);
            }
        }
        buf[i] ^= 0xff;
        if (i % 1024 == 0) {
            expect_state(b, before);
        }
    }
    g_test_message("%u flips refused, %u refused by the kernel, %u accepted",
                   refused, kernel_refused, accepted);
    expect_state(b, before);
    g_assert_cmpuint(refused, >, 0);
}

/* State saved with other claims or other vCPUs does not load. */
void test_state_claims_differ(const void *data)
{
    g_autoptr(Machine) a = machine_stateful(data);
    g_autoptr(GByteArray) s = save(a);

    {
        g_autoptr(Machine) b = machine_twin(data);

        claim(b, MSI_D, false);
        expect_refused(b, s->data, s->len, "one claim more");
    }
    {
        g_autoptr(Machine) b = machine_new(data, 2);

        claim(b, MSI_A, false);
        claim(b, MSI_B, false);
        claim(b, LSI_L, true);
        expect_refused(b, s->data, s->len, "one claim less");
    }
    {
        g_autoptr(Machine) b = machine_new(data, 2);

        claim(b, MSI_A, false);
        claim(b, MSI_B, false);
        claim(b, MSI_C, true);
        claim(b, LSI_L, true);
        expect_refused(b, s->data, s->len, "an MSI claimed as an LSI");
    }
    {
        g_autoptr(Machine) b = machine_new(data, 2);

        claim(b, MSI_A, false);
        claim(b, MSI_B, false);
        claim(b, MSI_C, false);
        claim(b, LSI_L, false);
        expect_refused(b, s->data, s->len, "an LSI claimed as an MSI");
    }
    {
        g_autoptr(Machine) b = machine_new(data, 3);

        claim_state_sources(b);
        expect_refused(b, s->data, s->len, "one vCPU more");
    }
    {
        MachineOpts opts = {"pseries,ic-mode=xive", "power9", 2, 4,
                            SPAPR_INTC_XIVE};
        g_autoptr(Machine) b = machine_new_opts(data, &opts);

        claim_state_sources(b);
        expect_refused(b, s->data, s->len, "maxcpus 4");
    }
}

/* ---- fields behind the checksum ---- */

typedef struct FieldAt {
    const char *section, *field;
    size_t offset, size;
    bool found;
} FieldAt;

static void find_field(void *opaque, const char *section, const char *field,
                       uint64_t value, size_t offset, size_t size)
{
    FieldAt *f = opaque;

    (void)value;
    if (!f->found && g_str_equal(section, f->section) &&
        g_str_equal(field, f->field)) {
        f->offset = offset;
        f->size = size;
        f->found = true;
    }
}

/* @s with field @section/@field set to @value (big-endian, its own size)
 * and the checksum made right again, so that the field's own check is
 * what refuses it. */
static GByteArray *edit_field(const GByteArray *s, const char *section,
                              const char *field, uint64_t value)
{
    FieldAt f = {section, field, 0, 0, false};
    GByteArray *c = g_byte_array_new();
    uint32_t crc;

    g_assert_true(spapr_irq_state_walk(s->data, s->len, find_field, &f, NULL));
    if (!f.found) {
        g_test_message("no field %s / %s in the stream", section, field);
    }
    g_assert_true(f.found);
    g_byte_array_append(c, s->data, s->len);
    for (size_t i = 0; i < f.size; i++) {
        c->data[f.offset + i] = value >> (8 * (f.size - 1 - i));
    }
    crc = state_crc32c(c->data, c->len - 4);
    for (int i = 0; i < 4; i++) {
        c->data[c->len - 4 + i] = crc >> (8 * (3 - i));
    }
    return c;
}

/*
 * Each XIVE field's own check, behind a right checksum: an OS ring whose
 * registers disagree (a CPPR of 0x10, a PIPR that is not the IPB's), a
 * misaligned queue, an EAS naming a reserved priority's END, a status an
 * MSI cannot have.  Each is refused naming the field, the target as it
 * was.
 */
void test_state_fields(const void *data)
{
    g_autoptr(Machine) a = machine_busy(data);
    g_autoptr(Machine) b = machine_busy(data);
    g_autoptr(GByteArray) s = save(a);
    g_autofree char *s0 = g_strdup_printf("cpu %u", server_of(a, 0));
    g_autofree char *end05 =
        g_strdup_printf("end 0x%x w3", server_of(a, 0) * 8 + 5);
    const struct {
        const char *section, *field;
        uint64_t value;
        const char *what;
    } edits[] = {
        {s0, "xive.os.cppr", 0x10, "OS ring NSR"},
        {s0, "xive.os.pipr", 0, "do not agree"},
        {"xive", end05, QPAGE(0, 5) + 0x100,
         "is not one H_INT_SET_QUEUE_CONFIG can make"},
        {"xive", "source 0x1300 eas", 0x8000000700000000ull, "priority 7"},
        {"xive", "source 0x1301 status", 0x0c, "invalid for an MSI"},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(edits); i++) {
        g_autoptr(GByteArray) c =
            edit_field(s, edits[i].section, edits[i].field, edits[i].value);
        g_autoptr(GByteArray) before = save(b);
        g_autoptr(GError) err = NULL;

        g_test_message("%s / %s = 0x%" PRIx64, edits[i].section, edits[i].field,
                       edits[i].value);
        g_assert_false(spapr_irq_load(b->irq, c->data, c->len, &err));
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE);
        if (!strstr(err->message, edits[i].what)) {
            g_test_message("\"%s\" does not say \"%s\"", err->message,
                           edits[i].what);
        }
        g_assert_nonnull(strstr(err->message, edits[i].what));
        expect_state(b, before);
    }
    /* The unedited stream loads. */
    g_assert_true(spapr_irq_load(b->irq, s->data, s->len, NULL));
}
