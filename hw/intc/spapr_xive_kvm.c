/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the in-kernel XIVE backend, QEMU's spapr_xive_kvm.c in
 * behaviour: the KVM XIVE native device (KVM_DEV_TYPE_XIVE), its ESB and
 * TIMA pages mapped from the device, the vCPUs connected through
 * KVM_ENABLE_CAP, the sources, targets and queues programmed through the
 * device attributes, the thread contexts through KVM_REG_PPC_VP_STATE
 * (facts section 4), and the PQ save and restore around a read-back
 * (facts section 9).
 *
 * The model of xive.c stays the state representation: the hcalls update it
 * as for the emulated controller and program the kernel; connect and load
 * push it; save and `info pic` pull the kernel's part (PQ bits, queue
 * positions, thread contexts) back into it.
 */
#include <errno.h>
#include <string.h>

#include "hw/intc/spapr_xive.h"
#include "hw/host/kvm_ppc_uapi.h"
#include "hw/core/fail.h"

static SpaprHost *host_of(SpaprXive *s)
{
    return spapr_intc_kvm_host(&s->kvm);
}

static bool claimed(const Xive *x, uint32_t lisn)
{
    /* A claimed source has a valid EAS (QEMU's xive_eas_is_valid). */
    return xive_eas_is_valid(x->eat[lisn]);
}

/* ---- ESB accesses through the mapping ---- */

static uint8_t *esb_mgmt(SpaprXive *s, uint32_t lisn)
{
    return (uint8_t *)s->esb_map + ((uint64_t)lisn << XIVE_ESB_SHIFT) +
           XIVE_ESB_PAGE_SIZE;
}

static uint64_t esb_load(SpaprXive *s, uint32_t lisn, uint64_t offset)
{
    SpaprHost *h = host_of(s);
    uint64_t v = UINT64_MAX;

    if (h->ops->device_load(h, esb_mgmt(s, lisn) + offset, 8, &v) < 0) {
        return UINT64_MAX;
    }
    return v;
}

static void esb_trigger(SpaprXive *s, uint32_t lisn)
{
    SpaprHost *h = host_of(s);
    uint8_t *trigger =
        (uint8_t *)s->esb_map + ((uint64_t)lisn << XIVE_ESB_SHIFT);

    h->ops->device_store(h, trigger, 8, 0);
}

/* Sets the PQ bits; returns the previous ones. */
static uint8_t esb_set_pq(SpaprXive *s, uint32_t lisn, uint8_t pq)
{
    return esb_load(s, lisn, XIVE_ESB_SET_PQ_00 + ((uint64_t)pq << 8)) &
           XIVE_STATUS_PQ;
}

uint64_t spapr_xive_kvm_esb_rw(SpaprXive *s, uint32_t lisn, uint64_t offset,
                               uint64_t data, bool write)
{
    SpaprHost *h = host_of(s);

    if (write) {
        h->ops->device_store(h, esb_mgmt(s, lisn) + offset, 8, data);
        return UINT64_MAX;
    }
    /* LSIs: the Q bit is never set; re-trigger while the level is up.
     * As QEMU (kvmppc_xive_esb_rw()), the load returns 0. */
    if (xive_source_is_lsi(&s->x, lisn) && offset == XIVE_ESB_LOAD_EOI) {
        esb_load(s, lisn, XIVE_ESB_SET_PQ_00);
        if (s->x.status[lisn] & XIVE_STATUS_ASSERTED) {
            esb_trigger(s, lisn);
        }
        return 0;
    }
    return esb_load(s, lisn, offset);
}

/* ---- encodings (facts section 4) ---- */

