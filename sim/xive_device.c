/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq-sim: the simulated kernel's XIVE native device (KVM_DEV_TYPE_XIVE),
 * as Linux's arch/powerpc/kvm/book3s_xive_native.c answers it: the control,
 * source, source-config, queue-config and source-sync attributes, the vCPU
 * connect, the VP_STATE register, and the mmapped ESB and TIMA pages.  The
 * H_INT_* hcalls are not the device's: the VMM handles them and programs
 * the device through the attributes (hcall and rtas stay NULL).
 *
 * Inside runs a XIVE model of hw/intc/xive.c (its own instance), reached
 * only through the uAPI encodings: a backend that encodes a source, a queue
 * or a thread context wrongly gets it back wrong, or an errno, and its tests
 * fail.  The model is built at the first vCPU connect or source write, with
 * SIM_MAX_VCPUS thread contexts (a vCPU's slot is its model CPU index) and
 * NR_SERVERS (or SIM_MAX_SERVERS) servers; END (server, prio) is model END
 * server * 8 + prio, as in spapr_xive.c.  Beside the model the engine keeps
 * what the kernel keeps per source (struct kvmppc_xive_irq_state): the
 * active server, priority and EISN, and the LSI and asserted flags.
 *
 * The hardware has no level for an LSI: a trigger-page store triggers an
 * LSI as an MSI and an EOI never re-triggers an asserted one (QEMU does
 * that itself in userspace).  So every source is an MSI for the model and
 * the LSI flags stay on the side (recorded, never used, as in the kernel).
 *
 * The kernel's act_server/act_priority/eisn shortcut is reproduced: a
 * source-config write naming the active (server, priority, EISN) again
 * changes nothing, even with the masked bit set (QEMU's mask flag of
 * H_INT_SET_SOURCE_CONFIG on a routed source keeps it routed on KVM).
 *
 * Fidelity limits (where this differs from the real kernel):
 *  - Only LISNs 0 .. XIVE_NR_IRQS - 1 (the model's window) exist; the kernel
 *    accepts up to (1 << 20) - 1 and creates blocks of 1024 sources on
 *    demand.  Beyond the window a source write answers -E2BIG, a
 *    source-config write or source sync -ENOENT, an ESB access -EFAULT
 *    (has_attr still answers 0 for the whole kernel range).
 *  - The kernel answers -ENOENT for a LISN whose 1024-source block was
 *    never written, and -EINVAL for an invalid LISN of an existing block
 *    (source-config and sync alike); here a never-written LISN is -EINVAL
 *    for source-config and -ENOENT for sync, whatever its block.
 *  - The host page behind a queue is the profile's page size; the kernel
 *    asks the memory slot (kvm_host_page_size()), which huge pages can
 *    make larger.
 *  - Reading a deconfigured queue writes zeros; the kernel returns 0
 *    without writing the buffer.
 *  - RESET sets PQ 01 on every valid source; the kernel only on the routed
 *    ones (an unrouted source keeps its PQ).
 *  - A source routed to a server whose queue is not configured moves to
 *    the first connected server in ascending server order that has it; the
 *    kernel walks the vCPUs in creation order.  The kernel also counts the
 *    sources routed to a queue and answers -EBUSY when it would overflow;
 *    not here.
 *  - Server numbers must be below NR_SERVERS (or SIM_MAX_SERVERS); the
 *    kernel caps NR_SERVERS to KVM_MAX_VCPUS and packs larger vCPU ids.
 *  - The TIMA USER page
 *    answers the guest as the model does; the kernel's fault handler sends
 *    SIGBUS for it ("TODO").  No escalation interrupts, no END ESBs, no
 *    pass-through sources.
 */
#include <errno.h>
#include <string.h>

#include "hw/host/kvm_ppc_uapi.h"
#include "hw/intc/xive.h"
#include "sim/engine.h"

/* The kernel's LISN range: KVMPPC_XIVE_NR_IRQS. */
#define SIM_XIVE_NR_LISNS (1u << 20)
/* The pages of the hardware behind the mappings: 64 KiB ESB and TIMA
 * pages (the engine decodes the mappings in these). */
#define SIM_XIVE_PAGE 0x10000ull
/* kvmppc_xive_native_mmap(): at most 4 host pages of TIMA and
 * KVMPPC_XIVE_NR_IRQS * 2 host pages of ESB. */
#define SIM_XIVE_TIMA_PAGES    4u
#define SIM_XIVE_ESB_PAGES     ((uint64_t)SIM_XIVE_NR_LISNS * 2)
#define SIM_XIVE_TIMA_LEN      (SIM_XIVE_TIMA_PAGES * SIM_XIVE_PAGE)
#define SIM_XIVE_MASKED        0xff /* the kernel's MASKED act_priority */
#define SIM_XIVE_PRIO_RSVD     7    /* xive_prio_from_guest() rejects it */
#define SIM_XIVE_ESB_SET_PQ_01 0xd00

/* No LISN (the end of a list of routed sources). */
#define SIM_XIVE_NO_LISN UINT32_MAX

/* The kernel's struct kvmppc_xive_irq_state, the part it acts on, and the
 * simulator's own: while routed, the source is in the list of the vCPU it
 * is routed to, so that a disconnect visits only those (the kernel scans
 * every source, kvmppc_xive_disable_vcpu_interrupts()). */
typedef struct SimXiveSrc {
    uint32_t act_server;
    uint32_t eisn;
    uint8_t act_prio; /* SIM_XIVE_MASKED: not routed */
    bool lsi, asserted;
    uint32_t route_slot;             /* routed: the vCPU's slot */
    uint32_t route_prev, route_next; /* routed: LISNs, or SIM_XIVE_NO_LISN */
} SimXiveSrc;

/*
 * What the kernel and the hardware keep of a vCPU beside its thread
 * context.  While the vCPU is out of the guest its context is "pulled":
 * the kernel holds the OS ring's words 0-1 in vcpu->arch.xive_saved_state
 * .w01 (kvmppc_xive_pull_vcpu() reads them from the TIMA at guest exit)
 * and an event the presenter sends to the vCPU's NVT meanwhile only sets
 * the priority's bit in the IPB backup the NVT holds (the hardware's, read
 * through OPAL's xive_native_get_vp_state()).  At guest entry
 * kvmppc_xive_push_vcpu() writes w01 back to the TIMA and the hardware
 * merges the NVT's IPB into the pushed context, deriving PIPR and raising
 * the exception; the backup is then spent.
 *
 * Here the model's thread context goes on taking the events (its IPB,
 * PIPR, NSR and the vCPU's line follow them, the line standing for the
 * kernel's escalation wake-up), so the backup is the IPB bits the context
 * gained over w01 since the pull (sv_vp_backup()).
 */
typedef struct SimXiveVp {
    bool pulled;     /* out of the guest: w01 is the kernel's copy */
    uint8_t w01[8];  /* xive_saved_state.w01, in memory order */
    uint8_t nvt_ipb; /* the NVT's IPB backup */
} SimXiveVp;

typedef struct SimXive {
    SimDevice *dev;
    SpaprIrqCallbacks cb; /* the model's, opaque = this */
    bool model_ready;
    bool vp_allocated;   /* a vCPU connected: NR_SERVERS is frozen */
    uint32_t nr_servers; /* NR_SERVERS, or SIM_MAX_SERVERS */
    SimVcpu **vcpus;     /* SIM_MAX_VCPUS, by slot; NULL: free */
    uint32_t free_from;  /* no slot below it is free */
    SimXiveVp *vps;      /* SIM_MAX_VCPUS, by slot */
    SimXiveSrc *src;     /* XIVE_NR_IRQS */
    uint32_t *routed;    /* SIM_MAX_VCPUS, by slot: the first LISN routed
                            to the vCPU, or SIM_XIVE_NO_LISN */
    Xive x;
} SimXive;

/* The host kernel's page size. */
static uint64_t sv_host_page(const SimDevice *dev)
{
    return dev->profile && dev->profile->page_size ? dev->profile->page_size
                                                   : SIM_XIVE_PAGE;
}

static SimXive *sim_xive(SimDevice *dev)
{
    SimXive *e = dev->engine;

    g_assert(e);
    e->dev = dev; /* the callbacks reach the guest through it */
    return e;
}

/* ---- the model's callbacks ---- */

static void sv_set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
    SimXive *e = opaque;

    if (cpu_index < SIM_MAX_VCPUS && e->vcpus[cpu_index]) {
        sim_set_vcpu_irq(e->dev, e->vcpus[cpu_index]->fd, level);
    }
}

static bool sv_mem_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
    SimXive *e = opaque;
    const SpaprHostGuest *g = sim_guest(e->dev);

    return g && g->mem_read && g->mem_read(g->opaque, gpa, buf, len);
}

