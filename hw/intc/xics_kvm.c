/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the in-kernel XICS backend, QEMU's xics_kvm.c in behaviour:
 * the KVM XICS device (KVM_DEV_TYPE_XICS) with the RTAS calls defined in
 * the kernel, the vCPUs connected through KVM_ENABLE_CAP, the sources
 * through KVM_DEV_XICS_GRP_SOURCES and the presenters through the
 * KVM_REG_PPC_ICP_STATE register (facts section 4).
 *
 * The model of xics.c stays the state representation: connect and load
 * push it into the kernel, save and `info pic` pull it back, so that saved
 * state is the same whatever the backend.
 */
#include <errno.h>
#include <string.h>

#include "hw/core/fail.h"
#include "hw/host/kvm_ppc_uapi.h"
#include "hw/intc/xics_spapr.h"

static SpaprHost *host_of(SpaprXics *s)
{
    return spapr_intc_kvm_host(&s->kvm);
}

/* ---- encodings (facts section 4) ---- */

static uint64_t source_encode(const XicsSource *src)
{
    uint64_t v = src->server;
    uint8_t prio = src->priority;

    /* QEMU splits the kernel's masked state into priority 0xff and the
     * saved priority. */
    if (src->priority != src->saved_priority) {
        v |= SPAPR_KVM_XICS_MASKED;
        prio = src->saved_priority;
    }
    v |= (uint64_t)prio << SPAPR_KVM_XICS_PRIORITY_SHIFT;
    if (src->flags & XICS_FLAGS_IRQ_LSI) {
        v |= SPAPR_KVM_XICS_LEVEL_SENSITIVE;
        if (src->status & XICS_STATUS_ASSERTED) {
            v |= SPAPR_KVM_XICS_PENDING;
        }
    } else if (src->status &
               (XICS_STATUS_MASKED_PENDING | XICS_STATUS_REJECTED)) {
        /* The kernel keeps one pending bit for an MSI: masked-pending
         * (masked_pending) and rejected, waiting for a resend (resend)
         * both set it.  QEMU 7.2's ics_set_kvm_state_one() sends only the
         * first: a rejected MSI of the model would be lost in the
         * kernel. */
        v |= SPAPR_KVM_XICS_PENDING;
    }
    return v;
}

static void source_decode(XicsSource *src, uint64_t v)
{
    src->server = v & SPAPR_KVM_XICS_DESTINATION_MASK;
    src->saved_priority =
        (v >> SPAPR_KVM_XICS_PRIORITY_SHIFT) & SPAPR_KVM_XICS_PRIORITY_MASK;
    src->priority =
        v & SPAPR_KVM_XICS_MASKED ? XICS_PRIO_MASKED : src->saved_priority;
    src->status = 0;
    if (v & SPAPR_KVM_XICS_PENDING) {
        if (v & SPAPR_KVM_XICS_LEVEL_SENSITIVE) {
            src->status |= XICS_STATUS_ASSERTED;
        } else if (v & SPAPR_KVM_XICS_MASKED) {
            /* Masked: it fires when unmasked (ics_write_xive_msi()). */
            src->status |= XICS_STATUS_MASKED_PENDING;
        } else {
            /* Not masked: rejected, waiting for a resend.  QEMU 7.2 sets
             * both flags; the stale masked-pending one would fire it a
             * second time at the next ibm,int-off/int-on. */
            src->status |= XICS_STATUS_REJECTED;
        }
    }
    if (v & SPAPR_KVM_XICS_PRESENTED) {
        src->status |= XICS_STATUS_PRESENTED;
    }
    if (v & SPAPR_KVM_XICS_QUEUED) {
        src->status |= XICS_STATUS_QUEUED;
    }
}

static uint64_t icp_encode(const XicsIcp *icp)
{
    return (uint64_t)icp->xirr << SPAPR_KVM_REG_PPC_ICP_XISR_SHIFT |
           (uint64_t)icp->mfrr << SPAPR_KVM_REG_PPC_ICP_MFRR_SHIFT |
           (uint64_t)icp->pending_priority << SPAPR_KVM_REG_PPC_ICP_PPRI_SHIFT;
}

static void icp_decode(XicsIcp *icp, uint64_t v)
{
    icp->xirr = v >> SPAPR_KVM_REG_PPC_ICP_XISR_SHIFT;
    icp->mfrr = (v >> SPAPR_KVM_REG_PPC_ICP_MFRR_SHIFT) &
                SPAPR_KVM_REG_PPC_ICP_MFRR_MASK;
    icp->pending_priority = (v >> SPAPR_KVM_REG_PPC_ICP_PPRI_SHIFT) &
                            SPAPR_KVM_REG_PPC_ICP_PPRI_MASK;
}

