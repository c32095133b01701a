/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq-sim: the simulated kernel's XICS device (KVM_DEV_TYPE_XICS), as
 * Linux's arch/powerpc/kvm/book3s_xics.c answers it (POWER8, and any host
 * whose kernel is not itself on XIVE in HV mode: nested and KVM-PR), or, on
 * a profile with xics_on_xive (POWER9 and later), as book3s_xive.c's
 * "XICS-on-XIVE" device does: the source attributes, NR_SERVERS, the vCPU
 * connect, the ICP_STATE register, KVM_IRQ_LINE, and the XICS hcalls and
 * RTAS calls the kernel handles for the guest.
 *
 * What the XICS-on-XIVE mode answers differently (book3s_xive.c):
 *  - NR_SERVERS exists (Linux 5.5, kvmppc_xive_set_nr_servers); the genuine
 *    device never had it (its GRP_CTRL is -ENXIO);
 *  - a source aimed at a server that does not exist (or at priority 0xff)
 *    is accepted and left untargeted (xive_set_source(): the targeting
 *    fails and "it will remain disabled until the guest re-targets it"):
 *    it is never delivered, and reads back with the last server it was
 *    targeted at (act_server, 0 at first) and the guest's priority;
 *    book3s_xics.c answers -EINVAL;
 *  - ICP_STATE set has no consistency checks (kvmppc_xive_set_icp): CPPR
 *    and MFRR are taken as they are (an MFRR below the CPPR triggers the
 *    IPI), and an XISR above the IPI re-triggers that source if it exists
 *    or is parked as a delayed IRQ that the next set of that source takes
 *    as pending (xive_check_delayed_irq); ICP_STATE reads back CPPR and
 *    MFRR only, with XISR 0 and pending priority 0xff (kvmppc_xive_get_icp);
 *  - the save scan of xive_get_source(): the first read of a source (when
 *    no scan is under way) runs xive_pre_save_scan(), which takes a stable
 *    state of every valid source (it masks them all, syncs, scans the
 *    queues and unmasks them again, a net no-op here); each read returns
 *    that state and counts; when the reads reach the number of valid
 *    sources, xive_post_save_scan() ends the scan (the next read scans
 *    again).  A source set but never read (one the VMM freed) keeps the
 *    count short, so the next save still reads the old state: observable,
 *    and modelled;
 *  - ibm,int-on of an untargeted source fails (-3: kvmppc_xive_int_on()
 *    -EINVAL).
 * Out-of-range source numbers answer -ENOENT in both modes (xive_set_source
 * and xics_set_source check 1 .. KVMPPC_XICS_NR_IRQS - 1 alike; only the
 * XIVE native device's kvmppc_xive_native_set_source() answers -E2BIG).
 *
 * Inside runs an XICS model of hw/intc/xics.c (its own instance), reached
 * only through the uAPI encodings: a backend that encodes a source or an
 * ICP wrongly gets it back wrong, or an errno, and its tests fail.  The
 * hcalls and RTAS calls are the tables of xics_hcall.c and xics_rtas.c,
 * the ones the emulated XICS answers.  The model is built at the first vCPU
 * connect or source write, with SIM_MAX_VCPUS presenters (a vCPU's slot is its
 * model CPU index) and NR_SERVERS (or SIM_MAX_SERVERS) servers.
 *
 * Fidelity limits (where this differs from the real kernel):
 *  - Only IRQs XICS_OFFSET .. XICS_OFFSET + XICS_NR_SOURCES - 1 (the
 *    model's ICS) can be set; the kernel accepts 1 .. (1 << 20) - 1 and
 *    creates ICSs of 1024 sources on demand.  Outside the window a source
 *    write or read answers -ENOENT (has_attr still answers 0 for the whole
 *    kernel range).
 *  - There is no P/Q state: a source write ignores PRESENTED and QUEUED
 *    (PENDING alone decides whether the source is asserted or pending and
 *    delivered), a read never reports QUEUED, and reports PRESENTED only
 *    for an LSI that was presented and not yet EOId.  An MSI that fires
 *    again while presented is presented again (QEMU) rather than queued.
 *  - ICP_STATE (genuine XICS): an XISR that is not 0 or the IPI must name
 *    a source that exists (the kernel only requires its ICS to exist).
 *    Raising the MFRR does not resend the sources the ICP rejected; the
 *    next EOI or CPPR change does.
 *  - XICS-on-XIVE: the XICS model stands in for the XIVE hardware, so the
 *    P/Q-derived bits of a source read (PRESENTED, QUEUED, PENDING) are
 *    the genuine device's, and the scan's snapshot is the whole value; an
 *    MSI fired twice before its EOI is presented twice, not coalesced.
 *    A parked XISR that names an LSI is not re-triggered (its level is).
 *    An untargeted source that is pending stays masked-pending in the model
 *    (the kernel's trigger is dropped by the masked EAS); ibm,int-off of an
 *    untargeted source saves priority 0xff (the kernel saves the guest's).
 *  - NR_SERVERS larger than SIM_MAX_VCPUS is kept as given (the kernel caps
 *    it to KVM_MAX_VCPUS).
 */
#include <errno.h>
#include <string.h>

#include "hw/host/kvm_ppc_uapi.h"
#include "hw/intc/xics.h"
#include "sim/engine.h"

/* The kernel's source numbers: KVMPPC_XICS_FIRST_IRQ .. NR_IRQS - 1. */
#define SIM_XICS_FIRST_IRQ 1
#define SIM_XICS_NR_IRQS   (1u << 20)

/* What book3s_xive.c keeps per source beside the XICS model
 * (struct kvmppc_xive_irq_state, the part it shows). */
typedef struct SimXoxSrc {
    bool valid;          /* set once through GRP_SOURCES */
    bool untargeted;     /* act_priority MASKED: routed nowhere */
    uint8_t guest_prio;  /* the guest's priority while untargeted */
    uint32_t act_server; /* the server it was last targeted at */
    /* At the last xive_pre_save_scan() (0 for a source set since, as the
     * kernel's zeroed state): the guest's priority (saved_scan_prio) and
     * the state bits (PENDING, PRESENTED, QUEUED). */
    uint8_t scan_prio;
    uint64_t scan_bits;
} SimXoxSrc;

typedef struct SimXics {
    SimDevice *dev;
    bool xox; /* XICS-on-XIVE (book3s_xive.c) */
    /* XICS-on-XIVE only (allocated with the model): */
    SimXoxSrc *xsrc;          /* XICS_NR_SOURCES */
    uint32_t *delayed_irq;    /* SIM_MAX_VCPUS, by slot; 0: none */
    uint32_t nr_delayed;      /* slots with a delayed_irq (delayed_irqs) */
    uint32_t src_count;       /* valid sources */
    uint32_t saved_src_count; /* reads of the scan under way; 0: none */
    SpaprIrqCallbacks cb;     /* the model's, opaque = this */
    Xics x;
    bool model_ready;
    bool vcpu_connected; /* NR_SERVERS is frozen from the first connect */
    uint32_t nr_servers; /* NR_SERVERS; 0: not set */
    uint32_t nr_vcpus;   /* connected now */
    SimVcpu **vcpus;     /* SIM_MAX_VCPUS, by slot; NULL: free */
    uint32_t free_from;  /* no slot below it is free */
} SimXics;

static SimXics *sim_xics(SimDevice *dev)
{
    return dev->engine;
}

/* ---- the model's callbacks ---- */

static void sx_set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
    SimXics *s = opaque;

    if (cpu_index < SIM_MAX_VCPUS && s->vcpus[cpu_index]) {
        sim_set_vcpu_irq(s->dev, s->vcpus[cpu_index]->fd, level);
    }
}

static uint64_t sx_get_timebase(void *opaque)
{
    SimXics *s = opaque;
    const SpaprHostGuest *g = sim_guest(s->dev);

    return g && g->get_timebase ? g->get_timebase(g->opaque) : 0;
}

static uint32_t sx_server_limit(const SimXics *s)
{
    return s->nr_servers ? s->nr_servers : SIM_MAX_SERVERS;
}

static void sx_model_init(SimXics *s)
{
    if (s->model_ready) {
        return;
    }
    xics_init(&s->x, &s->cb, SIM_MAX_VCPUS, sx_server_limit(s));
    s->vcpus = g_new0(SimVcpu *, SIM_MAX_VCPUS);
    if (s->xox) {
        s->xsrc = g_new0(SimXoxSrc, XICS_NR_SOURCES);
        s->delayed_irq = g_new0(uint32_t, SIM_MAX_VCPUS);
    }
    s->model_ready = true;
}

/* The ICP of @v if it is connected to this device, else NULL. */
static XicsIcp *sx_icp_of(SimXics *s, const SimVcpu *v)
{
    if (!s->model_ready || !v || v->slot >= SIM_MAX_VCPUS ||
        s->vcpus[v->slot] != v) {
        return NULL;
    }
    return xics_icp_by_cpu(&s->x, v->slot);
}

/* Only book3s_xive.c has NR_SERVERS (Linux 5.5, the profile's flag). */
static bool sx_nr_servers_exists(const SimDevice *dev)
{
    return dev->profile && dev->profile->xics_on_xive &&
           dev->profile->nr_servers;
}

/* ---- lifetime ---- */

static int sx_create(SimDevice *dev)
{
    SimXics *s = g_try_new0(SimXics, 1);

    if (!s) {
        return -ENOMEM;
    }
    s->dev = dev;
    s->xox = dev->profile && dev->profile->xics_on_xive;
    s->cb = (SpaprIrqCallbacks){.opaque = s,
                                .set_cpu_irq = sx_set_cpu_irq,
                                .get_timebase = sx_get_timebase};
    dev->engine = s;
    return 0;
}

static void sx_destroy(SimDevice *dev)
{
    SimXics *s = dev->engine;

    if (!s) {
        return;
    }
    if (s->model_ready) {
        xics_fini(&s->x);
        g_free(s->vcpus);
        g_free(s->xsrc);
        g_free(s->delayed_irq);
    }
    g_free(s);
    dev->engine = NULL;
}

/* ---- XICS-on-XIVE sources (book3s_xive.c) ---- */

static uint64_t sx_source_value(SimXics *s, uint32_t srcno);

/* The XISR parked for the vCPU in @slot (0: none), counted as the
 * kernel's xive->delayed_irqs. */
static void sx_xox_set_delayed(SimXics *s, uint32_t slot, uint32_t xisr)
{
    s->nr_delayed -= s->delayed_irq[slot] != 0;
    s->nr_delayed += xisr != 0;
    s->delayed_irq[slot] = xisr;
}

/* xive_check_delayed_irq: an XISR parked by ICP_STATE for @irq is taken
 * (once).  The vCPUs are looked at only while some XISR is parked, as
 * xive_set_source() looks only while xive->delayed_irqs is not 0. */
static bool sx_xox_take_delayed(SimXics *s, uint32_t irq)
{
    for (uint32_t slot = 0; s->nr_delayed && slot < SIM_MAX_VCPUS; slot++) {
        if (s->vcpus[slot] && s->delayed_irq[slot] == irq) {
            sx_xox_set_delayed(s, slot, 0);
            return true;
        }
    }
    return false;
}

/* xive_set_source: the source is (re)set masked, then targeted at @server
 * if it has a priority and the server exists (kvmppc_xive_select_target()
 * -EINVAL otherwise: left untargeted, the set still succeeds); a delayed
 * XISR of it makes it pending; LSI level, P/Q and the guest's mask are
 * restored. */
static int sx_xox_set_source(SimXics *s, uint32_t srcno, uint64_t v)
{
    SimXoxSrc *xs = &s->xsrc[srcno];
    uint32_t server = v & SPAPR_KVM_XICS_DESTINATION_MASK;
    uint8_t prio =
        (v >> SPAPR_KVM_XICS_PRIORITY_SHIFT) & SPAPR_KVM_XICS_PRIORITY_MASK;
    bool masked = v & SPAPR_KVM_XICS_MASKED;

    if (prio != XICS_PRIO_MASKED && xics_icp_by_server(&s->x, server)) {
        xs->untargeted = false;
        xs->act_server = server;
    } else {
        xs->untargeted = true; /* act_server is kept */
        xs->guest_prio = masked ? XICS_PRIO_MASKED : prio;
    }
    if (sx_xox_take_delayed(s, srcno + XICS_OFFSET)) {
        v |= SPAPR_KVM_XICS_PENDING;
    }
    xics_ics_claim(&s->x, srcno, v & SPAPR_KVM_XICS_LEVEL_SENSITIVE);
    if (v & SPAPR_KVM_XICS_PENDING) {
        xics_ics_set_irq(&s->x, srcno, 1);
    }
    xics_ics_write_xive(&s->x, srcno, xs->act_server,
                        masked || xs->untargeted ? XICS_PRIO_MASKED : prio,
                        prio);
    if (!xs->valid) {
        xs->valid = true;
        s->src_count++;
    }
    return 0;
}

/* xive_pre_save_scan: a stable state of every valid source: the guest's
 * priority (xive_lock_and_mask()'s old one) and the P/Q-derived bits. */
static void sx_xox_pre_save_scan(SimXics *s)
{
    const uint64_t bits = SPAPR_KVM_XICS_PENDING | SPAPR_KVM_XICS_PRESENTED |
                          SPAPR_KVM_XICS_QUEUED;

    for (uint32_t n = 0; n < XICS_NR_SOURCES; n++) {
        SimXoxSrc *xs = &s->xsrc[n];

        if (!xs->valid) {
            continue;
        }
        xs->scan_prio = xs->untargeted ? xs->guest_prio : s->x.srcs[n].priority;
        xs->scan_bits = sx_source_value(s, n) & bits;
    }
    /* xive_pre_save_queue: an MSI waiting in a vCPU's queue (here:
     * presented and not accepted) has P set and is in_queue: PRESENTED and
     * PENDING, so that the restore triggers it again. */
    for (uint32_t slot = 0; slot < SIM_MAX_VCPUS; slot++) {
        XicsIcp *icp = s->vcpus[slot] ? xics_icp_by_cpu(&s->x, slot) : NULL;
        uint32_t xisr = icp ? xics_icp_xisr(icp) : 0;

        if (xisr >= XICS_OFFSET && xisr < XICS_OFFSET + XICS_NR_SOURCES &&
            s->xsrc[xisr - XICS_OFFSET].valid &&
            (s->x.srcs[xisr - XICS_OFFSET].flags & XICS_FLAGS_IRQ_MSI)) {
            s->xsrc[xisr - XICS_OFFSET].scan_bits |=
                SPAPR_KVM_XICS_PENDING | SPAPR_KVM_XICS_PRESENTED;
        }
    }
}

/* What xive_get_source() reports: the live act_server, saved priority and
 * LSI flag, the priority and bits of the scan. */
static uint64_t sx_xox_value(SimXics *s, uint32_t srcno)
{
    const SimXoxSrc *xs = &s->xsrc[srcno];
    const XicsSource *src = &s->x.srcs[srcno];
    uint64_t v = xs->act_server, prio = xs->scan_prio;

    if (prio == XICS_PRIO_MASKED) {
        v |= SPAPR_KVM_XICS_MASKED;
        prio = src->saved_priority;
    }
    v |= prio << SPAPR_KVM_XICS_PRIORITY_SHIFT;
    if (src->flags & XICS_FLAGS_IRQ_LSI) {
        v |= SPAPR_KVM_XICS_LEVEL_SENSITIVE;
    }
    return v | xs->scan_bits;
}

/* xive_get_source */
static int sx_xox_get_source(SimXics *s, uint32_t srcno, void *val)
{
    uint64_t v;

    if (!s->xsrc[srcno].valid) {
        return -ENOENT;
    }
    if (s->saved_src_count == 0) {
        sx_xox_pre_save_scan(s);
    }
    s->saved_src_count++;
    v = sx_xox_value(s, srcno);
    if (s->saved_src_count == s->src_count) {
        s->saved_src_count = 0; /* xive_post_save_scan */
    }
    if (!val) {
        return -EFAULT;
    }
    memcpy(val, &v, sizeof(v));
    return 0;
}

/* ---- sources (xics_set_source / xics_get_source) ---- */

static bool sx_in_model(uint64_t irq)
{
    return irq >= XICS_OFFSET && irq < XICS_OFFSET + XICS_NR_SOURCES;
}

static int sx_set_source(SimXics *s, uint64_t irq, const void *val)
{
    uint64_t v;
    uint32_t server, srcno;
    uint8_t prio;
    bool lsi;

    /* The kernel's range is wider (a fidelity limit, see the top). */
    if (!sx_in_model(irq)) {
        return -ENOENT;
    }
    sx_model_init(s);
    if (!val) {
        return -EFAULT;
    }
    memcpy(&v, val, sizeof(v));
    server = v & SPAPR_KVM_XICS_DESTINATION_MASK;
    prio = (v >> SPAPR_KVM_XICS_PRIORITY_SHIFT) & SPAPR_KVM_XICS_PRIORITY_MASK;
    /* xics_set_source(): a priority to a server with no ICP is -EINVAL
     * (book3s_xive.c accepts it: sx_xox_set_source). */
    if (!s->xox && prio != XICS_PRIO_MASKED &&
        !xics_icp_by_server(&s->x, server)) {
        return -EINVAL;
    }
    srcno = irq - XICS_OFFSET;
    if (s->xox) {
        return sx_xox_set_source(s, srcno, v);
    }
    lsi = v & SPAPR_KVM_XICS_LEVEL_SENSITIVE;
    /* The claim resets the source (masked, no status); a pending source
     * is then asserted (LSI) or masked-pending (MSI), and the write of
     * server and priority delivers it if the priority allows, as the
     * kernel's icp_deliver_irq(). */
    xics_ics_claim(&s->x, srcno, lsi);
    if (v & SPAPR_KVM_XICS_PENDING) {
        xics_ics_set_irq(&s->x, srcno, 1);
    }
    xics_ics_write_xive(&s->x, srcno, server,
                        (v & SPAPR_KVM_XICS_MASKED) ? XICS_PRIO_MASKED : prio,
                        prio);
    return 0;
}

/* The uAPI value of model source @srcno, as xics_get_source() encodes it. */
static uint64_t sx_source_value(SimXics *s, uint32_t srcno)
{
    const XicsSource *src = &s->x.srcs[srcno];
    uint64_t v, prio;

    v = src->server;
    prio = src->priority;
    if (prio == XICS_PRIO_MASKED) {
        v |= SPAPR_KVM_XICS_MASKED;
        prio = src->saved_priority;
    }
    v |= prio << SPAPR_KVM_XICS_PRIORITY_SHIFT;
    if (src->flags & XICS_FLAGS_IRQ_LSI) {
        v |= SPAPR_KVM_XICS_LEVEL_SENSITIVE;
        if (src->status & XICS_STATUS_ASSERTED) {
            v |= SPAPR_KVM_XICS_PENDING;
        }
    } else if (src->status &
               (XICS_STATUS_MASKED_PENDING | XICS_STATUS_REJECTED)) {
        v |= SPAPR_KVM_XICS_PENDING;
    }
    if (src->status & XICS_STATUS_SENT) {
        v |= SPAPR_KVM_XICS_PRESENTED;
    }
    return v;
}

static int sx_get_source(SimXics *s, uint64_t irq, void *val)
{
    uint64_t v;

    if (!s->model_ready || !xics_ics_valid_irq(&s->x, irq)) {
        return -ENOENT;
    }
    if (s->xox) {
        return sx_xox_get_source(s, irq - XICS_OFFSET, val);
    }
    v = sx_source_value(s, irq - XICS_OFFSET);
    if (!val) {
        return -EFAULT;
    }
    memcpy(val, &v, sizeof(v));
    return 0;
}

/* ---- attributes ---- */

static int sx_has_attr(SimDevice *dev, uint32_t group, uint64_t attr)
{
    switch (group) {
    case SPAPR_KVM_DEV_XICS_GRP_SOURCES:
        if (attr >= SIM_XICS_FIRST_IRQ && attr < SIM_XICS_NR_IRQS) {
            return 0;
        }
        break;
    case SPAPR_KVM_DEV_XICS_GRP_CTRL:
        if (attr == SPAPR_KVM_DEV_XICS_NR_SERVERS &&
            sx_nr_servers_exists(dev)) {
            return 0;
        }
        break;
    }
    return -ENXIO;
}

static int sx_set_nr_servers(SimXics *s, const void *val)
{
    uint32_t n;

    if (!val) {
        return -EFAULT;
    }
    memcpy(&n, val, sizeof(n));
    if (!n || n > SIM_MAX_SERVERS) {
        return -EINVAL;
    }
    if (s->vcpu_connected) {
        return -EBUSY;
    }
    /* A model built by an earlier source write has no ICP yet. */
    if (s->model_ready && !xics_set_nr_servers(&s->x, n)) {
        return -EBUSY;
    }
    s->nr_servers = n;
    return 0;
}

static int sx_set_attr(SimDevice *dev, uint32_t group, uint64_t attr,
                       const void *val)
{
    SimXics *s = sim_xics(dev);

    switch (group) {
    case SPAPR_KVM_DEV_XICS_GRP_SOURCES:
        return sx_set_source(s, attr, val);
    case SPAPR_KVM_DEV_XICS_GRP_CTRL:
        if (attr == SPAPR_KVM_DEV_XICS_NR_SERVERS &&
            sx_nr_servers_exists(dev)) {
            return sx_set_nr_servers(s, val);
        }
        break;
    }
    return -ENXIO;
}

static int sx_get_attr(SimDevice *dev, uint32_t group, uint64_t attr, void *val)
{
    /* NR_SERVERS is write-only: only the sources can be read. */
    if (group == SPAPR_KVM_DEV_XICS_GRP_SOURCES) {
        return sx_get_source(sim_xics(dev), attr, val);
    }
    return -ENXIO;
}

/* ---- vCPUs ---- */

static int sx_connect_vcpu(SimDevice *dev, SimVcpu *v, uint32_t server)
{
    SimXics *s = sim_xics(dev);
    uint32_t slot;

    if (server >= sx_server_limit(s)) {
        return -EINVAL;
    }
    sx_model_init(s);
    if (xics_icp_by_server(&s->x, server)) {
        return -EEXIST;
    }
    if (s->nr_vcpus >= SIM_MAX_VCPUS) {
        return -ENOSPC;
    }
    for (slot = s->free_from; slot < SIM_MAX_VCPUS && s->vcpus[slot]; slot++) {
    }
    g_assert(slot < SIM_MAX_VCPUS);
    if (!xics_icp_create(&s->x, slot, server)) {
        return -EINVAL; /* a server table smaller than the limit: a bug */
    }
    s->vcpus[slot] = v;
    s->free_from = slot + 1;
    s->nr_vcpus++;
    s->vcpu_connected = true;
    v->slot = slot;
    return 0;
}

static void sx_disconnect_vcpu(SimDevice *dev, SimVcpu *v)
{
    SimXics *s = sim_xics(dev);

    if (!sx_icp_of(s, v)) {
        return;
    }
    /* The ICP lowers the vCPU's line before it goes. */
    xics_icp_destroy(&s->x, v->slot);
    if (s->xox) {
        sx_xox_set_delayed(s, v->slot, 0);
    }
    s->vcpus[v->slot] = NULL;
    s->free_from = MIN(s->free_from, v->slot);
    s->nr_vcpus--;
}

/* ---- ONE_REG (kvmppc_xics_get_icp / kvmppc_xics_set_icp) ---- */

static int sx_vp_state(const SimDevice *dev)
{
    return dev->profile && dev->profile->xics_on_xive ? -EPERM : -ENXIO;
}

static int sx_get_one_reg(SimDevice *dev, SimVcpu *v, uint64_t id, void *val)
{
    XicsIcp *icp;
    uint64_t r;

    if (id == SPAPR_KVM_REG_PPC_VP_STATE) {
        return sx_vp_state(dev);
    }
    if (id != SPAPR_KVM_REG_PPC_ICP_STATE) {
        return -EINVAL;
    }
    icp = sx_icp_of(sim_xics(dev), v);
    if (!icp) {
        return -ENXIO;
    }
    if (sim_xics(dev)->xox) {
        /* kvmppc_xive_get_icp: no XISR, no pending priority. */
        r = (uint64_t)xics_icp_cppr(icp) << SPAPR_KVM_REG_PPC_ICP_CPPR_SHIFT |
            (uint64_t)icp->mfrr << SPAPR_KVM_REG_PPC_ICP_MFRR_SHIFT |
            (uint64_t)0xff << SPAPR_KVM_REG_PPC_ICP_PPRI_SHIFT;
        if (!val) {
            return -EFAULT;
        }
        memcpy(val, &r, sizeof(r));
        return 0;
    }
    r = (uint64_t)xics_icp_cppr(icp) << SPAPR_KVM_REG_PPC_ICP_CPPR_SHIFT |
        (uint64_t)xics_icp_xisr(icp) << SPAPR_KVM_REG_PPC_ICP_XISR_SHIFT |
        (uint64_t)icp->mfrr << SPAPR_KVM_REG_PPC_ICP_MFRR_SHIFT |
        (uint64_t)icp->pending_priority << SPAPR_KVM_REG_PPC_ICP_PPRI_SHIFT;
    if (!val) {
        return -EFAULT;
    }
    memcpy(val, &r, sizeof(r));
    return 0;
}

/* kvmppc_xive_set_icp: CPPR and MFRR as given (an MFRR below the CPPR
 * triggers the IPI), the pending priority ignored, no check (the XISR and
 * the queues are not the register's); an XISR above
 * the IPI re-triggers that source if it is valid
 * (xive_restore_pending_irq), else it is parked for the source's next set
 * (the vCPU's delayed_irq). */
static int sx_xox_set_icp(SimXics *s, XicsIcp *icp, uint8_t cppr, uint32_t xisr,
                          uint8_t mfrr)
{
    uint32_t srcno = xisr - XICS_OFFSET;

    /* What waits in the vCPU's XIVE queues stays there: the model keeps
     * what it presented and changes CPPR as H_CPPR does. */
    icp->mfrr = mfrr;
    xics_icp_set_cppr(&s->x, icp, cppr);
    if (mfrr < cppr) {
        xics_icp_set_mfrr(&s->x, icp, mfrr);
    }
    if (xisr <= XICS_IPI) {
        return 0;
    }
    if (xisr >= XICS_OFFSET && srcno < XICS_NR_SOURCES &&
        s->xsrc[srcno].valid) {
        if (s->x.srcs[srcno].flags & XICS_FLAGS_IRQ_MSI) {
            xics_ics_set_irq(&s->x, srcno, 1);
        }
        return 0;
    }
    sx_xox_set_delayed(s, icp->cpu_index, xisr);
    return 0;
}

static int sx_set_icp(SimXics *s, XicsIcp *icp, uint64_t r)
{
    uint8_t cppr = (r >> SPAPR_KVM_REG_PPC_ICP_CPPR_SHIFT) &
                   SPAPR_KVM_REG_PPC_ICP_CPPR_MASK;
    uint32_t xisr = (r >> SPAPR_KVM_REG_PPC_ICP_XISR_SHIFT) &
                    SPAPR_KVM_REG_PPC_ICP_XISR_MASK;
    uint8_t mfrr = (r >> SPAPR_KVM_REG_PPC_ICP_MFRR_SHIFT) &
                   SPAPR_KVM_REG_PPC_ICP_MFRR_MASK;
    uint8_t ppri = (r >> SPAPR_KVM_REG_PPC_ICP_PPRI_SHIFT) &
                   SPAPR_KVM_REG_PPC_ICP_PPRI_MASK;

    if (s->xox) {
        return sx_xox_set_icp(s, icp, cppr, xisr, mfrr);
    }
    /* kvmppc_xics_set_icp: the new state must be internally consistent. */
    if (xisr == 0) {
        if (ppri != 0xff) {
            return -EINVAL;
        }
    } else if (xisr == XICS_IPI) {
        if (ppri != mfrr || ppri >= cppr) {
            return -EINVAL;
        }
    } else if (ppri >= mfrr || ppri >= cppr ||
               !xics_ics_valid_irq(&s->x, xisr)) {
        return -EINVAL;
    }
    /* A source displaced from the old XISR is not rejected: the VMM sets
     * the sources consistently with the ICPs (as in the kernel).  What the
     * presenter rejected is resent when the new MFRR is less favoured than
     * the old one, and only then (the kernel's "resends due to CPPR
     * becoming less favoured" compare the MFRRs). */
    bool resend = mfrr > icp->mfrr;

    icp->xirr = (uint32_t)cppr << XICS_CPPR_SHIFT | xisr;
    icp->mfrr = mfrr;
    icp->pending_priority = ppri;
    xics_icp_sync_output(&s->x, icp);
    if (resend) {
        xics_ics_resend(&s->x);
    }
    return 0;
}

static int sx_set_one_reg(SimDevice *dev, SimVcpu *v, uint64_t id,
                          const void *val)
{
    XicsIcp *icp;
    uint64_t r;

    if (!val) {
        return -EFAULT;
    }
    if (id == SPAPR_KVM_REG_PPC_VP_STATE) {
        return sx_vp_state(dev);
    }
    if (id != SPAPR_KVM_REG_PPC_ICP_STATE) {
        return -EINVAL;
    }
    icp = sx_icp_of(sim_xics(dev), v);
    if (!icp) {
        return -ENXIO;
    }
    memcpy(&r, val, sizeof(r));
    return sx_set_icp(sim_xics(dev), icp, r);
}

/* ---- KVM_IRQ_LINE (ics_deliver_irq) ---- */

static int sx_irq_line(SimDevice *dev, uint32_t irq, uint32_t level)
{
    SimXics *s = sim_xics(dev);
    int lvl;

    /* ics_deliver_irq / kvmppc_xive_set_irq: an unknown source is -EINVAL
     * (which KVM_IRQ_LINE does not return). */
    if (!s->model_ready || !xics_ics_valid_irq(&s->x, irq) ||
        (s->xox && !s->xsrc[irq - XICS_OFFSET].valid)) {
        return -EINVAL;
    }
    /* SET and SET_LEVEL raise, UNSET (or 0) lowers; the kernel takes any
     * other value as 1. */
    lvl = level != SPAPR_KVM_INTERRUPT_UNSET && level != 0;
    if (!lvl && (s->x.srcs[irq - XICS_OFFSET].flags & XICS_FLAGS_IRQ_MSI)) {
        return 0; /* no-op for an MSI */
    }
    xics_ics_set_irq(&s->x, irq - XICS_OFFSET, lvl);
    return 0;
}

/* ---- the guest side ---- */

static int sx_hcall(SimDevice *dev, SimVcpu *v, uint64_t opcode,
                    const uint64_t *args, size_t nargs, uint64_t *rets,
                    int64_t *ret)
{
    SimXics *s = sim_xics(dev);
    uint64_t scratch[SPAPR_IRQ_HCALL_MAX_RETS];
    const SpaprHcall *h = spapr_hcall_find(xics_hcalls, opcode);

    if (!h) {
        return -ENOENT;
    }
    if (!args) {
        nargs = 0;
    }
    /* A vCPU with no ICP answers SPAPR_H_HARDWARE (xics_hcall()), as in
     * the kernel; an unbuilt model has none. */
    *ret = xics_hcall(&s->x, sx_icp_of(s, v), h, args, nargs,
                      rets ? rets : scratch);
    return 0;
}

/* The XICS-on-XIVE source behind RTAS argument @irq, or NULL. */
static SimXoxSrc *sx_xox_src(SimXics *s, uint32_t irq)
{
    if (!s->model_ready || irq < XICS_OFFSET ||
        irq - XICS_OFFSET >= XICS_NR_SOURCES ||
        !s->xsrc[irq - XICS_OFFSET].valid) {
        return NULL;
    }
    return &s->xsrc[irq - XICS_OFFSET];
}

/* kvmppc_xive_int_on: an untargeted source is -EINVAL, which
 * kvmppc_rtas_int_on() reports as -3.  true if it answered. */
static bool sx_xox_rtas(SimXics *s, const SpaprRtasCall *call, uint32_t nargs,
                        const uint32_t *args, uint32_t nret, uint32_t *rets)
{
    SimXoxSrc *xs;

    if (strcmp(call->name, "ibm,int-on") || nargs < 1 || nret < 1) {
        return false;
    }
    xs = sx_xox_src(s, args[0]);
    if (!xs || !xs->untargeted) {
        return false;
    }
    rets[0] = (uint32_t)-3;
    return true;
}

/* A source the call targeted (kvmppc_xive_set_xive: a priority and a
 * server that exists) is no longer untargeted. */
static void sx_xox_after_rtas(SimXics *s, uint32_t irq)
{
    SimXoxSrc *xs = sx_xox_src(s, irq);
    const XicsSource *src;

    if (!xs) {
        return;
    }
    src = &s->x.srcs[irq - XICS_OFFSET];
    if (src->priority != XICS_PRIO_MASKED &&
        xics_icp_by_server(&s->x, src->server)) {
        xs->untargeted = false;
        xs->act_server = src->server;
    }
}

static int sx_rtas(SimDevice *dev, SimVcpu *v, const SpaprRtasCall *call,
                   uint32_t nargs, const uint32_t *args, uint32_t nret,
                   uint32_t *rets)
{
    SimXics *s = sim_xics(dev);

    /* Only the calls of the kernel's table (book3s_rtas.c). */
    if (!call || spapr_rtas_find_token(xics_rtas_calls, call->token) != call) {
        return -ENOENT;
    }
    if (s->xox &&
        sx_xox_rtas(s, call, args ? nargs : 0, args, rets ? nret : 0, rets)) {
        return 0;
    }
    /* The kernel's answer, not QEMU's: a source the VMM never set has no
     * ICS in book3s_xics.c (-EINVAL, a parameter error), where QEMU's
     * emulated ICS (xics_rtas.c) acts on any IRQ in range.  An unbuilt
     * model is all zero: no source is claimed and no server exists, so
     * every call answers a parameter error. */
    if (args && nargs >= 1 && !xics_ics_valid_irq(&s->x, args[0])) {
        if (rets && nret >= 1) {
            rets[0] = (uint32_t)SPAPR_RTAS_OUT_PARAM_ERROR;
        }
        return 0;
    }
    spapr_rtas_run(call, &s->x, args ? nargs : 0, args, rets ? nret : 0, rets);
    if (s->xox && nargs >= 1 && args) {
        sx_xox_after_rtas(s, args[0]);
    }
    return 0;
}

const SimEngineOps sim_xics_engine = {
    .create = sx_create,
    .destroy = sx_destroy,
    .has_attr = sx_has_attr,
    .set_attr = sx_set_attr,
    .get_attr = sx_get_attr,
    .connect_vcpu = sx_connect_vcpu,
    .disconnect_vcpu = sx_disconnect_vcpu,
    .get_one_reg = sx_get_one_reg,
    .set_one_reg = sx_set_one_reg,
    .irq_line = sx_irq_line,
    .mmap_check = NULL,
    .mmio = NULL,
    .hcall = sx_hcall,
    .rtas = sx_rtas,
};
