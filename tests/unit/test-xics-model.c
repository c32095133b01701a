/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * White-box tests of the XICS model (hw/intc/xics.c): the resend path.
 *
 * The model keeps the sources that wait for a resend in sets by server
 * instead of scanning the whole ICS as QEMU does.  These tests hold it to
 * three claims:
 *  - its outcome is QEMU's: a model that resends by full scan and one that
 *    uses the sets are driven by the same random operations and must agree
 *    on every ICP, every source and every trace event, after every step,
 *    but for the events of QEMU's re-presentation of a source to another
 *    server that rejects it again (which the sets skip);
 *  - its cost follows what waits, not the size of the ICS;
 *  - a resend on one server leaves what waits for another untouched.
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "hw/intc/xics.h"

#define NR_CPUS 4

typedef struct Side {
    bool line[NR_CPUS];
    GString *events; /* every trace event, formatted, one per line */
} Side;

static void side_set_cpu_irq(void *opaque, uint32_t cpu, bool level)
{
    Side *s = opaque;

    g_assert_cmpuint(cpu, <, NR_CPUS);
    /* The model reports changes of level only. */
    g_assert_cmpint(s->line[cpu], !=, level);
    s->line[cpu] = level;
}

static void side_trace(void *opaque, const SpaprIrqTraceEvent *ev)
{
    Side *s = opaque;

    spapr_irq_trace_format(ev, s->events);
    g_string_append_c(s->events, '\n');
}

typedef struct Pair {
    Side side[2];
    SpaprIrqCallbacks cb[2];
    Xics x[2]; /* [0] waiting set, [1] QEMU's full scan */
} Pair;

static Pair *pair_new(void)
{
    Pair *p = g_new0(Pair, 1);

    for (int k = 0; k < 2; k++) {
        p->side[k].events = g_string_new(NULL);
        p->cb[k] = (SpaprIrqCallbacks){.opaque = &p->side[k],
                                       .set_cpu_irq = side_set_cpu_irq,
                                       .trace = side_trace};
        xics_init(&p->x[k], &p->cb[k], NR_CPUS, NR_CPUS);
        for (uint32_t c = 0; c < NR_CPUS; c++) {
            g_assert_true(xics_icp_create(&p->x[k], c, c));
        }
    }
    p->x[1].resend_full_scan = true;
    return p;
}

static void pair_free(Pair *p)
{
    for (int k = 0; k < 2; k++) {
        xics_fini(&p->x[k]);
        xics_fini(&p->x[k]); /* idempotent */
        g_string_free(p->side[k].events, TRUE);
    }
    g_free(p);
}

static void pair_compare(Pair *p, guint step)
{
    for (uint32_t c = 0; c < NR_CPUS; c++) {
        XicsIcp *a = xics_icp_by_cpu(&p->x[0], c);
        XicsIcp *b = xics_icp_by_cpu(&p->x[1], c);

        if (a->xirr != b->xirr || a->pending_priority != b->pending_priority ||
            a->mfrr != b->mfrr || a->output != b->output ||
            p->side[0].line[c] != p->side[1].line[c]) {
            g_test_message("step %u: CPU %u: XIRR %08x/%08x PP %02x/%02x "
                           "MFRR %02x/%02x line %d/%d",
                           step, c, a->xirr, b->xirr, a->pending_priority,
                           b->pending_priority, a->mfrr, b->mfrr, a->output,
                           b->output);
            g_assert_not_reached();
        }
        /* The line follows the ICP. */
        g_assert_cmpint(a->output, ==, xics_icp_xisr(a) != 0);
        g_assert_cmpint(p->side[0].line[c], ==, a->output);
    }
    for (uint32_t i = 0; i < XICS_NR_SOURCES; i++) {
        const XicsSource *a = &p->x[0].srcs[i], *b = &p->x[1].srcs[i];

        if (memcmp(a, b, sizeof(*a))) {
            g_test_message("step %u: source 0x%x: status %02x/%02x prio "
                           "%02x/%02x",
                           step, XICS_OFFSET + i, a->status, b->status,
                           a->priority, b->priority);
            g_assert_not_reached();
        }
    }
    if (p->cb[0].trace) {
        g_assert_cmpstr(p->side[0].events->str, ==, p->side[1].events->str);
    }
}

/* Drops from @events, after offset @from, each re-presentation of a
 * source to a server other than @server that rejected it again: an
 * xics_icp_irq line followed by the xics_ics_reject of the same IRQ.  In a
 * resend on @server, QEMU's full scan emits those for the sources that
 * wait for other servers; the waiting sets do not visit them. */