static uint64_t source_config_encode(uint64_t eas)
{
    uint32_t end_idx = xive_get_field64(EAS_END_INDEX, eas);
    uint64_t server = end_idx / (XIVE_PRIORITY_MAX + 1);
    uint64_t prio = end_idx % (XIVE_PRIORITY_MAX + 1);
    uint64_t v;

    v = prio << SPAPR_KVM_XIVE_SOURCE_PRIORITY_SHIFT &
        SPAPR_KVM_XIVE_SOURCE_PRIORITY_MASK;
    v |= server << SPAPR_KVM_XIVE_SOURCE_SERVER_SHIFT &
         SPAPR_KVM_XIVE_SOURCE_SERVER_MASK;
    v |= (uint64_t)xive_eas_is_masked(eas)
             << SPAPR_KVM_XIVE_SOURCE_MASKED_SHIFT &
         SPAPR_KVM_XIVE_SOURCE_MASKED_MASK;
    v |= xive_get_field64(EAS_END_DATA, eas)
             << SPAPR_KVM_XIVE_SOURCE_EISN_SHIFT &
         SPAPR_KVM_XIVE_SOURCE_EISN_MASK;
    return v;
}

static uint64_t eq_index(uint32_t end_idx)
{
    uint64_t server = end_idx / (XIVE_PRIORITY_MAX + 1);
    uint64_t prio = end_idx % (XIVE_PRIORITY_MAX + 1);

    return (server << SPAPR_KVM_XIVE_EQ_SERVER_SHIFT &
            SPAPR_KVM_XIVE_EQ_SERVER_MASK) |
           (prio << SPAPR_KVM_XIVE_EQ_PRIORITY_SHIFT &
            SPAPR_KVM_XIVE_EQ_PRIORITY_MASK);
}

static void eq_encode(const XiveEnd *end, struct spapr_kvm_ppc_xive_eq *eq)
{
    memset(eq, 0, sizeof(*eq));
    if (end->w[0] & END_W0_UCOND_NOTIFY) {
        eq->flags = SPAPR_KVM_XIVE_EQ_ALWAYS_NOTIFY;
    }
    eq->qshift = end->w[0] & END_W0_ENQUEUE
                     ? xive_get_field32(END_W0_QSIZE, end->w[0]) + 12
                     : 0;
    eq->qaddr = xive_end_qaddr(end);
    /* Only relevant when restoring a queue. */
    eq->qtoggle = xive_get_field32(END_W1_GENERATION, end->w[1]);
    eq->qindex = xive_get_field32(END_W1_PAGE_OFF, end->w[1]);
}

/* ---- the hcalls' kernel parts ---- */

static bool set_source_config(SpaprXive *s, uint32_t lisn, uint64_t eas,
                              GError **errp)
{
    SpaprHost *h = host_of(s);
    uint64_t v = source_config_encode(eas);
    int rc = h->ops->set_device_attr(
        h, s->kvm.fd, SPAPR_KVM_DEV_XIVE_GRP_SOURCE_CONFIG, lisn, &v);

    if (rc < 0) {
        return spapr_intc_kvm_fail(
            errp, rc,
            "XIVE: setting the target of LISN 0x%x in the "
            "kernel failed",
            lisn);
    }
    return true;
}

/*
 * The kernel ignores a source configuration whose server, priority and
 * EISN equal the active ones, masked bit included
 * (kvmppc_xive_native_update_source_config()).  QEMU 7.2 sends the masked
 * EAS as it is, so a guest that masks a routed source with
 * H_INT_SET_SOURCE_CONFIG and keeps its target and EISN goes on receiving
 * it.  We flip the EISN's low bit in that one case: the kernel discards
 * the EISN of a masked source, and the model keeps the guest's
 * (docs/specs/kvm.md).
 */
bool spapr_xive_kvm_set_source_config(SpaprXive *s, uint32_t lisn, uint64_t eas)
{
    uint64_t old = s->x.eat[lisn];

    if (xive_eas_is_masked(eas) && !xive_eas_is_masked(old) &&
        xive_get_field64(EAS_END_INDEX, eas) ==
            xive_get_field64(EAS_END_INDEX, old) &&
        xive_get_field64(EAS_END_DATA, eas) ==
            xive_get_field64(EAS_END_DATA, old)) {
        eas = xive_set_field64(EAS_END_DATA, eas,
                               xive_get_field64(EAS_END_DATA, eas) ^ 1);
    }
    return set_source_config(s, lisn, eas, NULL);
}