/* ---- pushing and pulling ---- */

static bool claimed(const Xics *x, uint32_t srcno)
{
    return x->srcs[srcno].flags & (XICS_FLAGS_IRQ_LSI | XICS_FLAGS_IRQ_MSI);
}

bool xics_kvm_push_source(SpaprXics *s, uint32_t srcno, GError **errp)
{
    SpaprHost *h = host_of(s);
    uint64_t v = source_encode(&s->x.srcs[srcno]);
    int rc = h->ops->set_device_attr(
        h, s->kvm.fd, SPAPR_KVM_DEV_XICS_GRP_SOURCES, XICS_OFFSET + srcno, &v);

    if (rc < 0) {
        return spapr_intc_kvm_fail(
            errp, rc, "XICS: restoring IRQ %u in the kernel failed",
            XICS_OFFSET + srcno);
    }
    s->kernel_srcs[srcno / 64] |= UINT64_C(1) << (srcno % 64);
    return true;
}

static bool in_kernel_src(const SpaprXics *s, uint32_t srcno)
{
    return s->kernel_srcs[srcno / 64] & UINT64_C(1) << (srcno % 64);
}

/*
 * Writes CPU @cpu's presenter.  With @resend, first a state with MFRR 0
 * (CPPR 0, nothing presented): the sources were written before the
 * presenters (QEMU's order) and a pending one met the presenter as it was
 * then, which may have rejected it; book3s_xics.c's kvmppc_xics_set_icp()
 * resends what its presenter rejected only when the new MFRR is less
 * favoured than the old one, so the real state written after it runs that
 * resend.  Without it a rejected source, or one whose XISR a state from an
 * XICS-on-XIVE device (which keeps none) left out, waits for the guest's
 * next EOI or CPPR change.
 */
/* Writes @v as CPU @cpu's ICP_STATE. */
static bool set_icp_state(SpaprXics *s, uint32_t cpu, uint64_t v, GError **errp)
{
    SpaprHost *h = host_of(s);
    int rc = h->ops->set_one_reg(h, s->kvm.vcpu_fd[cpu],
                                 SPAPR_KVM_REG_PPC_ICP_STATE, &v);

    if (rc < 0) {
        return spapr_intc_kvm_fail(errp, rc,
                                   "XICS: restoring the presenter of CPU %u "
                                   "(0x%016" G_GINT64_MODIFIER "x) failed",
                                   cpu, v);
    }
    return true;
}

/* CPU @cpu's presenter: the model's state, or with @block one that takes
 * nothing (CPPR 0, MFRR 0), so that what a source write delivers is
 * rejected and flagged for a resend. */
static bool push_icp(SpaprXics *s, uint32_t cpu, bool block, GError **errp)
{
    XicsIcp *icp = xics_icp_by_cpu(&s->x, cpu);

    if (!icp || !s->kvm.connected[cpu] || (block && !icp->mfrr)) {
        return true;
    }
    return set_icp_state(s, cpu,
                         block ? (uint64_t)XICS_PRIO_MASKED
                                     << SPAPR_KVM_REG_PPC_ICP_PPRI_SHIFT
                               : icp_encode(icp),
                         errp);
}

/* Whether the kernel delivers @srcno when it is written: pending, not
 * masked. */
static bool delivered_at_write(const XicsSource *src)
{
    return (source_encode(src) &
            (SPAPR_KVM_XICS_PENDING | SPAPR_KVM_XICS_MASKED)) ==
           SPAPR_KVM_XICS_PENDING;
}

/*
 * The kernel delivers a pending source when it is written
 * (xics_set_source(), xive_set_source()), to presenters whose state may not
 * be restored yet, and resends what a presenter rejected only when its
 * MFRR becomes less favoured (kvmppc_xics_set_icp()).  So: presenters that
 * take nothing first, the sources (their deliveries rejected and flagged),
 * then the presenters' own state, whose MFRR above 0 resends them.  A
 * stream's presenters hold no XISR (docs/specs/migration.md): what they
 * presented is pending at its source and comes back this way.
 */
bool xics_kvm_push(SpaprXics *s, GError **errp)
{
    bool resend = false;

    for (uint32_t n = 0; n < XICS_NR_SOURCES; n++) {
        resend |= claimed(&s->x, n) && delivered_at_write(&s->x.srcs[n]);
    }
    for (uint32_t c = 0; resend && c < s->x.max_cpus; c++) {
        if (!push_icp(s, c, true, errp)) {
            return false;
        }
    }
    for (uint32_t n = 0; n < XICS_NR_SOURCES; n++) {
        if (claimed(&s->x, n) && !xics_kvm_push_source(s, n, errp)) {
            return false;
        }
    }
    for (uint32_t c = 0; c < s->x.max_cpus; c++) {
        if (!push_icp(s, c, false, errp)) {
            return false;
        }
    }
    return true;
}

