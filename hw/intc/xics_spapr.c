/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the sPAPR XICS controller: the model of xics.c behind the
 * controller ops table, the device tree, saved state and `info pic`.  The
 * hcalls are in xics_hcall.c, the RTAS calls in xics_rtas.c; the in-kernel
 * backend in xics_kvm.c.
 */
#include <inttypes.h>
#include <libfdt.h>
#include <string.h>

#include "hw/core/fdt.h"
#include "hw/core/state.h"
#include "hw/intc/xics_spapr.h"

static Xics *xics_of(SpaprIntc *intc)
{
    return &((SpaprXics *)intc)->x;
}

/* ---- hcalls and RTAS calls (xics_hcall.c, xics_rtas.c) ---- */

static int64_t xics_hcall_op(SpaprIntc *intc, uint32_t cpu_index,
                             const SpaprHcall *h, const uint64_t *args,
                             size_t nargs, uint64_t *rets)
{
    SpaprXics *s = (SpaprXics *)intc;
    Xics *x = xics_of(intc);

    /* In the kernel, the kernel answers the guest's XICS hcalls inside
     * KVM_RUN; one that reaches the VMM gets QEMU's answer
     * (check_emulated_xics()). */
    if (spapr_intc_kvm_running(&s->kvm)) {
        return SPAPR_H_HARDWARE;
    }
    return xics_hcall(x, xics_icp_by_cpu(x, cpu_index), h, args, nargs, rets);
}

static void xics_rtas_op(SpaprIntc *intc, uint32_t cpu_index,
                         const SpaprRtasCall *call, uint32_t nargs,
                         const uint32_t *args, uint32_t nret, uint32_t *rets)
{
    SpaprXics *s = (SpaprXics *)intc;

    /* The kernel answers the tokens defined there; any other call of an
     * in-kernel XICS gets QEMU's answer (CHECK_EMULATED_XICS_RTAS). */
    if (spapr_intc_kvm_running(&s->kvm)) {
        if (nret > 0) {
            rets[0] = (uint32_t)SPAPR_RTAS_OUT_HW_ERROR;
        }
        return;
    }
    spapr_rtas_run(call, xics_of(intc), nargs, args, nret, rets);
}

/* ---- the machine's fan-out calls ---- */

/* In the kernel, the source is declared there too; if that fails, the
 * model's claim is undone. */
static bool xics_claim(SpaprIntc *intc, uint32_t irqn, bool lsi, GError **errp)
{
    SpaprXics *s = (SpaprXics *)intc;

    xics_ics_claim(xics_of(intc), irqn - XICS_OFFSET, lsi);
    if (spapr_intc_kvm_running(&s->kvm) &&
        !xics_kvm_push_source(s, irqn - XICS_OFFSET, errp)) {
        xics_ics_free(xics_of(intc), irqn - XICS_OFFSET);
        return false;
    }
    return true;
}

static void xics_free(SpaprIntc *intc, uint32_t irqn)
{
    xics_ics_free(xics_of(intc), irqn - XICS_OFFSET);
}

static void xics_cpu_destroy(SpaprIntc *intc, uint32_t cpu_index)
{
    SpaprXics *s = (SpaprXics *)intc;

    xics_icp_destroy(xics_of(intc), cpu_index);
    if (cpu_index < s->x.max_cpus) {
        /* A kernel presenter stays with its vCPU (QEMU parks the vCPU);
         * it is connected again when the CPU comes back. */
        s->kvm.vcpu_fd[cpu_index] = -1;
    }
}

static bool xics_cpu_create(SpaprIntc *intc, uint32_t cpu_index,
                            uint32_t vcpu_id, int vcpu_fd, GError **errp)
{
    SpaprXics *s = (SpaprXics *)intc;

    if (!xics_icp_create(xics_of(intc), cpu_index, vcpu_id)) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_BUSY,
                              "XICS: cannot create the presenter of CPU %u "
                              "(server %u): taken or out of range",
                              cpu_index, vcpu_id);
    }
    s->kvm.vcpu_fd[cpu_index] = vcpu_fd;
    /* In the kernel, the vCPU is connected there and its presenter
     * pushed; if that fails, the presenter goes again. */
    if (spapr_intc_kvm_running(&s->kvm) &&
        !xics_kvm_cpu_connect(s, cpu_index, errp)) {
        xics_cpu_destroy(intc, cpu_index);
        return false;
    }
    return true;
}

