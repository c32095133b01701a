/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the sPAPR XIVE controller: the XIVE model (hw/intc/xive.c)
 * behind the controller ops table, with the sPAPR hcalls, the ESB and
 * TIMA MMIO dispatch, the device tree and `info pic` (facts sections 6, 7;
 * docs/specs/xive.md).  Saved state: spapr_xive_state.c.
 *
 * Every guest input is checked here before the model sees it; an invalid
 * one gets the PAPR error QEMU 7.2 gives (or, where QEMU does not check,
 * the one docs/specs/xive.md lists), never an abort.
 */
#include <libfdt.h>

#include "hw/intc/spapr_xive.h"
#include "hw/ppc/spapr_irq_dt.h"
#include "hw/ppc/spapr_irq_fail.h"

#define TIMA_PAGE_SIZE 0x10000ull
#define TIMA_OS_PAGE   (SPAPR_XIVE_TIMA_BASE + 2 * TIMA_PAGE_SIZE)
#define TIMA_USER_PAGE (SPAPR_XIVE_TIMA_BASE + 3 * TIMA_PAGE_SIZE)
/* Priorities the guest may use: 0..6; 7 and up are reserved. */
#define XIVE_RESERVED_PRIO_FIRST 7
#define XIVE_RESERVED_PRIO_COUNT 0xf8

/* Hcall flags (IBM bit numbers of a 64-bit register). */
#define SRC_INFO_H_INT_ESB PPC_BIT(60)
#define SRC_INFO_LSI       PPC_BIT(61)
#define SRC_INFO_TRIGGER   PPC_BIT(62)
#define SRC_INFO_STORE_EOI PPC_BIT(63)
#define SRC_SET_EISN       PPC_BIT(62)
#define SRC_MASK           PPC_BIT(63)
#define END_ALWAYS_NOTIFY  PPC_BIT(63)
#define END_DEBUG          PPC_BIT(63)
#define ESB_STORE          PPC_BIT(63)

/* ---- argument checks ---- */

static bool prio_is_reserved(uint64_t prio)
{
    return prio >= XIVE_RESERVED_PRIO_FIRST;
}

/* The LISN is in range and claimed (its EAS is valid). */
static bool lisn_ok(const Xive *x, uint64_t lisn)
{
    return lisn < XIVE_NR_IRQS && xive_eas_is_valid(x->eat[lisn]);
}

/* The target is the server of a present vCPU. */
static bool target_ok(const Xive *x, uint64_t target)
{
    return target < x->nr_servers && x->server_to_cpu[target] >= 0;
}

static uint32_t end_index(uint64_t target, uint64_t prio)
{
    return (uint32_t)target * (XIVE_PRIORITY_MAX + 1) + (uint32_t)prio;
}

static uint64_t esb_page(uint32_t lisn)
{
    return SPAPR_XIVE_ESB_BASE + ((uint64_t)lisn << XIVE_ESB_SHIFT);
}

/* Whether the controller runs in the kernel (spapr_xive_kvm.c). */
static bool in_kernel(Xive *x)
{
    return spapr_xive_of_model(x)->kvm.in_kernel;
}

/* ---- hcalls (a[] holds the arguments, zero-padded) ---- */

static int64_t h_get_source_info(Xive *x, const uint64_t *a, uint64_t *rets)
{
    uint64_t lisn = a[1];

    if (a[0]) {
        return H_PARAMETER;
    }
    if (!lisn_ok(x, lisn)) {
        return H_P2;
    }
    rets[0] = x->store_eoi ? SRC_INFO_STORE_EOI : 0;
    if (xive_source_is_lsi(x, lisn)) {
        /* LSIs are managed through H_INT_ESB (re-trigger at EOI). */
        rets[0] |= SRC_INFO_H_INT_ESB | SRC_INFO_LSI;
        rets[1] = UINT64_MAX;
        rets[2] = UINT64_MAX;
    } else {
        rets[1] = esb_page(lisn) + XIVE_ESB_PAGE_SIZE;
        rets[2] = esb_page(lisn);
    }
    rets[3] = XIVE_ESB_SHIFT - 1;
    return H_SUCCESS;
}

