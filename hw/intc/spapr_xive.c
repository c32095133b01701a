/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the sPAPR XIVE controller: the XIVE model (hw/intc/xive.c)
 * behind the controller ops table, with the ESB and TIMA MMIO dispatch, the
 * device tree and `info pic` (facts sections 6, 7; docs/specs/xive.md).
 * The hcalls: spapr_xive_hcall.c; saved state: spapr_xive_state.c; the
 * in-kernel backend: spapr_xive_kvm.c.
 */
#include <libfdt.h>

#include "hw/intc/spapr_xive.h"
#include "hw/core/fdt.h"
#include "hw/core/fail.h"

#define TIMA_PAGE_SIZE 0x10000ull
#define TIMA_OS_PAGE   (SPAPR_XIVE_TIMA_BASE + 2 * TIMA_PAGE_SIZE)
#define TIMA_USER_PAGE (SPAPR_XIVE_TIMA_BASE + 3 * TIMA_PAGE_SIZE)

/* ---- MMIO: the ESB pages and the TIMA ---- */

typedef enum XiveRegion { REGION_NONE, REGION_ESB, REGION_TIMA } XiveRegion;

/* The one decode of an access: the region of @addr and the offset in it
 * (an address below a base wraps to an offset beyond every region).  The
 * model's handlers take the offset as decoded here and check it no more. */
static XiveRegion mmio_decode(uint64_t addr, uint64_t *offset)
{
    if ((*offset = addr - SPAPR_XIVE_ESB_BASE) < XIVE_ESB_SIZE) {
        return REGION_ESB;
    }
    if ((*offset = addr - SPAPR_XIVE_TIMA_BASE) < XIVE_TM_SIZE) {
        return REGION_TIMA;
    }
    return REGION_NONE;
}

static bool size_ok(unsigned size)
{
    return size == 1 || size == 2 || size == 4 || size == 8;
}

/*
 * QEMU 7.2's ESB region (xive_source_esb_ops) is valid for 8-byte accesses
 * only, and not for unaligned ones: memory.c (memory_region_access_valid())
 * refuses any other size, and an 8-byte access at an address not aligned
 * to 8, before the device sees it, so a load reads 0 and a store is
 * dropped (no PQ change, no trace).  The ESB base is aligned: the offset's
 * alignment is the address's.
 */
static bool esb_access_ok(uint64_t offset, unsigned size)
{
    return size == 8 && !(offset & 7);
}

static bool xive_mmio_read(SpaprIntc *intc, uint32_t cpu_index, uint64_t addr,
                           unsigned size, uint64_t *valp)
{
    Xive *x = spapr_xive_model(intc);
    uint64_t offset;
    XiveTctx *t;

    *valp = UINT64_MAX;
    /* In the kernel, the regions are the VMM's memory slots. */
    if (spapr_xive_in_kernel(x)) {
        return false;
    }
    switch (mmio_decode(addr, &offset)) {
    case REGION_ESB:
        /* A size no CPU makes is refused as everywhere (all ones); 1, 2
         * and 4 bytes, and 8 unaligned, read 0 as QEMU's ESB region
         * answers them. */
        if (esb_access_ok(offset, size)) {
            if (!xive_esb_read(x, offset, valp)) {
                *valp = UINT64_MAX;
            }
        } else if (size_ok(size)) {
            *valp = 0;
        }
        return true;
    case REGION_TIMA:
        t = xive_tctx_by_cpu(x, cpu_index);
        if (size_ok(size) && t) {
            *valp = xive_tm_read(x, t, offset, size);
        }
        return true;
    default:
        return false;
    }
}

static bool xive_mmio_write(SpaprIntc *intc, uint32_t cpu_index, uint64_t addr,
                            unsigned size, uint64_t val)
{
    Xive *x = spapr_xive_model(intc);
    uint64_t offset;
    XiveTctx *t;

    if (spapr_xive_in_kernel(x)) {
        return false;
    }
    switch (mmio_decode(addr, &offset)) {
    case REGION_ESB:
        if (esb_access_ok(offset, size)) {
            xive_esb_write(x, offset, val);
        }
        return true;
    case REGION_TIMA:
        t = xive_tctx_by_cpu(x, cpu_index);
        if (size_ok(size) && t) {
            xive_tm_write(x, t, offset, val, size);
        }
        return true;
    default:
        return false;
    }
}

/* ---- the machine's fan-out calls ---- */

static void xive_free(SpaprIntc *intc, uint32_t irqn)
{
    Xive *x = spapr_xive_model(intc);

    xive_trace(x, SPAPR_TRACE_SPAPR_XIVE_FREE_IRQ, irqn, 0, 0, 0, 0, 0);
    xive_source_free(x, irqn);
}

