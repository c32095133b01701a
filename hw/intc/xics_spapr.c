/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the sPAPR XICS controller: the model of xics.c behind the
 * controller ops table, the PAPR hcalls and RTAS calls, the device tree,
 * saved state and `info pic`.
 *
 * Guest input is checked here, before it reaches the model: an unknown
 * server, an unclaimed or out-of-range IRQ, a priority above 0xff or a
 * wrong argument count gets the PAPR/RTAS error (docs/specs/xics.md lists
 * each case).  Nothing on these paths allocates.
 */
#include <inttypes.h>
#include <libfdt.h>
#include <string.h>

#include "hw/intc/spapr_intc.h"
#include "hw/intc/xics.h"
#include "hw/ppc/spapr_irq_dt.h"
#include "hw/ppc/spapr_irq_state.h"

typedef struct SpaprXics {
    SpaprIntc parent;
    Xics x;
} SpaprXics;

static Xics *xics_of(SpaprIntc *intc)
{
    return &((SpaprXics *)intc)->x;
}

/* ---- hcalls (facts section 5), one handler per opcode ---- */

typedef int64_t (*XicsHcallFn)(SpaprXics *s, XicsIcp *icp, const uint64_t *args,
                               uint64_t *rets);

static int64_t h_cppr(SpaprXics *s, XicsIcp *icp, const uint64_t *args,
                      uint64_t *rets)
{
    if (args[0] > 0xff) {
        return H_PARAMETER;
    }
    xics_icp_set_cppr(&s->x, icp, args[0]);
    return H_SUCCESS;
}

static int64_t h_ipi(SpaprXics *s, XicsIcp *icp, const uint64_t *args,
                     uint64_t *rets)
{
    XicsIcp *target = xics_icp_by_server(&s->x, args[0]);

    if (!target || args[1] > 0xff) {
        return H_PARAMETER;
    }
    xics_icp_set_mfrr(&s->x, target, args[1]);
    return H_SUCCESS;
}

static int64_t h_xirr(SpaprXics *s, XicsIcp *icp, const uint64_t *args,
                      uint64_t *rets)
{
    rets[0] = xics_icp_accept(&s->x, icp);
    return H_SUCCESS;
}

static int64_t h_xirr_x(SpaprXics *s, XicsIcp *icp, const uint64_t *args,
                        uint64_t *rets)
{
    const SpaprIrqCallbacks *cb = s->x.cb;

    rets[0] = xics_icp_accept(&s->x, icp);
    rets[1] = cb->get_timebase ? cb->get_timebase(cb->opaque) : 0;
    return H_SUCCESS;
}

/*
 * H_EOI: the CPPR is restored from the XIRR's top byte in every case (as
 * QEMU and KVM do); an XISR that is neither 0, the IPI nor a claimed source
 * then answers H_PARAMETER, as KVM's XICS does.
 */
static int64_t h_eoi(SpaprXics *s, XicsIcp *icp, const uint64_t *args,
                     uint64_t *rets)
{
    uint64_t xirr = args[0];
    uint32_t xisr = xirr & XICS_XISR_MASK;

    if (xirr > UINT32_MAX) {
        return H_PARAMETER;
    }
    xics_icp_eoi(&s->x, icp, xirr);
    if (xisr != 0 && xisr != XICS_IPI && !xics_ics_valid_irq(&s->x, xisr)) {
        return H_PARAMETER;
    }
    return H_SUCCESS;
}

static int64_t h_ipoll(SpaprXics *s, XicsIcp *icp, const uint64_t *args,
                       uint64_t *rets)
{
    XicsIcp *target = xics_icp_by_server(&s->x, args[0]);

    if (!target) {
        return H_PARAMETER;
    }
    rets[0] = target->xirr;
    rets[1] = target->mfrr;
    return H_SUCCESS;
}

static const struct {
    uint64_t opcode;
    size_t nargs;
    XicsHcallFn fn;
} xics_hcalls[] = {
    {H_EOI, 1, h_eoi},     {H_CPPR, 1, h_cppr}, {H_IPI, 2, h_ipi},
    {H_IPOLL, 1, h_ipoll}, {H_XIRR, 0, h_xirr}, {H_XIRR_X, 0, h_xirr_x},
};

static int64_t xics_hcall(SpaprIntc *intc, uint32_t cpu_index, uint64_t opcode,
                          const uint64_t *args, size_t nargs, uint64_t *rets)
{
    SpaprXics *s = (SpaprXics *)intc;
    XicsIcp *icp = xics_icp_by_cpu(&s->x, cpu_index);

    for (size_t i = 0; i < G_N_ELEMENTS(xics_hcalls); i++) {
        if (xics_hcalls[i].opcode != opcode) {
            continue;
        }
        if (!icp) {
            return H_HARDWARE;
        }
        if (nargs < xics_hcalls[i].nargs) {
            return H_PARAMETER;
        }
        return xics_hcalls[i].fn(s, icp, args, rets);
    }
    return H_FUNCTION;
}

/* ---- RTAS calls, one handler per token ---- */

typedef int32_t (*XicsRtasFn)(SpaprXics *s, const uint32_t *args,
                              uint32_t *rets);

static int32_t rtas_set_xive(SpaprXics *s, const uint32_t *args, uint32_t *rets)
{
    uint32_t nr = args[0], server = args[1], priority = args[2];

    if (!xics_ics_valid_irq(&s->x, nr) || !xics_icp_by_server(&s->x, server) ||
        priority > 0xff) {
        return RTAS_OUT_PARAM_ERROR;
    }
    xics_ics_write_xive(&s->x, nr - XICS_OFFSET, server, priority, priority);
    return RTAS_OUT_SUCCESS;
}

