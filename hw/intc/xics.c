/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the XICS model, ICS and ICPs (facts section 5).
 *
 * Presentation: a source is presented to its server's ICP if its priority
 * is more favoured (numerically lower) than the ICP's CPPR and than what
 * is already pending there; the less favoured of the two is rejected back
 * to the ICS.  A rejected MSI, or an asserted LSI that is not in flight,
 * waits for a resend, which happens when an ICP's EOI or CPPR change leaves
 * it with nothing pending.  MFRR below CPPR presents the IPI (XISR 2).
 */
#include <string.h>

#include "hw/intc/xics.h"

/* Whether event @id reaches the VMM (a trace callback, the filter). */
static bool traced(const Xics *x, SpaprIrqTraceId id)
{
    return spapr_model_traced(&x->out, id);
}

static void trace(Xics *x, SpaprIrqTraceId id, uint64_t a0, uint64_t a1,
                  uint64_t a2, uint64_t a3)
{
    if (traced(x, id)) {
        spapr_model_trace_emit(&x->out, id, a0, a1, a2, a3, 0, 0);
    }
}

/* ---- sets of sources ---- */

static void set_add(XicsWaiting *set, uint32_t n)
{
    set->words[n / 64] |= UINT64_C(1) << (n % 64);
    set->summary |= UINT64_C(1) << (n / 64);
}

static void set_del(XicsWaiting *set, uint32_t n)
{
    uint32_t w = n / 64;

    set->words[w] &= ~(UINT64_C(1) << (n % 64));
    if (!set->words[w]) {
        set->summary &= ~(UINT64_C(1) << w);
    }
}

/* The first member >= @from, or -1.  Constant time: one look at the word
 * of @from, then at the summary for the next non-empty word. */
static int set_next(const XicsWaiting *set, uint32_t from)
{
    uint32_t w = from / 64;
    uint64_t bits, sum;

    if (from >= XICS_NR_SOURCES) {
        return -1;
    }
    bits = set->words[w] & (~UINT64_C(0) << (from % 64));
    if (bits) {
        return w * 64 + __builtin_ctzll(bits);
    }
    if (w + 1 >= XICS_NR_SOURCES / 64) {
        return -1;
    }
    sum = set->summary & (~UINT64_C(0) << (w + 1));
    if (!sum) {
        return -1;
    }
    w = __builtin_ctzll(sum);
    return w * 64 + __builtin_ctzll(set->words[w]);
}

/* ---- the resend sets ---- */

static bool src_waits(const XicsSource *s)
{
    if (s->flags & XICS_FLAGS_IRQ_LSI) {
        return (s->status & XICS_STATUS_ASSERTED) &&
               !(s->status & XICS_STATUS_SENT);
    }
    return (s->flags & XICS_FLAGS_IRQ_MSI) &&
           (s->status & XICS_STATUS_REJECTED);
}

/* A source of priority p is presented to @icp if and only if p is below
 * this limit (icp_irq()): below CPPR, and below what is pending if
 * anything is. */
static unsigned icp_limit(const XicsIcp *icp)
{
    unsigned cppr = xics_icp_cppr(icp);

    if (xics_icp_xisr(icp) && icp->pending_priority < cppr) {
        return icp->pending_priority;
    }
    return cppr;
}

/* Whether @icp takes a source of @priority now.  No presenter (a CPU that
 * was unplugged, or a target from loaded state) takes nothing: the source
 * waits in its ICS until it is re-targeted. */
static bool icp_takes(const XicsIcp *icp, uint8_t priority)
{
    return icp && priority < icp_limit(icp);
}

/* Where waiting source @srcno belongs (XICS_WAIT_*).  A resend visit
 * changes nothing for a source its server's ICP rejects again (nor for a
 * masked LSI): such a source is settled with its server.  A masked MSI is
 * not: a visit clears its rejection (QEMU's ics_resend_msi()). */