/* In the kernel, the source is declared there too; if that fails, the
 * model's claim is undone (and traced as a free). */
static bool xive_claim(SpaprIntc *intc, uint32_t irqn, bool lsi, GError **errp)
{
    Xive *x = spapr_xive_model(intc);

    xive_trace(x, SPAPR_TRACE_SPAPR_XIVE_CLAIM_IRQ, irqn, lsi, 0, 0, 0, 0);
    xive_source_claim(x, irqn, lsi);
    if (spapr_xive_in_kernel(x) &&
        !spapr_xive_kvm_source_reset((SpaprXive *)intc, irqn, errp)) {
        xive_free(intc, irqn); /* traced, as QEMU frees */
        return false;
    }
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
    /* In the kernel, the vCPU is connected there and its thread context
     * pushed; if that fails, the thread context goes again. */
    if (spapr_xive_in_kernel(spapr_xive_model(intc)) &&
        !spapr_xive_kvm_cpu_connect((SpaprXive *)intc, cpu_index, errp)) {
        xive_cpu_destroy(intc, cpu_index);
        return false;
    }
    return true;
}

/* The machine layer has checked that @irqn is in range and claimed. */
/* set_irq after its trace line. */
static inline bool set_irq_body(SpaprIntc *intc, uint32_t irqn, int level,
                                GError **errp)
{
    Xive *x = spapr_xive_model(intc);

    if (spapr_xive_in_kernel(x)) {
        return spapr_xive_kvm_set_irq((SpaprXive *)intc, irqn, level, errp);
    }
    xive_source_set_irq(x, irqn, level);
    return true;
}

static __attribute__((noinline)) bool
set_irq_traced(SpaprIntc *intc, uint32_t irqn, int level, GError **errp)
{
    xive_trace(spapr_xive_model(intc), SPAPR_TRACE_SPAPR_XIVE_SET_IRQ, irqn,
               level, 0, 0, 0, 0);
    return set_irq_body(intc, irqn, level, errp);
}

/* Untraced, the usual case, without the trace call's stack frame. */
static bool xive_set_irq(SpaprIntc *intc, uint32_t irqn, int level,
                         GError **errp)
{
    if (spapr_xive_model(intc)->out.tracing) {
        return set_irq_traced(intc, irqn, level, errp);
    }
    return set_irq_body(intc, irqn, level, errp);
}

/* Machine reset: sources off, EASs masked, ENDs and thread contexts reset;
 * claims stay.  The model tracks what this controller writes; the kernel
 * writes into it untracked (queue positions, thread contexts read back),
 * so a reset while it runs sweeps every table. */
static bool xive_reset(SpaprIntc *intc, GError **errp)
{
    SpaprXive *s = (SpaprXive *)intc;

    s->x.sweep |= spapr_intc_kvm_running(&s->kvm);
    xive_model_reset(&s->x);
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
    uint64_t reg[4] = {cpu_to_fdt64(TIMA_USER_PAGE),
                       cpu_to_fdt64(TIMA_PAGE_SIZE), cpu_to_fdt64(TIMA_OS_PAGE),
                       cpu_to_fdt64(TIMA_PAGE_SIZE)};
    uint32_t eq_sizes[1] = {cpu_to_fdt32(16)};
    uint32_t lisns[2] = {cpu_to_fdt32(0), cpu_to_fdt32(intc->ctx->nr_servers)};
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
        end_idx % (XIVE_PRIORITY_MAX + 1),
        xive_end_enqueues(end) ? "enqueue" : "-",
        end->w[0] & END_W0_UCOND_NOTIFY ? " always-notify" : "",
        (guint64)xive_end_qaddr(end),
        xive_get_field32(END_W1_PAGE_OFF, end->w[1]),
        xive_end_enqueues(end) ? xive_end_qentries(end) : 0,
        xive_get_field32(END_W1_GENERATION, end->w[1]));
}