static void drop_rejections_elsewhere(GString *events, gsize from,
                                      uint32_t server)
{
    g_auto(GStrv) lines = g_strsplit(events->str + from, "\n", -1);
    g_autoptr(GString) kept = g_string_new(NULL);

    for (guint i = 0; lines[i] && lines[i][0]; i++) {
        unsigned cpu, irq, prio, irq2, src;

        if (lines[i + 1] &&
            sscanf(lines[i],
                   "xics_icp_irq cpu %u trying to deliver irq 0x%x "
                   "priority 0x%x",
                   &cpu, &irq, &prio) == 3 &&
            sscanf(lines[i + 1], "xics_ics_reject reject irq 0x%x [src %u]",
                   &irq2, &src) == 2 &&
            cpu != server && irq == irq2) {
            i++;
            continue;
        }
        g_string_append_printf(kept, "%s\n", lines[i]);
    }
    g_string_truncate(events, from);
    g_string_append(events, kept->str);
}

/* One random guest or device operation, drawn once and applied to both
 * models. */
static void random_op(Pair *p, GRand *r, uint32_t nsrc)
{
    static const uint8_t prios[] = {0, 2, 3, 4, 5, 5, 6, 0xff};
    uint32_t cpu = g_rand_int_range(r, 0, NR_CPUS);
    uint32_t srcno = g_rand_int_range(r, 0, nsrc) * 61 % XICS_NR_SOURCES;
    uint8_t prio = prios[g_rand_int_range(r, 0, G_N_ELEMENTS(prios))];
    int op = g_rand_int_range(r, 0, 9);
    bool ipi = g_rand_boolean(r);
    uint32_t xirr[2] = {0, 0};

    for (int k = 0; k < 2; k++) {
        Xics *x = &p->x[k];
        XicsIcp *icp = xics_icp_by_cpu(x, cpu);
        XicsSource *s = &x->srcs[srcno];
        gsize from = p->side[k].events->len;

        switch (op) {
        case 0:
            xics_icp_set_cppr(x, icp, prio);
            break;
        case 1:
            xics_icp_set_mfrr(x, icp, prio);
            break;
        case 2:
            xirr[k] = xics_icp_accept(x, icp);
            break;
        case 3:
            /* EOI of a source or of the IPI, with some CPPR byte. */
            xics_icp_eoi(x, icp,
                         (uint32_t)prio << 24 |
                             (ipi ? XICS_IPI : XICS_OFFSET + srcno));
            break;
        case 4:
        case 5:
            xics_ics_set_irq(x, srcno, op == 4);
            break;
        case 6:
            xics_ics_write_xive(x, srcno, cpu, prio, prio);
            break;
        case 7: /* ibm,int-off */
            xics_ics_write_xive(x, srcno, s->server, 0xff, s->priority);
            break;
        case 8: /* ibm,int-on */
            xics_ics_write_xive(x, srcno, s->server, s->saved_priority,
                                s->saved_priority);
            break;
        }
        /* The resends (on @cpu's server, which is @cpu here). */
        if (op == 0 || op == 3) {
            drop_rejections_elsewhere(p->side[k].events, from, cpu);
        }
    }
    g_assert_cmphex(xirr[0], ==, xirr[1]);
}

/* The same random operations on both models: identical state, lines and
 * (if @traced) trace after every step.  Untraced, the sets skip what would
 * only be rejected again unseen (Xics.settled_floor), and the first model
 * takes the usual cases' short paths (xics_ics_set_irq(), icp_irq(),
 * xics_icp_accept(), xics_icp_eoi()) while the second, traced, takes the
 * general ones: each step compares the two. */
static void resend_matches_full_scan(bool traced)
{
    guint64 visits_set = 0, visits_scan = 0;

    for (guint32 seed = 1; seed <= 40; seed++) {
        Pair *p = pair_new();
        GRand *r = g_rand_new_with_seed(seed);
        uint32_t nsrc = 8 + seed % 24;

        if (!traced) {
            /* The model reads the callback's presence at init only. */
            p->cb[0].trace = NULL;
            p->x[0].out.tracing = false;
        }
        for (uint32_t i = 0; i < nsrc; i++) {
            uint32_t srcno = i * 61 % XICS_NR_SOURCES;
            bool lsi = (i + seed) % 3 == 0;

            xics_ics_claim(&p->x[0], srcno, lsi);
            xics_ics_claim(&p->x[1], srcno, lsi);
        }
        for (guint step = 0; step < 3000; step++) {
            random_op(p, r, nsrc);
            pair_compare(p, step);
        }
        /* The runs did resend, and the set visited far fewer sources. */
        g_assert_cmpuint(p->x[1].resend_visits, >, 0);
        visits_set += p->x[0].resend_visits;
        visits_scan += p->x[1].resend_visits;
        g_rand_free(r);
        pair_free(p);
    }
    g_test_message("resend visits: %" G_GUINT64_FORMAT
                   " with the set, %" G_GUINT64_FORMAT " by full scan",
                   visits_set, visits_scan);
    g_assert_cmpuint(visits_set * 10, <, visits_scan);
}