static bool sv_mem_write(void *opaque, uint64_t gpa, const void *buf,
                         size_t len)
{
    SimXive *e = opaque;
    const SpaprHostGuest *g = sim_guest(e->dev);

    return g && g->mem_write && g->mem_write(g->opaque, gpa, buf, len);
}

/* ---- the model ---- */

static void sv_model_init(SimXive *e)
{
    if (e->model_ready) {
        return;
    }
    xive_init(&e->x, &e->cb, SIM_MAX_VCPUS, e->nr_servers);
    e->model_ready = true;
}

/* NR_SERVERS changed before any vCPU connected: rebuild the model at the
 * new size.  Only source state can exist yet (routes and queues need a
 * connected vCPU); it is carried over. */
static void sv_model_resize(SimXive *e)
{
    Xive *old;

    if (!e->model_ready) {
        return;
    }
    old = g_new(Xive, 1);
    *old = e->x;
    xive_init(&e->x, &e->cb, SIM_MAX_VCPUS, e->nr_servers);
    memcpy(e->x.status, old->status, sizeof(e->x.status));
    memcpy(e->x.flags, old->flags, sizeof(e->x.flags));
    memcpy(e->x.eat, old->eat, sizeof(e->x.eat));
    xive_fini(old);
    g_free(old);
}

