/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the XICS model (internal): one ICS of 0x1000 sources at
 * SPAPR_XIRQ_BASE and one ICP (presenter) per vCPU.
 *
 * The behaviour is QEMU's (hw/intc/xics.c) step for step, including its
 * trace events, so that a trace of a real guest replays exactly.  The one
 * structural difference is the resend path: QEMU scans every source on
 * each EOI and CPPR change; we keep the sources that wait for a resend in
 * sets by server and visit only those that this ICP could now take, in
 * the same ascending order (see xics_ics_resend() in xics.c).  The
 * outcome is QEMU's; the trace lacks QEMU's re-presentations of sources
 * that another server rejects again.
 *
 * Nothing here allocates after xics_init() or aborts on a value a guest
 * chose; callers (xics_spapr.c) check the guest's arguments first.
 */
#ifndef HW_INTC_XICS_H
#define HW_INTC_XICS_H

#include "hw/intc/intc.h"

#define XICS_IPI         0x2
#define XICS_CPPR_SHIFT  24
#define XICS_XISR_MASK   0x00ffffffu
#define XICS_NR_SOURCES  SPAPR_XICS_NR_IRQS
#define XICS_OFFSET      SPAPR_XIRQ_BASE
#define XICS_PRIO_MASKED 0xff

/* Source status bits (QEMU's values; PRESENTED and QUEUED only describe
 * an in-kernel ICS and are carried in saved state, not used here). */
#define XICS_STATUS_ASSERTED       0x01
#define XICS_STATUS_SENT           0x02
#define XICS_STATUS_REJECTED       0x04
#define XICS_STATUS_MASKED_PENDING 0x08
#define XICS_STATUS_PRESENTED      0x10
#define XICS_STATUS_QUEUED         0x20
#define XICS_STATUS_ALL            0x3f

/* Source flags: the claim (none = unclaimed). */
#define XICS_FLAGS_IRQ_LSI 0x1
#define XICS_FLAGS_IRQ_MSI 0x2

typedef struct XicsIcp {
    bool present;
    bool output; /* level of the vCPU's external interrupt line */
    uint32_t cpu_index;
    uint32_t server;
    uint32_t xirr; /* CPPR << 24 | XISR */
    uint8_t pending_priority;
    uint8_t mfrr;
} XicsIcp;

typedef struct XicsSource {
    uint32_t server;
    uint8_t priority; /* 0xff: masked */
    uint8_t saved_priority;
    uint8_t status;
    uint8_t flags;
} XicsSource;

/* A set of source numbers: bit n of words[n / 64]; bit w of summary is
 * set when words[w] is not zero.  The next member from any point is found
 * in constant time. */
typedef struct XicsWaiting {
    uint64_t summary;
    uint64_t words[XICS_NR_SOURCES / 64];
} XicsWaiting;

/* Where a waiting source is kept (Xics.waits_in): nowhere (it does not
 * wait), in the unsettled set, in no set (its server is out of range), or
 * in the settled set of server n (XICS_WAIT_SERVER + n). */
#define XICS_WAIT_NONE      0u
#define XICS_WAIT_UNSETTLED 1u
#define XICS_WAIT_NOWHERE   2u
#define XICS_WAIT_SERVER    3u

typedef struct Xics {
    /* The VMM's callbacks, the trace filter, the muted flag (the model
     * keeps the lines' level while another drives them). */
    SpaprModelOut out;
    uint32_t max_cpus;
    uint32_t nr_servers;
    XicsIcp *icps;          /* max_cpus entries, by CPU index */
    int32_t *server_to_cpu; /* nr_servers entries; -1: no ICP */
    XicsSource srcs[XICS_NR_SOURCES];
    /* Sources waiting for a resend: an MSI that was rejected, or an LSI
     * that is asserted and not sent.  Each is in exactly one of:
     *  - settled[s]: its server s's ICP (or the lack of one) would reject
     *    it as things stand, and only that ICP's own resend can change
     *    that (or a change of the source, which moves it);
     *  - unsettled: anything else (just re-targeted, masked MSI, after a
     *    load, or its ICP's priority limit rose without a resend);
     *  - neither, when its server has no settled set (out of range).
     * A resend on server s visits unsettled and settled[s] only; see
     * xics_ics_resend() in xics.c for why that is QEMU's outcome. */
    XicsWaiting waiting; /* all of them (for `info pic`) */
    XicsWaiting unsettled;
    XicsWaiting *settled; /* nr_servers entries */
    /* nr_servers entries: at most the lowest priority in settled[s] (0xff
     * when it is empty).  Without a trace callback, a resend on s stops
     * visiting settled[s] once the ICP's limit is at or below it: what
     * is left there would only be rejected again, unseen. */
    uint8_t *settled_floor;
    uint32_t waits_in[XICS_NR_SOURCES]; /* XICS_WAIT_* */
    /* Sources that may differ from their reset state: a reset visits
     * those only. */
    XicsWaiting dirty;
    /* Sources visited by resend passes so far (for `info pic` and the
     * tests that hold the resend cost to what waits). */
    uint64_t resend_visits;
    /* Test hook: resend by QEMU's full scan instead of the waiting sets,
     * so that a test can run both side by side and compare. */
    bool resend_full_scan;
} Xics;