static uint32_t waiting_class(Xics *x, uint32_t srcno)
{
    const XicsSource *s = &x->srcs[srcno];

    if (!src_waits(s)) {
        return XICS_WAIT_NONE;
    }
    if (s->priority == XICS_PRIO_MASKED) {
        if (!(s->flags & XICS_FLAGS_IRQ_LSI)) {
            return XICS_WAIT_UNSETTLED;
        }
    } else if (icp_takes(xics_icp_by_server(x, s->server), s->priority)) {
        return XICS_WAIT_UNSETTLED;
    }
    return s->server < x->nr_servers ? XICS_WAIT_SERVER + s->server
                                     : XICS_WAIT_NOWHERE;
}

static XicsWaiting *waiting_set(Xics *x, uint32_t where)
{
    if (where == XICS_WAIT_UNSETTLED) {
        return &x->unsettled;
    }
    return where >= XICS_WAIT_SERVER ? &x->settled[where - XICS_WAIT_SERVER]
                                     : NULL;
}

/* Moves source @srcno to the set it now belongs to. */
static void waiting_move(Xics *x, uint32_t srcno, uint32_t to)
{
    uint32_t from = x->waits_in[srcno];
    XicsWaiting *set;

    if (to >= XICS_WAIT_SERVER) {
        uint8_t *floor = &x->settled_floor[to - XICS_WAIT_SERVER];

        *floor = MIN(*floor, x->srcs[srcno].priority);
    }
    if (from == to) {
        return;
    }
    if ((set = waiting_set(x, from))) {
        set_del(set, srcno);
        if (from >= XICS_WAIT_SERVER && !set->summary) {
            x->settled_floor[from - XICS_WAIT_SERVER] = XICS_PRIO_MASKED;
        }
    }
    if ((set = waiting_set(x, to))) {
        set_add(set, srcno);
    }
    if (to == XICS_WAIT_NONE) {
        set_del(&x->waiting, srcno);
    } else if (from == XICS_WAIT_NONE) {
        set_add(&x->waiting, srcno);
    }
    x->waits_in[srcno] = to;
}

static void waiting_update(Xics *x, uint32_t srcno)
{
    set_add(&x->dirty, srcno);
    waiting_move(x, srcno, waiting_class(x, srcno));
}

/* What waits for @icp's server, settled there, becomes unsettled: its
 * priority limit rose without a resend on it, so another ICP's resend must
 * present what it can now take (QEMU's resend visits every source). */
static void icp_unsettle(Xics *x, const XicsIcp *icp)
{
    XicsWaiting *set = &x->settled[icp->server];

    for (int i = set_next(set, 0); i >= 0; i = set_next(set, i + 1)) {
        waiting_move(x, i, XICS_WAIT_UNSETTLED);
    }
}

static void src_set_status(Xics *x, uint32_t srcno, uint8_t status)
{
    x->srcs[srcno].status = status;
    waiting_update(x, srcno);
}

void xics_ics_rebuild_waiting(Xics *x)
{
    for (uint32_t i = 0; i < XICS_NR_SOURCES; i++) {
        const XicsSource *s = &x->srcs[i];

        waiting_move(x, i, src_waits(s) ? XICS_WAIT_UNSETTLED : XICS_WAIT_NONE);
        if (s->server || s->priority != XICS_PRIO_MASKED ||
            s->saved_priority != XICS_PRIO_MASKED || s->status) {
            set_add(&x->dirty, i);
        }
    }
}

/* ---- lifetime ---- */

void xics_init(Xics *x, const SpaprIrqCallbacks *cb, uint32_t max_cpus,
               uint32_t nr_servers)
{
    memset(x, 0, sizeof(*x));
    spapr_model_out_init(&x->out, cb);
    x->max_cpus = max_cpus;
    x->nr_servers = nr_servers;
    x->icps = g_new0(XicsIcp, max_cpus);
    x->server_to_cpu = g_new(int32_t, nr_servers);
    for (uint32_t i = 0; i < nr_servers; i++) {
        x->server_to_cpu[i] = -1;
    }
    /* Zeroed, so untouched pages cost no memory until a source waits for
     * that server. */
    x->settled = g_new0(XicsWaiting, nr_servers);
    x->settled_floor = g_malloc(nr_servers);
    memset(x->settled_floor, XICS_PRIO_MASKED, nr_servers);
    for (uint32_t i = 0; i < XICS_NR_SOURCES; i++) {
        set_add(&x->dirty, i);
    }
    xics_ics_reset(x);
}