/* The slot of the vCPU connected as @server, or -1
 * (kvmppc_xive_find_server). */
static int sv_find_server(const SimXive *e, uint64_t server)
{
    if (!e->model_ready || server >= e->x.nr_servers) {
        return -1;
    }
    return e->x.server_to_cpu[server];
}

static XiveEnd *sv_end(SimXive *e, uint32_t server, uint32_t prio)
{
    return &e->x.endt[server * (XIVE_PRIORITY_MAX + 1) + prio];
}

static bool sv_queue_ok(SimXive *e, uint32_t server, uint32_t prio)
{
    return sv_end(e, server, prio)->w[0] & END_W0_VALID;
}

/* The thread context of @v if it is connected to this device. */
static XiveTctx *sv_tctx_of(SimXive *e, const SimVcpu *v)
{
    if (!e->model_ready || !v || v->slot >= SIM_MAX_VCPUS ||
        e->vcpus[v->slot] != v) {
        return NULL;
    }
    return xive_tctx_by_cpu(&e->x, v->slot);
}

static bool sv_lisn_valid(const SimXive *e, uint64_t lisn)
{
    return e->model_ready && lisn < XIVE_NR_IRQS &&
           xive_eas_is_valid(e->x.eat[lisn]);
}

/* The kernel's ESB load at XIVE_ESB_SET_PQ_01 on the source's IPI. */
static void sv_pq_off(SimXive *e, uint32_t lisn)
{
    uint64_t old;

    xive_esb_read(&e->x,
                  ((uint64_t)lisn << XIVE_ESB_SHIFT) + XIVE_ESB_PAGE_SIZE +
                      SIM_XIVE_ESB_SET_PQ_01,
                  &old);
}

/* A routed source leaves the list of its vCPU. */
static void sv_route_unlink(SimXive *e, uint32_t lisn)
{
    SimXiveSrc *s = &e->src[lisn];

    if (s->act_prio == SIM_XIVE_MASKED) {
        return;
    }
    if (s->route_prev != SIM_XIVE_NO_LISN) {
        e->src[s->route_prev].route_next = s->route_next;
    } else {
        e->routed[s->route_slot] = s->route_next;
    }
    if (s->route_next != SIM_XIVE_NO_LISN) {
        e->src[s->route_next].route_prev = s->route_prev;
    }
}

/* Unroute (xive_native_configure_irq(hw, 0, MASKED, 0)). */
static void sv_unroute(SimXive *e, uint32_t lisn)
{
    sv_route_unlink(e, lisn);
    e->src[lisn].act_prio = SIM_XIVE_MASKED;
    e->x.eat[lisn] = EAS_VALID | EAS_MASKED;
}

/* Route @lisn to queue @prio of @server (connected) with @eisn. */
static void sv_route(SimXive *e, uint32_t lisn, uint32_t server, uint8_t prio,
                     uint32_t eisn)
{
    SimXiveSrc *s = &e->src[lisn];
    uint32_t slot = (uint32_t)sv_find_server(e, server);

    sv_route_unlink(e, lisn);
    s->act_prio = prio;
    s->act_server = server;
    s->eisn = eisn;
    s->route_slot = slot;
    s->route_prev = SIM_XIVE_NO_LISN;
    s->route_next = e->routed[slot];
    if (s->route_next != SIM_XIVE_NO_LISN) {
        e->src[s->route_next].route_prev = lisn;
    }
    e->routed[slot] = lisn;
    e->x.eat[lisn] = EAS_VALID |
                     xive_set_field64(EAS_END_BLOCK, 0, XIVE_BLOCK_ID) |
                     xive_set_field64(EAS_END_INDEX, 0,
                                      server * (XIVE_PRIORITY_MAX + 1) + prio) |
                     xive_set_field64(EAS_END_DATA, 0, eisn);
}

/* ---- lifetime ---- */

static int sv_create(SimDevice *dev)
{
    SimXive *e = g_try_new0(SimXive, 1);

    if (!e) {
        return -ENOMEM;
    }
    e->vcpus = g_try_new0(SimVcpu *, SIM_MAX_VCPUS);
    e->vps = g_try_new0(SimXiveVp, SIM_MAX_VCPUS);
    e->src = g_try_new0(SimXiveSrc, XIVE_NR_IRQS);
    e->routed = g_try_new(uint32_t, SIM_MAX_VCPUS);
    if (!e->vcpus || !e->vps || !e->src || !e->routed) {
        g_free(e->vcpus);
        g_free(e->vps);
        g_free(e->src);
        g_free(e->routed);
        g_free(e);
        return -ENOMEM;
    }
    for (uint32_t slot = 0; slot < SIM_MAX_VCPUS; slot++) {
        e->routed[slot] = SIM_XIVE_NO_LISN;
    }
    for (uint32_t i = 0; i < XIVE_NR_IRQS; i++) {
        e->src[i].act_prio = SIM_XIVE_MASKED;
    }
    e->dev = dev;
    e->nr_servers = SIM_MAX_SERVERS;
    e->cb = (SpaprIrqCallbacks){.opaque = e,
                                .set_cpu_irq = sv_set_cpu_irq,
                                .mem_read = sv_mem_read,
                                .mem_write = sv_mem_write};
    dev->engine = e;
    return 0;
}