/* The machine layer has checked that @irqn is in range and claimed. */
static bool xics_set_irq(SpaprIntc *intc, uint32_t irqn, int level,
                         GError **errp)
{
    SpaprXics *s = (SpaprXics *)intc;

    if (spapr_intc_kvm_running(&s->kvm)) {
        return xics_kvm_set_irq(s, irqn - XICS_OFFSET, level, errp);
    }
    xics_ics_set_irq(xics_of(intc), irqn - XICS_OFFSET, level);
    return true;
}

/* ---- the in-kernel backend (xics_kvm.c) ---- */

static void resync_outputs(SpaprXics *s)
{
    for (uint32_t c = 0; c < s->x.max_cpus; c++) {
        XicsIcp *icp = xics_icp_by_cpu(&s->x, c);

        if (icp) {
            xics_icp_sync_output(&s->x, icp);
        }
    }
}

static bool xics_activate(SpaprIntc *intc, SpaprIntcImpl impl, GError **errp)
{
    SpaprXics *s = (SpaprXics *)intc;

    if (impl == SPAPR_INTC_IMPL_KVM) {
        if (!xics_kvm_connect(s, errp)) {
            return false;
        }
        s->kvm.muted = true;
        return true;
    }
    /* A token left defined by a failed undefine would take the guest's
     * RTAS call to the kernel, which has no XICS device. */
    if (!xics_kvm_drop_tokens(s, errp)) {
        return false;
    }
    if (s->kvm.muted) {
        /* Back from the kernel: the model drives the lines again. */
        s->kvm.muted = false;
        resync_outputs(s);
    }
    return true;
}

/* Before the device goes, the guest's RTAS calls stop reaching it. */
static bool xics_pre_deactivate(SpaprIntc *intc, GError **errp)
{
    return xics_kvm_undefine_tokens((SpaprXics *)intc, errp);
}

static void xics_deactivate(SpaprIntc *intc)
{
    SpaprXics *s = (SpaprXics *)intc;

    xics_kvm_disconnect(s);
}

static bool xics_pre_save(SpaprIntc *intc, bool vcpus, GError **errp)
{
    SpaprXics *s = (SpaprXics *)intc;

    return !spapr_intc_kvm_running(&s->kvm) || xics_kvm_pull(s, vcpus, errp);
}

static bool xics_cpu_synchronize(SpaprIntc *intc, uint32_t cpu_index,
                                 GError **errp)
{
    SpaprXics *s = (SpaprXics *)intc;

    return !spapr_intc_kvm_running(&s->kvm) ||
           xics_kvm_pull_icp(s, cpu_index, errp);
}

static bool xics_post_load(SpaprIntc *intc, GError **errp)
{
    SpaprXics *s = (SpaprXics *)intc;

    if (!spapr_intc_kvm_running(&s->kvm)) {
        /* The lines are the active presenter's: a load of the other
         * controller's section (dual) may have moved them.  Then what
         * waits is resent, as QEMU 7.2's xics_spapr_post_load() runs
         * icp_resend() on every ICP under TCG: a source rejected in the
         * saved state (or read from a kernel that keeps no XISR, the
         * XICS-on-XIVE device) would otherwise wait for the guest's next
         * EOI or CPPR change. */
        resync_outputs(s);
        for (uint32_t c = 0; c < s->x.max_cpus; c++) {
            XicsIcp *icp = xics_icp_by_cpu(&s->x, c);

            if (icp) {
                xics_icp_resend(&s->x, icp);
            }
        }
        return true;
    }
    return xics_kvm_push(s, errp);
}

