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

static void trace(Xics *x, SpaprIrqTraceId id, uint64_t a0, uint64_t a1,
                  uint64_t a2, uint64_t a3)
{
    if (x->cb && x->cb->trace) {
        SpaprIrqTraceEvent ev = {.id = id, .a = {a0, a1, a2, a3}};

        x->cb->trace(x->cb->opaque, &ev);
    }
}

/* ---- the resend set ---- */

static bool src_waits(const XicsSource *s)
{
    if (s->flags & XICS_FLAGS_IRQ_LSI) {
        return (s->status & XICS_STATUS_ASSERTED) &&
               !(s->status & XICS_STATUS_SENT);
    }
    return (s->flags & XICS_FLAGS_IRQ_MSI) &&
           (s->status & XICS_STATUS_REJECTED);
}

static void waiting_update(Xics *x, uint32_t srcno)
{
    uint32_t w = srcno / 64;
    uint64_t bit = UINT64_C(1) << (srcno % 64);

    if (src_waits(&x->srcs[srcno])) {
        x->waiting.words[w] |= bit;
        x->waiting.summary |= UINT64_C(1) << w;
    } else {
        x->waiting.words[w] &= ~bit;
        if (!x->waiting.words[w]) {
            x->waiting.summary &= ~(UINT64_C(1) << w);
        }
    }
}

/* The first waiting source >= @from, or -1.  Constant time: one look at
 * the word of @from, then at the summary for the next non-empty word. */
static int waiting_next(const Xics *x, uint32_t from)
{
    uint32_t w = from / 64;
    uint64_t bits, sum;

    if (from >= XICS_NR_SOURCES) {
        return -1;
    }
    bits = x->waiting.words[w] & (~UINT64_C(0) << (from % 64));
    if (bits) {
        return w * 64 + __builtin_ctzll(bits);
    }
    if (w + 1 >= XICS_NR_SOURCES / 64) {
        return -1;
    }
    sum = x->waiting.summary & (~UINT64_C(0) << (w + 1));
    if (!sum) {
        return -1;
    }
    w = __builtin_ctzll(sum);
    return w * 64 + __builtin_ctzll(x->waiting.words[w]);
}

static void src_set_status(Xics *x, uint32_t srcno, uint8_t status)
{
    x->srcs[srcno].status = status;
    waiting_update(x, srcno);
}

void xics_ics_rebuild_waiting(Xics *x)
{
    memset(&x->waiting, 0, sizeof(x->waiting));
    for (uint32_t i = 0; i < XICS_NR_SOURCES; i++) {
        waiting_update(x, i);
    }
}

/* ---- lifetime ---- */

void xics_init(Xics *x, const SpaprIrqCallbacks *cb, uint32_t max_cpus,
               uint32_t nr_servers)
{
    memset(x, 0, sizeof(*x));
    x->cb = cb;
    x->max_cpus = max_cpus;
    x->nr_servers = nr_servers;
    x->icps = g_new0(XicsIcp, max_cpus);
    x->server_to_cpu = g_new(int32_t, nr_servers);
    for (uint32_t i = 0; i < nr_servers; i++) {
        x->server_to_cpu[i] = -1;
    }
    xics_ics_reset(x);
}

void xics_fini(Xics *x)
{
    g_clear_pointer(&x->icps, g_free);
    g_clear_pointer(&x->server_to_cpu, g_free);
}

/* ---- presenters ---- */

static void icp_set_output(Xics *x, XicsIcp *icp, bool level)
{
    if (icp->output != level) {
        icp->output = level;
        x->cb->set_cpu_irq(x->cb->opaque, icp->cpu_index, level);
    }
}

void xics_icp_sync_output(Xics *x, XicsIcp *icp)
{
    icp->output = xics_icp_xisr(icp) != 0;
    x->cb->set_cpu_irq(x->cb->opaque, icp->cpu_index, icp->output);
}

bool xics_set_nr_servers(Xics *x, uint32_t nr_servers)
{
    for (uint32_t c = 0; x->icps && c < x->max_cpus; c++) {
        if (x->icps[c].present) {
            return false;
        }
    }
    g_free(x->server_to_cpu);
    x->server_to_cpu = g_new(int32_t, nr_servers);
    for (uint32_t i = 0; i < nr_servers; i++) {
        x->server_to_cpu[i] = -1;
    }
    x->nr_servers = nr_servers;
    return true;
}

XicsIcp *xics_icp_by_cpu(Xics *x, uint32_t cpu_index)
{
    if (!x->icps || cpu_index >= x->max_cpus || !x->icps[cpu_index].present) {
        return NULL;
    }
    return &x->icps[cpu_index];
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
    if (xisr >= XICS_OFFSET) {
        ics_reject(x, xisr);
    }
    icp->xirr = (icp->xirr & ~XICS_XISR_MASK) | XICS_IPI;
    icp->pending_priority = icp->mfrr;
    icp_set_output(x, icp, true);
}

static void icp_resend(Xics *x, XicsIcp *icp)
{
    if (icp->mfrr < xics_icp_cppr(icp)) {
        icp_check_ipi(x, icp);
    }
    xics_ics_resend(x);
}

void xics_icp_resend(Xics *x, XicsIcp *icp)
{
    icp_resend(x, icp);
}

