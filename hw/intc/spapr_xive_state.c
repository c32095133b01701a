/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: saved state of the sPAPR XIVE controller (facts section 9;
 * docs/specs/xive.md, "Saved state").
 *
 * Format, version 1, every number big-endian whatever the host:
 *   u16 version, u32 nr_servers, u32 max_cpus, u8 options (bit 0:
 *   store-EOI), u32 nr_irqs (0x2000), then per LISN:
 *     u64 EAS (IBM bit layout), u8 status (PQ | 0x4 asserted), u8 flags
 *     (0x1 LSI)
 *   u32 nr_ends (nr_servers * 8), then per END: 8 x u32 words
 *   u32 number of thread contexts, then per context, by CPU index:
 *     u32 cpu_index, u32 server, 64 bytes of TIMA registers
 * Load checks every field against what the machine here can hold (claims,
 * servers, vCPUs, the layout of each word) before it changes anything.
 */
#include <string.h>

#include "hw/intc/spapr_xive.h"
#include "hw/core/state.h"

#define XIVE_STATE_VERSION 1
#define OPT_STORE_EOI      0x1
#define TCTX_RECORD_SIZE   (8 + TM_RING_SIZE)
#define END_W0_ALLOWED                                                         \
    (END_W0_VALID | END_W0_ENQUEUE | END_W0_UCOND_NOTIFY | END_W0_QSIZE)
#define END_W1_ALLOWED                                                         \
    (END_W1_ESn | END_W1_ESe | END_W1_GENERATION | END_W1_PAGE_OFF)

static uint32_t tctx_count(Xive *x)
{
    uint32_t n = 0;

    for (uint32_t c = 0; c < x->max_cpus; c++) {
        n += xive_tctx_by_cpu(x, c) != NULL;
    }
    return n;
}

bool spapr_xive_save(SpaprIntc *intc, GByteArray *out, GError **errp)
{
    Xive *x = spapr_xive_model(intc);

    state_put_u16(out, XIVE_STATE_VERSION);
    state_put_u32(out, x->nr_servers);
    state_put_u32(out, x->max_cpus);
    state_put_u8(out, x->store_eoi ? OPT_STORE_EOI : 0);
    state_put_u32(out, XIVE_NR_IRQS);
    for (uint32_t i = 0; i < XIVE_NR_IRQS; i++) {
        state_put_u32(out, x->eat[i] >> 32);
        state_put_u32(out, (uint32_t)x->eat[i]);
        state_put_u8(out, x->status[i]);
        state_put_u8(out, x->flags[i]);
    }
    state_put_u32(out, x->nr_ends);
    for (uint32_t e = 0; e < x->nr_ends; e++) {
        for (int w = 0; w < 8; w++) {
            state_put_u32(out, x->endt[e].w[w]);
        }
    }
    state_put_u32(out, tctx_count(x));
    for (uint32_t c = 0; c < x->max_cpus; c++) {
        const XiveTctx *t = xive_tctx_by_cpu(x, c);

        if (t) {
            state_put_u32(out, c);
            state_put_u32(out, t->server);
            g_byte_array_append(out, t->regs, sizeof(t->regs));
        }
    }
    return true;
}

static bool load_header(StateReader *r, const Xive *x, GError **errp)
{
    uint32_t version, nr_servers, max_cpus, options, nr_irqs;

    if (!state_get_uint(r, 2, &version)) {
        return state_error(errp, "XIVE: truncated header");
    }
    if (version != XIVE_STATE_VERSION) {
        return state_error(errp, "XIVE: version %u is not supported (want %u)",
                           version, XIVE_STATE_VERSION);
    }
    if (!state_get_uint(r, 4, &nr_servers) ||
        !state_get_uint(r, 4, &max_cpus) || !state_get_uint(r, 1, &options) ||
        !state_get_uint(r, 4, &nr_irqs)) {
        return state_error(errp, "XIVE: truncated header");
    }
    if (nr_servers != x->nr_servers || max_cpus != x->max_cpus) {
        return state_error(errp,
                           "XIVE: %u servers and %u CPUs in the saved state, "
                           "%u and %u here",
                           nr_servers, max_cpus, x->nr_servers, x->max_cpus);
    }
    if (options != (x->store_eoi ? OPT_STORE_EOI : 0u)) {
        return state_error(errp,
                           "XIVE: options 0x%x in the saved state, 0x%x here "
                           "(store-EOI differs)",
                           options, x->store_eoi ? OPT_STORE_EOI : 0u);
    }
    if (nr_irqs != XIVE_NR_IRQS) {
        return state_error(errp,
                           "XIVE: 0x%x sources in the saved state, 0x%x "
                           "here",
                           nr_irqs, XIVE_NR_IRQS);
    }
    return true;
}