static bool set_queue_config(SpaprXive *s, uint32_t end_idx, const XiveEnd *end,
                             GError **errp)
{
    SpaprHost *h = host_of(s);
    struct spapr_kvm_ppc_xive_eq eq;
    int rc;

    eq_encode(end, &eq);
    rc = h->ops->set_device_attr(h, s->kvm.fd, SPAPR_KVM_DEV_XIVE_GRP_EQ_CONFIG,
                                 eq_index(end_idx), &eq);
    if (rc < 0) {
        return spapr_intc_kvm_fail(errp, rc,
                                   "XIVE: setting queue %u of server %u in the "
                                   "kernel failed",
                                   end_idx % (XIVE_PRIORITY_MAX + 1),
                                   end_idx / (XIVE_PRIORITY_MAX + 1));
    }
    return true;
}

bool spapr_xive_kvm_set_queue_config(SpaprXive *s, uint32_t end_idx,
                                     const XiveEnd *end)
{
    return set_queue_config(s, end_idx, end, NULL);
}

static bool get_queue_config(SpaprXive *s, uint32_t end_idx, XiveEnd *end,
                             GError **errp)
{
    SpaprHost *h = host_of(s);
    struct spapr_kvm_ppc_xive_eq eq;
    int rc;

    rc = h->ops->get_device_attr(h, s->kvm.fd, SPAPR_KVM_DEV_XIVE_GRP_EQ_CONFIG,
                                 eq_index(end_idx), &eq);
    if (rc < 0) {
        return spapr_intc_kvm_fail(
            errp, rc,
            "XIVE: reading queue %u of server %u from the "
            "kernel failed",
            end_idx % (XIVE_PRIORITY_MAX + 1),
            end_idx / (XIVE_PRIORITY_MAX + 1));
    }
    /* The queue's position: the rest is the model's. */
    end->w[1] = xive_set_field32(END_W1_GENERATION, end->w[1], eq.qtoggle);
    end->w[1] = xive_set_field32(END_W1_PAGE_OFF, end->w[1], eq.qindex);
    return true;
}

bool spapr_xive_kvm_get_queue_config(SpaprXive *s, uint32_t end_idx,
                                     XiveEnd *end)
{
    return get_queue_config(s, end_idx, end, NULL);
}

bool spapr_xive_kvm_sync_source(SpaprXive *s, uint32_t lisn)
{
    SpaprHost *h = host_of(s);

    return h->ops->set_device_attr(h, s->kvm.fd,
                                   SPAPR_KVM_DEV_XIVE_GRP_SOURCE_SYNC, lisn,
                                   NULL) == 0;
}

static bool ctrl(SpaprXive *s, uint64_t attr, const char *what, GError **errp)
{
    SpaprHost *h = host_of(s);
    int rc = h->ops->set_device_attr(h, s->kvm.fd, SPAPR_KVM_DEV_XIVE_GRP_CTRL,
                                     attr, NULL);

    return rc < 0 ? spapr_intc_kvm_fail(errp, rc, "XIVE: %s failed", what)
                  : true;
}

bool spapr_xive_kvm_reset(SpaprXive *s)
{
    return ctrl(s, SPAPR_KVM_DEV_XIVE_RESET, "KVM_DEV_XIVE_RESET", NULL);
}

/* ---- sources, thread contexts ---- */

bool spapr_xive_kvm_source_reset(SpaprXive *s, uint32_t lisn, GError **errp)
{
    SpaprHost *h = host_of(s);
    uint64_t v = 0;
    int rc;

    if (xive_source_is_lsi(&s->x, lisn)) {
        v |= SPAPR_KVM_XIVE_LEVEL_SENSITIVE;
        if (s->x.status[lisn] & XIVE_STATUS_ASSERTED) {
            v |= SPAPR_KVM_XIVE_LEVEL_ASSERTED;
        }
    }
    rc = h->ops->set_device_attr(h, s->kvm.fd, SPAPR_KVM_DEV_XIVE_GRP_SOURCE,
                                 lisn, &v);
    if (rc < 0) {
        return spapr_intc_kvm_fail(errp, rc,
                                   "XIVE: declaring LISN 0x%x to the kernel "
                                   "failed",
                                   lisn);
    }
    return true;
}