/* Allocates the ICP tables; sources start unclaimed and reset.  @cb's
 * members are read at each use except @trace, whose presence is read
 * here once (spapr_model_out_init()). */
void xics_init(Xics *x, const SpaprIrqCallbacks *cb, uint32_t max_cpus,
               uint32_t nr_servers);
/* Frees what xics_init() allocated; safe to call twice or on a zeroed
 * Xics. */
void xics_fini(Xics *x);

/* Presenters. */
bool xics_icp_create(Xics *x, uint32_t cpu_index, uint32_t server);
void xics_icp_destroy(Xics *x, uint32_t cpu_index);
XicsIcp *xics_icp_by_server(Xics *x, uint64_t server);
void xics_icp_reset(Xics *x, XicsIcp *icp);
void xics_icp_set_cppr(Xics *x, XicsIcp *icp, uint8_t cppr);
void xics_icp_set_mfrr(Xics *x, XicsIcp *icp, uint8_t mfrr);
uint32_t xics_icp_accept(Xics *x, XicsIcp *icp);
void xics_icp_eoi(Xics *x, XicsIcp *icp, uint32_t xirr);
/* Drives the vCPU line from the ICP after a direct write of its state (a
 * state load); what waits for this ICP becomes unsettled. */
void xics_icp_sync_output(Xics *x, XicsIcp *icp);
/* Resizes the server table to @nr_servers while no ICP exists (the
 * simulated kernel's NR_SERVERS, set before its first vCPU connect; it
 * allocates, so it is not for a guest's path); false, and nothing changed,
 * if an ICP exists. */
bool xics_set_nr_servers(Xics *x, uint32_t nr_servers);

/* Inline: every hcall looks its caller's ICP up. */
static inline XicsIcp *xics_icp_by_cpu(Xics *x, uint32_t cpu_index)
{
    if (!x->icps || cpu_index >= x->max_cpus || !x->icps[cpu_index].present) {
        return NULL;
    }
    return &x->icps[cpu_index];
}

static inline uint8_t xics_icp_cppr(const XicsIcp *icp)
{
    return icp->xirr >> XICS_CPPR_SHIFT;
}

static inline uint32_t xics_icp_xisr(const XicsIcp *icp)
{
    return icp->xirr & XICS_XISR_MASK;
}

/* Sources, by source number (irq - XICS_OFFSET). */
void xics_ics_claim(Xics *x, uint32_t srcno, bool lsi);
void xics_ics_free(Xics *x, uint32_t srcno);
/* True if @irq is in the ICS and claimed (inline: H_EOI asks). */
static inline bool xics_ics_valid_irq(const Xics *x, uint64_t irq)
{
    return irq >= XICS_OFFSET && irq < XICS_OFFSET + XICS_NR_SOURCES &&
           x->srcs[irq - XICS_OFFSET].flags != 0;
}
void xics_ics_set_irq(Xics *x, uint32_t srcno, int level);
void xics_ics_write_xive(Xics *x, uint32_t srcno, uint32_t server,
                         uint8_t priority, uint8_t saved_priority);
void xics_ics_reset(Xics *x);
/* A resend pass over every source that waits, whatever its server (QEMU's
 * ics_resend()), for a caller that changed ICP state directly. */
void xics_ics_resend(Xics *x);
/* What QEMU's icp_resend() does: the IPI if MFRR is below CPPR, then a
 * resend pass over what can now be presented to this ICP (after a state
 * load). */
void xics_icp_resend(Xics *x, XicsIcp *icp);
/* Recomputes the resend sets from the sources, after a direct write of
 * their state (a state load): every source that waits is unsettled. */
void xics_ics_rebuild_waiting(Xics *x);

/* The guest's calls (xics_hcall.c, xics_rtas.c): the tables, and the
 * hcall dispatcher.  @icp: the calling vCPU's presenter, NULL if it has none
 * (SPAPR_H_HARDWARE); too few arguments answer SPAPR_H_PARAMETER.  The RTAS
 * calls run through spapr_rtas_run() with the Xics as the model. */
extern const SpaprHcall xics_hcalls[];
extern const SpaprRtasCall xics_rtas_calls[];
static inline int64_t xics_hcall(Xics *x, XicsIcp *icp, const SpaprHcall *h,
                                 const uint64_t *args, size_t nargs,
                                 uint64_t *rets)
{
    if (!icp) {
        return SPAPR_H_HARDWARE;
    }
    if (nargs < h->nargs) {
        return SPAPR_H_PARAMETER;
    }
    return h->fn(x, icp, args, rets);
}

#endif
