/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the sPAPR XIVE hcalls (H_INT_*, facts section 6;
 * docs/specs/xive.md): their table, the single truth for their opcodes,
 * argument counts, trace events and handlers, and their dispatcher.
 *
 * Every guest input is checked here before the model sees it; an invalid
 * one gets the PAPR error QEMU 7.2 gives (or, where QEMU does not check,
 * the one docs/specs/xive.md lists), never an abort.  In the kernel, the
 * parts the kernel holds (source and queue configuration, sync, reset, the
 * ESB of H_INT_ESB) go there first, as in QEMU.
 */
#include "hw/intc/spapr_xive.h"

/* ---- argument checks ---- */

static bool prio_is_reserved(uint64_t prio)
{
    return prio >= XIVE_RESERVED_PRIO_FIRST;
}

/* The LISN is in range and claimed (its EAS is valid). */
static bool lisn_ok(const Xive *x, uint64_t lisn)
{
    return lisn < XIVE_NR_IRQS && xive_eas_is_valid(x->eat[lisn]);
}

/* The target is the server of a present vCPU. */
static bool target_ok(const Xive *x, uint64_t target)
{
    return target < x->nr_servers && x->server_to_cpu[target] >= 0;
}

static uint32_t end_index(uint64_t target, uint64_t prio)
{
    return (uint32_t)target * (XIVE_PRIORITY_MAX + 1) + (uint32_t)prio;
}

static uint64_t esb_page(uint32_t lisn)
{
    return SPAPR_XIVE_ESB_BASE + ((uint64_t)lisn << XIVE_ESB_SHIFT);
}

/* ---- hcalls (a[] holds the arguments, zero-padded) ---- */

static int64_t h_get_source_info(void *model, void *cpu, const uint64_t *a,
                                 uint64_t *rets)
{
    Xive *x = model;
    uint64_t lisn = a[1];

    if (a[0]) {
        return SPAPR_H_PARAMETER;
    }
    if (!lisn_ok(x, lisn)) {
        return SPAPR_H_P2;
    }
    rets[0] = x->store_eoi ? SPAPR_H_INT_SRC_STORE_EOI : 0;
    if (xive_source_is_lsi(x, lisn)) {
        /* LSIs are managed through H_INT_ESB (re-trigger at EOI). */
        rets[0] |= SPAPR_H_INT_SRC_H_INT_ESB | SPAPR_H_INT_SRC_LSI;
        rets[1] = UINT64_MAX;
        rets[2] = UINT64_MAX;
    } else {
        rets[1] = esb_page(lisn) + XIVE_ESB_PAGE_SIZE;
        rets[2] = esb_page(lisn);
    }
    rets[3] = XIVE_ESB_SHIFT - 1;
    return SPAPR_H_SUCCESS;
}

static int64_t h_set_source_config(void *model, void *cpu, const uint64_t *a,
                                   uint64_t *rets)
{
    Xive *x = model;
    uint64_t flags = a[0], lisn = a[1], target = a[2], prio = a[3];
    uint64_t eas;

    if (flags & ~(SPAPR_H_INT_SRC_SET_EISN | SPAPR_H_INT_SRC_MASK)) {
        return SPAPR_H_PARAMETER;
    }
    if (!lisn_ok(x, lisn)) {
        return SPAPR_H_P2;
    }
    if (prio == 0xff) {
        eas = EAS_VALID | EAS_MASKED; /* reset the EAS */
        goto out;
    }
    if (prio_is_reserved(prio)) {
        return SPAPR_H_P4;
    }
    if (!target_ok(x, target)) {
        return SPAPR_H_P3;
    }
    eas = x->eat[lisn];
    eas = flags & SPAPR_H_INT_SRC_MASK ? eas | EAS_MASKED : eas & ~EAS_MASKED;
    eas = xive_set_field64(EAS_END_BLOCK, eas, XIVE_BLOCK_ID);
    eas = xive_set_field64(EAS_END_INDEX, eas, end_index(target, prio));
    if (flags & SPAPR_H_INT_SRC_SET_EISN) {
        eas = xive_set_field64(EAS_END_DATA, eas, a[4]); /* 31 bits kept */
    }
out:
    /* In the kernel: programmed there first, as QEMU does. */
    if (spapr_xive_in_kernel(x) &&
        !spapr_xive_kvm_set_source_config(spapr_xive_of_model(x), lisn, eas)) {
        return SPAPR_H_HARDWARE;
    }
    xive_eas_set(x, lisn, eas);
    return SPAPR_H_SUCCESS;
}