static void sv_destroy(SimDevice *dev)
{
    SimXive *e = dev->engine;

    if (!e) {
        return;
    }
    if (e->model_ready) {
        xive_fini(&e->x);
    }
    g_free(e->vcpus);
    g_free(e->vps);
    g_free(e->src);
    g_free(e->routed);
    g_free(e);
    dev->engine = NULL;
}

/* ---- GRP_CTRL ---- */

static bool sv_nr_servers_exists(const SimDevice *dev)
{
    return dev->profile && dev->profile->nr_servers;
}

/* kvmppc_xive_set_nr_servers */
static int sv_set_nr_servers(SimXive *e, const void *val)
{
    uint32_t n;

    if (!val) {
        return -EFAULT;
    }
    memcpy(&n, val, sizeof(n));
    if (!n || n > SIM_MAX_SERVERS) {
        return -EINVAL;
    }
    if (e->vp_allocated) {
        return -EBUSY;
    }
    e->nr_servers = n;
    sv_model_resize(e);
    return 0;
}

/* kvmppc_xive_reset: queues deconfigured, sources unrouted and off;
 * thread contexts untouched. */
static int sv_reset(SimXive *e)
{
    if (!e->model_ready) {
        return 0;
    }
    for (uint32_t i = 0; i < XIVE_NR_IRQS; i++) {
        if (xive_eas_is_valid(e->x.eat[i])) {
            e->src[i].act_server = 0;
            e->src[i].eisn = 0;
            sv_unroute(e, i);
        }
    }
    xive_source_reset(&e->x);
    xive_router_reset(&e->x);
    return 0;
}

/* ---- GRP_SOURCE, GRP_SOURCE_CONFIG, GRP_SOURCE_SYNC ---- */

/* kvmppc_xive_native_set_source */
static int sv_set_source(SimXive *e, uint64_t lisn, const void *val)
{
    SimXiveSrc *s;
    uint64_t v;

    if (lisn >= SIM_XIVE_NR_LISNS || lisn >= XIVE_NR_IRQS) {
        return -E2BIG; /* beyond the model: a fidelity limit */
    }
    if (!val) {
        return -EFAULT;
    }
    memcpy(&v, val, sizeof(v));
    sv_model_init(e);
    s = &e->src[lisn];
    if (v & SPAPR_KVM_XIVE_LEVEL_SENSITIVE) {
        s->lsi = true;
        if (v & SPAPR_KVM_XIVE_LEVEL_ASSERTED) {
            s->asserted = true;
        }
    }
    s->act_server = 0;
    sv_pq_off(e, lisn);
    sv_unroute(e, lisn);
    return 0;
}

/* kvmppc_xive_select_target: @server if its queue for @prio is there,
 * else another connected vCPU's. */
static int sv_select_target(SimXive *e, uint32_t *server, uint32_t prio)
{
    if (sv_find_server(e, *server) < 0) {
        return -EINVAL;
    }
    if (sv_queue_ok(e, *server, prio)) {
        return 0;
    }
    for (uint32_t s = 0; s < e->x.nr_servers; s++) {
        if (e->x.server_to_cpu[s] >= 0 && sv_queue_ok(e, s, prio)) {
            *server = s;
            return 0;
        }
    }
    return -EBUSY;
}

/* kvmppc_xive_native_set_source_config and _update_source_config */
static int sv_set_source_config(SimXive *e, uint64_t lisn, const void *val)
{
    uint64_t cfg;
    uint32_t server, prio, eisn;
    bool masked;
    SimXiveSrc *s;
    int rc;

    if (lisn >= SIM_XIVE_NR_LISNS || lisn >= XIVE_NR_IRQS) {
        return -ENOENT;
    }
    if (!sv_lisn_valid(e, lisn)) {
        return -EINVAL;
    }
    if (!val) {
        return -EFAULT;
    }
    memcpy(&cfg, val, sizeof(cfg));
    prio = (cfg & SPAPR_KVM_XIVE_SOURCE_PRIORITY_MASK) >>
           SPAPR_KVM_XIVE_SOURCE_PRIORITY_SHIFT;
    server = (cfg & SPAPR_KVM_XIVE_SOURCE_SERVER_MASK) >>
             SPAPR_KVM_XIVE_SOURCE_SERVER_SHIFT;
    masked = cfg & SPAPR_KVM_XIVE_SOURCE_MASKED_MASK;
    eisn = (cfg & SPAPR_KVM_XIVE_SOURCE_EISN_MASK) >>
           SPAPR_KVM_XIVE_SOURCE_EISN_SHIFT;
    if (prio == SIM_XIVE_PRIO_RSVD) {
        return -EINVAL;
    }
    s = &e->src[lisn];
    if (s->act_server == server && s->act_prio == prio && s->eisn == eisn) {
        return 0; /* the kernel's shortcut, whatever @masked says */
    }
    if (masked) {
        s->act_server = 0;
        s->eisn = 0;
        sv_unroute(e, lisn);
        return 0;
    }
    rc = sv_select_target(e, &server, prio);
    if (rc) {
        return rc;
    }
    sv_route(e, lisn, server, prio, eisn);
    return 0;
}