bool xics_kvm_pull_icp(SpaprXics *s, uint32_t cpu, GError **errp)
{
    SpaprHost *h = host_of(s);
    XicsIcp *icp = xics_icp_by_cpu(&s->x, cpu);
    uint64_t v;
    int rc;

    if (!icp || !s->kvm.connected[cpu]) {
        return true;
    }
    rc = h->ops->get_one_reg(h, s->kvm.vcpu_fd[cpu],
                             SPAPR_KVM_REG_PPC_ICP_STATE, &v);
    if (rc < 0) {
        return spapr_intc_kvm_fail(errp, rc,
                                   "XICS: reading the presenter of CPU %u "
                                   "failed",
                                   cpu);
    }
    icp_decode(icp, v);
    return true;
}

/*
 * Every source the kernel holds is read, a freed one too (its value is
 * dropped): on XICS-on-XIVE (book3s_xive.c) the first read of a save takes
 * a snapshot of every valid source, which xive_get_source() hands out until
 * as many reads as valid sources were made; reading fewer would leave that
 * scan open and the next read-back would get this one's snapshot.
 */
bool xics_kvm_pull(SpaprXics *s, bool vcpus, GError **errp)
{
    SpaprHost *h = host_of(s);
    bool ok = true;

    for (uint32_t n = 0; n < XICS_NR_SOURCES && ok; n++) {
        uint64_t v;
        int rc;

        if (!claimed(&s->x, n) && !in_kernel_src(s, n)) {
            continue;
        }
        rc = h->ops->get_device_attr(
            h, s->kvm.fd, SPAPR_KVM_DEV_XICS_GRP_SOURCES, XICS_OFFSET + n, &v);
        if (rc < 0) {
            ok = spapr_intc_kvm_fail(errp, rc,
                                     "XICS: reading IRQ %u from the kernel "
                                     "failed",
                                     XICS_OFFSET + n);
        } else if (claimed(&s->x, n)) {
            source_decode(&s->x.srcs[n], v);
        }
    }
    xics_ics_rebuild_waiting(&s->x);
    for (uint32_t c = 0; c < s->x.max_cpus && ok && vcpus; c++) {
        ok = xics_kvm_pull_icp(s, c, errp);
    }
    return ok;
}

/* ---- connect / disconnect ---- */

static bool connect_vcpu(SpaprXics *s, uint32_t cpu, GError **errp)
{
    XicsIcp *icp = xics_icp_by_cpu(&s->x, cpu);

    return !icp ||
           spapr_intc_kvm_connect_vcpu(&s->kvm, cpu, SPAPR_KVM_CAP_IRQ_XICS,
                                       icp->server, "XICS", errp);
}

bool xics_kvm_cpu_connect(SpaprXics *s, uint32_t cpu, GError **errp)
{
    return connect_vcpu(s, cpu, errp) && push_icp(s, cpu, false, errp);
}

/* KVM_PPC_RTAS_DEFINE_TOKEN of xics_rtas_calls[@i] with its token (@define)
 * or 0; tokens_defined follows what the kernel did. */
static int define_token(SpaprXics *s, unsigned i, bool define)
{
    SpaprHost *h = host_of(s);
    const SpaprRtasCall *call = &xics_rtas_calls[i];
    int rc = h->ops->define_rtas_token(h, call->name, define ? call->token : 0);

    if (rc == 0) {
        s->tokens_defined = define ? s->tokens_defined | 1u << i
                                   : s->tokens_defined & ~(1u << i);
    }
    return rc;
}

/* The RTAS calls of xics_rtas.c, defined in the kernel in table order
 * (QEMU's).  Without KVM_CAP_PPC_RTAS the kernel handles no RTAS call:
 * QEMU's kvmppc_define_rtas_kernel_token() answers -ENOENT before any
 * ioctl and xics_kvm_connect() fails; we ask once, first. */
static bool define_tokens(SpaprXics *s, GError **errp)
{
    SpaprHost *h = host_of(s);
    int rc = h->ops->check_extension(h, SPAPR_KVM_CAP_PPC_RTAS);

    if (rc < 0) {
        return spapr_intc_kvm_fail(errp, rc,
                                   "XICS: checking KVM_CAP_PPC_RTAS failed");
    }
    if (rc == 0) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_HOST,
                              "XICS: the kernel does not handle RTAS calls "
                              "(no KVM_CAP_PPC_RTAS)");
    }
    for (unsigned i = 0; xics_rtas_calls[i].name; i++) {
        const SpaprRtasCall *call = &xics_rtas_calls[i];

        /* Still defined after a failed undefine: nothing to do. */
        if (s->tokens_defined & 1u << i) {
            continue;
        }
        rc = define_token(s, i, true);
        if (rc < 0) {
            return spapr_intc_kvm_fail(
                errp, rc,
                "XICS: defining the kernel RTAS token of "
                "%s failed",
                call->name);
        }
    }
    return true;
}