static int64_t h_get_source_config(void *model, void *cpu, const uint64_t *a,
                                   uint64_t *rets)
{
    Xive *x = model;
    uint64_t lisn = a[1], eas;
    uint32_t end_idx;

    if (a[0]) {
        return SPAPR_H_PARAMETER;
    }
    if (!lisn_ok(x, lisn)) {
        return SPAPR_H_P2;
    }
    eas = x->eat[lisn];
    end_idx = xive_get_field64(EAS_END_INDEX, eas);
    rets[0] = end_idx / (XIVE_PRIORITY_MAX + 1);
    rets[1] =
        xive_eas_is_masked(eas) ? 0xff : end_idx % (XIVE_PRIORITY_MAX + 1);
    rets[2] = xive_get_field64(EAS_END_DATA, eas);
    return SPAPR_H_SUCCESS;
}

/* Checks of the three queue hcalls: priority, then target. */
static int64_t check_queue_args(const Xive *x, uint64_t target, uint64_t prio)
{
    if (prio_is_reserved(prio)) {
        return SPAPR_H_P3;
    }
    if (!target_ok(x, target)) {
        return SPAPR_H_P2;
    }
    return SPAPR_H_SUCCESS;
}

static int64_t h_get_queue_info(void *model, void *cpu, const uint64_t *a,
                                uint64_t *rets)
{
    Xive *x = model;
    int64_t rc;
    uint32_t end_idx;
    const XiveEnd *end;

    if (a[0]) {
        return SPAPR_H_PARAMETER;
    }
    if ((rc = check_queue_args(x, a[1], a[2])) != SPAPR_H_SUCCESS) {
        return rc;
    }
    end_idx = end_index(a[1], a[2]);
    end = &x->endt[end_idx];
    rets[0] =
        SPAPR_XIVE_END_BASE + ((uint64_t)end_idx << SPAPR_XIVE_END_ESB_SHIFT);
    rets[1] = xive_end_enqueues(end)
                  ? xive_get_field32(END_W0_QSIZE, end->w[0]) + 12
                  : 0;
    return SPAPR_H_SUCCESS;
}

/* The whole queue must be guest RAM: its first and last words are read
 * through the VMM's callback (nothing is allocated). */
static bool queue_in_ram(const Xive *x, uint64_t qpage, uint64_t qsize)
{
    uint32_t probe;
    uint64_t last = qpage + (UINT64_C(1) << qsize) - sizeof(probe);

    return x->out.cb->mem_read && x->out.cb->mem_write &&
           x->out.cb->mem_read(x->out.cb->opaque, qpage, &probe,
                               sizeof(probe)) &&
           x->out.cb->mem_read(x->out.cb->opaque, last, &probe, sizeof(probe));
}

static int64_t h_set_queue_config(void *model, void *cpu, const uint64_t *a,
                                  uint64_t *rets)
{
    Xive *x = model;
    uint64_t flags = a[0], target = a[1], prio = a[2];
    uint64_t qpage = a[3], qsize = a[4];
    XiveEnd end;
    int64_t rc;

    if (flags & ~SPAPR_H_INT_END_ALWAYS_NOTIFY) {
        return SPAPR_H_PARAMETER;
    }
    if ((rc = check_queue_args(x, target, prio)) != SPAPR_H_SUCCESS) {
        return rc;
    }
    switch (qsize) {
    case 0: /* reset the queue and stop queueing */
        xive_end_reset(&end);
        goto out;
    case 12:
    case 16:
    case 21:
    case 24:
        break;
    default:
        return SPAPR_H_P5;
    }
    if ((qpage & ((UINT64_C(1) << qsize) - 1)) || (qpage >> 60) ||
        !queue_in_ram(x, qpage, qsize)) {
        return SPAPR_H_P4;
    }
    xive_end_reset(&end);
    end.w[0] = END_W0_VALID | END_W0_ENQUEUE |
               xive_set_field32(END_W0_QSIZE, 0, qsize - 12);
    if (flags & SPAPR_H_INT_END_ALWAYS_NOTIFY) {
        end.w[0] |= END_W0_UCOND_NOTIFY;
    }
    /* The generation starts at 1, the offset at 0 (ESn/ESe cleared). */
    end.w[1] = END_W1_GENERATION;
    end.w[2] = xive_set_field32(END_W2_OP_DESC_HI, 0, qpage >> 32);
    end.w[3] = (uint32_t)qpage;
    end.w[6] = xive_set_field32(END_W6_NVT_BLOCK, 0, XIVE_BLOCK_ID) |
               xive_set_field32(END_W6_NVT_INDEX, 0, XIVE_NVT_BASE + target);
    end.w[7] = xive_set_field32(END_W7_F0_PRIORITY, 0, prio);
out:
    if (spapr_xive_in_kernel(x) &&
        !spapr_xive_kvm_set_queue_config(spapr_xive_of_model(x),
                                         end_index(target, prio), &end)) {
        return SPAPR_H_HARDWARE;
    }
    xive_end_set(x, end_index(target, prio), &end);
    return SPAPR_H_SUCCESS;
}