static bool xics_reset(SpaprIntc *intc, GError **errp)
{
    Xics *x = xics_of(intc);

    for (uint32_t c = 0; c < x->max_cpus; c++) {
        XicsIcp *icp = xics_icp_by_cpu(x, c);

        if (icp) {
            xics_icp_reset(x, icp);
        }
    }
    xics_ics_reset(x);
    return true;
}

/* ---- device tree (facts section 7) ---- */

static bool xics_dt(SpaprIntc *intc, void *fdt, uint32_t phandle, GError **errp)
{
    Xics *x = xics_of(intc);
    uint32_t ranges[2] = {cpu_to_fdt32(0), cpu_to_fdt32(x->nr_servers)};
    int node = fdt_add_subnode(fdt, 0, "interrupt-controller");
    int ret;

    if (node < 0) {
        return spapr_irq_fdt_fail(errp, node, "the XICS node");
    }
    if ((ret = fdt_setprop_string(fdt, node, "device_type",
                                  "PowerPC-External-Interrupt-"
                                  "Presentation")) < 0 ||
        (ret = fdt_setprop_string(fdt, node, "compatible", "IBM,ppc-xicp")) <
            0 ||
        (ret = fdt_setprop_empty(fdt, node, "interrupt-controller")) < 0 ||
        (ret = fdt_setprop(fdt, node, "ibm,interrupt-server-ranges", ranges,
                           sizeof(ranges))) < 0 ||
        (ret = fdt_setprop_u32(fdt, node, "#interrupt-cells", 2)) < 0 ||
        (ret = fdt_setprop_u32(fdt, node, "linux,phandle", phandle)) < 0 ||
        (ret = fdt_setprop_u32(fdt, node, "phandle", phandle)) < 0) {
        return spapr_irq_fdt_fail(errp, ret, "the XICS node");
    }
    return true;
}

/* ---- info pic ---- */

static void xics_print_info(SpaprIntc *intc, GString *out)
{
    SpaprXics *sx = (SpaprXics *)intc;

    if (spapr_intc_kvm_running(&sx->kvm)) {
        g_string_append_printf(out,
                               "XICS backend: in-kernel (KVM XICS device, fd "
                               "%d); the state below was read back from the "
                               "kernel\n",
                               sx->kvm.fd);
    } else {
        g_string_append(out, "XICS backend: emulated\n");
    }
    Xics *x = xics_of(intc);
    static const char *const status_names[] = {
        "asserted", "sent", "rejected", "masked-pending", "presented", "queued",
    };
    unsigned waiting = 0;

    for (uint32_t c = 0; c < x->max_cpus; c++) {
        const XicsIcp *icp = xics_icp_by_cpu(x, c);

        if (icp) {
            g_string_append_printf(
                out, "CPU %u server %u XIRR=%08x PP=%02x MFRR=%02x line %s\n",
                c, icp->server, icp->xirr, icp->pending_priority, icp->mfrr,
                icp->output ? "raised" : "low");
        }
    }
    for (guint w = 0; w < G_N_ELEMENTS(x->waiting.words); w++) {
        waiting += __builtin_popcountll(x->waiting.words[w]);
    }
    g_string_append_printf(out,
                           "ICS %4x..%4x: %u waiting for a resend, %" PRIu64
                           " resend visits\n",
                           XICS_OFFSET, XICS_OFFSET + XICS_NR_SOURCES - 1,
                           waiting, x->resend_visits);
    for (uint32_t i = 0; i < XICS_NR_SOURCES; i++) {
        const XicsSource *src = &x->srcs[i];

        if (!src->flags) {
            continue;
        }
        g_string_append_printf(
            out, "  %4x %s %02x %02x server %x saved %02x", XICS_OFFSET + i,
            src->flags & XICS_FLAGS_IRQ_LSI ? "LSI" : "MSI", src->priority,
            src->status, src->server, src->saved_priority);
        for (guint b = 0; b < G_N_ELEMENTS(status_names); b++) {
            if (src->status & (1u << b)) {
                g_string_append_printf(out, " %s", status_names[b]);
            }
        }
        g_string_append(out,
                        src->priority == XICS_PRIO_MASKED ? " masked\n" : "\n");
    }
}