static void test_resend_matches_full_scan(void)
{
    resend_matches_full_scan(true);
}

static void test_resend_matches_full_scan_untraced(void)
{
    resend_matches_full_scan(false);
}

/* The cost of a resend follows what waits: with every one of the 0x1000
 * sources claimed and one waiting, an EOI visits one source. */
static void test_resend_cost(void)
{
    Pair *p = pair_new();
    Xics *x = &p->x[0];
    XicsIcp *icp = xics_icp_by_cpu(x, 0);
    uint64_t before;

    for (uint32_t i = 0; i < XICS_NR_SOURCES; i++) {
        xics_ics_claim(x, i, i % 2);
        xics_ics_write_xive(x, i, 0, 5, 5);
    }
    /* CPPR 0: nothing can be presented; source 0x122 fires and waits. */
    xics_icp_set_cppr(x, icp, 0);
    xics_ics_set_irq(x, 0x122, 1); /* an MSI (even numbers are MSIs) */
    g_assert_true(x->srcs[0x122].status & XICS_STATUS_REJECTED);

    /* An EOI with nothing presented resends: one visit, one presentation. */
    before = x->resend_visits;
    xics_icp_eoi(x, icp, 0xff000000);
    g_assert_cmpuint(x->resend_visits - before, ==, 1);
    g_assert_cmphex(icp->xirr, ==, 0xff000000 | (XICS_OFFSET + 0x122));
    g_assert_true(icp->output);

    /* Accept + EOI: nothing waits any more, so no source is visited. */
    g_assert_cmphex(xics_icp_accept(x, icp), ==, 0xff001122);
    before = x->resend_visits;
    xics_icp_eoi(x, icp, 0xff001122);
    g_assert_cmpuint(x->resend_visits - before, ==, 0);
    g_assert_cmphex(icp->xirr, ==, 0xff000000);

    /* With k sources waiting, a pass visits k of them (plus any it
     * rejects back above the current one). */
    xics_icp_set_cppr(x, icp, 0);
    for (uint32_t i = 0; i < 64; i += 2) {
        xics_ics_set_irq(x, 0x800 + i, 1);
    }
    before = x->resend_visits;
    xics_icp_set_cppr(x, icp, 0xff);
    g_assert_cmpuint(x->resend_visits - before, ==, 32);
    /* Equal priorities: the lowest number is presented, the rest wait. */
    g_assert_cmphex(icp->xirr, ==, 0xff000000 | (XICS_OFFSET + 0x800));
    pair_free(p);
}

/* The waiting set at its edges: sources 0, 63, 64 and 0xfff. */
static void test_resend_edges(void)
{
    static const uint32_t edges[] = {0xfff, 64, 63, 0};
    Pair *p = pair_new();
    Xics *x = &p->x[0];
    XicsIcp *icp = xics_icp_by_cpu(x, 2);

    for (size_t i = 0; i < G_N_ELEMENTS(edges); i++) {
        xics_ics_claim(x, edges[i], false);
        xics_ics_write_xive(x, edges[i], 2, 5, 5);
        xics_ics_set_irq(x, edges[i], 1); /* CPPR 0 after reset: waits */
    }
    xics_icp_set_cppr(x, icp, 0xff);
    for (size_t i = G_N_ELEMENTS(edges); i-- > 0;) {
        uint32_t xirr = xics_icp_accept(x, icp);

        g_assert_cmphex(xirr & XICS_XISR_MASK, ==, XICS_OFFSET + edges[i]);
        xics_icp_eoi(x, icp, 0xff000000 | (xirr & XICS_XISR_MASK));
    }
    g_assert_cmphex(icp->xirr, ==, 0xff000000);
    g_assert_false(icp->output);
    pair_free(p);
}

/* A resend on one server visits nothing of what waits for another: with
 * 1,024 MSIs rejected by CPU 1 (CPPR 0), CPU 0's round trips and CPPR
 * changes visit none of them, and leave them waiting; CPU 1's own CPPR
 * change visits each once.  Only when CPU 1 could take them without a
 * resend of its own (H_XIRR with nothing pending sets CPPR 0xff) does
 * another CPU's resend present one, as QEMU's scan would. */
