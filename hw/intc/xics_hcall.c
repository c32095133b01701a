/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the XICS hcalls (H_CPPR, H_IPI, H_XIRR, H_XIRR_X, H_EOI,
 * H_IPOLL) on the model of xics.c: their table, the single truth for their
 * opcodes, argument counts and handlers, and the one dispatcher, shared by
 * the emulated controller (xics_spapr.c) and the simulated kernel's XICS
 * device (sim/xics_device.c), which handles the same calls inside the
 * "kernel".
 *
 * Guest input is checked here, before it reaches the model: an unknown
 * server, a priority above 0xff or a wrong argument count gets the PAPR
 * error (docs/specs/xics.md lists each case).  Nothing on these paths
 * allocates.
 */
#include "hw/intc/intc.h"
#include "hw/intc/xics.h"

/* ---- one handler per opcode (facts section 5) ---- */

static int64_t h_cppr(void *model, void *cpu, const uint64_t *args,
                      uint64_t *rets)
{
    Xics *x = model;
    XicsIcp *icp = cpu;

    if (args[0] > 0xff) {
        return SPAPR_H_PARAMETER;
    }
    xics_icp_set_cppr(x, icp, args[0]);
    return SPAPR_H_SUCCESS;
}

static int64_t h_ipi(void *model, void *cpu, const uint64_t *args,
                     uint64_t *rets)
{
    Xics *x = model;
    XicsIcp *target = xics_icp_by_server(x, args[0]);

    if (!target || args[1] > 0xff) {
        return SPAPR_H_PARAMETER;
    }
    xics_icp_set_mfrr(x, target, args[1]);
    return SPAPR_H_SUCCESS;
}

static int64_t h_xirr(void *model, void *cpu, const uint64_t *args,
                      uint64_t *rets)
{
    Xics *x = model;
    XicsIcp *icp = cpu;

    rets[0] = xics_icp_accept(x, icp);
    return SPAPR_H_SUCCESS;
}

static int64_t h_xirr_x(void *model, void *cpu, const uint64_t *args,
                        uint64_t *rets)
{
    Xics *x = model;
    XicsIcp *icp = cpu;
    const SpaprIrqCallbacks *cb = x->out.cb;

    rets[0] = xics_icp_accept(x, icp);
    rets[1] = cb->get_timebase ? cb->get_timebase(cb->opaque) : 0;
    return SPAPR_H_SUCCESS;
}

/*
 * H_EOI: the CPPR is restored from the XIRR's top byte in every case (as
 * QEMU and KVM do); an XISR that is neither 0, the IPI nor a claimed source
 * then answers SPAPR_H_PARAMETER, as KVM's XICS does.
 */
static int64_t h_eoi(void *model, void *cpu, const uint64_t *args,
                     uint64_t *rets)
{
    Xics *x = model;
    XicsIcp *icp = cpu;
    uint64_t xirr = args[0];
    uint32_t xisr = xirr & XICS_XISR_MASK;

    if (xirr > UINT32_MAX) {
        return SPAPR_H_PARAMETER;
    }
    xics_icp_eoi(x, icp, xirr);
    if (xisr != 0 && xisr != XICS_IPI && !xics_ics_valid_irq(x, xisr)) {
        return SPAPR_H_PARAMETER;
    }
    return SPAPR_H_SUCCESS;
}

static int64_t h_ipoll(void *model, void *cpu, const uint64_t *args,
                       uint64_t *rets)
{
    Xics *x = model;
    XicsIcp *target = xics_icp_by_server(x, args[0]);

    if (!target) {
        return SPAPR_H_PARAMETER;
    }
    rets[0] = target->xirr;
    rets[1] = target->mfrr;
    return SPAPR_H_SUCCESS;
}

const SpaprHcall xics_hcalls[] = {
    /* The two of every interrupt first: the tables are searched in
     * order. */
    {SPAPR_H_EOI, 1, h_eoi, SPAPR_HCALL_NO_TRACE},
    {SPAPR_H_XIRR, 0, h_xirr, SPAPR_HCALL_NO_TRACE},
    {SPAPR_H_CPPR, 1, h_cppr, SPAPR_HCALL_NO_TRACE},
    {SPAPR_H_IPI, 2, h_ipi, SPAPR_HCALL_NO_TRACE},
    {SPAPR_H_IPOLL, 1, h_ipoll, SPAPR_HCALL_NO_TRACE},
    {SPAPR_H_XIRR_X, 0, h_xirr_x, SPAPR_HCALL_NO_TRACE},
    {0, 0, NULL, SPAPR_HCALL_NO_TRACE},
};