static int sv_sync_source(SimXive *e, uint64_t lisn)
{
    return sv_lisn_valid(e, lisn) ? 0 : -ENOENT;
}

/* ---- GRP_EQ_CONFIG ---- */

static void sv_eq_decode(uint64_t attr, uint32_t *server, uint32_t *prio)
{
    *prio = (attr & SPAPR_KVM_XIVE_EQ_PRIORITY_MASK) >>
            SPAPR_KVM_XIVE_EQ_PRIORITY_SHIFT;
    *server = (attr & SPAPR_KVM_XIVE_EQ_SERVER_MASK) >>
              SPAPR_KVM_XIVE_EQ_SERVER_SHIFT;
}

/* The queue must be guest RAM: its first and last words are probed. */
static bool sv_queue_in_ram(SimXive *e, uint64_t qaddr, uint32_t qshift)
{
    uint32_t probe;
    uint64_t last = qaddr + (UINT64_C(1) << qshift) - sizeof(probe);

    return sv_mem_read(e, qaddr, &probe, sizeof(probe)) &&
           sv_mem_read(e, last, &probe, sizeof(probe));
}

/* kvmppc_xive_native_set_queue_config */
static int sv_set_eq_config(SimXive *e, uint64_t attr, const void *val)
{
    struct spapr_kvm_ppc_xive_eq eq;
    uint32_t server, prio;
    XiveEnd end;

    sv_eq_decode(attr, &server, &prio);
    if (!val) {
        return -EFAULT;
    }
    memcpy(&eq, val, sizeof(eq));
    if (sv_find_server(e, server) < 0) {
        return -ENOENT;
    }
    if (prio == SIM_XIVE_PRIO_RSVD) {
        return -EINVAL;
    }
    if (!eq.qshift) {
        xive_end_reset(sv_end(e, server, prio));
        return 0;
    }
    if (eq.flags != SPAPR_KVM_XIVE_EQ_ALWAYS_NOTIFY) {
        return -EINVAL;
    }
    /* xive_native_validate_queue_size(): 0 (reset, handled above) and 16
     * only, "as advertised in ibm,xive-eq-sizes"; 12, 21 and 24 are
     * -EINVAL. */
    if (eq.qshift != 16) {
        return -EINVAL;
    }
    /* No POWER9 guest has RAM at 2^60 (the END keeps 60 address bits). */
    if ((eq.qaddr & ((UINT64_C(1) << eq.qshift) - 1)) || (eq.qaddr >> 60) ||
        !sv_queue_in_ram(e, eq.qaddr, eq.qshift)) {
        return -EINVAL;
    }
    /* The queue must fit in the host page behind it ("Incompatible host
     * page size"): a 64 KiB queue on a 4 KiB-page host is -EINVAL. */
    if ((UINT64_C(1) << eq.qshift) > sv_host_page(e->dev)) {
        return -EINVAL;
    }
    /* As H_INT_SET_QUEUE_CONFIG programs it (spapr_xive.c). */
    xive_end_reset(&end);
    end.w[0] = END_W0_VALID | END_W0_ENQUEUE | END_W0_UCOND_NOTIFY |
               xive_set_field32(END_W0_QSIZE, 0, eq.qshift - 12);
    end.w[1] = END_W1_GENERATION;
    end.w[2] = xive_set_field32(END_W2_OP_DESC_HI, 0, eq.qaddr >> 32);
    end.w[3] = (uint32_t)eq.qaddr;
    end.w[6] = xive_set_field32(END_W6_NVT_BLOCK, 0, XIVE_BLOCK_ID) |
               xive_set_field32(END_W6_NVT_INDEX, 0, XIVE_NVT_BASE + server);
    end.w[7] = xive_set_field32(END_W7_F0_PRIORITY, 0, prio);
    /* The queue state only if it is not the initial one (OPAL's
     * SETFIELD keeps the field widths). */
    if (eq.qtoggle != 1 || eq.qindex != 0) {
        end.w[1] = xive_set_field32(END_W1_GENERATION, end.w[1], eq.qtoggle);
        end.w[1] = xive_set_field32(END_W1_PAGE_OFF, end.w[1], eq.qindex);
    }
    *sv_end(e, server, prio) = end;
    return 0;
}

