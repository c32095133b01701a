/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq-sim: the simulated kernel's XICS device (KVM_DEV_TYPE_XICS), as
 * Linux's arch/powerpc/kvm/book3s_xics.c answers it: the source attributes,
 * NR_SERVERS, the vCPU connect, the ICP_STATE register, KVM_IRQ_LINE, and
 * the XICS hcalls and RTAS calls the kernel handles for the guest.
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
 *  - ICP_STATE: an XISR that is not 0 or the IPI must name a source that
 *    exists (the kernel only requires its ICS to exist).  Raising the MFRR
 *    does not resend the sources the ICP rejected; the next EOI or CPPR
 *    change does.  On an XICS-on-XIVE host (POWER9 and later) the kernel
 *    keeps no XISR in the register (it reads back 0 with pending priority
 *    0xff); here every host behaves as genuine XICS.
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

typedef struct SimXics {
    SimDevice *dev;
    SpaprIrqCallbacks cb; /* the model's, opaque = this */
    Xics x;
    bool model_ready;
    bool vcpu_connected; /* NR_SERVERS is frozen from the first connect */
    uint32_t nr_servers; /* NR_SERVERS; 0: not set */
    uint32_t nr_vcpus;   /* connected now */
    SimVcpu **vcpus;     /* SIM_MAX_VCPUS, by slot; NULL: free */
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

static bool sx_nr_servers_exists(const SimDevice *dev)
{
    return dev->profile && dev->profile->nr_servers;
}

/* ---- lifetime ---- */

static int sx_create(SimDevice *dev)
{
    SimXics *s = g_try_new0(SimXics, 1);

    if (!s) {
        return -ENOMEM;
    }
    s->dev = dev;
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
    }
    g_free(s);
    dev->engine = NULL;
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
    if (prio != XICS_PRIO_MASKED && !xics_icp_by_server(&s->x, server)) {
        return -EINVAL;
    }
    srcno = irq - XICS_OFFSET;
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

static int sx_get_source(SimXics *s, uint64_t irq, void *val)
{
    const XicsSource *src;
    uint64_t v, prio;

    if (!s->model_ready || !xics_ics_valid_irq(&s->x, irq)) {
        return -ENOENT;
    }
    src = &s->x.srcs[irq - XICS_OFFSET];
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
    for (slot = 0; slot < SIM_MAX_VCPUS && s->vcpus[slot]; slot++) {
    }
    g_assert(slot < SIM_MAX_VCPUS);
    if (!xics_icp_create(&s->x, slot, server)) {
        return -EINVAL; /* a server table smaller than the limit: a bug */
    }
    s->vcpus[slot] = v;
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
    s->vcpus[v->slot] = NULL;
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

    /* The new state must be internally consistent. */
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
     * the sources consistently with the ICPs (as in the kernel). */
    icp->xirr = (uint32_t)cppr << XICS_CPPR_SHIFT | xisr;
    icp->mfrr = mfrr;
    icp->pending_priority = ppri;
    xics_icp_sync_output(&s->x, icp);
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

    if (!s->model_ready || !xics_ics_valid_irq(&s->x, irq)) {
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

static int sx_rtas(SimDevice *dev, SimVcpu *v, const SpaprRtasCall *call,
                   uint32_t nargs, const uint32_t *args, uint32_t nret,
                   uint32_t *rets)
{
    SimXics *s = sim_xics(dev);

    /* Only the calls of the kernel's table (book3s_rtas.c). */
    if (!call || spapr_rtas_find_token(xics_rtas_calls, call->token) != call) {
        return -ENOENT;
    }
    /* An unbuilt model is all zero: no source is claimed and no server
     * exists, so every call answers a parameter error. */
    spapr_rtas_run(call, &s->x, args ? nargs : 0, args, rets ? nret : 0, rets);
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