static int64_t h_set_source_config(Xive *x, const uint64_t *a, uint64_t *rets)
{
    uint64_t flags = a[0], lisn = a[1], target = a[2], prio = a[3];
    uint64_t eas;

    if (flags & ~(SRC_SET_EISN | SRC_MASK)) {
        return H_PARAMETER;
    }
    if (!lisn_ok(x, lisn)) {
        return H_P2;
    }
    if (prio == 0xff) {
        eas = EAS_VALID | EAS_MASKED; /* reset the EAS */
        goto out;
    }
    if (prio_is_reserved(prio)) {
        return H_P4;
    }
    if (!target_ok(x, target)) {
        return H_P3;
    }
    eas = x->eat[lisn];
    eas = flags & SRC_MASK ? eas | EAS_MASKED : eas & ~EAS_MASKED;
    eas = xive_set_field64(EAS_END_BLOCK, eas, XIVE_BLOCK_ID);
    eas = xive_set_field64(EAS_END_INDEX, eas, end_index(target, prio));
    if (flags & SRC_SET_EISN) {
        eas = xive_set_field64(EAS_END_DATA, eas, a[4]); /* 31 bits kept */
    }
out:
    /* In the kernel: programmed there first, as QEMU does. */
    if (in_kernel(x) &&
        !spapr_xive_kvm_set_source_config(spapr_xive_of_model(x), lisn, eas)) {
        return H_HARDWARE;
    }
    x->eat[lisn] = eas;
    return H_SUCCESS;
}

static int64_t h_get_source_config(Xive *x, const uint64_t *a, uint64_t *rets)
{
    uint64_t lisn = a[1], eas;
    uint32_t end_idx;

    if (a[0]) {
        return H_PARAMETER;
    }
    if (!lisn_ok(x, lisn)) {
        return H_P2;
    }
    eas = x->eat[lisn];
    end_idx = xive_get_field64(EAS_END_INDEX, eas);
    rets[0] = end_idx / (XIVE_PRIORITY_MAX + 1);
    rets[1] =
        xive_eas_is_masked(eas) ? 0xff : end_idx % (XIVE_PRIORITY_MAX + 1);
    rets[2] = xive_get_field64(EAS_END_DATA, eas);
    return H_SUCCESS;
}

/* Checks of the three queue hcalls: priority, then target. */
static int64_t check_queue_args(const Xive *x, uint64_t target, uint64_t prio)
{
    if (prio_is_reserved(prio)) {
        return H_P3;
    }
    if (!target_ok(x, target)) {
        return H_P2;
    }
    return H_SUCCESS;
}

static bool end_enqueues(const XiveEnd *end)
{
    return end->w[0] & END_W0_ENQUEUE;
}

static int64_t h_get_queue_info(Xive *x, const uint64_t *a, uint64_t *rets)
{
    int64_t rc;
    uint32_t end_idx;
    const XiveEnd *end;

    if (a[0]) {
        return H_PARAMETER;
    }
    if ((rc = check_queue_args(x, a[1], a[2])) != H_SUCCESS) {
        return rc;
    }
    end_idx = end_index(a[1], a[2]);
    end = &x->endt[end_idx];
    rets[0] =
        SPAPR_XIVE_END_BASE + ((uint64_t)end_idx << SPAPR_XIVE_END_ESB_SHIFT);
    rets[1] =
        end_enqueues(end) ? xive_get_field32(END_W0_QSIZE, end->w[0]) + 12 : 0;
    return H_SUCCESS;
}

/* The whole queue must be guest RAM: its first and last words are read
 * through the VMM's callback (nothing is allocated). */
static bool queue_in_ram(const Xive *x, uint64_t qpage, uint64_t qsize)
{
    uint32_t probe;
    uint64_t last = qpage + (UINT64_C(1) << qsize) - sizeof(probe);

    return x->cb->mem_read && x->cb->mem_write &&
           x->cb->mem_read(x->cb->opaque, qpage, &probe, sizeof(probe)) &&
           x->cb->mem_read(x->cb->opaque, last, &probe, sizeof(probe));
}

