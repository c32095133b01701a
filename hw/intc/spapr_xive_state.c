/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the XIVE section of the stream (docs/specs/migration.md,
 * "The XIVE section"): three tables of runs (hw/core/state.h), every
 * number big-endian:
 *   sources  key LISN:        u64 EAS (IBM bit layout), u8 status (PQ |
 *                             0x4 asserted | 0x8 triggered while stopped);
 *                             claimed sources only, default
 *                             EAS valid|masked, PQ 01
 *   ENDs     key END index    (server * 8 + priority): u32 words 0..3
 *                             (queue configuration and position); valid
 *                             ENDs only
 *   vCPUs    key server:      u8 NSR, CPPR, IPB, PIPR of the OS ring;
 *                             present vCPUs only, default the reset ring
 * check() validates every record against what the machine here can hold
 * (claims, servers, vCPUs, the layout of each word) and changes nothing.
 */
#include <string.h>

#include "hw/intc/spapr_xive.h"
#include "hw/core/state.h"

#define SRC_RECORD  9
#define END_RECORD  16
#define TCTX_RECORD 4
#define EAS_DEFAULT (EAS_VALID | EAS_MASKED)
#define END_W0_ALLOWED                                                         \
    (END_W0_VALID | END_W0_ENQUEUE | END_W0_UCOND_NOTIFY | END_W0_QSIZE)
#define END_W1_ALLOWED                                                         \
    (END_W1_ESn | END_W1_ESe | END_W1_GENERATION | END_W1_PAGE_OFF)

static const SpaprStateField src_fields[] = {{"eas", 8}, {"status", 1}};
static const SpaprStateField end_fields[] = {
    {"w0", 4}, {"w1", 4}, {"w2", 4}, {"w3", 4}};
static const SpaprStateField tctx_fields[] = {
    {"os.nsr", 1}, {"os.cppr", 1}, {"os.ipb", 1}, {"os.pipr", 1}};

const SpaprStateTable spapr_xive_state_tables[3] = {
    {"source", G_N_ELEMENTS(src_fields), src_fields},
    {"end", G_N_ELEMENTS(end_fields), end_fields},
    {"cpu", G_N_ELEMENTS(tctx_fields), tctx_fields},
};

static bool tctx_is_default(const uint8_t *os)
{
    return !os[TM_NSR] && !os[TM_CPPR] && !os[TM_IPB] &&
           os[TM_PIPR] == xive_ipb_to_pipr(0);
}

bool spapr_xive_save(SpaprIntc *intc, GByteArray *out, GError **errp)
{
    Xive *x = spapr_xive_model(intc);
    StateRuns w;

    (void)errp;
    state_runs_begin(&w, out);
    for (uint32_t i = 0; i < XIVE_NR_IRQS; i++) {
        if (xive_eas_is_valid(x->eat[i]) &&
            (x->eat[i] != EAS_DEFAULT || x->status[i] != XIVE_ESB_OFF)) {
            state_runs_key(&w, i);
            state_put_u64(out, x->eat[i]);
            state_put_u8(out, x->status[i]);
        }
    }
    state_runs_end(&w);
    state_runs_begin(&w, out);
    for (uint32_t e = 0; e < x->nr_ends; e++) {
        if (x->endt[e].w[0] & END_W0_VALID) {
            state_runs_key(&w, e);
            for (int k = 0; k < 4; k++) {
                state_put_u32(out, x->endt[e].w[k]);
            }
        }
    }
    state_runs_end(&w);
    state_runs_begin(&w, out);
    for (uint32_t s = 0; s < x->nr_servers; s++) {
        const XiveTctx *t = x->server_to_cpu[s] < 0
                                ? NULL
                                : xive_tctx_by_cpu(x, x->server_to_cpu[s]);
        const uint8_t *os = t ? &t->regs[TM_QW1_OS] : NULL;

        if (t && !tctx_is_default(os)) {
            state_runs_key(&w, s);
            state_put_u8(out, os[TM_NSR]);
            state_put_u8(out, os[TM_CPPR]);
            state_put_u8(out, os[TM_IPB]);
            state_put_u8(out, os[TM_PIPR]);
        }
    }
    state_runs_end(&w);
    return true;
}

