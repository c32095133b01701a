/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the XIVE model: sources and ESBs, router and event queues,
 * presenter and thread contexts (facts section 6).
 *
 * An event travels: source (PQ says whether to forward it) -> EAS of its
 * LISN (valid, masked, END, EISN) -> END (writes the EISN into the guest's
 * queue page, then names the NVT and priority) -> presenter (the vCPU of
 * the NVT gets the priority in its IPB; if that beats its CPPR, NSR gets
 * the exception bit and the vCPU's line goes up) -> the guest acks through
 * the TIMA and EOIs through the source's ESB.
 */
#include <string.h>

#include "hw/intc/xive.h"

static void dirty_init(XiveDirty *d, uint32_t n)
{
    d->list = g_new(uint32_t, n);
    d->listed = g_new0(uint8_t, n);
    d->n = 0;
}

static void dirty_fini(XiveDirty *d)
{
    g_clear_pointer(&d->list, g_free);
    g_clear_pointer(&d->listed, g_free);
}

/* Forgets the list (after a sweep of the whole table). */
static void dirty_clear(XiveDirty *d)
{
    for (uint32_t k = 0; k < d->n; k++) {
        d->listed[d->list[k]] = 0;
    }
    d->n = 0;
}

/* Whether a reset must sweep the whole tables. */
static bool reset_sweeps(const Xive *x)
{
    return !x->tracked || x->sweep;
}

void xive_init(Xive *x, const SpaprIrqCallbacks *cb, uint32_t max_cpus,
               uint32_t nr_servers)
{
    memset(x, 0, sizeof(*x));
    spapr_model_out_init(&x->out, cb);
    x->max_cpus = max_cpus;
    x->nr_servers = nr_servers;
    x->nr_ends = nr_servers * (XIVE_PRIORITY_MAX + 1);
    x->endt = g_new0(XiveEnd, x->nr_ends);
    x->tctx = g_new0(XiveTctx, max_cpus);
    x->server_to_cpu = g_new(int32_t, nr_servers);
    for (uint32_t s = 0; s < nr_servers; s++) {
        x->server_to_cpu[s] = -1;
    }
    for (uint32_t i = 0; i < x->nr_ends; i++) {
        xive_end_reset(&x->endt[i]);
    }
    dirty_init(&x->eas_dirty, XIVE_NR_IRQS);
    dirty_init(&x->end_dirty, x->nr_ends);
    dirty_init(&x->tctx_dirty, max_cpus);
    xive_source_reset(x);
}

void xive_fini(Xive *x)
{
    g_clear_pointer(&x->endt, g_free);
    g_clear_pointer(&x->tctx, g_free);
    g_clear_pointer(&x->server_to_cpu, g_free);
    dirty_fini(&x->eas_dirty);
    dirty_fini(&x->end_dirty);
    dirty_fini(&x->tctx_dirty);
}

/* ---- the ESB state machine ---- */

/* Trigger: 00 -> 10 and forward; 10, 11 -> 11; 01 stays. */
static bool esb_trigger(uint8_t *pq)
{
    switch (*pq & XIVE_STATUS_PQ) {
    case XIVE_ESB_RESET:
        *pq = (*pq & ~XIVE_STATUS_PQ) | XIVE_ESB_PENDING;
        return true;
    case XIVE_ESB_PENDING:
    case XIVE_ESB_QUEUED:
        *pq = (*pq & ~XIVE_STATUS_PQ) | XIVE_ESB_QUEUED;
        return false;
    default: /* off */
        return false;
    }
}

/* EOI: 00, 10 -> 00; 11 -> 10 and forward again; 01 stays. */
static bool esb_eoi(uint8_t *pq)
{
    switch (*pq & XIVE_STATUS_PQ) {
    case XIVE_ESB_RESET:
    case XIVE_ESB_PENDING:
        *pq = (*pq & ~XIVE_STATUS_PQ) | XIVE_ESB_RESET;
        return false;
    case XIVE_ESB_QUEUED:
        *pq = (*pq & ~XIVE_STATUS_PQ) | XIVE_ESB_PENDING;
        return true;
    default: /* off */
        return false;
    }
}

/* Sets PQ to @pq; returns the old PQ. */
static uint8_t esb_set(uint8_t *status, uint8_t pq)
{
    uint8_t old = *status & XIVE_STATUS_PQ;

    *status = (*status & ~XIVE_STATUS_PQ) | (pq & XIVE_STATUS_PQ);
    return old;
}

/* ---- sources ---- */

static void router_notify(Xive *x, uint32_t lisn);

void xive_source_claim(Xive *x, uint32_t lisn, bool lsi)
{
    x->eat[lisn] |= EAS_VALID | EAS_MASKED;
    if (lsi) {
        x->flags[lisn] |= XIVE_SRC_LSI;
    }
}

/* QEMU only clears the EAS's valid bit and keeps the LSI flag; we clear
 * the whole EAS (unreachable once invalid) and the flag, so that a number
 * claimed again starts afresh and an unclaimed EAS is always 0. */
void xive_source_free(Xive *x, uint32_t lisn)
{
    x->eat[lisn] = 0;
    x->flags[lisn] &= ~XIVE_SRC_LSI;
}

bool xive_source_is_lsi(const Xive *x, uint32_t lisn)
{
    return x->flags[lisn] & XIVE_SRC_LSI;
}

static bool lsi_trigger(Xive *x, uint32_t lisn)
{
    x->status[lisn] |= XIVE_STATUS_ASSERTED;
    if (xive_source_pq(x, lisn) == XIVE_ESB_RESET) {
        esb_set(&x->status[lisn], XIVE_ESB_PENDING);
        return true;
    }
    return false;
}

static bool source_trigger(Xive *x, uint32_t lisn)
{
    return esb_trigger(&x->status[lisn]);
}

/* An EOI; an LSI still asserted is forwarded again. */
static bool source_eoi(Xive *x, uint32_t lisn)
{
    bool ret = esb_eoi(&x->status[lisn]);

    if (xive_source_is_lsi(x, lisn) &&
        (x->status[lisn] & XIVE_STATUS_ASSERTED)) {
        ret = lsi_trigger(x, lisn);
    }
    return ret;
}

void xive_source_set_irq(Xive *x, uint32_t lisn, int level)
{
    bool notify = false;

    if (xive_source_is_lsi(x, lisn)) {
        if (level) {
            notify = lsi_trigger(x, lisn);
        } else {
            x->status[lisn] &= ~XIVE_STATUS_ASSERTED;
        }
    } else if (level) {
        notify = source_trigger(x, lisn);
    }
    if (notify) {
        router_notify(x, lisn);
    }
}

void xive_source_fire_triggered(Xive *x)
{
    for (uint32_t lisn = 0; lisn < XIVE_NR_IRQS; lisn++) {
        if (x->status[lisn] & XIVE_STATUS_TRIGGERED) {
            x->status[lisn] &= ~XIVE_STATUS_TRIGGERED;
            if (xive_eas_is_valid(x->eat[lisn]) && source_trigger(x, lisn)) {
                router_notify(x, lisn);
            }
        }
    }
}

void xive_source_reset(Xive *x)
{
    memset(x->status, XIVE_ESB_OFF, sizeof(x->status));
}

static bool is_trigger_page(uint64_t offset)
{
    return !(offset & XIVE_ESB_PAGE_SIZE);
}

bool xive_esb_read(Xive *x, uint64_t offset, uint64_t *valp)
{
    uint32_t lisn = offset >> XIVE_ESB_SHIFT;
    uint32_t op = offset & 0xfff;
    uint64_t ret;

    if (is_trigger_page(offset)) {
        return false; /* QEMU: a guest error, no trace */
    }
    if (op < XIVE_ESB_GET) {
        ret = source_eoi(x, lisn);
        if (ret) {
            router_notify(x, lisn);
        }
    } else if (op < XIVE_ESB_GET + 0x400) {
        ret = xive_source_pq(x, lisn);
    } else {
        /* 0xc00, 0xd00, 0xe00, 0xf00 (+ 0xff): set PQ, return the old */
        ret = esb_set(&x->status[lisn], (op >> 8) & 0x3);
    }
    xive_trace(x, SPAPR_TRACE_XIVE_SOURCE_ESB_READ, offset, lisn, ret, 0, 0, 0);
    *valp = ret;
    return true;
}

void xive_esb_write(Xive *x, uint64_t offset, uint64_t val)
{
    uint32_t lisn = offset >> XIVE_ESB_SHIFT;
    uint32_t op = offset & 0xfff;
    bool notify = false;

    xive_trace(x, SPAPR_TRACE_XIVE_SOURCE_ESB_WRITE, offset, lisn, val, 0, 0,
               0);
    if (is_trigger_page(offset) || op < XIVE_ESB_STORE_EOI) {
        notify = source_trigger(x, lisn);
    } else if (op < XIVE_ESB_INJECT) {
        if (!x->store_eoi) {
            return; /* QEMU: "invalid Store EOI", nothing done */
        }
        notify = source_eoi(x, lisn);
    } else if (op < XIVE_ESB_SET_PQ_00) {
        notify = true; /* inject: forward whatever PQ says */
    } else {
        esb_set(&x->status[lisn], (op >> 8) & 0x3);
    }
    if (notify) {
        router_notify(x, lisn);
    }
}

/* ---- routing ---- */

void xive_end_reset(XiveEnd *end)
{
    memset(end, 0, sizeof(*end));
    end->w[1] = END_W1_ESe_Q | END_W1_ESn_Q;
}

static void eas_reset(Xive *x, uint32_t lisn)
{
    x->eat[lisn] = xive_eas_is_valid(x->eat[lisn]) ? EAS_VALID | EAS_MASKED : 0;
}

/* A claim and a free write the default EAS (valid+masked or 0), which a
 * reset keeps: only the EASs and ENDs the guest or a load set are listed. */
void xive_router_reset(Xive *x)
{
    if (reset_sweeps(x)) {
        for (uint32_t i = 0; i < XIVE_NR_IRQS; i++) {
            eas_reset(x, i);
        }
        for (uint32_t i = 0; i < x->nr_ends; i++) {
            xive_end_reset(&x->endt[i]);
        }
        dirty_clear(&x->eas_dirty);
        dirty_clear(&x->end_dirty);
        return;
    }
    for (uint32_t k = 0; k < x->eas_dirty.n; k++) {
        eas_reset(x, x->eas_dirty.list[k]);
    }
    for (uint32_t k = 0; k < x->end_dirty.n; k++) {
        xive_end_reset(&x->endt[x->end_dirty.list[k]]);
    }
    dirty_clear(&x->eas_dirty);
    dirty_clear(&x->end_dirty);
}

/* Writes (generation << 31) | data, big-endian, at the queue's offset;
 * the offset wraps inside the queue, flipping the generation.  The write
 * never leaves the queue: the offset is masked by the queue's size. */
static void end_enqueue(Xive *x, XiveEnd *end, uint32_t data)
{
    uint64_t qbase = xive_end_qaddr(end);
    uint32_t qindex = xive_get_field32(END_W1_PAGE_OFF, end->w[1]);
    uint32_t qgen = xive_get_field32(END_W1_GENERATION, end->w[1]);
    uint32_t qentries = xive_end_qentries(end);
    uint32_t entry = GUINT32_TO_BE((qgen << 31) | (data & 0x7fffffff));

    qindex &= qentries - 1;
    if (!x->out.cb || !x->out.cb->mem_write ||
        !x->out.cb->mem_write(x->out.cb->opaque,
                              qbase + ((uint64_t)qindex << 2), &entry,
                              sizeof(entry))) {
        return; /* QEMU: "failed to write END data", queue unchanged */
    }
    qindex = (qindex + 1) & (qentries - 1);
    if (qindex == 0) {
        end->w[1] = xive_set_field32(END_W1_GENERATION, end->w[1], qgen ^ 1);
    }
    end->w[1] = xive_set_field32(END_W1_PAGE_OFF, end->w[1], qindex);
}

/* ESn coalescing of an END that is not always-notify. */
static bool end_es_notify(XiveEnd *end)
{
    uint8_t pq = xive_get_field32(END_W1_ESn, end->w[1]);
    bool notify = esb_trigger(&pq);

    end->w[1] = xive_set_field32(END_W1_ESn, end->w[1], pq);
    return notify;
}

static void presenter_notify(Xive *x, uint8_t nvt_blk, uint32_t nvt_idx,
                             uint8_t priority);

static void end_notify(Xive *x, uint64_t eas)
{
    uint32_t end_blk = xive_get_field64(EAS_END_BLOCK, eas);
    uint32_t end_idx = xive_get_field64(EAS_END_INDEX, eas);
    uint32_t end_data = xive_get_field64(EAS_END_DATA, eas);
    XiveEnd *end;
    uint8_t priority;

    if (end_blk != XIVE_BLOCK_ID || end_idx >= x->nr_ends) {
        return; /* QEMU: "No END" */
    }
    end = &x->endt[end_idx];
    if (!(end->w[0] & END_W0_VALID)) {
        xive_trace(x, SPAPR_TRACE_XIVE_ROUTER_END_NOTIFY, end_blk, end_idx,
                   end_data, 0, 0, 0);
        return;
    }
    if (end->w[0] & END_W0_ENQUEUE) {
        end_enqueue(x, end, end_data);
    }
    if (end->w[0] & END_W0_SILENT_ESCALATE) {
        return; /* escalation is not used on sPAPR */
    }
    priority = xive_get_field32(END_W7_F0_PRIORITY, end->w[7]);
    if (!(end->w[6] & END_W6_FORMAT_BIT) && priority == 0xff) {
        return; /* the END is masked */
    }
    if (!(end->w[0] & END_W0_UCOND_NOTIFY) && !end_es_notify(end)) {
        return;
    }
    presenter_notify(x, xive_get_field32(END_W6_NVT_BLOCK, end->w[6]),
                     xive_get_field32(END_W6_NVT_INDEX, end->w[6]), priority);
}

static void router_notify(Xive *x, uint32_t lisn)
{
    uint64_t eas = x->eat[lisn];

    if (!xive_eas_is_valid(eas) || xive_eas_is_masked(eas)) {
        return;
    }
    end_notify(x, eas);
}

/* ---- thread contexts ---- */

uint8_t xive_ipb_to_pipr(uint8_t ipb)
{
    return ipb ? __builtin_clz((uint32_t)ipb << 24) : 0xff;
}

static uint8_t priority_to_ipb(uint8_t priority)
{
    return priority > XIVE_PRIORITY_MAX ? 0
                                        : 1 << (XIVE_PRIORITY_MAX - priority);
}

uint32_t xive_tctx_os_cam(uint32_t server)
{
    return TM_QW1W2_VO | (XIVE_BLOCK_ID << 19) | (XIVE_NVT_BASE + server);
}

static uint32_t tctx_word2(const XiveTctx *t, unsigned ring)
{
    const uint8_t *w = &t->regs[ring + TM_WORD2];

    return (uint32_t)w[0] << 24 | (uint32_t)w[1] << 16 | (uint32_t)w[2] << 8 |
           w[3];
}

/* The VMM hears of the line only when its level changes. */
static void set_output(Xive *x, XiveTctx *t, bool level)
{
    if (t->output != level) {
        t->output = level;
        spapr_model_line(&x->out, t->cpu_index, level);
    }
}

static void trace_tctx(Xive *x, SpaprIrqTraceId id, const XiveTctx *t,
                       unsigned ring)
{
    const uint8_t *r = &t->regs[ring];

    xive_trace(x, id, t->cpu_index, ring, r[TM_IPB], r[TM_PIPR], r[TM_CPPR],
               r[TM_NSR]);
}

/* Raises the exception if PIPR beats CPPR (OS ring). */
static void tctx_notify(Xive *x, XiveTctx *t, unsigned ring)
{
    uint8_t *r = &t->regs[ring];

    if (r[TM_PIPR] < r[TM_CPPR]) {
        r[TM_NSR] |= TM_QW1_NSR_EO;
        set_output(x, t, true);
        trace_tctx(x, SPAPR_TRACE_XIVE_TCTX_NOTIFY, t, ring);
    }
}

/* Inlined in the presenter, the hot caller. */
static inline void tctx_ipb_update(Xive *x, XiveTctx *t, uint8_t ipb)
{
    uint8_t *r = &t->regs[TM_QW1_OS];

    xive_tctx_touch(x, t);
    r[TM_IPB] |= ipb;
    r[TM_PIPR] = xive_ipb_to_pipr(r[TM_IPB]);
    tctx_notify(x, t, TM_QW1_OS);
}

void xive_tctx_ipb_update(Xive *x, XiveTctx *t, uint8_t ipb)
{
    tctx_ipb_update(x, t, ipb);
}

static void tctx_set_cppr(Xive *x, XiveTctx *t, unsigned ring, uint8_t cppr)
{
    uint8_t *r = &t->regs[ring];

    xive_trace(x, SPAPR_TRACE_XIVE_TCTX_SET_CPPR, t->cpu_index, ring, r[TM_IPB],
               r[TM_PIPR], cppr, r[TM_NSR]);
    r[TM_CPPR] = cppr > XIVE_PRIORITY_MAX ? 0xff : cppr;
    tctx_notify(x, t, ring);
}

/* The ack: CPPR takes PIPR, its IPB bit and the exception bit go.
 * Returns NSR before << 8 | CPPR after. */
static uint64_t tctx_accept(Xive *x, XiveTctx *t, unsigned ring)
{
    uint8_t *r = &t->regs[ring];
    uint8_t nsr = r[TM_NSR];

    xive_tctx_touch(x, t);
    set_output(x, t, false);
    if (r[TM_NSR] & TM_QW1_NSR_EO) {
        uint8_t cppr = r[TM_PIPR];

        r[TM_CPPR] = cppr;
        r[TM_IPB] &= ~priority_to_ipb(cppr);
        r[TM_PIPR] = xive_ipb_to_pipr(r[TM_IPB]);
        r[TM_NSR] &= ~TM_QW1_NSR_EO;
        trace_tctx(x, SPAPR_TRACE_XIVE_TCTX_ACCEPT, t, ring);
    }
    return (uint64_t)nsr << 8 | r[TM_CPPR];
}

/*
 * The presenter.  QEMU asks every vCPU's thread context whether its OS
 * CAM line matches the NVT; a sPAPR NVT is 0x400 + server, so we go from
 * the NVT to the one vCPU that can match through server_to_cpu[] and check
 * that context's CAM line (which the guest cannot change).  One context
 * is looked at, for vCPU 0 as for vCPU 2047.
 */
static void presenter_notify(Xive *x, uint8_t nvt_blk, uint32_t nvt_idx,
                             uint8_t priority)
{
    uint32_t cam = (uint32_t)nvt_blk << 19 | nvt_idx;
    uint32_t server;
    XiveTctx *t;

    if (nvt_blk != XIVE_BLOCK_ID || nvt_idx < XIVE_NVT_BASE ||
        nvt_idx - XIVE_NVT_BASE >= x->nr_servers) {
        return; /* QEMU: "no NVT" */
    }
    server = nvt_idx - XIVE_NVT_BASE;
    if (x->server_to_cpu[server] < 0) {
        return; /* no vCPU dispatched on that NVT */
    }
    t = &x->tctx[x->server_to_cpu[server]];
    x->tctx_visits++;
    if (!(tctx_word2(t, TM_QW1_OS) & TM_QW1W2_VO) ||
        (tctx_word2(t, TM_QW1_OS) & ~TM_QW1W2_VO) != cam) {
        return;
    }
    xive_trace(x, SPAPR_TRACE_XIVE_PRESENTER_NOTIFY, nvt_blk, nvt_idx,
               TM_QW1_OS, 0, 0, 0);
    tctx_ipb_update(x, t, priority_to_ipb(priority));
}

bool xive_tctx_create(Xive *x, uint32_t cpu_index, uint32_t server)
{
    XiveTctx *t;

    if (cpu_index >= x->max_cpus || server >= x->nr_servers ||
        x->tctx[cpu_index].present || x->server_to_cpu[server] >= 0) {
        return false;
    }
    t = &x->tctx[cpu_index];
    memset(t, 0, sizeof(*t));
    t->present = true;
    t->cpu_index = cpu_index;
    t->server = server;
    x->server_to_cpu[server] = cpu_index;
    xive_tctx_reset(x, t);
    return true;
}

void xive_tctx_destroy(Xive *x, uint32_t cpu_index)
{
    XiveTctx *t;

    if (!x->tctx || cpu_index >= x->max_cpus || !x->tctx[cpu_index].present) {
        return;
    }
    t = &x->tctx[cpu_index];
    x->server_to_cpu[t->server] = -1;
    t->present = false;
}

void xive_tctx_reset(Xive *x, XiveTctx *t)
{
    uint32_t cam = xive_tctx_os_cam(t->server);
    uint8_t *os = &t->regs[TM_QW1_OS];

    memset(t->regs, 0, sizeof(t->regs));
    os[TM_LSMFB] = 0xff;
    os[TM_ACK_CNT] = 0xff;
    os[TM_AGE] = 0xff;
    os[TM_PIPR] = xive_ipb_to_pipr(os[TM_IPB]);
    t->regs[TM_QW3_HV_PHYS + TM_PIPR] = 0xff;
    os[TM_WORD2] = cam >> 24;
    os[TM_WORD2 + 1] = cam >> 16;
    os[TM_WORD2 + 2] = cam >> 8;
    os[TM_WORD2 + 3] = cam;
    set_output(x, t, false);
}

/* Tells the VMM the level even if the model's did not change: the lines
 * were muted (in the kernel), or the registers were loaded. */
void xive_tctx_sync_output(Xive *x, XiveTctx *t)
{
    t->output = t->regs[TM_QW1_OS + TM_NSR] & TM_QW1_NSR_EO;
    spapr_model_line(&x->out, t->cpu_index, t->output);
}

void xive_model_reset(Xive *x)
{
    xive_source_reset(x);
    xive_router_reset(x);
    if (reset_sweeps(x)) {
        for (uint32_t c = 0; c < x->max_cpus; c++) {
            if (x->tctx[c].present) {
                xive_tctx_reset(x, &x->tctx[c]);
            }
        }
    } else {
        for (uint32_t k = 0; k < x->tctx_dirty.n; k++) {
            XiveTctx *t = xive_tctx_by_cpu(x, x->tctx_dirty.list[k]);

            if (t) {
                xive_tctx_reset(x, t);
            }
        }
    }
    dirty_clear(&x->tctx_dirty);
    x->sweep = false;
}

/*
 * TIMA register views (QEMU's xive_tm_os_view / xive_tm_user_view): for
 * each byte of the register block, 1 = writable, 2 = readable.  A sPAPR
 * guest is given the OS and USER pages only (the device tree's reg); the
 * HW and HV pages answer as invalid accesses.
 */
static const uint8_t tm_os_view[TM_RING_SIZE] = {
    3, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 0, 0, 0, 0, /* QW-0 User */
    2, 3, 2, 2, 2, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, /* QW-1 OS */
};
static const uint8_t tm_user_view[TM_RING_SIZE] = {
    3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* QW-0 User */
};

/* The view of the page of @offset; NULL: not a page a guest is given. */
static const uint8_t *tm_view(uint64_t offset)
{
    if (offset >= XIVE_TM_SIZE) {
        return NULL;
    }
    switch (offset >> XIVE_TM_SHIFT) {
    case XIVE_TM_OS_PAGE:
        return tm_os_view;
    case XIVE_TM_USER_PAGE:
        return tm_user_view;
    default:
        return NULL;
    }
}

static uint64_t tm_mask(const uint8_t *view, uint64_t offset, unsigned size,
                        bool write)
{
    unsigned reg = offset & 0x3f;
    uint64_t mask = 0;

    for (unsigned i = 0; view && i < size && reg + i < TM_RING_SIZE; i++) {
        if (view[reg + i] & (write ? 0x1 : 0x2)) {
            mask |= (uint64_t)0xff << (8 * (size - i - 1));
        }
    }
    return mask;
}

/* Raw accesses: 4 or 8 bytes, not in the USER ring (QEMU's rule). */
static bool tm_raw_ok(uint64_t offset, unsigned size, uint64_t mask)
{
    return (size == 4 || size == 8) && mask && (offset & 0x30) != TM_QW0_USER &&
           (offset & 0x3f) + size <= TM_RING_SIZE;
}

/* The offset of the OS page's @op, for one comparison per access; an
 * operation answers at every 4 KiB of its page (QEMU's offset & 0xfff). */
#define TM_OS_OP(op)      (((uint64_t)XIVE_TM_OS_PAGE << XIVE_TM_SHIFT) | (op))
#define TM_OP_KEY(offset) ((offset) & ~(uint64_t)0xf000)

uint64_t xive_tm_read(Xive *x, XiveTctx *t, uint64_t offset, unsigned size)
{
    const uint8_t *view;
    uint64_t ret = 0, mask;

    if (TM_OP_KEY(offset) == TM_OS_OP(TM_SPC_ACK_OS_REG) && size == 2) {
        ret = tctx_accept(x, t, TM_QW1_OS); /* the ack, the hot case */
    } else if (!(view = tm_view(offset)) || (offset & TM_SPECIAL_OP)) {
        return UINT64_MAX; /* QEMU: invalid read, no trace */
    } else {
        mask = tm_mask(view, offset, size, false);
        if (!tm_raw_ok(offset, size, mask)) {
            ret = UINT64_MAX;
        } else {
            for (unsigned i = 0; i < size; i++) {
                ret |= (uint64_t)t->regs[(offset & 0x3f) + i]
                       << (8 * (size - i - 1));
            }
            ret &= mask;
        }
    }
    xive_trace(x, SPAPR_TRACE_XIVE_TCTX_TM_READ, offset, size, ret, 0, 0, 0);
    return ret;
}

void xive_tm_write(Xive *x, XiveTctx *t, uint64_t offset, uint64_t val,
                   unsigned size)
{
    const uint8_t *view = tm_view(offset);
    uint64_t mask;

    if (!view) {
        return;
    }
    xive_trace(x, SPAPR_TRACE_XIVE_TCTX_TM_WRITE, offset, size, val, 0, 0, 0);
    xive_tctx_touch(x, t);
    if (size == 1 && TM_OP_KEY(offset) == TM_OS_OP(TM_QW1_OS + TM_CPPR)) {
        tctx_set_cppr(x, t, TM_QW1_OS, val & 0xff); /* the hot case */
        return;
    }
    if (offset & TM_SPECIAL_OP) {
        if (size == 1 && TM_OP_KEY(offset) == TM_OS_OP(TM_SPC_SET_OS_PENDING)) {
            xive_tctx_ipb_update(x, t, priority_to_ipb(val & 0xff));
        }
        return;
    }
    mask = tm_mask(view, offset, size, true);
    if (!tm_raw_ok(offset, size, mask)) {
        return;
    }
    for (unsigned i = 0; i < size; i++) {
        uint8_t byte_mask = mask >> (8 * (size - i - 1));

        if (byte_mask) {
            t->regs[(offset & 0x3f) + i] =
                (val >> (8 * (size - i - 1))) & byte_mask;
        }
    }
}