/* kvmppc_xive_native_get_queue_config */
static int sv_get_eq_config(SimXive *e, uint64_t attr, void *val)
{
    struct spapr_kvm_ppc_xive_eq eq;
    uint32_t server, prio;
    const XiveEnd *end;

    sv_eq_decode(attr, &server, &prio);
    if (sv_find_server(e, server) < 0) {
        return -ENOENT;
    }
    if (prio == SIM_XIVE_PRIO_RSVD) {
        return -EINVAL;
    }
    if (!val) {
        return -EFAULT;
    }
    memset(&eq, 0, sizeof(eq));
    end = sv_end(e, server, prio);
    if (end->w[0] & END_W0_VALID) {
        eq.flags = end->w[0] & END_W0_UCOND_NOTIFY
                       ? SPAPR_KVM_XIVE_EQ_ALWAYS_NOTIFY
                       : 0;
        eq.qshift = xive_get_field32(END_W0_QSIZE, end->w[0]) + 12;
        eq.qaddr = xive_end_qaddr(end);
        eq.qtoggle = xive_get_field32(END_W1_GENERATION, end->w[1]);
        eq.qindex = xive_get_field32(END_W1_PAGE_OFF, end->w[1]);
    }
    memcpy(val, &eq, sizeof(eq));
    return 0;
}

/* ---- attributes ---- */

static int sv_has_attr(SimDevice *dev, uint32_t group, uint64_t attr)
{
    switch (group) {
    case SPAPR_KVM_DEV_XIVE_GRP_CTRL:
        switch (attr) {
        case SPAPR_KVM_DEV_XIVE_RESET:
        case SPAPR_KVM_DEV_XIVE_EQ_SYNC:
            return 0;
        case SPAPR_KVM_DEV_XIVE_NR_SERVERS:
            return sv_nr_servers_exists(dev) ? 0 : -ENXIO;
        }
        break;
    case SPAPR_KVM_DEV_XIVE_GRP_SOURCE:
    case SPAPR_KVM_DEV_XIVE_GRP_SOURCE_CONFIG:
    case SPAPR_KVM_DEV_XIVE_GRP_SOURCE_SYNC:
        return attr < SIM_XIVE_NR_LISNS ? 0 : -ENXIO;
    case SPAPR_KVM_DEV_XIVE_GRP_EQ_CONFIG:
        return 0;
    }
    return -ENXIO;
}

static int sv_set_attr(SimDevice *dev, uint32_t group, uint64_t attr,
                       const void *val)
{
    SimXive *e = sim_xive(dev);

    switch (group) {
    case SPAPR_KVM_DEV_XIVE_GRP_CTRL:
        switch (attr) {
        case SPAPR_KVM_DEV_XIVE_RESET:
            return sv_reset(e);
        case SPAPR_KVM_DEV_XIVE_EQ_SYNC:
            return 0; /* events reach the queues synchronously */
        case SPAPR_KVM_DEV_XIVE_NR_SERVERS:
            if (sv_nr_servers_exists(dev)) {
                return sv_set_nr_servers(e, val);
            }
            break;
        }
        break;
    case SPAPR_KVM_DEV_XIVE_GRP_SOURCE:
        return sv_set_source(e, attr, val);
    case SPAPR_KVM_DEV_XIVE_GRP_SOURCE_CONFIG:
        return sv_set_source_config(e, attr, val);
    case SPAPR_KVM_DEV_XIVE_GRP_EQ_CONFIG:
        return sv_set_eq_config(e, attr, val);
    case SPAPR_KVM_DEV_XIVE_GRP_SOURCE_SYNC:
        return sv_sync_source(e, attr);
    }
    return -ENXIO;
}

static int sv_get_attr(SimDevice *dev, uint32_t group, uint64_t attr, void *val)
{
    if (group == SPAPR_KVM_DEV_XIVE_GRP_EQ_CONFIG) {
        return sv_get_eq_config(sim_xive(dev), attr, val);
    }
    return -ENXIO;
}

/* ---- vCPUs ---- */

static int sv_connect_vcpu(SimDevice *dev, SimVcpu *v, uint32_t server)
{
    SimXive *e = sim_xive(dev);
    uint8_t *os;
    uint32_t slot;

    if (server >= e->nr_servers) {
        return -EINVAL;
    }
    sv_model_init(e);
    e->vp_allocated = true; /* the kernel's VP block, sized once */
    if (sv_find_server(e, server) >= 0) {
        return -EEXIST;
    }
    for (slot = e->free_from; slot < SIM_MAX_VCPUS && e->vcpus[slot]; slot++) {
    }
    if (slot == SIM_MAX_VCPUS) {
        return -ENOSPC;
    }
    if (!xive_tctx_create(&e->x, slot, server)) {
        return -ENOSPC; /* not reached: slot and server were checked */
    }
    /* kvmppc_xive_native_connect_vcpu: the kernel's initial w01 is
     * 0xff000000 (ACK_CNT); the model's reset also sets LSMFB and AGE,
     * which the kernel leaves at 0.  The model's PIPR stays derived from
     * the IPB (what the hardware computes once the context is pushed to a
     * thread); VP_STATE reads the kernel's w01, PIPR 0, until then. */
    os = &e->x.tctx[slot].regs[TM_QW1_OS];
    os[TM_LSMFB] = 0;
    os[TM_AGE] = 0;
    e->vps[slot] = (SimXiveVp){.pulled = true};
    e->vps[slot].w01[TM_ACK_CNT] = 0xff;
    e->vcpus[slot] = v;
    e->free_from = slot + 1;
    v->slot = slot;
    return 0;
}