/*
 * ---- the XICS section of the stream (docs/specs/migration.md) ----
 *
 * Two tables of runs (hw/core/state.h), big-endian:
 *   sources  key IRQ number:  u32 server, u8 priority, u8 saved_priority,
 *                             u8 status; claimed sources only, default
 *                             server 0, priorities 0xff, status 0
 *   vCPUs    key server:      u32 XIRR, u8 MFRR, u8 pending priority;
 *                             present vCPUs only, default 0, 0xff, 0xff
 */
#define SRC_RECORD 7
#define ICP_RECORD 6

static const SpaprStateField src_fields[] = {
    {"server", 4}, {"priority", 1}, {"saved_priority", 1}, {"status", 1}};
static const SpaprStateField icp_fields[] = {
    {"xirr", 4}, {"mfrr", 1}, {"pending_priority", 1}};
static const SpaprStateTable xics_state_tables[] = {
    {"source", G_N_ELEMENTS(src_fields), src_fields},
    {"cpu", G_N_ELEMENTS(icp_fields), icp_fields},
};

static bool src_is_default(const XicsSource *s)
{
    return !s->server && s->priority == XICS_PRIO_MASKED &&
           s->saved_priority == XICS_PRIO_MASKED && !s->status;
}

static XicsIcp *icp_of_server(Xics *x, uint32_t server)
{
    return x->server_to_cpu[server] < 0
               ? NULL
               : xics_icp_by_cpu(x, x->server_to_cpu[server]);
}

/*
 * The stream's one form of a state that the three XICS backends keep each
 * their own way (docs/specs/migration.md, "XICS"): an interrupt presented
 * to a vCPU and not accepted travels as waiting at its source (an MSI
 * rejected for a resend, an LSI asserted and not sent; an IPI is its MFRR
 * alone), the presenter with no XISR; the kernel's own PRESENTED and QUEUED
 * bits do not travel.  The emulated XICS after a load, and the kernels
 * after a push, present it again (QEMU's icp_resend() at post_load).  So a
 * guest that went through an XICS-on-XIVE kernel, which keeps no XISR,
 * saves back the same bytes.
 */
static bool icp_presents(const XicsIcp *icp, uint32_t *xisr)
{
    *xisr = icp->xirr & 0xffffff;
    return *xisr && icp->pending_priority != XICS_PRIO_MASKED;
}

static uint8_t src_stream_status(const XicsSource *src, bool presented)
{
    uint8_t st = src->status & ~(XICS_STATUS_PRESENTED | XICS_STATUS_QUEUED);

    if (presented) {
        st = src->flags & XICS_FLAGS_IRQ_LSI ? st & ~XICS_STATUS_SENT
                                             : st | XICS_STATUS_REJECTED;
    }
    return st;
}

static bool xics_save(SpaprIntc *intc, GByteArray *out, GError **errp)
{
    Xics *x = xics_of(intc);
    uint8_t presented[XICS_NR_SOURCES / 8] = {0};
    StateRuns w;

    (void)errp;
    for (uint32_t s = 0; s < x->nr_servers; s++) {
        const XicsIcp *icp = icp_of_server(x, s);
        uint32_t xisr;

        if (icp && icp_presents(icp, &xisr) && xisr >= XICS_OFFSET &&
            xisr < XICS_OFFSET + XICS_NR_SOURCES) {
            presented[(xisr - XICS_OFFSET) / 8] |= 1u
                                                   << (xisr - XICS_OFFSET) % 8;
        }
    }
    state_runs_begin(&w, out);
    for (uint32_t i = 0; i < XICS_NR_SOURCES; i++) {
        XicsSource src = x->srcs[i];

        src.status =
            src_stream_status(&x->srcs[i], presented[i / 8] & 1u << i % 8);
        if (src.flags && !src_is_default(&src)) {
            state_runs_key(&w, XICS_OFFSET + i);
            state_put_u32(out, src.server);
            state_put_u8(out, src.priority);
            state_put_u8(out, src.saved_priority);
            state_put_u8(out, src.status);
        }
    }
    state_runs_end(&w);
    state_runs_begin(&w, out);
    for (uint32_t s = 0; s < x->nr_servers; s++) {
        const XicsIcp *icp = icp_of_server(x, s);
        uint32_t xirr, xisr;
        uint8_t pp;

        if (!icp) {
            continue;
        }
        xirr = icp->xirr;
        pp = icp->pending_priority;
        if (icp_presents(icp, &xisr)) {
            xirr &= 0xff000000u;
            pp = XICS_PRIO_MASKED;
        }
        if (xirr || icp->mfrr != 0xff || pp != 0xff) {
            state_runs_key(&w, s);
            state_put_u32(out, xirr);
            state_put_u8(out, icp->mfrr);
            state_put_u8(out, pp);
        }
    }
    state_runs_end(&w);
    return true;
}