static int64_t h_set_queue_config(Xive *x, const uint64_t *a, uint64_t *rets)
{
    uint64_t flags = a[0], target = a[1], prio = a[2];
    uint64_t qpage = a[3], qsize = a[4];
    XiveEnd end;
    int64_t rc;

    if (flags & ~END_ALWAYS_NOTIFY) {
        return H_PARAMETER;
    }
    if ((rc = check_queue_args(x, target, prio)) != H_SUCCESS) {
        return rc;
    }
    switch (qsize) {
    case 0: /* reset the queue and stop queueing */
        xive_end_reset(&end);
        goto out;
    case 12:
    case 16:
    case 21:
    case 24:
        break;
    default:
        return H_P5;
    }
    if ((qpage & ((UINT64_C(1) << qsize) - 1)) || (qpage >> 60) ||
        !queue_in_ram(x, qpage, qsize)) {
        return H_P4;
    }
    xive_end_reset(&end);
    end.w[0] = END_W0_VALID | END_W0_ENQUEUE |
               xive_set_field32(END_W0_QSIZE, 0, qsize - 12);
    if (flags & END_ALWAYS_NOTIFY) {
        end.w[0] |= END_W0_UCOND_NOTIFY;
    }
    /* The generation starts at 1, the offset at 0 (ESn/ESe cleared). */
    end.w[1] = END_W1_GENERATION;
    end.w[2] = xive_set_field32(END_W2_OP_DESC_HI, 0, qpage >> 32);
    end.w[3] = (uint32_t)qpage;
    end.w[6] = xive_set_field32(END_W6_NVT_BLOCK, 0, XIVE_BLOCK_ID) |
               xive_set_field32(END_W6_NVT_INDEX, 0, XIVE_NVT_BASE + target);
    end.w[7] = xive_set_field32(END_W7_F0_PRIORITY, 0, prio);
out:
    if (in_kernel(x) &&
        !spapr_xive_kvm_set_queue_config(spapr_xive_of_model(x),
                                         end_index(target, prio), &end)) {
        return H_HARDWARE;
    }
    x->endt[end_index(target, prio)] = end;
    return H_SUCCESS;
}

static int64_t h_get_queue_config(Xive *x, const uint64_t *a, uint64_t *rets)
{
    XiveEnd *end;
    int64_t rc;

    if (a[0] & ~END_DEBUG) {
        return H_PARAMETER;
    }
    if ((rc = check_queue_args(x, a[1], a[2])) != H_SUCCESS) {
        return rc;
    }
    end = &x->endt[end_index(a[1], a[2])];
    /* The queue's position is the kernel's. */
    if (in_kernel(x) && (end->w[0] & END_W0_VALID) &&
        !spapr_xive_kvm_get_queue_config(spapr_xive_of_model(x),
                                         end_index(a[1], a[2]), end)) {
        return H_HARDWARE;
    }
    rets[0] = end->w[0] & END_W0_UCOND_NOTIFY ? END_ALWAYS_NOTIFY : 0;
    rets[1] = end_enqueues(end) ? xive_end_qaddr(end) : 0;
    rets[2] =
        end_enqueues(end) ? xive_get_field32(END_W0_QSIZE, end->w[0]) + 12 : 0;
    rets[3] = 0;
    if (a[0] & END_DEBUG) {
        rets[0] |= (uint64_t)xive_get_field32(END_W1_GENERATION, end->w[1])
                   << 62;
        rets[3] = xive_get_field32(END_W1_PAGE_OFF, end->w[1]);
    }
    return H_SUCCESS;
}

static int64_t h_os_reporting_line(Xive *x, const uint64_t *a, uint64_t *rets)
{
    return H_FUNCTION; /* as QEMU: not supported */
}

static int64_t h_esb(Xive *x, const uint64_t *a, uint64_t *rets)
{
    uint64_t flags = a[0], lisn = a[1], offset = a[2];
    uint64_t mmio;

    if (flags & ~ESB_STORE) {
        return H_PARAMETER;
    }
    if (!lisn_ok(x, lisn)) {
        return H_P2;
    }
    if (offset >= XIVE_ESB_PAGE_SIZE) {
        return H_P3;
    }
    if (in_kernel(x)) {
        rets[0] = spapr_xive_kvm_esb_rw(spapr_xive_of_model(x), lisn, offset,
                                        a[3], flags & ESB_STORE);
        return H_SUCCESS;
    }
    /* An access to the management page, as if the guest made it. */
    mmio = ((uint64_t)lisn << XIVE_ESB_SHIFT) + XIVE_ESB_PAGE_SIZE + offset;
    if (flags & ESB_STORE) {
        xive_esb_write(x, mmio, a[3]);
        rets[0] = UINT64_MAX;
    } else if (!xive_esb_read(x, mmio, &rets[0])) {
        rets[0] = UINT64_MAX;
    }
    return H_SUCCESS;
}

