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
 * ---- saved state (facts section 9) ----
 *
 * The XICS section, big-endian:
 *   u16 version (1), u32 nr_servers, u32 max_cpus,
 *   u32 n_icps, then per present ICP in CPU order:
 *     u32 cpu_index, u32 server, u32 xirr, u8 pending_priority, u8 mfrr
 *   u32 offset (0x1000), u32 nr_sources (0x1000), then per source:
 *     u32 server, u8 priority, u8 saved_priority, u8 status, u8 flags
 */
#define XICS_STATE_VERSION 1
#define ICP_RECORD_SIZE    14 /* u32 cpu_index, server, xirr; u8 pp, mfrr */

static uint32_t icp_count(Xics *x)
{
    uint32_t n = 0;

    for (uint32_t c = 0; c < x->max_cpus; c++) {
        n += xics_icp_by_cpu(x, c) != NULL;
    }
    return n;
}

static bool xics_save(SpaprIntc *intc, GByteArray *out, GError **errp)
{
    Xics *x = xics_of(intc);

    state_put_u16(out, XICS_STATE_VERSION);
    state_put_u32(out, x->nr_servers);
    state_put_u32(out, x->max_cpus);
    state_put_u32(out, icp_count(x));
    for (uint32_t c = 0; c < x->max_cpus; c++) {
        const XicsIcp *icp = xics_icp_by_cpu(x, c);

        if (icp) {
            state_put_u32(out, c);
            state_put_u32(out, icp->server);
            state_put_u32(out, icp->xirr);
            state_put_u8(out, icp->pending_priority);
            state_put_u8(out, icp->mfrr);
        }
    }
    state_put_u32(out, XICS_OFFSET);
    state_put_u32(out, XICS_NR_SOURCES);
    for (uint32_t i = 0; i < XICS_NR_SOURCES; i++) {
        const XicsSource *src = &x->srcs[i];

        state_put_u32(out, src->server);
        state_put_u8(out, src->priority);
        state_put_u8(out, src->saved_priority);
        state_put_u8(out, src->status);
        state_put_u8(out, src->flags);
    }
    return true;
}

static bool load_header(StateReader *r, const Xics *x, uint32_t *n_icps,
                        GError **errp)
{
    uint32_t version, nr_servers, max_cpus;

    if (!state_get_uint(r, 2, &version) || !state_get_uint(r, 4, &nr_servers) ||
        !state_get_uint(r, 4, &max_cpus) || !state_get_uint(r, 4, n_icps)) {
        return state_error(errp, "XICS: truncated header");
    }
    if (version != XICS_STATE_VERSION) {
        return state_error(errp, "XICS: version %u is not supported (want %u)",
                           version, XICS_STATE_VERSION);
    }
    if (nr_servers != x->nr_servers || max_cpus != x->max_cpus) {
        return state_error(errp,
                           "XICS: %u servers and %u CPUs in the saved state, "
                           "%u and %u here",
                           nr_servers, max_cpus, x->nr_servers, x->max_cpus);
    }
    return true;
}

static bool load_source(StateReader *r, const Xics *x, uint32_t i,
                        XicsSource *src, GError **errp)
{
    uint32_t server, prio, saved, status, flags;
    uint8_t want_flags = x->srcs[i].flags;
    uint8_t forbidden;

    if (!state_get_uint(r, 4, &server) || !state_get_uint(r, 1, &prio) ||
        !state_get_uint(r, 1, &saved) || !state_get_uint(r, 1, &status) ||
        !state_get_uint(r, 1, &flags)) {
        return state_error(errp, "XICS: truncated at source 0x%x",
                           XICS_OFFSET + i);
    }
    if (flags != want_flags) {
        return state_error(errp,
                           "XICS: source 0x%x has flags 0x%x in the saved "
                           "state but 0x%x here (claims differ)",
                           XICS_OFFSET + i, flags, want_flags);
    }
    if (!flags && (server || prio != 0xff || saved != 0xff || status)) {
        return state_error(errp,
                           "XICS: unclaimed source 0x%x is not in its reset "
                           "state",
                           XICS_OFFSET + i);
    }
    if (server >= x->nr_servers) {
        return state_error(errp, "XICS: source 0x%x targets server %u (of %u)",
                           XICS_OFFSET + i, server, x->nr_servers);
    }
    forbidden = flags & XICS_FLAGS_IRQ_LSI
                    ? XICS_STATUS_REJECTED | XICS_STATUS_MASKED_PENDING
                    : XICS_STATUS_ASSERTED | XICS_STATUS_SENT;
    if ((status & ~XICS_STATUS_ALL) || (status & forbidden)) {
        return state_error(errp,
                           "XICS: source 0x%x has status 0x%x, invalid for "
                           "an %s",
                           XICS_OFFSET + i, status,
                           flags & XICS_FLAGS_IRQ_LSI ? "LSI" : "MSI");
    }
    *src = (XicsSource){server, prio, saved, status, flags};
    return true;
}