/* VP_STATE: words 0 and 1 of the OS ring, in memory order. */
static bool push_tctx(SpaprXive *s, uint32_t cpu, GError **errp)
{
    SpaprHost *h = host_of(s);
    XiveTctx *t = xive_tctx_by_cpu(&s->x, cpu);
    uint8_t state[16] = {0};
    int rc;

    if (!t || !s->kvm.connected[cpu]) {
        return true;
    }
    memcpy(state, &t->regs[TM_QW1_OS], 8);
    rc = h->ops->set_one_reg(h, s->kvm.vcpu_fd[cpu], SPAPR_KVM_REG_PPC_VP_STATE,
                             state);
    if (rc < 0) {
        return spapr_intc_kvm_fail(
            errp, rc,
            "XIVE: restoring the thread context of CPU %u "
            "failed",
            cpu);
    }
    return true;
}

bool spapr_xive_kvm_pull_tctx(SpaprXive *s, uint32_t cpu, GError **errp)
{
    SpaprHost *h = host_of(s);
    XiveTctx *t = xive_tctx_by_cpu(&s->x, cpu);
    uint8_t state[16];
    int rc;

    if (!t || !s->kvm.connected[cpu]) {
        return true;
    }
    rc = h->ops->get_one_reg(h, s->kvm.vcpu_fd[cpu], SPAPR_KVM_REG_PPC_VP_STATE,
                             state);
    if (rc < 0) {
        return spapr_intc_kvm_fail(errp, rc,
                                   "XIVE: reading the thread context of CPU %u "
                                   "failed",
                                   cpu);
    }
    memcpy(&t->regs[TM_QW1_OS], state, 8);
    /* kvmppc_xive_native_get_vp() ORs the IPB backup of the vCPU's NVT
     * into its saved w01 without deriving PIPR from it: a vCPU that got an
     * event out of the guest (out of KVM_RUN) reads IPB bits beside a PIPR
     * and NSR that ignore them.  The model's context is made what the
     * hardware makes of it at the next guest entry, as after any IPB
     * change: PIPR derived from the IPB, the exception raised if PIPR
     * beats CPPR (the lines stay the kernel's while it runs the XIVE).  A
     * ring whose PIPR follows its IPB is left as read (no trace event). */
    if (state[TM_PIPR] != xive_ipb_to_pipr(state[TM_IPB])) {
        xive_tctx_ipb_update(&s->x, t, 0);
    }
    return true;
}

/* ---- push and pull ---- */

static bool push_model(SpaprXive *s, GError **errp)
{
    Xive *x = &s->x;

    /* Queues first: the targeting depends on them. */
    for (uint32_t i = 0; i < x->nr_ends; i++) {
        if ((x->endt[i].w[0] & END_W0_VALID) &&
            !set_queue_config(s, i, &x->endt[i], errp)) {
            return false;
        }
    }
    /* Every source is masked in the kernel here (act_priority MASKED,
     * server 0): kvmppc_xive_native_set_source() (GRP_SOURCE, the connect)
     * and kvmppc_xive_reset_sources() (KVM_DEV_XIVE_RESET) leave it so,
     * and SOURCE_CONFIG of a masked EAS would only mask it again
     * (kvmppc_xive_native_update_source_config(); the EISN of a masked
     * source is never read: routing sets it, and the call's shortcut
     * never matches MASKED).  So only a routed EAS is sent.  The model
     * holds no reserved priority, which that call would refuse even
     * masked (h_set_source_config(), the state's load). */
    for (uint32_t lisn = 0; lisn < XIVE_NR_IRQS; lisn++) {
        if (claimed(x, lisn) && !xive_eas_is_masked(x->eat[lisn]) &&
            !set_source_config(s, lisn, x->eat[lisn], errp)) {
            return false;
        }
    }
    for (uint32_t c = 0; c < x->max_cpus; c++) {
        if (!push_tctx(s, c, errp)) {
            return false;
        }
    }
    /* The PQ bits last.  While the sources are held (a load or reset of a
     * stopped VM), the model keeps them until vm_resume (QEMU restores them
     * when the machine runs) and the kernel's sources, which the device
     * reset left at 01 (dropping any trigger), are held again as the stop
     * holds them: PENDING, so that an event before the resume is caught. */
    for (uint32_t lisn = 0; lisn < XIVE_NR_IRQS; lisn++) {
        uint8_t pq = claimed(x, lisn) ? xive_source_pq(x, lisn) : XIVE_ESB_OFF;

        if (!s->held) {
            if (claimed(x, lisn)) {
                esb_set_pq(s, lisn, pq);
                /* Not held (a VM never started): a trigger the stream
                 * carried fires now, once. */
                if (x->status[lisn] & XIVE_STATUS_TRIGGERED) {
                    x->status[lisn] &= ~XIVE_STATUS_TRIGGERED;
                    esb_trigger(s, lisn);
                }
            }
        } else if (pq != XIVE_ESB_OFF) {
            esb_set_pq(s, lisn, XIVE_ESB_PENDING);
        }
    }
    return true;
}