static void test_resend_per_server(void)
{
    Pair *p = pair_new();
    Xics *x = &p->x[0];
    XicsIcp *icp0 = xics_icp_by_cpu(x, 0), *icp1 = xics_icp_by_cpu(x, 1);
    uint64_t before;

    xics_ics_claim(x, 0x10, false);
    xics_ics_write_xive(x, 0x10, 0, 5, 5);
    for (uint32_t i = 0; i < 1024; i++) {
        xics_ics_claim(x, 0x100 + i, false);
        xics_ics_write_xive(x, 0x100 + i, 1, 5, 5);
        xics_ics_set_irq(x, 0x100 + i, 1); /* CPU 1's CPPR is 0 */
    }
    xics_icp_set_cppr(x, icp0, 0xff);
    before = x->resend_visits;
    for (int round = 0; round < 3; round++) {
        xics_ics_set_irq(x, 0x10, 1);
        g_assert_cmphex(xics_icp_accept(x, icp0), ==, 0xff001010);
        xics_icp_eoi(x, icp0, 0xff001010);
        xics_icp_set_cppr(x, icp0, 0xff);
    }
    g_assert_cmpuint(x->resend_visits - before, ==, 0);
    for (uint32_t i = 0; i < 1024; i++) {
        g_assert_cmphex(x->srcs[0x100 + i].status, ==, XICS_STATUS_REJECTED);
    }
    g_assert_cmphex(icp1->xirr, ==, 0);

    /* CPU 1 at CPPR 5, still rejecting them; then H_XIRR with nothing
     * pending makes its CPPR 0xff, with no resend on CPU 1.  QEMU's next
     * resend, on any CPU, presents the first of them to CPU 1. */
    xics_icp_set_cppr(x, icp1, 5);
    g_assert_cmphex(icp1->xirr, ==, 0x05000000);
    g_assert_cmphex(xics_icp_accept(x, icp1), ==, 0x05000000);
    g_assert_cmphex(icp1->xirr, ==, 0xff000000);
    g_assert_false(icp1->output);
    before = x->resend_visits;
    xics_icp_set_cppr(x, icp0, 0xff);
    g_assert_cmpuint(x->resend_visits - before, ==, 1024);
    g_assert_cmphex(icp1->xirr, ==, 0xff001100);
    g_assert_true(icp1->output);
    /* The others are settled with CPU 1 again: CPU 0 visits none. */
    before = x->resend_visits;
    xics_icp_set_cppr(x, icp0, 0xff);
    g_assert_cmpuint(x->resend_visits - before, ==, 0);

    /* CPU 1's own resend visits what waits for it, once each. */
    g_assert_cmphex(xics_icp_accept(x, icp1), ==, 0xff001100);
    before = x->resend_visits;
    xics_icp_eoi(x, icp1, 0xff001100);
    g_assert_cmpuint(x->resend_visits - before, ==, 1023);
    g_assert_cmphex(icp1->xirr, ==, 0xff001101);
    pair_free(p);
}

/* A reset visits only the sources that left their reset state. */
static void test_reset_clean(void)
{
    Pair *p = pair_new();
    Xics *x = &p->x[0];

    for (uint32_t i = 0; i < XICS_NR_SOURCES; i++) {
        xics_ics_claim(x, i, i % 2);
    }
    xics_ics_write_xive(x, 0x123, 2, 5, 5);
    xics_ics_set_irq(x, 0x123, 1); /* LSI, CPU 2's CPPR 0: waits */
    xics_ics_write_xive(x, 0x400, 3, 4, 6);
    xics_ics_reset(x);
    for (uint32_t i = 0; i < XICS_NR_SOURCES; i++) {
        const XicsSource *s = &x->srcs[i];

        g_assert_cmpuint(s->server, ==, 0);
        g_assert_cmphex(s->priority, ==, XICS_PRIO_MASKED);
        g_assert_cmphex(s->saved_priority, ==, XICS_PRIO_MASKED);
        g_assert_cmphex(s->status, ==, 0);
        g_assert_cmphex(s->flags, ==,
                        i % 2 ? XICS_FLAGS_IRQ_LSI : XICS_FLAGS_IRQ_MSI);
    }
    g_assert_cmphex(x->waiting.summary, ==, 0);
    g_assert_cmphex(x->dirty.summary, ==, 0);
    /* A state written directly (a load) is reset too. */
    x->srcs[0x776].priority = 3;
    x->srcs[0x776].status = XICS_STATUS_REJECTED;
    xics_ics_rebuild_waiting(x);
    g_assert_cmphex(x->waiting.summary, !=, 0);
    xics_ics_reset(x);
    g_assert_cmphex(x->srcs[0x776].priority, ==, XICS_PRIO_MASKED);
    g_assert_cmphex(x->srcs[0x776].status, ==, 0);
    g_assert_cmphex(x->waiting.summary, ==, 0);
    pair_free(p);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/xics-model/resend-matches-full-scan",
                    test_resend_matches_full_scan);
    g_test_add_func("/xics-model/resend-matches-full-scan-untraced",
                    test_resend_matches_full_scan_untraced);
    g_test_add_func("/xics-model/resend-cost", test_resend_cost);
    g_test_add_func("/xics-model/resend-edges", test_resend_edges);
    g_test_add_func("/xics-model/resend-per-server", test_resend_per_server);
    g_test_add_func("/xics-model/reset-clean", test_reset_clean);
    return g_test_run();
}