static bool load_source(StateReader *r, const Xive *x, uint32_t i,
                        uint64_t *eas, uint8_t *status, GError **errp)
{
    uint32_t hi, lo, st, flags;
    bool claimed = xive_eas_is_valid(x->eat[i]);

    if (!state_get_uint(r, 4, &hi) || !state_get_uint(r, 4, &lo) ||
        !state_get_uint(r, 1, &st) || !state_get_uint(r, 1, &flags)) {
        return state_error(errp, "XIVE: truncated at source 0x%x", i);
    }
    *eas = (uint64_t)hi << 32 | lo;
    if (flags != x->flags[i] || xive_eas_is_valid(*eas) != claimed) {
        return state_error(
            errp,
            "XIVE: source 0x%x is %s %s in the saved state but "
            "%s %s here (claims differ)",
            i, xive_eas_is_valid(*eas) ? "a claimed" : "an unclaimed",
            flags & XIVE_SRC_LSI ? "LSI" : "MSI",
            claimed ? "a claimed" : "an unclaimed",
            x->flags[i] & XIVE_SRC_LSI ? "LSI" : "MSI");
    }
    if (!claimed && *eas) {
        return state_error(
            errp,
            "XIVE: unclaimed source 0x%x has EAS 0x%016" G_GINT64_MODIFIER "x",
            i, (guint64)*eas);
    }
    /* H_INT_SET_SOURCE_CONFIG never names the reserved priority 7. */
    if ((*eas & ~EAS_ALL) ||
        xive_get_field64(EAS_END_BLOCK, *eas) != XIVE_BLOCK_ID ||
        xive_get_field64(EAS_END_INDEX, *eas) >= x->nr_ends ||
        xive_get_field64(EAS_END_INDEX, *eas) % (XIVE_PRIORITY_MAX + 1) ==
            XIVE_PRIORITY_MAX) {
        return state_error(errp,
                           "XIVE: source 0x%x has EAS 0x%016" G_GINT64_MODIFIER
                           "x: reserved bits, priority 7 or an END beyond %u",
                           i, (guint64)*eas, x->nr_ends);
    }
    if ((st & ~(XIVE_STATUS_PQ | XIVE_STATUS_ASSERTED)) ||
        ((st & XIVE_STATUS_ASSERTED) && !(flags & XIVE_SRC_LSI))) {
        return state_error(errp,
                           "XIVE: source 0x%x has status 0x%x, invalid "
                           "for an %s",
                           i, st, flags & XIVE_SRC_LSI ? "LSI" : "MSI");
    }
    *status = st;
    return true;
}

static bool load_end(StateReader *r, const Xive *x, uint32_t e, XiveEnd *end,
                     GError **errp)
{
    XiveEnd reset;
    uint32_t qsize, entries;
    uint64_t qaddr;

    for (int w = 0; w < 8; w++) {
        if (!state_get_uint(r, 4, &end->w[w])) {
            return state_error(errp, "XIVE: truncated at END 0x%x", e);
        }
    }
    xive_end_reset(&reset);
    if (!(end->w[0] & END_W0_VALID)) {
        if (memcmp(end, &reset, sizeof(reset))) {
            return state_error(errp,
                               "XIVE: END 0x%x is not valid and not in "
                               "its reset state",
                               e);
        }
        return true;
    }
    qsize = xive_get_field32(END_W0_QSIZE, end->w[0]);
    entries = xive_end_qentries(end);
    qaddr = xive_end_qaddr(end);
    if ((end->w[0] & ~END_W0_ALLOWED) || !(end->w[0] & END_W0_ENQUEUE) ||
        (qsize != 0 && qsize != 4 && qsize != 9 && qsize != 12) ||
        (end->w[1] & ~END_W1_ALLOWED) ||
        xive_get_field32(END_W1_PAGE_OFF, end->w[1]) >= entries ||
        (end->w[2] & ~END_W2_OP_DESC_HI) ||
        (qaddr & ((UINT64_C(1) << (qsize + 12)) - 1)) || end->w[4] ||
        end->w[5] ||
        end->w[6] !=
            xive_set_field32(END_W6_NVT_INDEX, 0,
                             XIVE_NVT_BASE + e / (XIVE_PRIORITY_MAX + 1)) ||
        end->w[7] != xive_set_field32(END_W7_F0_PRIORITY, 0,
                                      e % (XIVE_PRIORITY_MAX + 1))) {
        return state_error(errp,
                           "XIVE: END 0x%x (server %u priority %u) is not one "
                           "H_INT_SET_QUEUE_CONFIG can make: %08x %08x %08x "
                           "%08x %08x %08x %08x %08x",
                           e, e / (XIVE_PRIORITY_MAX + 1),
                           e % (XIVE_PRIORITY_MAX + 1), end->w[0], end->w[1],
                           end->w[2], end->w[3], end->w[4], end->w[5],
                           end->w[6], end->w[7]);
    }
    return true;
}

/* The thread-context bytes a guest cannot change: everything but the OS
 * ring's NSR, CPPR, IPB and PIPR holds its reset value. */