void xics_fini(Xics *x)
{
    g_clear_pointer(&x->icps, g_free);
    g_clear_pointer(&x->server_to_cpu, g_free);
    g_clear_pointer(&x->settled, g_free);
    g_clear_pointer(&x->settled_floor, g_free);
}

/* ---- presenters ---- */

static void icp_set_output(Xics *x, XicsIcp *icp, bool level)
{
    if (icp->output != level) {
        icp->output = level;
        spapr_model_line(&x->out, icp->cpu_index, level);
    }
}

void xics_icp_sync_output(Xics *x, XicsIcp *icp)
{
    icp->output = xics_icp_xisr(icp) != 0;
    spapr_model_line(&x->out, icp->cpu_index, icp->output);
    icp_unsettle(x, icp);
}

bool xics_set_nr_servers(Xics *x, uint32_t nr_servers)
{
    for (uint32_t c = 0; x->icps && c < x->max_cpus; c++) {
        if (x->icps[c].present) {
            return false;
        }
    }
    /* Nothing stays in a settled set that goes away. */
    for (uint32_t i = 0; i < XICS_NR_SOURCES; i++) {
        if (x->waits_in[i] >= XICS_WAIT_SERVER ||
            x->waits_in[i] == XICS_WAIT_NOWHERE) {
            waiting_move(x, i, XICS_WAIT_UNSETTLED);
        }
    }
    g_free(x->server_to_cpu);
    g_free(x->settled);
    g_free(x->settled_floor);
    x->server_to_cpu = g_new(int32_t, nr_servers);
    for (uint32_t i = 0; i < nr_servers; i++) {
        x->server_to_cpu[i] = -1;
    }
    x->settled = g_new0(XicsWaiting, nr_servers);
    x->settled_floor = g_malloc(nr_servers);
    memset(x->settled_floor, XICS_PRIO_MASKED, nr_servers);
    x->nr_servers = nr_servers;
    return true;
}

XicsIcp *xics_icp_by_server(Xics *x, uint64_t server)
{
    if (!x->server_to_cpu || server >= x->nr_servers ||
        x->server_to_cpu[server] < 0) {
        return NULL;
    }
    return &x->icps[x->server_to_cpu[server]];
}

void xics_icp_reset(Xics *x, XicsIcp *icp)
{
    icp->xirr = 0;
    icp->pending_priority = 0xff;
    icp->mfrr = 0xff;
    icp_set_output(x, icp, false);
}

bool xics_icp_create(Xics *x, uint32_t cpu_index, uint32_t server)
{
    XicsIcp *icp;

    if (cpu_index >= x->max_cpus || server >= x->nr_servers ||
        x->icps[cpu_index].present || x->server_to_cpu[server] >= 0) {
        return false;
    }
    icp = &x->icps[cpu_index];
    *icp = (XicsIcp){.present = true,
                     .cpu_index = cpu_index,
                     .server = server,
                     .pending_priority = 0xff,
                     .mfrr = 0xff};
    x->server_to_cpu[server] = cpu_index;
    return true;
}

static void ics_reject(Xics *x, uint32_t nr);

void xics_icp_destroy(Xics *x, uint32_t cpu_index)
{
    XicsIcp *icp = xics_icp_by_cpu(x, cpu_index);
    uint32_t xisr;

    if (!icp) {
        return;
    }
    /* A source presented here and not yet accepted goes back to its ICS
     * rather than being lost with the presenter. */
    xisr = xics_icp_xisr(icp);
    icp->present = false;
    x->server_to_cpu[icp->server] = -1;
    if (xisr >= XICS_OFFSET) {
        ics_reject(x, xisr);
    }
    icp_set_output(x, icp, false);
}

