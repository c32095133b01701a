/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the PAPR hcalls and RTAS calls of XICS on the model of
 * xics.c, shared by the emulated controller (xics_spapr.c) and the
 * simulated kernel's XICS device (hw/ppc/spapr_host_sim_xics.c), which
 * handles the same calls inside the "kernel".
 *
 * Guest input is checked here, before it reaches the model: an unknown
 * server, an unclaimed or out-of-range IRQ, a priority above 0xff or a
 * wrong argument count gets the PAPR/RTAS error (docs/specs/xics.md lists
 * each case).  Nothing on these paths allocates.
 */
#include "hw/intc/spapr_intc.h"
#include "hw/intc/xics.h"

/* ---- hcalls (facts section 5), one handler per opcode ---- */

typedef int64_t (*XicsHcallFn)(Xics *x, XicsIcp *icp, const uint64_t *args,
                               uint64_t *rets);

static int64_t h_cppr(Xics *x, XicsIcp *icp, const uint64_t *args,
                      uint64_t *rets)
{
    if (args[0] > 0xff) {
        return H_PARAMETER;
    }
    xics_icp_set_cppr(x, icp, args[0]);
    return H_SUCCESS;
}

static int64_t h_ipi(Xics *x, XicsIcp *icp, const uint64_t *args,
                     uint64_t *rets)
{
    XicsIcp *target = xics_icp_by_server(x, args[0]);

    if (!target || args[1] > 0xff) {
        return H_PARAMETER;
    }
    xics_icp_set_mfrr(x, target, args[1]);
    return H_SUCCESS;
}

static int64_t h_xirr(Xics *x, XicsIcp *icp, const uint64_t *args,
                      uint64_t *rets)
{
    rets[0] = xics_icp_accept(x, icp);
    return H_SUCCESS;
}

static int64_t h_xirr_x(Xics *x, XicsIcp *icp, const uint64_t *args,
                        uint64_t *rets)
{
    const SpaprIrqCallbacks *cb = x->cb;

    rets[0] = xics_icp_accept(x, icp);
    rets[1] = cb->get_timebase ? cb->get_timebase(cb->opaque) : 0;
    return H_SUCCESS;
}

/*
 * H_EOI: the CPPR is restored from the XIRR's top byte in every case (as
 * QEMU and KVM do); an XISR that is neither 0, the IPI nor a claimed source
 * then answers H_PARAMETER, as KVM's XICS does.
 */
static int64_t h_eoi(Xics *x, XicsIcp *icp, const uint64_t *args,
                     uint64_t *rets)
{
    uint64_t xirr = args[0];
    uint32_t xisr = xirr & XICS_XISR_MASK;

    if (xirr > UINT32_MAX) {
        return H_PARAMETER;
    }
    xics_icp_eoi(x, icp, xirr);
    if (xisr != 0 && xisr != XICS_IPI && !xics_ics_valid_irq(x, xisr)) {
        return H_PARAMETER;
    }
    return H_SUCCESS;
}

static int64_t h_ipoll(Xics *x, XicsIcp *icp, const uint64_t *args,
                       uint64_t *rets)
{
    XicsIcp *target = xics_icp_by_server(x, args[0]);

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

bool xics_papr_is_hcall(uint64_t opcode)
{
    for (size_t i = 0; i < G_N_ELEMENTS(xics_hcalls); i++) {
        if (xics_hcalls[i].opcode == opcode) {
            return true;
        }
    }
    return false;
}

int64_t xics_papr_hcall(Xics *x, XicsIcp *icp, uint64_t opcode,
                        const uint64_t *args, size_t nargs, uint64_t *rets)
{
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
        return xics_hcalls[i].fn(x, icp, args, rets);
    }
    return H_FUNCTION;
}

/* ---- RTAS calls, one handler per token ---- */

typedef int32_t (*XicsRtasFn)(Xics *x, const uint32_t *args, uint32_t *rets);

static int32_t rtas_set_xive(Xics *x, const uint32_t *args, uint32_t *rets)
{
    uint32_t nr = args[0], server = args[1], priority = args[2];

    if (!xics_ics_valid_irq(x, nr) || !xics_icp_by_server(x, server) ||
        priority > 0xff) {
        return RTAS_OUT_PARAM_ERROR;
    }
    xics_ics_write_xive(x, nr - XICS_OFFSET, server, priority, priority);
    return RTAS_OUT_SUCCESS;
}

/* The source of a claimed @irq, or NULL: the RTAS calls' IRQ check. */
static const XicsSource *claimed_src(Xics *x, uint32_t irq)
{
    return xics_ics_valid_irq(x, irq) ? &x->srcs[irq - XICS_OFFSET] : NULL;
}

static int32_t rtas_get_xive(Xics *x, const uint32_t *args, uint32_t *rets)
{
    const XicsSource *src = claimed_src(x, args[0]);

    if (!src) {
        return RTAS_OUT_PARAM_ERROR;
    }
    rets[1] = src->server;
    rets[2] = src->priority;
    return RTAS_OUT_SUCCESS;
}

static int32_t rtas_int_off(Xics *x, const uint32_t *args, uint32_t *rets)
{
    const XicsSource *src = claimed_src(x, args[0]);

    if (!src) {
        return RTAS_OUT_PARAM_ERROR;
    }
    xics_ics_write_xive(x, args[0] - XICS_OFFSET, src->server, XICS_PRIO_MASKED,
                        src->priority);
    return RTAS_OUT_SUCCESS;
}

static int32_t rtas_int_on(Xics *x, const uint32_t *args, uint32_t *rets)
{
    const XicsSource *src = claimed_src(x, args[0]);

    if (!src) {
        return RTAS_OUT_PARAM_ERROR;
    }
    xics_ics_write_xive(x, args[0] - XICS_OFFSET, src->server,
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

void xics_papr_rtas(Xics *x, uint32_t token, uint32_t nargs,
                    const uint32_t *args, uint32_t nret, uint32_t *rets)
{
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
            status = xics_rtas_calls[i].fn(x, args, rets);
        }
        break;
    }
    rets[0] = (uint32_t)status;
}
