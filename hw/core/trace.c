/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: names and text of the trace events (QEMU's hw/intc/trace-events
 * formats, so that a QEMU trace log and ours compare line by line).
 */
#include <inttypes.h>
#include <string.h>

#include "spapr-irq/trace.h"

#include "hw/core/fail.h"

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
    [SPAPR_TRACE_SPAPR_XIVE_CLAIM_IRQ] = "spapr_xive_claim_irq",
    [SPAPR_TRACE_SPAPR_XIVE_FREE_IRQ] = "spapr_xive_free_irq",
    [SPAPR_TRACE_SPAPR_XIVE_SET_IRQ] = "spapr_xive_set_irq",
    [SPAPR_TRACE_SPAPR_XIVE_GET_SOURCE_INFO] = "spapr_xive_get_source_info",
    [SPAPR_TRACE_SPAPR_XIVE_SET_SOURCE_CONFIG] = "spapr_xive_set_source_config",
    [SPAPR_TRACE_SPAPR_XIVE_GET_SOURCE_CONFIG] = "spapr_xive_get_source_config",
    [SPAPR_TRACE_SPAPR_XIVE_GET_QUEUE_INFO] = "spapr_xive_get_queue_info",
    [SPAPR_TRACE_SPAPR_XIVE_SET_QUEUE_CONFIG] = "spapr_xive_set_queue_config",
    [SPAPR_TRACE_SPAPR_XIVE_GET_QUEUE_CONFIG] = "spapr_xive_get_queue_config",
    [SPAPR_TRACE_SPAPR_XIVE_SET_OS_REPORTING_LINE] =
        "spapr_xive_set_os_reporting_line",
    [SPAPR_TRACE_SPAPR_XIVE_GET_OS_REPORTING_LINE] =
        "spapr_xive_get_os_reporting_line",
    [SPAPR_TRACE_SPAPR_XIVE_ESB] = "spapr_xive_esb",
    [SPAPR_TRACE_SPAPR_XIVE_SYNC] = "spapr_xive_sync",
    [SPAPR_TRACE_SPAPR_XIVE_RESET] = "spapr_xive_reset",
    [SPAPR_TRACE_XIVE_SOURCE_ESB_READ] = "xive_source_esb_read",
    [SPAPR_TRACE_XIVE_SOURCE_ESB_WRITE] = "xive_source_esb_write",
    [SPAPR_TRACE_XIVE_ROUTER_END_NOTIFY] = "xive_router_end_notify",
    [SPAPR_TRACE_XIVE_PRESENTER_NOTIFY] = "xive_presenter_notify",
    [SPAPR_TRACE_XIVE_TCTX_ACCEPT] = "xive_tctx_accept",
    [SPAPR_TRACE_XIVE_TCTX_NOTIFY] = "xive_tctx_notify",
    [SPAPR_TRACE_XIVE_TCTX_SET_CPPR] = "xive_tctx_set_cppr",
    [SPAPR_TRACE_XIVE_TCTX_TM_READ] = "xive_tctx_tm_read",
    [SPAPR_TRACE_XIVE_TCTX_TM_WRITE] = "xive_tctx_tm_write",
};

/* The argument names of the sPAPR XIVE hcall events, NULL-ended: QEMU
 * prints each argument as "name=0x%" PRIx64. */
#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})
static const char *const *const xive_hcall_args[SPAPR_TRACE_COUNT] = {
    [SPAPR_TRACE_SPAPR_XIVE_GET_SOURCE_INFO] = ARGS("flags", "lisn"),
    [SPAPR_TRACE_SPAPR_XIVE_SET_SOURCE_CONFIG] =
        ARGS("flags", "lisn", "target", "priority", "eisn"),
    [SPAPR_TRACE_SPAPR_XIVE_GET_SOURCE_CONFIG] = ARGS("flags", "lisn"),
    [SPAPR_TRACE_SPAPR_XIVE_GET_QUEUE_INFO] =
        ARGS("flags", "target", "priority"),
    [SPAPR_TRACE_SPAPR_XIVE_SET_QUEUE_CONFIG] =
        ARGS("flags", "target", "priority", "qpage", "qsize"),
    [SPAPR_TRACE_SPAPR_XIVE_GET_QUEUE_CONFIG] =
        ARGS("flags", "target", "priority"),
    [SPAPR_TRACE_SPAPR_XIVE_SET_OS_REPORTING_LINE] = ARGS("flags"),
    [SPAPR_TRACE_SPAPR_XIVE_GET_OS_REPORTING_LINE] = ARGS("flags"),
    [SPAPR_TRACE_SPAPR_XIVE_ESB] = ARGS("flags", "lisn", "offset", "data"),
    [SPAPR_TRACE_SPAPR_XIVE_SYNC] = ARGS("flags", "lisn"),
    [SPAPR_TRACE_SPAPR_XIVE_RESET] = ARGS("flags"),
};