static bool frame(const Xics *x, const uint8_t *buf, size_t len,
                  StateReader t[2], GError **errp)
{
    StateReader r = {buf, len};

    if (!state_runs_frame(&r, SRC_RECORD, XICS_OFFSET + XICS_NR_SOURCES,
                          "XICS sources", &t[0], errp) ||
        !state_runs_frame(&r, ICP_RECORD, x->nr_servers, "XICS vCPUs", &t[1],
                          errp)) {
        return false;
    }
    if (r.left) {
        return state_error(errp, "XICS: %zu trailing bytes", r.left);
    }
    return true;
}

static bool check_source(void *model, uint32_t irq, const uint8_t *rec,
                         GError **errp)
{
    const Xics *x = model;
    uint32_t server = state_be(rec, 4), status = rec[6];
    uint8_t flags = irq >= XICS_OFFSET ? x->srcs[irq - XICS_OFFSET].flags : 0;
    uint8_t forbidden;

    if (!flags) {
        return state_error(errp, "XICS: source 0x%x is not claimed", irq);
    }
    if (server >= x->nr_servers) {
        return state_error(errp, "XICS: source 0x%x targets server %u (of %u)",
                           irq, server, x->nr_servers);
    }
    forbidden = flags & XICS_FLAGS_IRQ_LSI
                    ? XICS_STATUS_REJECTED | XICS_STATUS_MASKED_PENDING
                    : XICS_STATUS_ASSERTED | XICS_STATUS_SENT;
    if ((status & ~XICS_STATUS_ALL) || (status & forbidden)) {
        return state_error(errp,
                           "XICS: source 0x%x has status 0x%x, invalid for "
                           "an %s",
                           irq, status,
                           flags & XICS_FLAGS_IRQ_LSI ? "LSI" : "MSI");
    }
    return true;
}

static bool check_icp(void *model, uint32_t server, const uint8_t *rec,
                      GError **errp)
{
    Xics *x = model;
    uint32_t xirr = state_be(rec, 4), pending = rec[5];
    uint32_t xisr = xirr & XICS_XISR_MASK;

    if (!icp_of_server(x, server)) {
        return state_error(errp, "XICS: server %u has no vCPU here", server);
    }
    if (xisr && xisr != XICS_IPI &&
        (xisr < XICS_OFFSET || xisr >= XICS_OFFSET + XICS_NR_SOURCES ||
         !x->srcs[xisr - XICS_OFFSET].flags)) {
        return state_error(errp,
                           "XICS: server %u has XIRR 0x%08x: 0x%x is not a "
                           "claimed source",
                           server, xirr, xisr);
    }
    if ((xisr != 0) != (pending != 0xff)) {
        return state_error(errp,
                           "XICS: server %u has XIRR 0x%08x with pending "
                           "priority 0x%02x",
                           server, xirr, pending);
    }
    return true;
}

static bool xics_check(SpaprIntc *intc, const uint8_t *buf, size_t len,
                       GError **errp)
{
    Xics *x = xics_of(intc);
    StateReader t[2];

    return frame(x, buf, len, t, errp) &&
           state_runs_check(&t[0], SRC_RECORD, check_source, x, errp) &&
           state_runs_check(&t[1], ICP_RECORD, check_icp, x, errp);
}