static int64_t h_get_queue_config(void *model, void *cpu, const uint64_t *a,
                                  uint64_t *rets)
{
    Xive *x = model;
    XiveEnd *end;
    int64_t rc;

    if (a[0] & ~SPAPR_H_INT_END_DEBUG) {
        return SPAPR_H_PARAMETER;
    }
    if ((rc = check_queue_args(x, a[1], a[2])) != SPAPR_H_SUCCESS) {
        return rc;
    }
    end = &x->endt[end_index(a[1], a[2])];
    /* The queue's position is the kernel's. */
    if (spapr_xive_in_kernel(x) && (end->w[0] & END_W0_VALID) &&
        !spapr_xive_kvm_get_queue_config(spapr_xive_of_model(x),
                                         end_index(a[1], a[2]), end)) {
        return SPAPR_H_HARDWARE;
    }
    rets[0] =
        end->w[0] & END_W0_UCOND_NOTIFY ? SPAPR_H_INT_END_ALWAYS_NOTIFY : 0;
    rets[1] = xive_end_enqueues(end) ? xive_end_qaddr(end) : 0;
    rets[2] = xive_end_enqueues(end)
                  ? xive_get_field32(END_W0_QSIZE, end->w[0]) + 12
                  : 0;
    rets[3] = 0;
    if (a[0] & SPAPR_H_INT_END_DEBUG) {
        rets[0] |= (uint64_t)xive_get_field32(END_W1_GENERATION, end->w[1])
                   << 62;
        rets[3] = xive_get_field32(END_W1_PAGE_OFF, end->w[1]);
    }
    return SPAPR_H_SUCCESS;
}

static int64_t h_os_reporting_line(void *model, void *cpu, const uint64_t *a,
                                   uint64_t *rets)
{
    return SPAPR_H_FUNCTION; /* as QEMU: not supported */
}

static int64_t h_esb(void *model, void *cpu, const uint64_t *a, uint64_t *rets)
{
    Xive *x = model;
    uint64_t flags = a[0], lisn = a[1], offset = a[2];
    uint64_t mmio;

    if (flags & ~SPAPR_H_INT_ESB_STORE) {
        return SPAPR_H_PARAMETER;
    }
    if (!lisn_ok(x, lisn)) {
        return SPAPR_H_P2;
    }
    if (offset >= XIVE_ESB_PAGE_SIZE) {
        return SPAPR_H_P3;
    }
    if (spapr_xive_in_kernel(x)) {
        rets[0] = spapr_xive_kvm_esb_rw(spapr_xive_of_model(x), lisn, offset,
                                        a[3], flags & SPAPR_H_INT_ESB_STORE);
        return SPAPR_H_SUCCESS;
    }
    /* An access to the management page, as if the guest made it. */
    mmio = ((uint64_t)lisn << XIVE_ESB_SHIFT) + XIVE_ESB_PAGE_SIZE + offset;
    if (flags & SPAPR_H_INT_ESB_STORE) {
        xive_esb_write(x, mmio, a[3]);
        rets[0] = UINT64_MAX;
    } else if (!xive_esb_read(x, mmio, &rets[0])) {
        rets[0] = UINT64_MAX;
    }
    return SPAPR_H_SUCCESS;
}

