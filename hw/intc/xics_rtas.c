/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the XICS RTAS calls (ibm,set-xive, ibm,get-xive, ibm,int-on,
 * ibm,int-off) on the model of xics.c: their table, the single truth for
 * their names, tokens, argument and return counts and handlers.  The
 * emulated controller runs them (xics_spapr.c), the in-kernel backend
 * defines their tokens in the kernel (xics_kvm.c), the machine layer finds
 * them by name and token, and the simulated kernel handles the same calls
 * (sim/).
 *
 * Guest input is checked here, before it reaches the model: an IRQ out of
 * the source range (0x1000..0x1fff), an unknown server or a priority above
 * 0xff answers SPAPR_RTAS_OUT_PARAM_ERROR (docs/specs/xics.md).  As QEMU
 * 7.2's ics_valid_irq() checks the range only, an unclaimed IRQ in range is
 * acted on like a claimed one.  Nothing allocates.
 */
#include "hw/intc/intc.h"
#include "hw/intc/xics.h"

/* QEMU 7.2's ics_valid_irq(): the range only, claimed or not. */
static bool in_range(uint32_t irq)
{
    return irq >= XICS_OFFSET && irq - XICS_OFFSET < XICS_NR_SOURCES;
}

static int32_t rtas_set_xive(void *model, const uint32_t *args, uint32_t *rets)
{
    Xics *x = model;
    uint32_t nr = args[0], server = args[1], priority = args[2];

    if (!in_range(nr) || !xics_icp_by_server(x, server) || priority > 0xff) {
        return SPAPR_RTAS_OUT_PARAM_ERROR;
    }
    xics_ics_write_xive(x, nr - XICS_OFFSET, server, priority, priority);
    return SPAPR_RTAS_OUT_SUCCESS;
}

/* The source of @irq in range, claimed or not, or NULL: the RTAS calls'
 * IRQ check. */
static const XicsSource *range_src(Xics *x, uint32_t irq)
{
    return in_range(irq) ? &x->srcs[irq - XICS_OFFSET] : NULL;
}

static int32_t rtas_get_xive(void *model, const uint32_t *args, uint32_t *rets)
{
    const XicsSource *src = range_src(model, args[0]);

    if (!src) {
        return SPAPR_RTAS_OUT_PARAM_ERROR;
    }
    rets[1] = src->server;
    rets[2] = src->priority;
    return SPAPR_RTAS_OUT_SUCCESS;
}

static int32_t rtas_int_off(void *model, const uint32_t *args, uint32_t *rets)
{
    const XicsSource *src = range_src(model, args[0]);

    if (!src) {
        return SPAPR_RTAS_OUT_PARAM_ERROR;
    }
    xics_ics_write_xive(model, args[0] - XICS_OFFSET, src->server,
                        XICS_PRIO_MASKED, src->priority);
    return SPAPR_RTAS_OUT_SUCCESS;
}

static int32_t rtas_int_on(void *model, const uint32_t *args, uint32_t *rets)
{
    const XicsSource *src = range_src(model, args[0]);

    if (!src) {
        return SPAPR_RTAS_OUT_PARAM_ERROR;
    }
    xics_ics_write_xive(model, args[0] - XICS_OFFSET, src->server,
                        src->saved_priority, src->saved_priority);
    return SPAPR_RTAS_OUT_SUCCESS;
}

/* In QEMU's order of definition in the kernel (xics_kvm.c defines the
 * tokens in table order); the tokens are QEMU's numbers. */
const SpaprRtasCall xics_rtas_calls[] = {
    {"ibm,set-xive", 0x200A, 3, 1, rtas_set_xive},
    {"ibm,get-xive", 0x200B, 1, 3, rtas_get_xive},
    {"ibm,int-on", 0x200D, 1, 1, rtas_int_on},
    {"ibm,int-off", 0x200C, 1, 1, rtas_int_off},
    {NULL, 0, 0, 0, NULL},
};