static bool load_tctx(StateReader *r, Xive *x, XiveTctx *t, uint8_t *regs,
                      GError **errp)
{
    uint32_t server;
    const uint8_t *b;
    XiveTctx fresh = *t;
    uint8_t *os = &regs[TM_QW1_OS];

    if (!state_get_uint(r, 4, &server) ||
        !state_get_bytes(r, TM_RING_SIZE, &b)) {
        return state_error(errp, "XIVE: truncated at CPU %u", t->cpu_index);
    }
    if (server != t->server) {
        return state_error(errp,
                           "XIVE: CPU %u is server %u in the saved state, %u "
                           "here",
                           t->cpu_index, server, t->server);
    }
    memcpy(regs, b, TM_RING_SIZE);
    /* A reset copy (without touching the vCPU line) to compare with. */
    memset(fresh.regs, 0, sizeof(fresh.regs));
    fresh.output = false;
    xive_tctx_reset(x, &fresh);
    for (unsigned i = 0; i < TM_RING_SIZE; i++) {
        bool free_byte = i == TM_QW1_OS + TM_NSR || i == TM_QW1_OS + TM_CPPR ||
                         i == TM_QW1_OS + TM_IPB || i == TM_QW1_OS + TM_PIPR;

        if (!free_byte && regs[i] != fresh.regs[i]) {
            return state_error(errp,
                               "XIVE: CPU %u has TIMA byte 0x%02x = 0x%02x, "
                               "want 0x%02x",
                               t->cpu_index, i, regs[i], fresh.regs[i]);
        }
    }
    if ((os[TM_NSR] & ~TM_QW1_NSR_EO) ||
        (os[TM_CPPR] > XIVE_PRIORITY_MAX && os[TM_CPPR] != 0xff) ||
        os[TM_PIPR] != xive_ipb_to_pipr(os[TM_IPB])) {
        return state_error(errp,
                           "XIVE: CPU %u has OS ring NSR 0x%02x CPPR 0x%02x "
                           "IPB 0x%02x PIPR 0x%02x, which do not agree",
                           t->cpu_index, os[TM_NSR], os[TM_CPPR], os[TM_IPB],
                           os[TM_PIPR]);
    }
    return true;
}

bool spapr_xive_load(SpaprIntc *intc, const uint8_t *buf, size_t len,
                     GError **errp)
{
    Xive *x = spapr_xive_model(intc);
    StateReader r = {buf, len};
    g_autofree uint64_t *eat = g_new0(uint64_t, XIVE_NR_IRQS);
    g_autofree uint8_t *status = g_new0(uint8_t, XIVE_NR_IRQS);
    g_autofree XiveEnd *endt = NULL;
    g_autofree uint8_t *regs =
        g_new0(uint8_t, (size_t)x->max_cpus * TM_RING_SIZE);
    uint32_t nr_ends, n_tctx, n_here;

    if (!load_header(&r, x, errp)) {
        return false;
    }
    for (uint32_t i = 0; i < XIVE_NR_IRQS; i++) {
        if (!load_source(&r, x, i, &eat[i], &status[i], errp)) {
            return false;
        }
    }
    if (!state_get_uint(&r, 4, &nr_ends)) {
        return state_error(errp, "XIVE: truncated before the ENDs");
    }
    if (nr_ends != x->nr_ends) {
        return state_error(errp, "XIVE: %u ENDs in the saved state, %u here",
                           nr_ends, x->nr_ends);
    }
    endt = g_new0(XiveEnd, nr_ends);
    for (uint32_t e = 0; e < nr_ends; e++) {
        if (!load_end(&r, x, e, &endt[e], errp)) {
            return false;
        }
    }
    n_here = tctx_count(x);
    if (!state_get_uint(&r, 4, &n_tctx)) {
        return state_error(errp, "XIVE: truncated before the thread contexts");
    }
    if (n_tctx != n_here) {
        return state_error(errp,
                           "XIVE: %u CPUs in the saved state, %u present here",
                           n_tctx, n_here);
    }
    for (uint32_t k = 0, last = 0; k < n_tctx; k++) {
        uint32_t cpu;
        XiveTctx *t;

        if (!state_get_uint(&r, 4, &cpu)) {
            return state_error(errp, "XIVE: truncated in the thread contexts");
        }
        t = cpu < x->max_cpus ? xive_tctx_by_cpu(x, cpu) : NULL;
        if (!t || (k > 0 && cpu <= last)) {
            return state_error(errp,
                               "XIVE: CPU %u in the saved state is not present "
                               "here (or out of order)",
                               cpu);
        }
        last = cpu;
        if (!load_tctx(&r, x, t, &regs[(size_t)cpu * TM_RING_SIZE], errp)) {
            return false;
        }
    }
    if (r.left) {
        return state_error(errp, "XIVE: %zu trailing bytes", r.left);
    }
    /* Everything is valid: apply. */
    memcpy(x->eat, eat, sizeof(x->eat));
    memcpy(x->status, status, sizeof(x->status));
    memcpy(x->endt, endt, sizeof(XiveEnd) * nr_ends);
    for (uint32_t c = 0; c < x->max_cpus; c++) {
        XiveTctx *t = xive_tctx_by_cpu(x, c);

        if (t) {
            memcpy(t->regs, &regs[(size_t)c * TM_RING_SIZE], TM_RING_SIZE);
            xive_tctx_sync_output(x, t);
        }
    }
    return true;
}