bool spapr_xive_kvm_push(SpaprXive *s, GError **errp)
{
    return ctrl(s, SPAPR_KVM_DEV_XIVE_RESET, "KVM_DEV_XIVE_RESET", errp) &&
           push_model(s, errp);
}

bool spapr_xive_kvm_pull(SpaprXive *s, bool vcpus, GError **errp)
{
    Xive *x = &s->x;
    bool ok = true;

    /* Held sources: the model has the PQ bits since the stop, and the
     * queues were synced then. */
    if (!s->held) {
        for (uint32_t lisn = 0; lisn < XIVE_NR_IRQS; lisn++) {
            if (claimed(x, lisn)) {
                uint8_t pq = esb_load(s, lisn, XIVE_ESB_GET) & XIVE_STATUS_PQ;

                x->status[lisn] = (x->status[lisn] & ~XIVE_STATUS_PQ) | pq;
            }
        }
        ok = ctrl(s, SPAPR_KVM_DEV_XIVE_EQ_SYNC, "KVM_DEV_XIVE_EQ_SYNC", errp);
    } else {
        /* A held source the kernel has at 11 was triggered while stopped
         * (the hold left it at 10): the save carries it, the resume fires
         * it (spapr_xive_kvm_release()).  XIVE_ESB_GET changes nothing. */
        for (uint32_t lisn = 0; lisn < XIVE_NR_IRQS; lisn++) {
            if (claimed(x, lisn) && xive_source_pq(x, lisn) != XIVE_ESB_OFF &&
                (esb_load(s, lisn, XIVE_ESB_GET) & XIVE_STATUS_PQ) ==
                    XIVE_ESB_QUEUED) {
                x->status[lisn] |= XIVE_STATUS_TRIGGERED;
            }
        }
    }
    for (uint32_t i = 0; ok && i < x->nr_ends; i++) {
        if (x->endt[i].w[0] & END_W0_VALID) {
            ok = get_queue_config(s, i, &x->endt[i], errp);
        }
    }
    for (uint32_t c = 0; ok && vcpus && c < x->max_cpus; c++) {
        ok = spapr_xive_kvm_pull_tctx(s, c, errp);
    }
    return ok;
}

bool spapr_xive_kvm_hold(SpaprXive *s, GError **errp)
{
    Xive *x = &s->x;

    /* Held already: a stop whose sync failed is tried again. */
    for (uint32_t lisn = 0; !s->held && lisn < XIVE_NR_IRQS; lisn++) {
        if (claimed(x, lisn)) {
            uint8_t pq = esb_load(s, lisn, XIVE_ESB_GET) & XIVE_STATUS_PQ;

            /* PENDING catches a trigger while stopped (it sets Q). */
            if (pq != XIVE_ESB_OFF) {
                pq = esb_set_pq(s, lisn, XIVE_ESB_PENDING);
            }
            x->status[lisn] = (x->status[lisn] & ~XIVE_STATUS_PQ) | pq;
        }
    }
    s->held = true;
    /* In-flight notifications into the queues, before anyone reads them. */
    return ctrl(s, SPAPR_KVM_DEV_XIVE_EQ_SYNC, "KVM_DEV_XIVE_EQ_SYNC", errp);
}

/*
 * A source held with PQ 10 found at 11 was triggered while stopped; QEMU
 * only fires again a source that was at 00, so an event for a source whose
 * previous one the guest had not EOIed yet is lost there.  We keep it as Q
 * (the hardware's own coalescing), so the guest's EOI fires it
 * (docs/specs/kvm.md).
 */