/* kvmppc_xive_native_cleanup_vcpu: the sources routed to the vCPU are
 * masked (PQ 01) and unrouted, its queues deconfigured. */
static void sv_disconnect_vcpu(SimDevice *dev, SimVcpu *v)
{
    SimXive *e = sim_xive(dev);
    XiveTctx *t = sv_tctx_of(e, v);
    uint32_t server;

    if (!t) {
        return;
    }
    server = t->server;
    while (e->routed[v->slot] != SIM_XIVE_NO_LISN) {
        uint32_t lisn = e->routed[v->slot];

        sv_pq_off(e, lisn);
        sv_unroute(e, lisn); /* takes it off the list */
    }
    for (uint32_t p = 0; p <= XIVE_PRIORITY_MAX; p++) {
        xive_end_reset(sv_end(e, server, p));
    }
    xive_tctx_destroy(&e->x, v->slot);
    e->vcpus[v->slot] = NULL;
    e->free_from = MIN(e->free_from, v->slot);
}

/* ---- the vCPU's context on and off the thread ---- */

/* The NVT's IPB backup: what the pull left it, and the IPB bits the events
 * since the pull gave the model's context beyond w01. */
static uint8_t sv_vp_backup(SimXiveVp *vp, const XiveTctx *t)
{
    vp->nvt_ipb |= t->regs[TM_QW1_OS + TM_IPB] & ~vp->w01[TM_IPB];
    return vp->nvt_ipb;
}

/* Guest exit (kvmppc_xive_pull_vcpu()): w01 is read from the thread. */
static void sv_vp_pull(SimXiveVp *vp, const XiveTctx *t)
{
    if (!vp->pulled) {
        memcpy(vp->w01, &t->regs[TM_QW1_OS], sizeof(vp->w01));
        vp->nvt_ipb = 0;
        vp->pulled = true;
    }
}

/* Guest entry (kvmppc_xive_push_vcpu()): the hardware merges the NVT's IPB
 * into the pushed context, derives PIPR and raises the exception if PIPR
 * beats CPPR.  The model's context already holds w01 and the events. */
static void sv_vp_push(SimXive *e, SimXiveVp *vp, XiveTctx *t)
{
    if (vp->pulled) {
        xive_tctx_ipb_update(&e->x, t, sv_vp_backup(vp, t));
        vp->nvt_ipb = 0;
        vp->pulled = false;
    }
}

static void sv_vcpu_run(SimDevice *dev, SimVcpu *v, bool in_run)
{
    SimXive *e = sim_xive(dev);
    XiveTctx *t = sv_tctx_of(e, v);

    if (!t) {
        return;
    }
    if (in_run) {
        sv_vp_push(e, &e->vps[v->slot], t);
    } else {
        sv_vp_pull(&e->vps[v->slot], t);
    }
}

/*
 * VP_STATE: word 0 is the OS ring's bytes 0-7 in memory order (the
 * kernel's big-endian w01), word 1 zero.  kvmppc_xive_native_get_vp()
 * returns the vCPU's saved w01 ORed with the IPB backup of its NVT
 * (OPAL's xive_native_get_vp_state(), opal_state & TM_IPB_MASK), the rest
 * as saved: PIPR, NSR and CPPR as the pull left them, PIPR not derived
 * from the merged IPB.  So an event the vCPU got out of KVM_RUN reads as
 * an IPB bit beside a PIPR that ignores it, and a vCPU that never ran nor
 * had its state set since kvmppc_xive_native_connect_vcpu() (w01 =
 * 0xff000000) reads PIPR 0 whatever its IPB.  A context pushed to the
 * thread (the guest touched its TIMA page with no KVM_RUN around it) reads
 * as the thread has it.
 */
static int sv_get_one_reg(SimDevice *dev, SimVcpu *v, uint64_t id, void *val)
{
    SimXive *e = sim_xive(dev);
    XiveTctx *t;
    SimXiveVp *vp;
    uint8_t buf[16] = {0};

    if (id == SPAPR_KVM_REG_PPC_ICP_STATE) {
        return -ENXIO;
    }
    if (id != SPAPR_KVM_REG_PPC_VP_STATE) {
        return -EINVAL;
    }
    t = sv_tctx_of(e, v);
    if (!t) {
        return -ENOENT;
    }
    if (!val) {
        return -EFAULT;
    }
    vp = &e->vps[v->slot];
    if (vp->pulled) {
        memcpy(buf, vp->w01, sizeof(vp->w01));
        buf[TM_IPB] |= sv_vp_backup(vp, t);
    } else {
        memcpy(buf, &t->regs[TM_QW1_OS], 8);
    }
    memcpy(val, buf, sizeof(buf));
    return 0;
}

/* kvmppc_xive_native_set_vp(): w01 takes the value, not validated; the
 * NVT's IPB backup is left as it is ("no need to restore the XIVE internal
 * state (IPB stored in the NVT) as the IPB register was merged in KVM VP
 * state when captured"): the next push merges it again. */