static int64_t h_sync(Xive *x, const uint64_t *a, uint64_t *rets)
{
    if (a[0]) {
        return H_PARAMETER;
    }
    if (!lisn_ok(x, a[1])) {
        return H_P2;
    }
    if (in_kernel(x) &&
        !spapr_xive_kvm_sync_source(spapr_xive_of_model(x), a[1])) {
        return H_HARDWARE;
    }
    return H_SUCCESS; /* emulated: events are delivered synchronously */
}

static int64_t h_reset(Xive *x, const uint64_t *a, uint64_t *rets)
{
    if (a[0]) {
        return H_PARAMETER;
    }
    xive_source_reset(x);
    xive_router_reset(x);
    if (in_kernel(x) && !spapr_xive_kvm_reset(spapr_xive_of_model(x))) {
        return H_HARDWARE;
    }
    return H_SUCCESS;
}

#define XIVE_HCALL_MAX_ARGS 5

typedef int64_t (*XiveHcallFn)(Xive *x, const uint64_t *a, uint64_t *rets);

static const struct {
    uint64_t opcode;
    size_t nargs;
    SpaprIrqTraceId trace;
    XiveHcallFn fn;
} xive_hcalls[] = {
    {H_INT_GET_SOURCE_INFO, 2, SPAPR_TRACE_SPAPR_XIVE_GET_SOURCE_INFO,
     h_get_source_info},
    {H_INT_SET_SOURCE_CONFIG, 5, SPAPR_TRACE_SPAPR_XIVE_SET_SOURCE_CONFIG,
     h_set_source_config},
    {H_INT_GET_SOURCE_CONFIG, 2, SPAPR_TRACE_SPAPR_XIVE_GET_SOURCE_CONFIG,
     h_get_source_config},
    {H_INT_GET_QUEUE_INFO, 3, SPAPR_TRACE_SPAPR_XIVE_GET_QUEUE_INFO,
     h_get_queue_info},
    {H_INT_SET_QUEUE_CONFIG, 5, SPAPR_TRACE_SPAPR_XIVE_SET_QUEUE_CONFIG,
     h_set_queue_config},
    {H_INT_GET_QUEUE_CONFIG, 3, SPAPR_TRACE_SPAPR_XIVE_GET_QUEUE_CONFIG,
     h_get_queue_config},
    {H_INT_SET_OS_REPORTING_LINE, 0,
     SPAPR_TRACE_SPAPR_XIVE_SET_OS_REPORTING_LINE, h_os_reporting_line},
    {H_INT_GET_OS_REPORTING_LINE, 0,
     SPAPR_TRACE_SPAPR_XIVE_GET_OS_REPORTING_LINE, h_os_reporting_line},
    {H_INT_ESB, 4, SPAPR_TRACE_SPAPR_XIVE_ESB, h_esb},
    {H_INT_SYNC, 2, SPAPR_TRACE_SPAPR_XIVE_SYNC, h_sync},
    {H_INT_RESET, 1, SPAPR_TRACE_SPAPR_XIVE_RESET, h_reset},
};

/* QEMU traces each hcall with its arguments on entry, then checks them;
 * so do we.  Missing arguments are H_PARAMETER (QEMU cannot have any).
 * The machine layer has checked that @cpu_index is a present vCPU. */
static int64_t xive_hcall(SpaprIntc *intc, uint32_t cpu_index, uint64_t opcode,
                          const uint64_t *args, size_t nargs, uint64_t *rets)
{
    Xive *x = spapr_xive_model(intc);
    uint64_t a[XIVE_HCALL_MAX_ARGS] = {0};

    for (size_t i = 0; i < G_N_ELEMENTS(xive_hcalls); i++) {
        if (xive_hcalls[i].opcode != opcode) {
            continue;
        }
        for (size_t k = 0; k < MIN(nargs, xive_hcalls[i].nargs); k++) {
            a[k] = args[k];
        }
        xive_trace(x, xive_hcalls[i].trace, a[0], a[1], a[2], a[3], a[4], 0);
        if (nargs < xive_hcalls[i].nargs) {
            return H_PARAMETER;
        }
        return xive_hcalls[i].fn(x, a, rets);
    }
    return H_FUNCTION;
}