/* The source of a claimed @irq, or NULL: the RTAS calls' IRQ check. */
static const XicsSource *claimed_src(SpaprXics *s, uint32_t irq)
{
    return xics_ics_valid_irq(&s->x, irq) ? &s->x.srcs[irq - XICS_OFFSET]
                                          : NULL;
}

static int32_t rtas_get_xive(SpaprXics *s, const uint32_t *args, uint32_t *rets)
{
    const XicsSource *src = claimed_src(s, args[0]);

    if (!src) {
        return RTAS_OUT_PARAM_ERROR;
    }
    rets[1] = src->server;
    rets[2] = src->priority;
    return RTAS_OUT_SUCCESS;
}

static int32_t rtas_int_off(SpaprXics *s, const uint32_t *args, uint32_t *rets)
{
    const XicsSource *src = claimed_src(s, args[0]);

    if (!src) {
        return RTAS_OUT_PARAM_ERROR;
    }
    xics_ics_write_xive(&s->x, args[0] - XICS_OFFSET, src->server,
                        XICS_PRIO_MASKED, src->priority);
    return RTAS_OUT_SUCCESS;
}

static int32_t rtas_int_on(SpaprXics *s, const uint32_t *args, uint32_t *rets)
{
    const XicsSource *src = claimed_src(s, args[0]);

    if (!src) {
        return RTAS_OUT_PARAM_ERROR;
    }
    xics_ics_write_xive(&s->x, args[0] - XICS_OFFSET, src->server,
                        src->saved_priority, src->saved_priority);
    return RTAS_OUT_SUCCESS;
}

static const struct {
    uint32_t token;
    uint32_t nargs, nret;
    XicsRtasFn fn;
} xics_rtas_calls[] = {
    {SPAPR_RTAS_SET_XIVE, 3, 1, rtas_set_xive},
    {SPAPR_RTAS_GET_XIVE, 1, 3, rtas_get_xive},
    {SPAPR_RTAS_INT_OFF, 1, 1, rtas_int_off},
    {SPAPR_RTAS_INT_ON, 1, 1, rtas_int_on},
};

static void xics_rtas(SpaprIntc *intc, uint32_t cpu_index, uint32_t token,
                      uint32_t nargs, const uint32_t *args, uint32_t nret,
                      uint32_t *rets)
{
    SpaprXics *s = (SpaprXics *)intc;
    int32_t status = RTAS_OUT_HW_ERROR;

    if (nret == 0) {
        return; /* nowhere to put a status */
    }
    for (size_t i = 0; i < G_N_ELEMENTS(xics_rtas_calls); i++) {
        if (xics_rtas_calls[i].token != token) {
            continue;
        }
        if (nargs != xics_rtas_calls[i].nargs ||
            nret != xics_rtas_calls[i].nret) {
            status = RTAS_OUT_PARAM_ERROR;
        } else {
            status = xics_rtas_calls[i].fn(s, args, rets);
        }
        break;
    }
    rets[0] = (uint32_t)status;
}

/* ---- the machine's fan-out calls ---- */

static bool xics_claim(SpaprIntc *intc, uint32_t irqn, bool lsi, GError **errp)
{
    xics_ics_claim(xics_of(intc), irqn - XICS_OFFSET, lsi);
    return true;
}

static void xics_free(SpaprIntc *intc, uint32_t irqn)
{
    xics_ics_free(xics_of(intc), irqn - XICS_OFFSET);
}

static bool xics_cpu_create(SpaprIntc *intc, uint32_t cpu_index,
                            uint32_t vcpu_id, int vcpu_fd, GError **errp)
{
    if (!xics_icp_create(xics_of(intc), cpu_index, vcpu_id)) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_BUSY,
                              "XICS: cannot create the presenter of CPU %u "
                              "(server %u): taken or out of range",
                              cpu_index, vcpu_id);
    }
    return true;
}

static void xics_cpu_destroy(SpaprIntc *intc, uint32_t cpu_index)
{
    xics_icp_destroy(xics_of(intc), cpu_index);
}

/* The machine layer has checked that @irqn is in range and claimed. */
static bool xics_set_irq(SpaprIntc *intc, uint32_t irqn, int level,
                         GError **errp)
{
    xics_ics_set_irq(xics_of(intc), irqn - XICS_OFFSET, level);
    return true;
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

    xics_fini(&s->x);
    g_free(s);
}

static const SpaprIntcOps xics_ops = {
    .name = "XICS",
    .kind = SPAPR_INTC_XICS,
    .claim = xics_claim,
    .free = xics_free,
    .cpu_create = xics_cpu_create,
    .cpu_destroy = xics_cpu_destroy,
    .save = xics_save,
    .load = xics_load,
    .destroy = xics_destroy,
    .set_irq = xics_set_irq,
    .hcall = xics_hcall,
    .rtas = xics_rtas,
    .dt = xics_dt,
    .print_info = xics_print_info,
    .reset = xics_reset,
};

SpaprIntc *spapr_xics_create(const SpaprIntcContext *ctx, GError **errp)
{
    SpaprXics *s = g_new0(SpaprXics, 1);

    s->parent.ops = &xics_ops;
    s->parent.ctx = ctx;
    xics_init(&s->x, ctx->cb, ctx->plan->topo.max_cpus,
              ctx->plan->topo.nr_servers);
    return &s->parent;
}