static void xics_load(SpaprIntc *intc, const uint8_t *buf, size_t len)
{
    Xics *x = xics_of(intc);
    StateReader t[2];
    StateRunsIter it;
    uint32_t key, next;
    const uint8_t *rec;
    bool ok = frame(x, buf, len, t, NULL);

    g_assert(ok);
    state_runs_iter_init(&it, &t[0], SRC_RECORD);
    next = XICS_OFFSET;
    for (bool more = true; more;) {
        more = state_runs_next(&it, &key, &rec);
        for (uint32_t i = next;
             i < (more ? key : XICS_OFFSET + XICS_NR_SOURCES); i++) {
            XicsSource *src = &x->srcs[i - XICS_OFFSET];

            if (src->flags) {
                src->server = 0;
                src->priority = XICS_PRIO_MASKED;
                src->saved_priority = XICS_PRIO_MASKED;
                src->status = 0;
            }
        }
        if (more) {
            XicsSource *src = &x->srcs[key - XICS_OFFSET];

            src->server = state_be(rec, 4);
            src->priority = rec[4];
            src->saved_priority = rec[5];
            src->status = rec[6];
            next = key + 1;
        }
    }
    xics_ics_rebuild_waiting(x);
    state_runs_iter_init(&it, &t[1], ICP_RECORD);
    next = 0;
    for (bool more = true; more;) {
        more = state_runs_next(&it, &key, &rec);
        for (uint32_t s = next; s < (more ? key + 1 : x->nr_servers); s++) {
            XicsIcp *icp = icp_of_server(x, s);

            if (!icp) {
                continue;
            }
            if (more && s == key) {
                icp->xirr = state_be(rec, 4);
                icp->mfrr = rec[4];
                icp->pending_priority = rec[5];
            } else {
                icp->xirr = 0;
                icp->mfrr = 0xff;
                icp->pending_priority = 0xff;
            }
            xics_icp_sync_output(x, icp);
        }
        next = more ? key + 1 : x->nr_servers;
    }
}

/* ---- lifetime ---- */

static void xics_destroy(SpaprIntc *intc)
{
    SpaprXics *s = (SpaprXics *)intc;

    xics_kvm_disconnect(s);
    spapr_intc_kvm_fini(&s->kvm);
    xics_fini(&s->x);
    g_free(s);
}

/* The per-server IPIs need no claim under XICS: the ICP's MFRR holds
 * them. */
static SpaprIntc *xics_create(const SpaprIntcContext *ctx, GError **errp)
{
    SpaprXics *s = g_new0(SpaprXics, 1);

    s->parent.ops = &spapr_xics_ops;
    s->parent.ctx = ctx;
    spapr_intc_kvm_init(&s->kvm, ctx);
    xics_init(&s->x, ctx->cb, ctx->max_cpus, ctx->nr_servers);
    s->x.out.trace_on = ctx->trace_on;
    s->x.out.muted = &s->kvm.muted;
    return &s->parent;
}

const SpaprIntcOps spapr_xics_ops = {
    .name = "XICS",
    .kind = SPAPR_INTC_XICS,
    .create = xics_create,
    .hcalls = xics_hcalls,
    .rtas_calls = xics_rtas_calls,
    .hcall_inactive = SPAPR_H_HARDWARE,
    .claim = xics_claim,
    .free = xics_free,
    .cpu_create = xics_cpu_create,
    .cpu_destroy = xics_cpu_destroy,
    .save = xics_save,
    .check = xics_check,
    .load = xics_load,
    .state_tables = xics_state_tables,
    .n_state_tables = G_N_ELEMENTS(xics_state_tables),
    .destroy = xics_destroy,
    .activate = xics_activate,
    .pre_deactivate = xics_pre_deactivate,
    .deactivate = xics_deactivate,
    .set_irq = xics_set_irq,
    .hcall = xics_hcall_op,
    .rtas = xics_rtas_op,
    .dt = xics_dt,
    .print_info = xics_print_info,
    .reset = xics_reset,
    .pre_save = xics_pre_save,
    .post_load = xics_post_load,
    .cpu_synchronize = xics_cpu_synchronize,
};