/* ---- MMIO: the ESB pages and the TIMA ---- */

static bool esb_offset(uint64_t addr, uint64_t *offset)
{
    *offset = addr - SPAPR_XIVE_ESB_BASE;
    return addr >= SPAPR_XIVE_ESB_BASE &&
           *offset < ((uint64_t)XIVE_NR_IRQS << XIVE_ESB_SHIFT);
}

static bool tima_offset(uint64_t addr, uint64_t *offset)
{
    *offset = addr - SPAPR_XIVE_TIMA_BASE;
    return addr >= SPAPR_XIVE_TIMA_BASE && *offset < XIVE_TM_SIZE;
}

static bool size_ok(unsigned size)
{
    return size == 1 || size == 2 || size == 4 || size == 8;
}

static bool xive_mmio_read(SpaprIntc *intc, uint32_t cpu_index, uint64_t addr,
                           unsigned size, uint64_t *valp)
{
    Xive *x = spapr_xive_model(intc);
    uint64_t offset;
    XiveTctx *t;

    *valp = UINT64_MAX;
    if (in_kernel(x)) {
        bool tima = tima_offset(addr, &offset);

        if (!tima && !esb_offset(addr, &offset)) {
            return false;
        }
        if (!size_ok(size) ||
            !spapr_xive_kvm_mmio((SpaprXive *)intc, cpu_index, tima, offset,
                                 size, false, valp)) {
            *valp = UINT64_MAX;
        }
        return true;
    }
    if (esb_offset(addr, &offset)) {
        if (size_ok(size) && !xive_esb_read(x, offset, valp)) {
            *valp = UINT64_MAX;
        }
        return true;
    }
    if (tima_offset(addr, &offset)) {
        t = xive_tctx_by_cpu(x, cpu_index);
        if (size_ok(size) && t) {
            *valp = xive_tm_read(x, t, offset, size);
        }
        return true;
    }
    return false;
}

static bool xive_mmio_write(SpaprIntc *intc, uint32_t cpu_index, uint64_t addr,
                            unsigned size, uint64_t val)
{
    Xive *x = spapr_xive_model(intc);
    uint64_t offset;
    XiveTctx *t;

    if (in_kernel(x)) {
        bool tima = tima_offset(addr, &offset);

        if (!tima && !esb_offset(addr, &offset)) {
            return false;
        }
        if (size_ok(size)) {
            spapr_xive_kvm_mmio((SpaprXive *)intc, cpu_index, tima, offset,
                                size, true, &val);
        }
        return true;
    }
    if (esb_offset(addr, &offset)) {
        if (size_ok(size)) {
            xive_esb_write(x, offset, val);
        }
        return true;
    }
    if (tima_offset(addr, &offset)) {
        t = xive_tctx_by_cpu(x, cpu_index);
        if (size_ok(size) && t) {
            xive_tm_write(x, t, offset, val, size);
        }
        return true;
    }
    return false;
}

/* ---- the machine's fan-out calls ---- */

static bool xive_claim(SpaprIntc *intc, uint32_t irqn, bool lsi, GError **errp)
{
    Xive *x = spapr_xive_model(intc);

    xive_trace(x, SPAPR_TRACE_SPAPR_XIVE_CLAIM_IRQ, irqn, lsi, 0, 0, 0, 0);
    xive_source_claim(x, irqn, lsi);
    return true;
}

static void xive_free(SpaprIntc *intc, uint32_t irqn)
{
    Xive *x = spapr_xive_model(intc);

    xive_trace(x, SPAPR_TRACE_SPAPR_XIVE_FREE_IRQ, irqn, 0, 0, 0, 0, 0);
    xive_source_free(x, irqn);
}

static bool xive_cpu_create(SpaprIntc *intc, uint32_t cpu_index,
                            uint32_t vcpu_id, int vcpu_fd, GError **errp)
{
    if (!xive_tctx_create(spapr_xive_model(intc), cpu_index, vcpu_id)) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_BUSY,
                              "XIVE: cannot create the thread context of CPU "
                              "%u (server %u): taken or out of range",
                              cpu_index, vcpu_id);
    }
    ((SpaprXive *)intc)->kvm.vcpu_fd[cpu_index] = vcpu_fd;
    return true;
}

