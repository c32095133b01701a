/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The conformance suites' shared fixture (conformance.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance.h"
#include "sim/sim.h"

static void parse_opt(SpaprIrqConfig *cfg, const char *name, const char *arg)
{
    g_autoptr(GError) err = NULL;

    if (!spapr_irq_config_parse_option(cfg, name, arg, &err)) {
        g_test_message("%s %s: %s", name, arg, err ? err->message : "?");
    }
    g_assert_no_error(err);
}

SpaprIrq *conformance_machine(const ConformanceBackend *be, const char *machine,
                              const char *cpu, uint32_t ncpus,
                              uint32_t max_cpus, const SpaprIrqCallbacks *cb)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;
    g_autofree char *smp = g_strdup_printf("%u,maxcpus=%u", ncpus, max_cpus);
    SpaprIrq *irq;

    parse_opt(cfg, "-machine", machine);
    if (cpu) {
        parse_opt(cfg, "-cpu", cpu);
    }
    parse_opt(cfg, "-smp", smp);
    for (const char *const *a = be->argv; a[0]; a += 2) {
        g_assert(a[1] != NULL);
        parse_opt(cfg, a[0], a[1]);
    }

    irq = spapr_irq_create(cfg, cb, -1, &err);
    if (!irq) {
        g_test_message("create: %s", err ? err->message : "?");
    }
    g_assert_no_error(err);
    g_clear_error(&err);
    g_assert(irq != NULL); /* fatal: nothing to test without it */
    for (uint32_t i = 0; i < ncpus; i++) {
        g_assert_true(spapr_irq_cpu_add(irq, i, -1, &err));
        g_assert_no_error(err);
        g_clear_error(&err);
    }
    g_assert_true(spapr_irq_reset(irq, &err));
    g_assert_no_error(err);
    return irq;
}

/*
 * Takes "--part K/N" (1 <= K <= N) out of argv: *@part gets K - 1 and
 * *@nparts N; without it the whole suite is one part.  Exits 2 on a bad
 * value.
 */
static void take_part(int *argc, char **argv, size_t *part, size_t *nparts)
{
    *part = 0;
    *nparts = 1;
    for (int i = 1; i < *argc; i++) {
        unsigned k, n;
        char end;

        if (!g_str_equal(argv[i], "--part")) {
            continue;
        }
        if (i + 1 >= *argc ||
            sscanf(argv[i + 1], "%u/%u%c", &k, &n, &end) != 2 || k < 1 ||
            k > n) {
            g_printerr("%s: --part needs K/N with 1 <= K <= N\n", argv[0]);
            exit(2);
        }
        *part = k - 1;
        *nparts = n;
        memmove(&argv[i], &argv[i + 2], (*argc - i - 2) * sizeof(char *));
        *argc -= 2;
        argv[*argc] = NULL;
        i--;
    }
}

int conformance_main(int argc, char **argv, const char *suite,
                     const ConformanceBackend *backends, size_t nbackends,
                     const ConformanceTest *tests, size_t ntests)
{
    size_t part, nparts;

    take_part(&argc, argv, &part, &nparts);
    g_test_init(&argc, &argv, NULL);
    g_test_set_nonfatal_assertions();

    for (size_t b = 0; b < nbackends; b++) {
        for (size_t t = 0; t < ntests; t++) {
            g_autofree char *path = NULL;

            /* Every nparts-th test of the whole run, so that the slow
             * tests (saved state) spread over the parts. */
            if ((b * ntests + t) % nparts != part) {
                continue;
            }
            path = g_strdup_printf("/%s/%s/%s", suite, backends[b].name,
                                   tests[t].name);
            g_test_add_data_func(path, &backends[b], tests[t].fn);
        }
    }
    return g_test_run();
}

GByteArray *conformance_save(SpaprIrq *irq)
{
    g_autoptr(GError) err = NULL;
    GByteArray *out = g_byte_array_new();

    g_assert_true(spapr_irq_save(irq, out, &err));
    g_assert_no_error(err);
    g_assert_cmpuint(out->len, >, 0);
    return out;
}

void conformance_expect_state(int line, SpaprIrq *irq, const GByteArray *before)
{
    g_autoptr(GByteArray) now = conformance_save(irq);

    if (now->len != before->len ||
        memcmp(now->data, before->data, now->len) != 0) {
        g_test_message("line %d: the machine's state changed", line);
    }
    g_assert_cmpmem(now->data, now->len, before->data, before->len);
}

uint8_t *conformance_dup_bytes(const uint8_t *data, size_t len)
{
    uint8_t *buf = g_malloc(len ? len : 1);

    memcpy(buf, data, len);
    return buf;
}

const char *conformance_event_name(const SpaprIrqTraceEvent *ev)
{
    const char *name = spapr_irq_trace_name(ev->id);

    g_assert_nonnull(name);
    return name ? name : "(unnamed)";
}

void conformance_log_events(const GArray *events)
{
    for (guint i = 0; i < events->len; i++) {
        const SpaprIrqTraceEvent *ev =
            &g_array_index(events, SpaprIrqTraceEvent, i);

        g_test_message("  event %u: %s 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64
                       " 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64,
                       i, conformance_event_name(ev), ev->a[0], ev->a[1],
                       ev->a[2], ev->a[3], ev->a[4], ev->a[5]);
    }
}

int conformance_find_event(const GArray *events, const char *name, guint from)
{
    for (guint i = from; i < events->len; i++) {
        if (g_str_equal(conformance_event_name(
                            &g_array_index(events, SpaprIrqTraceEvent, i)),
                        name)) {
            return i;
        }
    }
    return -1;
}

const SpaprHostProfile *conformance_profile(const ConformanceBackend *be)
{
    const char *prefix = "kvm-sim:";

    if (be->emulated || !g_str_has_prefix(be->name, prefix)) {
        return NULL;
    }
    return spapr_host_profile_find(be->name + strlen(prefix));
}

bool conformance_xics_on_xive(const ConformanceBackend *be)
{
    const SpaprHostProfile *p = conformance_profile(be);

    return p && p->xics_on_xive;
}

GByteArray *conformance_golden(const char *file, const GByteArray *s)
{
    const char *src = g_getenv("SPAPR_IRQ_SOURCE_DIR");
    g_autofree char *path =
        g_build_filename(src ? src : ".", "tests", "data", file, NULL);
    g_autoptr(GError) err = NULL;
    char *data = NULL;
    gsize len = 0;

    if (g_strcmp0(g_getenv("SPAPR_IRQ_REGEN_GOLDEN"), "1") == 0) {
        g_assert_true(
            g_file_set_contents(path, (const char *)s->data, s->len, &err));
        g_assert_no_error(err);
        g_test_message("golden stream %s written (%u bytes)", path, s->len);
    }
    g_assert_true(g_file_get_contents(path, &data, &len, &err));
    g_assert_no_error(err);
    g_test_message("golden stream %s: %zu bytes", path, (size_t)len);
    g_assert_cmpmem(data, len, s->data, s->len);
    return g_byte_array_new_take((guint8 *)data, len);
}