void spapr_xive_kvm_release(SpaprXive *s)
{
    Xive *x = &s->x;

    if (!s->held) {
        return;
    }
    s->held = false;
    for (uint32_t lisn = 0; lisn < XIVE_NR_IRQS; lisn++) {
        if (claimed(x, lisn)) {
            uint8_t pq = xive_source_pq(x, lisn);
            uint8_t old = esb_set_pq(s, lisn, pq);
            bool carried = x->status[lisn] & XIVE_STATUS_TRIGGERED;

            /* Triggered here while stopped, or before a migration (the
             * stream carried it): once either way. */
            x->status[lisn] &= ~XIVE_STATUS_TRIGGERED;
            if (old != XIVE_ESB_QUEUED && !carried) {
                continue;
            }
            if (pq == XIVE_ESB_RESET) {
                esb_trigger(s, lisn);
            } else if (pq == XIVE_ESB_PENDING) {
                esb_set_pq(s, lisn, XIVE_ESB_QUEUED);
            }
        }
    }
}

/* ---- connect / disconnect ---- */

/* KVM_ENABLE_CAP(KVM_CAP_PPC_IRQ_XIVE) of a present vCPU. */
static bool connect_vcpu(SpaprXive *s, uint32_t cpu, GError **errp)
{
    XiveTctx *t = xive_tctx_by_cpu(&s->x, cpu);

    return !t ||
           spapr_intc_kvm_connect_vcpu(&s->kvm, cpu, SPAPR_KVM_CAP_PPC_IRQ_XIVE,
                                       t->server, "XIVE", errp);
}

/*
 * A vCPU connected while the device runs (added before the first reset of
 * a XIVE machine, or hot-plugged): the kernel starts it with its own
 * initial VP state, kvmppc_xive_native_connect_vcpu()'s w01 = 0xff000000,
 * which reads back (kvmppc_xive_native_get_vp()) with PIPR 0 for an empty
 * IPB until the vCPU first runs, not the model's reset context (PIPR 0xff,
 * as QEMU's xive_tctx_reset()).  A save would copy that into the model and
 * our load refuses an OS ring whose PIPR does not follow its IPB (issue
 * 18).  So the model's thread context is pushed right after the connect.
 * QEMU 7.2 does not (kvmppc_xive_cpu_connect() only enables the
 * capability; it saves the kernel's w01 as it is, kvmppc_xive_cpu_get_state(),
 * and pushes it unchecked at post_load, kvmppc_xive_cpu_set_state()).
 * spapr_xive_kvm_connect() connects every vCPU with connect_vcpu() and
 * pushes the whole model after.
 */
bool spapr_xive_kvm_cpu_connect(SpaprXive *s, uint32_t cpu, GError **errp)
{
    return connect_vcpu(s, cpu, errp) && push_tctx(s, cpu, errp);
}

static bool map(SpaprXive *s, uint64_t pgoff, size_t len, void **addr,
                GError **errp)
{
    SpaprHost *h = host_of(s);
    int rc = h->ops->mmap_device(h, s->kvm.fd, pgoff, len, addr);

    if (rc < 0) {
        *addr = NULL;
        return spapr_intc_kvm_fail(
            errp, rc,
            "XIVE: mapping the %s pages of the KVM device "
            "failed",
            pgoff == SPAPR_KVM_XIVE_TIMA_PAGE_OFFSET ? "TIMA" : "ESB");
    }
    return true;
}

/* The guest-physical range of a mapping, as the VMM is told of it. */
static SpaprIrqRegion region_of(SpaprXive *s, bool tima)
{
    return (SpaprIrqRegion){
        .name = tima ? "xive-tima" : "xive-esb",
        .gpa = tima ? SPAPR_XIVE_TIMA_BASE : SPAPR_XIVE_ESB_BASE,
        .size = tima ? SPAPR_XIVE_KVM_TM_LEN : SPAPR_XIVE_KVM_ESB_LEN,
        .host_ptr = tima ? s->tm_map : s->esb_map,
        .host = host_of(s),
    };
}

/* The VMM adds a memory slot on the mapping (QEMU: the ESB and TIMA
 * regions become RAM-device regions, kvmppc_xive_connect()). */