/* The error of a failed undefine of xics_rtas_calls[@i]; @more: what else
 * failed ("" if nothing). */
static bool undefine_failed(unsigned i, int rc, const char *more, GError **errp)
{
    if (!errp) {
        return false; /* nothing formatted, g_strerror() not called */
    }
    return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_HOST,
                          "XICS: undefining the kernel RTAS token of %s "
                          "failed: %s%s",
                          xics_rtas_calls[i].name, g_strerror(-rc), more);
}

bool xics_kvm_undefine_tokens(SpaprXics *s, GError **errp)
{
    uint32_t undone = 0;

    for (unsigned i = 0; host_of(s) && xics_rtas_calls[i].name; i++) {
        g_autoptr(GString) more = NULL;
        int rc;

        if (!(s->tokens_defined & 1u << i)) {
            continue;
        }
        rc = define_token(s, i, false);
        if (rc == 0) {
            undone |= 1u << i;
            continue;
        }
        /* Nothing else has changed yet: the guest's calls go to the
         * device again. */
        more = errp ? g_string_new(NULL) : NULL;
        for (unsigned j = 0; j < i; j++) {
            int rc2;

            if (undone & 1u << j && (rc2 = define_token(s, j, true)) < 0 &&
                more) {
                g_string_append_printf(more,
                                       "; defining the token of %s again "
                                       "failed too: %s",
                                       xics_rtas_calls[j].name,
                                       g_strerror(-rc2));
            }
        }
        return undefine_failed(i, rc, more ? more->str : "", errp);
    }
    return true;
}

bool xics_kvm_drop_tokens(SpaprXics *s, GError **errp)
{
    bool ok = true;

    for (unsigned i = 0; host_of(s) && xics_rtas_calls[i].name; i++) {
        int rc;

        if ((s->tokens_defined & 1u << i) &&
            (rc = define_token(s, i, false)) < 0 && ok) {
            ok = undefine_failed(i, rc, "", errp);
        }
    }
    return ok;
}

bool xics_kvm_connect(SpaprXics *s, GError **errp)
{
    if (s->kvm.fd >= 0) {
        return true;
    }
    if (!host_of(s)) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_HOST,
                              "XICS: in-kernel XICS needs KVM");
    }
    if (!define_tokens(s, errp) ||
        !spapr_intc_kvm_create(&s->kvm, SPAPR_KVM_DEV_TYPE_XICS,
                               SPAPR_KVM_DEV_XICS_GRP_CTRL,
                               SPAPR_KVM_DEV_XICS_NR_SERVERS, "XICS", errp)) {
        goto fail;
    }
    for (uint32_t c = 0; c < s->x.max_cpus; c++) {
        if (!connect_vcpu(s, c, errp)) {
            goto fail;
        }
    }
    if (!xics_kvm_push(s, errp)) {
        goto fail;
    }
    return true;

fail:
    xics_kvm_disconnect(s);
    return false;
}

void xics_kvm_disconnect(SpaprXics *s)
{
    /* The tokens before the device (docs/specs/kvm.md).  A token the kernel
     * failed to undefine stays marked: the next connect keeps it, the next
     * disconnect or emulated activation tries again. */
    xics_kvm_drop_tokens(s, NULL);
    spapr_intc_kvm_close(&s->kvm);
    memset(s->kernel_srcs, 0, sizeof(s->kernel_srcs));
}

/* ---- running ---- */

bool xics_kvm_set_irq(SpaprXics *s, uint32_t srcno, int level, GError **errp)
{
    SpaprHost *h = host_of(s);
    uint32_t kvm_level;
    int rc;

    if (s->x.srcs[srcno].flags & XICS_FLAGS_IRQ_MSI) {
        if (!level) {
            return true;
        }
        kvm_level = SPAPR_KVM_INTERRUPT_SET;
    } else {
        kvm_level =
            level ? SPAPR_KVM_INTERRUPT_SET_LEVEL : SPAPR_KVM_INTERRUPT_UNSET;
    }
    rc = h->ops->irq_line(h, XICS_OFFSET + srcno, (int)kvm_level);
    if (rc < 0) {
        return spapr_intc_kvm_fail(errp, rc,
                                   "XICS: KVM_IRQ_LINE of IRQ %u failed",
                                   XICS_OFFSET + srcno);
    }
    return true;
}