static void xive_print_info(SpaprIntc *intc, GString *out)
{
    SpaprXive *sx = (SpaprXive *)intc;

    if (spapr_intc_kvm_running(&sx->kvm)) {
        g_string_append_printf(out,
                               "XIVE backend: in-kernel (KVM XIVE device, fd "
                               "%d, ESB and TIMA pages mapped into the "
                               "guest%s); the state below was read back "
                               "from the kernel\n",
                               sx->kvm.fd,
                               sx->held ? ", sources held while stopped" : "");
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

/* ---- the switch, the backend and the lifetime ---- */

static bool xive_activate(SpaprIntc *intc, SpaprIntcImpl impl, GError **errp)
{
    SpaprXive *s = (SpaprXive *)intc;

    if (impl == SPAPR_INTC_IMPL_KVM) {
        s->x.sweep = true; /* the kernel writes into the model untracked */
        if (!spapr_xive_kvm_connect(s, errp)) {
            return false;
        }
        s->kvm.muted = true;
        return true;
    }
    if (s->kvm.muted) {
        /* Back from the kernel: the model drives the lines again. */
        s->kvm.muted = false;
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
    SpaprXive *s = (SpaprXive *)intc;

    /* What the kernel wrote since the last reset is untracked. */
    s->x.sweep |= spapr_intc_kvm_running(&s->kvm);
    spapr_xive_kvm_disconnect(s);
}

static bool xive_pre_save(SpaprIntc *intc, bool vcpus, GError **errp)
{
    SpaprXive *s = (SpaprXive *)intc;

    return !spapr_intc_kvm_running(&s->kvm) ||
           spapr_xive_kvm_pull(s, vcpus, errp);
}

static bool xive_vm_stop(SpaprIntc *intc, GError **errp)
{
    SpaprXive *s = (SpaprXive *)intc;

    return !spapr_intc_kvm_running(&s->kvm) || spapr_xive_kvm_hold(s, errp);
}

static void xive_vm_resume(SpaprIntc *intc)
{
    SpaprXive *s = (SpaprXive *)intc;

    if (spapr_intc_kvm_running(&s->kvm)) {
        spapr_xive_kvm_release(s);
    } else {
        xive_source_fire_triggered(&s->x);
    }
}

static bool xive_cpu_synchronize(SpaprIntc *intc, uint32_t cpu_index,
                                 GError **errp)
{
    SpaprXive *s = (SpaprXive *)intc;

    return !spapr_intc_kvm_running(&s->kvm) ||
           spapr_xive_kvm_pull_tctx(s, cpu_index, errp);
}

static bool xive_post_load(SpaprIntc *intc, GError **errp)
{
    SpaprXive *s = (SpaprXive *)intc;

    return !spapr_intc_kvm_running(&s->kvm) || spapr_xive_kvm_push(s, errp);
}

static int64_t xive_hcall_op(SpaprIntc *intc, uint32_t cpu_index,
                             const SpaprHcall *h, const uint64_t *args,
                             size_t nargs, uint64_t *rets)
{
    return spapr_xive_hcall(spapr_xive_model(intc), h, args, nargs, rets);
}

static void xive_destroy(SpaprIntc *intc)
{
    SpaprXive *s = (SpaprXive *)intc;

    spapr_xive_kvm_disconnect(s);
    spapr_intc_kvm_fini(&s->kvm);
    xive_fini(&s->x);
    g_free(s);
}

/* The per-server IPIs are claimed here, as QEMU's spapr_irq_init() does:
 * LISN 0 .. nr_servers - 1, MSIs, before any device claim. */
static SpaprIntc *xive_create(const SpaprIntcContext *ctx, GError **errp)
{
    SpaprXive *s = g_new0(SpaprXive, 1);

    s->parent.ops = &spapr_xive_ops;
    s->parent.ctx = ctx;
    spapr_intc_kvm_init(&s->kvm, ctx);
    /* The layer's callbacks themselves; the model reads the link's muted
     * flag itself. */
    xive_init(&s->x, ctx->cb, ctx->max_cpus, ctx->nr_servers);
    s->x.out.trace_on = ctx->trace_on;
    s->x.out.muted = &s->kvm.muted;
    s->x.tracked = true;
    for (uint32_t i = 0; i < s->x.nr_servers; i++) {
        xive_claim(&s->parent, i, false, NULL);
    }
    return &s->parent;
}

const SpaprIntcOps spapr_xive_ops = {
    .name = "XIVE",
    .kind = SPAPR_INTC_XIVE,
    .create = xive_create,
    .hcalls = spapr_xive_hcalls,
    .rtas_calls = NULL,
    .hcall_inactive = SPAPR_H_FUNCTION,
    .claim = xive_claim,
    .free = xive_free,
    .cpu_create = xive_cpu_create,
    .cpu_destroy = xive_cpu_destroy,
    .save = spapr_xive_save,
    .check = spapr_xive_check,
    .load = spapr_xive_load,
    .state_tables = spapr_xive_state_tables,
    .n_state_tables = G_N_ELEMENTS(spapr_xive_state_tables),
    .destroy = xive_destroy,
    .activate = xive_activate,
    .deactivate = xive_deactivate,
    .set_irq = xive_set_irq,
    .hcall = xive_hcall_op,
    .mmio_read = xive_mmio_read,
    .mmio_write = xive_mmio_write,
    .dt = xive_dt,
    .print_info = xive_print_info,
    .reset = xive_reset,
    .pre_save = xive_pre_save,
    .post_load = xive_post_load,
    .vm_stop = xive_vm_stop,
    .vm_resume = xive_vm_resume,
    .cpu_synchronize = xive_cpu_synchronize,
};