static bool map_region(SpaprXive *s, bool tima, bool *slot, GError **errp)
{
    const SpaprIrqCallbacks *cb = s->kvm.ctx->cb;
    SpaprIrqRegion r = region_of(s, tima);
    int rc;

    if (!cb->map_region) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_HOST,
                              "XIVE: the VMM cannot map the %s pages into "
                              "the guest (no map_region callback)",
                              tima ? "TIMA" : "ESB");
    }
    rc = cb->map_region(cb->opaque, &r, true);
    if (rc < 0) {
        return spapr_intc_kvm_fail(errp, rc,
                                   "XIVE: mapping the %s pages into the "
                                   "guest at 0x%" G_GINT64_MODIFIER
                                   "x (the VMM's memory slot) failed",
                                   tima ? "TIMA" : "ESB", (guint64)r.gpa);
    }
    *slot = true;
    return true;
}

/* The slot goes before the mapping; the VMM's answer changes nothing. */
static void unmap_region(SpaprXive *s, bool tima, bool *slot)
{
    const SpaprIrqCallbacks *cb = s->kvm.ctx->cb;
    SpaprIrqRegion r = region_of(s, tima);

    if (*slot) {
        cb->map_region(cb->opaque, &r, false);
        *slot = false;
    }
}

bool spapr_xive_kvm_connect(SpaprXive *s, GError **errp)
{
    if (s->kvm.fd >= 0) {
        return true;
    }
    if (!spapr_intc_kvm_create(&s->kvm, SPAPR_KVM_DEV_TYPE_XIVE,
                               SPAPR_KVM_DEV_XIVE_GRP_CTRL,
                               SPAPR_KVM_DEV_XIVE_NR_SERVERS, "XIVE", errp) ||
        !map(s, SPAPR_KVM_XIVE_ESB_PAGE_OFFSET, SPAPR_XIVE_KVM_ESB_LEN,
             &s->esb_map, errp) ||
        !map(s, SPAPR_KVM_XIVE_TIMA_PAGE_OFFSET, SPAPR_XIVE_KVM_TM_LEN,
             &s->tm_map, errp) ||
        !map_region(s, false, &s->esb_slot, errp) ||
        !map_region(s, true, &s->tm_slot, errp)) {
        goto fail;
    }
    for (uint32_t c = 0; c < s->x.max_cpus; c++) {
        if (!connect_vcpu(s, c, errp)) {
            goto fail;
        }
    }
    for (uint32_t lisn = 0; lisn < XIVE_NR_IRQS; lisn++) {
        if (claimed(&s->x, lisn) &&
            !spapr_xive_kvm_source_reset(s, lisn, errp)) {
            goto fail;
        }
    }
    if (!push_model(s, errp)) {
        goto fail;
    }
    return true;

fail:
    spapr_xive_kvm_disconnect(s);
    return false;
}

void spapr_xive_kvm_disconnect(SpaprXive *s)
{
    SpaprHost *h = host_of(s);

    /* The VMM's slots first: the guest must not reach a page that goes. */
    unmap_region(s, true, &s->tm_slot);
    unmap_region(s, false, &s->esb_slot);
    s->held = false;
    /* munmap and close release even when they report an error. */
    if (s->esb_map) {
        h->ops->munmap_device(h, s->esb_map, SPAPR_XIVE_KVM_ESB_LEN);
        s->esb_map = NULL;
    }
    if (s->tm_map) {
        h->ops->munmap_device(h, s->tm_map, SPAPR_XIVE_KVM_TM_LEN);
        s->tm_map = NULL;
    }
    spapr_intc_kvm_close(&s->kvm);
}

bool spapr_xive_kvm_set_irq(SpaprXive *s, uint32_t lisn, int level,
                            GError **errp)
{
    if (xive_source_is_lsi(&s->x, lisn)) {
        if (level) {
            s->x.status[lisn] |= XIVE_STATUS_ASSERTED;
        } else {
            s->x.status[lisn] &= ~XIVE_STATUS_ASSERTED;
        }
    }
    /* QEMU triggers an LSI on its falling edge too; we do not (a spurious
     * event: docs/specs/kvm.md). */
    if (level) {
        esb_trigger(s, lisn);
    }
    return true;
}