static void icp_check_ipi(Xics *x, XicsIcp *icp)
{
    uint32_t xisr = xics_icp_xisr(icp);

    if (xisr && icp->pending_priority <= icp->mfrr) {
        return;
    }
    trace(x, SPAPR_TRACE_XICS_ICP_CHECK_IPI, icp->cpu_index, icp->mfrr, 0, 0);
    /* The ICP changes before the source is rejected, which files the
     * source by what the ICP now takes. */
    icp->xirr = (icp->xirr & ~XICS_XISR_MASK) | XICS_IPI;
    icp->pending_priority = icp->mfrr;
    if (xisr >= XICS_OFFSET) {
        ics_reject(x, xisr);
    }
    icp_set_output(x, icp, true);
}

static void ics_resend_server(Xics *x, const XicsIcp *icp);

/* Whether a resend pass for @icp has anything to visit: the usual answer,
 * no, is found inline (the pass itself is out of line). */
static bool resend_due(const Xics *x, const XicsIcp *icp)
{
    return x->resend_full_scan ||
           (x->unsettled.summary | x->settled[icp->server].summary);
}

static void icp_resend(Xics *x, XicsIcp *icp)
{
    if (icp->mfrr < xics_icp_cppr(icp)) {
        icp_check_ipi(x, icp);
    }
    if (resend_due(x, icp)) {
        ics_resend_server(x, icp);
    }
}

void xics_icp_resend(Xics *x, XicsIcp *icp)
{
    icp_resend(x, icp);
}

void xics_icp_set_cppr(Xics *x, XicsIcp *icp, uint8_t cppr)
{
    uint8_t old_cppr = xics_icp_cppr(icp);
    unsigned old_limit = icp_limit(icp);
    uint32_t old_xisr;

    icp->xirr = (icp->xirr & XICS_XISR_MASK) | (uint32_t)cppr
                                                   << XICS_CPPR_SHIFT;
    if (cppr < old_cppr) {
        old_xisr = xics_icp_xisr(icp);
        if (old_xisr && cppr <= icp->pending_priority) {
            icp->xirr &= ~XICS_XISR_MASK;
            icp->pending_priority = 0xff;
            icp_set_output(x, icp, false);
            if (old_xisr >= XICS_OFFSET) {
                ics_reject(x, old_xisr);
            }
        }
    } else if (!xics_icp_xisr(icp)) {
        icp_resend(x, icp);
    } else if (icp_limit(icp) > old_limit) {
        icp_unsettle(x, icp);
    }
}

void xics_icp_set_mfrr(Xics *x, XicsIcp *icp, uint8_t mfrr)
{
    icp->mfrr = mfrr;
    if (mfrr < xics_icp_cppr(icp)) {
        icp_check_ipi(x, icp);
    }
}

/* The ack's change of the ICP: CPPR becomes the pending priority, nothing
 * is pending. */
static void icp_accept_state(XicsIcp *icp)
{
    icp->xirr = (uint32_t)icp->pending_priority << XICS_CPPR_SHIFT;
    icp->pending_priority = 0xff;
}

/* The ack when it is traced or raises the limit (icp_limit()): CPPR
 * becomes a priority above the old one (with nothing pending, 0xff). */
static __attribute__((noinline)) uint32_t icp_accept_rest(Xics *x, XicsIcp *icp)
{
    uint32_t xirr = icp->xirr;
    bool rises = icp->pending_priority > xics_icp_cppr(icp);

    icp_set_output(x, icp, false);
    icp_accept_state(icp);
    trace(x, SPAPR_TRACE_XICS_ICP_ACCEPT, xirr, icp->xirr, 0, 0);
    /* No resend follows. */
    if (rises) {
        icp_unsettle(x, icp);
    }
    return xirr;
}

uint32_t xics_icp_accept(Xics *x, XicsIcp *icp)
{
    uint32_t xirr = icp->xirr;

    if (x->out.tracing || icp->pending_priority > xics_icp_cppr(icp)) {
        return icp_accept_rest(x, icp);
    }
    icp_set_output(x, icp, false);
    icp_accept_state(icp);
    return xirr;
}

