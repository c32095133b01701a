/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: trace events of the controller models.
 *
 * The emulated controllers report their internal steps at the same points,
 * with the same arguments, as QEMU's trace events of the same name
 * (docs/specs/xics.md and docs/specs/xive.md list them).  A VMM that sets
 * SpaprIrqCallbacks.trace receives them as small structures: nothing is
 * formatted or allocated on the guest's path.  spapr_irq_trace_format() renders
 * one as the line QEMU's "log" trace backend prints, which is how the replayer
 * compares our model with a trace of a real guest.
 */
#ifndef SPAPR_IRQ_TRACE_H
#define SPAPR_IRQ_TRACE_H

#include "spapr-irq/types.h"

G_BEGIN_DECLS

/* One entry per QEMU trace event; the comment lists the arguments a[]. */
typedef enum SpaprIrqTraceId {
    SPAPR_TRACE_XICS_ICP_CHECK_IPI,   /* cpu_index, mfrr */
    SPAPR_TRACE_XICS_ICP_ACCEPT,      /* old xirr, new xirr */
    SPAPR_TRACE_XICS_ICP_EOI,         /* cpu_index, given xirr, new xirr */
    SPAPR_TRACE_XICS_ICP_IRQ,         /* server, irq, priority */
    SPAPR_TRACE_XICS_ICP_RAISE,       /* new xirr, new pending priority */
    SPAPR_TRACE_XICS_ICS_SET_IRQ_MSI, /* srcno, irq */
    SPAPR_TRACE_XICS_MASKED_PENDING,  /* (none) */
    SPAPR_TRACE_XICS_ICS_SET_IRQ_LSI, /* srcno, irq */
    SPAPR_TRACE_XICS_ICS_WRITE_XIVE,  /* irq, srcno, server, priority */
    SPAPR_TRACE_XICS_ICS_REJECT,      /* irq, srcno */
    SPAPR_TRACE_XICS_ICS_EOI,         /* irq */
    /* XIVE: QEMU's spapr_xive_* and xive_* events */
    SPAPR_TRACE_SPAPR_XIVE_CLAIM_IRQ,             /* lisn, lsi */
    SPAPR_TRACE_SPAPR_XIVE_FREE_IRQ,              /* lisn */
    SPAPR_TRACE_SPAPR_XIVE_SET_IRQ,               /* lisn, val */
    SPAPR_TRACE_SPAPR_XIVE_GET_SOURCE_INFO,       /* flags, lisn */
    SPAPR_TRACE_SPAPR_XIVE_SET_SOURCE_CONFIG,     /* flags, lisn, target, prio,
                                                     eisn */
    SPAPR_TRACE_SPAPR_XIVE_GET_SOURCE_CONFIG,     /* flags, lisn */
    SPAPR_TRACE_SPAPR_XIVE_GET_QUEUE_INFO,        /* flags, target, prio */
    SPAPR_TRACE_SPAPR_XIVE_SET_QUEUE_CONFIG,      /* flags, target, prio, qpage,
                                                     qsize */
    SPAPR_TRACE_SPAPR_XIVE_GET_QUEUE_CONFIG,      /* flags, target, prio */
    SPAPR_TRACE_SPAPR_XIVE_SET_OS_REPORTING_LINE, /* flags */
    SPAPR_TRACE_SPAPR_XIVE_GET_OS_REPORTING_LINE, /* flags */
    SPAPR_TRACE_SPAPR_XIVE_ESB,         /* flags, lisn, offset, data */
    SPAPR_TRACE_SPAPR_XIVE_SYNC,        /* flags, lisn */
    SPAPR_TRACE_SPAPR_XIVE_RESET,       /* flags */
    SPAPR_TRACE_XIVE_SOURCE_ESB_READ,   /* offset in ESB area, srcno, val */
    SPAPR_TRACE_XIVE_SOURCE_ESB_WRITE,  /* offset in ESB area, srcno, val */
    SPAPR_TRACE_XIVE_ROUTER_END_NOTIFY, /* end blk, end idx, end data */
    SPAPR_TRACE_XIVE_PRESENTER_NOTIFY,  /* nvt blk, nvt idx, ring */
    SPAPR_TRACE_XIVE_TCTX_ACCEPT,   /* cpu_index, ring, ipb, pipr, cppr, nsr */
    SPAPR_TRACE_XIVE_TCTX_NOTIFY,   /* cpu_index, ring, ipb, pipr, cppr, nsr */
    SPAPR_TRACE_XIVE_TCTX_SET_CPPR, /* cpu_index, ring, ipb, pipr, new cppr,
                                       nsr */
    SPAPR_TRACE_XIVE_TCTX_TM_READ,  /* offset in TIMA, size, val */
    SPAPR_TRACE_XIVE_TCTX_TM_WRITE, /* offset in TIMA, size, val */
    SPAPR_TRACE_COUNT
} SpaprIrqTraceId;

#define SPAPR_IRQ_TRACE_MAX_ARGS 6

struct SpaprIrqTraceEvent {
    SpaprIrqTraceId id;
    uint64_t a[SPAPR_IRQ_TRACE_MAX_ARGS];
};

/* QEMU's name of event @id ("xics_icp_accept"; a static string), or NULL
 * if out of range. */
SPAPR_IRQ_API const char *spapr_irq_trace_name(SpaprIrqTraceId id);

/* Event id named @name, or SPAPR_TRACE_COUNT if no event has that name. */
SPAPR_IRQ_API SpaprIrqTraceId spapr_irq_trace_lookup(const char *name);

/*
 * Applies one of QEMU's -trace patterns to @on (indexed by event id): a
 * glob (`*`, `?`) of event names sets what it matches, a leading '-'
 * clears it.  Returns false with SPAPR_IRQ_ERROR_INVALID_OPTION and QEMU's
 * text "trace event 'NAME' does not exist" for a name without wildcards
 * that is no event (QEMU warns there; the caller chooses); a glob that
 * matches nothing is accepted.  The one pattern rule of the library's
 * filter (spapr_irq_set_trace_filter()) and of a VMM's own -trace.
 */
SPAPR_IRQ_API bool spapr_irq_trace_pattern(bool on[SPAPR_TRACE_COUNT],
                                           const char *pattern, GError **errp);

/* Appends the line QEMU's log backend prints for @ev ("name text", no
 * newline) to @out. */
SPAPR_IRQ_API void spapr_irq_trace_format(const SpaprIrqTraceEvent *ev,
                                          GString *out);

G_END_DECLS

#endif