static bool check_source(void *model, uint32_t i, const uint8_t *rec,
                         GError **errp)
{
    const Xive *x = model;
    uint64_t eas = state_be(rec, 8);
    uint8_t st = rec[8];
    bool lsi = x->flags[i] & XIVE_SRC_LSI;

    if (!xive_eas_is_valid(x->eat[i])) {
        return state_error(errp, "XIVE: source 0x%x is not claimed", i);
    }
    /* H_INT_SET_SOURCE_CONFIG never names the reserved priority 7. */
    if (!xive_eas_is_valid(eas) || (eas & ~EAS_ALL) ||
        xive_get_field64(EAS_END_BLOCK, eas) != XIVE_BLOCK_ID ||
        xive_get_field64(EAS_END_INDEX, eas) >= x->nr_ends ||
        xive_get_field64(EAS_END_INDEX, eas) % (XIVE_PRIORITY_MAX + 1) ==
            XIVE_PRIORITY_MAX) {
        return state_error(errp,
                           "XIVE: source 0x%x has EAS 0x%016" G_GINT64_MODIFIER
                           "x: not valid, reserved bits, priority 7 or an END "
                           "beyond %u",
                           i, (guint64)eas, x->nr_ends);
    }
    if ((st &
         ~(XIVE_STATUS_PQ | XIVE_STATUS_ASSERTED | XIVE_STATUS_TRIGGERED)) ||
        ((st & XIVE_STATUS_ASSERTED) && !lsi)) {
        return state_error(errp,
                           "XIVE: source 0x%x has status 0x%x, invalid "
                           "for an %s",
                           i, st, lsi ? "LSI" : "MSI");
    }
    return true;
}

/* Words 4..7 of a valid END: what H_INT_SET_QUEUE_CONFIG makes of them. */
static void end_fixed_words(uint32_t e, XiveEnd *end)
{
    end->w[4] = 0;
    end->w[5] = 0;
    end->w[6] = xive_set_field32(END_W6_NVT_INDEX, 0,
                                 XIVE_NVT_BASE + e / (XIVE_PRIORITY_MAX + 1));
    end->w[7] =
        xive_set_field32(END_W7_F0_PRIORITY, 0, e % (XIVE_PRIORITY_MAX + 1));
}