static void ics_eoi(Xics *x, uint32_t nr);

/* The rest of an EOI, after the CPPR was restored: the trace, the ICS's
 * EOI (an LSI's; an MSI's is its trace line), then a resend if no XISR
 * stayed, else the unsettling of what waits if the limit rose above
 * @old_limit. */
static __attribute__((noinline)) void icp_eoi_rest(Xics *x, XicsIcp *icp,
                                                   uint32_t xirr, bool xisr,
                                                   unsigned old_limit)
{
    uint32_t irq = xirr & XICS_XISR_MASK;

    trace(x, SPAPR_TRACE_XICS_ICP_EOI, icp->cpu_index, xirr, icp->xirr, 0);
    if (irq >= XICS_OFFSET && irq < XICS_OFFSET + XICS_NR_SOURCES) {
        ics_eoi(x, irq);
    }
    if (!xisr) {
        icp_resend(x, icp);
    } else if (icp_limit(icp) > old_limit) {
        icp_unsettle(x, icp);
    }
}

void xics_icp_eoi(Xics *x, XicsIcp *icp, uint32_t xirr)
{
    uint32_t irq = xirr & XICS_XISR_MASK;
    /* XISR stays; with none, a resend follows and nothing else is due. */
    bool xisr = xics_icp_xisr(icp) != 0;
    unsigned old_limit = xisr ? icp_limit(icp) : 0;

    icp->xirr = (icp->xirr & XICS_XISR_MASK) | (xirr & ~XICS_XISR_MASK);
    /* The usual EOI, an MSI's with nothing pending after it, nothing
     * waiting and nobody tracing, is done here: the rest would do nothing
     * (each condition below is one of its steps). */
    if (x->out.tracing || xisr || icp->mfrr < xics_icp_cppr(icp) ||
        resend_due(x, icp) ||
        (irq >= XICS_OFFSET && irq < XICS_OFFSET + XICS_NR_SOURCES &&
         (x->srcs[irq - XICS_OFFSET].flags & XICS_FLAGS_IRQ_LSI))) {
        icp_eoi_rest(x, icp, xirr, xisr, old_limit);
    }
}

/* Presents source @nr at @priority to @server's ICP, or rejects it. */
static void trace_icp_irq(Xics *x, uint32_t server, uint32_t nr,
                          uint8_t priority)
{
    trace(x, SPAPR_TRACE_XICS_ICP_IRQ, server, nr, priority, 0);
}

/* The end of a presentation that displaced @xisr (if a source) or is
 * traced: the displaced source is rejected (after the ICP changed, as in
 * icp_check_ipi()), the trace, the line. */
static __attribute__((noinline)) void icp_irq_rest(Xics *x, XicsIcp *icp,
                                                   uint32_t xisr)
{
    if (xisr >= XICS_OFFSET) {
        ics_reject(x, xisr);
    }
    trace(x, SPAPR_TRACE_XICS_ICP_RAISE, icp->xirr, icp->pending_priority, 0,
          0);
    icp_set_output(x, icp, true);
}

/* The presentation after its first trace line; each call is the last
 * thing done, so the usual case needs no stack frame. */
static inline void icp_irq_body(Xics *x, uint32_t server, uint32_t nr,
                                uint8_t priority)
{
    XicsIcp *icp = xics_icp_by_server(x, server);
    uint32_t xisr;

    if (!icp_takes(icp, priority)) {
        ics_reject(x, nr);
        return;
    }
    xisr = xics_icp_xisr(icp);
    icp->xirr = (icp->xirr & ~XICS_XISR_MASK) | (nr & XICS_XISR_MASK);
    icp->pending_priority = priority;
    if (xisr >= XICS_OFFSET || x->out.tracing) {
        icp_irq_rest(x, icp, xisr);
        return;
    }
    icp_set_output(x, icp, true);
}