static int64_t h_sync(void *model, void *cpu, const uint64_t *a, uint64_t *rets)
{
    Xive *x = model;

    if (a[0]) {
        return SPAPR_H_PARAMETER;
    }
    if (!lisn_ok(x, a[1])) {
        return SPAPR_H_P2;
    }
    if (spapr_xive_in_kernel(x) &&
        !spapr_xive_kvm_sync_source(spapr_xive_of_model(x), a[1])) {
        return SPAPR_H_HARDWARE;
    }
    return SPAPR_H_SUCCESS; /* emulated: events are delivered synchronously */
}

static int64_t h_reset(void *model, void *cpu, const uint64_t *a,
                       uint64_t *rets)
{
    Xive *x = model;

    if (a[0]) {
        return SPAPR_H_PARAMETER;
    }
    xive_source_reset(x);
    xive_router_reset(x);
    if (spapr_xive_in_kernel(x) &&
        !spapr_xive_kvm_reset(spapr_xive_of_model(x))) {
        return SPAPR_H_HARDWARE;
    }
    return SPAPR_H_SUCCESS;
}

const SpaprHcall spapr_xive_hcalls[] = {
    {SPAPR_H_INT_GET_SOURCE_INFO, 2, h_get_source_info,
     SPAPR_TRACE_SPAPR_XIVE_GET_SOURCE_INFO},
    {SPAPR_H_INT_SET_SOURCE_CONFIG, 5, h_set_source_config,
     SPAPR_TRACE_SPAPR_XIVE_SET_SOURCE_CONFIG},
    {SPAPR_H_INT_GET_SOURCE_CONFIG, 2, h_get_source_config,
     SPAPR_TRACE_SPAPR_XIVE_GET_SOURCE_CONFIG},
    {SPAPR_H_INT_GET_QUEUE_INFO, 3, h_get_queue_info,
     SPAPR_TRACE_SPAPR_XIVE_GET_QUEUE_INFO},
    {SPAPR_H_INT_SET_QUEUE_CONFIG, 5, h_set_queue_config,
     SPAPR_TRACE_SPAPR_XIVE_SET_QUEUE_CONFIG},
    {SPAPR_H_INT_GET_QUEUE_CONFIG, 3, h_get_queue_config,
     SPAPR_TRACE_SPAPR_XIVE_GET_QUEUE_CONFIG},
    {SPAPR_H_INT_SET_OS_REPORTING_LINE, 0, h_os_reporting_line,
     SPAPR_TRACE_SPAPR_XIVE_SET_OS_REPORTING_LINE},
    {SPAPR_H_INT_GET_OS_REPORTING_LINE, 0, h_os_reporting_line,
     SPAPR_TRACE_SPAPR_XIVE_GET_OS_REPORTING_LINE},
    {SPAPR_H_INT_ESB, 4, h_esb, SPAPR_TRACE_SPAPR_XIVE_ESB},
    {SPAPR_H_INT_SYNC, 2, h_sync, SPAPR_TRACE_SPAPR_XIVE_SYNC},
    {SPAPR_H_INT_RESET, 1, h_reset, SPAPR_TRACE_SPAPR_XIVE_RESET},
    {0, 0, NULL, SPAPR_HCALL_NO_TRACE},
};

/* QEMU traces each hcall with its arguments on entry, then checks them;
 * so do we.  Missing arguments are SPAPR_H_PARAMETER (QEMU cannot have
 * any).  The machine layer has checked that @cpu_index is a present
 * vCPU. */
int64_t spapr_xive_hcall(Xive *x, const SpaprHcall *h, const uint64_t *args,
                         size_t nargs, uint64_t *rets)
{
    uint64_t a[SPAPR_HCALL_MAX_ARGS] = {0};

    for (size_t k = 0; k < MIN(nargs, h->nargs); k++) {
        a[k] = args[k];
    }
    xive_trace(x, h->trace, a[0], a[1], a[2], a[3], a[4], 0);
    if (nargs < h->nargs) {
        return SPAPR_H_PARAMETER;
    }
    return h->fn(x, NULL, a, rets);
}