/* @model unused: an END's words are checked against its index only. */
static bool check_end(void *model, uint32_t e, const uint8_t *rec,
                      GError **errp)
{
    XiveEnd end_words, *end = &end_words;
    uint32_t qsize, entries;
    uint64_t qaddr;

    for (int w = 0; w < 4; w++) {
        end->w[w] = state_be(rec + 4 * w, 4);
    }
    if (!(end->w[0] & END_W0_VALID)) {
        return state_error(errp, "XIVE: END 0x%x is not valid", e);
    }
    end_fixed_words(e, end);
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

static bool check_tctx(void *model, uint32_t server, const uint8_t *rec,
                       GError **errp)
{
    Xive *x = model;
    uint8_t os[TM_PIPR + 1] = {0};

    os[TM_NSR] = rec[0];
    os[TM_CPPR] = rec[1];
    os[TM_IPB] = rec[2];
    os[TM_PIPR] = rec[3];
    if (x->server_to_cpu[server] < 0) {
        return state_error(errp, "XIVE: server %u has no vCPU here", server);
    }
    if ((os[TM_NSR] & ~TM_QW1_NSR_EO) ||
        (os[TM_CPPR] > XIVE_PRIORITY_MAX && os[TM_CPPR] != 0xff) ||
        os[TM_PIPR] != xive_ipb_to_pipr(os[TM_IPB])) {
        return state_error(errp,
                           "XIVE: server %u has OS ring NSR 0x%02x CPPR 0x%02x "
                           "IPB 0x%02x PIPR 0x%02x, which do not agree",
                           server, os[TM_NSR], os[TM_CPPR], os[TM_IPB],
                           os[TM_PIPR]);
    }
    return true;
}

/* Frames the three tables of @buf. */
static bool frame(const Xive *x, const uint8_t *buf, size_t len,
                  StateReader t[3], GError **errp)
{
    StateReader r = {buf, len};

    if (!state_runs_frame(&r, SRC_RECORD, XIVE_NR_IRQS, "XIVE sources", &t[0],
                          errp) ||
        !state_runs_frame(&r, END_RECORD, x->nr_ends, "XIVE ENDs", &t[1],
                          errp) ||
        !state_runs_frame(&r, TCTX_RECORD, x->nr_servers, "XIVE vCPUs", &t[2],
                          errp)) {
        return false;
    }
    if (r.left) {
        return state_error(errp, "XIVE: %zu trailing bytes", r.left);
    }
    return true;
}

bool spapr_xive_check(SpaprIntc *intc, const uint8_t *buf, size_t len,
                      GError **errp)
{
    Xive *x = spapr_xive_model(intc);
    StateReader t[3];

    return frame(x, buf, len, t, errp) &&
           state_runs_check(&t[0], SRC_RECORD, check_source, x, errp) &&
           state_runs_check(&t[1], END_RECORD, check_end, x, errp) &&
           state_runs_check(&t[2], TCTX_RECORD, check_tctx, x, errp);
}

void spapr_xive_load(SpaprIntc *intc, const uint8_t *buf, size_t len)
{
    Xive *x = spapr_xive_model(intc);
    StateReader t[3];
    StateRunsIter it;
    uint32_t key, next;
    const uint8_t *rec;
    bool ok = frame(x, buf, len, t, NULL);

    g_assert(ok);
    /* Sources: the stream's records, defaults between them. */
    state_runs_iter_init(&it, &t[0], SRC_RECORD);
    next = 0;
    while (state_runs_next(&it, &key, &rec)) {
        for (; next < key; next++) {
            if (xive_eas_is_valid(x->eat[next])) {
                x->eat[next] = EAS_DEFAULT;
                x->status[next] = XIVE_ESB_OFF;
            }
        }
        xive_eas_set(x, key, state_be(rec, 8));
        x->status[key] = rec[8];
        next = key + 1;
    }
    for (; next < XIVE_NR_IRQS; next++) {
        if (xive_eas_is_valid(x->eat[next])) {
            x->eat[next] = EAS_DEFAULT;
            x->status[next] = XIVE_ESB_OFF;
        }
    }
    /* ENDs: the stream's valid ENDs, every other one reset. */
    state_runs_iter_init(&it, &t[1], END_RECORD);
    next = 0;
    while (state_runs_next(&it, &key, &rec)) {
        for (; next < key; next++) {
            if (x->endt[next].w[0] & END_W0_VALID) {
                xive_end_reset(&x->endt[next]);
            }
        }
        XiveEnd end;

        for (int w = 0; w < 4; w++) {
            end.w[w] = state_be(rec + 4 * w, 4);
        }
        end_fixed_words(key, &end);
        xive_end_set(x, key, &end);
        next = key + 1;
    }
    for (; next < x->nr_ends; next++) {
        if (x->endt[next].w[0] & END_W0_VALID) {
            xive_end_reset(&x->endt[next]);
        }
    }
    /* vCPUs: the stream's OS rings, the reset ring for the others. */
    state_runs_iter_init(&it, &t[2], TCTX_RECORD);
    next = 0;
    for (bool more = true; more;) {
        more = state_runs_next(&it, &key, &rec);
        for (uint32_t s = next; s < (more ? key + 1 : x->nr_servers); s++) {
            XiveTctx *t2 = x->server_to_cpu[s] < 0
                               ? NULL
                               : xive_tctx_by_cpu(x, x->server_to_cpu[s]);
            uint8_t *os = t2 ? &t2->regs[TM_QW1_OS] : NULL;

            if (!t2) {
                continue;
            }
            xive_tctx_touch(x, t2);
            if (more && s == key) {
                os[TM_NSR] = rec[0];
                os[TM_CPPR] = rec[1];
                os[TM_IPB] = rec[2];
                os[TM_PIPR] = rec[3];
            } else {
                os[TM_NSR] = 0;
                os[TM_CPPR] = 0;
                os[TM_IPB] = 0;
                os[TM_PIPR] = xive_ipb_to_pipr(0);
            }
            xive_tctx_sync_output(x, t2);
        }
        next = more ? key + 1 : x->nr_servers;
    }
}