void xics_icp_set_cppr(Xics *x, XicsIcp *icp, uint8_t cppr)
{
    uint8_t old_cppr = xics_icp_cppr(icp);
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
    }
}

void xics_icp_set_mfrr(Xics *x, XicsIcp *icp, uint8_t mfrr)
{
    icp->mfrr = mfrr;
    if (mfrr < xics_icp_cppr(icp)) {
        icp_check_ipi(x, icp);
    }
}

uint32_t xics_icp_accept(Xics *x, XicsIcp *icp)
{
    uint32_t xirr = icp->xirr;

    icp_set_output(x, icp, false);
    icp->xirr = (uint32_t)icp->pending_priority << XICS_CPPR_SHIFT;
    icp->pending_priority = 0xff;
    trace(x, SPAPR_TRACE_XICS_ICP_ACCEPT, xirr, icp->xirr, 0, 0);
    return xirr;
}

static void ics_eoi(Xics *x, uint32_t nr);

void xics_icp_eoi(Xics *x, XicsIcp *icp, uint32_t xirr)
{
    uint32_t irq = xirr & XICS_XISR_MASK;

    icp->xirr = (icp->xirr & XICS_XISR_MASK) | (xirr & ~XICS_XISR_MASK);
    trace(x, SPAPR_TRACE_XICS_ICP_EOI, icp->cpu_index, xirr, icp->xirr, 0);
    if (irq >= XICS_OFFSET && irq < XICS_OFFSET + XICS_NR_SOURCES) {
        ics_eoi(x, irq);
    }
    if (!xics_icp_xisr(icp)) {
        icp_resend(x, icp);
    }
}

/* Presents source @nr at @priority to @server's ICP, or rejects it. */
static void icp_irq(Xics *x, uint32_t server, uint32_t nr, uint8_t priority)
{
    XicsIcp *icp = xics_icp_by_server(x, server);
    uint32_t xisr;

    trace(x, SPAPR_TRACE_XICS_ICP_IRQ, server, nr, priority, 0);
    /* No presenter (a CPU that was unplugged, or a target from loaded
     * state): the source waits in its ICS until it is re-targeted. */
    if (!icp) {
        ics_reject(x, nr);
        return;
    }
    xisr = xics_icp_xisr(icp);
    if (priority >= xics_icp_cppr(icp) ||
        (xisr && icp->pending_priority <= priority)) {
        ics_reject(x, nr);
        return;
    }
    if (xisr >= XICS_OFFSET) {
        ics_reject(x, xisr);
    }
    icp->xirr = (icp->xirr & ~XICS_XISR_MASK) | (nr & XICS_XISR_MASK);
    icp->pending_priority = priority;
    trace(x, SPAPR_TRACE_XICS_ICP_RAISE, icp->xirr, icp->pending_priority, 0,
          0);
    icp_set_output(x, icp, true);
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

void xics_ics_reset(Xics *x)
{
    for (uint32_t i = 0; i < XICS_NR_SOURCES; i++) {
        src_reset(x, i);
    }
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

bool xics_ics_valid_irq(const Xics *x, uint64_t irq)
{
    return irq >= XICS_OFFSET && irq < XICS_OFFSET + XICS_NR_SOURCES &&
           x->srcs[irq - XICS_OFFSET].flags != 0;
}

static void ics_reject(Xics *x, uint32_t nr)
{
    uint32_t srcno = nr - XICS_OFFSET;
    XicsSource *s;

    if (nr < XICS_OFFSET || srcno >= XICS_NR_SOURCES) {
        return;
    }
    s = src(x, srcno);
    trace(x, SPAPR_TRACE_XICS_ICS_REJECT, nr, srcno, 0, 0);
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
 * visit only the members of the waiting set, in the same ascending order,
 * re-reading the set at every step: a resend can reject another source
 * (the one it preempts) back into the set, and that source is visited in
 * this pass only if its number is above the current one, exactly as in the
 * full scan.  waiting_next() is constant time, so one pass costs O(number
 * of waiting sources), not O(number of sources).  A masked, asserted LSI
 * stays in the set (it still waits) until it is unmasked or deasserted.
 */
static void ics_resend_one(Xics *x, uint32_t srcno)
{
    x->resend_visits++;
    if (src(x, srcno)->flags & XICS_FLAGS_IRQ_LSI) {
        ics_resend_lsi(x, srcno);
    } else {
        ics_resend_msi(x, srcno);
    }
}

void xics_ics_resend(Xics *x)
{
    if (x->resend_full_scan) {
        for (uint32_t i = 0; i < XICS_NR_SOURCES; i++) {
            ics_resend_one(x, i);
        }
        return;
    }
    for (int i = waiting_next(x, 0); i >= 0; i = waiting_next(x, i + 1)) {
        ics_resend_one(x, i);
    }
}

void xics_ics_set_irq(Xics *x, uint32_t srcno, int level)
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

void xics_ics_write_xive(Xics *x, uint32_t srcno, uint32_t server,
                         uint8_t priority, uint8_t saved_priority)
{
    XicsSource *s = src(x, srcno);

    s->server = server;
    s->priority = priority;
    s->saved_priority = saved_priority;
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