static bool load_icp(StateReader *r, const Xics *x, const XicsSource *srcs,
                     XicsIcp *icp, GError **errp)
{
    uint32_t server, xirr, pending, mfrr, xisr;

    if (!state_get_uint(r, 4, &server) || !state_get_uint(r, 4, &xirr) ||
        !state_get_uint(r, 1, &pending) || !state_get_uint(r, 1, &mfrr)) {
        return state_error(errp, "XICS: truncated at CPU %u", icp->cpu_index);
    }
    if (server != icp->server) {
        return state_error(errp,
                           "XICS: CPU %u is server %u in the saved state, %u "
                           "here",
                           icp->cpu_index, server, icp->server);
    }
    xisr = xirr & XICS_XISR_MASK;
    if (xisr && xisr != XICS_IPI &&
        (xisr < XICS_OFFSET || xisr >= XICS_OFFSET + XICS_NR_SOURCES ||
         !srcs[xisr - XICS_OFFSET].flags)) {
        return state_error(errp,
                           "XICS: CPU %u has XIRR 0x%08x: 0x%x is not a "
                           "claimed source",
                           icp->cpu_index, xirr, xisr);
    }
    if ((xisr != 0) != (pending != 0xff)) {
        return state_error(errp,
                           "XICS: CPU %u has XIRR 0x%08x with pending "
                           "priority 0x%02x",
                           icp->cpu_index, xirr, pending);
    }
    icp->xirr = xirr;
    icp->pending_priority = pending;
    icp->mfrr = mfrr;
    return true;
}

static bool xics_load(SpaprIntc *intc, const uint8_t *buf, size_t len,
                      GError **errp)
{
    Xics *x = xics_of(intc);
    StateReader r = {buf, len};
    g_autofree XicsIcp *icps = g_new0(XicsIcp, x->max_cpus);
    g_autofree XicsSource *srcs = g_new0(XicsSource, XICS_NR_SOURCES);
    const uint8_t *icp_bytes;
    uint32_t n_icps = 0, n_here, offset, nr;
    StateReader ir;

    if (!load_header(&r, x, &n_icps, errp)) {
        return false;
    }
    n_here = icp_count(x);
    if (n_icps != n_here) {
        return state_error(errp,
                           "XICS: %u CPUs in the saved state, %u present here",
                           n_icps, n_here);
    }
    /* The ICPs refer to sources: read the sources first. */
    if (!state_get_bytes(&r, (size_t)n_icps * ICP_RECORD_SIZE, &icp_bytes)) {
        return state_error(errp, "XICS: truncated in the presenters");
    }
    ir = (StateReader){icp_bytes, (size_t)n_icps * ICP_RECORD_SIZE};
    if (!state_get_uint(&r, 4, &offset) || !state_get_uint(&r, 4, &nr)) {
        return state_error(errp, "XICS: truncated before the sources");
    }
    if (offset != XICS_OFFSET || nr != XICS_NR_SOURCES) {
        return state_error(errp,
                           "XICS: ICS 0x%x+0x%x in the saved state, 0x%x+0x%x "
                           "here",
                           offset, nr, XICS_OFFSET, XICS_NR_SOURCES);
    }
    for (uint32_t i = 0; i < XICS_NR_SOURCES; i++) {
        if (!load_source(&r, x, i, &srcs[i], errp)) {
            return false;
        }
    }
    if (r.left) {
        return state_error(errp, "XICS: %zu trailing bytes", r.left);
    }
    for (uint32_t k = 0, last = 0; k < n_icps; k++) {
        uint32_t cpu;
        XicsIcp *here;

        if (!state_get_uint(&ir, 4, &cpu)) {
            return state_error(errp, "XICS: truncated in the presenters");
        }
        here = xics_icp_by_cpu(x, cpu);
        if (!here || (k > 0 && cpu <= last)) {
            return state_error(errp,
                               "XICS: CPU %u in the saved state is not "
                               "present here (or out of order)",
                               cpu);
        }
        last = cpu;
        icps[cpu] = *here;
        if (!load_icp(&ir, x, srcs, &icps[cpu], errp)) {
            return false;
        }
    }
    /* Everything is valid: apply. */
    memcpy(x->srcs, srcs, sizeof(x->srcs));
    xics_ics_rebuild_waiting(x);
    for (uint32_t c = 0; c < x->max_cpus; c++) {
        XicsIcp *icp = xics_icp_by_cpu(x, c);

        if (icp) {
            icp->xirr = icps[c].xirr;
            icp->pending_priority = icps[c].pending_priority;
            icp->mfrr = icps[c].mfrr;
            xics_icp_sync_output(x, icp);
        }
    }
    return true;
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
    xics_init(&s->x, &s->kvm.model_cb, ctx->max_cpus, ctx->nr_servers);
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
    .load = xics_load,
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