static void xive_cpu_destroy(SpaprIntc *intc, uint32_t cpu_index)
{
    SpaprXive *s = (SpaprXive *)intc;

    xive_tctx_destroy(spapr_xive_model(intc), cpu_index);
    if (cpu_index < s->x.max_cpus) {
        s->kvm.vcpu_fd[cpu_index] = -1;
    }
}

/* The machine layer has checked that @irqn is in range and claimed. */
static bool xive_set_irq(SpaprIntc *intc, uint32_t irqn, int level,
                         GError **errp)
{
    Xive *x = spapr_xive_model(intc);

    xive_trace(x, SPAPR_TRACE_SPAPR_XIVE_SET_IRQ, irqn, level, 0, 0, 0, 0);
    if (in_kernel(x)) {
        return spapr_xive_kvm_set_irq((SpaprXive *)intc, irqn, level, errp);
    }
    xive_source_set_irq(x, irqn, level);
    return true;
}

/* Machine reset: sources off, EASs masked, ENDs and thread contexts reset;
 * claims stay. */
static bool xive_reset(SpaprIntc *intc, GError **errp)
{
    Xive *x = spapr_xive_model(intc);

    xive_source_reset(x);
    xive_router_reset(x);
    for (uint32_t c = 0; c < x->max_cpus; c++) {
        XiveTctx *t = xive_tctx_by_cpu(x, c);

        if (t) {
            xive_tctx_reset(x, t);
        }
    }
    return true;
}

/* ---- device tree (facts section 7) ---- */

/*
 * The XIVE node as QEMU's spapr_xive_dt() writes it (facts section 7):
 * interrupt-controller@<TIMA user page>, the TIMA user and OS pages in reg,
 * 64 KiB queues, one LISN per server for the IPIs; and in the root the
 * priorities the platform keeps for itself.
 */
static bool xive_dt(SpaprIntc *intc, void *fdt, uint32_t phandle, GError **errp)
{
    const SpaprIrqPlan *plan = intc->ctx->plan;
    uint64_t reg[4] = {cpu_to_fdt64(TIMA_USER_PAGE),
                       cpu_to_fdt64(TIMA_PAGE_SIZE), cpu_to_fdt64(TIMA_OS_PAGE),
                       cpu_to_fdt64(TIMA_PAGE_SIZE)};
    uint32_t eq_sizes[1] = {cpu_to_fdt32(16)};
    uint32_t lisns[2] = {cpu_to_fdt32(0), cpu_to_fdt32(plan->topo.nr_servers)};
    uint32_t reserved[2] = {cpu_to_fdt32(XIVE_RESERVED_PRIO_FIRST),
                            cpu_to_fdt32(XIVE_RESERVED_PRIO_COUNT)};
    g_autofree char *name =
        g_strdup_printf("interrupt-controller@%" G_GINT64_MODIFIER "x",
                        (guint64)TIMA_USER_PAGE);
    int node = fdt_add_subnode(fdt, 0, name);
    int ret;

    if (node < 0) {
        return spapr_irq_fdt_fail(errp, node, "the XIVE node");
    }
    if ((ret = fdt_setprop_string(fdt, node, "device_type", "power-ivpe")) <
            0 ||
        (ret = fdt_setprop(fdt, node, "reg", reg, sizeof(reg))) < 0 ||
        (ret = fdt_setprop_string(fdt, node, "compatible", "ibm,power-ivpe")) <
            0 ||
        (ret = fdt_setprop(fdt, node, "ibm,xive-eq-sizes", eq_sizes,
                           sizeof(eq_sizes))) < 0 ||
        (ret = fdt_setprop(fdt, node, "ibm,xive-lisn-ranges", lisns,
                           sizeof(lisns))) < 0 ||
        (ret = fdt_setprop_empty(fdt, node, "interrupt-controller")) < 0 ||
        (ret = fdt_setprop_u32(fdt, node, "#interrupt-cells", 2)) < 0 ||
        (ret = fdt_setprop_u32(fdt, node, "linux,phandle", phandle)) < 0 ||
        (ret = fdt_setprop_u32(fdt, node, "phandle", phandle)) < 0) {
        return spapr_irq_fdt_fail(errp, ret, "the XIVE node");
    }
    ret = fdt_setprop(fdt, 0, "ibm,plat-res-int-priorities", reserved,
                      sizeof(reserved));
    if (ret < 0) {
        return spapr_irq_fdt_fail(errp, ret, "ibm,plat-res-int-priorities");
    }
    return true;
}