static int sv_set_one_reg(SimDevice *dev, SimVcpu *v, uint64_t id,
                          const void *val)
{
    SimXive *e = sim_xive(dev);
    XiveTctx *t;
    SimXiveVp *vp;

    if (id == SPAPR_KVM_REG_PPC_ICP_STATE) {
        return -ENXIO;
    }
    if (id != SPAPR_KVM_REG_PPC_VP_STATE) {
        return -EINVAL;
    }
    t = sv_tctx_of(e, v);
    if (!t) {
        return -ENOENT;
    }
    if (!val) {
        return -EFAULT;
    }
    vp = &e->vps[v->slot];
    if (vp->pulled) {
        sv_vp_backup(vp, t);
        memcpy(vp->w01, val, sizeof(vp->w01));
    }
    memcpy(&t->regs[TM_QW1_OS], val, 8);
    xive_tctx_sync_output(&e->x, t);
    return 0;
}

/* ---- mappings ---- */

/* kvmppc_xive_native_mmap: the limits count vma_pages(), the host pages
 * the mapping covers (mmap(2) rounds the length up to a page).  With 4 KiB
 * pages QEMU's 4 x 64 KiB TIMA is 64 pages: -EINVAL. */
static int sv_mmap_check(SimDevice *dev, uint64_t pgoff, size_t len)
{
    uint64_t page = sv_host_page(dev);
    uint64_t pages = ((uint64_t)len + page - 1) / page;

    if (!len) {
        return -EINVAL; /* mmap(2) */
    }
    switch (pgoff) {
    case SPAPR_KVM_XIVE_TIMA_PAGE_OFFSET:
        return pages <= SIM_XIVE_TIMA_PAGES ? 0 : -EINVAL;
    case SPAPR_KVM_XIVE_ESB_PAGE_OFFSET:
        return pages <= SIM_XIVE_ESB_PAGES ? 0 : -EINVAL;
    }
    return -EINVAL;
}

static bool sv_size_ok(unsigned size)
{
    return size == 1 || size == 2 || size == 4 || size == 8;
}

/* xive_native_tima_fault: HW and HV pages SIGBUS; the OS page is the
 * hardware thread context of the vCPU that runs. */
static int sv_tima_mmio(SimXive *e, SimVcpu *v, uint64_t offset, unsigned size,
                        bool write, uint64_t *val)
{
    XiveTctx *t;

    if (offset < 2 * SIM_XIVE_PAGE || offset >= SIM_XIVE_TIMA_LEN || !v) {
        return -EFAULT;
    }
    t = sv_tctx_of(e, v);
    if (!t) {
        return -EFAULT; /* not a XIVE vCPU: nothing pushed */
    }
    /* Its context is on the thread: it runs. */
    sv_vp_push(e, &e->vps[v->slot], t);
    if (!sv_size_ok(size)) {
        if (!write) {
            *val = UINT64_MAX;
        }
        return 0;
    }
    if (write) {
        xive_tm_write(&e->x, t, offset, *val, size);
    } else {
        *val = xive_tm_read(&e->x, t, offset, size);
    }
    return 0;
}

/* xive_native_esb_fault: a page of a source that is not valid SIGBUS;
 * the others are the hardware ESB pages of the source's IPI. */
static int sv_esb_mmio(SimXive *e, uint64_t offset, unsigned size, bool write,
                       uint64_t *val)
{
    uint64_t lisn = (offset / SIM_XIVE_PAGE) / 2;

    if (!sv_lisn_valid(e, lisn)) {
        return -EFAULT;
    }
    if (write) {
        if (sv_size_ok(size)) {
            xive_esb_write(&e->x, offset, *val);
        }
    } else if (!sv_size_ok(size) || !xive_esb_read(&e->x, offset, val)) {
        *val = UINT64_MAX;
    }
    return 0;
}

static int sv_mmio(SimDevice *dev, SimVcpu *v, uint64_t pgoff, uint64_t offset,
                   unsigned size, bool write, uint64_t *val)
{
    SimXive *e = sim_xive(dev);

    if (!val) {
        return -EFAULT;
    }
    switch (pgoff) {
    case SPAPR_KVM_XIVE_TIMA_PAGE_OFFSET:
        return sv_tima_mmio(e, v, offset, size, write, val);
    case SPAPR_KVM_XIVE_ESB_PAGE_OFFSET:
        return sv_esb_mmio(e, offset, size, write, val);
    }
    return -EFAULT;
}

const SimEngineOps sim_xive_engine = {
    .create = sv_create,
    .destroy = sv_destroy,
    .has_attr = sv_has_attr,
    .set_attr = sv_set_attr,
    .get_attr = sv_get_attr,
    .connect_vcpu = sv_connect_vcpu,
    .disconnect_vcpu = sv_disconnect_vcpu,
    .get_one_reg = sv_get_one_reg,
    .set_one_reg = sv_set_one_reg,
    .vcpu_run = sv_vcpu_run,
    .mmap_check = sv_mmap_check,
    .mmio = sv_mmio,
};