static __attribute__((noinline)) void
icp_irq_traced(Xics *x, uint32_t server, uint32_t nr, uint8_t priority)
{
    trace_icp_irq(x, server, nr, priority);
    icp_irq_body(x, server, nr, priority);
}

static void icp_irq(Xics *x, uint32_t server, uint32_t nr, uint8_t priority)
{
    if (x->out.tracing) {
        icp_irq_traced(x, server, nr, priority);
        return;
    }
    icp_irq_body(x, server, nr, priority);
}

/* ---- sources ---- */

static XicsSource *src(Xics *x, uint32_t srcno)
{
    return &x->srcs[srcno];
}

static void src_reset(Xics *x, uint32_t srcno)
{
    XicsSource *s = src(x, srcno);

    s->server = 0;
    s->priority = XICS_PRIO_MASKED;
    s->saved_priority = XICS_PRIO_MASKED;
    src_set_status(x, srcno, 0);
}

/* Resets only the sources that may have left their reset state: a
 * machine reset of sources already clean costs next to nothing. */
void xics_ics_reset(Xics *x)
{
    for (uint64_t sum = x->dirty.summary; sum; sum &= sum - 1) {
        uint32_t w = __builtin_ctzll(sum);

        for (uint64_t bits = x->dirty.words[w]; bits; bits &= bits - 1) {
            uint32_t i = w * 64 + __builtin_ctzll(bits);
            XicsSource *s = src(x, i);

            s->server = 0;
            s->priority = XICS_PRIO_MASKED;
            s->saved_priority = XICS_PRIO_MASKED;
            s->status = 0;
            waiting_move(x, i, XICS_WAIT_NONE);
        }
    }
    memset(&x->dirty, 0, sizeof(x->dirty));
}

void xics_ics_claim(Xics *x, uint32_t srcno, bool lsi)
{
    src_reset(x, srcno);
    src(x, srcno)->flags = lsi ? XICS_FLAGS_IRQ_LSI : XICS_FLAGS_IRQ_MSI;
}

void xics_ics_free(Xics *x, uint32_t srcno)
{
    src(x, srcno)->flags = 0;
    src_reset(x, srcno);
}

static void trace_ics_reject(Xics *x, uint32_t nr)
{
    trace(x, SPAPR_TRACE_XICS_ICS_REJECT, nr, nr - XICS_OFFSET, 0, 0);
}

static void ics_reject(Xics *x, uint32_t nr)
{
    uint32_t srcno = nr - XICS_OFFSET;
    XicsSource *s;

    if (nr < XICS_OFFSET || srcno >= XICS_NR_SOURCES) {
        return;
    }
    s = src(x, srcno);
    trace_ics_reject(x, nr);
    if (s->flags & XICS_FLAGS_IRQ_MSI) {
        src_set_status(x, srcno, s->status | XICS_STATUS_REJECTED);
    } else if (s->flags & XICS_FLAGS_IRQ_LSI) {
        src_set_status(x, srcno, s->status & ~XICS_STATUS_SENT);
    }
}

static void ics_eoi(Xics *x, uint32_t nr)
{
    uint32_t srcno = nr - XICS_OFFSET;
    XicsSource *s = src(x, srcno);

    trace(x, SPAPR_TRACE_XICS_ICS_EOI, nr, 0, 0, 0);
    if (s->flags & XICS_FLAGS_IRQ_LSI) {
        src_set_status(x, srcno, s->status & ~XICS_STATUS_SENT);
    }
}

static void ics_resend_msi(Xics *x, uint32_t srcno)
{
    XicsSource *s = src(x, srcno);

    if (s->status & XICS_STATUS_REJECTED) {
        src_set_status(x, srcno, s->status & ~XICS_STATUS_REJECTED);
        if (s->priority != XICS_PRIO_MASKED) {
            icp_irq(x, s->server, srcno + XICS_OFFSET, s->priority);
        }
    }
}

static void ics_resend_lsi(Xics *x, uint32_t srcno)
{
    XicsSource *s = src(x, srcno);

    if (s->priority != XICS_PRIO_MASKED && (s->status & XICS_STATUS_ASSERTED) &&
        !(s->status & XICS_STATUS_SENT)) {
        src_set_status(x, srcno, s->status | XICS_STATUS_SENT);
        icp_irq(x, s->server, srcno + XICS_OFFSET, s->priority);
    }
}