static void format_hcall_args(const char *const *names, const uint64_t *a,
                              GString *out)
{
    for (int i = 0; names[i]; i++) {
        g_string_append_printf(out, "%s%s=0x%" PRIx64, i ? " " : "", names[i],
                               a[i]);
    }
}

/* xive_tctx_accept / _notify / _set_cppr share their first fields. */
static void format_tctx(const uint64_t *a, const char *cppr_name, GString *out)
{
    g_string_append_printf(out,
                           "target=%d ring=0x%x IBP=0x%02x PIPR=0x%02x "
                           "%s=0x%02x NSR=0x%02x",
                           (int)a[0], (unsigned)a[1], (unsigned)(uint8_t)a[2],
                           (unsigned)(uint8_t)a[3], cppr_name,
                           (unsigned)(uint8_t)a[4], (unsigned)(uint8_t)a[5]);
}

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
    case SPAPR_TRACE_SPAPR_XIVE_CLAIM_IRQ:
        g_string_append_printf(out, "lisn=0x%x lsi=%d", (unsigned)a[0],
                               (int)a[1]);
        break;
    case SPAPR_TRACE_SPAPR_XIVE_FREE_IRQ:
        g_string_append_printf(out, "lisn=0x%x", (unsigned)a[0]);
        break;
    case SPAPR_TRACE_SPAPR_XIVE_SET_IRQ:
        g_string_append_printf(out, "lisn=0x%x val=%d", (unsigned)a[0],
                               (int)a[1]);
        break;
    case SPAPR_TRACE_SPAPR_XIVE_GET_SOURCE_INFO:
    case SPAPR_TRACE_SPAPR_XIVE_SET_SOURCE_CONFIG:
    case SPAPR_TRACE_SPAPR_XIVE_GET_SOURCE_CONFIG:
    case SPAPR_TRACE_SPAPR_XIVE_GET_QUEUE_INFO:
    case SPAPR_TRACE_SPAPR_XIVE_SET_QUEUE_CONFIG:
    case SPAPR_TRACE_SPAPR_XIVE_GET_QUEUE_CONFIG:
    case SPAPR_TRACE_SPAPR_XIVE_SET_OS_REPORTING_LINE:
    case SPAPR_TRACE_SPAPR_XIVE_GET_OS_REPORTING_LINE:
    case SPAPR_TRACE_SPAPR_XIVE_ESB:
    case SPAPR_TRACE_SPAPR_XIVE_SYNC:
    case SPAPR_TRACE_SPAPR_XIVE_RESET:
        format_hcall_args(xive_hcall_args[ev->id], a, out);
        break;
    case SPAPR_TRACE_XIVE_SOURCE_ESB_READ:
    case SPAPR_TRACE_XIVE_SOURCE_ESB_WRITE:
        g_string_append_printf(out, "@0x%" PRIx64 " IRQ 0x%x val=0x%" PRIx64,
                               a[0], (unsigned)a[1], a[2]);
        break;
    case SPAPR_TRACE_XIVE_ROUTER_END_NOTIFY:
        g_string_append_printf(out, "END 0x%02x/0x%04x -> enqueue 0x%08x",
                               (unsigned)a[0], (unsigned)a[1], (unsigned)a[2]);
        break;
    case SPAPR_TRACE_XIVE_PRESENTER_NOTIFY:
        g_string_append_printf(out, "found NVT 0x%x/0x%x ring=0x%x",
                               (unsigned)a[0], (unsigned)a[1], (unsigned)a[2]);
        break;
    case SPAPR_TRACE_XIVE_TCTX_ACCEPT:
        format_tctx(a, "CPPR", out);
        g_string_append(out, " ACK");
        break;
    case SPAPR_TRACE_XIVE_TCTX_NOTIFY:
        format_tctx(a, "CPPR", out);
        g_string_append(out, " raise !");
        break;
    case SPAPR_TRACE_XIVE_TCTX_SET_CPPR:
        format_tctx(a, "new CPPR", out);
        break;
    case SPAPR_TRACE_XIVE_TCTX_TM_READ:
    case SPAPR_TRACE_XIVE_TCTX_TM_WRITE:
        g_string_append_printf(out, "@0x%" PRIx64 " sz=%d val=0x%" PRIx64, a[0],
                               (int)a[1], a[2]);
        break;
    case SPAPR_TRACE_COUNT:
        break;
    }
}

bool spapr_irq_trace_pattern(bool on[SPAPR_TRACE_COUNT], const char *pattern,
                             GError **errp)
{
    bool enable = pattern[0] != '-';
    const char *glob = enable ? pattern : pattern + 1;
    bool matched = false;

    for (int id = 0; id < SPAPR_TRACE_COUNT; id++) {
        if (g_pattern_match_simple(glob, spapr_irq_trace_name(id))) {
            on[id] = enable;
            matched = true;
        }
    }
    if (!matched && !strpbrk(glob, "*?")) {
        /* QEMU's message (trace/control.c). */
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_INVALID_OPTION,
                              "trace event '%s' does not exist", glob);
    }
    return true;
}