/* ---- `info pic` ---- */

static void print_end(GString *out, const Xive *x, uint32_t end_idx)
{
    const XiveEnd *end = &x->endt[end_idx];

    g_string_append_printf(
        out,
        "    END %04x server %u prio %u %s%s queue @0x%" G_GINT64_MODIFIER
        "x %u/%u gen %u\n",
        end_idx, end_idx / (XIVE_PRIORITY_MAX + 1),
        end_idx % (XIVE_PRIORITY_MAX + 1), end_enqueues(end) ? "enqueue" : "-",
        end->w[0] & END_W0_UCOND_NOTIFY ? " always-notify" : "",
        (guint64)xive_end_qaddr(end),
        xive_get_field32(END_W1_PAGE_OFF, end->w[1]),
        end_enqueues(end) ? xive_end_qentries(end) : 0,
        xive_get_field32(END_W1_GENERATION, end->w[1]));
}

static void xive_print_info(SpaprIntc *intc, GString *out)
{
    SpaprXive *sx = (SpaprXive *)intc;

    if (sx->kvm.in_kernel) {
        g_string_append_printf(out,
                               "XIVE backend: in-kernel (KVM XIVE device, fd "
                               "%d); PQ bits, queue positions and thread "
                               "contexts below were read back from the "
                               "kernel\n",
                               sx->kvm.fd);
    } else {
        g_string_append(out, "XIVE backend: emulated\n");
    }
    Xive *x = spapr_xive_model(intc);
    static const char *const ring_names[] = {"USER", "OS", "POOL", "PHYS"};

    g_string_append_printf(out,
                           "XIVE: %u servers, %u ENDs, store-EOI %s, thread "
                           "contexts looked up %" G_GUINT64_FORMAT "\n",
                           x->nr_servers, x->nr_ends,
                           x->store_eoi ? "on" : "off", x->tctx_visits);
    for (uint32_t c = 0; c < x->max_cpus; c++) {
        const XiveTctx *t = xive_tctx_by_cpu(x, c);

        if (!t) {
            continue;
        }
        g_string_append_printf(out,
                               "  CPU %u (server %u) line %s\n"
                               "    QW    NSR CPPR IPB LSMFB ACK# INC AGE PIPR "
                               "W2\n",
                               c, t->server, t->output ? "up" : "down");
        for (unsigned ring = 0; ring < 4; ring++) {
            const uint8_t *r = &t->regs[ring * 0x10];

            g_string_append_printf(
                out,
                "    %-4s   %02x   %02x  %02x    %02x   %02x  %02x  %02x   "
                "%02x "
                "%02x%02x%02x%02x\n",
                ring_names[ring], r[TM_NSR], r[TM_CPPR], r[TM_IPB], r[TM_LSMFB],
                r[TM_ACK_CNT], r[TM_INC], r[TM_AGE], r[TM_PIPR], r[TM_WORD2],
                r[TM_WORD2 + 1], r[TM_WORD2 + 2], r[TM_WORD2 + 3]);
        }
    }
    g_string_append(out, "  LISN     kind PQ A EAS       END   EISN\n");
    for (uint32_t i = 0; i < XIVE_NR_IRQS; i++) {
        uint64_t eas = x->eat[i];
        uint8_t pq = xive_source_pq(x, i);
        uint32_t end_idx = xive_get_field64(EAS_END_INDEX, eas);

        if (!xive_eas_is_valid(eas)) {
            continue;
        }
        g_string_append_printf(
            out, "  %08x %s  %c%c %c %s %04x  %08x\n", i,
            xive_source_is_lsi(x, i) ? "LSI" : "MSI",
            pq & XIVE_ESB_VAL_P ? 'P' : '-', pq & XIVE_ESB_VAL_Q ? 'Q' : '-',
            x->status[i] & XIVE_STATUS_ASSERTED ? 'A' : '-',
            xive_eas_is_masked(eas) ? "masked   " : "valid    ", end_idx,
            (uint32_t)xive_get_field64(EAS_END_DATA, eas));
    }
    g_string_append(out, "  ENDs in use:\n");
    for (uint32_t e = 0; e < x->nr_ends; e++) {
        if (x->endt[e].w[0] & END_W0_VALID) {
            print_end(out, x, e);
        }
    }
}