/*
 * Resend what waits.  QEMU visits all 0x1000 sources in ascending order and
 * resends those that are rejected (MSI) or asserted and not sent (LSI).  We
 * visit only members of the waiting sets, in the same ascending order,
 * re-reading the sets at every step: a resend can reject another source
 * (the one it preempts) back into a set, and that source is visited in
 * this pass only if its number is above the current one, exactly as in the
 * full scan.  set_next() is constant time, so one pass costs O(number of
 * sources visited), not O(number of sources).
 *
 * A resend on server S visits the unsettled set and S's settled set, not
 * the sources settled with another server T, and the outcome is still
 * QEMU's.  A source reaches only its own server's ICP, and the sources of
 * T interact with T's ICP alone, so QEMU's pass, restricted to T, is an
 * ascending pass over T's sources.  A settled source B of T has priority
 * at or above T's limit (icp_limit(): presented iff below it) when it was
 * filed, and T's limit only falls until T's own resend, which visits B:
 *  - presentations and the IPI lower it; a reset, an ICP removed or
 *    created set it to 0 (CPPR 0, or no ICP);
 *  - where it can rise (accept; EOI or CPPR write left with XISR set) and
 *    no resend on T follows, icp_unsettle() moves T's sources to the
 *    unsettled set; a direct write of the ICP (xics_icp_sync_output())
 *    does the same;
 *  - a source rejected by a presentation or the IPI is filed after the
 *    ICP changed (by its own current priority and server), and any
 *    change of a source (set-xive, status) files it again.
 * So QEMU would present B to T and see it rejected, with no change but
 * the two trace lines (xics_icp_irq, xics_ics_reject) that we do not
 * emit.  A masked LSI is settled too (a visit does nothing to it); a
 * masked rejected MSI is unsettled (a visit clears its rejection).
 */
/* QEMU's step for one source (the reference of the full scan). */
static void ics_resend_qemu(Xics *x, uint32_t srcno)
{
    x->resend_visits++;
    if (src(x, srcno)->flags & XICS_FLAGS_IRQ_LSI) {
        ics_resend_lsi(x, srcno);
    } else {
        ics_resend_msi(x, srcno);
    }
}

/* The same for a member of a waiting set, with a short cut for a source
 * its ICP rejects again: QEMU clears its rejection (an LSI: sets sent)
 * and sets it back (clears sent), which leaves the status as it was; only
 * the trace shows the two steps. */
static void ics_resend_one(Xics *x, uint32_t srcno)
{
    XicsSource *s = src(x, srcno);

    if (s->priority == XICS_PRIO_MASKED || !src_waits(s) ||
        icp_takes(xics_icp_by_server(x, s->server), s->priority)) {
        ics_resend_qemu(x, srcno);
        return;
    }
    x->resend_visits++;
    trace_icp_irq(x, s->server, srcno + XICS_OFFSET, s->priority);
    trace_ics_reject(x, srcno + XICS_OFFSET);
    if (x->waits_in[srcno] == XICS_WAIT_UNSETTLED) {
        waiting_move(x, srcno, waiting_class(x, srcno));
    }
}

static void ics_resend_full_scan(Xics *x)
{
    for (uint32_t i = 0; i < XICS_NR_SOURCES; i++) {
        ics_resend_qemu(x, i);
    }
}

void xics_ics_resend(Xics *x)
{
    if (x->resend_full_scan) {
        ics_resend_full_scan(x);
        return;
    }
    for (int i = set_next(&x->waiting, 0); i >= 0;
         i = set_next(&x->waiting, i + 1)) {
        ics_resend_one(x, i);
    }
}

/* The first source >= @from in the unsettled set or in @own (if not NULL),
 * or -1. */
