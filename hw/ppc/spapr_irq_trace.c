/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: names and text of the trace events (QEMU's hw/intc/trace-events
 * formats, so that a QEMU trace log and ours compare line by line).
 */
#include <inttypes.h>

#include "hw/ppc/spapr_irq_trace.h"

static const char *const trace_names[SPAPR_TRACE_COUNT] = {
    [SPAPR_TRACE_XICS_ICP_CHECK_IPI] = "xics_icp_check_ipi",
    [SPAPR_TRACE_XICS_ICP_ACCEPT] = "xics_icp_accept",
    [SPAPR_TRACE_XICS_ICP_EOI] = "xics_icp_eoi",
    [SPAPR_TRACE_XICS_ICP_IRQ] = "xics_icp_irq",
    [SPAPR_TRACE_XICS_ICP_RAISE] = "xics_icp_raise",
    [SPAPR_TRACE_XICS_ICS_SET_IRQ_MSI] = "xics_ics_set_irq_msi",
    [SPAPR_TRACE_XICS_MASKED_PENDING] = "xics_masked_pending",
    [SPAPR_TRACE_XICS_ICS_SET_IRQ_LSI] = "xics_ics_set_irq_lsi",
    [SPAPR_TRACE_XICS_ICS_WRITE_XIVE] = "xics_ics_write_xive",
    [SPAPR_TRACE_XICS_ICS_REJECT] = "xics_ics_reject",
    [SPAPR_TRACE_XICS_ICS_EOI] = "xics_ics_eoi",
};

const char *spapr_irq_trace_name(SpaprIrqTraceId id)
{
    return (unsigned)id < SPAPR_TRACE_COUNT ? trace_names[id] : NULL;
}

SpaprIrqTraceId spapr_irq_trace_lookup(const char *name)
{
    for (int id = 0; id < SPAPR_TRACE_COUNT; id++) {
        if (g_str_equal(trace_names[id], name)) {
            return id;
        }
    }
    return SPAPR_TRACE_COUNT;
}

void spapr_irq_trace_format(const SpaprIrqTraceEvent *ev, GString *out)
{
    const uint64_t *a = ev->a;
    const char *name = spapr_irq_trace_name(ev->id);

    if (!name) {
        g_string_append_printf(out, "unknown_event_%d", (int)ev->id);
        return;
    }
    g_string_append_printf(out, "%s ", name);
    switch (ev->id) {
    case SPAPR_TRACE_XICS_ICP_CHECK_IPI:
        g_string_append_printf(out, "CPU %d can take IPI mfrr=0x%x", (int)a[0],
                               (unsigned)a[1]);
        break;
    case SPAPR_TRACE_XICS_ICP_ACCEPT:
        g_string_append_printf(out,
                               "icp_accept: XIRR 0x%" PRIx32 "->0x%" PRIx32,
                               (uint32_t)a[0], (uint32_t)a[1]);
        break;
    case SPAPR_TRACE_XICS_ICP_EOI:
        g_string_append_printf(out,
                               "icp_eoi: server %d given XIRR 0x%" PRIx32
                               " new XIRR 0x%" PRIx32,
                               (int)a[0], (uint32_t)a[1], (uint32_t)a[2]);
        break;
    case SPAPR_TRACE_XICS_ICP_IRQ:
        g_string_append_printf(
            out, "cpu %d trying to deliver irq 0x%" PRIx32 " priority 0x%x",
            (int)a[0], (uint32_t)a[1], (unsigned)a[2]);
        break;
    case SPAPR_TRACE_XICS_ICP_RAISE:
        g_string_append_printf(
            out, "raising IRQ new XIRR=0x%x new pending priority=0x%x",
            (unsigned)a[0], (unsigned)a[1]);
        break;
    case SPAPR_TRACE_XICS_ICS_SET_IRQ_MSI:
        g_string_append_printf(out, "set_irq_msi: srcno %d [irq 0x%x]",
                               (int)a[0], (unsigned)a[1]);
        break;
    case SPAPR_TRACE_XICS_MASKED_PENDING:
        g_string_append(out, "set_irq_msi: masked pending");
        break;
    case SPAPR_TRACE_XICS_ICS_SET_IRQ_LSI:
        g_string_append_printf(out, "set_irq_lsi: srcno %d [irq 0x%x]",
                               (int)a[0], (unsigned)a[1]);
        break;
    case SPAPR_TRACE_XICS_ICS_WRITE_XIVE:
        g_string_append_printf(
            out, "ics_write_xive: irq 0x%x [src %d] server 0x%x prio 0x%x",
            (unsigned)a[0], (int)a[1], (unsigned)a[2], (unsigned)a[3]);
        break;
    case SPAPR_TRACE_XICS_ICS_REJECT:
        g_string_append_printf(out, "reject irq 0x%x [src %d]", (unsigned)a[0],
                               (int)a[1]);
        break;
    case SPAPR_TRACE_XICS_ICS_EOI:
        g_string_append_printf(out, "ics_eoi: irq 0x%x", (unsigned)a[0]);
        break;
    case SPAPR_TRACE_COUNT:
        break;
    }
}