/* ---- lifetime ---- */

/* ---- the in-kernel backend (spapr_xive_kvm.c) ---- */

static bool xive_activate(SpaprIntc *intc, SpaprIntcImpl impl, GError **errp)
{
    SpaprXive *s = (SpaprXive *)intc;

    if (impl == SPAPR_INTC_IMPL_KVM) {
        if (!spapr_xive_kvm_connect(s, errp)) {
            return false;
        }
        s->kvm.in_kernel = true;
        return true;
    }
    if (s->kvm.in_kernel) {
        /* Back from the kernel: the model drives the lines again. */
        s->kvm.in_kernel = false;
        for (uint32_t c = 0; c < s->x.max_cpus; c++) {
            XiveTctx *t = xive_tctx_by_cpu(&s->x, c);

            if (t) {
                xive_tctx_sync_output(&s->x, t);
            }
        }
    }
    return true;
}

static void xive_deactivate(SpaprIntc *intc)
{
    spapr_xive_kvm_disconnect((SpaprXive *)intc);
}

static bool xive_kvm_pull_op(SpaprIntc *intc, GError **errp)
{
    return spapr_xive_kvm_pull((SpaprXive *)intc, errp);
}

static bool xive_kvm_push_op(SpaprIntc *intc, GError **errp)
{
    return spapr_xive_kvm_push((SpaprXive *)intc, errp);
}

static bool xive_kvm_cpu_connect_op(SpaprIntc *intc, uint32_t cpu_index,
                                    GError **errp)
{
    return spapr_xive_kvm_cpu_connect((SpaprXive *)intc, cpu_index, errp);
}

static bool xive_kvm_claim_op(SpaprIntc *intc, uint32_t irqn, GError **errp)
{
    return spapr_xive_kvm_source_reset((SpaprXive *)intc, irqn, errp);
}

static void xive_destroy(SpaprIntc *intc)
{
    SpaprXive *s = (SpaprXive *)intc;

    spapr_xive_kvm_disconnect(s);
    spapr_intc_kvm_fini(&s->kvm);
    xive_fini(&s->x);
    g_free(s);
}

static const SpaprIntcOps xive_ops = {
    .name = "XIVE",
    .kind = SPAPR_INTC_XIVE,
    .claim = xive_claim,
    .free = xive_free,
    .cpu_create = xive_cpu_create,
    .cpu_destroy = xive_cpu_destroy,
    .save = spapr_xive_save,
    .load = spapr_xive_load,
    .destroy = xive_destroy,
    .set_irq = xive_set_irq,
    .hcall = xive_hcall,
    .mmio_read = xive_mmio_read,
    .mmio_write = xive_mmio_write,
    .dt = xive_dt,
    .print_info = xive_print_info,
    .reset = xive_reset,
    .activate = xive_activate,
    .deactivate = xive_deactivate,
    .kvm_pull = xive_kvm_pull_op,
    .kvm_push = xive_kvm_push_op,
    .kvm_cpu_connect = xive_kvm_cpu_connect_op,
    .kvm_claim = xive_kvm_claim_op,
};

/* The per-server IPIs are claimed here, as QEMU's spapr_irq_init() does:
 * LISN 0 .. nr_servers - 1, MSIs, before any device claim. */
SpaprIntc *spapr_xive_create(const SpaprIntcContext *ctx, GError **errp)
{
    SpaprXive *s = g_new0(SpaprXive, 1);

    s->parent.ops = &xive_ops;
    s->parent.ctx = ctx;
    spapr_intc_kvm_init(&s->kvm, ctx);
    xive_init(&s->x, &s->kvm.model_cb, ctx->plan->topo.max_cpus,
              ctx->plan->topo.nr_servers);
    for (uint32_t i = 0; i < s->x.nr_servers; i++) {
        xive_claim(&s->parent, i, false, NULL);
    }
    return &s->parent;
}