static int resend_next(const Xics *x, const XicsWaiting *own, uint32_t from)
{
    int u = set_next(&x->unsettled, from);
    int o = own ? set_next(own, from) : -1;

    return u < 0 || (o >= 0 && o < u) ? o : u;
}

/* When nobody sees its trace lines, a source that @icp would reject again
 * needs no visit (it changes nothing): once the limit of @icp, which only
 * falls during a pass, is at or below the floor of its settled set, the
 * rest of that set is skipped. */
static bool settled_done(const Xics *x, const XicsIcp *icp)
{
    return !traced(x, SPAPR_TRACE_XICS_ICP_IRQ) &&
           !traced(x, SPAPR_TRACE_XICS_ICS_REJECT) &&
           icp_limit(icp) <= x->settled_floor[icp->server];
}

/* The pass for @icp, when resend_due(). */
static __attribute__((noinline)) void ics_resend_server(Xics *x,
                                                        const XicsIcp *icp)
{
    const XicsWaiting *own = &x->settled[icp->server];

    if (x->resend_full_scan) {
        ics_resend_full_scan(x);
        return;
    }
    if (settled_done(x, icp)) {
        own = NULL;
    }
    for (int i = resend_next(x, own, 0); i >= 0;
         i = resend_next(x, own, i + 1)) {
        ics_resend_one(x, i);
        if (own && settled_done(x, icp)) {
            own = NULL;
        }
    }
}

static __attribute__((noinline)) void ics_set_irq(Xics *x, uint32_t srcno,
                                                  int level)
{
    XicsSource *s = src(x, srcno);

    if (s->flags & XICS_FLAGS_IRQ_LSI) {
        trace(x, SPAPR_TRACE_XICS_ICS_SET_IRQ_LSI, srcno, srcno + XICS_OFFSET,
              0, 0);
        src_set_status(x, srcno,
                       level ? s->status | XICS_STATUS_ASSERTED
                             : s->status & ~XICS_STATUS_ASSERTED);
        ics_resend_lsi(x, srcno);
        return;
    }
    trace(x, SPAPR_TRACE_XICS_ICS_SET_IRQ_MSI, srcno, srcno + XICS_OFFSET, 0,
          0);
    if (!level) {
        return;
    }
    if (s->priority == XICS_PRIO_MASKED) {
        src_set_status(x, srcno, s->status | XICS_STATUS_MASKED_PENDING);
        trace(x, SPAPR_TRACE_XICS_MASKED_PENDING, 0, 0, 0, 0);
    } else {
        icp_irq(x, s->server, srcno + XICS_OFFSET, s->priority);
    }
}

void xics_ics_set_irq(Xics *x, uint32_t srcno, int level)
{
    const XicsSource *s = src(x, srcno);

    /* The usual trigger, an unmasked MSI's with nobody tracing, goes
     * straight to the presenter: all that ics_set_irq() would do. */
    if (x->out.tracing || (s->flags & XICS_FLAGS_IRQ_LSI) || !level ||
        s->priority == XICS_PRIO_MASKED) {
        ics_set_irq(x, srcno, level);
        return;
    }
    icp_irq(x, s->server, srcno + XICS_OFFSET, s->priority);
}

void xics_ics_write_xive(Xics *x, uint32_t srcno, uint32_t server,
                         uint8_t priority, uint8_t saved_priority)
{
    XicsSource *s = src(x, srcno);

    s->server = server;
    s->priority = priority;
    s->saved_priority = saved_priority;
    waiting_update(x, srcno);
    trace(x, SPAPR_TRACE_XICS_ICS_WRITE_XIVE, srcno + XICS_OFFSET, srcno,
          server, priority);
    if (s->flags & XICS_FLAGS_IRQ_LSI) {
        ics_resend_lsi(x, srcno);
        return;
    }
    if (!(s->status & XICS_STATUS_MASKED_PENDING) ||
        priority == XICS_PRIO_MASKED) {
        return;
    }
    src_set_status(x, srcno, s->status & ~XICS_STATUS_MASKED_PENDING);
    icp_irq(x, server, srcno + XICS_OFFSET, priority);
}
